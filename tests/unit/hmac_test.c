// HMAC unit tests: RFC 4231 (HMAC-SHA-224/256/384/512), FIPS 198-1 behaviour
// over every SHA-1/SHA-2/SHA-3 hash (incremental == one-shot, key longer
// than a block, truncation, reset), every error path and the service
// indicator rules (key < 112 bits -> not approved).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/hash.h"
#include "cce/hmac.h"
#include "cce/module.h"

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

static size_t unhex(const char *s, uint8_t *out, size_t cap) {
  size_t n = strlen(s) / 2;
  if (n > cap) abort();
  for (size_t i = 0; i < n; i++) {
    unsigned v;
    if (sscanf(s + 2 * i, "%2x", &v) != 1) abort();
    out[i] = (uint8_t)v;
  }
  return n;
}

// ---------------------------------------------------------------------------
// RFC 4231 section 4 test cases 1-7. Test case 5's MACs are truncated to 128 bits.
typedef struct {
  const char *key, *data, *mac224, *mac256, *mac384, *mac512;
} rfc4231_tc;

static const rfc4231_tc rfc4231[] = {
    {"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
     "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22",
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
     "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
     "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f17"
     "02e696c203a126854"},
    {"4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
     "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
     "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
     "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b6"
     "36e070a38bce737"},
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
     "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd",
     "7fb3cb3588c6c1f6ffa9694d7d6ad2649365b0c1f65d69d1ec8333ea",
     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
     "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
     "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee894267"
     "4278859e13292fb"},
    {"0102030405060708090a0b0c0d0e0f10111213141516171819",
     "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
     "6c11506874013cac6a2abc1bb382627cec6a90d86efc012de7afec5a",
     "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
     "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
     "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de"
     "2adebeb10a298dd"},
    {"0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "546573742057697468205472756e636174696f6e",
     "0e2aea68a90c8d37c988bcdb9fca6fa8", "a3b6167473100ee06e0c796c2955552b", "3abf34c3503b2a23a46efc619baef897",
     "415fad6271580a531d4179bc891d87a6"},
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
     "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
     "95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
     "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
     "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8"
     "b915a985d786598"},
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
     "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c"
     "6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265"
     "666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
     "3a854166ac5d9f023f54d517d0b39dbd946770db9c2b95c9f6f565d1",
     "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
     "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
     "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de04460"
     "65c97440fa8c6a58"},
};

static void test_rfc4231(void) {
  static const cce_hash_alg algs[4] = {CCE_HASH_SHA224, CCE_HASH_SHA256, CCE_HASH_SHA384, CCE_HASH_SHA512};
  for (size_t i = 0; i < sizeof rfc4231 / sizeof rfc4231[0]; i++) {
    uint8_t key[200], data[200], exp[64], mac[64];
    size_t kl = unhex(rfc4231[i].key, key, sizeof key);
    size_t dl = unhex(rfc4231[i].data, data, sizeof data);
    const char *want[4] = {rfc4231[i].mac224, rfc4231[i].mac256, rfc4231[i].mac384, rfc4231[i].mac512};
    for (int a = 0; a < 4; a++) {
      size_t el = unhex(want[a], exp, sizeof exp);
      size_t full = cce_hmac_len(algs[a]);
      memset(mac, 0, sizeof mac);
      CHECK(cce_hmac(algs[a], key, kl, data, dl, mac, sizeof mac) == CCE_OK);
      CHECK(memcmp(mac, exp, el) == 0);
      if (memcmp(mac, exp, el) != 0) fprintf(stderr, "  RFC 4231 test case %zu, alg %d\n", i + 1, (int)algs[a]);
      // Streaming, one byte at a time, then truncated final.
      cce_hmac_ctx ctx;
      CHECK(cce_hmac_init(&ctx, algs[a], key, kl) == CCE_OK);
      for (size_t j = 0; j < dl; j++) CHECK(cce_hmac_update(&ctx, data + j, 1) == CCE_OK);
      memset(mac, 0xee, sizeof mac);
      CHECK(cce_hmac_final_trunc(&ctx, mac, el) == CCE_OK);
      CHECK(memcmp(mac, exp, el) == 0);
      CHECK(el == full || mac[el] == 0xee);  // nothing written past mac_len
      cce_hmac_cleanup(&ctx);
      // Verify: full and truncated tags; a flipped bit is rejected.
      CHECK(cce_hmac_verify(algs[a], key, kl, data, dl, exp, el) == CCE_OK);
      exp[el - 1] ^= 1;
      CHECK(cce_hmac_verify(algs[a], key, kl, data, dl, exp, el) == CCE_ERR_AUTH);
      CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
    }
  }
}

// ---------------------------------------------------------------------------
// Every hash: incremental == one-shot, reset == fresh context, key of every
// size class (empty, short, block-sized, longer than a block).
static const cce_hash_alg all_algs[] = {CCE_HASH_SHA1,       CCE_HASH_SHA224,     CCE_HASH_SHA256,
                                        CCE_HASH_SHA384,     CCE_HASH_SHA512,     CCE_HASH_SHA512_224,
                                        CCE_HASH_SHA512_256, CCE_HASH_SHA3_224,   CCE_HASH_SHA3_256,
                                        CCE_HASH_SHA3_384,   CCE_HASH_SHA3_512};

static void test_all_hashes(void) {
  static uint8_t msg[1000], key[300];
  for (size_t i = 0; i < sizeof msg; i++) msg[i] = (uint8_t)(i * 7 + 3);
  for (size_t i = 0; i < sizeof key; i++) key[i] = (uint8_t)(i * 13 + 1);
  for (size_t a = 0; a < sizeof all_algs / sizeof all_algs[0]; a++) {
    cce_hash_alg alg = all_algs[a];
    size_t dl = cce_hmac_len(alg), bl = cce_hash_block_len(alg);
    CHECK(dl == cce_hash_digest_len(alg) && dl >= 20);
    size_t klens[] = {0, 1, 13, 14, bl - 1, bl, bl + 1, sizeof key};
    for (size_t k = 0; k < sizeof klens / sizeof klens[0]; k++) {
      uint8_t one[64], inc[64], again[64];
      CHECK(cce_hmac(alg, klens[k] ? key : NULL, klens[k], msg, sizeof msg, one, sizeof one) == CCE_OK);
      cce_hmac_ctx ctx;
      CHECK(cce_hmac_init(&ctx, alg, key, klens[k]) == CCE_OK);
      size_t off = 0, step = 1;
      while (off < sizeof msg) {
        size_t n = step < sizeof msg - off ? step : sizeof msg - off;
        CHECK(cce_hmac_update(&ctx, msg + off, n) == CCE_OK);
        off += n;
        step = step * 3 + 1;
      }
      CHECK(cce_hmac_update(&ctx, NULL, 0) == CCE_OK);
      CHECK(cce_hmac_final(&ctx, inc, dl) == CCE_OK);
      CHECK(memcmp(one, inc, dl) == 0);
      // Reset reuses the keyed states.
      CHECK(cce_hmac_reset(&ctx) == CCE_OK);
      CHECK(cce_hmac_update(&ctx, msg, sizeof msg) == CCE_OK);
      CHECK(cce_hmac_final(&ctx, again, sizeof again) == CCE_OK);
      CHECK(memcmp(one, again, dl) == 0);
      cce_hmac_cleanup(&ctx);
      // Different key length -> different MAC (K0 padding is not ambiguous
      // except for trailing zero bytes, which our keys do not have).
      if (k > 0) {
        uint8_t other[64];
        CHECK(cce_hmac(alg, key, klens[k - 1], msg, sizeof msg, other, sizeof other) == CCE_OK);
        CHECK(memcmp(one, other, dl) != 0);
      }
    }
    // A key longer than the block is replaced by its hash (FIPS 198-1 step 2).
    uint8_t hk[64], m1[64], m2[64];
    CHECK(cce_hash(alg, hk, sizeof hk, key, bl + 5) == CCE_OK);
    CHECK(cce_hmac(alg, key, bl + 5, msg, 100, m1, sizeof m1) == CCE_OK);
    CHECK(cce_hmac(alg, hk, dl, msg, 100, m2, sizeof m2) == CCE_OK);
    CHECK(memcmp(m1, m2, dl) == 0);
    // Empty message.
    CHECK(cce_hmac(alg, key, 32, NULL, 0, m1, sizeof m1) == CCE_OK);
    cce_hmac_ctx ctx;
    CHECK(cce_hmac_init(&ctx, alg, key, 32) == CCE_OK);
    CHECK(cce_hmac_final(&ctx, m2, dl) == CCE_OK);
    CHECK(memcmp(m1, m2, dl) == 0);
    cce_hmac_cleanup(&ctx);
  }
}

// Known answers for SHA-1, SHA-3 and SHA-512/256 over RFC 4231 test case 2's
// inputs (SHA-1: RFC 2202 test case 2; the others cross-checked with an
// independent implementation, Python's hmac module).
static void test_other_kats(void) {
  static const struct {
    cce_hash_alg alg;
    const char *mac;
  } v[] = {
      {CCE_HASH_SHA1, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},  // RFC 2202 test case 2
      {CCE_HASH_SHA3_256, "c7d4072e788877ae3596bbb0da73b887c9171f93095b294ae857fbe2645e1ba5"},
      {CCE_HASH_SHA3_512,
       "5a4bfeab6166427c7a3647b747292b8384537cdb89afb3bf5665e4c5e709350b287baec921fd7ca0ee7a0c31d022a95e1fc92ba9d77df883"
       "960275beb4e62024"},
      {CCE_HASH_SHA512_256, "6df7b24630d5ccb2ee335407081a87188c221489768fa2020513b2d593359456"},
  };
  static const char msg[] = "what do ya want for nothing?";
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    uint8_t exp[64], mac[64];
    size_t el = unhex(v[i].mac, exp, sizeof exp);
    CHECK(el == cce_hmac_len(v[i].alg));
    CHECK(cce_hmac(v[i].alg, (const uint8_t *)"Jefe", 4, msg, sizeof msg - 1, mac, sizeof mac) == CCE_OK);
    CHECK(memcmp(mac, exp, el) == 0);
  }
}

// ---------------------------------------------------------------------------
static void test_errors(void) {
  uint8_t key[32], mac[64], tag[64];
  cce_hmac_ctx ctx;
  memset(key, 0x5a, sizeof key);
  // Unknown / invalid hashes.
  CHECK(cce_hmac(CCE_HASH_NONE, key, 32, "x", 1, mac, sizeof mac) == CCE_ERR_UNSUPPORTED);
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  CHECK(cce_hmac((cce_hash_alg)99, key, 32, "x", 1, mac, sizeof mac) == CCE_ERR_UNSUPPORTED);
  CHECK(cce_hmac(CCE_HASH_SHAKE128, key, 32, "x", 1, mac, sizeof mac) == CCE_ERR_UNSUPPORTED);
  CHECK(cce_hmac(CCE_HASH_SHAKE256, key, 32, "x", 1, mac, sizeof mac) == CCE_ERR_UNSUPPORTED);
  CHECK(cce_hmac_init(&ctx, CCE_HASH_SHAKE128, key, 32) == CCE_ERR_UNSUPPORTED);
  CHECK(cce_hmac_update(&ctx, "x", 1) == CCE_ERR_CTX_STATE);  // failed init leaves it unusable
  CHECK(cce_hmac_verify(CCE_HASH_SHAKE256, key, 32, "x", 1, tag, 32) == CCE_ERR_UNSUPPORTED);
  CHECK(cce_hmac_len(CCE_HASH_SHAKE128) == 0 && cce_hmac_len(CCE_HASH_NONE) == 0);
  CHECK(cce_hmac_len(CCE_HASH_SHA384) == 48);
  // NULL pointers.
  CHECK(cce_hmac(CCE_HASH_SHA256, NULL, 32, "x", 1, mac, sizeof mac) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hmac(CCE_HASH_SHA256, key, 32, NULL, 1, mac, sizeof mac) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hmac(CCE_HASH_SHA256, key, 32, "x", 1, NULL, 32) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hmac_init(NULL, CCE_HASH_SHA256, key, 32) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hmac_init(&ctx, CCE_HASH_SHA256, NULL, 32) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hmac_update(NULL, "x", 1) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hmac_final(NULL, mac, 32) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hmac_reset(NULL) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hmac_verify(CCE_HASH_SHA256, key, 32, "x", 1, NULL, 32) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hmac_verify(CCE_HASH_SHA256, NULL, 32, "x", 1, tag, 32) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hmac_verify(CCE_HASH_SHA256, key, 32, NULL, 1, tag, 32) == CCE_ERR_NULL_POINTER);
  // Output too small: error and the buffer zeroed.
  memset(mac, 0xaa, sizeof mac);
  CHECK(cce_hmac(CCE_HASH_SHA256, key, 32, "x", 1, mac, 31) == CCE_ERR_BUFFER_TOO_SMALL);
  CHECK(mac[0] == 0 && mac[30] == 0 && mac[31] == 0xaa);
  CHECK(cce_hmac_init(&ctx, CCE_HASH_SHA256, key, 32) == CCE_OK);
  CHECK(cce_hmac_update(&ctx, NULL, 1) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hmac_final(&ctx, NULL, 32) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hmac_final(&ctx, mac, 31) == CCE_ERR_BUFFER_TOO_SMALL);
  CHECK(cce_hmac_final_trunc(&ctx, mac, 3) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_hmac_final_trunc(&ctx, mac, 33) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_hmac_final_trunc(&ctx, mac, 0) == CCE_ERR_INVALID_LENGTH);
  // The failed finals left the context live.
  CHECK(cce_hmac_final(&ctx, mac, 32) == CCE_OK);
  // Use after final.
  CHECK(cce_hmac_update(&ctx, "x", 1) == CCE_ERR_CTX_STATE);
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  CHECK(cce_hmac_final(&ctx, mac, 32) == CCE_ERR_CTX_STATE);
  CHECK(cce_hmac_final_trunc(&ctx, mac, 16) == CCE_ERR_CTX_STATE);
  // Reset revives it; cleanup kills it for good.
  CHECK(cce_hmac_reset(&ctx) == CCE_OK);
  CHECK(cce_hmac_final(&ctx, tag, 32) == CCE_OK);
  CHECK(memcmp(tag, mac, 32) == 0);  // same key, same (empty) message
  cce_hmac_cleanup(&ctx);
  {
    static const uint8_t zero[sizeof(cce_hmac_ctx)];
    CHECK(memcmp(&ctx, zero, sizeof ctx) == 0);  // wiped
  }
  CHECK(cce_hmac_update(&ctx, "x", 1) == CCE_ERR_CTX_STATE);
  CHECK(cce_hmac_final(&ctx, mac, 32) == CCE_ERR_CTX_STATE);
  CHECK(cce_hmac_reset(&ctx) == CCE_ERR_CTX_STATE);
  cce_hmac_cleanup(NULL);  // harmless
  // Verify tag lengths.
  CHECK(cce_hmac(CCE_HASH_SHA256, key, 32, "abc", 3, tag, sizeof tag) == CCE_OK);
  CHECK(cce_hmac_verify(CCE_HASH_SHA256, key, 32, "abc", 3, tag, 32) == CCE_OK);
  CHECK(cce_hmac_verify(CCE_HASH_SHA256, key, 32, "abc", 3, tag, 4) == CCE_OK);
  CHECK(cce_hmac_verify(CCE_HASH_SHA256, key, 32, "abc", 3, tag, 3) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_hmac_verify(CCE_HASH_SHA256, key, 32, "abc", 3, tag, 33) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_hmac_verify(CCE_HASH_SHA256, key, 32, "abd", 3, tag, 32) == CCE_ERR_AUTH);
  CHECK(cce_hmac_verify(CCE_HASH_SHA256, key, 31, "abc", 3, tag, 32) == CCE_ERR_AUTH);
  tag[0] ^= 0x80;
  CHECK(cce_hmac_verify(CCE_HASH_SHA256, key, 32, "abc", 3, tag, 32) == CCE_ERR_AUTH);
}

static void test_indicator(void) {
  uint8_t key[64] = {7}, mac[64];
  cce_hmac_ctx ctx;
  for (size_t a = 0; a < sizeof all_algs / sizeof all_algs[0]; a++) {
    CHECK(cce_hmac(all_algs[a], key, 14, "m", 1, mac, sizeof mac) == CCE_OK);
    CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
    CHECK(cce_hmac(all_algs[a], key, 13, "m", 1, mac, sizeof mac) == CCE_OK);
    CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  }
  CHECK(cce_hmac(CCE_HASH_SHA256, NULL, 0, "m", 1, mac, sizeof mac) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  // Streaming: every call reports the key's status.
  CHECK(cce_hmac_init(&ctx, CCE_HASH_SHA3_256, key, 13) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  CHECK(cce_hmac_update(&ctx, "m", 1) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  CHECK(cce_hmac_final(&ctx, mac, sizeof mac) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  cce_hmac_cleanup(&ctx);
  CHECK(cce_hmac_init(&ctx, CCE_HASH_SHA384, key, 48) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  CHECK(cce_hmac_update(&ctx, "m", 1) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  CHECK(cce_hmac_final_trunc(&ctx, mac, 16) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  CHECK(cce_hmac_update(&ctx, "m", 1) == CCE_ERR_CTX_STATE);
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  cce_hmac_cleanup(&ctx);
  CHECK(cce_hmac_verify(CCE_HASH_SHA256, key, 14, "m", 1, mac, 32) == CCE_ERR_AUTH);
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  CHECK(cce_hmac(CCE_HASH_SHA256, key, 14, "m", 1, mac, sizeof mac) == CCE_OK);
  CHECK(cce_hmac_verify(CCE_HASH_SHA256, key, 14, "m", 1, mac, 32) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  CHECK(cce_hmac(CCE_HASH_SHA256, key, 13, "m", 1, mac, sizeof mac) == CCE_OK);
  CHECK(cce_hmac_verify(CCE_HASH_SHA256, key, 13, "m", 1, mac, 32) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
}

int main(void) {
  test_rfc4231();
  test_all_hashes();
  test_other_kats();
  test_errors();
  test_indicator();
  printf("%u passed, %u failed\n", g_pass, g_fail);
  return g_fail ? 1 : 0;
}
