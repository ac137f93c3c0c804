package contract_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

var (
	t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	t1 = t0.Add(time.Hour)
	t2 = t0.AddDate(0, 2, 0)

	rep   = contract.Actor{EmployeeID: "e-rep", Role: domain.RoleSalesRep, OrgUnitID: "ou-sales"}
	head  = contract.Actor{EmployeeID: "e-head", Role: domain.RoleDeptHead, OrgUnitID: "ou-sales"}
	head2 = contract.Actor{EmployeeID: "e-head2", Role: domain.RoleDeptHead, OrgUnitID: "ou-sales"}
	legal = contract.Actor{EmployeeID: "e-legal", Role: domain.RoleLegal}
	gm    = contract.Actor{EmployeeID: "e-gm", Role: domain.RoleGM}
	fin   = contract.Actor{EmployeeID: "e-fin", Role: domain.RoleFinance}

	price   = domain.Yuan(100000)
	deposit = domain.Yuan(20000)

	terms = contract.Terms{
		RightsObligations: "both parties' rights and obligations", Scope: "100 pumps, model P-7",
		Price: price, DeliveryDate: t0.AddDate(0, 1, 0), PaymentTerms: "20% deposit, rest in two instalments",
		ReturnsClause: "returns within 7 days", CompensationClause: "liability up to the price",
		LateDeliveryClause: "0.1% per day late",
	}
	quote    = contract.QuoteFacts{QuotationID: "q-1", Found: true, ApprovedFinal: true, Price: price, CustomerID: "cu-1"}
	customer = contract.CustomerFacts{Exists: true}
	hash     = "sha256:text-v1"

	drafted = contract.Drafted{ContractID: "c-1", CustomerID: "cu-1", Terms: terms, DepositRequired: deposit,
		QuotationID: "q-1", PriceLinked: true, DrafterID: rep.EmployeeID, DrafterRole: rep.Role,
		DrafterOrgUnitID: "ou-sales", DraftedAt: t0}
	registered = contract.Registered{ContractID: "c-1", RegistrationNo: "REG-1", DocumentHash: hash,
		SubmittedBy: rep.EmployeeID, SubmittedRole: rep.Role, RegisteredAt: t0}
	deptApproved = contract.DeptHeadApproved{ContractID: "c-1", Review: approval(head, contract.DecisionApproved)}
	legalPassed  = contract.LegalReviewPassed{ContractID: "c-1", Review: approval(legal, contract.DecisionPassed)}
	gmApproved   = contract.ApprovedByGM{ContractID: "c-1", Review: approval(gm, contract.DecisionApproved)}
	signed       = contract.Signed{ContractID: "c-1", CustomerID: "cu-1", Value: price, SignerID: head.EmployeeID,
		SignerRole: head.Role, CustomerSignatory: "Mr Li", Place: contract.PlaceCompany, DocumentHash: hash, SignedAt: t1}
	depositIn = contract.DepositReceived{ContractID: "c-1", Amount: deposit, RecordedBy: fin.EmployeeID, ReceivedAt: t1}
	started   = contract.ExecutionStarted{ContractID: "c-1", StartedBy: rep.EmployeeID, StartedAt: t1}
	planSet   = contract.CollectionPlanSet{ContractID: "c-1", SetBy: rep.EmployeeID, SetAt: t1, Instalments: []contract.Instalment{
		{ID: "i-1", DueDate: t0.AddDate(0, 1, 0), Amount: domain.Yuan(40000)},
		{ID: "i-2", DueDate: t0.AddDate(0, 3, 0), Amount: domain.Yuan(40000)},
	}}

	approvedChain = []domain.Event{drafted, registered, deptApproved, legalPassed, gmApproved}
	signedChain   = append(append([]domain.Event{}, approvedChain...), signed)
	executing     = append(append([]domain.Event{}, signedChain...), depositIn, started, planSet)
)

func approval(by contract.Actor, d contract.Decision) contract.Review {
	return contract.Review{ReviewerID: by.EmployeeID, ReviewerRole: by.Role, Decision: d, At: t1}
}

func history(events ...[]domain.Event) []domain.Event {
	var all []domain.Event
	for _, es := range events {
		all = append(all, es...)
	}
	return all
}

// decideCase is one given / when / then row: when is the decision under
// test, applied to the state folded from given.
type decideCase struct {
	name     string
	given    []domain.Event
	when     func(contract.Contract) ([]domain.Event, error)
	want     []domain.Event
	wantErr  error
	wantRule string // the rule a RuleViolation must name
}

func runDecide(t *testing.T, method string, tests []decideCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct := domain.Fold(contract.Contract.Evolve, tt.given...) // given

			got, err := tt.when(ct) // when

			if !errors.Is(err, tt.wantErr) { // then
				t.Fatalf("%s() error = %v, want %v", method, err, tt.wantErr)
			}
			if tt.wantRule != "" {
				var re *domain.RuleError
				if !errors.As(err, &re) || re.Rule != tt.wantRule {
					t.Fatalf("%s() error = %v, want a violation of %s", method, err, tt.wantRule)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s() events mismatch (-want +got):\n%s", method, diff)
			}
		})
	}
}

// isRule reports whether err is a violation of rule.
func isRule(err error, rule string) bool {
	var re *domain.RuleError
	return errors.As(err, &re) && re.Rule == rule
}
