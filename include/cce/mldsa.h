// mldsa.h: ML-DSA-44, ML-DSA-65 and ML-DSA-87 (FIPS 204), the
// module-lattice digital signature algorithm.
//
// Keys and signatures are the byte strings of FIPS 204 (pkEncode, skEncode,
// sigEncode). A private key can be kept in two forms:
//   - seed form: the 32-byte seed xi of ML-DSA.KeyGen_internal, expanded by
//     cce_mldsa_keygen_seed into (pk, sk);
//   - expanded form: sk as FIPS 204 encodes it (what the signing functions take).
//
// Signing variants (FIPS 204 section 5 and 6):
//   pure ML-DSA         M' = 0 || |ctx| || ctx || M
//   HashML-DSA          M' = 1 || |ctx| || ctx || OID(PH) || PH(M), PH one of
//                       SHA2-224/256/384/512, SHA2-512/224, SHA2-512/256,
//                       SHA3-224/256/384/512, SHAKE128 (256-bit output),
//                       SHAKE256 (512-bit output)
//   external mu         the caller computes mu = H(tr || M', 64) (for example
//                       with cce_mldsa_compute_mu, possibly elsewhere) and the
//                       module signs or verifies mu
//   internal interface  ML-DSA.Sign_internal / Verify_internal on M' given
//                       by the caller (ACVP testing)
// The context string is 0..255 bytes (CCE_ERR_INVALID_LENGTH otherwise).
// Signing is hedged by default (rnd is 32 bytes from the module's DRBG);
// CCE_MLDSA_DETERMINISTIC selects the deterministic variant (rnd = 0^32).
//
// Verification returns CCE_OK or CCE_ERR_SIGNATURE (also for a signature of
// the wrong length, a malformed hint encoding, z out of range, or a context
// longer than 255 bytes); a public key of the wrong length is
// CCE_ERR_INVALID_LENGTH. Signing checks that the coefficients of s1 and s2
// in sk are in [-eta, eta] (CCE_ERR_KEY_INVALID otherwise).
//
// Outputs: a buffer shorter than the size of the parameter set gives
// CCE_ERR_BUFFER_TOO_SMALL; exactly that size is written. Key buffers given
// as inputs must have exactly the size of the parameter set
// (CCE_ERR_INVALID_LENGTH). On failure outputs are zeroed.
//
// Constant time: key generation and signing have no branch or memory index
// that depends on a secret, except on values that are public by design:
// rho (part of pk); the accept/reject decision of each rejection-sampling
// step of ExpandS, SampleInBall and the signing loop (a rejected candidate is
// discarded and independent of the accepted one, so the number of iterations
// reveals nothing about the key or the released signature; FIPS 204 allows
// this leak of the iteration count); and the signature itself once released
// (the hint positions are encoded only after acceptance). The reason for a
// rejection in the signing loop is not revealed: all four checks are computed
// every time and combined into one decision.
//
// Service indicator: key generation (from the DRBG or from a seed), signing
// (pure, HashML-DSA, external mu; hedged or deterministic) and verification
// are approved. Signing with a caller-chosen rnd and the internal interface
// (cce_mldsa_sign_internal, cce_mldsa_verify_internal) are for testing only
// (FIPS 204: the internal functions and a caller-chosen rnd
// are for testing) and not approved.
//
// Implementation: matrix A is expanded with four SHAKE128 streams at once;
// NTT, pointwise products and decomposition have an AVX2 path (8 x int32
// Montgomery lanes) chosen at run time, and a portable C path.
//
// Speed/stack trade-off: signing keeps the whole matrix A (k*l polynomials of
// 1 KiB) on the stack, since every candidate of the rejection loop uses it;
// ML-DSA-44/65 also keep NTT(s2) and NTT(t0), ML-DSA-87 recomputes them per
// candidate to stay below 100 KiB; ML-DSA-65 also keeps up to five mask
// polynomials of the next candidate (5 KiB). cce_mldsa_keygen_seed and
// verification use each entry of A once and stream it (four entries at a
// time). cce_mldsa_keygen expands A once and keeps it for its pairwise
// consistency test (a signature with the encoded sk and its verification
// with the encoded pk, both on that A), in the same frame size as signing.
// Stack use (x86-64, gcc 12 -O3, measured by tests/unit/mldsa_test.c by
// painting the stack; the same for both back ends):
//                        ML-DSA-44   ML-DSA-65   ML-DSA-87
//   keygen_seed           32 KiB      32 KiB      32 KiB
//   keygen (DRBG + PCT)   65 KiB      88 KiB      97 KiB
//   sign (any variant)    60 KiB      83 KiB      92 KiB
//   verify                27 KiB      27 KiB      27 KiB
// The module never allocates: all scratch space is on the stack and secrets
// in it are wiped before returning.

#ifndef CCE_MLDSA_H
#define CCE_MLDSA_H

#include "common.h"
#include "hash.h"

#ifdef __cplusplus
extern "C" {
#endif

// Parameter sets (FIPS 204 section 4, Table 1).
typedef enum cce_mldsa_param {
  CCE_MLDSA_44 = 44,
  CCE_MLDSA_65 = 65,
  CCE_MLDSA_87 = 87
} cce_mldsa_param;

#define CCE_MLDSA44_PUBLIC_KEY_BYTES 1312
#define CCE_MLDSA44_SECRET_KEY_BYTES 2560
#define CCE_MLDSA44_SIGNATURE_BYTES 2420
#define CCE_MLDSA65_PUBLIC_KEY_BYTES 1952
#define CCE_MLDSA65_SECRET_KEY_BYTES 4032
#define CCE_MLDSA65_SIGNATURE_BYTES 3309
#define CCE_MLDSA87_PUBLIC_KEY_BYTES 2592
#define CCE_MLDSA87_SECRET_KEY_BYTES 4896
#define CCE_MLDSA87_SIGNATURE_BYTES 4627
#define CCE_MLDSA_MAX_PUBLIC_KEY_BYTES CCE_MLDSA87_PUBLIC_KEY_BYTES
#define CCE_MLDSA_MAX_SECRET_KEY_BYTES CCE_MLDSA87_SECRET_KEY_BYTES
#define CCE_MLDSA_MAX_SIGNATURE_BYTES CCE_MLDSA87_SIGNATURE_BYTES

// Seed form of a private key (xi).
#define CCE_MLDSA_SEED_BYTES 32
// The message representative mu.
#define CCE_MLDSA_MU_BYTES 64
// The signing randomness rnd.
#define CCE_MLDSA_RND_BYTES 32
// Longest context string.
#define CCE_MLDSA_MAX_CONTEXT_BYTES 255

// Flags of the signing functions.
#define CCE_MLDSA_HEDGED 0u         // rnd from the DRBG (default)
#define CCE_MLDSA_DETERMINISTIC 1u  // rnd = 0^32

// cce_mldsa_sizes writes the byte lengths of pk, sk and signature for
// `param` (any output pointer may be NULL). CCE_ERR_INVALID_ARG for an
// unknown set.
CCE_API CCE_MUST_CHECK cce_status cce_mldsa_sizes(cce_mldsa_param param, size_t *pk_len, size_t *sk_len,
                                                  size_t *sig_len);

// cce_mldsa_keygen generates a key pair from the module's DRBG (ML-DSA.KeyGen)
// and runs the pairwise consistency test (sign and verify); if it fails the
// module enters its error state and CCE_ERR_SELFTEST is returned. If
// `out_seed` is not NULL, the seed xi is written there too (the private key
// in seed form).
CCE_API CCE_MUST_CHECK cce_status cce_mldsa_keygen(cce_mldsa_param param, uint8_t *out_pk, size_t pk_len,
                                                   uint8_t *out_sk, size_t sk_len,
                                                   uint8_t out_seed[CCE_MLDSA_SEED_BYTES]);

// cce_mldsa_keygen_seed expands the seed xi into (pk, sk)
// (ML-DSA.KeyGen_internal): deterministic key generation, and the expansion
// of a private key kept in seed form. `out_pk` may be NULL (pk_len ignored).
CCE_API CCE_MUST_CHECK cce_status cce_mldsa_keygen_seed(cce_mldsa_param param, uint8_t *out_pk, size_t pk_len,
                                                        uint8_t *out_sk, size_t sk_len,
                                                        const uint8_t seed[CCE_MLDSA_SEED_BYTES]);

// cce_mldsa_sign writes the pure ML-DSA signature (ML-DSA.Sign) of
// msg[0..msg_len) with context ctx[0..ctx_len) (ctx may be NULL when
// ctx_len is 0, msg when msg_len is 0). `flags`: CCE_MLDSA_HEDGED or
// CCE_MLDSA_DETERMINISTIC.
CCE_API CCE_MUST_CHECK cce_status cce_mldsa_sign(cce_mldsa_param param, uint8_t *out_sig, size_t sig_len,
                                                 const uint8_t *sk, size_t sk_len, const uint8_t *msg,
                                                 size_t msg_len, const uint8_t *ctx, size_t ctx_len,
                                                 unsigned flags);

// cce_mldsa_verify checks a pure ML-DSA signature (ML-DSA.Verify).
CCE_API CCE_MUST_CHECK cce_status cce_mldsa_verify(cce_mldsa_param param, const uint8_t *sig, size_t sig_len,
                                                   const uint8_t *pk, size_t pk_len, const uint8_t *msg,
                                                   size_t msg_len, const uint8_t *ctx, size_t ctx_len);

// cce_mldsa_hash_sign is HashML-DSA.Sign: the module hashes the message with
// `ph` (see the list above; CCE_ERR_UNSUPPORTED for SHA-1 or an unknown
// algorithm) and signs 1 || |ctx| || ctx || OID || PH(M).
CCE_API CCE_MUST_CHECK cce_status cce_mldsa_hash_sign(cce_mldsa_param param, uint8_t *out_sig, size_t sig_len,
                                                      const uint8_t *sk, size_t sk_len, cce_hash_alg ph,
                                                      const uint8_t *msg, size_t msg_len, const uint8_t *ctx,
                                                      size_t ctx_len, unsigned flags);

// cce_mldsa_hash_verify is HashML-DSA.Verify.
CCE_API CCE_MUST_CHECK cce_status cce_mldsa_hash_verify(cce_mldsa_param param, const uint8_t *sig, size_t sig_len,
                                                        const uint8_t *pk, size_t pk_len, cce_hash_alg ph,
                                                        const uint8_t *msg, size_t msg_len, const uint8_t *ctx,
                                                        size_t ctx_len);

// cce_mldsa_hash_sign_digest and _verify_digest are HashML-DSA on a digest
// the caller already computed: `digest` must be PH(M) (its length: the
// digest length of `ph`, 32 for SHAKE128, 64 for SHAKE256).
CCE_API CCE_MUST_CHECK cce_status cce_mldsa_hash_sign_digest(cce_mldsa_param param, uint8_t *out_sig,
                                                             size_t sig_len, const uint8_t *sk, size_t sk_len,
                                                             cce_hash_alg ph, const uint8_t *digest,
                                                             size_t digest_len, const uint8_t *ctx, size_t ctx_len,
                                                             unsigned flags);
CCE_API CCE_MUST_CHECK cce_status cce_mldsa_hash_verify_digest(cce_mldsa_param param, const uint8_t *sig,
                                                               size_t sig_len, const uint8_t *pk, size_t pk_len,
                                                               cce_hash_alg ph, const uint8_t *digest,
                                                               size_t digest_len, const uint8_t *ctx,
                                                               size_t ctx_len);

// cce_mldsa_compute_mu computes the message representative
// mu = H(H(pk, 64) || M', 64) for pure ML-DSA (ph == CCE_HASH_NONE, `msg` is
// the message) or HashML-DSA (`msg` is the message, hashed here with `ph`).
CCE_API CCE_MUST_CHECK cce_status cce_mldsa_compute_mu(cce_mldsa_param param, uint8_t out_mu[CCE_MLDSA_MU_BYTES],
                                                       const uint8_t *pk, size_t pk_len, cce_hash_alg ph,
                                                       const uint8_t *msg, size_t msg_len, const uint8_t *ctx,
                                                       size_t ctx_len);

// cce_mldsa_sign_mu signs a message representative mu computed by the caller
// (external mu). Same signature as signing the message itself.
CCE_API CCE_MUST_CHECK cce_status cce_mldsa_sign_mu(cce_mldsa_param param, uint8_t *out_sig, size_t sig_len,
                                                    const uint8_t *sk, size_t sk_len,
                                                    const uint8_t mu[CCE_MLDSA_MU_BYTES], unsigned flags);

// cce_mldsa_verify_mu verifies a signature over mu (external mu).
CCE_API CCE_MUST_CHECK cce_status cce_mldsa_verify_mu(cce_mldsa_param param, const uint8_t *sig, size_t sig_len,
                                                      const uint8_t *pk, size_t pk_len,
                                                      const uint8_t mu[CCE_MLDSA_MU_BYTES]);

// Testing interfaces (not approved): ML-DSA.Sign_internal over M' =
// mprime[0..mprime_len) with the given rnd (all of it chosen by the caller),
// and the same with mu given; ML-DSA.Verify_internal over M'.
CCE_API CCE_MUST_CHECK cce_status cce_mldsa_sign_internal(cce_mldsa_param param, uint8_t *out_sig, size_t sig_len,
                                                          const uint8_t *sk, size_t sk_len, const uint8_t *mprime,
                                                          size_t mprime_len,
                                                          const uint8_t rnd[CCE_MLDSA_RND_BYTES]);
CCE_API CCE_MUST_CHECK cce_status cce_mldsa_sign_mu_rnd(cce_mldsa_param param, uint8_t *out_sig, size_t sig_len,
                                                        const uint8_t *sk, size_t sk_len,
                                                        const uint8_t mu[CCE_MLDSA_MU_BYTES],
                                                        const uint8_t rnd[CCE_MLDSA_RND_BYTES]);
CCE_API CCE_MUST_CHECK cce_status cce_mldsa_verify_internal(cce_mldsa_param param, const uint8_t *sig,
                                                            size_t sig_len, const uint8_t *pk, size_t pk_len,
                                                            const uint8_t *mprime, size_t mprime_len);

// cce_mldsa_message_prefix writes the prefix of M' for the external
// interface: 0 || |ctx| || ctx (ph == CCE_HASH_NONE) or
// 1 || |ctx| || ctx || OID(ph) (HashML-DSA; PH(M) then follows). `out` must
// hold 2 + 255 + 11 bytes; *out_len gets the length. (Encoding helper, no
// cryptographic service: the indicator is not changed.)
CCE_API CCE_MUST_CHECK cce_status cce_mldsa_message_prefix(uint8_t *out, size_t out_cap, size_t *out_len,
                                                           cce_hash_alg ph, const uint8_t *ctx, size_t ctx_len);

#ifdef __cplusplus
}
#endif

#endif  // CCE_MLDSA_H
