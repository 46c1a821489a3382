package classify

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mailbot/mailbot/mailmsg"
)

func TestDebugRank(t *testing.T) {
	files := os.Getenv("DEBUGFILES")
	if files == "" {
		t.Skip()
	}
	for _, f := range strings.Split(files, ",") {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		m := mailmsg.Parse(fh)
		fh.Close()
		in := readInput(m)
		fmt.Printf("==== %s\nSUBJ %q reply=%v fwd=%v\nNEW %q\n", filepath.Base(f), in.normSubject, in.reply, in.forward, in.normNew)
		if os.Getenv("QUOTED") != "" {
			fmt.Printf("QUOTED %q\n", in.quoted)
		}
		for _, r := range rank(in) {
			fmt.Printf("  %-22s %.2f", r.cat, r.score)
			for _, h := range r.hits {
				fmt.Printf(" | %s %.2f", h.reason(), h.score)
			}
			fmt.Println()
		}
	}
}
