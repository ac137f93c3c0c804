package customer_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
)

var (
	plan        = customer.CarePlan{PlanID: "p-1", CareType: customer.CareHolidayGreeting, Method: "gift card", Schedule: "Spring Festival"}
	planned     = customer.CarePlanned{CustomerID: "c-1", PlanID: "p-1"}
	scheduled   = customer.FollowUpVisitScheduled{CustomerID: "c-1", VisitID: "f-1"}
	completed   = customer.FollowUpVisitCompleted{CustomerID: "c-1", VisitID: "f-1"}
	inquired    = customer.InquiryReceived{CustomerID: "c-1", InquiryID: "i-1"}
	surveyTaken = customer.SatisfactionRecorded{CustomerID: "c-1", SurveyID: "s-1", Overall: 4}
)

func TestCustomer_PlanCare(t *testing.T) {
	tests := []struct {
		name     string
		given    []domain.Event
		plan     customer.CarePlan
		want     []domain.Event
		wantErr  error
		wantRule string
	}{
		{name: "care is planned for the customer's value and frequency (C12)", given: history(registered, classified), plan: plan,
			want: history(customer.CarePlanned{CustomerID: "c-1", PlanID: "p-1", CareType: customer.CareHolidayGreeting, Method: "gift card", Schedule: "Spring Festival", ValueTier: "HIGH", PurchaseFrequencyBand: "REGULAR", PlannedBy: "cs-1", PlannedAt: t1})},
		{name: "an unclassified customer gets no care plan (C12)", given: history(registered), plan: plan, wantErr: domain.ErrRejected, wantRule: "C12"},
		{name: "an unknown care type is invalid", given: history(registered, classified), plan: customer.CarePlan{PlanID: "p-1", CareType: "PARTY", Method: "m", Schedule: "s"}, wantErr: domain.ErrInvalid},
		{name: "method and schedule are required", given: history(registered, classified), plan: customer.CarePlan{PlanID: "p-1", CareType: customer.CareBirthdayWishes}, wantErr: domain.ErrInvalid},
		{name: "planning again records nothing", given: history(registered, classified, planned), plan: plan},
		{name: "unknown customer", plan: plan, wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.PlanCare(tt.plan, "cs-1", t1)

			check(t, "PlanCare", got, err, tt.want, tt.wantErr)
			if ruleOf(err) != tt.wantRule {
				t.Errorf("PlanCare() rule = %q, want %q", ruleOf(err), tt.wantRule)
			}
		})
	}
}

func TestCustomer_RecordCareAction(t *testing.T) {
	tests := []struct {
		name    string
		given   []domain.Event
		want    []domain.Event
		wantErr error
	}{
		{name: "care delivered under a plan is recorded", given: history(registered, classified, planned),
			want: history(customer.CareDelivered{CustomerID: "c-1", PlanID: "p-1", Note: "card sent", DeliveredBy: "cs-1", DeliveredAt: t1})},
		{name: "an unknown plan is not found", given: history(registered), wantErr: customer.ErrCarePlanNotFound},
		{name: "unknown customer", wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.RecordCareAction("p-1", "card sent", "cs-1", t1)

			check(t, "RecordCareAction", got, err, tt.want, tt.wantErr)
		})
	}
}

func TestCustomer_ScheduleFollowUp(t *testing.T) {
	tests := []struct {
		name     string
		given    []domain.Event
		assignee string
		want     []domain.Event
		wantErr  error
	}{
		{name: "a follow-up visit is scheduled", given: history(registered, cooperating), assignee: "cs-2",
			want: history(customer.FollowUpVisitScheduled{CustomerID: "c-1", VisitID: "f-1", DueAt: t1, AssigneeID: "cs-2", ScheduledBy: "cs-1", ScheduledAt: t0})},
		{name: "scheduling again records nothing", given: history(registered, scheduled), assignee: "cs-2"},
		{name: "an assignee is required", given: history(registered), wantErr: domain.ErrInvalid},
		{name: "unknown customer", assignee: "cs-2", wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.ScheduleFollowUp("f-1", t1, tt.assignee, "cs-1", t0)

			check(t, "ScheduleFollowUp", got, err, tt.want, tt.wantErr)
		})
	}
}

func TestCustomer_RecordFollowUp(t *testing.T) {
	result := customer.FollowUpResult{VisitID: "f-1", Satisfaction: 4, Usage: "daily", Feedback: "faster delivery please"}
	tests := []struct {
		name    string
		given   []domain.Event
		result  customer.FollowUpResult
		want    []domain.Event
		wantErr error
	}{
		{name: "a scheduled follow-up visit is completed", given: history(registered, scheduled), result: result,
			want: history(customer.FollowUpVisitCompleted{CustomerID: "c-1", VisitID: "f-1", Satisfaction: 4, Usage: "daily", Feedback: "faster delivery please", CompletedBy: "cs-1", CompletedAt: t1})},
		{name: "completing twice records nothing", given: history(registered, scheduled, completed), result: result},
		{name: "satisfaction is 1 to 5", given: history(registered, scheduled), result: customer.FollowUpResult{VisitID: "f-1", Satisfaction: 6}, wantErr: domain.ErrInvalid},
		{name: "an unscheduled visit is not found", given: history(registered), result: result, wantErr: customer.ErrFollowUpNotFound},
		{name: "unknown customer", result: result, wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.RecordFollowUp(tt.result, "cs-1", t1)

			check(t, "RecordFollowUp", got, err, tt.want, tt.wantErr)
		})
	}
}

func TestCustomer_RecordFeedback(t *testing.T) {
	fb := customer.Feedback{FeedbackID: "fb-1", Content: "late delivery", ForwardedToDept: "logistics"}
	tests := []struct {
		name    string
		given   []domain.Event
		fb      customer.Feedback
		want    []domain.Event
		wantErr error
	}{
		{name: "feedback passed to a department is recorded", given: history(registered), fb: fb,
			want: history(customer.FeedbackRecorded{CustomerID: "c-1", FeedbackID: "fb-1", Content: "late delivery", ForwardedToDept: "logistics", RecordedBy: "rep-1", RecordedAt: t1})},
		{name: "feedback must be forwarded to a department", given: history(registered), fb: customer.Feedback{FeedbackID: "fb-1", Content: "late delivery"}, wantErr: domain.ErrInvalid},
		{name: "content is required", given: history(registered), fb: customer.Feedback{FeedbackID: "fb-1", ForwardedToDept: "logistics"}, wantErr: domain.ErrInvalid},
		{name: "unknown customer", fb: fb, wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.RecordFeedback(tt.fb, "rep-1", t1)

			check(t, "RecordFeedback", got, err, tt.want, tt.wantErr)
		})
	}
}

func TestCustomer_RecordSatisfaction(t *testing.T) {
	result := customer.SurveyResult{SurveyID: "s-1", Overall: 4, Scores: map[string]int{"delivery": 3, "quality": 5}}
	tests := []struct {
		name    string
		given   []domain.Event
		result  customer.SurveyResult
		want    []domain.Event
		wantErr error
	}{
		{name: "a survey result is recorded", given: history(registered), result: result,
			want: history(customer.SatisfactionRecorded{CustomerID: "c-1", SurveyID: "s-1", Overall: 4, Scores: result.Scores, RecordedBy: "cs-1", RecordedAt: t1})},
		{name: "the same result again records nothing", given: history(registered, surveyTaken), result: result},
		{name: "a different result for the same survey conflicts", given: history(registered, surveyTaken), result: customer.SurveyResult{SurveyID: "s-1", Overall: 2}, wantErr: customer.ErrSurveyRecorded},
		{name: "scores are 1 to 5", given: history(registered), result: customer.SurveyResult{SurveyID: "s-1", Overall: 4, Scores: map[string]int{"x": 0}}, wantErr: domain.ErrInvalid},
		{name: "a survey id is required", given: history(registered), result: customer.SurveyResult{Overall: 4}, wantErr: domain.ErrInvalid},
		{name: "unknown customer", result: result, wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.RecordSatisfaction(tt.result, "cs-1", t1)

			check(t, "RecordSatisfaction", got, err, tt.want, tt.wantErr)
		})
	}
}

func TestCustomer_RecordInquiry(t *testing.T) {
	tests := []struct {
		name    string
		given   []domain.Event
		content string
		want    []domain.Event
		wantErr error
	}{
		{name: "a phone enquiry is recorded (C10)", given: history(registered), content: "price of DN50 valves",
			want: history(customer.InquiryReceived{CustomerID: "c-1", InquiryID: "i-1", Channel: "PHONE", Content: "price of DN50 valves", ReceivedBy: "asst-1", ReceivedAt: t1})},
		{name: "recording again records nothing", given: history(registered, inquired), content: "x"},
		{name: "content is required", given: history(registered), wantErr: domain.ErrInvalid},
		{name: "unknown customer", content: "x", wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.RecordInquiry("i-1", "PHONE", tt.content, "asst-1", t1)

			check(t, "RecordInquiry", got, err, tt.want, tt.wantErr)
		})
	}
}

func TestCustomer_AnswerInquiry(t *testing.T) {
	tests := []struct {
		name    string
		given   []domain.Event
		answer  string
		want    []domain.Event
		wantErr error
	}{
		{name: "an enquiry is answered", given: history(registered, inquired), answer: "CNY 120 each",
			want: history(customer.InquiryAnswered{CustomerID: "c-1", InquiryID: "i-1", Answer: "CNY 120 each", AnsweredBy: "asst-1", AnsweredAt: t1})},
		{name: "answering twice records nothing", given: history(registered, inquired, customer.InquiryAnswered{InquiryID: "i-1"}), answer: "x"},
		{name: "an answer is required", given: history(registered, inquired), wantErr: domain.ErrInvalid},
		{name: "an unknown enquiry is not found", given: history(registered), answer: "x", wantErr: customer.ErrInquiryNotFound},
		{name: "unknown customer", answer: "x", wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.AnswerInquiry("i-1", tt.answer, "asst-1", t1)

			check(t, "AnswerInquiry", got, err, tt.want, tt.wantErr)
		})
	}
}
