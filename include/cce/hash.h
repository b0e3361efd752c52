// hash.h: SHA-1 (legacy, hashing only), SHA-2 (FIPS 180-4), SHA-3 and SHAKE
// (FIPS 202), through one generic interface and typed per-algorithm calls.
//
// Implementations (chosen once at run time, see cce_impl_name):
//   SHA-256/224  portable C (constant-time: no data-dependent branch/index), SHA-NI
//   SHA-1        portable C, SHA-NI
//   SHA-512/384/512-224/512-256  portable C, BMI2, AVX2, AVX-512VL (message schedule)
//   SHA-3/SHAKE  portable C (Keccak-f[1600], lane-complementing, unrolled), BMI2 (ANDN/RORX)
//
// Contexts are plain structs owned by the caller; do not rely on their layout.
// `_final` wipes the context; using it again returns CCE_ERR_CTX_STATE until it
// is initialised anew.

#ifndef CCE_HASH_H
#define CCE_HASH_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cce_hash_alg {
  CCE_HASH_NONE = 0,
  CCE_HASH_SHA1 = 1,
  CCE_HASH_SHA224 = 2,
  CCE_HASH_SHA256 = 3,
  CCE_HASH_SHA384 = 4,
  CCE_HASH_SHA512 = 5,
  CCE_HASH_SHA512_224 = 6,
  CCE_HASH_SHA512_256 = 7,
  CCE_HASH_SHA3_224 = 8,
  CCE_HASH_SHA3_256 = 9,
  CCE_HASH_SHA3_384 = 10,
  CCE_HASH_SHA3_512 = 11,
  CCE_HASH_SHAKE128 = 12,  // XOF: only through cce_shake_* or with an explicit out_len
  CCE_HASH_SHAKE256 = 13,
  CCE_HASH_ALG_COUNT = 14
} cce_hash_alg;

#define CCE_SHA1_DIGEST_BYTES 20
#define CCE_SHA224_DIGEST_BYTES 28
#define CCE_SHA256_DIGEST_BYTES 32
#define CCE_SHA384_DIGEST_BYTES 48
#define CCE_SHA512_DIGEST_BYTES 64
#define CCE_HASH_MAX_DIGEST_BYTES 64
#define CCE_HASH_MAX_BLOCK_BYTES 168  // SHAKE128 rate

// Per-algorithm states. Do not rely on the layout.
typedef struct cce_sha1_state {
  uint32_t h[5];
  uint8_t buf[64];
  uint64_t total;  // bytes absorbed
  uint32_t buf_len;
} cce_sha1_state;

typedef struct cce_sha256_state {
  uint32_t h[8];
  uint8_t buf[64];
  uint64_t total;
  uint32_t buf_len;
  uint32_t out_len;  // 28 or 32
} cce_sha256_state;

typedef struct cce_sha512_state {
  uint64_t h[8];
  uint8_t buf[128];
  uint64_t total_lo, total_hi;  // bytes absorbed (128-bit counter)
  uint32_t buf_len;
  uint32_t out_len;  // 28, 32, 48 or 64
} cce_sha512_state;

typedef struct cce_sha3_state {
  uint64_t a[25];
  uint32_t rate;     // bytes
  uint32_t pos;      // absorb or squeeze position within the rate
  uint32_t out_len;  // fixed digest length, 0 for SHAKE
  uint8_t dsbyte;    // 0x06 SHA-3, 0x1f SHAKE
  uint8_t squeezing;
} cce_sha3_state;

// Generic hash context.
typedef struct cce_hash_ctx {
  union {
    cce_sha1_state sha1;
    cce_sha256_state sha256;
    cce_sha512_state sha512;
    cce_sha3_state sha3;
    uint64_t align_;
  } u;
  const void *desc_;  // internal descriptor
  uint32_t magic_;    // live / finished marker
} cce_hash_ctx;

// cce_hash_digest_len returns the digest length of `alg` in bytes, 0 for
// SHAKE or an unknown algorithm.
CCE_API size_t cce_hash_digest_len(cce_hash_alg alg);
// cce_hash_block_len returns the block (rate) length in bytes, 0 if unknown.
CCE_API size_t cce_hash_block_len(cce_hash_alg alg);
// cce_hash_name returns "SHA2-256", "SHA3-256", "SHAKE-128", ... (ACVP names), or NULL.
CCE_API const char *cce_hash_name(cce_hash_alg alg);
// cce_hash_from_name accepts ACVP names ("SHA2-256", "SHA3-256", "SHA-1",
// "SHA2-512/256") and short names ("sha256", "sha3-256", "sha512-256",
// "shake128", "sha1"); case-insensitive. Returns CCE_HASH_NONE if unknown.
CCE_API cce_hash_alg cce_hash_from_name(const char *name);

// Streaming interface for every algorithm (SHAKE included: final then
// produces `out_len` bytes and further output is available from
// cce_hash_squeeze).
CCE_API CCE_MUST_CHECK cce_status cce_hash_init(cce_hash_ctx *ctx, cce_hash_alg alg);
CCE_API CCE_MUST_CHECK cce_status cce_hash_update(cce_hash_ctx *ctx, const void *data, size_t len);
// cce_hash_final writes the digest. For fixed-length hashes `out_len` must be
// at least the digest length (exactly the digest length is written). For
// SHAKE, exactly `out_len` bytes are written and the context stays live for
// cce_hash_squeeze; call cce_hash_cleanup when done.
CCE_API CCE_MUST_CHECK cce_status cce_hash_final(cce_hash_ctx *ctx, uint8_t *out, size_t out_len);
// cce_hash_final_bits finishes a message whose length is not a whole number
// of bytes: the `num_bits` (0..7) most significant bits of `last_byte` are
// the message's last bits (the rest of `last_byte` is ignored), then the
// digest is written as by cce_hash_final (same `out`/`out_len` rules, the
// same SHAKE behaviour). num_bits 0 is cce_hash_final; above 7 is
// CCE_ERR_INVALID_ARG.
CCE_API CCE_MUST_CHECK cce_status cce_hash_final_bits(cce_hash_ctx *ctx, uint8_t last_byte, unsigned num_bits,
                                                      uint8_t *out, size_t out_len);

// cce_hash_squeeze produces more SHAKE output after cce_hash_final.
CCE_API CCE_MUST_CHECK cce_status cce_hash_squeeze(cce_hash_ctx *ctx, uint8_t *out, size_t out_len);
// cce_hash_cleanup wipes the context.
CCE_API void cce_hash_cleanup(cce_hash_ctx *ctx);
// cce_hash_copy clones a live context (e.g. for intermediate digests).
CCE_API CCE_MUST_CHECK cce_status cce_hash_copy(cce_hash_ctx *dst, const cce_hash_ctx *src);

// cce_hash one-shot: digest of `data` into `out` (`out_len` as for final).
CCE_API CCE_MUST_CHECK cce_status cce_hash(cce_hash_alg alg, uint8_t *out, size_t out_len,
                                           const void *data, size_t len);

// Typed conveniences (one-shot), same rules as cce_hash.
CCE_API CCE_MUST_CHECK cce_status cce_sha1(uint8_t out[CCE_SHA1_DIGEST_BYTES], const void *data, size_t len);
CCE_API CCE_MUST_CHECK cce_status cce_sha256(uint8_t out[CCE_SHA256_DIGEST_BYTES], const void *data, size_t len);
CCE_API CCE_MUST_CHECK cce_status cce_sha384(uint8_t out[CCE_SHA384_DIGEST_BYTES], const void *data, size_t len);
CCE_API CCE_MUST_CHECK cce_status cce_sha512(uint8_t out[CCE_SHA512_DIGEST_BYTES], const void *data, size_t len);
CCE_API CCE_MUST_CHECK cce_status cce_sha3_256(uint8_t out[32], const void *data, size_t len);
CCE_API CCE_MUST_CHECK cce_status cce_shake128(uint8_t *out, size_t out_len, const void *data, size_t len);
CCE_API CCE_MUST_CHECK cce_status cce_shake256(uint8_t *out, size_t out_len, const void *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif  // CCE_HASH_H
