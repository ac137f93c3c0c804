package customer

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// FileReviewMissed is recorded when a calendar month ended without the
// monthly review of an active file (C4-missed): the head of the file's
// department (OrgUnitID) is told, and the owning rep is named.
type FileReviewMissed struct {
	CustomerID string    `json:"customer_id"`
	Month      string    `json:"month"`
	OwnerRepID string    `json:"owner_rep_id"`
	OrgUnitID  string    `json:"org_unit_id,omitempty"`
	FlaggedAt  time.Time `json:"flagged_at"`
}

func (FileReviewMissed) EventType() string { return "customer.file_review_missed" }

// FlagMissedReview flags to the department head that the file was not
// reviewed in month ("2006-01", C4-missed). It records nothing when the
// review of that month (or a later one) was confirmed and when the file
// is abandoned (only active files are reviewed).
// It refuses an unknown customer.
func (c Customer) FlagMissedReview(month string, at time.Time) ([]domain.Event, error) {
	switch {
	case !c.Exists():
		return nil, ErrNotFound
	case c.Stage == StageAbandoned, c.LastReviewedMonth >= month:
		return nil, nil
	}
	return []domain.Event{FileReviewMissed{CustomerID: c.ID, Month: month, OwnerRepID: c.OwnerRepID,
		OrgUnitID: c.OrgUnitID, FlaggedAt: at}}, nil
}
