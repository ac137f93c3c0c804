package commands_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
)

// wantFieldError fails unless err is an invalid-field error naming field.
func wantFieldError(t *testing.T, err error, field string) {
	t.Helper()
	var fe *domain.FieldError
	if !errors.As(err, &fe) || fe.Field != field {
		t.Fatalf("error = %v, want an invalid-field error naming %s", err, field)
	}
}

// Given a customer file and the clock at customerNow, when a command names
// a business date, then it is taken only within the bounds of
// §2.5-business-date: not ahead of now beyond the clock skew, up to 31 days
// back freely, up to 366 days back with the reason it is filed late.
func TestBusinessDate_bounds(t *testing.T) {
	day := 24 * time.Hour
	for _, tc := range []struct {
		name      string
		at        time.Time
		reason    string
		wantField string // "" when accepted
	}{
		{"now is accepted", customerNow, "", ""},
		{"five minutes ahead (clock skew) is accepted", customerNow.Add(5 * time.Minute), "", ""},
		{"five minutes and a second ahead is refused", customerNow.Add(5*time.Minute + time.Second), "", "effective_at"},
		{"year 9999 is refused", time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), "late", "effective_at"},
		{"31 days back without a reason is accepted", customerNow.Add(-31 * day), "", ""},
		{"31 days and a second back without a reason is refused", customerNow.Add(-31*day - time.Second), "", "reason"},
		{"31 days and a second back with a reason is accepted", customerNow.Add(-31*day - time.Second), "the visit report came late", ""},
		{"366 days back with a reason is accepted", customerNow.Add(-366 * day), "found in an old binder", ""},
		{"366 days and a second back is refused, reason or not", customerNow.Add(-366*day - time.Second), "found in an old binder", "effective_at"},
		{"year 0000 is refused", time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), "late", "effective_at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := registeredCacheWorld(t, commands.DefaultAggregateCache)
			m := customerRep
			m.Reason, m.EffectiveAt = tc.reason, tc.at

			_, err := w.h.Customers.LogContact(context.Background(), m, logContact("a"))

			if tc.wantField == "" {
				if err != nil {
					t.Fatalf("LogContact(effective %s) error = %v, want success", tc.at, err)
				}
				return
			}
			wantFieldError(t, err, tc.wantField)
			if n := len(w.mustEvents("customer-c-1")); n != 1 {
				t.Errorf("events after the refusal = %d, want the registration only", n)
			}
		})
	}
}

// seedPerson appends a hired employee of role in orgUnit, departed when
// gone is set.
func (w *cacheWorld) seedPerson(id string, role domain.Role, orgUnit string, gone bool) {
	w.t.Helper()
	history := []domain.Event{
		employee.QualificationChecked{EmployeeID: id, CandidateName: "Han Mei", Passed: true, CheckedBy: "hr-1", CheckedAt: customerNow},
		employee.Hired{EmployeeID: id, Name: "Han Mei", Role: role, OrgUnitID: orgUnit, ProbationMonths: 3, HiredBy: "hr-1", HiredAt: customerNow},
		employee.StartedWork{EmployeeID: id, StartedAt: customerNow, ProbationEndsOn: customerNow.AddDate(0, 3, 0)},
	}
	if gone {
		history = append(history, employee.Departed{EmployeeID: id, Type: employee.DepartureResign, DepartedAt: customerNow})
	}
	for i, e := range history {
		data, err := w.codec.Encode(fmt.Sprintf("seed-%s-%d", id, i), e, eventstore.Metadata{ActorID: "seed"})
		if err == nil {
			_, err = w.store.Append(context.Background(), employee.Stream(id), eventstore.Any, data)
		}
		if err != nil {
			w.t.Fatal(err)
		}
	}
}

// Given reps, heads and a GM in the company (the GM office's case is
// TestCheckOnBehalfOf_gmOffice), when a command says it acts
// on behalf of someone, then only a role whose duties include acting for
// others may say so, and only for the people §2.5-on-behalf-of lists.
func TestOnBehalfOf(t *testing.T) {
	assistant := customerMeta("asst-1", domain.RoleSalesAssistant)
	deputy := customerMeta("deputy-1", domain.RoleDeputyHead)
	for _, tc := range []struct {
		name      string
		m         commands.Meta
		onBehalf  string
		wantErr   error  // nil when accepted
		wantField string // for an invalid-field error
	}{
		{"an assistant records for a rep of the department", assistant, "rep-1", nil, ""},
		{"an assistant records for the head of the department", assistant, "head-1", nil, ""},
		{"a deputy acts for the head of the department", deputy, "head-1", nil, ""},
		{"an assistant may not act for a rep of another department", assistant, "rep-sh", domain.ErrForbidden, ""},
		{"an assistant may not act for the GM", assistant, "gm-1", domain.ErrForbidden, ""},
		{"a deputy may not act for a rep", deputy, "rep-1", domain.ErrForbidden, ""},
		{"a rep may not act for anyone", customerOtherRep, "rep-1", domain.ErrForbidden, ""},
		{"an assistant without an org unit acts for nobody", func() commands.Meta { m := assistant; m.Actor.OrgUnitID = ""; return m }(), "rep-1", domain.ErrForbidden, ""},
		{"an unknown person is refused", assistant, "emp-gm", domain.ErrInvalid, "on_behalf_of"},
		{"a departed rep is refused", assistant, "rep-gone", domain.ErrInvalid, "on_behalf_of"},
		{"acting for oneself is refused", assistant, "asst-1", domain.ErrInvalid, "on_behalf_of"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newCacheWorld(t, memory.New(), commands.DefaultAggregateCache)
			w.ok(w.h.Customers.RegisterTargetCustomer(context.Background(), customerRep, customerRegistration))
			w.seedPerson("rep-1", domain.RoleSalesRep, "branch-nj", false)
			w.seedPerson("head-1", domain.RoleDeptHead, "branch-nj", false)
			w.seedPerson("rep-sh", domain.RoleSalesRep, "branch-sh", false)
			w.seedPerson("rep-gone", domain.RoleSalesRep, "branch-nj", true)
			w.seedPerson("gm-1", domain.RoleGM, "hq", false)
			m := tc.m
			m.OnBehalfOf = tc.onBehalf

			_, err := w.h.Customers.LogContact(context.Background(), m, logContact("a"))

			switch {
			case tc.wantErr == nil && err != nil:
				t.Fatalf("LogContact(on behalf of %s) error = %v, want success", tc.onBehalf, err)
			case tc.wantErr != nil && !errors.Is(err, tc.wantErr):
				t.Fatalf("LogContact(on behalf of %s) error = %v, want %v", tc.onBehalf, err, tc.wantErr)
			case tc.wantField != "":
				wantFieldError(t, err, tc.wantField)
			}
			if tc.wantErr == nil {
				_, metas := w.events("customer-c-1")
				if got := metas[len(metas)-1].OnBehalfOf; got != tc.onBehalf {
					t.Errorf("recorded on behalf of %q, want %q", got, tc.onBehalf)
				}
			}
		})
	}
}

// Given a customer file, when a command's envelope carries a reason, a
// source document or an on-behalf-of over its kind's limit (or a control
// character), then it is refused naming the field, whoever calls the
// command layer (§2.5-text); at the limit it is taken.
func TestEnvelopeText(t *testing.T) {
	for _, tc := range []struct {
		name      string
		edit      func(*commands.Meta)
		wantField string
	}{
		{"a reason of 2,000 characters with line breaks is taken", func(m *commands.Meta) { m.Reason = strings.Repeat("理由\n", 666) + "理由" }, ""},
		{"a reason of 2,001 characters is refused", func(m *commands.Meta) { m.Reason = strings.Repeat("r", 2001) }, "reason"},
		{"a reason of a megabyte is refused", func(m *commands.Meta) { m.Reason = strings.Repeat("r", 1<<20) }, "reason"},
		{"a source document of 64 characters is taken", func(m *commands.Meta) { m.SourceDocRef = strings.Repeat("单", 64) }, ""},
		{"a source document of 65 characters is refused", func(m *commands.Meta) { m.SourceDocRef = strings.Repeat("单", 65) }, "source_doc_ref"},
		{"a line break in a source document is refused", func(m *commands.Meta) { m.SourceDocRef = "DN-1\nDN-2" }, "source_doc_ref"},
		{"an on-behalf-of of 201 characters is refused", func(m *commands.Meta) { m.OnBehalfOf = strings.Repeat("e", 201) }, "on_behalf_of"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := registeredCacheWorld(t, commands.DefaultAggregateCache)
			m := customerRep
			tc.edit(&m)

			_, err := w.h.Customers.LogContact(context.Background(), m, logContact("a"))

			if tc.wantField == "" {
				if err != nil {
					t.Fatalf("LogContact() error = %v, want success", err)
				}
				return
			}
			wantFieldError(t, err, tc.wantField)
		})
	}
}
