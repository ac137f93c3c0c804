package commands_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/regulation"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
)

// TestAdoptRegulationVersion_theDunningLadderDecidesAtItsEffectiveTime:
// given a contract regulation adopted (retroactively) that asks an
// instalment to be 30 days overdue before a dunning letter, in force from
// five days after i-1 fell due, when a letter on i-1 is sent effective on
// either side of that start, then after it the letter is refused (K10)
// and before it the same letter is accepted under the default ladder;
// a letter on i-2 31 days overdue is accepted and records the new version.
func TestAdoptRegulationVersion_theDunningLadderDecidesAtItsEffectiveTime(t *testing.T) {
	w := newContractWorld(t).inExecution()
	w.codec.Register(regulation.Events()...) // the contract world's log holds no adoption otherwise
	ctx := context.Background()
	due1, due2 := contractNow.AddDate(0, 1, 0), contractNow.AddDate(0, 2, 0)
	start := due1.AddDate(0, 0, 5)
	w.now = contractNow.AddDate(0, 4, 0)
	versions, ok := w.h.Regulations.Versions(contract.RegulationName)
	if !ok {
		t.Fatal("no contract regulation in the catalogue")
	}
	params := versions[0].Parameters
	params["dunning_ladder"] = json.RawMessage(`{"letter_after_days": 30, "visit_after_days": 45, "legal_action_after_days": 60}`)
	raw, err := json.Marshal(params)
	if err != nil {
		t.Fatal(err)
	}
	w.must(w.h.Regulations.AdoptRegulationVersion(ctx, contractGM, commands.AdoptRegulationVersion{
		Name: contract.RegulationName, Version: "2026-dunning", EffectiveFrom: start, Parameters: raw, Retroactive: true}))

	letter := func(instalment string, at time.Time) error {
		m := contractRep
		m.EffectiveAt = at
		_, err := w.h.Contracts.EscalateCollection(ctx, m, commands.EscalateCollection{ContractID: "k-1", InstalmentID: instalment, Step: contract.DunningLetter})
		return err
	}
	if err := letter("i-1", start.Add(time.Hour)); !errors.Is(err, contract.ErrStepNotDueYet) {
		t.Errorf("a letter 5 days overdue under the new ladder: error = %v, want ErrStepNotDueYet (K10)", err)
	}
	if err := letter("i-1", start.Add(-time.Hour)); err != nil {
		t.Errorf("the same letter before the version's start: error = %v, want accepted", err)
	}
	if err := letter("i-2", due2.AddDate(0, 0, 31)); err != nil {
		t.Errorf("a letter 31 days overdue under the new ladder: error = %v, want accepted", err)
	}

	var got []string
	for _, r := range w.records() {
		if r.Type == (contract.DunningLetterSent{}).EventType() {
			got = append(got, r.Metadata.RegulationVersion)
		}
	}
	if want := []string{"contract/default", "contract/2026-dunning"}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("letters recorded under %v, want %v", got, want)
	}
}

// TestAdoptRegulationVersion_aDunningLadderOutOfOrderIsRefused: a ladder
// whose visit comes due before its letter, or with a negative wait, is
// refused naming the parameter, and nothing is adopted.
func TestAdoptRegulationVersion_aDunningLadderOutOfOrderIsRefused(t *testing.T) {
	w := newContractWorld(t)
	w.codec.Register(regulation.Events()...)
	versions, ok := w.h.Regulations.Versions(contract.RegulationName)
	if !ok {
		t.Fatal("no contract regulation in the catalogue")
	}
	for _, ladder := range []string{
		`{"letter_after_days": 30, "visit_after_days": 10, "legal_action_after_days": 60}`,
		`{"letter_after_days": -1, "visit_after_days": 0, "legal_action_after_days": 0}`,
	} {
		params := versions[0].Parameters
		params["dunning_ladder"] = json.RawMessage(ladder)
		raw, _ := json.Marshal(params)
		_, err := w.h.Regulations.AdoptRegulationVersion(context.Background(), contractGM, commands.AdoptRegulationVersion{
			Name: contract.RegulationName, Version: "bad", EffectiveFrom: contractNow.AddDate(0, 1, 0), Parameters: raw})
		var fe *domain.FieldError
		if !errors.As(err, &fe) || fe.Field != "parameters.dunning_ladder" && fe.Field != "dunning_ladder" {
			t.Errorf("ladder %s: error = %v, want an invalid dunning_ladder", ladder, err)
		}
	}
}

// TestRegulationCatalogue_aContractVersionAdoptedBeforeTheDunningLadderLoads:
// given a contract regulation version recorded before the contract
// regulation had a dunning ladder (its parameters name the signers only),
// when the catalogue is loaded from the log, then the version is put in
// force under the default ladder, not refused for the missing parameter.
func TestRegulationCatalogue_aContractVersionAdoptedBeforeTheDunningLadderLoads(t *testing.T) {
	store, codec := memory.New(), commands.Codec()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	data, err := codec.Encode("adopted-before-the-ladder", regulation.VersionAdopted{Name: contract.RegulationName, Version: "2026-01",
		EffectiveFrom: at, Parameters: json.RawMessage(`{"signer_roles": ["GM"]}`), Reason: "only the GM signs",
		ApprovedBy: "gm-1", ApproverRole: domain.RoleGM, AdoptedAt: at}, eventstore.Metadata{ActorID: "gm-1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Append(context.Background(), regulation.Stream(contract.RegulationName), eventstore.Any, data); err != nil {
		t.Fatal(err)
	}
	h := commands.New(store, codec, func() time.Time { return at.AddDate(0, 1, 0) })
	if err := h.Regulations.Load(context.Background()); err != nil {
		t.Fatalf("Load: %v, want the old version loaded under the default ladder", err)
	}
	versions, _ := h.Regulations.Versions(contract.RegulationName)
	if len(versions) != 2 {
		t.Errorf("contract versions %+v, want the default and 2026-01", versions)
	}
}
