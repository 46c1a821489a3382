package smtpsend

import (
	"context"
)

// Check connects, says EHLO, starts TLS and authenticates as a send
// would, then says QUIT: no mail is sent. `mailbot check-config --dial`
// uses it.
func (s *Sender) Check(ctx context.Context) error {
	conn := &connHolder{}
	defer conn.close()
	client, err := s.dial(ctx, conn)
	if err != nil {
		return newError(s.cfg.Address, err)
	}
	_ = client.Quit() // the check passed; a failed QUIT changes nothing
	return nil
}
