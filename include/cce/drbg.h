// drbg.h: the deterministic random bit generators of NIST SP 800-90A Rev.1.
//
// Mechanisms (all approved; the service indicator reports them as such):
//   CTR_DRBG   AES-128, AES-192, AES-256; with the derivation function
//              (default) or without it (CCE_DRBG_NO_DF); counter field of
//              4..128 bits (default 128).
//   Hash_DRBG  SHA-1, SHA2-224, SHA2-256, SHA2-384, SHA2-512, SHA2-512/224,
//              SHA2-512/256, SHA3-224, SHA3-256, SHA3-384, SHA3-512.
//   HMAC_DRBG  the same hashes, through HMAC.
// Implementations: portable C over the module's AES (AES-NI when present)
// and hashes; no branch or memory index depends on the state or the inputs'
// contents.
//
// Most callers want cce_random (rand.h), which is a CTR_DRBG AES-256 per
// thread seeded from the module's entropy source. This header is for
// callers that need their own instance: a DRBG with explicit entropy for
// known-answer tests and ACVP, or a separately seeded generator.
//
// Limits (SP 800-90A Table 2/3): at most CCE_DRBG_MAX_REQUEST_BYTES per
// generate; entropy, nonce, personalization and additional input at most
// CCE_DRBG_MAX_INPUT_BYTES each (without the derivation function: entropy
// exactly the seed length, personalization and additional input at most the
// seed length); at most 2^48 generate calls between reseeds (settable lower
// with cce_drbg_set_reseed_interval).
//
// WARNING: a DRBG instantiated with explicit entropy is only as good as that
// entropy. An instance seeded by the caller does not reseed by itself: once
// its reseed interval is used up, generate returns CCE_ERR_LIMIT_REACHED
// until cce_drbg_reseed is called. Instances seeded from the module's
// entropy source (cce_drbg_instantiate_seeded) reseed themselves. A context
// copied across fork() repeats its parent's output: use cce_random there.

#ifndef CCE_DRBG_H
#define CCE_DRBG_H

#include "common.h"
#include "hash.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cce_drbg_mech {
  CCE_DRBG_CTR_AES128 = 1,
  CCE_DRBG_CTR_AES192 = 2,
  CCE_DRBG_CTR_AES256 = 3,
  CCE_DRBG_HASH = 4,  // Hash_DRBG over cce_drbg_config.hash
  CCE_DRBG_HMAC = 5   // HMAC_DRBG over cce_drbg_config.hash
} cce_drbg_mech;

// Flags of cce_drbg_config.flags.
#define CCE_DRBG_NO_DF 1u                  // CTR_DRBG only: no derivation function
#define CCE_DRBG_PREDICTION_RESISTANCE 2u  // allow cce_drbg_generate_pr

#define CCE_DRBG_MAX_REQUEST_BYTES 65536u                     // 2^19 bits
#define CCE_DRBG_MAX_INPUT_BYTES ((uint64_t)1 << 32)          // 2^35 bits
#define CCE_DRBG_MAX_RESEED_INTERVAL ((uint64_t)1 << 48)      // generate calls

// cce_drbg_config chooses the mechanism of an instance.
typedef struct cce_drbg_config {
  cce_drbg_mech mech;
  cce_hash_alg hash;  // Hash_DRBG / HMAC_DRBG: the hash; CTR_DRBG: CCE_HASH_NONE
  uint32_t flags;     // CCE_DRBG_* flags
  uint32_t ctr_len;   // CTR_DRBG counter field in bits, 4..128; 0 means 128
} cce_drbg_config;

#define CCE_DRBG_CTX_BYTES 2048

#if defined(__cplusplus)
#define CCE_DRBG_ALIGN alignas(64)
#else
#define CCE_DRBG_ALIGN _Alignas(64)
#endif

// DRBG instance. Caller-allocated, plain memory; do not rely on the layout.
// Holds secret state from instantiate until cce_drbg_uninstantiate.
typedef struct cce_drbg_ctx {
  CCE_DRBG_ALIGN uint8_t opaque_[CCE_DRBG_CTX_BYTES];
} cce_drbg_ctx;

// cce_drbg_instantiate sets up `ctx` per `cfg` from caller-supplied
// `entropy` (`entropy_len` bytes, at least the security strength: 16, 24 or
// 32 bytes; exactly the seed length, 32/40/48 bytes, for CTR_DRBG without
// derivation function), `nonce` (at least half the security strength,
// unless `entropy` holds 3/2 of it; ignored without derivation function)
// and the optional personalization string `perso`. Pointers may be NULL
// when their length is 0 (`entropy` never). Intended for known-answer
// tests and ACVP; an instance for real use should come from
// cce_drbg_instantiate_seeded.
// Errors: CCE_ERR_NULL_POINTER, CCE_ERR_INVALID_ARG (unknown mechanism or
// flag, SHAKE, counter field out of range), CCE_ERR_INVALID_LENGTH.
CCE_API CCE_MUST_CHECK cce_status cce_drbg_instantiate(cce_drbg_ctx *ctx, const cce_drbg_config *cfg,
                                                       const uint8_t *entropy, size_t entropy_len,
                                                       const uint8_t *nonce, size_t nonce_len,
                                                       const uint8_t *perso, size_t perso_len);

// cce_drbg_instantiate_seeded sets up `ctx` per `cfg` with entropy input and
// nonce from the module's entropy source (SP 800-90B health-tested), and the
// optional personalization string `perso`. The instance reseeds itself from
// the same source when its reseed interval is used up and on
// cce_drbg_generate_pr. CCE_ERR_ENTROPY if the source fails (the module is
// then in its error state).
CCE_API CCE_MUST_CHECK cce_status cce_drbg_instantiate_seeded(cce_drbg_ctx *ctx, const cce_drbg_config *cfg,
                                                              const uint8_t *perso, size_t perso_len);

// cce_drbg_reseed mixes fresh `entropy` (rules of cce_drbg_instantiate) and
// the optional additional input `addl` into the state and restarts the
// reseed counter. With `entropy` NULL and `entropy_len` 0 the entropy comes
// from the module's entropy source. CCE_ERR_CTX_STATE if `ctx` is not
// instantiated.
CCE_API CCE_MUST_CHECK cce_status cce_drbg_reseed(cce_drbg_ctx *ctx, const uint8_t *entropy, size_t entropy_len,
                                                  const uint8_t *addl, size_t addl_len);

// cce_drbg_generate writes `out_len` (0..CCE_DRBG_MAX_REQUEST_BYTES)
// pseudorandom bytes to `out`, with optional additional input `addl`.
// CCE_ERR_LIMIT_REACHED when the reseed interval is used up and the
// instance was seeded by the caller (reseed it). On any error `out` is
// zeroed.
CCE_API CCE_MUST_CHECK cce_status cce_drbg_generate(cce_drbg_ctx *ctx, uint8_t *out, size_t out_len,
                                                    const uint8_t *addl, size_t addl_len);

// cce_drbg_generate_pr is cce_drbg_generate with prediction resistance: it
// first reseeds with fresh entropy and `addl` (SP 800-90A 9.3.1 step 7),
// then generates. The entropy is `entropy` (`entropy_len` bytes, testing and
// ACVP) or, if `entropy` is NULL and `entropy_len` 0, the module's entropy
// source. CCE_ERR_INVALID_ARG if `ctx` was instantiated without
// CCE_DRBG_PREDICTION_RESISTANCE.
CCE_API CCE_MUST_CHECK cce_status cce_drbg_generate_pr(cce_drbg_ctx *ctx, uint8_t *out, size_t out_len,
                                                       const uint8_t *entropy, size_t entropy_len,
                                                       const uint8_t *addl, size_t addl_len);

// cce_drbg_set_reseed_interval sets the number of generate calls allowed
// between reseeds, 1..CCE_DRBG_MAX_RESEED_INTERVAL (the default).
CCE_API CCE_MUST_CHECK cce_status cce_drbg_set_reseed_interval(cce_drbg_ctx *ctx, uint64_t interval);

// cce_drbg_security_strength returns the security strength of the
// instantiated mechanism in bits (128, 192 or 256), 0 if `ctx` is not
// instantiated.
CCE_API unsigned cce_drbg_security_strength(const cce_drbg_ctx *ctx);

// cce_drbg_uninstantiate zeroes the whole context (every byte becomes 0).
// `ctx` may be NULL.
CCE_API void cce_drbg_uninstantiate(cce_drbg_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif  // CCE_DRBG_H
