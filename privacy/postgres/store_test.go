package postgres_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/privacy"
)

// world is an encrypting store over a memory store, its keys in
// PostgreSQL.
type world struct {
	inner   *memory.Store
	store   eventstore.Store
	keyring *privacy.Keyring
}

func newWorld(t testing.TB) world {
	t.Helper()
	master, err := privacy.ParseMasterKey(privacy.GenerateMasterKey())
	if err != nil {
		t.Fatal(err)
	}
	inner := memory.New()
	keyring := privacy.NewKeyring(master, openKeys(t), privacy.KeyringOptions{})
	return world{inner: inner, store: privacy.Wrap(inner, keyring), keyring: keyring}
}

var at = time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)

func event(t testing.TB, id string, e domain.Event) eventstore.EventData {
	t.Helper()
	body, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	return eventstore.EventData{ID: id, Type: e.EventType(), SchemaVersion: 1, Data: body}
}

func keyContact() customer.KeyContactAdded {
	return customer.KeyContactAdded{CustomerID: "c1", ContactID: "k1", RoleInOrg: customer.ContactHead,
		Personal: customer.PersonalData{Name: "Wang Fang", ContactDetails: "139-1234-5678", Personality: "careful"},
		AddedBy:  "rep1", AddedAt: at}
}

func TestStore_encryptsPersonalFieldsAndReadsThemInClear(t *testing.T) {
	w, ctx := newWorld(t), context.Background()
	added := event(t, "e1", keyContact())
	logged := event(t, "e2", customer.ContactLogged{CustomerID: "c1", EmployeeID: "rep1", ContactID: "k1", Channel: "phone", Topic: "visit", Outcome: "ok", At: at})
	if _, err := w.store.Append(ctx, "customer-c1", eventstore.NoStream, added, logged); err != nil {
		t.Fatal(err)
	}

	stored, _ := w.inner.ReadStream(ctx, "customer-c1", eventstore.ReadStreamOptions{})
	t.Run("the stored body holds no plaintext of the personal fields", func(t *testing.T) {
		for _, secret := range []string{"Wang Fang", "139-1234-5678", "careful"} {
			if bytes.Contains(stored[0].Data, []byte(secret)) {
				t.Errorf("stored body %s holds %q", stored[0].Data, secret)
			}
		}
		if !json.Valid(stored[0].Data) || !bytes.Contains(stored[0].Data, []byte(`"pii_subject":"contact:c1:k1"`)) ||
			!bytes.Contains(stored[0].Data, []byte(`"contact_id":"k1"`)) {
			t.Errorf("stored body %s: want valid JSON naming its subject, other fields in clear", stored[0].Data)
		}
		if !bytes.Equal(stored[1].Data, logged.Data) {
			t.Errorf("an event without personal fields was changed: %s", stored[1].Data)
		}
	})
	t.Run("every read gives the body as appended", func(t *testing.T) {
		read, err := w.store.ReadStream(ctx, "customer-c1", eventstore.ReadStreamOptions{})
		if err != nil || !bytes.Equal(read[0].Data, added.Data) {
			t.Fatalf("ReadStream body = %s, %v; want %s", read[0].Data, err, added.Data)
		}
		all, err := w.store.ReadAll(ctx, eventstore.Start, 10, eventstore.Filter{})
		if err != nil || !bytes.Equal(all[0].Data, added.Data) {
			t.Fatalf("ReadAll body = %s, %v", all[0].Data, err)
		}
		sub, err := w.store.Subscribe(ctx, eventstore.Start, eventstore.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		defer sub.Close()
		got, err := sub.Recv(ctx)
		if err != nil || !bytes.Equal(got[0].Data, added.Data) {
			t.Fatalf("Subscribe body = %s, %v", got[0].Data, err)
		}
		if !bytes.Equal(stored[0].Data, mustRead(t, w.inner)[0].Data) {
			t.Fatal("a read changed the inner store's event")
		}
	})
	t.Run("Stored reads the bytes as stored", func(t *testing.T) {
		if privacy.Stored(w.store) != eventstore.Store(w.inner) {
			t.Fatal("Stored does not return the wrapped store")
		}
	})

	if err := w.keyring.Shred(ctx, "contact:c1:k1"); err != nil {
		t.Fatal(err)
	}
	t.Run("after erasure the fields read erased and the stored bytes are unchanged", func(t *testing.T) {
		read, err := w.store.ReadStream(ctx, "customer-c1", eventstore.ReadStreamOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var got customer.KeyContactAdded
		var marker struct {
			Erased []string `json:"erased_fields"`
		}
		if err := json.Unmarshal(read[0].Data, &got); err != nil {
			t.Fatalf("erased body %s does not decode: %v", read[0].Data, err)
		}
		json.Unmarshal(read[0].Data, &marker) //nolint:errcheck // decoded above
		want := keyContact()
		want.Personal = customer.PersonalData{Name: privacy.Erased}
		if got != want || len(marker.Erased) != 1 || marker.Erased[0] != "personal" {
			t.Fatalf("erased event = %+v, erased_fields %v; want %+v, [personal]", got, marker.Erased, want)
		}
		if !bytes.Equal(mustRead(t, w.inner)[0].Data, stored[0].Data) {
			t.Fatal("the erasure changed the stored event")
		}
	})
	t.Run("a second erasure says so", func(t *testing.T) {
		if err := w.keyring.Shred(ctx, "contact:c1:k1"); !errors.Is(err, privacy.ErrAlreadyErased) {
			t.Fatalf("err = %v, want ErrAlreadyErased", err)
		}
	})
	t.Run("personal data of an erased subject is stored erased", func(t *testing.T) {
		updated := event(t, "e3", customer.KeyContactUpdated{CustomerID: "c1", ContactID: "k1", RoleInOrg: customer.ContactHead,
			Personal: customer.PersonalData{Name: "Wang Fang again"}, UpdatedBy: "rep1", UpdatedAt: at})
		if _, err := w.store.Append(ctx, "customer-c1", eventstore.Exact(2), updated); err != nil {
			t.Fatal(err)
		}
		raw := mustRead(t, w.inner)[2].Data
		if bytes.Contains(raw, []byte("Wang")) || !bytes.Contains(raw, []byte(`"erased_fields":["personal"]`)) {
			t.Fatalf("stored body = %s; want it erased", raw)
		}
	})
}

func mustRead(t testing.TB, s eventstore.Store) []eventstore.Recorded {
	t.Helper()
	events, err := s.ReadStream(context.Background(), "customer-c1", eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return events
}

func TestStore_retriedAppendIsTheSameEvent(t *testing.T) {
	w, ctx := newWorld(t), context.Background()
	added := event(t, "e1", keyContact())
	first, err := w.store.Append(ctx, "customer-c1", eventstore.NoStream, added)
	if err != nil {
		t.Fatal(err)
	}
	again, err := w.store.Append(ctx, "customer-c1", eventstore.NoStream, added)
	if err != nil || again != first {
		t.Fatalf("retried append = %+v, %v; want the first result %+v", again, err, first)
	}
	if n := len(mustRead(t, w.inner)); n != 1 {
		t.Fatalf("the stream holds %d events, want 1", n)
	}
}

func TestStore_employeeFieldsAndSalary(t *testing.T) {
	w, ctx := newWorld(t), context.Background()
	hired := event(t, "h1", employee.Hired{EmployeeID: "e9", Name: "Li Lei", Role: domain.RoleSalesRep, OrgUnitID: "sales", HiredBy: "hr", HiredAt: at})
	salary := event(t, "s1", employee.BaseSalarySet{EmployeeID: "e9", Amount: domain.Yuan(8765), SetAt: at})
	if _, err := w.store.Append(ctx, "employee-e9", eventstore.NoStream, hired, salary); err != nil {
		t.Fatal(err)
	}
	raw, _ := w.inner.ReadStream(ctx, "employee-e9", eventstore.ReadStreamOptions{})
	if bytes.Contains(raw[0].Data, []byte("Li Lei")) || bytes.Contains(raw[1].Data, []byte("876500")) {
		t.Fatalf("stored bodies hold plaintext: %s %s", raw[0].Data, raw[1].Data)
	}
	if err := w.keyring.Shred(ctx, privacy.EmployeeSubject("e9")); err != nil {
		t.Fatal(err)
	}
	read, err := w.store.ReadStream(ctx, "employee-e9", eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var h employee.Hired
	var s employee.BaseSalarySet
	if err := errors.Join(json.Unmarshal(read[0].Data, &h), json.Unmarshal(read[1].Data, &s)); err != nil {
		t.Fatal(err)
	}
	if h.Name != privacy.Erased || h.OrgUnitID != "sales" || s.Amount != (domain.Money{}) ||
		!strings.Contains(string(read[1].Data), `"amount":null`) || !strings.Contains(string(read[1].Data), `"erased_fields":["amount"]`) {
		t.Fatalf("erased bodies = %s %s", read[0].Data, read[1].Data)
	}
}

func TestStore_keepsTheAtomicMultiStreamAppend(t *testing.T) {
	w, ctx := newWorld(t), context.Background()
	multi, ok := eventstore.AtomicMultiStream(w.store)
	if !ok {
		t.Fatal("the wrapper hides the memory store's atomic multi-stream append")
	}
	_, err := multi.AppendStreams(ctx, []eventstore.StreamAppend{
		{Stream: "customer-c0", Expected: eventstore.NoStream, Events: []eventstore.EventData{event(t, "x1", customer.NumberClaimed{Number: "N1", CustomerID: "c1"})}},
		{Stream: "customer-c1", Expected: eventstore.NoStream, Events: []eventstore.EventData{event(t, "x2", keyContact())}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if raw := mustRead(t, w.inner); bytes.Contains(raw[0].Data, []byte("Wang Fang")) {
		t.Fatalf("the multi-stream append stored plaintext: %s", raw[0].Data)
	}
	if read := mustRead(t, w.store); !bytes.Contains(read[0].Data, []byte("Wang Fang")) {
		t.Fatalf("read = %s; want plaintext", read[0].Data)
	}
}

func TestKeyring_secondInstanceSeesTheErasureAfterItsCache(t *testing.T) {
	master, _ := privacy.ParseMasterKey(privacy.GenerateMasterKey())
	keys, ctx := openKeys(t), context.Background()
	now := at
	clock := func() time.Time { return now }
	first := privacy.NewKeyring(master, keys, privacy.KeyringOptions{Now: clock, CacheTTL: time.Second})
	second := privacy.NewKeyring(master, keys, privacy.KeyringOptions{Now: clock, CacheTTL: time.Second})
	inner := memory.New()
	if _, err := privacy.Wrap(inner, first).Append(ctx, "customer-c1", eventstore.NoStream, event(t, "e1", keyContact())); err != nil {
		t.Fatal(err)
	}
	reader := privacy.Wrap(inner, second)
	if read := mustRead(t, reader); !bytes.Contains(read[0].Data, []byte("Wang Fang")) {
		t.Fatalf("second instance read %s; want plaintext", read[0].Data)
	}
	if err := first.Shred(ctx, "contact:c1:k1"); err != nil {
		t.Fatal(err)
	}
	now = now.Add(2 * time.Second)
	if read := mustRead(t, reader); bytes.Contains(read[0].Data, []byte("Wang Fang")) {
		t.Fatalf("second instance still reads %s after its cache expired", read[0].Data)
	}
}

// TestStore_primaryContact (rule P1-erasure): the primary contact's name
// and phone, in the registration and in a profile update, are stored
// encrypted under the subject contact:<customer>:primary and read in
// clear; the update's business fields stay in clear; after the key is
// destroyed both events read the fields erased and still decode.
func TestStore_primaryContact(t *testing.T) {
	w, ctx := newWorld(t), context.Background()
	registered := event(t, "r1", customer.Registered{CustomerID: "c1", Number: "C-1", Name: "Acme Valves", Address: "1 Road",
		PrimaryContact: "Lin Mei", Phone: "139-0000-1111", Source: customer.SourceReferral, OwnerRepID: "rep1", RegisteredAt: at})
	updated := event(t, "r2", customer.ProfileUpdated{CustomerID: "c1", Reason: "moved", UpdatedBy: "rep1", UpdatedAt: at,
		Changes: []customer.FieldChange{{Field: "address", Old: "1 Road", New: "2 Road"}, {Field: "phone", Old: "139-0000-1111", New: "139-2222-3333"}}})
	if _, err := w.store.Append(ctx, "customer-c1", eventstore.NoStream, registered, updated); err != nil {
		t.Fatal(err)
	}
	stored, _ := w.inner.ReadStream(ctx, "customer-c1", eventstore.ReadStreamOptions{})
	for _, e := range stored {
		for _, secret := range []string{"Lin Mei", "139-0000-1111", "139-2222-3333"} {
			if bytes.Contains(e.Data, []byte(secret)) {
				t.Errorf("stored %s holds %q: %s", e.Type, secret, e.Data)
			}
		}
		if !bytes.Contains(e.Data, []byte(`"pii_subject":"contact:c1:primary"`)) {
			t.Errorf("stored %s does not name the primary contact: %s", e.Type, e.Data)
		}
	}
	if !bytes.Contains(stored[1].Data, []byte(`"new":"2 Road"`)) {
		t.Errorf("the update's business change is not in clear: %s", stored[1].Data)
	}
	read, err := w.store.ReadStream(ctx, "customer-c1", eventstore.ReadStreamOptions{})
	if err != nil || !bytes.Equal(read[0].Data, registered.Data) || !bytes.Equal(read[1].Data, updated.Data) {
		t.Fatalf("read %s %s (%v), want the bodies as appended", read[0].Data, read[1].Data, err)
	}

	if err := w.keyring.Shred(ctx, privacy.ContactSubject("c1", privacy.PrimaryContactID)); err != nil {
		t.Fatal(err)
	}
	read, err = w.store.ReadStream(ctx, "customer-c1", eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var r customer.Registered
	var u customer.ProfileUpdated
	if err := json.Unmarshal(read[0].Data, &r); err != nil || r.PrimaryContact != privacy.Erased || r.Phone != privacy.Erased || r.Address != "1 Road" {
		t.Errorf("erased registration reads %+v (%v)", r, err)
	}
	if err := json.Unmarshal(read[1].Data, &u); err != nil ||
		u.Changes[1] != (customer.FieldChange{Field: "phone", Old: privacy.Erased, New: privacy.Erased}) || u.Changes[0].New != "2 Road" {
		t.Errorf("erased update reads %+v (%v)", u, err)
	}
}
