package esdb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	esdbclient "github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/esdb"
	"github.com/opsledger/opsledger/eventstore/esdb/esdbtest"
)

// open returns a store on url that closes when the test ends.
func open(t *testing.T, url string) *esdb.Store {
	t.Helper()
	s, err := esdb.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func newEvent(typ, body string) eventstore.EventData {
	return eventstore.EventData{ID: uuid.NewString(), Type: typ, SchemaVersion: 1, Data: []byte(body)}
}

func ids(rs []eventstore.Recorded) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func TestStore_Append(t *testing.T) {
	ctx := t.Context()
	store := open(t, esdbtest.New(t).URL())

	t.Run("versions count from 1 while revisions count from 0", func(t *testing.T) {
		res, err := store.Append(ctx, "order-1", eventstore.NoStream, newEvent("order.placed", `{}`), newEvent("order.shipped", `{}`))
		if err != nil {
			t.Fatal(err)
		}
		if res.Version != 2 || res.Position.IsStart() {
			t.Fatalf("AppendResult = %+v, want version 2 and a position", res)
		}
		if _, err := store.Append(ctx, "order-1", eventstore.Exact(2), newEvent("order.closed", `{}`)); err != nil {
			t.Fatalf("append at version 2: %v", err)
		}
	})
	t.Run("a wrong expected version wraps domain.ErrConflict and the client error", func(t *testing.T) {
		_, err := store.Append(ctx, "order-1", eventstore.Exact(1), newEvent("order.closed", `{}`))
		if !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("error = %v, want one wrapping domain.ErrConflict", err)
		}
		var esErr *esdbclient.Error
		if !errors.As(err, &esErr) || esErr.Code() != esdbclient.ErrorCodeWrongExpectedVersion {
			t.Fatalf("error = %v, want one wrapping a WrongExpectedVersion *esdb.Error", err)
		}
	})
	t.Run("an empty append checks the expectation without writing", func(t *testing.T) {
		res, err := store.Append(ctx, "order-1", eventstore.Exact(3))
		if err != nil || res.Version != 3 {
			t.Fatalf("Append() = %+v, %v; want version 3", res, err)
		}
		if _, err := store.Append(ctx, "order-9", eventstore.StreamExists); !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("empty append to a missing stream expecting it = %v, want a conflict", err)
		}
	})
	t.Run("ids that are not canonical UUIDs read back unchanged", func(t *testing.T) {
		evs := []eventstore.EventData{newEvent("order.placed", `{}`), newEvent("order.placed", `{}`)}
		evs[0].ID = "evt-1"
		evs[1].ID = "6F9619FF-8B86-D011-B42D-00CF4FC964FF"
		if _, err := store.Append(ctx, "order-2", eventstore.NoStream, evs...); err != nil {
			t.Fatal(err)
		}
		if _, err := store.Append(ctx, "order-2", eventstore.NoStream, evs...); err != nil {
			t.Fatalf("retry: %v", err)
		}
		got, err := store.ReadStream(ctx, "order-2", eventstore.ReadStreamOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{evs[0].ID, evs[1].ID}, ids(got)); diff != "" {
			t.Fatalf("ids (-want +got):\n%s", diff)
		}
	})
}

func TestStore_ReadAll(t *testing.T) {
	ctx := t.Context()
	store := open(t, esdbtest.New(t).URL())
	var want []string
	for i := range 30 {
		ev := newEvent("order.placed", `{}`)
		stream := "noise-1"
		if i%10 == 9 {
			stream, want = "order-1", append(want, ev.ID)
		}
		if _, err := store.Append(ctx, stream, eventstore.Any, ev); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := store.Append(ctx, "$system", eventstore.Any, newEvent("$stats", `{}`)); err != nil {
		t.Fatal(err)
	}

	t.Run("a filtered read keeps scanning until the limit is filled", func(t *testing.T) {
		got, err := store.ReadAll(ctx, eventstore.Start, 2, eventstore.Filter{StreamPrefixes: []string{"order-"}})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want[:2], ids(got)); diff != "" {
			t.Fatalf("ids (-want +got):\n%s", diff)
		}
		rest, err := store.ReadAll(ctx, got[1].Position, 10, eventstore.Filter{StreamPrefixes: []string{"order-"}})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want[2:], ids(rest)); diff != "" {
			t.Fatalf("ids after %v (-want +got):\n%s", got[1].Position, diff)
		}
	})
	t.Run("system events are not part of the application's log", func(t *testing.T) {
		all, err := store.ReadAll(ctx, eventstore.Start, 0, eventstore.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 30 {
			t.Fatalf("ReadAll returned %d events, want 30", len(all))
		}
		head, err := store.Head(ctx)
		if err != nil || head != all[29].Position {
			t.Fatalf("Head = %v, %v; want %v", head, err, all[29].Position)
		}
	})
}

func TestStore_Subscribe(t *testing.T) {
	ctx := t.Context()
	store := open(t, esdbtest.New(t).URL())
	first := newEvent("order.placed", `{}`)
	res, err := store.Append(ctx, "order-1", eventstore.NoStream, first, newEvent("order.shipped", `{}`))
	if err != nil {
		t.Fatal(err)
	}
	sub, err := store.Subscribe(ctx, eventstore.Start, eventstore.Filter{EventTypes: []string{"order.placed"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sub.Close() })

	t.Run("catches up through the event-type filter, then goes live", func(t *testing.T) {
		live := newEvent("order.placed", `{}`)
		if _, err := store.Append(ctx, "order-2", eventstore.NoStream, newEvent("order.placedx", `{}`), live); err != nil {
			t.Fatal(err)
		}
		var got []eventstore.Recorded
		for len(got) < 2 {
			rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			batch, err := sub.Recv(rctx)
			cancel()
			if err != nil {
				t.Fatalf("Recv after %d events: %v", len(got), err)
			}
			got = append(got, batch...)
		}
		if diff := cmp.Diff([]string{first.ID, live.ID}, ids(got)); diff != "" {
			t.Fatalf("ids (-want +got):\n%s", diff)
		}
		if got[0].Position.Compare(res.Position) >= 0 {
			t.Fatalf("first event at %v, not before the append's last %v", got[0].Position, res.Position)
		}
	})
	t.Run("recv honours its context and fails after close", func(t *testing.T) {
		rctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		if _, err := sub.Recv(rctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Recv on a quiet log = %v, want deadline exceeded", err)
		}
		_ = sub.Close()
		if _, err := sub.Recv(ctx); err == nil {
			t.Fatal("Recv after Close returned no error")
		}
	})
}
