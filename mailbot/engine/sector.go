package engine

import (
	"regexp"
	"strings"

	"mailbot/mailbot/mailmsg"
)

// publicSector recognises AFPA's public sector addresses
// (epreuves-btp@afpa.fr …) when no configuration names them.
var publicSector = regexp.MustCompile(`^epreuves-(btp|industrie|tertiaire|ccp)@`)

// SectorOf tells which sector mailbox m was sent to: a configured address
// or a public one among To, Cc, Delivered-To and X-Original-To; "" when
// none matches.
func (e *Engine) SectorOf(m *mailmsg.Message) string {
	var addrs []string
	for _, a := range append(append([]mailmsg.Address{}, m.To...), m.Cc...) {
		addrs = append(addrs, a.Address)
	}
	for _, h := range []string{"Delivered-To", "X-Original-To"} {
		for _, v := range m.Header.Values(h) {
			addrs = append(addrs, strings.ToLower(strings.Trim(strings.TrimSpace(v), "<>")))
		}
	}
	for _, a := range addrs {
		for sector, own := range e.Addresses {
			if strings.EqualFold(a, own) {
				return sector
			}
		}
		if s := publicSector.FindStringSubmatch(a); s != nil {
			return s[1]
		}
	}
	return ""
}
