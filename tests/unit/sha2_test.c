// Unit tests of SHA-1 and SHA-2 (FIPS 180-4): known answers for all seven
// variants on the FIPS 180-4 / NIST example messages (empty, "abc", the
// 448-bit and 896-bit messages, a million 'a'), through the `_impl`
// functions, the generic public API (cce_hash_init/update/final, cce_hash,
// the typed one-shots) and cce_hash_copy; a digest over every message length
// 0..599 (every padding position); incremental == one-shot at every split
// point of a 200-byte message; unaligned input; the length counters and
// their limits (CCE_ERR_LENGTH_OVERFLOW) with the 64/128-bit length encoding
// at the top of the range; the back ends (portable, SHA-NI, BMI2, AVX2,
// AVX-512) against each other on random input; which back end ran
// (cce_impl_name; "portable" under CCE_CPU=portable); the self-tests; and the
// public API's error paths and service indicator.
//
// Expected values: FIPS 180-4 examples / NIST "Examples with intermediate
// values" (the digests are those published for the messages above). The
// all-lengths digests and the top-of-range length encodings were computed
// with independent implementations (Python's hashlib / a from-the-standard
// Python model).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/hash.h"
#include "cce/module.h"
#include "module/hash/internal.h"

// Block functions and self-tests of the family (hidden, reachable because
// this test links the static test library).
void cce_sha1_blocks_portable(uint32_t h[5], const uint8_t *p, size_t num_blocks);
void cce_sha1_blocks_shani(uint32_t h[5], const uint8_t *p, size_t num_blocks);
void cce_sha256_blocks_portable(uint32_t h[8], const uint8_t *p, size_t num_blocks);
void cce_sha256_blocks_shani(uint32_t h[8], const uint8_t *p, size_t num_blocks);
void cce_sha512_blocks_portable(uint64_t h[8], const uint8_t *p, size_t num_blocks);
void cce_sha512_blocks_bmi2(uint64_t h[8], const uint8_t *p, size_t num_blocks);
void cce_sha512_blocks_avx2(uint64_t h[8], const uint8_t *p, size_t num_blocks);
void cce_sha512_blocks_avx512(uint64_t h[8], const uint8_t *p, size_t num_blocks);
cce_status cce_kat_sha1(void);
cce_status cce_kat_sha256(void);
cce_status cce_kat_sha512(void);

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

static size_t unhex(uint8_t *out, size_t cap, const char *hex) {
  size_t n = strlen(hex) / 2;
  if (n > cap) abort();
  for (size_t i = 0; i < n; i++) {
    unsigned v;
    if (sscanf(hex + 2 * i, "%2x", &v) != 1) abort();
    out[i] = (uint8_t)v;
  }
  return n;
}

static int hex_eq(const uint8_t *got, size_t len, const char *hex) {
  uint8_t exp[128];
  size_t n = unhex(exp, sizeof exp, hex);
  return n == len && memcmp(got, exp, len) == 0;
}

// ---------------------------------------------------------------------------
// The seven variants, through their `_impl` functions.

enum { NALG = 7 };
static const cce_hash_alg kAlgs[NALG] = {CCE_HASH_SHA1,   CCE_HASH_SHA224,     CCE_HASH_SHA256,
                                         CCE_HASH_SHA384, CCE_HASH_SHA512,     CCE_HASH_SHA512_224,
                                         CCE_HASH_SHA512_256};
static const size_t kDigest[NALG] = {20, 28, 32, 48, 64, 28, 32};
static const size_t kBlock[NALG] = {64, 64, 64, 128, 128, 128, 128};
static const char *const kName[NALG] = {"SHA-1",   "SHA-224",     "SHA-256",    "SHA-384",
                                        "SHA-512", "SHA-512/224", "SHA-512/256"};

typedef union {
  cce_sha1_state s1;
  cce_sha256_state s256;
  cce_sha512_state s512;
} any_state;

static void impl_init(int i, any_state *st) {
  switch (kAlgs[i]) {
    case CCE_HASH_SHA1: cce_sha1_init_impl(&st->s1); break;
    case CCE_HASH_SHA224: cce_sha256_init_impl(&st->s256, 28); break;
    case CCE_HASH_SHA256: cce_sha256_init_impl(&st->s256, 32); break;
    default: cce_sha512_init_impl(&st->s512, kAlgs[i]); break;
  }
}

static cce_status impl_update(int i, any_state *st, const uint8_t *p, size_t n) {
  if (kAlgs[i] == CCE_HASH_SHA1) return cce_sha1_update_impl(&st->s1, p, n);
  if (kAlgs[i] == CCE_HASH_SHA224 || kAlgs[i] == CCE_HASH_SHA256) return cce_sha256_update_impl(&st->s256, p, n);
  return cce_sha512_update_impl(&st->s512, p, n);
}

static void impl_final(int i, any_state *st, uint8_t *out) {
  if (kAlgs[i] == CCE_HASH_SHA1)
    cce_sha1_final_impl(&st->s1, out);
  else if (kAlgs[i] == CCE_HASH_SHA224 || kAlgs[i] == CCE_HASH_SHA256)
    cce_sha256_final_impl(&st->s256, out);
  else
    cce_sha512_final_impl(&st->s512, out);
}

static void impl_oneshot(int i, uint8_t *out, const uint8_t *p, size_t n) {
  any_state st;
  impl_init(i, &st);
  if (impl_update(i, &st, p, n) != CCE_OK) abort();
  impl_final(i, &st, out);
}

// ---------------------------------------------------------------------------
// Known answers.

static const char *const kExpected[7][5] = {
    {"da39a3ee5e6b4b0d3255bfef95601890afd80709",
     "a9993e364706816aba3e25717850c26c9cd0d89d",
     "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
     "a49b2446a02c645bf419f995b67091253a04a259",
     "34aa973cd4c4daa4f61eeb2bdbad27316534016f"},
    {"d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f",
     "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
     "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525",
     "c97ca9a559850ce97a04a96def6d99a9e0e0e2ab14e6b8df265fc0b3",
     "20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67"},
    {"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
     "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
     "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
    {"38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b",
     "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
     "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6b0455a8520bc4e6f5fe95b1fe3c8452b",
     "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039",
     "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985"},
    {"cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
     "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445",
     "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
     "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"},
    {"6ed0dd02806fa89e25de060c19d3ac86cabb87d6a0ddd05c333b84f4",
     "4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa",
     "e5302d6d54bb242275d1e7622d68df6eb02dedd13f564c13dbda2174",
     "23fec5bb94d60b23308192640b0c453335d664734fe40e7268674af9",
     "37ab331d76f0d36de422bd0edeb22a28accd487b7a8453ae965dd287"},
    {"c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a",
     "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
     "bde8e1f9f19bb9fd3406c90ec6bc47bd36d8ada9f11880dbc8a22a7078b6a461",
     "3928e184fb8690f840da3988121d31be65cb9d3ef83ee6146feac861e19b563a",
     "9a59a052930187a97038cae692f30708aa6491923ef5194394dc68d56c74fb21"},
};
static const char *const kAllLengths[7] = {
    "9eb5c7e3a34af472efd5052dfa8a4a747c392042",
    "1e5c441d6b53048970494a18a0d0585a2f4c54377e1f2184a8a100ca",
    "2e9f9b1cbdbb2b8ee7e0762e2fb3e5af2dac32766d3acb7141a86d0c736dcb5d",
    "5879759be7398cafbd9068c8b3f63250f3c78f9b038f5719142443e3e67488429cb9f0d639fab6115e777ebbe5c24451",
    "ad279fd58636ec56cc8189c3dc716d6979aace11043ae93b8e7931db49074b409a140ebd5c541c8cf737b7c219739c4ea9e8b20049b150e4ec58fcdfc5befc0d",
    "57f08a2761475930095a3743ff0cedc59e43f207bbc4871761f1adfa",
    "069b17b414bfbd4e13cba5952c227c7c30401aa3132bfa89352e5f61dc4b79d1",
};

static const char kMsg448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char kMsg896[] =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

static uint8_t g_million[1000000];

static const uint8_t *msg_ptr(int m, size_t *len) {
  switch (m) {
    case 0: *len = 0; return (const uint8_t *)"";
    case 1: *len = 3; return (const uint8_t *)"abc";
    case 2: *len = sizeof kMsg448 - 1; return (const uint8_t *)kMsg448;
    case 3: *len = sizeof kMsg896 - 1; return (const uint8_t *)kMsg896;
    default: *len = sizeof g_million; return g_million;
  }
}

static void test_kat_impl(void) {
  for (int i = 0; i < NALG; i++) {
    for (int m = 0; m < 5; m++) {
      size_t len;
      const uint8_t *msg = msg_ptr(m, &len);
      uint8_t out[64];
      impl_oneshot(i, out, msg, len);
      CHECK(hex_eq(out, kDigest[i], kExpected[i][m]), "%s impl one-shot, message %d", kName[i], m);
    }
    // A million 'a' again, in 1000-byte updates (FIPS 180-4's third example).
    any_state st;
    uint8_t out[64];
    impl_init(i, &st);
    int ok = 1;
    for (int k = 0; k < 1000; k++) ok &= impl_update(i, &st, g_million, 1000) == CCE_OK;
    impl_final(i, &st, out);
    CHECK(ok && hex_eq(out, kDigest[i], kExpected[i][4]), "%s impl million 'a' in 1000-byte pieces", kName[i]);
  }
}

static void test_kat_public(void) {
  for (int i = 0; i < NALG; i++) {
    CHECK(cce_hash_digest_len(kAlgs[i]) == kDigest[i], "%s digest length", kName[i]);
    CHECK(cce_hash_block_len(kAlgs[i]) == kBlock[i], "%s block length", kName[i]);
    for (int m = 0; m < 5; m++) {
      size_t len;
      const uint8_t *msg = msg_ptr(m, &len);
      uint8_t out[64];
      memset(out, 0, sizeof out);
      cce_status st = cce_hash(kAlgs[i], out, sizeof out, msg, len);
      CHECK(st == CCE_OK && hex_eq(out, kDigest[i], kExpected[i][m]), "%s cce_hash, message %d", kName[i], m);
      CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "%s indicator after cce_hash", kName[i]);

      cce_hash_ctx ctx;
      memset(out, 0, sizeof out);
      st = cce_hash_init(&ctx, kAlgs[i]);
      // Two pieces: first 7 bytes (or fewer), then the rest.
      size_t cut = len < 7 ? len : 7;
      if (st == CCE_OK) st = cce_hash_update(&ctx, msg, cut);
      if (st == CCE_OK) st = cce_hash_update(&ctx, msg + cut, len - cut);
      if (st == CCE_OK) st = cce_hash_final(&ctx, out, kDigest[i]);
      CHECK(st == CCE_OK && hex_eq(out, kDigest[i], kExpected[i][m]), "%s init/update/final, message %d",
            kName[i], m);
      CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "%s indicator after final", kName[i]);
    }
  }
  // Typed one-shots.
  uint8_t out[64];
  CHECK(cce_sha1(out, "abc", 3) == CCE_OK && hex_eq(out, 20, kExpected[0][1]), "cce_sha1");
  CHECK(cce_sha256(out, "abc", 3) == CCE_OK && hex_eq(out, 32, kExpected[2][1]), "cce_sha256");
  CHECK(cce_sha384(out, "abc", 3) == CCE_OK && hex_eq(out, 48, kExpected[3][1]), "cce_sha384");
  CHECK(cce_sha512(out, "abc", 3) == CCE_OK && hex_eq(out, 64, kExpected[4][1]), "cce_sha512");
  // By name.
  CHECK(cce_hash_from_name("SHA2-512/256") == CCE_HASH_SHA512_256, "from_name SHA2-512/256");
  CHECK(cce_hash_from_name("sha224") == CCE_HASH_SHA224, "from_name sha224");
}

// Every length 0..599 (all padding positions, one and two final blocks):
// the digest of the concatenated digests.
static void test_all_lengths(void) {
  static uint8_t pat[600];
  static uint8_t acc[600 * 64];
  for (int k = 0; k < 600; k++) pat[k] = (uint8_t)(k * 31 + 7);
  for (int i = 0; i < NALG; i++) {
    for (size_t n = 0; n < 600; n++) impl_oneshot(i, acc + n * kDigest[i], pat, n);
    uint8_t out[64];
    impl_oneshot(i, out, acc, 600 * kDigest[i]);
    CHECK(hex_eq(out, kDigest[i], kAllLengths[i]), "%s over every length 0..599", kName[i]);
  }
}

// Incremental == one-shot at every split point (and three-way splits), and
// cce_hash_copy gives intermediate digests.
static void test_incremental(void) {
  uint8_t msg[200];
  for (int k = 0; k < 200; k++) msg[k] = (uint8_t)(k * 7 + 3);
  for (int i = 0; i < NALG; i++) {
    uint8_t ref[64], out[64];
    impl_oneshot(i, ref, msg, sizeof msg);
    int bad = 0, bad3 = 0, badpub = 0;
    for (size_t cut = 0; cut <= sizeof msg; cut++) {
      any_state st;
      impl_init(i, &st);
      (void)impl_update(i, &st, msg, cut);
      (void)impl_update(i, &st, msg + cut, sizeof msg - cut);
      impl_final(i, &st, out);
      bad += memcmp(out, ref, kDigest[i]) != 0;

      size_t cut2 = cut + (sizeof msg - cut) / 3;
      impl_init(i, &st);
      (void)impl_update(i, &st, msg, cut);
      (void)impl_update(i, &st, msg + cut, cut2 - cut);
      (void)impl_update(i, &st, msg + cut2, sizeof msg - cut2);
      impl_final(i, &st, out);
      bad3 += memcmp(out, ref, kDigest[i]) != 0;

      cce_hash_ctx ctx;
      if (cce_hash_init(&ctx, kAlgs[i]) != CCE_OK || cce_hash_update(&ctx, msg, cut) != CCE_OK ||
          cce_hash_update(&ctx, msg + cut, sizeof msg - cut) != CCE_OK ||
          cce_hash_final(&ctx, out, sizeof out) != CCE_OK || memcmp(out, ref, kDigest[i]) != 0)
        badpub++;
    }
    CHECK(bad == 0, "%s: %d split points differ from one-shot", kName[i], bad);
    CHECK(bad3 == 0, "%s: %d three-way splits differ from one-shot", kName[i], bad3);
    CHECK(badpub == 0, "%s: %d public-API splits differ from one-shot", kName[i], badpub);

    // Byte at a time.
    any_state st;
    impl_init(i, &st);
    for (size_t k = 0; k < sizeof msg; k++) (void)impl_update(i, &st, msg + k, 1);
    impl_final(i, &st, out);
    CHECK(memcmp(out, ref, kDigest[i]) == 0, "%s byte at a time", kName[i]);

    // Intermediate digest through cce_hash_copy: H(msg[0..100)) then H(msg).
    cce_hash_ctx a, b;
    uint8_t mid[64], ref_mid[64];
    impl_oneshot(i, ref_mid, msg, 100);
    cce_status s1 = cce_hash_init(&a, kAlgs[i]);
    if (s1 == CCE_OK) s1 = cce_hash_update(&a, msg, 100);
    cce_status s2 = cce_hash_copy(&b, &a);
    cce_status s3 = cce_hash_final(&b, mid, sizeof mid);
    cce_status s4 = cce_hash_update(&a, msg + 100, 100);
    cce_status s5 = cce_hash_final(&a, out, sizeof out);
    CHECK(s1 == CCE_OK && s2 == CCE_OK && s3 == CCE_OK && s4 == CCE_OK && s5 == CCE_OK &&
              memcmp(mid, ref_mid, kDigest[i]) == 0 && memcmp(out, ref, kDigest[i]) == 0,
          "%s cce_hash_copy intermediate digest", kName[i]);
  }
}

// Unaligned input pointers give the same digests.
static void test_unaligned(void) {
  static uint8_t buf[1100];
  for (int k = 0; k < 1100; k++) buf[k] = (uint8_t)(k * 13 + 5);
  for (int i = 0; i < NALG; i++) {
    uint8_t ref[64], out[64];
    static uint8_t copy[1024 + 16];
    memcpy(copy, buf, 1024);
    impl_oneshot(i, ref, copy, 1024);
    int bad = 0;
    for (int off = 1; off < 16; off++) {
      memmove(copy + off, buf, 1024);
      impl_oneshot(i, out, copy + off, 1024);
      bad += memcmp(out, ref, kDigest[i]) != 0;
    }
    CHECK(bad == 0, "%s: %d unaligned offsets differ", kName[i], bad);
  }
}

// ---------------------------------------------------------------------------
// Length counters and limits (FIPS 180-4: < 2^64 bits for SHA-1/224/256,
// < 2^128 bits for the SHA-512 family).

static void test_lengths(void) {
  const uint64_t max61 = (UINT64_C(1) << 61) - 1;  // bytes
  uint8_t out[64], z[8] = {0};

  cce_sha256_state s;
  cce_sha256_init_impl(&s, 32);
  s.total = max61 - 5;
  CHECK(cce_sha256_update_impl(&s, z, 5) == CCE_OK && s.total == max61, "SHA-256 up to 2^61-1 bytes");
  CHECK(cce_sha256_update_impl(&s, z, 1) == CCE_ERR_LENGTH_OVERFLOW && s.total == max61 && s.buf_len == 5,
        "SHA-256 past 2^61-1 bytes: CCE_ERR_LENGTH_OVERFLOW, state unchanged");
  CHECK(cce_sha256_update_impl(&s, z, 0) == CCE_OK, "SHA-256 empty update at the limit");

  cce_sha1_state s1;
  cce_sha1_init_impl(&s1);
  s1.total = max61 - 2;
  CHECK(cce_sha1_update_impl(&s1, z, 3) == CCE_ERR_LENGTH_OVERFLOW, "SHA-1 past 2^61-1 bytes");
  CHECK(cce_sha1_update_impl(&s1, z, 2) == CCE_OK && s1.total == max61, "SHA-1 up to 2^61-1 bytes");

  // Length encoding near the top: empty buffer after 2^61 - 64 bytes.
  cce_sha256_init_impl(&s, 32);
  s.total = (UINT64_C(1) << 61) - 64;
  cce_sha256_final_impl(&s, out);
  CHECK(hex_eq(out, 32, "c17cda80413382a6c5aff1d8767d0a612d3b043efa38e62db695c71ce34113d6"),
        "SHA-256 64-bit length encoding at 2^61-64 bytes");
  cce_sha1_init_impl(&s1);
  s1.total = (UINT64_C(1) << 61) - 64;
  cce_sha1_final_impl(&s1, out);
  CHECK(hex_eq(out, 20, "7eb0d0d5db6f63b81a1575af250d6220ac0e9f81"), "SHA-1 64-bit length encoding");

  // SHA-512: carry into the high half, the limit, and the 128-bit encoding.
  cce_sha512_state s5;
  cce_sha512_init_impl(&s5, CCE_HASH_SHA512);
  s5.total_lo = UINT64_MAX - 1;
  CHECK(cce_sha512_update_impl(&s5, z, 5) == CCE_OK && s5.total_hi == 1 && s5.total_lo == 3,
        "SHA-512 byte counter carries into the high word");
  cce_sha512_init_impl(&s5, CCE_HASH_SHA512);
  s5.total_hi = max61;
  s5.total_lo = UINT64_MAX - 3;
  CHECK(cce_sha512_update_impl(&s5, z, 3) == CCE_OK && s5.total_lo == UINT64_MAX, "SHA-512 up to 2^125-1 bytes");
  CHECK(cce_sha512_update_impl(&s5, z, 1) == CCE_ERR_LENGTH_OVERFLOW && s5.total_hi == max61 &&
            s5.total_lo == UINT64_MAX,
        "SHA-512 past 2^125-1 bytes: CCE_ERR_LENGTH_OVERFLOW, state unchanged");
  cce_sha512_init_impl(&s5, CCE_HASH_SHA512);
  s5.total_hi = 1;
  s5.total_lo = 0;
  cce_sha512_final_impl(&s5, out);
  CHECK(hex_eq(out, 64,
               "68dec5cb04f0a190b93bd89b85871d4efecee65d8fe2254b5e8f11184d16e5ce"
               "ba7fc184611cb6739db7ab05584128834b3da3ac3e6b9bbd758bb07779791c71"),
        "SHA-512 128-bit length encoding at 2^64 bytes");
  cce_sha512_init_impl(&s5, CCE_HASH_SHA512);
  s5.total_hi = max61;
  s5.total_lo = UINT64_MAX - 127;
  cce_sha512_final_impl(&s5, out);
  CHECK(hex_eq(out, 64,
               "cdbe44275aeef3226ec97e410de73840eef5fdccd045e6f34c4a38c3aac35b08"
               "9381b0598289b1c114241da171b8c84cd075bfad661dab142e3dfccde53f5896"),
        "SHA-512 128-bit length encoding at 2^125-128 bytes");

  // Through the public API: the limit surfaces as CCE_ERR_LENGTH_OVERFLOW.
  cce_hash_ctx ctx;
  if (cce_hash_init(&ctx, CCE_HASH_SHA256) == CCE_OK) {
    ctx.u.sha256.total = max61;
    CHECK(cce_hash_update(&ctx, z, 1) == CCE_ERR_LENGTH_OVERFLOW, "cce_hash_update past the SHA-256 limit");
    CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED, "indicator after a length overflow");
    cce_hash_cleanup(&ctx);
  } else {
    CHECK(0, "cce_hash_init SHA-256");
  }
}

// ---------------------------------------------------------------------------
// Back ends against each other, and which one runs.

static uint64_t g_rng = 0x9e3779b97f4a7c15ull;
static uint8_t rnd8(void) {
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 7;
  g_rng ^= g_rng << 17;
  return (uint8_t)(g_rng >> 32);
}
static void rnd_fill(void *p, size_t n) {
  for (size_t k = 0; k < n; k++) ((uint8_t *)p)[k] = rnd8();
}

static void test_backends(void) {
  uint32_t hw = cce_cpu_features_detected();
  static uint8_t data[128 * 9 + 1];
  int have_sha = (hw & (CCE_CPU_SHANI | CCE_CPU_SSSE3 | CCE_CPU_SSE41)) ==
                 (CCE_CPU_SHANI | CCE_CPU_SSSE3 | CCE_CPU_SSE41);
  int have_bmi2 = (hw & CCE_CPU_BMI2) != 0;
  int have_avx2 = (hw & (CCE_CPU_AVX2 | CCE_CPU_BMI2)) == (CCE_CPU_AVX2 | CCE_CPU_BMI2);
  uint32_t avx512 = CCE_CPU_AVX512F | CCE_CPU_AVX512VL | CCE_CPU_AVX2 | CCE_CPU_BMI2;
  int have_avx512 = (hw & avx512) == avx512;
  printf("back ends on this CPU: sha-ni %s, bmi2 %s, avx2 %s, avx512 %s\n", have_sha ? "tested" : "unavailable",
         have_bmi2 ? "tested" : "unavailable", have_avx2 ? "tested" : "unavailable",
         have_avx512 ? "tested" : "unavailable");

  int bad1 = 0, bad256 = 0, bad512 = 0;
  for (int trial = 0; trial < 200; trial++) {
    size_t nb = 1 + (size_t)(trial % 9);
    size_t off = (size_t)(trial % 2);  // unaligned too
    rnd_fill(data, sizeof data);
    uint32_t h1a[5], h1b[5], h2a[8], h2b[8];
    uint64_t h5[4][8];
    rnd_fill(h1a, sizeof h1a);
    memcpy(h1b, h1a, sizeof h1a);
    rnd_fill(h2a, sizeof h2a);
    memcpy(h2b, h2a, sizeof h2a);
    rnd_fill(h5[0], sizeof h5[0]);
    for (int k = 1; k < 4; k++) memcpy(h5[k], h5[0], sizeof h5[0]);

    cce_sha1_blocks_portable(h1a, data + off, nb);
    cce_sha256_blocks_portable(h2a, data + off, nb);
    cce_sha512_blocks_portable(h5[0], data + off, nb);
    if (have_sha) {
      cce_sha1_blocks_shani(h1b, data + off, nb);
      cce_sha256_blocks_shani(h2b, data + off, nb);
      bad1 += memcmp(h1a, h1b, sizeof h1a) != 0;
      bad256 += memcmp(h2a, h2b, sizeof h2a) != 0;
    }
    if (have_bmi2) {
      cce_sha512_blocks_bmi2(h5[1], data + off, nb);
      bad512 += memcmp(h5[0], h5[1], sizeof h5[0]) != 0;
    }
    if (have_avx2) {
      cce_sha512_blocks_avx2(h5[2], data + off, nb);
      bad512 += memcmp(h5[0], h5[2], sizeof h5[0]) != 0;
    }
    if (have_avx512) {
      cce_sha512_blocks_avx512(h5[3], data + off, nb);
      bad512 += memcmp(h5[0], h5[3], sizeof h5[0]) != 0;
    }
  }
  CHECK(bad1 == 0, "SHA-1 portable vs SHA-NI: %d mismatches", bad1);
  CHECK(bad256 == 0, "SHA-256 portable vs SHA-NI: %d mismatches", bad256);
  CHECK(bad512 == 0, "SHA-512 portable vs BMI2/AVX2/AVX-512: %d mismatches", bad512);

  // Zero blocks leave the state alone.
  uint64_t h[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  if (have_avx2) cce_sha512_blocks_avx2(h, data, 0);
  if (have_avx512) cce_sha512_blocks_avx512(h, data, 0);
  CHECK(h[0] == 1 && h[7] == 8, "SHA-512 vector back ends with zero blocks");

  // Which back end runs.
  const char *env = getenv("CCE_CPU");
  uint32_t use = cce_cpu_features();
  const char *n1 = cce_impl_name("sha1"), *n256 = cce_impl_name("sha256"), *n512 = cce_impl_name("sha512");
  printf("CCE_CPU=%s: sha1 %s, sha256 %s, sha512 %s\n", env ? env : "(unset)", n1, n256, n512);
  CHECK(strcmp(n1, cce_impl_sha1()) == 0 && strcmp(n256, cce_impl_sha256()) == 0 &&
            strcmp(n512, cce_impl_sha512()) == 0,
        "cce_impl_name agrees with the family's own answer");
  if (env != NULL && strcmp(env, "portable") == 0) {
    CHECK(strcmp(n256, "portable") == 0, "CCE_CPU=portable: sha256 runs %s", n256);
    CHECK(strcmp(n1, "portable") == 0, "CCE_CPU=portable: sha1 runs %s", n1);
    CHECK(strcmp(n512, "portable") == 0, "CCE_CPU=portable: sha512 runs %s", n512);
  } else {
    int sha = (use & (CCE_CPU_SHANI | CCE_CPU_SSSE3 | CCE_CPU_SSE41)) ==
              (CCE_CPU_SHANI | CCE_CPU_SSSE3 | CCE_CPU_SSE41);
    const char *want512 = (use & avx512) == avx512                                   ? "avx512"
                          : (use & (CCE_CPU_AVX2 | CCE_CPU_BMI2)) == (CCE_CPU_AVX2 | CCE_CPU_BMI2) ? "avx2"
                          : (use & CCE_CPU_BMI2)                                     ? "bmi2"
                                                                                     : "portable";
    CHECK(strcmp(n256, sha ? "shani" : "portable") == 0, "sha256 runs %s", n256);
    CHECK(strcmp(n1, sha ? "shani" : "portable") == 0, "sha1 runs %s", n1);
    CHECK(strcmp(n512, want512) == 0, "sha512 runs %s, expected %s", n512, want512);
  }
}

// ---------------------------------------------------------------------------
// Self-tests and the public API's error paths.

static void test_selftests(void) {
  CHECK(cce_kat_sha1() == CCE_OK, "cce_kat_sha1");
  CHECK(cce_kat_sha256() == CCE_OK, "cce_kat_sha256");
  CHECK(cce_kat_sha512() == CCE_OK, "cce_kat_sha512");
}

static void test_errors(void) {
  cce_hash_ctx ctx;
  uint8_t out[64];
  CHECK(cce_hash_init(NULL, CCE_HASH_SHA256) == CCE_ERR_NULL_POINTER, "init NULL ctx");
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED, "indicator after an error");
  CHECK(cce_hash_init(&ctx, CCE_HASH_NONE) == CCE_ERR_UNSUPPORTED, "init CCE_HASH_NONE");
  CHECK(cce_hash_init(&ctx, (cce_hash_alg)99) == CCE_ERR_UNSUPPORTED, "init unknown alg");
  CHECK(cce_hash_init(&ctx, CCE_HASH_SHA384) == CCE_OK, "init SHA-384");
  CHECK(cce_hash_update(&ctx, NULL, 1) == CCE_ERR_NULL_POINTER, "update NULL data");
  CHECK(cce_hash_update(&ctx, NULL, 0) == CCE_OK, "update NULL data, zero length");
  CHECK(cce_hash_update(NULL, "abc", 3) == CCE_ERR_NULL_POINTER, "update NULL ctx");
  CHECK(cce_hash_final(&ctx, out, 47) == CCE_ERR_BUFFER_TOO_SMALL, "final with a 47-byte buffer");
  CHECK(cce_hash_final(&ctx, NULL, 48) == CCE_ERR_NULL_POINTER, "final NULL out");
  CHECK(cce_hash_update(&ctx, "abc", 3) == CCE_OK, "context still live after failed finals");
  CHECK(cce_hash_final(&ctx, out, 48) == CCE_OK && hex_eq(out, 48, kExpected[3][1]), "SHA-384 abc after errors");
  CHECK(cce_hash_update(&ctx, "abc", 3) == CCE_ERR_CTX_STATE, "update after final");
  CHECK(cce_hash_final(&ctx, out, 48) == CCE_ERR_CTX_STATE, "final after final");
  uint8_t zero[sizeof ctx.u];
  memset(zero, 0, sizeof zero);
  CHECK(memcmp(&ctx.u, zero, sizeof zero) == 0, "final wipes the state");
  CHECK(cce_hash_init(&ctx, CCE_HASH_SHA1) == CCE_OK, "init again after final");
  cce_hash_cleanup(&ctx);
  CHECK(cce_hash_update(&ctx, "abc", 3) == CCE_ERR_CTX_STATE, "update after cleanup");
  CHECK(cce_hash(CCE_HASH_SHA256, out, 31, "abc", 3) == CCE_ERR_BUFFER_TOO_SMALL, "one-shot short buffer");
  CHECK(cce_hash(CCE_HASH_SHA256, NULL, 32, "abc", 3) == CCE_ERR_NULL_POINTER, "one-shot NULL out");
  CHECK(cce_hash(CCE_HASH_SHA256, out, 32, NULL, 3) == CCE_ERR_NULL_POINTER, "one-shot NULL data");
  CHECK(cce_hash(CCE_HASH_SHA256, out, 32, NULL, 0) == CCE_OK && hex_eq(out, 32, kExpected[2][0]),
        "one-shot NULL data, zero length");
  CHECK(cce_sha1(out, NULL, 1) == CCE_ERR_NULL_POINTER, "cce_sha1 NULL data");
}

int main(void) {
  memset(g_million, 'a', sizeof g_million);
  test_selftests();
  test_kat_impl();
  test_kat_public();
  test_all_lengths();
  test_incremental();
  test_unaligned();
  test_lengths();
  test_backends();
  test_errors();
  printf("%d passed, %d failed\n", g_pass, g_fail);
  return g_fail != 0;
}
