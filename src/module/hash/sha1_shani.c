// SHA-1 compression with the x86 SHA extensions (SHA-NI): SHA1RNDS4 does four
// rounds, SHA1NEXTE derives E, SHA1MSG1/SHA1MSG2 the message schedule
// (FIPS 180-4, 6.1.2). Chosen at run time by sha1.c when cce_cpu_has reports
// SHA-NI, SSSE3 and SSE4.1. No data-dependent branch or index.

#include <immintrin.h>

#include "internal.h"

#define CCE_SHANI_TARGET __attribute__((target("sha,sse4.1,ssse3")))

CCE_HIDDEN void cce_sha1_blocks_shani(uint32_t h[5], const uint8_t *p, size_t num_blocks);

// Registers hold words in reverse order: W_t in dword 3, A in dword 3.
// Group g (rounds 4g..4g+3): E for the group is ROTL30 of A as it was before
// the previous group (SHA1NEXTE), added to the group's message words; `prev`
// keeps {A,B,C,D} from before the previous group.
#define GROUP(m, f)                                  \
  do {                                               \
    __m128i e_ = _mm_sha1nexte_epu32(prev, (m));     \
    prev = abcd;                                     \
    abcd = _mm_sha1rnds4_epu32(abcd, e_, (f));       \
  } while (0)

// W_{t..t+3} = ROTL1(W_{t-3} ^ W_{t-8} ^ W_{t-14} ^ W_{t-16}) from the four
// previous groups m0 (oldest) .. m3; result in m0.
#define SCHED(m0, m1, m2, m3) \
  (m0) = _mm_sha1msg2_epu32(_mm_xor_si128(_mm_sha1msg1_epu32((m0), (m1)), (m2)), (m3))

CCE_HIDDEN CCE_SHANI_TARGET void cce_sha1_blocks_shani(uint32_t h[5], const uint8_t *p, size_t num_blocks) {
  // Reverses all 16 bytes: big-endian words, W_t first in the high dword.
  const __m128i rev = _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)h), 0x1b);  // A in dword 3
  __m128i e0 = _mm_set_epi32((int)h[4], 0, 0, 0);

  while (num_blocks--) {
    const __m128i abcd_in = abcd, e_in = e0;
    __m128i prev;
    __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 0)), rev);
    __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), rev);
    __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), rev);
    __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), rev);

    // Group 0 takes E from the chaining value.
    prev = abcd;
    abcd = _mm_sha1rnds4_epu32(abcd, _mm_add_epi32(e0, m0), 0);
    GROUP(m1, 0);
    GROUP(m2, 0);
    GROUP(m3, 0);
    SCHED(m0, m1, m2, m3); GROUP(m0, 0);
    SCHED(m1, m2, m3, m0); GROUP(m1, 1);
    SCHED(m2, m3, m0, m1); GROUP(m2, 1);
    SCHED(m3, m0, m1, m2); GROUP(m3, 1);
    SCHED(m0, m1, m2, m3); GROUP(m0, 1);
    SCHED(m1, m2, m3, m0); GROUP(m1, 1);
    SCHED(m2, m3, m0, m1); GROUP(m2, 2);
    SCHED(m3, m0, m1, m2); GROUP(m3, 2);
    SCHED(m0, m1, m2, m3); GROUP(m0, 2);
    SCHED(m1, m2, m3, m0); GROUP(m1, 2);
    SCHED(m2, m3, m0, m1); GROUP(m2, 2);
    SCHED(m3, m0, m1, m2); GROUP(m3, 3);
    SCHED(m0, m1, m2, m3); GROUP(m0, 3);
    SCHED(m1, m2, m3, m0); GROUP(m1, 3);
    SCHED(m2, m3, m0, m1); GROUP(m2, 3);
    SCHED(m3, m0, m1, m2); GROUP(m3, 3);

    // E after 80 rounds is ROTL30 of A before the last group.
    e0 = _mm_sha1nexte_epu32(prev, e_in);
    abcd = _mm_add_epi32(abcd, abcd_in);
    p += 64;
  }

  _mm_storeu_si128((__m128i *)h, _mm_shuffle_epi32(abcd, 0x1b));
  h[4] = (uint32_t)_mm_extract_epi32(e0, 3);
}
