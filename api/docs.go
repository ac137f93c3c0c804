package api

import (
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"net/http"
	"sort"
)

// docsStyle is the page's only inline code; the CSP allows it by hash.
const docsStyle = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
code{background:#f3f3f3;padding:0 .25rem}h2{border-bottom:1px solid #ddd}.m{display:inline-block;width:4rem;font-weight:bold}`

// docsPolicy lets the page load nothing but its own style: no script, no
// frame, no form, no framing by another site (clickjacking).
var docsPolicy = "default-src 'none'; style-src 'sha256-" + hashBase64(docsStyle) +
	"'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func hashBase64(s string) string {
	sum := sha256.Sum256([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

var docsPage = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>opsledger API</title>
<style>` + docsStyle + `</style>
</head><body><h1>opsledger API</h1>
<p>Send <code>Authorization: Bearer &lt;token&gt;</code> (<code>opsledger token</code> issues one). Errors are
<code>application/problem+json</code>. Commands accept <code>Idempotency-Key</code> and <code>If-Match</code> and answer with
<code>X-Opsledger-Position</code>; pass it back as <code>?after=</code> to read your own write. The machine-readable document is
<a href="/openapi.json">/openapi.json</a>.</p>
{{range .}}<h2>{{.Tag}}</h2><ul>{{range .Routes}}<li><span class="m">{{.Method}}</span> <code>{{.Pattern}}</code> — {{.Summary}}</li>{{end}}</ul>{{end}}
</body></html>`))

type docsGroup struct {
	Tag    string
	Routes []Route
}

// docs serves a browsable page listing every route by resource.
func (s *Server) docs(w http.ResponseWriter, r *http.Request) {
	byTag := map[string][]Route{}
	for _, rt := range s.routes {
		byTag[rt.Tag] = append(byTag[rt.Tag], rt)
	}
	groups := make([]docsGroup, 0, len(byTag))
	for tag, rs := range byTag {
		groups = append(groups, docsGroup{Tag: tag, Routes: rs})
	}
	sort.Slice(groups, func(i, j int) bool { return groups[i].Tag < groups[j].Tag })
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", docsPolicy)
	h.Set("X-Frame-Options", "DENY")
	docsPage.Execute(w, groups) //nolint:errcheck // the client went away
}
