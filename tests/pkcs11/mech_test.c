// mech_test.c: unit test of the mechanism half of libcce-pkcs11.so
// (tools/pkcs11/p11_mech*.c), calling the p11_* functions of p11.h directly.
//
// Known answers from the standards (FIPS 180-4/202 examples, RFC 4231,
// SP 800-38A F.1/F.2/F.5, the GCM specification's test case 4, RFC 3394,
// RFC 5649, SP 800-38B D.1, RFC 5869, RFC 8032), round trips for ECDSA,
// ECDH, EdDSA, RSA PKCS#1 v1.5 / PSS / OAEP, ML-KEM and ML-DSA, the PKCS#11
// output-length convention and every error path the mechanisms name.
// Prints "N passed, N failed"; exits non-zero on any failure.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p11.h"

#include "cce/module.h"

#ifndef CKM_AES_KEY_WRAP_KWP
#define CKM_AES_KEY_WRAP_KWP 0x0000210BUL
#endif

static int g_pass, g_fail;

#define CHECK(cond, name)                                             \
  do {                                                                \
    if (cond) {                                                       \
      g_pass++;                                                       \
    } else {                                                          \
      g_fail++;                                                       \
      fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, name); \
    }                                                                 \
  } while (0)

#define CHECK_RV(got, want, name)                                                                          \
  do {                                                                                                     \
    CK_RV got_ = (got);                                                                                    \
    if (got_ == (CK_RV)(want)) {                                                                           \
      g_pass++;                                                                                            \
    } else {                                                                                               \
      g_fail++;                                                                                            \
      fprintf(stderr, "FAIL %s:%d: %s: rv 0x%lx, want 0x%lx\n", __FILE__, __LINE__, name, (unsigned long)got_, \
              (unsigned long)(want));                                                                      \
    }                                                                                                      \
  } while (0)

static size_t unhex(uint8_t *out, const char *hex) {
  size_t n = 0;
  while (hex[0] && hex[1]) {
    if (hex[0] == ' ') {
      hex++;
      continue;
    }
    unsigned v;
    sscanf(hex, "%2x", &v);
    out[n++] = (uint8_t)v;
    hex += 2;
  }
  return n;
}

static int eqhex(const uint8_t *got, size_t got_len, const char *hex) {
  uint8_t want[512];
  size_t n = unhex(want, hex);
  return n == got_len && memcmp(got, want, n) == 0;
}

static CK_MECHANISM M(CK_MECHANISM_TYPE t, void *p, CK_ULONG n) {
  CK_MECHANISM m = {t, p, n};
  return m;
}

static void key_secret(p11_attrs *k, CK_KEY_TYPE kt, const uint8_t *v, size_t n) {
  memset(k, 0, sizeof *k);
  p11_attrs_set_ulong(k, CKA_CLASS, CKO_SECRET_KEY);
  p11_attrs_set_ulong(k, CKA_KEY_TYPE, kt);
  p11_attrs_set(k, CKA_VALUE, v, (CK_ULONG)n);
}

static void key_secret_hex(p11_attrs *k, CK_KEY_TYPE kt, const char *hex) {
  uint8_t v[256];
  size_t n = unhex(v, hex);
  key_secret(k, kt, v, n);
}

// run: init + one-shot with a size query first; returns the final rv.
static CK_RV run(p11_op_kind kind, CK_MECHANISM *m, const p11_attrs *key, const uint8_t *in, size_t in_len,
                 uint8_t *out, CK_ULONG *out_len) {
  p11_op *op = NULL;
  CK_RV rv = p11_op_init(&op, kind, m, key);
  if (rv != CKR_OK) return rv;
  if (kind != P11_OP_VERIFY) {
    CK_ULONG cap = *out_len, need = 0;
    rv = p11_op_oneshot(op, in, (CK_ULONG)in_len, NULL, &need);
    if (rv != CKR_OK || need > cap) {
      p11_op_free(op);
      *out_len = need;
      return rv != CKR_OK ? rv : CKR_BUFFER_TOO_SMALL;
    }
  }
  rv = p11_op_oneshot(op, in, (CK_ULONG)in_len, out, out_len);
  p11_op_free(op);
  return rv;
}

// run_parts: init + updates of `step` bytes + final (encrypt/decrypt/digest/
// sign); output concatenated.
static CK_RV run_parts(p11_op_kind kind, CK_MECHANISM *m, const p11_attrs *key, const uint8_t *in, size_t in_len,
                       size_t step, uint8_t *out, CK_ULONG *out_len) {
  p11_op *op = NULL;
  CK_RV rv = p11_op_init(&op, kind, m, key);
  if (rv != CKR_OK) return rv;
  size_t done = 0, total = 0;
  int has_out = kind == P11_OP_ENCRYPT || kind == P11_OP_DECRYPT;
  while (done < in_len) {
    size_t n = in_len - done < step ? in_len - done : step;
    CK_ULONG ol = has_out ? *out_len - (CK_ULONG)total : 0;
    rv = p11_op_update(op, in + done, (CK_ULONG)n, has_out ? out + total : NULL, has_out ? &ol : NULL);
    if (rv != CKR_OK) {
      p11_op_free(op);
      return rv;
    }
    total += has_out ? ol : 0;
    done += n;
  }
  CK_ULONG ol = *out_len - (CK_ULONG)total;
  if (kind == P11_OP_VERIFY) {
    ol = *out_len;
    rv = p11_op_final(op, out, &ol);
  } else {
    rv = p11_op_final(op, out + total, &ol);
    total += ol;
    *out_len = (CK_ULONG)total;
  }
  p11_op_free(op);
  return rv;
}

// verify: one-shot verification of `sig`.
static CK_RV verify(CK_MECHANISM *m, const p11_attrs *key, const uint8_t *in, size_t in_len, const uint8_t *sig,
                    size_t sig_len) {
  uint8_t s[8192];
  memcpy(s, sig, sig_len);
  CK_ULONG sl = (CK_ULONG)sig_len;
  return run(P11_OP_VERIFY, m, key, in, in_len, s, &sl);
}

// ---------------------------------------------------------------------------

static void test_table(void) {
  CK_ULONG n = 0;
  CHECK_RV(p11_mech_list(NULL, &n), CKR_OK, "list size query");
  CHECK(n > 50, "list has the mechanisms");
  CK_MECHANISM_TYPE small[2];
  CK_ULONG n2 = 2;
  CHECK_RV(p11_mech_list(small, &n2), CKR_BUFFER_TOO_SMALL, "list too small");
  CHECK(n2 == n, "list too small sets count");
  CK_MECHANISM_TYPE *list = calloc(n, sizeof *list);
  CHECK_RV(p11_mech_list(list, &n), CKR_OK, "list");
  int seen_gcm = 0, seen_mlkem = 0;
  for (CK_ULONG i = 0; i < n; i++) {
    CK_MECHANISM_INFO info;
    CHECK_RV(p11_mech_info(list[i], &info), CKR_OK, "info of listed mechanism");
    seen_gcm |= list[i] == CKM_AES_GCM;
    seen_mlkem |= list[i] == CKM_ML_KEM;
  }
  free(list);
  CHECK(seen_gcm && seen_mlkem, "GCM and ML-KEM listed");
  CK_MECHANISM_INFO info;
  CHECK_RV(p11_mech_info(CKM_AES_GCM, &info), CKR_OK, "info gcm");
  CHECK(info.flags == (CKF_ENCRYPT | CKF_DECRYPT) && info.ulMinKeySize == 16 && info.ulMaxKeySize == 32,
        "gcm flags and sizes");
  CHECK_RV(p11_mech_info(CKM_ECDSA_SHA1, &info), CKR_OK, "info ecdsa-sha1");
  CHECK((info.flags & CKF_SIGN) == 0 && (info.flags & CKF_VERIFY), "ecdsa-sha1 verify only");
  CHECK_RV(p11_mech_info(CKM_RSA_PKCS_KEY_PAIR_GEN, &info), CKR_OK, "info rsa gen");
  CHECK(info.ulMinKeySize == 2048 && info.ulMaxKeySize == 4096 && info.flags == CKF_GENERATE_KEY_PAIR, "rsa gen");
  CHECK_RV(p11_mech_info(CKM_RSA_X_509, &info), CKR_MECHANISM_INVALID, "raw RSA not offered");
  CHECK_RV(p11_mech_info(0x7ffffff0UL, &info), CKR_MECHANISM_INVALID, "unknown mechanism");
  p11_op *op = NULL;
  CK_MECHANISM m = M(CKM_SHA256, NULL, 0);
  CHECK_RV(p11_op_init(&op, P11_OP_ENCRYPT, &m, NULL), CKR_MECHANISM_INVALID, "digest mech for encrypt");
  CHECK(op == NULL, "no op on failure");
}

static void test_digest(void) {
  static const struct {
    CK_MECHANISM_TYPE m;
    const char *md;
  } v[] = {
      {CKM_SHA_1, "a9993e364706816aba3e25717850c26c9cd0d89d"},
      {CKM_SHA224, "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"},
      {CKM_SHA256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {CKM_SHA384,
       "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"},
      {CKM_SHA512,
       "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643c"
       "e80e2a9ac94fa54ca49f"},
      {CKM_SHA3_256, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"},
  };
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    CK_MECHANISM m = M(v[i].m, NULL, 0);
    uint8_t out[64];
    CK_ULONG ol = sizeof out;
    CHECK_RV(run(P11_OP_DIGEST, &m, NULL, (const uint8_t *)"abc", 3, out, &ol), CKR_OK, "digest");
    CHECK(eqhex(out, ol, v[i].md), "digest KAT");
    ol = sizeof out;
    CHECK_RV(run_parts(P11_OP_DIGEST, &m, NULL, (const uint8_t *)"abc", 3, 1, out, &ol), CKR_OK, "digest parts");
    CHECK(eqhex(out, ol, v[i].md), "digest multi-part KAT");
  }
  // Output convention: size query, too small keeps the operation.
  CK_MECHANISM m = M(CKM_SHA256, NULL, 0);
  p11_op *op;
  CHECK_RV(p11_op_init(&op, P11_OP_DIGEST, &m, NULL), CKR_OK, "init");
  uint8_t out[64];
  CK_ULONG ol = 0;
  CHECK_RV(p11_op_oneshot(op, (const uint8_t *)"abc", 3, NULL, &ol), CKR_OK, "size query");
  CHECK(ol == 32, "size query length");
  ol = 31;
  CHECK_RV(p11_op_oneshot(op, (const uint8_t *)"abc", 3, out, &ol), CKR_BUFFER_TOO_SMALL, "too small");
  CHECK(ol == 32, "too small sets the length");
  ol = sizeof out;
  CHECK_RV(p11_op_oneshot(op, (const uint8_t *)"abc", 3, out, &ol), CKR_OK, "after too small");
  CHECK(eqhex(out, ol, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), "kept op result");
  p11_op_free(op);
  CHECK_RV(p11_op_init(&op, P11_OP_DIGEST, &m, NULL), CKR_OK, "init");
  CHECK_RV(p11_op_update(op, (const uint8_t *)"ab", 2, NULL, NULL), CKR_OK, "update");
  ol = 0;
  CHECK_RV(p11_op_oneshot(op, (const uint8_t *)"c", 1, out, &ol), CKR_OPERATION_ACTIVE, "oneshot after update");
  CHECK_RV(p11_op_update(op, (const uint8_t *)"c", 1, NULL, NULL), CKR_OK, "update");
  ol = 0;
  CHECK_RV(p11_op_final(op, NULL, &ol), CKR_OK, "final size query");
  CHECK(ol == 32, "final size");
  CHECK_RV(p11_op_final(op, out, &ol), CKR_OK, "final");
  CHECK(eqhex(out, ol, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), "final value");
  p11_op_free(op);
  CK_ULONG bad = 1;
  m = M(CKM_SHA256, &bad, sizeof bad);
  CHECK_RV(p11_op_init(&op, P11_OP_DIGEST, &m, NULL), CKR_MECHANISM_PARAM_INVALID, "digest with param");
}

static void test_hmac(void) {
  p11_attrs k;
  key_secret_hex(&k, CKK_GENERIC_SECRET, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
  const uint8_t *msg = (const uint8_t *)"Hi There";
  const char *h256 = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
  const char *h512 =
      "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61"
      "f1702e696c203a126854";
  CK_MECHANISM m = M(CKM_SHA256_HMAC, NULL, 0);
  uint8_t out[64];
  CK_ULONG ol = sizeof out;
  CHECK_RV(run(P11_OP_SIGN, &m, &k, msg, 8, out, &ol), CKR_OK, "hmac-sha256");
  CHECK(eqhex(out, ol, h256), "RFC 4231 case 1 SHA-256");
  ol = sizeof out;
  CHECK_RV(run_parts(P11_OP_SIGN, &m, &k, msg, 8, 3, out, &ol), CKR_OK, "hmac parts");
  CHECK(eqhex(out, ol, h256), "RFC 4231 multi-part");
  CHECK_RV(verify(&m, &k, msg, 8, out, 32), CKR_OK, "hmac verify");
  out[0] ^= 1;
  CHECK_RV(verify(&m, &k, msg, 8, out, 32), CKR_SIGNATURE_INVALID, "hmac verify bad");
  CHECK_RV(verify(&m, &k, msg, 8, out, 31), CKR_SIGNATURE_LEN_RANGE, "hmac verify short");
  m = M(CKM_SHA512_HMAC, NULL, 0);
  ol = sizeof out;
  CHECK_RV(run(P11_OP_SIGN, &m, &k, msg, 8, out, &ol), CKR_OK, "hmac-sha512");
  CHECK(eqhex(out, ol, h512), "RFC 4231 case 1 SHA-512");
  CK_ULONG gl = 16;
  m = M(CKM_SHA256_HMAC_GENERAL, &gl, sizeof gl);
  ol = sizeof out;
  CHECK_RV(run(P11_OP_SIGN, &m, &k, msg, 8, out, &ol), CKR_OK, "hmac general");
  CHECK(eqhex(out, ol, "b0344c61d8db38535ca8afceaf0bf12b"), "hmac general truncated");
  CHECK_RV(verify(&m, &k, msg, 8, out, 16), CKR_OK, "hmac general verify");
  gl = 33;
  ol = sizeof out;
  CHECK_RV(run(P11_OP_SIGN, &m, &k, msg, 8, out, &ol), CKR_MECHANISM_PARAM_INVALID, "hmac general too long");
  p11_attrs aes;
  key_secret_hex(&aes, CKK_AES, "000102030405060708090a0b0c0d0e0f");
  m = M(CKM_SHA256_HMAC, NULL, 0);
  ol = sizeof out;
  CHECK_RV(run(P11_OP_SIGN, &m, &aes, msg, 8, out, &ol), CKR_KEY_TYPE_INCONSISTENT, "hmac with AES key");
  p11_attrs_free(&aes);
  p11_attrs_free(&k);
}

static const char *k_sp_pt =
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b"
    "17ad2b417be66c3710";

static void test_aes_modes(void) {
  p11_attrs k;
  key_secret_hex(&k, CKK_AES, "2b7e151628aed2a6abf7158809cf4f3c");
  uint8_t pt[64], out[128], back[128], iv[16];
  unhex(pt, k_sp_pt);
  unhex(iv, "000102030405060708090a0b0c0d0e0f");
  const char *cbc =
      "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681f"
      "ac09120eca307586e1a7";
  // ECB (F.1.1).
  CK_MECHANISM m = M(CKM_AES_ECB, NULL, 0);
  CK_ULONG ol = sizeof out;
  CHECK_RV(run(P11_OP_ENCRYPT, &m, &k, pt, 16, out, &ol), CKR_OK, "ecb");
  CHECK(eqhex(out, ol, "3ad77bb40d7a3660a89ecaf32466ef97"), "ECB-AES128 F.1.1");
  ol = sizeof out;
  CHECK_RV(run(P11_OP_ENCRYPT, &m, &k, pt, 15, out, &ol), CKR_DATA_LEN_RANGE, "ecb partial block");
  ol = sizeof out;
  CHECK_RV(run(P11_OP_DECRYPT, &m, &k, pt, 15, out, &ol), CKR_ENCRYPTED_DATA_LEN_RANGE, "ecb dec partial");
  // CBC (F.2.1), one-shot and in odd pieces.
  m = M(CKM_AES_CBC, iv, 16);
  ol = sizeof out;
  CHECK_RV(run(P11_OP_ENCRYPT, &m, &k, pt, 64, out, &ol), CKR_OK, "cbc");
  CHECK(eqhex(out, ol, cbc), "CBC-AES128 F.2.1");
  ol = sizeof out;
  CHECK_RV(run_parts(P11_OP_ENCRYPT, &m, &k, pt, 64, 7, out, &ol), CKR_OK, "cbc parts");
  CHECK(eqhex(out, ol, cbc), "CBC multi-part");
  ol = sizeof back;
  CHECK_RV(run_parts(P11_OP_DECRYPT, &m, &k, out, 64, 5, back, &ol), CKR_OK, "cbc dec parts");
  CHECK(ol == 64 && memcmp(back, pt, 64) == 0, "CBC decrypt");
  ol = sizeof out;
  CHECK_RV(run_parts(P11_OP_ENCRYPT, &m, &k, pt, 20, 7, out, &ol), CKR_DATA_LEN_RANGE, "cbc final partial");
  {
    // C_EncryptUpdate: size query and short buffer keep the state.
    p11_op *op;
    CHECK_RV(p11_op_init(&op, P11_OP_ENCRYPT, &m, &k), CKR_OK, "init");
    CK_ULONG l = 0;
    CHECK_RV(p11_op_update(op, pt, 40, NULL, &l), CKR_OK, "update size query");
    CHECK(l == 32, "update size = whole blocks");
    l = 16;
    CHECK_RV(p11_op_update(op, pt, 40, out, &l), CKR_BUFFER_TOO_SMALL, "update too small");
    CHECK(l == 32, "update too small sets the length");
    l = sizeof out;
    CHECK_RV(p11_op_update(op, pt, 40, out, &l), CKR_OK, "update");
    CK_ULONG l2 = sizeof out - l;
    CHECK_RV(p11_op_update(op, pt + 40, 24, out + l, &l2), CKR_OK, "update 2");
    CHECK(l + l2 == 64 && eqhex(out, 64, cbc), "update after too small gives the F.2.1 answer");
    l = sizeof out;
    CHECK_RV(p11_op_final(op, out, &l), CKR_OK, "final");
    CHECK(l == 0, "nothing left");
    p11_op_free(op);
  }
  m = M(CKM_AES_CBC, iv, 15);
  ol = sizeof out;
  CHECK_RV(run(P11_OP_ENCRYPT, &m, &k, pt, 16, out, &ol), CKR_MECHANISM_PARAM_INVALID, "cbc iv 15");
  // CBC_PAD: the first 64 bytes are the CBC answer, then a full pad block.
  m = M(CKM_AES_CBC_PAD, iv, 16);
  for (size_t len = 0; len <= 64; len += 13) {
    ol = sizeof out;
    CHECK_RV(run(P11_OP_ENCRYPT, &m, &k, pt, len, out, &ol), CKR_OK, "cbc_pad");
    CHECK(ol == (len / 16 + 1) * 16, "cbc_pad length");
    CK_ULONG bl = sizeof back;
    CHECK_RV(run_parts(P11_OP_DECRYPT, &m, &k, out, ol, 16, back, &bl), CKR_OK, "cbc_pad dec parts");
    CHECK(bl == len && memcmp(back, pt, len) == 0, "cbc_pad round trip");
    uint8_t out2[128];
    CK_ULONG ol2 = sizeof out2;
    CHECK_RV(run_parts(P11_OP_ENCRYPT, &m, &k, pt, len, 5, out2, &ol2), CKR_OK, "cbc_pad enc parts");
    CHECK(ol2 == ol && memcmp(out, out2, ol) == 0, "cbc_pad incremental == one-shot");
  }
  ol = sizeof out;
  CHECK_RV(run(P11_OP_ENCRYPT, &m, &k, pt, 64, out, &ol), CKR_OK, "cbc_pad 64");
  CHECK(ol == 80 && eqhex(out, 64, cbc), "CBC_PAD prefix is the F.2.1 answer");
  // Decrypt size query then short buffer (exact length reported).
  {
    p11_op *op;
    CHECK_RV(p11_op_init(&op, P11_OP_DECRYPT, &m, &k), CKR_OK, "init");
    CK_ULONG need = 0;
    CHECK_RV(p11_op_oneshot(op, out, 80, NULL, &need), CKR_OK, "cbc_pad dec size");
    CHECK(need == 64, "cbc_pad dec size exact");
    CK_ULONG bl = 10;
    CHECK_RV(p11_op_oneshot(op, out, 80, back, &bl), CKR_BUFFER_TOO_SMALL, "cbc_pad dec too small");
    bl = sizeof back;
    CHECK_RV(p11_op_oneshot(op, out, 80, back, &bl), CKR_OK, "cbc_pad dec after too small");
    CHECK(bl == 64 && memcmp(back, pt, 64) == 0, "cbc_pad dec value");
    p11_op_free(op);
  }
  // Bad padding: a block encrypted with plain CBC whose last byte is 0x00,
  // 0x11, or 0x02 preceded by 0x03.
  static const char *bad_blocks[] = {"000102030405060708090a0b0c0d0e00", "000102030405060708090a0b0c0d0e11",
                                     "000102030405060708090a0b0c0d0302"};
  for (int i = 0; i < 3; i++) {
    uint8_t blk[16], ct[16];
    unhex(blk, bad_blocks[i]);
    CK_MECHANISM plain = M(CKM_AES_CBC, iv, 16);
    CK_ULONG cl = sizeof ct;
    CHECK_RV(run(P11_OP_ENCRYPT, &plain, &k, blk, 16, ct, &cl), CKR_OK, "cbc");
    CK_ULONG bl = sizeof back;
    CHECK_RV(run(P11_OP_DECRYPT, &m, &k, ct, 16, back, &bl), CKR_ENCRYPTED_DATA_INVALID, "bad padding one-shot");
    bl = sizeof back;
    CHECK_RV(run_parts(P11_OP_DECRYPT, &m, &k, ct, 16, 3, back, &bl), CKR_ENCRYPTED_DATA_INVALID,
             "bad padding final");
  }
  ol = sizeof back;
  CHECK_RV(run(P11_OP_DECRYPT, &m, &k, out, 79, back, &ol), CKR_ENCRYPTED_DATA_LEN_RANGE, "cbc_pad dec length");
  ol = sizeof back;
  CHECK_RV(run_parts(P11_OP_DECRYPT, &m, &k, out, 72, 8, back, &ol), CKR_ENCRYPTED_DATA_LEN_RANGE,
           "cbc_pad final length");
  // CTR (F.5.1).
  const char *ctr =
      "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe"
      "03d1792170a0f3009cee";
  CK_AES_CTR_PARAMS cp;
  cp.ulCounterBits = 128;
  unhex(cp.cb, "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
  m = M(CKM_AES_CTR, &cp, sizeof cp);
  ol = sizeof out;
  CHECK_RV(run(P11_OP_ENCRYPT, &m, &k, pt, 64, out, &ol), CKR_OK, "ctr");
  CHECK(eqhex(out, ol, ctr), "CTR-AES128 F.5.1");
  size_t steps[] = {1, 5, 17, 39};
  for (int i = 0; i < 4; i++) {
    ol = sizeof out;
    CHECK_RV(run_parts(P11_OP_ENCRYPT, &m, &k, pt, 64, steps[i], out, &ol), CKR_OK, "ctr parts");
    CHECK(eqhex(out, ol, ctr), "CTR multi-part any split");
  }
  cp.ulCounterBits = 1;  // counter field is the last bit, already 1: one block left
  ol = sizeof out;
  CHECK_RV(run(P11_OP_ENCRYPT, &m, &k, pt, 16, out, &ol), CKR_OK, "ctr 1-bit counter, one block");
  ol = sizeof out;
  CHECK_RV(run(P11_OP_ENCRYPT, &m, &k, pt, 17, out, &ol), CKR_DATA_LEN_RANGE, "ctr counter would wrap");
  cp.ulCounterBits = 0;
  ol = sizeof out;
  CHECK_RV(run(P11_OP_ENCRYPT, &m, &k, pt, 16, out, &ol), CKR_MECHANISM_PARAM_INVALID, "ctr 0 bits");
  p11_attrs bad;
  key_secret_hex(&bad, CKK_AES, "000102030405060708090a0b0c0d0e0f10");
  m = M(CKM_AES_ECB, NULL, 0);
  ol = sizeof out;
  CHECK_RV(run(P11_OP_ENCRYPT, &m, &bad, pt, 16, out, &ol), CKR_KEY_SIZE_RANGE, "17-byte AES key");
  p11_attrs_free(&bad);
  key_secret_hex(&bad, CKK_GENERIC_SECRET, "000102030405060708090a0b0c0d0e0f");
  ol = sizeof out;
  CHECK_RV(run(P11_OP_ENCRYPT, &m, &bad, pt, 16, out, &ol), CKR_KEY_TYPE_INCONSISTENT, "generic key for AES");
  p11_attrs_free(&bad);
  p11_attrs_free(&k);
}

static void test_gcm(void) {
  p11_attrs k;
  key_secret_hex(&k, CKK_AES, "feffe9928665731c6d6a8f9467308308");
  uint8_t pt[64], iv[12], aad[20], out[128], back[128];
  size_t pl = unhex(pt,
                    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
                    "b16aedf5aa0de657ba637b39");
  unhex(iv, "cafebabefacedbaddecaf888");
  unhex(aad, "feedfacedeadbeeffeedfacedeadbeefabaddad2");
  const char *ct_tag =
      "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac"
      "973d58e0915bc94fbc3221a5db94fae95ae7121a47";
  CK_GCM_PARAMS gp = {iv, 12, 96, aad, 20, 128};
  CK_MECHANISM m = M(CKM_AES_GCM, &gp, sizeof gp);
  CK_ULONG ol = sizeof out;
  CHECK_RV(run(P11_OP_ENCRYPT, &m, &k, pt, pl, out, &ol), CKR_OK, "gcm enc");
  CHECK(eqhex(out, ol, ct_tag), "GCM test case 4");
  ol = sizeof out;
  CHECK_RV(run_parts(P11_OP_ENCRYPT, &m, &k, pt, pl, 7, out, &ol), CKR_OK, "gcm enc parts");
  CHECK(eqhex(out, ol, ct_tag), "GCM multi-part");
  CK_ULONG bl = sizeof back;
  CHECK_RV(run(P11_OP_DECRYPT, &m, &k, out, ol, back, &bl), CKR_OK, "gcm dec");
  CHECK(bl == pl && memcmp(back, pt, pl) == 0, "gcm dec value");
  // Multi-part decryption: nothing released before the final tag check.
  {
    p11_op *op;
    CHECK_RV(p11_op_init(&op, P11_OP_DECRYPT, &m, &k), CKR_OK, "init");
    CK_ULONG got = sizeof back;
    CHECK_RV(p11_op_update(op, out, 40, back, &got), CKR_OK, "gcm dec update");
    CHECK(got == 0, "gcm update releases nothing");
    got = sizeof back;
    CHECK_RV(p11_op_update(op, out + 40, ol - 40, back, &got), CKR_OK, "gcm dec update 2");
    CHECK(got == 0, "gcm update releases nothing (2)");
    got = 0;
    CHECK_RV(p11_op_final(op, NULL, &got), CKR_OK, "gcm final size");
    CHECK(got == pl, "gcm final size value");
    got = sizeof back;
    CHECK_RV(p11_op_final(op, back, &got), CKR_OK, "gcm final");
    CHECK(got == pl && memcmp(back, pt, pl) == 0, "gcm multi-part dec value");
    p11_op_free(op);
  }
  out[ol - 1] ^= 1;
  bl = sizeof back;
  memset(back, 0x55, sizeof back);
  CHECK_RV(run(P11_OP_DECRYPT, &m, &k, out, ol, back, &bl), CKR_ENCRYPTED_DATA_INVALID, "gcm bad tag");
  bl = sizeof back;
  CHECK_RV(run_parts(P11_OP_DECRYPT, &m, &k, out, ol, 9, back, &bl), CKR_ENCRYPTED_DATA_INVALID,
           "gcm bad tag multi-part");
  bl = sizeof back;
  CHECK_RV(run(P11_OP_DECRYPT, &m, &k, out, 15, back, &bl), CKR_ENCRYPTED_DATA_LEN_RANGE, "gcm shorter than tag");
  gp.ulTagBits = 100;
  ol = sizeof out;
  CHECK_RV(run(P11_OP_ENCRYPT, &m, &k, pt, pl, out, &ol), CKR_MECHANISM_PARAM_INVALID, "gcm tag bits 100");
  gp.ulTagBits = 96;
  ol = sizeof out;
  CHECK_RV(run(P11_OP_ENCRYPT, &m, &k, pt, pl, out, &ol), CKR_OK, "gcm 96-bit tag");
  CHECK(ol == pl + 12 && eqhex(out + pl, 12, "5bc94fbc3221a5db94fae95a"), "gcm truncated tag");
  gp.ulIvLen = 0;
  ol = sizeof out;
  CHECK_RV(run(P11_OP_ENCRYPT, &m, &k, pt, pl, out, &ol), CKR_MECHANISM_PARAM_INVALID, "gcm empty IV");
  m = M(CKM_AES_GCM, &gp, sizeof gp - 1);
  ol = sizeof out;
  CHECK_RV(run(P11_OP_ENCRYPT, &m, &k, pt, pl, out, &ol), CKR_MECHANISM_PARAM_INVALID, "gcm param size");
  p11_attrs_free(&k);
}

static void test_kw_cmac(void) {
  p11_attrs kek;
  key_secret_hex(&kek, CKK_AES, "000102030405060708090A0B0C0D0E0F");
  uint8_t kd[32], out[64], back[64];
  unhex(kd, "00112233445566778899AABBCCDDEEFF");
  CK_MECHANISM m = M(CKM_AES_KEY_WRAP, NULL, 0);
  CK_ULONG ol = sizeof out;
  CHECK_RV(run(P11_OP_ENCRYPT, &m, &kek, kd, 16, out, &ol), CKR_OK, "kw");
  CHECK(eqhex(out, ol, "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"), "RFC 3394 4.1");
  CK_ULONG bl = sizeof back;
  CHECK_RV(run_parts(P11_OP_DECRYPT, &m, &kek, out, ol, 5, back, &bl), CKR_OK, "kw dec (buffered parts)");
  CHECK(bl == 16 && memcmp(back, kd, 16) == 0, "kw round trip");
  out[3] ^= 1;
  bl = sizeof back;
  CHECK_RV(run(P11_OP_DECRYPT, &m, &kek, out, 24, back, &bl), CKR_ENCRYPTED_DATA_INVALID, "kw integrity");
  ol = sizeof out;
  CHECK_RV(run(P11_OP_ENCRYPT, &m, &kek, kd, 12, out, &ol), CKR_DATA_LEN_RANGE, "kw 12 bytes");
  bl = sizeof back;
  CHECK_RV(run(P11_OP_DECRYPT, &m, &kek, out, 20, back, &bl), CKR_ENCRYPTED_DATA_LEN_RANGE, "kw dec 20 bytes");
  // KWP (RFC 5649 section 6), under both mechanism names.
  p11_attrs kek2;
  key_secret_hex(&kek2, CKK_AES, "5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8");
  CK_MECHANISM_TYPE kwp[2] = {CKM_AES_KEY_WRAP_PAD, CKM_AES_KEY_WRAP_KWP};
  for (int i = 0; i < 2; i++) {
    m = M(kwp[i], NULL, 0);
    size_t n = unhex(kd, "c37b7e6492584340bed12207808941155068f738");
    ol = sizeof out;
    CHECK_RV(run(P11_OP_ENCRYPT, &m, &kek2, kd, n, out, &ol), CKR_OK, "kwp 20");
    CHECK(eqhex(out, ol, "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a"), "RFC 5649 20 bytes");
    bl = sizeof back;
    CHECK_RV(run(P11_OP_DECRYPT, &m, &kek2, out, ol, back, &bl), CKR_OK, "kwp dec");
    CHECK(bl == n && memcmp(back, kd, n) == 0, "kwp round trip");
    n = unhex(kd, "466f7250617369");
    ol = sizeof out;
    CHECK_RV(run(P11_OP_ENCRYPT, &m, &kek2, kd, n, out, &ol), CKR_OK, "kwp 7");
    CHECK(eqhex(out, ol, "afbeb0f07dfbf5419200f2ccb50bb24f"), "RFC 5649 7 bytes");
  }
  // Wrap / unwrap of a secret key.
  p11_attrs aes, tmpl;
  key_secret_hex(&aes, CKK_AES, "00112233445566778899AABBCCDDEEFF");
  m = M(CKM_AES_KEY_WRAP, NULL, 0);
  ol = 0;
  CHECK_RV(p11_wrap_key(&m, &kek, &aes, NULL, &ol), CKR_OK, "wrap size");
  CHECK(ol == 24, "wrap size value");
  ol = 10;
  CHECK_RV(p11_wrap_key(&m, &kek, &aes, out, &ol), CKR_BUFFER_TOO_SMALL, "wrap too small");
  ol = sizeof out;
  CHECK_RV(p11_wrap_key(&m, &kek, &aes, out, &ol), CKR_OK, "wrap");
  CHECK(eqhex(out, ol, "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"), "wrap = RFC 3394");
  memset(&tmpl, 0, sizeof tmpl);
  p11_attrs_set_ulong(&tmpl, CKA_CLASS, CKO_SECRET_KEY);
  p11_attrs_set_ulong(&tmpl, CKA_KEY_TYPE, CKK_AES);
  CHECK_RV(p11_unwrap_key(&m, &kek, out, ol, &tmpl), CKR_OK, "unwrap");
  const p11_attr *v = p11_attrs_get(&tmpl, CKA_VALUE), *vl = p11_attrs_get(&tmpl, CKA_VALUE_LEN);
  CHECK(v && v->len == 16 && eqhex(v->val, 16, "00112233445566778899AABBCCDDEEFF"), "unwrapped value");
  CHECK(vl && vl->len == sizeof(CK_ULONG) && *(CK_ULONG *)vl->val == 16, "unwrap sets CKA_VALUE_LEN");
  p11_attrs_free(&tmpl);
  out[0] ^= 1;
  p11_attrs_set_ulong(&tmpl, CKA_CLASS, CKO_SECRET_KEY);
  CHECK_RV(p11_unwrap_key(&m, &kek, out, ol, &tmpl), CKR_WRAPPED_KEY_INVALID, "unwrap tampered");
  CHECK_RV(p11_unwrap_key(&m, &kek, out, 20, &tmpl), CKR_WRAPPED_KEY_LEN_RANGE, "unwrap length");
  p11_attrs_free(&tmpl);
  CHECK_RV(p11_wrap_key(&m, &aes, &aes, out, &ol), CKR_OK, "wrap with itself is a mechanism matter");
  p11_attrs gen;
  key_secret_hex(&gen, CKK_GENERIC_SECRET, "00112233445566778899AABBCCDDEEFF");
  ol = sizeof out;
  CHECK_RV(p11_wrap_key(&m, &gen, &aes, out, &ol), CKR_WRAPPING_KEY_TYPE_INCONSISTENT, "wrap with generic key");
  m = M(CKM_AES_ECB, NULL, 0);
  CHECK_RV(p11_wrap_key(&m, &kek, &aes, out, &ol), CKR_MECHANISM_INVALID, "ECB is not a wrap mechanism");
  p11_attrs_free(&gen);
  p11_attrs_free(&aes);
  // CMAC (SP 800-38B D.1).
  p11_attrs ck;
  key_secret_hex(&ck, CKK_AES, "2b7e151628aed2a6abf7158809cf4f3c");
  uint8_t msg[64];
  unhex(msg, k_sp_pt);
  m = M(CKM_AES_CMAC, NULL, 0);
  ol = sizeof out;
  CHECK_RV(run(P11_OP_SIGN, &m, &ck, msg, 0, out, &ol), CKR_OK, "cmac empty");
  CHECK(eqhex(out, ol, "bb1d6929e95937287fa37d129b756746"), "CMAC D.1 example 1");
  ol = sizeof out;
  CHECK_RV(run(P11_OP_SIGN, &m, &ck, msg, 16, out, &ol), CKR_OK, "cmac 16");
  CHECK(eqhex(out, ol, "070a16b46b4d4144f79bdd9dd04a287c"), "CMAC D.1 example 2");
  ol = sizeof out;
  CHECK_RV(run_parts(P11_OP_SIGN, &m, &ck, msg, 40, 3, out, &ol), CKR_OK, "cmac 40 parts");
  CHECK(eqhex(out, ol, "dfa66747de9ae63030ca32611497c827"), "CMAC D.1 example 3");
  CHECK_RV(verify(&m, &ck, msg, 40, out, 16), CKR_OK, "cmac verify");
  out[5] ^= 0x80;
  CHECK_RV(verify(&m, &ck, msg, 40, out, 16), CKR_SIGNATURE_INVALID, "cmac verify bad");
  CHECK_RV(verify(&m, &ck, msg, 40, out, 8), CKR_SIGNATURE_LEN_RANGE, "cmac verify length");
  CK_ULONG cl = 8;
  m = M(CKM_AES_CMAC_GENERAL, &cl, sizeof cl);
  ol = sizeof out;
  CHECK_RV(run(P11_OP_SIGN, &m, &ck, msg, 16, out, &ol), CKR_OK, "cmac general");
  CHECK(eqhex(out, ol, "070a16b46b4d4144"), "cmac general 8 bytes");
  cl = 17;
  ol = sizeof out;
  CHECK_RV(run(P11_OP_SIGN, &m, &ck, msg, 16, out, &ol), CKR_MECHANISM_PARAM_INVALID, "cmac general 17");
  p11_attrs_free(&ck);
  p11_attrs_free(&kek);
  p11_attrs_free(&kek2);
}

static void test_keygen_secret(void) {
  CK_MECHANISM m = M(CKM_AES_KEY_GEN, NULL, 0);
  p11_attrs t;
  memset(&t, 0, sizeof t);
  CHECK_RV(p11_generate_key(&m, &t), CKR_TEMPLATE_INCOMPLETE, "aes gen without length");
  p11_attrs_set_ulong(&t, CKA_VALUE_LEN, 20);
  CHECK_RV(p11_generate_key(&m, &t), CKR_KEY_SIZE_RANGE, "aes gen 20 bytes");
  p11_attrs_set_ulong(&t, CKA_VALUE_LEN, 32);
  p11_attrs_set_ulong(&t, CKA_KEY_TYPE, CKK_RSA);
  CHECK_RV(p11_generate_key(&m, &t), CKR_TEMPLATE_INCONSISTENT, "aes gen with RSA type");
  p11_attrs_set_ulong(&t, CKA_KEY_TYPE, CKK_AES);
  CHECK_RV(p11_generate_key(&m, &t), CKR_OK, "aes gen");
  const p11_attr *v = p11_attrs_get(&t, CKA_VALUE);
  CHECK(v && v->len == 32, "aes gen value");
  CK_ULONG gm = 0;
  CHECK(p11_attrs_ulong(&t, CKA_KEY_GEN_MECHANISM, &gm) == CKR_OK && gm == CKM_AES_KEY_GEN, "key gen mechanism");
  p11_attrs_free(&t);
  m = M(CKM_GENERIC_SECRET_KEY_GEN, NULL, 0);
  p11_attrs_set_ulong(&t, CKA_VALUE_LEN, 48);
  CHECK_RV(p11_generate_key(&m, &t), CKR_OK, "generic gen");
  CK_ULONG kt = 0;
  CHECK(p11_attrs_ulong(&t, CKA_KEY_TYPE, &kt) == CKR_OK && kt == CKK_GENERIC_SECRET, "generic type");
  p11_attrs_free(&t);
  m = M(CKM_AES_ECB, NULL, 0);
  CHECK_RV(p11_generate_key(&m, &t), CKR_MECHANISM_INVALID, "ECB cannot generate");
  // HKDF (RFC 5869 test case 1).
  p11_attrs ikm;
  key_secret_hex(&ikm, CKK_GENERIC_SECRET, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
  uint8_t salt[13], info[10];
  unhex(salt, "000102030405060708090a0b0c");
  unhex(info, "f0f1f2f3f4f5f6f7f8f9");
  CK_HKDF_PARAMS hp = {CK_TRUE, CK_TRUE, CKM_SHA256, CKF_HKDF_SALT_DATA, salt, 13, 0, info, 10};
  m = M(CKM_HKDF_DERIVE, &hp, sizeof hp);
  memset(&t, 0, sizeof t);
  p11_attrs_set_ulong(&t, CKA_VALUE_LEN, 42);
  CHECK_RV(p11_derive_key(&m, &ikm, &t), CKR_OK, "hkdf");
  v = p11_attrs_get(&t, CKA_VALUE);
  CHECK(v && eqhex(v->val, v->len,
                   "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
        "RFC 5869 case 1");
  p11_attrs_free(&t);
  // Extract only: the PRK.
  hp.bExpand = CK_FALSE;
  CHECK_RV(p11_derive_key(&m, &ikm, &t), CKR_OK, "hkdf extract");
  v = p11_attrs_get(&t, CKA_VALUE);
  CHECK(v && eqhex(v->val, v->len, "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"),
        "RFC 5869 case 1 PRK");
  p11_attrs_free(&t);
  hp.bExpand = CK_TRUE;
  CHECK_RV(p11_derive_key(&m, &ikm, &t), CKR_TEMPLATE_INCOMPLETE, "hkdf expand needs a length");
  p11_attrs_set_ulong(&t, CKA_VALUE_LEN, 32);
  p11_attrs_set_ulong(&t, CKA_KEY_TYPE, CKK_AES);
  CHECK_RV(p11_derive_key(&m, &ikm, &t), CKR_OK, "hkdf to AES key");
  p11_attrs_free(&t);
  p11_attrs_set_ulong(&t, CKA_VALUE_LEN, 20);
  p11_attrs_set_ulong(&t, CKA_KEY_TYPE, CKK_AES);
  CHECK_RV(p11_derive_key(&m, &ikm, &t), CKR_KEY_SIZE_RANGE, "hkdf to 20-byte AES key");
  p11_attrs_free(&t);
  hp.prfHashMechanism = CKM_AES_ECB;
  p11_attrs_set_ulong(&t, CKA_VALUE_LEN, 32);
  CHECK_RV(p11_derive_key(&m, &ikm, &t), CKR_MECHANISM_PARAM_INVALID, "hkdf bad prf");
  hp.prfHashMechanism = CKM_SHA256;
  hp.ulSaltType = CKF_HKDF_SALT_KEY;
  CHECK_RV(p11_derive_key(&m, &ikm, &t), CKR_MECHANISM_PARAM_INVALID, "hkdf salt key");
  p11_attrs_free(&t);
  p11_attrs aesb;
  key_secret_hex(&aesb, CKK_AES, "000102030405060708090a0b0c0d0e0f");
  p11_attrs_set_ulong(&t, CKA_VALUE_LEN, 32);
  hp.ulSaltType = CKF_HKDF_SALT_NULL;
  CHECK_RV(p11_derive_key(&m, &aesb, &t), CKR_KEY_TYPE_INCONSISTENT, "hkdf from an AES key");
  hp.bExtract = CK_FALSE;
  hp.bExpand = CK_FALSE;
  CHECK_RV(p11_derive_key(&m, &ikm, &t), CKR_MECHANISM_PARAM_INVALID, "hkdf neither extract nor expand");
  p11_attrs_free(&t);
  p11_attrs_free(&aesb);
  p11_attrs_free(&ikm);
}

static void test_import(void) {
  p11_attrs k;
  key_secret_hex(&k, CKK_AES, "000102030405060708090a0b0c0d0e0f10");
  CHECK_RV(p11_key_import(&k), CKR_ATTRIBUTE_VALUE_INVALID, "import 17-byte AES");
  p11_attrs_free(&k);
  key_secret_hex(&k, CKK_AES, "000102030405060708090a0b0c0d0e0f");
  CHECK_RV(p11_key_import(&k), CKR_OK, "import AES");
  CK_ULONG vl = 0;
  CHECK(p11_attrs_ulong(&k, CKA_VALUE_LEN, &vl) == CKR_OK && vl == 16, "import adds CKA_VALUE_LEN");
  p11_attrs_set_ulong(&k, CKA_VALUE_LEN, 24);
  CHECK_RV(p11_key_import(&k), CKR_TEMPLATE_INCONSISTENT, "import with wrong CKA_VALUE_LEN");
  p11_attrs_free(&k);
  key_secret_hex(&k, CKK_GENERIC_SECRET, "00");
  CHECK_RV(p11_key_import(&k), CKR_OK, "import generic");
  p11_attrs_free(&k);
}

// ---------------------------------------------------------------------------
// EC.

static const uint8_t k_p256_oid[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
static const uint8_t k_p384_oid[] = {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22};
static const uint8_t k_p521_oid[] = {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23};
static const uint8_t k_ed_oid[] = {0x06, 0x03, 0x2b, 0x65, 0x70};

static CK_RV ec_pair(const uint8_t *params, size_t plen, p11_attrs *pub, p11_attrs *priv, CK_MECHANISM_TYPE mt) {
  CK_MECHANISM m = M(mt, NULL, 0);
  memset(pub, 0, sizeof *pub);
  memset(priv, 0, sizeof *priv);
  if (params) p11_attrs_set(pub, CKA_EC_PARAMS, params, (CK_ULONG)plen);
  return p11_generate_key_pair(&m, pub, priv);
}

static void test_ec(void) {
  p11_attrs pub, priv;
  uint8_t sig[256], dg[64], msg[100];
  memset(msg, 0x61, sizeof msg);
  const uint8_t *oids[3] = {k_p256_oid, k_p384_oid, k_p521_oid};
  size_t olens[3] = {sizeof k_p256_oid, sizeof k_p384_oid, sizeof k_p521_oid};
  size_t sls[3] = {64, 96, 132};
  for (int c = 0; c < 3; c++) {
    CHECK_RV(ec_pair(oids[c], olens[c], &pub, &priv, CKM_EC_KEY_PAIR_GEN), CKR_OK, "ec keygen");
    const p11_attr *pt = p11_attrs_get(&pub, CKA_EC_POINT);
    size_t pl = sls[c] + 1;
    CHECK(pt && pt->val[0] == 0x04 && pt->len == pl + (pl < 128 ? 2 : 3) && pt->val[pt->len - pl] == 0x04,
          "EC_POINT is a DER OCTET STRING of 04||X||Y");
    CHECK(p11_attrs_get(&priv, CKA_EC_PARAMS) != NULL, "private key gets EC_PARAMS");
    CK_MECHANISM m = M(CKM_ECDSA_SHA256, NULL, 0);
    CK_ULONG sl = sizeof sig;
    CHECK_RV(run(P11_OP_SIGN, &m, &priv, msg, sizeof msg, sig, &sl), CKR_OK, "ecdsa-sha256 sign");
    CHECK(sl == sls[c], "ecdsa signature length");
    CHECK_RV(verify(&m, &pub, msg, sizeof msg, sig, sl), CKR_OK, "ecdsa-sha256 verify");
    CK_ULONG vl = sl;
    CHECK_RV(run_parts(P11_OP_VERIFY, &m, &pub, msg, sizeof msg, 7, sig, &vl), CKR_OK, "ecdsa verify parts");
    // Raw ECDSA over the same digest verifies with the hashing mechanism.
    CK_MECHANISM dm = M(CKM_SHA256, NULL, 0);
    CK_ULONG dl = sizeof dg;
    CHECK_RV(run(P11_OP_DIGEST, &dm, NULL, msg, sizeof msg, dg, &dl), CKR_OK, "digest");
    CK_MECHANISM raw = M(CKM_ECDSA, NULL, 0);
    sl = sizeof sig;
    CHECK_RV(run(P11_OP_SIGN, &raw, &priv, dg, dl, sig, &sl), CKR_OK, "raw ecdsa sign");
    CHECK_RV(verify(&m, &pub, msg, sizeof msg, sig, sl), CKR_OK, "raw signature verifies as ECDSA-SHA256");
    CHECK_RV(verify(&raw, &pub, dg, dl, sig, sl), CKR_OK, "raw verify");
    sig[sl - 1] ^= 1;
    CHECK_RV(verify(&raw, &pub, dg, dl, sig, sl), CKR_SIGNATURE_INVALID, "raw verify bad");
    CHECK_RV(verify(&raw, &pub, dg, dl, sig, sl - 1), CKR_SIGNATURE_LEN_RANGE, "raw verify length");
    // A long raw input is truncated (FIPS 186-5 bits2int) for P-256/P-384.
    uint8_t big[80];
    memset(big, 0x5a, sizeof big);
    sl = sizeof sig;
    CK_RV rv = run(P11_OP_SIGN, &raw, &priv, big, sizeof big, sig, &sl);
    if (c < 2) {
      CHECK_RV(rv, CKR_OK, "raw ecdsa long input");
      CHECK_RV(verify(&raw, &pub, big, sls[c] / 2, sig, sl), CKR_OK, "long input == its leftmost bytes");
    } else {
      CHECK_RV(rv, CKR_DATA_LEN_RANGE, "P-521 raw input above 64 bytes");
    }
    p11_attrs_free(&pub);
    p11_attrs_free(&priv);
  }
  // Curve errors, printable names.
  static const uint8_t k256k1[] = {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a};
  CHECK_RV(ec_pair(k256k1, sizeof k256k1, &pub, &priv, CKM_EC_KEY_PAIR_GEN), CKR_CURVE_NOT_SUPPORTED, "secp256k1");
  p11_attrs_free(&pub);
  p11_attrs_free(&priv);
  static const uint8_t junk[] = {0x30, 0x03, 0x02, 0x01, 0x01};
  CHECK_RV(ec_pair(junk, sizeof junk, &pub, &priv, CKM_EC_KEY_PAIR_GEN), CKR_DOMAIN_PARAMS_INVALID, "junk params");
  p11_attrs_free(&pub);
  p11_attrs_free(&priv);
  CHECK_RV(ec_pair(NULL, 0, &pub, &priv, CKM_EC_KEY_PAIR_GEN), CKR_TEMPLATE_INCOMPLETE, "no params");
  p11_attrs_free(&pub);
  p11_attrs_free(&priv);
  static const uint8_t name[] = {0x13, 0x0a, 'p', 'r', 'i', 'm', 'e', '2', '5', '6', 'v', '1'};
  CHECK_RV(ec_pair(name, sizeof name, &pub, &priv, CKM_EC_KEY_PAIR_GEN), CKR_OK, "printable curve name");
  p11_attrs_free(&pub);
  p11_attrs_free(&priv);
  CHECK_RV(ec_pair(k_ed_oid, sizeof k_ed_oid, &pub, &priv, CKM_EC_KEY_PAIR_GEN), CKR_CURVE_NOT_SUPPORTED,
           "Ed25519 OID with the Weierstrass generator");
  p11_attrs_free(&pub);
  p11_attrs_free(&priv);

  // ECDH between two P-256 keys, both public-data forms, with and without KDF.
  p11_attrs pa, sa, pb, sb;
  CHECK_RV(ec_pair(k_p256_oid, sizeof k_p256_oid, &pa, &sa, CKM_EC_KEY_PAIR_GEN), CKR_OK, "keygen a");
  CHECK_RV(ec_pair(k_p256_oid, sizeof k_p256_oid, &pb, &sb, CKM_EC_KEY_PAIR_GEN), CKR_OK, "keygen b");
  const p11_attr *qa = p11_attrs_get(&pa, CKA_EC_POINT), *qb = p11_attrs_get(&pb, CKA_EC_POINT);
  CK_ECDH1_DERIVE_PARAMS ep = {CKD_NULL, 0, NULL, qb->len, qb->val};
  CK_MECHANISM m = M(CKM_ECDH1_DERIVE, &ep, sizeof ep);
  p11_attrs k1, k2;
  memset(&k1, 0, sizeof k1);
  memset(&k2, 0, sizeof k2);
  CHECK_RV(p11_derive_key(&m, &sa, &k1), CKR_OK, "ecdh a (DER point)");
  ep.pPublicData = qa->val + 2;  // raw point
  ep.ulPublicDataLen = qa->len - 2;
  CHECK_RV(p11_derive_key(&m, &sb, &k2), CKR_OK, "ecdh b (raw point)");
  const p11_attr *v1 = p11_attrs_get(&k1, CKA_VALUE), *v2 = p11_attrs_get(&k2, CKA_VALUE);
  CHECK(v1 && v2 && v1->len == 32 && v2->len == 32 && memcmp(v1->val, v2->val, 32) == 0, "ecdh agrees");
  p11_attrs_free(&k1);
  p11_attrs_free(&k2);
  ep.kdf = CKD_SHA256_KDF;
  uint8_t shared[3] = {1, 2, 3};
  ep.pSharedData = shared;
  ep.ulSharedDataLen = 3;
  p11_attrs_set_ulong(&k1, CKA_VALUE_LEN, 40);
  p11_attrs_set_ulong(&k2, CKA_VALUE_LEN, 40);
  CHECK_RV(p11_derive_key(&m, &sb, &k1), CKR_OK, "ecdh kdf b");
  ep.pPublicData = qb->val;
  ep.ulPublicDataLen = qb->len;
  CHECK_RV(p11_derive_key(&m, &sa, &k2), CKR_OK, "ecdh kdf a");
  v1 = p11_attrs_get(&k1, CKA_VALUE);
  v2 = p11_attrs_get(&k2, CKA_VALUE);
  CHECK(v1 && v2 && v1->len == 40 && v2->len == 40 && memcmp(v1->val, v2->val, 40) == 0, "ecdh kdf agrees");
  p11_attrs_free(&k1);
  p11_attrs_free(&k2);
  uint8_t off[65];
  memcpy(off, qb->val + 2, 65);
  off[64] ^= 1;  // not on the curve
  ep.kdf = CKD_NULL;
  ep.pSharedData = NULL;
  ep.ulSharedDataLen = 0;
  ep.pPublicData = off;
  ep.ulPublicDataLen = 65;
  CHECK_RV(p11_derive_key(&m, &sa, &k1), CKR_MECHANISM_PARAM_INVALID, "ecdh point off the curve");
  ep.kdf = 0x77;
  CHECK_RV(p11_derive_key(&m, &sa, &k1), CKR_MECHANISM_PARAM_INVALID, "ecdh unknown kdf");
  p11_attrs_free(&k1);

  // Import: raw point normalised to DER, off-curve point, bad scalar.
  p11_attrs imp;
  memset(&imp, 0, sizeof imp);
  p11_attrs_set_ulong(&imp, CKA_CLASS, CKO_PUBLIC_KEY);
  p11_attrs_set_ulong(&imp, CKA_KEY_TYPE, CKK_EC);
  p11_attrs_set(&imp, CKA_EC_PARAMS, k_p256_oid, sizeof k_p256_oid);
  p11_attrs_set(&imp, CKA_EC_POINT, qb->val + 2, 65);
  CHECK_RV(p11_key_import(&imp), CKR_OK, "import raw point");
  const p11_attr *ip = p11_attrs_get(&imp, CKA_EC_POINT);
  CHECK(ip && ip->len == qb->len && memcmp(ip->val, qb->val, qb->len) == 0, "raw point stored as DER");
  p11_attrs_set(&imp, CKA_EC_POINT, off, 65);
  CHECK_RV(p11_key_import(&imp), CKR_ATTRIBUTE_VALUE_INVALID, "import off-curve point");
  p11_attrs_free(&imp);
  p11_attrs_set_ulong(&imp, CKA_CLASS, CKO_PRIVATE_KEY);
  p11_attrs_set_ulong(&imp, CKA_KEY_TYPE, CKK_EC);
  p11_attrs_set(&imp, CKA_EC_PARAMS, k_p256_oid, sizeof k_p256_oid);
  uint8_t zero[32] = {0};
  p11_attrs_set(&imp, CKA_VALUE, zero, 32);
  CHECK_RV(p11_key_import(&imp), CKR_ATTRIBUTE_VALUE_INVALID, "import zero scalar");
  uint8_t ff[32];
  memset(ff, 0xff, 32);
  p11_attrs_set(&imp, CKA_VALUE, ff, 32);
  CHECK_RV(p11_key_import(&imp), CKR_ATTRIBUTE_VALUE_INVALID, "import scalar >= n");
  p11_attrs_set(&imp, CKA_VALUE, p11_attrs_get(&sa, CKA_VALUE)->val, 32);
  CHECK_RV(p11_key_import(&imp), CKR_OK, "import good scalar");
  p11_attrs_free(&imp);

  // RFC 6979 A.2.5: P-256, SHA-256, message "sample" (a verification KAT:
  // signing draws k from the DRBG).
  {
    p11_attrs kp;
    uint8_t q[65], rs[64];
    unhex(q, "0460FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
             "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299");
    unhex(rs, "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
              "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
    memset(&kp, 0, sizeof kp);
    p11_attrs_set_ulong(&kp, CKA_CLASS, CKO_PUBLIC_KEY);
    p11_attrs_set_ulong(&kp, CKA_KEY_TYPE, CKK_EC);
    p11_attrs_set(&kp, CKA_EC_PARAMS, k_p256_oid, sizeof k_p256_oid);
    p11_attrs_set(&kp, CKA_EC_POINT, q, 65);
    CHECK_RV(p11_key_import(&kp), CKR_OK, "import RFC 6979 key");
    CK_MECHANISM km = M(CKM_ECDSA_SHA256, NULL, 0);
    CHECK_RV(verify(&km, &kp, (const uint8_t *)"sample", 6, rs, 64), CKR_OK, "RFC 6979 A.2.5 verifies");
    CHECK_RV(verify(&km, &kp, (const uint8_t *)"samplf", 6, rs, 64), CKR_SIGNATURE_INVALID, "other message");
    p11_attrs_free(&kp);
  }
  // Key type and mechanism errors.
  p11_attrs aes;
  key_secret_hex(&aes, CKK_AES, "000102030405060708090a0b0c0d0e0f");
  m = M(CKM_ECDSA_SHA256, NULL, 0);
  CK_ULONG sl = sizeof sig;
  CHECK_RV(run(P11_OP_SIGN, &m, &aes, msg, 10, sig, &sl), CKR_KEY_TYPE_INCONSISTENT, "ecdsa with AES key");
  sl = sizeof sig;
  CHECK_RV(run(P11_OP_SIGN, &m, &pa, msg, 10, sig, &sl), CKR_KEY_TYPE_INCONSISTENT, "sign with a public key");
  m = M(CKM_ECDSA_SHA1, NULL, 0);
  sl = sizeof sig;
  CHECK_RV(run(P11_OP_SIGN, &m, &sa, msg, 10, sig, &sl), CKR_MECHANISM_INVALID, "ecdsa-sha1 sign refused");
  m = M(CKM_ECDSA, msg, 4);
  sl = sizeof sig;
  CHECK_RV(run(P11_OP_SIGN, &m, &sa, msg, 10, sig, &sl), CKR_MECHANISM_PARAM_INVALID, "ecdsa with a parameter");
  ep.kdf = CKD_NULL;
  ep.pPublicData = qb->val;
  ep.ulPublicDataLen = qb->len;
  m = M(CKM_ECDH1_DERIVE, &ep, sizeof ep);
  CHECK_RV(p11_derive_key(&m, &aes, &k1), CKR_KEY_TYPE_INCONSISTENT, "ecdh with AES key");
  CHECK_RV(p11_derive_key(&m, &pa, &k1), CKR_KEY_TYPE_INCONSISTENT, "ecdh with public key");
  m = M(CKM_ECDH1_DERIVE, NULL, 0);
  CHECK_RV(p11_derive_key(&m, &sa, &k1), CKR_MECHANISM_PARAM_INVALID, "ecdh without params");
  m = M(CKM_ECDSA, NULL, 0);
  CHECK_RV(p11_derive_key(&m, &sa, &k1), CKR_MECHANISM_INVALID, "ECDSA cannot derive");
  CHECK_RV(p11_decapsulate(&m, &sa, msg, 10, &k1), CKR_MECHANISM_INVALID, "ECDSA cannot decapsulate");
  p11_attrs_free(&k1);
  p11_attrs_free(&aes);
  // Wrap an EC private key (PKCS#8) with KWP and unwrap it.
  p11_attrs kek;
  key_secret_hex(&kek, CKK_AES, "000102030405060708090a0b0c0d0e0f");
  CK_MECHANISM wm = M(CKM_AES_KEY_WRAP_PAD, NULL, 0);
  uint8_t wrapped[600];
  CK_ULONG wl = sizeof wrapped;
  CHECK_RV(p11_wrap_key(&wm, &kek, &sa, wrapped, &wl), CKR_OK, "wrap EC private key");
  p11_attrs un;
  memset(&un, 0, sizeof un);
  p11_attrs_set_ulong(&un, CKA_CLASS, CKO_PRIVATE_KEY);
  CHECK_RV(p11_unwrap_key(&wm, &kek, wrapped, wl, &un), CKR_OK, "unwrap EC private key");
  const p11_attr *uv = p11_attrs_get(&un, CKA_VALUE), *sv = p11_attrs_get(&sa, CKA_VALUE);
  const p11_attr *up = p11_attrs_get(&un, CKA_EC_PARAMS);
  CHECK(uv && sv && uv->len == sv->len && memcmp(uv->val, sv->val, sv->len) == 0, "unwrapped scalar");
  CHECK(up && up->len == sizeof k_p256_oid && memcmp(up->val, k_p256_oid, up->len) == 0, "unwrapped params");
  p11_attrs_free(&un);
  p11_attrs_free(&kek);
  p11_attrs_free(&pa);
  p11_attrs_free(&sa);
  p11_attrs_free(&pb);
  p11_attrs_free(&sb);
}

static void test_ed25519(void) {
  // RFC 8032 7.1 test 1.
  uint8_t sk[32], pk[32], sig[64];
  unhex(sk, "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  unhex(pk, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  p11_attrs priv, pub;
  memset(&priv, 0, sizeof priv);
  memset(&pub, 0, sizeof pub);
  p11_attrs_set_ulong(&priv, CKA_CLASS, CKO_PRIVATE_KEY);
  p11_attrs_set_ulong(&priv, CKA_KEY_TYPE, CKK_EC_EDWARDS);
  p11_attrs_set(&priv, CKA_EC_PARAMS, k_ed_oid, sizeof k_ed_oid);
  p11_attrs_set(&priv, CKA_VALUE, sk, 32);
  CHECK_RV(p11_key_import(&priv), CKR_OK, "import Ed25519 private");
  p11_attrs_set_ulong(&pub, CKA_CLASS, CKO_PUBLIC_KEY);
  p11_attrs_set_ulong(&pub, CKA_KEY_TYPE, CKK_EC_EDWARDS);
  static const uint8_t name[] = {0x13, 0x0c, 'e', 'd', 'w', 'a', 'r', 'd', 's', '2', '5', '5', '1', '9'};
  p11_attrs_set(&pub, CKA_EC_PARAMS, name, sizeof name);
  p11_attrs_set(&pub, CKA_EC_POINT, pk, 32);
  CHECK_RV(p11_key_import(&pub), CKR_OK, "import Ed25519 public (raw point, printable name)");
  const p11_attr *ep = p11_attrs_get(&pub, CKA_EC_POINT);
  CHECK(ep && ep->len == 34 && ep->val[0] == 4 && ep->val[1] == 32, "Ed25519 point stored as DER");
  CK_MECHANISM m = M(CKM_EDDSA, NULL, 0);
  CK_ULONG sl = sizeof sig;
  CHECK_RV(run(P11_OP_SIGN, &m, &priv, NULL, 0, sig, &sl), CKR_OK, "eddsa sign");
  CHECK(eqhex(sig, sl,
              "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f"
              "0595bbe24655141438e7a100b"),
        "RFC 8032 test 1");
  CHECK_RV(verify(&m, &pub, NULL, 0, sig, 64), CKR_OK, "eddsa verify");
  sig[0] ^= 1;
  CHECK_RV(verify(&m, &pub, NULL, 0, sig, 64), CKR_SIGNATURE_INVALID, "eddsa verify bad");
  CHECK_RV(verify(&m, &pub, NULL, 0, sig, 63), CKR_SIGNATURE_LEN_RANGE, "eddsa verify length");
  // Generated pair, multi-part input (buffered), Ed25519ctx via CK_EDDSA_PARAMS.
  p11_attrs gpub, gpriv;
  CHECK_RV(ec_pair(k_ed_oid, sizeof k_ed_oid, &gpub, &gpriv, CKM_EC_EDWARDS_KEY_PAIR_GEN), CKR_OK, "ed keygen");
  uint8_t msg[300];
  memset(msg, 0x33, sizeof msg);
  sl = sizeof sig;
  CHECK_RV(run_parts(P11_OP_SIGN, &m, &gpriv, msg, sizeof msg, 77, sig, &sl), CKR_OK, "eddsa sign parts");
  CHECK_RV(verify(&m, &gpub, msg, sizeof msg, sig, 64), CKR_OK, "eddsa verify generated");
  uint8_t ctx[3] = {1, 2, 3};
  CK_EDDSA_PARAMS prm = {CK_FALSE, 3, ctx};
  CK_MECHANISM mc = M(CKM_EDDSA, &prm, sizeof prm);
  sl = sizeof sig;
  CHECK_RV(run(P11_OP_SIGN, &mc, &gpriv, msg, 10, sig, &sl), CKR_OK, "ed25519ctx sign");
  CHECK_RV(verify(&mc, &gpub, msg, 10, sig, 64), CKR_OK, "ed25519ctx verify");
  CHECK_RV(verify(&m, &gpub, msg, 10, sig, 64), CKR_SIGNATURE_INVALID, "ctx signature is not pure");
  prm.ulContextDataLen = 256;
  sl = sizeof sig;
  CHECK_RV(run(P11_OP_SIGN, &mc, &gpriv, msg, 10, sig, &sl), CKR_MECHANISM_PARAM_INVALID, "context 256");
  p11_attrs_free(&gpub);
  p11_attrs_free(&gpriv);
  CHECK_RV(ec_pair(NULL, 0, &gpub, &gpriv, CKM_EC_EDWARDS_KEY_PAIR_GEN), CKR_OK, "ed keygen default curve");
  p11_attrs_free(&gpub);
  p11_attrs_free(&gpriv);
  CHECK_RV(ec_pair(k_p256_oid, sizeof k_p256_oid, &gpub, &gpriv, CKM_EC_EDWARDS_KEY_PAIR_GEN),
           CKR_CURVE_NOT_SUPPORTED, "edwards keygen on P-256");
  p11_attrs_free(&gpub);
  p11_attrs_free(&gpriv);
  p11_attrs_set(&priv, CKA_VALUE, sk, 31);
  CHECK_RV(p11_key_import(&priv), CKR_ATTRIBUTE_VALUE_INVALID, "Ed25519 private of 31 bytes");
  p11_attrs_free(&priv);
  p11_attrs_free(&pub);
}

// ---------------------------------------------------------------------------
// RSA.

static void test_rsa(void) {
  CK_MECHANISM gm = M(CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0);
  p11_attrs pub, priv;
  memset(&pub, 0, sizeof pub);
  memset(&priv, 0, sizeof priv);
  p11_attrs_set_ulong(&pub, CKA_MODULUS_BITS, 1024);
  CHECK_RV(p11_generate_key_pair(&gm, &pub, &priv), CKR_KEY_SIZE_RANGE, "rsa 1024");
  p11_attrs_free(&pub);
  CHECK_RV(p11_generate_key_pair(&gm, &pub, &priv), CKR_TEMPLATE_INCOMPLETE, "rsa without bits");
  p11_attrs_set_ulong(&pub, CKA_MODULUS_BITS, 2048);
  static const uint8_t e[] = {1, 0, 1};
  p11_attrs_set(&pub, CKA_PUBLIC_EXPONENT, e, 3);
  CHECK_RV(p11_generate_key_pair(&gm, &pub, &priv), CKR_OK, "rsa 2048");
  const p11_attr *n = p11_attrs_get(&pub, CKA_MODULUS);
  CHECK(n && n->len == 256, "modulus");
  CHECK(p11_attrs_get(&priv, CKA_PRIME_1) && p11_attrs_get(&priv, CKA_COEFFICIENT), "CRT parameters");
  uint8_t msg[200], sig[512], sig2[512], dg[64], di[128];
  memset(msg, 0x42, sizeof msg);
  // SHA256_RSA_PKCS == RSA_PKCS over the DigestInfo (deterministic).
  CK_MECHANISM m = M(CKM_SHA256_RSA_PKCS, NULL, 0);
  CK_ULONG sl = sizeof sig;
  CHECK_RV(run(P11_OP_SIGN, &m, &priv, msg, sizeof msg, sig, &sl), CKR_OK, "sha256-rsa-pkcs sign");
  CHECK(sl == 256, "rsa signature length");
  CHECK_RV(verify(&m, &pub, msg, sizeof msg, sig, sl), CKR_OK, "sha256-rsa-pkcs verify");
  CK_ULONG sl2 = sizeof sig2;
  CHECK_RV(run_parts(P11_OP_SIGN, &m, &priv, msg, sizeof msg, 33, sig2, &sl2), CKR_OK, "sign parts");
  CHECK(sl2 == sl && memcmp(sig, sig2, sl) == 0, "PKCS#1 v1.5 multi-part == one-shot");
  CK_MECHANISM dm = M(CKM_SHA256, NULL, 0);
  CK_ULONG dl = sizeof dg;
  CHECK_RV(run(P11_OP_DIGEST, &dm, NULL, msg, sizeof msg, dg, &dl), CKR_OK, "digest");
  size_t dil = unhex(di, "3031300d060960864801650304020105000420");
  memcpy(di + dil, dg, 32);
  dil += 32;
  CK_MECHANISM raw = M(CKM_RSA_PKCS, NULL, 0);
  sl2 = sizeof sig2;
  CHECK_RV(run(P11_OP_SIGN, &raw, &priv, di, dil, sig2, &sl2), CKR_OK, "rsa-pkcs DigestInfo sign");
  CHECK(sl2 == sl && memcmp(sig, sig2, sl) == 0, "RSA_PKCS(DigestInfo) == SHA256_RSA_PKCS");
  CHECK_RV(verify(&raw, &pub, di, dil, sig, sl), CKR_OK, "rsa-pkcs verify");
  sig2[10] ^= 1;
  CHECK_RV(verify(&raw, &pub, di, dil, sig2, sl), CKR_SIGNATURE_INVALID, "rsa-pkcs verify bad");
  CHECK_RV(verify(&raw, &pub, di, dil, sig2, sl - 1), CKR_SIGNATURE_LEN_RANGE, "rsa-pkcs verify length");
  // Any T is signed (pkcs11-tool --test signs a SHA-1 DigestInfo); the
  // verification recognises SHA-1, SHA-2 and SHA-3 DigestInfos only.
  size_t s1l = unhex(di, "3021300906052b0e03021a05000414a9993e364706816aba3e25717850c26c9cd0d89d");
  sl2 = sizeof sig2;
  CHECK_RV(run(P11_OP_SIGN, &raw, &priv, di, s1l, sig2, &sl2), CKR_OK, "rsa-pkcs SHA-1 DigestInfo sign");
  CHECK_RV(verify(&raw, &pub, di, s1l, sig2, sl2), CKR_OK, "rsa-pkcs SHA-1 DigestInfo verify");
  {
    // The raw PKCS#1 v1.5 signature is served but reported as not approved.
    p11_op *op = NULL;
    CK_ULONG l = sizeof sig2;
    CHECK_RV(p11_op_init(&op, P11_OP_SIGN, &raw, &priv), CKR_OK, "init");
    CHECK_RV(p11_op_oneshot(op, di, s1l, sig2, &l), CKR_OK, "raw sign");
    CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED, "raw PKCS#1 signature not approved");
    p11_op_free(op);
  }
  CK_MECHANISM s1m = M(CKM_SHA1_RSA_PKCS, NULL, 0);
  CHECK_RV(verify(&s1m, &pub, (const uint8_t *)"abc", 3, sig2, sl2), CKR_OK, "sha1-rsa-pkcs verify");
  sl2 = sizeof sig2;
  CHECK_RV(run(P11_OP_SIGN, &raw, &priv, msg, 20, sig2, &sl2), CKR_OK, "rsa-pkcs arbitrary T sign");
  CHECK_RV(verify(&raw, &pub, msg, 20, sig2, sl2), CKR_DATA_INVALID, "rsa-pkcs verify of unknown T");
  sl2 = sizeof sig2;
  CHECK_RV(run(P11_OP_SIGN, &raw, &priv, msg, 250, sig2, &sl2), CKR_DATA_LEN_RANGE, "rsa-pkcs input too long");
  // PSS.
  CK_RSA_PKCS_PSS_PARAMS pp = {CKM_SHA256, CKG_MGF1_SHA256, 32};
  CK_MECHANISM pm = M(CKM_SHA256_RSA_PKCS_PSS, &pp, sizeof pp);
  sl = sizeof sig;
  CHECK_RV(run(P11_OP_SIGN, &pm, &priv, msg, sizeof msg, sig, &sl), CKR_OK, "pss sign");
  CHECK_RV(verify(&pm, &pub, msg, sizeof msg, sig, sl), CKR_OK, "pss verify");
  CK_MECHANISM rpm = M(CKM_RSA_PKCS_PSS, &pp, sizeof pp);
  CHECK_RV(verify(&rpm, &pub, dg, 32, sig, sl), CKR_OK, "raw pss verify of the digest");
  CHECK_RV(verify(&rpm, &pub, dg, 31, sig, sl), CKR_DATA_LEN_RANGE, "raw pss wrong digest length");
  sig[100] ^= 4;
  CHECK_RV(verify(&pm, &pub, msg, sizeof msg, sig, sl), CKR_SIGNATURE_INVALID, "pss verify bad");
  pp.hashAlg = CKM_SHA384;
  sl = sizeof sig;
  CHECK_RV(run(P11_OP_SIGN, &pm, &priv, msg, 10, sig, &sl), CKR_MECHANISM_PARAM_INVALID, "pss hash mismatch");
  pp.hashAlg = CKM_SHA256;
  pp.sLen = 256;
  sl = sizeof sig;
  CHECK_RV(run(P11_OP_SIGN, &pm, &priv, msg, 10, sig, &sl), CKR_MECHANISM_PARAM_INVALID, "pss salt too long");
  pp.sLen = 32;
  pp.mgf = 0x99;
  sl = sizeof sig;
  CHECK_RV(run(P11_OP_SIGN, &pm, &priv, msg, 10, sig, &sl), CKR_MECHANISM_PARAM_INVALID, "pss bad mgf");
  pm = M(CKM_SHA256_RSA_PKCS_PSS, NULL, 0);
  sl = sizeof sig;
  CHECK_RV(run(P11_OP_SIGN, &pm, &priv, msg, 10, sig, &sl), CKR_MECHANISM_PARAM_INVALID, "pss without params");
  m = M(CKM_SHA1_RSA_PKCS, NULL, 0);
  sl = sizeof sig;
  CHECK_RV(run(P11_OP_SIGN, &m, &priv, msg, 10, sig, &sl), CKR_MECHANISM_INVALID, "sha1-rsa sign refused");
  // OAEP with a label (SHA-1 and SHA-256).
  uint8_t label[] = "label";
  CK_MECHANISM_TYPE hs[2] = {CKM_SHA_1, CKM_SHA256};
  CK_ULONG mg[2] = {CKG_MGF1_SHA1, CKG_MGF1_SHA256};
  for (int i = 0; i < 2; i++) {
    CK_RSA_PKCS_OAEP_PARAMS op = {hs[i], mg[i], CKZ_DATA_SPECIFIED, label, 5};
    CK_MECHANISM om = M(CKM_RSA_PKCS_OAEP, &op, sizeof op);
    uint8_t ct[256], back[256];
    CK_ULONG cl = sizeof ct;
    CHECK_RV(run(P11_OP_ENCRYPT, &om, &pub, msg, 30, ct, &cl), CKR_OK, "oaep enc");
    CHECK(cl == 256, "oaep ct length");
    CK_ULONG bl = sizeof back;
    CHECK_RV(run(P11_OP_DECRYPT, &om, &priv, ct, cl, back, &bl), CKR_OK, "oaep dec");
    CHECK(bl == 30 && memcmp(back, msg, 30) == 0, "oaep round trip");
    op.ulSourceDataLen = 4;
    bl = sizeof back;
    CHECK_RV(run(P11_OP_DECRYPT, &om, &priv, ct, cl, back, &bl), CKR_ENCRYPTED_DATA_INVALID, "oaep wrong label");
    op.ulSourceDataLen = 5;
    bl = sizeof back;
    CHECK_RV(run(P11_OP_DECRYPT, &om, &priv, ct, cl - 1, back, &bl), CKR_ENCRYPTED_DATA_LEN_RANGE, "oaep ct len");
    cl = sizeof ct;
    CHECK_RV(run(P11_OP_ENCRYPT, &om, &pub, msg, 200, ct, &cl), i ? CKR_DATA_LEN_RANGE : CKR_OK, "oaep max msg");
    cl = sizeof ct;
    CHECK_RV(run(P11_OP_ENCRYPT, &om, &pub, msg, 256 - 2 * (i ? 32 : 20) - 1, ct, &cl), CKR_DATA_LEN_RANGE,
             "oaep message too long");
  }
  {
    CK_RSA_PKCS_OAEP_PARAMS op = {CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED, NULL, 0};
    CK_MECHANISM om = M(CKM_RSA_PKCS_OAEP, &op, sizeof op);
    uint8_t ct[256];
    CK_ULONG cl = sizeof ct;
    CHECK_RV(run(P11_OP_DECRYPT, &om, &pub, msg, 256, ct, &cl), CKR_KEY_TYPE_INCONSISTENT, "oaep dec with public");
    op.hashAlg = CKM_AES_ECB;
    cl = sizeof ct;
    CHECK_RV(run(P11_OP_ENCRYPT, &om, &pub, msg, 10, ct, &cl), CKR_MECHANISM_PARAM_INVALID, "oaep bad hash");
    om = M(CKM_RSA_PKCS, NULL, 0);
    cl = sizeof ct;
    CHECK_RV(run(P11_OP_ENCRYPT, &om, &pub, msg, 10, ct, &cl), CKR_MECHANISM_INVALID, "no PKCS#1 v1.5 encryption");
  }
  CK_RSA_PKCS_OAEP_PARAMS op = {CKM_SHA256, CKG_MGF1_SHA256, 7, NULL, 0};
  CK_MECHANISM om = M(CKM_RSA_PKCS_OAEP, &op, sizeof op);
  uint8_t ct[256];
  CK_ULONG cl = sizeof ct;
  CHECK_RV(run(P11_OP_ENCRYPT, &om, &pub, msg, 10, ct, &cl), CKR_MECHANISM_PARAM_INVALID, "oaep bad source");
  // OAEP wrap of an AES key.
  op.source = CKZ_DATA_SPECIFIED;
  p11_attrs aes, un;
  key_secret_hex(&aes, CKK_AES, "000102030405060708090a0b0c0d0e0f1011121314151617");
  CK_ULONG wl = sizeof ct;
  CHECK_RV(p11_wrap_key(&om, &pub, &aes, ct, &wl), CKR_OK, "oaep wrap");
  memset(&un, 0, sizeof un);
  p11_attrs_set_ulong(&un, CKA_KEY_TYPE, CKK_AES);
  CHECK_RV(p11_unwrap_key(&om, &priv, ct, wl, &un), CKR_OK, "oaep unwrap");
  const p11_attr *uv = p11_attrs_get(&un, CKA_VALUE);
  CHECK(uv && uv->len == 24 && eqhex(uv->val, 24, "000102030405060708090a0b0c0d0e0f1011121314151617"),
        "oaep unwrapped key");
  p11_attrs_free(&un);
  // KWP wrap of the RSA private key (PKCS#8), unwrap, sign, verify.
  p11_attrs kek;
  key_secret_hex(&kek, CKK_AES, "000102030405060708090a0b0c0d0e0f");
  CK_MECHANISM wm = M(CKM_AES_KEY_WRAP_KWP, NULL, 0);
  uint8_t *w = malloc(4096);
  wl = 4096;
  CHECK_RV(p11_wrap_key(&wm, &kek, &priv, w, &wl), CKR_OK, "wrap RSA private key");
  memset(&un, 0, sizeof un);
  p11_attrs_set_ulong(&un, CKA_CLASS, CKO_PRIVATE_KEY);
  CHECK_RV(p11_unwrap_key(&wm, &kek, w, wl, &un), CKR_OK, "unwrap RSA private key");
  free(w);
  m = M(CKM_SHA256_RSA_PKCS, NULL, 0);
  sl = sizeof sig;
  CHECK_RV(run(P11_OP_SIGN, &m, &un, msg, sizeof msg, sig, &sl), CKR_OK, "sign with unwrapped key");
  CHECK_RV(verify(&m, &pub, msg, sizeof msg, sig, sl), CKR_OK, "verify with original public key");
  p11_attrs_free(&un);
  p11_attrs_free(&kek);
  p11_attrs_free(&aes);
  // Import: public key gets CKA_MODULUS_BITS; an inconsistent private key fails.
  p11_attrs imp;
  memset(&imp, 0, sizeof imp);
  p11_attrs_set_ulong(&imp, CKA_CLASS, CKO_PUBLIC_KEY);
  p11_attrs_set_ulong(&imp, CKA_KEY_TYPE, CKK_RSA);
  p11_attrs_set(&imp, CKA_MODULUS, n->val, n->len);
  p11_attrs_set(&imp, CKA_PUBLIC_EXPONENT, e, 3);
  CHECK_RV(p11_key_import(&imp), CKR_OK, "import RSA public");
  CK_ULONG bits = 0;
  CHECK(p11_attrs_ulong(&imp, CKA_MODULUS_BITS, &bits) == CKR_OK && bits == 2048, "CKA_MODULUS_BITS computed");
  p11_attrs_free(&imp);
  static const CK_ATTRIBUTE_TYPE comps[] = {CKA_MODULUS,     CKA_PUBLIC_EXPONENT, CKA_PRIVATE_EXPONENT,
                                            CKA_PRIME_1,     CKA_PRIME_2,         CKA_EXPONENT_1,
                                            CKA_EXPONENT_2,  CKA_COEFFICIENT};
  p11_attrs_set_ulong(&imp, CKA_CLASS, CKO_PRIVATE_KEY);
  p11_attrs_set_ulong(&imp, CKA_KEY_TYPE, CKK_RSA);
  for (size_t i = 0; i < sizeof comps / sizeof comps[0]; i++) {
    const p11_attr *a = p11_attrs_get(&priv, comps[i]);
    p11_attrs_set(&imp, comps[i], a->val, a->len);
  }
  CHECK_RV(p11_key_import(&imp), CKR_OK, "import RSA private");
  const p11_attr *pr = p11_attrs_get(&priv, CKA_PRIME_1);
  uint8_t badp[300];
  memcpy(badp, pr->val, pr->len);
  badp[pr->len - 1] ^= 2;
  p11_attrs_set(&imp, CKA_PRIME_1, badp, pr->len);
  CHECK_RV(p11_key_import(&imp), CKR_ATTRIBUTE_VALUE_INVALID, "import RSA private with p*q != n");
  p11_attrs_free(&imp);
  // Key type mismatch.
  m = M(CKM_SHA256_RSA_PKCS, NULL, 0);
  sl = sizeof sig;
  CHECK_RV(run(P11_OP_SIGN, &m, &pub, msg, 10, sig, &sl), CKR_KEY_TYPE_INCONSISTENT, "rsa sign with public key");
  p11_attrs_free(&pub);
  p11_attrs_free(&priv);
}

// ---------------------------------------------------------------------------
// ML-KEM, ML-DSA.

static void test_pq(void) {
  CK_MECHANISM gm = M(CKM_ML_KEM_KEY_PAIR_GEN, NULL, 0);
  p11_attrs pub, priv;
  memset(&pub, 0, sizeof pub);
  memset(&priv, 0, sizeof priv);
  CHECK_RV(p11_generate_key_pair(&gm, &pub, &priv), CKR_TEMPLATE_INCOMPLETE, "ml-kem without parameter set");
  p11_attrs_set_ulong(&pub, CKA_PARAMETER_SET, 9);
  CHECK_RV(p11_generate_key_pair(&gm, &pub, &priv), CKR_ATTRIBUTE_VALUE_INVALID, "ml-kem bad parameter set");
  p11_attrs_free(&priv);
  p11_attrs_set_ulong(&pub, CKA_PARAMETER_SET, CKP_ML_KEM_768);
  CHECK_RV(p11_generate_key_pair(&gm, &pub, &priv), CKR_OK, "ml-kem-768 keygen");
  const p11_attr *ek = p11_attrs_get(&pub, CKA_VALUE);
  CHECK(ek && ek->len == 1184, "ek length");
  CK_MECHANISM m = M(CKM_ML_KEM, NULL, 0);
  p11_attrs k1, k2;
  memset(&k1, 0, sizeof k1);
  memset(&k2, 0, sizeof k2);
  uint8_t ct[1600];
  CK_ULONG cl = 0;
  CHECK_RV(p11_encapsulate(&m, &pub, &k1, NULL, &cl), CKR_OK, "encaps size query");
  CHECK(cl == 1088, "ct length");
  cl = 100;
  CHECK_RV(p11_encapsulate(&m, &pub, &k1, ct, &cl), CKR_BUFFER_TOO_SMALL, "encaps too small");
  cl = sizeof ct;
  CHECK_RV(p11_encapsulate(&m, &pub, &k1, ct, &cl), CKR_OK, "encaps");
  CHECK_RV(p11_decapsulate(&m, &priv, ct, cl, &k2), CKR_OK, "decaps");
  const p11_attr *s1 = p11_attrs_get(&k1, CKA_VALUE), *s2 = p11_attrs_get(&k2, CKA_VALUE);
  CHECK(s1 && s2 && s1->len == 32 && s2->len == 32 && memcmp(s1->val, s2->val, 32) == 0, "shared secrets agree");
  p11_attrs_free(&k2);
  CHECK_RV(p11_decapsulate(&m, &priv, ct, cl - 1, &k2), CKR_ENCRYPTED_DATA_LEN_RANGE, "decaps ct length");
  CHECK_RV(p11_decapsulate(&m, &pub, ct, cl, &k2), CKR_KEY_TYPE_INCONSISTENT, "decaps with public key");
  p11_attrs_free(&k1);
  p11_attrs_free(&k2);
  // Import from the seed alone re-derives the expanded key.
  p11_attrs imp;
  memset(&imp, 0, sizeof imp);
  p11_attrs_set_ulong(&imp, CKA_CLASS, CKO_PRIVATE_KEY);
  p11_attrs_set_ulong(&imp, CKA_KEY_TYPE, CKK_ML_KEM);
  p11_attrs_set_ulong(&imp, CKA_PARAMETER_SET, CKP_ML_KEM_768);
  const p11_attr *seed = p11_attrs_get(&priv, CKA_SEED);
  CHECK(seed && seed->len == 64, "ML-KEM private key keeps its seed");
  if (seed) p11_attrs_set(&imp, CKA_SEED, seed->val, seed->len);
  CHECK_RV(p11_key_import(&imp), CKR_OK, "import ML-KEM seed");
  const p11_attr *dk = p11_attrs_get(&imp, CKA_VALUE), *dk0 = p11_attrs_get(&priv, CKA_VALUE);
  CHECK(dk && dk0 && dk->len == dk0->len && memcmp(dk->val, dk0->val, dk->len) == 0, "seed expands to dk");
  p11_attrs_free(&imp);
  p11_attrs_free(&pub);
  p11_attrs_free(&priv);

  gm = M(CKM_ML_DSA_KEY_PAIR_GEN, NULL, 0);
  p11_attrs_set_ulong(&priv, CKA_PARAMETER_SET, CKP_ML_DSA_44);
  CHECK_RV(p11_generate_key_pair(&gm, &pub, &priv), CKR_OK, "ml-dsa-44 keygen");
  uint8_t msg[100], sig[2500], sig2[2500];
  memset(msg, 7, sizeof msg);
  uint8_t ctx[4] = {9, 9, 9, 9};
  CK_SIGN_ADDITIONAL_CONTEXT sc = {CKH_DETERMINISTIC_REQUIRED, ctx, 4};
  m = M(CKM_ML_DSA, &sc, sizeof sc);
  CK_ULONG sl = sizeof sig, sl2 = sizeof sig2;
  CHECK_RV(run(P11_OP_SIGN, &m, &priv, msg, sizeof msg, sig, &sl), CKR_OK, "ml-dsa sign");
  CHECK(sl == 2420, "ml-dsa-44 signature length");
  CHECK_RV(run_parts(P11_OP_SIGN, &m, &priv, msg, sizeof msg, 30, sig2, &sl2), CKR_OK, "ml-dsa sign parts");
  CHECK(sl2 == sl && memcmp(sig, sig2, sl) == 0, "deterministic ML-DSA: parts == one-shot");
  CHECK_RV(verify(&m, &pub, msg, sizeof msg, sig, sl), CKR_OK, "ml-dsa verify");
  CK_MECHANISM nm = M(CKM_ML_DSA, NULL, 0);
  CHECK_RV(verify(&nm, &pub, msg, sizeof msg, sig, sl), CKR_SIGNATURE_INVALID, "context matters");
  sig[5] ^= 1;
  CHECK_RV(verify(&m, &pub, msg, sizeof msg, sig, sl), CKR_SIGNATURE_INVALID, "ml-dsa verify bad");
  CHECK_RV(verify(&m, &pub, msg, sizeof msg, sig, sl - 1), CKR_SIGNATURE_LEN_RANGE, "ml-dsa verify length");
  sc.hedgeVariant = 7;
  sl = sizeof sig;
  CHECK_RV(run(P11_OP_SIGN, &m, &priv, msg, 10, sig, &sl), CKR_MECHANISM_PARAM_INVALID, "ml-dsa bad hedge");
  p11_attrs_free(&pub);
  p11_attrs_free(&priv);
}

int main(void) {
  test_table();
  test_digest();
  test_hmac();
  test_aes_modes();
  test_gcm();
  test_kw_cmac();
  test_keygen_secret();
  test_import();
  test_ec();
  test_ed25519();
  test_rsa();
  test_pq();
  printf("%d passed, %d failed\n", g_pass, g_fail);
  return g_fail ? 1 : 0;
}
