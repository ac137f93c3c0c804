package privacy

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
)

// keySize is the size of master and data keys: AES-256.
const keySize = 32

// ErrBadMasterKey is returned for a master key that is not the base64 of
// 32 bytes.
var ErrBadMasterKey = errors.New("privacy: the master key must be the base64 of 32 random bytes (OPS_MASTER_KEY)")

// errCiphertext is returned for an encrypted field or a wrapped key that
// does not open: altered, or sealed under another key.
var errCiphertext = errors.New("privacy: ciphertext does not open with its key")

// MasterKey wraps (encrypts) the data keys where they are stored, so that
// the key table alone reveals nothing.
type MasterKey struct{ aead cipher.AEAD }

// ParseMasterKey reads a master key: the standard base64 of 32 bytes.
func ParseMasterKey(b64 string) (MasterKey, error) {
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw) != keySize {
		return MasterKey{}, ErrBadMasterKey
	}
	aead, err := newAEAD(raw)
	if err != nil {
		return MasterKey{}, err
	}
	return MasterKey{aead: aead}, nil
}

// GenerateMasterKey makes a new master key, in the form ParseMasterKey
// reads.
func GenerateMasterKey() string {
	return base64.StdEncoding.EncodeToString(randomBytes(keySize))
}

// wrap encrypts a subject's data key; the subject is authenticated with
// it, so a wrapped key copied to another subject's row does not open.
func (m MasterKey) wrap(subject string, dataKey []byte) []byte {
	nonce := randomBytes(m.aead.NonceSize())
	return m.aead.Seal(nonce, nonce, dataKey, []byte(subject))
}

// unwrap decrypts a wrapped data key of subject.
func (m MasterKey) unwrap(subject string, wrapped []byte) ([]byte, error) {
	n := m.aead.NonceSize()
	if len(wrapped) < n {
		return nil, errCiphertext
	}
	key, err := m.aead.Open(nil, wrapped[:n], wrapped[n:], []byte(subject))
	if err != nil || len(key) != keySize {
		return nil, fmt.Errorf("%w (is OPS_MASTER_KEY the key the data keys were wrapped with?)", errCiphertext)
	}
	return key, nil
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b) //nolint:errcheck // crypto/rand.Read never fails (Go 1.24+)
	return b
}

// dataKey is a subject's unwrapped key: the cipher of its fields and
// the key their nonces are derived with.
type dataKey struct {
	aead     cipher.AEAD
	nonceKey []byte
}

func newDataKey(raw []byte) (*dataKey, error) {
	aead, err := newAEAD(raw)
	if err != nil {
		return nil, err
	}
	mac := hmac.New(sha256.New, raw)
	mac.Write([]byte("opsledger/privacy/nonce/v1")) //nolint:errcheck // hashes never fail
	return &dataKey{aead: aead, nonceKey: mac.Sum(nil)}, nil
}

// nonce derives a field's nonce from the event id, the additional data
// and the plaintext (as SIV does): the same event sealed twice gives the
// same bytes, so an append retried through the wrapper is the same event
// to the store (eventstore.SameEvent), while two different plaintexts
// never share a nonce.
func (k *dataKey) nonce(eventID string, plaintext, aad []byte) []byte {
	mac := hmac.New(sha256.New, k.nonceKey)
	mac.Write([]byte(eventID)) //nolint:errcheck // hashes never fail
	mac.Write([]byte{0})       //nolint:errcheck
	mac.Write(aad)             //nolint:errcheck
	mac.Write([]byte{0})       //nolint:errcheck
	mac.Write(plaintext)       //nolint:errcheck
	return mac.Sum(nil)[:k.aead.NonceSize()]
}

// sealField appends to dst the JSON string that stores plaintext (a JSON
// value) of event eventID encrypted: "pii:" and the base64 of nonce and
// ciphertext. aad binds it to its event type, field and subject.
func sealField(dst []byte, k *dataKey, eventID string, plaintext, aad []byte) []byte {
	aead := k.aead
	n := aead.NonceSize()
	sealed := make([]byte, 0, n+len(plaintext)+aead.Overhead())
	sealed = append(sealed, k.nonce(eventID, plaintext, aad)...)
	sealed = aead.Seal(sealed, sealed[:n], plaintext, aad)
	dst = append(dst, '"')
	dst = append(dst, cipherPrefix...)
	dst = base64.StdEncoding.AppendEncode(dst, sealed)
	return append(dst, '"')
}

// isSealed reports whether value (a JSON value) is a field sealField
// wrote.
func isSealed(value []byte) bool {
	return len(value) > len(cipherPrefix)+2 && value[0] == '"' && string(value[1:1+len(cipherPrefix)]) == cipherPrefix
}

// openField appends to dst the plaintext JSON value of a sealed field.
func openField(dst []byte, k *dataKey, value, aad []byte) ([]byte, error) {
	aead := k.aead
	enc := value[1+len(cipherPrefix) : len(value)-1]
	sealed, err := base64.StdEncoding.AppendDecode(nil, enc)
	n := aead.NonceSize()
	if err != nil || len(sealed) < n+aead.Overhead() {
		return nil, errCiphertext
	}
	out, err := aead.Open(dst, sealed[:n], sealed[n:], aad)
	if err != nil {
		return nil, errCiphertext
	}
	return out, nil
}

// fieldAAD is the additional data a field is sealed with: its event
// type, field and subject, so a ciphertext moved to another field, event
// type or person does not open.
func fieldAAD(buf []byte, eventType, fieldName, subject string) []byte {
	buf = append(buf[:0], eventType...)
	buf = append(buf, 0)
	buf = append(buf, fieldName...)
	buf = append(buf, 0)
	return append(buf, subject...)
}
