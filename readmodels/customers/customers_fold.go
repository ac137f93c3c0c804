package customers

import (
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// fileEvent applies profile, contact and log events; it reports whether
// e was one of them.
func (b customerBatch) fileEvent(row *customerRow, e tables.Decoded) bool {
	switch ev := e.Event.(type) {
	case customer.ProfileUpdated:
		for _, c := range ev.Changes {
			setProfileField(row, c.Field, c.New)
		}
		row.LastUpdatedMonth = customer.MonthOf(ev.UpdatedAt)
	case customer.KeyContactAdded:
		b.contacts.Put(&keyContactRow{CustomerID: row.CustomerID, ContactID: ev.ContactID, RoleInOrg: string(ev.RoleInOrg),
			Personal: ev.Personal, AddedAt: ev.AddedAt, Version: e.StreamVersion, UpdatedAt: e.RecordedAt})
		row.LastUpdatedMonth = customer.MonthOf(ev.AddedAt)
	case customer.KeyContactUpdated:
		b.changeContact(row, ev.ContactID, e, func(k *keyContactRow) { k.RoleInOrg, k.Personal = string(ev.RoleInOrg), ev.Personal })
		row.LastUpdatedMonth = customer.MonthOf(ev.UpdatedAt)
	case customer.KeyContactRemoved:
		b.changeContact(row, ev.ContactID, e, func(k *keyContactRow) { k.Removed = true })
		row.LastUpdatedMonth = customer.MonthOf(ev.RemovedAt)
	case customer.ContactLogged:
		b.log.Add(&contactLogRow{CustomerID: row.CustomerID, Seq: e.StreamVersion, EmployeeID: ev.EmployeeID,
			ContactID: ev.ContactID, Channel: ev.Channel, Topic: ev.Topic, Outcome: ev.Outcome,
			NextAppointmentAt: tables.OptTime(ev.NextAppointmentAt), At: ev.At})
		row.LastContactAt = &ev.At
		if !ev.NextAppointmentAt.IsZero() {
			row.NextAppointmentAt = &ev.NextAppointmentAt
		}
	default:
		return false
	}
	return true
}

func (b customerBatch) changeContact(row *customerRow, contactID string, e tables.Decoded, change func(*keyContactRow)) {
	k := b.contacts.Get(row.CustomerID + "\x00" + contactID)
	if k == nil {
		return
	}
	change(k)
	k.Version, k.UpdatedAt = e.StreamVersion, e.RecordedAt
	b.contacts.Touch(k)
}

func setProfileField(row *customerRow, field, value string) {
	switch field {
	case customer.FieldName:
		row.Name = value
	case customer.FieldAddress:
		row.Address = value
	case customer.FieldPrimaryContact:
		row.PrimaryContact = value
	case customer.FieldPhone:
		row.Phone = value
	case customer.FieldRegion:
		row.Region = value
	}
}

// customerPipeline applies stage, classification, ownership and review events.
func customerPipeline(row *customerRow, e any) {
	switch ev := e.(type) {
	case customer.Visited:
		row.Visits = ev.VisitNo
		if row.Stage == string(customer.StageTarget) {
			row.Stage = string(customer.StageVisiting)
		}
	case customer.NegotiationStarted:
		row.Stage = string(customer.StageNegotiating)
	case customer.BecameCooperating:
		row.Stage = string(customer.StageCooperating)
	case customer.Parked:
		row.Stage = string(customer.StageParked)
	case customer.Abandoned:
		row.Stage = string(customer.StageAbandoned)
	case customer.Reactivated:
		row.Stage = string(customer.StageTarget)
	case customer.BecameDormant:
		row.Stage = string(customer.StageDormant)
	case customer.Classified:
		row.Industry, row.Scale, row.ValueTier = ev.Industry, ev.Scale, ev.ValueTier
		row.PurchaseFrequencyBand, row.SchemeVersion = ev.PurchaseFrequencyBand, ev.SchemeVersion
		row.LastUpdatedMonth = customer.MonthOf(ev.ClassifiedAt)
	case customer.RelationshipDepthRecorded:
		row.RelationshipDepth = string(ev.Depth)
	case customer.Reassigned:
		row.OwnerRepID = ev.ToRepID
	case customer.FileReviewed:
		row.LastReviewedMonth = ev.Month
	}
}
