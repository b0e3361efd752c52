// Internal interface of the randomness family: the module's own DRBG
// (CTR_DRBG AES-256 with derivation function, per thread, fork-safe, seeded
// from the entropy source with SP 800-90B health tests).

#ifndef CCE_SRC_RAND_INTERNAL_H
#define CCE_SRC_RAND_INTERNAL_H

#include "../core/internal.h"

// Fill out[0..len) with DRBG output; any len (split internally).
// Returns CCE_ERR_ENTROPY / CCE_ERR_MODULE_STATE on failure (out wiped).
CCE_HIDDEN cce_status cce_random_impl(uint8_t *out, size_t len);

// ---------------------------------------------------------------------------
// Everything below is private to src/module/rand/ (entropy.c, ctr_drbg.c,
// hash_drbg.c, hmac_drbg.c, random.c). Added by the randomness family; the
// declaration above is the only one other families use.

#include "../aes/internal.h"
#include "../hash/internal.h"

// ---- Entropy source (entropy.c), see docs/entropy.md -----------------------
// Noise source: getrandom(2), one sample = one byte. Claimed min-entropy per
// sample: H = CCE_ENTROPY_H_BITS bits (a whole number of bits, 1..8).
#define CCE_ENTROPY_H_BITS 4u
#define CCE_ENTROPY_APT_WINDOW 512u
#define CCE_ENTROPY_STARTUP_SAMPLES 1024u

// Health-test cutoffs derived from H at first use (SP 800-90B 4.4.1, 4.4.2).
typedef struct cce_entropy_cutoffs {
  uint32_t rct;  // C = 1 + ceil(20 / H)
  uint32_t apt;  // C = 1 + CRITBINOM(512, 2^-H, 1 - 2^-20)
} cce_entropy_cutoffs;
CCE_HIDDEN void cce_entropy_cutoffs_get(cce_entropy_cutoffs *out);

// Number of raw samples that carry at least `bits` of min-entropy under the
// claim: ceil(bits / H).
CCE_HIDDEN size_t cce_entropy_samples_for(size_t bits);

// cce_entropy_get_impl writes `len` health-tested raw samples to `out`.
// On a health-test failure the module enters its error state, `out` is
// wiped and CCE_ERR_ENTROPY is returned; if the noise source itself fails,
// CCE_ERR_ENTROPY too. The caller is responsible for asking enough samples
// (cce_entropy_samples_for) and for having passed the start-up test
// (cce_svc_check(CCE_ST_ENTROPY)).
CCE_HIDDEN cce_status cce_entropy_get_impl(uint8_t *out, size_t len);

// cce_entropy_get_full_impl writes `len` bytes of full-entropy output:
// each 32-byte block is SHA2-256 (a vetted conditioning component, SP
// 800-90B 3.1.5.1.1) over raw samples carrying 8*32 + 64 bits of claimed
// min-entropy. Needed by CTR_DRBG without derivation function.
CCE_HIDDEN cce_status cce_entropy_get_full_impl(uint8_t *out, size_t len);

// cce_entropy_extra_impl writes up to `len` bytes from RDSEED (or RDRAND if
// RDSEED is absent) when the CPU has it and it is enabled; returns the number
// of bytes written (0 if none). Used only as DRBG additional input, never
// credited with entropy, never the only source.
CCE_HIDDEN size_t cce_entropy_extra_impl(uint8_t *out, size_t len);

#ifdef CCE_TEST_HOOKS
// Test builds only: replace the noise source. `fn` fills `len` bytes and
// returns 0, or nonzero for a source failure. NULL restores getrandom.
typedef int (*cce_entropy_source_fn)(uint8_t *buf, size_t len);
CCE_HIDDEN void cce_entropy_set_test_source(cce_entropy_source_fn fn);
#endif

// ---- DRBG mechanisms (ctr_drbg.c, hash_drbg.c, hmac_drbg.c) ---------------
// No checks of state, no indicator; lengths are validated by random.c.
// Each "input" of the seed material may be given in up to three pieces
// (pointer may be NULL when its length is 0).

#define CCE_DRBG_MAX_REQUEST 65536u  // 2^19 bits per generate (SP 800-90A Table 2/3)

typedef struct cce_ctr_drbg {
  cce_aes_key key;
  uint8_t v[16];
  uint32_t key_len;  // 16, 24, 32
  uint32_t ctr_len;  // counter field in bits: 4..128 (SP 800-90A 10.2.1)
  uint32_t df;       // derivation function used
} cce_ctr_drbg;

// seedlen in bytes: key_len + 16.
CCE_HIDDEN cce_status cce_ctr_drbg_instantiate_impl(cce_ctr_drbg *st, size_t key_len, int df, unsigned ctr_len,
                                                    const uint8_t *entropy, size_t entropy_len,
                                                    const uint8_t *nonce, size_t nonce_len,
                                                    const uint8_t *perso, size_t perso_len);
CCE_HIDDEN cce_status cce_ctr_drbg_reseed_impl(cce_ctr_drbg *st, const uint8_t *entropy, size_t entropy_len,
                                               const uint8_t *addl, size_t addl_len);
// out_len <= CCE_DRBG_MAX_REQUEST.
CCE_HIDDEN void cce_ctr_drbg_generate_impl(cce_ctr_drbg *st, uint8_t *out, size_t out_len,
                                           const uint8_t *addl, size_t addl_len);
// Block_Cipher_df (SP 800-90A 10.3.2) over the concatenation in[0..n).
CCE_HIDDEN void cce_ctr_drbg_df_impl(size_t key_len, const uint8_t *const *in, const size_t *in_len, size_t n,
                                     uint8_t *out, size_t out_len);

#define CCE_HASH_DRBG_MAX_SEED 111  // 888 bits

typedef struct cce_hash_drbg {
  uint8_t v[CCE_HASH_DRBG_MAX_SEED];
  uint8_t c[CCE_HASH_DRBG_MAX_SEED];
  uint32_t seed_len;  // 55 or 111 bytes
  const cce_hash_desc *d;
} cce_hash_drbg;

CCE_HIDDEN size_t cce_hash_drbg_seedlen(const cce_hash_desc *d);  // bytes, 0 if unsupported
CCE_HIDDEN void cce_hash_drbg_instantiate_impl(cce_hash_drbg *st, const cce_hash_desc *d,
                                               const uint8_t *entropy, size_t entropy_len,
                                               const uint8_t *nonce, size_t nonce_len,
                                               const uint8_t *perso, size_t perso_len);
CCE_HIDDEN void cce_hash_drbg_reseed_impl(cce_hash_drbg *st, const uint8_t *entropy, size_t entropy_len,
                                          const uint8_t *addl, size_t addl_len);
CCE_HIDDEN void cce_hash_drbg_generate_impl(cce_hash_drbg *st, uint64_t reseed_counter, uint8_t *out,
                                            size_t out_len, const uint8_t *addl, size_t addl_len);

typedef struct cce_hmac_drbg {
  uint8_t k[CCE_HASH_MAX_DIGEST_BYTES];
  uint8_t v[CCE_HASH_MAX_DIGEST_BYTES];
  const cce_hash_desc *d;
} cce_hmac_drbg;

CCE_HIDDEN void cce_hmac_drbg_instantiate_impl(cce_hmac_drbg *st, const cce_hash_desc *d,
                                               const uint8_t *entropy, size_t entropy_len,
                                               const uint8_t *nonce, size_t nonce_len,
                                               const uint8_t *perso, size_t perso_len);
CCE_HIDDEN void cce_hmac_drbg_reseed_impl(cce_hmac_drbg *st, const uint8_t *entropy, size_t entropy_len,
                                          const uint8_t *addl, size_t addl_len);
CCE_HIDDEN void cce_hmac_drbg_generate_impl(cce_hmac_drbg *st, uint8_t *out, size_t out_len,
                                            const uint8_t *addl, size_t addl_len);

// Security strength in bits of a hash-based DRBG over `d` (SP 800-57 /
// 90A Table 2): 128 (SHA-1), 192 (224-bit digests), 256 otherwise.
CCE_HIDDEN unsigned cce_drbg_hash_strength(const cce_hash_desc *d);

// Self-tests of this family (selftest_list.h).
CCE_HIDDEN cce_status cce_st_entropy_startup(void);
CCE_HIDDEN cce_status cce_kat_ctr_drbg(void);
CCE_HIDDEN cce_status cce_kat_hash_drbg(void);
CCE_HIDDEN cce_status cce_kat_hmac_drbg(void);

#endif  // CCE_SRC_RAND_INTERNAL_H
