package dovecottest

import (
	"fmt"
	"os"
	"path/filepath"
)

// VacationSubject is the subject of the out-of-office replies that
// InstallVacation sets up.
const VacationSubject = "Absence"

// vacationScript answers each sender at most once a day (RFC 5230). Dovecot
// itself never answers mail marked Auto-Submitted, lists, or the null
// sender.
const vacationScript = `require ["vacation"];
vacation :days 1 :subject "` + VacationSubject + `"
  "Je suis absente jusqu'au 15. Merci de renvoyer votre message à mon retour.";
`

// InstallVacation makes user's mailbox answer incoming mail with an
// out-of-office reply, sent to Options.Submission.
func (s *Server) InstallVacation(user string) {
	s.t.Helper()
	if err := s.installSieve(user, "vacation.sieve", vacationScript); err != nil {
		s.t.Fatal(err)
	}
}

// installSieve writes a script in ~/sieve and makes it the active one.
func (s *Server) installSieve(user, name, script string) error {
	dir := filepath.Join(s.l.home(user), "sieve")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("dovecottest: sieve directory of %s: %w", user, err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
		return fmt.Errorf("dovecottest: sieve script of %s: %w", user, err)
	}
	active := filepath.Join(s.l.home(user), ".dovecot.sieve")
	os.Remove(active)
	if err := os.Symlink(filepath.Join("sieve", name), active); err != nil {
		return fmt.Errorf("dovecottest: activate sieve script of %s: %w", user, err)
	}
	for _, p := range []string{dir, path, active} {
		if err := s.acct.own(p); err != nil {
			return err
		}
	}
	return nil
}
