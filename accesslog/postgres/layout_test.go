package postgres_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opsledger/opsledger/accesslog"
	"github.com/opsledger/opsledger/accesslog/postgres"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/queries"
)

// read is the entries of one answer: a page of customer files.
func read(n int, reader string, subjects ...string) []queries.AccessRecord {
	out := make([]queries.AccessRecord, len(subjects))
	for i, s := range subjects {
		out[i] = entry(n, reader, s)
		out[i].SubjectOwnerID = "rep-" + s
	}
	return out
}

func subjectsOf(p queries.Page[queries.AccessRecord]) (out []string) {
	for _, e := range p.Items {
		out = append(out, fmt.Sprintf("%d:%s", e.ID, e.SubjectID))
	}
	return out
}

// Given a page of three files, a single file and an audit-trail answer
// that shows two kinds of data, when they are written, then each read of
// one kind of data is one row, and the auditors still see one entry per
// subject with consecutive ids, a cursor may stop inside a row, and the
// filters pick entries out of rows.
func TestAccessLog_AReadIsOneRowOfItsSubjects(t *testing.T) {
	s, pool, schema := openStore(t)
	ctx := context.Background()
	trail := []queries.AccessRecord{entry(2, "aud-1", "e1"), entry(2, "aud-1", "e2"), entry(2, "aud-1", "k9")}
	for i := range 2 {
		trail[i].SubjectKind, trail[i].Category, trail[i].Fields, trail[i].SubjectOwnerID =
			queries.SubjectEmployee, queries.CategorySalary, []string{"base_salary"}, ""
	}
	batch := append(append(read(0, "head-1", "k1", "k2", "k3"), read(1, "rep-k2", "k2")...), trail...)
	if err := s.Write(ctx, batch); err != nil {
		t.Fatalf("Write: %v", err)
	}
	var rows int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM "+schema+".access_reads").Scan(&rows); err != nil || rows != 4 {
		t.Errorf("rows = %d, %v; want 4 (the page, the single file, the trail's salaries, the trail's file)", rows, err)
	}
	all, err := s.Accesses(ctx, queries.AccessFilter{}, queries.PageRequest{})
	want := []string{"1:k1", "2:k2", "3:k3", "4:k2", "5:e1", "6:e2", "7:k9"}
	if err != nil || !reflect.DeepEqual(subjectsOf(all), want) {
		t.Fatalf("all = %v, %v; want %v", subjectsOf(all), err, want)
	}
	for i, e := range all.Items {
		w := batch[i]
		w.ID, w.ReaderIsOwner = int64(i+1), w.SubjectOwnerID == w.ReaderID && w.SubjectOwnerID != ""
		if !reflect.DeepEqual(e, w) {
			t.Errorf("entry %d = %+v\nwant       %+v", i+1, e, w)
		}
	}
	first, err := s.Accesses(ctx, queries.AccessFilter{}, queries.PageRequest{Limit: 2})
	if err != nil || first.NextCursor == "" {
		t.Fatalf("first page: %+v, %v", first, err)
	}
	rest, err := s.Accesses(ctx, queries.AccessFilter{}, queries.PageRequest{Limit: 3, Cursor: first.NextCursor})
	if got := subjectsOf(rest); err != nil || !reflect.DeepEqual(got, want[2:5]) {
		t.Errorf("the page after a cursor inside the first row = %v, %v; want %v", got, err, want[2:5])
	}
	for _, c := range []struct {
		name string
		f    queries.AccessFilter
		want []string
	}{
		{"who read k2", queries.AccessFilter{SubjectID: "k2"}, []string{"2:k2", "4:k2"}},
		{"who read e2", queries.AccessFilter{SubjectID: "e2"}, []string{"6:e2"}},
		{"not the owner", queries.AccessFilter{NotOwner: true}, []string{"1:k1", "2:k2", "3:k3", "7:k9"}},
		{"what aud-1 read", queries.AccessFilter{ReaderID: "aud-1"}, []string{"5:e1", "6:e2", "7:k9"}},
		{"k2 by rep-k2, from the second minute", queries.AccessFilter{SubjectID: "k2", ReaderID: "rep-k2", From: readAt.Add(time.Minute)},
			[]string{"4:k2"}},
	} {
		p, err := s.Accesses(ctx, c.f, queries.PageRequest{})
		if err != nil || !reflect.DeepEqual(subjectsOf(p), c.want) {
			t.Errorf("%s: %v, %v; want %v", c.name, subjectsOf(p), err, c.want)
		}
	}
}

// firstLayoutSQL is the table as the first version created it: one row
// per entry, its id from an identity column.
const firstLayoutSQL = `CREATE TABLE access_log (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, read_at timestamptz NOT NULL, reader_id text NOT NULL,
	reader_roles text[] NOT NULL, subject_kind text NOT NULL, subject_id text NOT NULL, category text NOT NULL,
	fields text[] NOT NULL, endpoint text NOT NULL, request_id text NOT NULL, subject_owner_id text NOT NULL,
	written_at timestamptz NOT NULL DEFAULT now());
CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the read-access log is append-only: % refused', TG_OP; END $$;
CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
INSERT INTO access_log (read_at, reader_id, reader_roles, subject_kind, subject_id, category, fields, endpoint, request_id, subject_owner_id)
VALUES ('2026-04-01T09:00:00Z', 'head-1', '{DEPT_HEAD}', 'customer', 'k1', 'customer_contact', '{primary_contact,phone}', 'GET /customers', 'req-0', 'rep-1'),
	('2026-04-01T09:00:00Z', 'head-1', '{DEPT_HEAD}', 'customer', 'k2', 'customer_contact', '{primary_contact,phone}', 'GET /customers', 'req-0', 'rep-1'),
	('2026-04-01T09:01:00Z', 'hr-1', '{HR}', 'employee', 'e1', 'salary', '{salary}', 'GET /employees/{id}/salary', 'req-1', '');`

// Given a database whose log has the first layout (a row per entry),
// when a new version opens it, then every old entry answers as before
// under its old id, new entries are numbered after them, and the old
// table is kept, renamed, still append-only; opening again moves nothing
// twice.
func TestAccessLog_UpgradesTheFirstLayoutInPlace(t *testing.T) {
	ctx := context.Background()
	pool, schema := pgtest.Pool(t)
	if _, err := pool.Exec(ctx, firstLayoutSQL); err != nil {
		t.Fatalf("the first layout: %v", err)
	}
	if _, err := postgres.Open(ctx, pool, schema); err != nil {
		t.Fatalf("Open (the upgrade): %v", err)
	}
	old := []string{"1:k1", "2:k2", "3:e1"}
	s, err := postgres.Open(ctx, pool, schema) // a second start: nothing moves twice
	if err != nil {
		t.Fatalf("Open again: %v", err)
	}
	p, err := s.Accesses(ctx, queries.AccessFilter{}, queries.PageRequest{})
	if err != nil || !reflect.DeepEqual(subjectsOf(p), old) {
		t.Fatalf("after the upgrade: %v, %v; want %v", subjectsOf(p), err, old)
	}
	want := queries.AccessRecord{ID: 3, At: readAt.Add(time.Minute), ReaderID: "hr-1", ReaderRoles: []string{"HR"},
		SubjectKind: "employee", SubjectID: "e1", Category: "salary", Fields: []string{"salary"},
		Endpoint: "GET /employees/{id}/salary", RequestID: "req-1"}
	if !reflect.DeepEqual(p.Items[2], want) {
		t.Errorf("old entry 3 = %+v\nwant          %+v", p.Items[2], want)
	}
	if f, err := s.Accesses(ctx, queries.AccessFilter{NotOwner: true}, queries.PageRequest{}); err != nil || !reflect.DeepEqual(subjectsOf(f), old[:2]) {
		t.Errorf("old reads by others than the owner: %v, %v; want %v", subjectsOf(f), err, old[:2])
	}
	if err := s.Write(ctx, read(5, "head-1", "k3", "k1")); err != nil {
		t.Fatal(err)
	}
	k1, err := s.Accesses(ctx, queries.AccessFilter{SubjectID: "k1"}, queries.PageRequest{})
	if err != nil || !reflect.DeepEqual(subjectsOf(k1), []string{"1:k1", "5:k1"}) {
		t.Errorf("who read k1, across the upgrade: %v, %v; want 1:k1, 5:k1", subjectsOf(k1), err)
	}
	var kept int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM "+schema+"."+postgres.FirstLayoutTable).Scan(&kept); err != nil || kept != 3 {
		t.Errorf("the old table keeps %d rows, %v; want its 3", kept, err)
	}
	if _, err := pool.Exec(ctx, "DELETE FROM "+schema+"."+postgres.FirstLayoutTable); err == nil {
		t.Errorf("DELETE on the old table succeeded: it must stay append-only")
	}
}

// Given reads being recorded from many goroutines while the log closes
// (the server stopping), when Close returns, then every read that was
// answered (Record returned nil) is in the table: queued entries are
// written by Close, later ones by their read itself.
func TestAccessLog_ShutdownWritesEveryAnsweredRead(t *testing.T) {
	s, pool, schema := openStore(t)
	ctx := context.Background()
	log := accesslog.New(s, accesslog.Options{Rest: 50 * time.Millisecond}) // entries wait in the queue
	var answered atomic.Int64
	var wg sync.WaitGroup
	started := make(chan struct{})
	var once sync.Once
	for g := range 8 {
		wg.Go(func() {
			for i := range 60 {
				subjects := []string{fmt.Sprintf("k%d-%d", g, i)}
				if i%5 == 0 {
					subjects = append(subjects, "k-a", "k-b", "k-c")
				}
				if err := log.Record(ctx, read(i, fmt.Sprintf("reader-%d", g), subjects...)...); err != nil {
					t.Errorf("Record: %v", err)
					continue
				}
				answered.Add(int64(len(subjects)))
				if i == 20 {
					once.Do(func() { close(started) })
				}
			}
		})
	}
	<-started
	if err := log.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	var written int64
	if err := pool.QueryRow(ctx, "SELECT coalesce(sum(cardinality(subject_ids)), 0)::bigint FROM "+schema+".access_reads").Scan(&written); err != nil {
		t.Fatal(err)
	}
	if written != answered.Load() || written != 8*(60+12*3) {
		t.Errorf("%d entries written for %d answered; want all %d", written, answered.Load(), 8*(60+12*3))
	}
}
