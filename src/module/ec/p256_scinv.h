// Constant-time inversion modulo the P-256 prime p and the order n by
// divsteps: Bernstein and Yang, "Fast constant-time gcd computation and
// modular inversion" (TCHES 2019), sections 8 and 11, in the "half-delta"
// form (delta starts at 1/2 instead of 1):
//
// divstep(delta, f, g), f odd:
//   delta > 0 and g odd: (1 - delta, g, (g - f) / 2)
//   g odd:               (1 + delta, f, (g + f) / 2)
//   otherwise:           (1 + delta, f, g / 2)
//
// Bound: from delta = 1/2, f odd, 0 <= g <= f <= 2^b, g reaches 0 (and
// |f| = gcd(f, g)) within n steps whenever 9437 b + 1 <= 4096 n: a
// machine-checked theorem in HOL Light (J. Harrison, hol-light
// Divstep/divstep_bounds.ml, DIVSTEP_ENDTOEND_BITS_SIMPLE, the bound behind
// the formally verified inversions of AWS s2n-bignum); P. Wuille's hull
// computation ("safegcd-bounds", used by libsecp256k1) gives the same 590
// for 256-bit inputs. For b = 256: 9437 * 256 + 1 = 2415873 <= 4096 * 590,
// so n = 590, run here as 10 batches of 59 steps for every input (f = the
// modulus, g = x < modulus). Once g = 0 further steps only change delta, so
// running exactly 590 is correct for every input. (The original delta = 1
// form needs 741 steps by the paper's Theorem 11.2.)
//
// delta is tracked as zeta = -(delta + 1/2) (an integer, -1 at the start):
// "delta > 0" is "zeta < 0", 1 - delta is -zeta - 2 = ~zeta - 1 and 1 + delta
// is zeta - 1.
//
// A batch works on the low 64 bits of f and g (each step needs the parity
// of g, each halving costs one valid bit: 59 steps need 59 bits) and yields
// T = [u v; q r] with 2^62 (f', g') = T (f, g) (the 59-step matrix times 8,
// so that the scale is 2^62; |u| + |v| <= 2^62 and |q| + |r| <= 2^62).
// f, g, d, e are then updated in full in signed base 2^62 (5 limbs: limbs
// 0..3 in [0, 2^62), limb 4 signed), with d x = c f, e x = c g (mod M)
// kept (c the requested output scale): (u d + v e + m M) / 2^62 with m in
// [-2^61, 2^61) chosen so the low 62 bits vanish. |f|, |g| <= M throughout;
// |d|, |e| grow by at most M/2 per batch (from <= M: < 6M < 2^259 at the
// end, far inside 310 bits), and every limb sum stays below 2^126. At the
// end f = +-1 and x^-1 c = +-d, reduced once into [0, M).
//
// Every decision is made with masks: no branch, no address depends on x.
// Included by p256.c.

typedef unsigned __int128 p256_u128;
typedef __int128 p256_i128;

#define P256_M62 (((uint64_t)1 << 62) - 1)

// A modulus M (odd, 2^255 < M < 2^256): 64-bit limbs, base-2^62 limbs, and
// M^-1 mod 2^62.
typedef struct {
  uint64_t m[4];
  int64_t s[5];
  uint64_t inv62;
} p256_modinv;

static const p256_modinv p256_modinv_p = {
    {0xffffffffffffffffu, 0x00000000ffffffffu, 0x0000000000000000u, 0xffffffff00000001u},
    {0x3fffffffffffffff, 0x3ffffffff, 0x0, 0x3fffffc000000040, 0xff},
    0x3fffffffffffffffu,
};
static const p256_modinv p256_modinv_n = {
    {0xf3b9cac2fc632551u, 0xbce6faada7179e84u, 0xffffffffffffffffu, 0xffffffff00000000u},
    {0x33b9cac2fc632551, 0x339beab69c5e7a13, 0x3ffffffffffffffb, 0x3fffffc00000003f, 0xff},
    0x332e375511ff43b1u,  // n^-1 mod 2^62
};

// 59 divsteps on the low words of f and g; returns the new zeta and sets
// t = {u, v, q, r} (scaled by 8: 2^62 (f', g') = t (f, g)).
//
// Two runs of 30 and 29 steps, each from the identity matrix, with the
// coefficients packed two to a word: uv = u + 2^32 v, qr = q + 2^32 r (|u|,
// |v|, |q|, |r| <= 2^30 within a run, so the halves never overflow and the
// packed words add, negate and double as the pairs do). Then t = 8 T2 T1
// (|t entries| <= 2^62).
//
// Per step, with c1 = (zeta < 0) and c2 = (g odd) as masks and sw = c1 & c2
// (swap): g += (c1 ? -f : f) & c2 (g - f on a swap, g + f when only odd),
// the new f is the old g on a swap (f ^ ((f ^ g) & sw)), zeta = (zeta ^ sw)
// - 1, then g halves; the coefficients follow. The parity of the next g is
// taken from bit 1 before the shift (a shorter dependency chain).
static inline __attribute__((always_inline)) uint64_t p256_divsteps59(uint64_t zeta, uint64_t f, uint64_t g,
                                                                      int64_t t[4]) {
  int64_t m[2][4];
  for (int h = 0; h < 2; h++) {
    uint64_t uv = 1, qr = (uint64_t)1 << 32;
    uint64_t c2 = (uint64_t)0 - (g & 1);
    const int n = h == 0 ? 30 : 29;
    for (int i = 0; i < n; i++) {
      uint64_t c1 = (uint64_t)((int64_t)zeta >> 63);
      uint64_t sw = c1 & c2;
      uint64_t x = (f ^ c1) - c1, y = (uv ^ c1) - c1;
      uint64_t fn = f ^ ((f ^ g) & sw), un = uv ^ ((uv ^ qr) & sw);
      g += x & c2;
      qr += y & c2;
      zeta = (zeta ^ sw) - 1;
      f = fn;
      uv = un;
      c2 = (uint64_t)((int64_t)(g << 62) >> 63);
      g >>= 1;
      uv <<= 1;
    }
    // Unpack: the low half sign-extended, then the high half (exact).
    int64_t u = (int64_t)(int32_t)(uint32_t)uv, q = (int64_t)(int32_t)(uint32_t)qr;
    m[h][0] = u;
    m[h][1] = (int64_t)(uv - (uint64_t)u) >> 32;
    m[h][2] = q;
    m[h][3] = (int64_t)(qr - (uint64_t)q) >> 32;
  }
  t[0] = (m[1][0] * m[0][0] + m[1][1] * m[0][2]) * 8;
  t[1] = (m[1][0] * m[0][1] + m[1][1] * m[0][3]) * 8;
  t[2] = (m[1][2] * m[0][0] + m[1][3] * m[0][2]) * 8;
  t[3] = (m[1][2] * m[0][1] + m[1][3] * m[0][3]) * 8;
  volatile int64_t *vm = &m[0][0];
  for (int i = 0; i < 8; i++) vm[i] = 0;
  return zeta;
}

// (f, g) = T (f, g) / 2^62 (exact), base 2^62.
static inline __attribute__((always_inline)) void p256_upd_fg(int64_t f[5], int64_t g[5], const int64_t t[4]) {
  const int64_t u = t[0], v = t[1], q = t[2], r = t[3];
  p256_i128 cf = (p256_i128)u * f[0] + (p256_i128)v * g[0];
  p256_i128 cg = (p256_i128)q * f[0] + (p256_i128)r * g[0];
  cf >>= 62;
  cg >>= 62;
  for (int i = 1; i < 5; i++) {
    cf += (p256_i128)u * f[i] + (p256_i128)v * g[i];
    cg += (p256_i128)q * f[i] + (p256_i128)r * g[i];
    f[i - 1] = (int64_t)((uint64_t)cf & P256_M62);
    g[i - 1] = (int64_t)((uint64_t)cg & P256_M62);
    cf >>= 62;
    cg >>= 62;
  }
  f[4] = (int64_t)cf;
  g[4] = (int64_t)cg;
}

// (d, e) = (T (d, e) + (md, me) M) / 2^62, md and me in [-2^61, 2^61)
// making the sums multiples of 2^62.
static inline __attribute__((always_inline)) void p256_upd_de(int64_t d[5], int64_t e[5], const int64_t t[4],
                                                              const p256_modinv *mod) {
  const int64_t u = t[0], v = t[1], q = t[2], r = t[3];
  const int64_t *ms = mod->s;
  uint64_t ld = (uint64_t)u * (uint64_t)d[0] + (uint64_t)v * (uint64_t)e[0];
  uint64_t le = (uint64_t)q * (uint64_t)d[0] + (uint64_t)r * (uint64_t)e[0];
  // -l M^-1 mod 2^62, sign-extended from 62 bits.
  int64_t md = (int64_t)((((uint64_t)0 - ld) * mod->inv62) << 2) >> 2;
  int64_t me = (int64_t)((((uint64_t)0 - le) * mod->inv62) << 2) >> 2;
  p256_i128 cd = (p256_i128)u * d[0] + (p256_i128)v * e[0] + (p256_i128)md * ms[0];
  p256_i128 ce = (p256_i128)q * d[0] + (p256_i128)r * e[0] + (p256_i128)me * ms[0];
  cd >>= 62;
  ce >>= 62;
  for (int i = 1; i < 5; i++) {
    cd += (p256_i128)u * d[i] + (p256_i128)v * e[i] + (p256_i128)md * ms[i];
    ce += (p256_i128)q * d[i] + (p256_i128)r * e[i] + (p256_i128)me * ms[i];
    d[i - 1] = (int64_t)((uint64_t)cd & P256_M62);
    e[i - 1] = (int64_t)((uint64_t)ce & P256_M62);
    cd >>= 62;
    ce >>= 62;
  }
  d[4] = (int64_t)cd;
  e[4] = (int64_t)ce;
}

// out = c * x^-1 mod M (plain integers, x < M, c < M; x = 0 gives 0).
// Constant time.
static inline __attribute__((always_inline)) void p256_divinv(uint64_t out[4], const uint64_t x[4],
                                                              const uint64_t c[4], const p256_modinv *mod) {
  int64_t f[5], g[5], d[5] = {0, 0, 0, 0, 0}, e[5], t[4];
  uint64_t zeta = (uint64_t)0 - 1;
  for (int i = 0; i < 5; i++) f[i] = mod->s[i];
  g[0] = (int64_t)(x[0] & P256_M62);
  g[1] = (int64_t)(((x[0] >> 62) | (x[1] << 2)) & P256_M62);
  g[2] = (int64_t)(((x[1] >> 60) | (x[2] << 4)) & P256_M62);
  g[3] = (int64_t)(((x[2] >> 58) | (x[3] << 6)) & P256_M62);
  g[4] = (int64_t)(x[3] >> 56);
  e[0] = (int64_t)(c[0] & P256_M62);
  e[1] = (int64_t)(((c[0] >> 62) | (c[1] << 2)) & P256_M62);
  e[2] = (int64_t)(((c[1] >> 60) | (c[2] << 4)) & P256_M62);
  e[3] = (int64_t)(((c[2] >> 58) | (c[3] << 6)) & P256_M62);
  e[4] = (int64_t)(c[3] >> 56);
  for (int i = 0; i < 10; i++) {
    zeta = p256_divsteps59(zeta, (uint64_t)f[0] | ((uint64_t)f[1] << 62), (uint64_t)g[0] | ((uint64_t)g[1] << 62),
                           t);
    p256_upd_fg(f, g, t);
    p256_upd_de(d, e, t, mod);
  }
  // f = +-1 (f = M for x = 0, d = 0 then): y = sign(f) d, |y| < 6M, as a
  // 320-bit two's complement; y + 8M in (2M, 14M); minus floor(. / 2^256) M
  // leaves [0, 2M) (2^256 - M < 2^224); one conditional subtraction of M.
  uint64_t neg = (uint64_t)(f[4] >> 63), y[5], m8[5], s[5];
  y[0] = (uint64_t)d[0] | ((uint64_t)d[1] << 62);
  y[1] = ((uint64_t)d[1] >> 2) | ((uint64_t)d[2] << 60);
  y[2] = ((uint64_t)d[2] >> 4) | ((uint64_t)d[3] << 58);
  y[3] = ((uint64_t)d[3] >> 6) | ((uint64_t)d[4] << 56);
  y[4] = (uint64_t)(d[4] >> 8);
  m8[0] = mod->m[0] << 3;
  m8[1] = (mod->m[1] << 3) | (mod->m[0] >> 61);
  m8[2] = (mod->m[2] << 3) | (mod->m[1] >> 61);
  m8[3] = (mod->m[3] << 3) | (mod->m[2] >> 61);
  m8[4] = mod->m[3] >> 61;
  p256_u128 acc = neg & 1;  // (y ^ neg) + (neg & 1) = -y when neg
  for (int i = 0; i < 5; i++) {
    acc += (p256_u128)(y[i] ^ neg) + m8[i];
    y[i] = (uint64_t)acc;
    acc >>= 64;
  }
  uint64_t qt = y[4];  // < 16
  p256_u128 mul = 0;
  uint64_t b = 0;
  for (int i = 0; i < 4; i++) {
    mul += (p256_u128)qt * mod->m[i];
    p256_u128 dd = (p256_u128)y[i] - (uint64_t)mul - b;
    y[i] = (uint64_t)dd;
    b = (uint64_t)(dd >> 64) & 1;
    mul >>= 64;
  }
  y[4] = y[4] - (uint64_t)mul - b;  // 0 or 1
  b = 0;
  for (int i = 0; i < 5; i++) {
    p256_u128 dd = (p256_u128)y[i] - (i < 4 ? mod->m[i] : 0) - b;
    s[i] = (uint64_t)dd;
    b = (uint64_t)(dd >> 64) & 1;
  }
  uint64_t keep = (uint64_t)0 - b;  // y < M: keep y
  for (int i = 0; i < 4; i++) out[i] = (y[i] & keep) | (s[i] & ~keep);
  cce_wipe(f, sizeof f);
  cce_wipe(g, sizeof g);
  cce_wipe(d, sizeof d);
  cce_wipe(e, sizeof e);
  cce_wipe(t, sizeof t);
  cce_wipe(y, sizeof y);
  cce_wipe(s, sizeof s);
  cce_wipe(&zeta, sizeof zeta);
}

// out = x^-1 mod n (plain integers, x < n; 0 maps to 0). Constant time.
static void p256_scalar_inv_ct(uint64_t out[4], const uint64_t x[4]) {
  static const uint64_t one[4] = {1, 0, 0, 0};
  p256_divinv(out, x, one, &p256_modinv_n);
}

// out = R^2 x^-1 mod p (R = 2^256): for x = a R (Montgomery form of a),
// out = a^-1 R, the Montgomery form of a^-1 (x < p; 0 maps to 0).
static void p256_fp_inv_divsteps(uint64_t out[4], const uint64_t x[4]) {
  p256_divinv(out, x, P_R2, &p256_modinv_p);
}
