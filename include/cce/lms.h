// lms.h: LMS and HSS hash-based signatures (RFC 8554, NIST SP 800-208).
//
// Stateful signatures: every LM-OTS leaf may sign once. The module keeps the
// next-leaf counter inside the caller-held private key blob and enforces the
// order "advance the counter, make it durable, then release the signature":
// cce_hss_sign() advances the counter in `priv`, calls the caller's `persist`
// callback with the new blob, and only when that returns 0 computes and
// writes the signature. A crash between the two wastes a leaf; it never
// reuses one. The module itself does no I/O: the callback writes the blob
// (temporary file, fsync, rename, fsync of the directory on hosts).
//
// Parameter sets: the SHA-256 ones of RFC 8554 (M32) and SP 800-208 (M24,
// SHA-256/192), heights 5..25, Winternitz 1, 2, 4, 8. Unsupported types give
// CCE_ERR_UNSUPPORTED.

#ifndef CCE_LMS_H
#define CCE_LMS_H

#include "cce/common.h"

#ifdef __cplusplus
extern "C" {
#endif

// LMS type codes (RFC 8554 section 5.1, SP 800-208 section 4).
#define CCE_LMS_SHA256_M32_H5 0x00000005u
#define CCE_LMS_SHA256_M32_H10 0x00000006u
#define CCE_LMS_SHA256_M32_H15 0x00000007u
#define CCE_LMS_SHA256_M32_H20 0x00000008u
#define CCE_LMS_SHA256_M32_H25 0x00000009u
#define CCE_LMS_SHA256_M24_H5 0x0000000Au
#define CCE_LMS_SHA256_M24_H10 0x0000000Bu
#define CCE_LMS_SHA256_M24_H15 0x0000000Cu
#define CCE_LMS_SHA256_M24_H20 0x0000000Du
#define CCE_LMS_SHA256_M24_H25 0x0000000Eu

// LM-OTS type codes (RFC 8554 section 4.1, SP 800-208 section 4).
#define CCE_LMOTS_SHA256_N32_W1 0x00000001u
#define CCE_LMOTS_SHA256_N32_W2 0x00000002u
#define CCE_LMOTS_SHA256_N32_W4 0x00000003u
#define CCE_LMOTS_SHA256_N32_W8 0x00000004u
#define CCE_LMOTS_SHA256_N24_W1 0x00000005u
#define CCE_LMOTS_SHA256_N24_W2 0x00000006u
#define CCE_LMOTS_SHA256_N24_W4 0x00000007u
#define CCE_LMOTS_SHA256_N24_W8 0x00000008u

// HSS limits. A public key is u32 L || u32 lms_type || u32 ots_type || I[16]
// || T[1] (m bytes), at most 60 bytes. The private key blob has a fixed
// length: a 128-byte header (the parameters, the seed from which every tree
// of every level is derived, the leaf counter, a check value) and, per
// level, a cache of 64 tree nodes (2064 bytes) that makes a signature cost
// 2^(h-6) leaf computations per level instead of 2^h (docs/lms.md).
#define CCE_HSS_MAX_LEVELS 8
#define CCE_HSS_PUBLIC_MAX 60
#define CCE_HSS_PRIVATE_LEN 16640

// cce_hss_params: one LMS type and one LM-OTS type per level, top level
// first. levels == 1 is a single LMS tree wrapped in HSS (RFC 8554 6).
typedef struct cce_hss_params {
  unsigned levels;
  uint32_t lms_type[CCE_HSS_MAX_LEVELS];
  uint32_t ots_type[CCE_HSS_MAX_LEVELS];
} cce_hss_params;

// cce_lms_persist_fn makes `priv` (the advanced private key blob) durable and
// returns 0, or returns non-zero if it could not (cce_hss_sign then returns
// CCE_ERR_PERSIST and writes no signature).
typedef int (*cce_lms_persist_fn)(void *ctx, const uint8_t *priv, size_t priv_len);

// cce_hss_keygen generates an HSS key pair from the DRBG: `priv` gets
// CCE_HSS_PRIVATE_LEN bytes, `pub` (capacity `pub_cap`) the public key,
// *pub_len its length.
CCE_API CCE_MUST_CHECK cce_status cce_hss_keygen(const cce_hss_params *params, uint8_t *priv, size_t priv_len,
                                                 uint8_t *pub, size_t pub_cap, size_t *pub_len);

// cce_hss_public_from_private recomputes the public key of `priv`.
CCE_API CCE_MUST_CHECK cce_status cce_hss_public_from_private(const uint8_t *priv, size_t priv_len, uint8_t *pub,
                                                              size_t pub_cap, size_t *pub_len);

// cce_hss_sig_len gives the length of every signature `priv` makes.
CCE_API CCE_MUST_CHECK cce_status cce_hss_sig_len(const uint8_t *priv, size_t priv_len, size_t *sig_len);

// cce_hss_remaining gives how many signatures `priv` can still make.
CCE_API CCE_MUST_CHECK cce_status cce_hss_remaining(const uint8_t *priv, size_t priv_len, uint64_t *remaining);

// cce_hss_sign signs `msg`: advances the counter in `priv`, calls
// persist(persist_ctx, priv, priv_len), and only if it returned 0 writes the
// signature into `sig` (capacity `sig_cap`, *sig_len its length). Returns
// CCE_ERR_LIMIT_REACHED when every leaf is used, CCE_ERR_PERSIST if the
// callback failed (the leaf is then lost, never reused). A NULL `persist` is
// CCE_ERR_NULL_POINTER. Each call computes, per level, 2^(h-6) LM-OTS public
// keys from the node cache in `priv` (a whole tree, 2^h, the first time a
// lower-level tree is used); signatures are deterministic.
CCE_API CCE_MUST_CHECK cce_status cce_hss_sign(uint8_t *priv, size_t priv_len, cce_lms_persist_fn persist,
                                               void *persist_ctx, const uint8_t *msg, size_t msg_len, uint8_t *sig,
                                               size_t sig_cap, size_t *sig_len);

// cce_hss_verify checks an HSS signature: CCE_OK or CCE_ERR_SIGNATURE (also
// for any malformed or mistyped signature); CCE_ERR_DECODE /
// CCE_ERR_UNSUPPORTED for a malformed or unsupported public key.
CCE_API CCE_MUST_CHECK cce_status cce_hss_verify(const uint8_t *pub, size_t pub_len, const uint8_t *msg,
                                                 size_t msg_len, const uint8_t *sig, size_t sig_len);

// Single-tree LMS (the form ACVP tests): the public key is u32 lms_type ||
// u32 ots_type || I[16] || T[1], the signature RFC 8554 5.4.

// cce_lms_keygen_seed computes the LMS public key of (I, SEED) (RFC 8554
// Appendix A pseudorandom key generation; seed_len == m).
CCE_API CCE_MUST_CHECK cce_status cce_lms_keygen_seed(uint32_t lms_type, uint32_t ots_type, const uint8_t I[16],
                                                      const uint8_t *seed, size_t seed_len, uint8_t *pub,
                                                      size_t pub_cap, size_t *pub_len);

// cce_lms_sign_seed signs `msg` with leaf `q` of the tree (I, SEED). It keeps
// no state: for tests and ACVP only (not an approved service: the indicator
// says not approved). Callers must never use a q twice.
CCE_API CCE_MUST_CHECK cce_status cce_lms_sign_seed(uint32_t lms_type, uint32_t ots_type, const uint8_t I[16],
                                                    const uint8_t *seed, size_t seed_len, uint32_t q,
                                                    const uint8_t *msg, size_t msg_len, uint8_t *sig,
                                                    size_t sig_cap, size_t *sig_len);

// cce_lms_verify checks a single-tree LMS signature (CCE_OK /
// CCE_ERR_SIGNATURE, as cce_hss_verify).
CCE_API CCE_MUST_CHECK cce_status cce_lms_verify(const uint8_t *pub, size_t pub_len, const uint8_t *msg,
                                                 size_t msg_len, const uint8_t *sig, size_t sig_len);

#ifdef __cplusplus
}
#endif

#endif  // CCE_LMS_H
