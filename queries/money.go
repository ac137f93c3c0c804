package queries

import (
	"strconv"

	"github.com/opsledger/opsledger/domain"
)

// MinorUnits is an amount in minor units (fen). Read models store it as
// bigint beside a currency column; JSON shows it as a decimal string
// ("1234.50") so no client ever sees a float.
type MinorUnits int64

// MarshalJSON writes the amount as a decimal string.
func (m MinorUnits) MarshalJSON() ([]byte, error) {
	return []byte(strconv.Quote(domain.Fen(int64(m)).Decimal())), nil
}

// UnmarshalJSON reads a decimal string (or number) of major units.
func (m *MinorUnits) UnmarshalJSON(b []byte) error {
	s, err := strconv.Unquote(string(b))
	if err != nil {
		s = string(b)
	}
	v, err := domain.ParseMoney(s, "")
	if err != nil {
		return err
	}
	*m = MinorUnits(v.Minor)
	return nil
}
