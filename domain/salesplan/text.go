package salesplan

import "github.com/opsledger/opsledger/domain"

// The texts of the plan's inputs, named as the API names them
// (§2.5-text): each decision holds them to their kinds with
// domain.CheckTexts before anything else.

func (d Details) texts() []domain.FieldText {
	return append(domain.Texts("customer_groups", d.CustomerGroups), domain.Text("org_unit_id", d.OrgUnitID),
		domain.Text("region", d.Region), domain.Text("strategy", d.Strategy))
}

// allocationTexts are the texts of the targets of list (the request's
// "targets" or "changes").
func allocationTexts(list string, allocations []Allocation) []domain.FieldText {
	var texts []domain.FieldText
	for i, a := range allocations {
		at := domain.Indexed(list, i) + "."
		texts = append(texts, domain.Text(at+"period", string(a.Period)), domain.Text(at+"assignee_id", a.AssigneeID),
			domain.Text(at+"team_id", a.TeamID))
		texts = append(texts, domain.Texts(at+"indicators", a.Indicators)...)
	}
	return texts
}
