package imapwatch

import (
	"fmt"
	"testing"
	"time"
)

func TestBackoffDelay(t *testing.T) {
	b := backoff{min: time.Second, max: 2 * time.Minute}
	tests := []struct {
		attempt int
		ceil    time.Duration
	}{
		{0, time.Second},
		{1, 2 * time.Second},
		{5, 32 * time.Second},
		{7, 2 * time.Minute}, // 128 s, capped
		{100, 2 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("attempt %d", tt.attempt), func(t *testing.T) {
			var top time.Duration
			for range 2000 {
				d := b.delay(tt.attempt)
				if d < 0 || d >= tt.ceil {
					t.Fatalf("delay(%d): got %v, want in [0, %v)", tt.attempt, d, tt.ceil)
				}
				top = max(top, d)
			}
			// Full jitter spreads waits over the whole range.
			if top < tt.ceil/2 {
				t.Errorf("largest of 2000 delays: got %v, want >= %v", top, tt.ceil/2)
			}
		})
	}
}
