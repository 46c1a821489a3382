package templates

import "testing"

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(""); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	set, err := Load("")
	if err != nil {
		b.Fatal(err)
	}
	d := SampleData()
	for b.Loop() {
		if _, err := set.Render(RequestTiming, d); err != nil {
			b.Fatal(err)
		}
	}
}
