// Package esdbtest is a test double: an in-process fake of the EventStoreDB
// gRPC API, good enough to run the esdb adapter and its conformance tests
// without a real server. It is NOT EventStoreDB: it keeps everything in
// memory, has no system streams, no security, no projections, no
// persistent subscriptions and no clustering (no gossip).
//
// It implements, on the client's own generated server interfaces:
//   - Streams.Append with every expected-revision kind, returning
//     WrongExpectedVersion on a mismatch and treating a retry of the same
//     event ids at the same expected revision as a success (idempotent
//     write, as the real server does);
//   - Streams.Read of a stream (forwards/backwards, from start, end or a
//     revision; StreamNotFound for a missing stream), of $all (from start,
//     end or a position; forwards inclusive, backwards exclusive) and
//     subscriptions to a stream or $all (confirmation first, catch-up, then
//     live; stream-name or event-type filters by prefix or regex);
//   - ServerFeatures.GetSupportedMethods, which the client calls on connect.
//
// Events carry the system metadata the client insists on: "type",
// "content-type" and "created" (.NET ticks, 100 ns units since the Unix
// epoch). Positions are byte-offset-like (commit == prepare), strictly
// increasing and never 0.
package esdbtest

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/serverfeatures"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"
)

// Server is a running fake EventStoreDB node on a loopback port.
type Server struct {
	grpc *grpc.Server
	lis  net.Listener
	log  *eventLog
	done chan struct{}
}

// Start listens on a free loopback port and serves until Close.
func Start() (*Server, error) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("esdbtest: listen: %w", err)
	}
	// The client pings every 10 s even without active calls; the default
	// enforcement policy would answer with GOAWAY "too_many_pings".
	g := grpc.NewServer(grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{
		MinTime:             time.Second,
		PermitWithoutStream: true,
	}))
	s := &Server{grpc: g, lis: lis, log: newEventLog(), done: make(chan struct{})}
	streams.RegisterStreamsServer(g, &streamsServer{log: s.log})
	serverfeatures.RegisterServerFeaturesServer(g, featuresServer{})
	go func() {
		defer close(s.done)
		_ = g.Serve(lis)
	}()
	return s, nil
}

// New starts a server for the test and stops it when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// Addr is the host:port the server listens on.
func (s *Server) Addr() string { return s.lis.Addr().String() }

// URL is a connection string for the client (single node, no TLS).
func (s *Server) URL() string { return "esdb://" + s.Addr() + "?tls=false" }

// SetNow replaces the clock that stamps events' created time.
func (s *Server) SetNow(now func() time.Time) { s.log.setNow(now) }

// Close stops the server, ending open reads and subscriptions.
func (s *Server) Close() {
	s.grpc.Stop()
	<-s.done
}

type featuresServer struct {
	serverfeatures.UnimplementedServerFeaturesServer
}

// GetSupportedMethods advertises only what the fake implements; in
// particular not batchappend, so the client uses the plain Append call.
func (featuresServer) GetSupportedMethods(context.Context, *shared.Empty) (*serverfeatures.SupportedMethods, error) {
	const svc = "event_store.client.streams.streams"
	return &serverfeatures.SupportedMethods{
		EventStoreServerVersion: "24.10.0",
		Methods: []*serverfeatures.SupportedMethod{
			{ServiceName: svc, MethodName: "read"},
			{ServiceName: svc, MethodName: "append"},
		},
	}, nil
}
