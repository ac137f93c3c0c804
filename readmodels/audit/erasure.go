package audit

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/privacy"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// erasedSubjects lists the subjects the erasures among events name.
func erasedSubjects(events []eventstore.Recorded) []privacy.Subject {
	var out []privacy.Subject
	erased := privacy.SubjectErased{}.EventType()
	for _, e := range events {
		if e.Type != erased || !strings.HasPrefix(e.Stream, privacy.SubjectStreamPrefix) {
			continue
		}
		if s, err := privacy.ParseSubject(e.Stream[len(privacy.SubjectStreamPrefix):]); err == nil {
			out = append(out, s)
		}
	}
	return out
}

// scrubErased rewrites the bodies the trail keeps of the erased subjects'
// events as the events now read (rule P1-erasure): each personal field
// in its erased form and named in erased_fields. It runs after the
// batch's inserts, so an erasure in the batch of the person's events
// (a rebuild) finds them; a body already erased is left alone. A
// contact's event without a contact_id (the registration, a profile
// update) is the primary contact's.
func scrubErased(ctx context.Context, tx pgx.Tx, erased []privacy.Subject) error {
	b := &pgx.Batch{}
	for _, s := range erased {
		aggType, aggID, _ := strings.Cut(s.DataStream(), "-")
		for _, eventType := range privacy.PersonalEventTypes(s.Kind) {
			for name, tombstone := range privacy.PersonalFields(eventType) {
				b.Queue(`UPDATE audit_trail SET data = (jsonb_set(data::jsonb, ARRAY[$4::text], $5::jsonb)
						|| jsonb_build_object('`+privacy.ErasedFieldsKey+`',
							coalesce(data::jsonb->'`+privacy.ErasedFieldsKey+`', '[]'::jsonb) || to_jsonb($4::text)))::json
					WHERE aggregate_id = $1 AND aggregate_type = $2 AND event_type = $3
					  AND data::jsonb ? $4
					  AND NOT coalesce(data::jsonb->'`+privacy.ErasedFieldsKey+`', '[]'::jsonb) ? $4
					  AND ($6 = '' OR coalesce(data::jsonb->>'contact_id', $7) = $6)`,
					aggID, aggType, eventType, name, tombstone, s.ContactID, privacy.PrimaryContactID)
			}
		}
	}
	return tables.Write(ctx, tx, b)
}
