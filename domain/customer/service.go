package customer

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Feedback is customer feedback and the department it was passed to.
type Feedback struct {
	FeedbackID      string
	Content         string
	ForwardedToDept string
}

// RecordFeedback records feedback. It refuses feedback that was not
// forwarded to a department (the regulations require passing it on), and
// missing content.
func (c Customer) RecordFeedback(f Feedback, by string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("feedback_id", f.FeedbackID), domain.Text("content", f.Content), domain.Text("forwarded_to_dept", f.ForwardedToDept)); err != nil {
		return nil, err
	}
	if !c.Exists() {
		return nil, ErrNotFound
	}
	if err := requiredAll("feedback_id", f.FeedbackID, "content", f.Content, "forwarded_to_dept", f.ForwardedToDept); err != nil {
		return nil, err
	}
	return []domain.Event{FeedbackRecorded{CustomerID: c.ID, FeedbackID: f.FeedbackID, Content: f.Content, ForwardedToDept: f.ForwardedToDept, RecordedBy: by, RecordedAt: at}}, nil
}

// SurveyResult is the customer's answer to a satisfaction survey.
type SurveyResult struct {
	SurveyID string
	Overall  int            // 1 … 5
	Scores   map[string]int // per question, 1 … 5
}

// RecordSatisfaction records a survey result. It refuses a missing survey
// and scores outside 1–5. The same survey again records nothing when the
// overall score matches and is ErrSurveyRecorded otherwise.
func (c Customer) RecordSatisfaction(s SurveyResult, by string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(append(s.scoreTexts(), domain.Text("survey_id", s.SurveyID))...); err != nil {
		return nil, err
	}
	if !c.Exists() {
		return nil, ErrNotFound
	}
	if err := required("survey_id", s.SurveyID); err != nil {
		return nil, err
	}
	for _, v := range append([]int{s.Overall}, mapValues(s.Scores)...) {
		if v < 1 || v > 5 {
			return nil, domain.InvalidField("scores", "must be 1 to 5")
		}
	}
	if old, ok := c.surveys[s.SurveyID]; ok {
		if old == s.Overall {
			return nil, nil
		}
		return nil, ErrSurveyRecorded
	}
	return []domain.Event{SatisfactionRecorded{CustomerID: c.ID, SurveyID: s.SurveyID, Overall: s.Overall, Scores: s.Scores, RecordedBy: by, RecordedAt: at}}, nil
}

// RecordInquiry records an enquiry as received. It refuses missing id or
// content; an inquiry id already received records nothing.
func (c Customer) RecordInquiry(inquiryID, channel, content, by string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("inquiry_id", inquiryID), domain.Text("channel", channel), domain.Text("content", content)); err != nil {
		return nil, err
	}
	if !c.Exists() {
		return nil, ErrNotFound
	}
	if err := requiredAll("inquiry_id", inquiryID, "content", content); err != nil {
		return nil, err
	}
	if _, ok := c.inquiries[inquiryID]; ok {
		return nil, nil
	}
	return []domain.Event{InquiryReceived{CustomerID: c.ID, InquiryID: inquiryID, Channel: channel, Content: content, ReceivedBy: by, ReceivedAt: at}}, nil
}

// AnswerInquiry records the answer to a received enquiry. It refuses an
// unknown inquiry and an empty answer; an answered inquiry records nothing.
func (c Customer) AnswerInquiry(inquiryID, answer, by string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("inquiry_id", inquiryID), domain.Text("answer", answer)); err != nil {
		return nil, err
	}
	if !c.Exists() {
		return nil, ErrNotFound
	}
	answered, ok := c.inquiries[inquiryID]
	if !ok {
		return nil, ErrInquiryNotFound
	}
	if answered {
		return nil, nil
	}
	if err := required("answer", answer); err != nil {
		return nil, err
	}
	return []domain.Event{InquiryAnswered{CustomerID: c.ID, InquiryID: inquiryID, Answer: answer, AnsweredBy: by, AnsweredAt: at}}, nil
}

func (c Customer) evolveService(e domain.Event) Customer {
	switch e := e.(type) {
	case CarePlanned:
		c.carePlans = with(c.carePlans, e.PlanID, true)
	case FollowUpVisitScheduled:
		c.followUps = with(c.followUps, e.VisitID, false)
	case FollowUpVisitCompleted:
		c.followUps = with(c.followUps, e.VisitID, true)
	case SatisfactionRecorded:
		c.surveys = with(c.surveys, e.SurveyID, e.Overall)
	case InquiryReceived:
		c.inquiries = with(c.inquiries, e.InquiryID, false)
	case InquiryAnswered:
		c.inquiries = with(c.inquiries, e.InquiryID, true)
	}
	return c
}

// requiredAll checks pairs of (field, value) with required.
func requiredAll(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := required(pairs[i], pairs[i+1]); err != nil {
			return err
		}
	}
	return nil
}

func mapValues(m map[string]int) []int {
	vs := make([]int, 0, len(m))
	for _, k := range sortedKeys(m) {
		vs = append(vs, m[k])
	}
	return vs
}
