package customer

import (
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Depth is how far the relationship has grown (§2.1.3-depth in
// docs/RULES.md). It is coaching material: no command depends on it.
type Depth string

// The relationship depths, in order.
const (
	DepthGeneral      Depth = "GENERAL_UNDERSTANDING"
	DepthDeep         Depth = "DEEP_UNDERSTANDING"
	DepthBuilt        Depth = "RELATIONSHIP_BUILT"
	DepthConsolidated Depth = "RELATIONSHIP_CONSOLIDATED"
)

// Classification is the customer's place in the classification scheme
// (C8: industry and scale; C12: value and purchase frequency).
type Classification struct {
	Industry              string
	Scale                 string
	ValueTier             string
	PurchaseFrequencyBand string
	SchemeVersion         string
}

// ClassificationScheme is the versioned reference data Classify checks
// against. The seeds name the dimensions but no values, so the values are
// a design decision (D; C8 in docs/RULES.md). An empty list accepts any non-empty
// value.
type ClassificationScheme struct {
	Industries     []string `json:"industries"`
	Scales         []string `json:"scales"`
	ValueTiers     []string `json:"value_tiers"`
	FrequencyBands []string `json:"frequency_bands"`
}

// DefaultClassificationScheme is the recommended scheme until one is
// configured: any industry, four scales, three value tiers, four bands.
func DefaultClassificationScheme() ClassificationScheme {
	return ClassificationScheme{
		Scales:         []string{"MICRO", "SMALL", "MEDIUM", "LARGE"},
		ValueTiers:     []string{"HIGH", "MEDIUM", "LOW"},
		FrequencyBands: []string{"FREQUENT", "REGULAR", "OCCASIONAL", "ONE_OFF"},
	}
}

func (s ClassificationScheme) check(cl Classification) error {
	for _, d := range []struct {
		field, v string
		allowed  []string
	}{
		{"industry", cl.Industry, s.Industries}, {"scale", cl.Scale, s.Scales},
		{"value_tier", cl.ValueTier, s.ValueTiers}, {"purchase_frequency_band", cl.PurchaseFrequencyBand, s.FrequencyBands},
	} {
		if err := required(d.field, d.v); err != nil {
			return err
		}
		if len(d.allowed) > 0 && !slices.Contains(d.allowed, d.v) {
			return domain.InvalidField(d.field, "is not a value of the classification scheme")
		}
	}
	return nil
}

// Classify places the customer in the scheme of version schemeVersion.
// It refuses values outside the scheme and an unknown customer; the same
// classification under the same scheme version records nothing.
func (c Customer) Classify(cl Classification, scheme ClassificationScheme, schemeVersion, by string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("industry", cl.Industry), domain.Text("scale", cl.Scale), domain.Text("value_tier", cl.ValueTier), domain.Text("purchase_frequency_band", cl.PurchaseFrequencyBand)); err != nil {
		return nil, err
	}
	if !c.Exists() {
		return nil, ErrNotFound
	}
	if err := scheme.check(cl); err != nil {
		return nil, err
	}
	cl.SchemeVersion = schemeVersion
	if c.Classification == cl {
		return nil, nil
	}
	return []domain.Event{Classified{
		CustomerID: c.ID, Industry: cl.Industry, Scale: cl.Scale, ValueTier: cl.ValueTier,
		PurchaseFrequencyBand: cl.PurchaseFrequencyBand, SchemeVersion: schemeVersion,
		ClassifiedBy: by, ClassifiedAt: at,
	}}, nil
}

// SetRelationshipDepth records the relationship depth the owning rep sees.
// It is informational: any stage accepts it. It refuses an unknown depth,
// a rep who does not own the customer and an unknown customer; the current
// depth again records nothing.
func (c Customer) SetRelationshipDepth(d Depth, actorID string, role domain.Role, at time.Time) ([]domain.Event, error) {
	if err := c.ownerCheck(actorID, role); err != nil {
		return nil, err
	}
	if !slices.Contains([]Depth{DepthGeneral, DepthDeep, DepthBuilt, DepthConsolidated}, d) {
		return nil, domain.InvalidField("depth", "must be GENERAL_UNDERSTANDING, DEEP_UNDERSTANDING, RELATIONSHIP_BUILT or RELATIONSHIP_CONSOLIDATED")
	}
	if c.Depth == d {
		return nil, nil
	}
	return []domain.Event{RelationshipDepthRecorded{CustomerID: c.ID, Depth: d, RecordedBy: actorID, RecordedAt: at}}, nil
}

// Reassign hands the customer to rep toRepID (the command layer lets only
// a department head do it). The head, of org unit byUnit, must head the
// customer's unit. It refuses a missing rep or reason and an unknown
// customer; reassigning to the current owner records nothing.
func (c Customer) Reassign(toRepID, reason, by, byUnit string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("to_rep_id", toRepID), domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if !c.Exists() {
		return nil, ErrNotFound
	}
	if err := c.unitCheck(byUnit); err != nil {
		return nil, err
	}
	if err := required("to_rep_id", toRepID); err != nil {
		return nil, err
	}
	if toRepID == c.OwnerRepID {
		return nil, nil
	}
	if err := required("reason", reason); err != nil {
		return nil, err
	}
	return []domain.Event{Reassigned{CustomerID: c.ID, FromRepID: c.OwnerRepID, ToRepID: toRepID, Reason: reason, ReassignedBy: by, ReassignedAt: at}}, nil
}

// ReviewFile confirms the monthly review of the file (C4) for the calendar
// month of at, in at's location (callers pass the company's local time).
// A second review in the same month records nothing. It refuses an
// abandoned customer (only active files are reviewed), a rep who does not
// own the customer and an unknown customer.
func (c Customer) ReviewFile(reviewerID string, role domain.Role, at time.Time) ([]domain.Event, error) {
	if err := c.ownerCheck(reviewerID, role); err != nil {
		return nil, err
	}
	if c.Stage == StageAbandoned {
		return nil, ErrAbandoned
	}
	month := MonthOf(at)
	if c.LastReviewedMonth == month {
		return nil, nil
	}
	return []domain.Event{FileReviewed{CustomerID: c.ID, Month: month, ReviewerID: reviewerID, ReviewedAt: at}}, nil
}

// MonthOf is the calendar month of t in t's location, as "2006-01".
func MonthOf(t time.Time) string { return t.Format("2006-01") }

// Stale reports whether the file was not reviewed in the calendar month of
// now (C4).
func (c Customer) Stale(now time.Time) bool { return c.LastReviewedMonth != MonthOf(now) }

func (c Customer) evolveFile(e domain.Event) Customer {
	switch e := e.(type) {
	case Classified:
		c.Classification = Classification{e.Industry, e.Scale, e.ValueTier, e.PurchaseFrequencyBand, e.SchemeVersion}
	case RelationshipDepthRecorded:
		c.Depth = e.Depth
	case Reassigned:
		c.OwnerRepID = e.ToRepID
	case FileReviewed:
		c.LastReviewedMonth = e.Month
	default:
		c = c.evolveService(e)
	}
	return c
}

// unitCheck refuses a department head who does not head the customer's
// org unit. A head without an org unit heads no unit, so is refused too.
func (c Customer) unitCheck(orgUnitID string) error {
	if orgUnitID == "" || orgUnitID != c.OrgUnitID {
		return ErrOtherUnit
	}
	return nil
}

// ServedBy refuses a sales rep repID of org unit orgUnitID who neither owns
// the customer nor works in its org unit: such a rep does not serve the
// customer, so may not act on its orders. A rep without an org unit serves
// only the customers they own.
func (c Customer) ServedBy(repID, orgUnitID string) error {
	switch {
	case repID != "" && repID == c.OwnerRepID:
		return nil
	case orgUnitID != "" && orgUnitID == c.OrgUnitID:
		return nil
	}
	return ErrNotServing
}
