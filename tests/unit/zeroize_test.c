// Zeroization: every context type of include/cce/ that holds key material
// (or other secrets) is filled from a recognisable key, used, wiped with its
// own wipe function, and its memory inspected afterwards:
//   - where the wipe is documented to zero the object, every byte must be 0;
//   - where a non-secret field remains by design (the "finished" marker of a
//     hash context, a key length), every byte outside those fields must be 0
//     and no 8-byte window of the key or of the state captured before the
//     wipe (expanded key, hash state, buffered message) may remain anywhere.
// The detector is itself tested: it must find the raw key in the copy taken
// before the wipe (where the layout stores it), and it must find a window of
// the captured state planted into a copy of the wiped context.
//
// Contexts: cce_hash_ctx (cleanup and final), cce_hmac_ctx, cce_aes_ctx,
// cce_aes_xts_ctx, cce_aes_cmac_ctx (cleanup and final), cce_gcm_key,
// cce_gcm_ctx (wipe and final), cce_drbg_ctx (three mechanisms),
// cce_rsa_private_key, cce_pkey, cce_vault_ctx, and cce_wipe itself.

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/aes.h"
#include "cce/drbg.h"
#include "cce/ec.h"
#include "cce/encoding.h"
#include "cce/gcm.h"
#include "cce/hash.h"
#include "cce/hmac.h"
#include "cce/module.h"
#include "cce/rsa.h"
#include "cce/util.h"
#include "cce/vault.h"

static unsigned passed, failed;

#define EXPECT(cond)                                                      \
  do {                                                                    \
    if (cond) {                                                           \
      passed++;                                                           \
    } else {                                                              \
      failed++;                                                           \
      fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);     \
    }                                                                     \
  } while (0)

#define EXPECT_OK(call) EXPECT((call) == CCE_OK)

// A byte range of an object.
typedef struct field {
  size_t off, len;
} field;
#define FIELD(type, member) {offsetof(type, member), sizeof(((type *)0)->member)}

// Key pattern: 0xA5 based, every 8-byte window distinct.
static void key_pattern(uint8_t *p, size_t n, uint8_t salt) {
  for (size_t i = 0; i < n; i++) p[i] = (uint8_t)(0xA5 ^ (uint8_t)(i * 0x3B + salt) ^ (uint8_t)(i >> 5));
}

// ---------------------------------------------------------------------------
// 8-byte window sets (sorted, binary search).

#define MAX_WINDOWS 40000
typedef struct winset {
  uint64_t w[MAX_WINDOWS];
  size_t n;
} winset;

static uint64_t load64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}

// A window is distinctive when it has at least 4 different byte values:
// runs of zeros, 0xff fill or a 4-byte marker next to zeros are not key
// material and would match by chance.
static int distinctive(const uint8_t *p) {
  int cnt = 0;
  for (int i = 0; i < 8; i++) {
    int seen = 0;
    for (int j = 0; j < i; j++) seen |= p[j] == p[i];
    cnt += !seen;
  }
  return cnt >= 4;
}

static void winset_add(winset *s, const uint8_t *p, size_t n) {
  for (size_t i = 0; i + 8 <= n && s->n < MAX_WINDOWS; i++)
    if (distinctive(p + i)) s->w[s->n++] = load64(p + i);
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static void winset_sort(winset *s) { qsort(s->w, s->n, sizeof s->w[0], cmp_u64); }

// Offset of the first window of `mem` found in `s`, or -1.
static long winset_find(const winset *s, const uint8_t *mem, size_t n) {
  for (size_t i = 0; i + 8 <= n; i++) {
    uint64_t v = load64(mem + i);
    if (bsearch(&v, s->w, s->n, sizeof s->w[0], cmp_u64) != NULL) return (long)i;
  }
  return -1;
}

static int in_fields(size_t off, const field *f, size_t nf) {
  for (size_t i = 0; i < nf; i++)
    if (off >= f[i].off && off < f[i].off + f[i].len) return 1;
  return 0;
}

// First nonzero byte of mem outside the fields `keep`, or -1.
static long first_residue(const uint8_t *mem, size_t n, const field *keep, size_t nkeep) {
  for (size_t i = 0; i < n; i++)
    if (mem[i] != 0 && !in_fields(i, keep, nkeep)) return (long)i;
  return -1;
}

static winset g_all, g_raw;  // (large: static)

// check_wiped inspects `after` (the object after its wipe function), given
// `before` (a copy taken just before the wipe, same size `n`):
//   keep/nkeep   fields allowed to stay nonzero (non-secret markers);
//                none means the object must be all zero
//   key/key_len  the raw key (or secret input) the object was built from;
//                raw_in_before: the layout stores it verbatim, so the
//                detector must find it in `before`
//   secret       fields of `before` holding derived secrets (expanded key,
//                state); NULL: all of `before` outside `keep`
static void check_wiped(const char *name, const void *before_v, const void *after_v, size_t n, const field *keep,
                        size_t nkeep, const uint8_t *key, size_t key_len, int raw_in_before, const field *secret,
                        size_t nsecret) {
  const uint8_t *before = before_v, *after = after_v;
  unsigned f0 = failed;
  g_raw.n = 0;
  if (key_len) winset_add(&g_raw, key, key_len);
  winset_sort(&g_raw);
  g_all.n = 0;
  if (key_len) winset_add(&g_all, key, key_len);
  size_t plant_from = 0;
  int have_plant = 0;
  if (secret) {
    for (size_t i = 0; i < nsecret; i++) winset_add(&g_all, before + secret[i].off, secret[i].len);
  } else {
    // Everything outside the kept fields, in runs.
    size_t i = 0;
    while (i < n) {
      while (i < n && in_fields(i, keep, nkeep)) i++;
      size_t j = i;
      while (j < n && !in_fields(j, keep, nkeep)) j++;
      if (j > i) winset_add(&g_all, before + i, j - i);
      i = j;
    }
  }
  winset_sort(&g_all);
  // A distinctive window of the state before the wipe, for the planted leak.
  for (size_t i = 0; i + 8 <= n; i++) {
    if (!in_fields(i, keep, nkeep) && distinctive(before + i) &&
        (!secret || in_fields(i, secret, nsecret))) {
      plant_from = i;
      have_plant = 1;
      break;
    }
  }

  // The detector works: the state before the wipe is non-trivial, the raw
  // key is seen where the layout keeps it, a planted window is found.
  if (!have_plant) {
    failed++;
    fprintf(stderr, "FAIL %s: no key material in the context before the wipe (not used?)\n", name);
  }
  if (raw_in_before && winset_find(&g_raw, before, n) < 0) {
    failed++;
    fprintf(stderr, "FAIL %s: detector does not find the raw key in the copy taken before the wipe\n", name);
  }
  if (have_plant) {
    uint8_t *copy = malloc(n);
    memcpy(copy, after, n);
    size_t dst = (n / 2) & ~(size_t)7;
    if (dst + 8 > n) dst = 0;
    memcpy(copy + dst, before + plant_from, 8);
    if (winset_find(&g_all, copy, n) < 0) {
      failed++;
      fprintf(stderr, "FAIL %s: planted window not detected\n", name);
    }
    if (first_residue(copy, n, keep, nkeep) < 0 && !in_fields(dst, keep, nkeep)) {
      failed++;
      fprintf(stderr, "FAIL %s: planted residue not detected\n", name);
    }
    free(copy);
  }

  // The real check.
  long r = first_residue(after, n, keep, nkeep);
  if (r >= 0) {
    failed++;
    fprintf(stderr, "FAIL %s: byte %ld (0x%02x) not zero after the wipe\n", name, r, after[r]);
  }
  long w = winset_find(&g_all, after, n);
  if (w >= 0) {
    failed++;
    fprintf(stderr, "FAIL %s: key material remains at offset %ld after the wipe\n", name, w);
  }
  if (failed == f0) passed++;
  printf("  %-44s %s\n", name, failed == f0 ? "ok" : "FAILED");
}

// ---------------------------------------------------------------------------
// Hash contexts: the secret is the message (in the buffer and the state).

static void test_hash(void) {
  static const cce_hash_alg algs[] = {CCE_HASH_SHA1, CCE_HASH_SHA256, CCE_HASH_SHA512, CCE_HASH_SHA3_256,
                                      CCE_HASH_SHAKE128};
  static const field keep[] = {FIELD(cce_hash_ctx, magic_), FIELD(cce_hash_ctx, desc_)};
  static const field secret[] = {FIELD(cce_hash_ctx, u)};
  uint8_t m[256], out[64];  // >= the largest rate (168) + 40
  key_pattern(m, sizeof m, 1);
  for (size_t i = 0; i < sizeof algs / sizeof algs[0]; i++) {
    char name[64];
    cce_hash_ctx c, before;
    // SHA-3 keeps its message XORed into the state (and complemented lanes),
    // so the raw bytes are not expected verbatim there.
    int raw = algs[i] <= CCE_HASH_SHA512_256;
    size_t len = cce_hash_block_len(algs[i]) + 40;  // a whole block, then a partial one buffered
    EXPECT_OK(cce_hash_init(&c, algs[i]));
    EXPECT_OK(cce_hash_update(&c, m, len));
    before = c;
    cce_hash_cleanup(&c);
    snprintf(name, sizeof name, "hash_ctx %s cleanup", cce_hash_name(algs[i]));
    check_wiped(name, &before, &c, sizeof c, keep, 2, m + len - 40, 40, raw, secret, 1);
    EXPECT(cce_hash_update(&c, m, 1) == CCE_ERR_CTX_STATE);
    // final wipes the state too (SHAKE stays live for squeeze: cleanup only).
    if (algs[i] != CCE_HASH_SHAKE128) {
      EXPECT_OK(cce_hash_init(&c, algs[i]));
      EXPECT_OK(cce_hash_update(&c, m, len));
      before = c;
      EXPECT_OK(cce_hash_final(&c, out, sizeof out));
      snprintf(name, sizeof name, "hash_ctx %s final", cce_hash_name(algs[i]));
      check_wiped(name, &before, &c, sizeof c, keep, 2, m + len - 40, 40, raw, secret, 1);
    }
  }
}

// ---------------------------------------------------------------------------
// HMAC: keyed states (K0 ^ ipad, K0 ^ opad absorbed) and the message state.

static void test_hmac(void) {
  static const struct {
    cce_hash_alg alg;
    size_t key_len;
  } v[] = {{CCE_HASH_SHA256, 32}, {CCE_HASH_SHA256, 100}, {CCE_HASH_SHA512, 64}, {CCE_HASH_SHA3_256, 48}};
  static const field keep[] = {FIELD(cce_hmac_ctx, magic_)};
  uint8_t key[100], m[50], out[64];
  key_pattern(key, sizeof key, 2);
  key_pattern(m, sizeof m, 3);
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    char name[64];
    cce_hmac_ctx c, before;
    EXPECT_OK(cce_hmac_init(&c, v[i].alg, key, v[i].key_len));
    EXPECT_OK(cce_hmac_update(&c, m, sizeof m));
    before = c;
    cce_hmac_cleanup(&c);
    snprintf(name, sizeof name, "hmac_ctx %s key %zu cleanup", cce_hash_name(v[i].alg), v[i].key_len);
    // The key is absorbed (K0 ^ pad), not stored: no raw-key expectation.
    check_wiped(name, &before, &c, sizeof c, keep, 1, key, v[i].key_len, 0, NULL, 0);
    EXPECT(cce_hmac_update(&c, m, 1) == CCE_ERR_CTX_STATE);
    EXPECT(cce_hmac_reset(&c) == CCE_ERR_CTX_STATE);
    // After final then cleanup too.
    EXPECT_OK(cce_hmac_init(&c, v[i].alg, key, v[i].key_len));
    EXPECT_OK(cce_hmac_update(&c, m, sizeof m));
    before = c;
    EXPECT_OK(cce_hmac_final(&c, out, sizeof out));
    cce_hmac_cleanup(&c);
    snprintf(name, sizeof name, "hmac_ctx %s key %zu final+cleanup", cce_hash_name(v[i].alg), v[i].key_len);
    check_wiped(name, &before, &c, sizeof c, keep, 1, key, v[i].key_len, 0, NULL, 0);
  }
}

// ---------------------------------------------------------------------------
// AES key objects.

static void test_aes(void) {
  static const field keep[] = {FIELD(cce_aes_ctx, key_len_), FIELD(cce_aes_ctx, magic_)};
  static const field secret[] = {FIELD(cce_aes_ctx, key_)};
  uint8_t key[32], blk[64];
  key_pattern(key, sizeof key, 4);
  memset(blk, 0x5a, sizeof blk);
  static const size_t lens[] = {16, 24, 32};
  for (size_t i = 0; i < 3; i++) {
    char name[64];
    cce_aes_ctx c, before;
    EXPECT_OK(cce_aes_init(&c, key, lens[i]));
    EXPECT_OK(cce_aes_ecb_encrypt(&c, blk, blk, sizeof blk));
    EXPECT_OK(cce_aes_ecb_decrypt(&c, blk, blk, sizeof blk));
    before = c;
    cce_aes_cleanup(&c);
    snprintf(name, sizeof name, "aes_ctx AES-%zu cleanup", lens[i] * 8);
    // Round key 0 is the key itself on every implementation.
    check_wiped(name, &before, &c, sizeof c, keep, 2, key, lens[i], 1, secret, 1);
    EXPECT(cce_aes_ecb_encrypt(&c, blk, blk, 16) == CCE_ERR_CTX_STATE);
  }
}

static void test_xts(void) {
  uint8_t key[64], buf[64], tweak[16] = {1};
  key_pattern(key, sizeof key, 5);
  static const size_t lens[] = {32, 64};
  for (size_t i = 0; i < 2; i++) {
    char name[64];
    cce_aes_xts_ctx c, before;
    EXPECT_OK(cce_aes_xts_init(&c, key, lens[i]));
    memset(buf, 0x11, sizeof buf);
    EXPECT_OK(cce_aes_xts_encrypt(&c, buf, tweak, buf, sizeof buf));
    before = c;
    cce_aes_xts_cleanup(&c);
    snprintf(name, sizeof name, "aes_xts_ctx XTS-AES-%zu cleanup", lens[i] * 4);
    check_wiped(name, &before, &c, sizeof c, NULL, 0, key, lens[i], 1, NULL, 0);
  }
}

static void test_cmac(void) {
  static const field keep[] = {FIELD(cce_aes_cmac_ctx, magic_)};
  uint8_t key[32], m[40], tag[16];
  key_pattern(key, sizeof key, 6);
  key_pattern(m, sizeof m, 7);
  cce_aes_cmac_ctx c, before;
  EXPECT_OK(cce_aes_cmac_init(&c, key, 32));
  EXPECT_OK(cce_aes_cmac_update(&c, m, sizeof m));  // 2 blocks processed, 8 bytes pending
  before = c;
  cce_aes_cmac_cleanup(&c);
  check_wiped("aes_cmac_ctx cleanup", &before, &c, sizeof c, NULL, 0, key, 32, 1, NULL, 0);
  EXPECT_OK(cce_aes_cmac_init(&c, key, 16));
  EXPECT_OK(cce_aes_cmac_update(&c, m, sizeof m));
  before = c;
  EXPECT_OK(cce_aes_cmac_final(&c, tag, 16));
  check_wiped("aes_cmac_ctx final", &before, &c, sizeof c, keep, 1, key, 16, 1, NULL, 0);
  EXPECT(cce_aes_cmac_update(&c, m, 1) == CCE_ERR_CTX_STATE);
}

// ---------------------------------------------------------------------------
// AES-GCM key and streaming context (opaque: documented to be zeroised).

static cce_gcm_key gk, gk_before;

static void test_gcm(void) {
  uint8_t key[32], pt[100], ct[100], iv[12], tag[16];
  key_pattern(key, sizeof key, 8);
  key_pattern(pt, sizeof pt, 9);
  static const size_t lens[] = {16, 32};
  for (size_t i = 0; i < 2; i++) {
    char name[64];
    EXPECT_OK(cce_gcm_key_init(&gk, key, lens[i]));
    EXPECT_OK(cce_aes_gcm_seal_randiv(&gk, NULL, 0, pt, sizeof pt, ct, iv, tag, 16));  // bumps the counter
    gk_before = gk;
    cce_gcm_key_wipe(&gk);
    snprintf(name, sizeof name, "gcm_key AES-%zu wipe", lens[i] * 8);
    check_wiped(name, &gk_before, &gk, sizeof gk, NULL, 0, key, lens[i], 1, NULL, 0);
    EXPECT(cce_aes_gcm_seal_randiv(&gk, NULL, 0, pt, 16, ct, iv, tag, 16) == CCE_ERR_CTX_STATE);
  }
  // Streaming context: holds the running GHASH state, counter block, the
  // encrypted J0 and buffered keystream.
  EXPECT_OK(cce_gcm_key_init(&gk, key, 32));
  static const uint8_t civ[12] = {0xc0, 0xff, 0xee, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  cce_gcm_ctx c, before;
  EXPECT_OK(cce_aes_gcm_init(&c, &gk, CCE_GCM_ENCRYPT, civ, 12));
  EXPECT_OK(cce_aes_gcm_update_aad(&c, pt, 20));
  EXPECT_OK(cce_aes_gcm_update(&c, ct, pt, 37));  // partial block pending
  before = c;
  cce_aes_gcm_ctx_wipe(&c);
  check_wiped("gcm_ctx wipe", &before, &c, sizeof c, NULL, 0, NULL, 0, 0, NULL, 0);
  EXPECT(cce_aes_gcm_update(&c, ct, pt, 1) == CCE_ERR_CTX_STATE);
  EXPECT_OK(cce_aes_gcm_init(&c, &gk, CCE_GCM_DECRYPT, civ, 12));
  EXPECT_OK(cce_aes_gcm_update(&c, pt, ct, 37));
  before = c;
  EXPECT(cce_aes_gcm_decrypt_final(&c, tag, 16) == CCE_ERR_AUTH);  // wrong tag; wiped all the same
  check_wiped("gcm_ctx decrypt_final", &before, &c, sizeof c, NULL, 0, NULL, 0, 0, NULL, 0);
  EXPECT_OK(cce_aes_gcm_init(&c, &gk, CCE_GCM_ENCRYPT, civ, 12));
  EXPECT_OK(cce_aes_gcm_update(&c, ct, pt, 50));
  before = c;
  EXPECT_OK(cce_aes_gcm_encrypt_final(&c, tag, 16));
  check_wiped("gcm_ctx encrypt_final", &before, &c, sizeof c, NULL, 0, NULL, 0, 0, NULL, 0);
  cce_gcm_key_wipe(&gk);
}

// ---------------------------------------------------------------------------
// DRBG instances: "every byte becomes 0" (drbg.h).

static cce_drbg_ctx dctx, dctx_before;

static void test_drbg(void) {
  static const struct {
    const char *name;
    cce_drbg_config cfg;
    size_t ent_len, nonce_len;
  } v[] = {
      {"drbg_ctx CTR_DRBG AES-256 df", {CCE_DRBG_CTR_AES256, CCE_HASH_NONE, 0, 0}, 32, 16},
      {"drbg_ctx CTR_DRBG AES-128 no df", {CCE_DRBG_CTR_AES128, CCE_HASH_NONE, CCE_DRBG_NO_DF, 0}, 32, 0},
      {"drbg_ctx Hash_DRBG SHA2-256", {CCE_DRBG_HASH, CCE_HASH_SHA256, 0, 0}, 32, 16},
      {"drbg_ctx Hash_DRBG SHA2-512", {CCE_DRBG_HASH, CCE_HASH_SHA512, 0, 0}, 32, 16},
      {"drbg_ctx HMAC_DRBG SHA2-256", {CCE_DRBG_HMAC, CCE_HASH_SHA256, 0, 0}, 32, 16},
  };
  uint8_t ent[48], nonce[16], out[64];
  key_pattern(ent, sizeof ent, 10);
  key_pattern(nonce, sizeof nonce, 11);
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    EXPECT_OK(cce_drbg_instantiate(&dctx, &v[i].cfg, ent, v[i].ent_len, nonce, v[i].nonce_len, NULL, 0));
    EXPECT_OK(cce_drbg_generate(&dctx, out, sizeof out, NULL, 0));
    dctx_before = dctx;
    cce_drbg_uninstantiate(&dctx);
    check_wiped(v[i].name, &dctx_before, &dctx, sizeof dctx, NULL, 0, NULL, 0, 0, NULL, 0);
    EXPECT(cce_drbg_security_strength(&dctx) == 0);
    EXPECT(cce_drbg_generate(&dctx, out, 16, NULL, 0) == CCE_ERR_CTX_STATE);
  }
  // A self-seeded instance.
  cce_drbg_config c = {CCE_DRBG_CTR_AES256, CCE_HASH_NONE, 0, 0};
  EXPECT_OK(cce_drbg_instantiate_seeded(&dctx, &c, NULL, 0));
  EXPECT_OK(cce_drbg_generate(&dctx, out, sizeof out, NULL, 0));
  dctx_before = dctx;
  cce_drbg_uninstantiate(&dctx);
  check_wiped("drbg_ctx CTR_DRBG seeded", &dctx_before, &dctx, sizeof dctx, NULL, 0, NULL, 0, 0, NULL, 0);
}

// ---------------------------------------------------------------------------
// RSA private key and the encoding layer's key object.

static cce_rsa_private_key rk, rk_before;

// Big-endian component -> little-endian bytes (the limb order in memory on
// this little-endian target).
static size_t reversed(uint8_t *dst, const uint8_t *src, size_t n) {
  for (size_t i = 0; i < n; i++) dst[i] = src[n - 1 - i];
  return n;
}

static void test_rsa(void) {
  if (cce_rsa_generate_key(&rk, 2048, NULL, 0) != CCE_OK) {
    failed++;
    fprintf(stderr, "FAIL: RSA key generation\n");
    return;
  }
  uint8_t m[32] = {1}, sig[256], d[512], le[512];
  size_t sl = 0, dl = 0;
  EXPECT_OK(cce_rsa_pss_sign(&rk, CCE_HASH_SHA256, CCE_RSA_MGF1, CCE_HASH_NONE, 32, m, sizeof m, sig, sizeof sig,
                             &sl));
  EXPECT_OK(cce_rsa_private_export(&rk, CCE_RSA_D, d, sizeof d, &dl));
  size_t ll = reversed(le, d, dl);  // d as stored (little-endian limbs)
  rk_before = rk;
  cce_rsa_private_key_wipe(&rk);
  check_wiped("rsa_private_key wipe (d)", &rk_before, &rk, sizeof rk, NULL, 0, le, ll, 1, NULL, 0);
  EXPECT_OK(cce_rsa_private_export(&rk_before, CCE_RSA_P, d, sizeof d, &dl));
  ll = reversed(le, d, dl);
  check_wiped("rsa_private_key wipe (p)", &rk_before, &rk, sizeof rk, NULL, 0, le, ll, 1, NULL, 0);
  EXPECT(cce_rsa_pss_sign(&rk, CCE_HASH_SHA256, CCE_RSA_MGF1, CCE_HASH_NONE, 32, m, sizeof m, sig, sizeof sig,
                          &sl) != CCE_OK);
  cce_wipe(&rk_before, sizeof rk_before);
}

static void test_pkey(void) {
  uint8_t priv[32], pub[65];
  EXPECT_OK(cce_ecdsa_keygen(CCE_EC_P256, priv, 32, pub, 65));
  cce_pkey k, before;
  EXPECT_OK(cce_pkey_set(&k, CCE_PKEY_EC, CCE_PKEY_CURVE_P256, priv, 32, pub, 65));
  before = k;
  cce_pkey_wipe(&k);
  check_wiped("pkey wipe", &before, &k, sizeof k, NULL, 0, priv, 32, 1, NULL, 0);
  cce_wipe(priv, sizeof priv);
}

// The sealed-file context (outside the module, holds the file key, the
// expanded payload key and the header MAC key).
static cce_vault_ctx vctx, vctx_before;

static void test_vault(void) {
  if (cce_vault_seal_init(&vctx, CCE_VAULT_MIN_CHUNK_LOG2) != CCE_OK) {
    failed++;
    fprintf(stderr, "FAIL: cce_vault_seal_init\n");
    return;
  }
  uint8_t fk[sizeof vctx.file_key];
  memcpy(fk, vctx.file_key, sizeof fk);
  vctx_before = vctx;
  cce_vault_ctx_wipe(&vctx);
  check_wiped("vault_ctx wipe", &vctx_before, &vctx, sizeof vctx, NULL, 0, fk, sizeof fk, 1, NULL, 0);
  cce_wipe(fk, sizeof fk);
  cce_wipe(&vctx_before, sizeof vctx_before);
}

// cce_wipe itself, at every alignment and a few lengths.
static void test_cce_wipe(void) {
  uint8_t buf[80];
  int ok = 1;
  for (size_t off = 0; off < 8; off++) {
    for (size_t len = 0; len < 70; len += 7) {
      memset(buf, 0xA5, sizeof buf);
      cce_wipe(buf + off, len);
      for (size_t i = 0; i < sizeof buf; i++) {
        int inside = i >= off && i < off + len;
        if (buf[i] != (inside ? 0 : 0xA5)) ok = 0;
      }
    }
  }
  cce_wipe(NULL, 0);
  EXPECT(ok);
}

int main(void) {
  test_cce_wipe();
  test_hash();
  test_hmac();
  test_aes();
  test_xts();
  test_cmac();
  test_gcm();
  test_drbg();
  test_rsa();
  test_pkey();
  test_vault();
  EXPECT(cce_module_status() == CCE_STATE_OPERATIONAL);
  printf("%u passed, %u failed\n", passed, failed);
  return failed ? 1 : 0;
}
