// Constant-time inversion modulo the order n of P-256 by divsteps:
// Bernstein and Yang, "Fast constant-time gcd computation and modular
// inversion" (TCHES 2019), section 11, with the steps grouped by 62.
//
// divstep(delta, f, g), f odd:
//   delta > 0 and g odd: (1 - delta, g, (g - f) / 2)
//   g odd:               (1 + delta, f, (g + f) / 2)
//   otherwise:           (1 + delta, f, g / 2)
// From delta = 1, f = n, g = x (0 <= x < n < 2^256), g reaches 0 and f
// reaches +-gcd(n, x) = +-1 within floor((49 * 256 + 57) / 17) = 741 steps
// (Theorem 11.2); 12 batches of 62 = 744 steps are run for every input.
//
// A batch works on the low 64 bits of f and g only (each step needs the
// parity of g, and each halving costs one valid bit) and yields the matrix
// T = [u v; q r] with 2^62 (f', g') = T (f, g); then f, g are updated in
// full (signed, 320-bit two's complement) and so are d, e with
// f = d x, g = e x (mod n), divided by 2^62 modulo n (adding m n, m =
// -(u d + v e) / n mod 2^62, makes the low 62 bits zero). At the end
// x^-1 = d / f = +-d.
//
// Every decision is made with masks: no branch, no address depends on x.
// |u| + |v| <= 2^62 and |q| + |r| <= 2^62 after a batch, |f|, |g| <= n,
// and d, e are kept in [0, n), so every intermediate fits 320 bits signed.
// Included by p256.c.

typedef unsigned __int128 p256_u128;

#define P256_NINV62 0x332e375511ff43b1u  // n^-1 mod 2^62 (tools: pow(n, -1, 2**62))
#define P256_M62 (((uint64_t)1 << 62) - 1)

// 62 divsteps on the low words of f and g; returns the new delta and sets
// t = {u, v, q, r} (two's complement in uint64).
static int64_t p256_divsteps62(int64_t delta, uint64_t f, uint64_t g, uint64_t t[4]) {
  uint64_t u = 1, v = 0, q = 0, r = 1, x;
  uint64_t d = (uint64_t)delta;
  for (int i = 0; i < 62; i++) {
    uint64_t c1 = (uint64_t)0 - (g & 1);                            // g odd
    uint64_t c2 = c1 & ((uint64_t)0 - (((uint64_t)0 - d) >> 63));  // and delta > 0
    // c2: (delta, f, g) = (1 - delta, g, g - f); else g odd: (1 + delta, f,
    // g + f); else (1 + delta, f, g); the coefficients (u, v) of f and
    // (q, r) of g follow. Then g is halved (f's coefficients doubled).
    uint64_t fx = (f ^ c2) - c2, ux = (u ^ c2) - c2, vx = (v ^ c2) - c2;
    d = ((d ^ c2) - c2) + 1;
    x = (f ^ g) & c2;
    f ^= x;
    x = (u ^ q) & c2;
    u ^= x;
    x = (v ^ r) & c2;
    v ^= x;
    g += fx & c1;
    q += ux & c1;
    r += vx & c1;
    g >>= 1;
    u <<= 1;
    v <<= 1;
  }
  t[0] = u;
  t[1] = v;
  t[2] = q;
  t[3] = r;
  return (int64_t)d;
}

// r = x * s (mod 2^320) for a signed 64-bit s.
static inline void p256_mp_mul_s(uint64_t r[5], const uint64_t x[5], uint64_t s) {
  uint64_t neg = (uint64_t)0 - (s >> 63);
  p256_u128 c = 0;
  for (int i = 0; i < 5; i++) {
    c += (p256_u128)x[i] * s;
    r[i] = (uint64_t)c;
    c >>= 64;
  }
  // s as unsigned is s + 2^64 when s < 0: take x * 2^64 back off.
  uint64_t b = 0;
  for (int i = 1; i < 5; i++) {
    p256_u128 t = (p256_u128)r[i] - (x[i - 1] & neg) - b;
    r[i] = (uint64_t)t;
    b = (uint64_t)(t >> 64) & 1;
  }
}

// r = x * s + y * t (mod 2^320).
static inline void p256_mp_lin(uint64_t r[5], const uint64_t x[5], uint64_t s, const uint64_t y[5], uint64_t t) {
  uint64_t a[5], b[5];
  p256_mp_mul_s(a, x, s);
  p256_mp_mul_s(b, y, t);
  p256_u128 c = 0;
  for (int i = 0; i < 5; i++) {
    c += (p256_u128)a[i] + b[i];
    r[i] = (uint64_t)c;
    c >>= 64;
  }
}

// r = a >> 62, arithmetic (a is a multiple of 2^62 where it matters).
static inline void p256_mp_sar62(uint64_t r[5], const uint64_t a[5]) {
  for (int i = 0; i < 4; i++) r[i] = (a[i] >> 62) | (a[i + 1] << 2);
  r[4] = (uint64_t)((int64_t)a[4] >> 62);
}

// r = a + (n & mask) (mod 2^320).
static inline void p256_mp_add_n(uint64_t r[5], const uint64_t a[5], uint64_t mask) {
  p256_u128 c = 0;
  for (int i = 0; i < 4; i++) {
    c += (p256_u128)a[i] + (N_M[i] & mask);
    r[i] = (uint64_t)c;
    c >>= 64;
  }
  r[4] = a[4] + (uint64_t)c;
}

// r = (u d + v e) / 2^62 mod n, in [0, n), for d, e in [0, n).
static void p256_mp_upd_de(uint64_t r[5], const uint64_t d[5], uint64_t u, const uint64_t e[5], uint64_t v) {
  uint64_t a[5], nn[5] = {N_M[0], N_M[1], N_M[2], N_M[3], 0}, mn[5];
  p256_mp_lin(a, d, u, e, v);
  uint64_t m = ((0 - a[0]) * P256_NINV62) & P256_M62;  // a + m n = 0 mod 2^62
  p256_mp_mul_s(mn, nn, m);
  p256_u128 c = 0;
  for (int i = 0; i < 5; i++) {
    c += (p256_u128)a[i] + mn[i];
    a[i] = (uint64_t)c;
    c >>= 64;
  }
  p256_mp_sar62(r, a);  // |r| < 2n: in (-n, 2n)
  // Negative: add n. Then >= n: subtract n.
  p256_mp_add_n(r, r, (uint64_t)0 - (r[4] >> 63));
  uint64_t s[5], b = 0;
  for (int i = 0; i < 5; i++) {
    p256_u128 t = (p256_u128)r[i] - nn[i] - b;
    s[i] = (uint64_t)t;
    b = (uint64_t)(t >> 64) & 1;
  }
  uint64_t keep = (uint64_t)0 - b;  // r < n: keep r
  for (int i = 0; i < 5; i++) r[i] = (r[i] & keep) | (s[i] & ~keep);
}

// out = x^-1 mod n (plain integers, x < n; 0 maps to 0). Constant time.
static void p256_scalar_inv_ct(uint64_t out[4], const uint64_t x[4]) {
  uint64_t f[5] = {N_M[0], N_M[1], N_M[2], N_M[3], 0}, g[5] = {x[0], x[1], x[2], x[3], 0};
  uint64_t d[5] = {0, 0, 0, 0, 0}, e[5] = {1, 0, 0, 0, 0}, t[4], a[5];
  int64_t delta = 1;
  for (int i = 0; i < 12; i++) {
    delta = p256_divsteps62(delta, f[0], g[0], t);
    p256_mp_lin(a, f, t[0], g, t[1]);
    uint64_t b[5];
    p256_mp_lin(b, f, t[2], g, t[3]);
    p256_mp_sar62(f, a);
    p256_mp_sar62(g, b);
    p256_mp_upd_de(a, d, t[0], e, t[1]);
    p256_mp_upd_de(b, d, t[2], e, t[3]);
    memcpy(d, a, sizeof d);
    memcpy(e, b, sizeof e);
    cce_wipe(b, sizeof b);
  }
  // f = +-1: x^-1 = d or n - d (d != 0 then; for x = 0, f = n > 0, d = 0).
  uint64_t neg = (uint64_t)0 - (f[4] >> 63), nd[4], b = 0;
  for (int i = 0; i < 4; i++) {
    p256_u128 s = (p256_u128)N_M[i] - d[i] - b;
    nd[i] = (uint64_t)s;
    b = (uint64_t)(s >> 64) & 1;
  }
  for (int i = 0; i < 4; i++) out[i] = (d[i] & ~neg) | (nd[i] & neg);
  cce_wipe(f, sizeof f);
  cce_wipe(g, sizeof g);
  cce_wipe(d, sizeof d);
  cce_wipe(e, sizeof e);
  cce_wipe(t, sizeof t);
  cce_wipe(a, sizeof a);
  cce_wipe(nd, sizeof nd);
}
