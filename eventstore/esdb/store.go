package esdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"

	esdbclient "github.com/EventStore/EventStore-Client-Go/v4/esdb"

	"github.com/opsledger/opsledger/eventstore"
)

// noCount asks the server for "everything": reads stop when we close them.
const noCount = uint64(math.MaxInt64)

// Store is an eventstore.Store on EventStoreDB/KurrentDB.
type Store struct {
	client *esdbclient.Client
	owned  bool
}

var _ eventstore.Store = (*Store)(nil)

// New wraps a client the caller owns: Close leaves it open.
func New(client *esdbclient.Client) *Store { return &Store{client: client} }

// Open connects with a connection string such as
// "esdb://127.0.0.1:2113?tls=false". The connection is made lazily, on the
// first call. The client's log goes to slog.Default (its chatter at Debug);
// use New with a client of your own to configure anything else.
func Open(connString string) (*Store, error) {
	conf, err := esdbclient.ParseConnectionString(connString)
	if err != nil {
		return nil, fmt.Errorf("esdb: parse connection string: %w", err)
	}
	conf.Logger = clientLogger(slog.Default())
	c, err := esdbclient.NewClient(conf)
	if err != nil {
		return nil, fmt.Errorf("esdb: new client: %w", err)
	}
	return &Store{client: c, owned: true}, nil
}

// Close closes the client if Open created it.
func (s *Store) Close() error {
	if s.owned {
		return s.client.Close()
	}
	return nil
}

// Client returns the underlying client.
func (s *Store) Client() *esdbclient.Client { return s.client }

// Append implements eventstore.Store.
func (s *Store) Append(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	if len(events) == 0 {
		return s.appendNothing(ctx, stream, expected)
	}
	data := make([]esdbclient.EventData, len(events))
	for i, e := range events {
		d, err := toEventData(e)
		if err != nil {
			return eventstore.AppendResult{}, fmt.Errorf("esdb: append to %s: %w", stream, err)
		}
		data[i] = d
	}
	if res, err := s.checkRetry(ctx, stream, expected, events, data); res != nil || err != nil {
		return derefOr(res), err
	}
	opts := esdbclient.AppendToStreamOptions{ExpectedRevision: expectedRevision(expected)}
	res, err := s.client.AppendToStream(ctx, stream, opts, data...)
	if err != nil {
		return eventstore.AppendResult{}, wrap(ctx.Err(), err, fmt.Sprintf("append to %s at %v", stream, expected))
	}
	return eventstore.AppendResult{
		Version:  res.NextExpectedVersion + 1,
		Position: eventstore.Position{Major: res.CommitPosition, Minor: res.PreparePosition},
	}, nil
}

// appendNothing checks the expectation without writing: the client
// misreports the version of an empty append to a missing stream.
func (s *Store) appendNothing(ctx context.Context, stream string, expected eventstore.ExpectedVersion) (eventstore.AppendResult, error) {
	last, err := s.lastOfStream(ctx, stream)
	if err != nil {
		return eventstore.AppendResult{}, err
	}
	var res eventstore.AppendResult
	if last != nil {
		res = eventstore.AppendResult{Version: last.StreamVersion, Position: last.Position}
	}
	if !expected.Allows(res.Version) {
		return eventstore.AppendResult{}, conflict(stream, expected, res.Version)
	}
	return res, nil
}

func (s *Store) lastOfStream(ctx context.Context, stream string) (*eventstore.Recorded, error) {
	opts := esdbclient.ReadStreamOptions{Direction: esdbclient.Backwards, From: esdbclient.End{}}
	rs, err := s.client.ReadStream(ctx, stream, opts, 1)
	if err != nil {
		return nil, wrap(ctx.Err(), err, "read "+stream)
	}
	defer rs.Close()
	ev, err := rs.Recv()
	switch {
	case errors.Is(err, io.EOF) || isMissingStream(err):
		return nil, nil
	case err != nil:
		return nil, wrap(ctx.Err(), err, "read "+stream)
	}
	r, err := toRecorded(ev.Event)
	return &r, err
}

// Head implements eventstore.Store: the last event of $all that is not a
// system event, read backwards.
func (s *Store) Head(ctx context.Context) (eventstore.Position, error) {
	opts := esdbclient.ReadAllOptions{Direction: esdbclient.Backwards, From: esdbclient.End{}}
	rs, err := s.client.ReadAll(ctx, opts, noCount)
	if err != nil {
		return eventstore.Start, wrap(ctx.Err(), err, "read $all backwards")
	}
	defer rs.Close()
	for {
		ev, err := rs.Recv()
		if errors.Is(err, io.EOF) {
			return eventstore.Start, nil
		}
		if err != nil {
			return eventstore.Start, wrap(ctx.Err(), err, "read $all backwards")
		}
		if !isSystem(ev.Event) {
			return fromPosition(ev.Event.Position), nil
		}
	}
}

func derefOr(r *eventstore.AppendResult) eventstore.AppendResult {
	if r == nil {
		return eventstore.AppendResult{}
	}
	return *r
}
