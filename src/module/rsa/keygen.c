// RSA key-pair generation, FIPS 186-5 A.1.3 (random probable primes) with
// Miller-Rabin testing (B.3.1), the |p - q| and d bounds checks, the CRT
// parameters and a pairwise consistency test.
//
// Deviations stated: trial division by small primes is applied to each
// candidate before Miller-Rabin (it only rejects composites); the public
// exponent is limited to 64 bits (2^16 < e < 2^64); gcd(p-1, q-1), used
// once per key for LCM(p-1, q-1), is computed with a variable-time binary
// GCD, and keys where it exceeds 64 bits (vanishingly rare) are regenerated.

#include "internal.h"
#include "../rand/internal.h"

typedef unsigned __int128 u128;

// The first 250 odd primes (3..1597); has_small_factor groups them into
// products that fit 64 bits.
#define NSMALL 250
static const uint16_t small_primes[NSMALL] = {
    3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59,
    61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137,
    139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227,
    229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307, 311, 313,
    317, 331, 337, 347, 349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409, 419,
    421, 431, 433, 439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509,
    521, 523, 541, 547, 557, 563, 569, 571, 577, 587, 593, 599, 601, 607, 613, 617,
    619, 631, 641, 643, 647, 653, 659, 661, 673, 677, 683, 691, 701, 709, 719, 727,
    733, 739, 743, 751, 757, 761, 769, 773, 787, 797, 809, 811, 821, 823, 827, 829,
    839, 853, 857, 859, 863, 877, 881, 883, 887, 907, 911, 919, 929, 937, 941, 947,
    953, 967, 971, 977, 983, 991, 997, 1009, 1013, 1019, 1021, 1031, 1033, 1039, 1049, 1051,
    1061, 1063, 1069, 1087, 1091, 1093, 1097, 1103, 1109, 1117, 1123, 1129, 1151, 1153, 1163, 1171,
    1181, 1187, 1193, 1201, 1213, 1217, 1223, 1229, 1231, 1237, 1249, 1259, 1277, 1279, 1283, 1289,
    1291, 1297, 1301, 1303, 1307, 1319, 1321, 1327, 1361, 1367, 1373, 1381, 1399, 1409, 1423, 1427,
    1429, 1433, 1439, 1447, 1451, 1453, 1459, 1471, 1481, 1483, 1487, 1489, 1493, 1499, 1511, 1523,
    1531, 1543, 1549, 1553, 1559, 1567, 1571, 1579, 1583, 1597,
};

static uint64_t mod_limb(const uint64_t *a, size_t nl, uint64_t m) {
  u128 r = 0;
  for (size_t i = nl; i-- > 0;) r = ((r << 64) | a[i]) % m;
  return (uint64_t)r;
}

// 1 if some small prime divides a (a larger than all of them).
static int has_small_factor(const uint64_t *a, size_t nl) {
  size_t i = 0;
  while (i < NSMALL) {
    uint64_t prod = 1;
    size_t j = i;
    while (j < NSMALL && prod <= UINT64_MAX / small_primes[j]) prod *= small_primes[j++];
    uint64_t r = mod_limb(a, nl, prod);
    for (size_t t = i; t < j; t++)
      if (r % small_primes[t] == 0) return 1;
    i = j;
  }
  return 0;
}

static uint64_t gcd64(uint64_t a, uint64_t b) {
  while (b) { uint64_t t = a % b; a = b; b = t; }
  return a;
}

// x^-1 mod m (gcd 1, m < 2^64), by the extended Euclidean algorithm.
static uint64_t inv64(uint64_t x, uint64_t m) {
  __int128 t = 0, nt = 1;
  u128 r = m, nr = x % m;
  while (nr) {
    u128 q = r / nr, tmp;
    __int128 tt = t - (__int128)q * nt; t = nt; nt = tt;
    tmp = r - q * nr; r = nr; nr = tmp;
  }
  if (t < 0) t += m;
  return (uint64_t)t;
}

// r = e^-1 mod m (m of ml limbs, gcd(e, m) = 1): r = (1 + k*m)/e with
// k = -m^-1 mod e, so that e divides 1 + k*m exactly. r has ml limbs.
static void inv_small_e(uint64_t *r, const uint64_t *m, size_t ml, uint64_t e) {
  uint64_t k = e - inv64(mod_limb(m, ml, e), e);
  uint64_t t[CCE_RSA_MAX_LIMBS + 1];
  uint64_t kk = k;
  cce_bn_mul(t, m, ml, &kk, 1);
  uint64_t one[CCE_RSA_MAX_LIMBS + 1] = {1};
  cce_bn_add(t, t, one, ml + 1);
  u128 rem = 0;
  for (size_t i = ml + 1; i-- > 0;) {
    u128 cur = (rem << 64) | t[i];
    uint64_t q = (uint64_t)(cur / e);
    rem = cur - (u128)q * e;
    if (i < ml) r[i] = q;
  }
  cce_wipe(t, sizeof t);
}

static int is_equal(const uint64_t *a, const uint64_t *b, size_t nl) {
  uint64_t d = 0;
  for (size_t i = 0; i < nl; i++) d |= a[i] ^ b[i];
  return d == 0;
}

// Miller-Rabin (FIPS 186-5 B.3.1) with `rounds` random bases.
static cce_status miller_rabin(const uint64_t *w, size_t nl, unsigned rounds, int *prime) {
  cce_rsa_mont M;
  uint64_t m[CCE_RSA_MAX_HALF_LIMBS], one[CCE_RSA_MAX_HALF_LIMBS], mone[CCE_RSA_MAX_HALF_LIMBS];
  uint64_t b[CCE_RSA_MAX_HALF_LIMBS], z[CCE_RSA_MAX_HALF_LIMBS], wm1[CCE_RSA_MAX_HALF_LIMBS];
  uint64_t unit[CCE_RSA_MAX_HALF_LIMBS] = {1};
  cce_status st = cce_mont_init(&M, w, nl);
  if (st != CCE_OK) return st;
  *prime = 0;
  memcpy(wm1, w, nl * 8);
  wm1[0] ^= 1;  // w odd
  size_t a = 0;
  while (((wm1[a / 64] >> (a % 64)) & 1) == 0) a++;
  // m = (w-1) >> a
  for (size_t i = 0; i < nl; i++) {
    size_t src = i + a / 64, sh = a % 64;
    uint64_t lo = src < nl ? wm1[src] >> sh : 0;
    uint64_t hi = (sh && src + 1 < nl) ? wm1[src + 1] << (64 - sh) : 0;
    m[i] = lo | hi;
  }
  cce_mont_mul(&M, one, unit, M.rr);  // R mod w
  cce_bn_sub(mone, w, one, nl);       // (w-1)R mod w
  for (unsigned it = 0; it < rounds; it++) {
    // b random with 1 < b < w-1
    for (;;) {
      st = cce_random_impl((uint8_t *)b, nl * 8);
      if (st != CCE_OK) goto out;
      b[nl - 1] &= ~(uint64_t)0 >> (64 * nl - M.bits);
      uint64_t big = 0;
      for (size_t i = 1; i < nl; i++) big |= b[i];
      if ((big || b[0] > 1) && cce_bn_lt_mask(b, wm1, nl)) break;
    }
    cce_mont_to(&M, b, b);
    cce_mont_exp_ct(&M, z, b, m, 64 * nl);
    if (is_equal(z, one, nl) || is_equal(z, mone, nl)) continue;
    int ok = 0;
    for (size_t j = 1; j < a; j++) {
      cce_mont_mul(&M, z, z, z);
      if (is_equal(z, mone, nl)) { ok = 1; break; }
      if (is_equal(z, one, nl)) break;
    }
    if (!ok) goto out;  // composite
  }
  *prime = 1;
out:
  cce_wipe(&M, sizeof M);
  cce_wipe(b, sizeof b);
  cce_wipe(z, sizeof z);
  cce_wipe(m, sizeof m);
  cce_wipe(wm1, sizeof wm1);
  return st;
}

// Miller-Rabin rounds for probable primes of nlen/2 bits: FIPS 186-5
// Table B.1, p and q tested by M-R only, the higher-assurance column: 5
// rounds for 1024-bit primes (nlen 2048, error 2^-112), 4 for 1536-bit
// (nlen 3072, 2^-128) and 4 for 2048-bit primes (nlen 4096, 2^-144).
static unsigned mr_rounds(unsigned bits) { return bits <= 2048 ? 5 : 4; }

// FIPS 186-5 A.1.3 step 4 (p, other == NULL) or step 5 (q, other == p).
static cce_status gen_prime(uint64_t *p, size_t hl, unsigned nlen, uint64_t e, const uint64_t *other,
                            unsigned mod8) {
  // i counts candidates that reach the gcd / primality steps (4.5-4.7);
  // the range checks (4.4, 5.4) go back to 4.2 without counting.
  for (unsigned i = 0; i < 5 * nlen / 2;) {
    cce_status st = cce_random_impl((uint8_t *)p, hl * 8);
    if (st != CCE_OK) return st;
    p[0] |= 1;
    if (mod8) p[0] = (p[0] & ~(uint64_t)7) | mod8;
    // p >= sqrt(2) * 2^(nlen/2 - 1): sqrt(2)*2^63 = 0xB504F333F9DE6484.59...
    if (p[hl - 1] < 0xB504F333F9DE6485ull) continue;
    if (other) {
      // |p - q| > 2^(nlen/2 - 100)
      uint64_t d[CCE_RSA_MAX_HALF_LIMBS];
      if (cce_bn_sub(d, p, other, hl)) cce_bn_sub(d, other, p, hl);
      size_t db = cce_bn_bits_vartime(d, hl);
      cce_wipe(d, sizeof d);
      if (db <= nlen / 2 - 100) continue;
    }
    i++;
    if (has_small_factor(p, hl)) continue;
    uint64_t pm1[CCE_RSA_MAX_HALF_LIMBS];
    memcpy(pm1, p, hl * 8);
    pm1[0] ^= 1;
    uint64_t g = gcd64(mod_limb(pm1, hl, e), e);
    cce_wipe(pm1, sizeof pm1);
    if (g != 1) continue;
    int prime;
    st = miller_rabin(p, hl, mr_rounds(nlen), &prime);
    if (st != CCE_OK) return st;
    if (prime) return CCE_OK;
  }
  return CCE_ERR_INTERNAL;
}

// Variable-time binary GCD (see the note at the top of the file).
static void gcd_vartime(uint64_t *g, const uint64_t *a0, const uint64_t *b0, size_t nl) {
  uint64_t a[CCE_RSA_MAX_HALF_LIMBS], b[CCE_RSA_MAX_HALF_LIMBS];
  memcpy(a, a0, nl * 8);
  memcpy(b, b0, nl * 8);
  size_t shift = 0;
#define IS_ZERO(x) (cce_bn_bits_vartime(x, nl) == 0)
#define SHR1(x) do { for (size_t i_ = 0; i_ < nl; i_++) x[i_] = (x[i_] >> 1) | (i_ + 1 < nl ? x[i_ + 1] << 63 : 0); } while (0)
  while (((a[0] | b[0]) & 1) == 0) { SHR1(a); SHR1(b); shift++; }
  while ((a[0] & 1) == 0) SHR1(a);
  while (!IS_ZERO(b)) {
    while ((b[0] & 1) == 0) SHR1(b);
    if (!cce_bn_lt_mask(b, a, nl)) cce_bn_sub(b, b, a, nl);
    else { uint64_t t[CCE_RSA_MAX_HALF_LIMBS]; cce_bn_sub(t, a, b, nl); memcpy(a, b, nl * 8); memcpy(b, t, nl * 8); }
  }
  memset(g, 0, nl * 8);
  memcpy(g, a, nl * 8);
  for (size_t s = 0; s < shift; s++) {  // g <<= shift
    for (size_t i = nl; i-- > 0;) g[i] = (g[i] << 1) | (i ? g[i - 1] >> 63 : 0);
  }
#undef IS_ZERO
#undef SHR1
  cce_wipe(a, sizeof a);
  cce_wipe(b, sizeof b);
}

static cce_status pct(const cce_rsa_private_key *key) {
  static const uint8_t msg[32] = "OpenCCE RSA pairwise consistency";
  uint8_t sig[CCE_RSA_MAX_BYTES];
  cce_status st = cce_rsa_pkcs1_sign_impl(key, CCE_HASH_SHA256, msg, sig);
  if (st == CCE_OK) st = cce_rsa_pkcs1_verify_impl(&key->pub, CCE_HASH_SHA256, msg, sig, cce_rsa_key_bytes(&key->pub));
  cce_wipe(sig, sizeof sig);
  return st;
}

cce_status cce_rsa_generate_key_impl(cce_rsa_private_key *key, unsigned bits, uint64_t e, unsigned p_mod8,
                                     unsigned q_mod8) {
  if (bits != 2048 && bits != 3072 && bits != 4096) return CCE_ERR_INVALID_LENGTH;
  if (p_mod8 > 7 || q_mod8 > 7 || (p_mod8 && !(p_mod8 & 1)) || (q_mod8 && !(q_mod8 & 1))) return CCE_ERR_INVALID_ARG;
  if ((e & 1) == 0 || e <= 65536) return CCE_ERR_INVALID_ARG;
  size_t hl = bits / 128, nl = bits / 64;
  uint64_t p[CCE_RSA_MAX_HALF_LIMBS], q[CCE_RSA_MAX_HALF_LIMBS], pm1[CCE_RSA_MAX_HALF_LIMBS],
      qm1[CCE_RSA_MAX_HALF_LIMBS], g[CCE_RSA_MAX_HALF_LIMBS], n[CCE_RSA_MAX_LIMBS], lam[CCE_RSA_MAX_LIMBS],
      d[CCE_RSA_MAX_LIMBS], dp[CCE_RSA_MAX_HALF_LIMBS], dq[CCE_RSA_MAX_HALF_LIMBS],
      qinv[CCE_RSA_MAX_HALF_LIMBS], t[CCE_RSA_MAX_HALF_LIMBS];
  uint8_t buf[8][CCE_RSA_MAX_BYTES / 2 * 2];
  cce_status st;
  for (int attempt = 0; attempt < 8; attempt++) {
    st = gen_prime(p, hl, bits, e, NULL, p_mod8);
    if (st == CCE_OK) st = gen_prime(q, hl, bits, e, p, q_mod8);
    if (st != CCE_OK) goto out;
    memcpy(pm1, p, hl * 8); pm1[0] ^= 1;
    memcpy(qm1, q, hl * 8); qm1[0] ^= 1;
    gcd_vartime(g, pm1, qm1, hl);
    if (cce_bn_bits_vartime(g, hl) > 64) continue;
    // lam = (p-1)/g * (q-1)
    u128 rem = 0;
    for (size_t i = hl; i-- > 0;) {
      u128 cur = (rem << 64) | pm1[i];
      t[i] = (uint64_t)(cur / g[0]);
      rem = cur - (u128)t[i] * g[0];
    }
    cce_bn_mul(lam, t, hl, qm1, hl);
    inv_small_e(d, lam, nl, e);
    // d > 2^(nlen/2)
    if (cce_bn_bits_vartime(d, nl) <= bits / 2) continue;
    inv_small_e(dp, pm1, hl, e);
    inv_small_e(dq, qm1, hl, e);
    // qinv = q^(p-2) mod p
    {
      cce_rsa_mont P;
      uint64_t pm2[CCE_RSA_MAX_HALF_LIMBS], two[CCE_RSA_MAX_HALF_LIMBS] = {2}, qm[CCE_RSA_MAX_HALF_LIMBS];
      cce_bn_sub(pm2, p, two, hl);
      (void)cce_mont_init(&P, p, hl);
      cce_mont_to(&P, qm, q);
      cce_mont_exp_ct(&P, qm, qm, pm2, 64 * hl);
      cce_mont_from(&P, qinv, qm);
      cce_wipe(&P, sizeof P);
      cce_wipe(qm, sizeof qm);
    }
    cce_bn_mul(n, p, hl, q, hl);
    size_t hb = bits / 16, kb = bits / 8;
    uint8_t eb[8];
    cce_store64_be(eb, e);
    cce_bn_to_bytes(buf[0], kb, n, nl);
    cce_bn_to_bytes(buf[1], kb, d, nl);
    cce_bn_to_bytes(buf[2], hb, p, hl);
    cce_bn_to_bytes(buf[3], hb, q, hl);
    cce_bn_to_bytes(buf[4], hb, dp, hl);
    cce_bn_to_bytes(buf[5], hb, dq, hl);
    cce_bn_to_bytes(buf[6], hb, qinv, hl);
    st = cce_rsa_private_key_set_impl(key, buf[0], kb, eb, 8, buf[1], kb, buf[2], hb, buf[3], hb, buf[4], hb,
                                      buf[5], hb, buf[6], hb);
    if (st != CCE_OK) goto out;
    if (pct(key) != CCE_OK) {
      cce_wipe(key, sizeof *key);
      cce_module_fail("RSA PCT");
      st = CCE_ERR_SELFTEST;
    }
    goto out;
  }
  st = CCE_ERR_INTERNAL;
out:
  cce_wipe(p, sizeof p); cce_wipe(q, sizeof q); cce_wipe(pm1, sizeof pm1); cce_wipe(qm1, sizeof qm1);
  cce_wipe(g, sizeof g); cce_wipe(lam, sizeof lam); cce_wipe(d, sizeof d); cce_wipe(dp, sizeof dp);
  cce_wipe(dq, sizeof dq); cce_wipe(qinv, sizeof qinv); cce_wipe(t, sizeof t); cce_wipe(buf, sizeof buf);
  return st;
}

// see rsa.h
cce_status cce_rsa_generate_key(cce_rsa_private_key *key, unsigned bits, const uint8_t *e, size_t e_len) {
  return cce_rsa_generate_key_ex(key, bits, e, e_len, 0, 0);
}

// see rsa.h
cce_status cce_rsa_generate_key_ex(cce_rsa_private_key *key, unsigned bits, const uint8_t *e, size_t e_len,
                                   unsigned p_mod8, unsigned q_mod8) {
  cce_status st = cce_svc_check2(CCE_ST_RSA_SIGN, CCE_ST_RSA_VERIFY);
  if (st == CCE_OK) st = cce_svc_check(CCE_ST_SHA256);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (key == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  uint64_t ev = 65537;
  if (e != NULL) {
    uint64_t tmp[4];
    if (cce_bn_from_bytes(tmp, 4, e, e_len) != CCE_OK || tmp[1] | tmp[2] | tmp[3])
      return cce_indicate(CCE_ERR_UNSUPPORTED, 0);
    ev = tmp[0];
  }
  st = cce_rsa_generate_key_impl(key, bits, ev, p_mod8, q_mod8);
  return cce_indicate(st, 1);
}
