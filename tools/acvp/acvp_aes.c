// cce-acvp handlers for the AES modes other than GCM (draft-celi-acvp-
// symmetric): ACVP-AES-ECB, -CBC (AFT and MCT), -CTR, -CCM, -KW, -KWP,
// -XTS (revisions 1.0 and 2.0) and CMAC-AES (draft-fussell-acvp-mac).
//
// Lengths in prompts are in bits. CTR encrypt groups let the module choose
// the initial counter block: the answer carries it as "iv". Failed
// decryptions, unwraps and verifications answer "testPassed": false.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acvp.h"
#include "cce/aes.h"

#define FAIL(...)                 \
  do {                            \
    acvp_set_reason(__VA_ARGS__); \
    goto out;                     \
  } while (0)

static const json_t *tests_of(const json_t *group) {
  const json_t *t = json_object_get(group, "tests");
  if (!json_is_array(t)) acvp_set_reason("group has no tests array");
  return json_is_array(t) ? t : NULL;
}

static int is_dir(const json_t *group, const char *dir) {
  const char *d = acvp_str(group, "direction");
  return d != NULL && strcmp(d, dir) == 0;
}

// Integer field from the test, else from the group.
static int get_int(const json_t *group, const json_t *test, const char *key, long long *out) {
  if (json_object_get(test, key) != NULL) return acvp_int(test, key, out);
  return acvp_int(group, key, out);
}

// Keep the first `bits` bits of buf (length ceil(bits/8)): zero the rest.
static void trim_bits(uint8_t *buf, size_t bits) {
  if (bits % 8) buf[bits / 8] &= (uint8_t)(0xff00u >> (bits % 8));
}

// ---------------------------------------------------------------------------
// ECB / CBC

static void xor_into(uint8_t *dst, const uint8_t *src, size_t n) {
  for (size_t i = 0; i < n; i++) dst[i] ^= src[i];
}

// Key update of the AES MCT: key ^= last key_len bytes of (prev || last).
static void mct_key_update(uint8_t *key, size_t kl, const uint8_t prev[16], const uint8_t last[16]) {
  uint8_t cat[32];
  memcpy(cat, prev, 16);
  memcpy(cat + 16, last, 16);
  xor_into(key, cat + 32 - kl, kl);
}

static int block_mct(int cbc, int enc, const uint8_t *key0, size_t kl, const uint8_t *iv0, const uint8_t *in0,
                     json_t *rt) {
  uint8_t key[32], iv[16], in[16], out[16], prev[16], st[16];
  json_t *arr = json_array();
  memcpy(key, key0, kl);
  memcpy(in, in0, 16);
  if (cbc) memcpy(iv, iv0, 16);
  for (int i = 0; i < 100; i++) {
    cce_aes_ctx ctx;
    json_t *e = json_object();
    acvp_set_hex(e, "key", key, kl);
    if (cbc) acvp_set_hex(e, "iv", iv, 16);
    acvp_set_hex(e, enc ? "pt" : "ct", in, 16);
    if (cce_aes_init(&ctx, key, kl) != CCE_OK) {
      json_decref(e);
      json_decref(arr);
      acvp_set_reason("cce_aes_init failed");
      return ACVP_ERROR;
    }
    memcpy(st, iv, 16);
    for (int j = 0; j < 1000; j++) {
      cce_status s;
      memcpy(prev, out, 16);
      if (!cbc)
        s = enc ? cce_aes_ecb_encrypt(&ctx, out, in, 16) : cce_aes_ecb_decrypt(&ctx, out, in, 16);
      else
        s = enc ? cce_aes_cbc_encrypt(&ctx, st, out, in, 16) : cce_aes_cbc_decrypt(&ctx, st, out, in, 16);
      if (s != CCE_OK) {
        json_decref(e);
        json_decref(arr);
        acvp_set_reason("AES call failed: %s", cce_status_str(s));
        return ACVP_ERROR;
      }
      if (!cbc)
        memcpy(in, out, 16);
      else
        memcpy(in, j == 0 ? iv : prev, 16);  // next input: IV, then the output before last
    }
    cce_aes_cleanup(&ctx);
    acvp_set_hex(e, enc ? "ct" : "pt", out, 16);
    json_array_append_new(arr, e);
    mct_key_update(key, kl, prev, out);
    if (cbc) {
      memcpy(iv, out, 16);
      memcpy(in, prev, 16);
    } else {
      memcpy(in, out, 16);
    }
  }
  json_object_set_new(rt, "resultsArray", arr);
  return ACVP_OK;
}

static int ecb_cbc_group(const json_t *vs, const json_t *group, json_t *resp) {
  const char *alg = acvp_str(vs, "algorithm");
  const char *tt = acvp_str(group, "testType");
  const json_t *tests = tests_of(group);
  if (alg == NULL || tt == NULL || tests == NULL) return ACVP_ERROR;
  int cbc = strcmp(alg, "ACVP-AES-CBC") == 0;
  int enc = is_dir(group, "encrypt");
  int mct = strcmp(tt, "MCT") == 0;
  if (!mct && strcmp(tt, "AFT") != 0) {
    acvp_set_reason("test type %s not supported", tt);
    return ACVP_UNSUPPORTED;
  }
  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    int rc = ACVP_ERROR;
    size_t kl = 0, ivl = 16, il = 0;
    uint8_t *key = acvp_hex(t, "key", &kl);
    uint8_t *iv = cbc ? acvp_hex(t, "iv", &ivl) : NULL;
    uint8_t *in = acvp_hex(t, enc ? "pt" : "ct", &il);
    uint8_t *outb = NULL;
    if (key == NULL || in == NULL || (cbc && iv == NULL)) FAIL("missing field");
    if (cbc && ivl != 16) FAIL("bad iv length");
    json_t *rt = acvp_add_test(resp, t);
    if (mct) {
      if (il != 16) FAIL("MCT input must be one block");
      rc = block_mct(cbc, enc, key, kl, iv, in, rt);
      goto out;
    }
    cce_aes_ctx ctx;
    cce_status s = cce_aes_init(&ctx, key, kl);
    if (s != CCE_OK) FAIL("cce_aes_init: %s", cce_status_str(s));
    outb = malloc(il + 1);
    if (!cbc)
      s = enc ? cce_aes_ecb_encrypt(&ctx, outb, in, il) : cce_aes_ecb_decrypt(&ctx, outb, in, il);
    else
      s = enc ? cce_aes_cbc_encrypt(&ctx, iv, outb, in, il) : cce_aes_cbc_decrypt(&ctx, iv, outb, in, il);
    cce_aes_cleanup(&ctx);
    if (s != CCE_OK) FAIL("AES: %s", cce_status_str(s));
    acvp_set_hex(rt, enc ? "ct" : "pt", outb, il);
    rc = ACVP_OK;
  out:
    free(key);
    free(iv);
    free(in);
    free(outb);
    if (rc != ACVP_OK) return rc;
  }
  return ACVP_OK;
}

// ---------------------------------------------------------------------------
// CTR

static int ctr_group(const json_t *vs, const json_t *group, json_t *resp) {
  (void)vs;
  const json_t *tests = tests_of(group);
  if (tests == NULL) return ACVP_ERROR;
  int enc = is_dir(group, "encrypt");
  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    int rc = ACVP_ERROR;
    size_t kl = 0, ivl = 0, il = 0;
    long long bits, tcid;
    uint8_t *key = acvp_hex(t, "key", &kl);
    uint8_t *in = acvp_hex(t, enc ? "pt" : "ct", &il);
    uint8_t *iv = NULL, *outb = NULL;
    uint8_t ctr[16];
    if (key == NULL || in == NULL || get_int(group, t, "payloadLen", &bits) || acvp_int(t, "tcId", &tcid))
      FAIL("missing field");
    if ((size_t)(bits + 7) / 8 != il) FAIL("payloadLen does not match the data");
    if (enc) {
      // Module-chosen initial counter block: a fixed prefix, the test case
      // number, and a low counter word starting at 1.
      static const uint8_t prefix[8] = {'O', 'p', 'e', 'n', 'C', 'C', 'E', 0};
      memcpy(ctr, prefix, 8);
      for (int b = 0; b < 4; b++) ctr[8 + b] = (uint8_t)(tcid >> (24 - 8 * b));
      ctr[12] = ctr[13] = ctr[14] = 0;
      ctr[15] = 1;
    } else {
      iv = acvp_hex(t, "iv", &ivl);
      if (iv == NULL || ivl != 16) FAIL("bad iv");
      memcpy(ctr, iv, 16);
    }
    json_t *rt = acvp_add_test(resp, t);
    if (enc) acvp_set_hex(rt, "iv", ctr, 16);
    cce_aes_ctx ctx;
    cce_status s = cce_aes_init(&ctx, key, kl);
    if (s != CCE_OK) FAIL("cce_aes_init: %s", cce_status_str(s));
    outb = malloc(il + 1);
    s = cce_aes_ctr_crypt(&ctx, ctr, outb, in, il);
    cce_aes_cleanup(&ctx);
    if (s != CCE_OK) FAIL("CTR: %s", cce_status_str(s));
    trim_bits(outb, (size_t)bits);
    acvp_set_hex(rt, enc ? "ct" : "pt", outb, il);
    rc = ACVP_OK;
  out:
    free(key);
    free(iv);
    free(in);
    free(outb);
    if (rc != ACVP_OK) return rc;
  }
  return ACVP_OK;
}

// ---------------------------------------------------------------------------
// CCM

static int ccm_group(const json_t *vs, const json_t *group, json_t *resp) {
  (void)vs;
  const json_t *tests = tests_of(group);
  if (tests == NULL) return ACVP_ERROR;
  int enc = is_dir(group, "encrypt");
  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    int rc = ACVP_ERROR;
    size_t kl = 0, nl = 0, al = 0, il = 0;
    long long tag_bits, pl_bits;
    uint8_t *key = acvp_hex(t, "key", &kl), *nonce = acvp_hex(t, "iv", &nl), *aad = acvp_hex(t, "aad", &al);
    uint8_t *in = acvp_hex(t, enc ? "pt" : "ct", &il), *outb = NULL;
    if (!key || !nonce || !aad || !in || get_int(group, t, "tagLen", &tag_bits) ||
        get_int(group, t, "payloadLen", &pl_bits))
      FAIL("missing field");
    size_t tl = (size_t)tag_bits / 8, pl = (size_t)pl_bits / 8;
    if (il != (enc ? pl : pl + tl)) FAIL("data length does not match payloadLen/tagLen");
    json_t *rt = acvp_add_test(resp, t);
    cce_aes_ctx ctx;
    cce_status s = cce_aes_init(&ctx, key, kl);
    if (s != CCE_OK) FAIL("cce_aes_init: %s", cce_status_str(s));
    outb = malloc(pl + tl + 1);
    if (enc) {
      s = cce_aes_ccm_seal(&ctx, outb, outb + pl, tl, nonce, nl, aad, al, in, pl);
      if (s == CCE_OK) acvp_set_hex(rt, "ct", outb, pl + tl);
    } else {
      s = cce_aes_ccm_open(&ctx, outb, nonce, nl, aad, al, in, pl, in + pl, tl);
      if (s == CCE_OK)
        acvp_set_hex(rt, "pt", outb, pl);
      else if (s == CCE_ERR_AUTH)
        json_object_set_new(rt, "testPassed", json_false());
    }
    cce_aes_cleanup(&ctx);
    if (s != CCE_OK && s != CCE_ERR_AUTH) FAIL("CCM: %s", cce_status_str(s));
    rc = ACVP_OK;
  out:
    free(key);
    free(nonce);
    free(aad);
    free(in);
    free(outb);
    if (rc != ACVP_OK) return rc;
  }
  return ACVP_OK;
}

// ---------------------------------------------------------------------------
// KW / KWP

static int kw_group(const json_t *vs, const json_t *group, json_t *resp) {
  const char *alg = acvp_str(vs, "algorithm");
  const char *cipher = acvp_str(group, "kwCipher");
  const json_t *tests = tests_of(group);
  if (alg == NULL || cipher == NULL || tests == NULL) return ACVP_ERROR;
  int kwp = strcmp(alg, "ACVP-AES-KWP") == 0;
  int enc = is_dir(group, "encrypt");
  unsigned flags = strcmp(cipher, "inverse") == 0 ? CCE_AES_KW_INVERSE : 0;
  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    int rc = ACVP_ERROR;
    size_t kl = 0, il = 0, ol = 0;
    uint8_t *key = acvp_hex(t, "key", &kl), *in = acvp_hex(t, enc ? "pt" : "ct", &il), *outb = NULL;
    if (!key || !in) FAIL("missing field");
    json_t *rt = acvp_add_test(resp, t);
    cce_aes_ctx ctx;
    cce_status s = cce_aes_init(&ctx, key, kl);
    if (s != CCE_OK) FAIL("cce_aes_init: %s", cce_status_str(s));
    size_t cap = il + 16;
    outb = malloc(cap);
    if (enc)
      s = kwp ? cce_aes_kwp_wrap(&ctx, flags, outb, cap, &ol, in, il) : cce_aes_kw_wrap(&ctx, flags, outb, cap, &ol, in, il);
    else
      s = kwp ? cce_aes_kwp_unwrap(&ctx, flags, outb, cap, &ol, in, il)
              : cce_aes_kw_unwrap(&ctx, flags, outb, cap, &ol, in, il);
    cce_aes_cleanup(&ctx);
    if (s == CCE_OK)
      acvp_set_hex(rt, enc ? "ct" : "pt", outb, ol);
    else if (!enc)
      json_object_set_new(rt, "testPassed", json_false());  // AUTH or an impossible length
    else
      FAIL("wrap: %s", cce_status_str(s));
    rc = ACVP_OK;
  out:
    free(key);
    free(in);
    free(outb);
    if (rc != ACVP_OK) return rc;
  }
  return ACVP_OK;
}

// ---------------------------------------------------------------------------
// XTS

// Copy `nbits` bits starting at bit `off` of src (MSB-first) to dst (from its
// first bit); unused low bits of the last byte are zero.
static void get_bits(uint8_t *dst, const uint8_t *src, size_t off, size_t nbits) {
  memset(dst, 0, (nbits + 7) / 8);
  for (size_t i = 0; i < nbits; i++) {
    size_t s = off + i;
    if (src[s / 8] & (0x80 >> (s % 8))) dst[i / 8] |= (uint8_t)(0x80 >> (i % 8));
  }
}
static void put_bits(uint8_t *dst, size_t off, const uint8_t *src, size_t nbits) {
  for (size_t i = 0; i < nbits; i++) {
    size_t d = off + i;
    uint8_t m = (uint8_t)(0x80 >> (d % 8));
    if (src[i / 8] & (0x80 >> (i % 8)))
      dst[d / 8] |= m;
    else
      dst[d / 8] &= (uint8_t)~m;
  }
}

static void tweak_inc(uint8_t t[16]) {
  for (int i = 0; i < 16; i++)
    if (++t[i] != 0) break;
}

static int xts_group(const json_t *vs, const json_t *group, json_t *resp) {
  (void)vs;
  const char *mode = acvp_str(group, "tweakMode");
  const json_t *tests = tests_of(group);
  if (mode == NULL || tests == NULL) return ACVP_ERROR;
  int enc = is_dir(group, "encrypt");
  int hexmode = strcmp(mode, "hex") == 0;
  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    int rc = ACVP_ERROR;
    size_t kl = 0, il = 0, twl = 0;
    long long bits, du_bits = 0, seq = 0;
    uint8_t *key = acvp_hex(t, "key", &kl), *in = acvp_hex(t, enc ? "pt" : "ct", &il), *tw = NULL;
    uint8_t *outb = NULL, *ubuf = NULL, *uout = NULL;
    uint8_t tweak[16];
    if (!key || !in || get_int(group, t, "payloadLen", &bits)) FAIL("missing field");
    if (json_object_get(t, "dataUnitLen") != NULL && acvp_int(t, "dataUnitLen", &du_bits)) FAIL("bad dataUnitLen");
    if (du_bits <= 0 || du_bits > bits) du_bits = bits;  // one data unit
    if ((size_t)(bits + 7) / 8 != il) FAIL("payloadLen does not match the data");
    if (hexmode) {
      tw = acvp_hex(t, "tweakValue", &twl);
      if (tw == NULL || twl != 16) FAIL("bad tweakValue");
      memcpy(tweak, tw, 16);
    } else {
      if (acvp_int(t, "sequenceNumber", &seq)) FAIL("missing sequenceNumber");
      memset(tweak, 0, 16);
      for (int b = 0; b < 8; b++) tweak[b] = (uint8_t)((unsigned long long)seq >> (8 * b));
    }
    json_t *rt = acvp_add_test(resp, t);
    cce_aes_xts_ctx ctx;
    cce_status s = cce_aes_xts_init(&ctx, key, kl);
    if (s != CCE_OK) FAIL("cce_aes_xts_init: %s", cce_status_str(s));
    outb = calloc(1, il + 1);
    ubuf = malloc((size_t)du_bits / 8 + 2);
    uout = malloc((size_t)du_bits / 8 + 2);
    for (size_t off = 0; off < (size_t)bits; off += (size_t)du_bits) {
      size_t n = (size_t)bits - off < (size_t)du_bits ? (size_t)bits - off : (size_t)du_bits;
      get_bits(ubuf, in, off, n);
      s = enc ? cce_aes_xts_encrypt_bits(&ctx, uout, tweak, ubuf, n) : cce_aes_xts_decrypt_bits(&ctx, uout, tweak, ubuf, n);
      if (s != CCE_OK) break;
      put_bits(outb, off, uout, n);
      tweak_inc(tweak);
    }
    cce_aes_xts_cleanup(&ctx);
    if (s != CCE_OK) FAIL("XTS: %s", cce_status_str(s));
    acvp_set_hex(rt, enc ? "ct" : "pt", outb, il);
    rc = ACVP_OK;
  out:
    free(key);
    free(in);
    free(tw);
    free(outb);
    free(ubuf);
    free(uout);
    if (rc != ACVP_OK) return rc;
  }
  return ACVP_OK;
}

// ---------------------------------------------------------------------------
// CMAC-AES

static int cmac_group(const json_t *vs, const json_t *group, json_t *resp) {
  (void)vs;
  const json_t *tests = tests_of(group);
  if (tests == NULL) return ACVP_ERROR;
  int gen = is_dir(group, "gen");
  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    int rc = ACVP_ERROR;
    size_t kl = 0, ml = 0, tl = 0;
    long long mac_bits;
    uint8_t *key = acvp_hex(t, "key", &kl), *msg = acvp_hex(t, "message", &ml), *mac = NULL;
    if (!key || !msg || get_int(group, t, "macLen", &mac_bits)) FAIL("missing field");
    if (mac_bits <= 0 || mac_bits > 128 || mac_bits % 8) FAIL("macLen %lld not supported", mac_bits);
    json_t *rt = acvp_add_test(resp, t);
    if (gen) {
      uint8_t tag[16];
      cce_status s = cce_aes_cmac(tag, (size_t)mac_bits / 8, key, kl, msg, ml);
      if (s != CCE_OK) FAIL("cce_aes_cmac: %s", cce_status_str(s));
      acvp_set_hex(rt, "mac", tag, (size_t)mac_bits / 8);
    } else {
      mac = acvp_hex(t, "mac", &tl);
      if (mac == NULL) FAIL("missing mac");
      cce_status s = cce_aes_cmac_verify(mac, tl, key, kl, msg, ml);
      if (s != CCE_OK && s != CCE_ERR_AUTH && s != CCE_ERR_INVALID_LENGTH) FAIL("cce_aes_cmac_verify: %s", cce_status_str(s));
      json_object_set_new(rt, "testPassed", json_boolean(s == CCE_OK && tl * 8 == (size_t)mac_bits));
    }
    rc = ACVP_OK;
  out:
    free(key);
    free(msg);
    free(mac);
    if (rc != ACVP_OK) return rc;
  }
  return ACVP_OK;
}

const acvp_handler acvp_handlers_aes[] = {
    {"ACVP-AES-ECB", NULL, NULL, ecb_cbc_group},
    {"ACVP-AES-CBC", NULL, NULL, ecb_cbc_group},
    {"ACVP-AES-CTR", NULL, NULL, ctr_group},
    {"ACVP-AES-CCM", NULL, NULL, ccm_group},
    {"ACVP-AES-KW", NULL, NULL, kw_group},
    {"ACVP-AES-KWP", NULL, NULL, kw_group},
    {"ACVP-AES-XTS", NULL, "1.0", xts_group},
    {"ACVP-AES-XTS", NULL, "2.0", xts_group},
    {"CMAC-AES", NULL, NULL, cmac_group},
    {NULL, NULL, NULL, NULL},
};
