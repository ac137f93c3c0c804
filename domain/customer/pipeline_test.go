package customer_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
)

func TestCustomer_RecordVisit(t *testing.T) {
	visit := func(o customer.VisitOutcome, note string) customer.Visit {
		return customer.Visit{OutingRegistrationID: "out-2", OutingOnDay: true, Purpose: "demo", Outcome: o, Note: note}
	}
	second := func(o customer.VisitOutcome, note string) customer.Visited {
		return customer.Visited{CustomerID: "c-1", VisitNo: 2, OutingRegistrationID: "out-2", Purpose: "demo", Outcome: o, Note: note, RepID: "rep-1", VisitedAt: t1}
	}
	tests := []struct {
		name      string
		given     []domain.Event
		visit     customer.Visit
		role      domain.Role
		want      []domain.Event
		wantErr   error
		wantStage customer.Stage
	}{
		{name: "the first visit moves a target to visiting", given: history(registered), visit: visit(customer.OutcomeContinueVisiting, ""),
			want:      history(customer.Visited{CustomerID: "c-1", VisitNo: 1, OutingRegistrationID: "out-2", Purpose: "demo", Outcome: customer.OutcomeContinueVisiting, RepID: "rep-1", VisitedAt: t1}),
			wantStage: customer.StageVisiting},
		{name: "a later visit counts on", given: history(registered, visited), visit: visit(customer.OutcomeKeepFollowingUp, ""),
			want: history(second(customer.OutcomeKeepFollowingUp, "")), wantStage: customer.StageVisiting},
		{name: "a visit that leads to talks starts the negotiation", given: history(registered, visited), visit: visit(customer.OutcomeNegotiate, ""),
			want:      history(second(customer.OutcomeNegotiate, ""), customer.NegotiationStarted{CustomerID: "c-1", StartedBy: "rep-1", StartedAt: t1}),
			wantStage: customer.StageNegotiating},
		{name: "a visit that parks the customer parks it with the note as reason", given: history(registered, visited), visit: visit(customer.OutcomePark, "no budget this year"),
			want:      history(second(customer.OutcomePark, "no budget this year"), customer.Parked{CustomerID: "c-1", FromStage: customer.StageVisiting, Reason: "no budget this year", ParkedBy: "rep-1", ParkedAt: t1}),
			wantStage: customer.StageParked},
		{name: "parking by visit needs a note", given: history(registered, visited), visit: visit(customer.OutcomePark, ""), wantErr: domain.ErrInvalid},
		{name: "a rep cannot abandon a cooperating customer by visit", given: history(registered, visited, cooperating), visit: visit(customer.OutcomeAbandon, "x"), role: domain.RoleSalesRep, wantErr: customer.ErrAbandonNeedsHead},
		{name: "an outing registration is required", given: history(registered), visit: customer.Visit{Outcome: customer.OutcomeContinueVisiting}, wantErr: domain.ErrInvalid},
		{name: "an outing not registered by the rep for that day is refused", given: history(registered),
			visit: customer.Visit{OutingRegistrationID: "out-9", Purpose: "demo", Outcome: customer.OutcomeContinueVisiting}, wantErr: customer.ErrNoOutingThatDay},
		{name: "an unknown outcome is invalid", given: history(registered), visit: visit("MAYBE", ""), wantErr: domain.ErrInvalid},
		{name: "a parked customer is reactivated before a visit", given: history(registered, parked), visit: visit(customer.OutcomeContinueVisiting, ""), wantErr: customer.ErrWrongStage},
		{name: "an abandoned customer is reactivated before a visit", given: history(registered, abandoned), visit: visit(customer.OutcomeContinueVisiting, ""), wantErr: customer.ErrAbandoned},
		{name: "unknown customer", visit: visit(customer.OutcomeContinueVisiting, ""), wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)
			role := tt.role
			if role == "" {
				role = domain.RoleSalesRep
			}

			got, err := c.RecordVisit(tt.visit, "rep-1", role, t1)

			check(t, "RecordVisit", got, err, tt.want, tt.wantErr)
			if after := domain.Fold(customer.Customer.Evolve, append(tt.given, got...)...); err == nil && after.Stage != tt.wantStage {
				t.Errorf("stage after RecordVisit() = %s, want %s", after.Stage, tt.wantStage)
			}
		})
	}
}

func TestCustomer_StartNegotiation(t *testing.T) {
	started := history(customer.NegotiationStarted{CustomerID: "c-1", StartedBy: "rep-1", StartedAt: t1})
	tests := []struct {
		name    string
		given   []domain.Event
		want    []domain.Event
		wantErr error
	}{
		{name: "talks start with a target", given: history(registered), want: started},
		{name: "talks start with a visited customer", given: history(registered, visited), want: started},
		{name: "starting twice records nothing", given: history(registered, negotiating)},
		{name: "a cooperating customer is past negotiation", given: history(registered, cooperating), wantErr: customer.ErrWrongStage},
		{name: "a parked customer is reactivated first", given: history(registered, parked), wantErr: customer.ErrWrongStage},
		{name: "unknown customer", wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.StartNegotiation("rep-1", t1)

			check(t, "StartNegotiation", got, err, tt.want, tt.wantErr)
		})
	}
}

func TestCustomer_MarkCooperating(t *testing.T) {
	signed := customer.SignedContract{ContractID: "k-1", CustomerID: "c-1", Signed: true, SignedAt: t0}
	became := func(from customer.Stage) []domain.Event {
		return history(customer.BecameCooperating{CustomerID: "c-1", ContractID: "k-1", FromStage: from, SignedAt: t0, At: t1})
	}
	tests := []struct {
		name     string
		given    []domain.Event
		contract customer.SignedContract
		want     []domain.Event
		wantErr  error
		wantRule string
	}{
		{name: "a signed contract makes a negotiating customer cooperating (C9)", given: history(registered, negotiating), contract: signed, want: became(customer.StageNegotiating)},
		{name: "a signed contract revives a dormant customer", given: history(registered, cooperating, dormant), contract: signed, want: became(customer.StageDormant)},
		{name: "an unsigned contract changes nothing (C9)", given: history(registered, negotiating), contract: customer.SignedContract{ContractID: "k-1", CustomerID: "c-1", SignedAt: t0}, wantErr: domain.ErrRejected, wantRule: "C9"},
		{name: "a contract is required", given: history(registered, negotiating), contract: customer.SignedContract{CustomerID: "c-1", Signed: true}, wantErr: domain.ErrInvalid},
		{name: "another customer's contract is refused", given: history(registered, negotiating), contract: customer.SignedContract{ContractID: "k-1", CustomerID: "c-2", Signed: true}, wantErr: domain.ErrInvalid},
		{name: "a cooperating customer records nothing", given: history(registered, cooperating), contract: signed},
		{name: "unknown customer", contract: signed, wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.MarkCooperating(tt.contract, t1)

			check(t, "MarkCooperating", got, err, tt.want, tt.wantErr)
			if ruleOf(err) != tt.wantRule {
				t.Errorf("MarkCooperating() rule = %q, want %q", ruleOf(err), tt.wantRule)
			}
		})
	}
}

func TestCustomer_Park(t *testing.T) {
	tests := []struct {
		name    string
		given   []domain.Event
		reason  string
		want    []domain.Event
		wantErr error
	}{
		{name: "a negotiating customer is parked", given: history(registered, negotiating), reason: "budget frozen",
			want: history(customer.Parked{CustomerID: "c-1", FromStage: customer.StageNegotiating, Reason: "budget frozen", ParkedBy: "rep-1", ParkedAt: t1})},
		{name: "a reason is required", given: history(registered), wantErr: domain.ErrInvalid},
		{name: "parking twice records nothing", given: history(registered, parked), reason: "x"},
		{name: "a cooperating customer is not parked", given: history(registered, cooperating), reason: "x", wantErr: customer.ErrWrongStage},
		{name: "unknown customer", reason: "x", wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.Park(tt.reason, "rep-1", domain.RoleSalesRep, t1)

			check(t, "Park", got, err, tt.want, tt.wantErr)
		})
	}
}

func TestCustomer_Abandon(t *testing.T) {
	abandon := func(from customer.Stage, by string) []domain.Event {
		return history(customer.Abandoned{CustomerID: "c-1", FromStage: from, Reason: "closed down", AbandonedBy: by, AbandonedAt: t1})
	}
	tests := []struct {
		name    string
		given   []domain.Event
		by      string
		role    domain.Role
		reason  string
		want    []domain.Event
		wantErr error
	}{
		{name: "a rep abandons a target", given: history(registered), by: "rep-1", role: domain.RoleSalesRep, reason: "closed down", want: abandon(customer.StageTarget, "rep-1")},
		{name: "a rep abandons a parked customer", given: history(registered, parked), by: "rep-1", role: domain.RoleSalesRep, reason: "closed down", want: abandon(customer.StageParked, "rep-1")},
		{name: "a rep cannot abandon a cooperating customer", given: history(registered, cooperating), by: "rep-1", role: domain.RoleSalesRep, reason: "closed down", wantErr: domain.ErrForbidden},
		{name: "a rep cannot abandon a dormant former customer", given: history(registered, cooperating, dormant), by: "rep-1", role: domain.RoleSalesRep, reason: "closed down", wantErr: customer.ErrAbandonNeedsHead},
		{name: "a department head abandons a cooperating customer", given: history(registered, cooperating), by: "head-1", role: domain.RoleDeptHead, reason: "closed down", want: abandon(customer.StageCooperating, "head-1")},
		{name: "a reason is required", given: history(registered), by: "rep-1", role: domain.RoleSalesRep, wantErr: domain.ErrInvalid},
		{name: "abandoning twice records nothing", given: history(registered, abandoned), by: "rep-1", role: domain.RoleSalesRep, reason: "x"},
		{name: "unknown customer", by: "rep-1", role: domain.RoleSalesRep, reason: "x", wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.Abandon(tt.reason, tt.by, tt.role, t1)

			check(t, "Abandon", got, err, tt.want, tt.wantErr)
		})
	}
}

func TestCustomer_Reactivate(t *testing.T) {
	reactivated := func(from customer.Stage) []domain.Event {
		return history(customer.Reactivated{CustomerID: "c-1", FromStage: from, Reason: "new budget", ReactivatedBy: "rep-1", ReactivatedAt: t1})
	}
	tests := []struct {
		name    string
		given   []domain.Event
		reason  string
		want    []domain.Event
		wantErr error
	}{
		{name: "a parked customer becomes a target again", given: history(registered, parked), reason: "new budget", want: reactivated(customer.StageParked)},
		{name: "an abandoned customer becomes a target again", given: history(registered, abandoned), reason: "new budget", want: reactivated(customer.StageAbandoned)},
		{name: "a dormant customer becomes a target again", given: history(registered, cooperating, dormant), reason: "new budget", want: reactivated(customer.StageDormant)},
		{name: "a reason is required", given: history(registered, parked), wantErr: domain.ErrInvalid},
		{name: "a target records nothing", given: history(registered, parked, customer.Reactivated{CustomerID: "c-1"}), reason: "x"},
		{name: "a negotiating customer is not reactivated", given: history(registered, negotiating), reason: "x", wantErr: customer.ErrWrongStage},
		{name: "unknown customer", reason: "x", wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.Reactivate(tt.reason, "rep-1", t1)

			check(t, "Reactivate", got, err, tt.want, tt.wantErr)
		})
	}
}

func TestCustomer_MarkDormant(t *testing.T) {
	tests := []struct {
		name    string
		given   []domain.Event
		want    []domain.Event
		wantErr error
	}{
		{name: "a lapsed cooperating customer becomes dormant", given: history(registered, cooperating),
			want: history(customer.BecameDormant{CustomerID: "c-1", Reason: "no orders for 12 months", At: t1})},
		{name: "a dormant customer records nothing", given: history(registered, cooperating, dormant)},
		{name: "a target cannot lapse", given: history(registered), wantErr: customer.ErrWrongStage},
		{name: "unknown customer", wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.MarkDormant("no orders for 12 months", t1)

			check(t, "MarkDormant", got, err, tt.want, tt.wantErr)
		})
	}
}
