package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"mailbot/state"
)

// BenchmarkProcess processes b.N new messages from four mailboxes at
// once, as the four watchers do, each message saving its mailbox's IMAP
// cursor with its outcome. It reports the state file's write
// transactions per message (each costs two fdatasync calls).
func BenchmarkProcess(b *testing.B) {
	bt, st := newBot(b, nil, 0)
	mailboxes := []string{"btp", "ccp", "btp2", "ccp2"}
	msgs := make(chan int)
	var wg sync.WaitGroup
	errs := make(chan error, len(mailboxes))
	b.ResetTimer()
	before := st.Writes()
	for _, mb := range mailboxes {
		wg.Go(func() {
			var uid uint32
			for i := range msgs {
				uid++
				m := raw(fmt.Sprintf("Centre %d <c%d@centre%d.test>", i, i, i), "Connexion CERES impossible",
					fmt.Sprintf("<m%d@centre.test>", i), "Bonjour,\r\nJe n'arrive plus à me connecter à CERES. Comment faire ?")
				cur := state.Cursor{UIDValidity: 1, LastUID: uid - 1, Next: uid + 1}
				if err := bt.ProcessWithCursor(context.Background(), mb, strings.NewReader(m), &cur); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for i := range b.N {
		msgs <- i
	}
	close(msgs)
	wg.Wait()
	b.StopTimer()
	select {
	case err := <-errs:
		b.Fatal(err)
	default:
	}
	b.ReportMetric(float64(st.Writes()-before)/float64(b.N), "writes/msg")
}
