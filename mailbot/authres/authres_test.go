package authres

import "testing"

func TestFailure(t *testing.T) {
	const mx = "mx.afpa.fr"
	tests := []struct {
		name   string
		fields []string
		want   bool
	}{
		{"no field", nil, false},
		{"all pass", []string{"mx.afpa.fr; dkim=pass header.d=afpa.fr; spf=pass smtp.mailfrom=afpa.fr; dmarc=pass header.from=afpa.fr"}, false},
		{"dmarc fail", []string{"mx.afpa.fr; spf=none smtp.mailfrom=evil.test; dmarc=fail (p=reject) header.from=afpa.fr"}, true},
		{"dkim fail for the domain", []string{"mx.afpa.fr; dkim=fail reason=\"bad signature\" header.d=afpa.fr"}, true},
		{"spf fail by envelope address", []string{"mx.afpa.fr; spf=fail smtp.mailfrom=ingenierie-btp@afpa.fr"}, true},
		{"fail without an identity counts", []string{"mx.afpa.fr 1; dmarc=fail"}, true},
		{"dkim fail of another domain (a list's signature)", []string{"mx.afpa.fr; dkim=fail header.d=lists.example; dmarc=pass header.from=afpa.fr"}, false},
		{"softfail is not fail", []string{"mx.afpa.fr; spf=softfail smtp.mailfrom=afpa.fr"}, false},
		{"subdomain", []string{"mx.afpa.fr; dkim=fail header.i=@mail.afpa.fr"}, true},
		{"case and method version", []string{"MX.AFPA.FR; DKIM/1=FAIL header.d=AFPA.FR"}, true},
		{"comment with a semicolon", []string{"mx.afpa.fr (dovecot; v2); dmarc=fail header.from=afpa.fr"}, true},
		{"another server's field does not count", []string{"mx.evil.test; dmarc=fail header.from=afpa.fr"}, false},
		// The sender wrote a field under our server's name: ours is above it.
		{"only the topmost trusted field counts (pass above)", []string{"mx.afpa.fr; dmarc=pass header.from=afpa.fr", "mx.afpa.fr; dmarc=fail header.from=afpa.fr"}, false},
		{"only the topmost trusted field counts (fail above)", []string{"mx.afpa.fr; dmarc=fail header.from=afpa.fr", "mx.afpa.fr; dmarc=pass header.from=afpa.fr"}, true},
		{"other servers above are skipped", []string{"relay.example; none", "mx.afpa.fr; spf=fail smtp.mailfrom=afpa.fr"}, true},
		{"none", []string{"mx.afpa.fr; none"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Failure(tc.fields, mx, "afpa.fr")
			if (got != "") != tc.want {
				t.Errorf("got %q, want failure %v", got, tc.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	// Seeds from RFC 8601 appendix B.
	for _, s := range []string{
		"example.org 1; none",
		"example.com; spf=pass smtp.mailfrom=example.net",
		"example.com; auth=pass (cram-md5) smtp.auth=sender@example.net; spf=pass smtp.mailfrom=example.net",
		`example.com; dkim=pass reason="good signature" header.i=@mail-router.example.net; dkim=fail reason="bad signature" header.i=@newyork.example.com`,
		"(((", `a; b="`, "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		_, results := Parse(v)
		for _, r := range results {
			if r.Method == "" {
				t.Fatalf("result without a method from %q", v)
			}
		}
		Failure([]string{v}, "example.com", "example.net")
	})
}
