// Unit tests of SHA-3 and SHAKE (FIPS 202): known answers for the four SHA-3
// sizes and both SHAKEs (the NIST example messages: empty, "abc", 200 bytes of
// 0xA3), a digest over every message length 0..599 (checks every partial-block
// position), the Keccak-f[1600] permutation itself, incremental absorbing at
// every split point, squeezing in small pieces across rate boundaries, the
// back ends against each other, the self-tests, and the generic public API of
// hash.h with its error paths and service indicator.
//
// Expected values: FIPS 202 examples (SHA-3 and SHAKE on "", "abc" and
// 1600 bits of 0xA3 are those of the NIST "Examples with intermediate values"
// pages) and the Keccak team's KeccakF-1600 intermediate values (permutation
// of the all-zero state).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/hash.h"
#include "cce/module.h"
#include "module/hash/internal.h"

static int g_pass, g_fail;

#define CHECK(cond, ...)                              \
  do {                                                \
    if (cond) {                                       \
      g_pass++;                                       \
    } else {                                          \
      g_fail++;                                       \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                   \
      fprintf(stderr, "\n");                          \
    }                                                 \
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
  uint8_t exp[1024];
  size_t n = unhex(exp, sizeof exp, hex);
  return n == len && memcmp(got, exp, len) == 0;
}

static const cce_hash_alg kAlgs[6] = {CCE_HASH_SHA3_224, CCE_HASH_SHA3_256, CCE_HASH_SHA3_384,
                                      CCE_HASH_SHA3_512, CCE_HASH_SHAKE128, CCE_HASH_SHAKE256};
static const size_t kDigest[6] = {28, 32, 48, 64, 0, 0};
static const size_t kRate[6] = {144, 136, 104, 72, 168, 136};
static const char *const kName[6] = {"SHA3-224", "SHA3-256", "SHA3-384", "SHA3-512", "SHAKE128", "SHAKE256"};

static int is_xof(int i) { return kDigest[i] == 0; }

// One-shot through the _impl functions; for SHAKE writes out_len bytes.
static void impl_hash(int i, uint8_t *out, size_t out_len, const uint8_t *msg, size_t len) {
  cce_sha3_state st;
  cce_sha3_init_impl(&st, kAlgs[i]);
  cce_sha3_absorb_impl(&st, msg, len);
  if (is_xof(i)) {
    cce_shake_squeeze_impl(&st, out, out_len);
  } else {
    cce_sha3_final_impl(&st, out);
  }
}

// ---------------------------------------------------------------------------
// Known answers.

struct kat {
  int alg;  // index into kAlgs
  int msg;  // 0: "", 1: "abc", 2: 200 x 0xA3
  const char *md;
};

static const struct kat kKats[] = {
    {0, 0, "6b4e03423667dbb73b6e15454f0eb1abd4597f9a1b078e3f5b5a6bc7"},
    {1, 0, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"},
    {2, 0, "0c63a75b845e4f7d01107d852e4c2485c51a50aaaa94fc61995e71bbee983a2ac3713831264adb47fb6bd1e058d5f004"},
    {3, 0, "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a615b2123af1f5f94c11e3e9402c3ac558"
           "f500199d95b6d3e301758586281dcd26"},
    {4, 0, "7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef263cb1eea988004b93103cfb0aeefd2a68"
           "6e01fa4a58e8a3639ca8a1e3f9ae57e2"},
    {5, 0, "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762fd75dc4ddd8c0f200cb05019d67b592f6"
           "fc821c49479ab48640292eacb3b7c4be"},
    {0, 1, "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf"},
    {1, 1, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"},
    {2, 1, "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f539f1edf228376d25"},
    {3, 1, "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e39340"
           "57340b4cf408d5a56592f8274eec53f0"},
    {4, 1, "5881092dd818bf5cf8a3ddb793fbcba74097d5c526a6d35f97b83351940f2cc844c50af32acd3f2cdd066568706f509b"
           "c1bdde58295dae3f891a9a0fca578378"},
    {5, 1, "483366601360a8771c6863080cc4114d8db44530f8f1e1ee4f94ea37e78b5739d5a15bef186a5386c75744c0527e1faa"
           "9f8726e462a12a4feb06bd8801e751e4"},
    {0, 2, "9376816aba503f72f96ce7eb65ac095deee3be4bf9bbc2a1cb7e11e0"},
    {1, 2, "79f38adec5c20307a98ef76e8324afbfd46cfd81b22e3973c65fa1bd9de31787"},
    {2, 2, "1881de2ca7e41ef95dc4732b8f5f002b189cc1e42b74168ed1732649ce1dbcdd76197a31fd55ee989f2d7050dd473e8f"},
    {3, 2, "e76dfad22084a8b1467fcf2ffa58361bec7628edf5f3fdc0e4805dc48caeeca81b7c13c30adf52a3659584739a2df46b"
           "e589c51ca1a4a8416df6545a1ce8ba00"},
    // 512 bytes of output: crosses the SHAKE128 rate (168) three times.
    {4, 2, "131ab8d2b594946b9c81333f9bb6e0ce75c3b93104fa3469d3917457385da037cf232ef7164a6d1eb448c8908186ad85"
           "2d3f85a5cf28da1ab6fe3438171978467f1c05d58c7ef38c284c41f6c2221a76f12ab1c04082660250802294fb871802"
           "13fdef5b0ecb7df50ca1f8555be14d32e10f6edcde892c09424b29f597afc270c904556bfcb47a7d40778d390923642b"
           "3cbd0579e60908d5a000c1d08b98ef933f806445bf87f8b009ba9e94f7266122ed7ac24e5e266c42a82fa1bbefb7b8db"
           "0066e16a85e0493f07df4809aec084a593748ac3dde5a6d7aae1e8b6e5352b2d71efbb47d4caeed5e6d633805d2d323e"
           "6fd81b4684b93a2677d45e7421c2c6aea259b855a698fd7d13477a1fe53e5a4a6197dbec5ce95f505b520bcd9570c4a8"
           "265a7e01f89c0c002c59bfec6cd4a5c109258953ee5ee70cd577ee217af21fa70178f0946c9bf6ca8751793479f6b537"
           "737e40b6ed28511d8a2d7e73eb75f8daac912ff906e0ab955b083bac45a8e5e9b744c8506f37e9b4e749a184b30f43eb"
           "188d855f1b70d71ff3e50c537ac1b0f8974f0fe1a6ad295ba42f6aec74d123a7abedde6e2c0711cab36be5acb1a5a11a"
           "4b1db08ba6982efccd716929a7741cfc63aa4435e0b69a9063e880795c3dc5ef3272e11c497a91acf699fefee206227a"
           "44c9fb359fd56ac0a9a75a743cff6862f17d7259ab075216c0699511643b6439"},
    {5, 2, "cd8a920ed141aa0407a22d59288652e9d9f1a7ee0c1e7c1ca699424da84a904d2d700caae7396ece96604440577da4f3"
           "aa22aeb8857f961c4cd8e06f0ae6610b1048a7f64e1074cd629e85ad7566048efc4fb500b486a3309a8f26724c0ed628"
           "001a1099422468de726f1061d99eb9e93604d5aa7467d4b1bd6484582a384317d7f47d750b8f5499512bb85a226c4243"
           "556e696f6bd072c5aa2d9b69730244b56853d16970ad817e213e470618178001c9fb56c54fefa5fee67d2da524bb3b0b"
           "61ef0e9114a92cdbb6cccb98615cfe76e3510dd88d1cc28ff99287512f24bfafa1a76877b6f37198e3a641c68a7c42d4"
           "5fa7acc10dae5f3cefb7b735f12d4e589f7a456e78c0f5e4c4471fffa5e4fa0514ae974d8c2648513b5db494cea84715"
           "6d277ad0e141c24c7839064cd08851bc2e7ca109fd4e251c35bb0a04fb05b364ff8c4d8b59bc303e25328c09a882e952"
           "518e1a8ae0ff265d61c465896973d7490499dc639fb8502b39456791b1b6ec5bcc5d9ac36a6df622a070d43fed781f5f"
           "149f7b62675e7d1a4d6dec48c1c7164586eae06a51208c0b791244d307726505c3ad4b26b6822377257aa152037560a7"
           "39714a3ca79bd605547c9b78dd1f596f2d4f1791bc689a0e9b799a37339c04275733740143ef5d2b58b96a363d4e0807"
           "6a1a9d7846436e4dca5728b6f760eef0ca92bf0be5615e96959d767197a0beeb"},
};

static void kat_message(int which, uint8_t *buf, size_t *len) {
  if (which == 0) {
    *len = 0;
  } else if (which == 1) {
    memcpy(buf, "abc", 3);
    *len = 3;
  } else {
    memset(buf, 0xa3, 200);
    *len = 200;
  }
}

static void test_kats(void) {
  for (size_t k = 0; k < sizeof kKats / sizeof kKats[0]; k++) {
    const struct kat *t = &kKats[k];
    uint8_t msg[200], exp[512], got[512];
    size_t len, n = unhex(exp, sizeof exp, t->md);
    kat_message(t->msg, msg, &len);
    memset(got, 0, sizeof got);
    impl_hash(t->alg, got, n, msg, len);
    CHECK(memcmp(got, exp, n) == 0, "%s KAT message %d (_impl)", kName[t->alg], t->msg);

    // The public one-shot.
    memset(got, 0, sizeof got);
    cce_status st = cce_hash(kAlgs[t->alg], got, n, len ? msg : NULL, len);
    CHECK(st == CCE_OK && memcmp(got, exp, n) == 0, "%s KAT message %d (cce_hash) st=%d", kName[t->alg],
          t->msg, st);
    CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "%s indicator", kName[t->alg]);

    // Typed conveniences.
    memset(got, 0, sizeof got);
    st = CCE_ERR_INTERNAL;
    if (kAlgs[t->alg] == CCE_HASH_SHA3_256) st = cce_sha3_256(got, msg, len);
    if (kAlgs[t->alg] == CCE_HASH_SHAKE128) st = cce_shake128(got, n, msg, len);
    if (kAlgs[t->alg] == CCE_HASH_SHAKE256) st = cce_shake256(got, n, msg, len);
    if (st != CCE_ERR_INTERNAL) {
      CHECK(st == CCE_OK && memcmp(got, exp, n) == 0, "%s KAT message %d (typed call)", kName[t->alg], t->msg);
    }
  }
}

// ---------------------------------------------------------------------------
// Every message length 0..599 (message byte i = 131 i + 7), SHAKE output
// length len % 350 + 1; the concatenation of all outputs is hashed with
// SHA3-256. Expected values computed independently (Python hashlib).

static const char *const kSweep[6] = {
    "38918bb9e2fc9ff109afb528cd6e391a3b8286a79cc756669f0e2cc42a9e5206",
    "8766f63f0bfa12fadf79cc3a7b38020248eae8f56c2197ccdfc0c00c0643e8eb",
    "4e44dd20bd38e3d67ef743667d6f4e3e655ca16ceb5d60aec5d14c9db0782baf",
    "7b89e2dcea3c48328ca4b7a4f1563cd410a9751a6a333bfd82368ad48d3134f0",
    "4b781485700e3d4d0583db79e77fdae068969d196078d49068d095785c916d42",
    "bf99ddc0abe7149b1d58bc31df3811770ce88316bc0bf8d1db3cc1e2aa9dd453",
};

static void test_length_sweep(void) {
  static uint8_t buf[600];
  for (size_t i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)(i * 131 + 7);
  for (int a = 0; a < 6; a++) {
    cce_sha3_state acc;
    cce_sha3_init_impl(&acc, CCE_HASH_SHA3_256);
    for (size_t len = 0; len < sizeof buf; len++) {
      uint8_t out[350];
      size_t n = is_xof(a) ? len % 350 + 1 : kDigest[a];
      impl_hash(a, out, n, buf, len);
      cce_sha3_absorb_impl(&acc, out, n);
    }
    uint8_t md[32];
    cce_sha3_final_impl(&acc, md);
    CHECK(hex_eq(md, 32, kSweep[a]), "%s length sweep 0..599", kName[a]);
  }
}

// ---------------------------------------------------------------------------
// The permutation: Keccak-f[1600] of the all-zero state, then again.

static void test_permutation(void) {
  static const uint64_t once[25] = {
      0xF1258F7940E1DDE7ull, 0x84D5CCF933C0478Aull, 0xD598261EA65AA9EEull, 0xBD1547306F80494Dull,
      0x8B284E056253D057ull, 0xFF97A42D7F8E6FD4ull, 0x90FEE5A0A44647C4ull, 0x8C5BDA0CD6192E76ull,
      0xAD30A6F71B19059Cull, 0x30935AB7D08FFC64ull, 0xEB5AA93F2317D635ull, 0xA9A6E6260D712103ull,
      0x81A57C16DBCF555Full, 0x43B831CD0347C826ull, 0x01F22F1A11A5569Full, 0x05E5635A21D9AE61ull,
      0x64BEFEF28CC970F2ull, 0x613670957BC46611ull, 0xB87C5A554FD00ECBull, 0x8C3EE88A1CCF32C8ull,
      0x940C7922AE3A2614ull, 0x1841F924A2C509E4ull, 0x16F53526E70465C2ull, 0x75F644E97F30A13Bull,
      0xEAF1FF7B5CECA249ull};
  uint64_t a[25] = {0};
  cce_keccak_f1600(a);
  CHECK(memcmp(a, once, sizeof a) == 0, "Keccak-f[1600](0)");
  uint64_t b[25] = {0};
  cce_keccak_absorb_portable(b, NULL, 1, 0);
  CHECK(memcmp(b, once, sizeof b) == 0, "Keccak-f[1600](0), portable back end");
#if defined(__x86_64__)
  if (cce_cpu_has(CCE_CPU_BMI2)) {
    memset(b, 0, sizeof b);
    cce_keccak_absorb_bmi2(b, NULL, 1, 0);
    CHECK(memcmp(b, once, sizeof b) == 0, "Keccak-f[1600](0), bmi2 back end");
  } else {
    printf("bmi2 back end: unavailable on this CPU (or masked by CCE_CPU)\n");
  }
#endif
  // Twice: differs from once, and the two back ends agree on multi-block
  // absorbing for every rate.
  cce_keccak_f1600(a);
  CHECK(memcmp(a, once, sizeof a) != 0 && a[0] != 0, "Keccak-f[1600] twice");

  // Four states at once == four single permutations (and the zero state
  // among them gives the known answer).
  uint64_t x4[4][25], one[4][25];
  for (int s = 0; s < 4; s++) {
    for (int i = 0; i < 25; i++) x4[s][i] = s == 2 ? 0 : 0x9e3779b97f4a7c15ull * (uint64_t)(25 * s + i + 1);
  }
  memcpy(one, x4, sizeof one);
  for (int s = 0; s < 4; s++) cce_keccak_f1600(one[s]);
  cce_keccak_f1600_x4(x4);
  CHECK(memcmp(x4, one, sizeof x4) == 0 && memcmp(x4[2], once, sizeof once) == 0, "Keccak-f[1600] x4");
#if defined(__x86_64__)
  if (cce_cpu_has(CCE_CPU_AVX2)) {
    for (int s = 0; s < 4; s++) {
      for (int i = 0; i < 25; i++) x4[s][i] = s == 2 ? 0 : 0x9e3779b97f4a7c15ull * (uint64_t)(25 * s + i + 1);
    }
    cce_keccak_f1600_x4_avx2(x4);
    cce_keccak_f1600_x4_avx2(x4);
    for (int s = 0; s < 4; s++) cce_keccak_f1600(one[s]);
    CHECK(memcmp(x4, one, sizeof x4) == 0, "Keccak-f[1600] x4, avx2 back end, twice");
  } else {
    printf("avx2 x4 back end: unavailable on this CPU (or masked by CCE_CPU)\n");
  }
  if (cce_cpu_has(CCE_CPU_AVX512F | CCE_CPU_AVX512VL | CCE_CPU_AVX2)) {
    for (int s = 0; s < 4; s++) {
      for (int i = 0; i < 25; i++) x4[s][i] = s == 2 ? 0 : 0x9e3779b97f4a7c15ull * (uint64_t)(25 * s + i + 1);
      memcpy(one[s], x4[s], sizeof one[s]);
      cce_keccak_f1600(one[s]);
    }
    cce_keccak_f1600_x4_avx512(x4);
    CHECK(memcmp(x4, one, sizeof x4) == 0 && memcmp(x4[2], once, sizeof once) == 0,
          "Keccak-f[1600] x4, avx512 back end");
  } else {
    printf("avx512 x4 back end: unavailable on this CPU (or masked by CCE_CPU)\n");
  }
#endif

  uint8_t in[3 * 168];
  for (size_t i = 0; i < sizeof in; i++) in[i] = (uint8_t)(i * 29 + 3);
  static const unsigned lanes[5] = {9, 13, 17, 18, 21};
  for (int r = 0; r < 5; r++) {
    uint64_t p[25], q[25];
    for (int i = 0; i < 25; i++) p[i] = q[i] = 0x0123456789abcdefull * (uint64_t)(i + 1);
    cce_keccak_absorb_portable(p, in, 3, lanes[r]);
    // Reference: XOR each block by hand, permute with cce_keccak_f1600.
    for (int blk = 0; blk < 3; blk++) {
      for (unsigned l = 0; l < lanes[r]; l++) {
        uint64_t w = 0;
        for (int j = 7; j >= 0; j--) w = (w << 8) | in[blk * lanes[r] * 8 + l * 8 + (unsigned)j];
        q[l] ^= w;
      }
      cce_keccak_f1600(q);
    }
    CHECK(memcmp(p, q, sizeof p) == 0, "portable absorb of 3 blocks, %u lanes", lanes[r]);
#if defined(__x86_64__)
    if (cce_cpu_has(CCE_CPU_BMI2)) {
      for (int i = 0; i < 25; i++) p[i] = 0x0123456789abcdefull * (uint64_t)(i + 1);
      cce_keccak_absorb_bmi2(p, in, 3, lanes[r]);
      CHECK(memcmp(p, q, sizeof p) == 0, "bmi2 absorb of 3 blocks, %u lanes", lanes[r]);
    }
#endif
  }
}

// ---------------------------------------------------------------------------
// Incremental absorbing: every split point (and three-way splits) == one-shot.

static void test_incremental(void) {
  enum { LEN = 2 * 168 + 37 };
  uint8_t msg[LEN];
  for (size_t i = 0; i < LEN; i++) msg[i] = (uint8_t)(i * 7 + 1);
  for (int a = 0; a < 6; a++) {
    uint8_t ref[200], got[200];
    size_t n = is_xof(a) ? 200 : kDigest[a];
    impl_hash(a, ref, n, msg, LEN);
    int bad = 0;
    for (size_t i = 0; i <= LEN; i++) {
      cce_sha3_state st;
      cce_sha3_init_impl(&st, kAlgs[a]);
      cce_sha3_absorb_impl(&st, msg, i);
      cce_sha3_absorb_impl(&st, msg + i, LEN - i);
      if (is_xof(a)) {
        cce_shake_squeeze_impl(&st, got, n);
      } else {
        cce_sha3_final_impl(&st, got);
      }
      if (memcmp(got, ref, n) != 0) bad++;
    }
    CHECK(bad == 0, "%s: %d of %d two-way splits differ from one-shot", kName[a], bad, LEN + 1);

    // Pieces of 1, 2, 3, ... bytes, and a zero-length absorb in between.
    cce_sha3_state st;
    cce_sha3_init_impl(&st, kAlgs[a]);
    size_t off = 0;
    for (size_t step = 1; off < LEN; step++) {
      size_t take = step < LEN - off ? step : LEN - off;
      cce_sha3_absorb_impl(&st, msg + off, take);
      cce_sha3_absorb_impl(&st, msg + off, 0);
      off += take;
    }
    if (is_xof(a)) {
      cce_shake_squeeze_impl(&st, got, n);
    } else {
      cce_sha3_final_impl(&st, got);
    }
    CHECK(memcmp(got, ref, n) == 0, "%s: growing pieces == one-shot", kName[a]);

    // Whole-rate pieces exactly (each absorb ends on a block boundary).
    cce_sha3_init_impl(&st, kAlgs[a]);
    for (off = 0; off < LEN; off += kRate[a]) {
      size_t take = kRate[a] < LEN - off ? kRate[a] : LEN - off;
      cce_sha3_absorb_impl(&st, msg + off, take);
    }
    if (is_xof(a)) {
      cce_shake_squeeze_impl(&st, got, n);
    } else {
      cce_sha3_final_impl(&st, got);
    }
    CHECK(memcmp(got, ref, n) == 0, "%s: rate-sized pieces == one-shot", kName[a]);
  }
}

// ---------------------------------------------------------------------------
// SHAKE: squeezing in pieces of 1, 2, 3, ... bytes == one big squeeze.

static void test_squeeze_pieces(void) {
  enum { OUT = 1500 };
  for (int a = 4; a < 6; a++) {
    static uint8_t ref[OUT], got[OUT];
    impl_hash(a, ref, OUT, (const uint8_t *)"squeeze", 7);
    cce_sha3_state st;
    cce_sha3_init_impl(&st, kAlgs[a]);
    cce_sha3_absorb_impl(&st, (const uint8_t *)"squeeze", 7);
    memset(got, 0, sizeof got);
    size_t off = 0;
    cce_shake_squeeze_impl(&st, got, 0);  // a zero-length first squeeze still pads
    for (size_t step = 1; off < OUT; step++) {
      size_t take = step < OUT - off ? step : OUT - off;
      cce_shake_squeeze_impl(&st, got + off, take);
      off += take;
    }
    CHECK(memcmp(got, ref, OUT) == 0, "%s: squeeze 1,2,3,... == one squeeze", kName[a]);

    // Exactly one rate at a time, then a byte at a time.
    cce_sha3_init_impl(&st, kAlgs[a]);
    cce_sha3_absorb_impl(&st, (const uint8_t *)"squeeze", 7);
    memset(got, 0, sizeof got);
    cce_shake_squeeze_impl(&st, got, kRate[a]);
    cce_shake_squeeze_impl(&st, got + kRate[a], kRate[a]);
    for (off = 2 * kRate[a]; off < OUT; off++) cce_shake_squeeze_impl(&st, got + off, 1);
    CHECK(memcmp(got, ref, OUT) == 0, "%s: rate-sized then 1-byte squeezes", kName[a]);
  }
}

// ---------------------------------------------------------------------------
// Self-tests of the family.

cce_status cce_kat_sha3(void);
cce_status cce_kat_shake(void);

static void test_selftests(void) {
  CHECK(cce_kat_sha3() == CCE_OK, "cce_kat_sha3");
  CHECK(cce_kat_shake() == CCE_OK, "cce_kat_shake");
  const char *impl = cce_impl_name("keccak");
  CHECK(impl != NULL && (strcmp(impl, "portable") == 0 || strcmp(impl, "bmi2") == 0), "impl name %s",
        impl ? impl : "(null)");
  const char *env = getenv("CCE_CPU");
  if (env != NULL && strcmp(env, "portable") == 0) {
    CHECK(strcmp(impl, "portable") == 0, "CCE_CPU=portable but keccak uses %s", impl);
  }
  printf("keccak implementation: %s\n", impl);
}

// ---------------------------------------------------------------------------
// The generic public API of hash.h.

static void test_public_api(void) {
  static const uint8_t abc[3] = {'a', 'b', 'c'};
  uint8_t md[64], ref[600];
  cce_hash_ctx ctx, ctx2;

  // init/update/final for each fixed-length SHA-3, split updates.
  for (int a = 0; a < 4; a++) {
    CHECK(cce_hash_digest_len(kAlgs[a]) == kDigest[a], "%s digest_len", kName[a]);
    CHECK(cce_hash_block_len(kAlgs[a]) == kRate[a], "%s block_len", kName[a]);
    CHECK(cce_hash_init(&ctx, kAlgs[a]) == CCE_OK, "init");
    CHECK(cce_hash_update(&ctx, abc, 1) == CCE_OK, "update");
    CHECK(cce_hash_update(&ctx, abc + 1, 2) == CCE_OK, "update");
    CHECK(cce_hash_final(&ctx, md, sizeof md) == CCE_OK, "final");
    CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "indicator after final");
    impl_hash(a, ref, kDigest[a], abc, 3);
    CHECK(memcmp(md, ref, kDigest[a]) == 0, "%s streaming == _impl", kName[a]);
    // Use after final.
    CHECK(cce_hash_update(&ctx, abc, 3) == CCE_ERR_CTX_STATE, "%s update after final", kName[a]);
    CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED, "indicator after failure");
    CHECK(cce_hash_final(&ctx, md, sizeof md) == CCE_ERR_CTX_STATE, "%s final after final", kName[a]);
    // Squeeze is for SHAKE only.
    CHECK(cce_hash_init(&ctx, kAlgs[a]) == CCE_OK, "init");
    CHECK(cce_hash_squeeze(&ctx, md, 8) == CCE_ERR_UNSUPPORTED, "%s squeeze", kName[a]);
    // Output too small.
    CHECK(cce_hash_final(&ctx, md, kDigest[a] - 1) == CCE_ERR_BUFFER_TOO_SMALL, "%s short output", kName[a]);
    CHECK(cce_hash(kAlgs[a], md, kDigest[a] - 1, abc, 3) == CCE_ERR_BUFFER_TOO_SMALL, "%s short one-shot",
          kName[a]);
    // Copy of a live context gives the same digest.
    CHECK(cce_hash_update(&ctx, abc, 2) == CCE_OK, "update");
    CHECK(cce_hash_copy(&ctx2, &ctx) == CCE_OK, "copy");
    CHECK(cce_hash_update(&ctx, abc + 2, 1) == CCE_OK, "update");
    CHECK(cce_hash_update(&ctx2, abc + 2, 1) == CCE_OK, "update");
    uint8_t md2[64];
    CHECK(cce_hash_final(&ctx, md, sizeof md) == CCE_OK && cce_hash_final(&ctx2, md2, sizeof md2) == CCE_OK &&
              memcmp(md, ref, kDigest[a]) == 0 && memcmp(md2, ref, kDigest[a]) == 0,
          "%s copy", kName[a]);
  }

  // SHAKE: final gives out_len bytes, squeeze continues the stream.
  for (int a = 4; a < 6; a++) {
    impl_hash(a, ref, sizeof ref, abc, 3);
    uint8_t out[600];
    CHECK(cce_hash_init(&ctx, kAlgs[a]) == CCE_OK, "init");
    CHECK(cce_hash_squeeze(&ctx, out, 8) == CCE_ERR_CTX_STATE, "%s squeeze before final", kName[a]);
    CHECK(cce_hash_update(&ctx, abc, 3) == CCE_OK, "update");
    CHECK(cce_hash_final(&ctx, out, 100) == CCE_OK, "final");
    CHECK(cce_hash_update(&ctx, abc, 3) == CCE_ERR_CTX_STATE, "%s update after final", kName[a]);
    CHECK(cce_hash_final(&ctx, out, 8) == CCE_ERR_CTX_STATE, "%s final twice", kName[a]);
    size_t off = 100;
    for (size_t step = 1; off < sizeof out; step += 7) {
      size_t take = step < sizeof out - off ? step : sizeof out - off;
      CHECK(cce_hash_squeeze(&ctx, out + off, take) == CCE_OK, "squeeze");
      off += take;
    }
    CHECK(memcmp(out, ref, sizeof out) == 0, "%s final + squeezes == one output", kName[a]);
    CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "indicator after squeeze");
    CHECK(cce_hash_squeeze(&ctx, NULL, 1) == CCE_ERR_NULL_POINTER, "squeeze NULL out");
    CHECK(cce_hash_squeeze(&ctx, NULL, 0) == CCE_OK, "squeeze 0 bytes");
    cce_hash_cleanup(&ctx);
    CHECK(cce_hash_squeeze(&ctx, out, 1) == CCE_ERR_CTX_STATE, "%s squeeze after cleanup", kName[a]);
    // Zero-length final, then squeeze.
    CHECK(cce_hash_init(&ctx, kAlgs[a]) == CCE_OK && cce_hash_update(&ctx, abc, 3) == CCE_OK &&
              cce_hash_final(&ctx, NULL, 0) == CCE_OK && cce_hash_squeeze(&ctx, out, 64) == CCE_OK &&
              memcmp(out, ref, 64) == 0,
          "%s empty final then squeeze", kName[a]);
    cce_hash_cleanup(&ctx);
    CHECK(cce_hash_digest_len(kAlgs[a]) == 0 && cce_hash_block_len(kAlgs[a]) == kRate[a], "%s lengths",
          kName[a]);
  }

  // Names.
  CHECK(cce_hash_from_name("sha3-256") == CCE_HASH_SHA3_256, "from_name sha3-256");
  CHECK(cce_hash_from_name("SHAKE-128") == CCE_HASH_SHAKE128, "from_name SHAKE-128");
  CHECK(cce_hash_name(CCE_HASH_SHA3_512) != NULL && strcmp(cce_hash_name(CCE_HASH_SHA3_512), "SHA3-512") == 0,
        "name SHA3-512");

  // Argument checks.
  CHECK(cce_hash_init(NULL, CCE_HASH_SHA3_256) == CCE_ERR_NULL_POINTER, "init NULL");
  CHECK(cce_hash_init(&ctx, CCE_HASH_SHA3_256) == CCE_OK, "init");
  CHECK(cce_hash_update(&ctx, NULL, 1) == CCE_ERR_NULL_POINTER, "update NULL data");
  CHECK(cce_hash_update(&ctx, NULL, 0) == CCE_OK, "update NULL, 0 bytes");
  CHECK(cce_hash_final(&ctx, NULL, 32) == CCE_ERR_NULL_POINTER, "final NULL out");
  cce_hash_cleanup(&ctx);
  CHECK(cce_sha3_256(NULL, abc, 3) == CCE_ERR_NULL_POINTER, "sha3_256 NULL out");
  CHECK(cce_sha3_256(md, NULL, 3) == CCE_ERR_NULL_POINTER, "sha3_256 NULL data");
  CHECK(cce_shake128(NULL, 16, abc, 3) == CCE_ERR_NULL_POINTER, "shake128 NULL out");
  CHECK(cce_shake256(md, 16, NULL, 1) == CCE_ERR_NULL_POINTER, "shake256 NULL data");
  CHECK(cce_shake128(md, 0, abc, 3) == CCE_OK, "shake128 zero output");
  // Empty message via NULL, 0.
  CHECK(cce_sha3_256(md, NULL, 0) == CCE_OK &&
            hex_eq(md, 32, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"),
        "sha3_256(NULL, 0)");
}

int main(void) {
  test_kats();
  test_length_sweep();
  test_permutation();
  test_incremental();
  test_squeeze_pieces();
  test_selftests();
  test_public_api();
  printf("%d passed, %d failed\n", g_pass, g_fail);
  return g_fail == 0 ? 0 : 1;
}
