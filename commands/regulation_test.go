package commands_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/domain/regulation"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
)

var (
	regulationAdoptedAt = time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)
	july                = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	// stricterMargins moves every tier up: 40% needs the GM office from July.
	stricterMargins = json.RawMessage(`{"rep_authority":"55.00","dept_head":"45.00","gm_office":"25.00"}`)
	regulationGM    = commands.Meta{Actor: domain.Actor{EmployeeID: "gm-1", Roles: []domain.Role{domain.RoleGM}}, Reason: "margins under pressure"}
)

// regulationWorld is a handler over a memory store holding customer c-1,
// with a clock the test moves.
type regulationWorld struct {
	*customerWorld
	clock *time.Time
}

func newRegulationWorld(t *testing.T) regulationWorld {
	t.Helper()
	clock := regulationAdoptedAt
	store, codec := memory.New(), commands.Codec()
	w := regulationWorld{&customerWorld{t: t, store: store, codec: codec}, &clock}
	w.h = w.handler()
	w.seed(customer.Stream("c-1"), customer.Registered{CustomerID: "c-1", Number: "NJ-1", Name: "Jinling Valves", OwnerRepID: "rep-1", OrgUnitID: "branch-nj"})
	return w
}

// handler is another command side over the same store and clock, as
// another process would run.
func (w regulationWorld) handler() *commands.Handler {
	return commands.New(w.store, w.codec, func() time.Time { return *w.clock })
}

func adoptJuly(params json.RawMessage) commands.AdoptRegulationVersion {
	return commands.AdoptRegulationVersion{Name: "quotation", Version: "2026-07", EffectiveFrom: july, Parameters: params}
}

// submitAt drafts and submits quotation id at a 40% margin on day at.
func (w regulationWorld) submitAt(h *commands.Handler, id string, at time.Time) {
	w.t.Helper()
	*w.clock = at
	ctx := context.Background()
	if _, err := h.Quotations.DraftQuotation(ctx, quoteRep, quotationDraft(id, 6000)); err != nil {
		w.t.Fatalf("DraftQuotation(%s) error = %v", id, err)
	}
	costQuotation(w.t, h, id, 6000)
	if _, err := h.Quotations.SubmitQuotation(ctx, quoteRep, commands.SubmitQuotation{QuotationID: id}); err != nil {
		w.t.Fatalf("SubmitQuotation(%s) error = %v", id, err)
	}
}

// lastVersion is the regulation version the last event of stream records.
func (w regulationWorld) lastVersion(stream string) string {
	_, metas := w.read(stream)
	return metas[len(metas)-1].RegulationVersion
}

func TestAdoptRegulationVersion_decidesDifferentlyOnEachSideOfItsStart(t *testing.T) {
	// given new margin tiers adopted in June, in force from 1 July
	w := newRegulationWorld(t)
	if _, err := w.h.Regulations.AdoptRegulationVersion(context.Background(), regulationGM, adoptJuly(stricterMargins)); err != nil {
		t.Fatalf("AdoptRegulationVersion() error = %v", err)
	}
	approve := func(id string) error {
		_, err := w.h.Quotations.ApproveQuotation(context.Background(), quoteHead, commands.ApproveQuotation{QuotationID: id, Comment: "ok"})
		return err
	}

	// when a 40% quotation is submitted and approved by a department head on 30 June
	w.submitAt(w.h, "q-june", july.Add(-time.Minute))
	// then the old tiers apply: the department head approves, under the default version
	if err := approve("q-june"); err != nil {
		t.Fatalf("ApproveQuotation(q-june) by the department head error = %v", err)
	}
	if got := w.lastVersion(quotation.Stream("q-june")); got != "quotation/default" {
		t.Errorf("q-june approval recorded %q, want quotation/default", got)
	}

	// when the same quotation is submitted on 1 July
	w.submitAt(w.h, "q-july", july)
	// then the new tiers apply: a department head may not approve it, the GM office does
	var re *domain.RuleError
	if err := approve("q-july"); !errors.As(err, &re) || re.Rule != "K7" {
		t.Fatalf("ApproveQuotation(q-july) by the department head error = %v, want K7", err)
	}
	if got := w.lastVersion(quotation.Stream("q-july")); got != "quotation/2026-07" {
		t.Errorf("q-july submission recorded %q, want quotation/2026-07", got)
	}
	events, _ := w.read(quotation.Stream("q-july"))
	if req, ok := events[len(events)-1].(quotation.ApprovalRequested); !ok || req.Tier != quotation.TierGMOffice {
		t.Errorf("q-july submission = %+v, want tier GM_OFFICE", events[len(events)-1])
	}
	if _, err := w.h.Quotations.ApproveQuotation(context.Background(), quoteGMOffice, commands.ApproveQuotation{QuotationID: "q-july"}); err != nil {
		t.Fatalf("ApproveQuotation(q-july) by the GM office error = %v", err)
	}
	if got := w.lastVersion(quotation.Stream("q-july")); got != "quotation/2026-07" {
		t.Errorf("q-july approval recorded %q, want quotation/2026-07", got)
	}
}

func TestAdoptRegulationVersion_recordsReasonAndApprover(t *testing.T) {
	w := newRegulationWorld(t)
	res, err := w.h.Regulations.AdoptRegulationVersion(context.Background(), regulationGM,
		adoptJuly(json.RawMessage(`{"gm_office":"25","dept_head":"45.0","rep_authority":"55.00"}`)))
	if err != nil || res.Events != 1 || res.Stream != regulation.Stream("quotation") {
		t.Fatalf("AdoptRegulationVersion() = %+v, %v", res, err)
	}
	events, metas := w.read(regulation.Stream("quotation"))
	got, ok := events[0].(regulation.VersionAdopted)
	if !ok {
		t.Fatalf("event = %T", events[0])
	}
	if got.Reason != "margins under pressure" || got.ApprovedBy != "gm-1" || got.ApproverRole != domain.RoleGM ||
		!got.EffectiveFrom.Equal(july) || !got.AdoptedAt.Equal(regulationAdoptedAt) || got.Retroactive {
		t.Errorf("VersionAdopted = %+v", got)
	}
	// the parameters are kept in canonical form
	if string(got.Parameters) != `{"rep_authority":"55.00","dept_head":"45.00","gm_office":"25.00"}` {
		t.Errorf("parameters = %s", got.Parameters)
	}
	if metas[0].ActorID != "gm-1" || metas[0].Reason != "margins under pressure" {
		t.Errorf("envelope = %+v", metas[0])
	}
	versions, _ := w.h.Regulations.Versions("quotation")
	if len(versions) != 2 || !versions[0].Default || !versions[0].EffectiveUntil.Equal(july) ||
		versions[1].VersionID != "quotation/2026-07" || versions[1].EffectiveUntil != nil {
		t.Errorf("Versions() = %+v", versions)
	}
}

func TestAdoptRegulationVersion_refusals(t *testing.T) {
	leadership := commands.Meta{Actor: domain.Actor{EmployeeID: "lead-1", Roles: []domain.Role{domain.RoleLeadership}}, Reason: "r"}
	noReason := regulationGM
	noReason.Reason = ""
	edit := func(f func(*commands.AdoptRegulationVersion)) commands.AdoptRegulationVersion {
		cmd := adoptJuly(stricterMargins)
		f(&cmd)
		return cmd
	}
	tests := []struct {
		name    string
		m       commands.Meta
		cmd     commands.AdoptRegulationVersion
		wantErr error
	}{
		{"a department head may not adopt", quoteHead, adoptJuly(stricterMargins), domain.ErrForbidden},
		{"the GM office may not adopt", quoteGMOffice, adoptJuly(stricterMargins), domain.ErrForbidden},
		{"an unknown regulation", regulationGM, edit(func(c *commands.AdoptRegulationVersion) { c.Name = "dunning" }), domain.ErrNotFound},
		{"an unknown parameter", regulationGM, adoptJuly(json.RawMessage(`{"rep_authority":"55.00","dept_head":"45.00","gm_office":"25.00","ceo":"10"}`)), domain.ErrInvalid},
		{"a missing parameter", regulationGM, adoptJuly(json.RawMessage(`{"rep_authority":"55.00","dept_head":"45.00"}`)), domain.ErrInvalid},
		{"a parameter of the wrong type", regulationGM, adoptJuly(json.RawMessage(`{"rep_authority":true,"dept_head":"45.00","gm_office":"25.00"}`)), domain.ErrInvalid},
		{"parameters that fail the regulation's validation", regulationGM, adoptJuly(json.RawMessage(`{"rep_authority":"30.00","dept_head":"45.00","gm_office":"25.00"}`)), domain.ErrInvalid},
		{"parameters that are not an object", regulationGM, adoptJuly(json.RawMessage(`[1]`)), domain.ErrInvalid},
		{"trailing data after the parameters", regulationGM, adoptJuly(json.RawMessage(`{"rep_authority":"55.00","dept_head":"45.00","gm_office":"25.00"} {}`)), domain.ErrInvalid},
		{"no reason", noReason, adoptJuly(stricterMargins), domain.ErrInvalid},
		{"backdated without retroactive", leadership, edit(func(c *commands.AdoptRegulationVersion) { c.EffectiveFrom = regulationAdoptedAt.AddDate(0, -1, 0) }), domain.ErrRejected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newRegulationWorld(t)
			_, err := w.h.Regulations.AdoptRegulationVersion(context.Background(), tt.m, tt.cmd)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("AdoptRegulationVersion() error = %v, want %v", err, tt.wantErr)
			}
			if events, _ := w.read(regulation.Stream(tt.cmd.Name)); len(events) != 0 {
				t.Errorf("recorded %d events, want none", len(events))
			}
		})
	}
	t.Run("leadership adopts a retroactive version", func(t *testing.T) {
		w := newRegulationWorld(t)
		cmd := edit(func(c *commands.AdoptRegulationVersion) {
			c.EffectiveFrom, c.Retroactive = regulationAdoptedAt.AddDate(0, -1, 0), true
		})
		if _, err := w.h.Regulations.AdoptRegulationVersion(context.Background(), leadership, cmd); err != nil {
			t.Fatalf("AdoptRegulationVersion() error = %v", err)
		}
	})
}

func TestAdoptRegulationVersion_everyDefaultIsAValidVersion(t *testing.T) {
	w := newRegulationWorld(t)
	for _, name := range w.h.Regulations.Names() {
		t.Run(name, func(t *testing.T) {
			versions, ok := w.h.Regulations.Versions(name)
			if !ok || len(versions) != 1 || !versions[0].Default || versions[0].VersionID != name+"/default" {
				t.Fatalf("Versions(%s) = %+v, %v", name, versions, ok)
			}
			params, err := json.Marshal(versions[0].Parameters)
			if err != nil {
				t.Fatal(err)
			}
			cmd := commands.AdoptRegulationVersion{Name: name, Version: "2026-07", EffectiveFrom: july, Parameters: params}
			if _, err := w.h.Regulations.AdoptRegulationVersion(context.Background(), regulationGM, cmd); err != nil {
				t.Fatalf("adopting the defaults of %s: %v", name, err)
			}
			after, _ := w.h.Regulations.Versions(name)
			if diff := cmp.Diff(versions[0].Parameters, after[1].Parameters); diff != "" {
				t.Errorf("parameters changed in the round trip (-default +adopted):\n%s", diff)
			}
		})
	}
	if got := len(w.h.Regulations.Names()); got != 7 {
		t.Errorf("catalogue has %d regulations, want 7 (pay among them)", got)
	}
}

func TestRegulationCatalogue_otherProcessesFollow(t *testing.T) {
	// given a second process started before the adoption, and a third after it
	w := newRegulationWorld(t)
	before := w.handler()
	if _, err := w.h.Regulations.AdoptRegulationVersion(context.Background(), regulationGM, adoptJuly(stricterMargins)); err != nil {
		t.Fatalf("AdoptRegulationVersion() error = %v", err)
	}
	after := w.handler()

	// when the second applies the adoption it follows from the log, and the third loads the catalogue
	recorded, err := w.store.ReadAll(context.Background(), eventstore.Start, 100, commands.AdoptionEvents)
	if err != nil || len(recorded) != 1 {
		t.Fatalf("ReadAll() = %d events, %v", len(recorded), err)
	}
	if err := before.Regulations.Apply(recorded); err != nil {
		t.Fatalf("Apply() error = %v", err)
	}
	if err := before.Regulations.Apply(recorded); err != nil { // seen twice changes nothing
		t.Fatalf("Apply() again error = %v", err)
	}
	if err := after.Regulations.Load(context.Background()); err != nil {
		t.Fatalf("Load() error = %v", err)
	}

	// then both decide under the new tiers from July
	for name, h := range map[string]*commands.Handler{"q-follow": before, "q-load": after} {
		w.submitAt(h, name, july)
		if got := w.lastVersion(quotation.Stream(name)); got != "quotation/2026-07" {
			t.Errorf("%s recorded %q, want quotation/2026-07", name, got)
		}
	}
	if s := before.Regulations.Catalogue(july); s[indexOf(t, s, "quotation")].InForce.VersionID != "quotation/2026-07" {
		t.Errorf("Catalogue(july) in force = %+v", s)
	}
	if s := before.Regulations.Catalogue(regulationAdoptedAt); s[indexOf(t, s, "quotation")].Next == nil {
		t.Errorf("Catalogue(june) names no next version: %+v", s)
	}
}

func indexOf(t *testing.T, s []commands.RegulationSummary, name string) int {
	t.Helper()
	for i, r := range s {
		if r.Name == name {
			return i
		}
	}
	t.Fatalf("no regulation %s in %+v", name, s)
	return -1
}
