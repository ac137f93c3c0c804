package stock

import "github.com/opsledger/opsledger/domain"

// Rule ids (docs/RULES.md) used in rule violations.
const (
	RuleNeverNegative = "§3.10-never-negative"
	RuleTransfer      = "§3.10-transfer"
	RuleReplenishment = "§3.10-replenishment"
	RuleMaterials     = "§3.10-materials"
	RuleShipment      = "§3.10-shipment"
)

// Errors of the stock aggregates.
var (
	ErrInsufficient          = domain.RuleViolation(RuleNeverNegative, "the branch's available stock does not cover the quantity")
	ErrTransferNotFound      = domain.NotFound("stock transfer not found")
	ErrTransferExists        = domain.Conflict("stock transfer already requested")
	ErrSameBranch            = domain.InvalidField("from_branch_id", "must differ from the receiving branch")
	ErrTransferNotOpen       = domain.RuleViolation(RuleTransfer, "only a requested transfer is approved or declined")
	ErrTransferNotApproved   = domain.RuleViolation(RuleTransfer, "a transfer ships out only once the sending branch approved it")
	ErrTransferNotShipped    = domain.RuleViolation(RuleTransfer, "a transfer is received only once it shipped out")
	ErrOwnTransfer           = domain.RuleViolation(RuleTransfer, "the requester does not approve their own transfer")
	ErrReplenishmentNotFound = domain.NotFound("replenishment request not found")
	ErrReplenishmentExists   = domain.Conflict("replenishment request already made")
	ErrReplenishmentClosed   = domain.RuleViolation(RuleReplenishment, "the replenishment request is already fulfilled")
	ErrReplenishmentProduct  = domain.RuleViolation(RuleReplenishment, "the goods received are not the product requested, or not for the requesting branch")
	ErrMaterialsNotFound     = domain.NotFound("materials request not found")
	ErrMaterialsExists       = domain.Conflict("materials request already filed")
	ErrNotSigned             = domain.RuleViolation(RuleMaterials, "valuable items are issued only after the branch manager signed the request")
	ErrNoSignatureNeeded     = domain.Rejected("the request holds no valuable item: it needs no signature")
	ErrMaterialsIssued       = domain.Rejected("the materials were already issued")
	ErrNoReservation         = domain.RuleViolation(RuleShipment, "the order has no stock reserved at this branch")
)
