// Wycheproof AeadTest file for AES-GCM (aes_gcm_test.json, schema
// aead_test_schema_v1.json).
//
// Group: keySize, ivSize, tagSize in bits. Test: key, iv, aad, msg, ct, tag.
// A test is "ok" when, on every implementation this CPU runs (portable,
// AES-NI, VAES: each key is set with that path forced), sealing msg gives
// exactly ct || tag (tag truncated to tagSize) and opening ct with tag gives
// msg back. IVs of 0 bits must be refused by both calls, so those tests come
// out not ok, as "invalid" requires.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/gcm.h"
#include "module/aes/gcm_internal.h"
#include "wycheproof.h"

static int one_impl(uint32_t impl, const uint8_t *key, size_t kl, const uint8_t *iv, size_t ivl, const uint8_t *aad,
                    size_t al, const uint8_t *msg, size_t ml, const uint8_t *ct, size_t cl, const uint8_t *tag,
                    size_t tl, size_t tag_len) {
  cce_gcm_key k;
  if (cce_gcm_key_init_impl(&k, key, kl, impl) != CCE_OK) return 0;
  int ok = cl == ml && tl == tag_len;
  uint8_t *out = malloc(ml + 1);
  uint8_t otag[16];
  if (out == NULL) return 0;
  if (ok) ok = cce_aes_gcm_seal(&k, iv, ivl, aad, al, msg, ml, out, otag, tag_len) == CCE_OK &&
               memcmp(out, ct, ml) == 0 && memcmp(otag, tag, tag_len) == 0;
  int opened = cl == ml && tl == tag_len &&
               cce_aes_gcm_open(&k, iv, ivl, aad, al, ct, cl, tag, tl, out) == CCE_OK && memcmp(out, msg, ml) == 0;
  free(out);
  cce_gcm_key_wipe(&k);
  return ok && opened;
}

static int gcm_file(const json_t *root, const char *file_name, wp_counts *c) {
  const char *alg = wp_str(root, "algorithm");
  if (alg == NULL || strcmp(alg, "AES-GCM") != 0) {
    fprintf(stderr, "%s: not an AES-GCM file\n", file_name);
    return -1;
  }
  const json_t *groups = json_object_get(root, "testGroups");
  for (size_t gi = 0; gi < json_array_size(groups); gi++) {
    const json_t *g = json_array_get(groups, gi);
    long long tag_bits = wp_int(g, "tagSize");
    const char *type = wp_str(g, "type");
    if (type == NULL || strcmp(type, "AeadTest") != 0 || tag_bits <= 0 || tag_bits % 8 || tag_bits > 128) return -1;
    size_t tag_len = (size_t)tag_bits / 8;
    const json_t *tests = json_object_get(g, "tests");
    for (size_t i = 0; i < json_array_size(tests); i++) {
      const json_t *t = json_array_get(tests, i);
      size_t kl, ivl, al, ml, cl, tl;
      uint8_t *key = wp_hex(t, "key", &kl), *iv = wp_hex(t, "iv", &ivl), *aad = wp_hex(t, "aad", &al);
      uint8_t *msg = wp_hex(t, "msg", &ml), *ct = wp_hex(t, "ct", &cl), *tag = wp_hex(t, "tag", &tl);
      if (!key || !iv || !aad || !msg || !ct || !tag) {
        free(key), free(iv), free(aad), free(msg), free(ct), free(tag);
        return -1;
      }
      int ok = 1, ran = 0;
      for (uint32_t impl = 0; impl < CCE_GCM_IMPL_COUNT; impl++) {
        if (!cce_gcm_impl_available(impl)) continue;
        ran++;
        int r = one_impl(impl, key, kl, iv, ivl, aad, al, msg, ml, ct, cl, tag, tl, tag_len);
        if (ran > 1 && r != ok) {
          fprintf(stderr, "%s: tcId %lld: implementation %s disagrees\n", file_name, wp_int(t, "tcId"),
                  cce_gcm_ops_get(impl)->name);
          r = -1;  // a disagreement fails the test whatever the expected result
        }
        if (ran == 1) ok = r;
        else if (r < 0) ok = -1;
      }
      if (ok < 0) {
        c->failed++;
      } else {
        wp_record(c, t, ok, "AES-GCM");
      }
      free(key), free(iv), free(aad), free(msg), free(ct), free(tag);
    }
  }
  return 0;
}

const wp_handler wp_handlers_gcm[] = {
    {"aes_gcm", gcm_file},
    {NULL, NULL},
};
