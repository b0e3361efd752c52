// Checks of ACVP LMS sigGen answers (the module picks the key, so the
// signatures are verified, not compared): each test's "signature" must
// verify over the prompt's "message" under the answer group's "publicKey"
// (cce_lms_verify), and that key must have the group's lmsMode/lmOtsMode
// type codes. Returns 1 pass, 0 fail, -1 not comparable (SHAKE sets).

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/lms.h"

static uint8_t *hex(const json_t *o, const char *k, size_t *len) {
  const json_t *v = o ? json_object_get(o, k) : NULL;
  if (!json_is_string(v)) return NULL;
  const char *s = json_string_value(v);
  size_t n = strlen(s);
  if (n % 2) return NULL;
  uint8_t *b = malloc(n / 2 + 1);
  if (!b) return NULL;
  for (size_t i = 0; i < n / 2; i++) {
    unsigned x;
    if (sscanf(s + 2 * i, "%2x", &x) != 1) {
      free(b);
      return NULL;
    }
    b[i] = (uint8_t)x;
  }
  *len = n / 2;
  return b;
}

static const char *sget(const json_t *o, const char *k) {
  const json_t *v = o ? json_object_get(o, k) : NULL;
  return json_is_string(v) ? json_string_value(v) : NULL;
}

// "LMS_SHA256_M24_H10" -> 0x0B; "LMOTS_SHA256_N32_W4" -> 0x03; 0 if unknown.
static uint32_t lms_code(const char *s) {
  static const char *names[] = {"LMS_SHA256_M32_H5",  "LMS_SHA256_M32_H10", "LMS_SHA256_M32_H15",
                                "LMS_SHA256_M32_H20", "LMS_SHA256_M32_H25", "LMS_SHA256_M24_H5",
                                "LMS_SHA256_M24_H10", "LMS_SHA256_M24_H15", "LMS_SHA256_M24_H20",
                                "LMS_SHA256_M24_H25"};
  for (uint32_t i = 0; s && i < 10; i++)
    if (strcmp(s, names[i]) == 0) return 5 + i;
  return 0;
}
static uint32_t ots_code(const char *s) {
  static const char *names[] = {"LMOTS_SHA256_N32_W1", "LMOTS_SHA256_N32_W2", "LMOTS_SHA256_N32_W4",
                                "LMOTS_SHA256_N32_W8", "LMOTS_SHA256_N24_W1", "LMOTS_SHA256_N24_W2",
                                "LMOTS_SHA256_N24_W4", "LMOTS_SHA256_N24_W8"};
  for (uint32_t i = 0; s && i < 8; i++)
    if (strcmp(s, names[i]) == 0) return 1 + i;
  return 0;
}

static uint32_t be32(const uint8_t *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

int acvp_check_lms(const json_t *pvs, const json_t *pg, const json_t *pt, const json_t *rg, const json_t *rt,
                   char *why, size_t n);
int acvp_check_lms(const json_t *pvs, const json_t *pg, const json_t *pt, const json_t *rg, const json_t *rt,
                   char *why, size_t n) {
  const char *alg = sget(pvs, "algorithm"), *mode = sget(pvs, "mode");
  if (!alg || !mode || !pg || !pt || strcmp(alg, "LMS") != 0 || strcmp(mode, "sigGen") != 0) {
    snprintf(why, n, "no prompt given");
    return -1;
  }
  uint32_t lt = lms_code(sget(pg, "lmsMode")), ot = ots_code(sget(pg, "lmOtsMode"));
  if (lt == 0 || ot == 0) {
    snprintf(why, n, "parameter set not supported");
    return -1;
  }
  size_t pl = 0, sl = 0, ml = 0;
  uint8_t *pub = hex(rg, "publicKey", &pl), *sig = hex(rt, "signature", &sl), *msg = hex(pt, "message", &ml);
  int rc = 0;
  if (!pub || !sig || !msg || pl < 8) {
    snprintf(why, n, "publicKey/signature/message missing or malformed");
  } else if (be32(pub) != lt || be32(pub + 4) != ot) {
    snprintf(why, n, "publicKey types %08x/%08x are not the group's %s/%s", be32(pub), be32(pub + 4),
             sget(pg, "lmsMode"), sget(pg, "lmOtsMode"));
  } else {
    cce_status st = cce_lms_verify(pub, pl, msg, ml, sig, sl);
    if (st == CCE_OK)
      rc = 1;
    else
      snprintf(why, n, "signature does not verify under the group's publicKey (%s)", cce_status_str(st));
  }
  free(pub);
  free(sig);
  free(msg);
  return rc;
}
