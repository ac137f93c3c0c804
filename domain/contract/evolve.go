package contract

import (
	"slices"

	"github.com/opsledger/opsledger/domain"
)

// Evolve applies one recorded event to the contract. It never fails:
// events are facts. Slices and the amendment are copied before they change,
// so earlier states stay intact.
func (ct Contract) Evolve(e domain.Event) Contract {
	switch e := e.(type) {
	case Drafted:
		ct.ID, ct.CustomerID, ct.Status = e.ContractID, e.CustomerID, StatusDraft
		ct.Value, ct.DepositRequired = e.Terms.Price, e.DepositRequired
		ct.DepositReceived = domain.Money{Currency: e.DepositRequired.Currency}
		ct.Paper = Paper{Stage: StatusDraft, Terms: e.Terms, DrafterID: e.DrafterID,
			DrafterOrgUnitID: e.DrafterOrgUnitID, QuotationID: e.QuotationID, PriceLinked: e.PriceLinked}
	case DraftRevised:
		ct = ct.onPaper(e.AmendmentID, func(p *Paper) {
			p.Terms, p.QuotationID, p.PriceLinked = e.Terms, e.QuotationID, e.PriceLinked
		})
		if e.AmendmentID == "" {
			ct.Value = e.Terms.Price
		}
	case PriceLinked:
		ct = ct.onPaper(e.AmendmentID, func(p *Paper) { p.QuotationID, p.PriceLinked = e.QuotationID, true })
	case Registered:
		ct = ct.toStage(e.AmendmentID, StatusRegistered, func(p *Paper) {
			p.DocumentHash, p.DeptApprovedBy, p.LegalClearedBy, p.GMApprovedBy = e.DocumentHash, "", "", ""
		})
	case DeptHeadApproved:
		ct = ct.toStage(e.AmendmentID, StatusDeptApproved, func(p *Paper) { p.DeptApprovedBy = e.ReviewerID })
	case LegalReviewPassed:
		ct = ct.toStage(e.AmendmentID, StatusLegalCleared, func(p *Paper) { p.LegalClearedBy = e.ReviewerID })
	case ApprovedByGM:
		ct = ct.toStage("", StatusApproved, func(p *Paper) { p.GMApprovedBy = e.ReviewerID })
	case AmendmentApproved:
		ct = ct.toStage(e.AmendmentID, StatusApproved, func(p *Paper) { p.GMApprovedBy = e.ReviewerID })
	case LegalReviewFailed:
		ct = ct.toStage(e.AmendmentID, StatusDraft, func(*Paper) {})
	case Returned:
		ct = ct.toStage(e.AmendmentID, StatusDraft, func(*Paper) {})
	case Signed:
		ct.Status, ct.SignedAt = StatusSigned, e.SignedAt
	default:
		return ct.evolveExecution(e)
	}
	return ct
}

func (ct Contract) evolveExecution(e domain.Event) Contract {
	switch e := e.(type) {
	case DepositReceived:
		ct.DepositReceived, _ = ct.DepositReceived.Add(e.Amount)
	case ExecutionStarted:
		ct.Status = StatusInExecution
	case ExecutionIssueRaised:
		ct.OpenIssues = append(slices.Clip(ct.OpenIssues), e.IssueID)
	case ExecutionIssueResolved:
		ct.OpenIssues = slices.DeleteFunc(slices.Clone(ct.OpenIssues), func(id string) bool { return id == e.IssueID })
	case AmendmentRequested:
		ct.AmendmentID = e.AmendmentID
		ct.Amendment = &Paper{Stage: StatusDraft, Terms: e.Terms, DrafterID: e.RequestedBy,
			DrafterOrgUnitID: e.RequestedByOrgUnitID, QuotationID: e.QuotationID, PriceLinked: e.PriceLinked}
	case AmendmentWithdrawn:
		ct.Amendment, ct.AmendmentID = nil, ""
	case Amended:
		ct.Paper.Terms, ct.Value = e.After, e.After.Price
		if ct.Amendment != nil {
			ct.Paper.QuotationID = ct.Amendment.QuotationID
		}
		ct.Amendment, ct.AmendmentID = nil, ""
	case Completed:
		ct.Status = StatusCompleted
	case CustomerFeedbackRecorded:
		ct.Feedback = true
	case Closed:
		ct.Status = StatusClosed
	case Terminated:
		ct.Status, ct.Amendment, ct.AmendmentID = StatusTerminated, nil, ""
	default:
		return ct.evolveCollection(e)
	}
	return ct
}

func (ct Contract) evolveCollection(e domain.Event) Contract {
	switch e := e.(type) {
	case CollectionPlanSet:
		ct.Plan = replan(ct.Plan, e.Instalments)
	case PaymentReceived:
		ct = ct.onInstalment(e.InstalmentID, func(pi *PlannedInstalment) {
			pi.Paid, _ = pi.Paid.Add(e.Amount)
			pi.Payments++
		})
	case DunningLetterSent:
		ct = ct.onInstalment(e.InstalmentID, func(pi *PlannedInstalment) { pi.Dunning = DunningLetter })
	case CollectionVisitMade:
		ct = ct.onInstalment(e.InstalmentID, func(pi *PlannedInstalment) { pi.Dunning = DunningVisit })
	case LegalActionApproved:
		ct = ct.onInstalment(e.InstalmentID, func(pi *PlannedInstalment) {
			pi.LegalApprovals = pi.LegalApprovals.with(e.ApproverRole, e.ApproverID)
		})
	case LegalActionInitiated:
		ct = ct.onInstalment(e.InstalmentID, func(pi *PlannedInstalment) { pi.Dunning = DunningLegalAction })
	}
	return ct
}

// replan builds the new plan, carrying over what was paid and how far the
// dunning went (approvals of legal action included) on instalments the new
// plan keeps.
func replan(old []PlannedInstalment, next []Instalment) []PlannedInstalment {
	plan := make([]PlannedInstalment, len(next))
	for i, in := range next {
		plan[i] = PlannedInstalment{Instalment: in, Paid: domain.Money{Currency: in.Amount.Currency}}
		if j := indexInstalment(old, in.ID); j >= 0 {
			plan[i].Paid, plan[i].Dunning, plan[i].Payments = old[j].Paid, old[j].Dunning, old[j].Payments
			plan[i].LegalApprovals = old[j].LegalApprovals
		}
	}
	return plan
}

func indexInstalment(plan []PlannedInstalment, id string) int {
	return slices.IndexFunc(plan, func(pi PlannedInstalment) bool { return pi.ID == id })
}

func (ct Contract) onInstalment(id string, change func(*PlannedInstalment)) Contract {
	i := indexInstalment(ct.Plan, id)
	if i < 0 {
		return ct
	}
	ct.Plan = slices.Clone(ct.Plan)
	change(&ct.Plan[i])
	return ct
}

// onPaper changes the contract's paper (amendmentID "") or the amendment's.
func (ct Contract) onPaper(amendmentID string, change func(*Paper)) Contract {
	if amendmentID == "" {
		change(&ct.Paper)
		return ct
	}
	if ct.Amendment == nil || ct.AmendmentID != amendmentID {
		return ct
	}
	a := *ct.Amendment
	change(&a)
	ct.Amendment = &a
	return ct
}

// toStage moves a paper to stage; for the contract itself, Status follows.
func (ct Contract) toStage(amendmentID string, stage Status, change func(*Paper)) Contract {
	ct = ct.onPaper(amendmentID, func(p *Paper) {
		p.Stage = stage
		change(p)
	})
	if amendmentID == "" {
		ct.Status = stage
	}
	return ct
}
