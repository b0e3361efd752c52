// ML-DSA encodings (FIPS 204 section 7.1 and 7.2): SimpleBitPack/BitPack
// and their inverses (Algorithms 16-19), HintBitPack/HintBitUnpack
// (Algorithms 20-21).
//
// BitPack stores each coefficient's `bits` low-order bits, least significant
// bit first, in a little-endian bit stream (IntegerToBits then BitsToBytes).
// The packers branch only on the (public) bit width; HintBitPack runs after a
// signature is accepted, on the released hint.

#include "internal.h"

// Bit-by-bit reference forms, used for widths without a specialised form.
static void pack_generic(uint8_t *out, const int32_t a[MLDSA_N], unsigned bits, int32_t offset, int neg) {
  uint64_t acc = 0;
  unsigned nacc = 0;
  uint32_t mask = (1u << bits) - 1;
  for (unsigned i = 0; i < MLDSA_N; i++) {
    uint32_t v = (uint32_t)(neg ? offset - a[i] : a[i]) & mask;
    acc |= (uint64_t)v << nacc;
    nacc += bits;
    while (nacc >= 8) {
      *out++ = (uint8_t)acc;
      acc >>= 8;
      nacc -= 8;
    }
  }
}

static void unpack_generic(int32_t a[MLDSA_N], const uint8_t *in, unsigned bits, int32_t offset, int neg) {
  int32_t sign = neg ? -1 : 1, off = neg ? offset : 0;
  for (unsigned i = 0; i < MLDSA_N; i++) {
    unsigned pos = i * bits;
    uint32_t v = 0;
    for (unsigned b = 0; b < bits; b++, pos++) v |= (uint32_t)((in[pos >> 3] >> (pos & 7)) & 1) << b;
    a[i] = off + sign * (int32_t)v;
  }
}

// Specialised forms: eight coefficients fill exactly `bits` bytes. With
// `bits` a constant (each width has its own instance below) the group loop
// unrolls into fixed shifts and 32-bit stores/loads.
static inline __attribute__((always_inline)) void pack_w(uint8_t *out, const int32_t a[MLDSA_N], unsigned bits,
                                                         int32_t offset, int neg) {
  const uint32_t mask = (1u << bits) - 1;
  for (unsigned g = 0; g < MLDSA_N / 8; g++, out += bits) {
    uint64_t acc = 0;
    unsigned n = 0, o = 0;
    for (unsigned t = 0; t < 8; t++) {
      int32_t x = a[8 * g + t];
      uint32_t v = (uint32_t)(neg ? offset - x : x) & mask;
      acc |= (uint64_t)v << n;
      n += bits;
      if (n >= 32) {
        cce_store32_le(out + o, (uint32_t)acc);
        o += 4;
        acc >>= 32;
        n -= 32;
      }
    }
    for (; n > 0; n -= 8, o++, acc >>= 8) out[o] = (uint8_t)acc;  // n is a multiple of 8
  }
}

static inline __attribute__((always_inline)) void unpack_group(int32_t *a, const uint8_t *p, unsigned bits,
                                                               int32_t off, int32_t sign) {
  const uint32_t mask = (1u << bits) - 1;
  for (unsigned t = 0; t < 8; t++) {
    unsigned pos = t * bits;
    uint32_t v = (cce_load32_le(p + (pos >> 3)) >> (pos & 7)) & mask;
    a[t] = off + sign * (int32_t)v;
  }
}

static inline __attribute__((always_inline)) void unpack_w(int32_t a[MLDSA_N], const uint8_t *in, unsigned bits,
                                                           int32_t offset, int neg) {
  int32_t sign = neg ? -1 : 1, off = neg ? offset : 0;
  // Groups 0..30: the 32-bit loads stay inside the 32 * bits input bytes
  // (30 bits + 7 bits / 8 + 4 <= 32 bits for bits >= 3).
  for (unsigned g = 0; g < MLDSA_N / 8 - 1; g++) unpack_group(a + 8 * g, in + g * bits, bits, off, sign);
  uint8_t last[24] = {0};
  memcpy(last, in + (MLDSA_N / 8 - 1) * bits, bits);
  unpack_group(a + MLDSA_N - 8, last, bits, off, sign);
  cce_wipe(last, sizeof last);
}

#define PACK_CASE(B)                       \
  case B:                                  \
    pack_w(out, a, B, offset, neg);        \
    return
#define UNPACK_CASE(B)                     \
  case B:                                  \
    unpack_w(a, in, B, offset, neg);       \
    return

void cce_mldsa_pack_scalar(uint8_t *out, const int32_t a[MLDSA_N], unsigned bits, int32_t offset, int neg) {
  switch (bits) {  // public widths
    PACK_CASE(3);
    PACK_CASE(4);
    PACK_CASE(6);
    PACK_CASE(10);
    PACK_CASE(13);
    PACK_CASE(18);
    PACK_CASE(20);
    default: pack_generic(out, a, bits, offset, neg); return;
  }
}

void cce_mldsa_unpack_scalar(int32_t a[MLDSA_N], const uint8_t *in, unsigned bits, int32_t offset, int neg) {
  switch (bits) {
    UNPACK_CASE(3);
    UNPACK_CASE(4);
    UNPACK_CASE(6);
    UNPACK_CASE(10);
    UNPACK_CASE(13);
    UNPACK_CASE(18);
    UNPACK_CASE(20);
    default: unpack_generic(a, in, bits, offset, neg); return;
  }
}

// Widths with an AVX2 form (encode_avx2.c), used with the AVX2 back end
// (which honours the CCE_CPU override and the tests' forced back end).
static int use_avx2(unsigned bits) {
  return (bits == 3 || bits == 4 || bits == 10 || bits == 13) && cce_mldsa_backend() == &cce_mldsa_backend_avx2;
}

void cce_mldsa_pack(uint8_t *out, const int32_t a[MLDSA_N], unsigned bits, int32_t offset, int neg) {
  if (use_avx2(bits))
    cce_mldsa_pack_avx2(out, a, bits, offset, neg);
  else
    cce_mldsa_pack_scalar(out, a, bits, offset, neg);
}

void cce_mldsa_unpack(int32_t a[MLDSA_N], const uint8_t *in, unsigned bits, int32_t offset, int neg) {
  if (use_avx2(bits))
    cce_mldsa_unpack_avx2(a, in, bits, offset, neg);
  else
    cce_mldsa_unpack_scalar(a, in, bits, offset, neg);
}

void cce_mldsa_hint_pack(const mldsa_params *P, uint8_t *out, const uint8_t h[][MLDSA_N]) {
  unsigned index = 0;
  memset(out, 0, P->omega + P->k);
  for (unsigned i = 0; i < P->k; i++) {
    // Eight 0/1 bytes at a time; the hint is public (released), so the scan
    // skips zero words and walks the set bytes of the others.
    for (unsigned j = 0; j < MLDSA_N; j += 8) {
      uint64_t w = cce_load64_le(&h[i][j]);
      while (w != 0 && index < P->omega) {
        out[index++] = (uint8_t)(j + ((unsigned)__builtin_ctzll(w) >> 3));
        w &= w - 1;
      }
    }
    out[P->omega + i] = (uint8_t)index;
  }
}

int cce_mldsa_hint_unpack(const mldsa_params *P, uint8_t h[][MLDSA_N], const uint8_t *in) {
  unsigned index = 0;
  memset(h, 0, (size_t)P->k * MLDSA_N);
  for (unsigned i = 0; i < P->k; i++) {
    unsigned end = in[P->omega + i];
    if (end < index || end > P->omega) return 0;
    unsigned first = index;
    while (index < end) {
      if (index > first && in[index - 1] >= in[index]) return 0;  // strictly increasing
      h[i][in[index]] = 1;
      index++;
    }
  }
  for (unsigned i = index; i < P->omega; i++) {
    if (in[i] != 0) return 0;  // unused positions must be zero
  }
  return 1;
}
