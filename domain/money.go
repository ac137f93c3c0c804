package domain

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// DefaultCurrency is the currency of amounts that name none.
const DefaultCurrency = "CNY"

// Money is an exact amount in minor units (fen for CNY). It never touches
// floating point: amounts are parsed from and printed as decimal strings.
type Money struct {
	Minor    int64  `json:"minor"`
	Currency string `json:"currency"`
}

// Errors of money arithmetic and parsing.
var (
	ErrBadAmount        = InvalidField("amount", "must be a decimal number with at most 2 decimal places")
	ErrCurrencyMismatch = Invalid("amounts are in different currencies")
	ErrAmountOverflow   = Invalid("amount out of range")
)

// Yuan returns an amount of whole units in the default currency.
func Yuan(units int64) Money { return Money{Minor: units * 100, Currency: DefaultCurrency} }

// Fen returns an amount of minor units in the default currency.
func Fen(minor int64) Money { return Money{Minor: minor, Currency: DefaultCurrency} }

// ParseMoney parses a decimal amount such as "1234.50" or "-3" in currency
// cur (the default currency when empty). More than two decimals is an error,
// never a silent rounding.
func ParseMoney(s, cur string) (Money, error) {
	if cur == "" {
		cur = DefaultCurrency
	}
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || !digits(whole) || !digits(frac) {
		return Money{}, ErrBadAmount
	}
	frac += strings.Repeat("0", 2-len(frac))
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > (1<<62)/100 {
		return Money{}, ErrAmountOverflow
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	m := w*100 + f
	if neg {
		m = -m
	}
	return Money{Minor: m, Currency: cur}, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Decimal prints the amount as a decimal string with two places ("1234.50").
func (m Money) Decimal() string {
	sign, v := "", m.Minor
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// String prints the amount with its currency ("CNY 1234.50").
func (m Money) String() string { return m.cur() + " " + m.Decimal() }

func (m Money) cur() string {
	if m.Currency == "" {
		return DefaultCurrency
	}
	return m.Currency
}

// IsZero, IsNegative and IsPositive report the sign of the amount.
func (m Money) IsZero() bool     { return m.Minor == 0 }
func (m Money) IsNegative() bool { return m.Minor < 0 }
func (m Money) IsPositive() bool { return m.Minor > 0 }

// Add returns m+o; both must be in the same currency.
func (m Money) Add(o Money) (Money, error) {
	if m.cur() != o.cur() {
		return Money{}, ErrCurrencyMismatch
	}
	r := m.Minor + o.Minor
	if (r > m.Minor) != (o.Minor > 0) && o.Minor != 0 {
		return Money{}, ErrAmountOverflow
	}
	return Money{Minor: r, Currency: m.cur()}, nil
}

// Sub returns m-o; both must be in the same currency.
func (m Money) Sub(o Money) (Money, error) { return m.Add(Money{Minor: -o.Minor, Currency: o.cur()}) }

// Times returns m multiplied by a whole quantity.
func (m Money) Times(qty int64) (Money, error) {
	r := new(big.Int).Mul(big.NewInt(m.Minor), big.NewInt(qty))
	if !r.IsInt64() {
		return Money{}, ErrAmountOverflow
	}
	return Money{Minor: r.Int64(), Currency: m.cur()}, nil
}

// Cmp compares m and o (-1, 0, +1); amounts in different currencies compare
// by currency code first so the order is total.
func (m Money) Cmp(o Money) int {
	if c := strings.Compare(m.cur(), o.cur()); c != 0 {
		return c
	}
	switch {
	case m.Minor < o.Minor:
		return -1
	case m.Minor > o.Minor:
		return 1
	}
	return 0
}

// Equal reports whether m and o are the same amount in the same currency.
func (m Money) Equal(o Money) bool { return m.Cmp(o) == 0 }
