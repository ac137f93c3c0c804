// Package api is opsledger's HTTP face: task-based command endpoints, read
// model queries, authentication, problem+json errors, idempotency keys,
// read-your-writes and the OpenAPI document, on a chi router. It turns
// requests into commands and queries and maps results to status codes; it
// holds no business rule of its own.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/queries"
)

// Deps are what the server needs; cmd/opsledger wires them.
type Deps struct {
	// Commands are the command handlers, one per aggregate.
	Commands *commands.Handler
	Queries  ReadModels
	// Folds turn an aggregate's events into its view, for as-of reads
	// (GET /{resource}/{id}?as_of=); a nil fold answers them 503.
	Folds StateFolds
	Auth  Authenticator
	// Idempotency keeps the first response of each Idempotency-Key.
	Idempotency IdempotencyStore
	// WaitFor blocks until the named read models have passed a position
	// (read-your-writes); it returns queries.ErrNotCaughtUp on time-out.
	WaitFor func(ctx context.Context, position string, readModels ...string) error
	// ProjectionStatus reports each read model's progress and lag.
	ProjectionStatus func(ctx context.Context) ([]queries.Status, error)
	// Erasure erases data subjects' personal data (rule P1-erasure); nil:
	// the command without encryption keys (commands.NoEncryption), which
	// scrubs the read models and snapshots only.
	Erasure Eraser
	// VerifiableLog is the log over $all that proofs are served from
	// (nil: none; its routes answer 404).
	VerifiableLog Log
	// Ready checks the database, the event store and every read model
	// the API serves, and reports each (see readyz).
	Ready   func(ctx context.Context) Readiness
	Metrics Metrics
	// Tracing traces requests; the zero value: off.
	Tracing Tracing
	Log     *slog.Logger
	// Now is the clock for queries that compute against today (aging,
	// stale files).
	Now func() time.Time
	// RateLimit is the number of requests a client may make per second
	// (0: no limit).
	RateLimit int
	// IPRateLimit is the number of requests an address may make per
	// second before authentication (0: no limit).
	IPRateLimit int
	// AccessLog records who read whose personal data and answers
	// GET /audit/access (nil: no log; the route answers 503).
	AccessLog AccessLog
	// Export writes the event log out (nil: GET /export is not served).
	Export ExportFunc
	// CORSOrigins are the browser origins (scheme://host[:port], or "*")
	// allowed to call the API across origins; none: same-origin only.
	CORSOrigins []string
	// Events is the live feed GET /events/stream serves (nil: no stream).
	Events EventFeed
	// StreamHeartbeat is how often an idle stream sends a comment line
	// (zero: 15 s).
	StreamHeartbeat time.Duration
	// DevTokens issues tokens for the dashboard's demo sign-in; set only
	// in development (OPS_DEV=1), nil everywhere else.
	DevTokens DevTokens
	// Poison lists the messages the reactions parked, and retries or
	// skips them (nil: none are kept).
	Poison PoisonQueue
}

// Server serves the API.
type Server struct {
	Deps
	log    *slog.Logger
	router chi.Router
	routes []Route
	// tickets open the event stream for browsers.
	tickets streamTickets
}

// NewServer returns the API handler.
func NewServer(d Deps) *Server {
	if d.Commands == nil || d.Auth == nil || d.Idempotency == nil || d.WaitFor == nil {
		panic("api.NewServer: nil dependency")
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Ready == nil {
		d.Ready = alwaysReady
	}
	s := &Server{Deps: d, log: slog.New(requestContextHandler{d.Log.Handler()}), router: chi.NewRouter()}
	s.mount()
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.router.ServeHTTP(w, r) }

// Routes lists the documented routes, for the OpenAPI document.
func (s *Server) Routes() []Route { return s.routes }

// Router exposes the router so tests can walk what is actually served.
func (s *Server) Router() chi.Routes { return s.router }

func (s *Server) mount() {
	r := s.router
	r.Use(requestID, s.requestLog, s.Tracing.middleware, s.noteTrace, s.recoverer, noSniff, s.Metrics.middleware, s.corsHandler(), gzipped(), middleware.GetHead)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, newProblem(http.StatusNotFound, kindNotFound, "Not found", "no such route"))
	})
	r.MethodNotAllowed(s.methodNotAllowed)
	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Method(http.MethodGet, "/metrics", s.Metrics.handler())
	r.Get("/openapi.json", s.openAPI)
	r.Get("/docs", s.docs)
	r.Get("/docs/{asset}", s.docsAsset)
	mountDashboard(r)
	devRoutes(s, &routes{s: s, r: r})
	r.Group(func(r chi.Router) {
		r.Use(s.ipRateLimit(), noStore, s.authenticateStream)
		streamRoutes(s, &routes{s: s, r: r})
	})
	r.Group(func(r chi.Router) {
		r.Use(s.ipRateLimit(), noStore, s.authenticate, s.rateLimit())
		rt := &routes{s: s, r: r}
		for _, register := range routeGroups {
			register(s, rt)
		}
	})
}

// routeGroups are the per-resource route registrations, mounted in this
// order behind authentication. A new resource adds its group here.
var routeGroups = []func(*Server, *routes){
	auditRoutes,
	adminPoisonRoutes,
	complaintRoutes,
	contractRoutes,
	customerRoutes,
	employeeRoutes,
	kpiRoutes,
	historyRoutes,
	exportRoutes,
	eventRoutes,
	logRoutes,
	orderRoutes,
	quotationRoutes,
	receivableRoutes,
	regulationRoutes,
	salesPlanRoutes,
	payRoutes,
	trainingRoutes,
	expenseRoutes,
	workPlanRoutes,
	subjectRoutes,
	meetingRoutes,
	researchRoutes,
	stockRoutes,
	supervisionRoutes,
	recordRoutes,
}
