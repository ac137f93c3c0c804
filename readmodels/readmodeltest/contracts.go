package readmodeltest

import (
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

// ContractDay is when the contracts of the tests are drafted, reviewed
// and signed.
var ContractDay = time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)

// ContractReview is one review decision of the chain, on ContractDay.
func ContractReview(id string, role domain.Role, d contract.Decision, comment string) contract.Review {
	return contract.Review{ReviewerID: id, ReviewerRole: role, Decision: d, Comment: comment, At: ContractDay}
}

// SignedContractEvents drafts, reviews and signs contract id.
func SignedContractEvents(id, customerID, drafter string, value int64) []domain.Event {
	terms := contract.Terms{RightsObligations: "r", Scope: "s", Price: domain.Fen(value), DeliveryDate: ContractDay.AddDate(0, 2, 0), PaymentTerms: "p"}
	return []domain.Event{
		contract.Drafted{ContractID: id, CustomerID: customerID, Terms: terms, DepositRequired: domain.Fen(value / 10),
			MissingRecommendedClauses: []string{contract.ClauseReturns}, DrafterID: drafter, DrafterRole: domain.RoleSalesRep, DraftedAt: ContractDay},
		contract.Registered{ContractID: id, RegistrationNo: "R-" + id, SubmittedBy: drafter, SubmittedRole: domain.RoleSalesRep, RegisteredAt: ContractDay},
		contract.DeptHeadApproved{ContractID: id, Review: ContractReview("head-1", domain.RoleDeptHead, contract.DecisionApproved, "")},
		contract.LegalReviewPassed{ContractID: id, Review: ContractReview("legal-1", domain.RoleLegal, contract.DecisionPassed, "lawful")},
		contract.ApprovedByGM{ContractID: id, Review: ContractReview("gm-1", domain.RoleGM, contract.DecisionApproved, "")},
		contract.Signed{ContractID: id, CustomerID: customerID, Value: domain.Fen(value), SignerID: "gm-1", SignerRole: domain.RoleGM,
			Place: contract.PlaceCompany, SignedAt: ContractDay},
	}
}
