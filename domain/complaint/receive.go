package complaint

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Channel is how a complaint reached the company.
type Channel string

// The channels a complaint may arrive through.
const (
	ChannelPhone    Channel = "PHONE"
	ChannelEmail    Channel = "EMAIL"
	ChannelInPerson Channel = "IN_PERSON"
	ChannelLetter   Channel = "LETTER"
	ChannelWeb      Channel = "WEB"
	ChannelOther    Channel = "OTHER"
)

// Valid reports whether ch is a known channel.
func (ch Channel) Valid() bool {
	switch ch {
	case ChannelPhone, ChannelEmail, ChannelInPerson, ChannelLetter, ChannelWeb, ChannelOther:
		return true
	}
	return false
}

// Intake is what is taken down when a complaint is received. DepartmentID
// is optional: when set, the department is notified in the same decision
// ("immediately", §3.7-routing).
type Intake struct {
	ComplaintID  string
	CustomerID   string
	Channel      Channel
	Content      string
	Contact      string
	DepartmentID string
}

func (in Intake) validate() error {
	for _, f := range []struct{ name, value string }{
		{"complaint_id", in.ComplaintID},
		{"customer_id", in.CustomerID},
		{"channel", string(in.Channel)},
		{"content", in.Content},
		{"contact", in.Contact},
	} {
		if err := required(f.name, f.value); err != nil {
			return err
		}
	}
	if !in.Channel.Valid() {
		return ErrUnknownChannel
	}
	return nil
}

// Receive records a new complaint, and its routing when the intake names
// the department. It refuses missing content, contact details, customer or
// channel (domain.ErrInvalid), a customer without a customer file
// (ErrUnknownCustomer; customerExists is that fact), and a complaint id
// already used (ErrAlreadyReceived).
func (c Complaint) Receive(in Intake, customerExists bool, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("complaint_id", in.ComplaintID), domain.Text("customer_id", in.CustomerID), domain.Text("content", in.Content), domain.Text("contact", in.Contact), domain.Text("department_id", in.DepartmentID)); err != nil {
		return nil, err
	}
	if c.Status != StatusNone {
		return nil, ErrAlreadyReceived
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	if !customerExists {
		return nil, ErrUnknownCustomer
	}
	events := []domain.Event{Received{
		ComplaintID: in.ComplaintID, CustomerID: in.CustomerID, Channel: in.Channel,
		Content: in.Content, Contact: in.Contact, ReceivedBy: by, ReceivedAt: now,
	}}
	if in.DepartmentID != "" {
		events = append(events, Routed{
			ComplaintID: in.ComplaintID, DepartmentID: in.DepartmentID,
			RoutedBy: by, RoutedAt: now, WithReceipt: true,
		})
	}
	return events, nil
}

// Route notifies the department concerned. The first routing is flagged
// Late when it comes after reg.RouteWithin from receipt. An open complaint
// may be routed on to another department; routing to the department it is
// already with records nothing. It refuses a closed or unknown complaint.
func (c Complaint) Route(departmentID, by string, reg Regulation, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("department_id", departmentID)); err != nil {
		return nil, err
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	if err := required("department_id", departmentID); err != nil {
		return nil, err
	}
	if departmentID == c.DepartmentID {
		return nil, nil
	}
	first := c.DepartmentID == "" // an escalation may come before any routing
	return []domain.Event{Routed{
		ComplaintID: c.ID, DepartmentID: departmentID, RoutedBy: by, RoutedAt: now,
		Late: first && late(c.ReceivedAt, now, reg.RouteWithin),
	}}, nil
}
