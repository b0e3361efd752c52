// ML-DSA encodings (FIPS 204 section 7.1 and 7.2): SimpleBitPack/BitPack
// and their inverses (Algorithms 16-19), HintBitPack/HintBitUnpack
// (Algorithms 20-21).
//
// BitPack stores each coefficient's `bits` low-order bits, least significant
// bit first, in a little-endian bit stream (IntegerToBits then BitsToBytes).
// The packers branch only on the (public) bit width; HintBitPack runs after a
// signature is accepted, on the released hint.

#include "internal.h"

void cce_mldsa_pack(uint8_t *out, const int32_t a[MLDSA_N], unsigned bits, int32_t offset, int neg) {
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

void cce_mldsa_unpack(int32_t a[MLDSA_N], const uint8_t *in, unsigned bits, int32_t offset, int neg) {
  uint32_t mask = (1u << bits) - 1;
  int32_t sign = neg ? -1 : 1, off = neg ? offset : 0;
  unsigned i = 0;
  // Fast part: a 32-bit little-endian load covers the coefficient (bits +
  // 7 <= 32) and stays inside the 32 * bits input bytes.
  for (; (i * bits >> 3) + 4 <= 32 * bits; i++) {
    unsigned pos = i * bits;
    uint32_t v = (cce_load32_le(in + (pos >> 3)) >> (pos & 7)) & mask;
    a[i] = off + sign * (int32_t)v;
  }
  for (; i < MLDSA_N; i++) {  // the last few, byte by byte
    unsigned pos = i * bits;
    uint32_t v = 0;
    for (unsigned b = 0; b < bits; b++, pos++) v |= (uint32_t)((in[pos >> 3] >> (pos & 7)) & 1) << b;
    a[i] = off + sign * (int32_t)v;
  }
}

void cce_mldsa_hint_pack(const mldsa_params *P, uint8_t *out, const uint8_t h[][MLDSA_N]) {
  unsigned index = 0;
  memset(out, 0, P->omega + P->k);
  for (unsigned i = 0; i < P->k; i++) {
    for (unsigned j = 0; j < MLDSA_N; j++) {
      if (h[i][j] != 0) out[index++] = (uint8_t)j;  // the hint is public (released)
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
