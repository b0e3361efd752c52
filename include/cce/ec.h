// ec.h: the NIST prime curves P-256, P-384 and P-521 (FIPS 186-5, SP 800-186):
// ECDSA key generation, signature generation and verification (FIPS 186-5),
// ECDH shared-secret computation (SP 800-56A Rev. 3, 5.7.1.2, the
// KAS-ECC-SSC primitive) and public-key validation (SP 800-56A 5.6.2.3.3).
//
// Implementation: constant-time field and scalar arithmetic per prime
// (Montgomery multiplication, 64-bit limbs), complete projective addition
// formulas (Renes-Costello-Batina 2016), fixed-window scalar multiplication
// with masked table reads and a precomputed table of multiples of G. The
// private scalar and the per-message secret k never select a branch or a
// memory address. Verification (public data only) uses a variable-time path.
//
// Key formats (raw):
//   private key  the scalar d, big-endian, exactly cce_ec_scalar_len() bytes
//   public key   SEC1 uncompressed 04||X||Y (cce_ec_public_len() bytes); the
//                compressed form 02/03||X is accepted where a public key is
//                parsed (cce_ec_public_validate, cce_ecdh, cce_ecdsa_verify)
//   signature    r||s, each cce_ec_scalar_len() bytes (IEEE P1363); the DER
//                form is handled by ecdsa_sig.h, outside the module.
//
// Service indicator: ECDSA with P-256/384/521 and SHA-2, SHA-3 or SHAKE is
// approved; ECDSA verification with SHA-1 is served but not approved;
// signing with SHA-1 is refused (CCE_ERR_UNSUPPORTED). ECDH, key generation
// and key validation on the three curves are approved.

#ifndef CCE_EC_H
#define CCE_EC_H

#include "common.h"
#include "hash.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cce_ec_curve_id {
  CCE_EC_NONE = 0,
  CCE_EC_P256 = 1,
  CCE_EC_P384 = 2,
  CCE_EC_P521 = 3
} cce_ec_curve_id;

#define CCE_EC_P256_SCALAR_BYTES 32
#define CCE_EC_P384_SCALAR_BYTES 48
#define CCE_EC_P521_SCALAR_BYTES 66
#define CCE_EC_MAX_SCALAR_BYTES 66
// Uncompressed public key 04||X||Y.
#define CCE_EC_P256_PUBLIC_BYTES 65
#define CCE_EC_P384_PUBLIC_BYTES 97
#define CCE_EC_P521_PUBLIC_BYTES 133
#define CCE_EC_MAX_PUBLIC_BYTES 133
// Raw signature r||s.
#define CCE_ECDSA_P256_SIG_BYTES 64
#define CCE_ECDSA_P384_SIG_BYTES 96
#define CCE_ECDSA_P521_SIG_BYTES 132
#define CCE_ECDSA_MAX_SIG_BYTES 132

// Flags of cce_ecdsa_sign / cce_ecdsa_sign_digest.
// CCE_ECDSA_DETERMINISTIC: k derived per RFC 6979 (deterministic ECDSA, FIPS
// 186-5 6.3.2) with HMAC over the signature's hash (not for SHAKE). Without
// it, k comes from the module's DRBG (FIPS 186-5 A.3.2).
#define CCE_ECDSA_DETERMINISTIC 1u

// cce_ec_scalar_len returns the private-key / coordinate length in bytes of
// `curve` (32, 48, 66), 0 if unknown.
CCE_API size_t cce_ec_scalar_len(cce_ec_curve_id curve);
// cce_ec_public_len returns the length of an uncompressed public key (65,
// 97, 133), 0 if unknown.
CCE_API size_t cce_ec_public_len(cce_ec_curve_id curve);
// cce_ecdsa_sig_len returns the length of a raw r||s signature, 0 if unknown.
CCE_API size_t cce_ecdsa_sig_len(cce_ec_curve_id curve);
// cce_ec_curve_name returns "P-256", "P-384", "P-521", or NULL.
CCE_API const char *cce_ec_curve_name(cce_ec_curve_id curve);
// cce_ec_curve_from_name accepts "P-256", "p256", "secp256r1", "prime256v1"
// (and the P-384/P-521 equivalents), case-insensitive; CCE_EC_NONE if unknown.
CCE_API cce_ec_curve_id cce_ec_curve_from_name(const char *name);

// cce_ecdsa_keygen generates a key pair (FIPS 186-5 A.2.2, rejection
// sampling from the DRBG) and runs the pairwise consistency test (sign and
// verify). `priv` gets cce_ec_scalar_len() bytes, `pub` the uncompressed
// point; `priv_len`/`pub_len` are the buffer sizes (CCE_ERR_BUFFER_TOO_SMALL
// if short; exactly the key length is written). A PCT failure puts the module
// in its error state and returns CCE_ERR_SELFTEST. On error both outputs are
// zeroed.
CCE_API CCE_MUST_CHECK cce_status cce_ecdsa_keygen(cce_ec_curve_id curve, uint8_t *priv, size_t priv_len,
                                                   uint8_t *pub, size_t pub_len);

// cce_ecdh_keygen generates a key pair for ECDH (SP 800-56A 5.6.1.2.2, same
// method), with the SP 800-56A 5.6.2.1.4 pairwise consistency test
// (recomputing Q from d).
CCE_API CCE_MUST_CHECK cce_status cce_ecdh_keygen(cce_ec_curve_id curve, uint8_t *priv, size_t priv_len,
                                                  uint8_t *pub, size_t pub_len);

// cce_ec_public_from_private writes the uncompressed public key d*G of the
// private scalar `priv` (exactly cce_ec_scalar_len() bytes, 1 <= d < n, else
// CCE_ERR_KEY_INVALID).
CCE_API CCE_MUST_CHECK cce_status cce_ec_public_from_private(cce_ec_curve_id curve, const uint8_t *priv,
                                                             size_t priv_len, uint8_t *pub, size_t pub_len);

// cce_ec_public_validate performs the full public-key validation of SP
// 800-56A Rev. 3 5.6.2.3.3 on `pub` (uncompressed or compressed SEC1): not
// the point at infinity, coordinates in [0, p-1], on the curve. (The
// fourth check, n*Q = O, holds for every point of these prime-order
// curves, cofactor 1.) Returns CCE_OK, CCE_ERR_POINT_INVALID, or
// CCE_ERR_INVALID_LENGTH for a length that matches no encoding.
CCE_API CCE_MUST_CHECK cce_status cce_ec_public_validate(cce_ec_curve_id curve, const uint8_t *pub,
                                                         size_t pub_len);

// cce_ec_public_decompress turns a (validated) compressed or uncompressed
// public key into the uncompressed form `out` (cce_ec_public_len() bytes).
CCE_API CCE_MUST_CHECK cce_status cce_ec_public_decompress(cce_ec_curve_id curve, const uint8_t *pub,
                                                           size_t pub_len, uint8_t *out, size_t out_len);

// cce_ec_private_validate checks that `priv` is a valid private scalar
// (exact length, 1 <= d <= n-1): CCE_OK or CCE_ERR_KEY_INVALID.
CCE_API CCE_MUST_CHECK cce_status cce_ec_private_validate(cce_ec_curve_id curve, const uint8_t *priv,
                                                          size_t priv_len);

// cce_ecdsa_sign signs `msg` hashed with `hash` (SHA2-224..512, SHA2-512/224,
// SHA2-512/256, SHA3-224..512, SHAKE128 with 256-bit output, SHAKE256 with
// 512-bit output; SHA-1 is refused with CCE_ERR_UNSUPPORTED). `flags` is 0
// or CCE_ECDSA_DETERMINISTIC. `sig` gets r||s (cce_ecdsa_sig_len() bytes;
// `sig_len` is the buffer size). On error `sig` is zeroed.
CCE_API CCE_MUST_CHECK cce_status cce_ecdsa_sign(cce_ec_curve_id curve, cce_hash_alg hash, const uint8_t *priv,
                                                 size_t priv_len, const uint8_t *msg, size_t msg_len,
                                                 unsigned flags, uint8_t *sig, size_t sig_len);

// cce_ecdsa_sign_digest signs a precomputed digest of `hash` (its length must
// be the hash's digest length; 32/64 bytes for SHAKE128/256). The digest is
// truncated to the bit length of n (bits2int).
CCE_API CCE_MUST_CHECK cce_status cce_ecdsa_sign_digest(cce_ec_curve_id curve, cce_hash_alg hash,
                                                        const uint8_t *priv, size_t priv_len,
                                                        const uint8_t *digest, size_t digest_len,
                                                        unsigned flags, uint8_t *sig, size_t sig_len);

// cce_ecdsa_verify verifies the r||s signature `sig` of `msg` under `pub`
// (uncompressed or compressed SEC1, fully validated). Returns CCE_OK, or
// CCE_ERR_SIGNATURE when the signature does not verify (including r or s
// outside [1, n-1] and a signature of the wrong length); a malformed public
// key gives CCE_ERR_POINT_INVALID / CCE_ERR_INVALID_LENGTH. SHA-1 is allowed
// here (legacy use, not approved).
CCE_API CCE_MUST_CHECK cce_status cce_ecdsa_verify(cce_ec_curve_id curve, cce_hash_alg hash, const uint8_t *pub,
                                                   size_t pub_len, const uint8_t *msg, size_t msg_len,
                                                   const uint8_t *sig, size_t sig_len);

// cce_ecdsa_verify_digest: as cce_ecdsa_verify over a precomputed digest.
CCE_API CCE_MUST_CHECK cce_status cce_ecdsa_verify_digest(cce_ec_curve_id curve, cce_hash_alg hash,
                                                          const uint8_t *pub, size_t pub_len,
                                                          const uint8_t *digest, size_t digest_len,
                                                          const uint8_t *sig, size_t sig_len);

// cce_ecdh computes the shared secret Z = x(d * Q) (SP 800-56A 5.7.1.2),
// exactly cce_ec_scalar_len() bytes (leading zeros kept) into `shared`
// (`shared_len` is the buffer size). The peer key is fully validated first
// (CCE_ERR_POINT_INVALID). On error `shared` is zeroed.
CCE_API CCE_MUST_CHECK cce_status cce_ecdh(cce_ec_curve_id curve, const uint8_t *priv, size_t priv_len,
                                           const uint8_t *peer_pub, size_t peer_len, uint8_t *shared,
                                           size_t shared_len);

#ifdef __cplusplus
}
#endif

#endif  // CCE_EC_H
