package commands

import (
	"context"
	"fmt"
	"slices"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/stock"
)

// FileMaterialsRequest is a rep's materials request form
// (《业务员物品申请单》) to the branch whose clerk serves them: BranchID,
// the rep's own org unit when empty. A branch's back office (clerk,
// keeper) sits in an org unit of its own beside the sales department
// (§1.1), and the org structure is data the commands do not hold, so the
// rep's membership of the branch is not checked (D).
type FileMaterialsRequest struct {
	RequestID string
	BranchID  string
	Lines     []stock.MaterialLine
	Purpose   string
}

// FileMaterialsRequest records stock.MaterialsRequestFiled; the rep files
// it (S: 业务员申请有关资料和物品必须填写《业务员物品申请单》).
func (h *Stock) FileMaterialsRequest(ctx context.Context, m Meta, cmd FileMaterialsRequest) (Result, error) {
	role, err := authorize(m, "FileMaterialsRequest", domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	branch := cmd.BranchID
	if branch == "" {
		branch = m.Actor.OrgUnitID
	}
	return h.onMaterials(ctx, m, cmd.RequestID, role, func(mr stock.MaterialsRequest) ([]domain.Event, error) {
		return mr.File(cmd.RequestID, branch, cmd.Lines, cmd.Purpose, m.Actor.EmployeeID, m.businessTime(h.now))
	})
}

// MaterialsStep names a materials request.
type MaterialsStep struct{ RequestID string }

// SignMaterialsRequest records stock.MaterialsRequestSigned: the
// branch's manager signs a form with valuable items (S: 对于比较贵重的物品
// 必须由分公司经理签字同意).
func (h *Stock) SignMaterialsRequest(ctx context.Context, m Meta, cmd MaterialsStep) (Result, error) {
	role, err := authorize(m, "SignMaterialsRequest", domain.RoleBranchManager)
	if err != nil {
		return Result{}, err
	}
	return h.onMaterials(ctx, m, cmd.RequestID, role, func(mr stock.MaterialsRequest) ([]domain.Event, error) {
		return mr.Sign(m.Actor.EmployeeID, m.businessTime(h.now))
	})
}

// IssueMaterials records stock.MaterialsHandedOver and, in the same
// append, one stock.Issued per product out of the branch's stock: the
// clerk hands the items over (S: 接受业务员有关资料和物品申请,并及时完好的提供),
// never more than the branch holds (§3.10-never-negative), and valuable
// items only once signed (§3.10-materials).
func (h *Stock) IssueMaterials(ctx context.Context, m Meta, cmd MaterialsStep) (Result, error) {
	role, err := authorize(m, "IssueMaterials", domain.RoleClerk)
	if err != nil {
		return Result{}, err
	}
	mr, ok, err := h.materials.Load(ctx, stock.MaterialsStream(cmd.RequestID))
	if err != nil {
		return Result{}, err
	}
	if !ok {
		return Result{}, stock.ErrMaterialsNotFound
	}
	if err := inUnit(m, mr.BranchID, ErrOtherBranch); err != nil {
		return Result{}, err
	}
	if err := h.log.checkMeta(ctx, m, role); err != nil {
		return Result{}, err
	}
	needs := materialNeeds(mr.Lines)
	items := make([]*jointAggregate[stock.Item], len(needs))
	parts := make([]jointPart, 0, len(needs)+1)
	for i, n := range needs { // the guards first: a prefix left behind books goods out, never hands over unbooked goods
		items[i] = joinOn(h.items, stock.ItemStream(mr.BranchID, n.Product))
		parts = append(parts, items[i])
	}
	form := joinOn(h.materials, stock.MaterialsStream(cmd.RequestID))
	parts = append(parts, form)
	return h.log.decideJointly(ctx, m, joint{
		role: role, subject: "materials request", parts: parts, primary: form,
		decide: func() error {
			at := m.businessTime(h.now)
			handed, err := form.State().Issue(m.Actor.EmployeeID, at)
			if err != nil {
				return err
			}
			for i, n := range needs {
				mv := stock.Movement{BranchID: mr.BranchID, Product: n.Product, Quantity: n.Quantity, By: m.Actor.EmployeeID, At: at}
				issued, err := items[i].State().Issue(mv, cmd.RequestID)
				if err != nil {
					return fmt.Errorf("%s %s: %w", n.Product.Name, n.Product.ModelSpec, err)
				}
				items[i].RecordUndoable(issued, items[i].State().Reverse(mv, "materials request "+cmd.RequestID)...)
			}
			form.Record(handed...)
			return nil
		},
	})
}

// need is how much of one product a form or an order takes.
type need struct {
	Product  stock.Product
	Quantity int64
}

// materialNeeds sums a form's lines by product, in the order of the
// products' keys (the joint decision's parts follow it).
func materialNeeds(lines []stock.MaterialLine) []need {
	var needs []need
	for _, l := range lines {
		needs = addNeed(needs, l.Product, l.Quantity)
	}
	return needs
}

func addNeed(needs []need, p stock.Product, qty int64) []need {
	i, found := slices.BinarySearchFunc(needs, p.Key(), func(n need, key string) int {
		switch k := n.Product.Key(); {
		case k < key:
			return -1
		case k > key:
			return 1
		}
		return 0
	})
	if found {
		needs[i].Quantity += qty
		return needs
	}
	return slices.Insert(needs, i, need{Product: p, Quantity: qty})
}

// onMaterials runs one decision on a materials request, by staff of its
// branch once it exists (a rep files it for any branch).
func (h *Stock) onMaterials(ctx context.Context, m Meta, id string, role domain.Role, decide func(stock.MaterialsRequest) ([]domain.Event, error)) (Result, error) {
	return h.materials.Update(ctx, m, decision[stock.MaterialsRequest]{
		stream: stock.MaterialsStream(id), role: role,
		decide: func(mr stock.MaterialsRequest) ([]domain.Event, error) {
			if mr.Status != stock.MaterialsNone && role != domain.RoleSalesRep {
				if err := inUnit(m, mr.BranchID, ErrOtherBranch); err != nil {
					return nil, err
				}
			}
			return decide(mr)
		},
	})
}
