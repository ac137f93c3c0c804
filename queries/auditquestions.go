package queries

import "time"

// The compliance questions (SPEC §4.3, A1…A17) as the API answers them. Each
// answer is a list of rows; each row names what it is about (a contract, an
// order, an employee…), states its facts, flags what an auditor should look
// at, and lists the events that prove it, so the auditor can open each one
// in the audit trail (by position or event id).

// AuditQuestion is one question the system answers.
type AuditQuestion struct {
	ID   string `json:"id"`
	Asks string `json:"asks"`
	// Subject names what the optional subject filter selects.
	Subject string `json:"subject"`
}

// AuditQuestions lists the questions whose facts the log records today.
// A6 is answered by the read-access log (GET /audit/access); A10, A14 and
// A15 wait for the expense, meeting and rectification aggregates.
var AuditQuestions = []AuditQuestion{
	{ID: "A1", Subject: "contract id", Asks: "Who approved each contract, in what order, when, with what comments; was a step skipped or out of order?"},
	{ID: "A2", Subject: "contract id", Asks: "Was each contract signed by a manager, at the company, and was the signed text the approved text?"},
	{ID: "A3", Subject: "contract or order id", Asks: "Which contracts and orders were changed after approval or confirmation, who approved each change, and what changed?"},
	{ID: "A4", Subject: "quotation or contract id", Asks: "Which quotes were below 20% margin and did the GM approve them; which were issued without approval; which contract prices deviate from the approved quote?"},
	{ID: "A5", Subject: "customer id", Asks: "Who changed which field of a customer's file, when and why?"},
	{ID: "A7", Subject: "complaint id", Asks: "For each complaint: received, routed, customer updates, satisfaction confirmation, root cause; which closed without confirmation?"},
	{ID: "A8", Subject: "order id", Asks: "Which deliveries lack a customer sign-off or a delivery-note handover?"},
	{ID: "A9", Subject: "employee id", Asks: "Which employees failed two consecutive appraisal cycles or had two months without results, and what action followed?"},
	{ID: "A11", Subject: "employee id", Asks: "Did each departing employee archive company files, and were their customers reassigned before exit?"},
	{ID: "A12", Subject: "employee id", Asks: "Who issued fines and penalties, under which rule and regulation version; were fine amounts those of the schedule?"},
	{ID: "A13", Subject: "employee id", Asks: "Which leave was taken without the department manager's signature, and which was filed retroactively?"},
	{ID: "A16", Subject: "contract or order id", Asks: "Which contracts were signed, and which orders confirmed, before the required deposit was received?"},
	{ID: "A17", Subject: "employee id", Asks: "Who set or changed each employee's base salary, and did both the department manager and the GM approve?"},
}

// FindAuditQuestion returns the question with id.
func FindAuditQuestion(id string) (AuditQuestion, bool) {
	for _, q := range AuditQuestions {
		if q.ID == id {
			return q, true
		}
	}
	return AuditQuestion{}, false
}

// AuditFinding is one row of an answer. Subject is the record it is about,
// as "<kind>-<id>" (its stream); Facts are its answer in words and ids;
// Flags name what breaks a rule (empty: nothing); Evidence are the events
// that prove it, in log order.
type AuditFinding struct {
	Subject  string            `json:"subject"`
	Facts    map[string]string `json:"facts"`
	Flags    []string          `json:"flags"`
	Evidence []AuditEvidence   `json:"evidence"`
	// Key orders the rows and is the page cursor's key.
	Key string `json:"-"`
}

// AuditEvidence points at one event of the audit trail.
type AuditEvidence struct {
	Position    string     `json:"position"`
	EventID     string     `json:"event_id"`
	EventType   string     `json:"event_type"`
	ActorID     string     `json:"actor_id"`
	ActorRole   string     `json:"actor_role"`
	RecordedAt  time.Time  `json:"recorded_at"`
	EffectiveAt *time.Time `json:"effective_at,omitempty"`
	// Note is what the event says about the step (a reviewer's
	// comment, a reason), when it says something.
	Note string `json:"note,omitempty"`
}

// AuditQuestionFilter narrows an answer: Subject to one record (its id,
// without the kind), From and To to the rows whose proving events were
// recorded in [From, To): a row is kept when its first event was recorded
// before To and its last at or after From.
type AuditQuestionFilter struct {
	Subject  string
	From, To time.Time
}

// AuditAnswer is a page of one question's answer.
type AuditAnswer struct {
	Question   string         `json:"question"`
	Asks       string         `json:"asks"`
	Rows       []AuditFinding `json:"rows"`
	NextCursor string         `json:"next_cursor,omitempty"`
}
