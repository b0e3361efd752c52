// AES-GCM unit tests: the test cases of the GCM specification (McGrew &
// Viega, "The Galois/Counter Mode of Operation (GCM)", 2005, test cases
// 1-18: AES-128/192/256, 96-bit, 64-bit and 480-bit IVs), every tag length,
// streaming at every split point, agreement of every implementation
// (portable, AES-NI, VAES) on random inputs, authentication failures, error
// codes, IV generators and the service indicator.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/gcm.h"
#include "cce/module.h"
#include "module/aes/gcm_internal.h"

static int g_pass, g_fail;

#define CHECK(cond, ...)                                      \
  do {                                                        \
    if (cond) {                                               \
      g_pass++;                                               \
    } else {                                                  \
      g_fail++;                                               \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);             \
      printf(__VA_ARGS__);                                    \
      printf("\n");                                           \
    }                                                         \
  } while (0)

static size_t unhex(const char *s, uint8_t *out) {
  size_t n = strlen(s) / 2;
  for (size_t i = 0; i < n; i++) {
    unsigned v;
    sscanf(s + 2 * i, "%2x", &v);
    out[i] = (uint8_t)v;
  }
  return n;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}
static void rnd_fill(uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) p[i] = (uint8_t)rnd();
}

static int is_zero(const uint8_t *p, size_t n) {
  uint8_t a = 0;
  for (size_t i = 0; i < n; i++) a |= p[i];
  return a == 0;
}

// ---------------------------------------------------------------------------
// GCM specification test cases.

typedef struct tc {
  int n;
  const char *k, *p, *a, *iv, *c, *t;
} tc;

#define K128 "feffe9928665731c6d6a8f9467308308"
#define K192 K128 "feffe9928665731c"
#define K256 K128 K128
#define P64                                                                                   \
  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525" \
  "b16aedf5aa0de657ba637b391aafd255"
#define P60                                                                                   \
  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525" \
  "b16aedf5aa0de657ba637b39"
#define A20 "feedfacedeadbeeffeedfacedeadbeefabaddad2"
#define IV96 "cafebabefacedbaddecaf888"
#define IV64 "cafebabefacedbad"
#define IV480                                                                                 \
  "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728c3c0c95156809539fcf0e2429a6b5254" \
  "16aedbf5a0de6a57a637b39b"
#define Z96 "000000000000000000000000"
#define Z128 "00000000000000000000000000000000"

static const tc tcs[] = {
    {1, Z128, "", "", Z96, "", "58e2fccefa7e3061367f1d57a4e7455a"},
    {2, Z128, Z128, "", Z96, "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf"},
    {3, K128, P64, "", IV96,
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa05"
     "1ba30b396a0aac973d58e091473f5985",
     "4d5c2af327cd64a62cf35abd2ba6fab4"},
    {4, K128, P60, A20, IV96,
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa05"
     "1ba30b396a0aac973d58e091",
     "5bc94fbc3221a5db94fae95ae7121a47"},
    {5, K128, P60, A20, IV64,
     "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c742373806900e49f24b22b097544d4896b42"
     "4989b5e1ebac0f07c23f4598",
     "3612d2e79e3b0785561be14aaca2fccb"},
    {6, K128, P60, A20, IV480,
     "8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca701e4a9a4fba43c90ccdcb281d48c7c6f"
     "d62875d2aca417034c34aee5",
     "619cc5aefffe0bfa462af43c1699d050"},
    {7, Z128 "0000000000000000", "", "", Z96, "", "cd33b28ac773f74ba00ed1f312572435"},
    {8, Z128 "0000000000000000", Z128, "", Z96, "98e7247c07f0fe411c267e4384b0f600",
     "2ff58d80033927ab8ef4d4587514f0fb"},
    {9, K192, P64, "", IV96,
     "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c7d773d00c144c525ac619d18c84a3f47"
     "18e2448b2fe324d9ccda2710acade256",
     "9924a7c8587336bfb118024db8674a14"},
    {10, K192, P60, A20, IV96,
     "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c7d773d00c144c525ac619d18c84a3f47"
     "18e2448b2fe324d9ccda2710",
     "2519498e80f1478f37ba55bd6d27618c"},
    {11, K192, P60, A20, IV64,
     "0f10f599ae14a154ed24b36e25324db8c566632ef2bbb34f8347280fc4507057fddc29df9a471f75c66541d4d4dad1c9"
     "e93a19a58e8b473fa0f062f7",
     "65dcc57fcf623a24094fcca40d3533f8"},
    {12, K192, P60, A20, IV480,
     "d27e88681ce3243c4830165a8fdcf9ff1de9a1d8e6b447ef6ef7b79828666e4581e79012af34ddd9e2f037589b292db3"
     "e67c036745fa22e7e9b7373b",
     "dcf566ff291c25bbb8568fc3d376a6d9"},
    {13, Z128 Z128, "", "", Z96, "", "530f8afbc74536b9a963b4f1c4cb738b"},
    {14, Z128 Z128, Z128, "", Z96, "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"},
    {15, K256, P64, "", IV96,
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
     "c5f61e6393ba7a0abcc9f662898015ad",
     "b094dac5d93471bdec1a502270e3cc6c"},
    {16, K256, P60, A20, IV96,
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
     "c5f61e6393ba7a0abcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
    {17, K256, P60, A20, IV64,
     "c3762df1ca787d32ae47c13bf19844cbaf1ae14d0b976afac52ff7d79bba9de0feb582d33934a4f0954cc2363bc73f78"
     "62ac430e64abe499f47c9b1f",
     "3a337dbf46a792c45e454913fe2ea8f2"},
    {18, K256, P60, A20, IV480,
     "5a8def2f0c9e53f1f75d7853659e2a20eeb2b22aafde6419a058ab4f6f746bf40fc0c3b780f244452da3ebf1c5d82cde"
     "a2418997200ef82e44ae7e3f",
     "a44a8266ee1c8eb0c8b5d4cf5ae9f19a"},
};

static const char *impl_names[CCE_GCM_IMPL_COUNT] = {"portable", "aesni", "vaes", "vaes-avx2"};

// Seal/open through a key of implementation `impl` using the public calls
// (the key's impl decides the path).
static void test_spec_vectors(void) {
  for (uint32_t impl = 0; impl < CCE_GCM_IMPL_COUNT; impl++) {
    if (!cce_gcm_impl_available(impl)) {
      printf("spec vectors: %s unavailable on this CPU\n", impl_names[impl]);
      continue;
    }
    for (size_t i = 0; i < sizeof(tcs) / sizeof(tcs[0]); i++) {
      const tc *t = &tcs[i];
      uint8_t k[32], p[64], a[20], iv[60], c[64], tag[16], out[64], otag[16];
      size_t kl = unhex(t->k, k), pl = unhex(t->p, p), al = unhex(t->a, a), ivl = unhex(t->iv, iv);
      unhex(t->c, c);
      unhex(t->t, tag);
      cce_gcm_key key;
      CHECK(cce_gcm_key_init_impl(&key, k, kl, impl) == CCE_OK, "init tc%d", t->n);
      CHECK(cce_gcm_kint(&key)->impl == impl, "impl");
      memset(out, 0xAA, sizeof(out));
      CHECK(cce_aes_gcm_seal(&key, iv, ivl, a, al, p, pl, out, otag, 16) == CCE_OK, "seal tc%d", t->n);
      CHECK(memcmp(out, c, pl) == 0, "%s tc%d ciphertext", impl_names[impl], t->n);
      CHECK(memcmp(otag, tag, 16) == 0, "%s tc%d tag", impl_names[impl], t->n);
      memset(out, 0xAA, sizeof(out));
      CHECK(cce_aes_gcm_open(&key, iv, ivl, a, al, c, pl, tag, 16, out) == CCE_OK, "open tc%d", t->n);
      CHECK(memcmp(out, p, pl) == 0, "%s tc%d plaintext", impl_names[impl], t->n);
      // In place.
      memcpy(out, p, pl);
      CHECK(cce_aes_gcm_seal(&key, iv, ivl, a, al, out, pl, out, otag, 16) == CCE_OK && memcmp(out, c, pl) == 0,
            "in-place seal tc%d", t->n);
      CHECK(cce_aes_gcm_open(&key, iv, ivl, a, al, out, pl, tag, 16, out) == CCE_OK && memcmp(out, p, pl) == 0,
            "in-place open tc%d", t->n);
      // Every tag length: a prefix of the full tag.
      for (size_t tl = 0; tl <= 17; tl++) {
        int ok = tl == 4 || tl == 8 || (tl >= 12 && tl <= 16);
        uint8_t tt[17];
        cce_status st = cce_aes_gcm_seal(&key, iv, ivl, a, al, p, pl, out, tt, tl);
        if (ok) {
          CHECK(st == CCE_OK && memcmp(tt, tag, tl) == 0, "tag len %zu tc%d", tl, t->n);
          CHECK(cce_aes_gcm_open(&key, iv, ivl, a, al, c, pl, tag, tl, out) == CCE_OK, "open tag len %zu", tl);
        } else {
          CHECK(st == CCE_ERR_INVALID_LENGTH, "tag len %zu rejected (%d)", tl, st);
          CHECK(cce_aes_gcm_open(&key, iv, ivl, a, al, c, pl, tag, tl, out) == CCE_ERR_INVALID_LENGTH,
                "open tag len %zu rejected", tl);
        }
      }
      cce_gcm_key_wipe(&key);
      CHECK(is_zero(key.opaque, sizeof(key.opaque)), "key wiped");
    }
  }
}

// ---------------------------------------------------------------------------
// Streaming == one-shot at every split point.

static cce_status stream_run(const cce_gcm_key *key, int enc, const uint8_t *iv, size_t ivl, const uint8_t *a,
                             size_t al, size_t asplit, const uint8_t *in, size_t len, size_t split, uint8_t *out,
                             uint8_t *tag) {
  cce_gcm_ctx ctx;
  cce_status st = cce_aes_gcm_init(&ctx, key, enc ? CCE_GCM_ENCRYPT : CCE_GCM_DECRYPT, iv, ivl);
  if (st) return st;
  if ((st = cce_aes_gcm_update_aad(&ctx, a, asplit))) return st;
  if ((st = cce_aes_gcm_update_aad(&ctx, a + asplit, al - asplit))) return st;
  if ((st = cce_aes_gcm_update(&ctx, out, in, split))) return st;
  if ((st = cce_aes_gcm_update(&ctx, out + split, in + split, len - split))) return st;
  return enc ? cce_aes_gcm_encrypt_final(&ctx, tag, 16) : cce_aes_gcm_decrypt_final(&ctx, tag, 16);
}

static void test_streaming(void) {
  for (uint32_t impl = 0; impl < CCE_GCM_IMPL_COUNT; impl++) {
    if (!cce_gcm_impl_available(impl)) {
      printf("streaming: %s unavailable on this CPU\n", impl_names[impl]);
      continue;
    }
    uint8_t k[32], iv[12], a[37], p[300], c[300], tag[16], out[300], stag[16];
    rnd_fill(k, 32);
    rnd_fill(iv, 12);
    rnd_fill(a, sizeof(a));
    rnd_fill(p, sizeof(p));
    cce_gcm_key key;
    CHECK(cce_gcm_key_init_impl(&key, k, 32, impl) == CCE_OK, "init");
    const size_t len = sizeof(p);
    CHECK(cce_aes_gcm_seal(&key, iv, 12, a, sizeof(a), p, len, c, tag, 16) == CCE_OK, "seal");
    int bad = 0;
    for (size_t s = 0; s <= len; s++) {
      size_t as = s % (sizeof(a) + 1);
      memset(out, 0, sizeof(out));
      if (stream_run(&key, 1, iv, 12, a, sizeof(a), as, p, len, s, out, stag) != CCE_OK || memcmp(out, c, len) ||
          memcmp(stag, tag, 16))
        bad++;
      if (stream_run(&key, 0, iv, 12, a, sizeof(a), as, c, len, s, out, tag) != CCE_OK || memcmp(out, p, len))
        bad++;
    }
    CHECK(bad == 0, "%s: %d split points differ from one-shot", impl_names[impl], bad);
    // Byte at a time, both AAD and data.
    cce_gcm_ctx ctx;
    CHECK(cce_aes_gcm_init(&ctx, &key, CCE_GCM_ENCRYPT, iv, 12) == CCE_OK, "init");
    for (size_t i = 0; i < sizeof(a); i++) CHECK(cce_aes_gcm_update_aad(&ctx, a + i, 1) == CCE_OK, "aad");
    for (size_t i = 0; i < len; i++) (void)!cce_aes_gcm_update(&ctx, out + i, p + i, 1);
    CHECK(cce_aes_gcm_encrypt_final(&ctx, stag, 16) == CCE_OK, "final");
    CHECK(memcmp(out, c, len) == 0 && memcmp(stag, tag, 16) == 0, "%s byte-at-a-time", impl_names[impl]);
    CHECK(is_zero(ctx.opaque, sizeof(ctx.opaque)), "ctx wiped after final");
    // Streaming decrypt with a wrong tag.
    uint8_t bt[16];
    memcpy(bt, tag, 16);
    bt[15] ^= 1;
    CHECK(stream_run(&key, 0, iv, 12, a, sizeof(a), 5, c, len, 77, out, bt) == CCE_ERR_AUTH, "stream auth fail");
    cce_gcm_key_wipe(&key);
  }
}

// ---------------------------------------------------------------------------
// Every implementation agrees on random inputs (one-shot and streaming,
// internal entry points called directly).

static void test_cross(void) {
  enum { MAXL = 1200 };
  static uint8_t p[MAXL], a[400], iv[80], out[CCE_GCM_IMPL_COUNT][MAXL], outs[MAXL], dec[MAXL];
  uint8_t k[32], tags[CCE_GCM_IMPL_COUNT][16], stag[16];
  int avail = 0;
  for (uint32_t impl = 0; impl < CCE_GCM_IMPL_COUNT; impl++) {
    if (cce_gcm_impl_available(impl)) avail++;
    else printf("cross-check: %s unavailable on this CPU\n", impl_names[impl]);
  }
  int bad = 0, runs = 0;
  for (int it = 0; it < 300; it++) {
    size_t kl = 16 + 8 * (rnd() % 3), len = rnd() % MAXL, al = rnd() % 400, ivl = 1 + rnd() % 79;
    if (it < 40) len = (size_t)it * 7;  // short messages and tails
    if (it % 5 == 0) ivl = 12;
    rnd_fill(k, kl);
    rnd_fill(p, len);
    rnd_fill(a, al);
    rnd_fill(iv, ivl);
    int first = -1;
    for (uint32_t impl = 0; impl < CCE_GCM_IMPL_COUNT; impl++) {
      if (!cce_gcm_impl_available(impl)) continue;
      cce_gcm_key key;
      if (cce_gcm_key_init_impl(&key, k, kl, impl) != CCE_OK) {
        bad++;
        continue;
      }
      if (cce_aes_gcm_seal(&key, iv, ivl, a, al, p, len, out[impl], tags[impl], 16) != CCE_OK) bad++;
      if (first < 0) first = (int)impl;
      else if (memcmp(out[impl], out[first], len) || memcmp(tags[impl], tags[first], 16)) {
        bad++;
        printf("  mismatch %s vs %s: len %zu aad %zu iv %zu key %zu\n", impl_names[impl], impl_names[first], len,
               al, ivl, kl);
      }
      // Streaming with random splits, and open.
      size_t s = len ? rnd() % (len + 1) : 0, as = al ? rnd() % (al + 1) : 0;
      if (stream_run(&key, 1, iv, ivl, a, al, as, p, len, s, outs, stag) != CCE_OK ||
          memcmp(outs, out[first], len) || memcmp(stag, tags[first], 16))
        bad++;
      if (cce_aes_gcm_open(&key, iv, ivl, a, al, out[impl], len, tags[impl], 16, dec) != CCE_OK ||
          memcmp(dec, p, len))
        bad++;
      cce_gcm_key_wipe(&key);
      runs++;
    }
  }
  CHECK(bad == 0, "cross-implementation: %d mismatches in %d runs (%d paths)", bad, runs, avail);
  // Counter wrap: a J0 whose low 32 bits are near 2^32 (non-96-bit IVs
  // reach such values; force one through the internal entry points).
  uint8_t j0[16];
  rnd_fill(j0, 16);
  j0[12] = j0[13] = j0[14] = 0xff;
  j0[15] = 0xf0;
  rnd_fill(k, 16);
  rnd_fill(p, 600);
  int first = -1;
  bad = 0;
  for (uint32_t impl = 0; impl < CCE_GCM_IMPL_COUNT; impl++) {
    if (!cce_gcm_impl_available(impl)) continue;
    cce_gcm_key key;
    (void)!cce_gcm_key_init_impl(&key, k, 16, impl);
    const cce_gcm_key_int *ki = cce_gcm_kint(&key);
    cce_gcm_ops_get(impl)->seal(ki, j0, a, 3, p, out[impl], 600, tags[impl]);
    if (first < 0) first = (int)impl;
    else if (memcmp(out[impl], out[first], 600) || memcmp(tags[impl], tags[first], 16)) bad++;
    // The generic composition agrees too.
    cce_gcm_seal_generic(cce_gcm_ops_get(impl), ki, j0, a, 3, p, outs, 600, stag, 0);
    if (memcmp(outs, out[first], 600) || memcmp(stag, tags[first], 16)) bad++;
    cce_gcm_key_wipe(&key);
  }
  CHECK(bad == 0, "counter wrap: paths disagree");
}

// ---------------------------------------------------------------------------
// The 256-bit VAES path (gcm_vaes_avx2.c) against the portable one at every
// message length 0..600 (all tails, one to two 16-block batches and the
// batch boundaries), each key size, AAD of 0..40 bytes, in place and not,
// seal and open, through the one-shot ops and the block-wise enc/dec ops;
// then which path a new key gets under the CCE_CPU overrides.

static void test_vaes_avx2(void) {
  if (!cce_gcm_impl_available(CCE_GCM_IMPL_VAES_AVX2)) {
    printf("vaes-avx2: unavailable on this CPU\n");
    return;
  }
  enum { MAXL = 600 };
  static uint8_t p[MAXL], a[48], ref[MAXL], out[MAXL + 1], dec[MAXL];
  uint8_t k[32], j0[16], rtag[16], tag[16];
  const cce_gcm_ops *pops = cce_gcm_ops_get(CCE_GCM_IMPL_PORTABLE);
  const cce_gcm_ops *yops = cce_gcm_ops_get(CCE_GCM_IMPL_VAES_AVX2);
  CHECK(strcmp(yops->name, "vaes-avx2") == 0, "vaes-avx2 ops name");
  int bad = 0, runs = 0;
  for (size_t len = 0; len <= MAXL; len++) {
    size_t kl = 16 + 8 * (len % 3), al = (len * 7) % 41;
    rnd_fill(k, kl);
    rnd_fill(j0, 16);
    if (len % 50 == 0) j0[12] = j0[13] = j0[14] = 0xff;  // 32-bit counter wrap inside the message
    rnd_fill(p, len);
    rnd_fill(a, al);
    cce_gcm_key kp, ky;
    if (cce_gcm_key_init_impl(&kp, k, kl, CCE_GCM_IMPL_PORTABLE) != CCE_OK ||
        cce_gcm_key_init_impl(&ky, k, kl, CCE_GCM_IMPL_VAES_AVX2) != CCE_OK) {
      bad++;
      continue;
    }
    const cce_gcm_key_int *ip = cce_gcm_kint_c(&kp), *iy = cce_gcm_kint_c(&ky);
    pops->seal(ip, j0, a, al, p, ref, len, rtag);
    // Separate buffers; the byte after the message must stay untouched.
    out[len] = 0x5a;
    yops->seal(iy, j0, a, al, p, out, len, tag);
    if (memcmp(out, ref, len) || memcmp(tag, rtag, 16) || out[len] != 0x5a) bad++;
    yops->open(iy, j0, a, al, out, dec, len, tag);
    if (memcmp(dec, p, len) || memcmp(tag, rtag, 16)) bad++;
    // In place.
    memcpy(out, p, len);
    yops->seal(iy, j0, a, al, out, out, len, tag);
    if (memcmp(out, ref, len) || memcmp(tag, rtag, 16)) bad++;
    yops->open(iy, j0, a, al, out, out, len, tag);
    if (memcmp(out, p, len) || memcmp(tag, rtag, 16)) bad++;
    // Block-wise ops (streaming engine) over the whole blocks, in place.
    size_t nb = len / 16;
    uint8_t cp[16], cy[16], xp[16] = {0}, xy[16] = {0};
    memcpy(cp, j0, 16);
    memcpy(cy, j0, 16);
    memcpy(out, p, 16 * nb);
    pops->enc(ip, cp, xp, p, ref, nb);
    yops->enc(iy, cy, xy, out, out, nb);
    if (memcmp(out, ref, 16 * nb) || memcmp(cp, cy, 16) || memcmp(xp, xy, 16)) bad++;
    memcpy(cy, j0, 16);
    yops->dec(iy, cy, xy, out, out, nb);
    pops->ghash(ip, xp, ref, nb);
    if (memcmp(out, p, 16 * nb) || memcmp(xp, xy, 16) || memcmp(cp, cy, 16)) bad++;
    yops->ghash(iy, xy, a, al / 16);
    pops->ghash(ip, xp, a, al / 16);
    if (memcmp(xp, xy, 16)) bad++;
    cce_gcm_key_wipe(&kp);
    cce_gcm_key_wipe(&ky);
    runs++;
  }
  CHECK(bad == 0 && runs == MAXL + 1, "vaes-avx2 vs portable: %d mismatches in %d lengths", bad, runs);
  // Selection: the zmm path wins when present; without AVX-512 (CPU or
  // CCE_CPU=-avx512f) the ymm path does.
  const char *cpu = getenv("CCE_CPU");
  if (cpu && strstr(cpu, "-avx512f"))
    CHECK(cce_gcm_best_impl() == CCE_GCM_IMPL_VAES_AVX2 && strcmp(cce_impl_ghash(), "vaes-avx2") == 0,
          "CCE_CPU=-avx512f selects vaes-avx2");
  else if (!cce_gcm_impl_available(CCE_GCM_IMPL_VAES))
    CHECK(cce_gcm_best_impl() == CCE_GCM_IMPL_VAES_AVX2, "no AVX-512: vaes-avx2 is the best path");
  else
    CHECK(cce_gcm_best_impl() == CCE_GCM_IMPL_VAES, "AVX-512: vaes (zmm) is the best path");
}

// ---------------------------------------------------------------------------
// Authentication failures: every flipped bit is caught, output wiped.

static void test_auth_fail(void) {
  uint8_t k[16], iv[12], a[20], p[70], c[70], tag[16], out[70];
  rnd_fill(k, 16);
  rnd_fill(iv, 12);
  rnd_fill(a, 20);
  rnd_fill(p, 70);
  cce_gcm_key key;
  CHECK(cce_gcm_key_init(&key, k, 16) == CCE_OK, "init");
  CHECK(cce_aes_gcm_seal(&key, iv, 12, a, 20, p, 70, c, tag, 16) == CCE_OK, "seal");
  int missed = 0, notwiped = 0;
  for (size_t bit = 0; bit < 8 * (70 + 16 + 20 + 12); bit++) {
    uint8_t cc[70], tt[16], aa[20], ii[12];
    memcpy(cc, c, 70);
    memcpy(tt, tag, 16);
    memcpy(aa, a, 20);
    memcpy(ii, iv, 12);
    size_t byte = bit / 8;
    uint8_t m = (uint8_t)(1u << (bit % 8));
    if (byte < 70) cc[byte] ^= m;
    else if (byte < 86) tt[byte - 70] ^= m;
    else if (byte < 106) aa[byte - 86] ^= m;
    else ii[byte - 106] ^= m;
    memset(out, 0xAA, sizeof(out));
    if (cce_aes_gcm_open(&key, ii, 12, aa, 20, cc, 70, tt, 16, out) != CCE_ERR_AUTH) missed++;
    if (!is_zero(out, 70)) notwiped++;
    if (cce_service_indicator() != CCE_INDICATOR_FAILED) missed++;
  }
  CHECK(missed == 0, "%d flipped bits not rejected", missed);
  CHECK(notwiped == 0, "%d failed opens left output", notwiped);
  // In place: the ciphertext buffer is wiped too.
  uint8_t buf[70];
  memcpy(buf, c, 70);
  buf[3] ^= 0x10;
  CHECK(cce_aes_gcm_open(&key, iv, 12, a, 20, buf, 70, tag, 16, buf) == CCE_ERR_AUTH && is_zero(buf, 70),
        "in-place failed open wiped");
  // Truncated-tag forgery is checked on the given prefix only.
  CHECK(cce_aes_gcm_open(&key, iv, 12, a, 20, c, 70, tag, 12, out) == CCE_OK, "12-byte prefix ok");
  uint8_t t2[16];
  memcpy(t2, tag, 16);
  t2[11] ^= 1;
  CHECK(cce_aes_gcm_open(&key, iv, 12, a, 20, c, 70, t2, 12, out) == CCE_ERR_AUTH, "12-byte prefix bad");
  cce_gcm_key_wipe(&key);
}

// ---------------------------------------------------------------------------
// Error codes.

static void test_errors(void) {
  uint8_t k[32] = {1}, iv[12] = {2}, p[32] = {3}, c[32], tag[16], out[32];
  cce_gcm_key key, bad;
  memset(&bad, 0, sizeof(bad));
  CHECK(cce_gcm_key_init(NULL, k, 16) == CCE_ERR_NULL_POINTER, "init NULL key");
  CHECK(cce_gcm_key_init(&key, NULL, 16) == CCE_ERR_NULL_POINTER, "init NULL k");
  for (size_t kl = 0; kl <= 33; kl++) {
    cce_status st = cce_gcm_key_init(&key, k, kl);
    if (kl == 16 || kl == 24 || kl == 32) CHECK(st == CCE_OK, "key len %zu", kl);
    else CHECK(st == CCE_ERR_INVALID_LENGTH, "key len %zu rejected", kl);
  }
  CHECK(cce_gcm_key_init(&key, k, 32) == CCE_OK, "init");
  CHECK(cce_aes_gcm_seal(NULL, iv, 12, NULL, 0, p, 32, c, tag, 16) == CCE_ERR_NULL_POINTER, "seal NULL key");
  CHECK(cce_aes_gcm_seal(&key, NULL, 12, NULL, 0, p, 32, c, tag, 16) == CCE_ERR_NULL_POINTER, "NULL iv");
  CHECK(cce_aes_gcm_seal(&key, iv, 12, NULL, 5, p, 32, c, tag, 16) == CCE_ERR_NULL_POINTER, "NULL aad");
  CHECK(cce_aes_gcm_seal(&key, iv, 12, NULL, 0, NULL, 32, c, tag, 16) == CCE_ERR_NULL_POINTER, "NULL pt");
  CHECK(cce_aes_gcm_seal(&key, iv, 12, NULL, 0, p, 32, NULL, tag, 16) == CCE_ERR_NULL_POINTER, "NULL out");
  CHECK(cce_aes_gcm_seal(&key, iv, 12, NULL, 0, p, 32, c, NULL, 16) == CCE_ERR_NULL_POINTER, "NULL tag");
  CHECK(cce_aes_gcm_seal(&key, iv, 12, NULL, 0, NULL, 0, NULL, tag, 16) == CCE_OK, "empty pt NULL ok");
  CHECK(cce_aes_gcm_seal(&key, iv, 0, NULL, 0, p, 32, c, tag, 16) == CCE_ERR_INVALID_LENGTH, "iv len 0");
  CHECK(cce_aes_gcm_open(&key, iv, 0, NULL, 0, c, 32, tag, 16, out) == CCE_ERR_INVALID_LENGTH, "open iv len 0");
  CHECK(cce_aes_gcm_seal(&bad, iv, 12, NULL, 0, p, 32, c, tag, 16) == CCE_ERR_CTX_STATE, "uninit key");
  CHECK(cce_aes_gcm_open(&bad, iv, 12, NULL, 0, c, 32, tag, 16, out) == CCE_ERR_CTX_STATE, "open uninit key");
  // Length limits are checked before anything is read.
  CHECK(cce_aes_gcm_seal(&key, iv, 12, NULL, 0, p, (size_t)CCE_GCM_MAX_PT_BYTES + 1, c, tag, 16) ==
            CCE_ERR_LENGTH_OVERFLOW,
        "pt too long");
  CHECK(cce_aes_gcm_open(&key, iv, 12, NULL, 0, c, (size_t)CCE_GCM_MAX_PT_BYTES + 1, tag, 16, out) ==
            CCE_ERR_LENGTH_OVERFLOW,
        "ct too long");
  CHECK(cce_aes_gcm_seal(&key, iv, 12, p, (size_t)CCE_GCM_MAX_AAD_BYTES + 1, p, 32, c, tag, 16) ==
            CCE_ERR_LENGTH_OVERFLOW,
        "aad too long");
  CHECK(cce_aes_gcm_seal(&key, iv, (size_t)CCE_GCM_MAX_AAD_BYTES + 1, NULL, 0, p, 32, c, tag, 16) ==
            CCE_ERR_INVALID_LENGTH,
        "iv too long");
  // Failed seal zeroes its outputs.
  memset(c, 0xAA, sizeof(c));
  memset(tag, 0xAA, sizeof(tag));
  CHECK(cce_aes_gcm_seal(&key, iv, 0, NULL, 0, p, 32, c, tag, 16) != CCE_OK && is_zero(c, 32) && is_zero(tag, 16),
        "failed seal zeroes outputs");

  // Streaming state machine.
  cce_gcm_ctx ctx;
  memset(&ctx, 0, sizeof(ctx));
  CHECK(cce_aes_gcm_update(&ctx, out, p, 4) == CCE_ERR_CTX_STATE, "update before init");
  CHECK(cce_aes_gcm_update(NULL, out, p, 4) == CCE_ERR_NULL_POINTER, "update NULL");
  CHECK(cce_aes_gcm_init(&ctx, &key, 7, iv, 12) == CCE_ERR_INVALID_ARG, "bad direction");
  CHECK(cce_aes_gcm_init(&ctx, &key, CCE_GCM_ENCRYPT, iv, 0) == CCE_ERR_INVALID_LENGTH, "stream iv 0");
  CHECK(cce_aes_gcm_init(&ctx, &bad, CCE_GCM_ENCRYPT, iv, 12) == CCE_ERR_CTX_STATE, "stream uninit key");
  CHECK(cce_aes_gcm_init(&ctx, &key, CCE_GCM_ENCRYPT, NULL, 12) == CCE_ERR_NULL_POINTER, "stream NULL iv");
  CHECK(cce_aes_gcm_init(&ctx, &key, CCE_GCM_ENCRYPT, iv, 12) == CCE_OK, "init");
  CHECK(cce_aes_gcm_update(&ctx, out, p, 5) == CCE_OK, "update");
  CHECK(cce_aes_gcm_update_aad(&ctx, p, 1) == CCE_ERR_CTX_STATE, "aad after data");
  CHECK(cce_aes_gcm_update(&ctx, NULL, p, 5) == CCE_ERR_NULL_POINTER, "update NULL out");
  CHECK(cce_aes_gcm_decrypt_final(&ctx, tag, 16) == CCE_ERR_CTX_STATE, "decrypt_final on encryptor");
  CHECK(cce_aes_gcm_encrypt_final(&ctx, tag, 5) == CCE_ERR_INVALID_LENGTH, "final bad tag len");
  CHECK(cce_aes_gcm_encrypt_final(&ctx, NULL, 16) == CCE_ERR_NULL_POINTER, "final NULL tag");
  CHECK(cce_aes_gcm_encrypt_final(&ctx, tag, 16) == CCE_OK, "final");
  CHECK(cce_aes_gcm_encrypt_final(&ctx, tag, 16) == CCE_ERR_CTX_STATE, "final twice");
  CHECK(cce_aes_gcm_update(&ctx, out, p, 1) == CCE_ERR_CTX_STATE, "update after final");
  CHECK(cce_aes_gcm_init(&ctx, &key, CCE_GCM_DECRYPT, iv, 12) == CCE_OK, "init dec");
  CHECK(cce_aes_gcm_encrypt_final(&ctx, tag, 16) == CCE_ERR_CTX_STATE, "encrypt_final on decryptor");
  CHECK(cce_aes_gcm_update(&ctx, out, p, (size_t)CCE_GCM_MAX_PT_BYTES + 1) == CCE_ERR_LENGTH_OVERFLOW,
        "stream too long");
  cce_aes_gcm_ctx_wipe(&ctx);
  CHECK(is_zero(ctx.opaque, sizeof(ctx.opaque)), "ctx wipe");
  CHECK(cce_aes_gcm_update(&ctx, out, p, 1) == CCE_ERR_CTX_STATE, "update after wipe");
  cce_gcm_key_wipe(&key);
  CHECK(cce_aes_gcm_seal(&key, iv, 12, NULL, 0, p, 32, c, tag, 16) == CCE_ERR_CTX_STATE, "seal after key wipe");
}

// ---------------------------------------------------------------------------
// IV generation and service indicator.

static void test_ivgen_indicator(void) {
  uint8_t k[16] = {9}, p[40], c[40], tag[16], iv[12], out[40];
  const uint8_t fixed[4] = {0xde, 0xad, 0xbe, 0xef};
  rnd_fill(p, 40);
  cce_gcm_key key;
  CHECK(cce_gcm_key_init(&key, k, 16) == CCE_OK, "init");
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "key init approved");

  CHECK(cce_aes_gcm_seal(&key, fixed, 4, NULL, 0, p, 40, c, tag, 16) == CCE_OK, "seal");
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED, "caller IV seal: not approved");
  CHECK(cce_aes_gcm_open(&key, fixed, 4, NULL, 0, c, 40, tag, 16, out) == CCE_OK, "open");
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "open approved");
  CHECK(cce_aes_gcm_seal(&key, fixed, 0, NULL, 0, p, 40, c, tag, 16) != CCE_OK, "bad seal");
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED, "failed seal -> FAILED");

  cce_gcm_ivgen gen;
  CHECK(cce_gcm_ivgen_init(&gen, fixed, 5) == CCE_OK, "ivgen init");
  CHECK(cce_aes_gcm_seal_ivgen(&key, &gen, NULL, 0, p, 40, c, iv, tag, 16) == CCE_OK, "seal_ivgen");
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "seal_ivgen approved");
  const uint8_t want_iv[12] = {0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0, 0, 0, 0, 5};
  CHECK(memcmp(iv, want_iv, 12) == 0, "ivgen IV = fixed || counter");
  CHECK(cce_aes_gcm_open(&key, iv, 12, NULL, 0, c, 40, tag, 16, out) == CCE_OK && memcmp(out, p, 40) == 0,
        "ivgen round trip");
  uint64_t next = 0;
  CHECK(cce_gcm_ivgen_counter(&gen, &next) == CCE_OK && next == 6, "counter advanced");
  CHECK(cce_aes_gcm_seal_ivgen(&key, &gen, NULL, 0, p, 40, c, iv, tag, 16) == CCE_OK && iv[11] == 6, "second IV");
  // Limit.
  CHECK(cce_gcm_ivgen_init(&gen, fixed, UINT64_MAX) == CCE_ERR_LIMIT_REACHED, "start at limit");
  CHECK(cce_gcm_ivgen_init(&gen, fixed, UINT64_MAX - 1) == CCE_OK, "start near limit");
  CHECK(cce_aes_gcm_seal_ivgen(&key, &gen, NULL, 0, p, 40, c, iv, tag, 16) == CCE_OK, "last IV");
  CHECK(iv[4] == 0xff && iv[11] == 0xfe, "last IV value");
  memset(c, 0xAA, sizeof(c));
  CHECK(cce_aes_gcm_seal_ivgen(&key, &gen, NULL, 0, p, 40, c, iv, tag, 16) == CCE_ERR_LIMIT_REACHED, "exhausted");
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED, "exhausted -> FAILED");
  CHECK(is_zero(c, 40), "exhausted: output zeroed");
  CHECK(cce_aes_gcm_seal_ivgen(&key, &gen, NULL, 0, p, 40, c, iv, tag, 16) == CCE_ERR_LIMIT_REACHED, "stays so");
  cce_gcm_ivgen raw;
  memset(&raw, 0, sizeof(raw));
  CHECK(cce_aes_gcm_seal_ivgen(&key, &raw, NULL, 0, p, 40, c, iv, tag, 16) == CCE_ERR_CTX_STATE, "uninit gen");
  CHECK(cce_aes_gcm_seal_ivgen(&key, NULL, NULL, 0, p, 40, c, iv, tag, 16) == CCE_ERR_NULL_POINTER, "NULL gen");

  // Random IVs.
  uint8_t iv2[12];
  cce_status st = cce_aes_gcm_seal_randiv(&key, NULL, 0, p, 40, c, iv, tag, 16);
  CHECK(st == CCE_OK, "seal_randiv (%d)", st);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "seal_randiv approved");
  CHECK(cce_aes_gcm_open(&key, iv, 12, NULL, 0, c, 40, tag, 16, out) == CCE_OK && memcmp(out, p, 40) == 0,
        "randiv round trip");
  CHECK(cce_aes_gcm_seal_randiv(&key, NULL, 0, p, 40, c, iv2, tag, 16) == CCE_OK && memcmp(iv, iv2, 12) != 0,
        "random IVs differ");
  atomic_store(&cce_gcm_kint(&key)->rand_iv_count, CCE_GCM_MAX_RANDOM_IVS - 1);
  CHECK(cce_aes_gcm_seal_randiv(&key, NULL, 0, p, 40, c, iv2, tag, 16) == CCE_OK, "last random IV");
  CHECK(cce_aes_gcm_seal_randiv(&key, NULL, 0, p, 40, c, iv2, tag, 16) == CCE_ERR_LIMIT_REACHED, "random limit");
  CHECK(cce_aes_gcm_seal_randiv(&key, NULL, 0, p, 40, c, iv2, tag, 16) == CCE_ERR_LIMIT_REACHED, "random limit 2");

  // Streaming indicators.
  cce_gcm_ctx ctx;
  CHECK(cce_aes_gcm_init(&ctx, &key, CCE_GCM_ENCRYPT, iv, 12) == CCE_OK, "stream init");
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED, "stream caller IV: not approved");
  CHECK(cce_aes_gcm_update(&ctx, c, p, 40) == CCE_OK, "stream update");
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED, "stream update: not approved");
  CHECK(cce_aes_gcm_encrypt_final(&ctx, tag, 16) == CCE_OK, "stream final");
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED, "stream final: not approved");
  CHECK(cce_gcm_ivgen_init(&gen, fixed, 0) == CCE_OK, "gen");
  CHECK(cce_aes_gcm_init_ivgen(&ctx, &key, &gen, iv) == CCE_OK, "stream ivgen");
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "stream ivgen approved");
  CHECK(cce_aes_gcm_update(&ctx, c, p, 40) == CCE_OK && cce_service_indicator() == CCE_INDICATOR_APPROVED,
        "stream ivgen update approved");
  CHECK(cce_aes_gcm_encrypt_final(&ctx, tag, 16) == CCE_OK && cce_service_indicator() == CCE_INDICATOR_APPROVED,
        "stream ivgen final approved");
  CHECK(cce_aes_gcm_open(&key, iv, 12, NULL, 0, c, 40, tag, 16, out) == CCE_OK && memcmp(out, p, 40) == 0,
        "stream ivgen round trip");
  CHECK(cce_aes_gcm_init(&ctx, &key, CCE_GCM_DECRYPT, iv, 12) == CCE_OK &&
            cce_service_indicator() == CCE_INDICATOR_APPROVED,
        "stream decrypt approved");
  cce_aes_gcm_ctx_wipe(&ctx);
  cce_gcm_key_wipe(&key);
}

// ---------------------------------------------------------------------------

int main(void) {
  const char *cpu = getenv("CCE_CPU");
  printf("gcm: best implementation %s (%s)\n", impl_names[cce_gcm_best_impl()], cce_impl_ghash());
  if (cpu && strcmp(cpu, "portable") == 0)
    CHECK(cce_gcm_best_impl() == CCE_GCM_IMPL_PORTABLE, "CCE_CPU=portable selects the portable path");
  {
    cce_gcm_key key;
    uint8_t k[16] = {0};
    CHECK(cce_gcm_key_init(&key, k, 16) == CCE_OK, "init");
    CHECK(cce_gcm_kint(&key)->impl == cce_gcm_best_impl(), "key uses the best path");
    cce_gcm_key_wipe(&key);
  }
  CHECK(cce_kat_aes_gcm_seal() == CCE_OK, "seal KAT");
  CHECK(cce_kat_aes_gcm_open() == CCE_OK, "open KAT");
  test_spec_vectors();
  test_streaming();
  test_cross();
  test_vaes_avx2();
  test_auth_fail();
  test_errors();
  test_ivgen_indicator();
  printf("%d passed, %d failed\n", g_pass, g_fail);
  return g_fail ? 1 : 0;
}
