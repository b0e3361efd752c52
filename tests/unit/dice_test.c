// DICE unit tests (include/cce/dice.h, src/module/boot/dice.c,
// src/module/ec/ec_derive.c) and the X.509 builder/reader
// (include/cce/x509.h):
//   - the CDI recomputed independently with the public HKDF, and known
//     answers (CDI, DeviceID and Alias public keys) from an independent
//     Python implementation;
//   - DeviceID and Alias key pairs recomputed independently: HKDF output,
//     reduction mod n-1 by a different algorithm (byte-wise long division),
//     plus one, then d*G through the public EC API;
//   - determinism: same UDS + measurement -> same keys; other measurement ->
//     other Alias, same DeviceID; other UDS -> other DeviceID;
//   - the reduction's edge cases (c = 0, c = n-1, c = n-2, c = 2^448-1);
//   - signatures verify under the public keys, RFC 6979 determinism;
//   - life-cycle records: round trip, known-answer MAC, every flipped byte
//     refused, another device's secret refused, format errors;
//   - every error path and the service indicator;
//   - x509: build, parse back, fields.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/dice.h"
#include "cce/ec.h"
#include "cce/hmac.h"
#include "cce/kdf.h"
#include "cce/module.h"
#include "cce/x509.h"
#include "module/boot/dice_internal.h"

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

// P-384 group order n (FIPS 186-5 / SP 800-186).
static const uint8_t p384_n[48] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf,
    0x58, 0x1a, 0x0d, 0xb2, 0x48, 0xb0, 0xa7, 0x7a, 0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73};

// ---------------------------------------------------------------------------
// Independent reference: (c mod (n-1)) + 1 by byte-wise long division
// (r = r*256 + byte, then subtract m while r >= m), on 49-byte big-endian
// numbers. Variable time, test only.

#define RB 50
static int ge(const uint8_t *a, const uint8_t *b) {
  for (size_t i = 0; i < RB; i++)
    if (a[i] != b[i]) return a[i] > b[i];
  return 1;
}
static void sub(uint8_t *a, const uint8_t *b) {
  int borrow = 0;
  for (size_t i = RB; i-- > 0;) {
    int v = a[i] - b[i] - borrow;
    borrow = v < 0;
    a[i] = (uint8_t)(v + (borrow ? 256 : 0));
  }
}
static void ref_scalar(const uint8_t *c, size_t c_len, uint8_t d[48]) {
  uint8_t m[RB] = {0}, r[RB] = {0};
  memcpy(m + RB - 48, p384_n, 48);
  m[RB - 1] -= 1;  // n is odd
  for (size_t i = 0; i < c_len; i++) {
    memmove(r, r + 1, RB - 1);  // r *= 256
    r[RB - 1] = c[i];
    while (ge(r, m)) sub(r, m);
  }
  // + 1
  for (size_t i = RB; i-- > 0;) {
    if (++r[i] != 0) break;
  }
  memcpy(d, r + RB - 48, 48);
}

static void unhex(const char *s, uint8_t *out, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned v;
    if (sscanf(s + 2 * i, "%2x", &v) != 1) abort();
    out[i] = (uint8_t)v;
  }
}

static void fill(uint8_t *p, size_t n, uint8_t seed) {
  for (size_t i = 0; i < n; i++) p[i] = (uint8_t)(seed + 13 * i);
}

static const char lbl_devid[] = "OpenCCE DICE DeviceID P-384 v1";
static const char lbl_alias[] = "OpenCCE DICE Alias P-384 v1";
static const char lbl_cdi[] = "OpenCCE DICE CDI v1";
static const char lbl_lc[] = "OpenCCE lifecycle HMAC-SHA2-256 v1";

// Public key expected for the key derived from `ikm` under `label`.
static void expected_pub(const uint8_t *ikm, size_t ikm_len, const char *label, uint8_t pub[97]) {
  uint8_t seed[56], d[48];
  CHECK(cce_hkdf(CCE_HASH_SHA384, seed, sizeof seed, NULL, 0, ikm, ikm_len, (const uint8_t *)label,
                 strlen(label)) == CCE_OK);
  ref_scalar(seed, sizeof seed, d);
  CHECK(cce_ec_public_from_private(CCE_EC_P384, d, sizeof d, pub, 97) == CCE_OK);
}

static void test_cdi_and_keys(void) {
  uint8_t uds[32], meas[48], cdi[48], ref[48];
  fill(uds, sizeof uds, 1);
  fill(meas, sizeof meas, 100);
  // CDI = HKDF-SHA384(salt = measurement, IKM = UDS, info = label), by the public HKDF.
  CHECK(cce_hkdf(CCE_HASH_SHA384, ref, sizeof ref, meas, sizeof meas, uds, sizeof uds, (const uint8_t *)lbl_cdi,
                 strlen(lbl_cdi)) == CCE_OK);
  cce_dice_cdi_impl(cdi, uds, meas);
  CHECK(memcmp(cdi, ref, 48) == 0);
  // The internal HKDF against the public one, empty salt, several lengths.
  for (size_t len = 1; len <= 200; len += 37) {
    uint8_t a[200], b[200];
    cce_dice_hkdf_impl(a, len, NULL, 0, uds, sizeof uds, "x");
    CHECK(cce_hkdf(CCE_HASH_SHA384, b, len, NULL, 0, uds, sizeof uds, (const uint8_t *)"x", 1) == CCE_OK);
    CHECK(memcmp(a, b, len) == 0);
  }

  cce_dice_ctx ctx, ctx2;
  uint8_t pub[97], exp_dev[97], exp_alias[97], pub2[97];
  CHECK(cce_dice_init(&ctx, uds, sizeof uds, meas, sizeof meas) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  expected_pub(uds, sizeof uds, lbl_devid, exp_dev);
  expected_pub(cdi, sizeof cdi, lbl_alias, exp_alias);
  CHECK(cce_dice_public_key(&ctx, CCE_DICE_DEVICEID, pub, sizeof pub) == CCE_OK);
  CHECK(memcmp(pub, exp_dev, 97) == 0);
  CHECK(cce_dice_public_key(&ctx, CCE_DICE_ALIAS, pub, sizeof pub) == CCE_OK);
  CHECK(memcmp(pub, exp_alias, 97) == 0);
  uint8_t m2[48];
  CHECK(cce_dice_measurement(&ctx, m2, sizeof m2) == CCE_OK && memcmp(m2, meas, 48) == 0);

  // Same inputs -> same keys.
  CHECK(cce_dice_init(&ctx2, uds, sizeof uds, meas, sizeof meas) == CCE_OK);
  CHECK(memcmp(&ctx, &ctx2, sizeof ctx) == 0);
  cce_dice_cleanup(&ctx2);
  // Other measurement -> same DeviceID, other Alias.
  uint8_t meas2[48];
  memcpy(meas2, meas, 48);
  meas2[47] ^= 1;
  CHECK(cce_dice_init(&ctx2, uds, sizeof uds, meas2, sizeof meas2) == CCE_OK);
  CHECK(cce_dice_public_key(&ctx2, CCE_DICE_DEVICEID, pub2, sizeof pub2) == CCE_OK);
  CHECK(memcmp(pub2, exp_dev, 97) == 0);
  CHECK(cce_dice_public_key(&ctx2, CCE_DICE_ALIAS, pub2, sizeof pub2) == CCE_OK);
  CHECK(memcmp(pub2, exp_alias, 97) != 0);
  cce_dice_cleanup(&ctx2);
  // Other UDS -> other DeviceID.
  uint8_t uds2[32];
  memcpy(uds2, uds, 32);
  uds2[0] ^= 0x80;
  CHECK(cce_dice_init(&ctx2, uds2, sizeof uds2, meas, sizeof meas) == CCE_OK);
  CHECK(cce_dice_public_key(&ctx2, CCE_DICE_DEVICEID, pub2, sizeof pub2) == CCE_OK);
  CHECK(memcmp(pub2, exp_dev, 97) != 0);
  cce_dice_cleanup(&ctx2);

  // Signatures verify under the right key only; RFC 6979: deterministic.
  static const uint8_t msg[] = "attest me";
  uint8_t sig[96], sig2[96];
  CHECK(cce_dice_sign(&ctx, CCE_DICE_ALIAS, msg, sizeof msg, sig, sizeof sig) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  CHECK(cce_dice_sign(&ctx, CCE_DICE_ALIAS, msg, sizeof msg, sig2, sizeof sig2) == CCE_OK);
  CHECK(memcmp(sig, sig2, 96) == 0);
  CHECK(cce_ecdsa_verify(CCE_EC_P384, CCE_HASH_SHA384, exp_alias, 97, msg, sizeof msg, sig, 96) == CCE_OK);
  CHECK(cce_ecdsa_verify(CCE_EC_P384, CCE_HASH_SHA384, exp_dev, 97, msg, sizeof msg, sig, 96) == CCE_ERR_SIGNATURE);
  CHECK(cce_dice_sign(&ctx, CCE_DICE_DEVICEID, msg, sizeof msg, sig, sizeof sig) == CCE_OK);
  CHECK(cce_ecdsa_verify(CCE_EC_P384, CCE_HASH_SHA384, exp_dev, 97, msg, sizeof msg, sig, 96) == CCE_OK);
  CHECK(cce_dice_sign(&ctx, CCE_DICE_DEVICEID, NULL, 0, sig, sizeof sig) == CCE_OK);
  CHECK(cce_ecdsa_verify(CCE_EC_P384, CCE_HASH_SHA384, exp_dev, 97, NULL, 0, sig, 96) == CCE_OK);

  // Error paths.
  CHECK(cce_dice_init(NULL, uds, 32, meas, 48) == CCE_ERR_NULL_POINTER);
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  CHECK(cce_dice_init(&ctx2, NULL, 32, meas, 48) == CCE_ERR_NULL_POINTER);
  CHECK(cce_dice_init(&ctx2, uds, 32, NULL, 48) == CCE_ERR_NULL_POINTER);
  CHECK(cce_dice_init(&ctx2, uds, 31, meas, 48) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_dice_init(&ctx2, uds, 33, meas, 48) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_dice_init(&ctx2, uds, 32, meas, 32) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_dice_public_key(&ctx2, CCE_DICE_ALIAS, pub, sizeof pub) == CCE_ERR_CTX_STATE);  // wiped on error
  CHECK(cce_dice_public_key(NULL, CCE_DICE_ALIAS, pub, sizeof pub) == CCE_ERR_NULL_POINTER);
  CHECK(cce_dice_public_key(&ctx, CCE_DICE_ALIAS, NULL, 97) == CCE_ERR_NULL_POINTER);
  CHECK(cce_dice_public_key(&ctx, CCE_DICE_ALIAS, pub, 96) == CCE_ERR_BUFFER_TOO_SMALL);
  CHECK(cce_dice_public_key(&ctx, (cce_dice_key)3, pub, 97) == CCE_ERR_INVALID_ARG);
  CHECK(cce_dice_measurement(&ctx, m2, 47) == CCE_ERR_BUFFER_TOO_SMALL);
  CHECK(cce_dice_measurement(&ctx2, m2, 48) == CCE_ERR_CTX_STATE);
  memset(sig, 0x55, sizeof sig);
  CHECK(cce_dice_sign(&ctx, CCE_DICE_ALIAS, msg, sizeof msg, sig, 95) == CCE_ERR_BUFFER_TOO_SMALL);
  CHECK(cce_dice_sign(&ctx, CCE_DICE_ALIAS, NULL, 1, sig, 96) == CCE_ERR_NULL_POINTER);
  CHECK(cce_dice_sign(&ctx, (cce_dice_key)0, msg, 1, sig, 96) == CCE_ERR_INVALID_ARG);
  uint8_t zero[96] = {0};
  CHECK(memcmp(sig, zero, 96) == 0);  // zeroed on error
  CHECK(cce_dice_sign(&ctx2, CCE_DICE_ALIAS, msg, 1, sig, 96) == CCE_ERR_CTX_STATE);
  // Cleanup wipes everything; the context is then refused.
  cce_dice_cleanup(&ctx);
  uint8_t zctx[sizeof ctx];
  memset(zctx, 0, sizeof zctx);
  CHECK(memcmp(&ctx, zctx, sizeof ctx) == 0);
  CHECK(cce_dice_sign(&ctx, CCE_DICE_ALIAS, msg, 1, sig, 96) == CCE_ERR_CTX_STATE);
  cce_dice_cleanup(NULL);

  // Known answers from an independent implementation (Python hashlib/hmac
  // for HKDF, textbook affine double-and-add on P-384 for d*G, written for
  // this test): UDS = 00 01 .. 1f, measurement = SHA2-384("abc").
  static const char kat_cdi[] =
      "ac7798ec742758d58bfb80bf14eb722b951896dcb1b2ece636bc24b8689bd8953ae7cbc5a704d2f5920541f70dd0d084";
  static const char kat_devid[] =
      "04cc5ce183b52824bbb278d257f8eb213c78fcd99e99dd3a7a0befb1b4c2c01efb3aef0365fe0101c371180c77acc3a354"
      "8e9a8bcb2638398cb6bc2c61b9cbfa86c8e992d40dfbbd7b44da9c0adc6bb5d55dbd55cd20ad97f7d8a965535a60e3db";
  static const char kat_alias[] =
      "04940c9e02b4a670d507b95dadacecc1ff278e9dd66d501ae42283c9b1b8d794e18271929374cd5d3adfe862bad5f204"
      "91ddefc2d2f50c49ee29d610446f508c3475c96c7757e2ffa7a9cb3ec4caea955fade34b9a492c1a6dc95883e7a4737922";
  uint8_t u[32], abc[48], want[97];
  for (int i = 0; i < 32; i++) u[i] = (uint8_t)i;
  CHECK(cce_hash(CCE_HASH_SHA384, abc, 48, "abc", 3) == CCE_OK);
  cce_dice_cdi_impl(cdi, u, abc);
  unhex(kat_cdi, want, 48);
  CHECK(memcmp(cdi, want, 48) == 0);
  CHECK(cce_dice_init(&ctx2, u, 32, abc, 48) == CCE_OK);
  unhex(kat_devid, want, 97);
  CHECK(cce_dice_public_key(&ctx2, CCE_DICE_DEVICEID, pub, sizeof pub) == CCE_OK);
  CHECK(memcmp(pub, want, 97) == 0);
  unhex(kat_alias, want, 97);
  CHECK(cce_dice_public_key(&ctx2, CCE_DICE_ALIAS, pub, sizeof pub) == CCE_OK);
  CHECK(memcmp(pub, want, 97) == 0);
  cce_dice_cleanup(&ctx2);
}

static void test_reduction_edges(void) {
  const cce_ec_curve *c = &cce_ec_p384;
  uint8_t seed[56], d[48], x[48], y[48], ref[48], one[48] = {0};
  one[47] = 1;
  // c = 0 -> d = 1.
  memset(seed, 0, sizeof seed);
  CHECK(cce_ec_derive_keypair_impl(c, seed, sizeof seed, d, x, y) == CCE_OK);
  CHECK(memcmp(d, one, 48) == 0);
  // c = n - 1 -> 0 mod (n-1) -> d = 1.
  memcpy(seed + 8, p384_n, 48);
  seed[55] -= 1;
  CHECK(cce_ec_derive_keypair_impl(c, seed, sizeof seed, d, x, y) == CCE_OK);
  CHECK(memcmp(d, one, 48) == 0);
  // c = n - 2 -> d = n - 1 (the largest key).
  seed[55] -= 1;
  CHECK(cce_ec_derive_keypair_impl(c, seed, sizeof seed, d, x, y) == CCE_OK);
  uint8_t nm1[48];
  memcpy(nm1, p384_n, 48);
  nm1[47] -= 1;
  CHECK(memcmp(d, nm1, 48) == 0);
  // c = 2^448 - 1, and a sweep of patterns, against the reference.
  for (int k = 0; k < 40; k++) {
    if (k == 0)
      memset(seed, 0xff, sizeof seed);
    else
      fill(seed, sizeof seed, (uint8_t)(k * 7));
    CHECK(cce_ec_derive_keypair_impl(c, seed, sizeof seed, d, x, y) == CCE_OK);
    ref_scalar(seed, sizeof seed, ref);
    CHECK(memcmp(d, ref, 48) == 0);
    uint8_t pub[97];
    CHECK(cce_ec_public_from_private(CCE_EC_P384, d, 48, pub, 97) == CCE_OK);
    CHECK(memcmp(pub + 1, x, 48) == 0 && memcmp(pub + 49, y, 48) == 0);
  }
  CHECK(cce_ec_derive_keypair_impl(c, seed, 55, d, x, y) == CCE_ERR_INVALID_LENGTH);
  // Other curves work too (generic code): P-256 and P-521, c = 0 -> d = 1.
  uint8_t s2[74] = {0}, d2[66], x2[66], y2[66];
  CHECK(cce_ec_derive_keypair_impl(&cce_ec_p256, s2, 40, d2, x2, y2) == CCE_OK);
  CHECK(d2[31] == 1 && d2[0] == 0);
  CHECK(cce_ec_derive_keypair_impl(&cce_ec_p521, s2, 74, d2, x2, y2) == CCE_OK);
  CHECK(d2[65] == 1 && d2[0] == 0);
}

static void test_lifecycle_record(void) {
  uint8_t uds[32], uds2[32], rec[48], rec2[48];
  fill(uds, 32, 7);
  fill(uds2, 32, 8);
  unsigned st;
  uint64_t seq;
  CHECK(cce_lc_record_seal(uds, 32, 2, 5, rec, sizeof rec) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  CHECK(memcmp(rec, "CCLC\x01\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x05", 16) == 0);
  // Known answer: tag = HMAC-SHA256(HKDF-SHA384(UDS, label, 32), rec[0..16)).
  uint8_t key[32], tag[32];
  CHECK(cce_hkdf(CCE_HASH_SHA384, key, 32, NULL, 0, uds, 32, (const uint8_t *)lbl_lc, strlen(lbl_lc)) == CCE_OK);
  CHECK(cce_hmac(CCE_HASH_SHA256, key, 32, rec, 16, tag, 32) == CCE_OK);
  CHECK(memcmp(tag, rec + 16, 32) == 0);
  CHECK(cce_lc_record_open(uds, 32, rec, 48, &st, &seq) == CCE_OK);
  CHECK(st == 2 && seq == 5);
  CHECK(cce_lc_record_parse(rec, 48, &st, &seq) == CCE_OK && st == 2 && seq == 5);
  // Every flipped bit is refused.
  for (size_t i = 0; i < 48; i++) {
    for (int b = 0; b < 8; b += 3) {
      memcpy(rec2, rec, 48);
      rec2[i] ^= (uint8_t)(1u << b);
      cce_status s = cce_lc_record_open(uds, 32, rec2, 48, &st, &seq);
      CHECK(s == CCE_ERR_AUTH || s == CCE_ERR_DECODE);
      CHECK(st == 0 && seq == 0);
    }
  }
  // Another device's secret.
  CHECK(cce_lc_record_open(uds2, 32, rec, 48, &st, &seq) == CCE_ERR_AUTH);
  // Format errors.
  CHECK(cce_lc_record_open(uds, 32, rec, 47, &st, &seq) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_lc_record_parse(rec, 49, &st, &seq) == CCE_ERR_INVALID_LENGTH);
  memcpy(rec2, rec, 48);
  rec2[5] = 5;
  CHECK(cce_lc_record_parse(rec2, 48, &st, &seq) == CCE_ERR_DECODE);
  memcpy(rec2, rec, 48);
  memset(rec2 + 8, 0, 8);
  CHECK(cce_lc_record_parse(rec2, 48, &st, &seq) == CCE_ERR_DECODE);
  CHECK(cce_lc_record_parse(NULL, 48, &st, &seq) == CCE_ERR_NULL_POINTER);
  // Seal errors.
  CHECK(cce_lc_record_seal(uds, 32, 5, 1, rec2, 48) == CCE_ERR_INVALID_ARG);
  CHECK(cce_lc_record_seal(uds, 32, 0, 0, rec2, 48) == CCE_ERR_INVALID_ARG);
  CHECK(cce_lc_record_seal(uds, 31, 0, 1, rec2, 48) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_lc_record_seal(uds, 32, 0, 1, rec2, 47) == CCE_ERR_BUFFER_TOO_SMALL);
  CHECK(cce_lc_record_seal(NULL, 32, 0, 1, rec2, 48) == CCE_ERR_NULL_POINTER);
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  CHECK(cce_lc_record_open(NULL, 32, rec, 48, &st, &seq) == CCE_ERR_NULL_POINTER);
  CHECK(cce_lc_record_open(uds, 32, rec, 48, NULL, &seq) == CCE_ERR_NULL_POINTER);
  // Largest sequence number round-trips.
  CHECK(cce_lc_record_seal(uds, 32, 4, UINT64_MAX, rec2, 48) == CCE_OK);
  CHECK(cce_lc_record_open(uds, 32, rec2, 48, &st, &seq) == CCE_OK && st == 4 && seq == UINT64_MAX);
}

static void test_x509(void) {
  uint8_t uds[32], meas[48], pub[97], name[256], tcb[256], tbs[2048], cert[2048], sig[96], kid[20];
  size_t name_len, tcb_len, tbs_len, cert_len;
  fill(uds, 32, 3);
  fill(meas, 48, 4);
  cce_dice_ctx ctx;
  CHECK(cce_dice_init(&ctx, uds, 32, meas, 48) == CCE_OK);
  CHECK(cce_dice_public_key(&ctx, CCE_DICE_ALIAS, pub, sizeof pub) == CCE_OK);
  CHECK(cce_x509_key_id(pub, 97, kid) == CCE_OK);
  CHECK(cce_x509_name(name, sizeof name, &name_len, "OpenCCE", "Test", "0123") == CCE_OK);
  CHECK(cce_x509_name(name, sizeof name, &name_len, NULL, NULL, NULL) == CCE_ERR_INVALID_ARG);
  CHECK(cce_x509_name(name, sizeof name, &name_len, "", "x", NULL) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_x509_name(name, sizeof name, &name_len, NULL, "x", "a*b") == CCE_ERR_INVALID_ARG);
  CHECK(cce_x509_name(name, sizeof name, &name_len, "OpenCCE", "Test", "0123") == CCE_OK);
  CHECK(cce_x509_tcbinfo(tcb, sizeof tcb, &tcb_len, "V", "M", 0, meas, 48) == CCE_OK);
  CHECK(cce_x509_tcbinfo(tcb, sizeof tcb, &tcb_len, "V", "M", 0, meas, 47) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_x509_tcbinfo(tcb, sizeof tcb, &tcb_len, "V", "M", 0, meas, 48) == CCE_OK);
  cce_x509_tbs_params p;
  memset(&p, 0, sizeof p);
  p.serial = kid;
  p.serial_len = 20;
  p.issuer = name;
  p.issuer_len = name_len;
  p.subject = name;
  p.subject_len = name_len;
  p.not_before = 1735689600;
  p.not_after = -1;
  p.curve = CCE_PKEY_CURVE_P384;
  p.subject_pub = pub;
  p.subject_pub_len = 97;
  p.is_ca = 1;
  p.path_len = 0;
  p.key_usage = CCE_X509_KU_KEY_CERT_SIGN | CCE_X509_KU_DIGITAL_SIGNATURE;
  p.ski = kid;
  p.ski_len = 20;
  p.aki = kid;
  p.aki_len = 20;
  p.tcbinfo = tcb;
  p.tcbinfo_len = tcb_len;
  p.sig_hash = CCE_HASH_SHA384;
  CHECK(cce_x509_build_tbs(tbs, sizeof tbs, &tbs_len, &p) == CCE_OK);
  CHECK(cce_dice_sign(&ctx, CCE_DICE_ALIAS, tbs, tbs_len, sig, 96) == CCE_OK);
  CHECK(cce_x509_assemble(cert, sizeof cert, &cert_len, tbs, tbs_len, CCE_HASH_SHA384, sig, 96) == CCE_OK);
  cce_x509_cert c;
  CHECK(cce_x509_parse(&c, cert, cert_len) == CCE_OK);
  CHECK(c.tbs.len == tbs_len && memcmp(c.tbs.data, tbs, tbs_len) == 0);
  CHECK(c.is_ca == 1 && c.path_len == 0);
  CHECK(c.has_key_usage && c.key_usage == (CCE_X509_KU_KEY_CERT_SIGN | CCE_X509_KU_DIGITAL_SIGNATURE));
  CHECK(c.ski.len == 20 && memcmp(c.ski.data, kid, 20) == 0);
  CHECK(c.aki.len == 20 && memcmp(c.aki.data, kid, 20) == 0);
  CHECK(c.fwid.len == 48 && memcmp(c.fwid.data, meas, 48) == 0 && c.fwid_hash == CCE_HASH_SHA384);
  CHECK(c.sig_hash == CCE_HASH_SHA384);
  CHECK(c.subject.len == name_len && memcmp(c.subject.data, name, name_len) == 0);
  CHECK(c.serial.len == 20 && (c.serial.data[0] & 0x80) == 0);
  CHECK(!c.unknown_critical);
  // Truncations and a trailing byte are refused.
  for (size_t n = 0; n < cert_len; n += 17) CHECK(cce_x509_parse(&c, cert, n) != CCE_OK);
  cert[cert_len] = 0;
  CHECK(cce_x509_parse(&c, cert, cert_len + 1) == CCE_ERR_DECODE);
  // Parameter errors.
  p.serial_len = 21;
  CHECK(cce_x509_build_tbs(tbs, sizeof tbs, &tbs_len, &p) == CCE_ERR_INVALID_LENGTH);
  p.serial_len = 20;
  p.is_ca = 0;
  CHECK(cce_x509_build_tbs(tbs, sizeof tbs, &tbs_len, &p) == CCE_ERR_INVALID_ARG);  // pathlen without CA
  p.path_len = -1;
  p.sig_hash = CCE_HASH_SHA1;
  CHECK(cce_x509_build_tbs(tbs, sizeof tbs, &tbs_len, &p) == CCE_ERR_UNSUPPORTED);
  p.sig_hash = CCE_HASH_SHA384;
  CHECK(cce_x509_build_tbs(tbs, 100, &tbs_len, &p) == CCE_ERR_BUFFER_TOO_SMALL);
  CHECK(cce_x509_build_tbs(tbs, sizeof tbs, &tbs_len, &p) == CCE_OK);
  cce_dice_cleanup(&ctx);
}

int main(void) {
  test_cdi_and_keys();
  test_reduction_edges();
  test_lifecycle_record();
  test_x509();
  printf("%u passed, %u failed\n", g_pass, g_fail);
  return g_fail ? 1 : 0;
}
