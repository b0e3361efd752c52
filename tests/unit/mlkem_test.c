// Unit tests of ML-KEM (FIPS 203): the arithmetic (Barrett and Montgomery
// reductions over every int16, compression against exact rational rounding
// for every input, NTT products against schoolbook negacyclic
// multiplication, the portable and AVX2 back ends against each other on
// random inputs), known answers (Wycheproof keygen-from-seed and
// encapsulation files for the three parameter sets, read from $CCE_VECTORS,
// and the self-test), round trips, implicit rejection (a modified ciphertext
// gives J(z || c), deterministically), the modulus and hash checks, every
// error code, the service indicator, the pairwise consistency test failure,
// and the stack use of each service (measured on a thread whose stack is
// pre-filled with a pattern).

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/hash.h"
#include "cce/mlkem.h"
#include "cce/module.h"
#include "module/mlkem/internal.h"

static int g_pass, g_fail;

#define CHECK(cond, ...)                                   \
  do {                                                     \
    if (cond) {                                            \
      g_pass++;                                            \
    } else {                                               \
      g_fail++;                                            \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                        \
      fprintf(stderr, "\n");                               \
    }                                                      \
  } while (0)

static const cce_mlkem_param kParams[3] = {CCE_MLKEM_512, CCE_MLKEM_768, CCE_MLKEM_1024};
static const size_t kEk[3] = {800, 1184, 1568}, kDk[3] = {1632, 2400, 3168}, kCt[3] = {768, 1088, 1568};

// xorshift PRNG for random test inputs
static uint64_t g_rng = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void) {
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 7;
  g_rng ^= g_rng << 17;
  return g_rng;
}
static void rnd_bytes(uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) p[i] = (uint8_t)rnd();
}
static int16_t modq(int32_t x) {
  x %= MLKEM_Q;
  return (int16_t)(x < 0 ? x + MLKEM_Q : x);
}

// ---------------------------------------------------------------------------
// Arithmetic.

static const mlkem_arith *backends[2];
static int n_backends;

static void test_reductions(void) {
  int bad = 0;
  for (int32_t a = -32768; a <= 32767; a++) {
    int16_t r = cce_mlkem_barrett_reduce((int16_t)a);
    if (modq(r) != modq(a) || r > MLKEM_Q / 2 + 1 || r < -MLKEM_Q / 2 - 1) bad++;
  }
  CHECK(bad == 0, "Barrett: %d bad values", bad);
  bad = 0;
  // Montgomery: a * R^-1 mod q, |r| < q, for |a| < q 2^15 (sampled densely).
  const int32_t rinv = 169;  // 2^-16 mod q
  for (int32_t a = -MLKEM_Q * 32768 + 1; a < MLKEM_Q * 32768; a += 997) {
    int16_t r = cce_mlkem_montgomery_reduce(a);
    if (modq(r) != modq((int32_t)(((int64_t)a % MLKEM_Q) * rinv % MLKEM_Q)) || r >= MLKEM_Q || r <= -MLKEM_Q) bad++;
  }
  CHECK(bad == 0, "Montgomery: %d bad values", bad);
  CHECK((65536 * 169) % MLKEM_Q == 1, "R^-1 constant");
  // Compress_d / Decompress_d against exact rounding (2^d x / q, half up).
  static const unsigned ds[5] = {1, 4, 5, 10, 11};
  bad = 0;
  for (unsigned i = 0; i < 5; i++) {
    unsigned d = ds[i];
    for (uint32_t x = 0; x < MLKEM_Q; x++) {
      uint32_t want = ((2 * (x << d) + MLKEM_Q) / (2 * MLKEM_Q)) % (1u << d);
      if (cce_mlkem_compress((uint16_t)x, d) != want) bad++;
    }
    for (uint32_t y = 0; y < (1u << d); y++) {
      uint32_t want = (2 * MLKEM_Q * y + (1u << d)) / (2u << d);
      if (cce_mlkem_decompress((uint16_t)y, d) != want) bad++;
    }
  }
  CHECK(bad == 0, "compression: %d bad values", bad);
  // Message bits: tomsg(frommsg(m)) == m and the thresholds of Compress_1.
  mlkem_poly p;
  uint8_t m[32], m2[32];
  rnd_bytes(m, 32);
  cce_mlkem_poly_frommsg(&p, m);
  cce_mlkem_poly_tomsg(m2, &p);
  CHECK(memcmp(m, m2, 32) == 0, "message round trip");
  bad = 0;
  for (int x = 0; x < MLKEM_Q; x++) {
    for (int j = 0; j < MLKEM_N; j++) p.c[j] = (int16_t)x;
    cce_mlkem_poly_tomsg(m2, &p);
    if ((m2[0] & 1) != cce_mlkem_compress((uint16_t)x, 1)) bad++;
  }
  CHECK(bad == 0, "Compress_1 in tomsg: %d bad", bad);
}

// c = a * b in Z_q[X]/(X^256 + 1), schoolbook
static void schoolbook(int16_t *c, const int16_t *a, const int16_t *b) {
  int64_t acc[MLKEM_N] = {0};
  for (int i = 0; i < MLKEM_N; i++)
    for (int j = 0; j < MLKEM_N; j++) {
      int64_t t = (int64_t)a[i] * b[j];
      if (i + j < MLKEM_N) acc[i + j] += t; else acc[i + j - MLKEM_N] -= t;
    }
  for (int i = 0; i < MLKEM_N; i++) c[i] = modq((int32_t)(acc[i] % MLKEM_Q));
}

static void rnd_poly(mlkem_poly *p, int bound) {
  for (int j = 0; j < MLKEM_N; j++) p->c[j] = (int16_t)((int)(rnd() % (uint64_t)(2 * bound + 1)) - bound);
}

static int poly_eq_modq(const int16_t *a, const int16_t *b) {
  for (int j = 0; j < MLKEM_N; j++)
    if (modq(a[j]) != modq(b[j])) return 0;
  return 1;
}

static void test_ntt(void) {
  for (int bi = 0; bi < n_backends; bi++) {
    const mlkem_arith *ar = backends[bi];
    int bad_prod = 0, bad_rt = 0, bad_bound = 0;
    for (int iter = 0; iter < 20; iter++) {
      mlkem_poly a, b, an, bn, c, want;
      rnd_poly(&a, MLKEM_Q);
      rnd_poly(&b, MLKEM_Q);
      an = a;
      bn = b;
      ar->ntt(an.c);
      ar->ntt(bn.c);
      for (int j = 0; j < MLKEM_N; j++)
        if (an.c[j] >= MLKEM_Q || an.c[j] <= -MLKEM_Q) bad_bound++;
      ar->basemul_acc(c.c, &an, 1, &bn, 1);
      ar->invntt(c.c);
      for (int j = 0; j < MLKEM_N; j++)
        if (c.c[j] >= MLKEM_Q || c.c[j] <= -MLKEM_Q) bad_bound++;
      schoolbook(want.c, a.c, b.c);
      if (!poly_eq_modq(c.c, want.c)) bad_prod++;
      // invntt(ntt(a)) = a * R
      mlkem_poly rt = an;
      ar->invntt(rt.c);
      for (int j = 0; j < MLKEM_N; j++)
        if (modq(rt.c[j]) != modq((int32_t)((int64_t)a.c[j] * 65536 % MLKEM_Q))) { bad_rt++; break; }
    }
    CHECK(bad_prod == 0, "%s: NTT product != schoolbook (%d)", ar->name, bad_prod);
    CHECK(bad_rt == 0, "%s: invntt(ntt(a)) != a R (%d)", ar->name, bad_rt);
    CHECK(bad_bound == 0, "%s: output bounds (%d)", ar->name, bad_bound);
  }
  if (n_backends < 2) {
    printf("note: AVX2 back end unavailable on this CPU (or CCE_CPU override): not compared\n");
    return;
  }
  // Portable and AVX2 on the same random inputs, each function directly.
  const mlkem_arith *p = backends[0], *v = backends[1];
  int bad = 0;
  for (int iter = 0; iter < 200; iter++) {
    mlkem_poly x, y;
    rnd_poly(&x, MLKEM_Q);
    y = x;
    p->ntt(x.c);
    v->ntt(y.c);
    if (!poly_eq_modq(x.c, y.c)) bad++;
    rnd_poly(&x, 8 * MLKEM_Q);
    y = x;
    p->invntt(x.c);
    v->invntt(y.c);
    if (!poly_eq_modq(x.c, y.c)) bad++;
    mlkem_poly a[4], b[4];
    for (int j = 0; j < 4; j++) {
      // NTT-domain inputs below q, including unreduced 12-bit key values
      rnd_poly(&a[j], MLKEM_Q - 1);
      for (int t = 0; t < MLKEM_N; t++) b[j].c[t] = (int16_t)(rnd() % 4096);
    }
    unsigned k = 1 + (unsigned)(iter % 4);
    p->basemul_acc(x.c, a, 1, b, k);
    v->basemul_acc(y.c, a, 1, b, k);
    if (!poly_eq_modq(x.c, y.c)) bad++;
    p->basemul_acc(x.c, a, 2, b, 2);  // strided (a column of a matrix)
    v->basemul_acc(y.c, a, 2, b, 2);
    if (!poly_eq_modq(x.c, y.c)) bad++;
    rnd_poly(&x, 32767);
    y = x;
    p->reduce(x.c);
    v->reduce(y.c);
    if (!poly_eq_modq(x.c, y.c)) bad++;
    for (int t = 0; t < MLKEM_N; t++)
      if (y.c[t] >= MLKEM_Q || y.c[t] <= -MLKEM_Q) bad++;
    static const unsigned ds[4] = {4, 5, 10, 11};
    for (int di = 0; di < 4; di++) {
      uint8_t b1[352], b2[352];
      for (int t = 0; t < MLKEM_N; t++) x.c[t] = (int16_t)(rnd() % MLKEM_Q);
      p->compress(b1, &x, ds[di]);
      v->compress(b2, &x, ds[di]);
      if (memcmp(b1, b2, 32 * ds[di]) != 0) bad++;
      rnd_bytes(b1, sizeof b1);
      p->decompress(&x, b1, ds[di]);
      v->decompress(&y, b1, ds[di]);
      if (memcmp(x.c, y.c, sizeof x.c) != 0) bad++;
    }
    {
      uint8_t b1[384], b2[384];
      for (int t = 0; t < MLKEM_N; t++) x.c[t] = (int16_t)(rnd() % 4096);
      p->tobytes(b1, &x);
      v->tobytes(b2, &x);
      if (memcmp(b1, b2, 384) != 0) bad++;
      rnd_bytes(b1, sizeof b1);
      p->frombytes(&x, b1);
      v->frombytes(&y, b1);
      if (memcmp(x.c, y.c, sizeof x.c) != 0) bad++;
      for (unsigned eta = 2; eta <= 3; eta++) {
        p->cbd(&x, b1, eta);
        v->cbd(&y, b1, eta);
        if (memcmp(x.c, y.c, sizeof x.c) != 0) bad++;
      }
    }
    {
      uint8_t rb[504];
      rnd_bytes(rb, sizeof rb);
      for (int t = 0; t < 40; t++) rb[rnd() % sizeof rb] = 0xff;  // more rejections
      unsigned start = (unsigned)(rnd() % 200);
      memset(x.c, 0, sizeof x.c);
      memset(y.c, 0, sizeof y.c);
      unsigned n1 = p->rej(x.c, start, rb, sizeof rb), n2 = v->rej(y.c, start, rb, sizeof rb);
      if (n1 != n2 || memcmp(x.c, y.c, sizeof x.c) != 0) bad++;
      for (unsigned t = 0; t < n1; t++)
        if (x.c[t] < 0 || x.c[t] >= MLKEM_Q) bad++;
    }
    rnd_poly(&x, 32767);
    y = x;
    p->tomont(x.c);
    v->tomont(y.c);
    if (!poly_eq_modq(x.c, y.c)) bad++;
  }
  // every x in [0, q) through both compressions
  for (int di = 0; di < 4; di++) {
    static const unsigned ds[4] = {4, 5, 10, 11};
    for (int base = 0; base < MLKEM_Q; base += MLKEM_N) {
      mlkem_poly x;
      uint8_t b1[352], b2[352];
      for (int t = 0; t < MLKEM_N; t++) x.c[t] = (int16_t)((base + t) % MLKEM_Q);
      p->compress(b1, &x, ds[di]);
      v->compress(b2, &x, ds[di]);
      if (memcmp(b1, b2, 32 * ds[di]) != 0) bad++;
    }
  }
  CHECK(bad == 0, "portable vs AVX2: %d mismatches", bad);
}

// ---------------------------------------------------------------------------
// Vector files: a minimal reader of the Wycheproof JSON layout (each test
// object starts at "tcId"; its string fields are read by name).

static char *read_file(const char *name) {
  const char *dir = getenv("CCE_VECTORS");
  char path[1024];
  snprintf(path, sizeof path, "%s/wycheproof/%s", dir && *dir ? dir : "../shared/vectors", name);
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) abort();
  buf[n] = 0;
  fclose(f);
  return buf;
}

static int hexval(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  abort();
}

// Field `key` of the test object [obj, end): malloc'd bytes of its hex value.
static uint8_t *field_hex(const char *obj, const char *end, const char *key, size_t *len) {
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\"", key);
  const char *p = strstr(obj, pat);
  if (p == NULL || (end && p >= end)) return NULL;
  p = strchr(p + strlen(pat), '"');
  if (p == NULL) return NULL;
  p++;
  const char *q = strchr(p, '"');
  size_t n = (size_t)(q - p) / 2;
  uint8_t *out = malloc(n + 1);
  for (size_t i = 0; i < n; i++) out[i] = (uint8_t)(hexval(p[2 * i]) << 4 | hexval(p[2 * i + 1]));
  *len = n;
  return out;
}

static int field_is(const char *obj, const char *end, const char *key, const char *value) {
  char pat[96];
  snprintf(pat, sizeof pat, "\"%s\": \"%s\"", key, value);
  const char *p = strstr(obj, pat);
  return p != NULL && (end == NULL || p < end);
}

static void test_wycheproof_keygen(void) {
  static const char *files[3] = {"mlkem_512_keygen_seed_test.json", "mlkem_768_keygen_seed_test.json",
                                 "mlkem_1024_keygen_seed_test.json"};
  for (int s = 0; s < 3; s++) {
    char *js = read_file(files[s]);
    CHECK(js != NULL, "cannot read %s (set CCE_VECTORS)", files[s]);
    if (js == NULL) continue;
    int n = 0, bad = 0;
    for (const char *t = strstr(js, "\"tcId\""); t; ) {
      const char *next = strstr(t + 6, "\"tcId\"");
      size_t sl, el, dl;
      uint8_t *seed = field_hex(t, next, "seed", &sl), *ek = field_hex(t, next, "ek", &el),
              *dk = field_hex(t, next, "dk", &dl);
      uint8_t gek[CCE_MLKEM_MAX_EK_BYTES], gdk[CCE_MLKEM_MAX_DK_BYTES];
      if (seed && ek && dk && sl == 64 && el == kEk[s] && dl == kDk[s]) {
        n++;
        if (cce_mlkem_keygen_seed(kParams[s], gek, sizeof gek, gdk, sizeof gdk, seed) != CCE_OK ||
            memcmp(gek, ek, el) != 0 || memcmp(gdk, dk, dl) != 0)
          bad++;
      }
      free(seed); free(ek); free(dk);
      t = next;
    }
    CHECK(n >= 100 && bad == 0, "%s: %d tests, %d wrong", files[s], n, bad);
    free(js);
  }
}

static void test_wycheproof_encaps(void) {
  static const char *files[3] = {"mlkem_512_encaps_test.json", "mlkem_768_encaps_test.json",
                                 "mlkem_1024_encaps_test.json"};
  for (int s = 0; s < 3; s++) {
    char *js = read_file(files[s]);
    CHECK(js != NULL, "cannot read %s (set CCE_VECTORS)", files[s]);
    if (js == NULL) continue;
    int n = 0, bad = 0, rejected = 0;
    for (const char *t = strstr(js, "\"tcId\""); t; ) {
      const char *next = strstr(t + 6, "\"tcId\"");
      size_t el, ml, cl, kl;
      uint8_t *ek = field_hex(t, next, "ek", &el), *m = field_hex(t, next, "m", &ml),
              *c = field_hex(t, next, "c", &cl), *k = field_hex(t, next, "K", &kl);
      uint8_t gc[CCE_MLKEM_MAX_CT_BYTES], gk[32];
      if (ek && m && c && k && ml == 32) {
        n++;
        cce_status st = cce_mlkem_encaps_derand(kParams[s], gc, sizeof gc, gk, ek, el, m);
        if (field_is(t, next, "result", "valid")) {
          if (st != CCE_OK || cl != kCt[s] || memcmp(gc, c, cl) != 0 || memcmp(gk, k, 32) != 0) bad++;
        } else {
          rejected++;
          cce_status want = el == kEk[s] ? CCE_ERR_KEY_INVALID : CCE_ERR_INVALID_LENGTH;
          if (st != want || cce_mlkem_check_ek(kParams[s], ek, el) != want) bad++;
        }
      }
      free(ek); free(m); free(c); free(k);
      t = next;
    }
    CHECK(n > 100 && rejected > 100 && bad == 0, "%s: %d tests (%d invalid), %d wrong", files[s], n, rejected, bad);
    free(js);
  }
}

// ---------------------------------------------------------------------------
// Services.

static void shake256_j(uint8_t out[32], const uint8_t *z, const uint8_t *c, size_t clen) {
  cce_hash_ctx h;
  if (cce_hash_init(&h, CCE_HASH_SHAKE256) != CCE_OK || cce_hash_update(&h, z, 32) != CCE_OK ||
      cce_hash_update(&h, c, clen) != CCE_OK || cce_hash_final(&h, out, 32) != CCE_OK)
    abort();
  (void)cce_hash_cleanup(&h);
}

static void test_roundtrip(void) {
  for (int s = 0; s < 3; s++) {
    cce_mlkem_param P = kParams[s];
    size_t el, dl, cl;
    CHECK(cce_mlkem_sizes(P, &el, &dl, &cl) == CCE_OK && el == kEk[s] && dl == kDk[s] && cl == kCt[s], "sizes");
    uint8_t ek[CCE_MLKEM_MAX_EK_BYTES], dk[CCE_MLKEM_MAX_DK_BYTES], ct[CCE_MLKEM_MAX_CT_BYTES];
    uint8_t seed[64], ss1[32], ss2[32], ss3[32], ek2[CCE_MLKEM_MAX_EK_BYTES], dk2[CCE_MLKEM_MAX_DK_BYTES];
    for (int it = 0; it < 5; it++) {
      CHECK(cce_mlkem_keygen(P, ek, el, dk, dl, seed) == CCE_OK, "keygen %d", (int)P);
      CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "keygen indicator");
      CHECK(cce_mlkem_keygen_seed(P, ek2, el, dk2, dl, seed) == CCE_OK && memcmp(ek, ek2, el) == 0 &&
                memcmp(dk, dk2, dl) == 0, "seed expands to the same key");
      CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "keygen_seed indicator");
      CHECK(cce_mlkem_check_ek(P, ek, el) == CCE_OK && cce_mlkem_check_dk(P, dk, dl) == CCE_OK, "key checks");
      CHECK(cce_mlkem_encaps(P, ct, cl, ss1, ek, el) == CCE_OK, "encaps");
      CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "encaps indicator");
      CHECK(cce_mlkem_decaps(P, ss2, ct, cl, dk, dl) == CCE_OK && memcmp(ss1, ss2, 32) == 0, "decaps");
      CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "decaps indicator");
      CHECK(cce_mlkem_decaps_seed(P, ss3, ct, cl, seed) == CCE_OK && memcmp(ss1, ss3, 32) == 0, "decaps_seed");
      // The seed-form key is d || z: z is the last 32 bytes of dk.
      CHECK(memcmp(dk + dl - 32, seed + 32, 32) == 0, "z in dk");

      // Implicit rejection: modified ciphertext -> J(z || c'), deterministic.
      uint8_t kbar[32];
      size_t pos = (size_t)(rnd() % cl);
      ct[pos] ^= (uint8_t)(1u << (rnd() % 8));
      shake256_j(kbar, dk + dl - 32, ct, cl);
      CHECK(cce_mlkem_decaps(P, ss2, ct, cl, dk, dl) == CCE_OK, "decaps of a forged ciphertext succeeds");
      CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "rejection indicator");
      CHECK(memcmp(ss2, kbar, 32) == 0 && memcmp(ss2, ss1, 32) != 0, "implicit rejection key J(z||c)");
      CHECK(cce_mlkem_decaps(P, ss3, ct, cl, dk, dl) == CCE_OK && memcmp(ss2, ss3, 32) == 0, "deterministic");
      CHECK(cce_mlkem_decaps_seed(P, ss3, ct, cl, seed) == CCE_OK && memcmp(ss2, ss3, 32) == 0, "seed form");
    }
    // Derandomized encapsulation: deterministic, not approved.
    uint8_t m[32], ct2[CCE_MLKEM_MAX_CT_BYTES];
    rnd_bytes(m, 32);
    CHECK(cce_mlkem_encaps_derand(P, ct, cl, ss1, ek, el, m) == CCE_OK, "derand");
    CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED, "derand not approved");
    CHECK(cce_mlkem_encaps_derand(P, ct2, cl, ss2, ek, el, m) == CCE_OK && memcmp(ct, ct2, cl) == 0 &&
              memcmp(ss1, ss2, 32) == 0, "derand deterministic");
    CHECK(cce_mlkem_decaps(P, ss3, ct, cl, dk, dl) == CCE_OK && memcmp(ss1, ss3, 32) == 0, "derand decaps");
  }
}

// Both back ends give the same keys and ciphertexts (through cce_cpu_caps).
static void test_backends_end_to_end(void) {
  if (n_backends < 2) return;
  uint32_t saved = cce_cpu_caps;
  for (int s = 0; s < 3; s++) {
    const mlkem_params *p = cce_mlkem_params_get(kParams[s]);
    uint8_t seed[64], m[32];
    uint8_t ek[2][CCE_MLKEM_MAX_EK_BYTES], dk[2][CCE_MLKEM_MAX_DK_BYTES], ct[2][CCE_MLKEM_MAX_CT_BYTES];
    uint8_t ss[2][32], ss2[2][32];
    for (int it = 0; it < 10; it++) {
      rnd_bytes(seed, 64);
      rnd_bytes(m, 32);
      for (int b = 0; b < 2; b++) {
        cce_cpu_caps = b ? saved : (saved & ~CCE_CPU_AVX2);
        CHECK(cce_mlkem_arith() == backends[b], "back end selection");
        cce_mlkem_keygen_impl(p, ek[b], dk[b], seed, seed + 32);
        cce_mlkem_encaps_impl(p, ct[b], ss[b], ek[b], m);
        ct[b][3] ^= (uint8_t)(it & 1);  // every other time: implicit rejection
        cce_mlkem_decaps_impl(p, ss2[b], ct[b], dk[b]);
      }
      CHECK(memcmp(ek[0], ek[1], p->ek_bytes) == 0 && memcmp(dk[0], dk[1], p->dk_bytes) == 0 &&
                memcmp(ct[0], ct[1], p->ct_bytes) == 0 && memcmp(ss[0], ss[1], 32) == 0 &&
                memcmp(ss2[0], ss2[1], 32) == 0, "portable and AVX2 agree (set %d)", s);
      CHECK((memcmp(ss[0], ss2[0], 32) == 0) == !(it & 1), "rejection only when modified");
    }
  }
  cce_cpu_caps = saved;
}

static int all_zero(const uint8_t *p, size_t n) {
  uint8_t acc = 0;
  for (size_t i = 0; i < n; i++) acc |= p[i];
  return acc == 0;
}

static void test_checks_and_errors(void) {
  cce_mlkem_param P = CCE_MLKEM_768;
  uint8_t ek[1184], dk[2400], ct[1088], ss[32], m[32] = {1}, seed[64] = {2};
  CHECK(cce_mlkem_keygen_seed(P, ek, sizeof ek, dk, sizeof dk, seed) == CCE_OK, "keygen_seed");
  // Modulus check: a coefficient equal to q (first 12 bits of ek).
  uint8_t bad[1184];
  memcpy(bad, ek, sizeof bad);
  bad[0] = (uint8_t)(MLKEM_Q & 0xff);
  bad[1] = (uint8_t)((bad[1] & 0xf0) | (MLKEM_Q >> 8));
  memset(ss, 0x55, sizeof ss);
  memset(ct, 0x55, sizeof ct);
  CHECK(cce_mlkem_encaps(P, ct, sizeof ct, ss, bad, sizeof bad) == CCE_ERR_KEY_INVALID, "modulus check (encaps)");
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED, "failed indicator");
  CHECK(all_zero(ss, 32) && all_zero(ct, sizeof ct), "outputs zeroed on failure");
  CHECK(cce_mlkem_check_ek(P, bad, sizeof bad) == CCE_ERR_KEY_INVALID, "modulus check");
  bad[0] = (uint8_t)((MLKEM_Q - 1) & 0xff);  // q - 1 is fine
  bad[1] = (uint8_t)((bad[1] & 0xf0) | ((MLKEM_Q - 1) >> 8));
  CHECK(cce_mlkem_check_ek(P, bad, sizeof bad) == CCE_OK, "q - 1 accepted");
  // the second coefficient of a pair (high 12 bits of the 3 bytes) = 4095
  memcpy(bad, ek, sizeof bad);
  bad[384 * 2 + 2] = 0xff;
  bad[384 * 2 + 1] |= 0xf0;
  CHECK(cce_mlkem_encaps_derand(P, ct, sizeof ct, ss, bad, sizeof bad, m) == CCE_ERR_KEY_INVALID, "4095");
  // rho is not checked
  memcpy(bad, ek, sizeof bad);
  bad[1183] ^= 0xff;
  CHECK(cce_mlkem_check_ek(P, bad, sizeof bad) == CCE_OK, "rho any value");

  // Hash check: corrupted embedded ek, corrupted h; the s part is not covered.
  uint8_t bdk[2400];
  memcpy(bdk, dk, sizeof bdk);
  bdk[1152 + 5] ^= 1;
  CHECK(cce_mlkem_decaps(P, ss, ct, sizeof ct, bdk, sizeof bdk) == CCE_ERR_KEY_INVALID, "hash check (ek)");
  CHECK(cce_mlkem_check_dk(P, bdk, sizeof bdk) == CCE_ERR_KEY_INVALID, "check_dk (ek)");
  memcpy(bdk, dk, sizeof bdk);
  bdk[1152 + 1184 + 31] ^= 0x80;
  CHECK(cce_mlkem_decaps(P, ss, ct, sizeof ct, bdk, sizeof bdk) == CCE_ERR_KEY_INVALID, "hash check (h)");
  CHECK(cce_mlkem_check_dk(P, bdk, sizeof bdk) == CCE_ERR_KEY_INVALID, "check_dk (h)");
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED, "check_dk failed indicator");
  CHECK(cce_mlkem_check_dk(P, dk, sizeof dk) == CCE_OK, "check_dk ok");
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "check_dk approved");

  // Lengths.
  CHECK(cce_mlkem_encaps(P, ct, sizeof ct, ss, ek, 1183) == CCE_ERR_INVALID_LENGTH, "ek short");
  CHECK(cce_mlkem_encaps(P, ct, sizeof ct, ss, ek, 1185) == CCE_ERR_INVALID_LENGTH, "ek long");
  CHECK(cce_mlkem_encaps(P, ct, 1087, ss, ek, sizeof ek) == CCE_ERR_BUFFER_TOO_SMALL, "ct buffer");
  CHECK(cce_mlkem_decaps(P, ss, ct, 1087, dk, sizeof dk) == CCE_ERR_INVALID_LENGTH, "ct short");
  CHECK(cce_mlkem_decaps(P, ss, ct, 1089, dk, sizeof dk) == CCE_ERR_INVALID_LENGTH, "ct long");
  CHECK(cce_mlkem_decaps(P, ss, ct, sizeof ct, dk, 2399) == CCE_ERR_INVALID_LENGTH, "dk short");
  CHECK(cce_mlkem_decaps_seed(P, ss, ct, 1000, seed) == CCE_ERR_INVALID_LENGTH, "decaps_seed ct");
  CHECK(cce_mlkem_keygen(P, ek, 1183, dk, sizeof dk, NULL) == CCE_ERR_BUFFER_TOO_SMALL, "ek buffer");
  CHECK(cce_mlkem_keygen_seed(P, ek, sizeof ek, dk, 2399, seed) == CCE_ERR_BUFFER_TOO_SMALL, "dk buffer");
  CHECK(cce_mlkem_check_ek(P, ek, 800) == CCE_ERR_INVALID_LENGTH, "check_ek length");
  CHECK(cce_mlkem_check_dk(P, dk, 1632) == CCE_ERR_INVALID_LENGTH, "check_dk length");
  // Parameter set.
  CHECK(cce_mlkem_sizes((cce_mlkem_param)513, NULL, NULL, NULL) == CCE_ERR_INVALID_ARG, "sizes param");
  CHECK(cce_mlkem_keygen((cce_mlkem_param)0, ek, sizeof ek, dk, sizeof dk, NULL) == CCE_ERR_INVALID_ARG, "param");
  CHECK(cce_mlkem_encaps((cce_mlkem_param)3, ct, sizeof ct, ss, ek, sizeof ek) == CCE_ERR_INVALID_ARG, "param");
  CHECK(cce_mlkem_decaps((cce_mlkem_param)2, ss, ct, sizeof ct, dk, sizeof dk) == CCE_ERR_INVALID_ARG, "param");
  // NULL pointers.
  CHECK(cce_mlkem_keygen(P, NULL, 0, dk, sizeof dk, NULL) == CCE_ERR_NULL_POINTER, "null ek");
  CHECK(cce_mlkem_keygen_seed(P, ek, sizeof ek, dk, sizeof dk, NULL) == CCE_ERR_NULL_POINTER, "null seed");
  CHECK(cce_mlkem_encaps(P, NULL, 0, ss, ek, sizeof ek) == CCE_ERR_NULL_POINTER, "null ct");
  CHECK(cce_mlkem_encaps(P, ct, sizeof ct, NULL, ek, sizeof ek) == CCE_ERR_NULL_POINTER, "null ss");
  CHECK(cce_mlkem_encaps(P, ct, sizeof ct, ss, NULL, 0) == CCE_ERR_NULL_POINTER, "null ek");
  CHECK(cce_mlkem_encaps_derand(P, ct, sizeof ct, ss, ek, sizeof ek, NULL) == CCE_ERR_NULL_POINTER, "null m");
  CHECK(cce_mlkem_decaps(P, NULL, ct, sizeof ct, dk, sizeof dk) == CCE_ERR_NULL_POINTER, "null ss");
  CHECK(cce_mlkem_decaps(P, ss, NULL, 0, dk, sizeof dk) == CCE_ERR_NULL_POINTER, "null ct");
  CHECK(cce_mlkem_decaps(P, ss, ct, sizeof ct, NULL, 0) == CCE_ERR_NULL_POINTER, "null dk");
  CHECK(cce_mlkem_decaps_seed(P, ss, ct, sizeof ct, NULL) == CCE_ERR_NULL_POINTER, "null seed");
  CHECK(cce_mlkem_check_ek(P, NULL, 0) == CCE_ERR_NULL_POINTER, "null");
  CHECK(cce_mlkem_check_dk(P, NULL, 0) == CCE_ERR_NULL_POINTER, "null");
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED, "failed indicator");
  // The self-test itself.
  CHECK(cce_kat_mlkem() == CCE_OK, "KAT");
  int found = 0;
  for (size_t i = 0; i < cce_selftest_count(); i++) {
    cce_selftest_info info;
    if (cce_selftest_get(i, &info) == CCE_OK && strcmp(info.name, "ML-KEM-768 KAT") == 0)
      found = info.result == CCE_SELFTEST_PASSED;
  }
  CHECK(found, "ML-KEM KAT registered and passed");
}

// ---------------------------------------------------------------------------
// Stack use: each service runs on a thread whose stack was filled with a
// pattern; the untouched bytes at the bottom give the depth reached.

#define STACK_SIZE (256 * 1024)
typedef struct stack_job {
  int op;
  cce_mlkem_param p;
  cce_status st;
} stack_job;

static uint8_t g_ek[CCE_MLKEM_MAX_EK_BYTES], g_dk[CCE_MLKEM_MAX_DK_BYTES], g_ct[CCE_MLKEM_MAX_CT_BYTES];
static uint8_t g_seed[64], g_ss[32];

static void *stack_thread(void *arg) {
  stack_job *j = arg;
  size_t el = 0, dl = 0, cl = 0;
  if (cce_mlkem_sizes(j->p, &el, &dl, &cl) != CCE_OK) abort();
  switch (j->op) {
    case 0: j->st = CCE_OK; break;  // baseline
    case 1: j->st = cce_mlkem_keygen_seed(j->p, g_ek, el, g_dk, dl, g_seed); break;
    case 2: j->st = cce_mlkem_keygen(j->p, g_ek, el, g_dk, dl, NULL); break;
    case 3: j->st = cce_mlkem_encaps_derand(j->p, g_ct, cl, g_ss, g_ek, el, g_seed); break;
    case 4: j->st = cce_mlkem_encaps(j->p, g_ct, cl, g_ss, g_ek, el); break;
    case 5: j->st = cce_mlkem_decaps(j->p, g_ss, g_ct, cl, g_dk, dl); break;
    case 6: j->st = cce_mlkem_decaps_seed(j->p, g_ss, g_ct, cl, g_seed); break;
  }
  return NULL;
}

static size_t stack_used(int op, cce_mlkem_param p, cce_status *st) {
  static uint8_t stack[STACK_SIZE] __attribute__((aligned(4096)));
  memset(stack, 0xa5, sizeof stack);
  pthread_attr_t attr;
  pthread_t th;
  stack_job j = {op, p, CCE_ERR_INTERNAL};
  pthread_attr_init(&attr);
  pthread_attr_setstack(&attr, stack, sizeof stack);
  if (pthread_create(&th, &attr, stack_thread, &j) != 0) abort();
  pthread_join(th, NULL);
  pthread_attr_destroy(&attr);
  size_t i = 0;
  while (i < sizeof stack && stack[i] == 0xa5) i++;
  *st = j.st;
  return sizeof stack - i;
}

static void test_stack(void) {
  static const char *names[7] = {"baseline", "keygen_seed", "keygen", "encaps_derand", "encaps", "decaps",
                                 "decaps_seed"};
  cce_status st;
  // The DRBG of a new thread is seeded on its first use: measure the drbg
  // services once to warm nothing (each thread is new), as a caller would see.
  size_t base = stack_used(0, CCE_MLKEM_768, &st);
  for (int s = 0; s < 3; s++) {
    rnd_bytes(g_seed, 64);
    printf("stack use (bytes above a thread's baseline of %zu), %s, back end %s:", base,
           s == 0 ? "ML-KEM-512" : s == 1 ? "ML-KEM-768" : "ML-KEM-1024", cce_mlkem_arith()->name);
    for (int op = 1; op <= 6; op++) {
      size_t used = stack_used(op, kParams[s], &st);
      CHECK(st == CCE_OK, "%s on the measuring thread", names[op]);
      CHECK(used > base && used - base < 64 * 1024, "%s: stack %zu", names[op], used - base);
      printf(" %s %zu", names[op], used - base);
    }
    printf("\n");
  }
}

// Last: a broken pairwise consistency test stops the module.
static void test_pct_failure(void) {
  uint8_t ek[1184], dk[2400];
  cce_mlkem_test_break_pct = 1;
  CHECK(cce_mlkem_keygen(CCE_MLKEM_768, ek, sizeof ek, dk, sizeof dk, NULL) == CCE_ERR_SELFTEST, "PCT failure");
  CHECK(all_zero(ek, sizeof ek) && all_zero(dk, sizeof dk), "key wiped after PCT failure");
  CHECK(cce_module_status() == CCE_STATE_ERROR, "module in error state");
  CHECK(strcmp(cce_module_error_reason(), "ML-KEM PCT") == 0, "reason: %s", cce_module_error_reason());
  uint8_t ss[32], ct[1088] = {0};
  CHECK(cce_mlkem_decaps(CCE_MLKEM_768, ss, ct, sizeof ct, dk, sizeof dk) == CCE_ERR_MODULE_STATE, "no service");
}

int main(void) {
  backends[n_backends++] = &cce_mlkem_arith_portable;
#if defined(__x86_64__)
  if (cce_cpu_has(CCE_CPU_AVX2)) backends[n_backends++] = &cce_mlkem_arith_avx2;
#endif
  printf("ML-KEM back end in use: %s\n", cce_mlkem_arith()->name);
  test_reductions();
  test_ntt();
  test_wycheproof_keygen();
  test_wycheproof_encaps();
  test_roundtrip();
  test_backends_end_to_end();
  test_checks_and_errors();
  test_stack();
  test_pct_failure();
  printf("%d passed, %d failed\n", g_pass, g_fail);
  return g_fail ? 1 : 0;
}
