package mbox

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// write is an mboxrd writer (RFC 4155), for the tests: it quotes every
// line that matches ">*From " and ends each message with an empty line.
func write(msgs [][]byte) []byte {
	var b bytes.Buffer
	for _, m := range msgs {
		b.WriteString("From centre@example.fr Mon Mar  1 09:00:00 2027\n")
		for _, line := range bytes.SplitAfter(m, []byte("\n")) {
			if bytes.HasPrefix(bytes.TrimLeft(line, ">"), fromPrefix) {
				b.WriteByte('>')
			}
			b.Write(line)
		}
		b.WriteString("\n")
	}
	return b.Bytes()
}

func readAll(t testing.TB, data []byte) []*Message {
	t.Helper()
	r := NewReader(bytes.NewReader(data))
	var out []*Message
	for {
		m, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		out = append(out, m)
	}
}

func TestReader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"one", "From a@b Mon Mar  1 09:00:00 2027\nSubject: un\n\nBonjour\n\n", []string{"Subject: un\n\nBonjour\n"}},
		{"two", "From a@b x\nSubject: un\n\ncorps\n\nFrom c@d y\nSubject: deux\n\nautre\n",
			[]string{"Subject: un\n\ncorps\n", "Subject: deux\n\nautre\n"}},
		{"quoted From lines are unquoted once", "From a@b x\nSubject: q\n\n>From Paris, avec nos salutations\n>>From here\n>Fromage\n\n",
			[]string{"Subject: q\n\nFrom Paris, avec nos salutations\n>From here\n>Fromage\n"}},
		{"From inside a paragraph does not split", "From a@b x\nSubject: q\n\nligne\nFrom nous\n\n",
			[]string{"Subject: q\n\nligne\nFrom nous\n"}},
		{"blank lines inside stay", "From a@b x\nSubject: q\n\nun\n\n\ndeux\n\nFrom c@d y\nS: 2\n\n",
			[]string{"Subject: q\n\nun\n\n\ndeux\n", "S: 2\n"}},
		{"CRLF", "From a@b x\r\nSubject: q\r\n\r\ncorps\r\n\r\nFrom c@d y\r\nS: 2\r\n\r\n",
			[]string{"Subject: q\r\n\r\ncorps\r\n", "S: 2\r\n"}},
		{"no final newline", "From a@b x\nSubject: q\n\ncorps", []string{"Subject: q\n\ncorps"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs := readAll(t, []byte(tt.in))
			var got []string
			for _, m := range msgs {
				got = append(got, string(m.Raw))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNotMbox(t *testing.T) {
	_, err := NewReader(strings.NewReader("Subject: un .eml\n\ncorps\n")).Next()
	if !errors.Is(err, ErrNotMbox) {
		t.Errorf("got %v, want ErrNotMbox", err)
	}
}

func TestOffsetRestartsAtMessage(t *testing.T) {
	data := write([][]byte{[]byte("Subject: 1\n\na\n"), []byte("Subject: 2\n\nFrom b\n"), []byte("Subject: 3\n\nc\n")})
	for _, m := range readAll(t, data) {
		again, err := NewReader(bytes.NewReader(data[m.Offset:])).Next()
		if err != nil || !bytes.Equal(again.Raw, m.Raw) {
			t.Errorf("at offset %d: got %q (%v), want %q", m.Offset, again.Raw, err, m.Raw)
		}
	}
}

func TestMaxSize(t *testing.T) {
	data := write([][]byte{[]byte("Subject: big\n\n" + strings.Repeat("x", 100) + "\n"), []byte("Subject: small\n\n")})
	r := NewReader(bytes.NewReader(data))
	r.MaxSize = 50
	big, err := r.Next()
	if err != nil || !big.TooLarge || big.Raw != nil || big.Size < 100 {
		t.Fatalf("got %+v, %v; want the first message too large, unkept, its size counted", big, err)
	}
	small, err := r.Next()
	if err != nil || small.TooLarge || string(small.Raw) != "Subject: small\n\n" {
		t.Errorf("got %+v, %v; want the next message read whole", small, err)
	}
}

// FuzzReader checks that any input is read without a panic, that the
// messages tile the file, that each offset restarts at its message, and
// that what the mboxrd writer wrote reads back unchanged.
func FuzzReader(f *testing.F) {
	f.Add([]byte("From a@b x\nSubject: un\n\ncorps\n\nFrom c@d y\n\n>From x\n"), false)
	f.Add([]byte("Subject: q\n\nFrom nous\n\n>>From\n\r\n"), true)
	f.Add([]byte("From \r\n\r\nFrom \n"), false)
	f.Fuzz(func(t *testing.T, data []byte, asMessage bool) {
		if asMessage {
			msg := data
			if !bytes.HasSuffix(msg, []byte("\n")) {
				msg = append(append([]byte(nil), msg...), '\n') // the writer ends each message with a line
			}
			got := readAll(t, write([][]byte{msg, msg}))
			if len(got) != 2 || !bytes.Equal(got[0].Raw, msg) || !bytes.Equal(got[1].Raw, msg) {
				t.Fatalf("round trip of %q: got %d messages", msg, len(got))
			}
			return
		}
		r := NewReader(bytes.NewReader(data))
		var end int64
		for {
			m, err := r.Next()
			if err != nil {
				if err != io.EOF && !errors.Is(err, ErrNotMbox) {
					t.Fatalf("Next: %v", err)
				}
				break
			}
			if m.Offset != end {
				t.Fatalf("message at %d, previous ended at %d", m.Offset, end)
			}
			end = m.Offset + m.Size
			again, err := NewReader(bytes.NewReader(data[m.Offset:])).Next()
			if err != nil || !bytes.Equal(again.Raw, m.Raw) {
				t.Fatalf("at offset %d: read again: %v", m.Offset, err)
			}
		}
		if end != 0 && end != int64(len(data)) {
			t.Fatalf("messages cover %d of %d bytes", end, len(data))
		}
	})
}
