package api_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// fxResearcher proposes, carries out and reports market research.
var fxResearcher = fxActor{"fx-mr", unitOne, domain.RoleMarketResearcher}

// The meeting and research routes' matrix bodies.
func init() {
	for path, body := range map[string]string{
		"/meetings":                        meetingScheduleJSON("MONTHLY_DEPARTMENT", "$later", false),
		"/meetings/{id}/room-booking":      `{"room": "新街口办公室"}`,
		"/meetings/{id}/excused-absences":  `{"employee_id": "rep-own", "reason": "visiting a customer"}`,
		"/meetings/{id}/held":              meetingHeldJSON,
		"/meetings/{id}/minutes":           `{"content": "targets reviewed", "actions": ["call the late payers"]}`,
		"/meetings/{id}/countersignatures": `{}`,
		"/meetings/{id}/closure":           `{}`,
		"/research-projects":               researchProposalJSON,
		"/research-projects/{id}/proposal": researchProposalJSON,
		"/research-projects/{id}/review":   `{"passed": true}`,
		"/research-projects/{id}/approval": `{"comment": "go ahead"}`,
		"/research-projects/{id}/start":    `{}`,
		"/research-projects/{id}/report":   researchReportJSON,
	} {
		matrixBodies[path] = body
	}
}

const (
	meetingHeldJSON      = `{"started_at": "$daysago", "ended_at": "$mended", "present": ["rep-own"]}`
	researchProposalJSON = `{"title": "pump demand in East China", "org_unit_id": "` + unitOne + `", "purpose": "size next year's market",
		"scope": "Jiangsu and Zhejiang", "methods": ["QUESTIONNAIRES", "INTERVIEWS"], "starts_on": "2026-03-01", "due_on": "2026-04-30"}`
	researchReportJSON = `{"introduction": "why we looked", "methodology": "120 questionnaires", "findings": "demand up 8%",
		"conclusions": "add two reps", "feedback_unit_ids": ["` + unitOne + `"]}`
)

// meetingScheduleJSON is a meeting of kind starting at start (a body
// template time) that the matrix's fixed people attend; an important one
// is countersigned by the matrix's first allowed actor and the head.
func meetingScheduleJSON(kind, start string, important bool) string {
	signatories := ""
	if important {
		signatories = `, "important": true, "signatories": ["own-DEPT_HEAD", "fx-head"]`
	}
	return `{"kind": "` + kind + `", "title": "department meeting", "org_unit_id": "` + unitOne + `", "chair_id": "fx-head",
		"starts_at": "` + start + `", "duration_minutes": 60, "attendees": ["rep-own", "fx-head"]` + signatories + `}`
}

// meetingWorlds are the meeting and research worlds of the issuer table.
func meetingWorlds() map[string]worldBuilder {
	schedule := func(start string, important bool) worldBuilder {
		return func(t *testing.T, mx *matrix, w *world) {
			w.vars["mended"] = time.Now().UTC().Add(-71 * time.Hour).Format(time.RFC3339)
			m := mx.step(t, fxHead, "/meetings", w.body(t, meetingScheduleJSON("PROJECT_PROGRESS", start, important)))
			w.at("/meetings", m.ID)
		}
	}
	worlds := map[string]worldBuilder{
		"meeting.new":       func(*testing.T, *matrix, *world) {},
		"meeting.scheduled": schedule("$later", false),
		"meeting.past":      schedule("$daysago", false),
		"meeting.important": schedule("$daysago", true),
		"research.new":      func(*testing.T, *matrix, *world) {},
		"research.proposed": func(t *testing.T, mx *matrix, w *world) {
			p := mx.step(t, fxResearcher, "/research-projects", w.body(t, researchProposalJSON))
			w.at("/research-projects", p.ID)
		},
		"research.reviewed": stepOn("research.proposed", fxHead, "/review", `{"passed": true}`),
		"research.approved": stepOn("research.reviewed", fxLeader, "/approval", `{}`),
		"research.started":  stepOn("research.approved", fxResearcher, "/start", `{}`),
	}
	worlds["meeting.held"] = stepOn("meeting.past", fxHead, "/held", meetingHeldJSON)
	worlds["meeting.minuted"] = stepOn("meeting.held", fxHead, "/minutes", `{"content": "targets reviewed"}`)
	worlds["meeting.important.held"] = stepOn("meeting.important", fxHead, "/held", meetingHeldJSON)
	worlds["meeting.important.minuted"] = stepOn("meeting.important.held", fxHead, "/minutes", `{"content": "targets reviewed"}`)
	return worlds
}
