package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Each action redirects to the conversation page with a message saying
// what happened (Post/Redirect/Get, so a reload does not repeat it).

func (s *Server) done(w http.ResponseWriter, r *http.Request, sess *session, ok string, err error) {
	id := r.PathValue("id")
	msg := ok
	if err != nil {
		msg = "Action impossible : " + err.Error()
		s.log.Warn("dashboard: action refused", "user", sess.user, "path", r.URL.Path, "err", err)
	} else {
		s.log.Info("dashboard: action", "user", sess.user, "path", r.URL.Path)
	}
	s.sessions.setFlash(sess, msg)
	http.Redirect(w, r, "/conversation/"+id, http.StatusSeeOther)
}

func (s *Server) reclassify(w http.ResponseWriter, r *http.Request, sess *session) {
	cat := r.PostFormValue("categorie")
	err := s.o.Bot.Reclassify(r.Context(), r.PathValue("id"), cat, sess.user)
	s.done(w, r, sess, "Conversation reclassée : le traitement a été rejoué pour la nouvelle catégorie.", err)
}

func (s *Server) reassign(w http.ResponseWriter, r *http.Request, sess *session) {
	sector := r.PostFormValue("secteur")
	if !slices.Contains(s.o.Sectors, sector) {
		s.done(w, r, sess, "", fmt.Errorf("secteur inconnu %q", sector))
		return
	}
	err := s.o.Bot.Reassign(r.PathValue("id"), sector, sess.user)
	s.done(w, r, sess, "Conversation réaffectée au secteur "+sector+".", err)
}

func (s *Server) markDone(w http.ResponseWriter, r *http.Request, sess *session) {
	err := s.o.Bot.MarkDone(r.PathValue("id"), sess.user)
	s.done(w, r, sess, "Conversation close, ses tâches sont faites.", err)
}

func (s *Server) addNote(w http.ResponseWriter, r *http.Request, sess *session) {
	err := s.o.Bot.AddNote(r.PathValue("id"), sess.user, r.PostFormValue("texte"))
	s.done(w, r, sess, "Note ajoutée.", err)
}

// relayAsIs relays an unverified engineer answer once the agent ticked
// that they checked it with the engineer.
func (s *Server) relayAsIs(w http.ResponseWriter, r *http.Request, sess *session) {
	entry, err := strconv.Atoi(r.PostFormValue("entree"))
	switch {
	case err != nil:
		err = fmt.Errorf("réponse inconnue")
	case r.PostFormValue("verifie") != "1":
		err = fmt.Errorf("cochez d'abord la case : la réponse a été vérifiée auprès de l'ingénieur")
	default:
		err = s.o.Bot.RelayAsIs(r.PathValue("id"), entry, sess.user)
	}
	s.done(w, r, sess, "Réponse relayée telle quelle au centre ; la conversation est close.", err)
}

// outgoing approves, edits and sends, or discards one mail of the
// conversation named in the path (a mail of another is refused).
func (s *Server) outgoing(w http.ResponseWriter, r *http.Request, sess *session) {
	id, outID := r.PathValue("id"), r.PathValue("out")
	o, ok, err := s.o.Store.Outgoing(outID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok || o.ConversationID != id {
		s.done(w, r, sess, "", fmt.Errorf("le message %s n'appartient pas à cette conversation", outID))
		return
	}
	switch r.PathValue("verb") {
	case "valider":
		s.done(w, r, sess, "Message validé : il part maintenant.", s.o.Bot.Approve(outID, sess.user))
	case "modifier":
		text := strings.ReplaceAll(r.PostFormValue("texte"), "\r\n", "\n")
		s.done(w, r, sess, "Message modifié et validé : il part maintenant.", s.o.Bot.EditAndSend(outID, sess.user, text))
	case "abandonner":
		s.done(w, r, sess, "Message abandonné : il ne partira pas.", s.o.Bot.Discard(outID, sess.user))
	default:
		s.notFound(w, r, sess)
	}
}
