package salesplan_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/salesplan"
)

func TestSalesPlan_Draft(t *testing.T) {
	changed := details
	changed.Target = domain.Yuan(1_500_000)
	noRegion, zero, badYear := details, details, details
	noRegion.Region, zero.Target, badYear.Year = "", domain.Yuan(0), 26
	tests := []struct {
		decideCase
		d salesplan.Details
	}{
		{decideCase{name: "plan is drafted", want: []domain.Event{drafted}}, details},
		{decideCase{name: "drafting the same content again records nothing", given: []domain.Event{drafted}}, details},
		{decideCase{name: "a draft returned by review is reworked", given: []domain.Event{drafted, returned},
			want: []domain.Event{salesplan.Drafted{PlanID: "p-1", Details: changed, DraftedBy: "mgmt-1", DraftedAt: t0}}}, changed},
		{decideCase{name: "region is required", wantErr: domain.ErrInvalid}, noRegion},
		{decideCase{name: "target must be positive", wantErr: domain.ErrInvalid}, zero},
		{decideCase{name: "year must have four digits", wantErr: domain.ErrInvalid}, badYear},
		{decideCase{name: "reviewed plan cannot be redrafted", given: []domain.Event{drafted, reviewed}, wantErr: salesplan.ErrAlreadyReviewed}, changed},
	}
	for _, tt := range tests {
		check(t, "Draft", []decideCase{tt.decideCase}, func(sp salesplan.SalesPlan) ([]domain.Event, error) {
			return sp.Draft("p-1", tt.d, "mgmt-1", t0)
		})
	}
}

func TestSalesPlan_Review(t *testing.T) {
	tests := []struct {
		decideCase
		role    domain.Role
		passed  bool
		comment string
	}{
		{decideCase{name: "department head passes the draft", given: []domain.Event{drafted}, want: []domain.Event{reviewed}}, domain.RoleDeptHead, true, ""},
		{decideCase{name: "department head returns the draft with a comment", given: []domain.Event{drafted}, want: []domain.Event{returned}}, domain.RoleDeptHead, false, "too low"},
		{decideCase{name: "returning a draft needs a comment", given: []domain.Event{drafted}, wantErr: domain.ErrInvalid}, domain.RoleDeptHead, false, ""},
		{decideCase{name: "only the department head reviews", given: []domain.Event{drafted}, wantErr: salesplan.ErrReviewerRole}, domain.RoleSalesMgmt, true, ""},
		{decideCase{name: "passing a reviewed plan again records nothing", given: []domain.Event{drafted, reviewed}}, domain.RoleDeptHead, true, ""},
		{decideCase{name: "an approved plan cannot be returned", given: approvedPlan, wantErr: salesplan.ErrAlreadyReviewed}, domain.RoleDeptHead, false, "x"},
		{decideCase{name: "unknown plan", wantErr: salesplan.ErrNotFound}, domain.RoleDeptHead, true, ""},
	}
	for _, tt := range tests {
		check(t, "Review", []decideCase{tt.decideCase}, func(sp salesplan.SalesPlan) ([]domain.Event, error) {
			return sp.Review("head-1", tt.role, tt.passed, tt.comment, t0)
		})
	}
}

func TestSalesPlan_Approve(t *testing.T) {
	tests := []struct {
		decideCase
		role domain.Role
	}{
		{decideCase{name: "leadership approves a reviewed plan", given: []domain.Event{drafted, reviewed}, want: []domain.Event{approved}}, domain.RoleLeadership},
		{decideCase{name: "a plan not reviewed cannot be approved", given: []domain.Event{drafted}, wantErr: salesplan.ErrNotReviewed}, domain.RoleLeadership},
		{decideCase{name: "a plan returned by review cannot be approved", given: []domain.Event{drafted, returned}, wantErr: salesplan.ErrNotReviewed}, domain.RoleLeadership},
		{decideCase{name: "the department head cannot approve", given: []domain.Event{drafted, reviewed}, wantErr: salesplan.ErrApproverRole}, domain.RoleDeptHead},
		{decideCase{name: "approving twice records nothing", given: approvedPlan}, domain.RoleLeadership},
		{decideCase{name: "unknown plan", wantErr: salesplan.ErrNotFound}, domain.RoleLeadership},
	}
	for _, tt := range tests {
		check(t, "Approve", []decideCase{tt.decideCase}, func(sp salesplan.SalesPlan) ([]domain.Event, error) {
			return sp.Approve("lead-1", tt.role, "", t0)
		})
	}
}

func TestSalesPlan_Activate(t *testing.T) {
	q4 := salesplan.QuarterPeriod(2026, 4)
	oneFen := salesplan.DefaultRegulation()
	oneFen.SumTolerance = domain.Fen(1)
	offByOne := full(set(q4, salesplan.LevelOrgUnit, "sales-east", domain.Fen(30_000_001)))
	check(t, "Activate", []decideCase{
		{name: "fully decomposed plan is activated", given: decomposedWith(t, full(), reg), want: []domain.Event{activated}},
		{name: "approved plan without decomposition cannot be activated", given: approvedPlan, wantErr: salesplan.ErrNotDecomposed},
		{name: "draft cannot be activated", given: []domain.Event{drafted}, wantErr: salesplan.ErrNotDecomposed},
		{name: "sums are checked again under the regulation in force", given: decomposedWith(t, offByOne, oneFen), wantErr: salesplan.ErrSumMismatch},
		{name: "activating twice records nothing", given: then(decomposedWith(t, full(), reg), activated)},
		{name: "closed plan", given: then(decomposedWith(t, full(), reg), activated, salesplan.Closed{PlanID: "p-1"}), wantErr: salesplan.ErrClosed},
		{name: "unknown plan", wantErr: salesplan.ErrNotFound},
	}, func(sp salesplan.SalesPlan) ([]domain.Event, error) {
		return sp.Activate("head-1", reg, t0)
	})
}

func TestSalesPlan_Close(t *testing.T) {
	closed := salesplan.Closed{PlanID: "p-1", Reason: "year ended", ClosedBy: "head-1", ClosedAt: t0}
	active := then(decomposedWith(t, full(), reg), activated)
	check(t, "Close", []decideCase{
		{name: "active plan is closed", given: active, want: []domain.Event{closed}},
		{name: "closing twice records nothing", given: then(active, closed)},
		{name: "plan not yet active cannot be closed", given: decomposedWith(t, full(), reg), wantErr: salesplan.ErrNotActive},
		{name: "unknown plan", wantErr: salesplan.ErrNotFound},
	}, func(sp salesplan.SalesPlan) ([]domain.Event, error) {
		return sp.Close("year ended", "head-1", t0)
	})
}
