package web

import (
	"errors"
	"net/http"
	"slices"
	"time"

	"mailbot/classify"
	"mailbot/state"
)

type conversationPage struct {
	C          *state.Conversation
	Outgoing   []state.Outgoing
	Tasks      []state.Task
	Now        time.Time
	Sectors    []string
	Categories []classify.Category
}

func (s *Server) conversation(w http.ResponseWriter, r *http.Request, sess *session) {
	c, err := s.o.Store.Conversation(r.PathValue("id"))
	if errors.Is(err, state.ErrNotFound) {
		s.notFound(w, r, sess)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := conversationPage{C: c, Now: s.o.Clock(), Sectors: s.o.Sectors, Categories: classify.Categories}
	if d.Outgoing, err = s.outgoingOf(c.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	tasks, err := s.o.Store.Tasks()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, t := range tasks {
		if t.ConversationID == c.ID {
			d.Tasks = append(d.Tasks, t)
		}
	}
	s.render(w, r, sess, http.StatusOK, "conversation", view{Title: c.ID, Nav: "tri", Data: d})
}

// outgoingOf is the conversation's mail out, oldest first.
func (s *Server) outgoingOf(convID string) ([]state.Outgoing, error) {
	all, err := s.o.Store.Outbox()
	if err != nil {
		return nil, err
	}
	var out []state.Outgoing
	for _, o := range all {
		if o.ConversationID == convID {
			out = append(out, o)
		}
	}
	slices.Reverse(out) // Outbox is newest first
	return out, nil
}
