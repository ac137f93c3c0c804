package salesplan

import (
	"fmt"
	"strconv"
)

// Period names a target period: a year ("2026"), a quarter ("2026-Q1") or a
// month ("2026-03").
type Period string

// PeriodKind is the granularity of a period.
type PeriodKind int

// The period granularities, coarsest first.
const (
	KindInvalid PeriodKind = iota
	KindYear
	KindQuarter
	KindMonth
)

// YearPeriod, QuarterPeriod and MonthPeriod build well-formed periods.
func YearPeriod(y int) Period       { return Period(strconv.Itoa(y)) }
func QuarterPeriod(y, q int) Period { return Period(fmt.Sprintf("%d-Q%d", y, q)) }
func MonthPeriod(y, m int) Period   { return Period(fmt.Sprintf("%d-%02d", y, m)) }

// Parse splits p into its year and its quarter or month number (n is 0 for
// a year). kind is KindInvalid when p is malformed.
func (p Period) Parse() (year, n int, kind PeriodKind) {
	s := string(p)
	if len(s) < 4 {
		return 0, 0, KindInvalid
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || y < 1 {
		return 0, 0, KindInvalid
	}
	rest := s[4:]
	switch {
	case rest == "":
		return y, 0, KindYear
	case len(rest) == 3 && rest[:2] == "-Q" && rest[2] >= '1' && rest[2] <= '4':
		return y, int(rest[2] - '0'), KindQuarter
	case len(rest) == 3 && rest[0] == '-':
		m, err := strconv.Atoi(rest[1:])
		if err == nil && m >= 1 && m <= 12 && rest[1] != '+' && rest[1] != '-' {
			return y, m, KindMonth
		}
	}
	return 0, 0, KindInvalid
}

// Kind returns the granularity of p.
func (p Period) Kind() PeriodKind {
	_, _, k := p.Parse()
	return k
}

// Children returns the periods p decomposes into: a year's four quarters, a
// quarter's three months; a month has none.
func (p Period) Children() []Period {
	y, n, kind := p.Parse()
	var out []Period
	switch kind {
	case KindYear:
		for q := 1; q <= 4; q++ {
			out = append(out, QuarterPeriod(y, q))
		}
	case KindQuarter:
		for m := 3*n - 2; m <= 3*n; m++ {
			out = append(out, MonthPeriod(y, m))
		}
	}
	return out
}
