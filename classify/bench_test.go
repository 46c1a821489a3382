package classify_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"mailbot/classify"
	"mailbot/mailbot/mailmsg"
)

// BenchmarkClassify measures one decision on a typical quoted reply and on
// a message padded to the reading limits.
func BenchmarkClassify(b *testing.B) {
	reply := mail("RE: Plis non reçus - session du 12/10/2027",
		"Bonjour,\nNous n'avons toujours pas reçu les plis jury. Pouvez-vous vérifier ?\nCordialement,\nX\n\n"+
			"Le 4 oct. 2027 à 10:00, GEV <gev@afpa.fr> a écrit :\n> Les plis ont été expédiés le 28 septembre.\n")
	long := mail("Question", strings.Repeat("Dans le DTE organisateur la liste du matériel indique un coffret. ", 2000))
	c := classify.New(classify.Options{})
	for _, bc := range []struct {
		name string
		m    any
	}{{"reply", reply}, {"long", long}} {
		b.Run(bc.name, func(b *testing.B) {
			m := reply
			if bc.name == "long" {
				m = long
			}
			for b.Loop() {
				c.Classify(context.Background(), m, "btp")
			}
		})
	}
}

// BenchmarkClassifyCorpus is the classifier alone on the project's
// labelled mail, parsed beforehand, on all cores: headers, text, model,
// facts. Its msg/s figure is issue 13's classification throughput.
func BenchmarkClassifyCorpus(b *testing.B) {
	var msgs []*mailmsg.Message
	for _, dir := range []string{"../testdata/corpus", "../testdata/train"} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
		for _, p := range paths {
			raw, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			msgs = append(msgs, mailmsg.Parse(bytes.NewReader(raw)))
		}
	}
	c := classify.New(classify.Options{})
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.Classify(context.Background(), msgs[int(next.Add(1))%len(msgs)], "btp")
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msg/s")
}
