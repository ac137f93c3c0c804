package export

import (
	"io"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// benchEvent is an event of the size and shape opsbench's history
// appends: a body of about 220 bytes with Chinese text, a full envelope.
func benchEvent() eventstore.Recorded {
	return eventstore.Recorded{
		EventData: eventstore.EventData{ID: "3799a44f-87fb-4359-b27f-8025c7492412", Type: "employee.hired", SchemaVersion: 1,
			Data: []byte(`{"employee_id":"emp-SALES-09-rep-1-05","name":"员工 emp-SALES-09-rep-1-05","role":"SALES_REP","org_unit_id":"SALES-09","probation_months":3,"probation_policy_version":"employee/default","hired_by":"emp-hr-1","hired_at":"2025-01-06T12:05:19Z"}`),
			Metadata: eventstore.Metadata{ActorID: "emp-hr-1", ActorRole: domain.RoleHR, ActorOrgUnitID: "HQ-HR", Reason: "客户要求",
				SourceDocRef: "hire:employee-emp-SALES-09-rep-1-05", RegulationVersion: "employee/default",
				EffectiveAt: time.Date(2025, 1, 6, 12, 5, 27, 0, time.UTC), CausationID: "d43c29b7-01dd-4488-b525-d1b792648ff2"}},
		Stream: "employee-emp-SALES-09-rep-1-05", StreamVersion: 1, Position: eventstore.Position{Major: 123456789, Minor: 987654},
		RecordedAt: time.Date(2026, 12, 7, 4, 17, 32, 940468000, time.UTC),
	}
}

// BenchmarkWriters measures each format's cost per event, without the
// store: what an export adds to reading the log.
func BenchmarkWriters(b *testing.B) {
	e := benchEvent()
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			w, err := newRowWriter(f, io.Discard)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := w.write(e); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.close(); err != nil {
				b.Fatal(err)
			}
		})
	}
}
