package esdbtest_test

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/opsledger/opsledger/eventstore/esdb/esdbtest"
)

// client connects the real client to a fresh fake.
func client(t *testing.T) (*esdb.Client, *esdbtest.Server) {
	t.Helper()
	srv := esdbtest.New(t)
	conf, err := esdb.ParseConnectionString(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	conf.Logger = esdb.NoopLogging()
	c, err := esdb.NewClient(conf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c, srv
}

func event(typ string) esdb.EventData {
	return esdb.EventData{EventID: uuid.New(), EventType: typ, ContentType: esdb.ContentTypeJson, Data: []byte(`{}`)}
}

func appendTo(t *testing.T, c *esdb.Client, stream string, rev esdb.ExpectedRevision, evs ...esdb.EventData) *esdb.WriteResult {
	t.Helper()
	res, err := c.AppendToStream(t.Context(), stream, esdb.AppendToStreamOptions{ExpectedRevision: rev}, evs...)
	if err != nil {
		t.Fatalf("append to %s: %v", stream, err)
	}
	return res
}

// drain reads a read stream to its end and returns its events' types@revision.
func drain(t *testing.T, rs *esdb.ReadStream, err error) []string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var out []string
	for {
		ev, err := rs.Recv()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ev.Event.StreamID+"@"+string(rune('0'+ev.Event.EventNumber)))
	}
}

func TestServer_Append(t *testing.T) {
	c, _ := client(t)
	ctx := t.Context()
	evs := []esdb.EventData{event("a"), event("b")}
	first := appendTo(t, c, "s", esdb.NoStream{}, evs...)
	if first.NextExpectedVersion != 1 || first.CommitPosition == 0 {
		t.Fatalf("first append = %+v, want revision 1 and a position", first)
	}
	t.Run("a retry at the same expected revision is acknowledged, not written", func(t *testing.T) {
		if again := appendTo(t, c, "s", esdb.NoStream{}, evs...); *again != *first {
			t.Fatalf("retry = %+v, want %+v", again, first)
		}
		if again := appendTo(t, c, "s", esdb.Any{}, evs...); *again != *first {
			t.Fatalf("retry under Any = %+v, want %+v", again, first)
		}
	})
	t.Run("a wrong expected revision is an *esdb.Error with its code", func(t *testing.T) {
		_, err := c.AppendToStream(ctx, "s", esdb.AppendToStreamOptions{ExpectedRevision: esdb.Revision(0)}, event("c"))
		var esErr *esdb.Error
		if !errors.As(err, &esErr) || esErr.Code() != esdb.ErrorCodeWrongExpectedVersion {
			t.Fatalf("error = %v, want WrongExpectedVersion", err)
		}
	})
}

func TestServer_Read(t *testing.T) {
	c, srv := client(t)
	ctx := t.Context()
	created := time.Date(2026, 1, 2, 3, 4, 5, 600, time.UTC)
	srv.SetNow(func() time.Time { return created })
	appendTo(t, c, "a", esdb.NoStream{}, event("x"), event("x"), event("x"))
	mid := appendTo(t, c, "b", esdb.NoStream{}, event("y"))
	appendTo(t, c, "a", esdb.Revision(2), event("x"))

	t.Run("a missing stream surfaces on the first Recv", func(t *testing.T) {
		rs, err := c.ReadStream(ctx, "nope", esdb.ReadStreamOptions{}, 10)
		if err != nil {
			t.Fatalf("ReadStream: %v", err)
		}
		defer rs.Close()
		_, err = rs.Recv()
		var esErr *esdb.Error
		if !errors.As(err, &esErr) || esErr.Code() != esdb.ErrorCodeResourceNotFound {
			t.Fatalf("Recv = %v, want ResourceNotFound", err)
		}
	})
	cases := []struct {
		name string
		got  func() []string
		want []string
	}{
		{"stream forwards from a revision", func() []string {
			rs, err := c.ReadStream(ctx, "a", esdb.ReadStreamOptions{From: esdb.Revision(1)}, 2)
			return drain(t, rs, err)
		}, []string{"a@1", "a@2"}},
		{"stream backwards from the end", func() []string {
			rs, err := c.ReadStream(ctx, "a", esdb.ReadStreamOptions{Direction: esdb.Backwards, From: esdb.End{}}, 2)
			return drain(t, rs, err)
		}, []string{"a@3", "a@2"}},
		{"$all forwards from a position includes it", func() []string {
			from := esdb.Position{Commit: mid.CommitPosition, Prepare: mid.PreparePosition}
			rs, err := c.ReadAll(ctx, esdb.ReadAllOptions{From: from}, 10)
			return drain(t, rs, err)
		}, []string{"b@0", "a@3"}},
		{"$all backwards from the end", func() []string {
			rs, err := c.ReadAll(ctx, esdb.ReadAllOptions{Direction: esdb.Backwards, From: esdb.End{}}, 3)
			return drain(t, rs, err)
		}, []string{"a@3", "b@0", "a@2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.got()
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Fatalf("events (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("events carry their created time in ticks", func(t *testing.T) {
		rs, err := c.ReadStream(ctx, "b", esdb.ReadStreamOptions{}, 1)
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		ev, err := rs.Recv()
		if err != nil || !ev.Event.CreatedDate.Equal(created.Truncate(100)) {
			t.Fatalf("Recv = %v, %v; want created at %v", ev, err, created)
		}
	})
}

func TestServer_SubscribeToAll(t *testing.T) {
	c, _ := client(t)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	from := appendTo(t, c, "order-1", esdb.NoStream{}, event("placed"))
	appendTo(t, c, "order-1", esdb.Revision(0), event("placed"), event("shipped"))
	sub, err := c.SubscribeToAll(ctx, esdb.SubscribeToAllOptions{
		From:   esdb.Position{Commit: from.CommitPosition, Prepare: from.PreparePosition},
		Filter: &esdb.SubscriptionFilter{Type: esdb.EventFilterType, Regex: "^placed$"},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	appendTo(t, c, "order-2", esdb.NoStream{}, event("shipped"), event("placed"))
	var got []string
	for len(got) < 2 {
		ev := sub.Recv()
		if ev.SubscriptionDropped != nil {
			t.Fatalf("dropped: %v", ev.SubscriptionDropped.Error)
		}
		if e := ev.EventAppeared; e != nil {
			got = append(got, e.Event.StreamID+"@"+string(rune('0'+e.Event.EventNumber)))
		}
	}
	// Catch-up after (not at) the start position, then live.
	if diff := cmp.Diff([]string{"order-1@1", "order-2@1"}, got); diff != "" {
		t.Fatalf("events (-want +got):\n%s", diff)
	}
}
