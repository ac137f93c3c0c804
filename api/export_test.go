package api_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/export"
)

// exportRow is the part of an NDJSON export row these tests read.
type exportRow struct {
	Stream    string          `json:"stream"`
	EventType string          `json:"event_type"`
	ActorID   string          `json:"actor_id"`
	Reason    string          `json:"reason"`
	Data      json.RawMessage `json:"data"`
}

// Given a customer registered with a Chinese name and reason, when an
// auditor exports the log in each format the Accept header names, then
// each file holds the registration with its actor, reason and body, the
// Chinese text intact, and is served as an attachment of its media type.
func TestExport_eachFormatByAccept(t *testing.T) {
	env := apptest.New(t, nil)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	registered := env.Do(t, "POST", "/customers", rep, map[string]any{
		"number": "C-901", "name": "上海华东机电有限公司", "address": "上海市浦东新区", "primary_contact": "王小明",
		"phone": "+86 21 5555 0901", "source": "REFERRAL", "region": "EAST", "reason": "首次拜访登记",
	})
	if registered.Status != http.StatusCreated {
		t.Fatalf("register: %d %s", registered.Status, registered.Body)
	}
	auditor := env.Token(t, "aud-1", "AUDIT", domain.RoleAuditor)
	after := registered.Header.Get(api.PositionHeader)

	t.Run("NDJSON by default", func(t *testing.T) {
		resp := env.Do(t, "GET", "/export?types=customer.registered&after="+after, auditor, nil)
		expectExport(t, resp, "application/x-ndjson", "ndjson")
		var rows []exportRow
		sc := bufio.NewScanner(bytes.NewReader(resp.Body))
		for sc.Scan() {
			var r exportRow
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatalf("line %q: %v", sc.Text(), err)
			}
			rows = append(rows, r)
		}
		if len(rows) != 1 || rows[0].ActorID != "rep-1" || rows[0].Reason != "首次拜访登记" ||
			!strings.Contains(string(rows[0].Data), "上海华东机电有限公司") {
			t.Errorf("rows = %+v, want the one registration by rep-1 with its Chinese reason and name", rows)
		}
	})
	t.Run("CSV", func(t *testing.T) {
		resp := env.Do(t, "GET", "/export?types=customer.registered", auditor, nil, "Accept", "text/csv")
		expectExport(t, resp, "text/csv; charset=utf-8; header=present", "csv")
		records, err := csv.NewReader(bytes.NewReader(resp.Body)).ReadAll()
		if err != nil || len(records) != 2 {
			t.Fatalf("CSV: %d records, %v; want the header and one row", len(records), err)
		}
		if records[1][4] != "customer.registered" || !strings.Contains(records[1][17], "王小明") {
			t.Errorf("CSV row = %v", records[1])
		}
	})
	t.Run("Parquet", func(t *testing.T) {
		resp := env.Do(t, "GET", "/export?streams=customer-", auditor, nil, "Accept", "application/vnd.apache.parquet")
		expectExport(t, resp, "application/vnd.apache.parquet", "parquet")
		rows, err := parquet.Read[export.Row](bytes.NewReader(resp.Body), int64(len(resp.Body)))
		if err != nil {
			t.Fatalf("parquet.Read() = %v", err)
		}
		if len(rows) == 0 || rows[0].EventType != "customer.registered" || !strings.Contains(rows[0].Data, "上海市浦东新区") {
			t.Errorf("parquet rows = %+v", rows)
		}
	})
}

func expectExport(t *testing.T, resp response, contentType, ext string) {
	t.Helper()
	if resp.Status != http.StatusOK {
		t.Fatalf("status %d: %s", resp.Status, resp.Body)
	}
	if got := resp.Header.Get("Content-Type"); got != contentType {
		t.Errorf("Content-Type = %q, want %q", got, contentType)
	}
	if got := resp.Header.Get("Content-Disposition"); got != `attachment; filename="opsledger-events.`+ext+`"` {
		t.Errorf("Content-Disposition = %q", got)
	}
}

// Given export requests that must be refused, when they are sent, then
// each gets its problem: a role that may not read the trail 403, an
// Accept the export cannot serve 406, a time that is not one 400, a range
// that ends before it starts and an unknown type 422, each naming the
// parameter.
func TestExport_refusals(t *testing.T) {
	env := apptest.New(t, nil)
	auditor := env.Token(t, "aud-1", "AUDIT", domain.RoleAuditor)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	cases := []struct {
		name, token, query, accept string
		status                     int
		field                      string
	}{
		{"a sales rep", rep, "", "", http.StatusForbidden, ""},
		{"an Accept it cannot serve", auditor, "", "application/pdf", http.StatusNotAcceptable, ""},
		{"to before from", auditor, "from=2026-04-01T00:00:00Z&to=2026-03-31T00:00:00Z", "", http.StatusUnprocessableEntity, "to"},
		{"an unknown type", auditor, "types=customer.regsitered", "", http.StatusUnprocessableEntity, "types"},
		{"an empty stream prefix", auditor, "streams=customer-,", "", http.StatusUnprocessableEntity, "streams"},
		{"not a time", auditor, "from=yesterday", "", http.StatusBadRequest, "from"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var headers []string
			if c.accept != "" {
				headers = []string{"Accept", c.accept}
			}
			resp := env.Do(t, "GET", "/export?"+c.query, c.token, nil, headers...)
			if resp.Status != c.status || resp.Header.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("status %d %s: %s; want %d problem", resp.Status, resp.Header.Get("Content-Type"), resp.Body, c.status)
			}
			if c.field != "" && !strings.Contains(string(resp.Body), `"field":"`+c.field+`"`) {
				t.Errorf("problem %s does not name the field %q", resp.Body, c.field)
			}
		})
	}
}
