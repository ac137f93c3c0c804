package complaint

import "github.com/opsledger/opsledger/domain"

// Validate refuses timers that are not positive, or a first update or
// routing due after the complaint should be closed.
func (p Regulation) Validate() error {
	for _, t := range []struct {
		field string
		d     int64
	}{
		{"route_within", int64(p.RouteWithin)}, {"first_update_within", int64(p.FirstUpdateWithin)},
		{"update_interval", int64(p.UpdateInterval)}, {"close_within", int64(p.CloseWithin)},
	} {
		if t.d <= 0 {
			return domain.InvalidField(t.field, "must be a positive duration")
		}
	}
	if p.RouteWithin > p.CloseWithin || p.FirstUpdateWithin > p.CloseWithin {
		return domain.InvalidField("close_within", "must not be shorter than route_within or first_update_within")
	}
	return nil
}
