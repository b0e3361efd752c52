// Key files for the key commands of cce (see cli_keys.h).

#include "cli_keys.h"

#include <errno.h>
#include <string.h>

#include "cce/util.h"
#include "cli.h"

// see cli_keys.h
int cli_load_key(const char *path, unsigned flags, cce_pkey *k) {
  uint8_t *buf = NULL;
  size_t len = 0;
  memset(k, 0, sizeof *k);
  int rc = cli_read_file(path, CLI_KEY_FILE_MAX, &buf, &len);
  if (rc == EFBIG) {
    cli_err("%s: not a key file (larger than %u bytes)", path, CLI_KEY_FILE_MAX);
    return -1;
  }
  if (rc) {
    cli_err_errno(rc, "%s: cannot read the key file", path);
    return -1;
  }
  const char *why = "";
  cce_status st = cce_pkey_parse(k, buf, len, &why);
  cli_free_secret(buf, len ? len : 1);
  if (st != CCE_OK) {
    if (!why || !why[0]) why = cce_status_str(st);
    if (st == CCE_ERR_DECODE)
      cli_err("%s: not a valid key: %s", path, why);
    else
      cli_err("%s: %s", path, why);
    cce_pkey_wipe(k);
    return -1;
  }
  if ((flags & CLI_KEY_NEED_PRIVATE) && k->priv_len == 0) {
    cli_err("%s: is a public key (%s); a private key is needed", path, cce_pkey_name(k));
    cce_pkey_wipe(k);
    return -1;
  }
  return 0;
}

// see cli_keys.h
cce_ec_curve_id cli_key_ec_curve(const cce_pkey *k) {
  if (k->type != CCE_PKEY_EC) return CCE_EC_NONE;
  switch (k->curve) {
    case CCE_PKEY_CURVE_P256: return CCE_EC_P256;
    case CCE_PKEY_CURVE_P384: return CCE_EC_P384;
    case CCE_PKEY_CURVE_P521: return CCE_EC_P521;
    default: return CCE_EC_NONE;
  }
}

// see cli_keys.h
int cli_write_file(const char *path, const char *input, unsigned flags, const void *data, size_t len) {
  cli_out o;
  if (cli_out_open(&o, path, input, flags) != 0) return -1;
  if (cli_out_write(&o, data, len) != 0) {
    cli_err_errno(o.failed ? o.failed : EIO, "%s", path ? path : "-");
    cli_out_abort(&o);
    return -1;
  }
  return cli_out_commit(&o);
}

// ---------------------------------------------------------------------------
// RSA (see cli_keys.h)

#include <stdlib.h>
#include <strings.h>

#include "cce/rsa.h"

int cli_rsa_alg_is_rsa(const char *alg) {
  return alg && (strncasecmp(alg, "pss-", 4) == 0 || strncasecmp(alg, "pkcs1-", 6) == 0);
}

// Parses ALG into (pss, hash); 0 or -1 (usage error printed).
static int rsa_parse_alg(const char *alg, int *pss, cce_hash_alg *hash) {
  *pss = 0;
  *hash = CCE_HASH_SHA256;
  if (alg == NULL) return 0;
  const char *h = alg;
  if (strncasecmp(alg, "pss-", 4) == 0) {
    *pss = 1;
    h = alg + 4;
  } else if (strncasecmp(alg, "pkcs1-", 6) == 0) {
    h = alg + 6;
  }
  *hash = cce_hash_from_name(h);
  if (*hash == CCE_HASH_NONE || *hash == CCE_HASH_SHAKE128 || *hash == CCE_HASH_SHAKE256) {
    cli_usage_err("unknown RSA algorithm '%s' (e.g. pss-sha256, pkcs1-sha384, pss-sha3-256)", alg);
    return -1;
  }
  return 0;
}

// 1 RSA key loaded, 0 not an RSA key (nothing printed), -1 error printed.
static int rsa_load(const char *path, int quiet_if_other, cce_rsa_private_key *priv, cce_rsa_public_key *pub,
                    int *is_private) {
  uint8_t *buf = NULL;
  size_t len = 0;
  int rc = cli_read_file(path, CLI_KEY_FILE_MAX, &buf, &len);
  if (rc) {
    if (quiet_if_other) return 0;  // the generic loader reports it
    cli_err_errno(rc, "%s: cannot read the key file", path);
    return -1;
  }
  cce_status st = cce_rsa_key_parse(priv, pub, is_private, buf, len);
  cli_free_secret(buf, len ? len : 1);
  if (st == CCE_OK) return 1;
  if (quiet_if_other && (st == CCE_ERR_UNSUPPORTED || st == CCE_ERR_DECODE)) return 0;
  cli_err("%s: not a usable RSA key: %s", path, cce_status_str(st));
  return -1;
}

typedef struct hash_job {
  cce_hash_ctx ctx;
  cce_status st;
} hash_job;

static int hash_cb(void *arg, const uint8_t *data, size_t len) {
  hash_job *j = arg;
  j->st = cce_hash_update(&j->ctx, data, len);
  return j->st == CCE_OK ? 0 : -1;
}

int cli_hash_file(const char *path, cce_hash_alg alg, uint8_t *out) {
  hash_job j;
  j.st = cce_hash_init(&j.ctx, alg);
  if (j.st != CCE_OK) {
    cli_err("%s", cce_status_str(j.st));
    return -1;
  }
  int rc = cli_stream(path, hash_cb, &j);
  if (rc > 0) {
    cli_err_errno(rc, "%s", path);
    cce_hash_cleanup(&j.ctx);
    return -1;
  }
  if (rc == 0) j.st = cce_hash_final(&j.ctx, out, CCE_HASH_MAX_DIGEST_BYTES);
  cce_hash_cleanup(&j.ctx);
  if (j.st != CCE_OK) {
    cli_err("%s: %s", path, cce_status_str(j.st));
    return -1;
  }
  return 0;
}

int cli_rsa_sign(const char *key, const char *alg, const char *in, const char *out) {
  int want = cli_rsa_alg_is_rsa(alg);
  cce_rsa_private_key *priv = calloc(1, sizeof *priv);
  cce_rsa_public_key pub;
  int is_private = 0, ret = CLI_EXIT_FAIL;
  if (priv == NULL) return CLI_EXIT_FAIL;
  int r = rsa_load(key, !want, priv, &pub, &is_private);
  if (r <= 0) {
    free(priv);
    return r == 0 ? -1 : CLI_EXIT_FAIL;
  }
  int pss;
  cce_hash_alg hash;
  uint8_t digest[CCE_HASH_MAX_DIGEST_BYTES], sig[CCE_RSA_MAX_BYTES];
  size_t sig_len = 0;
  if (rsa_parse_alg(alg, &pss, &hash) != 0) {
    ret = CLI_EXIT_USAGE;
    goto done;
  }
  if (!is_private) {
    cli_err("%s: is a public key (RSA); a private key is needed", key);
    goto done;
  }
  if (cli_hash_file(in, hash, digest) != 0) goto done;
  size_t dl = cce_hash_digest_len(hash);
  cce_status st = pss ? cce_rsa_pss_sign_digest(priv, hash, CCE_RSA_MGF1, CCE_HASH_NONE, dl, digest, dl, sig,
                                                sizeof sig, &sig_len)
                      : cce_rsa_pkcs1_sign_digest(priv, hash, digest, dl, sig, sizeof sig, &sig_len);
  if (st != CCE_OK) {
    cli_err("signing failed: %s", cce_status_str(st));
    goto done;
  }
  if (cli_write_file(out, in, 0, sig, sig_len) != 0) goto done;
  ret = CLI_EXIT_OK;
done:
  cce_rsa_private_key_wipe(priv);
  free(priv);
  return ret;
}

int cli_rsa_verify(const char *key, const char *alg, const char *in, const char *sig_path) {
  int want = cli_rsa_alg_is_rsa(alg);
  cce_rsa_public_key pub;
  int is_private = 0, ret = CLI_EXIT_FAIL;
  int r = rsa_load(key, !want, NULL, &pub, &is_private);
  if (r <= 0) return r == 0 ? -1 : CLI_EXIT_FAIL;
  int pss;
  cce_hash_alg hash;
  if (rsa_parse_alg(alg, &pss, &hash) != 0) return CLI_EXIT_USAGE;
  uint8_t *sig = NULL, digest[CCE_HASH_MAX_DIGEST_BYTES];
  size_t sig_len = 0;
  int rc = cli_read_file(sig_path, CCE_RSA_MAX_BYTES + 1, &sig, &sig_len);
  if (rc) {
    cli_err_errno(rc, "%s", sig_path);
    return CLI_EXIT_FAIL;
  }
  if (cli_hash_file(in, hash, digest) != 0) goto done;
  size_t dl = cce_hash_digest_len(hash);
  cce_status st = pss ? cce_rsa_pss_verify_digest(&pub, hash, CCE_RSA_MGF1, CCE_HASH_NONE, CCE_RSA_PSS_SALT_ANY,
                                                  digest, dl, sig, sig_len)
                      : cce_rsa_pkcs1_verify_digest(&pub, hash, digest, dl, sig, sig_len);
  if (st == CCE_OK) {
    printf("Verified OK\n");
    ret = CLI_EXIT_OK;
  } else {
    printf("Verification failure\n");
    if (st != CCE_ERR_SIGNATURE) cli_err("%s", cce_status_str(st));
  }
done:
  free(sig);
  return ret;
}

int cli_rsa_keygen(unsigned bits, const char *out, int force) {
  cce_rsa_private_key *k = calloc(1, sizeof *k);
  char *pem = calloc(1, CCE_RSA_MAX_PRIVATE_PEM);
  size_t pem_len = 0;
  int ret = CLI_EXIT_FAIL;
  if (k == NULL || pem == NULL) goto done;
  cce_status st = cce_rsa_generate_key(k, bits, NULL, 0);
  if (st != CCE_OK) {
    cli_err("key generation failed: %s", cce_status_str(st));
    goto done;
  }
  st = cce_rsa_private_to_pem(pem, CCE_RSA_MAX_PRIVATE_PEM, &pem_len, k);
  if (st != CCE_OK) {
    cli_err("cannot encode the key: %s", cce_status_str(st));
    goto done;
  }
  if (cli_write_file(out, NULL, CLI_OUT_PRIVATE | (force ? 0u : CLI_OUT_EXCL), pem, pem_len) != 0) {
    if (!force && strcmp(out, "-") != 0) fprintf(stderr, "(use --force to replace it)\n");
    goto done;
  }
  ret = CLI_EXIT_OK;
done:
  if (k) cce_rsa_private_key_wipe(k);
  free(k);
  if (pem) cce_wipe(pem, CCE_RSA_MAX_PRIVATE_PEM);
  free(pem);
  return ret;
}
