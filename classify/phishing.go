package classify

import (
	"net/url"
	"regexp"
	"strings"
)

// Credential phishing: a mail that asks to "confirm" or "revalidate" an
// account through a link, under threat of suspension. Impersonating CERES
// or the GEV, it reads like a CERES question to the model, and answering
// it would tell the fraudster the mailbox is read. It is treated as spam
// (SPEC section 2, bulk: no reply). Only a message's own new text counts,
// never a reply or a forward: a centre that forwards such a mail to ask
// whether it is genuine writes a question an agent must read.
var (
	phishAccount = compile(`\b(?:identifiants?|mots? de passe|compte|acces|connexion)\b`)
	phishAction  = compile(`\b(?:revalid\w*|re-valid\w*|verifi\w*|confirm\w*|reactiv\w*|mettre a jour|mise a jour|authentifi\w*)\b`)
	phishThreat  = compile(`\b(?:suspendu\w*|suspension|bloque\w*|desactive\w*|supprime\w*|ferme\w*|expire\w*|sous (?:24|48|72) ?h\w*|avant le)\b`)
	linkPattern  = regexp.MustCompile(`https?://[^\s<>"')\]]+`)
)

// trustedLinkDomains are the domains whose links a genuine notice from
// the ministry or AFPA carries.
var trustedLinkDomains = []string{"gouv.fr", "afpa.fr"}

// phishing says why the new text looks like credential phishing, "" when
// it does not.
func phishing(in input) string {
	if in.reply || in.forward {
		return ""
	}
	if t := in.normNew; !t.Match(phishAccount) || !t.Match(phishAction) || !t.Match(phishThreat) {
		return ""
	}
	for _, link := range linkPattern.FindAllString(in.newText, 20) {
		u, err := url.Parse(link)
		if err != nil || u.Hostname() == "" || trustedHost(u.Hostname()) {
			continue
		}
		return "demande de confirmer un compte par un lien hors gouv.fr et afpa.fr (" + u.Hostname() + "), sous menace de suspension : hameçonnage probable"
	}
	return ""
}

func trustedHost(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, d := range trustedLinkDomains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}
