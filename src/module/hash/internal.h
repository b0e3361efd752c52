// Internal interface of the hash family. Code inside the module (HMAC, HKDF,
// DRBGs, signatures) uses these `_impl` functions and the descriptor table:
// they do no state check and leave the service indicator alone.

#ifndef CCE_SRC_HASH_INTERNAL_H
#define CCE_SRC_HASH_INTERNAL_H

#include "../core/internal.h"
#include "cce/hash.h"

// ---- SHA-1 (sha1.c, sha1_shani.c) ----
CCE_HIDDEN void cce_sha1_init_impl(cce_sha1_state *st);
// Returns CCE_ERR_LENGTH_OVERFLOW past 2^61-1 bytes in total, else CCE_OK.
CCE_HIDDEN cce_status cce_sha1_update_impl(cce_sha1_state *st, const uint8_t *data, size_t len);
CCE_HIDDEN void cce_sha1_final_impl(cce_sha1_state *st, uint8_t out[20]);
CCE_HIDDEN const char *cce_impl_sha1(void);  // "shani" or "portable"

// ---- SHA-224/256 (sha256.c, sha256_shani.c) ----
// out_len: 28 (SHA-224) or 32 (SHA-256).
CCE_HIDDEN void cce_sha256_init_impl(cce_sha256_state *st, unsigned out_len);
CCE_HIDDEN cce_status cce_sha256_update_impl(cce_sha256_state *st, const uint8_t *data, size_t len);
CCE_HIDDEN void cce_sha256_final_impl(cce_sha256_state *st, uint8_t *out);  // writes out_len bytes
CCE_HIDDEN const char *cce_impl_sha256(void);

// ---- SHA-384/512/512-224/512-256 (sha512.c) ----
// alg: CCE_HASH_SHA384, CCE_HASH_SHA512, CCE_HASH_SHA512_224, CCE_HASH_SHA512_256.
CCE_HIDDEN void cce_sha512_init_impl(cce_sha512_state *st, cce_hash_alg alg);
CCE_HIDDEN cce_status cce_sha512_update_impl(cce_sha512_state *st, const uint8_t *data, size_t len);
CCE_HIDDEN void cce_sha512_final_impl(cce_sha512_state *st, uint8_t *out);  // writes out_len bytes
CCE_HIDDEN const char *cce_impl_sha512(void);

// ---- SHA-3 / SHAKE (sha3.c) ----
// alg: CCE_HASH_SHA3_224..CCE_HASH_SHA3_512, CCE_HASH_SHAKE128, CCE_HASH_SHAKE256.
CCE_HIDDEN void cce_sha3_init_impl(cce_sha3_state *st, cce_hash_alg alg);
CCE_HIDDEN void cce_sha3_absorb_impl(cce_sha3_state *st, const uint8_t *data, size_t len);
// Fixed-length SHA-3: pads and writes out_len bytes.
CCE_HIDDEN void cce_sha3_final_impl(cce_sha3_state *st, uint8_t *out);
// SHAKE: the first call pads; every call continues the output stream.
CCE_HIDDEN void cce_shake_squeeze_impl(cce_sha3_state *st, uint8_t *out, size_t len);
// The permutation itself, 24 rounds, for ML-KEM/ML-DSA.
CCE_HIDDEN void cce_keccak_f1600(uint64_t a[25]);
CCE_HIDDEN const char *cce_impl_keccak(void);

// ---- Descriptor table (hash.c) ----
typedef struct cce_hash_desc {
  cce_hash_alg alg;
  const char *name;       // ACVP name, "SHA2-256"
  uint32_t digest_len;    // 0 for SHAKE
  uint32_t block_len;
  unsigned selftest;      // CCE_ST_* of its KAT
  void (*init)(cce_hash_ctx *ctx);
  cce_status (*update)(cce_hash_ctx *ctx, const uint8_t *data, size_t len);
  void (*final)(cce_hash_ctx *ctx, uint8_t *out, size_t out_len);  // out_len used by SHAKE only
} cce_hash_desc;

// NULL for an unknown alg.
CCE_HIDDEN const cce_hash_desc *cce_hash_desc_get(cce_hash_alg alg);

// One-shot through the descriptor, no checks (internal use).
CCE_HIDDEN void cce_hash_impl(const cce_hash_desc *d, uint8_t *out, size_t out_len,
                              const uint8_t *data, size_t len);

// ---- Keccak back ends (sha3.c portable, keccak_bmi2.c, keccak_avx2.c, keccak_avx512.c) ----
// cce_keccak_absorb_*: `nblocks` (>= 1) applications of Keccak-f[1600] to `s`
// (standard lane representation). When `in` is not NULL, `lanes` (9, 13, 17,
// 18 or 21) little-endian 64-bit words of `in` are XORed into the first lanes
// before each permutation, `in` advancing lanes * 8 bytes each time. The
// _bmi2 one needs cce_cpu_has(CCE_CPU_BMI2); sha3.c picks one per call.
CCE_HIDDEN void cce_keccak_absorb_portable(uint64_t s[25], const uint8_t *in, size_t nblocks, unsigned lanes);
CCE_HIDDEN void cce_keccak_absorb_bmi2(uint64_t s[25], const uint8_t *in, size_t nblocks, unsigned lanes);

// cce_keccak_f1600_x4 applies Keccak-f[1600] to four independent states
// a[0..3] (standard representation), e.g. for ML-KEM/ML-DSA matrix
// expansion: AVX-512VL or AVX2 when available (keccak_avx512.c,
// keccak_avx2.c), else four single calls.
CCE_HIDDEN void cce_keccak_f1600_x4(uint64_t a[4][25]);
CCE_HIDDEN void cce_keccak_f1600_x4_avx2(uint64_t a[4][25]);    // needs CCE_CPU_AVX2
CCE_HIDDEN void cce_keccak_f1600_x4_avx512(uint64_t a[4][25]);  // needs AVX512F, AVX512VL and AVX2

// cce_keccak_scrub_stack overwrites the dead stack frame that a Keccak
// permutation (any back end) leaves below its caller, which holds spilled
// lanes. cce_sha3_final_impl and cce_shake_squeeze_impl call it before they
// return; callers of cce_keccak_f1600 / _x4 on secret states call it (from
// the same function that called the permutation) when they are done.
CCE_HIDDEN void cce_keccak_scrub_stack(void);

#endif  // CCE_SRC_HASH_INTERNAL_H
