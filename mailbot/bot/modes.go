package bot

import "mailbot/state"

// The sending modes of a category (how a new site starts: shadow for a
// week, then approve, then auto).
const (
	ModeAuto    = "auto"    // send
	ModeApprove = "approve" // hold until an agent approves in the dashboard
	ModeShadow  = "shadow"  // decide and record, send nothing
)

// Modes maps a category to its mode; Default applies to the others.
type Modes struct {
	Default    string
	ByCategory map[string]string
}

// Status is the outbox status new mail about category starts in.
func (m Modes) Status(category string) string {
	mode := m.ByCategory[category]
	if mode == "" {
		mode = m.Default
	}
	switch mode {
	case ModeApprove:
		return state.OutHeld
	case ModeShadow:
		return state.OutShadow
	}
	return state.OutPending
}
