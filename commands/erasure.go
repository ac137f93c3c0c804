package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/privacy"
	"github.com/opsledger/opsledger/snapshots"
)

// Shredder destroys data subjects' keys (privacy.Keyring).
type Shredder interface {
	// Known reports whether the subject has, or had, a data key.
	Known(ctx context.Context, subject string) (bool, error)
	// Shred destroys the subject's key; privacy.ErrAlreadyErased when it
	// was destroyed before.
	Shred(ctx context.Context, subject string) error
}

// Erasure erases data subjects' personal data (rule P1-erasure).
type Erasure struct {
	log       *eventLog
	keys      Shredder
	subjects  repository[privacy.Erasure]
	customers repository[customer.Customer]
	employees repository[employee.Employee]
}

// Erasure returns the erasure command over keys.
func (h *Handler) Erasure(keys Shredder) *Erasure {
	return &Erasure{log: h.log, keys: keys,
		subjects:  newRepository(h.log, privacy.Erasure.Evolve, "data subject"),
		customers: newRepository(h.log, customer.Customer.Evolve, "customer file"),
		employees: h.log.employees}
}

// ErrErasureWithoutReason refuses an erasure without its reason.
var ErrErasureWithoutReason = domain.InvalidField("reason", "is required: why the person's data is erased (the request, its reference)")

// Erase erases the personal data of subjectID: HR or an auditor, with a
// reason. It destroys the subject's data key (so every read of its
// encrypted fields shows them erased), forgets the cached state and the
// snapshots of the aggregate that holds the data (they keep it in
// clear), and records privacy.SubjectErased on the subject's stream,
// which the read models scrub their rows on. An unknown subject is
// privacy.ErrUnknownSubject (404), a second erasure
// privacy.ErrSubjectErased (409).
func (e *Erasure) Erase(ctx context.Context, m Meta, subjectID string) (Result, error) {
	role, err := authorize(m, "erasing personal data", domain.RoleHR, domain.RoleAuditor)
	if err != nil {
		return Result{}, err
	}
	if strings.TrimSpace(m.Reason) == "" {
		return Result{}, ErrErasureWithoutReason
	}
	subject, err := privacy.ParseSubject(subjectID)
	if err != nil {
		return Result{}, err
	}
	state, _, err := e.subjects.Load(ctx, subject.Stream())
	if err != nil {
		return Result{}, err
	}
	keyDestroyed := false
	if !state.Erased { // else the decision refuses it, or replays its key
		if keyDestroyed, err = e.shred(ctx, subject); err != nil {
			return Result{}, err
		}
	}
	res, err := e.subjects.Update(ctx, m, decision[privacy.Erasure]{stream: subject.Stream(), role: role,
		decide: func(s privacy.Erasure) ([]domain.Event, error) {
			return s.Erase(subject, keyDestroyed, m.Actor.EmployeeID, e.log.now())
		}})
	if err != nil {
		return res, err
	}
	// Again after the event: a command that read the data before the key
	// was destroyed may have cached or snapshotted it meanwhile.
	return res, e.forget(ctx, subject.DataStream())
}

// shred checks that the subject exists, destroys its key and forgets its
// aggregate's cached state and snapshots. It reports whether the subject
// had a key (its data was stored encrypted).
func (e *Erasure) shred(ctx context.Context, subject privacy.Subject) (bool, error) {
	hadKey, err := e.keys.Known(ctx, subject.ID())
	if err != nil {
		return false, err
	}
	if !hadKey {
		if err := e.exists(ctx, subject); err != nil {
			return false, err
		}
	}
	if err := e.keys.Shred(ctx, subject.ID()); err != nil && !errors.Is(err, privacy.ErrAlreadyErased) {
		return false, err // already erased: an earlier erasure failed before its event
	}
	return hadKey, e.forget(ctx, subject.DataStream())
}

// exists refuses a subject the log does not hold: an employee never
// hired, a contact not on its customer's file (the primary contact given
// at registration is on every registered file).
func (e *Erasure) exists(ctx context.Context, subject privacy.Subject) error {
	switch subject.Kind {
	case privacy.KindContact:
		c, ok, err := e.customers.Load(ctx, subject.DataStream())
		if err != nil {
			return err
		}
		if !ok || !c.HasContact(subject.ContactID) {
			return privacy.ErrUnknownSubject
		}
	case privacy.KindEmployee:
		_, ok, err := e.employees.Load(ctx, subject.DataStream())
		if err != nil {
			return err
		}
		if !ok {
			return privacy.ErrUnknownSubject
		}
	}
	return nil
}

// forget drops the cached aggregate of stream and every snapshot of it,
// after the snapshots queued meanwhile are saved (else one could land
// after the deletion).
func (e *Erasure) forget(ctx context.Context, stream string) error {
	e.log.cache.take(stream)
	s := e.log.snapshots
	if s == nil {
		return nil
	}
	s.flush()
	d, ok := s.store.(snapshots.StreamDeleter)
	if !ok {
		return fmt.Errorf("erasure: the snapshot store cannot delete a stream's snapshots")
	}
	return d.DeleteStream(ctx, stream)
}

// NoEncryption is the Shredder of a deployment that stores personal data
// in clear (no master key): it knows no keys, so an erasure there can
// scrub only the read models, the cache and the snapshots.
type NoEncryption struct{}

// Known implements Shredder.
func (NoEncryption) Known(context.Context, string) (bool, error) { return false, nil }

// Shred implements Shredder.
func (NoEncryption) Shred(context.Context, string) error { return nil }
