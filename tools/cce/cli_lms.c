// cli_lms.c: LMS/HSS key files for the `cce` tool (see cli_lms.h).
//
// Signing holds an exclusive flock(2) on "STATE.lock" from reading the state
// to the end of its durable rewrite, so two signers on one state file never
// read the same counter. The module calls persist() with the advanced blob
// before it computes the signature; persist() rewrites the state file
// through cli_out (temporary file in the same directory, fsync, rename,
// fsync of the directory). A crash at any point leaves either the old state
// (no signature was computed from the new leaf yet) or the new one.

#include "cli_lms.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cce/encoding.h"
#include "cce/lms.h"
#include "cce/util.h"
#include "cli.h"

// id-alg-hss-lms-hashsig, 1.2.840.113549.1.9.16.3.17 (RFC 8708).
static const uint8_t k_hss_oid[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x03, 0x11};

#define STATE_FILE_MAX (1024u * 1024u)

int cli_lms_read_state(const char *path, uint8_t priv[CCE_HSS_PRIVATE_LEN]);
int cli_lms_read_state(const char *path, uint8_t priv[CCE_HSS_PRIVATE_LEN]) {
  uint8_t *buf = NULL;
  size_t len = 0;
  int rc = cli_read_file(path, STATE_FILE_MAX, &buf, &len);
  if (rc != 0) {
    cli_err_errno(rc, "%s", path);
    return -1;
  }
  if (len != CCE_HSS_PRIVATE_LEN) {
    cli_err("%s: not an LMS state file (%zu bytes, expected %u)", path, len, (unsigned)CCE_HSS_PRIVATE_LEN);
    cli_free_secret(buf, len);
    return -1;
  }
  memcpy(priv, buf, len);
  cli_free_secret(buf, len);
  size_t sl;
  cce_status st = cce_hss_sig_len(priv, CCE_HSS_PRIVATE_LEN, &sl);
  if (st != CCE_OK) {
    cli_err("%s: not a valid LMS state file (%s)", path, cce_status_str(st));
    return -1;
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Public key files.

int cli_lms_spki_der(const uint8_t *pub, size_t pub_len, uint8_t *out, size_t cap, size_t *out_len);
int cli_lms_spki_der(const uint8_t *pub, size_t pub_len, uint8_t *out, size_t cap, size_t *out_len) {
  cce_der_builder b;
  cce_der_builder_init(&b, out, cap);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_add(&b, CCE_DER_OID, k_hss_oid, sizeof(k_hss_oid));
  cce_der_end(&b);
  cce_der_add_bit_string(&b, pub, pub_len);
  cce_der_end(&b);
  return cce_der_builder_finish(&b, out_len) == CCE_OK ? 0 : -1;
}

// Parses SPKI DER; 0 with the key in pub, or -1 (no message).
static int spki_parse(const uint8_t *der, size_t len, uint8_t *pub, size_t cap, size_t *pub_len) {
  cce_der d, spki, alg, oid, bits;
  cce_der_init(&d, der, len);
  if (cce_der_read(&d, CCE_DER_SEQUENCE, &spki) != CCE_OK || cce_der_finish(&d) != CCE_OK) return -1;
  if (cce_der_read(&spki, CCE_DER_SEQUENCE, &alg) != CCE_OK) return -1;
  if (cce_der_read_oid(&alg, &oid) != CCE_OK || oid.len != sizeof(k_hss_oid) ||
      memcmp(oid.data, k_hss_oid, sizeof(k_hss_oid)) != 0 || cce_der_finish(&alg) != CCE_OK)
    return -2;
  if (cce_der_read_bit_string(&spki, &bits) != CCE_OK || cce_der_finish(&spki) != CCE_OK) return -1;
  const uint8_t *k = bits.data;
  size_t kl = bits.len;
  // Also accept the key wrapped in an OCTET STRING (an RFC 8708 reading).
  if (kl >= 2 && k[0] == CCE_DER_OCTET_STRING) {
    cce_der w, inner;
    cce_der_init(&w, k, kl);
    if (cce_der_read(&w, CCE_DER_OCTET_STRING, &inner) == CCE_OK && cce_der_finish(&w) == CCE_OK) {
      k = inner.data;
      kl = inner.len;
    }
  }
  if (kl > cap) return -1;
  memcpy(pub, k, kl);
  *pub_len = kl;
  return 0;
}

// Checks the shape of a raw HSS public key: L || lms type || ots type || I || T.
static int pub_shape_ok(const uint8_t *p, size_t len) {
  if (len < 12 || len > CCE_HSS_PUBLIC_MAX) return 0;
  uint32_t L = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
  uint32_t t = ((uint32_t)p[4] << 24) | ((uint32_t)p[5] << 16) | ((uint32_t)p[6] << 8) | p[7];
  if (L < 1 || L > CCE_HSS_MAX_LEVELS) return 0;
  size_t m = (t >= CCE_LMS_SHA256_M32_H5 && t <= CCE_LMS_SHA256_M32_H25)   ? 32
             : (t >= CCE_LMS_SHA256_M24_H5 && t <= CCE_LMS_SHA256_M24_H25) ? 24
                                                                             : 0;
  return m != 0 && len == 28 + m;
}

int cli_lms_load_public(const char *path, uint8_t *pub, size_t cap, size_t *pub_len) {
  uint8_t *buf = NULL;
  size_t len = 0;
  int rc = cli_read_file(path, 64u * 1024u, &buf, &len);
  if (rc != 0) {
    cli_err_errno(rc, "%s", path);
    return -1;
  }
  int ret = -1;
  uint8_t tmp[CCE_HSS_PUBLIC_MAX + 64];
  size_t tl = 0;
  if (len > 10 && memmem(buf, len, "-----BEGIN", 10) != NULL) {
    uint8_t der[1024];
    size_t dl = 0, pos = 0;
    char label[CCE_PEM_MAX_LABEL];
    for (;;) {
      cce_status st = cce_pem_decode(der, sizeof(der), &dl, label, (const char *)buf, len, &pos);
      if (st != CCE_OK || label[0] == 0) {
        cli_err("%s: no PUBLIC KEY block%s", path, st != CCE_OK ? " (malformed PEM)" : "");
        goto done;
      }
      if (strcmp(label, "PUBLIC KEY") == 0) break;
    }
    int r = spki_parse(der, dl, tmp, sizeof(tmp), &tl);
    if (r != 0) {
      cli_err("%s: %s", path, r == -2 ? "not an HSS/LMS public key (algorithm is not id-alg-hss-lms-hashsig)"
                                       : "malformed SubjectPublicKeyInfo");
      goto done;
    }
  } else if (len > 0 && buf[0] == CCE_DER_SEQUENCE) {
    int r = spki_parse(buf, len, tmp, sizeof(tmp), &tl);
    if (r != 0) {
      cli_err("%s: %s", path, r == -2 ? "not an HSS/LMS public key (algorithm is not id-alg-hss-lms-hashsig)"
                                       : "malformed SubjectPublicKeyInfo");
      goto done;
    }
  } else {
    if (len > sizeof(tmp)) {
      cli_err("%s: not an HSS/LMS public key (%zu bytes)", path, len);
      goto done;
    }
    memcpy(tmp, buf, len);
    tl = len;
  }
  if (!pub_shape_ok(tmp, tl)) {
    cli_err("%s: not an HSS public key of a supported type (L || LMS type || LM-OTS type || I || T)", path);
    goto done;
  }
  if (tl > cap) {
    cli_err("%s: public key of %zu bytes does not fit", path, tl);
    goto done;
  }
  memcpy(pub, tmp, tl);
  *pub_len = tl;
  ret = 0;
done:
  free(buf);
  return ret;
}

int cli_lms_public_from_state(const char *state_path, uint8_t *pub, size_t cap, size_t *pub_len) {
  uint8_t priv[CCE_HSS_PRIVATE_LEN];
  if (cli_lms_read_state(state_path, priv) != 0) return -1;
  cce_status st = cce_hss_public_from_private(priv, sizeof(priv), pub, cap, pub_len);
  cce_wipe(priv, sizeof(priv));
  if (st != CCE_OK) {
    cli_err("%s: cannot compute the public key (%s)", state_path, cce_status_str(st));
    return -1;
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Signing.

typedef struct persist_ctx {
  const char *path;
} persist_ctx;

static int persist_state(void *ctx, const uint8_t *priv, size_t len) {
  const persist_ctx *p = ctx;
  cli_out o;
  // The state replaces itself: no `input` to protect; never stdout.
  if (cli_out_open(&o, p->path, NULL, CLI_OUT_PRIVATE) != 0) return -1;
  if (cli_out_write(&o, priv, len) != 0) {
    cli_out_abort(&o);
    return -1;
  }
  // Test hooks (tests/lms/): a failing disk, and crashes inside the
  // persist step (before the rename, and after it, before any signature).
  const char *crash = getenv("CCE_LMS_TEST_CRASH");
  if (getenv("CCE_LMS_TEST_PERSIST_FAIL") != NULL) {
    cli_out_abort(&o);
    return -1;
  }
  if (crash != NULL && strcmp(crash, "before-commit") == 0) raise(SIGKILL);
  int rc = cli_out_commit(&o);
  if (crash != NULL && strcmp(crash, "after-commit") == 0) raise(SIGKILL);
  return rc;
}

// Exclusive lock on "PATH.lock" (created 0600). Returns the fd or -1.
static int lock_state(const char *path) {
  size_t n = strlen(path);
  char *lp = malloc(n + 6);
  if (lp == NULL) return -1;
  memcpy(lp, path, n);
  memcpy(lp + n, ".lock", 6);
  int fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    cli_err_errno(errno, "%s", lp);
    free(lp);
    return -1;
  }
  while (flock(fd, LOCK_EX) != 0) {
    if (errno != EINTR) {
      cli_err_errno(errno, "%s: lock", lp);
      close(fd);
      free(lp);
      return -1;
    }
  }
  free(lp);
  return fd;
}

int cli_lms_sign(const char *state_path, const uint8_t *msg, size_t msg_len, uint8_t **sig, size_t *sig_len) {
  *sig = NULL;
  *sig_len = 0;
  if (state_path == NULL || strcmp(state_path, "-") == 0) {
    cli_err("the LMS state must be a file (it is rewritten by every signature)");
    return -1;
  }
  int lock = lock_state(state_path);
  if (lock < 0) return -1;
  int ret = -1;
  uint8_t priv[CCE_HSS_PRIVATE_LEN];
  uint8_t *buf = NULL;
  size_t cap = 0, got = 0;
  if (cli_lms_read_state(state_path, priv) != 0) goto done;
  if (cce_hss_sig_len(priv, sizeof(priv), &cap) != CCE_OK || (buf = malloc(cap)) == NULL) {
    cli_err("out of memory");
    goto done;
  }
  persist_ctx pc = {state_path};
  static const uint8_t empty[1] = {0};
  cce_status st = cce_hss_sign(priv, sizeof(priv), persist_state, &pc, msg != NULL ? msg : empty, msg_len, buf, cap,
                               &got);
  if (st == CCE_ERR_LIMIT_REACHED) {
    cli_err("%s: every one-time key of this LMS key is used: it cannot sign any more", state_path);
    goto done;
  }
  if (st == CCE_ERR_PERSIST) {
    cli_err("%s: could not save the advanced state: no signature released (one leaf may be lost)", state_path);
    goto done;
  }
  if (st != CCE_OK) {
    cli_err("%s: signing failed (%s)", state_path, cce_status_str(st));
    goto done;
  }
  *sig = buf;
  *sig_len = got;
  buf = NULL;
  ret = 0;
done:
  free(buf);
  cce_wipe(priv, sizeof(priv));
  close(lock);
  return ret;
}
