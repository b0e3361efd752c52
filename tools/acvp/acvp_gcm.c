// cce-acvp handler for ACVP-AES-GCM (draft-celi-acvp-symmetric, AFT).
//
// Group fields: direction ("encrypt"/"decrypt"), keyLen, ivLen, ivGen
// ("external"/"internal"), ivGenMode ("8.2.1"/"8.2.2"), payloadLen, aadLen,
// tagLen (bits). Tests: key, iv (external or decrypt), pt, aad; decrypt
// tests carry ct and tag.
// Answers: encrypt -> "ct", "tag", plus "iv" when the module generated it
// (internal: 8.2.1 through cce_aes_gcm_seal_ivgen with fixed field
// "ACVP", 8.2.2 through cce_aes_gcm_seal_randiv); decrypt -> "pt", or
// "testPassed": false when the tag does not verify.
// Bit lengths that are not whole bytes are reported unsupported.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acvp.h"
#include "cce/gcm.h"

static int get_len(const json_t *group, const char *key, long long *out) {
  if (json_object_get(group, key) == NULL) {
    *out = -1;
    return 0;
  }
  return acvp_int(group, key, out);
}

static int gcm_group(const json_t *vs, const json_t *group, json_t *resp_group) {
  (void)vs;
  const char *dir = acvp_str(group, "direction");
  const char *tt = acvp_str(group, "testType");
  const json_t *tests = json_object_get(group, "tests");
  if (dir == NULL || tt == NULL || !json_is_array(tests)) {
    acvp_set_reason("malformed group");
    return ACVP_ERROR;
  }
  if (strcmp(tt, "AFT") != 0) {
    acvp_set_reason("testType %s not supported", tt);
    return ACVP_UNSUPPORTED;
  }
  int enc = strcmp(dir, "encrypt") == 0;
  if (!enc && strcmp(dir, "decrypt") != 0) {
    acvp_set_reason("direction %s", dir);
    return ACVP_ERROR;
  }
  long long tag_bits = 0, iv_bits = -1, pl = -1, al = -1;
  if (acvp_int(group, "tagLen", &tag_bits) != 0 || get_len(group, "ivLen", &iv_bits) != 0 ||
      get_len(group, "payloadLen", &pl) != 0 || get_len(group, "aadLen", &al) != 0)
    return ACVP_ERROR;
  if (tag_bits % 8 || (iv_bits > 0 && iv_bits % 8) || (pl > 0 && pl % 8) || (al > 0 && al % 8)) {
    acvp_set_reason("bit lengths that are not whole bytes are not supported");
    return ACVP_UNSUPPORTED;
  }
  size_t tag_len = (size_t)tag_bits / 8;
  const char *ivgen = json_object_get(group, "ivGen") ? acvp_str(group, "ivGen") : "external";
  int internal = enc && ivgen != NULL && strcmp(ivgen, "internal") == 0;
  int random_iv = 0;
  if (internal) {
    const char *mode = acvp_str(group, "ivGenMode");
    if (mode == NULL) return ACVP_ERROR;
    random_iv = strcmp(mode, "8.2.2") == 0;
    if (!random_iv && strcmp(mode, "8.2.1") != 0) {
      acvp_set_reason("ivGenMode %s", mode);
      return ACVP_UNSUPPORTED;
    }
    if (iv_bits != 96) {
      acvp_set_reason("internal IV generation makes 96-bit IVs only");
      return ACVP_UNSUPPORTED;
    }
  }

  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    size_t kl = 0, ivl = 0, aadl = 0, pl_ = 0, cl = 0, tl = 0;
    uint8_t *key = NULL, *iv = NULL, *aad = NULL, *pt = NULL, *ct = NULL, *tag = NULL, *out = NULL;
    int rc = ACVP_ERROR;
    cce_gcm_key k;
    key = acvp_hex(t, "key", &kl);
    aad = acvp_hex(t, "aad", &aadl);
    if (!internal) iv = acvp_hex(t, "iv", &ivl);
    if (key == NULL || aad == NULL || (!internal && iv == NULL)) goto out;
    if (cce_gcm_key_init(&k, key, kl) != CCE_OK) {
      acvp_set_reason("key length %zu not supported", kl);
      rc = ACVP_UNSUPPORTED;
      goto out;
    }
    json_t *r = acvp_add_test(resp_group, t);
    if (enc) {
      pt = acvp_hex(t, "pt", &pl_);
      if (pt == NULL) goto wipe;
      out = malloc(pl_ + 1);
      uint8_t otag[16], oiv[12];
      cce_status st;
      if (!internal) {
        st = cce_aes_gcm_seal(&k, iv, ivl, aad, aadl, pt, pl_, out, otag, tag_len);
      } else if (random_iv) {
        st = cce_aes_gcm_seal_randiv(&k, aad, aadl, pt, pl_, out, oiv, otag, tag_len);
      } else {
        static const uint8_t fixed[4] = {'A', 'C', 'V', 'P'};
        cce_gcm_ivgen gen;
        st = cce_gcm_ivgen_init(&gen, fixed, 0);
        if (st == CCE_OK) st = cce_aes_gcm_seal_ivgen(&k, &gen, aad, aadl, pt, pl_, out, oiv, otag, tag_len);
      }
      if (st != CCE_OK) {
        acvp_set_reason("tcId %zu: seal failed: %s", i, cce_status_str(st));
        rc = st == CCE_ERR_INVALID_LENGTH ? ACVP_UNSUPPORTED : ACVP_ERROR;
        goto wipe;
      }
      acvp_set_hex(r, "ct", out, pl_);
      acvp_set_hex(r, "tag", otag, tag_len);
      if (internal) acvp_set_hex(r, "iv", oiv, 12);
    } else {
      ct = acvp_hex(t, "ct", &cl);
      tag = acvp_hex(t, "tag", &tl);
      if (ct == NULL || tag == NULL) goto wipe;
      out = malloc(cl + 1);
      cce_status st = cce_aes_gcm_open(&k, iv, ivl, aad, aadl, ct, cl, tag, tl, out);
      if (st == CCE_OK) {
        acvp_set_hex(r, "pt", out, cl);
      } else if (st == CCE_ERR_AUTH) {
        json_object_set_new(r, "testPassed", json_false());
      } else {
        acvp_set_reason("tcId %zu: open failed: %s", i, cce_status_str(st));
        rc = st == CCE_ERR_INVALID_LENGTH ? ACVP_UNSUPPORTED : ACVP_ERROR;
        goto wipe;
      }
    }
    rc = ACVP_OK;
  wipe:
    cce_gcm_key_wipe(&k);
  out:
    free(key), free(iv), free(aad), free(pt), free(ct), free(tag), free(out);
    if (rc != ACVP_OK) return rc;
  }
  return ACVP_OK;
}

const acvp_handler acvp_handlers_gcm[] = {
    {"ACVP-AES-GCM", NULL, NULL, gcm_group},
    {NULL, NULL, NULL, NULL},
};
