package customer

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// CareType is the kind of care a plan delivers (C12).
type CareType string

// The care types the regulations list.
const (
	CareHolidayGreeting    CareType = "HOLIDAY_GREETING"
	CareBirthdayWishes     CareType = "BIRTHDAY_WISHES"
	CareProductUseGuidance CareType = "PRODUCT_USE_GUIDANCE"
	CarePromotionNotice    CareType = "PROMOTION_NOTICE"
)

// CarePlan is a planned form of care: its type, method and schedule.
type CarePlan struct {
	PlanID   string
	CareType CareType
	Method   string
	Schedule string
}

// PlanCare plans care for the customer. It refuses an unclassified
// customer, because the plan depends on value and purchase frequency
// (C12), and a plan without type, method or schedule; a plan id already
// planned records nothing.
func (c Customer) PlanCare(p CarePlan, by string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("plan_id", p.PlanID), domain.Text("method", p.Method), domain.Text("schedule", p.Schedule)); err != nil {
		return nil, err
	}
	if !c.Exists() {
		return nil, ErrNotFound
	}
	switch p.CareType {
	case CareHolidayGreeting, CareBirthdayWishes, CareProductUseGuidance, CarePromotionNotice:
	default:
		return nil, domain.InvalidField("care_type", "must be HOLIDAY_GREETING, BIRTHDAY_WISHES, PRODUCT_USE_GUIDANCE or PROMOTION_NOTICE")
	}
	if err := requiredAll("plan_id", p.PlanID, "method", p.Method, "schedule", p.Schedule); err != nil {
		return nil, err
	}
	if c.Classification.ValueTier == "" || c.Classification.PurchaseFrequencyBand == "" {
		return nil, ErrNotClassifiedForCare
	}
	if c.carePlans[p.PlanID] {
		return nil, nil
	}
	return []domain.Event{CarePlanned{
		CustomerID: c.ID, PlanID: p.PlanID, CareType: p.CareType, Method: p.Method, Schedule: p.Schedule,
		ValueTier: c.Classification.ValueTier, PurchaseFrequencyBand: c.Classification.PurchaseFrequencyBand,
		PlannedBy: by, PlannedAt: at,
	}}, nil
}

// RecordCareAction records care delivered under a plan. It refuses an
// unknown plan or customer.
func (c Customer) RecordCareAction(planID, note, by string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("plan_id", planID), domain.Text("note", note)); err != nil {
		return nil, err
	}
	if !c.Exists() {
		return nil, ErrNotFound
	}
	if !c.carePlans[planID] {
		return nil, ErrCarePlanNotFound
	}
	return []domain.Event{CareDelivered{CustomerID: c.ID, PlanID: planID, Note: note, DeliveredBy: by, DeliveredAt: at}}, nil
}

// ScheduleFollowUp plans a follow-up visit (回访). It refuses a missing id,
// due time or assignee; a visit id already scheduled records nothing.
func (c Customer) ScheduleFollowUp(visitID string, dueAt time.Time, assigneeID, by string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("visit_id", visitID), domain.Text("assignee_id", assigneeID)); err != nil {
		return nil, err
	}
	if !c.Exists() {
		return nil, ErrNotFound
	}
	if err := requiredAll("visit_id", visitID, "assignee_id", assigneeID); err != nil {
		return nil, err
	}
	if dueAt.IsZero() {
		return nil, domain.InvalidField("due_at", "is required")
	}
	if _, ok := c.followUps[visitID]; ok {
		return nil, nil
	}
	return []domain.Event{FollowUpVisitScheduled{CustomerID: c.ID, VisitID: visitID, DueAt: dueAt, AssigneeID: assigneeID, ScheduledBy: by, ScheduledAt: at}}, nil
}

// FollowUpResult is what a follow-up visit found out.
type FollowUpResult struct {
	VisitID      string
	Satisfaction int // 1 (very dissatisfied) … 5 (very satisfied)
	Usage        string
	Feedback     string
}

// RecordFollowUp completes a scheduled follow-up visit with satisfaction,
// product usage and feedback. It refuses an unscheduled visit and a
// satisfaction outside 1–5; a completed visit records nothing.
func (c Customer) RecordFollowUp(r FollowUpResult, by string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("visit_id", r.VisitID), domain.Text("usage", r.Usage), domain.Text("feedback", r.Feedback)); err != nil {
		return nil, err
	}
	if !c.Exists() {
		return nil, ErrNotFound
	}
	done, ok := c.followUps[r.VisitID]
	if !ok {
		return nil, ErrFollowUpNotFound
	}
	if done {
		return nil, nil
	}
	if r.Satisfaction < 1 || r.Satisfaction > 5 {
		return nil, domain.InvalidField("satisfaction", "must be 1 to 5")
	}
	return []domain.Event{FollowUpVisitCompleted{
		CustomerID: c.ID, VisitID: r.VisitID, Satisfaction: r.Satisfaction, Usage: r.Usage,
		Feedback: r.Feedback, CompletedBy: by, CompletedAt: at,
	}}, nil
}
