package api

import (
	"context"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/regulation"
	"github.com/opsledger/opsledger/eventstore"
)

var regulationCodec = eventstore.NewCodec(regulation.Events()...)

// regulationVersionsAt narrows a regulation's versions (the catalogue's,
// in effective order, the default first) to a's bound: as_of keeps the
// versions whose adoption was recorded by then (what the company knew
// then), valid_at those in force by then (their effective_from at or
// before it; the last is the one in force then). The default, which no
// event records, is always there. It returns the versions, the number of
// adoptions recorded by as_of (the answer's version) and sets the
// position of the last of them.
func (s *Server) regulationVersionsAt(ctx context.Context, name string, versions []commands.RegulationVersionView, a *asOfRead) ([]commands.RegulationVersionView, int64, error) {
	past, err := s.Commands.ReadAsOf(ctx, regulation.Stream(name), commands.Bitemporal{AsOf: a.bound.AsOf}, 0)
	if err != nil {
		return nil, 0, err
	}
	known := map[string]bool{}
	for _, r := range past.Events {
		e, err := regulationCodec.DecodeRecorded(r)
		if err != nil {
			return nil, 0, err
		}
		if v, ok := e.(regulation.VersionAdopted); ok {
			known[v.Version] = true
		}
	}
	out := append([]commands.RegulationVersionView(nil), versions[0])
	out[0].EffectiveUntil = nil
	for _, v := range versions[1:] {
		if !known[v.Version] || (!a.bound.ValidAt.IsZero() && v.EffectiveFrom.After(a.bound.ValidAt)) {
			continue
		}
		out[len(out)-1].EffectiveUntil = v.EffectiveFrom
		out = append(out, v)
	}
	out[len(out)-1].EffectiveUntil = nil
	if n := len(past.Events); n > 0 {
		a.header.Set(PositionHeader, past.Events[n-1].Position.String())
	}
	return out, int64(len(past.Events)), nil
}
