// Service indicator: every row of the module's indicator table
// (cce_indicator_rule_get, src/module/core/describe.c) has a case here that
// calls that service under that condition with valid inputs and checks that
// the call returned CCE_OK and that cce_service_indicator() then says what
// the row says (APPROVED or NOT_APPROVED).
//
// Coverage is enforced both ways: the test fails if a row of the table has
// no case (the table cannot grow without a test) and if a case names a row
// that is not in the table (a case cannot outlive its row).
//
// Before every checked call the indicator is forced to FAILED by a call that
// must fail (NULL output), so an answer left over from an earlier call can
// never satisfy a check. Further checks: a failed call (NULL pointer, wrong
// tag, bad length) reports FAILED; a nested service does not change the
// outer answer (HKDF with a short key stays NOT_APPROVED although the HMAC
// and hash it runs are approved; ECDSA key generation stays APPROVED
// whatever its DRBG use); the indicator is per thread and NONE on a thread
// that has not called a service.

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/aes.h"
#include "cce/curve25519.h"
#include "cce/dice.h"
#include "cce/drbg.h"
#include "cce/ec.h"
#include "cce/gcm.h"
#include "cce/hash.h"
#include "cce/lms.h"
#include "cce/hmac.h"
#include "cce/kdf.h"
#include "cce/mldsa.h"
#include "cce/mlkem.h"
#include "cce/module.h"
#include "cce/rand.h"
#include "cce/rsa.h"
#include "cce/util.h"

static unsigned passed, failed;
static cce_indicator expect_ind;  // what the case's row says
static unsigned checks_in_case;
static const char *cur_case = "";

static const char *ind_name(cce_indicator i) {
  switch (i) {
    case CCE_INDICATOR_NONE: return "NONE";
    case CCE_INDICATOR_APPROVED: return "APPROVED";
    case CCE_INDICATOR_NOT_APPROVED: return "NOT_APPROVED";
    case CCE_INDICATOR_FAILED: return "FAILED";
  }
  return "?";
}

#define EXPECT(cond)                                                          \
  do {                                                                        \
    if (cond) {                                                               \
      passed++;                                                               \
    } else {                                                                  \
      failed++;                                                               \
      fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);         \
    }                                                                         \
  } while (0)

// Forces the indicator to FAILED with a call that must fail.
static void poison(void) {
  cce_status st = cce_sha256(NULL, "x", 1);
  if (st != CCE_ERR_NULL_POINTER || cce_service_indicator() != CCE_INDICATOR_FAILED) {
    failed++;
    fprintf(stderr, "FAIL: cannot force the indicator to FAILED (status %d, indicator %s)\n", (int)st,
            ind_name(cce_service_indicator()));
  }
}

// Checks the call just made (its status `st`) against the row.
static void svc_check(cce_status st, const char *what, int line) {
  cce_indicator got = cce_service_indicator();
  checks_in_case++;
  if (st == CCE_OK && got == expect_ind) {
    passed++;
    return;
  }
  failed++;
  fprintf(stderr, "FAIL [%s] line %d: %s -> %s, indicator %s (row says %s)\n", cur_case, line, what,
          cce_status_str(st), ind_name(got), ind_name(expect_ind));
}

// SVC(call): the service under test. The indicator is poisoned first (the
// comma operator sequences it before the call), then call, then check.
#define SVC(call) (poison(), svc_check((call), #call, __LINE__))

// SETUP(call): a preparatory call whose indicator is not the point; it must
// succeed. Returns from the case on failure.
#define SETUP(call)                                                                        \
  do {                                                                                     \
    cce_status s_ = (call);                                                                \
    if (s_ != CCE_OK) {                                                                    \
      failed++;                                                                            \
      fprintf(stderr, "FAIL [%s] line %d: setup %s -> %s\n", cur_case, __LINE__, #call,   \
              cce_status_str(s_));                                                         \
      return;                                                                              \
    }                                                                                      \
  } while (0)

// Checks that the call failed (status != CCE_OK) and left FAILED.
#define FAILS(call)                                                                             \
  do {                                                                                          \
    cce_status s_ = (call);                                                                     \
    cce_indicator i_ = cce_service_indicator();                                                 \
    if (s_ != CCE_OK && i_ == CCE_INDICATOR_FAILED) {                                           \
      passed++;                                                                                 \
    } else {                                                                                    \
      failed++;                                                                                 \
      fprintf(stderr, "FAIL line %d: %s -> %s, indicator %s (want an error and FAILED)\n",      \
              __LINE__, #call, cce_status_str(s_), ind_name(i_));                               \
    }                                                                                           \
  } while (0)

// Distinctive byte strings of any length (not secrets).
static void fill(uint8_t *p, size_t n, uint8_t seed) {
  for (size_t i = 0; i < n; i++) p[i] = (uint8_t)(seed + 31 * i + (i >> 3));
}

static const uint8_t msg[] = "OpenCCE service indicator test message";
#define MSG_LEN (sizeof msg - 1)

// ===========================================================================
// Hash

static void case_hash(void) {
  static const cce_hash_alg fixed[] = {CCE_HASH_SHA1,       CCE_HASH_SHA224,     CCE_HASH_SHA256,
                                       CCE_HASH_SHA384,     CCE_HASH_SHA512,     CCE_HASH_SHA512_224,
                                       CCE_HASH_SHA512_256, CCE_HASH_SHA3_224,   CCE_HASH_SHA3_256,
                                       CCE_HASH_SHA3_384,   CCE_HASH_SHA3_512};
  uint8_t out[64];
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
    SVC(cce_hash(fixed[i], out, sizeof out, msg, MSG_LEN));
    cce_hash_ctx c;
    SVC(cce_hash_init(&c, fixed[i]));
    SVC(cce_hash_update(&c, msg, MSG_LEN));
    SVC(cce_hash_final(&c, out, sizeof out));
  }
  SVC(cce_hash(CCE_HASH_SHAKE128, out, 40, msg, MSG_LEN));
  SVC(cce_hash(CCE_HASH_SHAKE256, out, 40, msg, MSG_LEN));
  SVC(cce_shake128(out, 17, msg, MSG_LEN));
  SVC(cce_shake256(out, 64, msg, MSG_LEN));
  cce_hash_ctx c;
  SVC(cce_hash_init(&c, CCE_HASH_SHAKE256));
  SVC(cce_hash_update(&c, msg, MSG_LEN));
  SVC(cce_hash_final(&c, out, 10));
  SVC(cce_hash_squeeze(&c, out, 30));
  cce_hash_cleanup(&c);
  SVC(cce_sha1(out, msg, MSG_LEN));
  SVC(cce_sha256(out, msg, MSG_LEN));
  SVC(cce_sha384(out, msg, MSG_LEN));
  SVC(cce_sha512(out, msg, MSG_LEN));
  SVC(cce_sha3_256(out, msg, MSG_LEN));
}

// ===========================================================================
// HMAC

static void hmac_with_key(size_t key_len) {
  uint8_t key[64], out[64];
  fill(key, sizeof key, 0x11);
  SVC(cce_hmac(CCE_HASH_SHA256, key, key_len, msg, MSG_LEN, out, sizeof out));
  SVC(cce_hmac(CCE_HASH_SHA3_256, key, key_len, msg, MSG_LEN, out, sizeof out));
  SVC(cce_hmac(CCE_HASH_SHA1, key, key_len, msg, MSG_LEN, out, sizeof out));
  uint8_t tag[32];
  SETUP(cce_hmac(CCE_HASH_SHA256, key, key_len, msg, MSG_LEN, tag, sizeof tag));
  SVC(cce_hmac_verify(CCE_HASH_SHA256, key, key_len, msg, MSG_LEN, tag, sizeof tag));
  cce_hmac_ctx c;
  SVC(cce_hmac_init(&c, CCE_HASH_SHA512, key_len ? key : NULL, key_len));
  SVC(cce_hmac_update(&c, msg, MSG_LEN));
  SVC(cce_hmac_final(&c, out, sizeof out));
  SVC(cce_hmac_reset(&c));
  SVC(cce_hmac_update(&c, msg, 5));
  SVC(cce_hmac_final_trunc(&c, out, 16));
  cce_hmac_cleanup(&c);
}

static void case_hmac_approved(void) {
  hmac_with_key(CCE_HMAC_MIN_APPROVED_KEY_BYTES);  // boundary: exactly 112 bits
  hmac_with_key(32);
  hmac_with_key(64);
}

static void case_hmac_short(void) {
  hmac_with_key(CCE_HMAC_MIN_APPROVED_KEY_BYTES - 1);
  hmac_with_key(1);
}

// ===========================================================================
// KDFs

static void case_hkdf_approved(void) {
  uint8_t ikm[32], salt[16], info[8], prk[64], out[80];
  fill(ikm, sizeof ikm, 0x21);
  fill(salt, sizeof salt, 0x22);
  fill(info, sizeof info, 0x23);
  SVC(cce_hkdf(CCE_HASH_SHA256, out, sizeof out, salt, sizeof salt, ikm, CCE_KDF_MIN_APPROVED_KEY_BYTES, info,
               sizeof info));
  SVC(cce_hkdf(CCE_HASH_SHA384, out, 42, NULL, 0, ikm, sizeof ikm, NULL, 0));
  SVC(cce_hkdf_extract(CCE_HASH_SHA256, prk, sizeof prk, salt, sizeof salt, ikm, CCE_KDF_MIN_APPROVED_KEY_BYTES));
  SVC(cce_hkdf_expand(CCE_HASH_SHA256, out, sizeof out, prk, 32, info, sizeof info));
}

static void case_hkdf_short(void) {
  uint8_t ikm[32], salt[16], prk[64], out[64];
  fill(ikm, sizeof ikm, 0x24);
  fill(salt, sizeof salt, 0x25);
  SVC(cce_hkdf(CCE_HASH_SHA256, out, sizeof out, salt, sizeof salt, ikm, CCE_KDF_MIN_APPROVED_KEY_BYTES - 1,
               NULL, 0));
  SVC(cce_hkdf(CCE_HASH_SHA512, out, 16, NULL, 0, ikm, 1, NULL, 0));
  SVC(cce_hkdf_extract(CCE_HASH_SHA256, prk, sizeof prk, salt, sizeof salt, ikm, 13));
  SVC(cce_hkdf_expand(CCE_HASH_SHA256, out, 32, prk, 13, NULL, 0));  // short PRK
}

static void case_kdf108_approved(void) {
  uint8_t key[32], out[64];
  fill(key, sizeof key, 0x31);
  static const uint8_t label[] = "label", ctx[] = "context";
  SVC(cce_kdf108_ctr_hmac(CCE_HASH_SHA256, out, sizeof out, key, CCE_KDF_MIN_APPROVED_KEY_BYTES, label, 5, ctx,
                          7));
  SVC(cce_kdf108_ctr_hmac(CCE_HASH_SHA3_384, out, 20, key, 32, NULL, 0, NULL, 0));
  cce_kdf108_params p = {CCE_KDF108_FEEDBACK, CCE_KDF108_PRF_HMAC, CCE_HASH_SHA512, CCE_KDF108_CTR_AFTER_FIXED, 32,
                         0, key, 16};
  SVC(cce_kdf108(&p, out, 8 * 48, key, 32, label, 5));
  cce_kdf108_params q = {CCE_KDF108_COUNTER, CCE_KDF108_PRF_CMAC_AES, CCE_HASH_NONE, CCE_KDF108_CTR_BEFORE_FIXED,
                         16, 0, NULL, 0};
  SVC(cce_kdf108(&q, out, 8 * 32, key, 16, ctx, 7));
}

static void case_kdf108_short(void) {
  uint8_t key[32], out[64];
  fill(key, sizeof key, 0x32);
  SVC(cce_kdf108_ctr_hmac(CCE_HASH_SHA256, out, sizeof out, key, CCE_KDF_MIN_APPROVED_KEY_BYTES - 1, NULL, 0,
                          NULL, 0));
  cce_kdf108_params p = {CCE_KDF108_DOUBLE_PIPELINE, CCE_KDF108_PRF_HMAC, CCE_HASH_SHA256,
                         CCE_KDF108_CTR_BEFORE_ITER, 8, 0, NULL, 0};
  SVC(cce_kdf108(&p, out, 100, key, 4, key + 8, 8));
}

static uint8_t pw[32], salt16[32];

static void case_pbkdf2_approved(void) {
  uint8_t out[32];
  SVC(cce_pbkdf2(CCE_HASH_SHA256, out, CCE_PBKDF2_MIN_APPROVED_DK_BYTES, pw, CCE_PBKDF2_MIN_APPROVED_PASSWORD_BYTES,
                 salt16, CCE_PBKDF2_MIN_APPROVED_SALT_BYTES, CCE_PBKDF2_MIN_APPROVED_ITERATIONS));
  SVC(cce_pbkdf2(CCE_HASH_SHA512, out, 32, pw, 20, salt16, 32, 1001));
}

static void case_pbkdf2_short_pw(void) {
  uint8_t out[32];
  SVC(cce_pbkdf2(CCE_HASH_SHA256, out, 32, pw, CCE_PBKDF2_MIN_APPROVED_PASSWORD_BYTES - 1, salt16, 16, 1000));
  SVC(cce_pbkdf2(CCE_HASH_SHA256, out, 32, NULL, 0, salt16, 16, 1000));
}

static void case_pbkdf2_short_salt(void) {
  uint8_t out[32];
  SVC(cce_pbkdf2(CCE_HASH_SHA256, out, 32, pw, 14, salt16, CCE_PBKDF2_MIN_APPROVED_SALT_BYTES - 1, 1000));
}

static void case_pbkdf2_few_iter(void) {
  uint8_t out[32];
  SVC(cce_pbkdf2(CCE_HASH_SHA256, out, 32, pw, 14, salt16, 16, CCE_PBKDF2_MIN_APPROVED_ITERATIONS - 1));
  SVC(cce_pbkdf2(CCE_HASH_SHA1, out, 32, pw, 32, salt16, 32, 1));
}

// ===========================================================================
// AES-GCM

static cce_gcm_key gkey;
static uint8_t g_pt[100], g_aad[20], g_ct[100], g_iv[12], g_tag[16];

static void case_gcm_seal_ivgen(void) {
  uint8_t k[32];
  fill(k, sizeof k, 0x41);
  SVC(cce_gcm_key_init(&gkey, k, 32));  // approved
  SVC(cce_aes_gcm_seal_randiv(&gkey, g_aad, sizeof g_aad, g_pt, sizeof g_pt, g_ct, g_iv, g_tag, 16));
  cce_gcm_ivgen gen;
  static const uint8_t fixed[4] = {1, 2, 3, 4};
  SVC(cce_gcm_ivgen_init(&gen, fixed, 7));
  uint8_t ct[100], iv[12], tag[16];
  SVC(cce_aes_gcm_seal_ivgen(&gkey, &gen, g_aad, sizeof g_aad, g_pt, sizeof g_pt, ct, iv, tag, 12));
  uint64_t next = 0;
  SVC(cce_gcm_ivgen_counter(&gen, &next));
  EXPECT(next == 8);
  // Streaming encryption with a module-generated IV: every call approved.
  cce_gcm_ctx c;
  SVC(cce_aes_gcm_init_ivgen(&c, &gkey, &gen, iv));
  SVC(cce_aes_gcm_update_aad(&c, g_aad, sizeof g_aad));
  SVC(cce_aes_gcm_update(&c, ct, g_pt, 37));
  SVC(cce_aes_gcm_update(&c, ct + 37, g_pt + 37, sizeof g_pt - 37));
  SVC(cce_aes_gcm_encrypt_final(&c, tag, 16));
}

static void case_gcm_seal_caller_iv(void) {
  uint8_t k[16], ct[100], tag[16];
  static const uint8_t iv[12] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2};
  fill(k, sizeof k, 0x42);
  cce_gcm_key key;
  SETUP(cce_gcm_key_init(&key, k, 16));
  SVC(cce_aes_gcm_seal(&key, iv, sizeof iv, g_aad, sizeof g_aad, g_pt, sizeof g_pt, ct, tag, 16));
  SVC(cce_aes_gcm_seal(&key, iv, 1, NULL, 0, g_pt, 1, ct, tag, 4));
  cce_gcm_ctx c;
  SVC(cce_aes_gcm_init(&c, &key, CCE_GCM_ENCRYPT, iv, sizeof iv));
  SVC(cce_aes_gcm_update_aad(&c, g_aad, sizeof g_aad));
  SVC(cce_aes_gcm_update(&c, ct, g_pt, sizeof g_pt));
  SVC(cce_aes_gcm_encrypt_final(&c, tag, 16));
  cce_gcm_key_wipe(&key);
}

static void case_gcm_open(void) {
  uint8_t pt[100];
  // g_ct/g_iv/g_tag come from case_gcm_seal_ivgen; make sure they exist.
  static const uint8_t fixed[4] = {5, 6, 7, 8};
  cce_gcm_ivgen gen;
  SETUP(cce_gcm_ivgen_init(&gen, fixed, 0));
  SETUP(cce_aes_gcm_seal_ivgen(&gkey, &gen, g_aad, sizeof g_aad, g_pt, sizeof g_pt, g_ct, g_iv, g_tag, 16));
  SVC(cce_aes_gcm_open(&gkey, g_iv, 12, g_aad, sizeof g_aad, g_ct, sizeof g_ct, g_tag, 16, pt));
  EXPECT(memcmp(pt, g_pt, sizeof pt) == 0);
  cce_gcm_ctx c;
  SVC(cce_aes_gcm_init(&c, &gkey, CCE_GCM_DECRYPT, g_iv, 12));
  SVC(cce_aes_gcm_update_aad(&c, g_aad, sizeof g_aad));
  SVC(cce_aes_gcm_update(&c, pt, g_ct, sizeof g_ct));
  SVC(cce_aes_gcm_decrypt_final(&c, g_tag, 16));
  // Decrypting what a caller-chosen IV sealed is still approved.
  uint8_t k[16], ct[16], tag[16];
  static const uint8_t iv[12] = {1};
  fill(k, sizeof k, 0x43);
  cce_gcm_key key;
  SETUP(cce_gcm_key_init(&key, k, 16));
  SETUP(cce_aes_gcm_seal(&key, iv, 12, NULL, 0, g_pt, 16, ct, tag, 16));
  SVC(cce_aes_gcm_open(&key, iv, 12, NULL, 0, ct, 16, tag, 16, pt));
  cce_gcm_key_wipe(&key);
}

// ===========================================================================
// Other AES modes

static void case_aes_modes(void) {
  static const size_t klens[] = {16, 24, 32};
  for (size_t ki = 0; ki < 3; ki++) {
    uint8_t k[32], in[64], out[80], back[80], iv[16], ctr[16], tag[16];
    fill(k, sizeof k, (uint8_t)(0x51 + ki));
    fill(in, sizeof in, 0x52);
    cce_aes_ctx a;
    SVC(cce_aes_init(&a, k, klens[ki]));
    SVC(cce_aes_ecb_encrypt(&a, out, in, 64));
    SVC(cce_aes_ecb_decrypt(&a, back, out, 64));
    memset(iv, 7, 16);
    SVC(cce_aes_cbc_encrypt(&a, iv, out, in, 64));
    memset(iv, 7, 16);
    SVC(cce_aes_cbc_decrypt(&a, iv, back, out, 64));
    EXPECT(memcmp(back, in, 64) == 0);
    memset(ctr, 0xfe, 16);
    SVC(cce_aes_ctr_crypt(&a, ctr, out, in, 45));
    static const uint8_t nonce[12] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8};
    SVC(cce_aes_ccm_seal(&a, out, tag, 16, nonce, 12, g_aad, sizeof g_aad, in, 40));
    SVC(cce_aes_ccm_open(&a, back, nonce, 12, g_aad, sizeof g_aad, out, 40, tag, 16));
    size_t n = 0, m = 0;
    SVC(cce_aes_kw_wrap(&a, 0, out, sizeof out, &n, in, 32));
    SVC(cce_aes_kw_unwrap(&a, 0, back, sizeof back, &m, out, n));
    SVC(cce_aes_kw_wrap(&a, CCE_AES_KW_INVERSE, out, sizeof out, &n, in, 24));
    SVC(cce_aes_kw_unwrap(&a, CCE_AES_KW_INVERSE, back, sizeof back, &m, out, n));
    SVC(cce_aes_kwp_wrap(&a, 0, out, sizeof out, &n, in, 13));
    SVC(cce_aes_kwp_unwrap(&a, 0, back, sizeof back, &m, out, n));
    EXPECT(m == 13 && memcmp(back, in, 13) == 0);
    cce_aes_cleanup(&a);
    SVC(cce_aes_cmac(tag, 16, k, klens[ki], in, 33));
    SVC(cce_aes_cmac_verify(tag, 16, k, klens[ki], in, 33));
    SVC(cce_aes_cmac(back, 4, k, klens[ki], in, 0));  // short tag: still approved (aes.h)
    cce_aes_cmac_ctx cm;
    SVC(cce_aes_cmac_init(&cm, k, klens[ki]));
    SVC(cce_aes_cmac_update(&cm, in, 20));
    SVC(cce_aes_cmac_update(&cm, in + 20, 13));
    SVC(cce_aes_cmac_final(&cm, out, 16));
    EXPECT(memcmp(out, tag, 16) == 0);
    SVC(cce_aes_cmac_init(&cm, k, klens[ki]));
    SVC(cce_aes_cmac_update(&cm, in, 33));
    SVC(cce_aes_cmac_verify_final(&cm, out, 16));
  }
}

static void case_aes_xts(void) {
  static const size_t klens[] = {32, 64};
  for (size_t ki = 0; ki < 2; ki++) {
    uint8_t k[64], in[70], out[70], back[70], tweak[16];
    fill(k, sizeof k, (uint8_t)(0x61 + ki));
    fill(in, sizeof in, 0x62);
    memset(tweak, 0x33, 16);
    cce_aes_xts_ctx x;
    SVC(cce_aes_xts_init(&x, k, klens[ki]));
    SVC(cce_aes_xts_encrypt(&x, out, tweak, in, 70));
    SVC(cce_aes_xts_decrypt(&x, back, tweak, out, 70));
    EXPECT(memcmp(back, in, 70) == 0);
    SVC(cce_aes_xts_encrypt_du(&x, out, 12345, in, 64));
    SVC(cce_aes_xts_decrypt_du(&x, back, 12345, out, 64));
    SVC(cce_aes_xts_encrypt_bits(&x, out, tweak, in, 130));
    SVC(cce_aes_xts_decrypt_bits(&x, back, tweak, out, 130));
    cce_aes_xts_cleanup(&x);
  }
}

// ===========================================================================
// DRBGs and cce_random

static void drbg_round(const cce_drbg_config *cfg, size_t ent_len, size_t nonce_len) {
  uint8_t ent[64], nonce[32], out[100], perso[10];
  fill(ent, sizeof ent, 0x71);
  fill(nonce, sizeof nonce, 0x72);
  fill(perso, sizeof perso, 0x73);
  cce_drbg_ctx d;
  SVC(cce_drbg_instantiate(&d, cfg, ent, ent_len, nonce, nonce_len, perso, sizeof perso));
  SVC(cce_drbg_generate(&d, out, sizeof out, NULL, 0));
  SVC(cce_drbg_generate(&d, out, 33, perso, 5));
  SVC(cce_drbg_reseed(&d, ent + 1, ent_len, NULL, 0));
  SVC(cce_drbg_reseed(&d, NULL, 0, perso, 3));  // entropy from the module's source
  SVC(cce_drbg_set_reseed_interval(&d, 1000));
  SVC(cce_drbg_generate(&d, out, 64, NULL, 0));
  cce_drbg_uninstantiate(&d);
  cce_drbg_config pr = *cfg;
  pr.flags |= CCE_DRBG_PREDICTION_RESISTANCE;
  SVC(cce_drbg_instantiate_seeded(&d, &pr, NULL, 0));
  SVC(cce_drbg_generate_pr(&d, out, 48, NULL, 0, NULL, 0));
  SVC(cce_drbg_generate_pr(&d, out, 48, ent, ent_len, perso, 2));
  SVC(cce_drbg_generate(&d, out, 48, NULL, 0));
  cce_drbg_uninstantiate(&d);
}

static void case_drbg(void) {
  cce_drbg_config c = {CCE_DRBG_CTR_AES128, CCE_HASH_NONE, 0, 0};
  drbg_round(&c, 16, 8);
  c.mech = CCE_DRBG_CTR_AES192;
  drbg_round(&c, 24, 12);
  c.mech = CCE_DRBG_CTR_AES256;
  drbg_round(&c, 32, 16);
  c.ctr_len = 32;
  drbg_round(&c, 32, 16);
  cce_drbg_config nodf = {CCE_DRBG_CTR_AES256, CCE_HASH_NONE, CCE_DRBG_NO_DF, 0};
  drbg_round(&nodf, 48, 0);
  cce_drbg_config h = {CCE_DRBG_HASH, CCE_HASH_SHA256, 0, 0};
  drbg_round(&h, 32, 16);
  h.hash = CCE_HASH_SHA512;
  drbg_round(&h, 32, 16);
  h.hash = CCE_HASH_SHA1;
  drbg_round(&h, 16, 8);
  cce_drbg_config m = {CCE_DRBG_HMAC, CCE_HASH_SHA256, 0, 0};
  drbg_round(&m, 32, 16);
  m.hash = CCE_HASH_SHA3_256;
  drbg_round(&m, 32, 16);
}

static void case_random(void) {
  uint8_t out[100000];
  SVC(cce_random(out, 32));
  SVC(cce_random(out, sizeof out));  // above one DRBG request: split inside
  SVC(cce_random(NULL, 0));
  SVC(cce_random(out, 1));
}

// ===========================================================================
// ECDSA, ECDH

static const cce_ec_curve_id curves[] = {CCE_EC_P256, CCE_EC_P384, CCE_EC_P521};

static void case_ecdsa(void) {
  static const cce_hash_alg hashes[] = {CCE_HASH_SHA224, CCE_HASH_SHA256, CCE_HASH_SHA384, CCE_HASH_SHA512,
                                        CCE_HASH_SHA512_256, CCE_HASH_SHA3_256, CCE_HASH_SHA3_512,
                                        CCE_HASH_SHAKE128, CCE_HASH_SHAKE256};
  for (size_t ci = 0; ci < 3; ci++) {
    cce_ec_curve_id cv = curves[ci];
    uint8_t priv[66], pub[133], pub2[133], sig[132], dig[64];
    size_t sl = cce_ec_scalar_len(cv), pl = cce_ec_public_len(cv), gl = cce_ecdsa_sig_len(cv);
    SVC(cce_ecdsa_keygen(cv, priv, sl, pub, pl));
    SVC(cce_ec_private_validate(cv, priv, sl));
    SVC(cce_ec_public_validate(cv, pub, pl));
    SVC(cce_ec_public_from_private(cv, priv, sl, pub2, pl));
    EXPECT(memcmp(pub, pub2, pl) == 0);
    SVC(cce_ec_public_decompress(cv, pub, pl, pub2, pl));
    for (size_t hi = 0; hi < sizeof hashes / sizeof hashes[0]; hi++) {
      cce_hash_alg h = hashes[hi];
      SVC(cce_ecdsa_sign(cv, h, priv, sl, msg, MSG_LEN, 0, sig, gl));
      SVC(cce_ecdsa_verify(cv, h, pub, pl, msg, MSG_LEN, sig, gl));
      if (h != CCE_HASH_SHAKE128 && h != CCE_HASH_SHAKE256) {
        SVC(cce_ecdsa_sign(cv, h, priv, sl, msg, MSG_LEN, CCE_ECDSA_DETERMINISTIC, sig, gl));
        SVC(cce_ecdsa_verify(cv, h, pub, pl, msg, MSG_LEN, sig, gl));
      }
    }
    SETUP(cce_sha384(dig, msg, MSG_LEN));
    SVC(cce_ecdsa_sign_digest(cv, CCE_HASH_SHA384, priv, sl, dig, 48, 0, sig, gl));
    SVC(cce_ecdsa_verify_digest(cv, CCE_HASH_SHA384, pub, pl, dig, 48, sig, gl));
  }
}

static void case_ecdsa_verify_sha1(void) {
  // A SHA-1 signature: SHA-1 signing is refused, so sign the 20-byte digest
  // placed at the end of a 32-byte SHA-256-sized digest (same integer e).
  uint8_t priv[32], pub[65], sig[64], d1[20], d32[32] = {0};
  SETUP(cce_ecdsa_keygen(CCE_EC_P256, priv, 32, pub, 65));
  SETUP(cce_sha1(d1, msg, MSG_LEN));
  memcpy(d32 + 12, d1, 20);
  SETUP(cce_ecdsa_sign_digest(CCE_EC_P256, CCE_HASH_SHA256, priv, 32, d32, 32, 0, sig, 64));
  SVC(cce_ecdsa_verify(CCE_EC_P256, CCE_HASH_SHA1, pub, 65, msg, MSG_LEN, sig, 64));
  SVC(cce_ecdsa_verify_digest(CCE_EC_P256, CCE_HASH_SHA1, pub, 65, d1, 20, sig, 64));
}

static void case_ecdh(void) {
  for (size_t ci = 0; ci < 3; ci++) {
    cce_ec_curve_id cv = curves[ci];
    uint8_t a[66], apub[133], b[66], bpub[133], z1[66], z2[66];
    size_t sl = cce_ec_scalar_len(cv), pl = cce_ec_public_len(cv);
    SVC(cce_ecdh_keygen(cv, a, sl, apub, pl));
    SVC(cce_ecdh_keygen(cv, b, sl, bpub, pl));
    SVC(cce_ecdh(cv, a, sl, bpub, pl, z1, sl));
    SVC(cce_ecdh(cv, b, sl, apub, pl, z2, sl));
    EXPECT(memcmp(z1, z2, sl) == 0);
  }
}

// ===========================================================================
// Curve25519

static void case_ed25519(void) {
  uint8_t pk[32], sk[32], pk2[32], sig[64];
  static const uint8_t ctx[] = "ctx";
  SVC(cce_ed25519_keypair(pk, sk));
  SVC(cce_ed25519_public_from_private(pk2, sk));
  EXPECT(memcmp(pk, pk2, 32) == 0);
  SVC(cce_ed25519_public_check(pk));
  SVC(cce_ed25519_sign(sig, msg, MSG_LEN, sk, pk));
  SVC(cce_ed25519_sign(sig, msg, MSG_LEN, sk, NULL));
  SVC(cce_ed25519_verify(sig, msg, MSG_LEN, pk));
  SVC(cce_ed25519ctx_sign(sig, msg, MSG_LEN, ctx, 3, sk, pk));
  SVC(cce_ed25519ctx_verify(sig, msg, MSG_LEN, ctx, 3, pk));
  SVC(cce_ed25519ph_sign(sig, msg, MSG_LEN, NULL, 0, sk, pk));
  SVC(cce_ed25519ph_verify(sig, msg, MSG_LEN, NULL, 0, pk));
  SVC(cce_ed25519ph_sign(sig, msg, MSG_LEN, ctx, 3, sk, pk));
  SVC(cce_ed25519ph_verify(sig, msg, MSG_LEN, ctx, 3, pk));
}

static void case_x25519(void) {
  uint8_t apk[32], ask[32], bpk[32], bsk[32], pk2[32], z1[32], z2[32];
  SVC(cce_x25519_keypair(apk, ask));
  SVC(cce_x25519_keypair(bpk, bsk));
  SVC(cce_x25519_public(pk2, ask));
  EXPECT(memcmp(pk2, apk, 32) == 0);
  SVC(cce_x25519(z1, ask, bpk));
  SVC(cce_x25519(z2, bsk, apk));
  EXPECT(memcmp(z1, z2, 32) == 0);
}

// ===========================================================================
// ML-DSA

static uint8_t mpk[CCE_MLDSA_MAX_PUBLIC_KEY_BYTES], msk[CCE_MLDSA_MAX_SECRET_KEY_BYTES];
static uint8_t msig[CCE_MLDSA_MAX_SIGNATURE_BYTES];

static void case_mldsa(void) {
  static const cce_mldsa_param params[] = {CCE_MLDSA_44, CCE_MLDSA_65, CCE_MLDSA_87};
  static const uint8_t ctx[] = "context";
  for (size_t pi = 0; pi < 3; pi++) {
    cce_mldsa_param p = params[pi];
    size_t pkl = 0, skl = 0, sgl = 0;
    SETUP(cce_mldsa_sizes(p, &pkl, &skl, &sgl));
    uint8_t seed[32], mu[64], dig[64];
    SVC(cce_mldsa_keygen(p, mpk, pkl, msk, skl, seed));
    SVC(cce_mldsa_keygen_seed(p, mpk, pkl, msk, skl, seed));
    SVC(cce_mldsa_sign(p, msig, sgl, msk, skl, msg, MSG_LEN, ctx, 7, CCE_MLDSA_HEDGED));
    SVC(cce_mldsa_verify(p, msig, sgl, mpk, pkl, msg, MSG_LEN, ctx, 7));
    SVC(cce_mldsa_sign(p, msig, sgl, msk, skl, msg, MSG_LEN, NULL, 0, CCE_MLDSA_DETERMINISTIC));
    SVC(cce_mldsa_verify(p, msig, sgl, mpk, pkl, msg, MSG_LEN, NULL, 0));
    SVC(cce_mldsa_hash_sign(p, msig, sgl, msk, skl, CCE_HASH_SHA256, msg, MSG_LEN, ctx, 7, 0));
    SVC(cce_mldsa_hash_verify(p, msig, sgl, mpk, pkl, CCE_HASH_SHA256, msg, MSG_LEN, ctx, 7));
    SETUP(cce_sha512(dig, msg, MSG_LEN));
    SVC(cce_mldsa_hash_sign_digest(p, msig, sgl, msk, skl, CCE_HASH_SHA512, dig, 64, NULL, 0, 0));
    SVC(cce_mldsa_hash_verify_digest(p, msig, sgl, mpk, pkl, CCE_HASH_SHA512, dig, 64, NULL, 0));
    SVC(cce_mldsa_compute_mu(p, mu, mpk, pkl, CCE_HASH_NONE, msg, MSG_LEN, ctx, 7));
    SVC(cce_mldsa_sign_mu(p, msig, sgl, msk, skl, mu, 0));
    SVC(cce_mldsa_verify_mu(p, msig, sgl, mpk, pkl, mu));
    SVC(cce_mldsa_verify(p, msig, sgl, mpk, pkl, msg, MSG_LEN, ctx, 7));  // external mu == pure
  }
}

static void case_mldsa_internal(void) {
  cce_mldsa_param p = CCE_MLDSA_65;
  size_t pkl = 0, skl = 0, sgl = 0;
  SETUP(cce_mldsa_sizes(p, &pkl, &skl, &sgl));
  uint8_t seed[32], rnd[32], mu[64], mprime[64];
  size_t mpl = 0;
  fill(seed, 32, 0x81);
  fill(rnd, 32, 0x82);
  SETUP(cce_mldsa_keygen_seed(p, mpk, pkl, msk, skl, seed));
  SETUP(cce_mldsa_message_prefix(mprime, sizeof mprime, &mpl, CCE_HASH_NONE, NULL, 0));
  memcpy(mprime + mpl, msg, 10);
  mpl += 10;
  SVC(cce_mldsa_sign_internal(p, msig, sgl, msk, skl, mprime, mpl, rnd));
  SVC(cce_mldsa_verify_internal(p, msig, sgl, mpk, pkl, mprime, mpl));
  SETUP(cce_mldsa_compute_mu(p, mu, mpk, pkl, CCE_HASH_NONE, msg, 10, NULL, 0));
  SVC(cce_mldsa_sign_mu_rnd(p, msig, sgl, msk, skl, mu, rnd));
  SVC(cce_mldsa_verify_internal(p, msig, sgl, mpk, pkl, mprime, mpl));
}

// ===========================================================================
// ML-KEM

static uint8_t kek[CCE_MLKEM_MAX_EK_BYTES], kdk[CCE_MLKEM_MAX_DK_BYTES], kct[CCE_MLKEM_MAX_CT_BYTES];

static void case_mlkem(void) {
  static const cce_mlkem_param params[] = {CCE_MLKEM_512, CCE_MLKEM_768, CCE_MLKEM_1024};
  for (size_t pi = 0; pi < 3; pi++) {
    cce_mlkem_param p = params[pi];
    size_t ekl = 0, dkl = 0, ctl = 0;
    SETUP(cce_mlkem_sizes(p, &ekl, &dkl, &ctl));
    uint8_t seed[CCE_MLKEM_SEED_BYTES], ss1[32], ss2[32], ss3[32];
    SVC(cce_mlkem_keygen(p, kek, ekl, kdk, dkl, seed));
    SVC(cce_mlkem_keygen_seed(p, kek, ekl, kdk, dkl, seed));
    SVC(cce_mlkem_check_ek(p, kek, ekl));
    SVC(cce_mlkem_check_dk(p, kdk, dkl));
    SVC(cce_mlkem_encaps(p, kct, ctl, ss1, kek, ekl));
    SVC(cce_mlkem_decaps(p, ss2, kct, ctl, kdk, dkl));
    SVC(cce_mlkem_decaps_seed(p, ss3, kct, ctl, seed));
    EXPECT(memcmp(ss1, ss2, 32) == 0 && memcmp(ss1, ss3, 32) == 0);
    kct[5] ^= 1;  // implicit rejection: still a successful, approved decapsulation
    SVC(cce_mlkem_decaps(p, ss2, kct, ctl, kdk, dkl));
  }
}

static void case_mlkem_derand(void) {
  size_t ekl = 0, dkl = 0, ctl = 0;
  SETUP(cce_mlkem_sizes(CCE_MLKEM_768, &ekl, &dkl, &ctl));
  uint8_t seed[CCE_MLKEM_SEED_BYTES], m[CCE_MLKEM_M_BYTES], ss[32];
  fill(seed, sizeof seed, 0xc1);
  fill(m, sizeof m, 0xc2);
  SETUP(cce_mlkem_keygen_seed(CCE_MLKEM_768, kek, ekl, kdk, dkl, seed));
  SVC(cce_mlkem_encaps_derand(CCE_MLKEM_768, kct, ctl, ss, kek, ekl, m));
}

// ===========================================================================
// RSA

// Public keys and signatures made with the OpenSSL 3 command line (openssl
// genrsa; openssl dgst -sign) over `msg`: a 2048-bit key with a PKCS#1 v1.5
// SHA-1 signature and a 1024-bit key with a PKCS#1 v1.5 SHA2-256 one (e = 65537).
static const char rsa2048_n[] =
    "f6f6cabf97c1cee87e7e4ac51f0894b3cab4e6a6e2c1b10e8596818a81eb00949ea9d7383999d994de954adbc3a46f41"
    "4d8cc638c76834f87fe02afbe47eefdceed558d4fc4a44ba33c0424b0fca72496c5fd87c00e5291d4fe81022f3788f64"
    "65f339048cd83983e0cc4695f500c9f28a3cf72012884ca602aa67d7711e8f858319e7470ca77604c6409870dd4a56a1"
    "2da736cc59a70de4ccd6ca71f81d8d3436c84535d35edfb1c7372abe5e981a2ba987666587fca569c535c21cbb1875ce"
    "e8ca8c05592cad6bb1d2eae94f7bba3e9cca0552ec85bc76cdc4fb6f8ca74d345a61a89cc13421f628ee92cdcf0b170c"
    "6917e2c9ee025c7f86da2cb8d8a0ad39";
static const char rsa2048_sha1_sig[] =
    "e9acad914dc5c932619e4525595fafa623478efa04511e79bb6d836089505c2b2138349dfb05a3ffdbf5385e2e2e8a23"
    "e21ed9b354f0fc36e9a739cd8ed89da11187993f96bdb0587caa3aaa9f7d6d09208d966c74aa628d7c9de7b2ad58ef99"
    "bb41d38e47cc59215883238b480fbc63e8b90792e252823bf72d94a5cdd228b47f8dd4bed42d680440878413ebc85c9d"
    "1b6ee70b7e20b997b55805a8cb6f17faecd066eeca4157080db8c6a474e6ed6aee31c70c8f3e746bfdc436af713b6ea9"
    "564a8f093cac9d8e009007cf40db3b43b4ceacf2280de20b43951ec02afa7b978e0d745c2b964cf367c2aab1bcc85cdf"
    "3c8ad3837b328f68a90253caab1929ae";
static const char rsa1024_n[] =
    "f78bc32144948ae97102e634d08dc8758e0ad42d45b1b800c567ff17d98b025040845d182e06111a46f6a42e534e2a5b"
    "846175d787d3e40e2ea54e0b1f7b2f828afa3a1439e91c429a78048834a62c5028af50f508ccc7298c71dd3445a10d9f"
    "f8f986fc31de47595ba525bb9392f261bb0b0f204ea9a3e1edfb4d72cd2a93e1";
static const char rsa1024_sha256_sig[] =
    "56a355c4b82f493e50f355176a75673d353afc68bb54458b4842be41bc4b5a2ae3818ac2e71a03812f011ffb9b30ee69"
    "fa3b83f901e555c04685d4753a1c25af3c6d196ba0be28354be19da5b48a43c48281f5cd09a245cc023544235277f917"
    "e444d8eb03033340b45ce8abbe01c363cf67cfe002f567b6bb22edf50c8b4bce";

static size_t unhex(const char *s, uint8_t *out, size_t cap) {
  size_t n = strlen(s) / 2;
  if (n > cap) abort();
  for (size_t i = 0; i < n; i++) {
    unsigned v = 0;
    if (sscanf(s + 2 * i, "%2x", &v) != 1) abort();
    out[i] = (uint8_t)v;
  }
  return n;
}

static const uint8_t rsa_e[3] = {1, 0, 1};
static cce_rsa_private_key rsa_key;
static int rsa_key_ready;

static void case_rsa(void) {
  if (!rsa_key_ready) {
    SVC(cce_rsa_generate_key(&rsa_key, 2048, NULL, 0));
    rsa_key_ready = 1;
  }
  cce_rsa_public_key pub;
  SETUP(cce_rsa_public_from_private(&pub, &rsa_key));
  uint8_t sig[256], dig[64], ct[256], pt[256];
  size_t sl = 0, cl = 0, pl = 0;
  static const cce_hash_alg hashes[] = {CCE_HASH_SHA256, CCE_HASH_SHA384, CCE_HASH_SHA512, CCE_HASH_SHA3_256};
  for (size_t i = 0; i < 4; i++) {
    cce_hash_alg h = hashes[i];
    SVC(cce_rsa_pss_sign(&rsa_key, h, CCE_RSA_MGF1, CCE_HASH_NONE, 32, msg, MSG_LEN, sig, sizeof sig, &sl));
    SVC(cce_rsa_pss_verify(&pub, h, CCE_RSA_MGF1, CCE_HASH_NONE, 32, msg, MSG_LEN, sig, sl));
    SVC(cce_rsa_pkcs1_sign(&rsa_key, h, msg, MSG_LEN, sig, sizeof sig, &sl));
    SVC(cce_rsa_pkcs1_verify(&pub, h, msg, MSG_LEN, sig, sl));
  }
  SVC(cce_rsa_pss_sign(&rsa_key, CCE_HASH_SHAKE128, CCE_RSA_MASK_SHAKE128, CCE_HASH_NONE, 32, msg, MSG_LEN, sig,
                       sizeof sig, &sl));
  SVC(cce_rsa_pss_verify(&pub, CCE_HASH_SHAKE128, CCE_RSA_MASK_SHAKE128, CCE_HASH_NONE, CCE_RSA_PSS_SALT_ANY, msg,
                         MSG_LEN, sig, sl));
  SETUP(cce_sha256(dig, msg, MSG_LEN));
  SVC(cce_rsa_pss_sign_digest(&rsa_key, CCE_HASH_SHA256, CCE_RSA_MGF1, CCE_HASH_NONE, 0, dig, 32, sig, sizeof sig,
                              &sl));
  SVC(cce_rsa_pss_verify_digest(&pub, CCE_HASH_SHA256, CCE_RSA_MGF1, CCE_HASH_NONE, 0, dig, 32, sig, sl));
  SVC(cce_rsa_pkcs1_sign_digest(&rsa_key, CCE_HASH_SHA256, dig, 32, sig, sizeof sig, &sl));
  SVC(cce_rsa_pkcs1_verify_digest(&pub, CCE_HASH_SHA256, dig, 32, sig, sl));
  SVC(cce_rsa_oaep_encrypt(&pub, CCE_HASH_SHA256, CCE_HASH_NONE, NULL, 0, msg, MSG_LEN, ct, sizeof ct, &cl));
  SVC(cce_rsa_oaep_decrypt(&rsa_key, CCE_HASH_SHA256, CCE_HASH_NONE, NULL, 0, ct, cl, pt, sizeof pt, &pl));
  EXPECT(pl == MSG_LEN && memcmp(pt, msg, pl) == 0);
}

static void rsa_verify_1024(void) {
  uint8_t n[128], sig[128];
  size_t nl = unhex(rsa1024_n, n, sizeof n), sl = unhex(rsa1024_sha256_sig, sig, sizeof sig);
  cce_rsa_public_key pub;
  SETUP(cce_rsa_public_key_init(&pub, n, nl, rsa_e, 3));
  SVC(cce_rsa_pkcs1_verify(&pub, CCE_HASH_SHA256, msg, MSG_LEN, sig, sl));
}

static void rsa_verify_sha1(void) {
  uint8_t n[256], sig[256];
  size_t nl = unhex(rsa2048_n, n, sizeof n), sl = unhex(rsa2048_sha1_sig, sig, sizeof sig);
  cce_rsa_public_key pub;
  SETUP(cce_rsa_public_key_init(&pub, n, nl, rsa_e, 3));
  SVC(cce_rsa_pkcs1_verify(&pub, CCE_HASH_SHA1, msg, MSG_LEN, sig, sl));
}

static void case_rsa_verify_weak(void) {
  rsa_verify_1024();
  rsa_verify_sha1();
}

// OAEP with MGF1 over SHA-1 (no row of its own; see test_unlisted).
static void rsa_oaep_mgf1_sha1(void) {
  if (!rsa_key_ready) {
    SETUP(cce_rsa_generate_key(&rsa_key, 2048, NULL, 0));
    rsa_key_ready = 1;
  }
  cce_rsa_public_key pub;
  SETUP(cce_rsa_public_from_private(&pub, &rsa_key));
  uint8_t ct[256], pt[256];
  size_t cl = 0, pl = 0;
  SVC(cce_rsa_oaep_encrypt(&pub, CCE_HASH_SHA512, CCE_HASH_SHA1, NULL, 0, msg, 9, ct, sizeof ct, &cl));
  SVC(cce_rsa_oaep_decrypt(&rsa_key, CCE_HASH_SHA512, CCE_HASH_SHA1, NULL, 0, ct, cl, pt, sizeof pt, &pl));
}

// ===========================================================================
// RSA: deterministic key generation from caller-given seeds (ACVP AFT,
// FIPS 186-5 A.1.2): served, never approved.

static void case_rsa_keygen_seeded(void) {
  static cce_rsa_private_key k;
  static const uint8_t e[3] = {1, 0, 1};
  uint8_t seed[28];
  for (size_t i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)(0xA5 ^ (17 * i));
  cce_rsa_seeded_params prm;
  memset(&prm, 0, sizeof prm);
  prm.bits = 2048;
  prm.e = e;
  prm.e_len = sizeof e;
  prm.hash = CCE_HASH_SHA256;
  prm.seed = seed;
  prm.seed_len = sizeof seed;
  SVC(cce_rsa_generate_key_seeded(&k, CCE_RSA_PRIMES_PROVABLE, &prm));
  cce_rsa_private_key_wipe(&k);
}

// ===========================================================================
// RSA: a caller-encoded DigestInfo (PKCS#11 CKM_RSA_PKCS)

static void case_rsa_sign_raw(void) {
  if (!rsa_key_ready) {
    SETUP(cce_rsa_generate_key(&rsa_key, 2048, NULL, 0));
    rsa_key_ready = 1;
  }
  // DigestInfo of SHA2-256 (RFC 8017 9.2 note 1) over `msg`.
  uint8_t t[19 + 32] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                        0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
  SETUP(cce_sha256(t + 19, msg, MSG_LEN));
  uint8_t sig[256], sig2[256];
  size_t sl = 0, sl2 = 0;
  SVC(cce_rsa_pkcs1_sign_raw(&rsa_key, t, sizeof t, sig, sizeof sig, &sl));
  // Same bytes as the approved SHA2-256 signature (deterministic padding).
  SETUP(cce_rsa_pkcs1_sign(&rsa_key, CCE_HASH_SHA256, msg, MSG_LEN, sig2, sizeof sig2, &sl2));
  EXPECT(sl == sl2 && memcmp(sig, sig2, sl) == 0);
}

// ===========================================================================
// LMS / HSS

static int persist_ok(void *ctx, const uint8_t *priv, size_t priv_len) {
  (void)ctx;
  (void)priv;
  (void)priv_len;
  return 0;
}

static uint8_t lms_priv[CCE_HSS_PRIVATE_LEN];

static void case_lms(void) {
  cce_hss_params hp;
  memset(&hp, 0, sizeof hp);
  hp.levels = 1;
  hp.lms_type[0] = CCE_LMS_SHA256_M24_H5;
  hp.ots_type[0] = CCE_LMOTS_SHA256_N24_W8;
  uint8_t pub[CCE_HSS_PUBLIC_MAX], pub2[CCE_HSS_PUBLIC_MAX], sig[4096];
  size_t pl = 0, pl2 = 0, sl = 0;
  SVC(cce_hss_keygen(&hp, lms_priv, sizeof lms_priv, pub, sizeof pub, &pl));
  SVC(cce_hss_public_from_private(lms_priv, sizeof lms_priv, pub2, sizeof pub2, &pl2));
  EXPECT(pl == pl2 && memcmp(pub, pub2, pl) == 0);
  SVC(cce_hss_sign(lms_priv, sizeof lms_priv, persist_ok, NULL, msg, MSG_LEN, sig, sizeof sig, &sl));
  SVC(cce_hss_verify(pub, pl, msg, MSG_LEN, sig, sl));
  // The single-tree forms: the HSS public key without its 4-byte L, and the
  // signature without its 4-byte Nspk (levels == 1).
  SVC(cce_lms_verify(pub + 4, pl - 4, msg, MSG_LEN, sig + 4, sl - 4));
  uint8_t I[16], seed[24];
  fill(I, sizeof I, 0x31);
  fill(seed, sizeof seed, 0x32);
  SVC(cce_lms_keygen_seed(CCE_LMS_SHA256_M24_H5, CCE_LMOTS_SHA256_N24_W8, I, seed, sizeof seed, pub, sizeof pub,
                          &pl));
  cce_wipe(lms_priv, sizeof lms_priv);
}

static void case_lms_seed_sign(void) {
  uint8_t I[16], seed[24], pub[CCE_HSS_PUBLIC_MAX], sig[4096];
  size_t pl = 0, sl = 0;
  fill(I, sizeof I, 0x33);
  fill(seed, sizeof seed, 0x34);
  SETUP(cce_lms_keygen_seed(CCE_LMS_SHA256_M24_H5, CCE_LMOTS_SHA256_N24_W8, I, seed, sizeof seed, pub, sizeof pub,
                            &pl));
  SVC(cce_lms_sign_seed(CCE_LMS_SHA256_M24_H5, CCE_LMOTS_SHA256_N24_W8, I, seed, sizeof seed, 3, msg, MSG_LEN, sig,
                        sizeof sig, &sl));
  SETUP(cce_lms_verify(pub, pl, msg, MSG_LEN, sig, sl));
}

// ===========================================================================
// DICE identities and the life-cycle record

static void case_dice(void) {
  uint8_t uds[CCE_DICE_UDS_BYTES], meas[CCE_DICE_MEASUREMENT_BYTES], pub[CCE_DICE_PUBLIC_BYTES];
  uint8_t sig[CCE_DICE_SIG_BYTES], m2[CCE_DICE_MEASUREMENT_BYTES];
  fill(uds, sizeof uds, 0x41);
  SETUP(cce_sha384(meas, "firmware", 8));
  cce_dice_ctx ctx;
  SVC(cce_dice_init(&ctx, uds, sizeof uds, meas, sizeof meas));
  SVC(cce_dice_public_key(&ctx, CCE_DICE_ALIAS, pub, sizeof pub));
  SVC(cce_dice_measurement(&ctx, m2, sizeof m2));
  EXPECT(memcmp(m2, meas, sizeof meas) == 0);
  SVC(cce_dice_sign(&ctx, CCE_DICE_ALIAS, msg, MSG_LEN, sig, sizeof sig));
  SVC(cce_ecdsa_verify(CCE_EC_P384, CCE_HASH_SHA384, pub, sizeof pub, msg, MSG_LEN, sig, sizeof sig));
  SVC(cce_dice_sign(&ctx, CCE_DICE_DEVICEID, msg, MSG_LEN, sig, sizeof sig));
  cce_dice_cleanup(&ctx);
  cce_wipe(uds, sizeof uds);
}

static void case_lc_record(void) {
  uint8_t uds[CCE_DICE_UDS_BYTES], rec[CCE_LC_RECORD_BYTES];
  fill(uds, sizeof uds, 0x42);
  unsigned state = 0;
  uint64_t seq = 0;
  SVC(cce_lc_record_seal(uds, sizeof uds, 2, 7, rec, sizeof rec));
  SVC(cce_lc_record_open(uds, sizeof uds, rec, sizeof rec, &state, &seq));
  EXPECT(state == 2 && seq == 7);
  cce_wipe(uds, sizeof uds);
}

// ===========================================================================
// The case table: one entry per (service, condition) row, exact strings.

typedef struct ind_case {
  const char *service;
  const char *condition;
  void (*fn)(void);
} ind_case;

static const ind_case cases[] = {
    {"hash", "SHA-1, SHA-2, SHA-3, SHAKE", case_hash},
    {"hmac", "key >= 14 bytes (112 bits)", case_hmac_approved},
    {"hmac", "key < 14 bytes", case_hmac_short},
    {"hkdf", "input key >= 14 bytes", case_hkdf_approved},
    {"hkdf", "input key < 14 bytes", case_hkdf_short},
    {"kdf108", "key >= 14 bytes", case_kdf108_approved},
    {"kdf108", "key < 14 bytes", case_kdf108_short},
    {"pbkdf2", "password >= 14 bytes, salt >= 16 bytes, iterations >= 1000", case_pbkdf2_approved},
    {"pbkdf2", "password < 14 bytes", case_pbkdf2_short_pw},
    {"pbkdf2", "salt < 16 bytes", case_pbkdf2_short_salt},
    {"pbkdf2", "iterations < 1000", case_pbkdf2_few_iter},
    {"aes-gcm-seal", "IV generated inside the module", case_gcm_seal_ivgen},
    {"aes-gcm-seal", "caller-chosen IV", case_gcm_seal_caller_iv},
    {"aes-gcm-open", "any", case_gcm_open},
    {"aes-modes", "ECB, CBC, CTR, CCM, KW, KWP, CMAC", case_aes_modes},
    {"aes-xts", "128- and 256-bit keys, key1 != key2", case_aes_xts},
    {"drbg", "ctrDRBG, hashDRBG, hmacDRBG", case_drbg},
    {"random", "cce_random", case_random},
    {"ecdsa", "P-256/384/521 with SHA-2, SHA-3, SHAKE", case_ecdsa},
    {"ecdsa-verify", "SHA-1", case_ecdsa_verify_sha1},
    {"ecdh", "P-256/384/521", case_ecdh},
    {"ed25519", "pure, ctx, ph", case_ed25519},
    {"x25519", "any", case_x25519},
    {"rsa", "n >= 2048 with SHA-2, SHA-3 or SHAKE: keygen, sign, verify, OAEP", case_rsa},
    {"rsa-verify", "n < 2048, or SHA-1", case_rsa_verify_weak},
    {"mlkem", "keygen, encaps, decaps, key checks", case_mlkem},
    {"mlkem-derand", "encapsulation with a caller-given m", case_mlkem_derand},
    {"mldsa", "keygen, sign, verify, HashML-DSA, external mu", case_mldsa},
    {"mldsa-internal", "sign_internal, verify_internal, sign_mu_rnd", case_mldsa_internal},
    {"rsa-sign-raw", "caller-encoded DigestInfo (any hash)", case_rsa_sign_raw},
    {"lms", "HSS keygen, sign, verify; LMS verify, keygen from (I, SEED)", case_lms},
    {"lms-seed-sign", "signing from a caller-given (I, SEED, q)", case_lms_seed_sign},
    {"dice", "DeviceID/Alias derivation, ECDSA P-384 signing", case_dice},
    {"lc-record", "life-cycle record seal and open", case_lc_record},
    {"rsa-keygen-seeded", "key generation from caller-given seeds (ACVP)", case_rsa_keygen_seeded},
};
#define NUM_CASES (sizeof cases / sizeof cases[0])

// Walks the module's table: every row must have exactly one case, every case
// exactly one row; each case runs with the row's expected answer.
static void walk_table(void) {
  size_t nrows = cce_indicator_rule_count();
  EXPECT(nrows > 0);
  EXPECT(cce_indicator_rule_get(nrows) == NULL);
  unsigned used[NUM_CASES] = {0};
  for (size_t r = 0; r < nrows; r++) {
    const cce_indicator_rule *row = cce_indicator_rule_get(r);
    if (row == NULL || row->service == NULL || row->condition == NULL) {
      failed++;
      fprintf(stderr, "FAIL: indicator rule %zu is NULL or incomplete\n", r);
      continue;
    }
    // Two rows with the same key would make the cases ambiguous.
    for (size_t r2 = 0; r2 < r; r2++) {
      const cce_indicator_rule *o = cce_indicator_rule_get(r2);
      if (o && strcmp(o->service, row->service) == 0 && strcmp(o->condition, row->condition) == 0) {
        failed++;
        fprintf(stderr, "FAIL: duplicate indicator rule (%s, %s)\n", row->service, row->condition);
      }
    }
    size_t found = NUM_CASES;
    for (size_t c = 0; c < NUM_CASES; c++)
      if (strcmp(cases[c].service, row->service) == 0 && strcmp(cases[c].condition, row->condition) == 0) found = c;
    if (found == NUM_CASES) {
      failed++;
      fprintf(stderr, "FAIL: indicator rule (\"%s\", \"%s\", approved=%d) has no test case\n", row->service,
              row->condition, row->approved);
      continue;
    }
    used[found]++;
    if (row->approved != 0 && row->approved != 1) {
      failed++;
      fprintf(stderr, "FAIL: rule (%s, %s): approved is %d, not 0 or 1\n", row->service, row->condition,
              row->approved);
      continue;
    }
    expect_ind = row->approved ? CCE_INDICATOR_APPROVED : CCE_INDICATOR_NOT_APPROVED;
    cur_case = cases[found].service;
    checks_in_case = 0;
    unsigned f0 = failed;
    cases[found].fn();
    if (checks_in_case == 0) {
      failed++;
      fprintf(stderr, "FAIL: case (%s, %s) made no checked service call\n", row->service, row->condition);
    }
    printf("  %-15s %-62s %-12s %3u calls %s\n", row->service, row->condition,
           row->approved ? "approved" : "not approved", checks_in_case, failed == f0 ? "ok" : "FAILED");
  }
  for (size_t c = 0; c < NUM_CASES; c++) {
    if (used[c] == 0) {
      failed++;
      fprintf(stderr, "FAIL: test case (\"%s\", \"%s\") names no row of the indicator table\n", cases[c].service,
              cases[c].condition);
    }
  }
}

// ===========================================================================
// Failures, nesting, threads

static void test_failures(void) {
  uint8_t out[64], key[32], big[200];
  fill(key, sizeof key, 0x91);
  // Each failing call follows a successful approved one, so the change to
  // FAILED is seen.
#define AFTER_OK(call)                                        \
  do {                                                        \
    EXPECT(cce_sha256(out, "abc", 3) == CCE_OK);              \
    EXPECT(cce_service_indicator() == CCE_INDICATOR_APPROVED); \
    FAILS(call);                                              \
  } while (0)
  AFTER_OK(cce_hash(CCE_HASH_SHA256, NULL, 32, "abc", 3));
  AFTER_OK(cce_hash(CCE_HASH_SHA256, out, 31, "abc", 3));
  AFTER_OK(cce_hash_init(NULL, CCE_HASH_SHA256));
  AFTER_OK(cce_hmac(CCE_HASH_SHA256, NULL, 16, msg, MSG_LEN, out, sizeof out));
  AFTER_OK(cce_hmac(CCE_HASH_SHAKE128, key, 16, msg, MSG_LEN, out, sizeof out));
  AFTER_OK(cce_hmac_verify(CCE_HASH_SHA256, key, 16, msg, MSG_LEN, out, 2));
  AFTER_OK(cce_hkdf(CCE_HASH_SHA256, NULL, 32, NULL, 0, key, 32, NULL, 0));
  AFTER_OK(cce_kdf108_ctr_hmac(CCE_HASH_SHA256, NULL, 32, key, 32, NULL, 0, NULL, 0));
  AFTER_OK(cce_pbkdf2(CCE_HASH_SHA256, out, 32, key, 32, key, 16, 0));
  AFTER_OK(cce_aes_init(NULL, key, 16));
  cce_aes_ctx a;
  AFTER_OK(cce_aes_init(&a, key, 17));
  cce_gcm_key gk;
  EXPECT(cce_gcm_key_init(&gk, key, 16) == CCE_OK);
  uint8_t ct[16], tag[16], iv[12] = {0};
  EXPECT(cce_aes_gcm_seal(&gk, iv, 12, NULL, 0, key, 16, ct, tag, 16) == CCE_OK);
  tag[0] ^= 1;
  AFTER_OK(cce_aes_gcm_open(&gk, iv, 12, NULL, 0, ct, 16, tag, 16, out));  // wrong tag: CCE_ERR_AUTH
  AFTER_OK(cce_aes_gcm_seal(&gk, NULL, 12, NULL, 0, key, 16, ct, tag, 16));
  AFTER_OK(cce_aes_gcm_seal_randiv(&gk, NULL, 0, key, 16, ct, NULL, tag, 16));
  cce_gcm_key_wipe(&gk);
  AFTER_OK(cce_aes_cmac(NULL, 16, key, 16, msg, 3));
  AFTER_OK(cce_aes_cmac_verify(tag, 16, key, 16, msg, 3));  // wrong tag
  AFTER_OK(cce_random(NULL, 5));
  cce_drbg_ctx d;
  AFTER_OK(cce_drbg_instantiate(&d, NULL, key, 32, NULL, 0, NULL, 0));
  cce_drbg_config bad = {CCE_DRBG_HASH, CCE_HASH_SHAKE128, 0, 0};
  AFTER_OK(cce_drbg_instantiate(&d, &bad, key, 32, key, 16, NULL, 0));
  uint8_t priv[32], pub[65], sig[64];
  AFTER_OK(cce_ecdsa_keygen(CCE_EC_P256, NULL, 32, pub, 65));
  EXPECT(cce_ecdsa_keygen(CCE_EC_P256, priv, 32, pub, 65) == CCE_OK);
  AFTER_OK(cce_ecdsa_sign(CCE_EC_P256, CCE_HASH_SHA1, priv, 32, msg, 3, 0, sig, 64));  // SHA-1 signing refused
  memset(sig, 0x11, sizeof sig);
  AFTER_OK(cce_ecdsa_verify(CCE_EC_P256, CCE_HASH_SHA256, pub, 65, msg, 3, sig, 64));
  memset(big, 0, sizeof big);
  AFTER_OK(cce_ecdh(CCE_EC_P256, priv, 32, big, 65, out, 32));  // invalid point
  AFTER_OK(cce_ed25519_sign(NULL, msg, 3, key, NULL));
  AFTER_OK(cce_x25519(NULL, key, key));
  uint8_t zero_pk[32] = {0};
  AFTER_OK(cce_x25519(out, key, zero_pk));  // small-order point
  // A not-approved success followed by a failure: FAILED too.
  EXPECT(cce_x25519_public(out, key) == CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  FAILS(cce_hkdf(CCE_HASH_SHA256, out, 0, NULL, 0, key, 32, NULL, 0));
  AFTER_OK(cce_mldsa_keygen_seed(CCE_MLDSA_44, mpk, 10, msk, CCE_MLDSA44_SECRET_KEY_BYTES, key));
  AFTER_OK(cce_mlkem_encaps(CCE_MLKEM_768, NULL, CCE_MLKEM768_CT_BYTES, out, kek, CCE_MLKEM768_EK_BYTES));
  AFTER_OK(cce_mlkem_check_ek(CCE_MLKEM_768, kek, 5));
#undef AFTER_OK
}

static void test_nesting(void) {
  uint8_t out[64], key[32], priv[32], pub[65], pk[32], sk[32];
  fill(key, sizeof key, 0xa1);
  // HKDF with a short key runs approved HMAC and hash calls inside: the
  // outer answer stays NOT_APPROVED (and the other way round).
  EXPECT(cce_hmac(CCE_HASH_SHA256, key, 32, msg, 3, out, 32) == CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  EXPECT(cce_hkdf(CCE_HASH_SHA256, out, 32, NULL, 0, key, 8, NULL, 0) == CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  EXPECT(cce_hkdf(CCE_HASH_SHA256, out, 32, NULL, 0, key, 32, NULL, 0) == CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  EXPECT(cce_pbkdf2(CCE_HASH_SHA256, out, 32, key, 32, key, 16, 10) == CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  EXPECT(cce_kdf108_ctr_hmac(CCE_HASH_SHA256, out, 32, key, 8, NULL, 0, NULL, 0) == CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  // ECDSA key generation draws from the DRBG and runs a sign/verify PCT:
  // APPROVED, after a not-approved service and after a failure alike.
  EXPECT(cce_x25519_keypair(pk, sk) == CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  EXPECT(cce_ecdsa_keygen(CCE_EC_P256, priv, 32, pub, 65) == CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  EXPECT(cce_random(NULL, 1) != CCE_OK);
  EXPECT(cce_ecdsa_keygen(CCE_EC_P384, out, 48, out + 0, 0) != CCE_OK);  // buffer too small
  EXPECT(cce_service_indicator() == CCE_INDICATOR_FAILED);
  EXPECT(cce_ecdsa_keygen(CCE_EC_P256, priv, 32, pub, 65) == CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  // X25519 key generation uses the (approved) DRBG: still NOT_APPROVED.
  EXPECT(cce_x25519_keypair(pk, sk) == CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  // GCM with a random IV (DRBG inside) after a caller-IV seal: APPROVED.
  cce_gcm_key gk;
  uint8_t iv[12] = {0}, ct[16], tag[16];
  EXPECT(cce_gcm_key_init(&gk, key, 32) == CCE_OK);
  EXPECT(cce_aes_gcm_seal(&gk, iv, 12, NULL, 0, key, 16, ct, tag, 16) == CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  EXPECT(cce_aes_gcm_seal_randiv(&gk, NULL, 0, key, 16, ct, iv, tag, 16) == CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  cce_gcm_key_wipe(&gk);
  // Ed25519 signing hashes with SHA-512 inside: the answer is Ed25519's.
  EXPECT(cce_ed25519_keypair(pk, sk) == CCE_OK);
  EXPECT(cce_x25519_public(out, sk) == CCE_OK);
  EXPECT(cce_ed25519_sign(out, msg, 3, sk, pk) == CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  // ML-KEM key generation (DRBG and an encaps/decaps PCT inside) after a
  // not-approved call: APPROVED; the derandomised encapsulation, which runs
  // the same approved internals, stays NOT_APPROVED.
  uint8_t seed[CCE_MLKEM_SEED_BYTES], ss[32];
  EXPECT(cce_x25519_public(out, sk) == CCE_OK);
  EXPECT(cce_mlkem_keygen(CCE_MLKEM_768, kek, CCE_MLKEM768_EK_BYTES, kdk, CCE_MLKEM768_DK_BYTES, seed) == CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  EXPECT(cce_mlkem_encaps_derand(CCE_MLKEM_768, kct, CCE_MLKEM768_CT_BYTES, ss, kek, CCE_MLKEM768_EK_BYTES, key) ==
         CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  EXPECT(cce_mlkem_decaps(CCE_MLKEM_768, ss, kct, CCE_MLKEM768_CT_BYTES, kdk, CCE_MLKEM768_DK_BYTES) == CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  // Non-service helpers do not touch the indicator.
  EXPECT(cce_x25519_public(out, sk) == CCE_OK);
  (void)cce_hash_digest_len(CCE_HASH_SHA256);
  (void)cce_hash_name(CCE_HASH_SHA256);
  (void)cce_ec_scalar_len(CCE_EC_P256);
  (void)cce_indicator_rule_count();
  (void)cce_module_status();
  EXPECT(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
}

// Behaviours the headers document that have no row of their own in the
// table (aes.h: XTS with a 48-byte key; kdf.h: PBKDF2 with a derived key
// below 112 bits; RSA-OAEP with MGF1-SHA-1). Checked here until the table names them; then the row
// walk above asks for a case.
static void test_unlisted(void) {
  uint8_t key[48], in[32] = {0}, out[32], tw[16] = {0};
  fill(key, sizeof key, 0xb1);
  cce_aes_xts_ctx x;
  cce_status st = cce_aes_xts_init(&x, key, 48);
  EXPECT(st == CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  if (st == CCE_OK) {
    EXPECT(cce_aes_xts_encrypt(&x, out, tw, in, 32) == CCE_OK);
    EXPECT(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
    cce_aes_xts_cleanup(&x);
  }
  EXPECT(cce_pbkdf2(CCE_HASH_SHA256, out, CCE_PBKDF2_MIN_APPROVED_DK_BYTES - 1, pw, 14, salt16, 16, 1000) ==
         CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  // rsa.h / tests/unit/rsa_test.c: OAEP with MGF1 over SHA-1 is served, not approved.
  expect_ind = CCE_INDICATOR_NOT_APPROVED;
  cur_case = "rsa-oaep-mgf1-sha1 (no row)";
  rsa_oaep_mgf1_sha1();
}

static void *thread_fn(void *arg) {
  cce_indicator *res = arg;
  res[0] = cce_service_indicator();  // nothing called yet on this thread
  uint8_t out[32];
  uint8_t key[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  res[1] = cce_hmac(CCE_HASH_SHA256, key, 8, "x", 1, out, 32) == CCE_OK ? cce_service_indicator()
                                                                        : CCE_INDICATOR_NONE;
  return NULL;
}

static void test_threads(void) {
  uint8_t out[32];
  EXPECT(cce_sha256(out, "abc", 3) == CCE_OK);
  EXPECT(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  cce_indicator res[2] = {CCE_INDICATOR_FAILED, CCE_INDICATOR_FAILED};
  pthread_t t;
  EXPECT(pthread_create(&t, NULL, thread_fn, res) == 0);
  EXPECT(pthread_join(t, NULL) == 0);
  EXPECT(res[0] == CCE_INDICATOR_NONE);
  EXPECT(res[1] == CCE_INDICATOR_NOT_APPROVED);
  // The other thread's not-approved call left this thread's answer alone.
  EXPECT(cce_service_indicator() == CCE_INDICATOR_APPROVED);
}

int main(void) {
  fill(pw, sizeof pw, 0x01);
  fill(salt16, sizeof salt16, 0x02);
  fill(g_pt, sizeof g_pt, 0x03);
  fill(g_aad, sizeof g_aad, 0x04);
  test_threads();  // first: needs a fresh thread, runs nothing before on it
  walk_table();
  test_failures();
  test_nesting();
  test_unlisted();
  EXPECT(cce_module_status() == CCE_STATE_OPERATIONAL);
  printf("%u passed, %u failed\n", passed, failed);
  return failed ? 1 : 0;
}
