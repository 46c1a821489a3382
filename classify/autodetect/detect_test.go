package autodetect

import (
	"net/textproto"
	"testing"

	"mailbot/mailbot/mailmsg"
)

// msg builds a message from header pairs; "Subject" also fills Subject.
func msg(from string, kv ...string) *mailmsg.Message {
	m := &mailmsg.Message{Header: textproto.MIMEHeader{}, From: mailmsg.Address{Address: from}, MediaType: "text/plain"}
	for i := 0; i+1 < len(kv); i += 2 {
		m.Header.Add(kv[i], kv[i+1])
		if kv[i] == "Subject" {
			m.Subject = kv[i+1]
		}
	}
	return m
}

func TestDetect(t *testing.T) {
	report := msg("mailer-daemon@mx.example.fr", "Subject", "Undelivered Mail Returned to Sender", "Auto-Submitted", "auto-replied")
	report.MediaType, report.ReportType = "multipart/report", "delivery-status"
	nested := msg("x@example.fr", "Subject", "Rapport")
	nested.PartTypes = []string{"multipart/mixed", "text/plain", "message/delivery-status"}
	arf := msg("abuse@isp.example", "Subject", "Abuse report")
	arf.MediaType, arf.ReportType = "multipart/report", "feedback-report"
	absence := msg("c@centre.fr", "Subject", "Absence – retour le 3 mai")
	absence.Text = "Bonjour, je suis absente jusqu'au 3 mai. Je serai de retour le lundi 3 mai."
	absentCandidate := msg("c@centre.fr", "Subject", "Absence d'un candidat - session du 12/05")
	absentCandidate.Text = "Un candidat sera absent à la session, faut-il prévenir le jury ?"

	nullWithOriginal := msg("no-reply@mx.example.jp", "Subject", "Mail")
	nullWithOriginal.HasReturnPath = true
	nullWithOriginal.PartTypes = []string{"multipart/mixed", "text/plain", "message/rfc822"}
	nullPlain := msg("c@centre.fr", "Subject", "Votre message")
	nullPlain.HasReturnPath = true

	mdn := msg("lecteur@centre.fr", "Subject", "Lu : Plis non reçus")
	mdn.MediaType, mdn.ReportType = "multipart/report", "disposition-notification"
	nestedMDN := msg("lecteur@centre.fr", "Subject", "Accusé de lecture")
	nestedMDN.PartTypes = []string{"multipart/mixed", "text/plain", "message/disposition-notification"}

	tests := []struct {
		name string
		m    *mailmsg.Message
		want Kind
	}{
		{"null return path with the original attached", nullWithOriginal, Bounce},
		{"SpamAssassin flag", msg("promo@vente.example", "X-Spam-Flag", "YES", "Subject", "Offre"), Bulk},
		{"SpamAssassin status", msg("promo@vente.example", "X-Spam-Status", "Yes, score=8.1 required=5.0 tests=URIBL_BLACK", "Subject", "Offre"), Bulk},
		{"SpamAssassin status no", msg("c@centre.fr", "X-Spam-Status", "No, score=-1.0 required=5.0", "X-Spam-Flag", "NO", "Subject", "Plis"), None},
		{"Rspamd verdict", msg("promo@vente.example", "X-Spam", "Yes"), Bulk},
		{"Exchange SCL 5", msg("promo@vente.example", "X-MS-Exchange-Organization-SCL", "5"), Bulk},
		{"Exchange SCL 9", msg("promo@vente.example", "X-MS-Exchange-Organization-SCL", " 9 "), Bulk},
		{"Exchange SCL 1", msg("c@centre.fr", "X-MS-Exchange-Organization-SCL", "1"), None},
		{"Exchange SCL -1 (trusted)", msg("c@centre.fr", "X-MS-Exchange-Organization-SCL", "-1"), None},
		{"list server loop alert (fml style)", msg("liste-admin@listes.example", "X-MLServer", "fml [fml 4.0]", "X-ML-Name", "formateurs", "Subject", "not member"), Bulk},
		{"list server sequence field", msg("liste@listes.example", "X-Sequence", "1234"), Bulk},
		{"read receipt (RFC 8098)", mdn, AutoReply},
		{"nested read receipt", nestedMDN, AutoReply},
		{"SMS gateway post_master", msg("post_master@sms.operateur.example", "Subject", "Re:Rappel session"), Bounce},
		{"dotted mailer daemon", msg("Mailer.Daemon@mx.example", "Subject", "Information"), Bounce},
		{"null return path alone", nullPlain, AutoReply},
		{"nil", nil, None},
		{"ordinary mail", msg("c@centre.fr", "Subject", "Plis non reçus"), None},
		{"DSN report even with Auto-Submitted", report, Bounce},
		{"nested delivery-status part", nested, Bounce},
		{"exim failed recipients", msg("x@y.fr", "X-Failed-Recipients", "a@b.fr"), Bounce},
		{"exchange NDR french subject", msg("MicrosoftExchange1@centre.fr", "Subject", "Non remis : Expédition des DTE"), Bounce},
		{"postmaster sender", msg("postmaster@centre.fr", "Subject", "Rapport"), Bounce},
		{"forwarded bounce is not a bounce", msg("c@centre.fr", "Subject", "TR: Non remis : Liens DTE"), None},
		{"ARF report", arf, Feedback},
		{"JMRP complaint", msg("staff@hotmail.com", "Subject", "complaint about message from 192.0.2.1"), Feedback},
		{"auto-submitted with zimbra comment", msg("c@centre.fr", "Auto-Submitted", "auto-replied (zimbra; vacation)", "Precedence", "bulk"), AutoReply},
		{"auto-submitted no", msg("c@centre.fr", "Auto-Submitted", "no"), None},
		{"outlook suppress only, topic subject", msg("c@centre.fr", "X-Auto-Response-Suppress", "All", "Subject", "RE: Plis non reçus - session du 25/05"), AutoReply},
		{"réponse automatique subject", msg("c@centre.fr", "Subject", "Réponse automatique : Liens DTE"), AutoReply},
		{"out of office subject", msg("c@centre.fr", "Subject", "Out of Office: Plis"), AutoReply},
		{"abwesenheitsnotiz", msg("c@centre.de", "Subject", "Abwesenheitsnotiz: Termin"), AutoReply},
		{"x-autoreply", msg("c@centre.fr", "X-Autoreply", "yes"), AutoReply},
		{"absence subject with absence body", absence, AutoReply},
		{"absent candidate is not an auto-reply", absentCandidate, None},
		{"precedence list", msg("l@lists.fr", "Precedence", "list"), Bulk},
		{"list-unsubscribe", msg("n@lettre.fr", "List-Unsubscribe", "<https://x/unsub>"), Bulk},
		{"list-id", msg("n@lettre.fr", "List-Id", "<formateurs.lists.example>"), Bulk},
		{"mailjet campaign", msg("n@promo.fr", "X-Mailjet-Campaign", "42"), Bulk},
		{"feedback-id", msg("n@promo.fr", "Feedback-ID", "1:camp:esp"), Bulk},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Detect(tt.m)
			if got.Kind != tt.want {
				t.Errorf("Detect() = %v (%q), want %v", got.Kind, got.Reason, tt.want)
			}
			if (got.Kind == None) != (got.Reason == "") {
				t.Errorf("Reason %q does not fit kind %v", got.Reason, got.Kind)
			}
		})
	}
}

func TestNeverAnswer(t *testing.T) {
	nullPath := msg("c@centre.fr")
	nullPath.HasReturnPath = true
	withPath := msg("c@centre.fr")
	withPath.HasReturnPath, withPath.ReturnPath = true, "c@centre.fr"
	listBounce := msg("c@centre.fr")
	listBounce.ReturnPath = "formateurs-bounces@lists.example"

	tests := []struct {
		name string
		m    *mailmsg.Message
		want bool
	}{
		{"ordinary", withPath, false},
		{"empty return path", nullPath, true},
		{"auto-reply header", msg("c@centre.fr", "Auto-Submitted", "auto-generated"), true},
		{"suppress header", msg("c@centre.fr", "X-Auto-Response-Suppress", "OOF"), true},
		{"no-reply sender", msg("no-reply@ceres.example.gouv.fr"), true},
		{"ne-pas-repondre sender", msg("ne-pas-repondre@centre.fr"), true},
		{"owner- sender", msg("owner-formateurs@lists.example"), true},
		{"-request sender", msg("formateurs-request@lists.example"), true},
		{"list bounce return path", listBounce, true},
		{"X-Loop only", msg("filtre@centre.fr", "X-Loop", "filtre@centre.fr"), true},
		{"forwarded bounce, French Outlook", msg("c@centre.fr", "Subject", "TR: Non remis : Liens DTE"), true},
		{"forwarded bounce, sendmail", msg("c@centre.fr", "Subject", "Fwd: Returned mail: see transcript for details"), true},
		{"forwarded bounce, Postfix", msg("c@centre.fr", "Subject", "Fwd: Undelivered Mail Returned to Sender"), true},
		{"forwarded twice", msg("c@centre.fr", "Subject", "TR: TR: Message non remis"), true},
		{"an ordinary forward", msg("c@centre.fr", "Subject", "TR: Plis non reçus"), false},
		{"post_master of an SMS gateway", msg("post_master@sms.operateur.example"), true},
		{"no sender at all", msg(""), true},
		{"nil", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := NeverAnswer(tt.m)
			if got != tt.want {
				t.Errorf("NeverAnswer() = %v (%q), want %v", got, why, tt.want)
			}
			if got && why == "" {
				t.Errorf("NeverAnswer() gave no reason")
			}
		})
	}
}
