package kpi

import (
	"net/url"

	"github.com/opsledger/opsledger/queries"
)

// drillTo adds to row the API path of the list behind it (drill) and of
// the aggregate it is (resource), where the read side serves one: the
// lists take the row's person, org unit or region as a filter. A list
// cannot narrow to the period unless it takes dates (complaints), so the
// drill of a period figure lists the whole of the row's records.
func drillTo(name string, r queries.KPIRequest, key string, row queries.KPIRow) {
	if key == "" {
		return
	}
	g := r.GroupBy
	if g == queries.DimensionPerson || g == queries.DimensionTeam {
		row["resource"] = "/employees/" + url.PathEscape(key)
	}
	if d := drillPath(name, r, g, key); d != "" {
		row["drill"] = d
	}
}

// drillFilters names, per KPI, the list behind it and the filter it
// takes for each grouping.
var drillFilters = map[string]struct {
	path    string
	filters map[string]string
	fixed   url.Values
}{
	"sales-performance": {"/contracts", map[string]string{queries.DimensionPerson: "drafter_id", queries.DimensionDepartment: "drafter_org_unit_id"}, nil},
	"contract-board":    {"/contracts", map[string]string{queries.DimensionPerson: "drafter_id", queries.DimensionDepartment: "drafter_org_unit_id"}, nil},
	"pipeline": {"/customers", map[string]string{queries.DimensionPerson: "owner_rep_id", queries.DimensionDepartment: "org_unit_id",
		queries.DimensionRegion: "region"}, nil},
	"satisfaction-retention": {"/customers", map[string]string{queries.DimensionPerson: "owner_rep_id", queries.DimensionDepartment: "org_unit_id",
		queries.DimensionRegion: "region"}, url.Values{"stage": {"COOPERATING"}}},
	"customer-file-health": {"/customers", map[string]string{queries.DimensionPerson: "owner_rep_id", queries.DimensionDepartment: "org_unit_id",
		queries.DimensionRegion: "region"}, url.Values{"stale": {"true"}}},
	"quotation-margins": {"/quotations", map[string]string{queries.DimensionPerson: "drafted_by"}, nil},
	"orders-delivery":   {"/orders", map[string]string{queries.DimensionPerson: "created_by"}, nil},
	"receivables": {"/receivables", map[string]string{queries.DimensionPerson: "owner_id", queries.GroupingBucket: "bucket"},
		url.Values{"outstanding": {"true"}}},
	"employee-performance": {"/employees", map[string]string{queries.DimensionTeam: "supervisor_id", queries.DimensionDepartment: "org_unit_id"}, nil},
	"activity-discipline":  {"/employees", map[string]string{queries.DimensionTeam: "supervisor_id", queries.DimensionDepartment: "org_unit_id"}, nil},
}

func drillPath(name string, r queries.KPIRequest, groupBy, key string) string {
	switch {
	case name == "target-completion":
		return "/sales-vs-target?" + url.Values{"dimension": {groupBy}, "period": {r.Period.Label}, "id": {key}}.Encode()
	case name == "receivables" && key == queries.BucketPaid:
		return "/receivables?bucket=" + queries.BucketPaid
	case name == "employee-performance" && groupBy == queries.DimensionPerson:
		return "/employees/" + url.PathEscape(key) + "/appraisals"
	case name == "activity-discipline" && groupBy == queries.DimensionPerson:
		return "/employees/" + url.PathEscape(key) + "/conduct"
	}
	d, ok := drillFilters[name]
	if !ok || d.filters[groupBy] == "" {
		return ""
	}
	v := url.Values{d.filters[groupBy]: {key}}
	for k, vs := range d.fixed {
		v[k] = vs
	}
	return d.path + "?" + v.Encode()
}
