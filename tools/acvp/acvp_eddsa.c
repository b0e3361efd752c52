// cce-acvp handlers for EdDSA (ACVP "EDDSA" revision 1.0, FIPS 186-5) and
// XECDH (revision "RFC7748").
//
// EDDSA (curve "ED-25519"; "ED-448" groups are unsupported):
//   keyGen  AFT: answer a fresh key pair {"d": seed, "q": public key}.
//   keyVer  AFT: "q" -> testPassed = full public-key validation
//           (cce_ed25519_public_check).
//   sigGen  AFT and BFT: one key pair per group, the public key answered as
//           the group's "q"; each test's "message" (with "context" when
//           given) is signed: preHash false -> Ed25519 (Ed25519ctx if a
//           nonempty context is given), preHash true -> Ed25519ph.
//   sigVer  AFT: "message", "q", "signature" (and "context") -> testPassed.
// XECDH (curve "Curve25519"; "Curve448" groups are unsupported):
//   keyGen  AFT: {"privateKey", "publicKey"} from cce_x25519_keypair.
//   keyVer  AFT: "publicKey" -> testPassed: 32 bytes (RFC 7748 5: any value,
//           top bit ignored) and not a low-order point (the all-zero
//           shared-secret check of cce_x25519 with a fixed private key).
// XECDH SSC is not handled (no vector set available to check its shape).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acvp.h"
#include "cce/curve25519.h"

static int group_curve_is(const json_t *group, const char *want, const char *other) {
  const char *curve = acvp_str(group, "curve");
  if (curve == NULL) return -1;
  if (strcmp(curve, want) == 0) return 1;
  if (other != NULL && strcmp(curve, other) == 0)
    acvp_set_reason("curve %s is not implemented (only %s)", curve, want);
  else
    acvp_set_reason("unknown curve \"%s\"", curve);
  return 0;
}

static const json_t *group_tests(const json_t *group) {
  const json_t *tests = json_object_get(group, "tests");
  if (!json_is_array(tests)) acvp_set_reason("group has no tests array");
  return json_is_array(tests) ? tests : NULL;
}

static int check_aft(const json_t *group, int allow_bft) {
  const char *tt = acvp_str(group, "testType");
  if (tt == NULL) return ACVP_ERROR;
  if (strcmp(tt, "AFT") == 0 || (allow_bft && strcmp(tt, "BFT") == 0)) return ACVP_OK;
  acvp_set_reason("test type \"%s\" not supported", tt);
  return ACVP_UNSUPPORTED;
}

// Common prologue: curve and test type. Returns ACVP_OK to go on.
static int eddsa_prologue(const json_t *group, int allow_bft) {
  int c = group_curve_is(group, "ED-25519", "ED-448");
  if (c < 0) return ACVP_ERROR;
  if (c == 0) return ACVP_UNSUPPORTED;
  return check_aft(group, allow_bft);
}

static int eddsa_keygen(const json_t *vs, const json_t *group, json_t *resp_group) {
  (void)vs;
  int r = eddsa_prologue(group, 0);
  if (r != ACVP_OK) return r;
  const json_t *tests = group_tests(group);
  if (tests == NULL) return ACVP_ERROR;
  for (size_t i = 0; i < json_array_size(tests); i++) {
    uint8_t pub[32], priv[32];
    cce_status st = cce_ed25519_keypair(pub, priv);
    if (st != CCE_OK) {
      acvp_set_reason("cce_ed25519_keypair: %s", cce_status_str(st));
      return ACVP_ERROR;
    }
    json_t *rt = acvp_add_test(resp_group, json_array_get(tests, i));
    acvp_set_hex(rt, "d", priv, 32);
    acvp_set_hex(rt, "q", pub, 32);
  }
  return ACVP_OK;
}

static int eddsa_keyver(const json_t *vs, const json_t *group, json_t *resp_group) {
  (void)vs;
  int r = eddsa_prologue(group, 0);
  if (r != ACVP_OK) return r;
  const json_t *tests = group_tests(group);
  if (tests == NULL) return ACVP_ERROR;
  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    size_t ql;
    uint8_t *q = acvp_hex(t, "q", &ql);
    if (q == NULL) return ACVP_ERROR;
    int ok = ql == CCE_ED25519_PUBLIC_KEY_BYTES && cce_ed25519_public_check(q) == CCE_OK;
    json_object_set_new(acvp_add_test(resp_group, t), "testPassed", json_boolean(ok));
    free(q);
  }
  return ACVP_OK;
}

static int get_prehash(const json_t *group, int *ph) {
  if (json_object_get(group, "preHash") == NULL) {
    *ph = 0;
    return 0;
  }
  return acvp_bool(group, "preHash", ph);
}

// Optional hex "context" of a test (empty when absent).
static uint8_t *get_context(const json_t *t, size_t *len) {
  if (json_object_get(t, "context") == NULL) {
    *len = 0;
    return calloc(1, 1);
  }
  return acvp_hex(t, "context", len);
}

static int eddsa_siggen(const json_t *vs, const json_t *group, json_t *resp_group) {
  (void)vs;
  int r = eddsa_prologue(group, 1);
  if (r != ACVP_OK) return r;
  int ph;
  if (get_prehash(group, &ph)) return ACVP_ERROR;
  const json_t *tests = group_tests(group);
  if (tests == NULL) return ACVP_ERROR;
  uint8_t pub[32], priv[32];
  cce_status st = cce_ed25519_keypair(pub, priv);
  if (st != CCE_OK) {
    acvp_set_reason("cce_ed25519_keypair: %s", cce_status_str(st));
    return ACVP_ERROR;
  }
  acvp_set_hex(resp_group, "q", pub, 32);
  int rc = ACVP_OK;
  for (size_t i = 0; i < json_array_size(tests) && rc == ACVP_OK; i++) {
    const json_t *t = json_array_get(tests, i);
    size_t ml, cl;
    uint8_t *msg = acvp_hex(t, "message", &ml), *ctx = get_context(t, &cl);
    if (msg == NULL || ctx == NULL) {
      rc = ACVP_ERROR;
    } else if (cl > CCE_ED25519_MAX_CONTEXT_BYTES) {
      acvp_set_reason("context of %zu bytes (at most 255)", cl);
      rc = ACVP_ERROR;
    } else {
      uint8_t sig[64];
      if (ph)
        st = cce_ed25519ph_sign(sig, msg, ml, ctx, cl, priv, pub);
      else if (cl > 0)
        st = cce_ed25519ctx_sign(sig, msg, ml, ctx, cl, priv, pub);
      else
        st = cce_ed25519_sign(sig, msg, ml, priv, pub);
      if (st != CCE_OK) {
        acvp_set_reason("Ed25519 signing: %s", cce_status_str(st));
        rc = ACVP_ERROR;
      } else {
        acvp_set_hex(acvp_add_test(resp_group, t), "signature", sig, 64);
      }
    }
    free(msg);
    free(ctx);
  }
  memset(priv, 0, sizeof priv);
  return rc;
}

static int eddsa_sigver(const json_t *vs, const json_t *group, json_t *resp_group) {
  (void)vs;
  int r = eddsa_prologue(group, 0);
  if (r != ACVP_OK) return r;
  int ph;
  if (get_prehash(group, &ph)) return ACVP_ERROR;
  const json_t *tests = group_tests(group);
  if (tests == NULL) return ACVP_ERROR;
  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    size_t ml, ql, sl, cl;
    uint8_t *msg = acvp_hex(t, "message", &ml), *q = acvp_hex(t, "q", &ql), *sig = acvp_hex(t, "signature", &sl),
            *ctx = get_context(t, &cl);
    if (msg == NULL || q == NULL || sig == NULL || ctx == NULL) {
      free(msg);
      free(q);
      free(sig);
      free(ctx);
      return ACVP_ERROR;
    }
    int ok = 0;
    if (ql == 32 && sl == 64 && cl <= CCE_ED25519_MAX_CONTEXT_BYTES) {
      cce_status st;
      if (ph)
        st = cce_ed25519ph_verify(sig, msg, ml, ctx, cl, q);
      else if (cl > 0)
        st = cce_ed25519ctx_verify(sig, msg, ml, ctx, cl, q);
      else
        st = cce_ed25519_verify(sig, msg, ml, q);
      ok = st == CCE_OK;
    }
    json_object_set_new(acvp_add_test(resp_group, t), "testPassed", json_boolean(ok));
    free(msg);
    free(q);
    free(sig);
    free(ctx);
  }
  return ACVP_OK;
}

// ---------------------------------------------------------------------------
// XECDH

static int xecdh_prologue(const json_t *group) {
  int c = group_curve_is(group, "Curve25519", "Curve448");
  if (c < 0) return ACVP_ERROR;
  if (c == 0) return ACVP_UNSUPPORTED;
  return check_aft(group, 0);
}

static int xecdh_keygen(const json_t *vs, const json_t *group, json_t *resp_group) {
  (void)vs;
  int r = xecdh_prologue(group);
  if (r != ACVP_OK) return r;
  const json_t *tests = group_tests(group);
  if (tests == NULL) return ACVP_ERROR;
  for (size_t i = 0; i < json_array_size(tests); i++) {
    uint8_t pub[32], priv[32];
    cce_status st = cce_x25519_keypair(pub, priv);
    if (st != CCE_OK) {
      acvp_set_reason("cce_x25519_keypair: %s", cce_status_str(st));
      return ACVP_ERROR;
    }
    json_t *rt = acvp_add_test(resp_group, json_array_get(tests, i));
    acvp_set_hex(rt, "privateKey", priv, 32);
    acvp_set_hex(rt, "publicKey", pub, 32);
  }
  return ACVP_OK;
}

static int xecdh_keyver(const json_t *vs, const json_t *group, json_t *resp_group) {
  (void)vs;
  int r = xecdh_prologue(group);
  if (r != ACVP_OK) return r;
  const json_t *tests = group_tests(group);
  if (tests == NULL) return ACVP_ERROR;
  static const uint8_t probe[32] = {0x2a, 0x13, 0x77, 0x05};  // any fixed private key
  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    size_t pl;
    uint8_t *pub = acvp_hex(t, "publicKey", &pl);
    if (pub == NULL) return ACVP_ERROR;
    uint8_t out[32];
    int ok = pl == CCE_X25519_PUBLIC_KEY_BYTES && cce_x25519(out, probe, pub) == CCE_OK;
    json_object_set_new(acvp_add_test(resp_group, t), "testPassed", json_boolean(ok));
    free(pub);
  }
  return ACVP_OK;
}

const acvp_handler acvp_handlers_eddsa[] = {
    {"EDDSA", "keyGen", "1.0", eddsa_keygen},
    {"EDDSA", "keyVer", "1.0", eddsa_keyver},
    {"EDDSA", "sigGen", "1.0", eddsa_siggen},
    {"EDDSA", "sigVer", "1.0", eddsa_sigver},
    {"XECDH", "keyGen", "RFC7748", xecdh_keygen},
    {"XECDH", "keyVer", "RFC7748", xecdh_keyver},
    {NULL, NULL, NULL, NULL},
};
