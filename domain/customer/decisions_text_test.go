package customer_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/texttest"
)

func decided(_ []domain.Event, err error) error { return err }

func given(h ...domain.Event) customer.Customer { return domain.Fold(customer.Customer.Evolve, h...) }

// personalFields set each personal datum of a key contact by the name the
// API gives it.
var personalFields = map[string]func(*customer.PersonalData, string){
	"name":             func(p *customer.PersonalData, s string) { p.Name = s },
	"gender":           func(p *customer.PersonalData, s string) { p.Gender = s },
	"contact_details":  func(p *customer.PersonalData, s string) { p.ContactDetails = s },
	"age_bracket":      func(p *customer.PersonalData, s string) { p.AgeBracket = s },
	"native_place":     func(p *customer.PersonalData, s string) { p.NativePlace = s },
	"social_relations": func(p *customer.PersonalData, s string) { p.SocialRelations = s },
	"ability":          func(p *customer.PersonalData, s string) { p.Ability = s },
	"background":       func(p *customer.PersonalData, s string) { p.Background = s },
	"personality":      func(p *customer.PersonalData, s string) { p.Personality = s },
}

// Given a customer file at the stage each decision needs, when one text
// input holds the longest value its kind allows, then the decision takes
// it; one character more, or a control character its kind does not
// allow, is refused naming the field as the API names it, for every
// caller (§2.5-text). Registration and profile fields are
// TestCustomer_textLimits'.
func TestCustomer_decisionTextLimits(t *testing.T) {
	file := given(registered)
	contactAdded := func(id string) customer.KeyContactAdded { a := liAdded; a.ContactID = id; return a }
	entry := customer.ContactEntry{ContactID: "k-li", Channel: "phone", Topic: "payment terms", Outcome: "agrees to 30 days", NextAppointmentAt: t1}
	logContact := func(change func(*customer.ContactEntry, string)) func(string) error {
		return func(s string) error {
			e := entry
			change(&e, s)
			return decided(given(registered, contactAdded(e.ContactID)).LogContact(e, "rep-1", t0))
		}
	}
	cl := customer.Classification{Industry: "chemicals", Scale: "MEDIUM", ValueTier: "HIGH", PurchaseFrequencyBand: "REGULAR"}
	classify := func(change func(*customer.Classification, string)) func(string) error {
		return func(s string) error {
			c := cl
			change(&c, s)
			return decided(file.Classify(c, customer.DefaultClassificationScheme(), "cls/1", "cs-1", t1))
		}
	}
	visitOf := func(change func(*customer.Visit, string)) func(string) error {
		return func(s string) error {
			v := customer.Visit{OutingRegistrationID: "out-2", OutingOnDay: true, Purpose: "demo", Outcome: customer.OutcomePark, Note: "no budget"}
			change(&v, s)
			return decided(given(registered, visited).RecordVisit(v, "rep-1", domain.RoleSalesRep, t1))
		}
	}
	carePlan := func(change func(*customer.CarePlan, string)) func(string) error {
		return func(s string) error {
			p := plan
			change(&p, s)
			return decided(given(registered, classified).PlanCare(p, "cs-1", t1))
		}
	}
	followUp := func(change func(*customer.FollowUpResult, string)) func(string) error {
		return func(s string) error {
			r := customer.FollowUpResult{VisitID: "f-1", Satisfaction: 4, Usage: "daily", Feedback: "faster delivery please"}
			change(&r, s)
			return decided(given(registered, customer.FollowUpVisitScheduled{CustomerID: "c-1", VisitID: r.VisitID}).RecordFollowUp(r, "cs-1", t1))
		}
	}
	feedback := func(change func(*customer.Feedback, string)) func(string) error {
		return func(s string) error {
			f := customer.Feedback{FeedbackID: "fb-1", Content: "late delivery", ForwardedToDept: "logistics"}
			change(&f, s)
			return decided(file.RecordFeedback(f, "rep-1", t1))
		}
	}
	signed := customer.SignedContract{ContractID: "k-1", CustomerID: "c-1", Signed: true, SignedAt: t0}
	inputs := []texttest.Input{
		{Field: "reason", Call: func(s string) error {
			return decided(file.UpdateProfile(map[string]string{"region": "west"}, s, "rep-1", domain.RoleSalesRep, t1))
		}},
		{Field: "contact_id", Call: func(s string) error {
			k := li
			k.ContactID = s
			return decided(file.AddKeyContact(k, "rep-1", domain.RoleSalesRep, t0))
		}},
		{Field: "role_in_org", Formatted: true, Call: func(s string) error {
			k := li
			k.RoleInOrg = customer.ContactRole(s)
			return decided(file.AddKeyContact(k, "rep-1", domain.RoleSalesRep, t0))
		}},
		{Field: "contact_id", Call: func(s string) error {
			k := li
			k.ContactID, k.Personal.Name = s, "Ms Li Hua"
			return decided(given(registered, contactAdded(s)).UpdateKeyContact(k, "cs-1", domain.RoleCustomerService, t1))
		}},
		{Field: "contact_id", Call: func(s string) error {
			return decided(given(registered, contactAdded(s)).RemoveKeyContact(s, "left", "cs-1", domain.RoleCustomerService, t1))
		}},
		{Field: "reason", Call: func(s string) error {
			return decided(given(registered, liAdded).RemoveKeyContact("k-li", s, "cs-1", domain.RoleCustomerService, t1))
		}},
		{Field: "contact_id", Call: logContact(func(e *customer.ContactEntry, s string) { e.ContactID = s })},
		{Field: "channel", Call: logContact(func(e *customer.ContactEntry, s string) { e.Channel = s })},
		{Field: "topic", Call: logContact(func(e *customer.ContactEntry, s string) { e.Topic = s })},
		{Field: "outcome", Call: logContact(func(e *customer.ContactEntry, s string) { e.Outcome = s })},
		{Field: "industry", Call: classify(func(c *customer.Classification, s string) { c.Industry = s })},
		{Field: "scale", Formatted: true, Call: classify(func(c *customer.Classification, s string) { c.Scale = s })},
		{Field: "value_tier", Formatted: true, Call: classify(func(c *customer.Classification, s string) { c.ValueTier = s })},
		{Field: "purchase_frequency_band", Formatted: true, Call: classify(func(c *customer.Classification, s string) { c.PurchaseFrequencyBand = s })},
		{Field: "to_rep_id", Call: func(s string) error { return decided(file.Reassign(s, "rep-1 departs", "head-1", "branch-nj", t1)) }},
		{Field: "reason", Call: func(s string) error { return decided(file.Reassign("rep-2", s, "head-1", "branch-nj", t1)) }},
		{Field: "reason", Call: func(s string) error { return decided(file.Park(s, "rep-1", domain.RoleSalesRep, t1)) }},
		{Field: "reason", Call: func(s string) error { return decided(file.Abandon(s, "rep-1", domain.RoleSalesRep, t1)) }},
		{Field: "reason", Call: func(s string) error { return decided(given(registered, parked).Reactivate(s, "rep-1", t1)) }},
		{Field: "reason", Call: func(s string) error { return decided(given(registered, cooperating).MarkDormant(s, t1)) }},
		{Field: "outing_registration_id", Call: visitOf(func(v *customer.Visit, s string) { v.OutingRegistrationID = s })},
		{Field: "purpose", Call: visitOf(func(v *customer.Visit, s string) { v.Purpose = s })},
		{Field: "note", Call: visitOf(func(v *customer.Visit, s string) { v.Note = s })},
		{Field: "contract_id", Call: func(s string) error {
			c := signed
			c.ContractID = s
			return decided(given(registered, negotiating).MarkCooperating(c, t1))
		}},
		{Field: "customer_id", Call: func(s string) error {
			c := signed
			c.CustomerID = s
			r := registered
			r.CustomerID = s
			return decided(given(r, negotiating).MarkCooperating(c, t1))
		}},
		{Field: "plan_id", Call: carePlan(func(p *customer.CarePlan, s string) { p.PlanID = s })},
		{Field: "method", Call: carePlan(func(p *customer.CarePlan, s string) { p.Method = s })},
		{Field: "schedule", Call: carePlan(func(p *customer.CarePlan, s string) { p.Schedule = s })},
		{Field: "plan_id", Call: func(s string) error {
			return decided(given(registered, classified, customer.CarePlanned{CustomerID: "c-1", PlanID: s}).RecordCareAction(s, "card sent", "cs-1", t1))
		}},
		{Field: "note", Call: func(s string) error {
			return decided(given(registered, classified, planned).RecordCareAction("p-1", s, "cs-1", t1))
		}},
		{Field: "visit_id", Call: func(s string) error {
			return decided(given(registered, cooperating).ScheduleFollowUp(s, t1, "cs-2", "cs-1", t0))
		}},
		{Field: "assignee_id", Call: func(s string) error {
			return decided(given(registered, cooperating).ScheduleFollowUp("f-1", t1, s, "cs-1", t0))
		}},
		{Field: "visit_id", Call: followUp(func(r *customer.FollowUpResult, s string) { r.VisitID = s })},
		{Field: "usage", Call: followUp(func(r *customer.FollowUpResult, s string) { r.Usage = s })},
		{Field: "feedback", Call: followUp(func(r *customer.FollowUpResult, s string) { r.Feedback = s })},
		{Field: "feedback_id", Call: feedback(func(f *customer.Feedback, s string) { f.FeedbackID = s })},
		{Field: "content", Call: feedback(func(f *customer.Feedback, s string) { f.Content = s })},
		{Field: "forwarded_to_dept", Call: feedback(func(f *customer.Feedback, s string) { f.ForwardedToDept = s })},
		{Field: "survey_id", Call: func(s string) error {
			return decided(file.RecordSatisfaction(customer.SurveyResult{SurveyID: s, Overall: 4}, "cs-1", t1))
		}},
		{Field: "scores", Call: func(s string) error {
			return decided(file.RecordSatisfaction(customer.SurveyResult{SurveyID: "s-1", Overall: 4, Scores: map[string]int{s: 3}}, "cs-1", t1))
		}},
		{Field: "inquiry_id", Call: func(s string) error { return decided(file.RecordInquiry(s, "PHONE", "price of valves", "asst-1", t1)) }},
		{Field: "channel", Call: func(s string) error { return decided(file.RecordInquiry("i-1", s, "price of valves", "asst-1", t1)) }},
		{Field: "content", Call: func(s string) error { return decided(file.RecordInquiry("i-1", "PHONE", s, "asst-1", t1)) }},
		{Field: "inquiry_id", Call: func(s string) error {
			return decided(given(registered, customer.InquiryReceived{CustomerID: "c-1", InquiryID: s}).AnswerInquiry(s, "CNY 120 each", "asst-1", t1))
		}},
		{Field: "answer", Call: func(s string) error {
			return decided(given(registered, inquired).AnswerInquiry("i-1", s, "asst-1", t1))
		}},
	}
	for name, set := range personalFields {
		inputs = append(inputs,
			texttest.Input{Field: "personal." + name, Call: func(s string) error {
				k := li
				set(&k.Personal, s)
				return decided(file.AddKeyContact(k, "rep-1", domain.RoleSalesRep, t0))
			}},
			texttest.Input{Field: "personal." + name, Call: func(s string) error {
				k := li
				set(&k.Personal, s)
				return decided(given(registered, liAdded).UpdateKeyContact(k, "cs-1", domain.RoleCustomerService, t1))
			}},
		)
	}
	texttest.Check(t, inputs)
}
