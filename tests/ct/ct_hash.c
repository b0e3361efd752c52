// Constant-time cases of the hash family: every hash and SHAKE on secret
// data, HMAC-SHA-256/512/SHA3-256 with secret key and message (one-shot,
// streaming, reset), HMAC tag verification and cce_memeq.

#include <string.h>

#include "cce/hash.h"
#include "cce/hmac.h"
#include "cce/util.h"
#include "ct.h"

static const size_t msg_lens[] = {0, 1, 55, 56, 64, 111, 112, 128, 136, 168, 300};
#define NUM_LENS (sizeof msg_lens / sizeof msg_lens[0])

// One-shot and streaming (split at an odd point) digest of secret data; the
// two must agree once declassified.
static void hash_case(cce_hash_alg alg, size_t out_len) {
  uint8_t msg[300], a[256], b[256];
  for (size_t i = 0; i < NUM_LENS; i++) {
    size_t len = msg_lens[i];
    ct_fill(msg, sizeof msg, (uint8_t)(alg + i));
    CCE_CT_SECRET(msg, sizeof msg);
    CT_CHECK(cce_hash(alg, a, out_len, msg, len));
    cce_hash_ctx ctx;
    CT_CHECK(cce_hash_init(&ctx, alg));
    size_t cut = len / 3;
    CT_CHECK(cce_hash_update(&ctx, msg, cut));
    CT_CHECK(cce_hash_update(&ctx, msg + cut, len - cut));
    CT_CHECK(cce_hash_final(&ctx, b, out_len));
    cce_hash_cleanup(&ctx);
    CCE_CT_DECLASSIFY(a, out_len);
    CCE_CT_DECLASSIFY(b, out_len);
    if (memcmp(a, b, out_len) != 0) CT_FAIL("one-shot and streaming digests differ");
  }
}

CT_CASE(sha1, "SHA-1 of a secret message") { hash_case(CCE_HASH_SHA1, 20); }
CT_CASE(sha224, "SHA2-224 of a secret message") { hash_case(CCE_HASH_SHA224, 28); }
CT_CASE(sha256, "SHA2-256 of a secret message") { hash_case(CCE_HASH_SHA256, 32); }
CT_CASE(sha384, "SHA2-384 of a secret message") { hash_case(CCE_HASH_SHA384, 48); }
CT_CASE(sha512, "SHA2-512 of a secret message") { hash_case(CCE_HASH_SHA512, 64); }
CT_CASE(sha512_256, "SHA2-512/256 of a secret message") { hash_case(CCE_HASH_SHA512_256, 32); }
CT_CASE(sha3_224, "SHA3-224 of a secret message") { hash_case(CCE_HASH_SHA3_224, 28); }
CT_CASE(sha3_256, "SHA3-256 of a secret message") { hash_case(CCE_HASH_SHA3_256, 32); }
CT_CASE(sha3_512, "SHA3-512 of a secret message") { hash_case(CCE_HASH_SHA3_512, 64); }
CT_CASE(shake128, "SHAKE-128 of a secret message, 200 bytes out") { hash_case(CCE_HASH_SHAKE128, 200); }
CT_CASE(shake256, "SHAKE-256 of a secret message, 256 bytes out") { hash_case(CCE_HASH_SHAKE256, 256); }

CT_CASE(sha256_abc, "SHA2-256 of secret \"abc\" (known answer)") {
  static const uint8_t want[32] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
                                   0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
                                   0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
  uint8_t msg[3] = {'a', 'b', 'c'}, out[32];
  CCE_CT_SECRET(msg, sizeof msg);
  CT_CHECK(cce_sha256(out, msg, sizeof msg));
  CCE_CT_DECLASSIFY(out, sizeof out);
  if (memcmp(out, want, 32) != 0) CT_FAIL("SHA-256(abc)");
}

// ---------------------------------------------------------------------------
// HMAC: key and message secret.

static const size_t key_lens[] = {4, 14, 32, 64, 100, 136, 200};  // around every block size
#define NUM_KEYS (sizeof key_lens / sizeof key_lens[0])

static void hmac_case(cce_hash_alg alg) {
  uint8_t key[200], msg[300], a[64], b[64];
  size_t mac_len = cce_hmac_len(alg);
  for (size_t k = 0; k < NUM_KEYS; k++) {
    for (size_t i = 0; i < NUM_LENS; i += 3) {
      size_t len = msg_lens[i];
      ct_fill(key, sizeof key, (uint8_t)(k + 7));
      ct_fill(msg, sizeof msg, (uint8_t)(i + 3));
      CCE_CT_SECRET(key, sizeof key);
      CCE_CT_SECRET(msg, sizeof msg);
      CT_CHECK(cce_hmac(alg, key, key_lens[k], msg, len, a, sizeof a));
      cce_hmac_ctx ctx;
      CT_CHECK(cce_hmac_init(&ctx, alg, key, key_lens[k]));
      CT_CHECK(cce_hmac_update(&ctx, msg, len / 2));
      CT_CHECK(cce_hmac_update(&ctx, msg + len / 2, len - len / 2));
      CT_CHECK(cce_hmac_final(&ctx, b, sizeof b));
      // A second message under the same key.
      CT_CHECK(cce_hmac_reset(&ctx));
      CT_CHECK(cce_hmac_update(&ctx, msg, len));
      CT_CHECK(cce_hmac_final_trunc(&ctx, b + 32, 16));
      cce_hmac_cleanup(&ctx);
      CCE_CT_DECLASSIFY(a, sizeof a);
      CCE_CT_DECLASSIFY(b, sizeof b);
      if (memcmp(a, b, mac_len < 32 ? mac_len : 32) != 0) CT_FAIL("one-shot and streaming HMAC differ");
      if (memcmp(a, b + 32, 16) != 0) CT_FAIL("HMAC after reset differs");
    }
  }
}

// RFC 4231 test case 2 with the key and data secret.
static void hmac_rfc4231(cce_hash_alg alg, const uint8_t *want, size_t want_len) {
  uint8_t key[4] = {'J', 'e', 'f', 'e'};
  uint8_t msg[28];
  memcpy(msg, "what do ya want for nothing?", 28);
  uint8_t out[64];
  CCE_CT_SECRET(key, sizeof key);
  CCE_CT_SECRET(msg, sizeof msg);
  CT_CHECK(cce_hmac(alg, key, sizeof key, msg, sizeof msg, out, sizeof out));
  CCE_CT_DECLASSIFY(out, sizeof out);
  if (memcmp(out, want, want_len) != 0) CT_FAIL("RFC 4231 test case 2");
}

CT_CASE(hmac_sha256, "HMAC-SHA2-256, key and message secret") {
  static const uint8_t want[32] = {0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24,
                                   0x26, 0x08, 0x95, 0x75, 0xc7, 0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27,
                                   0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43};
  hmac_rfc4231(CCE_HASH_SHA256, want, sizeof want);
  hmac_case(CCE_HASH_SHA256);
}

CT_CASE(hmac_sha512, "HMAC-SHA2-512, key and message secret") {
  static const uint8_t want[64] = {
      0x16, 0x4b, 0x7a, 0x7b, 0xfc, 0xf8, 0x19, 0xe2, 0xe3, 0x95, 0xfb, 0xe7, 0x3b, 0x56, 0xe0, 0xa3,
      0x87, 0xbd, 0x64, 0x22, 0x2e, 0x83, 0x1f, 0xd6, 0x10, 0x27, 0x0c, 0xd7, 0xea, 0x25, 0x05, 0x54,
      0x97, 0x58, 0xbf, 0x75, 0xc0, 0x5a, 0x99, 0x4a, 0x6d, 0x03, 0x4f, 0x65, 0xf8, 0xf0, 0xe6, 0xfd,
      0xca, 0xea, 0xb1, 0xa3, 0x4d, 0x4a, 0x6b, 0x4b, 0x63, 0x6e, 0x07, 0x0a, 0x38, 0xbc, 0xe7, 0x37};
  hmac_rfc4231(CCE_HASH_SHA512, want, sizeof want);
  hmac_case(CCE_HASH_SHA512);
}

CT_CASE(hmac_sha3_256, "HMAC-SHA3-256, key and message secret") { hmac_case(CCE_HASH_SHA3_256); }
CT_CASE(hmac_sha1, "HMAC-SHA-1, key and message secret") { hmac_case(CCE_HASH_SHA1); }
CT_CASE(hmac_sha384, "HMAC-SHA2-384, key and message secret") { hmac_case(CCE_HASH_SHA384); }

// ---------------------------------------------------------------------------
// Tag comparison: the tag, key and message are all secret; only the status
// (match or not) is public.

CT_CASE(hmac_verify, "cce_hmac_verify, key, message and tag secret") {
  uint8_t key[32], msg[100], tag[32];
  ct_fill(key, sizeof key, 1);
  ct_fill(msg, sizeof msg, 2);
  CT_CHECK(cce_hmac(CCE_HASH_SHA256, key, sizeof key, msg, sizeof msg, tag, sizeof tag));
  for (int variant = 0; variant < 4; variant++) {
    uint8_t t[32];
    memcpy(t, tag, sizeof t);
    if (variant == 1) t[0] ^= 1;    // first byte wrong
    if (variant == 2) t[31] ^= 0x80; // last byte wrong
    size_t tlen = variant == 3 ? 16 : 32;  // truncated tag
    CCE_CT_SECRET(key, sizeof key);
    CCE_CT_SECRET(msg, sizeof msg);
    CCE_CT_SECRET(t, sizeof t);
    CT_EXPECT(cce_hmac_verify(CCE_HASH_SHA256, key, sizeof key, msg, sizeof msg, t, tlen),
              (variant == 1 || variant == 2) ? CCE_ERR_AUTH : CCE_OK);
  }
}

CT_CASE(memeq, "cce_memeq, both inputs secret") {
  uint8_t a[64], b[64];
  for (size_t pos = 0; pos <= 64; pos += 7) {
    ct_fill(a, sizeof a, 9);
    ct_fill(b, sizeof b, 9);
    if (pos < 64) b[pos] ^= 0x10;
    CCE_CT_SECRET(a, sizeof a);
    CCE_CT_SECRET(b, sizeof b);
    CT_EXPECT(cce_memeq(a, b, sizeof a), pos < 64 ? CCE_ERR_AUTH : CCE_OK);
  }
  CCE_CT_SECRET(a, sizeof a);
  CT_EXPECT(cce_memeq(a, a, sizeof a), CCE_OK);
}

CT_CASE(wipe, "cce_wipe of a secret buffer") {
  uint8_t s[48];
  ct_fill(s, sizeof s, 5);
  CCE_CT_SECRET(s, sizeof s);
  cce_wipe(s, sizeof s);
  // Zeroes written by cce_wipe are defined again: reading them is fine.
  for (size_t i = 0; i < sizeof s; i++)
    if (s[i] != 0) CT_FAIL("cce_wipe left a nonzero byte");
}
