package main

import (
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/pay"
)

// payStatements has finance issue the pay statements of the sales reps
// for the month the demo collected most in, on the first morning after
// it (§3.4-statement). The facts are the ones the demo recorded: what
// each rep's contracts collected that month (the pay read model would
// give the same figures; the seed runs on the command layer alone).
func (s *seeder) payStatements() {
	collected := demoCollections()
	month, best := pay.Month{}, int64(-1)
	for m, byRep := range collected {
		var total int64
		for _, v := range byRep {
			total += v
		}
		if total > best || (total == best && time.Time(m).Before(time.Time(month))) {
			month, best = m, total
		}
	}
	if best < 0 {
		return
	}
	top := int64(0)
	for _, v := range collected[month] {
		top = max(top, v)
	}
	at := month.End(cst).Add(10 * time.Hour)
	for _, p := range demoPeople {
		if p.Role != domain.RoleSalesRep {
			continue
		}
		v := collected[month][p.ID]
		step(s, "pay:"+p.ID+":"+month.String(), "emp-fin-1", at, s.h.Pay.IssuePayStatement, commands.IssuePayStatement{
			EmployeeID: p.ID, Month: month, Facts: pay.Facts{Collected: domain.Fen(v), TopPerformer: v > 0 && v == top}})
		s.count("pay statements", 1)
	}
}

// demoCollections is what each rep's contracts collected per month, in
// fen, from the instalments the demo pays (execute).
func demoCollections() map[pay.Month]map[string]int64 {
	out := map[pay.Month]map[string]int64{}
	for _, c := range demoContracts {
		plan := c.instalments()
		for i := 0; i < c.Paid && i < len(plan); i++ {
			m := pay.MonthOf(plan[i].DueDate.Add(-2*time.Hour), cst)
			if out[m] == nil {
				out[m] = map[string]int64{}
			}
			out[m][c.Rep] += plan[i].Amount.Minor
		}
	}
	return out
}
