package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/accesslog"
	"github.com/opsledger/opsledger/accesslog/postgres"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/queries"
)

func openStore(t *testing.T) (*postgres.Store, *pgxpool.Pool, string) {
	t.Helper()
	pool, schema := pgtest.Pool(t)
	s, err := postgres.Open(context.Background(), pool, schema)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s, pool, schema
}

var readAt = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

func entry(n int, reader, subject string) queries.AccessRecord {
	return queries.AccessRecord{At: readAt.Add(time.Duration(n) * time.Minute), ReaderID: reader, ReaderRoles: []string{"DEPT_HEAD"},
		SubjectKind: queries.SubjectCustomer, SubjectID: subject, Category: queries.CategoryCustomerContact,
		Fields: []string{"primary_contact", "phone"}, Endpoint: "GET /customers/{id}", RequestID: fmt.Sprintf("req-%d", n),
		SubjectOwnerID: "rep-1"}
}

func TestAccessLog_RecordsAndAnswersWhoReadWhat(t *testing.T) {
	s, _, _ := openStore(t)
	ctx := context.Background()
	log := accesslog.New(s, accesslog.Options{})
	for n, e := range []struct{ reader, subject string }{{"head-1", "k1"}, {"rep-1", "k1"}, {"head-1", "k2"}, {"cs-1", "k1"}} {
		if err := log.Record(ctx, entry(n, e.reader, e.subject)); err != nil {
			t.Fatalf("Record: %v", err)
		}
	}
	if err := log.Close(); err != nil { // writes what is queued
		t.Fatalf("Close: %v", err)
	}
	readers := func(p queries.Page[queries.AccessRecord]) (out []string) {
		for _, e := range p.Items {
			out = append(out, e.ReaderID+"@"+e.SubjectID)
		}
		return out
	}
	for _, c := range []struct {
		name string
		f    queries.AccessFilter
		want []string
	}{
		{"everything, in the order read", queries.AccessFilter{}, []string{"head-1@k1", "rep-1@k1", "head-1@k2", "cs-1@k1"}},
		{"who read k1", queries.AccessFilter{SubjectID: "k1"}, []string{"head-1@k1", "rep-1@k1", "cs-1@k1"}},
		{"what head-1 read", queries.AccessFilter{ReaderID: "head-1"}, []string{"head-1@k1", "head-1@k2"}},
		{"from the second minute, before the fourth", queries.AccessFilter{From: readAt.Add(time.Minute), To: readAt.Add(3 * time.Minute)},
			[]string{"rep-1@k1", "head-1@k2"}},
		{"reads by others than the file's owner", queries.AccessFilter{NotOwner: true}, []string{"head-1@k1", "head-1@k2", "cs-1@k1"}},
		{"nobody", queries.AccessFilter{ReaderID: "nobody"}, nil},
	} {
		p, err := s.Accesses(ctx, c.f, queries.PageRequest{})
		if err != nil || !reflect.DeepEqual(readers(p), c.want) {
			t.Errorf("%s: %v, %v; want %v", c.name, readers(p), err, c.want)
		}
	}
	p, err := s.Accesses(ctx, queries.AccessFilter{SubjectID: "k1"}, queries.PageRequest{Limit: 2})
	if err != nil || len(p.Items) != 2 || p.NextCursor == "" {
		t.Fatalf("first page: %+v, %v", p, err)
	}
	first := p.Items[0]
	want := entry(0, "head-1", "k1")
	want.ID, want.ReaderIsOwner = first.ID, false
	if !reflect.DeepEqual(first, want) {
		t.Errorf("entry = %+v\nwant    %+v", first, want)
	}
	if !p.Items[1].ReaderIsOwner {
		t.Errorf("rep-1 reading their own customer's file: reader_is_owner = false")
	}
	rest, err := s.Accesses(ctx, queries.AccessFilter{SubjectID: "k1"}, queries.PageRequest{Limit: 2, Cursor: p.NextCursor})
	if err != nil || len(rest.Items) != 1 || rest.Items[0].ReaderID != "cs-1" || rest.NextCursor != "" {
		t.Errorf("second page: %+v, %v", rest, err)
	}
	if _, err := s.Accesses(ctx, queries.AccessFilter{}, queries.PageRequest{Cursor: "not-ours!"}); !errors.Is(err, queries.ErrBadCursor) {
		t.Errorf("forged cursor: %v, want ErrBadCursor", err)
	}
}

func TestAccessLog_TableIsAppendOnly(t *testing.T) {
	s, pool, schema := openStore(t)
	ctx := context.Background()
	if err := s.Write(ctx, []queries.AccessRecord{entry(0, "head-1", "k1")}); err != nil {
		t.Fatalf("Write: %v", err)
	}
	table := schema + ".access_reads"
	for _, stmt := range []string{"UPDATE " + table + " SET reader_id = 'someone-else'", "DELETE FROM " + table, "TRUNCATE " + table} {
		_, err := pool.Exec(ctx, stmt)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: error = %v, want the append-only refusal", stmt, err)
		}
	}
	p, err := s.Accesses(ctx, queries.AccessFilter{}, queries.PageRequest{})
	if err != nil || len(p.Items) != 1 || p.Items[0].ReaderID != "head-1" {
		t.Errorf("after the refused changes: %+v, %v; want the entry as written", p.Items, err)
	}
	// Opening again (every start does) keeps the guard and the rows.
	if _, err := postgres.Open(ctx, pool, schema); err != nil {
		t.Fatalf("Open again: %v", err)
	}
	if _, err := pool.Exec(ctx, "DELETE FROM "+table); err == nil {
		t.Errorf("DELETE after reopening succeeded")
	}
}

// When the database cannot take entries, the queue fills; a read whose
// entry does not fit writes it itself, and is refused (503) when that
// write fails too. Nothing queued is lost once the database answers again.
func TestAccessLog_FullQueueRefusesTheReadRatherThanLoseIt(t *testing.T) {
	s, pool, schema := openStore(t)
	ctx := context.Background()
	sink := signallingSink{Store: s, began: make(chan struct{}), once: &sync.Once{}}
	log := accesslog.New(sink, accesslog.Options{Queue: 2, Retry: 10 * time.Millisecond})
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE "+schema+".access_reads IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	if err := log.Record(ctx, entry(1, "head-1", "k1")); err != nil {
		t.Fatalf("Record 1: %v", err)
	}
	<-sink.began // the writer holds entry 1, blocked on the lock
	if err := log.Record(ctx, entry(2, "head-1", "k2"), entry(3, "head-1", "k3")); err != nil {
		t.Fatalf("Record 2, 3 (queued behind the blocked writer): %v", err)
	}
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	err = log.Record(short, entry(4, "head-1", "k4"))
	cancel()
	if !errors.Is(err, domain.ErrUnavailable) || !errors.Is(err, accesslog.ErrNotRecorded) {
		t.Errorf("Record 4 on a full queue with the table locked: %v, want ErrNotRecorded (503)", err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if err := log.Record(ctx, entry(5, "head-1", "k5")); err != nil {
		t.Errorf("Record 5 once the table is free: %v", err)
	}
	if err := log.Close(); err != nil {
		t.Fatal(err)
	}
	p, err := s.Accesses(ctx, queries.AccessFilter{}, queries.PageRequest{})
	var got []string
	for _, e := range p.Items {
		got = append(got, e.SubjectID)
	}
	slices.Sort(got) // k5, written by its read while the queue was full, may precede the queue
	if err != nil || !reflect.DeepEqual(got, []string{"k1", "k2", "k3", "k5"}) {
		t.Errorf("log = %v, %v; want k1, k2, k3 (queued) and k5, not k4 (its read was refused)", got, err)
	}
	if err := log.Record(ctx, entry(6, "head-1", "k6")); err != nil {
		t.Errorf("Record after Close (written by the read itself): %v", err)
	}
}

// signallingSink tells when its first write has begun.
type signallingSink struct {
	*postgres.Store
	began chan struct{}
	once  *sync.Once
}

func (s signallingSink) Write(ctx context.Context, es []queries.AccessRecord) error {
	s.once.Do(func() { close(s.began) })
	return s.Store.Write(ctx, es)
}
