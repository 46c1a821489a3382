package state

import (
	"encoding/json"
	"strings"
	"testing"
)

// Records round-trip whether stored packed or plain, and records written
// before packing (plain JSON of any size) still read.
func TestRecordsRoundTrip(t *testing.T) {
	long := strings.Repeat("Le dossier technique d'évaluation est complet. ", 60)
	for _, tc := range []struct {
		name   string
		conv   Conversation
		packed bool
	}{
		{"small stays plain", Conversation{ID: "GEV-AAAAAAAA", Subject: "Annulation"}, false},
		{"large is packed", Conversation{ID: "GEV-BBBBBBBB", Subject: long}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, err := encode(&tc.conv)
			if err != nil {
				t.Fatal(err)
			}
			if got := data[0] == packedMark; got != tc.packed {
				t.Fatalf("packed = %v, want %v (%d bytes)", got, tc.packed, len(data))
			}
			plain, _ := json.Marshal(&tc.conv)
			if tc.packed && len(data) >= len(plain)/2 {
				t.Errorf("packed to %d bytes from %d: want under half", len(data), len(plain))
			}
			for _, stored := range [][]byte{data, plain} {
				var back Conversation
				if err := decode(stored, &back); err != nil {
					t.Fatal(err)
				}
				if back.ID != tc.conv.ID || back.Subject != tc.conv.Subject {
					t.Errorf("read back %q %q, want %q %q", back.ID, back.Subject, tc.conv.ID, tc.conv.Subject)
				}
			}
		})
	}
}

// A damaged packed record is an error, not a panic or an empty record.
func TestDamagedPackedRecord(t *testing.T) {
	data, err := encode(&Conversation{ID: "GEV-CCCCCCCC", Subject: strings.Repeat("x y z ", 200)})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{data[:len(data)/2], {packedMark}, {packedMark, 0xff, 0xff}} {
		var c Conversation
		if err := decode(bad, &c); err == nil {
			t.Errorf("decode of %d damaged bytes: no error", len(bad))
		}
	}
}

func FuzzDecode(f *testing.F) {
	data, _ := encode(&Conversation{ID: "GEV-DDDDDDDD", Subject: strings.Repeat("relance ", 100)})
	f.Add(data)
	f.Add([]byte(`{"id":"GEV-EEEEEEEE"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var c Conversation
		_ = decode(b, &c)
	})
}
