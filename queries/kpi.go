package queries

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

// The managers' figures (dashboards R1–R12): each KPI is a table of rows,
// one per person, team, department or region, over one period, computed
// in SQL from the read models. The catalogue (names, titles, columns) is
// in kpi_catalogue.go, who reads what in kpi_access.go.

// KPIText is a title in the dashboard's two languages.
type KPIText struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// Column types of a KPI: how a value is written and drawn.
const (
	KPIColText    = "text"    // a name or id
	KPIColCount   = "count"   // an integer
	KPIColMoney   = "money"   // a decimal string, as amounts elsewhere in the API
	KPIColPercent = "percent" // a number 0–100 with at most two decimals, null when undefined
	KPIColDays    = "days"    // a number of days with at most two decimals, null when undefined
	KPIColNumber  = "number"  // any other number (an average score), null when undefined
	KPIColFlag    = "flag"    // true or false
)

// KPIColumn is one column of a KPI's rows. Chart columns are drawn as
// bars, grouped by the first text column. Now marks a figure of the state
// today rather than of the period (open orders, customers by stage).
type KPIColumn struct {
	Key   string  `json:"key"`
	Title KPIText `json:"title"`
	Type  string  `json:"type"`
	Chart bool    `json:"chart"`
	Now   bool    `json:"now,omitempty"`
}

// KPIRow is one row: column key → value, plus "drill" (the API path of
// the list behind the row) and "resource" (the API path of the aggregate
// the row is) where there is one.
type KPIRow map[string]any

// KPIScope is what the caller's roles let them see: their own figures,
// their department's, or everything (narrowed to OrgUnit when asked).
type KPIScope struct {
	Kind    string `json:"kind"`
	OrgUnit string `json:"org_unit,omitempty"`
	// Person is the caller, for an own scope.
	Person string `json:"person,omitempty"`
}

// Scope kinds.
const (
	ScopeOwn        = "own"
	ScopeDepartment = "department"
	ScopeAll        = "all"
)

// KPIGroupings are the dimensions a KPI is aggregated by.
var KPIGroupings = []string{DimensionPerson, DimensionTeam, DimensionDepartment, DimensionRegion}

// KPIListItem names one KPI the caller may read.
type KPIListItem struct {
	Code  string  `json:"code"`
	Name  string  `json:"name"`
	Title KPIText `json:"title"`
	Path  string  `json:"path"`
}

// KPIList is GET /kpi.
type KPIList struct {
	Items []KPIListItem `json:"items"`
}

// KPIReport is one KPI over a period, grouped and scoped. Unavailable
// names the figures the specification asks for that no recorded fact
// supports, so no column shows them.
type KPIReport struct {
	Code        string      `json:"code"`
	Name        string      `json:"name"`
	Title       KPIText     `json:"title"`
	Period      string      `json:"period"`
	GroupBy     string      `json:"group_by"`
	Scope       KPIScope    `json:"scope"`
	Columns     []KPIColumn `json:"columns"`
	Rows        []KPIRow    `json:"rows"`
	Totals      KPIRow      `json:"totals"`
	Unavailable []KPIText   `json:"unavailable,omitempty"`
}

// KPIRequest asks for one KPI: the period, the grouping, the caller's
// scope and today (for figures of the state now, such as aging).
type KPIRequest struct {
	Period  KPIPeriod
	GroupBy string
	Scope   KPIScope
	Now     time.Time
}

// KPIPeriod is a calendar month, quarter or year in company time
// (employee.DefaultRegulation's UTC offset): [Start, End).
type KPIPeriod struct {
	Label      string
	Kind       string // month, quarter or year
	Start, End time.Time
}

// Previous is the period of the same kind just before p.
func (p KPIPeriod) Previous() KPIPeriod {
	switch p.Kind {
	case "year":
		return kpiPeriod(p.Start.AddDate(-1, 0, 0), "year")
	case "quarter":
		return kpiPeriod(p.Start.AddDate(0, -3, 0), "quarter")
	}
	return kpiPeriod(p.Start.AddDate(0, -1, 0), "month")
}

// companyZone is the company's calendar: periods start at its midnight.
func companyZone() *time.Location {
	return time.FixedZone("company", int(employee.DefaultRegulation().UTCOffset/time.Second))
}

// ParseKPIPeriod reads "2026-11", "2026-Q4" or "2026".
func ParseKPIPeriod(s string) (KPIPeriod, error) {
	bad := domain.InvalidField("period", "must be a month (2026-11), a quarter (2026-Q4) or a year (2026)")
	year, rest, _ := strings.Cut(s, "-")
	y, err := strconv.Atoi(year)
	if err != nil || len(year) != 4 || y < 1900 || y > 9999 {
		return KPIPeriod{}, bad
	}
	switch {
	case rest == "" && !strings.Contains(s, "-"):
		return kpiPeriod(time.Date(y, 1, 1, 0, 0, 0, 0, companyZone()), "year"), nil
	case len(rest) == 2 && rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4':
		return kpiPeriod(time.Date(y, time.Month(3*int(rest[1]-'1')+1), 1, 0, 0, 0, 0, companyZone()), "quarter"), nil
	case len(rest) == 2:
		m, err := strconv.Atoi(rest)
		if err != nil || m < 1 || m > 12 {
			return KPIPeriod{}, bad
		}
		return kpiPeriod(time.Date(y, time.Month(m), 1, 0, 0, 0, 0, companyZone()), "month"), nil
	}
	return KPIPeriod{}, bad
}

// KPIMonthOf is the month holding t, in company time.
func KPIMonthOf(t time.Time) KPIPeriod {
	t = t.In(companyZone())
	return kpiPeriod(time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, companyZone()), "month")
}

func kpiPeriod(start time.Time, kind string) KPIPeriod {
	switch kind {
	case "year":
		return KPIPeriod{Label: strconv.Itoa(start.Year()), Kind: kind, Start: start, End: start.AddDate(1, 0, 0)}
	case "quarter":
		return KPIPeriod{Label: fmt.Sprintf("%d-Q%d", start.Year(), (int(start.Month())-1)/3+1), Kind: kind, Start: start, End: start.AddDate(0, 3, 0)}
	}
	return KPIPeriod{Label: start.Format("2006-01"), Kind: "month", Start: start, End: start.AddDate(0, 1, 0)}
}

// ErrKPINotFound answers a KPI name the catalogue does not hold.
var ErrKPINotFound = domain.NotFound("no such KPI: GET /kpi lists them")
