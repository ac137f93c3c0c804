package eventstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
)

// sequentialStore hides the memory store's multi-stream port, as a store
// without one (EventStoreDB) is.
type sequentialStore struct{ eventstore.Store }

func part(stream string, expected eventstore.ExpectedVersion, id string) eventstore.StreamAppend {
	return eventstore.StreamAppend{Stream: stream, Expected: expected, Events: []eventstore.EventData{{ID: id, Type: "t", Data: []byte("{}")}}}
}

func TestAppendStreams_fallback(t *testing.T) {
	ctx := context.Background()
	t.Run("a later part's conflict is a partial append naming what landed", func(t *testing.T) {
		mem := memory.New()
		if _, err := mem.Append(ctx, "b", eventstore.NoStream, eventstore.EventData{ID: "given", Type: "t"}); err != nil {
			t.Fatal(err)
		}

		_, err := eventstore.AppendStreams(ctx, sequentialStore{mem}, []eventstore.StreamAppend{
			part("a", eventstore.NoStream, "a1"), part("b", eventstore.NoStream, "b1"), part("c", eventstore.NoStream, "c1"),
		})

		var partial *eventstore.PartialAppendError
		if !errors.As(err, &partial) || !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("AppendStreams error = %v, want a *PartialAppendError wrapping the conflict", err)
		}
		if len(partial.Landed) != 1 || partial.Landed[0].Version != 1 || partial.Stream != "b" {
			t.Errorf("partial = %+v, want stream a landed at version 1 and b failed", partial)
		}
		if got, _ := mem.ReadStream(ctx, "c", eventstore.ReadStreamOptions{}); len(got) != 0 {
			t.Errorf("stream c after the failure holds %d events, want none", len(got))
		}
	})
	t.Run("the first part's conflict writes nothing and is a plain conflict", func(t *testing.T) {
		mem := memory.New()
		if _, err := mem.Append(ctx, "a", eventstore.NoStream, eventstore.EventData{ID: "given", Type: "t"}); err != nil {
			t.Fatal(err)
		}

		_, err := eventstore.AppendStreams(ctx, sequentialStore{mem}, []eventstore.StreamAppend{
			part("a", eventstore.NoStream, "a1"), part("b", eventstore.NoStream, "b1"),
		})

		var partial *eventstore.PartialAppendError
		if !errors.Is(err, domain.ErrConflict) || errors.As(err, &partial) {
			t.Fatalf("AppendStreams error = %v, want a conflict that is not partial", err)
		}
		if got, _ := mem.ReadStream(ctx, "b", eventstore.ReadStreamOptions{}); len(got) != 0 {
			t.Errorf("stream b holds %d events, want none", len(got))
		}
	})
	t.Run("a store with the port appends atomically", func(t *testing.T) {
		mem := memory.New()
		if _, err := mem.Append(ctx, "b", eventstore.NoStream, eventstore.EventData{ID: "given", Type: "t"}); err != nil {
			t.Fatal(err)
		}

		_, err := eventstore.AppendStreams(ctx, mem, []eventstore.StreamAppend{
			part("a", eventstore.NoStream, "a1"), part("b", eventstore.NoStream, "b1"),
		})

		var partial *eventstore.PartialAppendError
		if !errors.Is(err, domain.ErrConflict) || errors.As(err, &partial) {
			t.Fatalf("AppendStreams error = %v, want a whole conflict", err)
		}
		if got, _ := mem.ReadStream(ctx, "a", eventstore.ReadStreamOptions{}); len(got) != 0 {
			t.Errorf("stream a holds %d events, want none", len(got))
		}
	})
}
