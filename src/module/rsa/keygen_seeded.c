// Deterministic RSA key generation from caller-given inputs (FIPS 186-5
// Appendix A.1.2, A.1.4, A.1.5, A.1.6 with B.9 and the Shawe-Taylor random
// prime of B.10), for ACVP key-generation tests whose seeds and random
// numbers the server supplies. Test-only and never approved: the inputs are
// the caller's, so nothing here is secret to the module and the arithmetic is
// variable time (the normal key generation in keygen.c is untouched).
//
// Big numbers here are simple fixed-size little-endian 64-bit limb arrays
// (BN_NL limbs, room for lambda times a 256-bit value at 4096 bits); modular
// exponentiation uses the family's Montgomery code (bn.c).
//
// Exactness: the procedures are deterministic functions of the inputs. Trial
// division by small primes only skips tests that would fail anyway (a
// Pocklington test cannot pass for a composite, nor Miller-Rabin with
// overwhelming probability); every hash evaluation and counter step of the
// standard is still performed in order, so the seeds advance exactly as
// specified. Miller-Rabin bases come from the module's DRBG.

#include <string.h>

#include "../rand/internal.h"
#include "internal.h"

#define BN_NL 72  // 4608 bits: (p-1)(q-1) and lambda * k for 4096-bit keys

typedef struct bn {
  uint64_t v[BN_NL];
} bn;

// ---- plain big-number helpers (variable time) ------------------------------

static size_t bn_len(const bn *a) {
  size_t n = BN_NL;
  while (n > 0 && a->v[n - 1] == 0) n--;
  return n;
}

static size_t bn_bits(const bn *a) {
  size_t n = bn_len(a);
  if (n == 0) return 0;
  uint64_t t = a->v[n - 1];
  size_t b = 64 * (n - 1);
  while (t) { b++; t >>= 1; }
  return b;
}

static void bn_set(bn *r, uint64_t x) {
  memset(r, 0, sizeof *r);
  r->v[0] = x;
}

static int bn_is_zero(const bn *a) { return bn_len(a) == 0; }
static int bn_is_one(const bn *a) { return a->v[0] == 1 && bn_len(a) == 1; }
static int bn_bit(const bn *a, size_t i) { return (int)((a->v[i / 64] >> (i % 64)) & 1); }

static int bn_cmp(const bn *a, const bn *b) {
  for (size_t i = BN_NL; i-- > 0;)
    if (a->v[i] != b->v[i]) return a->v[i] < b->v[i] ? -1 : 1;
  return 0;
}

static void bn_add(bn *r, const bn *a, const bn *b) { (void)cce_bn_add(r->v, a->v, b->v, BN_NL); }
static void bn_sub(bn *r, const bn *a, const bn *b) { (void)cce_bn_sub(r->v, a->v, b->v, BN_NL); }

static void bn_add_u64(bn *r, const bn *a, uint64_t x) {
  bn t;
  bn_set(&t, x);
  bn_add(r, a, &t);
}

static void bn_sub_u64(bn *r, const bn *a, uint64_t x) {
  bn t;
  bn_set(&t, x);
  bn_sub(r, a, &t);
}

static void bn_shl(bn *r, const bn *a, size_t s) {
  bn t;
  memset(&t, 0, sizeof t);
  size_t w = s / 64, b = s % 64;
  for (size_t i = BN_NL; i-- > w;) {
    uint64_t x = a->v[i - w] << b;
    if (b && i - w > 0) x |= a->v[i - w - 1] >> (64 - b);
    t.v[i] = x;
  }
  *r = t;
}

static void bn_shr(bn *r, const bn *a, size_t s) {
  bn t;
  memset(&t, 0, sizeof t);
  size_t w = s / 64, b = s % 64;
  for (size_t i = 0; i + w < BN_NL; i++) {
    uint64_t x = a->v[i + w] >> b;
    if (b && i + w + 1 < BN_NL) x |= a->v[i + w + 1] << (64 - b);
    t.v[i] = x;
  }
  *r = t;
}

// 2^k
static void bn_pow2(bn *r, size_t k) {
  memset(r, 0, sizeof *r);
  r->v[k / 64] = (uint64_t)1 << (k % 64);
}

// r = a mod 2^k
static void bn_low_bits(bn *r, const bn *a, size_t k) {
  *r = *a;
  for (size_t i = 0; i < BN_NL; i++) {
    if (64 * i >= k) r->v[i] = 0;
    else if (64 * (i + 1) > k) r->v[i] &= ((uint64_t)1 << (k - 64 * i)) - 1;
  }
}

// r = a * b; 0 if the product does not fit.
static int bn_mul(bn *r, const bn *a, const bn *b) {
  uint64_t wide[2 * BN_NL];
  size_t la = bn_len(a), lb = bn_len(b);
  if (la == 0 || lb == 0) {
    bn_set(r, 0);
    return 1;
  }
  if (la + lb > BN_NL + 1) return 0;
  cce_bn_mul(wide, a->v, la, b->v, lb);
  if (la + lb > BN_NL && wide[BN_NL] != 0) return 0;
  memset(r, 0, sizeof *r);
  memcpy(r->v, wide, (la + lb > BN_NL ? BN_NL : la + lb) * 8);
  return 1;
}

// q = a / b, r = a mod b (b != 0); q or r may be NULL. Schoolbook binary
// long division over the active limbs only: bits(a) - bits(b) + 1 steps of
// len(b)+1 limbs.
static void bn_divmod(bn *q, bn *r, const bn *a, const bn *b) {
  bn rem, quo;
  size_t ab = bn_bits(a), bb = bn_bits(b), nb = bn_len(b) + 1;
  if (nb > BN_NL) nb = BN_NL;
  memset(&quo, 0, sizeof quo);
  // the top bb-1 bits of a are below b: start from them
  size_t start = ab >= bb ? ab - (bb - 1) : 0;
  bn_shr(&rem, a, start);
  uint64_t tmp[BN_NL];
  for (size_t i = start; i-- > 0;) {
    // rem = 2 rem + bit i of a (rem < b, so it fits in nb limbs)
    uint64_t c = (uint64_t)bn_bit(a, i);
    for (size_t j = 0; j < nb; j++) {
      uint64_t v = rem.v[j];
      rem.v[j] = (v << 1) | c;
      c = v >> 63;
    }
    uint64_t br = cce_bn_sub(tmp, rem.v, b->v, nb);
    if (!br) {
      memcpy(rem.v, tmp, nb * 8);
      quo.v[i / 64] |= (uint64_t)1 << (i % 64);
    }
  }
  if (q) *q = quo;
  if (r) *r = rem;
}

static void bn_mod(bn *r, const bn *a, const bn *m) { bn_divmod(NULL, r, a, m); }

// ceil(a / b)
static void bn_div_ceil(bn *q, const bn *a, const bn *b) {
  bn r;
  bn_divmod(q, &r, a, b);
  if (!bn_is_zero(&r)) bn_add_u64(q, q, 1);
}

static size_t bn_ctz(const bn *a) {
  size_t i = 0;
  while (i < 64 * BN_NL && !bn_bit(a, i)) i++;
  return i;
}

// In-place right shift of n limbs by s < 64 bits.
static void limbs_shr(uint64_t *a, size_t n, unsigned s) {
  if (s == 0) return;
  for (size_t i = 0; i < n; i++) a[i] = (a[i] >> s) | (i + 1 < n ? a[i + 1] << (64 - s) : 0);
}

static int limbs_cmp(const uint64_t *a, const uint64_t *b, size_t n) {
  for (size_t i = n; i-- > 0;)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

static void limbs_strip2(uint64_t *a, size_t n) {
  size_t w = 0;
  while (w < n && a[w] == 0) w++;
  if (w) {
    memmove(a, a + w, (n - w) * 8);
    memset(a + n - w, 0, w * 8);
  }
  if (a[0]) limbs_shr(a, n, (unsigned)__builtin_ctzll(a[0]));
}

// Binary GCD over the active limbs (after one reduction of the larger by the
// smaller when their sizes differ).
static void bn_gcd(bn *g, const bn *a0, const bn *b0) {
  bn a = *a0, b = *b0;
  if (bn_is_zero(&a)) { *g = b; return; }
  if (bn_is_zero(&b)) { *g = a; return; }
  size_t za = bn_ctz(&a), zb = bn_ctz(&b), k = za < zb ? za : zb;
  if (bn_bits(&a) > bn_bits(&b) + 8) bn_mod(&a, &a, &b);
  else if (bn_bits(&b) > bn_bits(&a) + 8) bn_mod(&b, &b, &a);
  if (bn_is_zero(&a)) { *g = b; goto fix; }
  if (bn_is_zero(&b)) { *g = a; goto fix; }
  size_t n = bn_len(&a) > bn_len(&b) ? bn_len(&a) : bn_len(&b);
  limbs_strip2(a.v, n);
  limbs_strip2(b.v, n);
  for (;;) {  // a, b odd
    int c = limbs_cmp(a.v, b.v, n);
    if (c == 0) break;
    if (c > 0) {
      (void)cce_bn_sub(a.v, a.v, b.v, n);
      limbs_strip2(a.v, n);
    } else {
      (void)cce_bn_sub(b.v, b.v, a.v, n);
      limbs_strip2(b.v, n);
    }
    while (n > 1 && a.v[n - 1] == 0 && b.v[n - 1] == 0) n--;
  }
  *g = a;
fix:
  // the odd part of the gcd, times 2^min(za, zb) (after a reduction the
  // common power of two is still a factor of both)
  bn_shr(g, g, bn_ctz(g));
  bn_shl(g, g, k);
}

// r = a^-1 mod m for odd m > 1; 0 if not invertible.
static int bn_inv_odd(bn *r, const bn *a0, const bn *m) {
  bn u, v, x1, x2;
  bn_mod(&u, a0, m);
  v = *m;
  bn_set(&x1, 1);
  bn_set(&x2, 0);
  if (bn_is_zero(&u)) return 0;
  while (!bn_is_one(&u) && !bn_is_one(&v)) {
    while (!bn_bit(&u, 0)) {
      bn_shr(&u, &u, 1);
      if (bn_bit(&x1, 0)) bn_add(&x1, &x1, m);
      bn_shr(&x1, &x1, 1);
    }
    while (!bn_bit(&v, 0)) {
      bn_shr(&v, &v, 1);
      if (bn_bit(&x2, 0)) bn_add(&x2, &x2, m);
      bn_shr(&x2, &x2, 1);
    }
    if (bn_cmp(&u, &v) >= 0) {
      bn_sub(&u, &u, &v);
      if (bn_cmp(&x1, &x2) < 0) bn_add(&x1, &x1, m);
      bn_sub(&x1, &x1, &x2);
    } else {
      bn_sub(&v, &v, &u);
      if (bn_cmp(&x2, &x1) < 0) bn_add(&x2, &x2, m);
      bn_sub(&x2, &x2, &x1);
    }
    if (bn_is_zero(&u) || bn_is_zero(&v)) return 0;
  }
  *r = bn_is_one(&u) ? x1 : x2;
  bn_mod(r, r, m);
  return 1;
}

static int bn_from_bytes(bn *r, const uint8_t *in, size_t len) {
  while (len > 0 && in[0] == 0) { in++; len--; }
  if (len > 8 * BN_NL) return 0;
  memset(r, 0, sizeof *r);
  for (size_t i = 0; i < len; i++) r->v[i / 8] |= (uint64_t)in[len - 1 - i] << (8 * (i % 8));
  return 1;
}

static void bn_to_bytes(uint8_t *out, size_t len, const bn *a) {
  for (size_t i = 0; i < len; i++) out[len - 1 - i] = (uint8_t)(a->v[i / 8] >> (8 * (i % 8)));
}

// r = a^e mod m (m odd, m > 1).
static cce_status bn_modexp(bn *r, const bn *a, const bn *e, const bn *m) {
  cce_rsa_mont M;
  size_t nl = bn_len(m);
  if (nl == 0 || nl > CCE_RSA_MAX_LIMBS) return CCE_ERR_INVALID_ARG;
  cce_status st = cce_mont_init(&M, m->v, nl);
  if (st != CCE_OK) return st;
  bn am, x;
  bn_mod(&am, a, m);
  memset(&x, 0, sizeof x);
  size_t eb = bn_bits(e);
  if (eb == 0) {
    bn_set(r, 1);
    bn_mod(r, r, m);
    return CCE_OK;
  }
  cce_mont_to(&M, am.v, am.v);
  cce_mont_exp_vartime(&M, x.v, am.v, e->v, eb);
  cce_mont_from(&M, x.v, x.v);
  memset(r, 0, sizeof *r);
  memcpy(r->v, x.v, nl * 8);
  return CCE_OK;
}

// ---- primality ---------------------------------------------------------------

static const uint16_t small_primes[] = {
    3,   5,   7,   11,  13,  17,  19,  23,  29,  31,  37,  41,  43,  47,  53,  59,  61,  67,  71,  73,
    79,  83,  89,  97,  101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179,
    181, 191, 193, 197, 199, 211, 223, 227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281, 283,
    293, 307, 311, 313, 317, 331, 337, 347, 349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409, 419,
    421, 431, 433, 439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509, 521, 523, 541, 547,
    557, 563, 569, 571, 577, 587, 593, 599, 601, 607, 613, 617, 619, 631, 641, 643, 647, 653, 659, 661,
    673, 677, 683, 691, 701, 709, 719, 727, 733, 739, 743, 751, 757, 761, 769, 773, 787, 797, 809, 811,
    821, 823, 827, 829, 839, 853, 857, 859, 863, 877, 881, 883, 887, 907, 911, 919, 929, 937, 941, 947,
    953, 967, 971, 977, 983, 991, 997};

static uint64_t bn_mod_small(const bn *a, uint64_t m) {
  unsigned __int128 r = 0;
  for (size_t i = bn_len(a); i-- > 0;) r = ((r << 64) | a->v[i]) % m;
  return (uint64_t)r;
}

// 1 if a (> 1000, odd or even) has a factor below 1000.
static int has_small_factor(const bn *a) {
  if (!bn_bit(a, 0)) return 1;
  for (size_t i = 0; i < sizeof small_primes / sizeof small_primes[0]; i++)
    if (bn_mod_small(a, small_primes[i]) == 0) return 1;
  return 0;
}

// Incremental sieve for candidates in an arithmetic progression x, x + s,
// x + 2s, ...: the residues of the current candidate modulo the odd primes
// below SIEVE_LIMIT, updated by one addition per prime and step. Candidates
// here are far above SIEVE_LIMIT, so a zero residue means composite.
#define SIEVE_LIMIT 32768
#define SIEVE_NP 3511  // odd primes below 2^15

typedef struct sieve {
  uint16_t p[SIEVE_NP], r[SIEVE_NP], s[SIEVE_NP];
  size_t np;
} sieve;

static void sieve_init(sieve *sv, const bn *x, const bn *step) {
  uint64_t comp[SIEVE_LIMIT / 128] = {0};  // odd numbers 2i+1
  sv->np = 0;
  for (uint32_t n = 3; n < SIEVE_LIMIT; n += 2) {
    if ((comp[n / 128] >> ((n / 2) % 64)) & 1) continue;
    for (uint32_t m = n * n; m < SIEVE_LIMIT; m += 2 * n) comp[m / 128] |= (uint64_t)1 << ((m / 2) % 64);
    if (sv->np < SIEVE_NP) sv->p[sv->np++] = (uint16_t)n;
  }
  for (size_t i = 0; i < sv->np; i++) {
    sv->r[i] = (uint16_t)bn_mod_small(x, sv->p[i]);
    sv->s[i] = (uint16_t)bn_mod_small(step, sv->p[i]);
  }
}

// 1 if the current candidate has a factor below SIEVE_LIMIT.
static int sieve_hit(const sieve *sv) {
  for (size_t i = 0; i < sv->np; i++)
    if (sv->r[i] == 0) return 1;
  return 0;
}

// candidate += step
static void sieve_next(sieve *sv) {
  for (size_t i = 0; i < sv->np; i++) {
    uint32_t v = (uint32_t)sv->r[i] + sv->s[i];
    sv->r[i] = (uint16_t)(v >= sv->p[i] ? v - sv->p[i] : v);
  }
}

// Deterministic test for c < 2^32 (trial division).
static int is_prime_small(uint64_t c) {
  if (c < 2) return 0;
  if (c < 4) return 1;
  if (c % 2 == 0) return 0;
  for (uint64_t d = 3; d * d <= c; d += 2)
    if (c % d == 0) return 0;
  return 1;
}

// Miller-Rabin (FIPS 186-5 B.3.1) on odd w > 1000 with `rounds` random bases.
static cce_status miller_rabin(const bn *w, unsigned rounds, int *prime) {
  bn wm1, m, b, z, wm3;
  *prime = 0;
  bn_sub_u64(&wm1, w, 1);
  size_t a = bn_ctz(&wm1);
  bn_shr(&m, &wm1, a);
  bn_sub_u64(&wm3, w, 3);
  size_t wl = bn_len(w);
  for (unsigned it = 0; it < rounds; it++) {
    memset(&b, 0, sizeof b);
    cce_status st = cce_random_impl((uint8_t *)b.v, (wl + 1) * 8);
    if (st != CCE_OK) return st;
    bn_mod(&b, &b, &wm3);
    bn_add_u64(&b, &b, 2);  // 2 <= b <= w-2 (bias negligible)
    st = bn_modexp(&z, &b, &m, w);
    if (st != CCE_OK) return st;
    if (bn_is_one(&z) || bn_cmp(&z, &wm1) == 0) continue;
    int ok = 0;
    for (size_t j = 1; j < a; j++) {
      bn t;
      if (!bn_mul(&t, &z, &z)) return CCE_ERR_INTERNAL;
      bn_mod(&z, &t, w);
      if (bn_cmp(&z, &wm1) == 0) { ok = 1; break; }
      if (bn_is_one(&z)) break;
    }
    if (!ok) return CCE_OK;
  }
  *prime = 1;
  return CCE_OK;
}

// Probable-prime test with the trial-division shortcut. Rounds: at least the
// FIPS 186-5 Table B.1 counts for the sizes used here (error below 2^-100
// and below 2^-(security strength)).
static cce_status probable_prime(const bn *w, unsigned rounds, int *prime) {
  *prime = 0;
  if (has_small_factor(w)) return CCE_OK;
  return miller_rabin(w, rounds, prime);
}

// ---- seeds and hashing ------------------------------------------------------

typedef struct seedctx {
  cce_hash_alg h;
  size_t outlen;  // bytes
  uint8_t s[64];  // the current seed as a seedlen-bit integer, big-endian
  size_t slen;
} seedctx;

// s = (s + k) mod 2^seedlen
static void seed_add(seedctx *S, uint64_t k) {
  uint64_t carry = k;
  for (size_t i = S->slen; i-- > 0 && carry;) {
    uint64_t v = (uint64_t)S->s[i] + (carry & 0xff);
    S->s[i] = (uint8_t)v;
    carry = (carry >> 8) + (v >> 8);
  }
}

// out = Hash(seed + k) (seed unchanged)
static cce_status seed_hash(const seedctx *S, uint64_t k, uint8_t *out) {
  seedctx t = *S;
  seed_add(&t, k);
  return cce_rsa_digest_impl(S->h, t.s, t.slen, out);
}

// x = sum_{i=0..iter} Hash(seed + i) * 2^(i*outlen); seed += iter + 1.
static cce_status seed_hash_int(seedctx *S, size_t iter, bn *x) {
  uint8_t d[64];
  memset(x, 0, sizeof *x);
  for (size_t i = 0; i <= iter; i++) {
    cce_status st = seed_hash(S, i, d);
    if (st != CCE_OK) return st;
    bn t;
    if (!bn_from_bytes(&t, d, S->outlen)) return CCE_ERR_INTERNAL;
    bn_shl(&t, &t, i * 8 * S->outlen);
    bn_add(x, x, &t);
  }
  seed_add(S, iter + 1);
  return CCE_OK;
}

// B.10 steps 23-33 (the candidate loop of st_random_prime), kept out of the
// recursion so that only one sieve is on the stack.
__attribute__((noinline)) static cce_status st_search(seedctx *S, size_t length, const bn *c0, bn *t,
                                                      size_t iterations, size_t old_counter, bn *c,
                                                      size_t *counter) {
  sieve sv;
  bn tmp, two_c0, a, z, lim, e2;
  cce_status st;
  int fresh = 1;
  bn_add(&two_c0, c0, c0);
  bn_pow2(&lim, length);
  for (;;) {
    // c = 2tc0 + 1, t reset when it exceeds 2^length
    if (!bn_mul(c, t, &two_c0)) return CCE_ERR_INTERNAL;
    bn_add_u64(c, c, 1);
    if (bn_cmp(c, &lim) > 0) {
      bn_pow2(&tmp, length - 1);
      bn_div_ceil(t, &tmp, &two_c0);
      if (!bn_mul(c, t, &two_c0)) return CCE_ERR_INTERNAL;
      bn_add_u64(c, c, 1);
      fresh = 1;
    }
    if (fresh) sieve_init(&sv, c, &two_c0);
    fresh = 0;
    ++*counter;
    if ((st = seed_hash_int(S, iterations, &a)) != CCE_OK) return st;
    if (!sieve_hit(&sv)) {
      bn_sub_u64(&tmp, c, 3);
      bn_mod(&a, &a, &tmp);
      bn_add_u64(&a, &a, 2);
      bn_add(&e2, t, t);
      if ((st = bn_modexp(&z, &a, &e2, c)) != CCE_OK) return st;
      bn_sub_u64(&tmp, &z, 1);
      bn g;
      bn_gcd(&g, &tmp, c);
      if (bn_is_one(&g)) {
        if ((st = bn_modexp(&tmp, &z, c0, c)) != CCE_OK) return st;
        if (bn_is_one(&tmp)) return CCE_OK;
      }
    }
    if (*counter >= 4 * length + old_counter) return CCE_ERR_INVALID_ARG;
    bn_add_u64(t, t, 1);
    sieve_next(&sv);
  }
}

// ---- FIPS 186-5 B.10: Shawe-Taylor random prime ----------------------------
// On entry S holds input_seed, on success prime_seed; *counter gets
// prime_gen_counter.
static cce_status st_random_prime(seedctx *S, size_t length, bn *c, size_t *counter) {
  uint8_t h1[64], h2[64];
  cce_status st;
  if (length < 2) return CCE_ERR_INVALID_ARG;
  if (length < 33) {
    *counter = 0;
    for (;;) {
      if ((st = seed_hash(S, 0, h1)) != CCE_OK || (st = seed_hash(S, 1, h2)) != CCE_OK) return st;
      uint64_t v = 0;
      for (size_t i = 0; i < 8 && i < S->outlen; i++)
        v |= (uint64_t)(h1[S->outlen - 1 - i] ^ h2[S->outlen - 1 - i]) << (8 * i);
      uint64_t top = (uint64_t)1 << (length - 1);
      v = top + (v & (top - 1));
      v |= 1;
      ++*counter;
      seed_add(S, 2);
      if (is_prime_small(v)) {
        bn_set(c, v);
        return CCE_OK;
      }
      if (*counter > 4 * length) return CCE_ERR_INVALID_ARG;
    }
  }
  bn c0, x, t, tmp, two_c0;
  st = st_random_prime(S, (length + 1) / 2 + 1, &c0, counter);
  if (st != CCE_OK) return st;
  size_t outbits = 8 * S->outlen;
  size_t iterations = (length + outbits - 1) / outbits - 1;
  size_t old_counter = *counter;
  if ((st = seed_hash_int(S, iterations, &x)) != CCE_OK) return st;
  bn_low_bits(&x, &x, length - 1);
  bn_pow2(&tmp, length - 1);
  bn_add(&x, &x, &tmp);
  bn_add(&two_c0, &c0, &c0);
  bn_div_ceil(&t, &x, &two_c0);
  return st_search(S, length, &c0, &t, iterations, old_counter, c, counter);
}

// floor(sqrt(2) * 2^(L-1)) = isqrt(2^(2L-1)), bit by bit.
static void sqrt2_bound(bn *r, size_t L) {
  bn lim, cand, sq;
  bn_pow2(&lim, 2 * L - 1);
  bn_set(r, 0);
  for (size_t i = L; i-- > 0;) {
    cand = *r;
    cand.v[i / 64] |= (uint64_t)1 << (i % 64);
    if (bn_mul(&sq, &cand, &cand) && bn_cmp(&sq, &lim) <= 0) *r = cand;
  }
}

// ---- Provable prime construction (FIPS 186-5 A.1.2.2 / B.10-based) ---------
// p of L bits with p1 | p-1 and p2 | p+1 (N1 / N2 == 1: no auxiliary prime).
// S: firstseed on entry, pseed on success.
static cce_status provable_prime_construction(seedctx *S, size_t L, size_t N1, size_t N2, const bn *e,
                                              const bn *sq2, bn *p) {
  bn p0, p1, p2, x, tmp, y, t, p0p1, big, a, z, ex;
  size_t counter;
  cce_status st;
  if (N1 == 1) bn_set(&p1, 1);
  else if ((st = st_random_prime(S, N1, &p1, &counter)) != CCE_OK) return st;
  if (N2 == 1) bn_set(&p2, 1);
  else if ((st = st_random_prime(S, N2, &p2, &counter)) != CCE_OK) return st;
  if ((st = st_random_prime(S, (L + 1) / 2 + 1, &p0, &counter)) != CCE_OK) return st;
  size_t outbits = 8 * S->outlen;
  size_t iterations = (L + outbits - 1) / outbits - 1;
  size_t pgen_counter = 0;
  if ((st = seed_hash_int(S, iterations, &x)) != CCE_OK) return st;
  bn_pow2(&tmp, L);
  bn_sub(&tmp, &tmp, sq2);
  bn_mod(&x, &x, &tmp);
  bn_add(&x, &x, sq2);
  if (!bn_mul(&p0p1, &p0, &p1)) return CCE_ERR_INTERNAL;
  bn_gcd(&tmp, &p0p1, &p2);
  if (!bn_is_one(&tmp)) return CCE_ERR_INVALID_ARG;
  if (bn_is_one(&p2)) bn_set(&y, 1);
  else if (!bn_inv_odd(&y, &p0p1, &p2)) return CCE_ERR_INVALID_ARG;
  // big = 2 p0 p1 p2; ymul = 2 y p0 p1
  bn ymul;
  if (!bn_mul(&big, &p0p1, &p2)) return CCE_ERR_INTERNAL;
  bn_add(&big, &big, &big);
  if (!bn_mul(&ymul, &y, &p0p1)) return CCE_ERR_INTERNAL;
  bn_add(&ymul, &ymul, &ymul);
  bn_add(&tmp, &ymul, &x);
  bn_div_ceil(&t, &tmp, &big);
  bn lim;
  bn_pow2(&lim, L);
  sieve sv;
  int fresh = 1;
  for (;;) {
    // p = 2(t p2 - y) p0 p1 + 1 = t*big - ymul + 1
    if (!bn_mul(p, &t, &big)) return CCE_ERR_INTERNAL;
    bn_sub(p, p, &ymul);
    bn_add_u64(p, p, 1);
    if (bn_cmp(p, &lim) > 0) {
      bn_add(&tmp, &ymul, sq2);
      bn_div_ceil(&t, &tmp, &big);
      if (!bn_mul(p, &t, &big)) return CCE_ERR_INTERNAL;
      bn_sub(p, p, &ymul);
      bn_add_u64(p, p, 1);
      fresh = 1;
    }
    if (fresh) sieve_init(&sv, p, &big);
    fresh = 0;
    pgen_counter++;
    bn pm1;
    bn_sub_u64(&pm1, p, 1);
    bn_gcd(&tmp, &pm1, e);
    if (bn_is_one(&tmp)) {
      if ((st = seed_hash_int(S, iterations, &a)) != CCE_OK) return st;
      if (!sieve_hit(&sv)) {
        bn_sub_u64(&tmp, p, 3);
        bn_mod(&a, &a, &tmp);
        bn_add_u64(&a, &a, 2);
        // exponent 2(t p2 - y) p1 = (p - 1) / p0
        bn_divmod(&ex, NULL, &pm1, &p0);
        if ((st = bn_modexp(&z, &a, &ex, p)) != CCE_OK) return st;
        bn_sub_u64(&tmp, &z, 1);
        bn g;
        bn_gcd(&g, &tmp, p);
        if (bn_is_one(&g)) {
          if ((st = bn_modexp(&tmp, &z, &p0, p)) != CCE_OK) return st;
          if (bn_is_one(&tmp)) return CCE_OK;
        }
      }
    }
    if (pgen_counter >= 5 * L) return CCE_ERR_INVALID_ARG;
    bn_add_u64(&t, &t, 1);
    sieve_next(&sv);
  }
}

// ---- FIPS 186-5 B.9: probable prime from auxiliary primes r1, r2 ----------
// Y = X + ((R - X) mod M), R = 1 mod 2r1, R = -1 mod r2 (and R = a mod 8
// when a != 0, then M = 8 r1 r2 instead of 2 r1 r2), stepping by M.
static cce_status prime_from_aux(const bn *r1, const bn *r2, const bn *X, size_t L, const bn *e, unsigned a,
                                 unsigned rounds, bn *Y) {
  bn two_r1, tmp, R, M, k, inv;
  bn_add(&two_r1, r1, r1);
  bn_gcd(&tmp, &two_r1, r2);
  if (!bn_is_one(&tmp)) return CCE_ERR_INVALID_ARG;
  // R = 1 + 2 r1 k with 2 r1 k = -2 mod r2: k = -2 (2r1)^-1 mod r2
  if (bn_is_one(r2)) {
    bn_set(&k, 0);
  } else {
    if (!bn_inv_odd(&inv, &two_r1, r2)) return CCE_ERR_INVALID_ARG;
    bn_add(&k, &inv, &inv);
    bn_mod(&k, &k, r2);
    if (!bn_is_zero(&k)) bn_sub(&k, r2, &k);
  }
  if (!bn_mul(&R, &two_r1, &k)) return CCE_ERR_INTERNAL;
  bn_add_u64(&R, &R, 1);
  if (!bn_mul(&M, &two_r1, r2)) return CCE_ERR_INTERNAL;
  if (a != 0) {
    // add multiples of M (= 2 mod 4) to R until R = a mod 8; M becomes 4M.
    for (int i = 0; i < 4 && (R.v[0] & 7) != a; i++) bn_add(&R, &R, &M);
    if ((R.v[0] & 7) != a) return CCE_ERR_INVALID_ARG;
    bn_shl(&M, &M, 2);
  }
  // Y = X + ((R - X) mod M)
  bn xm, rm;
  bn_mod(&xm, X, &M);
  bn_mod(&rm, &R, &M);
  if (bn_cmp(&rm, &xm) >= 0) bn_sub(&tmp, &rm, &xm);
  else {
    bn_add(&tmp, &rm, &M);
    bn_sub(&tmp, &tmp, &xm);
  }
  bn_add(Y, X, &tmp);
  bn lim;
  bn_pow2(&lim, L);
  sieve sv;
  sieve_init(&sv, Y, &M);
  for (size_t i = 0;;) {
    if (bn_cmp(Y, &lim) >= 0) return CCE_ERR_INVALID_ARG;
    bn ym1, g;
    bn_sub_u64(&ym1, Y, 1);
    bn_gcd(&g, &ym1, e);
    if (bn_is_one(&g) && !sieve_hit(&sv)) {
      int prime;
      cce_status st = miller_rabin(Y, rounds, &prime);
      if (st != CCE_OK) return st;
      if (prime) return CCE_OK;
    }
    i++;
    if (i >= 5 * L) return CCE_ERR_INVALID_ARG;
    bn_add(Y, Y, &M);
    sieve_next(&sv);
  }
}

// First probable prime >= x (A.1.6 auxiliary primes).
static cce_status next_prime(const bn *x, unsigned rounds, bn *r) {
  *r = *x;
  if (bn_bits(r) < 12) return CCE_ERR_INVALID_ARG;
  if (!bn_bit(r, 0)) bn_add_u64(r, r, 1);
  int big = bn_bits(r) > 16;  // above every sieve prime
  sieve sv;
  bn two;
  bn_set(&two, 2);
  if (big) sieve_init(&sv, r, &two);
  for (size_t i = 0; i < 1000000; i++) {
    int prime = 0;
    cce_status st = big ? (sieve_hit(&sv) ? CCE_OK : miller_rabin(r, rounds, &prime)) : probable_prime(r, rounds, &prime);
    if (st != CCE_OK) return st;
    if (prime) return CCE_OK;
    bn_add_u64(r, r, 2);
    if (big) sieve_next(&sv);
  }
  return CCE_ERR_INVALID_ARG;
}

// ---- the key ---------------------------------------------------------------

#define MR_AUX 40   // auxiliary primes (<= 1100 bits): error far below 2^-100
#define MR_PQ 8     // p, q of 1024..2048 bits

typedef struct seeded_ws {
  bn e, sq2, p, q, x, r1, r2, tmp, pm1, qm1, lam, g, d, dp, dq, qinv, n, k;
  seedctx S;
  uint8_t buf[8][CCE_RSA_MAX_BYTES];
} seeded_ws;

static cce_status load_x(bn *r, const uint8_t *x, size_t len) {
  if (x == NULL || len == 0 || !bn_from_bytes(r, x, len)) return CCE_ERR_INVALID_ARG;
  return CCE_OK;
}

static cce_status generate(seeded_ws *W, cce_rsa_private_key *key, cce_rsa_prime_method method,
                           const cce_rsa_seeded_params *prm) {
  cce_status st;
  size_t nlen = prm->bits, L = nlen / 2;
  if (method < CCE_RSA_PRIMES_PROVABLE || method > CCE_RSA_PRIMES_PROBABLE_AUX_PROBABLE) return CCE_ERR_UNSUPPORTED;
  if (nlen != 2048 && nlen != 3072 && nlen != 4096) return CCE_ERR_INVALID_LENGTH;
  if (prm->e == NULL || prm->e_len == 0 || prm->e_len > 64 || !bn_from_bytes(&W->e, prm->e, prm->e_len))
    return CCE_ERR_INVALID_ARG;
  if (!bn_bit(&W->e, 0) || bn_bits(&W->e) <= 16 || bn_bits(&W->e) > 256) return CCE_ERR_INVALID_ARG;
  if (prm->p_mod8 > 7 || prm->q_mod8 > 7 || (prm->p_mod8 && !(prm->p_mod8 & 1)) ||
      (prm->q_mod8 && !(prm->q_mod8 & 1)))
    return CCE_ERR_INVALID_ARG;
  int seeded = method != CCE_RSA_PRIMES_PROBABLE_AUX_PROBABLE;
  if (seeded) {
    size_t ol = cce_rsa_hash_len(prm->hash);
    if (prm->hash == CCE_HASH_SHAKE128 || prm->hash == CCE_HASH_SHAKE256 || ol == 0 || ol > 64)
      return CCE_ERR_UNSUPPORTED;
    if (prm->seed == NULL || prm->seed_len == 0 || prm->seed_len > sizeof W->S.s) return CCE_ERR_INVALID_ARG;
    W->S.h = prm->hash;
    W->S.outlen = ol;
    memcpy(W->S.s, prm->seed, prm->seed_len);
    W->S.slen = prm->seed_len;
  }
  int aux = method != CCE_RSA_PRIMES_PROVABLE;
  if (aux && method != CCE_RSA_PRIMES_PROBABLE_AUX_PROBABLE) {
    for (int i = 0; i < 4; i++) {
      size_t b = prm->bitlens[i];
      int ok = method == CCE_RSA_PRIMES_PROVABLE_AUX_PROVABLE ? (b == 1 || (b >= 2 && b < L / 2))
                                                            : (b >= 2 && b < L - 2);
      if (!ok) return CCE_ERR_INVALID_ARG;
    }
  }
  if ((method == CCE_RSA_PRIMES_PROVABLE || method == CCE_RSA_PRIMES_PROVABLE_AUX_PROVABLE) &&
      (prm->p_mod8 || prm->q_mod8))
    return CCE_ERR_UNSUPPORTED;
  sqrt2_bound(&W->sq2, L);
  bn diff_lim;
  bn_pow2(&diff_lim, L - 100);

  switch (method) {
    case CCE_RSA_PRIMES_PROVABLE:
    case CCE_RSA_PRIMES_PROVABLE_AUX_PROVABLE: {
      size_t n1 = 1, n2 = 1, n3 = 1, n4 = 1;
      if (aux) {
        n1 = prm->bitlens[0]; n2 = prm->bitlens[1]; n3 = prm->bitlens[2]; n4 = prm->bitlens[3];
      }
      if ((st = provable_prime_construction(&W->S, L, n1, n2, &W->e, &W->sq2, &W->p)) != CCE_OK) return st;
      for (int tries = 0;; tries++) {
        if ((st = provable_prime_construction(&W->S, L, n3, n4, &W->e, &W->sq2, &W->q)) != CCE_OK) return st;
        if (bn_cmp(&W->p, &W->q) >= 0) bn_sub(&W->tmp, &W->p, &W->q);
        else bn_sub(&W->tmp, &W->q, &W->p);
        if (bn_cmp(&W->tmp, &diff_lim) > 0) break;
        if (tries > 100) return CCE_ERR_INVALID_ARG;
      }
      break;
    }
    case CCE_RSA_PRIMES_PROBABLE_AUX_PROVABLE:
    case CCE_RSA_PRIMES_PROBABLE_AUX_PROBABLE: {
      for (int which = 0; which < 2; which++) {
        size_t cnt;
        bn *out = which ? &W->q : &W->p;
        if (method == CCE_RSA_PRIMES_PROBABLE_AUX_PROVABLE) {
          if ((st = st_random_prime(&W->S, prm->bitlens[2 * which], &W->r1, &cnt)) != CCE_OK) return st;
          if ((st = st_random_prime(&W->S, prm->bitlens[2 * which + 1], &W->r2, &cnt)) != CCE_OK) return st;
        } else {
          if ((st = load_x(&W->tmp, which ? prm->xq1 : prm->xp1, which ? prm->xq1_len : prm->xp1_len)) != CCE_OK ||
              (st = next_prime(&W->tmp, MR_AUX, &W->r1)) != CCE_OK)
            return st;
          if ((st = load_x(&W->tmp, which ? prm->xq2 : prm->xp2, which ? prm->xq2_len : prm->xp2_len)) != CCE_OK ||
              (st = next_prime(&W->tmp, MR_AUX, &W->r2)) != CCE_OK)
            return st;
        }
        if ((st = load_x(&W->x, which ? prm->xq : prm->xp, which ? prm->xq_len : prm->xp_len)) != CCE_OK)
          return st;
        // X in [sqrt(2) 2^(L-1), 2^L - 1]
        bn_pow2(&W->tmp, L);
        if (bn_cmp(&W->x, &W->sq2) < 0 || bn_cmp(&W->x, &W->tmp) >= 0) return CCE_ERR_INVALID_ARG;
        // len(r1) + len(r2) must leave room (FIPS 186-5 Table A.1 bounds)
        if (bn_bits(&W->r1) + bn_bits(&W->r2) >= L - 2) return CCE_ERR_INVALID_ARG;
        if ((st = prime_from_aux(&W->r1, &W->r2, &W->x, L, &W->e, which ? prm->q_mod8 : prm->p_mod8, MR_PQ,
                                 out)) != CCE_OK)
          return st;
      }
      if (bn_cmp(&W->p, &W->q) >= 0) bn_sub(&W->tmp, &W->p, &W->q);
      else bn_sub(&W->tmp, &W->q, &W->p);
      if (bn_cmp(&W->tmp, &diff_lim) <= 0) return CCE_ERR_INVALID_ARG;
      break;
    }
    default:
      return CCE_ERR_UNSUPPORTED;
  }

  // n, d = e^-1 mod lcm(p-1, q-1), CRT values.
  if (!bn_mul(&W->n, &W->p, &W->q) || bn_bits(&W->n) != nlen) return CCE_ERR_INVALID_ARG;
  bn_sub_u64(&W->pm1, &W->p, 1);
  bn_sub_u64(&W->qm1, &W->q, 1);
  bn_gcd(&W->g, &W->pm1, &W->qm1);
  if (!bn_mul(&W->tmp, &W->pm1, &W->qm1)) return CCE_ERR_INTERNAL;
  bn_divmod(&W->lam, NULL, &W->tmp, &W->g);
  // d = (1 + lam k) / e with k = -lam^-1 mod e
  if (!bn_inv_odd(&W->k, &W->lam, &W->e)) return CCE_ERR_INVALID_ARG;
  if (!bn_is_zero(&W->k)) bn_sub(&W->k, &W->e, &W->k);
  if (!bn_mul(&W->tmp, &W->lam, &W->k)) return CCE_ERR_INTERNAL;
  bn_add_u64(&W->tmp, &W->tmp, 1);
  bn_divmod(&W->d, &W->g, &W->tmp, &W->e);
  if (!bn_is_zero(&W->g)) return CCE_ERR_INTERNAL;
  bn_pow2(&W->tmp, L);
  if (bn_cmp(&W->d, &W->tmp) <= 0 || bn_cmp(&W->d, &W->lam) >= 0) return CCE_ERR_INVALID_ARG;
  bn_mod(&W->dp, &W->d, &W->pm1);
  bn_mod(&W->dq, &W->d, &W->qm1);
  if (!bn_inv_odd(&W->qinv, &W->q, &W->p)) return CCE_ERR_INVALID_ARG;
  size_t nb = nlen / 8, hb = L / 8;
  bn_to_bytes(W->buf[0], nb, &W->n);
  bn_to_bytes(W->buf[1], nb, &W->d);
  bn_to_bytes(W->buf[2], hb, &W->p);
  bn_to_bytes(W->buf[3], hb, &W->q);
  bn_to_bytes(W->buf[4], hb, &W->dp);
  bn_to_bytes(W->buf[5], hb, &W->dq);
  bn_to_bytes(W->buf[6], hb, &W->qinv);
  return cce_rsa_private_key_set_impl(key, W->buf[0], nb, prm->e, prm->e_len, W->buf[1], nb, W->buf[2], hb,
                                      W->buf[3], hb, W->buf[4], hb, W->buf[5], hb, W->buf[6], hb);
}

// see rsa.h
cce_status cce_rsa_generate_key_seeded(cce_rsa_private_key *key, cce_rsa_prime_method method,
                                       const cce_rsa_seeded_params *prm) {
  cce_status st = cce_svc_check2(CCE_ST_RSA_SIGN, CCE_ST_RSA_VERIFY);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (key == NULL || prm == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  seeded_ws ws;  // scratch on the stack (no malloc), wiped after use
  st = generate(&ws, key, method, prm);
  if (st != CCE_OK) cce_wipe(key, sizeof *key);
  cce_wipe(&ws, sizeof ws);
  return cce_indicate(st, 0);
}
