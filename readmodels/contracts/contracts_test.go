package contracts_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/contracts"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

// amendmentEvents takes amendment a1 of k1 through the whole chain to
// signature and leaves a2 as a draft.
func amendmentEvents() []domain.Event {
	a1 := func(role domain.Role, d contract.Decision) contract.Review {
		return readmodeltest.ContractReview(string(role)+"-1", role, d, "")
	}
	return []domain.Event{
		contract.AmendmentRequested{ContractID: "k1", AmendmentID: "a1", Terms: contract.Terms{Price: domain.Fen(12000000)},
			Reason: "more scope", RequestedBy: "rep-1", RequestedAt: readmodeltest.ContractDay},
		contract.Registered{ContractID: "k1", AmendmentID: "a1", SubmittedBy: "rep-1", SubmittedRole: domain.RoleSalesRep, RegisteredAt: readmodeltest.ContractDay},
		contract.DeptHeadApproved{ContractID: "k1", AmendmentID: "a1", Review: a1(domain.RoleDeptHead, contract.DecisionApproved)},
		contract.LegalReviewPassed{ContractID: "k1", AmendmentID: "a1", Review: a1(domain.RoleLegal, contract.DecisionPassed)},
		contract.AmendmentApproved{ContractID: "k1", AmendmentID: "a1", Review: a1(domain.RoleGM, contract.DecisionApproved)},
		contract.Amended{ContractID: "k1", AmendmentID: "a1", After: contract.Terms{Price: domain.Fen(12000000)},
			SignerID: "gm-1", SignerRole: domain.RoleGM, AmendedAt: readmodeltest.ContractDay},
		contract.AmendmentRequested{ContractID: "k1", AmendmentID: "a2", Terms: contract.Terms{Price: domain.Fen(11000000)},
			Reason: "discount", RequestedBy: "rep-1", RequestedAt: readmodeltest.ContractDay.Add(time.Hour)},
	}
}

// contractsFixture: k1 is returned by legal once, then signed, in
// execution and amended (a1) with a second amendment (a2) drafted; k2 has
// an unauthorised price; k3 is a draft of rep-2 for c1.
func contractsFixture(t *testing.T) readmodeltest.Fixture[*contracts.Queries] {
	return readmodeltest.NewFixture(t, memory.New(), eventstore.NewCodec(contract.Events()...), contracts.New(), contracts.NewQueries,
		func(add func(string, ...domain.Event)) {
			k1 := readmodeltest.SignedContractEvents("k1", "c1", "rep-1", 10000000)
			add(contract.Stream("k1"), k1[0], k1[1], k1[2], contract.Returned{ContractID: "k1", Stage: contract.StatusDeptApproved,
				Review: readmodeltest.ContractReview("legal-1", domain.RoleLegal, contract.DecisionReturned, "clause 4")})
			add(contract.Stream("k1"), k1[1:]...)
			add(contract.Stream("k1"),
				contract.DepositReceived{ContractID: "k1", Amount: domain.Fen(1000000), ReceivedAt: readmodeltest.ContractDay},
				contract.ExecutionStarted{ContractID: "k1", StartedAt: readmodeltest.ContractDay},
				contract.CollectionPlanSet{ContractID: "k1", Instalments: []contract.Instalment{{ID: "i1", DueDate: readmodeltest.ContractDay, Amount: domain.Fen(9000000)}}})
			add(contract.Stream("k1"), amendmentEvents()...)
			add(contract.Stream("k2"), contract.Drafted{ContractID: "k2", CustomerID: "c2", Terms: contract.Terms{Price: domain.Fen(500)},
				DrafterID: "rep-2", DraftedAt: readmodeltest.ContractDay.Add(time.Hour)},
				contract.UnauthorisedQuotationDetected{ContractID: "k2", CustomerID: "c2", Reason: "no approved quote"})
			add(contract.Stream("k3"), readmodeltest.SignedContractEvents("k3", "c1", "rep-2", 300000)[:1]...)
		})
}

func TestContracts_Contract(t *testing.T) {
	f := contractsFixture(t)
	k1, err := f.Q.Contract(context.Background(), "k1")
	if err != nil {
		t.Fatalf("Contract(k1): %v", err)
	}
	if k1.Status != "IN_EXECUTION" || k1.Value != 12000000 || k1.DepositReceived != 1000000 || k1.SignerID != "gm-1" ||
		k1.AmendmentID != "a2" || k1.AmendmentStage != "DRAFT" || k1.Version != 19 || k1.RegistrationNo != "R-k1" {
		t.Errorf("Contract(k1) = %+v", k1)
	}
	body, _ := json.Marshal(k1)
	for _, s := range []string{`"value":"120000.00"`, `"deposit_required":"10000.00"`, `"currency":"CNY"`, `"missing_recommended_clauses":["returns"]`} {
		if !strings.Contains(string(body), s) {
			t.Errorf("JSON lacks %s: %s", s, body)
		}
	}
	if _, err := f.Q.Contract(context.Background(), "nope"); !errors.Is(err, queries.ErrContractNotFound) || !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("Contract(nope) error = %v", err)
	}
}

func TestContracts_ContractStepsAndAmendments(t *testing.T) {
	k1, err := contractsFixture(t).Q.Contract(context.Background(), "k1")
	if err != nil {
		t.Fatalf("Contract(k1): %v", err)
	}
	var chain []string
	for _, s := range k1.Steps {
		chain = append(chain, s.AmendmentID+":"+s.Step+"/"+s.Decision)
	}
	want := ":REGISTRATION/SUBMITTED :DEPT_HEAD/APPROVED :LEGAL/RETURNED :REGISTRATION/SUBMITTED :DEPT_HEAD/APPROVED " +
		":LEGAL/PASSED :GM/APPROVED :SIGNATURE/SIGNED a1:REGISTRATION/SUBMITTED a1:DEPT_HEAD/APPROVED a1:LEGAL/PASSED " +
		"a1:GM/APPROVED a1:SIGNATURE/SIGNED"
	if got := strings.Join(chain, " "); got != want {
		t.Errorf("steps =\n%s\nwant\n%s", got, want)
	}
	if s := k1.Steps[2]; s.ActorID != "legal-1" || s.Role != string(domain.RoleLegal) || s.Comment != "clause 4" || !s.At.Equal(readmodeltest.ContractDay) {
		t.Errorf("return step = %+v", s)
	}
	if len(k1.Amendments) != 2 {
		t.Fatalf("amendments = %+v, want a1 and a2", k1.Amendments)
	}
	if a := k1.Amendments[0]; a.Status != "AMENDED" || a.ValueBefore != 10000000 || a.ValueAfter != 12000000 || a.DecidedAt == nil {
		t.Errorf("a1 = %+v", a)
	}
	if a := k1.Amendments[1]; a.Status != "DRAFT" || a.ValueBefore != 12000000 || a.Reason != "discount" {
		t.Errorf("a2 = %+v", a)
	}
}

func TestContracts_Contracts(t *testing.T) {
	f := contractsFixture(t)
	list := func(filter queries.ContractFilter, page queries.PageRequest) (string, string) {
		t.Helper()
		p, err := f.Q.Contracts(context.Background(), filter, page)
		return readmodeltest.Listed(t, fmt.Sprintf("Contracts(%+v)", filter), p, err, func(v queries.ContractView) string { return v.ContractID })
	}
	for name, tc := range map[string]struct {
		f    queries.ContractFilter
		want string
	}{
		"by value":       {queries.ContractFilter{Sort: "-value"}, "k1,k3,k2"},
		"customer":       {queries.ContractFilter{CustomerID: "c1", Sort: "-value"}, "k1,k3"},
		"status":         {queries.ContractFilter{Status: contract.StatusDraft, Sort: "-value"}, "k3,k2"},
		"unauthorised":   {queries.ContractFilter{UnauthorisedOnly: true}, "k2"},
		"amendment open": {queries.ContractFilter{AmendmentOpen: true}, "k1"},
		"drafter":        {queries.ContractFilter{DrafterID: "rep-2", Sort: "drafted_at"}, "k3,k2"},
	} {
		if got, _ := list(tc.f, queries.PageRequest{}); got != tc.want {
			t.Errorf("%s: Contracts = %s, want %s", name, got, tc.want)
		}
	}
	first, cur := list(queries.ContractFilter{Sort: "-value"}, queries.PageRequest{Limit: 1})
	second, cur2 := list(queries.ContractFilter{Sort: "-value"}, queries.PageRequest{Limit: 1, Cursor: cur})
	third, end := list(queries.ContractFilter{Sort: "-value"}, queries.PageRequest{Limit: 1, Cursor: cur2})
	if first+second+third != "k1k3k2" || end != "" {
		t.Errorf("paged = %s %s %s (end %q)", first, second, third, end)
	}
	if _, err := f.Q.Contracts(context.Background(), queries.ContractFilter{Sort: "value"}, queries.PageRequest{}); !errors.Is(err, domain.ErrInvalid) {
		t.Errorf("unknown sort: error = %v", err)
	}
}

func TestContracts_Rebuild(t *testing.T) {
	contractsFixture(t).RebuildMatches(t)
}

func TestContracts_AmendmentsThatNeverTakeEffect(t *testing.T) {
	request := func(k, a string) contract.AmendmentRequested {
		return contract.AmendmentRequested{ContractID: k, AmendmentID: a, Terms: contract.Terms{Price: domain.Fen(900)},
			Reason: "change", RequestedBy: "rep-1", RequestedAt: readmodeltest.ContractDay}
	}
	f := readmodeltest.NewFixture(t, memory.New(), eventstore.NewCodec(contract.Events()...), contracts.New(), contracts.NewQueries,
		func(add func(string, ...domain.Event)) {
			add(contract.Stream("k4"), readmodeltest.SignedContractEvents("k4", "c1", "rep-1", 1000)...)
			add(contract.Stream("k4"), request("k4", "w"),
				contract.AmendmentWithdrawn{ContractID: "k4", AmendmentID: "w", Reason: "not needed", WithdrawnAt: readmodeltest.ContractDay})
			add(contract.Stream("k5"), readmodeltest.SignedContractEvents("k5", "c1", "rep-1", 1000)...)
			add(contract.Stream("k5"), request("k5", "d"),
				contract.Registered{ContractID: "k5", AmendmentID: "d", SubmittedBy: "rep-1", SubmittedRole: domain.RoleSalesRep, RegisteredAt: readmodeltest.ContractDay},
				contract.LegalReviewFailed{ContractID: "k5", AmendmentID: "d", Review: readmodeltest.ContractReview("legal-1", domain.RoleLegal, contract.DecisionFailed, "unlawful")},
				contract.Terminated{ContractID: "k5", Reason: "customer insolvent", TerminatedBy: "gm-1", TerminatedRole: domain.RoleGM,
					PreviousStatus: contract.StatusSigned, TerminatedAt: readmodeltest.ContractDay})
		})
	for _, tc := range []struct{ contract, status, amendment string }{
		{"k4", "SIGNED", "WITHDRAWN"},
		{"k5", "TERMINATED", "DROPPED"},
	} {
		v, err := f.Q.Contract(context.Background(), tc.contract)
		if err != nil {
			t.Fatalf("Contract(%s): %v", tc.contract, err)
		}
		if v.Status != tc.status || v.AmendmentID != "" || len(v.Amendments) != 1 || v.Amendments[0].Status != tc.amendment ||
			v.Amendments[0].DecidedAt == nil {
			t.Errorf("Contract(%s) = status %s, open amendment %q, amendments %+v; want %s with the amendment %s",
				tc.contract, v.Status, v.AmendmentID, v.Amendments, tc.status, tc.amendment)
		}
	}
	if k5, _ := f.Q.Contract(context.Background(), "k5"); k5.EndedAt == nil || k5.TerminationReason != "customer insolvent" {
		t.Errorf("k5 ended at %v for %q, want the termination", k5.EndedAt, k5.TerminationReason)
	}
	f.RebuildMatches(t)
}
