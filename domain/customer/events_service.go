package customer

import "time"

// CarePlanned is recorded when customer service plans care for the
// customer; the value tier and purchase frequency it was planned for are
// recorded with it (C12).
type CarePlanned struct {
	CustomerID            string    `json:"customer_id"`
	PlanID                string    `json:"plan_id"`
	CareType              CareType  `json:"care_type"`
	Method                string    `json:"method"`
	Schedule              string    `json:"schedule"`
	ValueTier             string    `json:"value_tier"`
	PurchaseFrequencyBand string    `json:"purchase_frequency_band"`
	PlannedBy             string    `json:"planned_by"`
	PlannedAt             time.Time `json:"planned_at"`
}

// CareDelivered is recorded for each care action carried out under a plan.
type CareDelivered struct {
	CustomerID  string    `json:"customer_id"`
	PlanID      string    `json:"plan_id"`
	Note        string    `json:"note"`
	DeliveredBy string    `json:"delivered_by"`
	DeliveredAt time.Time `json:"delivered_at"`
}

// FollowUpVisitScheduled is recorded when a follow-up visit (回访) is
// planned.
type FollowUpVisitScheduled struct {
	CustomerID  string    `json:"customer_id"`
	VisitID     string    `json:"visit_id"`
	DueAt       time.Time `json:"due_at"`
	AssigneeID  string    `json:"assignee_id"`
	ScheduledBy string    `json:"scheduled_by"`
	ScheduledAt time.Time `json:"scheduled_at"`
}

// FollowUpVisitCompleted is recorded when a scheduled follow-up visit took
// place, with the customer's satisfaction, product usage and feedback.
type FollowUpVisitCompleted struct {
	CustomerID   string    `json:"customer_id"`
	VisitID      string    `json:"visit_id"`
	Satisfaction int       `json:"satisfaction"`
	Usage        string    `json:"usage"`
	Feedback     string    `json:"feedback"`
	CompletedBy  string    `json:"completed_by"`
	CompletedAt  time.Time `json:"completed_at"`
}

// FeedbackRecorded is recorded when customer feedback is taken and passed
// on to the department concerned.
type FeedbackRecorded struct {
	CustomerID      string    `json:"customer_id"`
	FeedbackID      string    `json:"feedback_id"`
	Content         string    `json:"content"`
	ForwardedToDept string    `json:"forwarded_to_dept"`
	RecordedBy      string    `json:"recorded_by"`
	RecordedAt      time.Time `json:"recorded_at"`
}

// SatisfactionRecorded is recorded when the customer's answers to a
// satisfaction survey are entered.
type SatisfactionRecorded struct {
	CustomerID string         `json:"customer_id"`
	SurveyID   string         `json:"survey_id"`
	Overall    int            `json:"overall"`
	Scores     map[string]int `json:"scores,omitempty"`
	RecordedBy string         `json:"recorded_by"`
	RecordedAt time.Time      `json:"recorded_at"`
}

// InquiryReceived is recorded when a customer enquiry arrives (hotline,
// online, walk-in, phone); recording it is itself an obligation (C10).
type InquiryReceived struct {
	CustomerID string    `json:"customer_id"`
	InquiryID  string    `json:"inquiry_id"`
	Channel    string    `json:"channel"`
	Content    string    `json:"content"`
	ReceivedBy string    `json:"received_by"`
	ReceivedAt time.Time `json:"received_at"`
}

// InquiryAnswered is recorded when an enquiry is answered.
type InquiryAnswered struct {
	CustomerID string    `json:"customer_id"`
	InquiryID  string    `json:"inquiry_id"`
	Answer     string    `json:"answer"`
	AnsweredBy string    `json:"answered_by"`
	AnsweredAt time.Time `json:"answered_at"`
}

func (CarePlanned) EventType() string            { return "customer.care_planned" }
func (CareDelivered) EventType() string          { return "customer.care_delivered" }
func (FollowUpVisitScheduled) EventType() string { return "customer.follow_up_visit_scheduled" }
func (FollowUpVisitCompleted) EventType() string { return "customer.follow_up_visit_completed" }
func (FeedbackRecorded) EventType() string       { return "customer.feedback_recorded" }
func (SatisfactionRecorded) EventType() string   { return "customer.satisfaction_recorded" }
func (InquiryReceived) EventType() string        { return "customer.inquiry_received" }
func (InquiryAnswered) EventType() string        { return "customer.inquiry_answered" }
