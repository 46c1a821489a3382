package eval

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"mailbot/classify"
)

// Summary is the report's headline figures, without a word of any mail:
// what may be shown of a held-back set.
func (r *Report) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "corpus %s: %d messages", r.Dir, r.Total)
	if r.Threshold > 0 { // a pooled report's thresholds vary
		fmt.Fprintf(&b, ", threshold %.2f, sent without approval from %.2f", r.Threshold, r.AutoThreshold)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "accuracy %.3f (%d/%d)   macro-F1 %.3f\n", r.Accuracy, r.Correct, r.Total, r.MacroF1)
	fmt.Fprintf(&b, "decided %d, right %d (precision %.3f)   sent to other %d (%.1f%% of categorised mail)\n",
		r.Decided, r.DecidedCorrect, r.DecidedPrecision, r.Abstentions, 100*r.AbstentionRate)
	fmt.Fprintf(&b, "wrong automatic actions %d (%.1f%%)   held for an agent's approval %d (%d of them wrong)   ignored but needed handling %d\n",
		len(r.WrongActions), 100*r.WrongActionRate, r.Held, r.HeldWrong, len(r.Ignored))
	fmt.Fprintf(&b, "session dates %d/%d (%.3f), spurious %d   envelopes on cancellations %d/%d\n",
		r.SessionDates.Correct, r.SessionDates.Total, r.SessionDates.Rate, r.SpuriousDates, r.Envelopes.Correct, r.Envelopes.Total)
	if len(r.Unreadable) > 0 {
		fmt.Fprintf(&b, "unreadable: %s\n", strings.Join(r.Unreadable, ", "))
	}
	return b.String()
}

// WriteText writes r as readable tables: the headline figures, the
// per-category scores, the confusion matrix and every mistake.
func (r *Report) WriteText(w io.Writer) error {
	if err := r.WriteFigures(w); err != nil {
		return err
	}
	return r.writeMistakes(w)
}

// WriteFigures writes the headline figures, the per-category scores and
// the confusion matrix.
func (r *Report) WriteFigures(w io.Writer) error {
	if _, err := io.WriteString(w, r.Summary()+"\n"); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	for _, write := range []func(io.Writer) error{r.writeCategories, r.writeConfusion} {
		if err := write(w); err != nil {
			return err
		}
	}
	return nil
}

func (r *Report) writeCategories(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "category\tsupport\tpredicted\tprecision\trecall\tF1\t")
	for _, s := range r.Categories {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.2f\t%.2f\t%.2f\t\n", s.Category, s.Support, s.Predicted, s.Precision, s.Recall, s.F1)
	}
	fmt.Fprintln(tw)
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// abbrev shortens category names for the matrix columns.
func abbrev(c classify.Category) string {
	s := string(c)
	if len(s) > 6 {
		return s[:6]
	}
	return s
}

func (r *Report) writeConfusion(w io.Writer) error {
	var cats []classify.Category
	for _, s := range r.Categories {
		cats = append(cats, s.Category)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "expected \\ got\t")
	for _, c := range cats {
		fmt.Fprintf(tw, "%s\t", abbrev(c))
	}
	fmt.Fprintln(tw)
	for _, exp := range cats {
		fmt.Fprintf(tw, "%s\t", exp)
		for _, got := range cats {
			fmt.Fprintf(tw, "%d\t", r.Confusion[exp][got])
		}
		fmt.Fprintln(tw)
	}
	fmt.Fprintln(tw)
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

func (r *Report) writeMistakes(w io.Writer) error {
	var b strings.Builder
	for _, it := range r.Items {
		dateWrong := it.WantDate != it.SessionDate
		if it.Correct && !dateWrong {
			continue
		}
		mark := "  "
		if it.WrongAction {
			mark = "!!"
		}
		fmt.Fprintf(&b, "%s %s: want %s, got %s (%.2f); date want %q got %q\n", mark, it.File, it.Expected, it.Got, it.Confidence, it.WantDate, it.SessionDate)
		for _, why := range it.Reasons {
			fmt.Fprintf(&b, "     - %s\n", why)
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}
