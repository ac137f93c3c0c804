package employee

import "encoding/json"

// PortfolioStateSchema versions the state a snapshot of a customer
// portfolio holds (see package snapshots): bump it whenever a field of
// Portfolio changes, or what its Evolve makes of an event, so a snapshot
// written by older code is ignored and the stream folded again.
const PortfolioStateSchema = 1

type portfolioSnapshot struct {
	Frozen    bool            `json:"frozen"`
	Customers map[string]bool `json:"customers"`
}

// MarshalSnapshot encodes the whole state, unexported fields included.
func (p Portfolio) MarshalSnapshot() ([]byte, error) {
	return json.Marshal(portfolioSnapshot{Frozen: p.Frozen, Customers: p.customers})
}

// UnmarshalPortfolioSnapshot decodes what MarshalSnapshot encoded.
func UnmarshalPortfolioSnapshot(b []byte) (Portfolio, error) {
	var s portfolioSnapshot
	if err := json.Unmarshal(b, &s); err != nil {
		return Portfolio{}, err
	}
	return Portfolio{Frozen: s.Frozen, customers: s.Customers}, nil
}
