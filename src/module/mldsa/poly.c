// ML-DSA polynomial arithmetic, portable C back end (FIPS 204 section 7.5
// and 7.4): NTT (Algorithm 41), inverse NTT (Algorithm 42) with Montgomery
// multiplication (R = 2^32), pointwise products, Decompose (Algorithm 36),
// and the parameter sets (Table 1).
//
// Constant time: no branch and no memory index depends on coefficient
// values; reductions use arithmetic shifts and masks.

#include "internal.h"

static const mldsa_params mldsa_param_sets[3] = {
    {CCE_MLDSA_44, 4, 4, 2, 39, 78, 80, 1 << 17, (MLDSA_Q - 1) / 88, 32, 18, 6, 3,
     CCE_MLDSA44_PUBLIC_KEY_BYTES, CCE_MLDSA44_SECRET_KEY_BYTES, CCE_MLDSA44_SIGNATURE_BYTES},
    {CCE_MLDSA_65, 6, 5, 4, 49, 196, 55, 1 << 19, (MLDSA_Q - 1) / 32, 48, 20, 4, 4,
     CCE_MLDSA65_PUBLIC_KEY_BYTES, CCE_MLDSA65_SECRET_KEY_BYTES, CCE_MLDSA65_SIGNATURE_BYTES},
    {CCE_MLDSA_87, 8, 7, 2, 60, 120, 75, 1 << 19, (MLDSA_Q - 1) / 32, 64, 20, 4, 3,
     CCE_MLDSA87_PUBLIC_KEY_BYTES, CCE_MLDSA87_SECRET_KEY_BYTES, CCE_MLDSA87_SIGNATURE_BYTES},
};

const mldsa_params *cce_mldsa_params_get(cce_mldsa_param p) {
  switch (p) {
    case CCE_MLDSA_44: return &mldsa_param_sets[0];
    case CCE_MLDSA_65: return &mldsa_param_sets[1];
    case CCE_MLDSA_87: return &mldsa_param_sets[2];
    default: return NULL;
  }
}

// Zeta tables (generated): zetas[k] = 2^32 * 1753^brv8(k) mod q, centered
// (FIPS 204 Appendix B lists 1753^brv8(k) mod q); izetas[k] = -zetas[255-k].
const int32_t cce_mldsa_zetas[256] = {
    -4186625, 25847, -2608894, -518909, 237124, -777960, -876248, 466468,
    1826347, 2353451, -359251, -2091905, 3119733, -2884855, 3111497, 2680103,
    2725464, 1024112, -1079900, 3585928, -549488, -1119584, 2619752, -2108549,
    -2118186, -3859737, -1399561, -3277672, 1757237, -19422, 4010497, 280005,
    2706023, 95776, 3077325, 3530437, -1661693, -3592148, -2537516, 3915439,
    -3861115, -3043716, 3574422, -2867647, 3539968, -300467, 2348700, -539299,
    -1699267, -1643818, 3505694, -3821735, 3507263, -2140649, -1600420, 3699596,
    811944, 531354, 954230, 3881043, 3900724, -2556880, 2071892, -2797779,
    -3930395, -1528703, -3677745, -3041255, -1452451, 3475950, 2176455, -1585221,
    -1257611, 1939314, -4083598, -1000202, -3190144, -3157330, -3632928, 126922,
    3412210, -983419, 2147896, 2715295, -2967645, -3693493, -411027, -2477047,
    -671102, -1228525, -22981, -1308169, -381987, 1349076, 1852771, -1430430,
    -3343383, 264944, 508951, 3097992, 44288, -1100098, 904516, 3958618,
    -3724342, -8578, 1653064, -3249728, 2389356, -210977, 759969, -1316856,
    189548, -3553272, 3159746, -1851402, -2409325, -177440, 1315589, 1341330,
    1285669, -1584928, -812732, -1439742, -3019102, -3881060, -3628969, 3839961,
    2091667, 3407706, 2316500, 3817976, -3342478, 2244091, -2446433, -3562462,
    266997, 2434439, -1235728, 3513181, -3520352, -3759364, -1197226, -3193378,
    900702, 1859098, 909542, 819034, 495491, -1613174, -43260, -522500,
    -655327, -3122442, 2031748, 3207046, -3556995, -525098, -768622, -3595838,
    342297, 286988, -2437823, 4108315, 3437287, -3342277, 1735879, 203044,
    2842341, 2691481, -2590150, 1265009, 4055324, 1247620, 2486353, 1595974,
    -3767016, 1250494, 2635921, -3548272, -2994039, 1869119, 1903435, -1050970,
    -1333058, 1237275, -3318210, -1430225, -451100, 1312455, 3306115, -1962642,
    -1279661, 1917081, -2546312, -1374803, 1500165, 777191, 2235880, 3406031,
    -542412, -2831860, -1671176, -1846953, -2584293, -3724270, 594136, -3776993,
    -2013608, 2432395, 2454455, -164721, 1957272, 3369112, 185531, -1207385,
    -3183426, 162844, 1616392, 3014001, 810149, 1652634, -3694233, -1799107,
    -3038916, 3523897, 3866901, 269760, 2213111, -975884, 1717735, 472078,
    -426683, 1723600, -1803090, 1910376, -1667432, -1104333, -260646, -3833893,
    -2939036, -2235985, -420899, -2286327, 183443, -976891, 1612842, -3545687,
    -554416, 3919660, -48306, -1362209, 3937738, 1400424, -846154, 1976782,
};
const int32_t cce_mldsa_izetas[256] = {
    -1976782, 846154, -1400424, -3937738, 1362209, 48306, -3919660, 554416,
    3545687, -1612842, 976891, -183443, 2286327, 420899, 2235985, 2939036,
    3833893, 260646, 1104333, 1667432, -1910376, 1803090, -1723600, 426683,
    -472078, -1717735, 975884, -2213111, -269760, -3866901, -3523897, 3038916,
    1799107, 3694233, -1652634, -810149, -3014001, -1616392, -162844, 3183426,
    1207385, -185531, -3369112, -1957272, 164721, -2454455, -2432395, 2013608,
    3776993, -594136, 3724270, 2584293, 1846953, 1671176, 2831860, 542412,
    -3406031, -2235880, -777191, -1500165, 1374803, 2546312, -1917081, 1279661,
    1962642, -3306115, -1312455, 451100, 1430225, 3318210, -1237275, 1333058,
    1050970, -1903435, -1869119, 2994039, 3548272, -2635921, -1250494, 3767016,
    -1595974, -2486353, -1247620, -4055324, -1265009, 2590150, -2691481, -2842341,
    -203044, -1735879, 3342277, -3437287, -4108315, 2437823, -286988, -342297,
    3595838, 768622, 525098, 3556995, -3207046, -2031748, 3122442, 655327,
    522500, 43260, 1613174, -495491, -819034, -909542, -1859098, -900702,
    3193378, 1197226, 3759364, 3520352, -3513181, 1235728, -2434439, -266997,
    3562462, 2446433, -2244091, 3342478, -3817976, -2316500, -3407706, -2091667,
    -3839961, 3628969, 3881060, 3019102, 1439742, 812732, 1584928, -1285669,
    -1341330, -1315589, 177440, 2409325, 1851402, -3159746, 3553272, -189548,
    1316856, -759969, 210977, -2389356, 3249728, -1653064, 8578, 3724342,
    -3958618, -904516, 1100098, -44288, -3097992, -508951, -264944, 3343383,
    1430430, -1852771, -1349076, 381987, 1308169, 22981, 1228525, 671102,
    2477047, 411027, 3693493, 2967645, -2715295, -2147896, 983419, -3412210,
    -126922, 3632928, 3157330, 3190144, 1000202, 4083598, -1939314, 1257611,
    1585221, -2176455, -3475950, 1452451, 3041255, 3677745, 1528703, 3930395,
    2797779, -2071892, 2556880, -3900724, -3881043, -954230, -531354, -811944,
    -3699596, 1600420, 2140649, -3507263, 3821735, -3505694, 1643818, 1699267,
    539299, -2348700, 300467, -3539968, 2867647, -3574422, 3043716, 3861115,
    -3915439, 2537516, 3592148, 1661693, -3530437, -3077325, -95776, -2706023,
    -280005, -4010497, 19422, -1757237, 3277672, 1399561, 3859737, 2118186,
    2108549, -2619752, 1119584, 549488, -3585928, 1079900, -1024112, -2725464,
    -2680103, -3111497, 2884855, -3119733, 2091905, 359251, -2353451, -1826347,
    -466468, 876248, 777960, -237124, 518909, 2608894, -25847, 4186625,
};

static void ntt_c(int32_t a[MLDSA_N]) {
  unsigned k = 0;
  for (unsigned len = 128; len > 0; len >>= 1) {
    for (unsigned start = 0; start < MLDSA_N; start += 2 * len) {
      int32_t z = cce_mldsa_zetas[++k];
      for (unsigned j = start; j < start + len; j++) {
        int32_t t = mldsa_mont_reduce((int64_t)z * a[j + len]);
        a[j + len] = a[j] - t;
        a[j] = a[j] + t;
      }
    }
  }
}

// The last layer (distance 128, zeta izetas[254]) also multiplies by
// MONT_F: a[j] = F (t + u), a[j + 128] = F z (t - u) with F z R^-1 = MONT_FZ.
static void invntt_c(int32_t a[MLDSA_N]) {
  unsigned k = 0;
  for (unsigned len = 1; len < MLDSA_N / 2; len <<= 1) {
    for (unsigned start = 0; start < MLDSA_N; start += 2 * len) {
      int32_t z = cce_mldsa_izetas[k++];
      for (unsigned j = start; j < start + len; j++) {
        int32_t t = a[j];
        a[j] = t + a[j + len];
        a[j + len] = mldsa_mont_reduce((int64_t)z * (t - a[j + len]));
      }
    }
  }
  for (unsigned j = 0; j < MLDSA_N / 2; j++) {
    int32_t t = a[j], u = a[j + MLDSA_N / 2];
    a[j] = mldsa_mont_reduce((int64_t)MLDSA_MONT_F * (t + u));
    a[j + MLDSA_N / 2] = mldsa_mont_reduce((int64_t)MLDSA_MONT_FZ * (t - u));
  }
}

static void pointwise_c(int32_t r[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]) {
  for (unsigned i = 0; i < MLDSA_N; i++) r[i] = mldsa_mont_reduce((int64_t)a[i] * b[i]);
}

static void pointwise_acc_c(int32_t r[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]) {
  for (unsigned i = 0; i < MLDSA_N; i++) r[i] += mldsa_mont_reduce((int64_t)a[i] * b[i]);
}

static void dot_c(int32_t r[MLDSA_N], const int32_t *const *a, const int32_t *const *b, unsigned n) {
  for (unsigned i = 0; i < MLDSA_N; i++) {
    int64_t acc = 0;
    for (unsigned t = 0; t < n; t++) acc += (int64_t)a[t][i] * b[t][i];
    r[i] = mldsa_mont_reduce(acc);
  }
}

// Decompose (Algorithm 36) of r in [0, q): r1 = ceil((r - gamma2) / (2 gamma2))
// = floor((r + gamma2 - 1) / (2 gamma2)), computed as a multiplication by
// M = ceil(2^48 / (2 gamma2)) and a shift (exact for r < 2^24: the error
// M * 2 gamma2 - 2^48 < 2 gamma2 < 2^20 stays below 2^48 / 2^24); r0 = r -
// r1 * 2 gamma2. When r1 = (q - 1) / (2 gamma2) (r close to q), FIPS 204 sets
// r1 = 0 and r0 = r0 - 1; done with a mask.
static inline void decompose1(int32_t *r1, int32_t *r0, int32_t r, int32_t gamma2) {
  uint64_t m = gamma2 == (MLDSA_Q - 1) / 32 ? 537395713ull : 1477838210ull;  // ceil(2^48 / (2 gamma2))
  int32_t top = (MLDSA_Q - 1) / (2 * gamma2);
  int32_t a1 = (int32_t)(((uint64_t)(uint32_t)(r + gamma2 - 1) * m) >> 48);
  int32_t a0 = r - a1 * 2 * gamma2;
  int32_t wrap = (top - 1 - a1) >> 31;  // all-ones iff a1 == top
  *r1 = a1 & ~wrap;
  *r0 = a0 + wrap;
}

static void decompose_c(int32_t r1[MLDSA_N], int32_t r0[MLDSA_N], const int32_t a[MLDSA_N], int32_t gamma2) {
  for (unsigned i = 0; i < MLDSA_N; i++) decompose1(&r1[i], &r0[i], a[i], gamma2);
}

// SampleInBall placement: c[i] = c[j]; c[j] = val, scanning all 256
// positions (positions >= i still hold 0, so the OR picks up c[j] alone).
// The mask is plain arithmetic, so the compiler vectorizes the loop (no
// branch, no cmov).
static void ball_c(int32_t c[MLDSA_N], const uint8_t *js, uint64_t signs, unsigned tau) {
  uint8_t cb[MLDSA_N];  // coefficient bytes: 0, 1 or 0xff (-1)
  memset(cb, 0, sizeof cb);
  for (unsigned i = MLDSA_N - tau, n = 0; i < MLDSA_N; i++, n++) {
    uint32_t j = js[n];
    uint8_t sign = (uint8_t)(0u - (uint8_t)((signs >> n) & 1));  // 0 or 0xff
    uint8_t val = (uint8_t)(sign | 1);                           // +1 or -1 (0xff)
    uint8_t cj = 0;
    for (unsigned t = 0; t < MLDSA_N; t++) {
      uint8_t m = (uint8_t)(((uint32_t)(t ^ j) - 1u) >> 24);
      uint8_t v = cb[t];
      cj |= v & m;
      cb[t] = (uint8_t)((v & ~m) | (val & m));
    }
    cb[i] |= cj;  // j == i: c[i] = val (cj = 0); else c[i] was 0
  }
  for (unsigned t = 0; t < MLDSA_N; t++) c[t] = (int32_t)(int8_t)cb[t];
  cce_wipe(cb, sizeof cb);
}

static uint32_t center_norm_c(int32_t a[MLDSA_N], int32_t bound) {
  cce_mldsa_poly_center(a);
  return cce_mldsa_poly_norm_ge(a, bound);
}

static void sub_freeze_c(int32_t r[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]) {
  for (unsigned i = 0; i < MLDSA_N; i++) r[i] = mldsa_freeze(a[i] - b[i]);
}

static void add_freeze_c(int32_t r[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]) {
  for (unsigned i = 0; i < MLDSA_N; i++) r[i] = mldsa_freeze(a[i] + b[i]);
}

static unsigned hint_c(uint8_t h[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]) {
  unsigned n = 0;
  for (unsigned i = 0; i < MLDSA_N; i++) {
    int32_t d = a[i] ^ b[i];
    uint32_t hb = (uint32_t)(d | -d) >> 31;  // 1 iff they differ
    h[i] = (uint8_t)hb;
    n += hb;
  }
  return n;
}

static void unpack_z_c(int32_t a[MLDSA_N], const uint8_t *in, unsigned bits, int32_t gamma1) {
  cce_mldsa_unpack(a, in, bits, gamma1, 1);
}

static void pack_w1_c(uint8_t *out, const int32_t a[MLDSA_N], unsigned bits) { cce_mldsa_pack(out, a, bits, 0, 0); }

// see mldsa_backend.split: b = floor((a + k b + h) / k) with h = (k - 1) / 2,
// the division done as a multiplication by ceil(2^32 / k) of a value below
// 2^32 / k (exact there), after an offset that makes it positive.
static void split_c(int32_t lo[MLDSA_N], int32_t acc[MLDSA_N], const int32_t in[MLDSA_N], int32_t k) {
  const int32_t h = (k - 1) / 2, off = h + k * (h + 1);
  const uint64_t m = ((1ull << 32) + (uint64_t)k - 1) / (uint64_t)k;
  for (unsigned n = 0; n < MLDSA_N; n++) {
    int32_t v = mldsa_center(mldsa_freeze(in[n]));
    int32_t b = (int32_t)(((uint64_t)(uint32_t)(v + off) * m) >> 32) - (h + 1);
    lo[n] = v - k * b;
    acc[n] += b;
  }
}

// see mldsa_backend.row
static uint32_t row_c(uint8_t h[MLDSA_N], unsigned *hints, const int32_t w[MLDSA_N], const int32_t cs2[MLDSA_N],
                      const int32_t ct0[MLDSA_N], int32_t gamma2, int32_t beta) {
  int32_t bad = 0;
  unsigned n_h = 0;
  for (unsigned n = 0; n < MLDSA_N; n++) {
    int32_t v = mldsa_freeze(w[n] - cs2[n]), r1, r0, u1, u0;
    decompose1(&r1, &r0, v, gamma2);
    int32_t u = mldsa_center(mldsa_freeze(ct0[n]));
    int32_t sr = r0 >> 31, su = u >> 31;
    bad |= ((gamma2 - beta - 1) - ((r0 ^ sr) - sr)) >> 31;  // |r0| >= gamma2 - beta
    bad |= ((gamma2 - 1) - ((u ^ su) - su)) >> 31;          // |c t0| >= gamma2
    decompose1(&u1, &u0, mldsa_freeze(v + u), gamma2);
    int32_t d = u1 ^ r1;
    uint32_t hb = (uint32_t)(d | -d) >> 31;  // 1 iff the high bits differ
    h[n] = (uint8_t)hb;
    n_h += hb;
  }
  *hints += n_h;
  return (uint32_t)bad;
}

// see mldsa_backend.high_w1. UseHint: with h = 1 the high part moves up
// by one when r0 > 0, else down by one, modulo m = (q - 1) / (2 gamma2).
static void high_w1_c(uint8_t *out, int32_t a[MLDSA_N], const uint8_t *h, int32_t gamma2, unsigned bits) {
  const int32_t m = (MLDSA_Q - 1) / (2 * gamma2);
  int32_t r1[MLDSA_N];
  for (unsigned n = 0; n < MLDSA_N; n++) {
    int32_t r0;
    a[n] = mldsa_freeze(a[n]);
    decompose1(&r1[n], &r0, a[n], gamma2);
    if (h != NULL) {
      int32_t up = (-r0) >> 31;                               // all-ones iff r0 > 0
      int32_t v = r1[n] + ((-(int32_t)h[n]) & ((up & 2) - 1));  // +1 if r0 > 0, else -1, when h = 1
      v += m & (v >> 31);                                     // -1 -> m - 1
      v -= m & ((m - 1 - v) >> 31);                           // m -> 0
      r1[n] = v;
    }
  }
  cce_mldsa_pack(out, r1, bits, 0, 0);
  cce_wipe(r1, sizeof r1);
}

static void dot_invntt_c(int32_t r[MLDSA_N], const int32_t *const *a, const int32_t *const *b, unsigned n) {
  dot_c(r, a, b, n);
  invntt_c(r);
}

const mldsa_backend cce_mldsa_backend_portable = {
    "portable",   ntt_c,         invntt_c,          pointwise_c,  pointwise_acc_c, dot_c,
    decompose_c,  ball_c,        cce_mldsa_poly_freeze, center_norm_c, cce_mldsa_poly_norm_ge,
    sub_freeze_c, add_freeze_c, hint_c,        unpack_z_c,    pack_w1_c,   cce_mldsa_rej_eta,
    split_c,      row_c,         cce_mldsa_rej_ntt, high_w1_c,     dot_invntt_c,
};

void cce_mldsa_poly_freeze(int32_t a[MLDSA_N]) {
  for (unsigned i = 0; i < MLDSA_N; i++) a[i] = mldsa_freeze(a[i]);
}

void cce_mldsa_poly_center(int32_t a[MLDSA_N]) {
  for (unsigned i = 0; i < MLDSA_N; i++) a[i] = mldsa_center(mldsa_freeze(a[i]));
}

void cce_mldsa_poly_reduce(int32_t a[MLDSA_N]) {
  for (unsigned i = 0; i < MLDSA_N; i++) a[i] = mldsa_reduce32(a[i]);
}

uint32_t cce_mldsa_poly_norm_ge(const int32_t a[MLDSA_N], int32_t bound) {
  int32_t acc = 0;
  for (unsigned i = 0; i < MLDSA_N; i++) {
    int32_t s = a[i] >> 31;
    int32_t abs = (a[i] ^ s) - s;
    acc |= (bound - 1 - abs);  // negative iff abs >= bound
  }
  return (uint32_t)(acc >> 31);
}
