package llm

import "testing"

func TestRedact(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"email", "écrire à jean.dupont@centre-formation.fr svp", "écrire à [courriel] svp"},
		{"email in brackets", "De : <a.b+gev@afpa.fr>", "De : <[courriel]>"},
		{"email with accents", "élodie.marché@organisme.fr", "[courriel]"},
		{"email with digits before a phone", "0612345678@sms.example.fr", "[courriel]"},
		{"landline spaces", "Tél : 01 46 29 25 54.", "Tél : [téléphone]."},
		{"mobile dots", "portable 06.12.34.56.78", "portable [téléphone]"},
		{"mobile dashes", "06-12-34-56-78", "[téléphone]"},
		{"no separator", "tel:0612345678", "tel:[téléphone]"},
		{"no-break spaces", "06\u00a012\u00a034\u00a056\u00a078", "[téléphone]"},
		{"narrow no-break spaces", "01\u202f46\u202f29\u202f25\u202f54", "[téléphone]"},
		{"+33", "+33 1 46 29 25 54", "[téléphone]"},
		{"+33 (0)", "+33 (0)6 12 34 56 78", "[téléphone]"},
		{"+33 compact", "(+33146292554)", "([téléphone])"},
		{"0033", "0033 1 46 29 25 54", "[téléphone]"},
		{"foreign", "UK office +44 20 7946 0958 today", "UK office [téléphone] today"},
		{"two numbers", "01 46 29 25 54 / 06 12 34 56 78", "[téléphone] / [téléphone]"},
		{"both kinds", "m.martin@cfa.fr, 0146292554", "[courriel], [téléphone]"},
		{"date", "session du 14/03/2027 à 08:30", "session du 14/03/2027 à 08:30"},
		{"date then time", "le 01.02.2027 10:30", "le 01.02.2027 10:30"},
		{"iso date", "2027-03-14", "2027-03-14"},
		{"siret spaced", "SIRET 362 521 879 00034", "SIRET 362 521 879 00034"},
		{"siret compact", "SIRET 36252187900034", "SIRET 36252187900034"},
		{"inside longer number", "dossier 301462925541", "dossier 301462925541"},
		{"glued to letters", "réf A0612345678", "réf A0612345678"},
		{"postcode and amount", "75013 Paris, 1 250,00 €", "75013 Paris, 1 250,00 €"},
		{"plus count", "+ 3 plis, +12 candidats", "+ 3 plis, +12 candidats"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Redact(tt.in); got != tt.want {
				t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzRedact(f *testing.F) {
	for _, s := range []string{"a@b.fr 01 46 29 25 54", "+33 (0)6 12 34 56 78", "06.12.34.56.78 x@y.z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Redact(s)
		if again := Redact(got); again != got {
			t.Errorf("Redact is not idempotent on %q: got %q, want %q", s, again, got)
		}
		if m := emailRE.FindString(got); m != "" {
			t.Errorf("Redact(%q) = %q, still holds address %q", s, got, m)
		}
	})
}
