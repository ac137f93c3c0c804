package privacy

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
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

// sealField appends to dst the JSON string that stores plaintext (a JSON
// value) encrypted: "pii:" and the base64 of nonce and ciphertext. aad
// binds it to its event type, field and subject.
func sealField(dst []byte, aead cipher.AEAD, plaintext, aad []byte) []byte {
	n := aead.NonceSize()
	sealed := make([]byte, n, n+len(plaintext)+aead.Overhead())
	rand.Read(sealed) //nolint:errcheck // never fails
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
func openField(dst []byte, aead cipher.AEAD, value, aad []byte) ([]byte, error) {
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
