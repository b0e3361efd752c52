// AES-GCM with VAES + VPCLMULQDQ on AVX-512 registers: four blocks per zmm,
// 16 blocks per iteration (four independent AES chains, enough to hide the
// AESENC latency), GHASH of 16 blocks with powers H^16..H^1 and one
// reduction per iteration. Encryption hashes each 16-block batch while the
// next batch goes through AES. Tails (< 256 bytes, including a partial last
// block) use masked loads and stores, so short messages need no set-up
// beyond one pass. Round keys are broadcast from the AES core's `rk` at each
// use (no copy on the stack); one unrolled code path per key size.
//
// GHASH representation and reduction: see gcm_internal.h. Constant-time: no
// branch or address depends on secret data (lengths are public).

#include <immintrin.h>

#include "gcm_internal.h"

#define TGT \
  __attribute__((target("aes,pclmul,ssse3,sse4.1,avx,avx2,vaes,vpclmulqdq,avx512f,avx512bw,avx512vl")))
#define TGT_INLINE TGT __attribute__((always_inline)) static inline

TGT_INLINE __m128i bswap1(__m128i x) {
  return _mm_shuffle_epi8(x, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

TGT_INLINE __m512i bswapz(__m512i x) {
  return _mm512_shuffle_epi8(x, _mm512_broadcast_i32x4(_mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
                                                                    14, 15)));
}


TGT_INLINE __m128i reduce(__m128i lo, __m128i hi) {
  const __m128i poly = _mm_set_epi64x(0, (long long)0xC200000000000000ULL);
  __m128i t = _mm_clmulepi64_si128(lo, poly, 0x00);
  lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4E), t);
  t = _mm_clmulepi64_si128(lo, poly, 0x00);
  lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4E), t);
  return _mm_xor_si128(lo, hi);
}

// Karatsuba accumulation of four lane products b * h: lo += b.lo*h.lo,
// hi += b.hi*h.hi, mid += (b.lo^b.hi)*(h.lo^h.hi); hk holds h.lo^h.hi.
#define ACCK(b, h, hk)                                                                         \
  do {                                                                                         \
    __m512i b_ = (b);                                                                          \
    lo = _mm512_xor_si512(lo, _mm512_clmulepi64_epi128(b_, (h), 0x00));                         \
    hi = _mm512_xor_si512(hi, _mm512_clmulepi64_epi128(b_, (h), 0x11));                         \
    mid = _mm512_xor_si512(                                                                    \
        mid, _mm512_clmulepi64_epi128(_mm512_xor_si512(b_, _mm512_shuffle_epi32(b_, _MM_PERM_BADC)), (hk), 0x00)); \
  } while (0)
#define ACC(b, i) ACCK(b, HZ(k, i), HKZ(k, i))

TGT_INLINE __m128i fold128(__m512i v) {
  __m256i a = _mm256_xor_si256(_mm512_castsi512_si256(v), _mm512_extracti64x4_epi64(v, 1));
  return _mm_xor_si128(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
}

// Sum the four lanes of (lo, hi, mid) and reduce to one field element.
TGT_INLINE __m128i finish(__m512i lo, __m512i hi, __m512i mid) {
  __m128i l = fold128(lo), h = fold128(hi), m = fold128(mid);
  m = _mm_xor_si128(m, _mm_xor_si128(l, h));
  l = _mm_xor_si128(l, _mm_slli_si128(m, 8));
  h = _mm_xor_si128(h, _mm_srli_si128(m, 8));
  return reduce(l, h);
}

// Four consecutive H powers starting at table index i (H^(16-i) first).
#define HZ(k, i) _mm512_loadu_si512((const void *)((k)->htab + 16 * (i)))
#define HKZ(k, i) _mm512_loadu_si512((const void *)((k)->hkar + 16 * (i)))

TGT_INLINE __m512i zext(__m128i x) { return _mm512_inserti32x4(_mm512_setzero_si512(), x, 0); }

// Byte mask for the n bytes left from offset off (0..64 bytes).
TGT_INLINE __mmask64 bmask(size_t n, size_t off) {
  if (n <= off) return 0;
  size_t r = n - off;
  return r >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << r) - 1);
}

// GHASH of n bytes at p, the last partial block zero-padded.
TGT static __m128i ghash_bytes(const cce_gcm_key_int *k, __m128i x, const uint8_t *p, size_t n) {
  while (n >= 256) {
    __m512i lo = _mm512_setzero_si512(), hi = lo, mid = lo;
    ACC(_mm512_xor_si512(bswapz(_mm512_loadu_si512((const void *)p)), zext(x)), 0);
    ACC(bswapz(_mm512_loadu_si512((const void *)(p + 64))), 4);
    ACC(bswapz(_mm512_loadu_si512((const void *)(p + 128))), 8);
    ACC(bswapz(_mm512_loadu_si512((const void *)(p + 192))), 12);
    x = finish(lo, hi, mid);
    p += 256;
    n -= 256;
  }
  if (n) {
    size_t nb = (n + 15) / 16, base = CCE_GCM_NPOW - nb;
    __m512i lo = _mm512_setzero_si512(), hi = lo, mid = lo;
    ACC(_mm512_xor_si512(bswapz(_mm512_maskz_loadu_epi8(bmask(n, 0), p)), zext(x)), base);
    for (size_t i = 1; 4 * i < nb; i++)
      ACC(bswapz(_mm512_maskz_loadu_epi8(bmask(n, 64 * i), p + 64 * i)), base + 4 * i);
    x = finish(lo, hi, mid);
  }
  return x;
}

#define ROUND4(rkr)                          \
  do {                                       \
    s0 = _mm512_aesenc_epi128(s0, rkr);      \
    s1 = _mm512_aesenc_epi128(s1, rkr);      \
    s2 = _mm512_aesenc_epi128(s2, rkr);      \
    s3 = _mm512_aesenc_epi128(s3, rkr);      \
  } while (0)

#define LAST4(rkr)                              \
  do {                                          \
    s0 = _mm512_aesenclast_epi128(s0, rkr);     \
    s1 = _mm512_aesenclast_epi128(s1, rkr);     \
    s2 = _mm512_aesenclast_epi128(s2, rkr);     \
    s3 = _mm512_aesenclast_epi128(s3, rkr);     \
  } while (0)

// Counter blocks for the next 16 blocks from cz (lanes c, c+1, c+2, c+3 in
// integer form), XORed with round key 0; cz advanced by 16.
#define CTR4()                                                       \
  do {                                                               \
    s0 = _mm512_xor_si512(bswapz(cz), rk(0));                        \
    s1 = _mm512_xor_si512(bswapz(_mm512_add_epi32(cz, inc4)), rk(0)); \
    s2 = _mm512_xor_si512(bswapz(_mm512_add_epi32(cz, inc8)), rk(0)); \
    s3 = _mm512_xor_si512(bswapz(_mm512_add_epi32(cz, inc12)), rk(0)); \
    cz = _mm512_add_epi32(cz, inc16);                                \
  } while (0)

// CTR + GHASH over len bytes (any length; a partial last block is
// zero-padded for GHASH). *ctr (integer form) advanced by ceil(len/16).
TGT_INLINE void crypt_core(const cce_gcm_key_int *k, __m128i *ctr, __m128i *xp, const uint8_t *in, uint8_t *out,
                           size_t len, const int nr, const int decrypt) {
  // Round keys are broadcast from the key at each use (a load-unit
  // operation), not copied to the stack.
#define rk(i) _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)(k->aes.rk + 16 * (i))))
  const __m512i inc4 = _mm512_broadcast_i32x4(_mm_set_epi32(0, 0, 0, 4));
  const __m512i inc8 = _mm512_broadcast_i32x4(_mm_set_epi32(0, 0, 0, 8));
  const __m512i inc12 = _mm512_broadcast_i32x4(_mm_set_epi32(0, 0, 0, 12));
  const __m512i inc16 = _mm512_broadcast_i32x4(_mm_set_epi32(0, 0, 0, 16));
  __m512i cz = _mm512_add_epi32(_mm512_broadcast_i32x4(*ctr), _mm512_set_epi32(0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 1,
                                                                                0, 0, 0, 0));
  *ctr = _mm_add_epi32(*ctr, _mm_set_epi32(0, 0, 0, (int)((len + 15) / 16)));
  __m128i x = *xp;
  __m512i s0, s1, s2, s3, c0, c1, c2, c3;

  if (!decrypt && len >= 256) {
    // First batch: AES only; its GHASH runs with the next batch.
    CTR4();
#pragma GCC unroll 15
    for (int r = 1; r < nr; r++) ROUND4(rk(r));
    LAST4(rk(nr));
    c0 = _mm512_xor_si512(s0, _mm512_loadu_si512((const void *)in));
    c1 = _mm512_xor_si512(s1, _mm512_loadu_si512((const void *)(in + 64)));
    c2 = _mm512_xor_si512(s2, _mm512_loadu_si512((const void *)(in + 128)));
    c3 = _mm512_xor_si512(s3, _mm512_loadu_si512((const void *)(in + 192)));
    _mm512_storeu_si512((void *)out, c0);
    _mm512_storeu_si512((void *)(out + 64), c1);
    _mm512_storeu_si512((void *)(out + 128), c2);
    _mm512_storeu_si512((void *)(out + 192), c3);
    in += 256;
    out += 256;
    len -= 256;
    while (len >= 256) {
      __m512i g0 = _mm512_xor_si512(bswapz(c0), zext(x)), g1 = bswapz(c1), g2 = bswapz(c2), g3 = bswapz(c3);
      __m512i lo = _mm512_setzero_si512(), hi = lo, mid = lo;
      CTR4();
      ROUND4(rk(1));
      ACC(g0, 0);
      ROUND4(rk(2));
      ACC(g1, 4);
      ROUND4(rk(3));
      ACC(g2, 8);
      ROUND4(rk(4));
      ACC(g3, 12);
      ROUND4(rk(5));
      x = finish(lo, hi, mid);
#pragma GCC unroll 15
      for (int r = 6; r < nr; r++) ROUND4(rk(r));
      LAST4(rk(nr));
      c0 = _mm512_xor_si512(s0, _mm512_loadu_si512((const void *)in));
      c1 = _mm512_xor_si512(s1, _mm512_loadu_si512((const void *)(in + 64)));
      c2 = _mm512_xor_si512(s2, _mm512_loadu_si512((const void *)(in + 128)));
      c3 = _mm512_xor_si512(s3, _mm512_loadu_si512((const void *)(in + 192)));
      _mm512_storeu_si512((void *)out, c0);
      _mm512_storeu_si512((void *)(out + 64), c1);
      _mm512_storeu_si512((void *)(out + 128), c2);
      _mm512_storeu_si512((void *)(out + 192), c3);
      in += 256;
      out += 256;
      len -= 256;
    }
    {
      __m512i lo = _mm512_setzero_si512(), hi = lo, mid = lo;
      ACC(_mm512_xor_si512(bswapz(c0), zext(x)), 0);
      ACC(bswapz(c1), 4);
      ACC(bswapz(c2), 8);
      ACC(bswapz(c3), 12);
      x = finish(lo, hi, mid);
    }
  }
  if (decrypt) {
    while (len >= 256) {
      __m512i d0 = _mm512_loadu_si512((const void *)in), d1 = _mm512_loadu_si512((const void *)(in + 64));
      __m512i d2 = _mm512_loadu_si512((const void *)(in + 128)), d3 = _mm512_loadu_si512((const void *)(in + 192));
      __m512i lo = _mm512_setzero_si512(), hi = lo, mid = lo;
      CTR4();
      ROUND4(rk(1));
      ACC(_mm512_xor_si512(bswapz(d0), zext(x)), 0);
      ROUND4(rk(2));
      ACC(bswapz(d1), 4);
      ROUND4(rk(3));
      ACC(bswapz(d2), 8);
      ROUND4(rk(4));
      ACC(bswapz(d3), 12);
      ROUND4(rk(5));
      x = finish(lo, hi, mid);
#pragma GCC unroll 15
      for (int r = 6; r < nr; r++) ROUND4(rk(r));
      LAST4(rk(nr));
      _mm512_storeu_si512((void *)out, _mm512_xor_si512(s0, d0));
      _mm512_storeu_si512((void *)(out + 64), _mm512_xor_si512(s1, d1));
      _mm512_storeu_si512((void *)(out + 128), _mm512_xor_si512(s2, d2));
      _mm512_storeu_si512((void *)(out + 192), _mm512_xor_si512(s3, d3));
      in += 256;
      out += 256;
      len -= 256;
    }
  }
  if (len) {
    // Tail: 1..255 bytes, masked.
    const __mmask64 m0 = bmask(len, 0), m1 = bmask(len, 64), m2 = bmask(len, 128), m3 = bmask(len, 192);
    __m512i d0 = _mm512_maskz_loadu_epi8(m0, in), d1 = _mm512_maskz_loadu_epi8(m1, in + 64);
    __m512i d2 = _mm512_maskz_loadu_epi8(m2, in + 128), d3 = _mm512_maskz_loadu_epi8(m3, in + 192);
    CTR4();
#pragma GCC unroll 15
    for (int r = 1; r < nr; r++) ROUND4(rk(r));
    LAST4(rk(nr));
    c0 = _mm512_maskz_mov_epi8(m0, _mm512_xor_si512(s0, d0));
    c1 = _mm512_maskz_mov_epi8(m1, _mm512_xor_si512(s1, d1));
    c2 = _mm512_maskz_mov_epi8(m2, _mm512_xor_si512(s2, d2));
    c3 = _mm512_maskz_mov_epi8(m3, _mm512_xor_si512(s3, d3));
    _mm512_mask_storeu_epi8(out, m0, c0);
    _mm512_mask_storeu_epi8(out + 64, m1, c1);
    _mm512_mask_storeu_epi8(out + 128, m2, c2);
    _mm512_mask_storeu_epi8(out + 192, m3, c3);
    if (decrypt) {
      c0 = d0;
      c1 = d1;
      c2 = d2;
      c3 = d3;
    }
    size_t nb = (len + 15) / 16, base = CCE_GCM_NPOW - nb;
    __m512i lo = _mm512_setzero_si512(), hi = lo, mid = lo;
    ACC(_mm512_xor_si512(bswapz(c0), zext(x)), base);
    if (nb > 4) ACC(bswapz(c1), base + 4);
    if (nb > 8) ACC(bswapz(c2), base + 8);
    if (nb > 12) ACC(bswapz(c3), base + 12);
    x = finish(lo, hi, mid);
    s0 = s1 = s2 = s3 = _mm512_setzero_si512();
  }
  *xp = x;
#undef rk
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

TGT static void ghash_vaes(const cce_gcm_key_int *k, uint8_t xi[16], const uint8_t *in, size_t nblocks) {
  __m128i x = bswap1(_mm_loadu_si128((const __m128i *)xi));
  x = ghash_bytes(k, x, in, 16 * nblocks);
  _mm_storeu_si128((__m128i *)xi, bswap1(x));
}

TGT static void crypt_blocks(const cce_gcm_key_int *k, uint8_t ctr[16], uint8_t xi[16], const uint8_t *in,
                             uint8_t *out, size_t nblocks, int decrypt) {
  __m128i x = bswap1(_mm_loadu_si128((const __m128i *)xi));
  __m128i c = bswap1(_mm_loadu_si128((const __m128i *)ctr));
  crypt_any(k, &c, &x, in, out, 16 * nblocks, decrypt);
  _mm_storeu_si128((__m128i *)xi, bswap1(x));
  _mm_storeu_si128((__m128i *)ctr, bswap1(c));
}

static void enc_vaes(const cce_gcm_key_int *k, uint8_t ctr[16], uint8_t xi[16], const uint8_t *in, uint8_t *out,
                     size_t nblocks) {
  crypt_blocks(k, ctr, xi, in, out, nblocks, 0);
}

static void dec_vaes(const cce_gcm_key_int *k, uint8_t ctr[16], uint8_t xi[16], const uint8_t *in, uint8_t *out,
                     size_t nblocks) {
  crypt_blocks(k, ctr, xi, in, out, nblocks, 1);
}

TGT static inline __m128i aes1(const cce_gcm_key_int *k, __m128i b) {
  const int nr = (int)k->aes.rounds;
  b = _mm_xor_si128(b, _mm_loadu_si128((const __m128i *)k->aes.rk));
  for (int r = 1; r < nr; r++) b = _mm_aesenc_si128(b, _mm_loadu_si128((const __m128i *)(k->aes.rk + 16 * r)));
  return _mm_aesenclast_si128(b, _mm_loadu_si128((const __m128i *)(k->aes.rk + 16 * nr)));
}

TGT static void seal_open(const cce_gcm_key_int *k, const uint8_t j0[16], const uint8_t *aad, size_t aad_len,
                          const uint8_t *in, uint8_t *out, size_t len, uint8_t tag[16], int decrypt) {
  __m128i j = _mm_loadu_si128((const __m128i *)j0);
  __m128i ek0 = aes1(k, j);
  __m128i x = _mm_setzero_si128();
  if (aad_len) x = ghash_bytes(k, x, aad, aad_len);
  __m128i ctr = _mm_add_epi32(bswap1(j), _mm_set_epi32(0, 0, 0, 1));
  if (len) crypt_any(k, &ctr, &x, in, out, len, decrypt);
  __m128i lens = _mm_set_epi64x((long long)((uint64_t)aad_len * 8), (long long)((uint64_t)len * 8));
  // Final block: (x ^ lens) * H.
  __m128i y = _mm_xor_si128(x, lens);
  __m128i h = _mm_loadu_si128((const __m128i *)(k->htab + 16 * (CCE_GCM_NPOW - 1)));
  __m128i l = _mm_clmulepi64_si128(y, h, 0x00), hh = _mm_clmulepi64_si128(y, h, 0x11);
  __m128i m = _mm_xor_si128(_mm_clmulepi64_si128(y, h, 0x01), _mm_clmulepi64_si128(y, h, 0x10));
  l = _mm_xor_si128(l, _mm_slli_si128(m, 8));
  hh = _mm_xor_si128(hh, _mm_srli_si128(m, 8));
  x = reduce(l, hh);
  _mm_storeu_si128((__m128i *)tag, _mm_xor_si128(bswap1(x), ek0));
}

static void seal_vaes(const cce_gcm_key_int *k, const uint8_t j0[16], const uint8_t *aad, size_t aad_len,
                      const uint8_t *in, uint8_t *out, size_t len, uint8_t tag[16]) {
  seal_open(k, j0, aad, aad_len, in, out, len, tag, 0);
}

static void open_vaes(const cce_gcm_key_int *k, const uint8_t j0[16], const uint8_t *aad, size_t aad_len,
                      const uint8_t *in, uint8_t *out, size_t len, uint8_t tag[16]) {
  seal_open(k, j0, aad, aad_len, in, out, len, tag, 1);
}

const cce_gcm_ops cce_gcm_ops_vaes = {
    .init = NULL,
    .ghash = ghash_vaes,
    .enc = enc_vaes,
    .dec = dec_vaes,
    .seal = seal_vaes,
    .open = open_vaes,
    .name = "vaes",
};
