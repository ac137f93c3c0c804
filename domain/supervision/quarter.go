package supervision

import (
	"fmt"
	"time"
)

// Quarter is a calendar quarter, written "2027-Q1".
type Quarter struct {
	Year int
	Q    int
}

// ParseQuarter reads "YYYY-Qn".
func ParseQuarter(s string) (Quarter, error) {
	var q Quarter
	if len(s) != 7 {
		return Quarter{}, ErrBadQuarter
	}
	if _, err := fmt.Sscanf(s, "%4d-Q%1d", &q.Year, &q.Q); err != nil || q.Year < 2000 || q.Q < 1 || q.Q > 4 {
		return Quarter{}, ErrBadQuarter
	}
	return q, nil
}

// QuarterOf is the quarter day t falls in.
func QuarterOf(t time.Time) Quarter {
	t = t.UTC()
	return Quarter{Year: t.Year(), Q: (int(t.Month())-1)/3 + 1}
}

// String writes the quarter as "2027-Q1".
func (q Quarter) String() string { return fmt.Sprintf("%04d-Q%d", q.Year, q.Q) }

// Start is the first day of the quarter.
func (q Quarter) Start() time.Time {
	return time.Date(q.Year, time.Month(3*(q.Q-1)+1), 1, 0, 0, 0, 0, time.UTC)
}

// Next is the quarter after q.
func (q Quarter) Next() Quarter {
	if q.Q == 4 {
		return Quarter{Year: q.Year + 1, Q: 1}
	}
	return Quarter{Year: q.Year, Q: q.Q + 1}
}

// Before reports whether q comes before o.
func (q Quarter) Before(o Quarter) bool {
	return q.Year < o.Year || (q.Year == o.Year && q.Q < o.Q)
}
