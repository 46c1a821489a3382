package eval

import (
	"path/filepath"
	"reflect"

	"mailbot/classify"
	"mailbot/classify/corpus"
)

// score fills the figures of r from its items.
func (r *Report) score(labels []corpus.Label) {
	r.labels = labels
	r.Total = len(r.Items)
	r.Confusion = map[classify.Category]map[classify.Category]int{}
	for i, it := range r.Items {
		l := labels[i]
		credited := it.Got
		if it.Correct {
			credited = it.Expected
		}
		if r.Confusion[it.Expected] == nil {
			r.Confusion[it.Expected] = map[classify.Category]int{}
		}
		r.Confusion[it.Expected][credited]++
		r.countItem(it, l)
	}
	r.Accuracy = rate(r.Correct, r.Total)
	categorised := 0
	for _, l := range labels {
		if l.Category != classify.Other {
			categorised++
		}
	}
	r.AbstentionRate = rate(r.Abstentions, categorised)
	r.WrongActionRate = rate(len(r.WrongActions), r.Total)
	r.DecidedPrecision = rate(r.DecidedCorrect, r.Decided)
	r.SessionDates.Rate = rate(r.SessionDates.Correct, r.SessionDates.Total)
	r.Envelopes.Rate = rate(r.Envelopes.Correct, r.Envelopes.Total)
	r.perCategory()
}

// countItem adds one item to the counters.
func (r *Report) countItem(it Item, l corpus.Label) {
	if it.Correct {
		r.Correct++
	}
	if it.Got == classify.Other && l.Category != classify.Other {
		r.Abstentions++
	}
	if it.Got != classify.Other {
		r.Decided++
		if it.Correct {
			r.DecidedCorrect++
		}
	}
	if it.WrongAction {
		r.WrongActions = append(r.WrongActions, it.File)
	}
	if it.Held {
		r.Held++
		if !it.Correct {
			r.HeldWrong++
		}
	}
	if !it.Correct && ignored[it.Got] && !ignored[l.Category] {
		r.Ignored = append(r.Ignored, it.File)
	}
	switch {
	case it.WantDate != "":
		r.SessionDates.Total++
		if it.SessionDate == it.WantDate {
			r.SessionDates.Correct++
		}
	case it.SessionDate != "":
		r.SpuriousDates++
	}
	if l.Category == classify.Cancellation {
		r.Envelopes.Total++
		if reflect.DeepEqual(it.Envelopes, l.EnvelopesReceived) {
			r.Envelopes.Correct++
		}
	}
}

// perCategory computes precision, recall and F1 from the confusion matrix,
// and the macro-F1 over categories present in the labels.
func (r *Report) perCategory() {
	sum, present := 0.0, 0
	for _, cat := range classify.Categories {
		s := CategoryStats{Category: cat}
		for exp, row := range r.Confusion {
			for got, n := range row {
				if exp == cat {
					s.Support += n
				}
				if got == cat {
					s.Predicted += n
				}
				if exp == cat && got == cat {
					s.Hits += n
				}
			}
		}
		if s.Support == 0 && s.Predicted == 0 {
			continue
		}
		s.Precision, s.Recall = rate(s.Hits, s.Predicted), rate(s.Hits, s.Support)
		if s.Precision+s.Recall > 0 {
			s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
		}
		if s.Support > 0 {
			sum += s.F1
			present++
		}
		r.Categories = append(r.Categories, s)
	}
	if present > 0 {
		r.MacroF1 = sum / float64(present)
	}
}

// Pool scores the items of several reports as one, under the name dir
// (cross-validation's pooled figures: each report measured a model that
// had not seen its mail). Item files are named with their report's folder.
// The thresholds, which differ from report to report, are left at zero.
func Pool(dir string, reports []*Report) *Report {
	p := &Report{Dir: dir}
	var labels []corpus.Label
	for _, r := range reports {
		for _, it := range r.Items {
			it.File = filepath.Join(r.Dir, it.File)
			p.Items = append(p.Items, it)
		}
		for _, u := range r.Unreadable {
			p.Unreadable = append(p.Unreadable, filepath.Join(r.Dir, u))
		}
		labels = append(labels, r.labels...)
	}
	p.score(labels)
	return p
}
