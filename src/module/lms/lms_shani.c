// Winternitz chains of LMS with the x86 SHA extensions (SHA-NI).
//
// A chain step hashes the single block
//   I[16] || u32str(q) || u16str(i) || u8str(j) || tmp[n] || 0x80 || 0.. || len
// (23 + n = 55 or 47 bytes). Here the block is never written to memory: it
// is assembled in registers from the previous digest (byte string tmp,
// shifted by 7 bytes into place), the constant prefix and the padding, and
// j is incremented in its byte lane. Two chains are run side by side so
// that the latency of SHA256RNDS2 of one hides behind the other. Chosen by
// lms.c when cce_cpu_has(SHA-NI, SSSE3, SSE4.1); lms.c keeps the portable
// path. No data-dependent branch or index (step counts are public).

#include <immintrin.h>

#include "internal.h"

#define LMS_SHANI_TARGET __attribute__((target("sha,sse4.1,ssse3")))

CCE_HIDDEN extern const uint32_t cce_sha256_k[64];
CCE_HIDDEN void cce_lms_chains_shani(const uint8_t I[16], uint32_t q, unsigned n, unsigned lanes,
                                     const uint16_t *i, const uint8_t *j0, const unsigned *steps, uint8_t *const *tmp);

#define QR(abef, cdgh, m, t)                                                                 \
  do {                                                                                       \
    __m128i wk_ = _mm_add_epi32((m), _mm_load_si128((const __m128i *)(cce_sha256_k + (t)))); \
    cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk_);                                           \
    wk_ = _mm_shuffle_epi32(wk_, 0x0e);                                                      \
    abef = _mm_sha256rnds2_epu32(abef, cdgh, wk_);                                           \
  } while (0)

#define SCHED(m0, m1, m2, m3) \
  (m0) = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32((m0), (m1)), _mm_alignr_epi8((m3), (m2), 4)), (m3))

typedef struct lane {
  __m128i t0, t1;  // tmp as a byte string (bytes 0..15, 16..31; n = 24: upper 8 bytes zero)
  __m128i pre;     // block bytes 16..31 template: q, i, j (byte 6), zeros
} lane;

typedef struct consts {
  __m128i bswap, m0, iv_abef, iv_cdgh, jinc, pad2, pad3, lo64;
  unsigned n;
} consts;

// One chain step of lane `L`.
static inline LMS_SHANI_TARGET void step(const consts *c, lane *L) {
  __m128i b1 = _mm_or_si128(L->pre, _mm_slli_si128(L->t0, 7));
  __m128i b2 = _mm_or_si128(_mm_alignr_epi8(L->t1, L->t0, 9), c->pad2);
  __m128i b3 = c->n == 32 ? _mm_or_si128(_mm_srli_si128(L->t1, 9), c->pad3) : c->pad3;
  __m128i m0 = c->m0;
  __m128i m1 = _mm_shuffle_epi8(b1, c->bswap);
  __m128i m2 = _mm_shuffle_epi8(b2, c->bswap);
  __m128i m3 = _mm_shuffle_epi8(b3, c->bswap);
  __m128i abef = c->iv_abef, cdgh = c->iv_cdgh;
  QR(abef, cdgh, m0, 0);
  QR(abef, cdgh, m1, 4);
  QR(abef, cdgh, m2, 8);
  QR(abef, cdgh, m3, 12);
  SCHED(m0, m1, m2, m3); QR(abef, cdgh, m0, 16);
  SCHED(m1, m2, m3, m0); QR(abef, cdgh, m1, 20);
  SCHED(m2, m3, m0, m1); QR(abef, cdgh, m2, 24);
  SCHED(m3, m0, m1, m2); QR(abef, cdgh, m3, 28);
  SCHED(m0, m1, m2, m3); QR(abef, cdgh, m0, 32);
  SCHED(m1, m2, m3, m0); QR(abef, cdgh, m1, 36);
  SCHED(m2, m3, m0, m1); QR(abef, cdgh, m2, 40);
  SCHED(m3, m0, m1, m2); QR(abef, cdgh, m3, 44);
  SCHED(m0, m1, m2, m3); QR(abef, cdgh, m0, 48);
  SCHED(m1, m2, m3, m0); QR(abef, cdgh, m1, 52);
  SCHED(m2, m3, m0, m1); QR(abef, cdgh, m2, 56);
  SCHED(m3, m0, m1, m2); QR(abef, cdgh, m3, 60);
  abef = _mm_add_epi32(abef, c->iv_abef);
  cdgh = _mm_add_epi32(cdgh, c->iv_cdgh);
  // {f,e,b,a}, {h,g,d,c} -> {a,b,c,d}, {e,f,g,h} -> big-endian bytes.
  __m128i t = _mm_shuffle_epi32(abef, 0x1b);  // a b e f
  __m128i u = _mm_shuffle_epi32(cdgh, 0xb1);  // g h c d
  __m128i v0 = _mm_blend_epi16(t, u, 0xf0);   // a b c d
  __m128i v1 = _mm_alignr_epi8(u, t, 8);      // e f g h
  L->t0 = _mm_shuffle_epi8(v0, c->bswap);
  L->t1 = _mm_and_si128(_mm_shuffle_epi8(v1, c->bswap), c->lo64);
  L->pre = _mm_add_epi8(L->pre, c->jinc);
}

static inline LMS_SHANI_TARGET void lane_load(lane *L, const uint8_t I[16], uint32_t q, uint16_t i, uint8_t j,
                                              const uint8_t *tmp, unsigned n) {
  (void)I;
  L->pre = _mm_setr_epi8((char)(q >> 24), (char)(q >> 16), (char)(q >> 8), (char)q, (char)(i >> 8), (char)i,
                         (char)j, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  L->t0 = _mm_loadu_si128((const __m128i *)tmp);
  L->t1 = n == 32 ? _mm_loadu_si128((const __m128i *)(tmp + 16)) : _mm_loadl_epi64((const __m128i *)(tmp + 16));
}

static inline LMS_SHANI_TARGET void lane_store(const lane *L, uint8_t *tmp, unsigned n) {
  _mm_storeu_si128((__m128i *)tmp, L->t0);
  if (n == 32)
    _mm_storeu_si128((__m128i *)(tmp + 16), L->t1);
  else
    _mm_storel_epi64((__m128i *)(tmp + 16), L->t1);
}

LMS_SHANI_TARGET void cce_lms_chains_shani(const uint8_t I[16], uint32_t q, unsigned n, unsigned lanes,
                                           const uint16_t *i, const uint8_t *j0, const unsigned *steps,
                                           uint8_t *const *tmp) {
  consts c;
  c.n = n;
  c.bswap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
  c.m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)I), c.bswap);
  // SHA-256 IV as {f,e,b,a} and {h,g,d,c}.
  c.iv_abef = _mm_set_epi32(0x6a09e667, (int)0xbb67ae85, 0x510e527f, (int)0x9b05688c);
  c.iv_cdgh = _mm_set_epi32(0x3c6ef372, (int)0xa54ff53a, 0x1f83d9ab, 0x5be0cd19);
  c.jinc = _mm_setr_epi8(0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  if (n == 32) {
    // bytes 48..54 tmp[25..31], 55 = 0x80, 56..63 = 440 (bits).
    c.pad2 = _mm_setzero_si128();
    c.pad3 = _mm_setr_epi8(0, 0, 0, 0, 0, 0, 0, (char)0x80, 0, 0, 0, 0, 0, 0, 0x01, (char)0xb8);
    c.lo64 = _mm_set1_epi8((char)0xff);
  } else {
    // bytes 32..46 tmp[9..23], 47 = 0x80; 48..55 zero, 56..63 = 376 (bits).
    c.pad2 = _mm_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (char)0x80);
    c.pad3 = _mm_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x78);
    c.lo64 = _mm_setr_epi32(-1, -1, 0, 0);
  }
  lane a, b;
  unsigned sa = steps[0], sb = 0;
  lane_load(&a, I, q, i[0], j0[0], tmp[0], n);
  if (lanes > 1) {
    lane_load(&b, I, q, i[1], j0[1], tmp[1], n);
    sb = steps[1];
    while (sa > 0 && sb > 0) {
      step(&c, &a);
      step(&c, &b);
      sa--;
      sb--;
    }
    while (sb > 0) {
      step(&c, &b);
      sb--;
    }
    lane_store(&b, tmp[1], n);
    cce_wipe(&b, sizeof(b));
  }
  while (sa > 0) {
    step(&c, &a);
    sa--;
  }
  lane_store(&a, tmp[0], n);
  cce_wipe(&a, sizeof(a));
}
