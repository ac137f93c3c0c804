package customer

import (
	"fmt"

	"github.com/opsledger/opsledger/domain"
)

// Validate refuses a scheme with an empty, over-long or repeated value in
// any dimension. An empty dimension stays allowed: it accepts any value.
func (s ClassificationScheme) Validate() error {
	for _, d := range []struct {
		field  string
		values []string
	}{{"industries", s.Industries}, {"scales", s.Scales}, {"value_tiers", s.ValueTiers}, {"frequency_bands", s.FrequencyBands}} {
		seen := make(map[string]bool, len(d.values))
		for _, v := range d.values {
			if err := domain.CheckText(d.field, v, domain.TextCode); err != nil {
				return err
			}
			if v == "" || seen[v] {
				return domain.InvalidField(d.field, fmt.Sprintf("values must be non-empty and distinct (%q)", v))
			}
			seen[v] = true
		}
	}
	return nil
}
