package kpi_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/queries"
)

// seedReturns: k1 (rep-1 of sales-1) was returned on 10-20, registered
// again on 11-03, returned on 11-05 and registered again on 11-06, where
// it waits; k2 (rep-3 of sales-2) was registered on 11-02 and returned
// on 11-04, back in draft.
func seedReturns(add func(string, ...domain.Event)) {
	returned := func(id string, at time.Time) contract.Returned {
		return contract.Returned{ContractID: id, Stage: contract.StatusRegistered,
			Review: contract.Review{ReviewerID: "head-1", ReviewerRole: domain.RoleDeptHead, Decision: contract.DecisionReturned, Comment: "scope", At: at}}
	}
	registered := func(id string, at time.Time) contract.Registered {
		return contract.Registered{ContractID: id, RegistrationNo: "R-" + id, SubmittedBy: "rep", SubmittedRole: domain.RoleSalesRep, RegisteredAt: at}
	}
	add(contract.Stream("k1"), contractEvents("k1", "c1", "rep-1", "sales-1", 100000, oct(1), false)...)
	add(contract.Stream("k1"), returned("k1", oct(20)), registered("k1", nov(3, 0)), returned("k1", nov(5, 0)), registered("k1", nov(6, 0)))
	add(contract.Stream("k2"), contractEvents("k2", "c3", "rep-3", "sales-2", 50000, nov(2, 0), false)...)
	add(contract.Stream("k2"), returned("k2", nov(4, 0)))
}

func TestKPIs_R5CountsTheReturnsOfThePeriodAndTheWaitSinceTheLastStep(t *testing.T) {
	// Given a contract returned before the period and again in it, now
	// waiting since its last registration, and one returned in the period
	// and back in draft.
	f := newKPIFixtureOf(t, seedReturns)
	// When the contract board is asked for November and for October.
	nov := f.report(t, "contract-board", "2026-11", "person", all)
	oct := f.report(t, "contract-board", "2026-10", "person", all)
	// Then each month counts the returns made in it, per drafter, and the
	// wait is the days since the waiting contract's last step (11-06 to
	// today, 11-20 12:00), whatever the period.
	same(t, "November", rows(nov, "person", "returned", "registered", "draft", "oldest_pending_days", "drafted"), []queries.KPIRow{
		{"person": "rep-1", "returned": int64(1), "registered": int64(1), "draft": int64(0), "oldest_pending_days": 14.5, "drafted": int64(0)},
		{"person": "rep-3", "returned": int64(1), "registered": int64(0), "draft": int64(1), "oldest_pending_days": nil, "drafted": int64(1)},
	})
	same(t, "November totals", pick(nov.Totals, "returned", "oldest_pending_days"), queries.KPIRow{"returned": int64(2), "oldest_pending_days": 14.5})
	same(t, "October", rows(oct, "person", "returned", "oldest_pending_days", "drafted"), []queries.KPIRow{
		{"person": "rep-1", "returned": int64(1), "oldest_pending_days": 14.5, "drafted": int64(1)},
		{"person": "rep-3", "returned": int64(0), "oldest_pending_days": nil, "drafted": int64(0)},
	})
}
