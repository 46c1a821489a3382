package bot_test

import (
	"context"
	"strings"
	"testing"

	"mailbot/classify"
	"mailbot/state"
)

// A decision the model takes below its automatic threshold sorts the mail
// but does not answer alone: its reply waits for an agent's approval, and
// the decision says why. At or above the threshold the reply goes.
func TestUnsureDecisionIsHeldForApproval(t *testing.T) {
	missing := raw("Centre Trois <c3@centre.test>", "Plis", "<plis@centre.test>",
		"Bonjour,\r\nNous n'avons toujours pas reçu les plis pour la session de maçon du 15 mars. Pouvez-vous vérifier ?")
	tests := []struct {
		name       string
		auto       float64
		wantStatus string
	}{
		{"above the automatic threshold", 0.5, state.OutPending},
		{"below it", 1, state.OutHeld},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, st := newBotWith(t, classify.Options{Threshold: 0.5, AutoThreshold: tc.auto}, 0)
			if err := b.Process(context.Background(), "btp", strings.NewReader(missing)); err != nil {
				t.Fatal(err)
			}
			out, err := st.Outbox()
			if err != nil || len(out) != 1 {
				t.Fatalf("outbox: %d mails (%v), want the reply", len(out), err)
			}
			if out[0].Status != tc.wantStatus {
				t.Errorf("reply status %s, want %s", out[0].Status, tc.wantStatus)
			}
			convs, _ := st.Conversations()
			var reasons []string
			for _, e := range convs[0].Entries {
				reasons = append(reasons, e.Reasons...)
			}
			said := strings.Contains(strings.Join(reasons, "\n"), "à valider par un agent")
			if said != (tc.wantStatus == state.OutHeld) {
				t.Errorf("reasons %q: want the hold explained exactly when the reply is held", reasons)
			}
		})
	}
}
