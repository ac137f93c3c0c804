package api

import (
	"context"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/customer"
)

func customerServiceRoutes(s *Server, rt *routes) {
	command(rt, "/customers/{id}/care-plans", customerTag, "Plan care for a classified customer (C12)", s.planCustomerCare)
	command(rt, "/customers/{id}/care-plans/{plan_id}/actions", customerTag, "Record care delivered under a plan", s.recordCareAction)
	command(rt, "/customers/{id}/follow-up-visits", customerTag, "Schedule a follow-up visit", s.scheduleFollowUpVisit)
	command(rt, "/customers/{id}/follow-up-visits/{visit_id}/result", customerTag, "Record a follow-up visit's result", s.recordFollowUpVisit)
	command(rt, "/customers/{id}/feedback", customerTag, "Record customer feedback and where it went", s.recordFeedback)
	command(rt, "/customers/{id}/satisfaction-surveys", customerTag, "Record a satisfaction survey's result", s.recordSatisfactionSurvey)
	command(rt, "/customers/{id}/inquiries", customerTag, "Record an enquiry as received (C10)", s.recordInquiry)
	command(rt, "/customers/{id}/inquiries/{inquiry_id}/answer", customerTag, "Record the answer to an enquiry", s.answerInquiry)
}

// PlanCustomerCareRequest is a form of care: care_type is one of
// HOLIDAY_GREETING, BIRTHDAY_WISHES, PRODUCT_USE_GUIDANCE, PROMOTION_NOTICE.
type PlanCustomerCareRequest struct {
	Envelope
	PlanID   string `json:"plan_id"`
	CareType string `json:"care_type"`
	Method   string `json:"method"`
	Schedule string `json:"schedule"`
}

func (s *Server) planCustomerCare(ctx context.Context, m commands.Meta, id string, req PlanCustomerCareRequest) (commands.Result, error) {
	return s.Commands.Customers.PlanCustomerCare(ctx, m, commands.PlanCustomerCare{CustomerID: id, Plan: customer.CarePlan{
		PlanID: req.PlanID, CareType: customer.CareType(req.CareType), Method: req.Method, Schedule: req.Schedule,
	}})
}

// RecordCareActionRequest describes the care delivered.
type RecordCareActionRequest struct {
	Envelope
	Note string `json:"note"`
}

func (s *Server) recordCareAction(ctx context.Context, m commands.Meta, id string, req RecordCareActionRequest) (commands.Result, error) {
	return s.Commands.Customers.RecordCareAction(ctx, m, commands.RecordCareAction{CustomerID: id, PlanID: chi.URLParamFromCtx(ctx, "plan_id"), Note: req.Note})
}

// ScheduleFollowUpVisitRequest plans a follow-up visit (回访).
type ScheduleFollowUpVisitRequest struct {
	Envelope
	VisitID    string    `json:"visit_id"`
	DueAt      time.Time `json:"due_at"`
	AssigneeID string    `json:"assignee_id"`
}

func (s *Server) scheduleFollowUpVisit(ctx context.Context, m commands.Meta, id string, req ScheduleFollowUpVisitRequest) (commands.Result, error) {
	return s.Commands.Customers.ScheduleFollowUpVisit(ctx, m, commands.ScheduleFollowUpVisit{CustomerID: id, VisitID: req.VisitID, DueAt: req.DueAt, AssigneeID: req.AssigneeID})
}

// RecordFollowUpVisitRequest is the visit's result; satisfaction is 1–5.
type RecordFollowUpVisitRequest struct {
	Envelope
	Satisfaction int    `json:"satisfaction"`
	Usage        string `json:"usage"`
	Feedback     string `json:"feedback"`
}

func (s *Server) recordFollowUpVisit(ctx context.Context, m commands.Meta, id string, req RecordFollowUpVisitRequest) (commands.Result, error) {
	return s.Commands.Customers.RecordFollowUpVisit(ctx, m, commands.RecordFollowUpVisit{CustomerID: id, Result: customer.FollowUpResult{
		VisitID: chi.URLParamFromCtx(ctx, "visit_id"), Satisfaction: req.Satisfaction, Usage: req.Usage, Feedback: req.Feedback,
	}})
}

// RecordFeedbackRequest is feedback and the department it was passed to.
type RecordFeedbackRequest struct {
	Envelope
	FeedbackID      string `json:"feedback_id"`
	Content         string `json:"content"`
	ForwardedToDept string `json:"forwarded_to_dept"`
}

func (s *Server) recordFeedback(ctx context.Context, m commands.Meta, id string, req RecordFeedbackRequest) (commands.Result, error) {
	return s.Commands.Customers.RecordFeedback(ctx, m, commands.RecordFeedback{CustomerID: id, Feedback: customer.Feedback{
		FeedbackID: req.FeedbackID, Content: req.Content, ForwardedToDept: req.ForwardedToDept,
	}})
}

// RecordSatisfactionSurveyRequest is a survey's answers, scores 1–5.
type RecordSatisfactionSurveyRequest struct {
	Envelope
	SurveyID string         `json:"survey_id"`
	Overall  int            `json:"overall"`
	Scores   map[string]int `json:"scores,omitempty"`
}

func (s *Server) recordSatisfactionSurvey(ctx context.Context, m commands.Meta, id string, req RecordSatisfactionSurveyRequest) (commands.Result, error) {
	return s.Commands.Customers.RecordSatisfactionSurvey(ctx, m, commands.RecordSatisfactionSurvey{CustomerID: id, Result: customer.SurveyResult{
		SurveyID: req.SurveyID, Overall: req.Overall, Scores: req.Scores,
	}})
}

// RecordInquiryRequest is an enquiry as received.
type RecordInquiryRequest struct {
	Envelope
	InquiryID string `json:"inquiry_id"`
	Channel   string `json:"channel"`
	Content   string `json:"content"`
}

func (s *Server) recordInquiry(ctx context.Context, m commands.Meta, id string, req RecordInquiryRequest) (commands.Result, error) {
	return s.Commands.Customers.RecordInquiry(ctx, m, commands.RecordInquiry{CustomerID: id, InquiryID: req.InquiryID, Channel: req.Channel, Content: req.Content})
}

// AnswerInquiryRequest is the answer given.
type AnswerInquiryRequest struct {
	Envelope
	Answer string `json:"answer"`
}

func (s *Server) answerInquiry(ctx context.Context, m commands.Meta, id string, req AnswerInquiryRequest) (commands.Result, error) {
	return s.Commands.Customers.AnswerInquiry(ctx, m, commands.AnswerInquiry{CustomerID: id, InquiryID: chi.URLParamFromCtx(ctx, "inquiry_id"), Answer: req.Answer})
}
