// Checks of ACVP answers the module generates itself for Curve25519 (the
// module picks the keys, so they are verified, not compared):
//   EDDSA keyGen:  q == public key of d
//   EDDSA sigGen:  each signature verifies under the group's q (pure, ctx, ph)
//   XECDH keyGen:  publicKey == X25519(privateKey, 9)
// Returns 1 pass, 0 fail, -1 not comparable (e.g. Ed448 / Curve448).

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/curve25519.h"

static uint8_t *hex(const json_t *o, const char *k, size_t *len) {
  const json_t *v = json_object_get(o, k);
  if (!json_is_string(v)) return NULL;
  const char *s = json_string_value(v);
  size_t n = strlen(s);
  if (n % 2) return NULL;
  uint8_t *b = malloc(n / 2 + 1);
  if (!b) return NULL;
  for (size_t i = 0; i < n / 2; i++) {
    unsigned x;
    if (sscanf(s + 2 * i, "%2x", &x) != 1) { free(b); return NULL; }
    b[i] = (uint8_t)x;
  }
  *len = n / 2;
  return b;
}

static const char *sget(const json_t *o, const char *k) {
  const json_t *v = o ? json_object_get(o, k) : NULL;
  return json_is_string(v) ? json_string_value(v) : NULL;
}

int acvp_check_c25519(const json_t *pvs, const json_t *pg, const json_t *pt, const json_t *rg, const json_t *rt,
                      char *why, size_t n) {
  const char *alg = sget(pvs, "algorithm"), *mode = sget(pvs, "mode");
  const char *curve = sget(pg, "curve");
  if (!alg || !mode || !pg || !pt) {
    snprintf(why, n, "no prompt given");
    return -1;
  }
  int rc = 0;
  uint8_t *a = NULL, *b = NULL, *c = NULL;
  size_t al = 0, bl = 0, cl = 0;
  if (strcmp(alg, "XECDH") == 0 && strcmp(mode, "keyGen") == 0) {
    if (!curve || strcmp(curve, "Curve25519") != 0) { snprintf(why, n, "curve not supported"); return -1; }
    a = hex(rt, "privateKey", &al);
    b = hex(rt, "publicKey", &bl);
    uint8_t pub[32];
    if (!a || !b || al != 32 || bl != 32) snprintf(why, n, "privateKey/publicKey missing or not 32 bytes");
    else if (cce_x25519_public(pub, a) != CCE_OK || memcmp(pub, b, 32) != 0) snprintf(why, n, "publicKey != X25519(privateKey, 9)");
    else rc = 1;
  } else if (strcmp(alg, "EDDSA") == 0 && strcmp(mode, "keyGen") == 0) {
    if (!curve || strcmp(curve, "ED-25519") != 0) { snprintf(why, n, "curve not supported"); return -1; }
    a = hex(rt, "d", &al);
    b = hex(rt, "q", &bl);
    uint8_t pub[32];
    if (!a || !b || al != 32 || bl != 32) snprintf(why, n, "d/q missing or not 32 bytes");
    else if (cce_ed25519_public_from_private(pub, a) != CCE_OK || memcmp(pub, b, 32) != 0) snprintf(why, n, "q is not the public key of d");
    else rc = 1;
  } else if (strcmp(alg, "EDDSA") == 0 && strcmp(mode, "sigGen") == 0) {
    if (!curve || strcmp(curve, "ED-25519") != 0) { snprintf(why, n, "curve not supported"); return -1; }
    const json_t *ph = json_object_get(pg, "preHash");
    int prehash = json_is_true(ph);
    a = hex(rg, "q", &al);
    b = hex(rt, "signature", &bl);
    c = hex(pt, "message", &cl);
    size_t xl = 0;
    uint8_t *ctxs = json_object_get(pt, "context") ? hex(pt, "context", &xl) : NULL;
    cce_status st;
    if (!a || !b || !c || al != 32 || bl != 64) {
      snprintf(why, n, "q/signature/message missing or wrong size");
    } else {
      if (prehash) st = cce_ed25519ph_verify(b, c, cl, ctxs, xl, a);
      else if (xl > 0) st = cce_ed25519ctx_verify(b, c, cl, ctxs, xl, a);
      else st = cce_ed25519_verify(b, c, cl, a);
      if (st == CCE_OK) rc = 1;
      else snprintf(why, n, "signature does not verify under the group's q");
    }
    free(ctxs);
  } else {
    snprintf(why, n, "no rule");
    rc = -1;
  }
  free(a);
  free(b);
  free(c);
  return rc;
}
