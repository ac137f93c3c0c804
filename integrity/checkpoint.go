package integrity

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// ErrMalformedCheckpoint is a checkpoint that does not open with the key
// or whose body is not a checkpoint.
var ErrMalformedCheckpoint = errors.New("malformed checkpoint")

// Checkpoint commits to the tree of Size leaves: its root hash at a time.
// Signed, its body is the C2SP checkpoint format with the time as an
// extension line:
//
//	<origin: the key's name>
//	<size, decimal>
//	<root hash, base64>
//	<time, RFC 3339 with nanoseconds, UTC>
type Checkpoint struct {
	Origin string
	Size   uint64
	Root   []byte
	Time   time.Time
}

// Body is the note text the signature covers.
func (c Checkpoint) Body() string {
	return fmt.Sprintf("%s\n%d\n%s\n%s\n", c.Origin, c.Size, base64.StdEncoding.EncodeToString(c.Root),
		c.Time.UTC().Format(time.RFC3339Nano))
}

// Sign returns the signed note of c, under signer's name as origin.
func Sign(c Checkpoint, signer note.Signer) (Checkpoint, string, error) {
	c.Origin = signer.Name()
	msg, err := note.Sign(&note.Note{Text: c.Body()}, signer)
	if err != nil {
		return Checkpoint{}, "", fmt.Errorf("integrity: sign checkpoint: %w", err)
	}
	return c, string(msg), nil
}

// OpenCheckpoint checks a signed checkpoint against the public key vkey
// and reads it. Anything else than a checkpoint signed by that key is an
// error wrapping ErrMalformedCheckpoint.
func OpenCheckpoint(signed []byte, vkey string) (Checkpoint, error) {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("integrity: verifier key: %w", err)
	}
	n, err := note.Open(signed, note.VerifierList(v))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("%w: %v", ErrMalformedCheckpoint, err)
	}
	c, err := parseBody(n.Text)
	if err != nil {
		return Checkpoint{}, err
	}
	if c.Origin != v.Name() {
		return Checkpoint{}, fmt.Errorf("%w: origin %q is not the key's %q", ErrMalformedCheckpoint, c.Origin, v.Name())
	}
	return c, nil
}

func parseBody(text string) (Checkpoint, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) != 4 {
		return Checkpoint{}, fmt.Errorf("%w: want 4 lines (origin, size, root, time), got %d", ErrMalformedCheckpoint, len(lines))
	}
	size, err := strconv.ParseUint(lines[1], 10, 64)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("%w: size %q", ErrMalformedCheckpoint, lines[1])
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != Hasher.Size() {
		return Checkpoint{}, fmt.Errorf("%w: root hash %q", ErrMalformedCheckpoint, lines[2])
	}
	at, err := time.Parse(time.RFC3339Nano, lines[3])
	if err != nil {
		return Checkpoint{}, fmt.Errorf("%w: time %q", ErrMalformedCheckpoint, lines[3])
	}
	c := Checkpoint{Origin: lines[0], Size: size, Root: root, Time: at}
	if c.Body() != text {
		return Checkpoint{}, fmt.Errorf("%w: not in canonical form", ErrMalformedCheckpoint)
	}
	return c, nil
}
