package clean

import "testing"

func TestCut(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"court", 10, "court"},
		{"abcdef", 3, "abc"},
		{"éé", 3, "é"}, // never half a rune
		{"é", 1, ""},
		{"", 0, ""},
	}
	for _, tc := range tests {
		if got := Cut(tc.s, tc.n); got != tc.want {
			t.Errorf("Cut(%q, %d): got %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}
