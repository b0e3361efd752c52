// Unit tests of the AES family (aes.h, pkcs7.h): known answers from FIPS 197
// appendix C, SP 800-38A appendix F (ECB, CBC, CTR), RFC 3394 / RFC 5649
// (KW, KWP), IEEE 1619 annex B (XTS), SP 800-38B appendix D (CMAC) and
// SP 800-38C appendix C (CCM); the computed S-box against its definition;
// the portable, AES-NI and VAES paths against each other on random inputs;
// round trips of every length 0..100; every error code; the indicator.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/aes.h"
#include "cce/module.h"
#include "cce/pkcs7.h"
#include "module/aes/aes_impl.h"

static int passed, failed;

#define CHECK(cond, ...)                                \
  do {                                                  \
    if (cond) {                                         \
      passed++;                                         \
    } else {                                            \
      failed++;                                         \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);       \
      printf(__VA_ARGS__);                              \
      printf("\n");                                     \
    }                                                   \
  } while (0)
#define CHECK_ST(expr, want) \
  do { cce_status st_ = (expr); CHECK(st_ == (want), "%s = %d, want %d", #expr, st_, want); } while (0)

static size_t unhex(uint8_t *out, const char *s) {
  size_t n = 0;
  for (; s[0] && s[1]; s += 2) {
    unsigned v;
    sscanf(s, "%2x", &v);
    out[n++] = (uint8_t)v;
  }
  return n;
}
#define HEXEQ(buf, hex) hexeq(buf, hex)
static int hexeq(const uint8_t *buf, const char *hex) {
  uint8_t tmp[512];
  size_t n = unhex(tmp, hex);
  return memcmp(buf, tmp, n) == 0;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static void rnd(uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    rng_state ^= rng_state << 13; rng_state ^= rng_state >> 7; rng_state ^= rng_state << 17;
    p[i] = (uint8_t)(rng_state >> 24);
  }
}

// ---------------------------------------------------------------------------
// S-box from its definition: multiplicative inverse in GF(2^8) then the
// affine map (FIPS 197 5.1.1).
static uint8_t gmul(uint8_t a, uint8_t b) {
  uint8_t r = 0;
  for (int i = 0; i < 8; i++) {
    if (b & 1) r ^= a;
    a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
    b >>= 1;
  }
  return r;
}
static uint8_t sbox_ref(uint8_t x) {
  uint8_t inv = 0;
  for (int y = 1; y < 256 && x; y++)
    if (gmul(x, (uint8_t)y) == 1) inv = (uint8_t)y;
  uint8_t s = 0x63;
  for (int i = 0; i < 8; i++) {
    int bit = ((inv >> i) ^ (inv >> ((i + 4) & 7)) ^ (inv >> ((i + 5) & 7)) ^ (inv >> ((i + 6) & 7)) ^
               (inv >> ((i + 7) & 7))) & 1;
    s ^= (uint8_t)(bit << i);
  }
  return s;
}

static void test_sbox(void) {
  int bad = 0;
  for (int x = 0; x < 256; x += 4) {
    uint32_t w = (uint32_t)x | (uint32_t)(x + 1) << 8 | (uint32_t)(x + 2) << 16 | (uint32_t)(x + 3) << 24;
    uint32_t s = cce_aes_ct_subword(w);
    for (int i = 0; i < 4; i++)
      if (((s >> (8 * i)) & 0xff) != sbox_ref((uint8_t)(x + i))) bad++;
  }
  CHECK(bad == 0, "computed S-box differs from FIPS 197 in %d entries", bad);
}

// ---------------------------------------------------------------------------
// Implementations available on this machine, selected directly.
static int have_ni(void) { return (cce_cpu_features() & CCE_CPU_AESNI) != 0; }

static void set_impl(cce_aes_key *k, uint32_t impl) { k->impl = impl; }

static void test_fips197(void) {
  static const char *exp[3] = {"69c4e0d86a7b0430d8cdb78070b4c55a", "dda97ca4864cdfe06eaf70a0ec0d7191",
                               "8ea2b7ca516745bfeafc49904b496089"};
  uint8_t key[32], pt[16], ct[16], back[16];
  for (int i = 0; i < 32; i++) key[i] = (uint8_t)i;
  unhex(pt, "00112233445566778899aabbccddeeff");
  for (int ki = 0; ki < 3; ki++) {
    size_t kl = 16 + 8 * (size_t)ki;
    cce_aes_key k;
    CHECK_ST(cce_aes_setkey_impl(&k, key, kl), CCE_OK);
    for (uint32_t impl = 0; impl < 2; impl++) {
      if (impl == CCE_AES_IMPL_AESNI && !have_ni()) continue;
      set_impl(&k, impl);
      cce_aes_encrypt_blocks_impl(&k, pt, ct, 1);
      CHECK(HEXEQ(ct, exp[ki]), "FIPS 197 C.%d encrypt, impl %u", ki + 1, impl);
      cce_aes_decrypt_blocks_impl(&k, ct, back, 1);
      CHECK(memcmp(back, pt, 16) == 0, "FIPS 197 C.%d decrypt, impl %u", ki + 1, impl);
    }
    // public API
    cce_aes_ctx ctx;
    CHECK_ST(cce_aes_init(&ctx, key, kl), CCE_OK);
    CHECK_ST(cce_aes_ecb_encrypt(&ctx, ct, pt, 16), CCE_OK);
    CHECK(HEXEQ(ct, exp[ki]), "public ECB, FIPS 197 C.%d", ki + 1);
    CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "indicator approved after ECB");
    cce_aes_cleanup(&ctx);
  }
}

#define SP38A_KEY "2b7e151628aed2a6abf7158809cf4f3c"
#define SP38A_PT                                                                                    \
  "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52ef" \
  "f69f2445df4f9b17ad2b417be66c3710"

static void test_sp800_38a(void) {
  uint8_t key[16], pt[64], out[64], iv[16];
  unhex(key, SP38A_KEY);
  unhex(pt, SP38A_PT);
  cce_aes_ctx ctx;
  CHECK_ST(cce_aes_init(&ctx, key, 16), CCE_OK);
  CHECK_ST(cce_aes_ecb_encrypt(&ctx, out, pt, 64), CCE_OK);
  CHECK(HEXEQ(out, "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf43b1cd7f598ece23881b00e3ed030688"
                   "7b0c785e27e8ad3f8223207104725dd4"), "F.1.1 ECB-AES128");
  CHECK_ST(cce_aes_ecb_decrypt(&ctx, out, out, 64), CCE_OK);
  CHECK(memcmp(out, pt, 64) == 0, "F.1.2 ECB-AES128 decrypt (in place)");
  unhex(iv, "000102030405060708090a0b0c0d0e0f");
  CHECK_ST(cce_aes_cbc_encrypt(&ctx, iv, out, pt, 64), CCE_OK);
  CHECK(HEXEQ(out, "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e22229516"
                   "3ff1caa1681fac09120eca307586e1a7"), "F.2.1 CBC-AES128");
  CHECK(HEXEQ(iv, "3ff1caa1681fac09120eca307586e1a7"), "CBC iv chained to the last block");
  unhex(iv, "000102030405060708090a0b0c0d0e0f");
  // decrypt in two calls, chaining through iv
  CHECK_ST(cce_aes_cbc_decrypt(&ctx, iv, out, out, 16), CCE_OK);
  CHECK_ST(cce_aes_cbc_decrypt(&ctx, iv, out + 16, out + 16, 48), CCE_OK);
  CHECK(memcmp(out, pt, 64) == 0, "F.2.2 CBC-AES128 decrypt in two calls");
  unhex(iv, "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
  CHECK_ST(cce_aes_ctr_crypt(&ctx, iv, out, pt, 64), CCE_OK);
  CHECK(HEXEQ(out, "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab"
                   "1e031dda2fbe03d1792170a0f3009cee"), "F.5.1 CTR-AES128");
  CHECK(HEXEQ(iv, "f0f1f2f3f4f5f6f7f8f9fafbfcfdff03"), "CTR counter advanced by 4 with carry");
  cce_aes_cleanup(&ctx);
}

// Counter wrap: the full 128-bit counter carries out of the low 32 bits and
// wraps modulo 2^128.
static void test_ctr_wrap(void) {
  uint8_t key[32], in[16 * 40], out[16 * 40], ctr[16], blocks[16 * 40], ks[16 * 40];
  rnd(key, 32);
  rnd(in, sizeof in);
  cce_aes_ctx ctx;
  CHECK_ST(cce_aes_init(&ctx, key, 32), CCE_OK);
  static const char *starts[2] = {"00112233445566778899aabbfffffff0", "ffffffffffffffffffffffffffffffe0"};
  for (int s = 0; s < 2; s++) {
    uint8_t c0[16];
    unhex(c0, starts[s]);
    // reference keystream: ECB of explicit counter blocks
    uint8_t c[16];
    memcpy(c, c0, 16);
    for (int b = 0; b < 40; b++) {
      memcpy(blocks + 16 * b, c, 16);
      for (int i = 15; i >= 0; i--)
        if (++c[i] != 0) break;
    }
    CHECK_ST(cce_aes_ecb_encrypt(&ctx, ks, blocks, sizeof blocks), CCE_OK);
    for (size_t i = 0; i < sizeof in; i++) ks[i] ^= in[i];
    memcpy(ctr, c0, 16);
    CHECK_ST(cce_aes_ctr_crypt(&ctx, ctr, out, in, sizeof in - 5), CCE_OK);
    CHECK(memcmp(out, ks, sizeof in - 5) == 0, "CTR across a counter wrap (start %d)", s);
    CHECK(memcmp(ctr, c, 16) == 0, "CTR counter after the wrap (start %d)", s);
  }
  cce_aes_cleanup(&ctx);
}

static void test_kw(void) {
  uint8_t kek[32], data[64], out[80], back[80];
  size_t n;
  cce_aes_ctx ctx;
  // RFC 3394 4.1
  unhex(kek, "000102030405060708090a0b0c0d0e0f");
  unhex(data, "00112233445566778899aabbccddeeff");
  CHECK_ST(cce_aes_init(&ctx, kek, 16), CCE_OK);
  CHECK_ST(cce_aes_kw_wrap(&ctx, 0, out, sizeof out, &n, data, 16), CCE_OK);
  CHECK(n == 24 && HEXEQ(out, "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5"), "RFC 3394 4.1");
  CHECK_ST(cce_aes_kw_unwrap(&ctx, 0, back, sizeof back, &n, out, 24), CCE_OK);
  CHECK(n == 16 && memcmp(back, data, 16) == 0, "RFC 3394 4.1 unwrap");
  out[23] ^= 1;
  memset(back, 0xaa, sizeof back);
  CHECK_ST(cce_aes_kw_unwrap(&ctx, 0, back, sizeof back, &n, out, 24), CCE_ERR_AUTH);
  int zero = 1;
  for (int i = 0; i < 16; i++) zero &= back[i] == 0;
  CHECK(zero && n == 0, "failed unwrap wipes the output");
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED, "indicator FAILED after a failed unwrap");
  cce_aes_cleanup(&ctx);
  // RFC 3394 4.6
  for (int i = 0; i < 32; i++) kek[i] = (uint8_t)i;
  unhex(data, "00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f");
  CHECK_ST(cce_aes_init(&ctx, kek, 32), CCE_OK);
  CHECK_ST(cce_aes_kw_wrap(&ctx, 0, out, sizeof out, &n, data, 32), CCE_OK);
  CHECK(n == 40 && HEXEQ(out, "28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21"),
        "RFC 3394 4.6");
  cce_aes_cleanup(&ctx);
  // RFC 5649 section 6
  unhex(kek, "5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8");
  CHECK_ST(cce_aes_init(&ctx, kek, 24), CCE_OK);
  unhex(data, "c37b7e6492584340bed12207808941155068f738");
  CHECK_ST(cce_aes_kwp_wrap(&ctx, 0, out, sizeof out, &n, data, 20), CCE_OK);
  CHECK(n == 32 && HEXEQ(out, "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a"), "RFC 5649 20 bytes");
  CHECK_ST(cce_aes_kwp_unwrap(&ctx, 0, back, sizeof back, &n, out, 32), CCE_OK);
  CHECK(n == 20 && memcmp(back, data, 20) == 0, "RFC 5649 unwrap");
  unhex(data, "466f7250617369");
  CHECK_ST(cce_aes_kwp_wrap(&ctx, 0, out, sizeof out, &n, data, 7), CCE_OK);
  CHECK(n == 16 && HEXEQ(out, "afbeb0f07dfbf5419200f2ccb50bb24f"), "RFC 5649 7 bytes");
  CHECK_ST(cce_aes_kwp_unwrap(&ctx, 0, back, sizeof back, &n, out, 16), CCE_OK);
  CHECK(n == 7 && memcmp(back, data, 7) == 0, "RFC 5649 7-byte unwrap");
  out[3] ^= 0x10;
  CHECK_ST(cce_aes_kwp_unwrap(&ctx, 0, back, sizeof back, &n, out, 16), CCE_ERR_AUTH);
  // inverse-cipher variant round trip and difference
  uint8_t out2[80];
  CHECK_ST(cce_aes_kwp_wrap(&ctx, CCE_AES_KW_INVERSE, out2, sizeof out2, &n, data, 7), CCE_OK);
  CHECK(memcmp(out2, out, 16) != 0, "inverse-cipher KWP differs");
  CHECK_ST(cce_aes_kwp_unwrap(&ctx, CCE_AES_KW_INVERSE, back, sizeof back, &n, out2, 16), CCE_OK);
  CHECK(n == 7 && memcmp(back, data, 7) == 0, "inverse-cipher KWP round trip");
  CHECK_ST(cce_aes_kwp_unwrap(&ctx, 0, back, sizeof back, &n, out2, 16), CCE_ERR_AUTH);
  cce_aes_cleanup(&ctx);
}

static void test_xts(void) {
  uint8_t key[64], tw[16], pt[64], out[64], back[64];
  cce_aes_xts_ctx ctx;
  // IEEE 1619 vector 2
  memset(key, 0x11, 16);
  memset(key + 16, 0x22, 16);
  memset(pt, 0x44, 32);
  CHECK_ST(cce_aes_xts_init(&ctx, key, 32), CCE_OK);
  CHECK_ST(cce_aes_xts_encrypt_du(&ctx, out, 0x3333333333ull, pt, 32), CCE_OK);
  CHECK(HEXEQ(out, "c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0"), "IEEE 1619 vector 2");
  CHECK_ST(cce_aes_xts_decrypt_du(&ctx, back, 0x3333333333ull, out, 32), CCE_OK);
  CHECK(memcmp(back, pt, 32) == 0, "IEEE 1619 vector 2 decrypt");
  cce_aes_xts_cleanup(&ctx);
  // IEEE 1619 vector 15 (17 bytes: ciphertext stealing)
  unhex(key, "fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0bfbebdbcbbbab9b8b7b6b5b4b3b2b1b0");
  unhex(pt, "000102030405060708090a0b0c0d0e0f10");
  memset(tw, 0, 16);
  unhex(tw, "9a78563412");
  CHECK_ST(cce_aes_xts_init(&ctx, key, 32), CCE_OK);
  CHECK_ST(cce_aes_xts_encrypt(&ctx, out, tw, pt, 17), CCE_OK);
  CHECK(HEXEQ(out, "6c1625db4671522d3d7599601de7ca09ed"), "IEEE 1619 vector 15");
  CHECK_ST(cce_aes_xts_decrypt(&ctx, out, tw, out, 17), CCE_OK);
  CHECK(memcmp(out, pt, 17) == 0, "IEEE 1619 vector 15 decrypt in place");
  CHECK_ST(cce_aes_xts_encrypt(&ctx, out, tw, pt, 15), CCE_ERR_INVALID_LENGTH);
  cce_aes_xts_cleanup(&ctx);
  // key1 == key2
  memset(key, 0x5a, 64);
  CHECK_ST(cce_aes_xts_init(&ctx, key, 64), CCE_ERR_KEY_INVALID);
  CHECK_ST(cce_aes_xts_init(&ctx, key, 32), CCE_ERR_KEY_INVALID);
  CHECK_ST(cce_aes_xts_init(&ctx, key, 40), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_xts_encrypt(&ctx, out, tw, pt, 32), CCE_ERR_CTX_STATE);
  // AES-192 XTS works but is not approved
  rnd(key, 48);
  CHECK_ST(cce_aes_xts_init(&ctx, key, 48), CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED, "XTS-AES-192 not approved");
  CHECK_ST(cce_aes_xts_encrypt(&ctx, out, tw, pt, 32), CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED, "XTS-AES-192 encrypt not approved");
  cce_aes_xts_cleanup(&ctx);
  rnd(key, 64);
  CHECK_ST(cce_aes_xts_init(&ctx, key, 64), CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "XTS-AES-256 approved");
  // bit-length data unit: the last partial byte keeps only its leading bits
  rnd(pt, 64);
  pt[29] &= 0xf8;  // 237 bits
  CHECK_ST(cce_aes_xts_encrypt_bits(&ctx, out, tw, pt, 237), CCE_OK);
  CHECK((out[29] & 0x07) == 0, "XTS bit-length output trimmed");
  CHECK_ST(cce_aes_xts_decrypt_bits(&ctx, back, tw, out, 237), CCE_OK);
  CHECK(memcmp(back, pt, 30) == 0, "XTS 237-bit round trip");
  CHECK_ST(cce_aes_xts_encrypt_bits(&ctx, out, tw, pt, 127), CCE_ERR_INVALID_LENGTH);
  cce_aes_xts_cleanup(&ctx);
}

static void test_cmac(void) {
  uint8_t key[16], msg[64], tag[16];
  unhex(key, SP38A_KEY);
  unhex(msg, SP38A_PT);
  static const size_t lens[4] = {0, 16, 40, 64};
  static const char *exp[4] = {"bb1d6929e95937287fa37d129b756746", "070a16b46b4d4144f79bdd9dd04a287c",
                               "dfa66747de9ae63030ca32611497c827", "51f0bebf7e3b9d92fc49741779363cfe"};
  for (int i = 0; i < 4; i++) {
    CHECK_ST(cce_aes_cmac(tag, 16, key, 16, msg, lens[i]), CCE_OK);
    CHECK(HEXEQ(tag, exp[i]), "SP 800-38B D.1 example %d", i + 1);
    CHECK_ST(cce_aes_cmac_verify(tag, 16, key, 16, msg, lens[i]), CCE_OK);
    CHECK_ST(cce_aes_cmac_verify(tag, 8, key, 16, msg, lens[i]), CCE_OK);
    tag[15] ^= 1;
    CHECK_ST(cce_aes_cmac_verify(tag, 16, key, 16, msg, lens[i]), CCE_ERR_AUTH);
    // streaming, byte by byte
    cce_aes_cmac_ctx ctx;
    CHECK_ST(cce_aes_cmac_init(&ctx, key, 16), CCE_OK);
    for (size_t j = 0; j < lens[i]; j++) CHECK_ST(cce_aes_cmac_update(&ctx, msg + j, 1), CCE_OK);
    CHECK_ST(cce_aes_cmac_final(&ctx, tag, 4), CCE_OK);
    uint8_t full[16];
    unhex(full, exp[i]);
    CHECK(memcmp(tag, full, 4) == 0, "streaming CMAC truncated tag %d", i + 1);
    CHECK_ST(cce_aes_cmac_update(&ctx, msg, 1), CCE_ERR_CTX_STATE);
    CHECK_ST(cce_aes_cmac_final(&ctx, tag, 16), CCE_ERR_CTX_STATE);
    CHECK_ST(cce_aes_cmac_init(&ctx, key, 16), CCE_OK);
    CHECK_ST(cce_aes_cmac_update(&ctx, msg, lens[i]), CCE_OK);
    CHECK_ST(cce_aes_cmac_verify_final(&ctx, full, 16), CCE_OK);
  }
}

static void test_ccm(void) {
  uint8_t key[16], nonce[13], aad[16], pt[32], out[32], tag[16], back[32];
  cce_aes_ctx ctx;
  unhex(key, "404142434445464748494a4b4c4d4e4f");
  CHECK_ST(cce_aes_init(&ctx, key, 16), CCE_OK);
  unhex(nonce, "10111213141516");
  unhex(aad, "0001020304050607");
  unhex(pt, "20212223");
  CHECK_ST(cce_aes_ccm_seal(&ctx, out, tag, 4, nonce, 7, aad, 8, pt, 4), CCE_OK);
  CHECK(HEXEQ(out, "7162015b") && HEXEQ(tag, "4dac255d"), "SP 800-38C C.1 example 1");
  CHECK_ST(cce_aes_ccm_open(&ctx, back, nonce, 7, aad, 8, out, 4, tag, 4), CCE_OK);
  CHECK(memcmp(back, pt, 4) == 0, "example 1 open");
  unhex(nonce, "1011121314151617");
  unhex(aad, "000102030405060708090a0b0c0d0e0f");
  unhex(pt, "202122232425262728292a2b2c2d2e2f");
  CHECK_ST(cce_aes_ccm_seal(&ctx, out, tag, 6, nonce, 8, aad, 16, pt, 16), CCE_OK);
  CHECK(HEXEQ(out, "d2a1f0e051ea5f62081a7792073d593d") && HEXEQ(tag, "1fc64fbfaccd"), "SP 800-38C C.1 example 2");
  tag[0] ^= 0x80;
  memset(back, 0x55, sizeof back);
  CHECK_ST(cce_aes_ccm_open(&ctx, back, nonce, 8, aad, 16, out, 16, tag, 6), CCE_ERR_AUTH);
  int zero = 1;
  for (int i = 0; i < 16; i++) zero &= back[i] == 0;
  CHECK(zero, "CCM open failure zeroes the output");
  // parameter errors
  CHECK_ST(cce_aes_ccm_seal(&ctx, out, tag, 6, nonce, 6, aad, 16, pt, 16), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_ccm_seal(&ctx, out, tag, 6, nonce, 14, aad, 16, pt, 16), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_ccm_seal(&ctx, out, tag, 5, nonce, 8, aad, 16, pt, 16), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_ccm_seal(&ctx, out, tag, 2, nonce, 8, aad, 16, pt, 16), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_ccm_seal(&ctx, out, tag, 18, nonce, 8, aad, 16, pt, 16), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_ccm_seal(&ctx, out + 1, tag, 6, nonce, 8, aad, 16, out, 16), CCE_ERR_ALIAS);
  CHECK_ST(cce_aes_ccm_seal(&ctx, NULL, tag, 6, nonce, 8, aad, 16, pt, 16), CCE_ERR_NULL_POINTER);
  // nonce of 13 bytes leaves a 2-byte length field: 65536 bytes is too long
  uint8_t *big = calloc(1, 65536);
  CHECK_ST(cce_aes_ccm_seal(&ctx, big, tag, 16, nonce, 13, NULL, 0, big, 65536), CCE_ERR_LENGTH_OVERFLOW);
  CHECK_ST(cce_aes_ccm_seal(&ctx, big, tag, 16, nonce, 13, NULL, 0, big, 65535), CCE_OK);
  CHECK_ST(cce_aes_ccm_open(&ctx, big, nonce, 13, NULL, 0, big, 65535, tag, 16), CCE_OK);
  int allzero = 1;
  for (size_t i = 0; i < 65535; i++) allzero &= big[i] == 0;
  CHECK(allzero, "CCM 65535-byte in-place round trip");
  free(big);
  cce_aes_cleanup(&ctx);
}

// ---------------------------------------------------------------------------
// Implementations against each other.
static void test_impl_agreement(void) {
  if (!have_ni()) {
    printf("note: AES-NI unavailable (or masked by CCE_CPU): agreement tests use the portable path only\n");
    return;
  }
  int has_vaes = (cce_cpu_features() & CCE_AES_VAES_CPU) == CCE_AES_VAES_CPU;
  static uint8_t in[16 * 67], a[16 * 67], b[16 * 67], c[16 * 67];
  for (int trial = 0; trial < 12; trial++) {
    uint8_t key[32], iv[16], ia[16], ib[16], ic[16];
    size_t kl = 16 + 8 * (size_t)(trial % 3);
    size_t nb = 1 + (size_t)trial * 5 % 67;
    rnd(key, kl);
    rnd(in, sizeof in);
    rnd(iv, 16);
    cce_aes_key k;
    CHECK_ST(cce_aes_setkey_impl(&k, key, kl), CCE_OK);
    cce_aes_ct_encrypt_blocks(&k, in, a, nb);
    cce_aes_ni_encrypt_blocks(&k, in, b, nb);
    CHECK(memcmp(a, b, 16 * nb) == 0, "ECB encrypt ct vs aesni (kl %zu nb %zu)", kl, nb);
    cce_aes_ct_decrypt_blocks(&k, in, a, nb);
    cce_aes_ni_decrypt_blocks(&k, in, b, nb);
    CHECK(memcmp(a, b, 16 * nb) == 0, "ECB decrypt ct vs aesni");
    memcpy(ia, iv, 16); memcpy(ib, iv, 16);
    cce_aes_ct_cbc_decrypt(&k, ia, in, a, nb);
    cce_aes_ni_cbc_decrypt(&k, ib, in, b, nb);
    CHECK(memcmp(a, b, 16 * nb) == 0 && memcmp(ia, ib, 16) == 0, "CBC decrypt ct vs aesni");
    size_t len = 16 * nb - (size_t)trial % 16;
    // counters near the 32-bit wrap too
    if (trial & 1) memset(iv + 12, 0xff, 3);
    memcpy(ia, iv, 16); memcpy(ib, iv, 16);
    cce_aes_ct_ctr32(&k, ia, in, a, len);
    cce_aes_ni_ctr32(&k, ib, in, b, len);
    CHECK(memcmp(a, b, len) == 0 && memcmp(ia, ib, 16) == 0, "CTR32 ct vs aesni (len %zu)", len);
    if (has_vaes) {
      memcpy(ic, iv, 16);
      cce_aes_vaes_ctr32(&k, ic, in, c, len);
      CHECK(memcmp(a, c, len) == 0 && memcmp(ia, ic, 16) == 0, "CTR32 ct vs vaes (len %zu)", len);
    }
    for (int dec = 0; dec < 2; dec++) {
      memcpy(ia, iv, 16); memcpy(ib, iv, 16); memcpy(ic, iv, 16);
      cce_aes_ct_xts(&k, ia, in, a, nb, dec);
      cce_aes_ni_xts(&k, ib, in, b, nb, dec);
      CHECK(memcmp(a, b, 16 * nb) == 0 && memcmp(ia, ib, 16) == 0, "XTS ct vs aesni (dec %d)", dec);
      if (has_vaes) {
        cce_aes_vaes_xts(&k, ic, in, c, nb, dec);
        CHECK(memcmp(a, c, 16 * nb) == 0 && memcmp(ia, ic, 16) == 0, "XTS ct vs vaes (dec %d nb %zu)", dec, nb);
      }
    }
    cce_wipe(&k, sizeof k);
  }
  if (!has_vaes) printf("note: VAES/AVX-512 unavailable: VAES paths not compared\n");
}

// ---------------------------------------------------------------------------
// Round trips of every length 0..100 through the public API.
static void test_round_trips(void) {
  uint8_t key[64], iv[16], ivc[16], in[128], out[160], back[160], tag[16];
  size_t n, m;
  rnd(key, 64);
  rnd(iv, 16);
  rnd(in, sizeof in);
  cce_aes_ctx ctx;
  cce_aes_xts_ctx xctx;
  CHECK_ST(cce_aes_init(&ctx, key, 32), CCE_OK);
  CHECK_ST(cce_aes_xts_init(&xctx, key, 64), CCE_OK);
  int bad = 0;
  for (size_t len = 0; len <= 100; len++) {
    memcpy(ivc, iv, 16);
    if (cce_aes_ctr_crypt(&ctx, ivc, out, in, len) != CCE_OK) bad++;
    memcpy(ivc, iv, 16);
    if (cce_aes_ctr_crypt(&ctx, ivc, back, out, len) != CCE_OK || memcmp(back, in, len) != 0) bad++;
    if (len % 16 == 0) {
      memcpy(ivc, iv, 16);
      if (cce_aes_cbc_encrypt(&ctx, ivc, out, in, len) != CCE_OK) bad++;
      memcpy(ivc, iv, 16);
      if (cce_aes_cbc_decrypt(&ctx, ivc, back, out, len) != CCE_OK || memcmp(back, in, len) != 0) bad++;
      if (cce_aes_ecb_encrypt(&ctx, out, in, len) != CCE_OK || cce_aes_ecb_decrypt(&ctx, back, out, len) != CCE_OK ||
          memcmp(back, in, len) != 0)
        bad++;
    }
    if (len >= 16) {
      if (cce_aes_xts_encrypt(&xctx, out, iv, in, len) != CCE_OK ||
          cce_aes_xts_decrypt(&xctx, back, iv, out, len) != CCE_OK || memcmp(back, in, len) != 0)
        bad++;
    }
    if (cce_aes_ccm_seal(&ctx, out, tag, 12, iv, 12, in + 3, len / 2, in, len) != CCE_OK ||
        cce_aes_ccm_open(&ctx, back, iv, 12, in + 3, len / 2, out, len, tag, 12) != CCE_OK ||
        memcmp(back, in, len) != 0)
      bad++;
    if (len >= 1) {
      if (cce_aes_kwp_wrap(&ctx, 0, out, sizeof out, &n, in, len) != CCE_OK || n != (len + 7) / 8 * 8 + 8 ||
          cce_aes_kwp_unwrap(&ctx, 0, back, sizeof back, &m, out, n) != CCE_OK || m != len ||
          memcmp(back, in, len) != 0)
        bad++;
    }
    if (len >= 16 && len % 8 == 0) {
      if (cce_aes_kw_wrap(&ctx, 0, out, sizeof out, &n, in, len) != CCE_OK || n != len + 8 ||
          cce_aes_kw_unwrap(&ctx, 0, back, sizeof back, &m, out, n) != CCE_OK || m != len ||
          memcmp(back, in, len) != 0)
        bad++;
    }
    // CMAC: streaming at every split equals one-shot
    uint8_t t1[16], t2[16];
    if (cce_aes_cmac(t1, 16, key, 24, in, len) != CCE_OK) bad++;
    size_t split = len * 7 / 13;
    cce_aes_cmac_ctx cm;
    if (cce_aes_cmac_init(&cm, key, 24) != CCE_OK || cce_aes_cmac_update(&cm, in, split) != CCE_OK ||
        cce_aes_cmac_update(&cm, in + split, len - split) != CCE_OK || cce_aes_cmac_final(&cm, t2, 16) != CCE_OK ||
        memcmp(t1, t2, 16) != 0)
      bad++;
    // PKCS#7 pad/unpad
    if (cce_pkcs7_pad(out, sizeof out, &n, in, len, 16) != CCE_OK || n % 16 != 0 || n <= len ||
        cce_pkcs7_unpad(out, n, 16, &m) != CCE_OK || m != len)
      bad++;
  }
  CHECK(bad == 0, "%d round-trip failures over lengths 0..100", bad);
  // in-place CTR and CBC
  memcpy(out, in, 100);
  memcpy(ivc, iv, 16);
  CHECK_ST(cce_aes_ctr_crypt(&ctx, ivc, out, out, 100), CCE_OK);
  memcpy(ivc, iv, 16);
  CHECK_ST(cce_aes_ctr_crypt(&ctx, ivc, out, out, 100), CCE_OK);
  CHECK(memcmp(out, in, 100) == 0, "CTR in place");
  cce_aes_cleanup(&ctx);
  cce_aes_xts_cleanup(&xctx);
}

// ---------------------------------------------------------------------------
static void test_errors(void) {
  uint8_t key[32] = {1}, buf[64] = {0}, iv[16] = {0};
  size_t n;
  cce_aes_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  CHECK_ST(cce_aes_init(NULL, key, 16), CCE_ERR_NULL_POINTER);
  CHECK_ST(cce_aes_init(&ctx, NULL, 16), CCE_ERR_NULL_POINTER);
  CHECK_ST(cce_aes_init(&ctx, key, 15), CCE_ERR_INVALID_LENGTH);
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED, "indicator FAILED after an error");
  CHECK_ST(cce_aes_ecb_encrypt(&ctx, buf, buf, 16), CCE_ERR_CTX_STATE);
  CHECK_ST(cce_aes_init(&ctx, key, 24), CCE_OK);
  CHECK_ST(cce_aes_ecb_encrypt(&ctx, buf, buf, 15), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_ecb_decrypt(&ctx, buf, buf, 17), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_cbc_encrypt(&ctx, iv, buf, buf, 8), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_cbc_decrypt(&ctx, NULL, buf, buf, 16), CCE_ERR_NULL_POINTER);
  CHECK_ST(cce_aes_ecb_encrypt(&ctx, NULL, buf, 16), CCE_ERR_NULL_POINTER);
  CHECK_ST(cce_aes_ecb_encrypt(&ctx, buf + 16, buf, 32), CCE_ERR_ALIAS);
  CHECK_ST(cce_aes_cbc_decrypt(&ctx, iv, buf, buf + 16, 32), CCE_ERR_ALIAS);
  CHECK_ST(cce_aes_ctr_crypt(&ctx, iv, buf + 1, buf, 20), CCE_ERR_ALIAS);
  CHECK_ST(cce_aes_ctr_crypt(&ctx, iv, buf, buf, 20), CCE_OK);
  CHECK_ST(cce_aes_ecb_encrypt(&ctx, NULL, NULL, 0), CCE_OK);
  CHECK_ST(cce_aes_kw_wrap(&ctx, 0, buf, sizeof buf, &n, buf, 8), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_kw_wrap(&ctx, 0, buf, sizeof buf, &n, buf, 20), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_kw_wrap(&ctx, 0, buf, 23, &n, buf, 16), CCE_ERR_BUFFER_TOO_SMALL);
  CHECK_ST(cce_aes_kw_wrap(&ctx, 2, buf, sizeof buf, &n, buf, 16), CCE_ERR_INVALID_ARG);
  CHECK_ST(cce_aes_kw_unwrap(&ctx, 0, buf, sizeof buf, &n, buf, 16), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_kwp_wrap(&ctx, 0, buf, sizeof buf, &n, buf, 0), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_kwp_unwrap(&ctx, 0, buf, sizeof buf, &n, buf, 12), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_kwp_unwrap(&ctx, 0, buf, 4, &n, buf, 24), CCE_ERR_BUFFER_TOO_SMALL);
  CHECK_ST(cce_aes_kw_wrap(&ctx, 0, buf, sizeof buf, NULL, buf, 16), CCE_ERR_NULL_POINTER);
  cce_aes_cleanup(&ctx);
  CHECK_ST(cce_aes_ctr_crypt(&ctx, iv, buf, buf, 16), CCE_ERR_CTX_STATE);
  // CMAC
  uint8_t tag[16];
  CHECK_ST(cce_aes_cmac(tag, 0, key, 16, buf, 16), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_cmac(tag, 17, key, 16, buf, 16), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_cmac(tag, 16, key, 20, buf, 16), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_cmac(NULL, 16, key, 16, buf, 16), CCE_ERR_NULL_POINTER);
  CHECK_ST(cce_aes_cmac(tag, 1, key, 16, buf, 16), CCE_OK);
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "1-byte CMAC tag reported approved");
  cce_aes_cmac_ctx cm;
  memset(&cm, 0, sizeof cm);
  CHECK_ST(cce_aes_cmac_update(&cm, buf, 1), CCE_ERR_CTX_STATE);
  CHECK_ST(cce_aes_cmac_init(&cm, key, 8), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_cmac_init(&cm, key, 16), CCE_OK);
  CHECK_ST(cce_aes_cmac_final(&cm, tag, 0), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_aes_cmac_update(&cm, NULL, 3), CCE_ERR_NULL_POINTER);
  cce_aes_cmac_cleanup(&cm);
  CHECK_ST(cce_aes_cmac_final(&cm, tag, 16), CCE_ERR_CTX_STATE);
  // PKCS#7
  uint8_t p[32];
  memset(p, 0, sizeof p);
  CHECK_ST(cce_pkcs7_unpad(p, 16, 16, &n), CCE_ERR_DECODE);  // pad byte 0
  p[15] = 17;
  CHECK_ST(cce_pkcs7_unpad(p, 16, 16, &n), CCE_ERR_DECODE);  // pad byte > block
  p[15] = 2; p[14] = 3;
  CHECK_ST(cce_pkcs7_unpad(p, 16, 16, &n), CCE_ERR_DECODE);  // inconsistent
  p[14] = 2;
  CHECK_ST(cce_pkcs7_unpad(p, 16, 16, &n), CCE_OK);
  CHECK(n == 14, "unpad length");
  memset(p, 16, 16);
  CHECK_ST(cce_pkcs7_unpad(p, 16, 16, &n), CCE_OK);
  CHECK(n == 0, "full padding block");
  CHECK_ST(cce_pkcs7_unpad(p, 15, 16, &n), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_pkcs7_unpad(p, 0, 16, &n), CCE_ERR_INVALID_LENGTH);
  CHECK_ST(cce_pkcs7_pad(p, 16, &n, p, 16, 16), CCE_ERR_BUFFER_TOO_SMALL);
  CHECK_ST(cce_pkcs7_pad(p, 32, &n, p, 16, 0), CCE_ERR_INVALID_ARG);
}

int main(void) {
  printf("aes implementation: %s (cpu features 0x%x)\n", cce_impl_name("aes"), cce_cpu_features());
  test_sbox();
  test_fips197();
  test_sp800_38a();
  test_ctr_wrap();
  test_kw();
  test_xts();
  test_cmac();
  test_ccm();
  test_impl_agreement();
  test_round_trips();
  test_errors();
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
