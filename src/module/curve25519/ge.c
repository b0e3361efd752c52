// The Ed25519 group: point decoding/encoding, addition and doubling in
// extended coordinates (Hisil-Wong-Carter-Dawson 2008, a = -1), the
// constant-time fixed-base scalar multiplication and the variable-time
// double-scalar multiplication used by verification.
//
// Fixed base: the scalar is recoded in signed radix 16 (64 digits in
// [-8, 8]), and [a]B = sum_i e_i * 16^i * B is computed with a table of
// j * 256^i * B (i = 0..31, j = 1..8) in affine "precomp" form: the odd
// digits first (then times 16), then the even ones, 63 mixed additions in
// all (the first digit needs only one multiplication). Each table entry is
// selected by reading the whole row and keeping the wanted entry with masks,
// then negated under a mask, so neither the memory addresses nor the
// branches depend on the scalar. The table (32 KiB, entries padded to 128
// bytes) is computed once, at first use, into static storage (pthread_once).

#include <pthread.h>

#include "internal.h"

static const fe25519 fe_d = {{0x34dca135978a3ULL, 0x1a8283b156ebdULL, 0x5e7a26001c029ULL, 0x739c663a03cbbULL,
                              0x52036cee2b6ffULL}};
static const fe25519 fe_d2 = {{0x69b9426b2f159ULL, 0x35050762add7aULL, 0x3cf44c0038052ULL, 0x6738cc7407977ULL,
                               0x2406d9dc56dffULL}};
static const fe25519 fe_sqrtm1 = {{0x61b274a0ea0b0ULL, 0x0d5a5fc8f189dULL, 0x7ef5e9cbd0c60ULL,
                                   0x78595a6804c9eULL, 0x2b8324804fc1dULL}};
// The base point B (RFC 8032 5.1): y = 4/5, x even.
static const ge25519_p3 ge_base = {
    {{0x62d608f25d51aULL, 0x412a4b4f6592aULL, 0x75b7171a4b31dULL, 0x1ff60527118feULL, 0x216936d3cd6e5ULL}},
    {{0x6666666666658ULL, 0x4ccccccccccccULL, 0x1999999999999ULL, 0x3333333333333ULL, 0x6666666666666ULL}},
    {{1, 0, 0, 0, 0}},
    {{0x68ab3a5b7dda3ULL, 0x00eea2a5eadbbULL, 0x2af8df483c27eULL, 0x332b375274732ULL, 0x67875f0fd78b7ULL}}};

// ---------------------------------------------------------------------------
// Conversions and elementary operations.

static void p2_0(ge25519_p2 *h) {
  fe25519_0(&h->X);
  fe25519_1(&h->Y);
  fe25519_1(&h->Z);
}

static inline void p1p1_to_p2(ge25519_p2 *r, const ge25519_p1p1 *p) {
  fe25519_mul(&r->X, &p->X, &p->T);
  fe25519_mul(&r->Y, &p->Y, &p->Z);
  fe25519_mul(&r->Z, &p->Z, &p->T);
}

static inline void p1p1_to_p3(ge25519_p3 *r, const ge25519_p1p1 *p) {
  fe25519_mul(&r->X, &p->X, &p->T);
  fe25519_mul(&r->Y, &p->Y, &p->Z);
  fe25519_mul(&r->Z, &p->Z, &p->T);
  fe25519_mul(&r->T, &p->X, &p->Y);
}

static inline void p3_to_cached(ge25519_cached *r, const ge25519_p3 *p) {
  fe25519_add(&r->YpX, &p->Y, &p->X);
  fe25519_carry(&r->YpX);
  fe25519_sub(&r->YmX, &p->Y, &p->X);
  r->Z = p->Z;
  fe25519_mul(&r->T2d, &p->T, &fe_d2);
}

// Doubling of a projective point (dbl-2008-hwcd, a = -1, signs arranged so
// that every subtrahend is a square):
//   A = X^2, B = Y^2, C = 2Z^2, H = A + B, E = H - (X+Y)^2, G = A - B,
//   F = C + G; result x = E/G, y = H/F.
static inline void p2_dbl(ge25519_p1p1 *r, const ge25519_p2 *p) {
  fe25519 t;
  fe25519_sq(&r->X, &p->X);         // A
  fe25519_sq(&r->Z, &p->Y);         // B
  fe25519_sq(&r->T, &p->Z);
  fe25519_add(&r->T, &r->T, &r->T);  // C
  fe25519_add(&t, &p->X, &p->Y);
  fe25519_sq(&t, &t);                // (X+Y)^2
  fe25519_add(&r->Y, &r->X, &r->Z);  // H = A + B
  fe25519_sub(&r->Z, &r->X, &r->Z);  // G = A - B
  fe25519_sub_nc(&r->X, &r->Y, &t);     // E = H - (X+Y)^2
  fe25519_add(&r->T, &r->T, &r->Z);  // F = C + G
}

static inline void p3_dbl(ge25519_p1p1 *r, const ge25519_p3 *p) {
  ge25519_p2 q;
  q.X = p->X;
  q.Y = p->Y;
  q.Z = p->Z;
  p2_dbl(r, &q);
}

// Addition (add-2008-hwcd-3, a = -1, k = 2d):
//   A = (Y1-X1)(Y2-X2), B = (Y1+X1)(Y2+X2), C = T1*2d*T2, D = 2 Z1 Z2,
//   E = B - A, F = D - C, G = D + C, H = B + A; x = E/G, y = H/F.
static inline void ge_add(ge25519_p1p1 *r, const ge25519_p3 *p, const ge25519_cached *q) {
  fe25519 a, b, c, d, t;
  fe25519_sub_nc(&t, &p->Y, &p->X);
  fe25519_mul(&a, &t, &q->YmX);
  fe25519_add(&t, &p->Y, &p->X);
  fe25519_mul(&b, &t, &q->YpX);
  fe25519_mul(&c, &p->T, &q->T2d);
  fe25519_mul(&d, &p->Z, &q->Z);
  fe25519_add(&d, &d, &d);
  fe25519_sub_nc(&r->X, &b, &a);
  fe25519_add(&r->Y, &b, &a);
  fe25519_add(&r->Z, &d, &c);
  fe25519_sub_nc(&r->T, &d, &c);
}

// p - q: -(x, y) = (-x, y) swaps Y+X with Y-X and negates T.
static inline void ge_sub(ge25519_p1p1 *r, const ge25519_p3 *p, const ge25519_cached *q) {
  fe25519 a, b, c, d, t;
  fe25519_sub_nc(&t, &p->Y, &p->X);
  fe25519_mul(&a, &t, &q->YpX);
  fe25519_add(&t, &p->Y, &p->X);
  fe25519_mul(&b, &t, &q->YmX);
  fe25519_mul(&c, &p->T, &q->T2d);
  fe25519_mul(&d, &p->Z, &q->Z);
  fe25519_add(&d, &d, &d);
  fe25519_sub_nc(&r->X, &b, &a);
  fe25519_add(&r->Y, &b, &a);
  fe25519_sub_nc(&r->Z, &d, &c);
  fe25519_add(&r->T, &d, &c);
}

// Mixed addition with an affine precomputed point (Z2 = 1).
static inline void ge_madd(ge25519_p1p1 *r, const ge25519_p3 *p, const ge25519_precomp *q) {
  fe25519 a, b, c, d, t;
  fe25519_sub_nc(&t, &p->Y, &p->X);
  fe25519_mul(&a, &t, &q->ymx);
  fe25519_add(&t, &p->Y, &p->X);
  fe25519_mul(&b, &t, &q->ypx);
  fe25519_mul(&c, &p->T, &q->xy2d);
  fe25519_add(&d, &p->Z, &p->Z);
  fe25519_sub_nc(&r->X, &b, &a);
  fe25519_add(&r->Y, &b, &a);
  fe25519_add(&r->Z, &d, &c);
  fe25519_sub_nc(&r->T, &d, &c);
}

static inline void ge_msub(ge25519_p1p1 *r, const ge25519_p3 *p, const ge25519_precomp *q) {
  fe25519 a, b, c, d, t;
  fe25519_sub_nc(&t, &p->Y, &p->X);
  fe25519_mul(&a, &t, &q->ypx);
  fe25519_add(&t, &p->Y, &p->X);
  fe25519_mul(&b, &t, &q->ymx);
  fe25519_mul(&c, &p->T, &q->xy2d);
  fe25519_add(&d, &p->Z, &p->Z);
  fe25519_sub_nc(&r->X, &b, &a);
  fe25519_add(&r->Y, &b, &a);
  fe25519_sub_nc(&r->Z, &d, &c);
  fe25519_add(&r->T, &d, &c);
}

// ---------------------------------------------------------------------------
// Encoding and decoding (RFC 8032 5.1.2, 5.1.3).

static void encode_xyz(uint8_t s[32], const fe25519 *X, const fe25519 *Y, const fe25519 *Z) {
  fe25519 recip, x, y;
  cce_fe25519_invert(&recip, Z);
  fe25519_mul(&x, X, &recip);
  fe25519_mul(&y, Y, &recip);
  cce_fe25519_tobytes(s, &y);
  s[31] ^= (uint8_t)(cce_fe25519_isnegative(&x) << 7);
}

void cce_ge25519_p3_tobytes(uint8_t s[32], const ge25519_p3 *h) { encode_xyz(s, &h->X, &h->Y, &h->Z); }
void cce_ge25519_p2_tobytes(uint8_t s[32], const ge25519_p2 *h) { encode_xyz(s, &h->X, &h->Y, &h->Z); }

int cce_ge25519_frombytes_vartime(ge25519_p3 *h, const uint8_t s[32]) {
  // y < p: p = 2^255 - 19 is ed ff .. ff 7f in little-endian bytes.
  int ge_p = (s[31] & 0x7f) == 0x7f && s[0] >= 0xed;
  for (int i = 1; i < 31 && ge_p; i++) ge_p = s[i] == 0xff;
  if (ge_p) return -1;
  fe25519 u, v, v3, vxx, check;
  cce_fe25519_frombytes(&h->Y, s);
  fe25519_1(&h->Z);
  fe25519_sq(&u, &h->Y);
  fe25519_mul(&v, &u, &fe_d);
  fe25519_sub(&u, &u, &h->Z);  // u = y^2 - 1
  fe25519_add(&v, &v, &h->Z);  // v = d y^2 + 1
  // x = u v^3 (u v^7)^((p-5)/8)
  fe25519_sq(&v3, &v);
  fe25519_mul(&v3, &v3, &v);  // v^3
  fe25519_sq(&h->X, &v3);
  fe25519_mul(&h->X, &h->X, &v);
  fe25519_mul(&h->X, &h->X, &u);  // u v^7
  cce_fe25519_pow22523(&h->X, &h->X);
  fe25519_mul(&h->X, &h->X, &v3);
  fe25519_mul(&h->X, &h->X, &u);
  fe25519_sq(&vxx, &h->X);
  fe25519_mul(&vxx, &vxx, &v);
  fe25519_sub(&check, &vxx, &u);  // v x^2 - u
  if (!cce_fe25519_iszero_mask(&check)) {
    fe25519_add(&check, &vxx, &u);  // v x^2 + u
    if (!cce_fe25519_iszero_mask(&check)) return -1;
    fe25519_mul(&h->X, &h->X, &fe_sqrtm1);
  }
  int sign = s[31] >> 7;
  if (cce_fe25519_iszero_mask(&h->X) && sign) return -1;
  if (cce_fe25519_isnegative(&h->X) != sign) fe25519_neg(&h->X, &h->X);
  fe25519_mul(&h->T, &h->X, &h->Y);
  return 0;
}

// ---------------------------------------------------------------------------
// Tables of multiples of B, computed once.

// An entry of the fixed-base table, padded to 16 words (128 bytes, aligned)
// so that the constant-time selection works on whole 16-byte vectors.
typedef struct base_entry {
  _Alignas(64) uint64_t w[16];  // ypx, ymx, xy2d (15 words), then 0
} base_entry;
static base_entry base_table[32][8];       // base_table[i][j] = (j+1) * 256^i * B
static ge25519_precomp base_odd[64];       // base_odd[k] = (2k+1) * B, for verification
static pthread_once_t base_once = PTHREAD_ONCE_INIT;

// Affine precomp forms of n points (n <= 8) with one inversion (Montgomery's
// simultaneous inversion).
static void to_precomp_batch(ge25519_precomp *out, const ge25519_p3 *p, int n) {
  fe25519 acc[8], inv, zinv, x, y;
  acc[0] = p[0].Z;
  for (int i = 1; i < n; i++) fe25519_mul(&acc[i], &acc[i - 1], &p[i].Z);
  cce_fe25519_invert(&inv, &acc[n - 1]);
  for (int i = n - 1; i >= 0; i--) {
    if (i > 0) {
      fe25519_mul(&zinv, &inv, &acc[i - 1]);
      fe25519_mul(&inv, &inv, &p[i].Z);
    } else {
      zinv = inv;
    }
    fe25519_mul(&x, &p[i].X, &zinv);
    fe25519_mul(&y, &p[i].Y, &zinv);
    fe25519_add(&out[i].ypx, &y, &x);
    fe25519_carry(&out[i].ypx);
    fe25519_sub(&out[i].ymx, &y, &x);
    fe25519_mul(&out[i].xy2d, &x, &y);
    fe25519_mul(&out[i].xy2d, &out[i].xy2d, &fe_d2);
  }
}

static void base_tables_init(void) {
  ge25519_p3 row[8], p = ge_base, q;
  ge25519_cached c;
  ge25519_p1p1 t;
  for (int i = 0; i < 32; i++) {
    // row[j] = (j+1) * p, with p = 256^i B.
    row[0] = p;
    p3_to_cached(&c, &p);
    for (int j = 1; j < 8; j++) {
      ge_add(&t, &row[j - 1], &c);
      p1p1_to_p3(&row[j], &t);
    }
    ge25519_precomp pre[8];
    to_precomp_batch(pre, row, 8);
    for (int j = 0; j < 8; j++) {
      memcpy(base_table[i][j].w, &pre[j], sizeof pre[j]);
      base_table[i][j].w[15] = 0;
    }
    // p = 256 p
    for (int k = 0; k < 8; k++) {
      p3_dbl(&t, &p);
      p1p1_to_p3(&p, &t);
    }
  }
  // Odd multiples of B: B, 3B, 5B, ..., 127B.
  p3_dbl(&t, &ge_base);
  p1p1_to_p3(&q, &t);
  p3_to_cached(&c, &q);  // 2B
  p = ge_base;
  for (int k = 0; k < 64; k += 8) {
    for (int j = 0; j < 8; j++) {
      row[j] = p;
      ge_add(&t, &p, &c);
      p1p1_to_p3(&p, &t);
    }
    to_precomp_batch(&base_odd[k], row, 8);
  }
}

static void base_tables(void) { (void)pthread_once(&base_once, base_tables_init); }

// ---------------------------------------------------------------------------
// Constant-time fixed-base scalar multiplication.

// t = b * 256^pos * B for b in [-8, 8], reading every entry of the row:
// the wanted entry is ORed in under an all-ones mask, the others under a
// zero mask, with 16-byte vector operations (GCC/clang vector extensions:
// plain SSE2 on x86-64, generic code elsewhere). When b = 0 nothing is
// selected and the neutral element (1, 1, 0) is made from the zero mask.
typedef uint64_t cce_v2u64 __attribute__((vector_size(16)));

// `out` is scratch space of the caller (wiped by it).
static inline void select_base(ge25519_precomp *t, uint64_t out[16], int pos, int8_t b) {
  uint8_t ub = (uint8_t)b;
  uint64_t neg = ub >> 7;                                        // 1 if b < 0
  uint8_t babs = (uint8_t)(ub - ((((uint8_t)-neg) & ub) << 1));  // |b|
  cce_v2u64 acc[8];
  for (int w = 0; w < 8; w++) acc[w] = (cce_v2u64){0, 0};
  for (int j = 0; j < 8; j++) {
    uint64_t eq = ~cce_ct_nonzero_mask64((uint64_t)(babs ^ (uint8_t)(j + 1)));
    cce_v2u64 m = {eq, eq};
    const base_entry *e = &base_table[pos][j];
    for (int w = 0; w < 8; w++) {
      cce_v2u64 x;
      memcpy(&x, &e->w[2 * w], sizeof x);
      acc[w] |= x & m;
    }
  }
  memcpy(out, acc, sizeof acc);
  uint64_t is0 = 1 & ~cce_ct_nonzero_mask64((uint64_t)babs);  // 1 when b = 0
  out[0] |= is0;  // ypx = 1
  out[5] |= is0;  // ymx = 1
  memcpy(t, out, sizeof *t);
  // -(x, y): swap y+x and y-x, negate 2dxy.
  uint64_t m = fe25519_mask(neg);
  fe25519 nxy;
  fe25519_neg(&nxy, &t->xy2d);
  fe25519_cswap(&t->ypx, &t->ymx, m);
  fe25519_cmov(&t->xy2d, &nxy, m);
}

void cce_ge25519_scalarmult_base(ge25519_p3 *h, const uint8_t a[32]) {
  int8_t e[64];
  int8_t carry = 0;
  ge25519_p1p1 r;
  ge25519_p2 s;
  ge25519_precomp t;
  uint64_t sel[16];
  base_tables();
  for (int i = 0; i < 32; i++) {
    e[2 * i] = (int8_t)(a[i] & 15);
    e[2 * i + 1] = (int8_t)(a[i] >> 4);
  }
  // Signed digits in [-8, 8): e[i] + carry is in [0, 16]; the carry is 1
  // when that is >= 8 (arithmetic only, no branch).
  for (int i = 0; i < 63; i++) {
    e[i] = (int8_t)(e[i] + carry);
    carry = (int8_t)((e[i] + 8) >> 4);
    e[i] = (int8_t)(e[i] - (carry << 4));
  }
  e[63] = (int8_t)(e[63] + carry);  // a[31] <= 127: e[63] <= 8

  // First odd digit: the neutral element plus t = (y+x, y-x, 2dxy) is
  // (x, y) = (E/2, H/2) with E = (y+x) - (y-x), H = (y+x) + (y-x); as an
  // extended point with Z = 4: (2E, 2H, 4, E*H). One multiplication instead
  // of a full mixed addition (b = 0 gives E = 0, H = 2: the neutral element).
  select_base(&t, sel, 0, e[1]);
  {
    fe25519 E, H;
    fe25519_sub(&E, &t.ypx, &t.ymx);
    fe25519_add(&H, &t.ypx, &t.ymx);
    fe25519_carry(&H);
    fe25519_mul(&h->T, &E, &H);
    fe25519_add(&h->X, &E, &E);
    fe25519_carry(&h->X);
    fe25519_add(&h->Y, &H, &H);
    fe25519_carry(&h->Y);
    fe25519_0(&h->Z);
    h->Z.v[0] = 4;
    cce_wipe(&E, sizeof E);
    cce_wipe(&H, sizeof H);
  }
  for (int i = 3; i < 63; i += 2) {
    select_base(&t, sel, i / 2, e[i]);
    ge_madd(&r, h, &t);
    p1p1_to_p3(h, &r);
  }
  // Last odd digit: only X, Y, Z are needed by the doubling that follows.
  select_base(&t, sel, 31, e[63]);
  ge_madd(&r, h, &t);
  p1p1_to_p2(&s, &r);
  p2_dbl(&r, &s);
  p1p1_to_p2(&s, &r);
  p2_dbl(&r, &s);
  p1p1_to_p2(&s, &r);
  p2_dbl(&r, &s);
  p1p1_to_p2(&s, &r);
  p2_dbl(&r, &s);
  p1p1_to_p3(h, &r);
  for (int i = 0; i < 64; i += 2) {
    select_base(&t, sel, i / 2, e[i]);
    ge_madd(&r, h, &t);
    p1p1_to_p3(h, &r);
  }
  cce_wipe(e, sizeof e);
  cce_wipe(sel, sizeof sel);
  cce_wipe(&t, sizeof t);
  cce_wipe(&r, sizeof r);
  cce_wipe(&s, sizeof s);
}

// ---------------------------------------------------------------------------
// Variable-time [a]A + [b]B (verification: public inputs only).

// Width-w NAF-like recoding ("sliding window"): odd digits in [-maxd, maxd],
// each nonzero digit followed by at least log2(maxd+1) zeros.
static void slide(int8_t r[256], const uint8_t a[32], int maxd) {
  for (int i = 0; i < 256; i++) r[i] = (int8_t)(1 & (a[i >> 3] >> (i & 7)));
  for (int i = 0; i < 256; i++) {
    if (!r[i]) continue;
    for (int b = 1; b <= 8 && i + b < 256; b++) {
      if (!r[i + b]) continue;
      int add = r[i + b] * (1 << b);
      if (r[i] + add <= maxd) {
        r[i] = (int8_t)(r[i] + add);
        r[i + b] = 0;
      } else if (r[i] - add >= -maxd) {
        r[i] = (int8_t)(r[i] - add);
        for (int k = i + b; k < 256; k++) {
          if (!r[k]) {
            r[k] = 1;
            break;
          }
          r[k] = 0;
        }
      } else {
        break;
      }
    }
  }
}

void cce_ge25519_double_scalarmult_vartime(ge25519_p2 *r, const uint8_t a[32], const ge25519_p3 *A,
                                           const uint8_t b[32]) {
  int8_t aslide[256], bslide[256];
  ge25519_cached Ai[8];  // A, 3A, ..., 15A
  ge25519_p1p1 t;
  ge25519_p3 u, A2;
  base_tables();
  slide(aslide, a, 15);
  slide(bslide, b, 127);

  p3_to_cached(&Ai[0], A);
  p3_dbl(&t, A);
  p1p1_to_p3(&A2, &t);
  for (int i = 0; i < 7; i++) {
    ge_add(&t, &A2, &Ai[i]);
    p1p1_to_p3(&u, &t);
    p3_to_cached(&Ai[i + 1], &u);
  }

  p2_0(r);
  int i = 255;
  while (i >= 0 && !aslide[i] && !bslide[i]) i--;
  for (; i >= 0; i--) {
    p2_dbl(&t, r);
    if (aslide[i] || bslide[i]) {
      if (aslide[i] > 0) {
        p1p1_to_p3(&u, &t);
        ge_add(&t, &u, &Ai[aslide[i] / 2]);
      } else if (aslide[i] < 0) {
        p1p1_to_p3(&u, &t);
        ge_sub(&t, &u, &Ai[(-aslide[i]) / 2]);
      }
      if (bslide[i] > 0) {
        p1p1_to_p3(&u, &t);
        ge_madd(&t, &u, &base_odd[bslide[i] / 2]);
      } else if (bslide[i] < 0) {
        p1p1_to_p3(&u, &t);
        ge_msub(&t, &u, &base_odd[(-bslide[i]) / 2]);
      }
    }
    p1p1_to_p2(r, &t);
  }
}

_Static_assert(sizeof(ge25519_precomp) == 15 * sizeof(uint64_t), "precomp must be 15 contiguous words");
