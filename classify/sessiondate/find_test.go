package sessiondate

import (
	"strings"
	"testing"
	"time"

	"mailbot/mailbot/calendar"
)

// wed is Wednesday 10 March 2027, 10:00 in Paris.
var wed = time.Date(2027, time.March, 10, 10, 0, 0, 0, calendar.Paris)

type findCase struct {
	name                     string
	subject, written, quoted string
	ref                      time.Time
	want                     string // YYYY-MM-DD, "" for none
}

func runFind(t *testing.T, tests []findCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ref := tc.ref
			if ref.IsZero() {
				ref = wed
			}
			d, reason, ok := Find(tc.subject, tc.written, tc.quoted, ref)
			got := ""
			if ok {
				got = d.Format("2006-01-02")
			}
			if got != tc.want {
				t.Errorf("got %q (%s), want %q", got, reason, tc.want)
			}
			if ok && (reason == "" || d.Location() != time.UTC || d.Hour() != 0) {
				t.Errorf("got date %v reason %q, want a civil date and a reason", d, reason)
			}
		})
	}
}

func TestFindFormats(t *testing.T) {
	runFind(t, []findCase{
		{name: "dd/mm/yyyy", written: "Notre session du 14/03/2027.", want: "2027-03-14"},
		{name: "dd/mm/yy", written: "la session du 14/03/27", want: "2027-03-14"},
		{name: "dd.mm.yyyy", written: "session prévue le 14.03.2027", want: "2027-03-14"},
		{name: "dd.mm.yy", written: "session prévue le 14.03.27", want: "2027-03-14"},
		{name: "dd-mm-yyyy", written: "session du 14-03-2027", want: "2027-03-14"},
		{name: "ISO", written: "session du 2027-06-14", want: "2027-06-14"},
		{name: "dd/mm without year", subject: "session 18/05", want: "2027-05-18"},
		{name: "le 3 avril", written: "La session aura lieu le 3 avril.", want: "2027-04-03"},
		{name: "weekday and year", written: "session du lundi 12 avril 2027", want: "2027-04-12"},
		{name: "1er juin", written: "session du 1er juin", want: "2027-06-01"},
		{name: "3 et 4 mai gives the first day", written: "notre session des 3 et 4 mai", want: "2027-05-03"},
		{name: "du 3 au 5 mai gives the first day", written: "la session se déroulera du 3 au 5 mai", want: "2027-05-03"},
		{name: "14-16 juin gives the first day", subject: "Date d'expédition DTE - session 14-16 juin", want: "2027-06-14"},
		{name: "range across years borrows the year", written: "session du 28 décembre au 3 janvier 2028", want: "2027-12-28"},
		{name: "semaine 15", written: "session prévue semaine 15", want: "2027-04-12"},
		{name: "S15", written: "session en S15", want: "2027-04-12"},
		{name: "sem. 15", written: "session sem. 15", want: "2027-04-12"},
		{name: "semaine 15 de 2028", written: "session semaine 15 de 2028", want: "2028-04-10"},
		{name: "lower-case s15 is not a week", written: "session s15", want: ""},
		{name: "fevrier without accent", written: "session du 3 fevrier 2028", want: "2028-02-03"},
		{name: "Février with capital", written: "Session du 3 Février 2028", want: "2028-02-03"},
		{name: "aout", written: "session le 24 aout", want: "2027-08-24"},
		{name: "août", written: "session le 24 août", want: "2027-08-24"},
		{name: "decembre", written: "session le 7 decembre", want: "2027-12-07"},
		{name: "DÉCEMBRE in capitals", written: "SESSION DU 7 DÉCEMBRE 2027", want: "2027-12-07"},
		{name: "abbreviated weekday and month", written: "session du jeu. 22 avr. 2027", want: "2027-04-22"},
		{name: "février 29 in a leap year", written: "session du 29 février 2028", want: "2028-02-29"},
		{name: "31 February does not exist", written: "session du 31/02/2027", want: ""},
		{name: "32 May does not exist", written: "session du 32 mai", want: ""},
		{name: "cue after the date", written: "Le 14 juin, session de rattrapage.", want: "2027-06-14"},
		{name: "wrapped quoted line", quoted: "> pour la session du titre professionnel Conducteur d'engins de travaux\n> publics du 03/06/2027 ont été expédiés", want: "2027-06-03"},
		{name: "certification word", written: "date de certification : 14/06/2027", want: "2027-06-14"},
		{name: "examen word", written: "l'examen du 15 juin", want: "2027-06-15"},
	})
}

func TestFindYearResolution(t *testing.T) {
	runFind(t, []findCase{
		{name: "next such date", written: "session du 15 janvier", ref: time.Date(2027, 11, 20, 9, 0, 0, 0, calendar.Paris), want: "2028-01-15"},
		{name: "two days ago stays this year", subject: "session du 28/01", ref: time.Date(2027, 1, 30, 11, 20, 0, 0, calendar.Paris), want: "2027-01-28"},
		{name: "five months ago is next year", written: "session du 3 janvier", ref: time.Date(2027, 6, 10, 9, 0, 0, 0, calendar.Paris), want: "2028-01-03"},
		{name: "the weekday chooses the year", written: "session du lundi 3 janvier", ref: time.Date(2027, 2, 20, 9, 0, 0, 0, calendar.Paris), want: "2028-01-03"},
		{name: "a wrong weekday does not block", written: "session du dimanche 15 juin", want: "2027-06-15"},
		{name: "the same day", written: "session du 10 mars", want: "2027-03-10"},
		{name: "semaine 1 in December is next year", written: "session semaine 1", ref: time.Date(2027, 12, 15, 9, 0, 0, 0, calendar.Paris), want: "2028-01-03"},
	})
}

func TestFindPrefersTheSessionTheSenderMeans(t *testing.T) {
	runFind(t, []findCase{
		{name: "moved: reportée au", written: "La session du 11 mai est reportée au 18 mai.", want: "2027-05-18"},
		{name: "moved: décalée, au mardi", written: "Notre session initialement prévue le 11 mai 2027 est décalée d'une semaine, au mardi 18 mai 2027.", want: "2027-05-18"},
		{name: "moved: passe du ... au", written: "la session passe du 31/05/2027 au lundi 14/06/2027", want: "2027-06-14"},
		{name: "moved without the word session", written: "Le TP Maçon a un souci. Il est reporté au 18 mai.", want: "2027-05-18"},
		{name: "moved shipping is not a session", written: "La livraison est reportée au 3 mai.", want: ""},
		{name: "moved: nouvelle date", written: "Report de la session, nouvelle date : 21/06/2027", want: "2027-06-21"},
		{name: "old date alone is a fallback", written: "Notre session initialement prévue le 11 mai doit être reportée.", want: "2027-05-11"},
		{name: "subject's new date beats a body's old date", subject: "Report session au 18/05", written: "Notre session initialement prévue le 11 mai est reportée.", want: "2027-05-18"},
		{name: "session word beats other dates", written: "Depuis le 2 mars rien. Notre session a lieu le 6 avril.", want: "2027-04-06"},
		{name: "new text beats subject", subject: "session du 10/05/2027", written: "la session du 17 mai 2027", want: "2027-05-17"},
		{name: "subject beats quoted", subject: "RE: session du 10/05/2027", quoted: "la session du 17 mai 2027", want: "2027-05-10"},
		{name: "quoted when nothing else", written: "Merci, bien reçu.", quoted: "> session du 27 avril 2027", want: "2027-04-27"},
		{name: "first mention wins a tie", written: "session du 3 mai, puis session du 10 mai", want: "2027-05-03"},
		{name: "range with full dates gives the first", written: "session du 14/06/2027 au 16/06/2027", want: "2027-06-14"},
		{name: "the nearest word decides", written: "Pour la session du 23 février, les plis sont arrivés le 22 février.", want: "2027-02-23"},
	})
}

func TestFindIgnoresOtherDates(t *testing.T) {
	runFind(t, []findCase{
		{name: "no session word", written: "La rencontre aura lieu le vendredi 2 juillet 2027.", want: ""},
		{name: "plural sessions is not one session", written: "Sessions du printemps : inscriptions avant le 14 mai.", want: ""},
		{name: "webinar subject", subject: "Webinaire : vos sessions CCP – jeudi 18 février", want: ""},
		{name: "quoted attribution line", quoted: "Le lun. 4 janv. 2027 à 10:12, Epreuves CCP <epreuves-ccp@afpa.fr> a écrit :\n> Bonjour", want: ""},
		{name: "wrapped attribution", quoted: "Le jeu. 22 avr. 2027 à 11:05, Epreuves BTP <epreuves-btp@afpa.fr> a\nécrit :", want: ""},
		{name: "numeric attribution", quoted: "Le 17/02/2027 à 13:55, Hélène Garcia a écrit :", want: ""},
		{name: "Outlook header block", quoted: "De : Epreuves Tertiaire\nEnvoyé : lundi 8 mars 2027 16:20\nObjet : RE: grille", want: ""},
		{name: "attribution next to the session", written: "Merci.", quoted: "Le 24 févr. 2027 à 17:20, X a écrit :\n> Nous organisons une session le mardi 16 mars 2027.", want: "2027-03-16"},
		{name: "envoyé le", written: "Le DTE de la session a été envoyé le 3 mars.", want: ""},
		{name: "reçu le", written: "Pour la session, nous avons reçu le 2 mars un seul colis.", want: ""},
		{name: "commande du", written: "Pour la session, voir la commande du 5 mars.", want: ""},
		{name: "demande faite le", written: "Nous avons une session le 7 juin 2027 (demande faite dans CERES le 2 mars).", want: "2027-06-07"},
		{name: "request date alone", written: "Pour notre session, demande faite le 2 mars.", want: ""},
		{name: "deadline", written: "session TP Maçon du 12 avril 2027, au plus tard le 11 janvier", want: "2027-04-12"},
		{name: "absence in body, session in subject", subject: "RE: Plis non reçus - session du 25 mai", written: "Je suis absent jusqu'au lundi 17 mai.", want: "2027-05-25"},
		{name: "absence only", subject: "Absence – retour le 1er mars", written: "de retour le lundi 1er mars 2027", want: ""},
		{name: "dotted phone number", written: "session : appelez le 01.02.03.04.05", want: ""},
		{name: "phone in signature", written: "Service certification\n04.65.71.08.19", want: ""},
		{name: "session number with a date after it", written: "L'annulation de la session n° 63-2027-ADVF-0412 du 08/06/2027 est enregistrée.", want: "2027-06-08"},
		{name: "session number alone", written: "session n° 2027-0412", want: ""},
		{name: "numbered reference", written: "session réf. 12/05", want: ""},
		{name: "parcel one of two", written: "Colis 1/2 reçu pour la session", want: ""},
		{name: "signature line", written: "Cordialement\nPôle Certification\nFermé le 14 juillet", want: ""},
		{name: "time in hours after date is kept", written: "session le 15 juin à 8h30", want: "2027-06-15"},
	})
}

func TestFindReason(t *testing.T) {
	_, reason, ok := Find("", "Bonjour, pour la session du 14 mars nous avons une question.", "", wed)
	want := "date de session 14/03/2027 lue dans « session du 14 mars » (texte du message)"
	if !ok || reason != want {
		t.Errorf("got %q, want %q", reason, want)
	}
	long := "la session de validation du titre professionnel Technicien de maintenance industrielle du 19 mai 2027"
	_, reason, _ = Find("", long, "", wed)
	if !strings.Contains(reason, " … ") || !strings.Contains(reason, "du 19 mai 2027 »") {
		t.Errorf("got %q, want an elided quote ending with the date", reason)
	}
}
