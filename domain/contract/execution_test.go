package contract_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

func TestContract_RecordDepositReceived(t *testing.T) {
	record := func(amount domain.Money) func(contract.Contract) ([]domain.Event, error) {
		return func(ct contract.Contract) ([]domain.Event, error) {
			return ct.RecordDepositReceived(amount, "", fin, t1)
		}
	}
	noDeposit := drafted
	noDeposit.DepositRequired = domain.Money{}
	runDecide(t, "RecordDepositReceived", []decideCase{
		{name: "finance records the deposit of a signed contract", given: signedChain, when: record(deposit), want: []domain.Event{depositIn}},
		{name: "more than the deposit due is invalid", given: signedChain, when: record(domain.Yuan(20001)), wantErr: domain.ErrInvalid},
		{name: "a deposit received in full is not received again",
			given: history(signedChain, []domain.Event{depositIn}), when: record(deposit), wantErr: contract.ErrDepositComplete},
		{name: "a contract without a deposit refuses one",
			given: []domain.Event{noDeposit, registered, deptApproved, legalPassed, gmApproved, signed},
			when:  record(deposit), wantErr: contract.ErrNoDepositRequired},
		{name: "an unsigned contract takes no deposit", given: approvedChain, when: record(deposit), wantErr: contract.ErrWrongState},
	})
}

func TestContract_StartExecution(t *testing.T) {
	start := func(ct contract.Contract) ([]domain.Event, error) { return ct.StartExecution(rep, t1) }
	runDecide(t, "StartExecution", []decideCase{
		{name: "a signed contract with its deposit starts",
			given: history(signedChain, []domain.Event{depositIn}), when: start, want: []domain.Event{started}},
		{name: "without the required deposit it does not start (K8)",
			given: signedChain, when: start, wantErr: domain.ErrRejected, wantRule: "K8"},
		{name: "an approved but unsigned contract does not start", given: approvedChain, when: start, wantErr: contract.ErrWrongState},
		{name: "starting again records nothing", given: executing, when: start},
	})
}

func TestContract_RaiseExecutionIssue(t *testing.T) {
	raise := func(id string, typ contract.IssueType) func(contract.Contract) ([]domain.Event, error) {
		return func(ct contract.Contract) ([]domain.Event, error) {
			return ct.RaiseExecutionIssue(id, typ, "customer wants model P-8", rep, t1)
		}
	}
	raised := contract.ExecutionIssueRaised{ContractID: "c-1", IssueID: "x-1", Type: contract.IssueRequirementChange,
		Description: "customer wants model P-8", RaisedBy: "e-rep", RaisedAt: t1}
	runDecide(t, "RaiseExecutionIssue", []decideCase{
		{name: "a requirement change is tracked", given: executing, when: raise("x-1", contract.IssueRequirementChange), want: []domain.Event{raised}},
		{name: "an unknown type is invalid", given: executing, when: raise("x-1", "WEATHER"), wantErr: domain.ErrInvalid},
		{name: "an open issue id is not reused",
			given: history(executing, []domain.Event{raised}), when: raise("x-1", contract.IssueDeliveryDelay), wantErr: contract.ErrIssueExists},
	})
}

func TestContract_Complete(t *testing.T) {
	complete := func(ct contract.Contract) ([]domain.Event, error) { return ct.Complete(rep, t2) }
	paid := []domain.Event{
		contract.PaymentReceived{ContractID: "c-1", InstalmentID: "i-1", Amount: domain.Yuan(40000), ReceivedAt: t2},
		contract.PaymentReceived{ContractID: "c-1", InstalmentID: "i-2", Amount: domain.Yuan(40000), ReceivedAt: t2},
	}
	issue := contract.ExecutionIssueRaised{ContractID: "c-1", IssueID: "x-1", Type: contract.IssueDeliveryDelay, Description: "late"}
	resolved := contract.ExecutionIssueResolved{ContractID: "c-1", IssueID: "x-1", Resolution: "delivered"}
	runDecide(t, "Complete", []decideCase{
		{name: "a fully paid contract without open issues completes",
			given: history(executing, paid), when: complete,
			want: []domain.Event{contract.Completed{ContractID: "c-1", CompletedBy: "e-rep", CompletedAt: t2}}},
		{name: "an unpaid instalment keeps it open (K10)",
			given: history(executing, paid[:1]), when: complete, wantErr: domain.ErrRejected, wantRule: "K10"},
		{name: "an open execution issue keeps it open (K9)",
			given: history(executing, paid, []domain.Event{issue}), when: complete, wantErr: domain.ErrRejected, wantRule: "K9"},
		{name: "a resolved issue does not",
			given: history(executing, paid, []domain.Event{issue, resolved}), when: complete,
			want: []domain.Event{contract.Completed{ContractID: "c-1", CompletedBy: "e-rep", CompletedAt: t2}}},
	})
}

func TestContract_Close(t *testing.T) {
	closeIt := func(ct contract.Contract) ([]domain.Event, error) { return ct.Close(head, t2) }
	completed := history(executing, []domain.Event{
		contract.PaymentReceived{ContractID: "c-1", InstalmentID: "i-1", Amount: domain.Yuan(40000)},
		contract.PaymentReceived{ContractID: "c-1", InstalmentID: "i-2", Amount: domain.Yuan(40000)},
		contract.Completed{ContractID: "c-1"},
	})
	feedback := contract.CustomerFeedbackRecorded{ContractID: "c-1", Feedback: "good", Satisfied: true}
	runDecide(t, "Close", []decideCase{
		{name: "a completed contract with feedback closes", given: history(completed, []domain.Event{feedback}), when: closeIt,
			want: []domain.Event{contract.Closed{ContractID: "c-1", ClosedBy: "e-head", ClosedAt: t2}}},
		{name: "feedback comes first", given: completed, when: closeIt, wantErr: contract.ErrFeedbackMissing},
		{name: "a contract in execution does not close", given: executing, when: closeIt, wantErr: contract.ErrWrongState},
	})
}

func TestContract_Terminate(t *testing.T) {
	terminate := func(by contract.Actor, legalRef string) func(contract.Contract) ([]domain.Event, error) {
		return func(ct contract.Contract) ([]domain.Event, error) {
			return ct.Terminate("customer insolvent", legalRef, by, t2)
		}
	}
	runDecide(t, "Terminate", []decideCase{
		{name: "the GM terminates a signed contract with legal's opinion", given: executing, when: terminate(gm, "LO-7"),
			want: []domain.Event{contract.Terminated{ContractID: "c-1", Reason: "customer insolvent", LegalOpinionRef: "LO-7",
				TerminatedBy: "e-gm", TerminatedRole: domain.RoleGM, PreviousStatus: contract.StatusInExecution, TerminatedAt: t2}}},
		{name: "a signed contract needs legal's opinion", given: executing, when: terminate(gm, ""), wantErr: domain.ErrInvalid},
		{name: "only the GM terminates", given: executing, when: terminate(head, "LO-7"), wantErr: domain.ErrForbidden},
		{name: "terminating again records nothing",
			given: history(executing, []domain.Event{contract.Terminated{ContractID: "c-1"}}), when: terminate(gm, "LO-7")},
	})
}

func TestContract_ResolveExecutionIssue(t *testing.T) {
	raised := contract.ExecutionIssueRaised{ContractID: "c-1", IssueID: "x-1", Type: contract.IssueDeliveryDelay, Description: "late"}
	resolve := func(id, resolution string) func(contract.Contract) ([]domain.Event, error) {
		return func(ct contract.Contract) ([]domain.Event, error) {
			return ct.ResolveExecutionIssue(id, resolution, rep, t2)
		}
	}
	runDecide(t, "ResolveExecutionIssue", []decideCase{
		{name: "an open issue is resolved", given: history(executing, []domain.Event{raised}), when: resolve("x-1", "shipped by air"),
			want: []domain.Event{contract.ExecutionIssueResolved{ContractID: "c-1", IssueID: "x-1", Resolution: "shipped by air", ResolvedBy: "e-rep", ResolvedAt: t2}}},
		{name: "a resolution is required", given: history(executing, []domain.Event{raised}), when: resolve("x-1", ""), wantErr: domain.ErrInvalid},
		{name: "an unknown issue is not found", given: executing, when: resolve("x-1", "done"), wantErr: contract.ErrUnknownIssue},
	})
}

func TestContract_RecordCompletionFeedback(t *testing.T) {
	record := func(ct contract.Contract) ([]domain.Event, error) {
		return ct.RecordCompletionFeedback("delivered on time", true, rep, t2)
	}
	runDecide(t, "RecordCompletionFeedback", []decideCase{
		{name: "feedback on a completed contract is recorded", given: history(executing, []domain.Event{contract.Completed{ContractID: "c-1"}}),
			when: record, want: []domain.Event{contract.CustomerFeedbackRecorded{ContractID: "c-1", Feedback: "delivered on time",
				Satisfied: true, RecordedBy: "e-rep", RecordedAt: t2}}},
		{name: "a contract in execution is not complete yet", given: executing, when: record, wantErr: contract.ErrWrongState},
	})
}
