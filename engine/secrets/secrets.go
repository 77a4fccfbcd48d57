// Package secrets encrypts values the engine keeps at rest, such as function
// environment variables, which AWS encrypts with KMS by default. The key is a
// per-data-directory master key file; losing it makes sealed values
// unreadable, so it lives beside the store it protects.
package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
)

const (
	keySize = 32 // AES-256
	// version1 is the first byte of every sealed value: AES-256-GCM with a
	// random 96-bit nonce following it. A new format gets a new byte.
	version1 byte = 1
)

// ErrDecrypt reports a sealed value that is malformed, was tampered with, or
// was sealed under another key.
var ErrDecrypt = errors.New("secrets: cannot decrypt value")

// Box seals and opens values under one master key. It is safe for
// concurrent use.
type Box struct {
	aead cipher.AEAD
}

func newBox(key []byte) (*Box, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("secrets: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("secrets: %w", err)
	}
	return &Box{aead: aead}, nil
}

// Seal encrypts plaintext as version byte || nonce || ciphertext+tag. The
// version byte is authenticated as additional data.
func (b *Box) Seal(plaintext []byte) ([]byte, error) {
	ns := b.aead.NonceSize()
	out := make([]byte, 1+ns, 1+ns+len(plaintext)+b.aead.Overhead())
	out[0] = version1
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, fmt.Errorf("secrets: nonce: %w", err)
	}
	return b.aead.Seal(out, out[1:], plaintext, out[:1]), nil
}

// Open decrypts a value produced by Seal. Any failure wraps ErrDecrypt.
func (b *Box) Open(ciphertext []byte) ([]byte, error) {
	ns := b.aead.NonceSize()
	if len(ciphertext) < 1+ns+b.aead.Overhead() {
		return nil, fmt.Errorf("%w: too short (%d bytes)", ErrDecrypt, len(ciphertext))
	}
	if ciphertext[0] != version1 {
		return nil, fmt.Errorf("%w: unknown format version %d", ErrDecrypt, ciphertext[0])
	}
	plain, err := b.aead.Open(nil, ciphertext[1:1+ns], ciphertext[1+ns:], ciphertext[:1])
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDecrypt, err)
	}
	return plain, nil
}
