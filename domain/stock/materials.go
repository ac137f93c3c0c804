package stock

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// ValuableFrom is the declared unit value from which an item counts as
// valuable (比较贵重的物品) and needs the branch manager's signature
// (§3.10-materials). The regulation names no amount: 1,000.00 is our
// design decision (D).
var ValuableFrom = domain.Yuan(1000)

// MaterialsStatus is where a materials request stands.
type MaterialsStatus string

// The materials request states.
const (
	MaterialsNone      MaterialsStatus = ""
	MaterialsRequested MaterialsStatus = "REQUESTED"
	MaterialsSigned    MaterialsStatus = "SIGNED"
	MaterialsIssued    MaterialsStatus = "ISSUED"
)

// MaterialLine is one item on the form: what, how many and its declared
// unit value.
type MaterialLine struct {
	Product
	Quantity int64        `json:"quantity"`
	UnitCost domain.Money `json:"unit_cost"`
}

// MaterialsRequest is the rep's materials request form
// (《业务员物品申请单》), rebuilt from its stream: filed by the rep,
// signed by the branch manager when it holds a valuable item, and issued
// by the branch clerk out of the branch's stock.
type MaterialsRequest struct {
	ID          string          `json:"id"`
	BranchID    string          `json:"branch_id"`
	Status      MaterialsStatus `json:"status"`
	Lines       []MaterialLine  `json:"lines"`
	NeedsSign   bool            `json:"needs_signature"`
	RequestedBy string          `json:"requested_by"`
}

// MaterialsStream returns the stream of a materials request.
func MaterialsStream(id string) string { return "materialsrequest-" + id }

// Evolve returns the state after e.
func (mr MaterialsRequest) Evolve(e domain.Event) MaterialsRequest {
	switch e := e.(type) {
	case MaterialsRequestFiled:
		mr = MaterialsRequest{ID: e.RequestID, BranchID: e.BranchID, Status: MaterialsRequested, Lines: e.Lines,
			NeedsSign: e.NeedsSignature, RequestedBy: e.RequestedBy}
	case MaterialsRequestSigned:
		mr.Status = MaterialsSigned
	case MaterialsHandedOver:
		mr.Status = MaterialsIssued
	}
	return mr
}

// Valuable reports whether any line's declared unit value reaches
// ValuableFrom: exactly the threshold is valuable, one fen less is not.
func Valuable(lines []MaterialLine) bool {
	for _, l := range lines {
		if l.UnitCost.Cmp(ValuableFrom) >= 0 {
			return true
		}
	}
	return false
}

// File records the rep's form for their branch.
func (mr MaterialsRequest) File(id, branchID string, lines []MaterialLine, purpose, by string, at time.Time) ([]domain.Event, error) {
	if mr.Status != MaterialsNone {
		return nil, ErrMaterialsExists
	}
	if err := validBranch("branch_id", branchID); err != nil {
		return nil, err
	}
	if err := validMaterialLines(lines); err != nil {
		return nil, err
	}
	if err := domain.CheckTexts(domain.Text("purpose", purpose)); err != nil {
		return nil, err
	}
	return []domain.Event{MaterialsRequestFiled{RequestID: id, BranchID: branchID, Lines: lines, Purpose: purpose,
		NeedsSignature: Valuable(lines), RequestedBy: by, RequestedAt: at}}, nil
}

func validMaterialLines(lines []MaterialLine) error {
	if len(lines) == 0 {
		return domain.InvalidField("lines", "required")
	}
	for i, l := range lines {
		at := domain.Indexed("lines", i) + "."
		if err := l.Product.validate(at); err != nil {
			return err
		}
		if err := positive(at+"quantity", l.Quantity); err != nil {
			return err
		}
		if l.UnitCost.IsNegative() {
			return domain.InvalidField(at+"unit_cost", "must not be negative")
		}
	}
	return nil
}

// Sign records the branch manager's signature on a form that holds a
// valuable item.
func (mr MaterialsRequest) Sign(by string, at time.Time) ([]domain.Event, error) {
	switch mr.Status {
	case MaterialsNone:
		return nil, ErrMaterialsNotFound
	case MaterialsSigned:
		return nil, nil
	case MaterialsIssued:
		return nil, ErrMaterialsIssued
	}
	if !mr.NeedsSign {
		return nil, ErrNoSignatureNeeded
	}
	return []domain.Event{MaterialsRequestSigned{RequestID: mr.ID, SignedBy: by, SignedAt: at}}, nil
}

// Issue records that the clerk handed the items over; the command books
// each line out of the branch's stock in the same append
// (§3.10-never-negative). A form with a valuable item must be signed
// first (§3.10-materials).
func (mr MaterialsRequest) Issue(by string, at time.Time) ([]domain.Event, error) {
	switch {
	case mr.Status == MaterialsNone:
		return nil, ErrMaterialsNotFound
	case mr.Status == MaterialsIssued:
		return nil, ErrMaterialsIssued
	case mr.NeedsSign && mr.Status != MaterialsSigned:
		return nil, ErrNotSigned
	}
	return []domain.Event{MaterialsHandedOver{RequestID: mr.ID, BranchID: mr.BranchID, IssuedBy: by, IssuedAt: at}}, nil
}
