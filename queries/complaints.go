package queries

import (
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
)

// ErrComplaintNotFound is returned for a complaint the read model does not
// know.
var ErrComplaintNotFound = domain.NotFound("complaint not found")

// ComplaintView is one complaint as managers see it. Durations are whole
// seconds from receipt; they are absent until the milestone happened.
type ComplaintView struct {
	ComplaintID       string     `db:"complaint_id" json:"complaint_id"`
	CustomerID        string     `db:"customer_id" json:"customer_id"`
	Channel           string     `db:"channel" json:"channel"`
	ReceivedBy        string     `db:"received_by" json:"received_by"`
	ReceivedAt        time.Time  `db:"received_at" json:"received_at"`
	Status            string     `db:"status" json:"status"`
	DepartmentID      string     `db:"department_id" json:"department_id,omitempty"`
	RoutedAt          *time.Time `db:"routed_at" json:"routed_at,omitempty"`
	FirstUpdateAt     *time.Time `db:"first_update_at" json:"first_update_at,omitempty"`
	LastUpdateAt      *time.Time `db:"last_update_at" json:"last_update_at,omitempty"`
	ClosedAt          *time.Time `db:"closed_at" json:"closed_at,omitempty"`
	Escalations       int        `db:"escalations" json:"escalations"`
	EscalatedTo       string     `db:"escalated_to" json:"escalated_to,omitempty"`
	ReopenCount       int        `db:"reopen_count" json:"reopen_count"`
	RootCauseCategory string     `db:"root_cause_category" json:"root_cause_category,omitempty"`
	Version           int64      `db:"version" json:"version"`
	UpdatedAt         time.Time  `db:"updated_at" json:"updated_at"`

	TimeToRouteSeconds       *int64       `db:"-" json:"time_to_route_seconds,omitempty"`
	TimeToFirstUpdateSeconds *int64       `db:"-" json:"time_to_first_update_seconds,omitempty"`
	TimeToCloseSeconds       *int64       `db:"-" json:"time_to_close_seconds,omitempty"`
	SLA                      ComplaintSLA `db:"-" json:"sla"`
}

// ComplaintSLA flags the milestones against complaint.DefaultRegulation(). The
// seeds give no numbers ("immediately", "promptly"), so these limits are
// design decisions (D), labelled as such in Basis: dashboards may colour by
// them, nobody may present them as company regulation. A flag is absent
// until its milestone happened.
type ComplaintSLA struct {
	Basis                    string `json:"basis"`
	RouteWithinSeconds       int64  `json:"route_within_seconds"`
	FirstUpdateWithinSeconds int64  `json:"first_update_within_seconds"`
	CloseWithinSeconds       int64  `json:"close_within_seconds"`
	RouteLate                *bool  `json:"route_late,omitempty"`
	FirstUpdateLate          *bool  `json:"first_update_late,omitempty"`
	CloseLate                *bool  `json:"close_late,omitempty"`
}

// ComplaintSLABasis labels the service-level limits as design parameters.
const ComplaintSLABasis = "D: complaint.DefaultRegulation (design parameter, not company regulation)"

// Derive fills the durations and SLA flags.
func (v *ComplaintView) Derive() {
	p := complaint.DefaultRegulation()
	v.TimeToRouteSeconds = seconds(v.ReceivedAt, v.RoutedAt)
	v.TimeToFirstUpdateSeconds = seconds(v.ReceivedAt, v.FirstUpdateAt)
	v.TimeToCloseSeconds = seconds(v.ReceivedAt, v.ClosedAt)
	v.SLA = ComplaintSLA{
		Basis:                    ComplaintSLABasis,
		RouteWithinSeconds:       int64(p.RouteWithin / time.Second),
		FirstUpdateWithinSeconds: int64(p.FirstUpdateWithin / time.Second),
		CloseWithinSeconds:       int64(p.CloseWithin / time.Second),
		RouteLate:                lateAfter(v.ReceivedAt, v.RoutedAt, p.RouteWithin),
		FirstUpdateLate:          lateAfter(v.ReceivedAt, v.FirstUpdateAt, p.FirstUpdateWithin),
		CloseLate:                lateAfter(v.ReceivedAt, v.ClosedAt, p.CloseWithin),
	}
}

// ComplaintFilter selects complaints. Empty fields select everything;
// ReceivedFrom/ReceivedTo bound the receipt time (inclusive, exclusive).
type ComplaintFilter struct {
	Status       string
	DepartmentID string
	CustomerID   string
	ReceivedFrom time.Time
	ReceivedTo   time.Time
	// Late keeps complaints with a milestone later than the D limits of
	// complaint.DefaultRegulation (see ComplaintSLA).
	Late bool
	// Sort is received_at or updated_at, "-" prefixed for descending;
	// default -received_at (newest first).
	Sort string
}

// lateAfter reports whether at came more than limit after since (exactly
// at the limit is on time, as in the domain), or nil when at is unknown.
func lateAfter(since time.Time, at *time.Time, limit time.Duration) *bool {
	if at == nil {
		return nil
	}
	late := at.Sub(since) > limit
	return &late
}

// seconds returns the whole seconds from a to b, or nil when b is unknown.
func seconds(a time.Time, b *time.Time) *int64 {
	if b == nil || a.IsZero() {
		return nil
	}
	s := int64(b.Sub(a) / time.Second)
	return &s
}
