package api_test

import (
	"fmt"
	"testing"

	"github.com/opsledger/opsledger/domain"
)

// The process-supervision actors of the matrix's worlds: the supervision
// team (of its own unit) and the sales assistant who drafts the quarterly
// report, who is the owner of the report's worlds.
var (
	fxProcessSupervisor = fxActor{"fx-ps", "ou-ops", domain.RoleProcessSupervisor}
	fxAssistant         = fxActor{"fx-asst", unitOne, domain.RoleSalesAssistant}
)

// reportQuarters counts the report worlds, so each drafts a quarter of
// its own (one report per quarter), all long started.
var reportQuarters int

func init() {
	for pattern, body := range map[string]string{
		"/spot-checks":                                   `{"department_id": "` + unitOne + `", "process": "daily reports", "checked_on": "$past", "findings": [{"aspect": "TIMELINESS", "description": "reports filed late"}]}`,
		"/rectification-notices":                         `{"department_id": "` + unitOne + `", "assignee_id": "fx-head", "requirement": "file the reports on time", "deadline": "$soon"}`,
		"/process-evaluations":                           `{"year": $year, "held_on": "$past", "scope": "all sales processes", "findings": "approvals slow"}`,
		"/rectification-notices/{id}/acknowledgement":    `{}`,
		"/rectification-notices/{id}/rectification":      `{"note": "reports filed"}`,
		"/rectification-notices/{id}/verification":       `{"passed": true}`,
		"/rectification-notices/{id}/deadline-extension": `{"deadline": "$later"}`,
		"/analysis-reports/{id}/draft":                   `{"content": "sales up 8% on the quarter before"}`,
		"/analysis-reports/{id}/revision":                `{"content": "sales up 8%, with last year's comparison"}`,
		"/analysis-reports/{id}/submission":              `{}`,
		"/analysis-reports/{id}/review":                  `{"accepted": true}`,
	} {
		matrixBodies[pattern] = body
	}
}

func supervisionWorlds() map[string]worldBuilder {
	return map[string]worldBuilder{
		"spotcheck.new":  func(*testing.T, *matrix, *world) {},
		"evaluation.new": func(*testing.T, *matrix, *world) {},
		"notice.new":     func(*testing.T, *matrix, *world) {},
		"notice.issued": func(t *testing.T, mx *matrix, w *world) {
			n := mx.step(t, fxProcessSupervisor, "/rectification-notices", w.body(t, matrixBodies["/rectification-notices"]))
			w.at("/rectification-notices", n.ID)
		},
		"notice.acknowledged": stepOn("notice.issued", fxHead, "/acknowledgement", `{}`),
		"notice.rectified":    stepOn("notice.acknowledged", fxHead, "/rectification", `{"note": "reports filed"}`),
		"report.new": func(_ *testing.T, _ *matrix, w *world) {
			reportQuarters++
			w.at("/analysis-reports", fmt.Sprintf("%d-Q1", 2000+reportQuarters))
			w.owner = fxAssistant.id
		},
		"report.drafted":   stepOn("report.new", fxAssistant, "/draft", `{"content": "sales up 8%"}`),
		"report.submitted": stepOn("report.drafted", fxAssistant, "/submission", `{}`),
	}
}
