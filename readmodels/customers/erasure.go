package customers

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/privacy"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// erasedPersonal is a key person's personal data once erased: what the
// events read as (rule P1-erasure), so a rebuild gives the same row.
var erasedPersonal = `{"name":"` + privacy.Erased + `"}`

// scrubErased blanks the personal data of the erased key persons, and
// the name and phone of erased primary contacts on the file and its row
// versions, after the batch's other writes (so an erasure in the same
// batch as the person's creation still wins).
func scrubErased(ctx context.Context, tx pgx.Tx, erased []privacy.Subject) error {
	b := &pgx.Batch{}
	for _, s := range erased {
		if s.ContactID == privacy.PrimaryContactID {
			for _, table := range []string{"customers", tables.VersionsTable("customers")} {
				b.Queue(`UPDATE `+table+` SET primary_contact = $2, phone = $2 WHERE customer_id = $1`, s.OwnerID, privacy.Erased)
			}
			continue
		}
		b.Queue(`UPDATE customer_contacts SET personal = $3::jsonb WHERE customer_id = $1 AND contact_id = $2`,
			s.OwnerID, s.ContactID, erasedPersonal)
	}
	return tables.Write(ctx, tx, b)
}
