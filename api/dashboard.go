package api

import (
	"embed"
	"net/http"

	"github.com/go-chi/chi/v5"
)

// dashboardAssets are the managers' dashboard: its page, script and
// stylesheet, and Chart.js (vendored from npm by scripts/vendor-dashboard.sh).
// Served from the binary, the page needs no network beyond this server.
//
//go:embed dashboard/index.html dashboard/app.js dashboard/style.css dashboard/chart.umd.min.js
var dashboardAssets embed.FS

// dashboardAssetTypes are the assets /dashboard/{asset} serves and their
// types.
var dashboardAssetTypes = map[string]string{
	"app.js":           "text/javascript; charset=utf-8",
	"style.css":        "text/css; charset=utf-8",
	"chart.umd.min.js": "text/javascript; charset=utf-8",
}

// dashboardPolicy lets the page run and style itself only from this
// server, talk only to this server (API and event stream), and be framed
// by no one. The token it is given stays in the tab's session storage.
const dashboardPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// dashboardRoutes are the page and its assets, served without a token as
// the API reference is (operationalRoutes documents them): the page signs
// in itself, and every figure it shows comes from the API.
var dashboardRoutes = []Route{
	{Method: http.MethodGet, Pattern: "/dashboard", Tag: "Operations", ContentType: "text/html", Status: http.StatusOK,
		Summary: "The managers' live dashboard (R1–R12 and the event feed), in Chinese and English"},
	{Method: http.MethodGet, Pattern: "/dashboard/{asset}", Tag: "Operations", Status: http.StatusOK,
		Summary: "A script, stylesheet or chart library of the dashboard"},
}

func mountDashboard(r chi.Router) {
	r.Get("/dashboard", serveDashboardPage)
	r.Get("/dashboard/{asset}", serveDashboardAsset)
}

func serveDashboardPage(w http.ResponseWriter, r *http.Request) {
	page, err := dashboardAssets.ReadFile("dashboard/index.html")
	if err != nil {
		http.Error(w, "dashboard missing from the build", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", dashboardPolicy)
	h.Set("Cache-Control", "no-cache")
	h.Set("Referrer-Policy", "no-referrer")
	w.Write(page) //nolint:errcheck // the client went away
}

func serveDashboardAsset(w http.ResponseWriter, r *http.Request) {
	name := chi.URLParam(r, "asset")
	typ, ok := dashboardAssetTypes[name]
	if !ok {
		writeProblem(w, r, newProblem(http.StatusNotFound, kindNotFound, "Not found", "no such dashboard asset"))
		return
	}
	body, err := dashboardAssets.ReadFile("dashboard/" + name)
	if err != nil {
		writeProblem(w, r, newProblem(http.StatusNotFound, kindNotFound, "Not found", "no such dashboard asset"))
		return
	}
	w.Header().Set("Content-Type", typ)
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(body) //nolint:errcheck // the client went away
}
