// Portable constant-time GHASH multiplication (see ghash_ct.c for the
// method), shared by ghash_ct.c and the interleaved AES-GCM loop of
// aes_ct.c. Private to src/module/aes/.

#ifndef CCE_SRC_AES_GHASH_CT_H
#define CCE_SRC_AES_GHASH_CT_H

#include "../core/internal.h"

typedef unsigned __int128 u128;

#define GH_M0 UINT64_C(0x1084210842108421)
#define GH_M1 UINT64_C(0x2108421084210842)
#define GH_M2 UINT64_C(0x4210842108421084)
#define GH_M3 UINT64_C(0x8421084210842108)
#define GH_M4 UINT64_C(0x0842108421084210)

// Operand split into its five residue classes.
typedef struct holes5 {
  uint64_t p[5];
} holes5;

static inline holes5 split5(uint64_t x) {
  holes5 h;
  h.p[0] = x & GH_M0;
  h.p[1] = x & GH_M1;
  h.p[2] = x & GH_M2;
  h.p[3] = x & GH_M3;
  h.p[4] = x & GH_M4;
  return h;
}

// Carry-less product of two split operands: *hi:*lo.
static inline void clmul64_h(const holes5 *x, const holes5 *y, uint64_t *hi, uint64_t *lo) {
  const uint64_t *a = x->p, *b = y->p;
#define MUL(i, j) ((u128)a[i] * b[j])
  u128 z0 = MUL(0, 0) ^ MUL(1, 4) ^ MUL(2, 3) ^ MUL(3, 2) ^ MUL(4, 1);
  u128 z1 = MUL(0, 1) ^ MUL(1, 0) ^ MUL(2, 4) ^ MUL(3, 3) ^ MUL(4, 2);
  u128 z2 = MUL(0, 2) ^ MUL(1, 1) ^ MUL(2, 0) ^ MUL(3, 4) ^ MUL(4, 3);
  u128 z3 = MUL(0, 3) ^ MUL(1, 2) ^ MUL(2, 1) ^ MUL(3, 0) ^ MUL(4, 4);
  u128 z4 = MUL(0, 4) ^ MUL(1, 3) ^ MUL(2, 2) ^ MUL(3, 1) ^ MUL(4, 0);
#undef MUL
  // Class r occupies, in the high word, the bits of class r+1 mod 5
  // (because 64 = 4 mod 5).
  *lo = ((uint64_t)z0 & GH_M0) | ((uint64_t)z1 & GH_M1) | ((uint64_t)z2 & GH_M2) | ((uint64_t)z3 & GH_M3) |
        ((uint64_t)z4 & GH_M4);
  *hi = ((uint64_t)(z0 >> 64) & GH_M1) | ((uint64_t)(z1 >> 64) & GH_M2) | ((uint64_t)(z2 >> 64) & GH_M3) |
        ((uint64_t)(z3 >> 64) & GH_M4) | ((uint64_t)(z4 >> 64) & GH_M0);
}

// Pre-split multiplier (H): low, high and Karatsuba middle halves.
typedef struct hsplit {
  holes5 l, h, m;
} hsplit;

static inline void hsplit_init(hsplit *s, const uint64_t b[2]) {
  s->h = split5(b[0]);
  s->l = split5(b[1]);
  s->m = split5(b[0] ^ b[1]);
}

// r = a * b * y^-128 mod Q, on (hi, lo) pairs; b pre-split.
static inline void gmul_split(uint64_t r[2], uint64_t ahi, uint64_t alo, const hsplit *b) {
  holes5 xl = split5(alo), xh = split5(ahi), xm = split5(alo ^ ahi);
  uint64_t l1, l0, h1, h0, m1, m0;
  clmul64_h(&xl, &b->l, &l1, &l0);
  clmul64_h(&xh, &b->h, &h1, &h0);
  clmul64_h(&xm, &b->m, &m1, &m0);
  m1 ^= l1 ^ h1;
  m0 ^= l0 ^ h0;
  uint64_t w0 = l0, w1 = l1 ^ m0, w2 = h0 ^ m1, w3 = h1;
  // Reduction: twice, cancel the lowest 64-bit word t by adding t*Q shifted
  // (Q = y^128 + y^64 * (y^63 + y^62 + y^57) + 1 in 64-bit words).
  uint64_t t = w0;
  w1 ^= (t << 63) ^ (t << 62) ^ (t << 57);
  w2 ^= (t >> 1) ^ (t >> 2) ^ (t >> 7) ^ t;
  t = w1;
  w2 ^= (t << 63) ^ (t << 62) ^ (t << 57);
  w3 ^= (t >> 1) ^ (t >> 2) ^ (t >> 7) ^ t;
  r[0] = w3;
  r[1] = w2;
}

#endif  // CCE_SRC_AES_GHASH_CT_H
