// AES-GCM with AES-NI and PCLMULQDQ: CTR and GHASH fused, 8 blocks per
// iteration, powers H^1..H^8 precomputed (gcm.c), one Karatsuba-aggregated
// reduction per 8 blocks. Round keys are read from the AES core's `rk`
// (FIPS 197 byte order, the layout AESENC expects).
//
// GHASH representation and reduction: see gcm_internal.h. Blocks are
// byte-reversed (PSHUFB) into integers; the product of 128-bit integers is
// reduced by y^-128 with two carry-less multiplications by 0xC2 << 56.
// Everything here is constant-time (no secret-dependent branch or address).

#include <immintrin.h>

#include "gcm_internal.h"

#define TGT __attribute__((target("aes,pclmul,ssse3,sse4.1")))

TGT static inline __m128i bswap(__m128i x) {
  return _mm_shuffle_epi8(x, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

TGT static inline __m128i reduce(__m128i lo, __m128i hi) {
  const __m128i poly = _mm_set_epi64x(0, (long long)0xC200000000000000ULL);
  __m128i t = _mm_clmulepi64_si128(lo, poly, 0x00);
  lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4E), t);
  t = _mm_clmulepi64_si128(lo, poly, 0x00);
  lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4E), t);
  return _mm_xor_si128(lo, hi);
}

// Karatsuba accumulation of b * h into (lo, hi, mid); hk = (h.hi ^ h.lo) in
// the low half.
#define KACC(b, h, hk)                                                                  \
  do {                                                                                  \
    __m128i b_ = (b);                                                                   \
    lo = _mm_xor_si128(lo, _mm_clmulepi64_si128(b_, (h), 0x00));                        \
    hi = _mm_xor_si128(hi, _mm_clmulepi64_si128(b_, (h), 0x11));                        \
    mid = _mm_xor_si128(mid, _mm_clmulepi64_si128(_mm_xor_si128(b_, _mm_shuffle_epi32(b_, 0x4E)), (hk), 0x00)); \
  } while (0)

TGT static inline __m128i kfinish(__m128i lo, __m128i hi, __m128i mid) {
  mid = _mm_xor_si128(mid, _mm_xor_si128(lo, hi));
  lo = _mm_xor_si128(lo, _mm_slli_si128(mid, 8));
  hi = _mm_xor_si128(hi, _mm_srli_si128(mid, 8));
  return reduce(lo, hi);
}

#define HPOW(k, p) _mm_load_si128((const __m128i *)((k)->htab + 16 * (CCE_GCM_NPOW - (p))))
#define HKAR(k, p) _mm_load_si128((const __m128i *)((k)->hkar + 16 * (CCE_GCM_NPOW - (p))))
#define RK(k, i) _mm_loadu_si128((const __m128i *)((k)->aes.rk + 16 * (i)))

// X = (X ^ c[0]) * H^n ^ c[1] * H^(n-1) ^ ... ^ c[n-1] * H, c already
// byte-reversed, 1 <= n <= 16.
TGT static inline __m128i ghash_n(const cce_gcm_key_int *k, __m128i x, const __m128i *c, size_t n) {
  __m128i lo = _mm_setzero_si128(), hi = lo, mid = lo;
  KACC(_mm_xor_si128(x, c[0]), HPOW(k, n), HKAR(k, n));
  for (size_t j = 1; j < n; j++) KACC(c[j], HPOW(k, n - j), HKAR(k, n - j));
  return kfinish(lo, hi, mid);
}

// GHASH over whole blocks in memory.
TGT static __m128i ghash_mem(const cce_gcm_key_int *k, __m128i x, const uint8_t *in, size_t nblocks) {
  __m128i c[8];
  while (nblocks >= 8) {
    for (int j = 0; j < 8; j++) c[j] = bswap(_mm_loadu_si128((const __m128i *)(in + 16 * j)));
    x = ghash_n(k, x, c, 8);
    in += 128;
    nblocks -= 8;
  }
  if (nblocks) {
    for (size_t j = 0; j < nblocks; j++) c[j] = bswap(_mm_loadu_si128((const __m128i *)(in + 16 * j)));
    x = ghash_n(k, x, c, nblocks);
  }
  return x;
}

TGT static inline __m128i aes1(const cce_gcm_key_int *k, __m128i b) {
  const int nr = (int)k->aes.rounds;
  b = _mm_xor_si128(b, RK(k, 0));
  for (int r = 1; r < nr; r++) b = _mm_aesenc_si128(b, RK(k, r));
  return _mm_aesenclast_si128(b, RK(k, nr));
}

// n (<= 8) blocks of CTR keystream XOR in -> out; ctr (byte-reversed) advanced.
TGT static inline void ctr_n(const cce_gcm_key_int *k, __m128i *ctr, const uint8_t *in, uint8_t *out, size_t n,
                             __m128i *cout) {
  const int nr = (int)k->aes.rounds;
  const __m128i one = _mm_set_epi32(0, 0, 0, 1);
  __m128i s[8];
  __m128i rk0 = RK(k, 0);
  for (size_t j = 0; j < n; j++) {
    s[j] = _mm_xor_si128(bswap(*ctr), rk0);
    *ctr = _mm_add_epi32(*ctr, one);
  }
  for (int r = 1; r < nr; r++) {
    __m128i rk = RK(k, r);
    for (size_t j = 0; j < n; j++) s[j] = _mm_aesenc_si128(s[j], rk);
  }
  __m128i rkl = RK(k, nr);
  for (size_t j = 0; j < n; j++) {
    __m128i c = _mm_xor_si128(_mm_aesenclast_si128(s[j], rkl), _mm_loadu_si128((const __m128i *)(in + 16 * j)));
    _mm_storeu_si128((__m128i *)(out + 16 * j), c);
    cout[j] = c;
  }
}

// The 8-block body: AES of 8 counter blocks with GHASH of 8 (byte-reversed)
// blocks g[] folded into *x between the rounds.
#define AES8_ROUND(r)                                         \
  do {                                                        \
    __m128i rk_ = RK(k, r);                                   \
    s0 = _mm_aesenc_si128(s0, rk_);                           \
    s1 = _mm_aesenc_si128(s1, rk_);                           \
    s2 = _mm_aesenc_si128(s2, rk_);                           \
    s3 = _mm_aesenc_si128(s3, rk_);                           \
    s4 = _mm_aesenc_si128(s4, rk_);                           \
    s5 = _mm_aesenc_si128(s5, rk_);                           \
    s6 = _mm_aesenc_si128(s6, rk_);                           \
    s7 = _mm_aesenc_si128(s7, rk_);                           \
  } while (0)

TGT static inline void aes8_ghash8(const cce_gcm_key_int *k, __m128i *ctr, __m128i *x, const __m128i g[8],
                                   const uint8_t *in, uint8_t *out, __m128i cout[8]) {
  const int nr = (int)k->aes.rounds;
  const __m128i one = _mm_set_epi32(0, 0, 0, 1), two = _mm_set_epi32(0, 0, 0, 2);
  const __m128i rk0 = RK(k, 0);
  __m128i c0 = *ctr, c1 = _mm_add_epi32(c0, one);
  __m128i s0 = _mm_xor_si128(bswap(c0), rk0), s1 = _mm_xor_si128(bswap(c1), rk0);
  c0 = _mm_add_epi32(c0, two);
  c1 = _mm_add_epi32(c1, two);
  __m128i s2 = _mm_xor_si128(bswap(c0), rk0), s3 = _mm_xor_si128(bswap(c1), rk0);
  c0 = _mm_add_epi32(c0, two);
  c1 = _mm_add_epi32(c1, two);
  __m128i s4 = _mm_xor_si128(bswap(c0), rk0), s5 = _mm_xor_si128(bswap(c1), rk0);
  c0 = _mm_add_epi32(c0, two);
  c1 = _mm_add_epi32(c1, two);
  __m128i s6 = _mm_xor_si128(bswap(c0), rk0), s7 = _mm_xor_si128(bswap(c1), rk0);
  *ctr = _mm_add_epi32(c0, two);

  __m128i lo = _mm_setzero_si128(), hi = lo, mid = lo;
  AES8_ROUND(1);
  KACC(_mm_xor_si128(*x, g[0]), HPOW(k, 8), HKAR(k, 8));
  AES8_ROUND(2);
  KACC(g[1], HPOW(k, 7), HKAR(k, 7));
  AES8_ROUND(3);
  KACC(g[2], HPOW(k, 6), HKAR(k, 6));
  AES8_ROUND(4);
  KACC(g[3], HPOW(k, 5), HKAR(k, 5));
  AES8_ROUND(5);
  KACC(g[4], HPOW(k, 4), HKAR(k, 4));
  AES8_ROUND(6);
  KACC(g[5], HPOW(k, 3), HKAR(k, 3));
  AES8_ROUND(7);
  KACC(g[6], HPOW(k, 2), HKAR(k, 2));
  AES8_ROUND(8);
  KACC(g[7], HPOW(k, 1), HKAR(k, 1));
  AES8_ROUND(9);
  *x = kfinish(lo, hi, mid);
  for (int r = 10; r < nr; r++) AES8_ROUND(r);
  const __m128i rkl = RK(k, nr);
  const __m128i *ip = (const __m128i *)in;
  __m128i *op = (__m128i *)out;
  cout[0] = _mm_xor_si128(_mm_aesenclast_si128(s0, rkl), _mm_loadu_si128(ip + 0));
  cout[1] = _mm_xor_si128(_mm_aesenclast_si128(s1, rkl), _mm_loadu_si128(ip + 1));
  cout[2] = _mm_xor_si128(_mm_aesenclast_si128(s2, rkl), _mm_loadu_si128(ip + 2));
  cout[3] = _mm_xor_si128(_mm_aesenclast_si128(s3, rkl), _mm_loadu_si128(ip + 3));
  cout[4] = _mm_xor_si128(_mm_aesenclast_si128(s4, rkl), _mm_loadu_si128(ip + 4));
  cout[5] = _mm_xor_si128(_mm_aesenclast_si128(s5, rkl), _mm_loadu_si128(ip + 5));
  cout[6] = _mm_xor_si128(_mm_aesenclast_si128(s6, rkl), _mm_loadu_si128(ip + 6));
  cout[7] = _mm_xor_si128(_mm_aesenclast_si128(s7, rkl), _mm_loadu_si128(ip + 7));
  for (int j = 0; j < 8; j++) _mm_storeu_si128(op + j, cout[j]);
}

// Encrypt whole blocks; GHASH of each 8-block batch runs during the AES of
// the next one.
TGT static void enc_blocks(const cce_gcm_key_int *k, __m128i *ctr, __m128i *x, const uint8_t *in, uint8_t *out,
                           size_t nblocks) {
  __m128i c[8], g[8];
  if (nblocks >= 8) {
    ctr_n(k, ctr, in, out, 8, c);
    in += 128;
    out += 128;
    nblocks -= 8;
    while (nblocks >= 8) {
      for (int j = 0; j < 8; j++) g[j] = bswap(c[j]);
      aes8_ghash8(k, ctr, x, g, in, out, c);
      in += 128;
      out += 128;
      nblocks -= 8;
    }
    for (int j = 0; j < 8; j++) g[j] = bswap(c[j]);
    *x = ghash_n(k, *x, g, 8);
  }
  if (nblocks) {
    ctr_n(k, ctr, in, out, nblocks, c);
    for (size_t j = 0; j < nblocks; j++) g[j] = bswap(c[j]);
    *x = ghash_n(k, *x, g, nblocks);
  }
}

TGT static void dec_blocks(const cce_gcm_key_int *k, __m128i *ctr, __m128i *x, const uint8_t *in, uint8_t *out,
                           size_t nblocks) {
  __m128i c[8], g[8];
  while (nblocks >= 8) {
    for (int j = 0; j < 8; j++) g[j] = bswap(_mm_loadu_si128((const __m128i *)(in + 16 * j)));
    aes8_ghash8(k, ctr, x, g, in, out, c);
    in += 128;
    out += 128;
    nblocks -= 8;
  }
  if (nblocks) {
    for (size_t j = 0; j < nblocks; j++) g[j] = bswap(_mm_loadu_si128((const __m128i *)(in + 16 * j)));
    *x = ghash_n(k, *x, g, nblocks);
    ctr_n(k, ctr, in, out, nblocks, c);
  }
}

TGT static void ghash_aesni(const cce_gcm_key_int *k, uint8_t xi[16], const uint8_t *in, size_t nblocks) {
  __m128i x = bswap(_mm_loadu_si128((const __m128i *)xi));
  x = ghash_mem(k, x, in, nblocks);
  _mm_storeu_si128((__m128i *)xi, bswap(x));
}

TGT static void enc_aesni(const cce_gcm_key_int *k, uint8_t ctr[16], uint8_t xi[16], const uint8_t *in, uint8_t *out,
                          size_t nblocks) {
  __m128i x = bswap(_mm_loadu_si128((const __m128i *)xi));
  __m128i c = bswap(_mm_loadu_si128((const __m128i *)ctr));
  enc_blocks(k, &c, &x, in, out, nblocks);
  _mm_storeu_si128((__m128i *)xi, bswap(x));
  _mm_storeu_si128((__m128i *)ctr, bswap(c));
}

TGT static void dec_aesni(const cce_gcm_key_int *k, uint8_t ctr[16], uint8_t xi[16], const uint8_t *in, uint8_t *out,
                          size_t nblocks) {
  __m128i x = bswap(_mm_loadu_si128((const __m128i *)xi));
  __m128i c = bswap(_mm_loadu_si128((const __m128i *)ctr));
  dec_blocks(k, &c, &x, in, out, nblocks);
  _mm_storeu_si128((__m128i *)xi, bswap(x));
  _mm_storeu_si128((__m128i *)ctr, bswap(c));
}

// Partial trailing block of n (1..15) bytes into a zero-padded register.
TGT static inline __m128i load_partial(const uint8_t *p, size_t n) {
  uint8_t b[16] = {0};
  memcpy(b, p, n);
  return _mm_loadu_si128((const __m128i *)b);
}

TGT static void seal_open(const cce_gcm_key_int *k, const uint8_t j0[16], const uint8_t *aad, size_t aad_len,
                          const uint8_t *in, uint8_t *out, size_t len, uint8_t tag[16], int decrypt) {
  __m128i x = _mm_setzero_si128();
  __m128i j = _mm_loadu_si128((const __m128i *)j0);
  __m128i ek0 = aes1(k, j);
  x = ghash_mem(k, x, aad, aad_len / 16);
  if (aad_len % 16) x = ghash_n(k, x, (__m128i[1]){bswap(load_partial(aad + aad_len - aad_len % 16, aad_len % 16))}, 1);
  __m128i ctr = _mm_add_epi32(bswap(j), _mm_set_epi32(0, 0, 0, 1));
  size_t nb = len / 16, rem = len % 16;
  if (decrypt)
    dec_blocks(k, &ctr, &x, in, out, nb);
  else
    enc_blocks(k, &ctr, &x, in, out, nb);
  if (rem) {
    __m128i d = load_partial(in + 16 * nb, rem);
    __m128i ks = aes1(k, bswap(ctr));
    __m128i c = _mm_xor_si128(d, ks);
    uint8_t b[16];
    _mm_storeu_si128((__m128i *)b, c);
    memcpy(out + 16 * nb, b, rem);
    memset(b + rem, 0, 16 - rem);
    __m128i g = decrypt ? d : _mm_loadu_si128((const __m128i *)b);
    x = ghash_n(k, x, (__m128i[1]){bswap(g)}, 1);
    cce_wipe(b, sizeof(b));
  }
  __m128i lens = _mm_set_epi64x((long long)((uint64_t)aad_len * 8), (long long)((uint64_t)len * 8));
  x = ghash_n(k, x, &lens, 1);
  _mm_storeu_si128((__m128i *)tag, _mm_xor_si128(bswap(x), ek0));
}

static void seal_aesni(const cce_gcm_key_int *k, const uint8_t j0[16], const uint8_t *aad, size_t aad_len,
                       const uint8_t *in, uint8_t *out, size_t len, uint8_t tag[16]) {
  seal_open(k, j0, aad, aad_len, in, out, len, tag, 0);
}

static void open_aesni(const cce_gcm_key_int *k, const uint8_t j0[16], const uint8_t *aad, size_t aad_len,
                       const uint8_t *in, uint8_t *out, size_t len, uint8_t tag[16]) {
  seal_open(k, j0, aad, aad_len, in, out, len, tag, 1);
}

const cce_gcm_ops cce_gcm_ops_aesni = {
    .init = NULL,
    .ghash = ghash_aesni,
    .enc = enc_aesni,
    .dec = dec_aesni,
    .seal = seal_aesni,
    .open = open_aesni,
    .name = "aesni",
};
