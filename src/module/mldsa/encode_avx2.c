// ML-DSA BitPack / BitUnpack (FIPS 204 Algorithms 16-19), AVX2 forms for the
// widths of the key encodings: 3 and 4 (s1, s2 with eta 2 and 4), 10 (t1)
// and 13 (t0). Results are identical to the scalar forms in encode.c for
// every input: pack stores the low `bits` bits of (offset - a[i]) (neg) or
// a[i]; unpack gives offset - v (neg) or v for every input byte pattern
// (values out of the eta range included: the caller checks the range).
// Reached from cce_mldsa_pack / cce_mldsa_unpack when the AVX2 back end is
// in use (cce_cpu_has(CCE_CPU_AVX2), honouring the CCE_CPU override).
//
// Eight coefficients fill exactly `bits` bytes (a group).
//
// Unpack: the 16 bytes from the start of a group are loaded into both
// 128-bit halves; vpshufb gives 32-bit lane t (coefficient t of the group)
// the bytes from the one holding bit t * bits on, up to the group's last
// byte, then a per-lane shift by (t * bits) mod 8 and a mask leave the
// coefficient. The last groups (whose 16 bytes would pass the end of the
// input) use the last 16 input bytes, with the control indices moved on.
//
// Pack, widths 3 and 4 (64 coefficients a step): masked coefficients to one
// byte each (packssdw, packuswb), then joined with vpmaddubsw / vpmaddwd and
// 64-bit shifts; exact stores (32 bytes, or 16 + 8 bytes).
//
// Pack, widths 10 and 13: sixteen coefficients (two groups) a step, one
// group per 128-bit half. Masked to `bits` bits they fit in 16-bit lanes
// (packssdw); vpmaddwd with (1, 2^bits) joins pairs into 32-bit lanes of
// 2 bits; a left shift of the even lane by 32 - 2 bits then a 64-bit right
// shift by the same amount joins those pairs into 64-bit lanes of 4 bits.
// For even widths both 64-bit halves are whole bytes and one vpshufb
// concatenates them; for odd widths the upper half is first shifted left by
// 4 so that it starts on a byte boundary, and the byte where the two meet
// is the OR of two vpshufb. Each half is stored with a 16-byte store (the
// second one overwrites the bytes past the first group, the next step those
// past the second); the last step instead stores the first and the last 16
// of its 2 * bits bytes, so nothing is written past the output.
//
// No load or store outside the in/out buffers (32 * bits bytes), and no
// local copy of the (secret) data. Constant time: branches only on the
// public width and sign; bytes selected by vpshufb with constant controls.

#include <immintrin.h>

#include "internal.h"

#define AVX2_INLINE static inline __attribute__((always_inline, target("avx2")))

// ---- Unpack ------------------------------------------------------------------

// Control byte k of 32-bit lane t: byte (t * b) / 8 + k of the group, or
// zero (-1) past the group's last byte (b - 1), which holds no bit of the
// coefficient. The upper half reads the same 16 bytes, so its indices are
// group indices too.
#define UB(b, t, k) (char)((((t) * (b)) >> 3) + (k) < (b) ? (((t) * (b)) >> 3) + (k) : -1)
#define UCTL(b, t) UB(b, t, 0), UB(b, t, 1), UB(b, t, 2), UB(b, t, 3)
#define USHUF(b) \
  _mm256_setr_epi8(UCTL(b, 0), UCTL(b, 1), UCTL(b, 2), UCTL(b, 3), UCTL(b, 4), UCTL(b, 5), UCTL(b, 6), UCTL(b, 7))
#define USHIFT(b) \
  _mm256_setr_epi32(0, (b) & 7, (2 * (b)) & 7, (3 * (b)) & 7, (4 * (b)) & 7, (5 * (b)) & 7, (6 * (b)) & 7, (7 * (b)) & 7)

// Group from the 16 bytes at p, its first byte at p[d].
AVX2_INLINE void unpack_group(int32_t *a, const uint8_t *p, int d, __m256i shuf, __m256i shift, __m256i mask,
                              __m256i off, int neg) {
  __m256i x = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)p));
  if (d) shuf = _mm256_add_epi8(shuf, _mm256_set1_epi8((char)d));  // -1 entries stay negative (d < 16)
  x = _mm256_and_si256(_mm256_srlv_epi32(_mm256_shuffle_epi8(x, shuf), shift), mask);
  if (neg) x = _mm256_sub_epi32(off, x);
  _mm256_storeu_si256((__m256i *)a, x);
}

AVX2_INLINE void unpack_w(int32_t a[MLDSA_N], const uint8_t *in, int b, int32_t offset, int neg) {
  const __m256i shuf = USHUF(b), shift = USHIFT(b);
  const __m256i mask = _mm256_set1_epi32((int32_t)((1u << b) - 1)), off = _mm256_set1_epi32(offset);
  // Groups whose 16 bytes from their start lie inside the 32 b input bytes;
  // the others read the last 16 input bytes, with the control moved on.
  const int nmain = (32 * b - 16) / b + 1;
  int g = 0;
  for (; g < nmain; g++) unpack_group(a + 8 * g, in + g * b, 0, shuf, shift, mask, off, neg);
  for (; g < MLDSA_N / 8; g++)
    unpack_group(a + 8 * g, in + 32 * b - 16, g * b - (32 * b - 16), shuf, shift, mask, off, neg);
}

// ---- Pack, widths 3 and 4: 64 coefficients (8 b bytes) per step ---------------

// 32 coefficients, masked to b bits, to one byte each: a[o[j] .. o[j] + 8)
// in bytes 8 j .. 8 j + 7 (packssdw, packuswb, then vpermd to undo the
// per-half interleave).
AVX2_INLINE __m256i to_bytes(const int32_t *a, const unsigned o[4], __m256i mask, __m256i off, int neg) {
  __m256i x[4];
  for (int j = 0; j < 4; j++) {
    x[j] = _mm256_loadu_si256((const __m256i *)(a + o[j]));
    if (neg) x[j] = _mm256_sub_epi32(off, x[j]);
    x[j] = _mm256_and_si256(x[j], mask);
  }
  __m256i p = _mm256_packus_epi16(_mm256_packs_epi32(x[0], x[1]), _mm256_packs_epi32(x[2], x[3]));
  return _mm256_permutevar8x32_epi32(p, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
}

// Width 4: byte pairs joined as x0 + 16 x1 (vpmaddubsw), then to bytes.
AVX2_INLINE void pack4(uint8_t *out, const int32_t a[MLDSA_N], int32_t offset, int neg) {
  const __m256i mask = _mm256_set1_epi32(15), off = _mm256_set1_epi32(offset), m = _mm256_set1_epi16(0x1001);
  static const unsigned o0[4] = {0, 8, 16, 24}, o1[4] = {32, 40, 48, 56};
  for (unsigned i = 0; i < MLDSA_N; i += 64) {
    __m256i b0 = _mm256_maddubs_epi16(to_bytes(a + i, o0, mask, off, neg), m);  // 16-bit: a[i .. i + 32)
    __m256i b1 = _mm256_maddubs_epi16(to_bytes(a + i, o1, mask, off, neg), m);  // a[i + 32 .. i + 64)
    _mm256_storeu_si256((__m256i *)(out + i / 2), _mm256_permute4x64_epi64(_mm256_packus_epi16(b0, b1), 0xd8));
  }
}

// Width 3: eight coefficients (an octet) make 3 bytes. One byte vector takes
// the even octets of the step, the other the odd ones; pairs (vpmaddubsw),
// quads (vpmaddwd), then octets in 64-bit lanes (shift of the even 32-bit
// lane left by 20, 64-bit shift right by 20); the odd octets move to the
// upper 32 bits, so 32-bit lane j holds octet j in 3 bytes; vpshufb and
// vpermd drop the fourth bytes. Exact 16 + 8 byte stores.
AVX2_INLINE void pack3(uint8_t *out, const int32_t a[MLDSA_N], int32_t offset, int neg) {
  const __m256i mask = _mm256_set1_epi32(7), off = _mm256_set1_epi32(offset);
  const __m256i m1 = _mm256_set1_epi16(0x0801), m2 = _mm256_set1_epi32(0x00400001);
  const __m256i sh = _mm256_setr_epi32(20, 0, 20, 0, 20, 0, 20, 0);
  const __m256i drop = _mm256_setr_epi8(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1, 0, 1, 2, 4, 5, 6, 8, 9,
                                        10, 12, 13, 14, -1, -1, -1, -1);
  static const unsigned oe[4] = {0, 16, 32, 48}, oo[4] = {8, 24, 40, 56};
  for (unsigned i = 0; i < MLDSA_N; i += 64) {
    __m256i e = _mm256_madd_epi16(_mm256_maddubs_epi16(to_bytes(a + i, oe, mask, off, neg), m1), m2);
    __m256i d = _mm256_madd_epi16(_mm256_maddubs_epi16(to_bytes(a + i, oo, mask, off, neg), m1), m2);
    e = _mm256_srli_epi64(_mm256_sllv_epi32(e, sh), 20);  // octets 0, 2, 4, 6 (24 bits each)
    d = _mm256_srli_epi64(_mm256_sllv_epi32(d, sh), 20);  // octets 1, 3, 5, 7
    __m256i r = _mm256_shuffle_epi8(_mm256_or_si256(e, _mm256_slli_epi64(d, 32)), drop);
    r = _mm256_permutevar8x32_epi32(r, _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 7, 7));
    _mm_storeu_si128((__m128i *)(out + 3 * i / 8), _mm256_castsi256_si128(r));
    _mm_storel_epi64((__m128i *)(out + 3 * i / 8 + 16), _mm256_extracti128_si256(r, 1));
  }
}

// ---- Pack, widths 10 and 13: 16 coefficients (2 b bytes) per step -------------

// Even widths: bytes 0 .. b/2 - 1 of each 64-bit half, one after the other.
#define PE(b, k) (char)((k) < (b) / 2 ? (k) : (k) < (b) ? 8 + (k) - (b) / 2 : -1)
// Odd widths: bytes 0 .. (b-1)/2 of the lower half (A) and bytes
// 0 .. (b-1)/2 of the upper half (shifted left by 4) at (b-1)/2 on (B).
#define PA(b, k) (char)((k) <= ((b) - 1) / 2 ? (k) : -1)
#define PB(b, k) (char)((k) >= ((b) - 1) / 2 && (k) < (b) ? 8 + (k) - ((b) - 1) / 2 : -1)
// Last step, the two groups G0 (lower half) and G1 (upper half) as the
// windows [0, 16) (lower) and [2 b - 16, 2 b) (upper) of G0 || G1, from the
// step's vector (C1) and the same with its halves swapped (C2).
#define L1(b, k) (char)((k) < (b) ? (k) : -1)
#define H1(b, k) (char)((k) >= 16 - (b) ? (k) - 16 + (b) : -1)
#define L2(b, k) (char)((k) >= (b) ? (k) - (b) : -1)
#define H2(b, k) (char)((k) < 16 - (b) ? 2 * (b) - 16 + (k) : -1)
#define P16(F, b)                                                                                                     \
  F(b, 0), F(b, 1), F(b, 2), F(b, 3), F(b, 4), F(b, 5), F(b, 6), F(b, 7), F(b, 8), F(b, 9), F(b, 10), F(b, 11), \
      F(b, 12), F(b, 13), F(b, 14), F(b, 15)
#define PSHUF(F, b) _mm256_setr_epi8(P16(F, b), P16(F, b))
#define PSHUF2(F, G, b) _mm256_setr_epi8(P16(F, b), P16(G, b))

// Sixteen coefficients a[0..16) to 2 b bytes at out. Not last: writes
// out[0 .. b + 16) (the bytes past 2 b are overwritten by the next step).
// Last: writes exactly out[0 .. 2 b) (needs 2 b >= 16).
AVX2_INLINE void pack_step(uint8_t *out, const int32_t *a, int b, __m256i off, int neg, int last) {
  const __m256i mask = _mm256_set1_epi32((int32_t)((1u << b) - 1));
  const __m256i mul = _mm256_set1_epi32((int32_t)(1u | (1u << (16 + b))));
  const __m256i sh = _mm256_setr_epi32(32 - 2 * b, 0, 32 - 2 * b, 0, 32 - 2 * b, 0, 32 - 2 * b, 0);
  __m256i x0 = _mm256_loadu_si256((const __m256i *)a), x1 = _mm256_loadu_si256((const __m256i *)(a + 8));
  if (neg) {
    x0 = _mm256_sub_epi32(off, x0);
    x1 = _mm256_sub_epi32(off, x1);
  }
  x0 = _mm256_and_si256(x0, mask);
  x1 = _mm256_and_si256(x1, mask);
  // 16-bit lanes, a[0..8) in the lower half, a[8..16) in the upper half.
  __m256i p = _mm256_permute4x64_epi64(_mm256_packs_epi32(x0, x1), 0xd8);
  p = _mm256_madd_epi16(p, mul);                              // 32-bit lanes: pairs (2 b bits)
  p = _mm256_srli_epi64(_mm256_sllv_epi32(p, sh), 32 - 2 * b);  // 64-bit lanes: quads (4 b bits)
  if (b & 1) {
    p = _mm256_sllv_epi64(p, _mm256_setr_epi64x(0, 4, 0, 4));
    p = _mm256_or_si256(_mm256_shuffle_epi8(p, PSHUF(PA, b)), _mm256_shuffle_epi8(p, PSHUF(PB, b)));
  } else {
    p = _mm256_shuffle_epi8(p, PSHUF(PE, b));
  }
  if (!last) {
    _mm_storeu_si128((__m128i *)out, _mm256_castsi256_si128(p));
    _mm_storeu_si128((__m128i *)(out + b), _mm256_extracti128_si256(p, 1));  // after the first store
    return;
  }
  __m256i t = _mm256_permute2x128_si256(p, p, 0x01);
  p = _mm256_or_si256(_mm256_shuffle_epi8(p, PSHUF2(L1, H1, b)), _mm256_shuffle_epi8(t, PSHUF2(L2, H2, b)));
  _mm_storeu_si128((__m128i *)out, _mm256_castsi256_si128(p));
  _mm_storeu_si128((__m128i *)(out + 2 * b - 16), _mm256_extracti128_si256(p, 1));
}

AVX2_INLINE void pack_w(uint8_t *out, const int32_t a[MLDSA_N], int b, int32_t offset, int neg) {
  const __m256i off = _mm256_set1_epi32(offset);
  // b >= 8: only the last step's overrun (b + 16 > 2 b) would pass the end.
  for (int s = 0; s < MLDSA_N / 16 - 1; s++) pack_step(out + 2 * s * b, a + 16 * s, b, off, neg, 0);
  pack_step(out + 30 * b, a + MLDSA_N - 16, b, off, neg, 1);
}

// ---- Entry points --------------------------------------------------------------

// One out-of-line instance per (width, sign), each specialised by the
// always_inline helpers above: a call keeps only its own instance's frame
// (at -O0 with sanitizers the eight inlined bodies together would need
// tens of KiB of stack).
#define AVX2_NOINLINE static __attribute__((noinline, target("avx2")))
#define PACK_INSTANCE(name, expr) \
  AVX2_NOINLINE void name(uint8_t *out, const int32_t a[MLDSA_N], int32_t offset) { (void)offset; expr; }
#define UNPACK_INSTANCE(name, expr) \
  AVX2_NOINLINE void name(int32_t a[MLDSA_N], const uint8_t *in, int32_t offset) { (void)offset; expr; }
PACK_INSTANCE(pack3_neg, pack3(out, a, offset, 1))
PACK_INSTANCE(pack3_pos, pack3(out, a, 0, 0))
PACK_INSTANCE(pack4_neg, pack4(out, a, offset, 1))
PACK_INSTANCE(pack4_pos, pack4(out, a, 0, 0))
PACK_INSTANCE(pack10_neg, pack_w(out, a, 10, offset, 1))
PACK_INSTANCE(pack10_pos, pack_w(out, a, 10, 0, 0))
PACK_INSTANCE(pack13_neg, pack_w(out, a, 13, offset, 1))
PACK_INSTANCE(pack13_pos, pack_w(out, a, 13, 0, 0))
UNPACK_INSTANCE(unpack3_neg, unpack_w(a, in, 3, offset, 1))
UNPACK_INSTANCE(unpack3_pos, unpack_w(a, in, 3, 0, 0))
UNPACK_INSTANCE(unpack4_neg, unpack_w(a, in, 4, offset, 1))
UNPACK_INSTANCE(unpack4_pos, unpack_w(a, in, 4, 0, 0))
UNPACK_INSTANCE(unpack10_neg, unpack_w(a, in, 10, offset, 1))
UNPACK_INSTANCE(unpack10_pos, unpack_w(a, in, 10, 0, 0))
UNPACK_INSTANCE(unpack13_neg, unpack_w(a, in, 13, offset, 1))
UNPACK_INSTANCE(unpack13_pos, unpack_w(a, in, 13, 0, 0))

#define CASE2(B, f_neg, f_pos, x, y) \
  case B:                            \
    if (neg)                         \
      f_neg(x, y, offset);           \
    else                             \
      f_pos(x, y, offset);           \
    return

void cce_mldsa_pack_avx2(uint8_t *out, const int32_t a[MLDSA_N], unsigned bits, int32_t offset, int neg) {
  switch (bits) {  // public width and sign
    CASE2(3, pack3_neg, pack3_pos, out, a);
    CASE2(4, pack4_neg, pack4_pos, out, a);
    CASE2(10, pack10_neg, pack10_pos, out, a);
    CASE2(13, pack13_neg, pack13_pos, out, a);
    default: cce_mldsa_pack_scalar(out, a, bits, offset, neg); return;
  }
}

void cce_mldsa_unpack_avx2(int32_t a[MLDSA_N], const uint8_t *in, unsigned bits, int32_t offset, int neg) {
  switch (bits) {
    CASE2(3, unpack3_neg, unpack3_pos, a, in);
    CASE2(4, unpack4_neg, unpack4_pos, a, in);
    CASE2(10, unpack10_neg, unpack10_pos, a, in);
    CASE2(13, unpack13_neg, unpack13_pos, a, in);
    default: cce_mldsa_unpack_scalar(a, in, bits, offset, neg); return;
  }
}
