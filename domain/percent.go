package domain

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Percent is a percentage in hundredths of a percent (basis points):
// 5000 is 50.00%, 4999 is 49.99%. Regulation thresholds and margins use it so
// boundaries compare exactly.
type Percent int64

// ErrBadPercent is returned for a percentage that is not a decimal with at
// most two places.
var ErrBadPercent = InvalidField("percent", "must be a decimal number with at most 2 decimal places")

// ParsePercent parses "49.99" (meaning 49.99%) into basis points.
func ParsePercent(s string) (Percent, error) {
	m, err := ParseMoney(s, DefaultCurrency)
	if err != nil {
		return 0, ErrBadPercent
	}
	return Percent(m.Minor), nil
}

// String prints the percentage with two decimals and a percent sign.
func (p Percent) String() string { return p.Decimal() + "%" }

// Decimal prints the percentage with two decimals and no sign ("49.99").
func (p Percent) Decimal() string { return Fen(int64(p)).Decimal() }

// MarshalJSON writes a percentage as a decimal string ("49.99").
func (p Percent) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(p.Decimal())), nil }

// UnmarshalJSON reads a percentage from a decimal string or number.
func (p *Percent) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	v, err := ParsePercent(s)
	if err != nil {
		return fmt.Errorf("percent %q: %w", s, err)
	}
	*p = v
	return nil
}

// Ratio is an exact fraction, used where a percentage is computed rather
// than entered (a quotation's gross margin). It compares exactly against
// Percent thresholds, so 49.995% is below 50.00% and never rounds up.
type Ratio struct{ r *big.Rat }

// NewRatio returns num/den; den must not be zero.
func NewRatio(num, den int64) Ratio { return Ratio{big.NewRat(num, den)} }

// AtLeast reports whether the ratio is at least p.
func (r Ratio) AtLeast(p Percent) bool {
	return r.rat().Cmp(big.NewRat(int64(p), 10000)) >= 0
}

// Percent returns the ratio in basis points, truncated toward zero (for
// display and records; decisions use AtLeast).
func (r Ratio) Percent() Percent {
	q := new(big.Int).Quo(new(big.Int).Mul(r.rat().Num(), big.NewInt(10000)), r.rat().Denom())
	return Percent(q.Int64())
}

func (r Ratio) rat() *big.Rat {
	if r.r == nil {
		return new(big.Rat)
	}
	return r.r
}
