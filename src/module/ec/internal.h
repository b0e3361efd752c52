// Internal interface of the elliptic-curve family (P-256, P-384, P-521):
// one descriptor per curve (p256.c, p384.c, p521.c) whose operations work on
// fixed-length big-endian byte strings, and the `_impl` functions of ECDSA
// and ECDH (ecdsa.c, ecdh.c) for other code inside the module. No state
// checks, no service indicator.

#ifndef CCE_SRC_EC_INTERNAL_H
#define CCE_SRC_EC_INTERNAL_H

#include "../core/internal.h"
#include "../hash/internal.h"
#include "cce/ec.h"

typedef struct cce_ec_curve {
  cce_ec_curve_id id;
  const char *name;      // "P-256"
  uint32_t nbytes;       // bytes of a field element / scalar: 32, 48, 66
  uint32_t nbits;        // bit length of the order n: 256, 384, 521
  const uint8_t *order;  // n, nbytes big-endian
  // All byte strings below are nbytes long, big-endian.
  // Q = (x, y): CCE_OK if x, y < p and Q is on the curve, else
  // CCE_ERR_POINT_INVALID. Public data.
  cce_status (*check)(const uint8_t *x, const uint8_t *y);
  // y of the point with abscissa x and y mod 2 == y_odd. Public data.
  cce_status (*decompress)(uint8_t *y, const uint8_t *x, int y_odd);
  // (x, y) = k*G, k in [1, n-1]. Constant time.
  cce_status (*base_mul)(uint8_t *x, uint8_t *y, const uint8_t *k);
  // z = x(d*Q), d in [1, n-1], Q valid. Constant time in d.
  cce_status (*ecdh)(uint8_t *z, const uint8_t *d, const uint8_t *qx, const uint8_t *qy);
  // ECDSA core: (r, s) from d, k in [1, n-1] and e = bits2int(H) (< 2^nbits).
  // CCE_ERR_INTERNAL if r = 0 or s = 0. Constant time in d and k.
  cce_status (*sign)(uint8_t *r, uint8_t *s, const uint8_t *d, const uint8_t *k, const uint8_t *e);
  // ECDSA verification core: CCE_OK or CCE_ERR_SIGNATURE (or
  // CCE_ERR_POINT_INVALID for a bad Q). Variable time (public data).
  cce_status (*verify)(const uint8_t *qx, const uint8_t *qy, const uint8_t *e, const uint8_t *r,
                       const uint8_t *s);
} cce_ec_curve;

extern CCE_HIDDEN const cce_ec_curve cce_ec_p256;
extern CCE_HIDDEN const cce_ec_curve cce_ec_p384;
extern CCE_HIDDEN const cce_ec_curve cce_ec_p521;

// NULL for an unknown id.
CCE_HIDDEN const cce_ec_curve *cce_ec_curve_get(cce_ec_curve_id id);

// All-ones if 1 <= k <= n-1 (k nbytes big-endian), constant time.
CCE_HIDDEN uint32_t cce_ec_scalar_valid_mask(const cce_ec_curve *c, const uint8_t *k);

// Parse a SEC1 public key (04||X||Y, or 02/03||X) into x, y (nbytes each)
// with full validation (SP 800-56A 5.6.2.3.3). CCE_ERR_INVALID_LENGTH for
// a length that fits no form, CCE_ERR_POINT_INVALID otherwise.
CCE_HIDDEN cce_status cce_ec_pub_parse(const cce_ec_curve *c, const uint8_t *pub, size_t pub_len, uint8_t *x,
                                       uint8_t *y);

// bits2int(H) per FIPS 186-5 / RFC 6979 2.3.2: the leftmost nbits bits of
// the digest, as nbytes big-endian bytes.
CCE_HIDDEN void cce_ec_bits2int(const cce_ec_curve *c, const uint8_t *h, size_t h_len, uint8_t *e);

// ECDSA internals (ecdsa.c). `d` nbytes; sig = r||s (2*nbytes).
// k_mode: 0 = random k from the DRBG (FIPS 186-5 A.3.2), 1 = RFC 6979 with
// HMAC over `hash` (fixed-length hashes only).
CCE_HIDDEN cce_status cce_ecdsa_sign_digest_impl(const cce_ec_curve *c, cce_hash_alg hash, const uint8_t *d,
                                                 const uint8_t *digest, size_t digest_len, int deterministic,
                                                 uint8_t *sig);
CCE_HIDDEN cce_status cce_ecdsa_verify_digest_impl(const cce_ec_curve *c, const uint8_t *qx, const uint8_t *qy,
                                                   const uint8_t *digest, size_t digest_len, const uint8_t *sig);
// Digest of msg under `hash` (SHAKE128: 32 bytes, SHAKE256: 64 bytes);
// writes *out_len. CCE_ERR_UNSUPPORTED for an unknown hash.
CCE_HIDDEN cce_status cce_ecdsa_hash_impl(cce_hash_alg hash, const uint8_t *msg, size_t msg_len, uint8_t *out,
                                          size_t *out_len);
// One scalar in [1, n-1] from the DRBG (FIPS 186-5 A.2.2 / A.3.2 rejection
// sampling).
CCE_HIDDEN cce_status cce_ec_sample_scalar_impl(const cce_ec_curve *c, uint8_t *d);
// FIPS 186-5 A.2.2 key pair (rejection sampling) from the DRBG; no PCT.
CCE_HIDDEN cce_status cce_ec_keygen_impl(const cce_ec_curve *c, uint8_t *d, uint8_t *qx, uint8_t *qy);

// cce_ec_ct_public marks a value derived from secrets as public by design
// (the validity of a key, the rejection of a candidate k, whether r or s is
// zero). A no-op (weak); the constant-time test program (tests/ct/ct_ec.c)
// overrides it to tell valgrind that the value may be branched on.
CCE_HIDDEN void cce_ec_ct_public(const void *p, size_t len);

// Self-tests (selftest_list.h).
CCE_HIDDEN cce_status cce_kat_ecdsa_sign(void);
CCE_HIDDEN cce_status cce_kat_ecdsa_verify(void);
CCE_HIDDEN cce_status cce_kat_ecdh(void);

#endif  // CCE_SRC_EC_INTERNAL_H
