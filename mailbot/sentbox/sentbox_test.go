package sentbox

import (
	"context"
	"testing"

	"mailbot/mailbot/imapwatch"
	"mailbot/mailbot/memimap"
)

func TestAppendThenHas(t *testing.T) {
	srv, err := memimap.Start(memimap.Options{Users: []memimap.User{{Username: "box", Password: "pw"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	conn := imapwatch.Options{Name: "btp", Address: srv.Addr(), TLS: imapwatch.TLSNone, Username: "box",
		Password: func(context.Context) (string, error) { return "pw", nil }}
	ctx := context.Background()
	for _, folder := range []string{"Sent", "Envoyés"} { // the second does not exist yet
		t.Run(folder, func(t *testing.T) {
			b := New(conn, folder)
			if found, err := b.Has(ctx, "<a@afpa.fr>"); err != nil || found {
				t.Fatalf("Has before Append: got %v %v, want false", found, err)
			}
			raw := "From: epreuves-btp@afpa.fr\r\nTo: c@x.test\r\nSubject: Re: x\r\nMessage-ID: <a@afpa.fr>\r\n\r\nBonjour\r\n"
			if err := b.Append(ctx, []byte(raw)); err != nil {
				t.Fatalf("Append: %v", err)
			}
			if found, err := b.Has(ctx, "<a@afpa.fr>"); err != nil || !found {
				t.Errorf("Has after Append: got %v %v, want true", found, err)
			}
			if found, _ := b.Has(ctx, "<other@afpa.fr>"); found {
				t.Error("Has found a Message-ID that was never stored")
			}
		})
	}
}

func TestUnreachableServerIsAnError(t *testing.T) {
	b := New(imapwatch.Options{Name: "btp", Address: "127.0.0.1:1", TLS: imapwatch.TLSNone, Username: "u",
		Password: func(context.Context) (string, error) { return "p", nil }}, "Sent")
	if _, err := b.Has(context.Background(), "<a@b>"); err == nil {
		t.Fatal("got no error from a closed port")
	}
}
