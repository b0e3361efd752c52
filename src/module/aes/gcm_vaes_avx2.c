// AES-GCM (SP 800-38D) with VAES + VPCLMULQDQ on 256-bit (ymm) registers,
// for CPUs that have them without AVX-512 (AMD Zen 3, Intel Alder Lake) or
// when AVX-512 is switched off (CCE_CPU=-avx512f). Two blocks per ymm;
// each iteration runs NCH independent AES chains (2*NCH counter blocks) and
// hashes the previous 2*NCH ciphertext blocks between their rounds
// (Karatsuba products with the precomputed powers H^(2*NCH)..H^1, one
// reduction per iteration). Decryption hashes the current input batch.
// Tails (fewer than 2*NCH blocks, any byte count) go through a zero-padded
// stack buffer, wiped afterwards.
//
// GHASH representation and reduction: see gcm_internal.h (blocks are
// byte-reversed into integers; reduction by y^-128 with two carry-less
// multiplications by 0xC2 << 56). Constant-time: no branch or address
// depends on secret data (only on the public lengths).

#include <immintrin.h>
#include <stddef.h>

#include "gcm_internal.h"

#define TGT __attribute__((target("aes,pclmul,ssse3,sse4.1,avx,avx2,vaes,vpclmulqdq")))
#define TGT_INLINE TGT __attribute__((always_inline)) static inline

// Eight chains (16 blocks, H^16..H^1): four chains (8 blocks) do not cover
// VAESENC latency x throughput (measured on Zen 4: 0.365 against 0.317
// cycles/byte at 8 KiB before the other tuning below).
#define NCH 8               // ymm AES chains per iteration
#define NBLK (2 * NCH)      // blocks per iteration
#define BATCH (16 * NBLK)   // bytes per iteration
_Static_assert(NBLK <= CCE_GCM_NPOW, "not enough powers of H");

#define LDY(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define STY(p, v) _mm256_storeu_si256((__m256i *)(void *)(p), (v))

TGT_INLINE __m128i bswap1(__m128i x) {
  return _mm_shuffle_epi8(x, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

// Byte reversal inside each 128-bit lane.
TGT_INLINE __m256i bswapy(__m256i x) {
  return _mm256_shuffle_epi8(x, _mm256_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3,
                                                4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

// x in the low lane, zero in the high lane.
TGT_INLINE __m256i zexty(__m128i x) { return _mm256_set_m128i(_mm_setzero_si128(), x); }

// (hi:lo) * y^-128 mod Q: two folds of the low 64 bits by 0xC2 << 56.
TGT_INLINE __m128i reduce(__m128i lo, __m128i hi) {
  const __m128i poly = _mm_set_epi64x(0, (long long)0xC200000000000000ULL);
  __m128i t = _mm_clmulepi64_si128(lo, poly, 0x00);
  lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4E), t);
  t = _mm_clmulepi64_si128(lo, poly, 0x00);
  lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4E), t);
  return _mm_xor_si128(lo, hi);
}

// Two consecutive H powers from table index i (H^(16-i) in the low lane).
// An odd tail reads index 16: a zero entry of htab, and for hkar the first
// 16 bytes after it, inside the zeroed slack of the public cce_gcm_key (the
// lane multiplies a zero block either way).
#define HY(k, i) LDY((k)->htab + 16 * (i))
#define HKY(k, i) LDY((k)->hkar + 16 * (i))
_Static_assert(offsetof(cce_gcm_key_int, hkar) + (CCE_GCM_NPOW + 1) * 16 <= sizeof(cce_gcm_key),
               "an odd GHASH tail reads one hkar entry past the table");

// Karatsuba accumulation of the two lane products b * h into (lo, hi, mid).
#define ACC(b, i)                                                                                        \
  do {                                                                                                   \
    __m256i b_ = (b), h_ = HY(k, i);                                                                     \
    lo = _mm256_xor_si256(lo, _mm256_clmulepi64_epi128(b_, h_, 0x00));                                  \
    hi = _mm256_xor_si256(hi, _mm256_clmulepi64_epi128(b_, h_, 0x11));                                  \
    mid = _mm256_xor_si256(                                                                              \
        mid, _mm256_clmulepi64_epi128(_mm256_xor_si256(b_, _mm256_shuffle_epi32(b_, 0x4E)), HKY(k, i), 0x00)); \
    /* accumulate now: without this gcc keeps every product live (spills) */                            \
    __asm__("" : "+x"(lo), "+x"(hi), "+x"(mid));                                                       \
  } while (0)

TGT_INLINE __m128i fold128(__m256i v) {
  return _mm_xor_si128(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
}

// Sum the two lanes of (lo, hi, mid) and reduce to one field element.
TGT_INLINE __m128i finish(__m256i lo, __m256i hi, __m256i mid) {
  __m128i l = fold128(lo), h = fold128(hi), m = fold128(mid);
  m = _mm_xor_si128(m, _mm_xor_si128(l, h));
  l = _mm_xor_si128(l, _mm_slli_si128(m, 8));
  h = _mm_xor_si128(h, _mm_srli_si128(m, 8));
  return reduce(l, h);
}

// x = GHASH_H(x, p[0..16*nb)), whole blocks.
TGT static __m128i ghash_blocks(const cce_gcm_key_int *k, __m128i x, const uint8_t *p, size_t nb) {
  while (nb >= NBLK) {
    __m256i lo = _mm256_setzero_si256(), hi = lo, mid = lo;
    ACC(_mm256_xor_si256(bswapy(LDY(p)), zexty(x)), CCE_GCM_NPOW - NBLK);
#pragma GCC unroll 8
    for (int j = 1; j < NCH; j++) ACC(bswapy(LDY(p + 32 * j)), CCE_GCM_NPOW - NBLK + 2 * j);
    x = finish(lo, hi, mid);
    p += BATCH;
    nb -= NBLK;
  }
  if (nb) {
    // Powers H^nb..H^1; an odd last block pairs with the zero entry after
    // the table.
    const size_t base = CCE_GCM_NPOW - nb;
    __m256i lo = _mm256_setzero_si256(), hi = lo, mid = lo;
    for (size_t j = 0; j < nb; j += 2) {
      __m256i b = j + 1 < nb ? LDY(p + 16 * j) : zexty(_mm_loadu_si128((const __m128i *)(const void *)(p + 16 * j)));
      b = bswapy(b);
      if (j == 0) b = _mm256_xor_si256(b, zexty(x));
      ACC(b, base + j);
    }
    x = finish(lo, hi, mid);
  }
  return x;
}

#define rk(i) _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(k->aes.rk + 16 * (i))))

// s[0..n) = counter blocks cz + 2j (two per register) ^ round key 0; cz
// advanced by 2n. (Independent adds from cz: shorter chains than stepping.)
#define CTRS(n)                                                                       \
  do {                                                                                \
    const __m256i rk0_ = rk(0);                                                       \
    _Pragma("GCC unroll 8") for (int j_ = 0; j_ < (n); j_++) s[j_] =                  \
        _mm256_xor_si256(bswapy(_mm256_add_epi32(cz, _mm256_set_epi32(0, 0, 0, 2 * j_, 0, 0, 0, 2 * j_))), rk0_); \
    cz = _mm256_add_epi32(cz, _mm256_set_epi32(0, 0, 0, 2 * (n), 0, 0, 0, 2 * (n)));   \
  } while (0)
#define ROUND(n, r)                                                                              \
  do {                                                                                           \
    const __m256i rk_ = rk(r);                                                                   \
    _Pragma("GCC unroll 8") for (int j_ = 0; j_ < (n); j_++) s[j_] = _mm256_aesenc_epi128(s[j_], rk_); \
  } while (0)
#define LAST(n, r)                                                                                   \
  do {                                                                                               \
    const __m256i rk_ = rk(r);                                                                       \
    _Pragma("GCC unroll 8") for (int j_ = 0; j_ < (n); j_++) s[j_] = _mm256_aesenclast_epi128(s[j_], rk_); \
  } while (0)

// One batch of NBLK counter blocks: AES with the GHASH of the NBLK blocks at
// g (already GCM ciphertext, in memory) folded into *x between rounds 1..NCH;
// out = in ^ keystream. g may be in (decryption, read before out is written
// when in == out) or the previous output batch (encryption).
TGT_INLINE void batch(const cce_gcm_key_int *k, __m256i *czp, __m128i *xp, const uint8_t *g, const uint8_t *in,
                      uint8_t *out, const int nr) {
  __m256i s[NCH], cz = *czp;
  __m256i lo = _mm256_setzero_si256(), hi = lo, mid = lo;
  // Hide where g points: the compiler would otherwise forward the previous
  // batch's ciphertext from registers across iterations (eight more live
  // registers, spilled), instead of reloading it from L1.
  __asm__("" : "+r"(g));
  CTRS(NCH);
  ROUND(NCH, 1);
  ACC(_mm256_xor_si256(bswapy(LDY(g)), zexty(*xp)), CCE_GCM_NPOW - NBLK);
#pragma GCC unroll 8
  for (int j = 1; j < NCH; j++) {
    ROUND(NCH, j + 1);
    ACC(bswapy(LDY(g + 32 * j)), CCE_GCM_NPOW - NBLK + 2 * j);
  }
  *xp = finish(lo, hi, mid);
#pragma GCC unroll 15
  for (int r = NCH + 1; r < nr; r++) ROUND(NCH, r);
  LAST(NCH, nr);
#pragma GCC unroll 8
  for (int j = 0; j < NCH; j++) STY(out + 32 * j, _mm256_xor_si256(s[j], LDY(in + 32 * j)));
  *czp = cz;
}

// AES only: out = in ^ keystream for one batch.
TGT_INLINE void batch_ctr(const cce_gcm_key_int *k, __m256i *czp, const uint8_t *in, uint8_t *out, const int nr) {
  __m256i s[NCH], cz = *czp;
  CTRS(NCH);
#pragma GCC unroll 15
  for (int r = 1; r < nr; r++) ROUND(NCH, r);
  LAST(NCH, nr);
#pragma GCC unroll 8
  for (int j = 0; j < NCH; j++) STY(out + 32 * j, _mm256_xor_si256(s[j], LDY(in + 32 * j)));
  *czp = cz;
}

// CTR + GHASH over len bytes (any length; a partial last block is
// zero-padded for GHASH). *ctr (integer form) advanced by ceil(len/16).
TGT_INLINE void crypt_core(const cce_gcm_key_int *k, __m128i *ctr, __m128i *xp, const uint8_t *in, uint8_t *out,
                           size_t len, const int nr, const int decrypt) {
  __m256i cz = _mm256_add_epi32(_mm256_broadcastsi128_si256(*ctr), _mm256_set_epi32(0, 0, 0, 1, 0, 0, 0, 0));
  *ctr = _mm_add_epi32(*ctr, _mm_set_epi32(0, 0, 0, (int)(uint32_t)((len + 15) / 16)));
  __m128i x = *xp;

  if (decrypt) {
    for (; len >= BATCH; len -= BATCH, in += BATCH, out += BATCH) batch(k, &cz, &x, in, in, out, nr);
  } else if (len >= BATCH) {
    // First batch: AES only; each batch's GHASH runs with the next one.
    batch_ctr(k, &cz, in, out, nr);
    in += BATCH;
    out += BATCH;
    len -= BATCH;
    for (; len >= BATCH; len -= BATCH, in += BATCH, out += BATCH) batch(k, &cz, &x, out - BATCH, in, out, nr);
    x = ghash_blocks(k, x, out - BATCH, NBLK);
  }
  if (len) {
    // Tail: 1..BATCH-1 bytes through a zero-padded buffer, four blocks
    // (two registers) at a time.
    _Alignas(32) uint8_t buf[BATCH];
    const size_t nb = (len + 15) / 16;
    memset(buf, 0, sizeof buf);
    memcpy(buf, in, len);
    if (decrypt) x = ghash_blocks(k, x, buf, nb);
    for (size_t off = 0; off < 16 * nb; off += 64) {
      __m256i s[2];
      CTRS(2);
#pragma GCC unroll 15
      for (int r = 1; r < nr; r++) ROUND(2, r);
      LAST(2, nr);
      STY(buf + off, _mm256_xor_si256(s[0], LDY(buf + off)));
      STY(buf + off + 32, _mm256_xor_si256(s[1], LDY(buf + off + 32)));
      s[0] = s[1] = _mm256_setzero_si256();
    }
    memcpy(out, buf, len);
    if (!decrypt) {
      memset(buf + len, 0, sizeof buf - len);
      x = ghash_blocks(k, x, buf, nb);
    }
    cce_wipe(buf, sizeof buf);
  }
  *xp = x;
}

TGT static void crypt_any(const cce_gcm_key_int *k, __m128i *ctr, __m128i *x, const uint8_t *in, uint8_t *out,
                          size_t len, int decrypt) {
  switch (k->aes.rounds) {
    case 10:
      if (decrypt) crypt_core(k, ctr, x, in, out, len, 10, 1);
      else crypt_core(k, ctr, x, in, out, len, 10, 0);
      break;
    case 12:
      if (decrypt) crypt_core(k, ctr, x, in, out, len, 12, 1);
      else crypt_core(k, ctr, x, in, out, len, 12, 0);
      break;
    default:
      if (decrypt) crypt_core(k, ctr, x, in, out, len, 14, 1);
      else crypt_core(k, ctr, x, in, out, len, 14, 0);
      break;
  }
}

TGT static void ghash_vaes2(const cce_gcm_key_int *k, uint8_t xi[16], const uint8_t *in, size_t nblocks) {
  __m128i x = bswap1(_mm_loadu_si128((const __m128i *)(const void *)xi));
  x = ghash_blocks(k, x, in, nblocks);
  _mm_storeu_si128((__m128i *)(void *)xi, bswap1(x));
}

TGT static void crypt_blocks(const cce_gcm_key_int *k, uint8_t ctr[16], uint8_t xi[16], const uint8_t *in,
                             uint8_t *out, size_t nblocks, int decrypt) {
  __m128i x = bswap1(_mm_loadu_si128((const __m128i *)(const void *)xi));
  __m128i c = bswap1(_mm_loadu_si128((const __m128i *)(const void *)ctr));
  crypt_any(k, &c, &x, in, out, 16 * nblocks, decrypt);
  _mm_storeu_si128((__m128i *)(void *)xi, bswap1(x));
  _mm_storeu_si128((__m128i *)(void *)ctr, bswap1(c));
}

static void enc_vaes2(const cce_gcm_key_int *k, uint8_t ctr[16], uint8_t xi[16], const uint8_t *in, uint8_t *out,
                      size_t nblocks) {
  crypt_blocks(k, ctr, xi, in, out, nblocks, 0);
}

static void dec_vaes2(const cce_gcm_key_int *k, uint8_t ctr[16], uint8_t xi[16], const uint8_t *in, uint8_t *out,
                      size_t nblocks) {
  crypt_blocks(k, ctr, xi, in, out, nblocks, 1);
}

TGT static inline __m128i aes1(const cce_gcm_key_int *k, __m128i b) {
  const int nr = (int)k->aes.rounds;
  b = _mm_xor_si128(b, _mm_loadu_si128((const __m128i *)(const void *)k->aes.rk));
  for (int r = 1; r < nr; r++)
    b = _mm_aesenc_si128(b, _mm_loadu_si128((const __m128i *)(const void *)(k->aes.rk + 16 * r)));
  return _mm_aesenclast_si128(b, _mm_loadu_si128((const __m128i *)(const void *)(k->aes.rk + 16 * nr)));
}

TGT static void seal_open(const cce_gcm_key_int *k, const uint8_t j0[16], const uint8_t *aad, size_t aad_len,
                          const uint8_t *in, uint8_t *out, size_t len, uint8_t tag[16], int decrypt) {
  __m128i j = _mm_loadu_si128((const __m128i *)(const void *)j0);
  __m128i ek0 = aes1(k, j);
  __m128i x = _mm_setzero_si128();
  if (aad_len >= 16) x = ghash_blocks(k, x, aad, aad_len / 16);
  if (aad_len % 16) {
    uint8_t b[16] = {0};
    memcpy(b, aad + aad_len - aad_len % 16, aad_len % 16);
    x = ghash_blocks(k, x, b, 1);
    cce_wipe(b, sizeof b);
  }
  __m128i ctr = _mm_add_epi32(bswap1(j), _mm_set_epi32(0, 0, 0, 1));
  if (len) crypt_any(k, &ctr, &x, in, out, len, decrypt);
  // Final block: (x ^ [len(A)]_64 || [len(C)]_64) * H.
  __m128i y = _mm_xor_si128(x, _mm_set_epi64x((long long)((uint64_t)aad_len * 8), (long long)((uint64_t)len * 8)));
  __m128i h = _mm_loadu_si128((const __m128i *)(const void *)(k->htab + 16 * (CCE_GCM_NPOW - 1)));
  __m128i l = _mm_clmulepi64_si128(y, h, 0x00), hh = _mm_clmulepi64_si128(y, h, 0x11);
  __m128i m = _mm_xor_si128(_mm_clmulepi64_si128(y, h, 0x01), _mm_clmulepi64_si128(y, h, 0x10));
  l = _mm_xor_si128(l, _mm_slli_si128(m, 8));
  hh = _mm_xor_si128(hh, _mm_srli_si128(m, 8));
  x = reduce(l, hh);
  _mm_storeu_si128((__m128i *)(void *)tag, _mm_xor_si128(bswap1(x), ek0));
}

static void seal_vaes2(const cce_gcm_key_int *k, const uint8_t j0[16], const uint8_t *aad, size_t aad_len,
                       const uint8_t *in, uint8_t *out, size_t len, uint8_t tag[16]) {
  seal_open(k, j0, aad, aad_len, in, out, len, tag, 0);
}

static void open_vaes2(const cce_gcm_key_int *k, const uint8_t j0[16], const uint8_t *aad, size_t aad_len,
                       const uint8_t *in, uint8_t *out, size_t len, uint8_t tag[16]) {
  seal_open(k, j0, aad, aad_len, in, out, len, tag, 1);
}

const cce_gcm_ops cce_gcm_ops_vaes_avx2 = {
    .init = NULL,
    .ghash = ghash_vaes2,
    .enc = enc_vaes2,
    .dec = dec_vaes2,
    .seal = seal_vaes2,
    .open = open_vaes2,
    .name = "vaes-avx2",
};
