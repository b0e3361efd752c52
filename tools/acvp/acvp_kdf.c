// cce-acvp handlers for key derivation:
//
// "KDF" revision 1.0 (SP 800-108, draft-celi-acvp-kbkdf). Group parameters:
//   kdfMode         "counter", "feedback", "double pipeline iteration"
//   macMode         "HMAC-<hash>" or "CMAC-AES128/192/256" ("CMAC-TDES": unsupported)
//   counterLocation "before fixed data", "after fixed data", "middle fixed
//                   data" (counter mode), "before iterator", "none"
//                   (feedback / double pipeline)
//   counterLength   8/16/24/32 bits (absent or 0 with "none")
//   keyOutLength    L in bits
//   zeroLengthIv    feedback mode: the test's "iv" is empty
// Tests give "keyIn" (and "iv" in feedback mode; when a feedback test has no
// "iv" but an "ivLength" in bits, the module picks a random IV and returns
// it as "iv"). The module picks FixedData:
// 32 random bytes per test, and for "middle fixed data" a random
// breakLocation in 1..255 bits (the counter is inserted after that many
// bits of FixedData). Answer per test: "fixedData", "keyOut" (leftmost L
// bits, ceil(L/8) bytes, unused low bits zero) and "breakLocation" when the
// counter is in the middle. As FixedData is ours, the checker recomputes
// keyOut from keyIn, iv, fixedData and breakLocation instead of comparing
// with expectedResults.json.
//
// Test hook: a prompt test that carries "fixedData" (and "breakLocation")
// itself is answered with those values instead of random ones, so the NIST
// sample answers (expectedResults.json) can be replayed byte for byte.
//
// "PBKDF" (SP 800-132, draft-celi-acvp-pbkdf): group "hmacAlg" (e.g.
// "SHA2-224"); tests "password" (text), "salt" (hex), "iterationCount",
// "keyLen" (bits). Answer "derivedKey".

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "acvp.h"
#include "cce/kdf.h"

#define FIXED_BYTES 32

static int fill_random(uint8_t *p, size_t n) {
  while (n > 0) {
    ssize_t r = getrandom(p, n, 0);
    if (r <= 0) return -1;
    p += r;
    n -= (size_t)r;
  }
  return 0;
}

static int parse_mode(const char *s, cce_kdf108_mode *m) {
  if (strcmp(s, "counter") == 0) *m = CCE_KDF108_COUNTER;
  else if (strcmp(s, "feedback") == 0) *m = CCE_KDF108_FEEDBACK;
  else if (strcmp(s, "double pipeline iteration") == 0) *m = CCE_KDF108_DOUBLE_PIPELINE;
  else return -1;
  return 0;
}

static int parse_loc(const char *s, cce_kdf108_ctr_loc *l) {
  if (strcmp(s, "none") == 0) *l = CCE_KDF108_CTR_NONE;
  else if (strcmp(s, "before fixed data") == 0) *l = CCE_KDF108_CTR_BEFORE_FIXED;
  else if (strcmp(s, "after fixed data") == 0) *l = CCE_KDF108_CTR_AFTER_FIXED;
  else if (strcmp(s, "middle fixed data") == 0) *l = CCE_KDF108_CTR_MIDDLE_FIXED;
  else if (strcmp(s, "before iterator") == 0) *l = CCE_KDF108_CTR_BEFORE_ITER;
  else return -1;
  return 0;
}

// macMode -> PRF; returns ACVP_OK, or ACVP_UNSUPPORTED with the reason set.
static int parse_mac(const char *s, cce_kdf108_params *p, size_t *cmac_key_len) {
  *cmac_key_len = 0;
  if (strncmp(s, "HMAC-", 5) == 0) {
    p->prf = CCE_KDF108_PRF_HMAC;
    p->hash = cce_hash_from_name(s + 5);
    if (p->hash == CCE_HASH_NONE || p->hash == CCE_HASH_SHAKE128 || p->hash == CCE_HASH_SHAKE256) {
      acvp_set_reason("KDF PRF %s not supported", s);
      return ACVP_UNSUPPORTED;
    }
    return ACVP_OK;
  }
  if (strcmp(s, "CMAC-AES128") == 0 || strcmp(s, "CMAC-AES192") == 0 || strcmp(s, "CMAC-AES256") == 0) {
    p->prf = CCE_KDF108_PRF_CMAC_AES;
    p->hash = CCE_HASH_NONE;
    *cmac_key_len = (size_t)atoi(s + 8) / 8;
    return ACVP_OK;
  }
  if (strcmp(s, "CMAC-TDES") == 0) {
    acvp_set_reason("KDF PRF CMAC-TDES not supported: OpenCCE implements no TDES (withdrawn, SP 800-67r2)");
    return ACVP_UNSUPPORTED;
  }
  acvp_set_reason("KDF PRF \"%s\" not supported", s);
  return ACVP_UNSUPPORTED;
}

static int kdf108_group(const json_t *vs, const json_t *group, json_t *resp_group) {
  (void)vs;
  const char *tt = acvp_str(group, "testType");
  const char *mode_s = acvp_str(group, "kdfMode");
  const char *mac_s = acvp_str(group, "macMode");
  const char *loc_s = acvp_str(group, "counterLocation");
  long long out_bits, ctr_bits = 0;
  if (tt == NULL || mode_s == NULL || mac_s == NULL || loc_s == NULL || acvp_int(group, "keyOutLength", &out_bits))
    return ACVP_ERROR;
  if (strcmp(tt, "AFT") != 0) {
    acvp_set_reason("KDF test type \"%s\" not supported", tt);
    return ACVP_UNSUPPORTED;
  }
  cce_kdf108_params p;
  memset(&p, 0, sizeof p);
  size_t cmac_key_len;
  int rc = parse_mac(mac_s, &p, &cmac_key_len);
  if (rc != ACVP_OK) return rc;
  if (parse_mode(mode_s, &p.mode) != 0) {
    acvp_set_reason("kdfMode \"%s\" not supported", mode_s);
    return ACVP_UNSUPPORTED;
  }
  if (parse_loc(loc_s, &p.ctr_loc) != 0) {
    acvp_set_reason("counterLocation \"%s\" not supported", loc_s);
    return ACVP_UNSUPPORTED;
  }
  if (json_object_get(group, "counterLength") != NULL && acvp_int(group, "counterLength", &ctr_bits)) return ACVP_ERROR;
  if (p.ctr_loc != CCE_KDF108_CTR_NONE) p.ctr_bits = (unsigned)ctr_bits;
  if (out_bits <= 0) {
    acvp_set_reason("keyOutLength %lld", out_bits);
    return ACVP_ERROR;
  }

  const json_t *tests = json_object_get(group, "tests");
  if (!json_is_array(tests)) {
    acvp_set_reason("group has no tests array");
    return ACVP_ERROR;
  }
  size_t out_len = ((size_t)out_bits + 7) / 8;
  uint8_t *out = malloc(out_len);
  if (out == NULL) return ACVP_ERROR;
  rc = ACVP_OK;
  for (size_t i = 0; i < json_array_size(tests) && rc == ACVP_OK; i++) {
    const json_t *t = json_array_get(tests, i);
    size_t kl, il = 0, fl = FIXED_BYTES;
    uint8_t *key = acvp_hex(t, "keyIn", &kl), *iv = NULL, *fixed = NULL;
    if (key == NULL) {
      rc = ACVP_ERROR;
      break;
    }
    int iv_ours = 0;
    if (p.mode == CCE_KDF108_FEEDBACK && json_object_get(t, "iv") != NULL) {
      iv = acvp_hex(t, "iv", &il);
      if (iv == NULL) rc = ACVP_ERROR;
    } else if (p.mode == CCE_KDF108_FEEDBACK) {
      // No IV given: an "ivLength" (bits, test or group) asks the module to
      // pick one; it is then returned in the answer as "iv".
      long long iv_bits = 0;
      const json_t *src = json_object_get(t, "ivLength") != NULL ? t : group;
      if (json_object_get(src, "ivLength") != NULL && acvp_int(src, "ivLength", &iv_bits)) rc = ACVP_ERROR;
      if (rc == ACVP_OK && iv_bits > 0) {
        il = ((size_t)iv_bits + 7) / 8;
        iv = malloc(il);
        if (iv == NULL || fill_random(iv, il) != 0) {
          acvp_set_reason("no random bytes for the IV");
          rc = ACVP_ERROR;
        } else if (iv_bits % 8) {
          iv[il - 1] &= (uint8_t)(0xffu << (8 - iv_bits % 8));
        }
        iv_ours = 1;
      }
    }
    cce_kdf108_params tp = p;
    tp.iv = il ? iv : NULL;
    tp.iv_len = il;
    if (rc == ACVP_OK && json_object_get(t, "fixedData") != NULL) {  // replay hook
      fixed = acvp_hex(t, "fixedData", &fl);
      long long b = 0;
      if (fixed == NULL || (json_object_get(t, "breakLocation") != NULL && acvp_int(t, "breakLocation", &b)))
        rc = ACVP_ERROR;
      tp.break_bits = (size_t)b;
    } else if (rc == ACVP_OK) {
      uint16_t r = 0;
      fixed = malloc(fl);
      if (fixed == NULL || fill_random(fixed, fl) != 0 || fill_random((uint8_t *)&r, sizeof r) != 0) {
        acvp_set_reason("no random bytes for fixedData");
        rc = ACVP_ERROR;
      }
      tp.break_bits = 1 + r % (8 * FIXED_BYTES - 1);  // strictly inside FixedData
    }
    if (rc == ACVP_OK && p.prf == CCE_KDF108_PRF_CMAC_AES && kl != cmac_key_len) {
      acvp_set_reason("keyIn of %zu bytes for %s", kl, mac_s);
      rc = ACVP_ERROR;
    }
    if (rc == ACVP_OK) {
      cce_status st = cce_kdf108(&tp, out, (size_t)out_bits, key, kl, fixed, fl);
      if (st != CCE_OK) {
        acvp_set_reason("cce_kdf108 (tcId %lld): %s", (long long)json_integer_value(json_object_get(t, "tcId")),
                        cce_status_str(st));
        rc = ACVP_ERROR;
      } else {
        json_t *rt = acvp_add_test(resp_group, t);
        acvp_set_hex(rt, "fixedData", fixed, fl);
        if (iv_ours) acvp_set_hex(rt, "iv", iv, il);
        if (p.ctr_loc == CCE_KDF108_CTR_MIDDLE_FIXED)
          json_object_set_new(rt, "breakLocation", json_integer((json_int_t)tp.break_bits));
        acvp_set_hex(rt, "keyOut", out, out_len);
      }
    }
    free(key);
    free(iv);
    free(fixed);
  }
  free(out);
  return rc;
}

static int pbkdf_group(const json_t *vs, const json_t *group, json_t *resp_group) {
  (void)vs;
  const char *tt = acvp_str(group, "testType");
  const char *h = acvp_str(group, "hmacAlg");
  if (tt == NULL || h == NULL) return ACVP_ERROR;
  if (strcmp(tt, "AFT") != 0) {
    acvp_set_reason("PBKDF test type \"%s\" not supported", tt);
    return ACVP_UNSUPPORTED;
  }
  cce_hash_alg alg = cce_hash_from_name(h);
  if (alg == CCE_HASH_NONE || alg == CCE_HASH_SHAKE128 || alg == CCE_HASH_SHAKE256) {
    acvp_set_reason("PBKDF hmacAlg \"%s\" not supported", h);
    return ACVP_UNSUPPORTED;
  }
  const json_t *tests = json_object_get(group, "tests");
  if (!json_is_array(tests)) {
    acvp_set_reason("group has no tests array");
    return ACVP_ERROR;
  }
  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    long long key_bits, iters;
    const char *pw = acvp_str(t, "password");
    if (pw == NULL || acvp_int(t, "keyLen", &key_bits) || acvp_int(t, "iterationCount", &iters)) return ACVP_ERROR;
    if (key_bits <= 0 || iters <= 0 || iters > 0xffffffffLL) {
      acvp_set_reason("keyLen %lld / iterationCount %lld out of range", key_bits, iters);
      return ACVP_ERROR;
    }
    size_t sl;
    uint8_t *salt = acvp_hex(t, "salt", &sl);
    if (salt == NULL) return ACVP_ERROR;
    size_t n = ((size_t)key_bits + 7) / 8;
    uint8_t *dk = malloc(n);
    if (dk == NULL) {
      free(salt);
      return ACVP_ERROR;
    }
    cce_status st = cce_pbkdf2(alg, dk, n, (const uint8_t *)pw, strlen(pw), salt, sl, (uint32_t)iters);
    free(salt);
    if (st != CCE_OK) {
      free(dk);
      acvp_set_reason("cce_pbkdf2: %s", cce_status_str(st));
      return ACVP_ERROR;
    }
    if (key_bits % 8) dk[n - 1] &= (uint8_t)(0xffu << (8 - key_bits % 8));
    json_t *rt = acvp_add_test(resp_group, t);
    acvp_set_hex(rt, "derivedKey", dk, n);
    free(dk);
  }
  return ACVP_OK;
}

const acvp_handler acvp_handlers_kdf[] = {
    {"KDF", NULL, "1.0", kdf108_group},
    {"PBKDF", NULL, NULL, pbkdf_group},
    {NULL, NULL, NULL, NULL},
};
