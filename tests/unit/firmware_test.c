// Firmware-image verifier tests (firmware.h, docs/firmware-image-format.md):
// round trips with every signer type (ECDSA P-384, ML-DSA-87, HSS) and
// their combinations, every policy outcome, every byte of the manifest and
// signature block flipped (each refused with the class of error its field
// implies), truncations and extensions, wrong target, rollback, the counter
// moving only forward and never touched by a refused image, streamed vs
// in-memory images, argument checks, the service indicator, and the stack
// used by cce_fw_verify (measured by painting; printed).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/ec.h"
#include "cce/firmware.h"
#include "cce/hash.h"
#include "cce/lms.h"
#include "cce/mldsa.h"
#include "cce/module.h"

#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define CCE_FW_TEST_VALGRIND 1
#endif
#endif

static unsigned g_pass, g_fail;

#define CHECK(cond)                                                  \
  do {                                                               \
    if (cond) {                                                      \
      g_pass++;                                                      \
    } else {                                                         \
      g_fail++;                                                      \
      fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                \
  } while (0)

#define CHECK_ST(expr, want)                                                                        \
  do {                                                                                              \
    cce_status got_ = (expr);                                                                       \
    if (got_ == (want)) {                                                                           \
      g_pass++;                                                                                     \
    } else {                                                                                        \
      g_fail++;                                                                                     \
      fprintf(stderr, "FAIL %s:%d: %s = %d (%s), want %d\n", __FILE__, __LINE__, #expr, (int)got_, \
              cce_status_str(got_), (int)(want));                                                   \
    }                                                                                               \
  } while (0)

// ---------------------------------------------------------------------------
// Signers.

typedef struct signer {
  cce_fw_sig_alg alg;
  uint8_t pub[CCE_MLDSA87_PUBLIC_KEY_BYTES];
  size_t pub_len;
  uint8_t priv[CCE_MLDSA87_SECRET_KEY_BYTES > CCE_HSS_PRIVATE_LEN ? CCE_MLDSA87_SECRET_KEY_BYTES
                                                                   : CCE_HSS_PRIVATE_LEN];
  size_t priv_len;
} signer;

static signer g_ec, g_ml, g_hss, g_ec2;
static int g_have_hss;

static int persist_ok(void *ctx, const uint8_t *priv, size_t len) {
  (void)ctx, (void)priv, (void)len;
  return 0;
}

static void make_signers(void) {
  g_ec.alg = CCE_FW_SIG_ECDSA_P384;
  g_ec.priv_len = 48;
  g_ec.pub_len = 97;
  CHECK_ST(cce_ecdsa_keygen(CCE_EC_P384, g_ec.priv, 48, g_ec.pub, 97), CCE_OK);
  g_ec2 = g_ec;
  CHECK_ST(cce_ecdsa_keygen(CCE_EC_P384, g_ec2.priv, 48, g_ec2.pub, 97), CCE_OK);
  g_ml.alg = CCE_FW_SIG_MLDSA87;
  g_ml.pub_len = CCE_MLDSA87_PUBLIC_KEY_BYTES;
  g_ml.priv_len = CCE_MLDSA87_SECRET_KEY_BYTES;
  uint8_t seed[32];
  for (int i = 0; i < 32; i++) seed[i] = (uint8_t)(i * 7 + 1);
  CHECK_ST(cce_mldsa_keygen_seed(CCE_MLDSA_87, g_ml.pub, g_ml.pub_len, g_ml.priv, g_ml.priv_len, seed), CCE_OK);
  g_hss.alg = CCE_FW_SIG_HSS;
  {
    cce_hss_params p;
    memset(&p, 0, sizeof p);
    p.levels = 1;
    p.lms_type[0] = CCE_LMS_SHA256_M32_H5;
    p.ots_type[0] = CCE_LMOTS_SHA256_N32_W8;
    g_hss.priv_len = CCE_HSS_PRIVATE_LEN;
    cce_status st = cce_hss_keygen(&p, g_hss.priv, g_hss.priv_len, g_hss.pub, sizeof g_hss.pub, &g_hss.pub_len);
    CHECK_ST(st, CCE_OK);
    g_have_hss = st == CCE_OK;
  }
}

static cce_fw_key key_of(const signer *s) {
  cce_fw_key k = {s->alg, s->pub, s->pub_len};
  return k;
}

// ---------------------------------------------------------------------------
// Building images (a signer written independently of the verifier, from
// docs/firmware-image-format.md).

typedef struct build {
  const uint8_t *image;
  size_t image_len;
  uint8_t hash_id;
  uint32_t ver[3];
  uint32_t svn;
  const char *target;
  const char *desc;
  uint64_t build_time;
  int attach;
} build;

static void be16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v; }
static void be32(uint8_t *p, uint32_t v) { be16(p, v >> 16), be16(p + 2, v); }
static void be64(uint8_t *p, uint64_t v) { be32(p, (uint32_t)(v >> 32)), be32(p + 4, (uint32_t)v); }

static uint8_t *g_buf;  // image file being built
#define BUF_CAP (200 * 1024)

// build_image writes manifest || signatures || [image] into g_buf; returns
// its length and the header length in *hdr_len.
static size_t build_image(const build *b, signer *const *signers, size_t n, size_t *hdr_len) {
  uint8_t *m = g_buf;
  cce_hash_alg ha = b->hash_id == 1 ? CCE_HASH_SHA384 : CCE_HASH_SHA3_512;
  size_t hl = cce_hash_digest_len(ha), tl = strlen(b->target), dl = strlen(b->desc);
  size_t mlen = 48 + hl + tl + dl;
  memset(m, 0, mlen);
  memcpy(m, "CCEFWMAN", 8);
  be16(m + 8, 1);
  be16(m + 10, (uint32_t)mlen);
  m[12] = b->hash_id;
  m[13] = (uint8_t)tl;
  m[14] = (uint8_t)dl;
  be64(m + 16, b->image_len);
  be32(m + 24, b->ver[0]);
  be32(m + 28, b->ver[1]);
  be32(m + 32, b->ver[2]);
  be32(m + 36, b->svn);
  be64(m + 40, b->build_time);
  CHECK_ST(cce_hash(ha, m + 48, hl, b->image, b->image_len), CCE_OK);
  memcpy(m + 48 + hl, b->target, tl);
  memcpy(m + 48 + hl + tl, b->desc, dl);
  uint8_t msg[29 + 512];
  memcpy(msg, "OpenCCE firmware manifest v1", 29);  // with its NUL: the 0x00 separator
  memcpy(msg + 29, m, mlen);
  size_t msg_len = 29 + mlen;
  size_t off = mlen;
  be16(g_buf + off, (uint32_t)n);
  g_buf[off + 2] = g_buf[off + 3] = 0;
  off += 4;
  for (size_t i = 0; i < n; i++) {
    const signer *s = signers[i];
    uint8_t *e = g_buf + off;
    memset(e, 0, 40);
    be16(e, (uint32_t)s->alg);
    CHECK_ST(cce_sha256(e + 4, s->pub, s->pub_len), CCE_OK);
    uint8_t *sig = e + 40;
    size_t sl = 0;
    switch (s->alg) {
      case CCE_FW_SIG_ECDSA_P384:
        sl = 96;
        CHECK_ST(cce_ecdsa_sign(CCE_EC_P384, CCE_HASH_SHA384, s->priv, 48, msg, msg_len, 0, sig, sl), CCE_OK);
        break;
      case CCE_FW_SIG_MLDSA87:
        sl = CCE_MLDSA87_SIGNATURE_BYTES;
        CHECK_ST(cce_mldsa_sign(CCE_MLDSA_87, sig, sl, s->priv, s->priv_len, msg, msg_len, NULL, 0,
                                CCE_MLDSA_DETERMINISTIC),
                 CCE_OK);
        break;
      case CCE_FW_SIG_HSS:
        CHECK_ST(cce_hss_sign(((signer *)s)->priv, s->priv_len, persist_ok, NULL, msg, msg_len, sig,
                              BUF_CAP - (size_t)(sig - g_buf), &sl),
                 CCE_OK);
        break;
    }
    be32(e + 36, (uint32_t)sl);
    off += 40 + sl;
  }
  *hdr_len = off;
  if (b->attach) {
    memcpy(g_buf + off, b->image, b->image_len);
    off += b->image_len;
  }
  return off;
}

// ---------------------------------------------------------------------------
// A counter in memory that counts its writes.

typedef struct mem_counter {
  uint32_t value;
  unsigned reads, advances;
  cce_status read_err, advance_err;
  int lie;  // advance reports success without storing
} mem_counter;

static cce_status mc_read(void *ctx, uint32_t *out) {
  mem_counter *c = ctx;
  c->reads++;
  if (c->read_err != CCE_OK) return c->read_err;
  *out = c->value;
  return CCE_OK;
}

static cce_status mc_advance(void *ctx, uint32_t v) {
  mem_counter *c = ctx;
  c->advances++;
  if (c->advance_err != CCE_OK) return c->advance_err;
  if (v < c->value) return CCE_ERR_ROLLBACK;
  if (!c->lie) c->value = v;
  return CCE_OK;
}

static mem_counter g_mc;
static cce_fw_counter g_counter = {&g_mc, mc_read, mc_advance};

static void counter_reset(uint32_t v) {
  memset(&g_mc, 0, sizeof g_mc);
  g_mc.value = v;
}

// ---------------------------------------------------------------------------

static uint8_t g_image[3000];
static const char *TARGET = "drone-x1";

static build default_build(void) {
  build b = {g_image, sizeof g_image, 1, {1, 2, 3}, 5, "drone-x1", "unit test", 1700000000u, 1};
  return b;
}

static cce_fw_policy policy_of(const cce_fw_key *keys, size_t n, unsigned threshold) {
  cce_fw_policy p;
  memset(&p, 0, sizeof p);
  p.keys = keys;
  p.num_keys = n;
  p.threshold = threshold;
  p.target = TARGET;
  p.target_len = strlen(TARGET);
  return p;
}

static cce_status verify_buf(const cce_fw_policy *p, size_t len, unsigned flags, cce_fw_result *r) {
  return cce_fw_verify(p, &g_counter, g_buf, len, NULL, flags, r);
}

static void test_round_trips(void) {
  signer *all[3] = {&g_ec, &g_ml, &g_hss};
  for (int i = 0; i < 3; i++) {
    if (all[i]->alg == CCE_FW_SIG_HSS && !g_have_hss) continue;
    for (int h = 1; h <= 2; h++) {
      build b = default_build();
      b.hash_id = (uint8_t)h;
      size_t hdr, len = build_image(&b, &all[i], 1, &hdr);
      cce_fw_key k = key_of(all[i]);
      cce_fw_policy p = policy_of(&k, 1, 1);
      cce_fw_result r;
      counter_reset(5);
      CHECK_ST(verify_buf(&p, len, 0, &r), CCE_OK);
      CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
      CHECK(r.verified_keys == 1 && r.failed_keys == 0 && r.num_signatures == 1 && r.num_unknown == 0);
      CHECK(r.version_major == 1 && r.version_minor == 2 && r.version_patch == 3 && r.svn == 5);
      CHECK(r.min_svn == 5 && r.committed == 0 && r.image_len == sizeof g_image && r.header_len == hdr);
      CHECK(r.build_time == 1700000000u);
      CHECK(g_mc.advances == 0);
      // The parser agrees.
      cce_fw_manifest m;
      CHECK_ST(cce_fw_parse(g_buf, len, &m), CCE_OK);
      CHECK(m.header_len == hdr && m.num_signatures == 1 && m.sigs[0].alg == all[i]->alg);
      CHECK(m.target_len == 8 && memcmp(m.target, "drone-x1", 8) == 0);
      CHECK(m.description_len == 9 && memcmp(m.description, "unit test", 9) == 0);
      CHECK(m.hash_alg == (h == 1 ? CCE_HASH_SHA384 : CCE_HASH_SHA3_512));
      // Detached: the same image, given in memory and streamed.
      cce_fw_image img = {g_image, sizeof g_image, NULL, NULL};
      CHECK_ST(cce_fw_verify(&p, &g_counter, g_buf, hdr, &img, 0, &r), CCE_OK);
    }
  }
}

static cce_status stream_read(void *ctx, uint64_t off, uint8_t *buf, size_t n) {
  int *fail_at = ctx;
  if (*fail_at >= 0 && off + n > (uint64_t)*fail_at) return CCE_ERR_PERSIST;
  memcpy(buf, g_image + off, n);
  return CCE_OK;
}

static void test_streaming(void) {
  build b = default_build();
  signer *s[1] = {&g_ec};
  size_t hdr;
  build_image(&b, s, 1, &hdr);
  cce_fw_key k = key_of(&g_ec);
  cce_fw_policy p = policy_of(&k, 1, 1);
  int fail_at = -1;
  cce_fw_image img = {NULL, sizeof g_image, stream_read, &fail_at};
  counter_reset(0);
  CHECK_ST(cce_fw_verify(&p, &g_counter, g_buf, hdr, &img, 0, NULL), CCE_OK);
  fail_at = 1000;  // read error in the middle
  CHECK_ST(cce_fw_verify(&p, &g_counter, g_buf, hdr, &img, 0, NULL), CCE_ERR_INVALID_LENGTH);
  fail_at = -1;
  img.len = sizeof g_image - 1;  // short image
  CHECK_ST(cce_fw_verify(&p, &g_counter, g_buf, hdr, &img, 0, NULL), CCE_ERR_INVALID_LENGTH);
  img.len = sizeof g_image;
  // An image given separately while the container also holds one.
  CHECK_ST(cce_fw_verify(&p, &g_counter, g_buf, hdr + 1, &img, 0, NULL), CCE_ERR_INVALID_LENGTH);
  // Another image of the same length.
  g_image[100] ^= 1;
  CHECK_ST(cce_fw_verify(&p, &g_counter, g_buf, hdr, &img, 0, NULL), CCE_ERR_AUTH);
  g_image[100] ^= 1;
  CHECK(g_mc.advances == 0);
}

static void test_policies(void) {
  build b = default_build();
  signer *three[3] = {&g_ec, &g_ml, &g_hss};
  size_t n3 = g_have_hss ? 3 : 2;
  cce_fw_key keys[4] = {key_of(&g_ec), key_of(&g_ml), key_of(&g_hss), key_of(&g_ec2)};
  size_t hdr, len;
  cce_fw_result r;
  counter_reset(1);

  // Image signed by ECDSA and ML-DSA.
  len = build_image(&b, three, 2, &hdr);
  cce_fw_policy p = policy_of(keys, 2, 2);  // "all" of {ec, ml}
  CHECK_ST(verify_buf(&p, len, 0, &r), CCE_OK);
  CHECK(r.verified_keys == 3);
  p.required_algs = (1u << CCE_FW_SIG_ECDSA_P384) | (1u << CCE_FW_SIG_MLDSA87);  // "ECDSA and ML-DSA both"
  CHECK_ST(verify_buf(&p, len, 0, &r), CCE_OK);
  // 2-of-3 with {ec, ml, ec2}: met by ec + ml.
  cce_fw_key k3[3] = {keys[0], keys[1], keys[3]};
  p = policy_of(k3, 3, 2);
  CHECK_ST(verify_buf(&p, len, 0, &r), CCE_OK);
  CHECK(r.verified_keys == 3);
  // all 3 -> not met.
  p.threshold = 3;
  CHECK_ST(verify_buf(&p, len, 0, &r), CCE_ERR_POLICY);
  // 1-of-3 but ec2 required -> not met.
  p.threshold = 1;
  p.required_keys = 4;
  CHECK_ST(verify_buf(&p, len, 0, &r), CCE_ERR_POLICY);
  p.required_keys = 2;
  CHECK_ST(verify_buf(&p, len, 0, &r), CCE_OK);
  // Required algorithm absent (HSS) -> not met.
  p.required_keys = 0;
  p.required_algs = 1u << CCE_FW_SIG_HSS;
  CHECK_ST(verify_buf(&p, len, 0, &r), CCE_ERR_POLICY);
  // Unknown signers only -> policy error, their signatures ignored.
  p = policy_of(&keys[3], 1, 1);
  CHECK_ST(verify_buf(&p, len, 0, &r), CCE_ERR_POLICY);
  CHECK(r.num_unknown == 2 && r.verified_keys == 0 && r.failed_keys == 0);
  // One trusted and one unknown signer with threshold 1: fine.
  p = policy_of(keys, 1, 1);
  CHECK_ST(verify_buf(&p, len, 0, &r), CCE_OK);
  CHECK(r.num_unknown == 1);

  // A bad signature of a trusted key is refused even when the threshold is
  // met by the others.
  cce_fw_manifest m;
  CHECK_ST(cce_fw_parse(g_buf, len, &m), CCE_OK);
  size_t ml_sig_off = (size_t)(m.sigs[1].sig - g_buf);
  g_buf[ml_sig_off + 10] ^= 0x20;
  p = policy_of(keys, 2, 1);
  CHECK_ST(verify_buf(&p, len, 0, &r), CCE_ERR_SIGNATURE);
  CHECK(r.failed_keys == 2 && r.verified_keys == 1);
  p = policy_of(keys, 1, 1);  // the ML-DSA signer is not trusted here: ignored
  CHECK_ST(verify_buf(&p, len, 0, &r), CCE_OK);
  g_buf[ml_sig_off + 10] ^= 0x20;

  // Three signer types together.
  if (g_have_hss) {
    len = build_image(&b, three, n3, &hdr);
    p = policy_of(keys, 3, 3);
    CHECK_ST(verify_buf(&p, len, 0, &r), CCE_OK);
    CHECK(r.verified_keys == 7);
    p.threshold = 2;
    p.required_algs = (1u << CCE_FW_SIG_HSS) | (1u << CCE_FW_SIG_MLDSA87);
    CHECK_ST(verify_buf(&p, len, 0, &r), CCE_OK);
    // HSS signature corrupted.
    CHECK_ST(cce_fw_parse(g_buf, len, &m), CCE_OK);
    g_buf[(size_t)(m.sigs[2].sig - g_buf) + m.sigs[2].sig_len - 1] ^= 1;
    CHECK_ST(verify_buf(&p, len, 0, &r), CCE_ERR_SIGNATURE);
    CHECK(r.failed_keys == 4);
  }
  CHECK(g_mc.advances == 0);
}

// Every byte of the header flipped: the expected class follows from the
// field. A flip the parser refuses is CCE_ERR_DECODE; otherwise a manifest
// byte (signed) gives CCE_ERR_SIGNATURE, a key-id or algorithm byte
// CCE_ERR_POLICY (the signer is no longer known), a signature byte
// CCE_ERR_SIGNATURE. Image bytes give CCE_ERR_AUTH.
static void flip_all(signer *const *signers, size_t n, size_t stride, const char *name) {
  build b = default_build();
  size_t hdr, len = build_image(&b, signers, n, &hdr);
  cce_fw_key keys[3];
  for (size_t i = 0; i < n; i++) keys[i] = key_of(signers[i]);
  cce_fw_policy p = policy_of(keys, n, (unsigned)n);
  cce_fw_manifest m0;
  CHECK_ST(cce_fw_parse(g_buf, len, &m0), CCE_OK);
  size_t mlen = m0.manifest_len;
  unsigned bad = 0, decode = 0, sig = 0, pol = 0, total = 0;
  counter_reset(0);
  static const uint8_t masks[2] = {0x01, 0x80};
  for (size_t off = 0; off < hdr; off++) {
    // Walk signature bytes with a stride (slow signers), every other byte fully.
    int in_sig = 0, in_id_or_alg = 0;
    for (size_t i = 0; i < n; i++) {
      size_t so = (size_t)(m0.sigs[i].sig - g_buf), eo = so - 40;
      if (off >= so && off < so + m0.sigs[i].sig_len) in_sig = 1;
      if (off >= eo && off < eo + 36) in_id_or_alg = 1;  // alg, reserved, key id
    }
    if (in_sig && stride > 1 && off % stride != 0) continue;
    for (int mi = 0; mi < 2; mi++) {
      g_buf[off] ^= masks[mi];
      cce_fw_manifest mm;
      cce_status ps = cce_fw_parse(g_buf, len, &mm);
      cce_status want = ps != CCE_OK ? CCE_ERR_DECODE
                        : off < mlen  ? CCE_ERR_SIGNATURE
                        : in_id_or_alg ? CCE_ERR_POLICY
                                      : CCE_ERR_SIGNATURE;
      cce_status got = verify_buf(&p, len, CCE_FW_COMMIT, NULL);
      total++;
      if (got != want) {
        bad++;
        if (bad < 10) fprintf(stderr, "  %s flip offset %zu mask %02x: got %d want %d\n", name, off, masks[mi], got, want);
      }
      decode += got == CCE_ERR_DECODE;
      sig += got == CCE_ERR_SIGNATURE;
      pol += got == CCE_ERR_POLICY;
      g_buf[off] ^= masks[mi];
    }
  }
  CHECK(bad == 0);
  CHECK(decode > 0 && sig > 0 && pol > 0);
  CHECK(g_mc.advances == 0 && g_mc.value == 0);
  // Fields whose flips must be structural (DECODE) and semantic (SIGNATURE).
  static const size_t decode_offs[] = {0, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  for (size_t i = 0; i < sizeof decode_offs / sizeof decode_offs[0]; i++) {
    g_buf[decode_offs[i]] ^= 0x80;
    CHECK_ST(verify_buf(&p, len, 0, NULL), CCE_ERR_DECODE);
    g_buf[decode_offs[i]] ^= 0x80;
  }
  // svn, version, build time, image hash, target, description: signed.
  static const size_t sig_offs[] = {24, 30, 35, 39, 47, 48, 95, 96, 103, 110};
  for (size_t i = 0; i < sizeof sig_offs / sizeof sig_offs[0]; i++) {
    g_buf[sig_offs[i]] ^= 0x01;
    CHECK_ST(verify_buf(&p, len, 0, NULL), CCE_ERR_SIGNATURE);
    g_buf[sig_offs[i]] ^= 0x01;
  }
  // Image bytes.
  for (size_t off = hdr; off < len; off += 97) {
    g_buf[off] ^= 0x04;
    CHECK_ST(verify_buf(&p, len, CCE_FW_COMMIT, NULL), CCE_ERR_AUTH);
    g_buf[off] ^= 0x04;
  }
  CHECK_ST(verify_buf(&p, len, 0, NULL), CCE_OK);
  CHECK(g_mc.advances == 0);
  printf("%s: %u header flips, %u DECODE, %u SIGNATURE, %u POLICY\n", name, total, decode, sig, pol);
}

static void test_flips(void) {
  signer *ec[1] = {&g_ec};
  flip_all(ec, 1, 1, "ECDSA");
  signer *two[2] = {&g_ec, &g_ml};
  flip_all(two, 2, 61, "ECDSA+ML-DSA");
  if (g_have_hss) {
    signer *h[1] = {&g_hss};
    flip_all(h, 1, 13, "HSS");
  }
}

static void test_truncation(void) {
  build b = default_build();
  signer *s[2] = {&g_ec, &g_ml};
  size_t hdr, len = build_image(&b, s, 2, &hdr);
  cce_fw_key keys[2] = {key_of(&g_ec), key_of(&g_ml)};
  cce_fw_policy p = policy_of(keys, 2, 2);
  counter_reset(0);
  unsigned bad = 0;
  for (size_t l = 0; l < len; l += (l < hdr ? 7 : 31)) {
    cce_status want = l < hdr ? CCE_ERR_DECODE : CCE_ERR_INVALID_LENGTH;
    if (l == hdr) continue;  // a detached manifest: checked below
    if (verify_buf(&p, l, CCE_FW_COMMIT, NULL) != want) bad++;
  }
  CHECK(bad == 0);
  CHECK_ST(verify_buf(&p, len - 1, 0, NULL), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(verify_buf(&p, hdr, 0, NULL), CCE_ERR_INVALID_LENGTH);  // image missing
  g_buf[len] = 0;
  CHECK_ST(verify_buf(&p, len + 1, 0, NULL), CCE_ERR_INVALID_LENGTH);  // a byte too many
  CHECK_ST(verify_buf(&p, len, 0, NULL), CCE_OK);
  CHECK(g_mc.advances == 0);
}

static void test_target_and_bounds(void) {
  signer *s[1] = {&g_ec};
  cce_fw_key k = key_of(&g_ec);
  cce_fw_policy p = policy_of(&k, 1, 1);
  size_t hdr, len;
  counter_reset(0);
  build b = default_build();
  b.target = "drone-x2";
  len = build_image(&b, s, 1, &hdr);
  CHECK_ST(verify_buf(&p, len, CCE_FW_COMMIT, NULL), CCE_ERR_WRONG_TARGET);
  b.target = "drone-x1-extended";  // a longer class sharing the prefix
  len = build_image(&b, s, 1, &hdr);
  CHECK_ST(verify_buf(&p, len, CCE_FW_COMMIT, NULL), CCE_ERR_WRONG_TARGET);
  b.target = "drone";
  len = build_image(&b, s, 1, &hdr);
  CHECK_ST(verify_buf(&p, len, CCE_FW_COMMIT, NULL), CCE_ERR_WRONG_TARGET);
  CHECK(g_mc.advances == 0);
  // Longest target and description are accepted; the SHA3-512 hash too.
  char t64[65], d255[256];
  memset(t64, 'T', 64), t64[64] = 0;
  memset(d255, 'd', 255), d255[255] = 0;
  b.target = t64;
  b.desc = d255;
  b.hash_id = 2;
  len = build_image(&b, s, 1, &hdr);
  p.target = t64;
  p.target_len = 64;
  CHECK_ST(verify_buf(&p, len, 0, NULL), CCE_OK);
  CHECK(hdr == 48 + 64 + 64 + 255 + 4 + 40 + 96);
  // A target with a space or a control character is malformed.
  b.target = "drone x1";
  len = build_image(&b, s, 1, &hdr);
  CHECK_ST(verify_buf(&p, len, 0, NULL), CCE_ERR_DECODE);
  b.target = "drone-x1";
  b.desc = "tab\there";
  len = build_image(&b, s, 1, &hdr);
  CHECK_ST(verify_buf(&p, len, 0, NULL), CCE_ERR_DECODE);
  // An empty target.
  b.desc = "";
  b.target = "";
  len = build_image(&b, s, 1, &hdr);
  CHECK_ST(verify_buf(&p, len, 0, NULL), CCE_ERR_DECODE);
  // No signature at all.
  b.target = "drone-x1";
  len = build_image(&b, s, 0, &hdr);
  CHECK_ST(verify_buf(&p, len, 0, NULL), CCE_ERR_DECODE);
  // Nine signatures (more than the format allows).
  signer *nine[9];
  static signer extra[9];
  for (int i = 0; i < 9; i++) {
    extra[i] = g_ec;
    CHECK_ST(cce_ecdsa_keygen(CCE_EC_P384, extra[i].priv, 48, extra[i].pub, 97), CCE_OK);
    nine[i] = &extra[i];
  }
  len = build_image(&b, nine, 9, &hdr);
  CHECK_ST(verify_buf(&p, len, 0, NULL), CCE_ERR_DECODE);
  len = build_image(&b, nine, 8, &hdr);
  CHECK_ST(verify_buf(&p, len, 0, NULL), CCE_ERR_POLICY);  // none of them trusted
  // The same signer twice.
  signer *dup[2] = {&g_ec, &g_ec};
  len = build_image(&b, dup, 2, &hdr);
  CHECK_ST(verify_buf(&p, len, 0, NULL), CCE_ERR_DECODE);
  // Unknown format version, signed correctly otherwise: refused before any signature.
  len = build_image(&b, s, 1, &hdr);
  g_buf[9] = 2;
  CHECK_ST(verify_buf(&p, len, 0, NULL), CCE_ERR_DECODE);
}

static void test_rollback(void) {
  signer *s[1] = {&g_ec};
  cce_fw_key k = key_of(&g_ec);
  cce_fw_policy p = policy_of(&k, 1, 1);
  build b = default_build();
  size_t hdr, len;
  cce_fw_result r;

  b.svn = 5;
  len = build_image(&b, s, 1, &hdr);
  counter_reset(6);
  CHECK_ST(verify_buf(&p, len, CCE_FW_COMMIT, &r), CCE_ERR_ROLLBACK);
  CHECK(r.svn == 5 && r.min_svn == 6 && r.committed == 0);
  CHECK(g_mc.value == 6 && g_mc.advances == 0);
  counter_reset(5);  // equal: accepted, nothing written even with COMMIT
  CHECK_ST(verify_buf(&p, len, CCE_FW_COMMIT, &r), CCE_OK);
  CHECK(g_mc.advances == 0 && r.committed == 0);
  counter_reset(2);  // without COMMIT: never written
  CHECK_ST(verify_buf(&p, len, 0, &r), CCE_OK);
  CHECK(g_mc.advances == 0 && g_mc.value == 2 && r.min_svn == 2);
  CHECK_ST(verify_buf(&p, len, CCE_FW_COMMIT, &r), CCE_OK);  // with COMMIT: 2 -> 5
  CHECK(g_mc.advances == 1 && g_mc.value == 5 && r.committed == 1);
  // The old image is now refused.
  b.svn = 4;
  len = build_image(&b, s, 1, &hdr);
  CHECK_ST(verify_buf(&p, len, CCE_FW_COMMIT, &r), CCE_ERR_ROLLBACK);
  CHECK(g_mc.value == 5 && g_mc.advances == 1);
  // Largest svn.
  b.svn = 0xffffffffu;
  len = build_image(&b, s, 1, &hdr);
  CHECK_ST(verify_buf(&p, len, CCE_FW_COMMIT, &r), CCE_OK);
  CHECK(g_mc.value == 0xffffffffu);

  // cce_fw_commit: only forward.
  counter_reset(10);
  CHECK_ST(cce_fw_commit(&g_counter, 9), CCE_ERR_ROLLBACK);
  CHECK(g_mc.value == 10 && g_mc.advances == 0);
  CHECK_ST(cce_fw_commit(&g_counter, 10), CCE_OK);
  CHECK(g_mc.advances == 0);
  CHECK_ST(cce_fw_commit(&g_counter, 11), CCE_OK);
  CHECK(g_mc.value == 11 && g_mc.advances == 1);
  CHECK_ST(cce_fw_commit(NULL, 11), CCE_ERR_NULL_POINTER);
  // Counter failures: a read error is returned as is; a failed or lying
  // advance is reported.
  b.svn = 20;
  len = build_image(&b, s, 1, &hdr);
  counter_reset(1);
  g_mc.read_err = CCE_ERR_DECODE;
  CHECK_ST(verify_buf(&p, len, CCE_FW_COMMIT, &r), CCE_ERR_DECODE);
  CHECK(g_mc.advances == 0);
  g_mc.read_err = CCE_OK;
  g_mc.advance_err = CCE_ERR_PERSIST;
  CHECK_ST(verify_buf(&p, len, CCE_FW_COMMIT, &r), CCE_ERR_PERSIST);
  CHECK(r.committed == 0 && g_mc.value == 1);
  g_mc.advance_err = CCE_OK;
  g_mc.lie = 1;
  CHECK_ST(verify_buf(&p, len, CCE_FW_COMMIT, &r), CCE_ERR_PERSIST);
  CHECK_ST(cce_fw_commit(&g_counter, 30), CCE_ERR_PERSIST);
  g_mc.lie = 0;
  // No counter: only with CCE_FW_NO_COUNTER.
  CHECK_ST(cce_fw_verify(&p, NULL, g_buf, len, NULL, 0, NULL), CCE_ERR_NULL_POINTER);
  CHECK_ST(cce_fw_verify(&p, NULL, g_buf, len, NULL, CCE_FW_NO_COUNTER, &r), CCE_OK);
  CHECK(r.min_svn == 0);
  CHECK_ST(cce_fw_verify(&p, &g_counter, g_buf, len, NULL, CCE_FW_NO_COUNTER, NULL), CCE_ERR_INVALID_ARG);
  CHECK_ST(cce_fw_verify(&p, NULL, g_buf, len, NULL, CCE_FW_NO_COUNTER | CCE_FW_COMMIT, NULL),
           CCE_ERR_INVALID_ARG);
}

static void test_args(void) {
  signer *s[1] = {&g_ec};
  cce_fw_key k = key_of(&g_ec);
  cce_fw_policy p = policy_of(&k, 1, 1);
  build b = default_build();
  size_t hdr, len = build_image(&b, s, 1, &hdr);
  counter_reset(0);
  CHECK_ST(cce_fw_verify(NULL, &g_counter, g_buf, len, NULL, 0, NULL), CCE_ERR_NULL_POINTER);
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  CHECK_ST(cce_fw_verify(&p, &g_counter, NULL, len, NULL, 0, NULL), CCE_ERR_NULL_POINTER);
  CHECK_ST(verify_buf(&p, len, 4, NULL), CCE_ERR_INVALID_ARG);
  cce_fw_counter half = {&g_mc, mc_read, NULL};
  CHECK_ST(cce_fw_verify(&p, &half, g_buf, len, NULL, 0, NULL), CCE_ERR_NULL_POINTER);
  cce_fw_image none = {NULL, 10, NULL, NULL};
  CHECK_ST(cce_fw_verify(&p, &g_counter, g_buf, hdr, &none, 0, NULL), CCE_ERR_NULL_POINTER);
  cce_fw_policy q = p;
  q.threshold = 0;
  CHECK_ST(verify_buf(&q, len, 0, NULL), CCE_ERR_INVALID_ARG);
  q.threshold = 2;
  CHECK_ST(verify_buf(&q, len, 0, NULL), CCE_ERR_INVALID_ARG);
  q = p;
  q.required_keys = 2;
  CHECK_ST(verify_buf(&q, len, 0, NULL), CCE_ERR_INVALID_ARG);
  q = p;
  q.required_algs = 1;
  CHECK_ST(verify_buf(&q, len, 0, NULL), CCE_ERR_INVALID_ARG);
  q = p;
  q.target_len = 0;
  CHECK_ST(verify_buf(&q, len, 0, NULL), CCE_ERR_INVALID_ARG);
  q.target_len = 65;
  CHECK_ST(verify_buf(&q, len, 0, NULL), CCE_ERR_INVALID_ARG);
  q = p;
  q.num_keys = 0;
  CHECK_ST(verify_buf(&q, len, 0, NULL), CCE_ERR_INVALID_ARG);
  q.num_keys = CCE_FW_MAX_KEYS + 1;
  CHECK_ST(verify_buf(&q, len, 0, NULL), CCE_ERR_INVALID_ARG);
  cce_fw_key bad = k;
  bad.pub_len = 96;
  q = policy_of(&bad, 1, 1);
  CHECK_ST(verify_buf(&q, len, 0, NULL), CCE_ERR_INVALID_ARG);
  bad = k;
  bad.alg = (cce_fw_sig_alg)9;
  CHECK_ST(verify_buf(&q, len, 0, NULL), CCE_ERR_INVALID_ARG);
  // A trusted P-384 key that is not on the curve: the ECDSA service refuses it.
  uint8_t off_curve[97];
  memcpy(off_curve, g_ec.pub, 97);
  off_curve[96] ^= 1;
  bad = k;
  bad.pub = off_curve;
  q = policy_of(&bad, 1, 1);
  // (its key id differs from the signer's: the signature is by an unknown key)
  CHECK_ST(verify_buf(&q, len, 0, NULL), CCE_ERR_POLICY);
  CHECK_ST(verify_buf(&p, len, 0, NULL), CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  // Parser and helpers.
  cce_fw_manifest m;
  CHECK_ST(cce_fw_parse(NULL, 10, &m), CCE_ERR_NULL_POINTER);
  CHECK_ST(cce_fw_parse(g_buf, len, NULL), CCE_ERR_NULL_POINTER);
  uint8_t id[32], want[32];
  CHECK_ST(cce_fw_key_id(id, g_ec.pub, 97), CCE_OK);
  CHECK_ST(cce_sha256(want, g_ec.pub, 97), CCE_OK);
  CHECK(memcmp(id, want, 32) == 0);
  CHECK_ST(cce_fw_key_id(id, NULL, 97), CCE_ERR_NULL_POINTER);
  uint8_t msg[600];
  size_t ml;
  CHECK_ST(cce_fw_signed_message(msg, sizeof msg, &ml, g_buf, hdr < 100 ? hdr : 100), CCE_OK);
  CHECK(ml == 129 && memcmp(msg, "OpenCCE firmware manifest v1\0", 29) == 0 && memcmp(msg + 29, g_buf, 100) == 0);
  CHECK_ST(cce_fw_signed_message(msg, 128, &ml, g_buf, 100), CCE_ERR_BUFFER_TOO_SMALL);
  CHECK_ST(cce_fw_signed_message(msg, sizeof msg, &ml, g_buf, 47), CCE_ERR_INVALID_LENGTH);
}

// ---------------------------------------------------------------------------
// Stack use by painting (as in mldsa_test.c).
#define PAINT_BYTES (128 * 1024)
#define PAINT 0xa5

static __attribute__((noinline)) void paint(void) {
  uint8_t buf[PAINT_BYTES];
  memset(buf, PAINT, sizeof buf);
  __asm__ __volatile__("" : : "r"(buf) : "memory");
}

static __attribute__((noinline)) size_t measure(void) {
  uint8_t buf[PAINT_BYTES];
  __asm__ __volatile__("" : : "r"(buf) : "memory");
#ifdef CCE_FW_TEST_VALGRIND
  VALGRIND_MAKE_MEM_DEFINED(buf, sizeof buf);  // reading what is left below the frame is the point
#endif
  const volatile uint8_t *p = buf;
  size_t i = 0;
  while (i < PAINT_BYTES && p[i] == PAINT) i++;
  return PAINT_BYTES - i;
}

static size_t g_stk_len;
static const cce_fw_policy *g_stk_policy;
static cce_fw_image g_stk_img;

static __attribute__((noinline)) cce_status run_verify(int streamed) {
  if (streamed) return cce_fw_verify(g_stk_policy, &g_counter, g_buf, g_stk_len - sizeof g_image, &g_stk_img, 0, NULL);
  return cce_fw_verify(g_stk_policy, &g_counter, g_buf, g_stk_len, NULL, 0, NULL);
}

static void test_stack(void) {
  signer *all[3] = {&g_ec, &g_ml, &g_hss};
  const char *names[3] = {"ECDSA P-384", "ML-DSA-87", "HSS"};
  int fail_at = -1;
  g_stk_img.data = NULL;
  g_stk_img.len = sizeof g_image;
  g_stk_img.read = stream_read;
  g_stk_img.ctx = &fail_at;
  for (int i = 0; i < 3; i++) {
    if (i == 2 && !g_have_hss) continue;
    build b = default_build();
    size_t hdr;
    g_stk_len = build_image(&b, &all[i], 1, &hdr);
    cce_fw_key k = key_of(all[i]);
    cce_fw_policy p = policy_of(&k, 1, 1);
    g_stk_policy = &p;
    counter_reset(0);
    size_t used[2];
    for (int streamed = 0; streamed < 2; streamed++) {
      CHECK_ST(run_verify(streamed), CCE_OK);  // warm up (self-tests run once, outside the measure)
      paint();
      cce_status st = run_verify(streamed);
      used[streamed] = measure();
      CHECK_ST(st, CCE_OK);
    }
    printf("stack cce_fw_verify with one %s signature: %zu B (image in memory), %zu B (streamed)\n", names[i],
           used[0], used[1]);
    CHECK(used[0] > 0 && used[0] < 64 * 1024 && used[1] < 64 * 1024);
  }
}

int main(void) {
  g_buf = malloc(BUF_CAP + 1);
  if (!g_buf) return 1;
  for (size_t i = 0; i < sizeof g_image; i++) g_image[i] = (uint8_t)(i * 31 + 7);
  make_signers();
  test_round_trips();
  test_streaming();
  test_policies();
  test_flips();
  test_truncation();
  test_target_and_bounds();
  test_rollback();
  test_args();
  test_stack();
  free(g_buf);
  printf("%u passed, %u failed\n", g_pass, g_fail);
  return g_fail ? 1 : 0;
}
