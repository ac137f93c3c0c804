package readmodeltest

import (
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/salesplan"
)

// PlanDrafted drafts a 2026 sales plan of orgUnit in region with a target
// of yuan.
func PlanDrafted(plan, orgUnit, region string, yuan int64) salesplan.Drafted {
	return salesplan.Drafted{PlanID: plan, Details: salesplan.Details{Year: 2026, OrgUnitID: orgUnit, Region: region,
		Target: domain.Yuan(yuan), Strategy: "grow"}}
}

// Alloc is a TargetAllocated of plan for an assignee.
func Alloc(plan, period string, level salesplan.Level, id, team string, yuan int64) salesplan.TargetAllocated {
	return salesplan.TargetAllocated{PlanID: plan, Allocation: salesplan.Allocation{Period: salesplan.Period(period),
		Level: level, AssigneeID: id, TeamID: team, Amount: domain.Yuan(yuan)}}
}
