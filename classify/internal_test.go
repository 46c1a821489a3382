package classify

import (
	"fmt"
	"math"
	"testing"
)

func TestConfidence(t *testing.T) {
	tests := []struct {
		best, second, want float64
	}{
		{0, 0, 0},
		{1, 0, 1 - math.Exp(-1.5)},
		{1, 1, (1 - math.Exp(-1.5)) * 0.5},
		{2, 0.5, (1 - math.Exp(-3)) * 0.875},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.best, tt.second), func(t *testing.T) {
			if got := confidence(tt.best, tt.second); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("confidence(%v, %v) = %v, want %v", tt.best, tt.second, got, tt.want)
			}
		})
	}
	if confidence(1, 0) < DefaultThreshold || confidence(0.5, 0) >= DefaultThreshold {
		t.Errorf("one decisive cue must pass the threshold and one supporting word must not")
	}
}

func TestRequestSentences(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"merci pour votre retour.", ""},
		{"la liste du materiel est longue. quand sera-t-elle envoyee par vos services ?", " quand sera-t-elle envoyee par vos services ?\n"},
		{"le lien n'est pas encore actif. est-ce normal ?", "le lien n'est pas encore actif.\n est-ce normal ?\n"},
		{"pouvez vous verifier l'envoi", "pouvez vous verifier l'envoi\n"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := requestSentences(tt.in); got != tt.want {
				t.Errorf("requestSentences(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
