// Wycheproof files for the AES modes of aes.h: aes_cbc_pkcs5 (IndCpaTest,
// with pkcs7.h), aes_ccm (AeadTest), aes_cmac (MacTest), aes_wrap and
// aes_kwp (KeywrapTest), aes_xts (IndCpaTest; the "iv" is the tweak,
// zero-extended to 16 bytes).
//
// A test is "ok" when the reverse direction (decrypt, open, unwrap, verify)
// accepts the given output and gives back the input; for valid tests the
// forward direction must also produce the given output exactly.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/aes.h"
#include "cce/pkcs7.h"
#include "wycheproof.h"

typedef int (*test_fn)(const json_t *group, const json_t *test, int valid);

static int run_groups(const json_t *root, const char *file_name, const char *type, test_fn fn, wp_counts *c) {
  const json_t *groups = json_object_get(root, "testGroups");
  if (!json_is_array(groups)) return -1;
  for (size_t gi = 0; gi < json_array_size(groups); gi++) {
    const json_t *g = json_array_get(groups, gi);
    const char *gt = wp_str(g, "type");
    if (gt == NULL || strcmp(gt, type) != 0) {
      fprintf(stderr, "%s: unexpected group type\n", file_name);
      return -1;
    }
    const json_t *tests = json_object_get(g, "tests");
    for (size_t i = 0; i < json_array_size(tests); i++) {
      const json_t *t = json_array_get(tests, i);
      const char *res = wp_str(t, "result");
      int ok = fn(g, t, res != NULL && strcmp(res, "valid") == 0);
      if (ok < 0) return -1;
      wp_record(c, t, ok, type);
    }
  }
  return 0;
}

// ---- aes_cbc_pkcs5 ----
static int cbc_test(const json_t *g, const json_t *t, int valid) {
  size_t kl, ivl, ml, cl, n = 0;
  uint8_t *key = wp_hex(t, "key", &kl), *iv = wp_hex(t, "iv", &ivl), *msg = wp_hex(t, "msg", &ml);
  uint8_t *ct = wp_hex(t, "ct", &cl);
  int ok = -1;
  (void)g;
  if (!key || !iv || !msg || !ct) goto out;
  ok = 0;
  uint8_t *buf = malloc(cl + ml + 32), ivc[16];
  cce_aes_ctx ctx;
  if (ivl != 16 || cce_aes_init(&ctx, key, kl) != CCE_OK) goto done;
  memcpy(ivc, iv, 16);
  if (cce_aes_cbc_decrypt(&ctx, ivc, buf, ct, cl) == CCE_OK && cl > 0 && cce_pkcs7_unpad(buf, cl, 16, &n) == CCE_OK)
    ok = n == ml && memcmp(buf, msg, ml) == 0;
  if (ok && valid) {
    memcpy(ivc, iv, 16);
    ok = cce_pkcs7_pad(buf, cl + ml + 32, &n, msg, ml, 16) == CCE_OK && n == cl &&
         cce_aes_cbc_encrypt(&ctx, ivc, buf, buf, n) == CCE_OK && memcmp(buf, ct, cl) == 0;
  }
  cce_aes_cleanup(&ctx);
done:
  free(buf);
out:
  free(key); free(iv); free(msg); free(ct);
  return ok;
}

// ---- aes_ccm ----
static int ccm_test(const json_t *g, const json_t *t, int valid) {
  size_t kl, nl, al, ml, cl, tl;
  uint8_t *key = wp_hex(t, "key", &kl), *iv = wp_hex(t, "iv", &nl), *aad = wp_hex(t, "aad", &al);
  uint8_t *msg = wp_hex(t, "msg", &ml), *ct = wp_hex(t, "ct", &cl), *tag = wp_hex(t, "tag", &tl);
  int ok = -1;
  (void)g;
  if (!key || !iv || !aad || !msg || !ct || !tag) goto out;
  ok = 0;
  uint8_t *buf = malloc(cl + ml + 1), tb[16];
  cce_aes_ctx ctx;
  if (cce_aes_init(&ctx, key, kl) != CCE_OK) goto done;
  if (cce_aes_ccm_open(&ctx, buf, iv, nl, aad, al, ct, cl, tag, tl) == CCE_OK) ok = cl == ml && memcmp(buf, msg, ml) == 0;
  if (ok && valid)
    ok = cce_aes_ccm_seal(&ctx, buf, tb, tl, iv, nl, aad, al, msg, ml) == CCE_OK && memcmp(buf, ct, cl) == 0 &&
         memcmp(tb, tag, tl) == 0;
  cce_aes_cleanup(&ctx);
done:
  free(buf);
out:
  free(key); free(iv); free(aad); free(msg); free(ct); free(tag);
  return ok;
}

// ---- aes_cmac ----
static int cmac_test(const json_t *g, const json_t *t, int valid) {
  size_t kl, ml, tl;
  long long tag_bits = wp_int(g, "tagSize");
  uint8_t *key = wp_hex(t, "key", &kl), *msg = wp_hex(t, "msg", &ml), *tag = wp_hex(t, "tag", &tl);
  int ok = -1;
  if (!key || !msg || !tag || tag_bits <= 0) goto out;
  ok = tl * 8 == (size_t)tag_bits && cce_aes_cmac_verify(tag, tl, key, kl, msg, ml) == CCE_OK;
  if (ok) {
    // streaming, in two pieces, must agree
    cce_aes_cmac_ctx ctx;
    uint8_t mac[16];
    ok = cce_aes_cmac_init(&ctx, key, kl) == CCE_OK && cce_aes_cmac_update(&ctx, msg, ml / 2) == CCE_OK &&
         cce_aes_cmac_update(&ctx, msg + ml / 2, ml - ml / 2) == CCE_OK && cce_aes_cmac_final(&ctx, mac, tl) == CCE_OK &&
         memcmp(mac, tag, tl) == 0;
  }
  (void)valid;
out:
  free(key); free(msg); free(tag);
  return ok;
}

// ---- aes_wrap / aes_kwp ----
static int kw_common(const json_t *t, int valid, int kwp) {
  size_t kl, ml, cl, n = 0;
  uint8_t *key = wp_hex(t, "key", &kl), *msg = wp_hex(t, "msg", &ml), *ct = wp_hex(t, "ct", &cl);
  int ok = -1;
  if (!key || !msg || !ct) goto out;
  ok = 0;
  uint8_t *buf = malloc(cl + ml + 16);
  cce_aes_ctx ctx;
  if (cce_aes_init(&ctx, key, kl) != CCE_OK) goto done;
  cce_status s = kwp ? cce_aes_kwp_unwrap(&ctx, 0, buf, cl + ml + 16, &n, ct, cl)
                     : cce_aes_kw_unwrap(&ctx, 0, buf, cl + ml + 16, &n, ct, cl);
  if (s == CCE_OK) ok = n == ml && memcmp(buf, msg, ml) == 0;
  if (ok && valid) {
    s = kwp ? cce_aes_kwp_wrap(&ctx, 0, buf, cl + ml + 16, &n, msg, ml)
            : cce_aes_kw_wrap(&ctx, 0, buf, cl + ml + 16, &n, msg, ml);
    ok = s == CCE_OK && n == cl && memcmp(buf, ct, cl) == 0;
  }
  cce_aes_cleanup(&ctx);
done:
  free(buf);
out:
  free(key); free(msg); free(ct);
  return ok;
}
static int kw_test(const json_t *g, const json_t *t, int valid) { (void)g; return kw_common(t, valid, 0); }
static int kwp_test(const json_t *g, const json_t *t, int valid) { (void)g; return kw_common(t, valid, 1); }

// ---- aes_xts ----
static int xts_test(const json_t *g, const json_t *t, int valid) {
  size_t kl, ivl, ml, cl;
  uint8_t *key = wp_hex(t, "key", &kl), *iv = wp_hex(t, "iv", &ivl), *msg = wp_hex(t, "msg", &ml);
  uint8_t *ct = wp_hex(t, "ct", &cl);
  int ok = -1;
  (void)g;
  if (!key || !iv || !msg || !ct) goto out;
  ok = 0;
  uint8_t *buf = malloc(ml + cl + 1), tw[16] = {0};
  cce_aes_xts_ctx ctx;
  if (ivl > 16 || cce_aes_xts_init(&ctx, key, kl) != CCE_OK) goto done;
  memcpy(tw, iv, ivl);
  if (cce_aes_xts_decrypt(&ctx, buf, tw, ct, cl) == CCE_OK) ok = cl == ml && memcmp(buf, msg, ml) == 0;
  if (ok && valid) ok = cce_aes_xts_encrypt(&ctx, buf, tw, msg, ml) == CCE_OK && memcmp(buf, ct, cl) == 0;
  cce_aes_xts_cleanup(&ctx);
done:
  free(buf);
out:
  free(key); free(iv); free(msg); free(ct);
  return ok;
}

static int f_cbc(const json_t *r, const char *f, wp_counts *c) { return run_groups(r, f, "IndCpaTest", cbc_test, c); }
static int f_ccm(const json_t *r, const char *f, wp_counts *c) { return run_groups(r, f, "AeadTest", ccm_test, c); }
static int f_cmac(const json_t *r, const char *f, wp_counts *c) { return run_groups(r, f, "MacTest", cmac_test, c); }
static int f_kw(const json_t *r, const char *f, wp_counts *c) { return run_groups(r, f, "KeywrapTest", kw_test, c); }
static int f_kwp(const json_t *r, const char *f, wp_counts *c) { return run_groups(r, f, "KeywrapTest", kwp_test, c); }
static int f_xts(const json_t *r, const char *f, wp_counts *c) { return run_groups(r, f, "IndCpaTest", xts_test, c); }

const wp_handler wp_handlers_aes[] = {
    {"aes_cbc_pkcs5", f_cbc}, {"aes_ccm", f_ccm}, {"aes_cmac", f_cmac},
    {"aes_wrap", f_kw},       {"aes_kwp", f_kwp}, {"aes_xts", f_xts},
    {NULL, NULL},
};
