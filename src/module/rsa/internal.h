// Internal interface of the RSA family: fixed-size big numbers (64-bit limbs,
// up to 4096-bit moduli), Montgomery arithmetic, the RSA primitives and the
// encodings (PSS, PKCS#1 v1.5, OAEP). No state check, no indicator.

#ifndef CCE_SRC_RSA_INTERNAL_H
#define CCE_SRC_RSA_INTERNAL_H

#include "../core/internal.h"
#include "../hash/internal.h"
#include "cce/rsa.h"

#define CCE_RSA_KEY_MAGIC 0x52534131u  // "RSA1"

// ---- bn.c: big numbers, little-endian 64-bit limbs -------------------------
// Fixed-length big-endian decoding into nl limbs: CCE_ERR_INVALID_LENGTH if
// the value does not fit.
CCE_HIDDEN cce_status cce_bn_from_bytes(uint64_t *r, size_t nl, const uint8_t *in, size_t len);
// Big-endian encoding of a into exactly `len` bytes (high limbs must be 0).
CCE_HIDDEN void cce_bn_to_bytes(uint8_t *out, size_t len, const uint64_t *a, size_t nl);
CCE_HIDDEN size_t cce_bn_bits_vartime(const uint64_t *a, size_t nl);
// r = a + b / a - b over nl limbs, returns carry / borrow (0 or 1).
CCE_HIDDEN uint64_t cce_bn_add(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t nl);
CCE_HIDDEN uint64_t cce_bn_sub(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t nl);
// all-ones if a < b (constant time).
CCE_HIDDEN uint64_t cce_bn_lt_mask(const uint64_t *a, const uint64_t *b, size_t nl);
// r[0..na+nb) = a * b (r must not alias).
CCE_HIDDEN void cce_bn_mul(uint64_t *r, const uint64_t *a, size_t na, const uint64_t *b, size_t nb);
// Montgomery set-up of an odd modulus of `len` big-endian bytes into nl limbs
// (nl = 0: minimal). Constant time in the value of m.
CCE_HIDDEN cce_status cce_mont_init(cce_rsa_mont *M, const uint64_t *m, size_t nl);
// r = a*b/R mod m; a < R, b < m; r may alias a or b.
// MULX/ADX variant (bn_adx.c), x86-64 only; needs CCE_CPU_BMI2 and CCE_CPU_ADX.
CCE_HIDDEN void cce_mont_mul_adx(const cce_rsa_mont *M, uint64_t *r, const uint64_t *a, const uint64_t *b);
// r = a^2/R mod m (a < m), MULX/ADX; cce_mont_mul(M, r, a, a) uses it.
CCE_HIDDEN void cce_mont_sqr_adx(const cce_rsa_mont *M, uint64_t *r, const uint64_t *a);
CCE_HIDDEN void cce_mont_mul(const cce_rsa_mont *M, uint64_t *r, const uint64_t *a, const uint64_t *b);
// r = a + b mod m / a - b mod m (a, b < m).
CCE_HIDDEN void cce_mont_add(const cce_rsa_mont *M, uint64_t *r, const uint64_t *a, const uint64_t *b);
CCE_HIDDEN void cce_mont_sub(const cce_rsa_mont *M, uint64_t *r, const uint64_t *a, const uint64_t *b);
// Montgomery form of x (x < R, any value) and back.
CCE_HIDDEN void cce_mont_to(const cce_rsa_mont *M, uint64_t *r, const uint64_t *x);
CCE_HIDDEN void cce_mont_from(const cce_rsa_mont *M, uint64_t *r, const uint64_t *x);
// Montgomery form of x mod m for x of up to 2*nl limbs (xl limbs).
CCE_HIDDEN void cce_mont_reduce_wide(const cce_rsa_mont *M, uint64_t *r, const uint64_t *x, size_t xl);
// r = a^e (Montgomery forms in and out), e of `ebits` bits read in fixed
// windows; constant time in a and e (ebits is public).
CCE_HIDDEN void cce_mont_exp_ct(const cce_rsa_mont *M, uint64_t *r, const uint64_t *a, const uint64_t *e,
                                size_t ebits);
// Same, variable time in e (public exponents only).
CCE_HIDDEN void cce_mont_exp_vartime(const cce_rsa_mont *M, uint64_t *r, const uint64_t *a, const uint64_t *e,
                                     size_t ebits);

// Two constant-time exponentiations at once with AVX-512 IFMA (bn_ifma.c,
// x86-64): rp = ap^ep mod P and rq = aq^eq mod Q with ap, aq in Montgomery
// form (a*R mod m, R = 2^(64*nl)), rp, rq in normal form (< m); both
// exponents of `ebits` bits (ebits public). Usable when
// cce_mont_exp2_ifma_ok(P, Q): the CPU has AVX512F and AVX512IFMA and P, Q
// have the same limb count, 16, 24 or 32.
CCE_HIDDEN int cce_mont_exp2_ifma_ok(const cce_rsa_mont *P, const cce_rsa_mont *Q);
CCE_HIDDEN void cce_mont_exp2_ct_ifma(const cce_rsa_mont *P, uint64_t *rp, const uint64_t *ap, const uint64_t *ep,
                                      const cce_rsa_mont *Q, uint64_t *rq, const uint64_t *aq, const uint64_t *eq,
                                      size_t ebits);

// One modulus (bn_ifma.c): the exponentiations above with AVX-512 IFMA, same
// conventions (Montgomery forms in and out). Usable when cce_mont_ifma_ok(M):
// AVX512F and AVX512IFMA, and 16, 24, 32, 48 or 64 limbs. cce_mont_exp_ct
// and cce_mont_exp_vartime dispatch to them.
CCE_HIDDEN int cce_mont_ifma_ok(const cce_rsa_mont *M);
CCE_HIDDEN void cce_mont_exp_ct_ifma(const cce_rsa_mont *M, uint64_t *r, const uint64_t *a, const uint64_t *e,
                                     size_t ebits);
CCE_HIDDEN void cce_mont_exp_vartime_ifma(const cce_rsa_mont *M, uint64_t *r, const uint64_t *a, const uint64_t *e,
                                          size_t ebits);

// ---- rsa.c: primitives ------------------------------------------------------
// out = in^e mod n (big-endian, k = modulus bytes each); in must be < n
// (CCE_ERR_SIGNATURE otherwise).
CCE_HIDDEN cce_status cce_rsa_public_op_impl(const cce_rsa_public_key *key, uint8_t *out, const uint8_t *in);
// out = in^d mod n (CRT with exponent blinding when available), checked by
// re-encryption; in < n required (CCE_ERR_INVALID_ARG).
CCE_HIDDEN cce_status cce_rsa_private_op_impl(const cce_rsa_private_key *key, uint8_t *out, const uint8_t *in);
CCE_HIDDEN size_t cce_rsa_key_bytes(const cce_rsa_public_key *key);
// Builds the key from components given as limbs (keygen), computing nothing
// but the Montgomery parameters.
CCE_HIDDEN cce_status cce_rsa_private_key_set_impl(cce_rsa_private_key *key, const uint8_t *n, size_t n_len,
    const uint8_t *e, size_t e_len, const uint8_t *d, size_t d_len, const uint8_t *p, size_t p_len,
    const uint8_t *q, size_t q_len, const uint8_t *dp, size_t dp_len, const uint8_t *dq, size_t dq_len,
    const uint8_t *qinv, size_t qinv_len);
CCE_HIDDEN cce_status cce_rsa_public_key_set_impl(cce_rsa_public_key *key, const uint8_t *n, size_t n_len,
                                                  const uint8_t *e, size_t e_len);

// ---- pad.c: encodings ------------------------------------------------------
// Digest length for signatures (SHAKE128: 32, SHAKE256: 64), 0 if unknown.
CCE_HIDDEN size_t cce_rsa_hash_len(cce_hash_alg h);
CCE_HIDDEN cce_status cce_rsa_digest_impl(cce_hash_alg h, const uint8_t *msg, size_t len, uint8_t *out);
CCE_HIDDEN cce_status cce_rsa_pss_sign_impl(const cce_rsa_private_key *key, cce_hash_alg hash, cce_rsa_mask mask,
                                            cce_hash_alg mgf1_hash, const uint8_t *digest, const uint8_t *salt,
                                            size_t salt_len, uint8_t *sig);
CCE_HIDDEN cce_status cce_rsa_pss_verify_impl(const cce_rsa_public_key *key, cce_hash_alg hash,
                                              cce_rsa_mask mask, cce_hash_alg mgf1_hash, size_t salt_len,
                                              const uint8_t *digest, const uint8_t *sig, size_t sig_len);
CCE_HIDDEN cce_status cce_rsa_pkcs1_sign_impl(const cce_rsa_private_key *key, cce_hash_alg hash,
                                              const uint8_t *digest, uint8_t *sig);
CCE_HIDDEN cce_status cce_rsa_pkcs1_verify_impl(const cce_rsa_public_key *key, cce_hash_alg hash,
                                                const uint8_t *digest, const uint8_t *sig, size_t sig_len);
CCE_HIDDEN cce_status cce_rsa_oaep_encrypt_impl(const cce_rsa_public_key *key, cce_hash_alg hash,
                                                cce_hash_alg mgf1_hash, const uint8_t *label, size_t label_len,
                                                const uint8_t *msg, size_t msg_len, const uint8_t *seed,
                                                uint8_t *out);
CCE_HIDDEN cce_status cce_rsa_oaep_decrypt_impl(const cce_rsa_private_key *key, cce_hash_alg hash,
                                                cce_hash_alg mgf1_hash, const uint8_t *label, size_t label_len,
                                                const uint8_t *ct, uint8_t *out, size_t out_cap,
                                                size_t *out_len);

// ---- keygen.c ---------------------------------------------------------------
CCE_HIDDEN cce_status cce_rsa_generate_key_impl(cce_rsa_private_key *key, unsigned bits, uint64_t e,
                                                unsigned p_mod8, unsigned q_mod8);

// cce_rsa_ct_public marks a value that is public by design (the verdict of
// the fault check of a private operation) for the constant-time test; a weak
// no-op in the module (rsa.c), overridden by tests/ct/ct_rsa.c.
CCE_HIDDEN void cce_rsa_ct_public(const void *p, size_t len);

// Self-tests (selftest_list.h).
CCE_HIDDEN cce_status cce_kat_rsa_sign(void);
CCE_HIDDEN cce_status cce_kat_rsa_verify(void);

#endif  // CCE_SRC_RSA_INTERNAL_H
