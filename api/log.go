package api

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/integrity"
	"github.com/opsledger/opsledger/queries"
)

// Log is the verifiable log over $all (package integrity): its newest
// signed checkpoint and proofs against the checkpoints it signed.
type Log interface {
	Checkpoint(ctx context.Context) (integrity.SignedCheckpoint, error)
	InclusionProof(ctx context.Context, eventID string, size uint64) (integrity.InclusionProof, error)
	ConsistencyProof(ctx context.Context, from, to uint64) (integrity.ConsistencyProof, error)
	// CheckCheckpoint opens a client's signed checkpoint and confirms the
	// log signed it for its tree.
	CheckCheckpoint(ctx context.Context, signed string) (integrity.Checkpoint, error)
}

// LogCheckpoint is the log's newest signed checkpoint. A client trusts
// Note only once it opens with the log's public key, pinned out of band;
// VerifierKey is served so an operator can read it, not to be trusted.
type LogCheckpoint struct {
	Size uint64 `json:"size"`
	// RootHash is the tree's root hash, base64.
	RootHash string    `json:"root_hash"`
	Time     time.Time `json:"time"`
	// Note is the signed checkpoint (golang.org/x/mod/sumdb/note): the
	// origin, size, root hash and time, then the signature.
	Note        string `json:"note"`
	VerifierKey string `json:"verifier_key"`
}

// LogInclusionProof proves that an event is the leaf LeafIndex of the
// tree of TreeSize leaves (RFC 6962; hashes base64).
type LogInclusionProof struct {
	EventID       string   `json:"event_id"`
	Stream        string   `json:"stream"`
	StreamVersion uint64   `json:"stream_version"`
	LeafIndex     uint64   `json:"leaf_index"`
	TreeSize      uint64   `json:"tree_size"`
	LeafHash      string   `json:"leaf_hash"`
	Hashes        []string `json:"hashes"`
}

// LogConsistencyProof proves that the tree of To leaves extends the tree
// of From leaves (RFC 6962; hashes base64).
type LogConsistencyProof struct {
	From   uint64   `json:"from"`
	To     uint64   `json:"to"`
	Hashes []string `json:"hashes"`
}

// logRoutes serve the verifiable log to the roles that read the audit
// trail (decision 17): a proof shows which events exist and where, and
// the checkpoint how many there are.
func logRoutes(s *Server, rt *routes) {
	logGet(rt, "/log/checkpoint", "The log's newest signed checkpoint (404 before the first)", LogCheckpoint{},
		handleQuery(s, nil, s.logCheckpoint))
	logGet(rt, "/log/proof/inclusion", "Proof that an event is in the tree of a checkpoint", LogInclusionProof{},
		handleQuery(s, nil, s.inclusionProof), text("event", "the event's id"),
		integer("size", "the tree size of the checkpoint to prove against"))
	logGetMayConflict(rt, "/log/proof/consistency", "Proof that a checkpoint's tree extends an older one's", LogConsistencyProof{},
		handleQuery(s, nil, s.consistencyProof), integer("from", "the older checkpoint's tree size"),
		text("checkpoint", "instead of from, the older checkpoint itself (its signed note, as served): the proof starts at its size "+
			"once the log confirms it signed it (400 if malformed or another key's, 409 if the log signed no such tree)"),
		integer("to", "the newer checkpoint's tree size"))
}

// logGet registers a GET of the log: what it asks for (an event, the
// first checkpoint) may not exist, a 404.
func logGet(rt *routes, pattern, summary string, resp any, h http.HandlerFunc, query ...QueryParam) {
	rt.add(Route{Method: http.MethodGet, Pattern: pattern, Summary: summary, Tag: "Log", Response: resp, Query: query,
		MayNotFind: true}, validQuery(query, h))
}

// logGetMayConflict is a logGet that a client's checkpoint the log did
// not sign answers with a 409.
func logGetMayConflict(rt *routes, pattern, summary string, resp any, h http.HandlerFunc, query ...QueryParam) {
	rt.add(Route{Method: http.MethodGet, Pattern: pattern, Summary: summary, Tag: "Log", Response: resp, Query: query,
		MayNotFind: true, MayConflict: true}, validQuery(query, h))
}

func (s *Server) logCheckpoint(ctx context.Context, _ *http.Request, actor domain.Actor) (any, int64, error) {
	if err := s.mayReadLog(actor); err != nil {
		return nil, 0, err
	}
	c, err := s.VerifiableLog.Checkpoint(ctx)
	if err != nil {
		return nil, 0, logError(err, "")
	}
	return LogCheckpoint{Size: c.Size, RootHash: b64(c.Root), Time: c.Time, Note: c.Note, VerifierKey: c.VerifierKey}, 0, nil
}

func (s *Server) inclusionProof(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := s.mayReadLog(actor); err != nil {
		return nil, 0, err
	}
	event := r.URL.Query().Get("event")
	if event == "" {
		return nil, 0, domain.InvalidField("event", "name the event to prove")
	}
	size, err := treeSize(r, "size")
	if err != nil {
		return nil, 0, err
	}
	p, err := s.VerifiableLog.InclusionProof(ctx, event, size)
	if err != nil {
		return nil, 0, logError(err, "size")
	}
	return LogInclusionProof{EventID: p.EventID, Stream: p.Stream, StreamVersion: p.StreamVersion,
		LeafIndex: p.LeafIndex, TreeSize: p.TreeSize, LeafHash: b64(p.LeafHash), Hashes: b64s(p.Hashes)}, 0, nil
}

func (s *Server) consistencyProof(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := s.mayReadLog(actor); err != nil {
		return nil, 0, err
	}
	from, err := olderTreeSize(ctx, s.VerifiableLog, r)
	if err != nil {
		return nil, 0, err
	}
	to, err := treeSize(r, "to")
	if err != nil {
		return nil, 0, err
	}
	p, err := s.VerifiableLog.ConsistencyProof(ctx, from, to)
	if err != nil {
		return nil, 0, logError(err, "to")
	}
	return LogConsistencyProof{From: p.From, To: p.To, Hashes: b64s(p.Hashes)}, 0, nil
}

// mayReadLog lets the audit trail's readers (the GM among them) read the
// log, and answers 404 when the server keeps none.
func (s *Server) mayReadLog(actor domain.Actor) error {
	if err := requireRole(actor, "the verifiable log", queries.AuditReaders...); err != nil {
		return err
	}
	if s.VerifiableLog == nil {
		return domain.NotFound("this server keeps no verifiable log")
	}
	return nil
}

// olderTreeSize reads the older tree of a consistency proof: from, or
// the size of a client's checkpoint the log confirms it signed.
func olderTreeSize(ctx context.Context, l Log, r *http.Request) (uint64, error) {
	signed := r.URL.Query().Get("checkpoint")
	if signed == "" {
		return treeSize(r, "from")
	}
	if r.URL.Query().Get("from") != "" {
		return 0, domain.InvalidField("checkpoint", "give from or checkpoint, not both")
	}
	c, err := l.CheckCheckpoint(ctx, signed)
	if err != nil {
		return 0, logError(err, "checkpoint")
	}
	return c.Size, nil
}

// treeSize reads a required tree size: a whole number of leaves, at
// least 1.
func treeSize(r *http.Request, name string) (uint64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, domain.InvalidField(name, "give the tree size (a number of events, at least 1)")
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return 0, domain.InvalidField(name, "must be a whole number of events, at least 1")
	}
	return n, nil
}

// logError says what was wrong with a proof request; field names the
// size a size error is about.
func logError(err error, field string) error {
	switch {
	case errors.Is(err, integrity.ErrNoCheckpoint), errors.Is(err, integrity.ErrUnknownEvent):
		return domain.NotFound(err.Error())
	case errors.Is(err, integrity.ErrBeyondTree), errors.Is(err, integrity.ErrBadRange), errors.Is(err, integrity.ErrMalformedCheckpoint):
		return domain.InvalidField(field, err.Error())
	case errors.Is(err, integrity.ErrForkedCheckpoint):
		return domain.Conflict(err.Error())
	}
	return err
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func b64s(bs [][]byte) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b64(b)
	}
	return out
}
