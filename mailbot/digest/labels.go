package digest

import (
	"fmt"
	"strings"
	"time"

	"mailbot/classify"
	"mailbot/mailbot/calendar"
	"mailbot/state"
)

// The French words agents read, shared with the dashboard.

var statusLabels = map[string]string{
	state.StatusOpen:            "Géré par le bot",
	state.StatusNeedsHuman:      "À traiter",
	state.StatusWaitingEngineer: "Attente ingénieur",
	state.StatusClosed:          "Clos",
}

var priorityLabels = map[string]string{
	state.PriorityUrgent: "Urgent",
	state.PriorityHigh:   "Haute",
	state.PriorityNormal: "Normale",
}

var outLabels = map[string]string{
	state.OutPending:   "Programmé",
	state.OutHeld:      "En attente de validation",
	state.OutShadow:    "Observation (non envoyé)",
	state.OutSent:      "Envoyé",
	state.OutFailed:    "Échec d'envoi",
	state.OutDiscarded: "Abandonné",
}

var kindLabels = map[string]string{
	"reply": "Réponse", "ack": "Accusé de réception", "forward": "Transfert aux ingénieurs",
	"relay": "Réponse de l'ingénieur transmise", "reminder": "Relance des ingénieurs", "digest": "Résumé quotidien",
}

var actionLabels = map[string]string{
	"reply": "Répondre", "forward": "Transférer aux ingénieurs", "escalate": "Confier à un agent",
	"relay": "Transmettre la réponse", "ignore": "Ne pas répondre",
}

var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	"août", "septembre", "octobre", "novembre", "décembre"}

var frenchWeekdays = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

func lookup(m map[string]string, k string) string {
	if v, ok := m[k]; ok {
		return v
	}
	return k
}

// CategoryLabel names a category in French ("Plis non reçus").
func CategoryLabel(c string) string { return classify.Category(c).Label() }

// StatusLabel names a conversation status in French.
func StatusLabel(s string) string { return lookup(statusLabels, s) }

// PriorityLabel names a priority in French.
func PriorityLabel(p string) string { return lookup(priorityLabels, p) }

// OutStatusLabel names an outgoing mail's status in French.
func OutStatusLabel(s string) string { return lookup(outLabels, s) }

// KindLabel names a kind of outgoing mail in French.
func KindLabel(k string) string { return lookup(kindLabels, k) }

// ActionLabel names a decision's action in French.
func ActionLabel(a string) string { return lookup(actionLabels, a) }

// SectorLabel names a sector as agents write it (BTP, Industrie, …).
func SectorLabel(s string) string {
	switch s {
	case "btp", "ccp":
		return strings.ToUpper(s)
	case "":
		return "tous secteurs"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// LongDate is "lundi 1 mars 2027" (Paris time).
func LongDate(t time.Time) string {
	t = t.In(calendar.Paris)
	return fmt.Sprintf("%s %d %s %d", frenchWeekdays[t.Weekday()], t.Day(), frenchMonths[t.Month()-1], t.Year())
}

// ShortDateTime is "01/03/2027 09:05" (Paris time); "" for the zero time.
func ShortDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.Paris).Format("02/01/2006 15:04")
}
