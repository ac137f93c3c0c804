package postgres

import (
	"context"
)

// keyCall is one Lookup or one Save waiting for a flush: exactly one of
// the two is set.
type keyCall struct {
	lookup *lookupCall
	save   *saveCall
}

// keysAll flushes lookups and saves together. Each command with a key
// makes one of each (a lookup before it runs, a save after), so under load
// a flush holds both kinds; one statement does both (lookupSaveMany)
// instead of one statement and one round trip for each kind. A flush of
// one kind only, or one whose shared statement fails, runs as before:
// lookupAll and saveAll, each call alone if its kind's batch fails.
//
// A lookup does not see a save of the same flush (the statement's
// snapshot is taken before its insert): the two calls were concurrent, and
// the lookup answers as if it ran first, as it could have.
func (s *Store) keysAll(ctx context.Context, calls []*keyCall) {
	var looks []*lookupCall
	var saves []*saveCall
	for _, c := range calls {
		if c.lookup != nil {
			looks = append(looks, c.lookup)
		} else {
			saves = append(saves, c.save)
		}
	}
	if len(looks) > 0 && len(saves) > 0 && s.lookupSaveMany(ctx, looks, saves) == nil {
		return
	}
	if len(looks) > 0 {
		s.lookupAll(ctx, looks)
	}
	if len(saves) > 0 {
		s.saveAll(ctx, saves)
	}
}

// lookupSaveMany runs the lookups and the saves in one statement. On an
// error no save took place (the statement is one transaction) and no
// lookup's answer is kept: the caller runs both kinds again apart.
func (s *Store) lookupSaveMany(ctx context.Context, looks []*lookupCall, saves []*saveCall) error {
	args := append(lookupArgs(looks), saveArgs(saves)...)
	rows, _ := s.pool.Query(ctx, s.sql.lookupSaveMany, args...)
	if err := s.collectLookups(rows, looks); err != nil {
		for _, c := range looks {
			*c = lookupCall{employeeID: c.employeeID, key: c.key}
		}
		return err
	}
	return nil
}
