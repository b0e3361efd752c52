// cce-acvp handlers for the SP 800-90A DRBGs: ctrDRBG, hashDRBG, hmacDRBG,
// revisions "1.0" and "SP800-90Ar1" (ACVP DRBG specification,
// draft-vassilev-acvp-drbg).
//
// Each AFT test case runs the DRBG as the server describes it:
//   instantiate(entropyInput, nonce, persoString)
//   for each otherInput entry, in order:
//     "reSeed":   reseed(entropyInput, additionalInput)
//     "generate": generate(returnedBitsLen, additionalInput), with
//                 prediction resistance (reseed from that entry's
//                 entropyInput first) when the group sets predResistance
//   returnedBits = the output of the last generate.
// Group parameters: "mode" (AES-128/192/256 or TDES; a hash name), derFunc,
// predResistance, and for revision SP800-90Ar1 ctrDRBG counterFieldLen (the
// CTR_DRBG ctr_len). TDES groups are answered as unsupported.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acvp.h"
#include "cce/drbg.h"
#include "cce/util.h"

static int fail_status(const char *what, long long tc, cce_status st) {
  acvp_set_reason("tcId %lld: %s failed: %s", tc, what, cce_status_str(st));
  return ACVP_ERROR;
}

// Reads the group parameters into `cfg`. Returns ACVP_OK, ACVP_UNSUPPORTED
// or ACVP_ERROR.
static int group_config(const json_t *vs, const json_t *group, cce_drbg_config *cfg, int *pr, size_t *out_len) {
  const char *alg = acvp_str(vs, "algorithm");
  const char *mode = acvp_str(group, "mode");
  long long bits = 0;
  int df = 0;
  if (alg == NULL || mode == NULL) return ACVP_ERROR;
  if (acvp_bool(group, "predResistance", pr) != 0) return ACVP_ERROR;
  if (acvp_int(group, "returnedBitsLen", &bits) != 0) return ACVP_ERROR;
  if (bits <= 0 || bits % 8 != 0 || bits / 8 > CCE_DRBG_MAX_REQUEST_BYTES) {
    acvp_set_reason("returnedBitsLen %lld not supported", bits);
    return ACVP_UNSUPPORTED;
  }
  *out_len = (size_t)(bits / 8);
  memset(cfg, 0, sizeof *cfg);
  if (*pr) cfg->flags |= CCE_DRBG_PREDICTION_RESISTANCE;
  if (strcmp(alg, "ctrDRBG") == 0) {
    if (strcmp(mode, "AES-128") == 0) {
      cfg->mech = CCE_DRBG_CTR_AES128;
    } else if (strcmp(mode, "AES-192") == 0) {
      cfg->mech = CCE_DRBG_CTR_AES192;
    } else if (strcmp(mode, "AES-256") == 0) {
      cfg->mech = CCE_DRBG_CTR_AES256;
    } else {
      acvp_set_reason("CTR_DRBG mode %s not implemented", mode);
      return ACVP_UNSUPPORTED;
    }
    if (acvp_bool(group, "derFunc", &df) != 0) return ACVP_ERROR;
    if (!df) cfg->flags |= CCE_DRBG_NO_DF;
    const json_t *cfl = json_object_get(group, "counterFieldLen");
    if (cfl != NULL) {
      long long c = 0;
      if (acvp_int(group, "counterFieldLen", &c) != 0) return ACVP_ERROR;
      if (c < 4 || c > 128) {
        acvp_set_reason("counterFieldLen %lld not supported", c);
        return ACVP_UNSUPPORTED;
      }
      cfg->ctr_len = (uint32_t)c;
    }
    cfg->hash = CCE_HASH_NONE;
    return ACVP_OK;
  }
  cfg->mech = strcmp(alg, "hashDRBG") == 0 ? CCE_DRBG_HASH : CCE_DRBG_HMAC;
  cfg->hash = cce_hash_from_name(mode);
  if (cfg->hash == CCE_HASH_NONE || cce_hash_digest_len(cfg->hash) == 0) {
    acvp_set_reason("%s mode %s not implemented", alg, mode);
    return ACVP_UNSUPPORTED;
  }
  return ACVP_OK;
}

typedef struct bufs {
  uint8_t *ent, *nonce, *perso, *addl, *ent2;
} bufs;

static void bufs_free(bufs *b) {
  free(b->ent);
  free(b->nonce);
  free(b->perso);
  free(b->addl);
  free(b->ent2);
  memset(b, 0, sizeof *b);
}

static int run_test(const cce_drbg_config *cfg, int pr, size_t out_len, const json_t *test, uint8_t *out) {
  long long tc = 0;
  if (acvp_int(test, "tcId", &tc) != 0) return ACVP_ERROR;
  bufs b = {0};
  size_t ent_len, nonce_len, perso_len;
  int rc = ACVP_ERROR;
  cce_drbg_ctx ctx;
  cce_status st;
  b.ent = acvp_hex(test, "entropyInput", &ent_len);
  b.nonce = acvp_hex(test, "nonce", &nonce_len);
  b.perso = acvp_hex(test, "persoString", &perso_len);
  const json_t *other = json_object_get(test, "otherInput");
  if (b.ent == NULL || b.nonce == NULL || b.perso == NULL || !json_is_array(other)) goto done;
  st = cce_drbg_instantiate(&ctx, cfg, b.ent, ent_len, b.nonce, nonce_len, b.perso, perso_len);
  if (st != CCE_OK) {
    rc = fail_status("instantiate", tc, st);
    goto done;
  }
  size_t i;
  const json_t *o;
  int generated = 0;
  json_array_foreach(other, i, o) {
    size_t addl_len, ent2_len;
    const char *use = acvp_str(o, "intendedUse");
    free(b.addl);
    free(b.ent2);
    b.addl = acvp_hex(o, "additionalInput", &addl_len);
    b.ent2 = acvp_hex(o, "entropyInput", &ent2_len);
    if (use == NULL || b.addl == NULL || b.ent2 == NULL) goto done_ctx;
    if (strcmp(use, "reSeed") == 0) {
      st = cce_drbg_reseed(&ctx, b.ent2, ent2_len, b.addl, addl_len);
      if (st != CCE_OK) {
        rc = fail_status("reseed", tc, st);
        goto done_ctx;
      }
    } else if (strcmp(use, "generate") == 0) {
      if (pr)
        st = cce_drbg_generate_pr(&ctx, out, out_len, b.ent2, ent2_len, b.addl, addl_len);
      else
        st = cce_drbg_generate(&ctx, out, out_len, b.addl, addl_len);
      if (st != CCE_OK) {
        rc = fail_status("generate", tc, st);
        goto done_ctx;
      }
      generated = 1;
    } else {
      acvp_set_reason("tcId %lld: unknown intendedUse \"%s\"", tc, use);
      goto done_ctx;
    }
  }
  if (!generated) {
    acvp_set_reason("tcId %lld: no generate step", tc);
    goto done_ctx;
  }
  rc = ACVP_OK;
done_ctx:
  cce_drbg_uninstantiate(&ctx);
done:
  bufs_free(&b);
  return rc;
}

static int drbg_group(const json_t *vs, const json_t *group, json_t *resp_group) {
  cce_drbg_config cfg;
  int pr = 0;
  size_t out_len = 0;
  const char *type = acvp_str(group, "testType");
  if (type == NULL) return ACVP_ERROR;
  if (strcmp(type, "AFT") != 0) {
    acvp_set_reason("test type %s not supported", type);
    return ACVP_UNSUPPORTED;
  }
  int rc = group_config(vs, group, &cfg, &pr, &out_len);
  if (rc != ACVP_OK) return rc;
  const json_t *tests = json_object_get(group, "tests");
  if (!json_is_array(tests)) return ACVP_ERROR;
  uint8_t *out = malloc(out_len);
  if (out == NULL) return ACVP_ERROR;
  size_t i;
  const json_t *t;
  json_array_foreach(tests, i, t) {
    rc = run_test(&cfg, pr, out_len, t, out);
    if (rc != ACVP_OK) break;
    json_t *rt = acvp_add_test(resp_group, t);
    acvp_set_hex(rt, "returnedBits", out, out_len);
  }
  free(out);
  return rc;
}

const acvp_handler acvp_handlers_drbg[] = {
    {"ctrDRBG", NULL, "1.0", drbg_group},      {"ctrDRBG", NULL, "SP800-90Ar1", drbg_group},
    {"hashDRBG", NULL, "1.0", drbg_group},     {"hashDRBG", NULL, "SP800-90Ar1", drbg_group},
    {"hmacDRBG", NULL, "1.0", drbg_group},     {"hmacDRBG", NULL, "SP800-90Ar1", drbg_group},
    {NULL, NULL, NULL, NULL},
};
