// rsa.h: RSA (RFC 8017, FIPS 186-5): key generation (probable primes,
// FIPS 186-5 A.1.3), RSASSA-PSS and RSASSA-PKCS1-v1_5 signatures, RSAES-OAEP
// encryption.
//
// Implementation: fixed-size 64-bit-limb big numbers (moduli up to 4096
// bits), Montgomery multiplication, constant-time fixed-window (5-bit)
// modular exponentiation with masked table reads for every private
// operation; a variable-time path only for public exponents. Montgomery
// multiplication is portable C (64x64->128 products) or, when the CPU has
// BMI2 and ADX, MULX/ADCX/ADOX rows (src/module/rsa/bn_adx.c; CCE_CPU=-adx
// or portable selects the C code). Private
// operations use the CRT with exponent blinding (a fresh 64-bit random
// multiple of p-1 / q-1 from the module's DRBG per call) and the result is
// checked against the public key before it is released.
//
// Keys are plain structs owned by the caller; do not rely on their layout.
// cce_rsa_private_key_wipe zeroises a private key.
//
// Service indicator: approved for moduli of at least 2048 bits with SHA-2,
// SHA-3 or SHAKE. Verification with 1024..2047-bit keys and with SHA-1 is
// served but not approved; signing with SHA-1 and keys below 2048 bits are
// refused (CCE_ERR_UNSUPPORTED / CCE_ERR_INVALID_LENGTH). Key generation
// supports 2048, 3072 and 4096 bits only.

#ifndef CCE_RSA_H
#define CCE_RSA_H

#include "common.h"
#include "hash.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CCE_RSA_MAX_BITS 4096
#define CCE_RSA_MAX_BYTES 512
#define CCE_RSA_MIN_BITS 1024   // smallest modulus accepted for verification
#define CCE_RSA_MAX_LIMBS 64    // 64-bit limbs of the largest modulus
#define CCE_RSA_MAX_HALF_LIMBS 32
#define CCE_RSA_MAX_E_BYTES 32  // public exponent below 2^256 (FIPS 186-5)

// Montgomery parameters of one odd modulus. Do not rely on the layout.
typedef struct cce_rsa_mont {
  uint64_t m[CCE_RSA_MAX_LIMBS];
  uint64_t rr[CCE_RSA_MAX_LIMBS];  // R^2 mod m, R = 2^(64*nl)
  uint64_t m0inv;                  // -m^-1 mod 2^64
  uint32_t nl;                     // limbs in use
  uint32_t bits;                   // bit length of m
} cce_rsa_mont;

// Public key (n, e). Do not rely on the layout.
typedef struct cce_rsa_public_key {
  cce_rsa_mont n;
  uint64_t e[4];    // public exponent, little-endian limbs
  uint32_t e_bits;
  uint32_t magic_;
} cce_rsa_public_key;

// Private key: the public key, d, and the CRT parameters (when known).
// Half-size Montgomery parameters live in `cce_rsa_mont` with at most
// CCE_RSA_MAX_HALF_LIMBS limbs used. Do not rely on the layout.
typedef struct cce_rsa_private_key {
  cce_rsa_public_key pub;
  uint64_t d[CCE_RSA_MAX_LIMBS];
  cce_rsa_mont p, q;
  uint64_t dp[CCE_RSA_MAX_HALF_LIMBS], dq[CCE_RSA_MAX_HALF_LIMBS], qinv[CCE_RSA_MAX_HALF_LIMBS];
  uint32_t has_crt;
  uint32_t has_d;
  uint32_t magic_;
} cce_rsa_private_key;

// Mask generation functions (FIPS 186-5 5.4 allows SHAKE as the mask).
typedef enum cce_rsa_mask {
  CCE_RSA_MGF1 = 0,           // MGF1 (RFC 8017 B.2.1) over `mgf1_hash`
  CCE_RSA_MASK_SHAKE128 = 1,  // the mask is SHAKE128(seed, mask_len)
  CCE_RSA_MASK_SHAKE256 = 2
} cce_rsa_mask;

// Components for import/export (big-endian, minimal length on export).
typedef enum cce_rsa_component {
  CCE_RSA_N = 0, CCE_RSA_E = 1, CCE_RSA_D = 2, CCE_RSA_P = 3, CCE_RSA_Q = 4,
  CCE_RSA_DP = 5, CCE_RSA_DQ = 6, CCE_RSA_QINV = 7
} cce_rsa_component;

// cce_rsa_public_key_init loads (n, e), both big-endian (leading zeros
// allowed). n must be odd, 1024..4096 bits; e odd, 3 <= e < 2^256.
CCE_API CCE_MUST_CHECK cce_status cce_rsa_public_key_init(cce_rsa_public_key *key, const uint8_t *n, size_t n_len,
                                                          const uint8_t *e, size_t e_len);

// cce_rsa_private_key_init loads a private key. `p`, `q`, `dp`, `dq`, `qinv`
// may all be NULL (then private operations use d modulo n, without CRT and
// without blinding); when given they are checked (p*q == n, sizes).
// `d` may be NULL when the CRT parameters are given.
CCE_API CCE_MUST_CHECK cce_status cce_rsa_private_key_init(
    cce_rsa_private_key *key, const uint8_t *n, size_t n_len, const uint8_t *e, size_t e_len, const uint8_t *d,
    size_t d_len, const uint8_t *p, size_t p_len, const uint8_t *q, size_t q_len, const uint8_t *dp, size_t dp_len,
    const uint8_t *dq, size_t dq_len, const uint8_t *qinv, size_t qinv_len);

// cce_rsa_private_key_wipe zeroises `key`.
CCE_API void cce_rsa_private_key_wipe(cce_rsa_private_key *key);

// cce_rsa_public_from_private copies the public half of `priv` into `pub`.
CCE_API CCE_MUST_CHECK cce_status cce_rsa_public_from_private(cce_rsa_public_key *pub,
                                                              const cce_rsa_private_key *priv);

// cce_rsa_public_bits returns the modulus length in bits (0 if `key` is NULL
// or not initialised).
CCE_API size_t cce_rsa_public_bits(const cce_rsa_public_key *key);

// cce_rsa_public_export / cce_rsa_private_export write one component,
// big-endian, minimal length (a zero component is one 0 byte), into `out`
// (`out_cap` bytes) and its length into `*out_len`. The public call accepts
// CCE_RSA_N and CCE_RSA_E only. CCE_RSA_D..QINV of a key without CRT
// parameters give CCE_ERR_UNSUPPORTED, as does CCE_RSA_D of a key loaded
// without d.
CCE_API CCE_MUST_CHECK cce_status cce_rsa_public_export(const cce_rsa_public_key *key, cce_rsa_component which,
                                                        uint8_t *out, size_t out_cap, size_t *out_len);
CCE_API CCE_MUST_CHECK cce_status cce_rsa_private_export(const cce_rsa_private_key *key, cce_rsa_component which,
                                                         uint8_t *out, size_t out_cap, size_t *out_len);

// cce_rsa_generate_key creates a key pair of `bits` (2048, 3072 or 4096)
// with public exponent `e` (big-endian; NULL means 65537; odd, 2^16 < e <
// 2^256) by FIPS 186-5 A.1.3 (probable primes, Miller-Rabin rounds of
// Table B.1), with the |p-q| and d bounds checks and a pairwise consistency
// test (its failure puts the module in its error state).
CCE_API CCE_MUST_CHECK cce_status cce_rsa_generate_key(cce_rsa_private_key *key, unsigned bits, const uint8_t *e,
                                                       size_t e_len);

// cce_rsa_generate_key_ex is cce_rsa_generate_key with the residues of p and
// q modulo 8 prescribed (`p_mod8`, `q_mod8` in {1, 3, 5, 7}, or 0 for no
// constraint), as ACVP key-generation tests ask.
CCE_API CCE_MUST_CHECK cce_status cce_rsa_generate_key_ex(cce_rsa_private_key *key, unsigned bits, const uint8_t *e,
                                                          size_t e_len, unsigned p_mod8, unsigned q_mod8);

// ---------------------------------------------------------------------------
// Signatures. `hash` is the message digest (SHA-2, SHA-3, SHAKE128 with a
// 32-byte and SHAKE256 with a 64-byte output; SHA-1 for verification only).
// The message forms hash `msg`; the _digest forms take the digest itself
// (`digest_len` must be the digest length of `hash`). `sig_cap` must be at
// least the modulus length in bytes, which is the length written to
// `*sig_len`. On failure the output is zeroed.

// cce_rsa_pss_sign: RSASSA-PSS (RFC 8017 8.1) with a random salt of
// `salt_len` bytes, mask `mask` (MGF1 over `mgf1_hash`; CCE_HASH_NONE means
// `hash`).
CCE_API CCE_MUST_CHECK cce_status cce_rsa_pss_sign(const cce_rsa_private_key *key, cce_hash_alg hash,
                                                   cce_rsa_mask mask, cce_hash_alg mgf1_hash, size_t salt_len,
                                                   const uint8_t *msg, size_t msg_len, uint8_t *sig,
                                                   size_t sig_cap, size_t *sig_len);
CCE_API CCE_MUST_CHECK cce_status cce_rsa_pss_sign_digest(const cce_rsa_private_key *key, cce_hash_alg hash,
                                                          cce_rsa_mask mask, cce_hash_alg mgf1_hash,
                                                          size_t salt_len, const uint8_t *digest,
                                                          size_t digest_len, uint8_t *sig, size_t sig_cap,
                                                          size_t *sig_len);
// cce_rsa_pss_verify: CCE_OK or CCE_ERR_SIGNATURE. `salt_len` is the
// expected salt length; CCE_RSA_PSS_SALT_ANY accepts any.
#define CCE_RSA_PSS_SALT_ANY ((size_t)-1)
CCE_API CCE_MUST_CHECK cce_status cce_rsa_pss_verify(const cce_rsa_public_key *key, cce_hash_alg hash,
                                                     cce_rsa_mask mask, cce_hash_alg mgf1_hash, size_t salt_len,
                                                     const uint8_t *msg, size_t msg_len, const uint8_t *sig,
                                                     size_t sig_len);
CCE_API CCE_MUST_CHECK cce_status cce_rsa_pss_verify_digest(const cce_rsa_public_key *key, cce_hash_alg hash,
                                                            cce_rsa_mask mask, cce_hash_alg mgf1_hash,
                                                            size_t salt_len, const uint8_t *digest,
                                                            size_t digest_len, const uint8_t *sig, size_t sig_len);

// cce_rsa_pkcs1_sign / _verify: RSASSA-PKCS1-v1_5 (RFC 8017 8.2) with the
// DigestInfo of `hash` (SHA-2 and SHA-3; SHA-1 for verification only).
CCE_API CCE_MUST_CHECK cce_status cce_rsa_pkcs1_sign(const cce_rsa_private_key *key, cce_hash_alg hash,
                                                     const uint8_t *msg, size_t msg_len, uint8_t *sig,
                                                     size_t sig_cap, size_t *sig_len);
CCE_API CCE_MUST_CHECK cce_status cce_rsa_pkcs1_sign_digest(const cce_rsa_private_key *key, cce_hash_alg hash,
                                                            const uint8_t *digest, size_t digest_len, uint8_t *sig,
                                                            size_t sig_cap, size_t *sig_len);
CCE_API CCE_MUST_CHECK cce_status cce_rsa_pkcs1_verify(const cce_rsa_public_key *key, cce_hash_alg hash,
                                                       const uint8_t *msg, size_t msg_len, const uint8_t *sig,
                                                       size_t sig_len);
CCE_API CCE_MUST_CHECK cce_status cce_rsa_pkcs1_verify_digest(const cce_rsa_public_key *key, cce_hash_alg hash,
                                                              const uint8_t *digest, size_t digest_len,
                                                              const uint8_t *sig, size_t sig_len);

// cce_rsa_pkcs1_sign_raw signs a caller-encoded T (normally the DER
// DigestInfo of a hash the caller computed) with the RSASSA-PKCS1-v1_5
// encoding EM = 0x00 || 0x01 || PS || 0x00 || T (RFC 8017 9.2 steps 2-5),
// for interfaces that hand over the DigestInfo itself (PKCS#11 CKM_RSA_PKCS).
// `t_len` is 1..modulus bytes - 11 (CCE_ERR_INVALID_LENGTH otherwise); the
// key must have at least 2048 bits. Served but NOT approved: the module
// cannot tell which hash produced T (it may be SHA-1).
CCE_API CCE_MUST_CHECK cce_status cce_rsa_pkcs1_sign_raw(const cce_rsa_private_key *key, const uint8_t *t,
                                                         size_t t_len, uint8_t *sig, size_t sig_cap,
                                                         size_t *sig_len);

// ---------------------------------------------------------------------------
// RSAES-OAEP (RFC 8017 7.1) with hash `hash`, MGF1 over `mgf1_hash`
// (CCE_HASH_NONE: `hash`) and an optional label. Encryption writes the
// modulus length; decryption writes the message (at most modulus length -
// 2*hLen - 2 bytes; `out_cap` must be at least that). Every decryption
// failure is the one error CCE_ERR_DECODE, decided without a secret-dependent
// branch; the output is zeroed then.
CCE_API CCE_MUST_CHECK cce_status cce_rsa_oaep_encrypt(const cce_rsa_public_key *key, cce_hash_alg hash,
                                                       cce_hash_alg mgf1_hash, const uint8_t *label,
                                                       size_t label_len, const uint8_t *msg, size_t msg_len,
                                                       uint8_t *out, size_t out_cap, size_t *out_len);
CCE_API CCE_MUST_CHECK cce_status cce_rsa_oaep_decrypt(const cce_rsa_private_key *key, cce_hash_alg hash,
                                                       cce_hash_alg mgf1_hash, const uint8_t *label,
                                                       size_t label_len, const uint8_t *ct, size_t ct_len,
                                                       uint8_t *out, size_t out_cap, size_t *out_len);

// ---------------------------------------------------------------------------
// Deterministic key generation from caller-given seeds (ACVP key-generation
// tests whose inputs the server supplies). TEST-ONLY: the primes follow from
// the caller's inputs, so the service is NOT approved (indicator row
// "rsa-keygen-seeded"). Variable time (the inputs are not secrets of the
// module); the normal cce_rsa_generate_key path is unaffected.

// Prime construction methods of FIPS 186-5 Appendix A.1.
typedef enum cce_rsa_prime_method {
  CCE_RSA_PRIMES_PROVABLE = 1,                 // A.1.2: Shawe-Taylor (B.10) from `seed`
  CCE_RSA_PRIMES_PROVABLE_AUX_PROVABLE = 2,    // A.1.4: provable p, q with provable p1, p2, q1, q2
  CCE_RSA_PRIMES_PROBABLE_AUX_PROVABLE = 3,    // A.1.5: p, q from xp, xq (B.9); aux from `seed`
  CCE_RSA_PRIMES_PROBABLE_AUX_PROBABLE = 4     // A.1.6: p, q from xp, xq (B.9); aux from xp1..xq2
} cce_rsa_prime_method;

// Inputs of cce_rsa_generate_key_seeded. Integers are big-endian. Which
// fields are used depends on `method`:
//   PROVABLE:               seed, hash
//   PROVABLE_AUX_PROVABLE:  seed, hash, bitlens
//   PROBABLE_AUX_PROVABLE:  seed, hash, bitlens, xp, xq, p_mod8, q_mod8
//   PROBABLE_AUX_PROBABLE:  xp, xq, xp1, xp2, xq1, xq2, p_mod8, q_mod8
// `bitlens` are the lengths of p1, p2, q1, q2 (1 means "no auxiliary
// prime" for the provable construction). p_mod8 / q_mod8 in {1, 3, 5, 7}
// prescribe p and q modulo 8 (FIPS 186-5 a and b), 0 for none.
typedef struct cce_rsa_seeded_params {
  unsigned bits;           // nlen: 2048, 3072 or 4096
  const uint8_t *e;        // public exponent: odd, 2^16 < e < 2^256
  size_t e_len;
  cce_hash_alg hash;       // SHA-2 or SHA-3 (seeded constructions)
  const uint8_t *seed;     // 1..64 bytes
  size_t seed_len;
  unsigned bitlens[4];
  const uint8_t *xp, *xq, *xp1, *xp2, *xq1, *xq2;
  size_t xp_len, xq_len, xp1_len, xp2_len, xq1_len, xq2_len;
  unsigned p_mod8, q_mod8;
} cce_rsa_seeded_params;

// cce_rsa_generate_key_seeded runs FIPS 186-5 A.1.2 / A.1.4 / A.1.5 / A.1.6
// on the inputs in `prm` and writes the key (n, e, d, p, q, dP, dQ, qInv;
// read them with cce_rsa_private_export). CCE_ERR_INVALID_ARG when the
// inputs lead to a FAILURE of the standard's procedure (bad e, bitlens,
// x values out of range, counters exhausted, d too small),
// CCE_ERR_UNSUPPORTED for an unknown method or hash, CCE_ERR_INVALID_LENGTH
// for another nlen. Never approved. Uses about 150 KB of stack (no heap);
// a 4096-bit key takes about 0.5 s. On failure `key` is zeroised.
CCE_API CCE_MUST_CHECK cce_status cce_rsa_generate_key_seeded(cce_rsa_private_key *key, cce_rsa_prime_method method,
                                                              const cce_rsa_seeded_params *prm);

#ifdef __cplusplus
}
#endif

#endif  // CCE_RSA_H
