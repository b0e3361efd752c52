// curve25519.h: Ed25519 signatures (RFC 8032, FIPS 186-5 section 7: pure
// Ed25519, Ed25519ctx and Ed25519ph) and X25519 key agreement (RFC 7748).
//
// Keys and signatures are fixed-size byte strings in the encodings of the
// standards:
//   Ed25519 private key: the 32-byte seed `d` (FIPS 186-5 7.2; RFC 8032 5.1.5)
//   Ed25519 public key:  the 32-byte encoding of A = [s]B
//   Ed25519 signature:   R || S, 64 bytes
//   X25519 private key:  32 bytes (clamped on use, RFC 7748 section 5)
//   X25519 public key:   the 32-byte u-coordinate
//
// Signing, key generation and X25519 are constant-time (no branch or memory
// index depends on a secret). Verification works on public data only and is
// variable-time.
//
// Verification is strict (FIPS 186-5 7.7.2, RFC 8032 5.1.7): S must be
// canonical (S < L), A must be a canonical point encoding (y < p) of a point
// on the curve, and the cofactorless equation [S]B = R + [k]A is checked by
// comparing the encoding of [S]B - [k]A with the R bytes (so a non-canonical
// R never verifies).
//
// Service indicator: the Ed25519 services are approved (FIPS 186-5); X25519
// is served but not approved (cce_service_indicator() reports
// CCE_INDICATOR_NOT_APPROVED after a successful X25519 call).

#ifndef CCE_CURVE25519_H
#define CCE_CURVE25519_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CCE_ED25519_PRIVATE_KEY_BYTES 32
#define CCE_ED25519_PUBLIC_KEY_BYTES 32
#define CCE_ED25519_SIGNATURE_BYTES 64
#define CCE_ED25519_MAX_CONTEXT_BYTES 255  // Ed25519ctx / Ed25519ph context

#define CCE_X25519_PRIVATE_KEY_BYTES 32
#define CCE_X25519_PUBLIC_KEY_BYTES 32
#define CCE_X25519_SHARED_BYTES 32

// ---------------------------------------------------------------------------
// Ed25519

// cce_ed25519_keypair generates a new key pair: a random 32-byte private key
// (seed) from the module's DRBG and its public key. A pairwise consistency
// test (sign and verify) is run on the new pair; if it fails the module
// enters its error state and CCE_ERR_SELFTEST is returned. On any failure
// both outputs are zeroed.
CCE_API CCE_MUST_CHECK cce_status cce_ed25519_keypair(uint8_t out_public[CCE_ED25519_PUBLIC_KEY_BYTES],
                                                      uint8_t out_private[CCE_ED25519_PRIVATE_KEY_BYTES]);

// cce_ed25519_public_from_private computes the public key of `private_key`.
CCE_API CCE_MUST_CHECK cce_status
cce_ed25519_public_from_private(uint8_t out_public[CCE_ED25519_PUBLIC_KEY_BYTES],
                                const uint8_t private_key[CCE_ED25519_PRIVATE_KEY_BYTES]);

// cce_ed25519_public_check validates a public key (SP 800-186 D.1.3, full
// validation): the encoding is canonical (y < p) and decodes to a point on
// the curve, the point is not the neutral element, and [L]Q is the neutral
// element (no small-order component). Returns CCE_OK or
// CCE_ERR_POINT_INVALID. (cce_ed25519_verify itself only needs the key to
// decode, as RFC 8032 and FIPS 186-5 specify.)
CCE_API CCE_MUST_CHECK cce_status cce_ed25519_public_check(const uint8_t public_key[CCE_ED25519_PUBLIC_KEY_BYTES]);

// cce_ed25519_sign writes the (deterministic) Ed25519 signature of
// msg[0..msg_len) to `out_sig`. `public_key` must be the public key of
// `private_key` (as returned by cce_ed25519_keypair or
// cce_ed25519_public_from_private): it is hashed into the signature, and
// signing one message under two different public keys would reveal the
// private key. Pass NULL to have it recomputed (about twice as slow).
// `msg` may be NULL when msg_len is 0. On failure `out_sig` is zeroed.
CCE_API CCE_MUST_CHECK cce_status cce_ed25519_sign(uint8_t out_sig[CCE_ED25519_SIGNATURE_BYTES],
                                                   const uint8_t *msg, size_t msg_len,
                                                   const uint8_t private_key[CCE_ED25519_PRIVATE_KEY_BYTES],
                                                   const uint8_t public_key[CCE_ED25519_PUBLIC_KEY_BYTES]);

// cce_ed25519_verify checks `sig` on msg[0..msg_len) under `public_key`.
// Returns CCE_OK if valid, CCE_ERR_SIGNATURE if not (including a malformed
// signature or public key).
CCE_API CCE_MUST_CHECK cce_status cce_ed25519_verify(const uint8_t sig[CCE_ED25519_SIGNATURE_BYTES],
                                                     const uint8_t *msg, size_t msg_len,
                                                     const uint8_t public_key[CCE_ED25519_PUBLIC_KEY_BYTES]);

// cce_ed25519ctx_sign is Ed25519ctx (RFC 8032 5.1): as cce_ed25519_sign with
// a context string of 1..255 bytes (CCE_ERR_INVALID_LENGTH otherwise).
CCE_API CCE_MUST_CHECK cce_status cce_ed25519ctx_sign(uint8_t out_sig[CCE_ED25519_SIGNATURE_BYTES],
                                                      const uint8_t *msg, size_t msg_len,
                                                      const uint8_t *context, size_t context_len,
                                                      const uint8_t private_key[CCE_ED25519_PRIVATE_KEY_BYTES],
                                                      const uint8_t public_key[CCE_ED25519_PUBLIC_KEY_BYTES]);

// cce_ed25519ctx_verify verifies an Ed25519ctx signature (context of 1..255
// bytes, CCE_ERR_INVALID_LENGTH otherwise).
CCE_API CCE_MUST_CHECK cce_status cce_ed25519ctx_verify(const uint8_t sig[CCE_ED25519_SIGNATURE_BYTES],
                                                        const uint8_t *msg, size_t msg_len,
                                                        const uint8_t *context, size_t context_len,
                                                        const uint8_t public_key[CCE_ED25519_PUBLIC_KEY_BYTES]);

// cce_ed25519ph_sign is HashEdDSA Ed25519ph (RFC 8032 5.1, FIPS 186-5
// 7.8): the message is hashed with SHA-512 first and the digest signed. The
// context (0..255 bytes) is optional: `context` may be NULL when
// context_len is 0.
CCE_API CCE_MUST_CHECK cce_status cce_ed25519ph_sign(uint8_t out_sig[CCE_ED25519_SIGNATURE_BYTES],
                                                     const uint8_t *msg, size_t msg_len,
                                                     const uint8_t *context, size_t context_len,
                                                     const uint8_t private_key[CCE_ED25519_PRIVATE_KEY_BYTES],
                                                     const uint8_t public_key[CCE_ED25519_PUBLIC_KEY_BYTES]);

// cce_ed25519ph_verify verifies an Ed25519ph signature of msg[0..msg_len)
// (the message itself, which is hashed with SHA-512 here).
CCE_API CCE_MUST_CHECK cce_status cce_ed25519ph_verify(const uint8_t sig[CCE_ED25519_SIGNATURE_BYTES],
                                                       const uint8_t *msg, size_t msg_len,
                                                       const uint8_t *context, size_t context_len,
                                                       const uint8_t public_key[CCE_ED25519_PUBLIC_KEY_BYTES]);

// ---------------------------------------------------------------------------
// X25519 (not an approved service)

// cce_x25519_keypair generates a random private key from the module's DRBG
// and its public key X25519(private, 9).
CCE_API CCE_MUST_CHECK cce_status cce_x25519_keypair(uint8_t out_public[CCE_X25519_PUBLIC_KEY_BYTES],
                                                     uint8_t out_private[CCE_X25519_PRIVATE_KEY_BYTES]);

// cce_x25519_public computes the public key X25519(private_key, 9).
CCE_API CCE_MUST_CHECK cce_status cce_x25519_public(uint8_t out_public[CCE_X25519_PUBLIC_KEY_BYTES],
                                                    const uint8_t private_key[CCE_X25519_PRIVATE_KEY_BYTES]);

// cce_x25519 computes the shared secret X25519(private_key, peer_public)
// (RFC 7748 section 5: the top bit of the peer's u-coordinate is ignored and
// non-canonical values are reduced). If the result is all zero (the peer's
// point has small order) `out_shared` is zeroed and CCE_ERR_POINT_INVALID is
// returned, as RFC 7748 section 6.1 allows.
CCE_API CCE_MUST_CHECK cce_status cce_x25519(uint8_t out_shared[CCE_X25519_SHARED_BYTES],
                                             const uint8_t private_key[CCE_X25519_PRIVATE_KEY_BYTES],
                                             const uint8_t peer_public[CCE_X25519_PUBLIC_KEY_BYTES]);

#ifdef __cplusplus
}
#endif

#endif  // CCE_CURVE25519_H
