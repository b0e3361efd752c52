// SHA-224/256 compression with the x86 SHA extensions (SHA-NI):
// SHA256RNDS2 does two rounds, SHA256MSG1/SHA256MSG2 the message schedule
// (FIPS 180-4, 6.2.2). Chosen at run time by sha256.c when cce_cpu_has
// reports SHA-NI, SSSE3 and SSE4.1. No data-dependent branch or index.

#include <immintrin.h>

#include "internal.h"

#define CCE_SHANI_TARGET __attribute__((target("sha,sse4.1,ssse3")))

CCE_HIDDEN extern const uint32_t cce_sha256_k[64];
CCE_HIDDEN void cce_sha256_blocks_shani(uint32_t h[8], const uint8_t *p, size_t num_blocks);

// Four rounds t..t+3 with message words `m` (W_t in the low dword).
// SHA256RNDS2(cdgh, abef, wk) returns the new {A,B,E,F} after two rounds;
// the old {A,B,E,F} becomes the new {C,D,G,H}, so the two variables swap
// roles after each call and are back in place after two calls.
#define QROUND(m, t)                                                            \
  do {                                                                         \
    __m128i wk_ = _mm_add_epi32((m), _mm_load_si128((const __m128i *)(cce_sha256_k + (t)))); \
    cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk_);                             \
    wk_ = _mm_shuffle_epi32(wk_, 0x0e);                                        \
    abef = _mm_sha256rnds2_epu32(abef, cdgh, wk_);                             \
  } while (0)

// W_{t..t+3} from the four previous groups: m0 = W_{t-16..t-13},
// m1 = W_{t-12..t-9}, m2 = W_{t-8..t-5}, m3 = W_{t-4..t-1}; result in m0.
// MSG1 gives W_{t-16} + sigma0(W_{t-15}); add W_{t-7..t-4}; MSG2 adds sigma1.
#define SCHED(m0, m1, m2, m3) \
  (m0) = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32((m0), (m1)), _mm_alignr_epi8((m3), (m2), 4)), (m3))

CCE_HIDDEN CCE_SHANI_TARGET void cce_sha256_blocks_shani(uint32_t h[8], const uint8_t *p, size_t num_blocks) {
  const __m128i bswap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
  // State {a,b,c,d},{e,f,g,h} -> {F,E,B,A} and {H,G,D,C} (dword 0 first).
  __m128i v0 = _mm_loadu_si128((const __m128i *)h);        // a b c d
  __m128i v1 = _mm_loadu_si128((const __m128i *)(h + 4));  // e f g h
  __m128i t0 = _mm_shuffle_epi32(v0, 0xb1);                // b a d c
  v1 = _mm_shuffle_epi32(v1, 0x1b);                        // h g f e
  __m128i abef = _mm_alignr_epi8(t0, v1, 8);               // f e b a
  __m128i cdgh = _mm_blend_epi16(v1, t0, 0xf0);            // h g d c

  while (num_blocks--) {
    const __m128i abef_in = abef, cdgh_in = cdgh;
    __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 0)), bswap);
    __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), bswap);
    __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), bswap);
    __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), bswap);

    QROUND(m0, 0);
    QROUND(m1, 4);
    QROUND(m2, 8);
    QROUND(m3, 12);
    SCHED(m0, m1, m2, m3); QROUND(m0, 16);
    SCHED(m1, m2, m3, m0); QROUND(m1, 20);
    SCHED(m2, m3, m0, m1); QROUND(m2, 24);
    SCHED(m3, m0, m1, m2); QROUND(m3, 28);
    SCHED(m0, m1, m2, m3); QROUND(m0, 32);
    SCHED(m1, m2, m3, m0); QROUND(m1, 36);
    SCHED(m2, m3, m0, m1); QROUND(m2, 40);
    SCHED(m3, m0, m1, m2); QROUND(m3, 44);
    SCHED(m0, m1, m2, m3); QROUND(m0, 48);
    SCHED(m1, m2, m3, m0); QROUND(m1, 52);
    SCHED(m2, m3, m0, m1); QROUND(m2, 56);
    SCHED(m3, m0, m1, m2); QROUND(m3, 60);

    abef = _mm_add_epi32(abef, abef_in);
    cdgh = _mm_add_epi32(cdgh, cdgh_in);
    p += 64;
  }

  // Back to {a,b,c,d},{e,f,g,h}.
  t0 = _mm_shuffle_epi32(abef, 0x1b);          // a b e f
  v1 = _mm_shuffle_epi32(cdgh, 0xb1);          // g h c d
  v0 = _mm_blend_epi16(t0, v1, 0xf0);          // a b c d
  v1 = _mm_alignr_epi8(v1, t0, 8);             // e f g h
  _mm_storeu_si128((__m128i *)h, v0);
  _mm_storeu_si128((__m128i *)(h + 4), v1);
}
