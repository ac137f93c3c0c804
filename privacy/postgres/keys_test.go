package postgres_test

import (
	"context"
	"testing"

	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/privacy/postgres"
)

func openKeys(t testing.TB) *postgres.Keys {
	t.Helper()
	pool, schema := pgtest.Pool(t)
	k, err := postgres.Open(context.Background(), pool, schema)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestKeys(t *testing.T) {
	k, ctx := openKeys(t), context.Background()
	if _, _, found, err := k.Load(ctx, "employee:e1"); err != nil || found {
		t.Fatalf("Load of a new subject: found = %v, err = %v; want none", found, err)
	}
	stored, erased, err := k.Create(ctx, "employee:e1", []byte("first"))
	if err != nil || erased || string(stored) != "first" {
		t.Fatalf("Create = %q, %v, %v; want the key stored", stored, erased, err)
	}
	t.Run("a second create gets the first key", func(t *testing.T) {
		stored, erased, err := k.Create(ctx, "employee:e1", []byte("second"))
		if err != nil || erased || string(stored) != "first" {
			t.Fatalf("Create = %q, %v, %v; want the first key", stored, erased, err)
		}
	})
	t.Run("destroy forgets the key and remembers the erasure", func(t *testing.T) {
		if already, err := k.Destroy(ctx, "employee:e1"); err != nil || already {
			t.Fatalf("Destroy = %v, %v; want a first erasure", already, err)
		}
		wrapped, erased, found, err := k.Load(ctx, "employee:e1")
		if err != nil || !found || !erased || wrapped != nil {
			t.Fatalf("Load = %q, erased %v, found %v, %v; want found and erased, no key", wrapped, erased, found, err)
		}
		if already, err := k.Destroy(ctx, "employee:e1"); err != nil || !already {
			t.Fatalf("second Destroy = %v, %v; want already erased", already, err)
		}
		if stored, erased, err := k.Create(ctx, "employee:e1", []byte("again")); err != nil || !erased || stored != nil {
			t.Fatalf("Create after erasure = %q, %v, %v; want erased, no key", stored, erased, err)
		}
	})
	t.Run("destroying a subject without a key marks it erased", func(t *testing.T) {
		if already, err := k.Destroy(ctx, "contact:c1:k1"); err != nil || already {
			t.Fatalf("Destroy = %v, %v", already, err)
		}
		if _, erased, found, err := k.Load(ctx, "contact:c1:k1"); err != nil || !found || !erased {
			t.Fatalf("Load: erased %v, found %v, %v; want erased", erased, found, err)
		}
	})
}
