// KDF unit tests: HKDF (RFC 5869 appendix A), SP 800-108 (NIST ACVP KDF-1.0
// sample vectors for every mode and counter location, HMAC and CMAC-AES
// PRFs), PBKDF2 (RFC 6070), every error path and the service indicator.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/hash.h"
#include "cce/hmac.h"
#include "cce/kdf.h"
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

static int all_zero(const uint8_t *p, size_t n) {
  uint8_t acc = 0;
  for (size_t i = 0; i < n; i++) acc |= p[i];
  return acc == 0;
}

// ---------------------------------------------------------------------------
// RFC 5869 appendix A, test cases 1-7.
static void seq(uint8_t *p, size_t n, uint8_t start) {
  for (size_t i = 0; i < n; i++) p[i] = (uint8_t)(start + i);
}

typedef struct {
  cce_hash_alg alg;
  int ikm_kind;  // 0: 0x0b * n, 1: 0x00.., 2: 0x0c * n
  size_t ikm_len;
  int long_inputs;  // salt 0x60.., info 0xb0.. (80 bytes each)
  int empty;        // salt and info empty
  size_t L;
  const char *prk, *okm;
} hkdf_tc;

static const hkdf_tc rfc5869[] = {
    {CCE_HASH_SHA256, 0, 22, 0, 0, 42, "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
     "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"},
    {CCE_HASH_SHA256, 1, 80, 1, 0, 82, "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
     "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b836"
     "7793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"},
    {CCE_HASH_SHA256, 0, 22, 0, 1, 42, "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
     "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"},
    {CCE_HASH_SHA1, 0, 11, 0, 0, 42, "9b6c18c432a7bf8f0e71c8eb88f4b30baa2ba243",
     "085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2c22e422478d305f3f896"},
    {CCE_HASH_SHA1, 1, 80, 1, 0, 82, "8adae09a2a307059478d309b26c4115a224cfaf6",
     "0bd770a74d1160f7c9f12cd5912a06ebff6adcae899d92191fe4305673ba2ffe8fa3f1a4e5ad79f3f334b3b202b2173c486ea37ce3d397ed03"
     "4c7f9dfeb15c5e927336d0441f4c4300e2cff0d0900b52d3b4"},
    {CCE_HASH_SHA1, 0, 22, 0, 1, 42, "da8c8a73c7fa77288ec6f5e7c297786aa0d32d01",
     "0ac1af7002b3d761d1e55298da9d0506b9ae52057220a306e07b6b87e8df21d0ea00033de03984d34918"},
    {CCE_HASH_SHA1, 2, 22, 0, 1, 42, "2adccada18779e7c2077ad2eb19d3f3e731385dd",
     "2c91117204d745f3500d636a62f64f0ab3bae548aa53d423b0d1f27ebba6f5e5673a081d70cce7acfc48"},
};

static void test_hkdf_rfc5869(void) {
  for (size_t t = 0; t < sizeof rfc5869 / sizeof rfc5869[0]; t++) {
    const hkdf_tc *tc = &rfc5869[t];
    uint8_t ikm[80], salt[80], info[80], prk[64], okm[100], exp_prk[64], exp_okm[100];
    size_t salt_len = 13, info_len = 10;
    if (tc->ikm_kind == 0) memset(ikm, 0x0b, tc->ikm_len);
    if (tc->ikm_kind == 1) seq(ikm, tc->ikm_len, 0x00);
    if (tc->ikm_kind == 2) memset(ikm, 0x0c, tc->ikm_len);
    if (tc->long_inputs) {
      seq(salt, 80, 0x60);
      seq(info, 80, 0xb0);
      salt_len = info_len = 80;
    } else {
      seq(salt, 13, 0x00);
      seq(info, 10, 0xf0);
    }
    if (tc->empty) salt_len = info_len = 0;
    size_t pl = unhex(tc->prk, exp_prk, sizeof exp_prk);
    size_t ol = unhex(tc->okm, exp_okm, sizeof exp_okm);
    CHECK(ol == tc->L);
    CHECK(cce_hkdf_extract(tc->alg, prk, sizeof prk, tc->empty ? NULL : salt, salt_len, ikm, tc->ikm_len) == CCE_OK);
    CHECK(memcmp(prk, exp_prk, pl) == 0);
    memset(okm, 0xee, sizeof okm);
    CHECK(cce_hkdf_expand(tc->alg, okm, tc->L, prk, pl, tc->empty ? NULL : info, info_len) == CCE_OK);
    CHECK(memcmp(okm, exp_okm, ol) == 0);
    CHECK(okm[ol] == 0xee);
    memset(okm, 0, sizeof okm);
    CHECK(cce_hkdf(tc->alg, okm, tc->L, salt, salt_len, ikm, tc->ikm_len, info, info_len) == CCE_OK);
    CHECK(memcmp(okm, exp_okm, ol) == 0);
    // A prefix of the output is the shorter output.
    uint8_t shorter[100];
    CHECK(cce_hkdf(tc->alg, shorter, tc->L - 7, salt, salt_len, ikm, tc->ikm_len, info, info_len) == CCE_OK);
    CHECK(memcmp(shorter, exp_okm, tc->L - 7) == 0);
  }
}

static void test_hkdf_errors(void) {
  static uint8_t big[255 * 64 + 1];
  uint8_t ikm[32] = {1}, prk[64], out[64];
  // L limits: 255 * HashLen is allowed, one more is not.
  CHECK(cce_hkdf(CCE_HASH_SHA256, big, 255 * 32, NULL, 0, ikm, 32, NULL, 0) == CCE_OK);
  CHECK(cce_hkdf(CCE_HASH_SHA256, big, 255 * 32 + 1, NULL, 0, ikm, 32, NULL, 0) == CCE_ERR_INVALID_LENGTH);
  CHECK(all_zero(big, 255 * 32 + 1));  // zeroed on failure
  CHECK(cce_hkdf(CCE_HASH_SHA512, big, 255 * 64, NULL, 0, ikm, 32, NULL, 0) == CCE_OK);
  CHECK(cce_hkdf(CCE_HASH_SHA512, big, 255 * 64 + 1, NULL, 0, ikm, 32, NULL, 0) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_hkdf_expand(CCE_HASH_SHA1, big, 255 * 20 + 1, ikm, 20, NULL, 0) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_hkdf(CCE_HASH_SHA256, out, 0, NULL, 0, ikm, 32, NULL, 0) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_hkdf_expand(CCE_HASH_SHA256, out, 0, ikm, 32, NULL, 0) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_hkdf_expand(CCE_HASH_SHA256, out, 32, ikm, 0, NULL, 0) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_hkdf_extract(CCE_HASH_SHA256, prk, 31, NULL, 0, ikm, 32) == CCE_ERR_BUFFER_TOO_SMALL);
  // Hashes.
  CHECK(cce_hkdf(CCE_HASH_NONE, out, 32, NULL, 0, ikm, 32, NULL, 0) == CCE_ERR_UNSUPPORTED);
  CHECK(cce_hkdf(CCE_HASH_SHAKE128, out, 32, NULL, 0, ikm, 32, NULL, 0) == CCE_ERR_UNSUPPORTED);
  CHECK(cce_hkdf_extract((cce_hash_alg)77, prk, 64, NULL, 0, ikm, 32) == CCE_ERR_UNSUPPORTED);
  CHECK(cce_hkdf_expand(CCE_HASH_SHAKE256, out, 32, ikm, 32, NULL, 0) == CCE_ERR_UNSUPPORTED);
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  // NULL pointers.
  CHECK(cce_hkdf(CCE_HASH_SHA256, NULL, 32, NULL, 0, ikm, 32, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hkdf(CCE_HASH_SHA256, out, 32, NULL, 5, ikm, 32, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hkdf(CCE_HASH_SHA256, out, 32, NULL, 0, NULL, 32, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hkdf(CCE_HASH_SHA256, out, 32, NULL, 0, ikm, 32, NULL, 3) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hkdf_extract(CCE_HASH_SHA256, NULL, 32, NULL, 0, ikm, 32) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hkdf_extract(CCE_HASH_SHA256, prk, 32, NULL, 0, NULL, 1) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hkdf_expand(CCE_HASH_SHA256, NULL, 32, ikm, 32, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hkdf_expand(CCE_HASH_SHA256, out, 32, NULL, 32, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_hkdf_expand(CCE_HASH_SHA256, out, 32, ikm, 32, NULL, 1) == CCE_ERR_NULL_POINTER);
  // Empty IKM is legal (not approved).
  CHECK(cce_hkdf(CCE_HASH_SHA256, out, 32, NULL, 0, NULL, 0, NULL, 0) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  // Empty salt == HashLen zeros == a block of zeros (SP 800-56C default salt).
  uint8_t zeros[128] = {0}, a[32], b[32], c[32];
  CHECK(cce_hkdf(CCE_HASH_SHA256, a, 32, NULL, 0, ikm, 32, NULL, 0) == CCE_OK);
  CHECK(cce_hkdf(CCE_HASH_SHA256, b, 32, zeros, 32, ikm, 32, NULL, 0) == CCE_OK);
  CHECK(cce_hkdf(CCE_HASH_SHA256, c, 32, zeros, 64, ikm, 32, NULL, 0) == CCE_OK);
  CHECK(memcmp(a, b, 32) == 0 && memcmp(a, c, 32) == 0);
  // Indicator: IKM under 112 bits is not approved.
  CHECK(cce_hkdf(CCE_HASH_SHA3_256, out, 32, NULL, 0, ikm, 13, NULL, 0) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  CHECK(cce_hkdf(CCE_HASH_SHA3_256, out, 32, NULL, 0, ikm, 14, NULL, 0) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  CHECK(cce_hkdf_extract(CCE_HASH_SHA384, prk, 48, NULL, 0, ikm, 13) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  CHECK(cce_hkdf_extract(CCE_HASH_SHA384, prk, 48, NULL, 0, ikm, 14) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  CHECK(cce_hkdf_expand(CCE_HASH_SHA384, out, 64, prk, 13, NULL, 0) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  CHECK(cce_hkdf_expand(CCE_HASH_SHA384, out, 64, prk, 48, NULL, 0) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
}

// ---------------------------------------------------------------------------
// SP 800-108: vectors from the NIST ACVP KDF-1.0 sample vector set (keyIn
// from its prompt, fixedData, breakLocation and keyOut from its expected
// results), one per mode / counter location / PRF family.
typedef struct {
  int tcid;
  cce_kdf108_mode mode;
  cce_kdf108_prf prf;
  cce_hash_alg hash;
  cce_kdf108_ctr_loc loc;
  unsigned ctr_bits;
  size_t break_bits;
  size_t out_bits;
  const char *key, *iv, *fixed, *out;
} kdf108_tc;

static const kdf108_tc kdf108_vectors[] = {
    {1291, CCE_KDF108_COUNTER, CCE_KDF108_PRF_HMAC, CCE_HASH_SHA256, CCE_KDF108_CTR_BEFORE_FIXED, 32, 0, 256,
     "41CEF7C2ACF19D2C47096534FD4AC88A923B9F3C25DFEEF394D9CCDF81AA5B4B", "", "0D87519FAFD842D87B4F35D0F5E69D20",
     "2C355378536935821C7566E1DDDAAEB1CACA0442471BAE0178385591436272CD"},
    {1285, CCE_KDF108_COUNTER, CCE_KDF108_PRF_HMAC, CCE_HASH_SHA256, CCE_KDF108_CTR_BEFORE_FIXED, 32, 0, 771,
     "BD47474A37B17E47A66C86D05AFA4DA82D5C3309D3669CA4645A100A49A4FB84", "", "E75E427F5FD08A7131C9B699AEB8A855",
     "A55FAAB4583F64C23CD7390DC25E5201A19D9193CAD73A8AC024BD94807339F311A507456EEE6AFED61B3E3D41AB4846798ADA3B167DD1AD"
     "86BC85824934FF139039A74EC53CE1E9DB44F0B603AA941201145C20E9788F003504BA2B95AAD426C0"},
    {1213, CCE_KDF108_COUNTER, CCE_KDF108_PRF_HMAC, CCE_HASH_SHA256, CCE_KDF108_CTR_MIDDLE_FIXED, 16, 6, 512,
     "33F46755B3BF7E4DF8EAD4B5BA0E511FB919B7465A2F8AB2B0ED8B308AB5CCF6", "", "0437493A3A683C3A3B852B7CB84FFC95",
     "E3D1407BE9D327619AEAFD475016B78D1865D3FECD4C8BD80759F6283F09195506DAFE2BAC38139ABE01CD371A150A606D7FA258D21FD63B"
     "42B7BFD1C1E4C842"},
    {1531, CCE_KDF108_COUNTER, CCE_KDF108_PRF_HMAC, CCE_HASH_SHA512, CCE_KDF108_CTR_MIDDLE_FIXED, 8, 52, 8,
     "902FCDDC445AB767C52D68A0D3631E2BBEE86A3C835C09DAAB6C099EB772E9D00B21CE0C20954E5441EA2969CDA58D734ACBF303660B4C5F"
     "3CEE7293AFF852EE",
     "", "EFF3C59B717DDE999816C70D0286E72C", "68"},
    {4737, CCE_KDF108_FEEDBACK, CCE_KDF108_PRF_HMAC, CCE_HASH_SHA1, CCE_KDF108_CTR_BEFORE_FIXED, 32, 0, 542,
     "7A71E7B45FF3A31C017C28CCD1E39F455481EFA2", "DF9A3D560480210C5AE26DB94C252991E750AA19",
     "F7E9916B2400790B7BE7CBE22CF09AE6",
     "75DF6EC6B612C9B990041458C4DEC73DE6DF4BFB66144560F8B2E8ECB66FB29070F39425963954421E04BB28F27F8CFFC1779AFDC9068E2D"
     "65D2CC857EEA8782921F5774"},
    {5691, CCE_KDF108_FEEDBACK, CCE_KDF108_PRF_HMAC, CCE_HASH_SHA384, CCE_KDF108_CTR_BEFORE_ITER, 8, 0, 258,
     "D75351346B858D78E3999FC292CB944249D257EE284699B64D0675DB65B6FC341749E17E7740BA8D3111957BCC457B16", "",
     "3543E84FE216F774A1F50C123541030A", "C9D3A6003D14DFF43BDE03806525AFC1085AB3B56D04342F8B879E24120577EC80"},
    {11177, CCE_KDF108_DOUBLE_PIPELINE, CCE_KDF108_PRF_HMAC, CCE_HASH_SHA3_256, CCE_KDF108_CTR_NONE, 0, 0, 209,
     "6DD552B2126347C1630AF0367C50B902881E39214FF980C0A49442EE0FAF6681", "", "3231E0B2D5A2F7032F78C42B02A88BAB",
     "F3719B9FEBB6C34B0B8E2C374A888A139724E84EF44DBA484C7400"},
    {9845, CCE_KDF108_DOUBLE_PIPELINE, CCE_KDF108_PRF_HMAC, CCE_HASH_SHA224, CCE_KDF108_CTR_AFTER_FIXED, 16, 0, 425,
     "C11017C94E527A962E1A2498E0B57D288136699F9C89E9CF3F546602", "", "2455CB97EB3B23C7D131C8D8B8760613",
     "FBD454520B9202EDC51BA9B5E5E2B11B2FF12F54CF6EDA4A902DDB886D541D23048FC41C562E829EC86681721CD2307732B4BC0A3280"},
    {87, CCE_KDF108_COUNTER, CCE_KDF108_PRF_CMAC_AES, CCE_HASH_NONE, CCE_KDF108_CTR_MIDDLE_FIXED, 16, 35, 384,
     "724DCBB96BC3F2F256B0765EB6454700", "", "E285EBA1A89F6C33C2E716204EC776DF",
     "66194BCC2F2A7DEA53A3DF33EC32133F8F469DF5B6D3948543F1E7FDAB29FE21B51C83BB2D82A914F8AC1F104BF30938"},
    {3601, CCE_KDF108_FEEDBACK, CCE_KDF108_PRF_CMAC_AES, CCE_HASH_NONE, CCE_KDF108_CTR_AFTER_FIXED, 8, 0, 36,
     "54FD9E732555498D0FDFFF2E1832B0E31CA12C3A96FEF2EA267F4A01F02A23E5", "FF4A1BCC7C6D06666E69E6B928033D7B",
     "4BB259F4B8621B43E57BA24A9FA23853", "2222FF7FE0"},
    {9143, CCE_KDF108_DOUBLE_PIPELINE, CCE_KDF108_PRF_CMAC_AES, CCE_HASH_NONE, CCE_KDF108_CTR_BEFORE_ITER, 32, 0, 225,
     "84F969B8D6B6E543985CB52FD3280DC8936F9AB74BFA4EA1", "", "378DF78F2C3FCC330F4C0EEE4206FFF9",
     "D6D5BA218EE1F228E12AE00D0D85DEEB4E3771A4E583FBC1F405DB7500"},
};

static void test_kdf108_vectors(void) {
  for (size_t i = 0; i < sizeof kdf108_vectors / sizeof kdf108_vectors[0]; i++) {
    const kdf108_tc *v = &kdf108_vectors[i];
    uint8_t key[64], iv[64], fixed[64], exp[128], out[130];
    size_t kl = unhex(v->key, key, sizeof key), il = unhex(v->iv, iv, sizeof iv);
    size_t fl = unhex(v->fixed, fixed, sizeof fixed), el = unhex(v->out, exp, sizeof exp);
    cce_kdf108_params p = {v->mode, v->prf, v->hash, v->loc, v->ctr_bits, v->break_bits, il ? iv : NULL, il};
    CHECK(el == (v->out_bits + 7) / 8);
    memset(out, 0xee, sizeof out);
    cce_status st = cce_kdf108(&p, out, v->out_bits, key, kl, fixed, fl);
    CHECK(st == CCE_OK);
    CHECK(memcmp(out, exp, el) == 0);
    CHECK(out[el] == 0xee);
    if (st != CCE_OK || memcmp(out, exp, el) != 0) fprintf(stderr, "  KDF108 vector tcId %d\n", v->tcid);
    CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  }
}

// The convenience counter-mode call equals the general one with FixedData
// = Label || 0x00 || Context || [L]_32, and a known answer (computed with an
// independent implementation).
static void test_kdf108_ctr_hmac(void) {
  uint8_t key[32], out1[40], out2[40], exp[40], fixed[64];
  seq(key, 32, 0);
  static const char label[] = "label", context[] = "context";
  unhex("c5115a8e2c9cf655fabbfecbe725e440a9838838f5b46130c654f368f780edd650d532c0fdeb6a35", exp, sizeof exp);
  CHECK(cce_kdf108_ctr_hmac(CCE_HASH_SHA256, out1, 40, key, 32, (const uint8_t *)label, 5,
                            (const uint8_t *)context, 7) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  CHECK(memcmp(out1, exp, 40) == 0);
  size_t n = 0;
  memcpy(fixed, label, 5);
  n += 5;
  fixed[n++] = 0;
  memcpy(fixed + n, context, 7);
  n += 7;
  fixed[n++] = 0, fixed[n++] = 0, fixed[n++] = 0x01, fixed[n++] = 0x40;  // L = 320
  cce_kdf108_params p = {CCE_KDF108_COUNTER, CCE_KDF108_PRF_HMAC, CCE_HASH_SHA256, CCE_KDF108_CTR_BEFORE_FIXED,
                         32, 0, NULL, 0};
  CHECK(cce_kdf108(&p, out2, 320, key, 32, fixed, n) == CCE_OK);
  CHECK(memcmp(out1, out2, 40) == 0);
  // Empty label and context.
  uint8_t key48[48], o[20];
  seq(key48, 48, 0);
  unhex("538cf9a177242b868f6f71b80893b2c03a3e550a", exp, sizeof exp);
  CHECK(cce_kdf108_ctr_hmac(CCE_HASH_SHA384, o, 20, key48, 48, NULL, 0, NULL, 0) == CCE_OK);
  CHECK(memcmp(o, exp, 20) == 0);
  // Errors.
  CHECK(cce_kdf108_ctr_hmac(CCE_HASH_SHA256, NULL, 40, key, 32, NULL, 0, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_kdf108_ctr_hmac(CCE_HASH_SHA256, o, 20, NULL, 32, NULL, 0, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_kdf108_ctr_hmac(CCE_HASH_SHA256, o, 20, key, 32, NULL, 1, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_kdf108_ctr_hmac(CCE_HASH_SHA256, o, 20, key, 32, NULL, 0, NULL, 1) == CCE_ERR_NULL_POINTER);
  CHECK(cce_kdf108_ctr_hmac(CCE_HASH_SHA256, o, 0, key, 32, NULL, 0, NULL, 0) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_kdf108_ctr_hmac(CCE_HASH_SHAKE128, o, 20, key, 32, NULL, 0, NULL, 0) == CCE_ERR_UNSUPPORTED);
  CHECK(cce_kdf108_ctr_hmac(CCE_HASH_NONE, o, 20, key, 32, NULL, 0, NULL, 0) == CCE_ERR_UNSUPPORTED);
  CHECK(cce_kdf108_ctr_hmac(CCE_HASH_SHA256, o, 20, key, 0, NULL, 0, NULL, 0) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_kdf108_ctr_hmac(CCE_HASH_SHA256, o, 20, key, 13, NULL, 0, NULL, 0) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
}

static void test_kdf108_errors(void) {
  uint8_t key[32] = {9}, out[64], fixed[16] = {1, 2, 3};
  const cce_kdf108_params good = {CCE_KDF108_COUNTER, CCE_KDF108_PRF_HMAC, CCE_HASH_SHA256,
                                  CCE_KDF108_CTR_BEFORE_FIXED, 8, 0, NULL, 0};
  cce_kdf108_params p = good;
  CHECK(cce_kdf108(&p, out, 256, key, 32, fixed, 16) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  CHECK(cce_kdf108(&p, out, 256, key, 13, fixed, 16) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  CHECK(cce_kdf108(&p, out, 256, key, 14, fixed, 16) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  CHECK(cce_kdf108(&p, out, 256, key, 32, NULL, 0) == CCE_OK);  // empty FixedData
  // NULL pointers.
  CHECK(cce_kdf108(NULL, out, 256, key, 32, fixed, 16) == CCE_ERR_NULL_POINTER);
  CHECK(cce_kdf108(&p, NULL, 256, key, 32, fixed, 16) == CCE_ERR_NULL_POINTER);
  CHECK(cce_kdf108(&p, out, 256, NULL, 32, fixed, 16) == CCE_ERR_NULL_POINTER);
  CHECK(cce_kdf108(&p, out, 256, key, 32, NULL, 16) == CCE_ERR_NULL_POINTER);
  p.mode = CCE_KDF108_FEEDBACK;
  p.iv_len = 4;
  CHECK(cce_kdf108(&p, out, 256, key, 32, fixed, 16) == CCE_ERR_NULL_POINTER);
  // Lengths: zero output, counter too small for the output.
  p = good;
  memset(out, 0xaa, sizeof out);
  CHECK(cce_kdf108(&p, out, 0, key, 32, fixed, 16) == CCE_ERR_INVALID_LENGTH);
  {
    static uint8_t big[256 * 32 + 1];
    CHECK(cce_kdf108(&p, big, 255 * 256, key, 32, fixed, 16) == CCE_OK);  // n = 255 = 2^8 - 1
    CHECK(cce_kdf108(&p, big, 255 * 256 + 1, key, 32, fixed, 16) == CCE_ERR_INVALID_LENGTH);
    CHECK(all_zero(big, 255 * 32 + 1));
    CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  }
  CHECK(cce_kdf108(&p, out, 256, key, 0, fixed, 16) == CCE_ERR_INVALID_LENGTH);
  // Bad modes, PRFs, counter sizes and locations.
  p = good;
  p.mode = (cce_kdf108_mode)0;
  CHECK(cce_kdf108(&p, out, 256, key, 32, fixed, 16) == CCE_ERR_INVALID_ARG);
  p = good;
  p.prf = (cce_kdf108_prf)9;
  CHECK(cce_kdf108(&p, out, 256, key, 32, fixed, 16) == CCE_ERR_INVALID_ARG);
  p = good;
  p.ctr_bits = 12;
  CHECK(cce_kdf108(&p, out, 256, key, 32, fixed, 16) == CCE_ERR_INVALID_ARG);
  p.ctr_bits = 0;
  CHECK(cce_kdf108(&p, out, 256, key, 32, fixed, 16) == CCE_ERR_INVALID_ARG);
  p.ctr_bits = 64;
  CHECK(cce_kdf108(&p, out, 256, key, 32, fixed, 16) == CCE_ERR_INVALID_ARG);
  p = good;
  p.ctr_loc = CCE_KDF108_CTR_NONE;  // counter mode needs a counter
  CHECK(cce_kdf108(&p, out, 256, key, 32, fixed, 16) == CCE_ERR_INVALID_ARG);
  p.ctr_loc = CCE_KDF108_CTR_BEFORE_ITER;
  CHECK(cce_kdf108(&p, out, 256, key, 32, fixed, 16) == CCE_ERR_INVALID_ARG);
  p.ctr_loc = (cce_kdf108_ctr_loc)17;
  CHECK(cce_kdf108(&p, out, 256, key, 32, fixed, 16) == CCE_ERR_INVALID_ARG);
  p = good;
  p.mode = CCE_KDF108_FEEDBACK;
  p.ctr_loc = CCE_KDF108_CTR_MIDDLE_FIXED;  // counter mode only
  CHECK(cce_kdf108(&p, out, 256, key, 32, fixed, 16) == CCE_ERR_INVALID_ARG);
  p = good;
  p.ctr_loc = CCE_KDF108_CTR_MIDDLE_FIXED;
  p.break_bits = 129;
  CHECK(cce_kdf108(&p, out, 256, key, 32, fixed, 16) == CCE_ERR_INVALID_LENGTH);
  // Break at either end equals counter before / after FixedData.
  {
    uint8_t a[32], b[32];
    p.break_bits = 0;
    CHECK(cce_kdf108(&p, a, 256, key, 32, fixed, 16) == CCE_OK);
    p.ctr_loc = CCE_KDF108_CTR_BEFORE_FIXED;
    CHECK(cce_kdf108(&p, b, 256, key, 32, fixed, 16) == CCE_OK);
    CHECK(memcmp(a, b, 32) == 0);
    p.ctr_loc = CCE_KDF108_CTR_MIDDLE_FIXED;
    p.break_bits = 128;
    CHECK(cce_kdf108(&p, a, 256, key, 32, fixed, 16) == CCE_OK);
    p.ctr_loc = CCE_KDF108_CTR_AFTER_FIXED;
    CHECK(cce_kdf108(&p, b, 256, key, 32, fixed, 16) == CCE_OK);
    CHECK(memcmp(a, b, 32) == 0);
  }
  // Hashes.
  p = good;
  p.hash = CCE_HASH_SHAKE256;
  CHECK(cce_kdf108(&p, out, 256, key, 32, fixed, 16) == CCE_ERR_UNSUPPORTED);
  p.hash = CCE_HASH_NONE;
  CHECK(cce_kdf108(&p, out, 256, key, 32, fixed, 16) == CCE_ERR_UNSUPPORTED);
  // CMAC key sizes and FixedData limit.
  p = good;
  p.prf = CCE_KDF108_PRF_CMAC_AES;
  CHECK(cce_kdf108(&p, out, 128, key, 16, fixed, 16) == CCE_OK);
  CHECK(cce_kdf108(&p, out, 128, key, 24, fixed, 16) == CCE_OK);
  CHECK(cce_kdf108(&p, out, 128, key, 32, fixed, 16) == CCE_OK);
  CHECK(cce_kdf108(&p, out, 128, key, 15, fixed, 16) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_kdf108(&p, out, 128, key, 20, fixed, 16) == CCE_ERR_INVALID_LENGTH);
  {
    static uint8_t bigfixed[CCE_KDF108_CMAC_MAX_FIXED_BYTES + 1];
    CHECK(cce_kdf108(&p, out, 128, key, 16, bigfixed, sizeof bigfixed - 1) == CCE_OK);
    CHECK(cce_kdf108(&p, out, 128, key, 16, bigfixed, sizeof bigfixed) == CCE_ERR_INVALID_LENGTH);
    p.prf = CCE_KDF108_PRF_HMAC;  // HMAC streams: no limit
    CHECK(cce_kdf108(&p, out, 128, key, 16, bigfixed, sizeof bigfixed) == CCE_OK);
  }
  // Feedback mode with a 2-byte IV differs from an empty IV; prefix property.
  {
    uint8_t iv[2] = {1, 2}, a[64], b[64];
    p = good;
    p.mode = CCE_KDF108_FEEDBACK;
    CHECK(cce_kdf108(&p, a, 512, key, 32, fixed, 16) == CCE_OK);
    p.iv = iv;
    p.iv_len = 2;
    CHECK(cce_kdf108(&p, b, 512, key, 32, fixed, 16) == CCE_OK);
    CHECK(memcmp(a, b, 32) != 0);
    CHECK(cce_kdf108(&p, a, 300, key, 32, fixed, 16) == CCE_OK);
    CHECK(memcmp(a, b, 37) == 0 && a[37] == (b[37] & 0xf0));
  }
}

// ---------------------------------------------------------------------------
// PBKDF2: RFC 6070 (HMAC-SHA-1), plus SHA-256 (the self-test's vector).
static void test_pbkdf2(void) {
  static const struct {
    const char *pw;
    size_t pw_len;
    const char *salt;
    size_t salt_len;
    uint32_t c;
    const char *dk;
  } v[] = {
      {"password", 8, "salt", 4, 1, "0c60c80f961f0e71f3a9b524af6012062fe037a6"},
      {"password", 8, "salt", 4, 2, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"},
      {"password", 8, "salt", 4, 4096, "4b007901b765489abead49d926f721d065a429c1"},
      {"passwordPASSWORDpassword", 24, "saltSALTsaltSALTsaltSALTsaltSALTsalt", 36, 4096,
       "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"},
      {"pass\0word", 9, "sa\0lt", 5, 4096, "56fa6aa75548099dcc37d7f03425e0c3"},
  };
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    uint8_t exp[64], out[64];
    size_t el = unhex(v[i].dk, exp, sizeof exp);
    memset(out, 0xee, sizeof out);
    CHECK(cce_pbkdf2(CCE_HASH_SHA1, out, el, (const uint8_t *)v[i].pw, v[i].pw_len, (const uint8_t *)v[i].salt,
                     v[i].salt_len, v[i].c) == CCE_OK);
    CHECK(memcmp(out, exp, el) == 0);
    CHECK(out[el] == 0xee);
  }
  uint8_t exp[40], out[40];
  unhex("348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9", exp, sizeof exp);
  CHECK(cce_pbkdf2(CCE_HASH_SHA256, out, 40, (const uint8_t *)"passwordPASSWORDpassword", 24,
                   (const uint8_t *)"saltSALTsaltSALTsaltSALTsaltSALTsalt", 36, 4096) == CCE_OK);
  CHECK(memcmp(out, exp, 40) == 0);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  unhex("ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43", exp, sizeof exp);
  CHECK(cce_pbkdf2(CCE_HASH_SHA256, out, 32, (const uint8_t *)"password", 8, (const uint8_t *)"salt", 4, 2) ==
        CCE_OK);
  CHECK(memcmp(out, exp, 32) == 0);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
}

static void test_pbkdf2_errors(void) {
  uint8_t pw[32] = {'p'}, salt[32] = {'s'}, out[64];
  // Indicator rules, one condition at a time.
  CHECK(cce_pbkdf2(CCE_HASH_SHA512, out, 14, pw, 14, salt, 16, 1000) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  CHECK(cce_pbkdf2(CCE_HASH_SHA512, out, 14, pw, 13, salt, 16, 1000) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  CHECK(cce_pbkdf2(CCE_HASH_SHA512, out, 14, pw, 14, salt, 15, 1000) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  CHECK(cce_pbkdf2(CCE_HASH_SHA512, out, 14, pw, 14, salt, 16, 999) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  CHECK(cce_pbkdf2(CCE_HASH_SHA512, out, 13, pw, 14, salt, 16, 1000) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  CHECK(cce_pbkdf2(CCE_HASH_SHA3_256, out, 32, pw, 32, salt, 32, 1000) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
  // Empty password / salt are legal.
  CHECK(cce_pbkdf2(CCE_HASH_SHA256, out, 32, NULL, 0, NULL, 0, 1) == CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED);
  // Errors.
  memset(out, 0xaa, sizeof out);
  CHECK(cce_pbkdf2(CCE_HASH_SHA256, out, 32, pw, 14, salt, 16, 0) == CCE_ERR_INVALID_ARG);
  CHECK(all_zero(out, 32) && out[32] == 0xaa);
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  CHECK(cce_pbkdf2(CCE_HASH_SHA256, out, 0, pw, 14, salt, 16, 1) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_pbkdf2(CCE_HASH_SHA256, NULL, 32, pw, 14, salt, 16, 1) == CCE_ERR_NULL_POINTER);
  CHECK(cce_pbkdf2(CCE_HASH_SHA256, out, 32, NULL, 14, salt, 16, 1) == CCE_ERR_NULL_POINTER);
  CHECK(cce_pbkdf2(CCE_HASH_SHA256, out, 32, pw, 14, NULL, 16, 1) == CCE_ERR_NULL_POINTER);
  CHECK(cce_pbkdf2(CCE_HASH_SHAKE128, out, 32, pw, 14, salt, 16, 1) == CCE_ERR_UNSUPPORTED);
  CHECK(cce_pbkdf2(CCE_HASH_NONE, out, 32, pw, 14, salt, 16, 1) == CCE_ERR_UNSUPPORTED);
  CHECK(cce_pbkdf2((cce_hash_alg)42, out, 32, pw, 14, salt, 16, 1) == CCE_ERR_UNSUPPORTED);
  // Iterations add up: c = 1 output is U_1 = HMAC(P, S || INT(1)).
  uint8_t u1[32], msg[20];
  memcpy(msg, salt, 16);
  msg[16] = 0, msg[17] = 0, msg[18] = 0, msg[19] = 1;
  CHECK(cce_hmac(CCE_HASH_SHA256, pw, 14, msg, 20, u1, sizeof u1) == CCE_OK);
  CHECK(cce_pbkdf2(CCE_HASH_SHA256, out, 32, pw, 14, salt, 16, 1) == CCE_OK);
  CHECK(memcmp(out, u1, 32) == 0);
}

int main(void) {
  test_hkdf_rfc5869();
  test_hkdf_errors();
  test_kdf108_vectors();
  test_kdf108_ctr_hmac();
  test_kdf108_errors();
  test_pbkdf2();
  test_pbkdf2_errors();
  printf("%u passed, %u failed\n", g_pass, g_fail);
  return g_fail ? 1 : 0;
}
