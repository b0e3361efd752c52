// Arithmetic in GF(p), p = 2^521 - 1 (P-521), with the interface of
// fe_tmpl.h (prefix p521_fp_) so that ec_tmpl.h uses it unchanged.
//
// An element is 9 limbs in radix 2^58 (limb 8 has weight 2^464), kept
// "weakly reduced": limbs 0..7 below 2^58 + 2^7, limb 8 below 2^57 + 1, the
// value only congruent to the element mod p. Products use the Mersenne
// form: 2^521 = 1 (mod p), so a column of weight 2^(58k) with k >= 9 folds
// into column k - 9 doubled (2^522 = 2). No Montgomery form here: "to_mont"
// and "from_mont" only change the radix (plain = 64-bit limbs, canonical).
// Canonical form is computed only where a value is compared or encoded.
//
// Every function runs in time independent of the operand values.
//
// Needs P_M (p in 64-bit limbs) and P_ONE (1 in this radix) declared before.

#define P521_M58 ((uint64_t)0x3ffffffffffffff)
#define P521_M57 ((uint64_t)0x1ffffffffffffff)

// Carry limbs 0..8 (each below 2^63) into a weakly reduced element.
static inline void p521_fp_carry(uint64_t *r) {
  uint64_t c;
#pragma GCC unroll 8
  for (int i = 0; i < 8; i++) {
    c = r[i] >> 58;
    r[i] &= P521_M58;
    r[i + 1] += c;
  }
  c = r[8] >> 57;
  r[8] &= P521_M57;
  r[0] += c;  // 2^521 = 1
  c = r[0] >> 58;
  r[0] &= P521_M58;
  r[1] += c;
}

static inline void p521_fp_add(uint64_t *r, const uint64_t *a, const uint64_t *b) {
#pragma GCC unroll 9
  for (int i = 0; i < 9; i++) r[i] = a[i] + b[i];
  p521_fp_carry(r);
}

// r = a - b + 2p (2p in this radix: limbs 2^59 - 2, limb 8 2^58 - 2, each
// above the corresponding limb of a weakly reduced b).
static inline void p521_fp_sub(uint64_t *r, const uint64_t *a, const uint64_t *b) {
#pragma GCC unroll 8
  for (int i = 0; i < 8; i++) r[i] = a[i] + (2 * P521_M58) - b[i];
  r[8] = a[8] + (2 * P521_M57) - b[8];
  p521_fp_carry(r);
}

static inline void p521_fp_neg(uint64_t *r, const uint64_t *a) {
  static const uint64_t z[9] = {0};
  p521_fp_sub(r, z, a);
}

// Fold the nine 128-bit columns (weights 2^(58k)) into a weakly reduced r.
static inline void p521_fp_fold(uint64_t *r, unsigned __int128 *t) {
#pragma GCC unroll 8
  for (int k = 0; k < 8; k++) {
    r[k] = (uint64_t)t[k] & P521_M58;
    t[k + 1] += t[k] >> 58;
  }
  r[8] = (uint64_t)t[8] & P521_M57;
  unsigned __int128 c = (t[8] >> 57) + r[0];  // 2^521 = 1
  r[0] = (uint64_t)c & P521_M58;
  r[1] += (uint64_t)(c >> 58);
}

// r = a * b. With weakly reduced inputs each product is below 2^118 (2^119
// with the doubled operand) and each column of nine below 2^123.
static inline void p521_fp_mul(uint64_t *r, const uint64_t *a, const uint64_t *b) {
  uint64_t b2[9];
  unsigned __int128 t[9];
#pragma GCC unroll 9
  for (int j = 0; j < 9; j++) b2[j] = b[j] << 1;
#pragma GCC unroll 9
  for (int k = 0; k < 9; k++) {
    unsigned __int128 s = 0;
#pragma GCC unroll 9
    for (int i = 0; i <= k; i++) s += (unsigned __int128)a[i] * b[k - i];
#pragma GCC unroll 9
    for (int i = k + 1; i < 9; i++) s += (unsigned __int128)a[i] * b2[k + 9 - i];
    t[k] = s;
  }
  p521_fp_fold(r, t);
}

// r = a^2: 45 products instead of 81.
static inline void p521_fp_sqr(uint64_t *r, const uint64_t *a) {
  uint64_t a2[9];
  unsigned __int128 t[9];
#pragma GCC unroll 9
  for (int j = 0; j < 9; j++) a2[j] = a[j] << 1;
#pragma GCC unroll 9
  for (int k = 0; k < 9; k++) {
    unsigned __int128 s = 0;
    // Column k: pairs i + j = k (i < j doubled, i = j once) and pairs
    // i + j = k + 9 (weight 2^522 = 2: i < j quadrupled, i = j doubled).
#pragma GCC unroll 9
    for (int i = 0; 2 * i < k; i++) s += (unsigned __int128)a2[i] * a[k - i];
    if (k % 2 == 0) s += (unsigned __int128)a[k / 2] * a[k / 2];
#pragma GCC unroll 9
    for (int i = k + 1; 2 * i < k + 9; i++) s += (unsigned __int128)a2[i] * a2[k + 9 - i];
    if ((k + 9) % 2 == 0) s += (unsigned __int128)a[(k + 9) / 2] * a2[(k + 9) / 2];
    t[k] = s;
  }
  p521_fp_fold(r, t);
}

static inline void p521_fp_copy(uint64_t *r, const uint64_t *a) {
#pragma GCC unroll 9
  for (int i = 0; i < 9; i++) r[i] = a[i];
}

// r = (mask all-ones) ? a : r.
static inline void p521_fp_cmov(uint64_t *r, const uint64_t *a, uint64_t mask) {
#pragma GCC unroll 9
  for (int i = 0; i < 9; i++) r[i] = (a[i] & mask) | (r[i] & ~mask);
}

// r = the canonical representative of a (limbs exact, value < p).
static inline void p521_fp_canon(uint64_t *r, const uint64_t *a) {
  uint64_t c = 0;
  p521_fp_copy(r, a);
  for (int pass = 0; pass < 2; pass++) {
    for (int i = 0; i < 8; i++) {
      r[i] += c;
      c = r[i] >> 58;
      r[i] &= P521_M58;
    }
    r[8] += c;
    c = r[8] >> 57;
    r[8] &= P521_M57;
  }
  // Now value < 2^521 (c is 0: the second pass started from a value below
  // 2^521 + 2^7). Map p itself (all ones) to 0.
  uint64_t all = r[8] ^ P521_M57;
  for (int i = 0; i < 8; i++) all |= r[i] ^ P521_M58;
  uint64_t keep = cce_ct_nonzero_mask64(all | c);
  for (int i = 0; i < 9; i++) r[i] &= keep;
}

static inline uint64_t p521_fp_is_zero(const uint64_t *a) {
  uint64_t t[9], acc = 0;
  p521_fp_canon(t, a);
  for (int i = 0; i < 9; i++) acc |= t[i];
  return ~cce_ct_nonzero_mask64(acc);
}

static inline uint64_t p521_fp_eq(const uint64_t *a, const uint64_t *b) {
  uint64_t t[9], u[9], acc = 0;
  p521_fp_canon(t, a);
  p521_fp_canon(u, b);
  for (int i = 0; i < 9; i++) acc |= t[i] ^ u[i];
  return ~cce_ct_nonzero_mask64(acc);
}

// all-ones if a (plain integer, 64-bit limbs) < p.
static inline uint64_t p521_fp_lt_m(const uint64_t *a) {
  uint64_t br = 0;
  for (int i = 0; i < 9; i++) {
    unsigned __int128 d = (unsigned __int128)a[i] - P_M[i] - br;
    br = (uint64_t)(d >> 64) & 1;
  }
  return cce_ct_barrier64(0 - br);
}

// Plain (64-bit limbs, a < 2^522) to radix 2^58.
static inline void p521_fp_to_mont(uint64_t *r, const uint64_t *a) {
  uint64_t t[9];
  for (int k = 0; k < 9; k++) {
    int bit = 58 * k;
    int w = bit / 64, s = bit % 64;
    uint64_t v = a[w] >> s;
    if (s > 6 && w + 1 < 9) v |= a[w + 1] << (64 - s);  // public positions
    t[k] = v & P521_M58;
  }
  p521_fp_carry(t);
  p521_fp_copy(r, t);
}

// Radix 2^58 to plain canonical (value < p, 64-bit limbs).
static inline void p521_fp_from_mont(uint64_t *r, const uint64_t *a) {
  uint64_t t[9];
  p521_fp_canon(t, a);
  for (int i = 0; i < 9; i++) r[i] = 0;
  for (int k = 0; k < 9; k++) {
    int bit = 58 * k;
    int w = bit / 64, s = bit % 64;
    r[w] |= t[k] << s;
    if (s > 6 && w + 1 < 9) r[w + 1] |= t[k] >> (64 - s);
  }
}

// r = a^e for a public exponent e (64-bit limbs): fixed 4-bit windows.
static void p521_fp_pow(uint64_t *r, const uint64_t *a, const uint64_t *e) {
  uint64_t tab[16][9], acc[9];
  p521_fp_copy(tab[0], P_ONE);
  p521_fp_copy(tab[1], a);
  for (int i = 2; i < 16; i++) p521_fp_mul(tab[i], tab[i - 1], a);
  p521_fp_copy(acc, P_ONE);
  int started = 0;
  for (int i = 9 * 64 - 4; i >= 0; i -= 4) {
    unsigned d = (unsigned)(e[i / 64] >> (i % 64)) & 15u;
    if (started)
      for (int s = 0; s < 4; s++) p521_fp_sqr(acc, acc);
    if (d != 0 || started) {  // public exponent digits only
      p521_fp_mul(acc, acc, tab[d]);
      started = 1;
    }
  }
  p521_fp_copy(r, acc);
  cce_wipe(tab, sizeof tab);
  cce_wipe(acc, sizeof acc);
}

static inline void p521_fp_nsqr(uint64_t *r, const uint64_t *a, int n) {
  p521_fp_sqr(r, a);
  for (int i = 1; i < n; i++) p521_fp_sqr(r, r);
}

// r = a^(p-2) = a^-1 (0 maps to 0): p - 2 = 4 * (2^519 - 1) + 1. Fixed chain
// over x_k = a^(2^k - 1): 521 squarings, 12 multiplications.
static void p521_fp_inv(uint64_t *r, const uint64_t *a) {
  uint64_t x2[9], x3[9], x7[9], x8[9], x16[9], x32[9], x64[9], x128[9], x256[9], x512[9], t[9];
  p521_fp_sqr(t, a);
  p521_fp_mul(x2, t, a);
  p521_fp_sqr(t, x2);
  p521_fp_mul(x3, t, a);
  p521_fp_nsqr(t, x3, 3);
  p521_fp_mul(t, t, x3);  // x6
  p521_fp_sqr(t, t);
  p521_fp_mul(x7, t, a);
  p521_fp_sqr(t, x7);
  p521_fp_mul(x8, t, a);
  p521_fp_nsqr(t, x8, 8);
  p521_fp_mul(x16, t, x8);
  p521_fp_nsqr(t, x16, 16);
  p521_fp_mul(x32, t, x16);
  p521_fp_nsqr(t, x32, 32);
  p521_fp_mul(x64, t, x32);
  p521_fp_nsqr(t, x64, 64);
  p521_fp_mul(x128, t, x64);
  p521_fp_nsqr(t, x128, 128);
  p521_fp_mul(x256, t, x128);
  p521_fp_nsqr(t, x256, 256);
  p521_fp_mul(x512, t, x256);
  p521_fp_nsqr(t, x512, 7);
  p521_fp_mul(t, t, x7);  // x519
  p521_fp_nsqr(t, t, 2);
  p521_fp_mul(r, t, a);
  cce_wipe(x2, sizeof x2);
  cce_wipe(x3, sizeof x3);
  cce_wipe(x7, sizeof x7);
  cce_wipe(x8, sizeof x8);
  cce_wipe(x16, sizeof x16);
  cce_wipe(x32, sizeof x32);
  cce_wipe(x64, sizeof x64);
  cce_wipe(x128, sizeof x128);
  cce_wipe(x256, sizeof x256);
  cce_wipe(x512, sizeof x512);
  cce_wipe(t, sizeof t);
}

// Big-endian bytes (len <= 72) to 64-bit limbs (plain, not reduced).
static inline void p521_fp_from_be(uint64_t *r, const uint8_t *in, size_t len) {
  for (int i = 0; i < 9; i++) r[i] = 0;
  for (size_t i = 0; i < len; i++) {
    size_t bit = 8 * (len - 1 - i);
    r[bit / 64] |= (uint64_t)in[i] << (bit % 64);
  }
}

// 64-bit limbs (plain) to `len` big-endian bytes.
static inline void p521_fp_to_be(uint8_t *out, const uint64_t *a, size_t len) {
  for (size_t i = 0; i < len; i++) {
    size_t bit = 8 * (len - 1 - i);
    out[i] = (uint8_t)(a[bit / 64] >> (bit % 64));
  }
}
