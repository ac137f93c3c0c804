package contracts

import (
	"time"

	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// review applies the events of the review chain and signing, and returns
// the step each records; it returns nil for other events.
func (b contractBatch) review(row *contractRow, e tables.Decoded) *contractStepRow {
	switch ev := e.Event.(type) {
	case contract.Registered:
		b.stage(row, e, ev.AmendmentID, contract.StatusRegistered)
		if ev.AmendmentID == "" {
			row.RegistrationNo = ev.RegistrationNo
		}
		return &contractStepRow{AmendmentID: ev.AmendmentID, Step: "REGISTRATION", ActorID: ev.SubmittedBy,
			Role: string(ev.SubmittedRole), Decision: "SUBMITTED", Comment: ev.RegistrationNo, At: ev.RegisteredAt}
	case contract.DeptHeadApproved:
		b.stage(row, e, ev.AmendmentID, contract.StatusDeptApproved)
		return reviewStep(ev.AmendmentID, "DEPT_HEAD", ev.Review)
	case contract.LegalReviewPassed:
		b.stage(row, e, ev.AmendmentID, contract.StatusLegalCleared)
		return reviewStep(ev.AmendmentID, "LEGAL", ev.Review)
	case contract.LegalReviewFailed:
		b.stage(row, e, ev.AmendmentID, contract.StatusDraft)
		return reviewStep(ev.AmendmentID, "LEGAL", ev.Review)
	case contract.ApprovedByGM:
		b.stage(row, e, "", contract.StatusApproved)
		return reviewStep("", "GM", ev.Review)
	case contract.AmendmentApproved:
		b.stage(row, e, ev.AmendmentID, contract.StatusApproved)
		return reviewStep(ev.AmendmentID, "GM", ev.Review)
	case contract.Returned:
		b.stage(row, e, ev.AmendmentID, contract.StatusDraft)
		return reviewStep(ev.AmendmentID, reviewerOf(ev.Stage), ev.Review)
	case contract.Signed:
		row.Status, row.SignerID, row.SignerRole, row.SignedAt = string(contract.StatusSigned), ev.SignerID, string(ev.SignerRole), &ev.SignedAt
		row.ValueMinor, row.Currency = ev.Value.Minor, tables.Currency(ev.Value)
		return &contractStepRow{Step: "SIGNATURE", ActorID: ev.SignerID, Role: string(ev.SignerRole),
			Decision: "SIGNED", Comment: ev.Place, At: ev.SignedAt}
	case contract.Amended:
		b.stage(row, e, ev.AmendmentID, "AMENDED")
		if a := b.amendment(row, ev.AmendmentID); a != nil {
			a.DecidedAt = &ev.AmendedAt
		}
		row.ValueMinor, row.DeliveryDate = ev.After.Price.Minor, tables.OptTime(ev.After.DeliveryDate)
		row.AmendmentID, row.AmendmentStage = "", ""
		return &contractStepRow{AmendmentID: ev.AmendmentID, Step: "SIGNATURE", ActorID: ev.SignerID,
			Role: string(ev.SignerRole), Decision: "SIGNED", Comment: ev.Place, At: ev.AmendedAt}
	}
	return nil
}

func reviewStep(amendmentID, step string, r contract.Review) *contractStepRow {
	return &contractStepRow{AmendmentID: amendmentID, Step: step, ActorID: r.ReviewerID, Role: string(r.ReviewerRole),
		Decision: string(r.Decision), Comment: r.Comment, At: r.At}
}

// reviewerOf names the step that returns a paper from stage.
func reviewerOf(stage contract.Status) string {
	switch stage {
	case contract.StatusRegistered:
		return "DEPT_HEAD"
	case contract.StatusDeptApproved:
		return "LEGAL"
	case contract.StatusLegalCleared:
		return "GM"
	}
	return string(stage)
}

// stage moves the contract (amendmentID "") or the amendment to stage.
func (b contractBatch) stage(row *contractRow, e tables.Decoded, amendmentID string, stage contract.Status) {
	if amendmentID == "" {
		row.Status = string(stage)
		return
	}
	a := b.amendment(row, amendmentID)
	if a == nil {
		return
	}
	a.Status, a.Version, a.UpdatedAt = string(stage), e.StreamVersion, e.RecordedAt
	if row.AmendmentID == amendmentID {
		row.AmendmentStage = string(stage)
	}
}

// amendment returns the amendment row, marked for writing, or nil.
func (b contractBatch) amendment(row *contractRow, id string) *amendmentRow {
	a := b.amendments.Get(row.ContractID + "\x00" + id)
	if a != nil {
		b.amendments.Touch(a)
	}
	return a
}

// lifecycle applies drafting, deposit, execution and amendment events.
func (b contractBatch) lifecycle(row *contractRow, e tables.Decoded) {
	switch ev := e.Event.(type) {
	case contract.DraftRevised:
		if ev.AmendmentID == "" {
			row.ValueMinor, row.QuotationID, row.PriceLinked = ev.Terms.Price.Minor, ev.QuotationID, ev.PriceLinked
			row.MissingClauses, row.DeliveryDate = nonNil(ev.MissingRecommendedClauses), tables.OptTime(ev.Terms.DeliveryDate)
		} else if a := b.amendment(row, ev.AmendmentID); a != nil {
			a.ValueAfterMinor, a.PriceLinked, a.Version, a.UpdatedAt = ev.Terms.Price.Minor, ev.PriceLinked, e.StreamVersion, e.RecordedAt
		}
	case contract.PriceLinked:
		if ev.AmendmentID == "" {
			row.QuotationID, row.PriceLinked, row.UnauthorisedQuotation = ev.QuotationID, true, false
		} else if a := b.amendment(row, ev.AmendmentID); a != nil {
			a.PriceLinked, a.Version, a.UpdatedAt = true, e.StreamVersion, e.RecordedAt
		}
	case contract.UnauthorisedQuotationDetected:
		if ev.AmendmentID == "" {
			row.UnauthorisedQuotation = true
		}
	case contract.DepositReceived:
		row.DepositReceivedMinor += ev.Amount.Minor
	case contract.ExecutionStarted:
		row.Status = string(contract.StatusInExecution)
	case contract.ExecutionIssueRaised:
		row.OpenIssues++
	case contract.ExecutionIssueResolved:
		row.OpenIssues = max(0, row.OpenIssues-1)
	default:
		b.amendOrEnd(row, e)
	}
}

func (b contractBatch) amendOrEnd(row *contractRow, e tables.Decoded) {
	switch ev := e.Event.(type) {
	case contract.AmendmentRequested:
		b.amendments.Put(&amendmentRow{ContractID: row.ContractID, AmendmentID: ev.AmendmentID,
			Status: string(contract.StatusDraft), Reason: ev.Reason, ValueBeforeMinor: row.ValueMinor,
			ValueAfterMinor: ev.Terms.Price.Minor, Currency: row.Currency, PriceLinked: ev.PriceLinked,
			RequestedBy: ev.RequestedBy, RequestedAt: ev.RequestedAt, Version: e.StreamVersion, UpdatedAt: e.RecordedAt})
		row.AmendmentID, row.AmendmentStage = ev.AmendmentID, string(contract.StatusDraft)
	case contract.AmendmentWithdrawn:
		b.endAmendment(row, e, ev.AmendmentID, "WITHDRAWN", ev.WithdrawnAt)
	case contract.Completed:
		row.Status = string(contract.StatusCompleted)
	case contract.Closed:
		row.Status, row.EndedAt = string(contract.StatusClosed), &ev.ClosedAt
	case contract.Terminated:
		row.Status, row.EndedAt, row.TerminationReason = string(contract.StatusTerminated), &ev.TerminatedAt, ev.Reason
		if row.AmendmentID != "" {
			b.endAmendment(row, e, row.AmendmentID, "DROPPED", ev.TerminatedAt)
		}
	}
}

// endAmendment records that an amendment will not take effect.
func (b contractBatch) endAmendment(row *contractRow, e tables.Decoded, id, status string, at time.Time) {
	if a := b.amendment(row, id); a != nil {
		a.Status, a.DecidedAt, a.Version, a.UpdatedAt = status, &at, e.StreamVersion, e.RecordedAt
	}
	if row.AmendmentID == id {
		row.AmendmentID, row.AmendmentStage = "", ""
	}
}
