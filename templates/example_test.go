package templates_test

import (
	"fmt"
	"log"

	"mailbot/templates"
)

func ExampleSet_Render() {
	set, err := templates.Load("") // or a folder of replacement files
	if err != nil {
		log.Fatal(err)
	}
	d := templates.SampleData()
	r, err := set.Render(templates.EngineeringForward, d)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Subject)
	// Output: [GEV-7K2Q] Question DTE – BTP – Plis session maçon du 13/04
}
