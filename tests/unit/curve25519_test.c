// Curve25519 family unit tests: Ed25519 (RFC 8032 section 7.1 TEST 1, 2, 3,
// 1024 and SHA(abc)), Ed25519ctx (7.2) and Ed25519ph (7.3); X25519 (RFC 7748
// section 5.2 including 1 and 1000 iterations, section 6.1); sign/verify
// round trips, every rejection path of verification, error codes, the
// service indicator (Ed25519 approved, X25519 not approved), the internal
// scalar and point code, and the pairwise consistency test's failure path.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/curve25519.h"
#include "cce/module.h"
#include "module/curve25519/internal.h"

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

static const char msg1024[] =
    "08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98fa6e264bf09efe12ee50f8f54e9f77b1"
    "e355f6c50544e23fb1433ddf73be84d879de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d"
    "658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc1a858efcb8550ee3a5e1998bd177e93a"
    "7363c344fe6b199ee5d02e82d522c4feba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e"
    "06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbefefd75499da96bd68a8a97b928a8bbc10"
    "3b6621fcde2beca1231d206be6cd9ec7aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1"
    "85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2d17ba70eb6248e594e1a2297acbbb39d"
    "502f1a8c6eb6f1ce22b3de1a1f40cc24554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270"
    "88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc2732e69485bbc9c90bfbd62481d9089b"
    "eccf80cfe2df16a2cf65bd92dd597b0707e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba"
    "b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51addd3b75a2b1ae0784504df543af8969b"
    "e3ea7082ff7fc9888c144da2af58429ec96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7"
    "51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c42f58c30c04aafdb038dda0847dd988d"
    "cda6f3bfd15c4b4c4525004aa06eeff8ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df"
    "f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08d78ff4ef5d63653a65040cf9bfd4aca7"
    "984a74d37145986780fc0b16ac451649de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4"
    "88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a32ef5b52a1ecc820e308aa342721aac09"
    "43bf6686b64b2579376504ccc493d97e6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f"
    "b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b50d334ba77c225bc307ba537152f3f161"
    "0e4eafe595f6d9d90d11faa933a15ef1369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d"
    "b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c0618983f8741c5ef68d3a101e8a3b8ca"
    "c60c905c15fc910840b94c00a0b9d0";

// ---------------------------------------------------------------------------
// RFC 8032 test vectors.
typedef struct {
  const char *name, *sk, *pk, *msg, *ctx, *sig;
} ed_vec;

static const ed_vec pure_vecs[] = {
    {"TEST 1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "", NULL,
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24"
     "655141438e7a100b"},
    {"TEST 2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72", NULL,
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302a"
     "eeb00d291612bb0c00"},
    {"TEST 3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82", NULL,
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed2"
     "8dc027beceea1ec40a"},
    {"TEST 1024", "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
     "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e", msg1024, NULL,
     "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30"
     "a6ac00a9704a188a03"},
    {"TEST SHA(abc)", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e"
     "2a9ac94fa54ca49f",
     NULL,
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac1"
     "7ad9bef1177331a704"},
};

static const ed_vec ctx_vecs[] = {
    {"ctx foo", "0305334e381af78f141cb666f6199f57bc3495335a256a95bd2a55bf546663f6",
     "dfc9425e4f968f7f0c29f0259cf5f9aed6851c2bb4ad8bfb860cfee0ab248292", "f726936d19c800494e3fdaff20b276a8", "666f6f",
     "55a4cc2f70a54e04288c5f4cd1e45a7bb520b36292911876cada7323198dd87a8b36950b95130022907a7fb7c4e9b2d5f6cca685a587b4"
     "b21f4b888e4e7edb0d"},
    {"ctx bar", "0305334e381af78f141cb666f6199f57bc3495335a256a95bd2a55bf546663f6",
     "dfc9425e4f968f7f0c29f0259cf5f9aed6851c2bb4ad8bfb860cfee0ab248292", "f726936d19c800494e3fdaff20b276a8", "626172",
     "fc60d5872fc46b3aa69f8b5b4351d5808f92bcc044606db097abab6dbcb1aee3216c48e8b3b66431b5b186d1d28f8ee15a5ca2df666834"
     "6291c2043d4eb3e90d"},
    {"ctx foo2", "0305334e381af78f141cb666f6199f57bc3495335a256a95bd2a55bf546663f6",
     "dfc9425e4f968f7f0c29f0259cf5f9aed6851c2bb4ad8bfb860cfee0ab248292", "508e9e6882b979fea900f62adceaca35", "666f6f",
     "8b70c1cc8310e1de20ac53ce28ae6e7207f33c3295e03bb5c0732a1d20dc64908922a8b052cf99b7c4fe107a5abb5b2c4085ae75890d02"
     "df26269d8945f84b0b"},
    {"ctx foo key 2", "ab9c2853ce297ddab85c993b3ae14bcad39b2c682beabc27d6d4eb20711d6560",
     "0f1d1274943b91415889152e893d80e93275a1fc0b65fd71b4b0dda10ad7d772", "f726936d19c800494e3fdaff20b276a8", "666f6f",
     "21655b5f1aa965996b3f97b3c849eafba922a0a62992f73b3d1b73106a84ad85e9b86a7b6005ea868337ff2d20a7f5fbd4cd10b0be49a6"
     "8da2b2e0dc0ad8960f"},
};

static const ed_vec ph_vecs[] = {
    {"ph abc", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf", "616263", "",
     "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae4131f85042463c2a355a2003d062adf5aaa10b8c61e63606"
     "2aaad11c2a26083406"},
};

static uint8_t g_msg[2048];

static void run_vec(const ed_vec *v, cce_ed25519_variant kind) {
  uint8_t sk[32], pk[32], want[64], sig[64], ctx[255], pub[32];
  unhex(v->sk, sk, 32);
  unhex(v->pk, pk, 32);
  unhex(v->sig, want, 64);
  size_t ml = unhex(v->msg, g_msg, sizeof g_msg);
  size_t cl = v->ctx ? unhex(v->ctx, ctx, sizeof ctx) : 0;
  CHECK(cce_ed25519_public_from_private(pub, sk) == CCE_OK);
  CHECK(memcmp(pub, pk, 32) == 0);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  for (int with_pub = 0; with_pub < 2; with_pub++) {
    const uint8_t *p = with_pub ? pk : NULL;
    memset(sig, 0, sizeof sig);
    cce_status st = kind == CCE_ED25519_PURE ? cce_ed25519_sign(sig, g_msg, ml, sk, p)
                    : kind == CCE_ED25519_CTX ? cce_ed25519ctx_sign(sig, g_msg, ml, ctx, cl, sk, p)
                                              : cce_ed25519ph_sign(sig, g_msg, ml, ctx, cl, sk, p);
    CHECK(st == CCE_OK);
    CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
    CHECK(memcmp(sig, want, 64) == 0);
    if (memcmp(sig, want, 64) != 0) fprintf(stderr, "  vector %s\n", v->name);
  }
  cce_status st = kind == CCE_ED25519_PURE ? cce_ed25519_verify(want, g_msg, ml, pk)
                  : kind == CCE_ED25519_CTX ? cce_ed25519ctx_verify(want, g_msg, ml, ctx, cl, pk)
                                            : cce_ed25519ph_verify(want, g_msg, ml, ctx, cl, pk);
  CHECK(st == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  // The same signature under another variant never verifies.
  if (kind != CCE_ED25519_PURE) CHECK(cce_ed25519_verify(want, g_msg, ml, pk) == CCE_ERR_SIGNATURE);
  if (kind != CCE_ED25519_PH) CHECK(cce_ed25519ph_verify(want, g_msg, ml, ctx, cl, pk) == CCE_ERR_SIGNATURE);
  if (kind == CCE_ED25519_PURE) {
    static const uint8_t foo[3] = {'f', 'o', 'o'};
    CHECK(cce_ed25519ctx_verify(want, g_msg, ml, foo, 3, pk) == CCE_ERR_SIGNATURE);
  }
}

static void test_rfc8032(void) {
  for (size_t i = 0; i < sizeof pure_vecs / sizeof pure_vecs[0]; i++) run_vec(&pure_vecs[i], CCE_ED25519_PURE);
  for (size_t i = 0; i < sizeof ctx_vecs / sizeof ctx_vecs[0]; i++) run_vec(&ctx_vecs[i], CCE_ED25519_CTX);
  for (size_t i = 0; i < sizeof ph_vecs / sizeof ph_vecs[0]; i++) run_vec(&ph_vecs[i], CCE_ED25519_PH);
}

// ---------------------------------------------------------------------------
// Round trips and rejections.

static const char L_hex[] = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";

// s += L (little-endian, 32 bytes); returns the carry out.
static int add_L(uint8_t s[32]) {
  uint8_t l[32];
  unhex(L_hex, l, 32);
  unsigned c = 0;
  for (int i = 0; i < 32; i++) {
    c += (unsigned)s[i] + l[i];
    s[i] = (uint8_t)c;
    c >>= 8;
  }
  return (int)c;
}

static void test_roundtrip_and_rejections(void) {
  uint8_t pk[32], sk[32], sig[64], bad[64], pk2[32];
  uint8_t msg[100], ctx255[255];
  for (size_t i = 0; i < sizeof msg; i++) msg[i] = (uint8_t)(i * 7 + 1);
  for (size_t i = 0; i < sizeof ctx255; i++) ctx255[i] = (uint8_t)(i * 5 + 3);
  CHECK(cce_ed25519_keypair(pk, sk) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  CHECK(cce_ed25519_public_from_private(pk2, sk) == CCE_OK && memcmp(pk, pk2, 32) == 0);
  for (size_t len = 0; len <= sizeof msg; len += 33) {
    CHECK(cce_ed25519_sign(sig, msg, len, sk, pk) == CCE_OK);
    CHECK(cce_ed25519_verify(sig, msg, len, pk) == CCE_OK);
    CHECK(cce_ed25519ctx_sign(sig, msg, len, msg, 5, sk, pk) == CCE_OK);
    CHECK(cce_ed25519ctx_verify(sig, msg, len, msg, 5, pk) == CCE_OK);
    CHECK(cce_ed25519ctx_verify(sig, msg, len, msg, 4, pk) == CCE_ERR_SIGNATURE);
    CHECK(cce_ed25519ph_sign(sig, msg, len, NULL, 0, sk, pk) == CCE_OK);
    CHECK(cce_ed25519ph_verify(sig, msg, len, NULL, 0, pk) == CCE_OK);
    CHECK(cce_ed25519ph_sign(sig, msg, len, ctx255, 255, sk, pk) == CCE_OK);
    CHECK(cce_ed25519ph_verify(sig, msg, len, ctx255, 255, pk) == CCE_OK);
  }
  // Every bit of a signature matters.
  CHECK(cce_ed25519_sign(sig, msg, 50, sk, pk) == CCE_OK);
  int all_rejected = 1;
  for (int bit = 0; bit < 512; bit++) {
    memcpy(bad, sig, 64);
    bad[bit / 8] ^= (uint8_t)(1 << (bit % 8));
    if (cce_ed25519_verify(bad, msg, 50, pk) != CCE_ERR_SIGNATURE) all_rejected = 0;
  }
  CHECK(all_rejected);
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  // Modified message, other key.
  msg[3] ^= 0x10;
  CHECK(cce_ed25519_verify(sig, msg, 50, pk) == CCE_ERR_SIGNATURE);
  msg[3] ^= 0x10;
  CHECK(cce_ed25519_verify(sig, msg, 49, pk) == CCE_ERR_SIGNATURE);
  uint8_t pk3[32], sk3[32];
  CHECK(cce_ed25519_keypair(pk3, sk3) == CCE_OK);
  CHECK(cce_ed25519_verify(sig, msg, 50, pk3) == CCE_ERR_SIGNATURE);

  // S >= L: S + L is the same scalar mod L but not canonical (RFC 8032
  // 5.1.7 / FIPS 186-5 7.7.2 reject it); S = L itself is rejected too.
  uint8_t t1[64], sk1[32], pk1[32];
  unhex(pure_vecs[0].sig, t1, 64);
  unhex(pure_vecs[0].pk, pk1, 32);
  unhex(pure_vecs[0].sk, sk1, 32);
  CHECK(cce_ed25519_verify(t1, NULL, 0, pk1) == CCE_OK);
  memcpy(bad, t1, 64);
  CHECK(add_L(bad + 32) == 0 && bad[63] < 0x20);
  CHECK(cce_ed25519_verify(bad, NULL, 0, pk1) == CCE_ERR_SIGNATURE);
  memcpy(bad, t1, 32);
  unhex(L_hex, bad + 32, 32);
  CHECK(cce_ed25519_verify(bad, NULL, 0, pk1) == CCE_ERR_SIGNATURE);
  memset(bad + 32, 0xff, 32);
  CHECK(cce_ed25519_verify(bad, NULL, 0, pk1) == CCE_ERR_SIGNATURE);

  // Public key encodings: y >= p (non-canonical), no x for this y, x = 0
  // with the sign bit set. All fail to decode, so verification fails.
  uint8_t A[32];
  memset(A, 0xff, 32);
  A[0] = 0xee;
  A[31] = 0x7f;  // p + 1: y = 1 non-canonically
  CHECK(cce_ed25519_verify(t1, NULL, 0, A) == CCE_ERR_SIGNATURE);
  ge25519_p3 P;
  CHECK(cce_ge25519_frombytes_vartime(&P, A) != 0);
  A[0] = 0xed;  // p itself: y = 0 non-canonically
  CHECK(cce_ge25519_frombytes_vartime(&P, A) != 0);
  A[0] = 0xec;  // p - 1 = -1: canonical, y = -1 is the point (0, -1)
  CHECK(cce_ge25519_frombytes_vartime(&P, A) == 0);
  memset(A, 0, 32);
  A[0] = 1;
  CHECK(cce_ge25519_frombytes_vartime(&P, A) == 0);  // the neutral element (0, 1)
  A[31] = 0x80;                                      // (-0, 1): rejected
  CHECK(cce_ge25519_frombytes_vartime(&P, A) != 0);
  CHECK(cce_ed25519_verify(t1, NULL, 0, A) == CCE_ERR_SIGNATURE);
  memset(A, 0, 32);
  A[0] = 2;  // y = 2: (4 - 1) / (4d + 1) is not a square
  CHECK(cce_ge25519_frombytes_vartime(&P, A) != 0);
  CHECK(cce_ed25519_verify(t1, NULL, 0, A) == CCE_ERR_SIGNATURE);
  // Every valid public key round-trips through decode/encode.
  uint8_t enc[32];
  CHECK(cce_ge25519_frombytes_vartime(&P, pk) == 0);
  cce_ge25519_p3_tobytes(enc, &P);
  CHECK(memcmp(enc, pk, 32) == 0);

  // R non-canonical: R's y replaced by y + p (only possible when y < 19):
  // never equal to a canonical encoding, so rejected.
  memcpy(bad, t1, 64);
  memset(bad, 0xff, 32);
  bad[0] = 0xee;
  bad[31] = 0x7f;
  CHECK(cce_ed25519_verify(bad, NULL, 0, pk1) == CCE_ERR_SIGNATURE);
  (void)sk1;
}

// ---------------------------------------------------------------------------
// Errors and the indicator.

static void test_errors(void) {
  uint8_t pk[32], sk[32], sig[64], ctx[256];
  memset(ctx, 'c', sizeof ctx);
  unhex(pure_vecs[1].sk, sk, 32);
  unhex(pure_vecs[1].pk, pk, 32);
  CHECK(cce_ed25519_keypair(NULL, sk) == CCE_ERR_NULL_POINTER);
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  CHECK(cce_ed25519_keypair(pk, NULL) == CCE_ERR_NULL_POINTER);
  CHECK(cce_ed25519_public_from_private(NULL, sk) == CCE_ERR_NULL_POINTER);
  CHECK(cce_ed25519_public_from_private(pk, NULL) == CCE_ERR_NULL_POINTER);
  // The failed calls above zeroed their outputs (pk, sk): reload them.
  unhex(pure_vecs[1].sk, sk, 32);
  unhex(pure_vecs[1].pk, pk, 32);
  CHECK(cce_ed25519_sign(NULL, ctx, 1, sk, pk) == CCE_ERR_NULL_POINTER);
  memset(sig, 0xaa, sizeof sig);
  CHECK(cce_ed25519_sign(sig, NULL, 1, sk, pk) == CCE_ERR_NULL_POINTER);
  int zeroed = 1;
  for (int i = 0; i < 64; i++) zeroed &= sig[i] == 0;
  CHECK(zeroed);  // output zeroed on failure
  CHECK(cce_ed25519_sign(sig, ctx, 1, NULL, pk) == CCE_ERR_NULL_POINTER);
  CHECK(cce_ed25519_sign(sig, NULL, 0, sk, pk) == CCE_OK);  // empty message, NULL allowed
  CHECK(cce_ed25519_verify(sig, NULL, 0, pk) == CCE_OK);
  CHECK(cce_ed25519_verify(NULL, NULL, 0, pk) == CCE_ERR_NULL_POINTER);
  CHECK(cce_ed25519_verify(sig, NULL, 0, NULL) == CCE_ERR_NULL_POINTER);
  CHECK(cce_ed25519_verify(sig, NULL, 3, pk) == CCE_ERR_NULL_POINTER);
  // Contexts: Ed25519ctx needs 1..255 bytes, Ed25519ph 0..255.
  CHECK(cce_ed25519ctx_sign(sig, ctx, 1, ctx, 0, sk, pk) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_ed25519ctx_sign(sig, ctx, 1, ctx, 256, sk, pk) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_ed25519ctx_sign(sig, ctx, 1, NULL, 3, sk, pk) == CCE_ERR_NULL_POINTER);
  CHECK(cce_ed25519ctx_sign(sig, ctx, 1, ctx, 255, sk, pk) == CCE_OK);
  CHECK(cce_ed25519ctx_verify(sig, ctx, 1, ctx, 255, pk) == CCE_OK);
  CHECK(cce_ed25519ctx_verify(sig, ctx, 1, ctx, 0, pk) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_ed25519ctx_verify(sig, ctx, 1, ctx, 256, pk) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_ed25519ph_sign(sig, ctx, 1, ctx, 256, sk, pk) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_ed25519ph_verify(sig, ctx, 1, ctx, 256, pk) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_ed25519ph_sign(sig, ctx, 1, NULL, 0, sk, pk) == CCE_OK);
  CHECK(cce_ed25519ph_verify(sig, ctx, 1, NULL, 0, pk) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  // X25519
  uint8_t out[32];
  CHECK(cce_x25519_keypair(NULL, sk) == CCE_ERR_NULL_POINTER);
  CHECK(cce_x25519_keypair(pk, NULL) == CCE_ERR_NULL_POINTER);
  CHECK(cce_x25519_public(NULL, sk) == CCE_ERR_NULL_POINTER);
  CHECK(cce_x25519_public(out, NULL) == CCE_ERR_NULL_POINTER);
  CHECK(cce_x25519(NULL, sk, pk) == CCE_ERR_NULL_POINTER);
  CHECK(cce_x25519(out, NULL, pk) == CCE_ERR_NULL_POINTER);
  CHECK(cce_x25519(out, sk, NULL) == CCE_ERR_NULL_POINTER);
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  CHECK(cce_x25519_public(out, sk) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
}

// ---------------------------------------------------------------------------
// X25519 (RFC 7748).

static void test_x25519(void) {
  static const char *const v52[2][3] = {
      {"a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
       "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
       "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"},
      {"4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
       "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
       "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"},
  };
  uint8_t k[32], u[32], want[32], out[32], tmp[32];
  for (int i = 0; i < 2; i++) {
    unhex(v52[i][0], k, 32);
    unhex(v52[i][1], u, 32);
    unhex(v52[i][2], want, 32);
    CHECK(cce_x25519(out, k, u) == CCE_OK);
    CHECK(memcmp(out, want, 32) == 0);
    CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  }
  // The top bit of u is ignored (vector 2's u has it set; cleared here).
  unhex(v52[1][0], k, 32);
  unhex(v52[1][1], u, 32);
  u[31] ^= 0x80;
  CHECK(cce_x25519(out, k, u) == CCE_OK);
  unhex(v52[1][2], want, 32);
  CHECK(memcmp(out, want, 32) == 0);

  // Iterations: k = u = 9; k, u = X25519(k, u), k.
  memset(k, 0, 32);
  k[0] = 9;
  memcpy(u, k, 32);
  for (int i = 1; i <= 1000; i++) {
    CHECK(i > 1 || cce_x25519(out, k, u) == CCE_OK);
    if (i > 1) (void)cce_x25519_impl(out, k, u);
    memcpy(u, k, 32);
    memcpy(k, out, 32);
    if (i == 1) {
      unhex("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079", want, 32);
      CHECK(memcmp(k, want, 32) == 0);
    }
  }
  unhex("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", want, 32);
  CHECK(memcmp(k, want, 32) == 0);

  // Section 6.1 Diffie-Hellman.
  uint8_t a[32], b[32], apub[32], bpub[32], s1[32], s2[32];
  unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", a, 32);
  unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb", b, 32);
  CHECK(cce_x25519_public(apub, a) == CCE_OK);
  CHECK(cce_x25519_public(bpub, b) == CCE_OK);
  unhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", want, 32);
  CHECK(memcmp(apub, want, 32) == 0);
  unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", want, 32);
  CHECK(memcmp(bpub, want, 32) == 0);
  CHECK(cce_x25519(s1, a, bpub) == CCE_OK);
  CHECK(cce_x25519(s2, b, apub) == CCE_OK);
  unhex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", want, 32);
  CHECK(memcmp(s1, want, 32) == 0 && memcmp(s2, want, 32) == 0);

  // Fixed base (Edwards table) == ladder on u = 9, for many scalars.
  uint8_t nine[32] = {9};
  int same = 1;
  for (int i = 0; i < 64; i++) {
    for (int j = 0; j < 32; j++) tmp[j] = (uint8_t)(i * 31 + j * 17 + (i ^ j));
    cce_x25519_base_impl(s1, tmp);
    (void)cce_x25519_impl(s2, tmp, nine);
    same &= memcmp(s1, s2, 32) == 0;
  }
  CHECK(same);

  // Key pairs agree.
  uint8_t p1[32], q1[32], p2[32], q2[32];
  CHECK(cce_x25519_keypair(p1, q1) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  CHECK(cce_x25519_keypair(p2, q2) == CCE_OK);
  CHECK(cce_x25519(s1, q1, p2) == CCE_OK && cce_x25519(s2, q2, p1) == CCE_OK);
  CHECK(memcmp(s1, s2, 32) == 0);

  // Small-order peer points give an all-zero result: rejected, output zeroed.
  static const char *const small[] = {
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0100000000000000000000000000000000000000000000000000000000000000",
      "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
      "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  };
  for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
    unhex(small[i], u, 32);
    memset(out, 0x55, 32);
    CHECK(cce_x25519(out, a, u) == CCE_ERR_POINT_INVALID);
    int z = 1;
    for (int j = 0; j < 32; j++) z &= out[j] == 0;
    CHECK(z);
    CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  }
}

// ---------------------------------------------------------------------------
// Internal arithmetic.

static void test_internal(void) {
  uint8_t in[64], out[32], want[32];
  memset(in, 0xff, 64);
  cce_sc25519_reduce(out, in);
  unhex("000f9c44e31106a447938568a71b0ed065bef517d273ecce3d9a307c1b419903", want, 32);
  CHECK(memcmp(out, want, 32) == 0);
  // 3L + 5 -> 5
  unhex("cc7be1164f29370883d6e6e89bed9c3e00000000000000000000000000000030000000000000000000000000000000000000000000000000"
        "0000000000000000",
        in, 64);
  cce_sc25519_reduce(out, in);
  memset(want, 0, 32);
  want[0] = 5;
  CHECK(memcmp(out, want, 32) == 0);
  // L - 1 stays, L -> 0.
  memset(in, 0, 64);
  unhex(L_hex, in, 32);
  cce_sc25519_reduce(out, in);
  memset(want, 0, 32);
  CHECK(memcmp(out, want, 32) == 0);
  CHECK(!cce_sc25519_is_canonical(in));
  in[0]--;
  CHECK(cce_sc25519_is_canonical(in));
  cce_sc25519_reduce(out, in);
  CHECK(memcmp(out, in, 32) == 0);
  // muladd: (L-1)(L-1) + 0 = 1 mod L; 2*3 + 4 = 10.
  uint8_t a[32], b[32], c[32];
  memcpy(a, in, 32);
  memset(c, 0, 32);
  cce_sc25519_muladd(out, a, a, c);
  memset(want, 0, 32);
  want[0] = 1;
  CHECK(memcmp(out, want, 32) == 0);
  memset(a, 0, 32);
  memset(b, 0, 32);
  a[0] = 2;
  b[0] = 3;
  c[0] = 4;
  cce_sc25519_muladd(out, a, b, c);
  want[0] = 10;
  CHECK(memcmp(out, want, 32) == 0);

  // [L]B is the neutral element; [1]B encodes as the base point.
  ge25519_p3 P;
  uint8_t enc[32], l[32];
  unhex(L_hex, l, 32);
  cce_ge25519_scalarmult_base(&P, l);
  cce_ge25519_p3_tobytes(enc, &P);
  memset(want, 0, 32);
  want[0] = 1;
  CHECK(memcmp(enc, want, 32) == 0);
  memset(l, 0, 32);
  l[0] = 1;
  cce_ge25519_scalarmult_base(&P, l);
  cce_ge25519_p3_tobytes(enc, &P);
  unhex("5866666666666666666666666666666666666666666666666666666666666666", want, 32);
  CHECK(memcmp(enc, want, 32) == 0);
  // Fixed-base and double-scalar paths agree: [a]B + [0]B' etc.
  int agree = 1;
  for (int i = 0; i < 16; i++) {
    uint8_t s[32], z[32] = {0};
    ge25519_p2 R;
    uint8_t e1[32], e2[32];
    for (int j = 0; j < 32; j++) s[j] = (uint8_t)(i * 57 + j * 13);
    s[31] &= 0x0f;  // < 2^252 < L
    cce_ge25519_scalarmult_base(&P, s);
    cce_ge25519_p3_tobytes(e1, &P);
    ge25519_p3 Bp;
    CHECK(cce_ge25519_frombytes_vartime(&Bp, want) == 0);
    cce_ge25519_double_scalarmult_vartime(&R, s, &Bp, z);  // [s]B via the variable-base path
    cce_ge25519_p2_tobytes(e2, &R);
    agree &= memcmp(e1, e2, 32) == 0;
    cce_ge25519_double_scalarmult_vartime(&R, z, &Bp, s);  // [s]B via the odd-multiples table
    cce_ge25519_p2_tobytes(e2, &R);
    agree &= memcmp(e1, e2, 32) == 0;
  }
  CHECK(agree);
}

// ---------------------------------------------------------------------------
// The pairwise consistency test's failure path (last: it stops the module).

static void test_pct_failure(void) {
  uint8_t pk[32], sk[32];
  cce_ed25519_test_break_pct = 1;
  memset(pk, 0x11, 32);
  memset(sk, 0x22, 32);
  CHECK(cce_ed25519_keypair(pk, sk) == CCE_ERR_SELFTEST);
  int z = 1;
  for (int i = 0; i < 32; i++) z &= pk[i] == 0 && sk[i] == 0;
  CHECK(z);
  CHECK(cce_module_status() == CCE_STATE_ERROR);
  CHECK(strcmp(cce_module_error_reason(), "Ed25519 PCT") == 0);
  uint8_t sig[64];
  CHECK(cce_ed25519_sign(sig, NULL, 0, sk, pk) == CCE_ERR_MODULE_STATE);
  CHECK(cce_x25519_public(pk, sk) == CCE_ERR_MODULE_STATE);
}

int main(void) {
  CHECK(cce_module_selftest() == CCE_OK);
  test_rfc8032();
  test_roundtrip_and_rejections();
  test_errors();
  test_x25519();
  test_internal();
  test_pct_failure();
  printf("%u passed, %u failed\n", g_pass, g_fail);
  return g_fail ? 1 : 0;
}
