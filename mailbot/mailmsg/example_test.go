package mailmsg_test

import (
	"fmt"
	"strings"

	"mailbot/mailbot/mailmsg"
)

func ExampleParse() {
	raw := "From: =?ISO-8859-1?Q?Ren=E9e_Martin?= <Renee.Martin@Exemple.fr>\r\n" +
		"Subject: =?windows-1252?Q?Plis_re=E7us_=96_session_du_12/05?=\r\n" +
		"Message-ID: <20270504.1@exemple.fr>\r\n" +
		"Content-Type: text/plain; charset=ISO-8859-1\r\n" +
		"Content-Transfer-Encoding: quoted-printable\r\n" +
		"\r\n" +
		"Les plis sont bien arriv=E9s.\r\n"
	m := mailmsg.Parse(strings.NewReader(raw))
	fmt.Println(m.From.Name, m.From.Address)
	fmt.Println(m.Subject)
	fmt.Println(m.MessageID)
	fmt.Print(m.Text)
	// Output:
	// Renée Martin renee.martin@exemple.fr
	// Plis reçus – session du 12/05
	// <20270504.1@exemple.fr>
	// Les plis sont bien arrivés.
}

func ExampleHTMLToText() {
	html := `<html><head><style>p{margin:0}</style></head><body>
<p>Bonjour,</p><p>&nbsp;</p><p>C&#8217;est not&eacute;.</p>
<blockquote><p>Pouvez-vous confirmer ?</p></blockquote></body></html>`
	fmt.Println(mailmsg.HTMLToText(html))
	// Output:
	// Bonjour,
	//
	// C’est noté.
	// > Pouvez-vous confirmer ?
}
