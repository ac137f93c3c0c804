package api_test

import "testing"

// The training routes' matrix bodies and worlds: a plan of unitOne for
// this year, drafted by its head, reviewed and approved; a session under
// it attended by the owner, who passes its exam.
const (
	trainingPlanJSON = `{"year": $year, "org_unit_id": "` + unitOne + `", "goals": "sharper product knowledge",
		"content": "pumps, valves, quoting", "kinds": ["PROFESSIONAL"], "modes": ["INTERNAL", "ONLINE"], "schedule": "first Monday of each month"}`
	trainingSessionJSON = `{"plan_id": "$plan", "org_unit_id": "` + unitOne + `", "title": "Quoting by margin", "kind": "PROFESSIONAL",
		"mode": "INTERNAL", "trainer": "fx-head", "starts_at": "$past", "duration_minutes": 60}`
)

func init() {
	for path, body := range map[string]string{
		"/training-plans":                      trainingPlanJSON,
		"/training-plans/{id}/draft":           trainingPlanJSON,
		"/training-plans/{id}/review":          `{"passed": true}`,
		"/training-plans/{id}/approval":        `{"comment": "approved"}`,
		"/training-sessions":                   trainingSessionJSON,
		"/training-sessions/{id}/held":         `{"held_at": "$past", "duration_minutes": 60, "attendees": ["$owner"]}`,
		"/training-sessions/{id}/evaluations":  `{"employee_id": "$owner", "method": "EXAM", "score": 80}`,
		"/training-sessions/{id}/certificates": `{"employee_id": "$owner", "certificate_id": "cert-$n", "name": "Pump sizing"}`,
	} {
		matrixBodies[path] = body
	}
}

func trainingWorlds() map[string]worldBuilder {
	return map[string]worldBuilder{
		"trainingplan.new": func(*testing.T, *matrix, *world) {},
		"trainingplan": func(t *testing.T, mx *matrix, w *world) {
			p := mx.step(t, fxHead, "/training-plans", w.body(t, trainingPlanJSON))
			w.at("/training-plans", p.ID)
		},
		"trainingplan.reviewed": stepOn("trainingplan", fxHead, "/review", `{"passed": true}`),
		"trainingplan.approved": stepOn("trainingplan.reviewed", fxLeader, "/approval", `{}`),
		"trainingsession.new": then("trainingplan.approved", func(_ *testing.T, _ *matrix, w *world) {
			w.vars["plan"] = w.id
		}),
		"trainingsession": then("trainingsession.new", func(t *testing.T, mx *matrix, w *world) {
			s := mx.step(t, fxHead, "/training-sessions", w.body(t, trainingSessionJSON))
			w.at("/training-sessions", s.ID)
		}),
		"trainingsession.held":   stepOn("trainingsession", fxHead, "/held", `{"held_at": "$past", "duration_minutes": 60, "attendees": ["$owner"]}`),
		"trainingsession.passed": stepOn("trainingsession.held", fxHead, "/evaluations", `{"employee_id": "$owner", "method": "EXAM", "score": 80}`),
	}
}
