// Internal interface of AES-GCM (SP 800-38D): the key layout shared by the
// API (gcm.c) and the implementations (ghash_ct.c, gcm_aesni.c, gcm_vaes.c).
//
// GHASH representation, common to every implementation: a field element is
// held as the 128-bit integer obtained by reading its 16-byte block
// big-endian (byte-reversed block), so bit 127 of the integer is the
// coefficient of x^0. Carry-less multiplication of two such integers gives
// y^127 * (product) modulo the reciprocal polynomial
// Q(y) = y^128 + y^127 + y^126 + y^121 + 1; the tables therefore hold the
// powers of H pre-multiplied by y ("H*y mod Q", the usual 0xC2..01 trick),
// and each product is finished with a two-step reduction by y^-128.

#ifndef CCE_SRC_AES_GCM_INTERNAL_H
#define CCE_SRC_AES_GCM_INTERNAL_H

#include "cce/gcm.h"
#include "internal.h"

#define CCE_GCM_IMPL_PORTABLE 0  // bitsliced AES + ct GHASH (ghash_ct.c)
#define CCE_GCM_IMPL_AESNI 1     // AES-NI + PCLMULQDQ, 8 blocks (gcm_aesni.c)
#define CCE_GCM_IMPL_VAES 2      // VAES + VPCLMULQDQ, AVX-512 (gcm_vaes.c)
#define CCE_GCM_IMPL_VAES_AVX2 3 // VAES + VPCLMULQDQ, 256-bit, no AVX-512 (gcm_vaes_avx2.c)
#define CCE_GCM_IMPL_COUNT 4

#define CCE_GCM_KEY_MAGIC 0x47434d4bu  // "GCMK"

// Number of H powers kept (the VAES path hashes 16 blocks per reduction).
#define CCE_GCM_NPOW 16

typedef struct cce_gcm_key_int {
  cce_aes_key aes;
  uint32_t magic;  // CCE_GCM_KEY_MAGIC while initialised
  uint32_t impl;   // CCE_GCM_IMPL_*
  _Atomic uint64_t rand_iv_count;  // seals with a random IV (limit 2^32)
  // Powers of H in the form above, as (hi, lo) 64-bit halves of the integer:
  // hpow[i] = H^(i+1) * y mod Q. hi at [2i], lo at [2i+1] for portable use;
  // the SIMD paths keep their own copies below.
  uint64_t h[2];
  // SIMD tables: 16-byte little-endian integers (the __m128i layout).
  // htab[i] = H^(CCE_GCM_NPOW - i) (descending, so the last n entries are the
  // powers needed for an n-block tail); hkar[i] = hi ^ lo of htab[i] in both
  // halves (Karatsuba middle operand).
  // Four zero entries follow the table, so a 4-block load at the end of a
  // short tail stays inside it (those lanes multiply zero blocks).
  _Alignas(64) uint8_t htab[(CCE_GCM_NPOW + 4) * 16];
  _Alignas(64) uint8_t hkar[CCE_GCM_NPOW * 16];
} cce_gcm_key_int;

_Static_assert(sizeof(cce_gcm_key_int) <= sizeof(cce_gcm_key), "cce_gcm_key too small");

static inline cce_gcm_key_int *cce_gcm_kint(cce_gcm_key *k) { return (cce_gcm_key_int *)(void *)k->opaque; }
static inline const cce_gcm_key_int *cce_gcm_kint_c(const cce_gcm_key *k) {
  return (const cce_gcm_key_int *)(const void *)k->opaque;
}

// Per-implementation operations. All lengths in whole 16-byte blocks except
// where noted. `xi` is the GHASH accumulator as a 16-byte block (GCM byte
// order); `ctr` the counter block (32-bit big-endian increment, advanced).
typedef struct cce_gcm_ops {
  // Fill the implementation's H tables from k->h (H*y mod Q).
  void (*init)(cce_gcm_key_int *k);
  // xi = GHASH_H(xi, in[0..16*nblocks)).
  void (*ghash)(const cce_gcm_key_int *k, uint8_t xi[16], const uint8_t *in, size_t nblocks);
  // out = in ^ CTR(ctr); xi absorbs the ciphertext (out when encrypting,
  // in when decrypting). in may equal out.
  void (*enc)(const cce_gcm_key_int *k, uint8_t ctr[16], uint8_t xi[16], const uint8_t *in, uint8_t *out,
              size_t nblocks);
  void (*dec)(const cce_gcm_key_int *k, uint8_t ctr[16], uint8_t xi[16], const uint8_t *in, uint8_t *out,
              size_t nblocks);
  // One-shot: given J0, compute out = GCTR(inc32(J0), in) and the full
  // 16-byte tag (over the ciphertext: out when encrypting, in when
  // decrypting). len and aad_len in bytes, any value. in may equal out.
  void (*seal)(const cce_gcm_key_int *k, const uint8_t j0[16], const uint8_t *aad, size_t aad_len,
               const uint8_t *in, uint8_t *out, size_t len, uint8_t tag[16]);
  void (*open)(const cce_gcm_key_int *k, const uint8_t j0[16], const uint8_t *aad, size_t aad_len,
               const uint8_t *in, uint8_t *out, size_t len, uint8_t tag[16]);
  const char *name;  // "portable", "aesni", "vaes", "vaes-avx2"
} cce_gcm_ops;

CCE_HIDDEN extern const cce_gcm_ops cce_gcm_ops_portable;
CCE_HIDDEN extern const cce_gcm_ops cce_gcm_ops_aesni;
CCE_HIDDEN extern const cce_gcm_ops cce_gcm_ops_vaes;
CCE_HIDDEN extern const cce_gcm_ops cce_gcm_ops_vaes_avx2;

// The ops table of implementation `impl` (CCE_GCM_IMPL_*).
CCE_HIDDEN const cce_gcm_ops *cce_gcm_ops_get(uint32_t impl);

// Best implementation this CPU runs (honours CCE_CPU overrides).
CCE_HIDDEN uint32_t cce_gcm_best_impl(void);
// Whether the CPU can run `impl`.
CCE_HIDDEN int cce_gcm_impl_available(uint32_t impl);

// Key set-up with a chosen implementation (tests, bench); the AES core is
// set to its portable form when impl is CCE_GCM_IMPL_PORTABLE.
// CCE_ERR_UNSUPPORTED if the CPU lacks it. No gate, no indicator.
CCE_HIDDEN cce_status cce_gcm_key_init_impl(cce_gcm_key *key, const uint8_t *k, size_t k_len, uint32_t impl);

// Portable GHASH multiply helpers (ghash_ct.c), also used by the SIMD
// paths' set-up: r = a * b * y^-128 mod Q on (hi, lo) integers.
CCE_HIDDEN void cce_ghash_mul_ct(uint64_t r[2], const uint64_t a[2], const uint64_t b[2]);

// Generic one-shot built from ghash/enc/dec (any implementation).
CCE_HIDDEN void cce_gcm_seal_generic(const cce_gcm_ops *ops, const cce_gcm_key_int *k, const uint8_t j0[16],
                                     const uint8_t *aad, size_t aad_len, const uint8_t *in, uint8_t *out,
                                     size_t len, uint8_t tag[16], int decrypt);

// Name of the implementation a new key gets ("vaes", "vaes-avx2", "aesni",
// "portable");
// cce_impl_name("ghash") answers with it.
CCE_HIDDEN const char *cce_impl_ghash(void);

// Self-tests (selftest_list.h): GCM spec test case 16 through the best path.
CCE_HIDDEN cce_status cce_kat_aes_gcm_seal(void);
CCE_HIDDEN cce_status cce_kat_aes_gcm_open(void);

// Encrypt one block with the key's AES (J0, partial-block keystream).
static inline void cce_gcm_aes1(const cce_gcm_key_int *k, const uint8_t in[16], uint8_t out[16]) {
  cce_aes_encrypt_blocks_impl(&k->aes, in, out, 1);
}

#endif  // CCE_SRC_AES_GCM_INTERNAL_H
