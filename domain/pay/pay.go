// Package pay is the monthly pay of an employee (薪酬, SPEC §3.4): the
// commission on what their contracts collected in the month under the
// commission tiers, the 5% manager override, the monthly top-performer
// award (绩冠奖), the allowance, and the pay statement that adds base
// salary, bonus, rewards and fines, recording the regulation versions it
// was computed under (see docs/RULES.md §3.4-*).
//
// Every figure comes from Compute, a function of the month's facts and of
// the regulations' parameters alone (Rules), so a what-if replays the same
// facts under another regulation version by passing other Rules.
package pay

import (
	"fmt"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/salesplan"
)

// Month is a calendar month, its first day at 00:00 UTC.
type Month time.Time

// MonthOf is the calendar month of t in the company's calendar loc.
func MonthOf(t time.Time, loc *time.Location) Month {
	t = t.In(loc)
	return Month(time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC))
}

// ParseMonth reads "2006-01".
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, domain.InvalidField("month", "must be a month written 2006-01")
	}
	return Month(t), nil
}

func (m Month) String() string { return time.Time(m).Format("2006-01") }

// IsZero reports whether m is unset.
func (m Month) IsZero() bool { return time.Time(m).IsZero() }

// End is the first instant after m in the company's calendar loc: the
// regulation versions in force just before it decide the month's pay.
func (m Month) End(loc *time.Location) time.Time {
	t := time.Time(m)
	return time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, loc)
}

// Rules are the parameters pay is computed under: the commission tiers
// and override rate of the sales-plan regulation and the pay regulation's
// allowance and award, with the version ids they come from.
type Rules struct {
	Commission        salesplan.Regulation
	CommissionVersion string
	Pay               Regulation
	PayVersion        string
}

// Versions names the regulation versions the rules come from, as a
// statement records them.
func (r Rules) Versions() []string { return []string{r.CommissionVersion, r.PayVersion} }

// String is how an error names the rules.
func (r Rules) String() string { return fmt.Sprintf("%s, %s", r.CommissionVersion, r.PayVersion) }
