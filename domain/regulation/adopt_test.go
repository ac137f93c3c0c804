package regulation_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/regulation"
)

var now = time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)

var params = json.RawMessage(`{"rep_authority":"55.00","dept_head":"35.00","gm_office":"20.00"}`)

func adoption(version string, from time.Time) regulation.Adoption {
	return regulation.Adoption{Name: "quotation", Version: version, EffectiveFrom: from, Parameters: params, Reason: "margins under pressure"}
}

// given folds the adoptions into a regulation's state.
func given(adopted ...regulation.VersionAdopted) regulation.Regulation {
	events := make([]domain.Event, len(adopted))
	for i, e := range adopted {
		events[i] = e
	}
	return domain.Fold(regulation.Regulation.Evolve, events...)
}

func adopted(version string, from time.Time) regulation.VersionAdopted {
	return regulation.VersionAdopted{Name: "quotation", Version: version, EffectiveFrom: from, Parameters: params,
		Reason: "r", ApprovedBy: "gm-1", ApproverRole: domain.RoleGM, AdoptedAt: from.AddDate(0, -1, 0)}
}

func TestAdopt_recordsTheVersionWithItsReasonAndApprover(t *testing.T) {
	// given a regulation with one version from March
	r := given(adopted("2026-03", now.AddDate(0, -3, 0)))
	july := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)

	// when the GM adopts a version from July
	got, err := r.Adopt(adoption("2026-07", july), "gm-1", domain.RoleGM, now)

	// then one VersionAdopted records it, and the state lists both in order
	if err != nil {
		t.Fatalf("Adopt() error = %v", err)
	}
	want := []domain.Event{regulation.VersionAdopted{Name: "quotation", Version: "2026-07", EffectiveFrom: july, Parameters: params,
		Reason: "margins under pressure", ApprovedBy: "gm-1", ApproverRole: domain.RoleGM, AdoptedAt: now}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("events (-want +got):\n%s", diff)
	}
	after := r.Evolve(got[0])
	latest, _ := after.Latest()
	if len(after.Versions) != 2 || latest.Version != "2026-07" || after.Name != "quotation" {
		t.Fatalf("state after = %+v", after)
	}
}

func TestAdopt_effectiveTimeBounds(t *testing.T) {
	march := now.AddDate(0, -3, 0)
	tests := []struct {
		name        string
		given       []regulation.VersionAdopted
		from        time.Time
		retroactive bool
		wantErr     error
		wantRule    bool
	}{
		{name: "from now is not backdated", from: now},
		{name: "within the clock skew is not backdated", from: now.Add(-5 * time.Minute)},
		{name: "a second past the skew needs retroactive", from: now.Add(-5*time.Minute - time.Second), wantErr: domain.ErrRejected, wantRule: true},
		{name: "backdated and marked retroactive", from: now.AddDate(0, -1, 0), retroactive: true},
		{name: "retroactive up to 366 days back", from: now.Add(-366 * 24 * time.Hour), retroactive: true},
		{name: "retroactive no further back than 366 days", from: now.Add(-366*24*time.Hour - time.Second), retroactive: true, wantErr: domain.ErrInvalid},
		{name: "retroactive set on a future version", from: now.AddDate(0, 1, 0), retroactive: true, wantErr: domain.ErrInvalid},
		{name: "after the latest version", given: []regulation.VersionAdopted{adopted("2026-03", march)}, from: march.Add(time.Second), retroactive: true},
		{name: "at the latest version's start", given: []regulation.VersionAdopted{adopted("2026-03", march)}, from: march, retroactive: true, wantErr: domain.ErrRejected, wantRule: true},
		{name: "before a version scheduled later", given: []regulation.VersionAdopted{adopted("2027-01", now.AddDate(0, 6, 0))}, from: now.AddDate(0, 1, 0), wantErr: domain.ErrRejected, wantRule: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := adoption("v-new", tt.from)
			a.Retroactive = tt.retroactive
			got, err := given(tt.given...).Adopt(a, "gm-1", domain.RoleGM, now)
			if tt.wantErr == nil {
				if err != nil || len(got) != 1 {
					t.Fatalf("Adopt() = %v, %v; want one event", got, err)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) || len(got) != 0 {
				t.Fatalf("Adopt() = %v, %v; want %v", got, err, tt.wantErr)
			}
			var rule *domain.RuleError
			if tt.wantRule && (!errors.As(err, &rule) || rule.Rule != regulation.RuleAdoption) {
				t.Fatalf("error %v does not cite %s", err, regulation.RuleAdoption)
			}
		})
	}
}

func TestAdopt_refusesAnIncompleteAdoption(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*regulation.Adoption)
		field string
	}{
		{"no version", func(a *regulation.Adoption) { a.Version = "" }, "version"},
		{"a version with a slash", func(a *regulation.Adoption) { a.Version = "2026/07" }, "version"},
		{"the reserved default", func(a *regulation.Adoption) { a.Version = "default" }, "version"},
		{"no effective time", func(a *regulation.Adoption) { a.EffectiveFrom = time.Time{} }, "effective_from"},
		{"no reason", func(a *regulation.Adoption) { a.Reason = "  " }, "reason"},
		{"no parameters", func(a *regulation.Adoption) { a.Parameters = nil }, "parameters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := adoption("2026-07", now.AddDate(0, 1, 0))
			tt.edit(&a)
			_, err := regulation.Regulation{}.Adopt(a, "gm-1", domain.RoleGM, now)
			var fe *domain.FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field {
				t.Fatalf("Adopt() error = %v, want a field error on %s", err, tt.field)
			}
		})
	}
}

func TestAdopt_aVersionNameIsTakenOnce(t *testing.T) {
	// given version 2026-07 adopted
	r := given(adopted("2026-07", now.AddDate(0, 1, 0)))
	// when it is adopted again with a later start
	_, err := r.Adopt(adoption("2026-07", now.AddDate(0, 2, 0)), "gm-1", domain.RoleGM, now)
	// then it conflicts
	if !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("Adopt() error = %v, want a conflict", err)
	}
}
