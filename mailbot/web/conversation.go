package web

import (
	"errors"
	"net/http"
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
	if d.Outgoing, err = s.o.Store.OutgoingOf(c.ID); err != nil {
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
