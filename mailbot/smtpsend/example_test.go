package smtpsend_test

import (
	"context"
	"fmt"
	"time"

	"mailbot/mailbot/smtpsend"
	"mailbot/mailbot/smtpsink"
)

// A reply is built once, its bytes kept (for the Sent folder and for a
// retry), then submitted unchanged.
func ExampleSender_Send() {
	sink, err := smtpsink.Start(smtpsink.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer sink.Close()

	m := smtpsend.Mail{
		From:      smtpsend.Address{Name: "Épreuves BTP", Address: "epreuves-btp@example.org"},
		To:        []string{"centre@example.org"},
		Subject:   "Re: Enveloppes de la session du 14 mars",
		Text:      "Bonjour,\nLes enveloppes partent à J-10.\n",
		MessageID: "<r1@mailbot.example.org>",
		InReplyTo: "<q1@centre.example.org>",
	}
	raw, err := smtpsend.Build(m, time.Date(2027, 3, 2, 8, 30, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	sender, err := smtpsend.New(smtpsend.Config{Address: sink.Addr(), TLS: smtpsend.TLSNone})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := sender.Send(context.Background(), m.Envelope(), raw); err != nil {
		fmt.Println(err, smtpsend.IsTemporary(err))
		return
	}
	got := sink.Messages()[0]
	fmt.Println(got.Subject())
	fmt.Println(got.Header.Get("Auto-Submitted"), string(got.Raw) == string(raw))
	// Output:
	// Re: Enveloppes de la session du 14 mars
	// auto-replied true
}
