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

// ---------------------------------------------------------------------------
// ML-KEM and ML-DSA keys (see cli_keys.h)

cce_pqkey_alg cli_pq_alg_from_name(const char *name) {
  static const struct {
    const char *a, *b;
    cce_pqkey_alg alg;
  } names[] = {
      {"mlkem512", "ml-kem-512", CCE_PQKEY_MLKEM512}, {"mlkem768", "ml-kem-768", CCE_PQKEY_MLKEM768},
      {"mlkem1024", "ml-kem-1024", CCE_PQKEY_MLKEM1024}, {"mldsa44", "ml-dsa-44", CCE_PQKEY_MLDSA44},
      {"mldsa65", "ml-dsa-65", CCE_PQKEY_MLDSA65}, {"mldsa87", "ml-dsa-87", CCE_PQKEY_MLDSA87},
  };
  if (!name) return CCE_PQKEY_NONE;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcasecmp(name, names[i].a) == 0 || strcasecmp(name, names[i].b) == 0) return names[i].alg;
  return CCE_PQKEY_NONE;
}

void cli_free_pqkey(cce_pqkey *k) {
  if (!k) return;
  cce_pqkey_wipe(k);
  free(k);
}

int cli_load_pqkey(const char *path, unsigned flags, int quiet_if_other, cce_pqkey **out) {
  *out = NULL;
  uint8_t *buf = NULL;
  size_t len = 0;
  int rc = cli_read_file(path, CLI_KEY_FILE_MAX, &buf, &len);
  if (rc) {
    if (quiet_if_other) return 0;
    if (rc == EFBIG)
      cli_err("%s: not a key file (larger than %u bytes)", path, CLI_KEY_FILE_MAX);
    else
      cli_err_errno(rc, "%s: cannot read the key file", path);
    return -1;
  }
  cce_pqkey *k = malloc(sizeof *k);
  if (!k) {
    cli_free_secret(buf, len ? len : 1);
    cli_err("out of memory");
    return -1;
  }
  const char *why = "";
  cce_status st = cce_pqkey_parse(k, buf, len, &why);
  cli_free_secret(buf, len ? len : 1);
  if (st != CCE_OK) {
    cli_free_pqkey(k);
    if (quiet_if_other && (st == CCE_ERR_UNSUPPORTED || st == CCE_ERR_DECODE)) return 0;
    if (!why || !why[0]) why = cce_status_str(st);
    if (st == CCE_ERR_DECODE)
      cli_err("%s: not a valid key: %s", path, why);
    else
      cli_err("%s: %s", path, why);
    return -1;
  }
  if ((flags & CLI_KEY_NEED_PRIVATE) && k->priv_len == 0) {
    cli_err("%s: is a public key (%s); a private key is needed", path, cce_pqkey_alg_name(k->alg));
    cli_free_pqkey(k);
    return -1;
  }
  *out = k;
  return 1;
}

// Loads an ML-DSA key; -1 after a message.
static int load_mldsa(const char *path, unsigned flags, cce_pqkey **k) {
  int r = cli_load_pqkey(path, flags, 1, k);
  if (r < 0) return -1;
  if (r == 0) {
    // Not a PQ key: let the generic loader say what it is.
    cce_pkey other;
    if (cli_load_key(path, 0, &other) == 0) {
      cli_err("%s: is a %s key; an ML-DSA key is needed", path, cce_pkey_name(&other));
      cce_pkey_wipe(&other);
    }
    return -1;
  }
  if (!cce_pqkey_alg_is_dsa((*k)->alg)) {
    cli_err("%s: is an %s key; an ML-DSA key is needed", path, cce_pqkey_alg_name((*k)->alg));
    cli_free_pqkey(*k);
    *k = NULL;
    return -1;
  }
  return 0;
}

int cli_load_mldsa_private(const char *path, cce_mldsa_param *param, uint8_t **sk, size_t *sk_len) {
  cce_pqkey *k = NULL;
  *sk = NULL;
  *sk_len = 0;
  if (load_mldsa(path, CLI_KEY_NEED_PRIVATE, &k) != 0) return -1;
  uint8_t *p = malloc(k->priv_len);
  if (!p) {
    cli_err("out of memory");
    cli_free_pqkey(k);
    return -1;
  }
  memcpy(p, k->priv, k->priv_len);
  *param = (cce_mldsa_param)cce_pqkey_mldsa_param(k->alg);
  *sk = p;
  *sk_len = k->priv_len;
  cli_free_pqkey(k);
  return 0;
}

int cli_load_mldsa_public(const char *path, cce_mldsa_param *param, uint8_t **pk, size_t *pk_len) {
  cce_pqkey *k = NULL;
  *pk = NULL;
  *pk_len = 0;
  if (load_mldsa(path, 0, &k) != 0) return -1;
  if (k->pub_len == 0) {
    cli_err("%s: this private key (expandedKey form, no seed) does not hold its public key", path);
    cli_free_pqkey(k);
    return -1;
  }
  uint8_t *p = malloc(k->pub_len);
  if (!p) {
    cli_err("out of memory");
    cli_free_pqkey(k);
    return -1;
  }
  memcpy(p, k->pub, k->pub_len);
  *param = (cce_mldsa_param)cce_pqkey_mldsa_param(k->alg);
  *pk = p;
  *pk_len = k->pub_len;
  cli_free_pqkey(k);
  return 0;
}

int cli_pq_keygen(cce_pqkey_alg alg, const char *out, int force) {
  cce_pqkey *k = malloc(sizeof *k);
  char *pem = malloc(CCE_PQKEY_MAX_PEM_BYTES);
  size_t n = 0;
  int ret = CLI_EXIT_FAIL;
  if (!k || !pem) {
    cli_err("out of memory");
    goto done;
  }
  cce_status st = cce_pqkey_generate(k, alg);
  if (st != CCE_OK) {
    cli_err("key generation failed: %s", cce_status_str(st));
    goto done;
  }
  st = cce_pqkey_private_to_pem(pem, CCE_PQKEY_MAX_PEM_BYTES, &n, k, CCE_PQKEY_FORM_SEED);
  if (st != CCE_OK) {
    cli_err("cannot encode the key: %s", cce_status_str(st));
    goto done;
  }
  if (cli_write_file(out, NULL, CLI_OUT_PRIVATE | (force ? 0u : CLI_OUT_EXCL), pem, n) != 0) {
    if (!force && strcmp(out, "-") != 0) fprintf(stderr, "(use --force to replace it)\n");
    goto done;
  }
  ret = CLI_EXIT_OK;
done:
  if (pem) cli_free_secret(pem, CCE_PQKEY_MAX_PEM_BYTES);
  cli_free_pqkey(k);
  return ret;
}

int cli_pq_pubkey(const cce_pqkey *k, const char *out, const char *input, int der) {
  uint8_t *buf = malloc(CCE_PQKEY_MAX_PEM_BYTES);
  size_t n = 0;
  int ret = CLI_EXIT_FAIL;
  if (!buf) {
    cli_err("out of memory");
    return CLI_EXIT_FAIL;
  }
  if (k->pub_len == 0) {
    cli_err("%s: this private key (expandedKey form, no seed) does not hold its public key", input);
    goto done;
  }
  cce_status st = der ? cce_pqkey_public_to_der(buf, CCE_PQKEY_MAX_PEM_BYTES, &n, k)
                      : cce_pqkey_public_to_pem((char *)buf, CCE_PQKEY_MAX_PEM_BYTES, &n, k);
  if (st != CCE_OK) {
    cli_err("cannot encode the public key: %s", cce_status_str(st));
    goto done;
  }
  if (cli_write_file(out, input, 0, buf, n) != 0) goto done;
  ret = CLI_EXIT_OK;
done:
  free(buf);
  return ret;
}

// ---------------------------------------------------------------------------
// Hybrid P-384 + ML-KEM-1024 keys (see cli_keys.h)

#include <sys/stat.h>

// Collects the keys of one file into `h`; counts what it found. -1 after a
// message.
static int hybrid_collect(const char *path, cli_hybrid *h, int *n_ec, int *n_kem, int *n_other, int *n_private,
                          int *n_keys) {
  uint8_t *buf = NULL, *der = NULL;
  size_t len = 0;
  int ret = -1;
  int rc = cli_read_file(path, CLI_KEY_FILE_MAX, &buf, &len);
  if (rc) {
    if (rc == EFBIG)
      cli_err("%s: not a key file (larger than %u bytes)", path, CLI_KEY_FILE_MAX);
    else
      cli_err_errno(rc, "%s: cannot read the key file", path);
    return -1;
  }
  cce_pqkey *pq = malloc(sizeof *pq);
  der = malloc(len ? len : 1);
  if (!pq || !der) {
    cli_err("out of memory");
    goto done;
  }
  size_t pos = 0;
  int is_der = len > 0 && buf[0] == CCE_DER_SEQUENCE;
  for (;;) {
    size_t n = 0;
    char label[CCE_PEM_MAX_LABEL];
    if (is_der) {
      if (pos) break;
      memcpy(der, buf, len);
      n = len;
      pos = len;
    } else {
      cce_status st = cce_pem_decode(der, len ? len : 1, &n, label, (const char *)buf, len, &pos);
      if (st != CCE_OK) {
        cli_err("%s: malformed PEM block", path);
        goto done;
      }
      if (label[0] == '\0') break;
      if (strcmp(label, "PRIVATE KEY") != 0 && strcmp(label, "PUBLIC KEY") != 0 &&
          strcmp(label, "EC PRIVATE KEY") != 0)
        continue;
    }
    const char *why = "";
    cce_pkey ec;
    cce_status st = cce_pkey_parse_der(&ec, der, n, &why);
    (*n_keys)++;
    if (st == CCE_OK) {
      if (ec.type == CCE_PKEY_EC && ec.curve == CCE_PKEY_CURVE_P384) {
        if ((*n_ec)++ == 0) h->ec = ec;
        if (ec.priv_len) (*n_private)++;
      } else {
        (*n_other)++;
      }
      cce_pkey_wipe(&ec);
      continue;
    }
    st = cce_pqkey_parse_der(pq, der, n, &why);
    if (st == CCE_OK) {
      if (pq->alg == CCE_PQKEY_MLKEM1024) {
        if ((*n_kem)++ == 0) {
          h->kem = pq;
          pq = malloc(sizeof *pq);
          if (!pq) {
            cli_err("out of memory");
            goto done;
          }
        }
        if (h->kem->priv_len) (*n_private)++;
      } else {
        (*n_other)++;
      }
      continue;
    }
    if (st != CCE_ERR_UNSUPPORTED) {
      cli_err("%s: not a valid key: %s", path, why && why[0] ? why : cce_status_str(st));
      goto done;
    }
    (*n_other)++;
  }
  ret = 0;
done:
  cli_free_secret(buf, len ? len : 1);
  if (der) cli_free_secret(der, len ? len : 1);
  if (pq) cli_free_pqkey(pq);
  return ret;
}

void cli_hybrid_free(cli_hybrid *h) {
  if (!h) return;
  cce_pkey_wipe(&h->ec);
  cli_free_pqkey(h->kem);
  h->kem = NULL;
}

int cli_load_hybrid(const char *spec, unsigned flags, cli_hybrid *h) {
  memset(h, 0, sizeof *h);
  if (strcmp(spec, "-") == 0) return 0;  // standard input: read once, by the caller
  int n_ec = 0, n_kem = 0, n_other = 0, n_private = 0, n_keys = 0;
  struct stat sb;
  const char *plus = strchr(spec, '+');
  int two = plus && stat(spec, &sb) != 0;
  if (two) {
    char *first = strndup(spec, (size_t)(plus - spec));
    if (!first) return -1;
    int r = hybrid_collect(first, h, &n_ec, &n_kem, &n_other, &n_private, &n_keys);
    free(first);
    if (r == 0) r = hybrid_collect(plus + 1, h, &n_ec, &n_kem, &n_other, &n_private, &n_keys);
    if (r != 0) goto fail;
  } else {
    // A single file that is not a hybrid key: let the caller's loader
    // report on it (quietly 0) unless it holds an ML-KEM-1024 key.
    cli_hybrid tmp;
    memset(&tmp, 0, sizeof tmp);
    if (hybrid_collect(spec, &tmp, &n_ec, &n_kem, &n_other, &n_private, &n_keys) != 0) {
      cli_hybrid_free(&tmp);
      return -1;
    }
    *h = tmp;
    if (n_kem == 0 || n_keys == 1) {
      cli_hybrid_free(h);
      return 0;
    }
  }
  if (n_ec != 1 || n_kem != 1 || n_other != 0) {
    cli_err("%s: a hybrid key is one P-384 key and one ML-KEM-1024 key (found %d P-384, %d ML-KEM-1024, %d other)",
            spec, n_ec, n_kem, n_other);
    goto fail;
  }
  if ((flags & CLI_KEY_NEED_PRIVATE) && n_private != 2) {
    cli_err("%s: both hybrid keys (P-384 and ML-KEM-1024) must be private keys", spec);
    goto fail;
  }
  return 1;
fail:
  cli_hybrid_free(h);
  return -1;
}

int cli_hybrid_keygen(const char *out, int force) {
  int ret = CLI_EXIT_FAIL;
  uint8_t priv[48], pub[97];
  cce_pkey ec;
  memset(&ec, 0, sizeof ec);
  cce_pqkey *kem = malloc(sizeof *kem);
  char *pem = malloc(CCE_PKEY_MAX_PEM_BYTES + CCE_PQKEY_MAX_PEM_BYTES);
  size_t n1 = 0, n2 = 0;
  if (!kem || !pem) {
    cli_err("out of memory");
    goto done;
  }
  cce_status st = cce_ecdsa_keygen(CCE_EC_P384, priv, sizeof priv, pub, sizeof pub);
  if (st == CCE_OK) st = cce_pqkey_generate(kem, CCE_PQKEY_MLKEM1024);
  if (st != CCE_OK) {
    cli_err("key generation failed: %s", cce_status_str(st));
    goto done;
  }
  st = cce_pkey_set(&ec, CCE_PKEY_EC, CCE_PKEY_CURVE_P384, priv, sizeof priv, pub, sizeof pub);
  if (st == CCE_OK) st = cce_pkey_private_to_pem(pem, CCE_PKEY_MAX_PEM_BYTES, &n1, &ec);
  if (st == CCE_OK)
    st = cce_pqkey_private_to_pem(pem + n1, CCE_PQKEY_MAX_PEM_BYTES, &n2, kem, CCE_PQKEY_FORM_SEED);
  if (st != CCE_OK) {
    cli_err("cannot encode the key: %s", cce_status_str(st));
    goto done;
  }
  if (cli_write_file(out, NULL, CLI_OUT_PRIVATE | (force ? 0u : CLI_OUT_EXCL), pem, n1 + n2) != 0) {
    if (!force && strcmp(out, "-") != 0) fprintf(stderr, "(use --force to replace it)\n");
    goto done;
  }
  ret = CLI_EXIT_OK;
done:
  cce_wipe(priv, sizeof priv);
  cce_pkey_wipe(&ec);
  cli_free_pqkey(kem);
  if (pem) cli_free_secret(pem, CCE_PKEY_MAX_PEM_BYTES + CCE_PQKEY_MAX_PEM_BYTES);
  return ret;
}

int cli_hybrid_pubkey(const cli_hybrid *h, const char *out, const char *input) {
  char *pem = malloc(CCE_PKEY_MAX_PEM_BYTES + CCE_PQKEY_MAX_PEM_BYTES);
  size_t n1 = 0, n2 = 0;
  int ret = CLI_EXIT_FAIL;
  if (!pem) return CLI_EXIT_FAIL;
  cce_status st = cce_pkey_public_to_pem(pem, CCE_PKEY_MAX_PEM_BYTES, &n1, &h->ec, 0);
  if (st == CCE_OK) st = cce_pqkey_public_to_pem(pem + n1, CCE_PQKEY_MAX_PEM_BYTES, &n2, h->kem);
  if (st != CCE_OK) {
    cli_err("cannot encode the public key: %s", cce_status_str(st));
    goto done;
  }
  if (cli_write_file(out, input, 0, pem, n1 + n2) != 0) goto done;
  ret = CLI_EXIT_OK;
done:
  free(pem);
  return ret;
}

// ---------------------------------------------------------------------------
// ML-DSA signatures of files (see cli_keys.h)

typedef struct shake_job {
  cce_hash_ctx ctx;
  cce_status st;
} shake_job;

static int shake_cb(void *arg, const uint8_t *data, size_t len) {
  shake_job *j = arg;
  j->st = cce_hash_update(&j->ctx, data, len);
  return j->st == CCE_OK ? 0 : -1;
}

// mu = SHAKE256(tr || 0 || |ctx| || ctx || file, 64). -1 after a message.
static int mldsa_mu_file(const char *path, const uint8_t tr[64], const uint8_t *ctx, size_t ctx_len,
                         uint8_t mu[CCE_MLDSA_MU_BYTES]) {
  uint8_t prefix[2 + 255 + 11];
  size_t plen = 0;
  if (cce_mldsa_message_prefix(prefix, sizeof prefix, &plen, CCE_HASH_NONE, ctx, ctx_len) != CCE_OK) {
    cli_err("the context is longer than 255 bytes");
    return -1;
  }
  shake_job j;
  j.st = cce_hash_init(&j.ctx, CCE_HASH_SHAKE256);
  if (j.st == CCE_OK) j.st = cce_hash_update(&j.ctx, tr, 64);
  if (j.st == CCE_OK) j.st = cce_hash_update(&j.ctx, prefix, plen);
  if (j.st != CCE_OK) {
    cli_err("%s", cce_status_str(j.st));
    cce_hash_cleanup(&j.ctx);
    return -1;
  }
  int rc = cli_stream(path, shake_cb, &j);
  if (rc > 0) {
    cli_err_errno(rc, "%s", path);
    cce_hash_cleanup(&j.ctx);
    return -1;
  }
  if (rc == 0) j.st = cce_hash_final(&j.ctx, mu, CCE_MLDSA_MU_BYTES);
  cce_hash_cleanup(&j.ctx);
  if (j.st != CCE_OK) {
    cli_err("%s: %s", path, cce_status_str(j.st));
    return -1;
  }
  return 0;
}

int cli_mldsa_sign(const char *key, const char *alg, const char *in, const char *out, const uint8_t *ctx,
                   size_t ctx_len, int deterministic) {
  cce_pqkey *k = NULL;
  int r = cli_load_pqkey(key, CLI_KEY_NEED_PRIVATE, 1, &k);
  if (r == 0) return -1;
  if (r < 0) return CLI_EXIT_FAIL;
  if (alg && cce_pqkey_alg_is_dsa(k->alg)) {
    cli_free_pqkey(k);
    return cli_usage_err("-a does not apply to ML-DSA (pure ML-DSA signs the message itself)");
  }
  int ret = CLI_EXIT_FAIL;
  uint8_t mu[CCE_MLDSA_MU_BYTES], sig[CCE_MLDSA_MAX_SIGNATURE_BYTES];
  size_t sig_len = 0;
  if (!cce_pqkey_alg_is_dsa(k->alg)) {
    cli_err("%s: an %s key cannot sign (key encapsulation only: see 'cce encap')", key,
            cce_pqkey_alg_name(k->alg));
    goto done;
  }
  cce_mldsa_param param = (cce_mldsa_param)cce_pqkey_mldsa_param(k->alg);
  if (cce_mldsa_sizes(param, NULL, NULL, &sig_len) != CCE_OK) goto done;
  // tr = H(pk, 64) is stored in sk at offset 64 (FIPS 204 Algorithm 24).
  if (mldsa_mu_file(in, k->priv + 64, ctx, ctx_len, mu) != 0) goto done;
  cce_status st = cce_mldsa_sign_mu(param, sig, sig_len, k->priv, k->priv_len, mu,
                                    deterministic ? CCE_MLDSA_DETERMINISTIC : CCE_MLDSA_HEDGED);
  if (st != CCE_OK) {
    cli_err("signing failed: %s", cce_status_str(st));
    goto done;
  }
  if (cli_write_file(out, in, 0, sig, sig_len) != 0) goto done;
  ret = CLI_EXIT_OK;
done:
  cce_wipe(mu, sizeof mu);
  cli_free_pqkey(k);
  return ret;
}

int cli_mldsa_verify(const char *key, const char *alg, const char *in, const char *sig_path, const uint8_t *ctx,
                     size_t ctx_len) {
  cce_pqkey *k = NULL;
  int r = cli_load_pqkey(key, 0, 1, &k);
  if (r == 0) return -1;
  if (r < 0) return CLI_EXIT_FAIL;
  if (alg && cce_pqkey_alg_is_dsa(k->alg)) {
    cli_free_pqkey(k);
    return cli_usage_err("-a does not apply to ML-DSA (pure ML-DSA signs the message itself)");
  }
  int ret = CLI_EXIT_FAIL;
  uint8_t *sig = NULL;
  size_t sig_len = 0;
  uint8_t mu[CCE_MLDSA_MU_BYTES], tr[64];
  if (!cce_pqkey_alg_is_dsa(k->alg)) {
    cli_err("%s: an %s key cannot verify signatures (key encapsulation only)", key, cce_pqkey_alg_name(k->alg));
    goto done;
  }
  if (k->pub_len == 0) {
    cli_err("%s: this private key (expandedKey form, no seed) does not hold its public key", key);
    goto done;
  }
  int rc = cli_read_file(sig_path, CCE_MLDSA_MAX_SIGNATURE_BYTES + 1, &sig, &sig_len);
  if (rc == EFBIG) {
    sig = NULL;
    sig_len = 0;
  } else if (rc) {
    cli_err_errno(rc, "%s", sig_path);
    goto done;
  }
  cce_mldsa_param param = (cce_mldsa_param)cce_pqkey_mldsa_param(k->alg);
  if (cce_shake256(tr, sizeof tr, k->pub, k->pub_len) != CCE_OK) goto done;
  if (mldsa_mu_file(in, tr, ctx, ctx_len, mu) != 0) goto done;
  cce_status st = sig ? cce_mldsa_verify_mu(param, sig, sig_len, k->pub, k->pub_len, mu) : CCE_ERR_SIGNATURE;
  if (st == CCE_OK) {
    printf("Verified OK\n");
    ret = CLI_EXIT_OK;
  } else {
    printf("Verification failure\n");
    if (st != CCE_ERR_SIGNATURE) cli_err("%s", cce_status_str(st));
  }
done:
  free(sig);
  cli_free_pqkey(k);
  return ret;
}

int cli_context_arg(const char *text, const char *hex, uint8_t **out, size_t *out_len) {
  *out = NULL;
  *out_len = 0;
  if (text && hex) {
    cli_usage_err("give --context or --context-hex, not both");
    return -1;
  }
  if (text) {
    size_t n = strlen(text);
    *out = malloc(n ? n : 1);
    if (!*out) return -1;
    memcpy(*out, text, n);
    *out_len = n;
  } else if (hex) {
    if (cli_hex_decode(hex, out, out_len) != 0) {
      cli_usage_err("--context-hex: not a hex string");
      return -1;
    }
  } else {
    return 0;
  }
  if (*out_len > CCE_MLDSA_MAX_CONTEXT_BYTES) {
    free(*out);
    *out = NULL;
    *out_len = 0;
    cli_usage_err("the context string is longer than 255 bytes");
    return -1;
  }
  return 0;
}
