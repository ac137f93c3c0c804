package api

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"html/template"
	"net/http"
	"path"
	"sort"

	"github.com/go-chi/chi/v5"
)

// docsAssets are the API reference UI (Swagger UI, vendored from npm by
// scripts/vendor-docs-ui.sh) and the script that starts it: served from
// here, so /docs needs no network beyond this server.
//
//go:embed docs/swagger-ui-bundle.js docs/swagger-ui.css docs/docs.js
var docsAssets embed.FS

// docsAssetTypes are the assets /docs/{asset} serves and their types.
var docsAssetTypes = map[string]string{
	"swagger-ui-bundle.js": "text/javascript; charset=utf-8",
	"swagger-ui.css":       "text/css; charset=utf-8",
	"docs.js":              "text/javascript; charset=utf-8",
}

// docsStyle is the page's only inline code; the CSP allows it by hash.
// It styles the route index shown until the reference renders, and
// instead of it without JavaScript.
const docsStyle = `body{font-family:system-ui,sans-serif;margin:0}#index{max-width:60rem;margin:2rem auto;padding:0 1rem}
code{background:#f3f3f3;padding:0 .25rem}h2{border-bottom:1px solid #ddd}.m{display:inline-block;width:4rem;font-weight:bold}`

// docsPolicy lets the page run and style itself only from this server
// (its own scripts and stylesheets, its inline style by hash), fetch only
// this server's document and API, show only its own or inline images,
// and be framed by no one (clickjacking).
var docsPolicy = "default-src 'none'; script-src 'self'; style-src 'sha256-" + hashBase64(docsStyle) +
	"' 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func hashBase64(s string) string {
	sum := sha256.Sum256([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

var docsPage = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>opsledger API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/swagger-ui.css">
<style>` + docsStyle + `</style>
</head><body>
<div id="swagger-ui"></div>
<div id="index"><h1>opsledger API</h1>
<p>Send <code>Authorization: Bearer &lt;token&gt;</code> (<code>opsledger token</code> issues one). Errors are
<code>application/problem+json</code>. Commands accept <code>Idempotency-Key</code> and <code>If-Match</code> and answer with
<code>X-Opsledger-Position</code>; pass it back as <code>?after=</code> to read your own write. The machine-readable document is
<a href="/openapi.json">/openapi.json</a>; with JavaScript this page renders it in full.</p>
{{range .}}<h2>{{.Tag}}</h2><ul>{{range .Routes}}<li><span class="m">{{.Method}}</span> <code>{{.Pattern}}</code> — {{.Summary}}</li>{{end}}</ul>{{end}}
</div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/docs.js"></script>
</body></html>`))

type docsGroup struct {
	Tag    string
	Routes []Route
}

// docs serves the API reference: Swagger UI rendering /openapi.json, over
// an index of every route by resource that shows until it renders.
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

// docsAsset serves one file of the reference UI.
func (s *Server) docsAsset(w http.ResponseWriter, r *http.Request) {
	name := chi.URLParam(r, "asset")
	ctype, ok := docsAssetTypes[name]
	if !ok {
		writeProblem(w, r, newProblem(http.StatusNotFound, kindNotFound, "Not found", "no such documentation asset"))
		return
	}
	body, err := docsAssets.ReadFile(path.Join("docs", name))
	if err != nil { // listed but not embedded: the build is broken
		s.writeError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("X-Frame-Options", "DENY")
	w.WriteHeader(http.StatusOK)
	w.Write(body) //nolint:errcheck // the client went away
}
