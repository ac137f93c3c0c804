package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
)

// PlanCustomerCare plans care for a classified customer (C12).
type PlanCustomerCare struct {
	CustomerID string
	Plan       customer.CarePlan
}

// PlanCustomerCare records the plan (customer service).
func (h *Customers) PlanCustomerCare(ctx context.Context, m Meta, cmd PlanCustomerCare) (Result, error) {
	return h.customerService(ctx, m, "PlanCustomerCare", cmd.CustomerID, []domain.Role{domain.RoleCustomerService},
		func(c customer.Customer, at time.Time) ([]domain.Event, error) {
			return c.PlanCare(cmd.Plan, m.Actor.EmployeeID, at)
		})
}

// RecordCareAction records care delivered under a plan.
type RecordCareAction struct {
	CustomerID string
	PlanID     string
	Note       string
}

// RecordCareAction records the care action (customer service).
func (h *Customers) RecordCareAction(ctx context.Context, m Meta, cmd RecordCareAction) (Result, error) {
	return h.customerService(ctx, m, "RecordCareAction", cmd.CustomerID, []domain.Role{domain.RoleCustomerService},
		func(c customer.Customer, at time.Time) ([]domain.Event, error) {
			return c.RecordCareAction(cmd.PlanID, cmd.Note, m.Actor.EmployeeID, at)
		})
}

// ScheduleFollowUpVisit plans a follow-up visit (回访).
type ScheduleFollowUpVisit struct {
	CustomerID string
	VisitID    string
	DueAt      time.Time
	AssigneeID string
}

// ScheduleFollowUpVisit records the schedule (customer service or rep).
func (h *Customers) ScheduleFollowUpVisit(ctx context.Context, m Meta, cmd ScheduleFollowUpVisit) (Result, error) {
	return h.customerServiceIn(ctx, m, "ScheduleFollowUpVisit", cmd.CustomerID, []domain.Role{domain.RoleCustomerService, domain.RoleSalesRep}, customerServedScope,
		func(c customer.Customer, at time.Time) ([]domain.Event, error) {
			return c.ScheduleFollowUp(cmd.VisitID, cmd.DueAt, cmd.AssigneeID, m.Actor.EmployeeID, at)
		})
}

// RecordFollowUpVisit completes a scheduled follow-up visit.
type RecordFollowUpVisit struct {
	CustomerID string
	Result     customer.FollowUpResult
}

// RecordFollowUpVisit records satisfaction, usage and feedback.
func (h *Customers) RecordFollowUpVisit(ctx context.Context, m Meta, cmd RecordFollowUpVisit) (Result, error) {
	return h.customerServiceIn(ctx, m, "RecordFollowUpVisit", cmd.CustomerID, []domain.Role{domain.RoleCustomerService, domain.RoleSalesRep}, customerServedScope,
		func(c customer.Customer, at time.Time) ([]domain.Event, error) {
			return c.RecordFollowUp(cmd.Result, m.Actor.EmployeeID, at)
		})
}

// RecordFeedback records customer feedback and the department it went to.
type RecordFeedback struct {
	CustomerID string
	Feedback   customer.Feedback
}

// RecordFeedback records the feedback (any customer-facing role).
func (h *Customers) RecordFeedback(ctx context.Context, m Meta, cmd RecordFeedback) (Result, error) {
	return h.customerService(ctx, m, "RecordFeedback", cmd.CustomerID, customerFacingRoles,
		func(c customer.Customer, at time.Time) ([]domain.Event, error) {
			return c.RecordFeedback(cmd.Feedback, m.Actor.EmployeeID, at)
		})
}

// RecordSatisfactionSurvey records the customer's answers to a survey.
type RecordSatisfactionSurvey struct {
	CustomerID string
	Result     customer.SurveyResult
}

// RecordSatisfactionSurvey records the result (customer service).
func (h *Customers) RecordSatisfactionSurvey(ctx context.Context, m Meta, cmd RecordSatisfactionSurvey) (Result, error) {
	return h.customerService(ctx, m, "RecordSatisfactionSurvey", cmd.CustomerID, []domain.Role{domain.RoleCustomerService},
		func(c customer.Customer, at time.Time) ([]domain.Event, error) {
			return c.RecordSatisfaction(cmd.Result, m.Actor.EmployeeID, at)
		})
}

// RecordInquiry records an enquiry as received (C10).
type RecordInquiry struct {
	CustomerID string
	InquiryID  string
	Channel    string
	Content    string
}

// RecordInquiry records the enquiry (customer service or sales assistant).
func (h *Customers) RecordInquiry(ctx context.Context, m Meta, cmd RecordInquiry) (Result, error) {
	return h.customerService(ctx, m, "RecordInquiry", cmd.CustomerID, []domain.Role{domain.RoleCustomerService, domain.RoleSalesAssistant},
		func(c customer.Customer, at time.Time) ([]domain.Event, error) {
			return c.RecordInquiry(cmd.InquiryID, cmd.Channel, cmd.Content, m.Actor.EmployeeID, at)
		})
}

// AnswerInquiry records the answer to an enquiry.
type AnswerInquiry struct {
	CustomerID string
	InquiryID  string
	Answer     string
}

// AnswerInquiry records the answer (customer service or sales assistant).
func (h *Customers) AnswerInquiry(ctx context.Context, m Meta, cmd AnswerInquiry) (Result, error) {
	return h.customerService(ctx, m, "AnswerInquiry", cmd.CustomerID, []domain.Role{domain.RoleCustomerService, domain.RoleSalesAssistant},
		func(c customer.Customer, at time.Time) ([]domain.Event, error) {
			return c.AnswerInquiry(cmd.InquiryID, cmd.Answer, m.Actor.EmployeeID, at)
		})
}

func (h *Customers) customerService(ctx context.Context, m Meta, name, customerID string, roles []domain.Role, decide func(customer.Customer, time.Time) ([]domain.Event, error)) (Result, error) {
	return h.customerServiceIn(ctx, m, name, customerID, roles, nil, decide)
}

// customerServiceIn is customerService with the scope check of
// §2-issuer-scope run on the loaded customer first (nil: company-wide).
func (h *Customers) customerServiceIn(ctx context.Context, m Meta, name, customerID string, roles []domain.Role,
	check func(customer.Customer, Meta, domain.Role) error, decide func(customer.Customer, time.Time) ([]domain.Event, error)) (Result, error) {
	role, err := authorize(m, name, roles...)
	if err != nil {
		return Result{}, err
	}
	return h.customerDecide(ctx, m, customerID, role, func(c customer.Customer) ([]domain.Event, error) {
		if check != nil {
			if err := check(c, m, role); err != nil {
				return nil, err
			}
		}
		return decide(c, m.businessTime(h.now))
	})
}
