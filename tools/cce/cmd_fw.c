// cce fw: signed firmware images (docs/firmware-image-format.md).
//   cce fw sign     build a manifest for an image and sign it (ECDSA P-384,
//                   ML-DSA-87, LMS/HSS; several signers), or add a signer
//   cce fw verify   verify an image against trusted keys, a policy, the
//                   device class and the device's anti-rollback minimum
//   cce fw inspect  describe an image (nothing verified)
//   cce fw counter  show or initialise a device's anti-rollback minimum
// The verification itself is the library's cce_fw_verify.

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cce/ec.h"
#include "cce/encoding.h"
#include "cce/firmware.h"
#include "cce/hash.h"
#include "cce/lms.h"
#include "cce/mldsa.h"
#include "cce/util.h"
#include "cli.h"
#include "cli_counter.h"
#include "device.h"
#include "cli_keys.h"
#include "cli_lms.h"

// Largest header read: manifest + 8 signatures of the longest kind.
#define FW_HEADER_MAX \
  (CCE_FW_MANIFEST_MAX + 4 + CCE_FW_MAX_SIGNATURES * (CCE_FW_SIG_ENTRY_HEADER + CCE_FW_HSS_SIG_MAX))
#define MSG_MAX (sizeof(CCE_FW_SIGNING_CONTEXT) + CCE_FW_MANIFEST_MAX)

// ===========================================================================
// Names.

static const char *alg_name(cce_fw_sig_alg a) {
  switch (a) {
    case CCE_FW_SIG_ECDSA_P384: return "ECDSA-P384-SHA384";
    case CCE_FW_SIG_MLDSA87: return "ML-DSA-87";
    case CCE_FW_SIG_HSS: return "HSS-LMS-SHA256";
  }
  return "?";
}

static const char *hash_name(cce_fw_hash_id h) {
  return h == CCE_FW_HASH_SHA2_384 ? "SHA2-384" : h == CCE_FW_HASH_SHA3_512 ? "SHA3-512" : "?";
}

static void print_status_err(const char *what, cce_status st, const char *detail) {
  if (detail && *detail)
    cli_err("%s: %s (%s)", what, cce_status_str(st), detail);
  else
    cli_err("%s: %s", what, cce_status_str(st));
}

// ===========================================================================
// Keys.

typedef struct fw_signer {
  const char *path;
  cce_fw_sig_alg alg;
  uint8_t *priv;  // EC scalar or ML-DSA sk (malloc'd, secret); NULL for LMS
  size_t priv_len;
  uint8_t *pub;   // raw public key (malloc'd)
  size_t pub_len;
  uint8_t key_id[CCE_FW_KEY_ID_BYTES];
} fw_signer;

static void signer_free(fw_signer *s) {
  if (s->priv) cli_free_secret(s->priv, s->priv_len);
  free(s->pub);
  memset(s, 0, sizeof *s);
}

static int is_text_key(const uint8_t *b, size_t n) {
  static const char pem[] = "-----BEGIN";
  for (size_t i = 0; i + sizeof pem - 1 <= n; i++)
    if (memcmp(b + i, pem, sizeof pem - 1) == 0) return 1;
  return n > 0 && b[0] == 0x30;  // DER SEQUENCE
}

static uint8_t *dup_bytes(const uint8_t *p, size_t n) {
  uint8_t *q = malloc(n ? n : 1);
  if (q) memcpy(q, p, n);
  return q;
}

// load_signer: a P-384 private key (PEM/DER), an ML-DSA-87 private key
// (PKCS#8) or an LMS/HSS state file (raw, CCE_HSS_PRIVATE_LEN bytes).
static int load_signer(const char *path, fw_signer *s) {
  memset(s, 0, sizeof *s);
  s->path = path;
  uint8_t *buf = NULL;
  size_t len = 0;
  int rc = cli_read_file(path, CLI_KEY_FILE_MAX, &buf, &len);
  if (rc) {
    if (rc == EFBIG) cli_err("%s: not a key file (larger than %u bytes)", path, CLI_KEY_FILE_MAX);
    else cli_err_errno(rc, "%s: cannot read the key file", path);
    return -1;
  }
  int ret = -1;
  if (is_text_key(buf, len)) {
    const char *why = "";
    cce_pqkey *pq = malloc(sizeof *pq);
    if (!pq) {
      cli_err("out of memory");
      goto out;
    }
    cce_status st = cce_pqkey_parse(pq, buf, len, &why);
    if (st == CCE_OK) {
      if (pq->alg != CCE_PQKEY_MLDSA87) {
        cli_err("%s: %s key: firmware signers are P-384, ML-DSA-87 or LMS", path, cce_pqkey_alg_name(pq->alg));
      } else if (pq->priv_len == 0) {
        cli_err("%s: is a public key (ML-DSA-87); a private key is needed", path);
      } else if (pq->pub_len != CCE_MLDSA87_PUBLIC_KEY_BYTES) {
        cli_err("%s: ML-DSA-87 key without its public key (expandedKey form): use the seed form", path);
      } else {
        s->alg = CCE_FW_SIG_MLDSA87;
        s->priv = dup_bytes(pq->priv, pq->priv_len);
        s->priv_len = pq->priv_len;
        s->pub = dup_bytes(pq->pub, pq->pub_len);
        s->pub_len = pq->pub_len;
        ret = (s->priv && s->pub) ? 0 : -1;
      }
      cce_pqkey_wipe(pq);
      free(pq);
      goto out;
    }
    cce_pqkey_wipe(pq);
    free(pq);
    if (st != CCE_ERR_UNSUPPORTED && st != CCE_ERR_DECODE) {
      cli_err("%s: %s", path, why && *why ? why : cce_status_str(st));
      goto out;
    }
    cce_pkey k;
    st = cce_pkey_parse(&k, buf, len, &why);
    if (st != CCE_OK) {
      cli_err("%s: not a usable key: %s", path, why && *why ? why : cce_status_str(st));
      goto out;
    }
    if (k.type != CCE_PKEY_EC || k.curve != CCE_PKEY_CURVE_P384) {
      cli_err("%s: %s key: firmware signers are P-384, ML-DSA-87 or LMS", path, cce_pkey_name(&k));
    } else if (k.priv_len == 0) {
      cli_err("%s: is a public key (P-384); a private key is needed", path);
    } else {
      s->alg = CCE_FW_SIG_ECDSA_P384;
      s->priv = dup_bytes(k.priv, k.priv_len);
      s->priv_len = k.priv_len;
      s->pub = dup_bytes(k.pub, k.pub_len);
      s->pub_len = k.pub_len;
      ret = (s->priv && s->pub) ? 0 : -1;
    }
    cce_pkey_wipe(&k);
    goto out;
  }
  if (len == CCE_HSS_PRIVATE_LEN) {
    uint8_t pub[CCE_HSS_PUBLIC_MAX];
    size_t pub_len = 0;
    if (cli_lms_public_from_state(path, pub, sizeof pub, &pub_len) != 0) goto out;
    s->alg = CCE_FW_SIG_HSS;
    s->pub = dup_bytes(pub, pub_len);
    s->pub_len = pub_len;
    ret = s->pub ? 0 : -1;
    goto out;
  }
  cli_err("%s: not a key file (P-384 or ML-DSA-87 PEM/DER, or an LMS state file)", path);
out:
  cli_free_secret(buf, len ? len : 1);
  if (ret == 0 && cce_fw_key_id(s->key_id, s->pub, s->pub_len) != CCE_OK) ret = -1;
  if (ret != 0) signer_free(s);
  return ret;
}

// load_trusted: a public key (or the public part of a private key): P-384,
// ML-DSA-87 or HSS (SPKI PEM/DER or raw).
static int load_trusted(const char *path, cce_fw_key *k) {
  memset(k, 0, sizeof *k);
  uint8_t *buf = NULL;
  size_t len = 0;
  int rc = cli_read_file(path, CLI_KEY_FILE_MAX, &buf, &len);
  if (rc) {
    if (rc == EFBIG) cli_err("%s: not a key file (larger than %u bytes)", path, CLI_KEY_FILE_MAX);
    else cli_err_errno(rc, "%s: cannot read the key file", path);
    return -1;
  }
  int ret = -1;
  const char *why = "";
  cce_pqkey *pq = malloc(sizeof *pq);
  cce_status st = pq ? cce_pqkey_parse(pq, buf, len, &why) : CCE_ERR_INTERNAL;
  if (st == CCE_OK) {
    if (pq->alg != CCE_PQKEY_MLDSA87 || pq->pub_len != CCE_MLDSA87_PUBLIC_KEY_BYTES) {
      cli_err("%s: %s key without an ML-DSA-87 public key", path, cce_pqkey_alg_name(pq->alg));
    } else {
      k->alg = CCE_FW_SIG_MLDSA87;
      k->pub = dup_bytes(pq->pub, pq->pub_len);
      k->pub_len = pq->pub_len;
      ret = k->pub ? 0 : -1;
    }
  } else {
    cce_pkey ek;
    cce_status st2 = cce_pkey_parse(&ek, buf, len, &why);
    if (st2 == CCE_OK) {
      if (ek.type != CCE_PKEY_EC || ek.curve != CCE_PKEY_CURVE_P384) {
        cli_err("%s: %s key: trusted firmware keys are P-384, ML-DSA-87 or HSS", path, cce_pkey_name(&ek));
      } else {
        k->alg = CCE_FW_SIG_ECDSA_P384;
        k->pub = dup_bytes(ek.pub, ek.pub_len);
        k->pub_len = ek.pub_len;
        ret = k->pub ? 0 : -1;
      }
      cce_pkey_wipe(&ek);
    } else {
      uint8_t pub[CCE_HSS_PUBLIC_MAX];
      size_t pub_len = 0;
      if (cli_lms_load_public(path, pub, sizeof pub, &pub_len) == 0) {
        k->alg = CCE_FW_SIG_HSS;
        k->pub = dup_bytes(pub, pub_len);
        k->pub_len = pub_len;
        ret = k->pub ? 0 : -1;
      }
    }
  }
  if (pq) {
    cce_pqkey_wipe(pq);
    free(pq);
  }
  cli_free_secret(buf, len ? len : 1);
  return ret;
}

// ===========================================================================
// Files.

typedef struct fw_file {
  int fd;
  uint64_t size;
  uint8_t *hdr;  // the first min(size, FW_HEADER_MAX) bytes
  size_t hdr_len;
  cce_fw_manifest m;
} fw_file;

static void fw_file_close(fw_file *f) {
  if (f->fd >= 0) close(f->fd);
  free(f->hdr);
  memset(f, 0, sizeof *f);
  f->fd = -1;
}

static int read_full(int fd, uint8_t *buf, size_t n, uint64_t off) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = pread(fd, buf + done, n - done, (off_t)(off + done));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    done += (size_t)r;
  }
  return 0;
}

// fw_file_open: opens `path`, reads its header and parses it. Returns 0,
// -1 after printing (cannot read), or -2 after printing a decode error
// (*st set).
static int fw_file_open(const char *path, fw_file *f, cce_status *st) {
  memset(f, 0, sizeof *f);
  f->fd = open(path, O_RDONLY | O_CLOEXEC);
  if (f->fd < 0) {
    cli_err_errno(errno, "%s: cannot open", path);
    return -1;
  }
  struct stat sb;
  if (fstat(f->fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
    cli_err("%s: not a regular file", path);
    fw_file_close(f);
    return -1;
  }
  f->size = (uint64_t)sb.st_size;
  f->hdr_len = f->size < FW_HEADER_MAX ? (size_t)f->size : FW_HEADER_MAX;
  f->hdr = malloc(f->hdr_len ? f->hdr_len : 1);
  if (!f->hdr || read_full(f->fd, f->hdr, f->hdr_len, 0) != 0) {
    cli_err("%s: cannot read", path);
    fw_file_close(f);
    return -1;
  }
  *st = cce_fw_parse(f->hdr, f->hdr_len, &f->m);
  if (*st != CCE_OK) {
    print_status_err(path, *st, "malformed or unsupported manifest or signature block");
    fw_file_close(f);
    return -2;
  }
  return 0;
}

typedef struct fd_src {
  int fd;
  uint64_t base;
} fd_src;

static cce_status fd_read(void *ctx, uint64_t offset, uint8_t *buf, size_t n) {
  fd_src *s = ctx;
  return read_full(s->fd, buf, n, s->base + offset) == 0 ? CCE_OK : CCE_ERR_INVALID_LENGTH;
}

// hash_fd: digest of n bytes of fd from `off`.
static int hash_fd(int fd, uint64_t off, uint64_t n, cce_hash_alg alg, uint8_t *out) {
  cce_hash_ctx ctx;
  if (cce_hash_init(&ctx, alg) != CCE_OK) return -1;
  uint8_t *buf = malloc(CLI_CHUNK);
  if (!buf) return -1;
  int rc = 0;
  for (uint64_t done = 0; done < n && rc == 0;) {
    size_t k = (n - done) > CLI_CHUNK ? CLI_CHUNK : (size_t)(n - done);
    if (read_full(fd, buf, k, off + done) != 0 || cce_hash_update(&ctx, buf, k) != CCE_OK) rc = -1;
    done += k;
  }
  free(buf);
  if (rc == 0 && cce_hash_final(&ctx, out, CCE_HASH_MAX_DIGEST_BYTES) != CCE_OK) rc = -1;
  cce_hash_cleanup(&ctx);
  return rc;
}

static int copy_fd(cli_out *o, int fd, uint64_t off, uint64_t n) {
  uint8_t *buf = malloc(CLI_CHUNK);
  if (!buf) return -1;
  int rc = 0;
  for (uint64_t done = 0; done < n && rc == 0;) {
    size_t k = (n - done) > CLI_CHUNK ? CLI_CHUNK : (size_t)(n - done);
    if (read_full(fd, buf, k, off + done) != 0 || cli_out_write(o, buf, k) != 0) rc = -1;
    done += k;
  }
  free(buf);
  return rc;
}

// ===========================================================================
// Signing.

static void put16(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 8);
  p[1] = (uint8_t)v;
}
static void put32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}
static void put64(uint8_t *p, uint64_t v) {
  put32(p, (uint32_t)(v >> 32));
  put32(p + 4, (uint32_t)v);
}

// A signature entry being built.
typedef struct sig_out {
  cce_fw_sig_alg alg;
  uint8_t key_id[CCE_FW_KEY_ID_BYTES];
  uint8_t *sig;
  size_t sig_len;
  int owned;  // sig malloc'd here
} sig_out;

// sign_with: one signature of msg[0..msg_len). LMS signs last (it spends a leaf).
static int sign_with(fw_signer *s, const uint8_t *msg, size_t msg_len, sig_out *o) {
  memset(o, 0, sizeof *o);
  o->alg = s->alg;
  memcpy(o->key_id, s->key_id, sizeof o->key_id);
  o->owned = 1;
  cce_status st;
  switch (s->alg) {
    case CCE_FW_SIG_ECDSA_P384:
      o->sig_len = CCE_ECDSA_P384_SIG_BYTES;
      o->sig = malloc(o->sig_len);
      if (!o->sig) return -1;
      st = cce_ecdsa_sign(CCE_EC_P384, CCE_HASH_SHA384, s->priv, s->priv_len, msg, msg_len, 0, o->sig, o->sig_len);
      break;
    case CCE_FW_SIG_MLDSA87:
      o->sig_len = CCE_MLDSA87_SIGNATURE_BYTES;
      o->sig = malloc(o->sig_len);
      if (!o->sig) return -1;
      st = cce_mldsa_sign(CCE_MLDSA_87, o->sig, o->sig_len, s->priv, s->priv_len, msg, msg_len, NULL, 0,
                          CCE_MLDSA_HEDGED);
      break;
    case CCE_FW_SIG_HSS:
      if (cli_lms_sign(s->path, msg, msg_len, &o->sig, &o->sig_len) != 0) return -1;
      if (o->sig_len < 8 || o->sig_len > CCE_FW_HSS_SIG_MAX) {
        cli_err("%s: LMS signature of %zu bytes is longer than the format allows", s->path, o->sig_len);
        return -1;
      }
      return 0;
    default: return -1;
  }
  if (st != CCE_OK) {
    print_status_err(s->path, st, "signing failed");
    return -1;
  }
  return 0;
}

static int parse_u32(const char *s, uint32_t *out) {
  if (!s || !*s || *s == '-' || *s == '+') return -1;
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || *end || v > 0xffffffffull) return -1;
  *out = (uint32_t)v;
  return 0;
}

static int parse_version(const char *s, uint32_t v[3]) {
  char buf[64];
  if (!s || strlen(s) >= sizeof buf) return -1;
  strcpy(buf, s);
  char *parts[3], *save = NULL, *t = strtok_r(buf, ".", &save);
  int n = 0;
  while (t && n < 3) {
    parts[n++] = t;
    t = strtok_r(NULL, ".", &save);
  }
  if (n != 3 || t) return -1;
  for (int i = 0; i < 3; i++)
    if (parse_u32(parts[i], &v[i]) != 0) return -1;
  return 0;
}

static int printable_str(const char *s, int allow_space) {
  for (; *s; s++)
    if ((unsigned char)*s < (allow_space ? 0x20 : 0x21) || (unsigned char)*s > 0x7e) return 0;
  return 1;
}

static void sign_usage(void) {
  printf(
      "Usage: cce fw sign --image FILE --version X.Y.Z --svn N --target CLASS --key KEY [--key KEY]...\n"
      "                   [--hash sha384|sha3-512] [--description TEXT] [--build-time SECONDS]\n"
      "                   [--detached] -o OUT\n"
      "       cce fw sign --add-signature IN --key KEY [--key KEY]... -o OUT\n"
      "\n"
      "Build the manifest of FILE and sign it with every KEY (the image is attached\n"
      "after the signatures unless --detached), or add signers to the image IN.\n"
      "  --key KEY            a signer: a P-384 private key (PEM/DER; ECDSA with\n"
      "                       SHA2-384), an ML-DSA-87 private key (PKCS#8, seed form;\n"
      "                       'cce keygen -a mldsa87'), or an LMS/HSS state file\n"
      "                       ('cce lms keygen'; the state advances before signing)\n"
      "  --version X.Y.Z      the firmware version (three decimal numbers)\n"
      "  --svn N              security version for anti-rollback (0..4294967295)\n"
      "  --target CLASS       target device class (1..64 printable ASCII, no spaces)\n"
      "  --hash ALG           image hash: sha384 (default) or sha3-512\n"
      "  --description TEXT   0..255 printable ASCII characters\n"
      "  --build-time SECONDS build time (Unix time; default $SOURCE_DATE_EPOCH, else now)\n"
      "  --detached           write only the manifest and signatures\n"
      "  --add-signature IN   add the signers to IN (its image, if attached, must match)\n"
      "  -o, --out OUT        the signed image (written atomically; never over an input)\n"
      "\n"
      "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

enum {
  OPT_IMAGE = 256, OPT_VERSION, OPT_SVN, OPT_TARGET, OPT_KEY, OPT_HASH, OPT_DESC, OPT_BUILD_TIME, OPT_DETACHED,
  OPT_ADD, OPT_TRUST, OPT_PUB, OPT_POLICY, OPT_DEVICE, OPT_COMMIT, OPT_NO_DEVICE, OPT_JSON, OPT_INIT
};

static int fw_sign(int argc, char **argv) {
  static const struct option longopts[] = {
      {"image", required_argument, NULL, OPT_IMAGE}, {"version", required_argument, NULL, OPT_VERSION},
      {"svn", required_argument, NULL, OPT_SVN},     {"target", required_argument, NULL, OPT_TARGET},
      {"key", required_argument, NULL, OPT_KEY},     {"hash", required_argument, NULL, OPT_HASH},
      {"description", required_argument, NULL, OPT_DESC},
      {"build-time", required_argument, NULL, OPT_BUILD_TIME},
      {"detached", no_argument, NULL, OPT_DETACHED}, {"add-signature", required_argument, NULL, OPT_ADD},
      {"out", required_argument, NULL, 'o'},         {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  const char *image = NULL, *version = NULL, *svn_s = NULL, *target = NULL, *hash_s = "sha384", *desc = "";
  const char *build_s = NULL, *add = NULL, *out = NULL;
  const char *keys[CCE_FW_MAX_SIGNATURES];
  size_t num_keys = 0;
  int detached = 0, c;
  cli_getopt_reset();
  while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
    switch (c) {
      case OPT_IMAGE: image = optarg; break;
      case OPT_VERSION: version = optarg; break;
      case OPT_SVN: svn_s = optarg; break;
      case OPT_TARGET: target = optarg; break;
      case OPT_KEY:
        if (num_keys == CCE_FW_MAX_SIGNATURES) return cli_usage_err("at most %u signers", CCE_FW_MAX_SIGNATURES);
        keys[num_keys++] = optarg;
        break;
      case OPT_HASH: hash_s = optarg; break;
      case OPT_DESC: desc = optarg; break;
      case OPT_BUILD_TIME: build_s = optarg; break;
      case OPT_DETACHED: detached = 1; break;
      case OPT_ADD: add = optarg; break;
      case 'o': out = optarg; break;
      case 'h': sign_usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind < argc) return cli_usage_err("unexpected argument '%s'", argv[optind]);
  if (num_keys == 0) return cli_usage_err("no --key given");
  if (!out) return cli_usage_err("no output (-o OUT) given");
  if (add && (image || version || svn_s || target || build_s || detached || *desc))
    return cli_usage_err("--add-signature takes only --key and -o");
  uint32_t ver[3] = {0, 0, 0}, svn = 0;
  uint64_t build_time = 0;
  cce_fw_hash_id hid = CCE_FW_HASH_SHA2_384;
  if (!add) {
    if (!image) return cli_usage_err("no --image given");
    if (!version || parse_version(version, ver) != 0) return cli_usage_err("--version must be X.Y.Z (decimal)");
    if (!svn_s || parse_u32(svn_s, &svn) != 0) return cli_usage_err("--svn must be a number 0..4294967295");
    if (!target || !*target || strlen(target) > CCE_FW_TARGET_MAX || !printable_str(target, 0))
      return cli_usage_err("--target must be 1..%u printable ASCII characters without spaces", CCE_FW_TARGET_MAX);
    if (strlen(desc) > CCE_FW_DESCRIPTION_MAX || !printable_str(desc, 1))
      return cli_usage_err("--description must be 0..%u printable ASCII characters", CCE_FW_DESCRIPTION_MAX);
    if (strcmp(hash_s, "sha384") == 0 || strcmp(hash_s, "sha2-384") == 0) hid = CCE_FW_HASH_SHA2_384;
    else if (strcmp(hash_s, "sha3-512") == 0) hid = CCE_FW_HASH_SHA3_512;
    else return cli_usage_err("unknown --hash '%s' (valid: sha384 sha3-512)", hash_s);
    const char *b = build_s ? build_s : getenv("SOURCE_DATE_EPOCH");
    if (b) {
      char *end;
      errno = 0;
      unsigned long long v = strtoull(b, &end, 10);
      if (errno || *end || !*b || *b == '-') return cli_usage_err("--build-time must be a Unix time in seconds");
      build_time = v;
    } else {
      build_time = (uint64_t)time(NULL);
    }
  }
  const char *input = add ? add : image;
  for (size_t i = 0; i < num_keys; i++)
    if (cli_same_file(out, keys[i])) {
      cli_err("%s: refusing to overwrite a key file", out);
      return CLI_EXIT_FAIL;
    }

  int rc = CLI_EXIT_FAIL;
  fw_signer signers[CCE_FW_MAX_SIGNATURES];
  size_t loaded = 0;
  sig_out sigs[CCE_FW_MAX_SIGNATURES];
  size_t nsigs = 0;
  memset(sigs, 0, sizeof sigs);
  fw_file in;
  memset(&in, 0, sizeof in);
  in.fd = -1;
  int img_fd = -1;
  uint8_t manifest[CCE_FW_MANIFEST_MAX];
  size_t mlen = 0;
  uint64_t img_off = 0, img_len = 0;
  int attach = !detached;
  cli_out o;
  memset(&o, 0, sizeof o);

  for (; loaded < num_keys; loaded++)
    if (load_signer(keys[loaded], &signers[loaded]) != 0) goto done;
  for (size_t i = 0; i < num_keys; i++)
    for (size_t j = 0; j < i; j++)
      if (memcmp(signers[i].key_id, signers[j].key_id, CCE_FW_KEY_ID_BYTES) == 0) {
        cli_err("%s and %s are the same signing key", keys[j], keys[i]);
        goto done;
      }

  if (add) {
    cce_status st;
    if (fw_file_open(add, &in, &st) != 0) goto done;
    if (in.m.num_signatures + num_keys > CCE_FW_MAX_SIGNATURES) {
      cli_err("%s: has %zu signatures; at most %u in all", add, in.m.num_signatures, CCE_FW_MAX_SIGNATURES);
      goto done;
    }
    for (size_t i = 0; i < num_keys; i++)
      for (size_t j = 0; j < in.m.num_signatures; j++)
        if (memcmp(signers[i].key_id, in.m.sigs[j].key_id, CCE_FW_KEY_ID_BYTES) == 0) {
          cli_err("%s: already signed by %s", add, keys[i]);
          goto done;
        }
    mlen = in.m.manifest_len;
    memcpy(manifest, in.m.manifest, mlen);
    uint64_t rest = in.size - in.m.header_len;
    if (rest == 0) {
      attach = 0;
    } else if (rest != in.m.image_len) {
      print_status_err(add, CCE_ERR_INVALID_LENGTH, "the attached image does not have the manifest's length");
      goto done;
    } else {
      uint8_t h[CCE_HASH_MAX_DIGEST_BYTES];
      if (hash_fd(in.fd, in.m.header_len, rest, in.m.hash_alg, h) != 0) {
        cli_err("%s: cannot read the image", add);
        goto done;
      }
      if (memcmp(h, in.m.image_hash, in.m.image_hash_len) != 0) {
        print_status_err(add, CCE_ERR_AUTH, "the attached image does not match the manifest's hash");
        goto done;
      }
      attach = 1;
      img_fd = in.fd;
      img_off = in.m.header_len;
      img_len = rest;
    }
    for (size_t j = 0; j < in.m.num_signatures; j++) {
      sigs[nsigs].alg = in.m.sigs[j].alg;
      memcpy(sigs[nsigs].key_id, in.m.sigs[j].key_id, CCE_FW_KEY_ID_BYTES);
      sigs[nsigs].sig = (uint8_t *)in.m.sigs[j].sig;
      sigs[nsigs].sig_len = in.m.sigs[j].sig_len;
      nsigs++;
    }
  } else {
    img_fd = open(image, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (img_fd < 0 || fstat(img_fd, &sb) != 0) {
      cli_err_errno(errno, "%s: cannot open the image", image);
      goto done;
    }
    if (!S_ISREG(sb.st_mode) || sb.st_size <= 0 || (uint64_t)sb.st_size > CCE_FW_IMAGE_MAX) {
      cli_err("%s: the image must be a regular file of 1 byte to 4 GiB", image);
      goto done;
    }
    img_len = (uint64_t)sb.st_size;
    cce_hash_alg ha = hid == CCE_FW_HASH_SHA2_384 ? CCE_HASH_SHA384 : CCE_HASH_SHA3_512;
    size_t hl = cce_hash_digest_len(ha), tl = strlen(target), dl = strlen(desc);
    uint8_t h[CCE_HASH_MAX_DIGEST_BYTES];
    if (hash_fd(img_fd, 0, img_len, ha, h) != 0) {
      cli_err("%s: cannot read the image", image);
      goto done;
    }
    mlen = CCE_FW_MANIFEST_FIXED + hl + tl + dl;
    memset(manifest, 0, sizeof manifest);
    memcpy(manifest, CCE_FW_MAGIC, 8);
    put16(manifest + 8, CCE_FW_FORMAT_VERSION);
    put16(manifest + 10, (uint32_t)mlen);
    manifest[12] = (uint8_t)hid;
    manifest[13] = (uint8_t)tl;
    manifest[14] = (uint8_t)dl;
    manifest[15] = 0;
    put64(manifest + 16, img_len);
    put32(manifest + 24, ver[0]);
    put32(manifest + 28, ver[1]);
    put32(manifest + 32, ver[2]);
    put32(manifest + 36, svn);
    put64(manifest + 40, build_time);
    memcpy(manifest + CCE_FW_MANIFEST_FIXED, h, hl);
    memcpy(manifest + CCE_FW_MANIFEST_FIXED + hl, target, tl);
    memcpy(manifest + CCE_FW_MANIFEST_FIXED + hl + tl, desc, dl);
  }

  uint8_t msg[MSG_MAX];
  size_t msg_len = 0;
  if (cce_fw_signed_message(msg, sizeof msg, &msg_len, manifest, mlen) != CCE_OK) {
    cli_err("internal error: manifest");
    goto done;
  }
  // Open the output before signing with LMS (a leaf is spent per signature).
  if (cli_out_open(&o, out, input, 0) != 0) goto done;
  for (int pass = 0; pass < 2; pass++)  // stateless signers first, LMS last
    for (size_t i = 0; i < num_keys; i++) {
      if ((signers[i].alg == CCE_FW_SIG_HSS) != (pass == 1)) continue;
      if (sign_with(&signers[i], msg, msg_len, &sigs[nsigs]) != 0) {
        sigs[nsigs].owned = 1;
        nsigs++;
        goto done;
      }
      nsigs++;
    }
  uint8_t sb[4] = {0, 0, 0, 0};
  put16(sb, (uint32_t)nsigs);
  cli_out_write(&o, manifest, mlen);
  cli_out_write(&o, sb, 4);
  for (size_t i = 0; i < nsigs; i++) {
    uint8_t e[CCE_FW_SIG_ENTRY_HEADER];
    memset(e, 0, sizeof e);
    put16(e, (uint32_t)sigs[i].alg);
    memcpy(e + 4, sigs[i].key_id, CCE_FW_KEY_ID_BYTES);
    put32(e + 36, (uint32_t)sigs[i].sig_len);
    cli_out_write(&o, e, sizeof e);
    cli_out_write(&o, sigs[i].sig, sigs[i].sig_len);
  }
  if (attach && copy_fd(&o, img_fd, img_off, img_len) != 0) {
    cli_err("%s: cannot read the image", input);
    goto done;
  }
  if (cli_out_commit(&o) != 0) goto done;
  rc = CLI_EXIT_OK;
done:
  cli_out_abort(&o);
  for (size_t i = 0; i < nsigs; i++)
    if (sigs[i].owned) free(sigs[i].sig);
  for (size_t i = 0; i < loaded && i < num_keys; i++) signer_free(&signers[i]);
  if (img_fd >= 0 && img_fd != in.fd) close(img_fd);
  if (in.hdr || in.fd >= 0) fw_file_close(&in);
  return rc;
}

// ===========================================================================
// Verification.

typedef struct trust {
  cce_fw_key keys[CCE_FW_MAX_KEYS];
  size_t num_keys;
  char *policy;
  char *target;
} trust;

static void trust_free(trust *t) {
  for (size_t i = 0; i < t->num_keys; i++) free((void *)t->keys[i].pub);
  free(t->policy);
  free(t->target);
  memset(t, 0, sizeof *t);
}

static int add_trusted(trust *t, const char *path) {
  if (t->num_keys == CCE_FW_MAX_KEYS) {
    cli_err("at most %u trusted keys", CCE_FW_MAX_KEYS);
    return -1;
  }
  if (load_trusted(path, &t->keys[t->num_keys]) != 0) return -1;
  t->num_keys++;
  return 0;
}

// Trust list: lines "key PATH", "policy POLICY", "target CLASS"; '#'
// comments and blank lines ignored; relative PATHs are relative to the
// list's directory.
static int load_trust_list(const char *path, trust *t) {
  FILE *f = fopen(path, "r");
  if (!f) {
    cli_err_errno(errno, "%s: cannot open the trust list", path);
    return -1;
  }
  char *dcopy = strdup(path);
  const char *dir = dcopy ? dirname(dcopy) : ".";
  char line[4096];
  int lineno = 0, rc = 0;
  while (rc == 0 && fgets(line, sizeof line, f)) {
    lineno++;
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
      line[--n] = 0;
    char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    if (*p == 0 || *p == '#') continue;
    char *sp = strpbrk(p, " \t");
    if (!sp) {
      cli_err("%s:%d: expected 'key PATH', 'policy POLICY' or 'target CLASS'", path, lineno);
      rc = -1;
      break;
    }
    *sp++ = 0;
    while (*sp == ' ' || *sp == '\t') sp++;
    if (strcmp(p, "key") == 0) {
      char full[4096];
      if (sp[0] == '/') snprintf(full, sizeof full, "%s", sp);
      else snprintf(full, sizeof full, "%s/%s", dir, sp);
      rc = add_trusted(t, full);
    } else if (strcmp(p, "policy") == 0) {
      free(t->policy);
      t->policy = strdup(sp);
    } else if (strcmp(p, "target") == 0) {
      free(t->target);
      t->target = strdup(sp);
    } else {
      cli_err("%s:%d: unknown keyword '%s'", path, lineno, p);
      rc = -1;
    }
  }
  fclose(f);
  free(dcopy);
  return rc;
}

static int alg_from_word(const char *w, cce_fw_sig_alg *a) {
  if (strcmp(w, "ecdsa") == 0 || strcmp(w, "p384") == 0) *a = CCE_FW_SIG_ECDSA_P384;
  else if (strcmp(w, "mldsa") == 0 || strcmp(w, "mldsa87") == 0 || strcmp(w, "ml-dsa") == 0) *a = CCE_FW_SIG_MLDSA87;
  else if (strcmp(w, "lms") == 0 || strcmp(w, "hss") == 0) *a = CCE_FW_SIG_HSS;
  else return -1;
  return 0;
}

// parse_policy: terms separated by ',':
//   all | any | K | K-of-N (N = number of trusted keys) | ALG+ALG... (ecdsa,
//   mldsa, lms: one signature of each algorithm named is required)
static int parse_policy(const char *s, cce_fw_policy *p) {
  p->threshold = 0;
  p->required_algs = 0;
  p->required_keys = 0;
  char buf[256];
  if (strlen(s) >= sizeof buf || !*s) return -1;
  strcpy(buf, s);
  char *save = NULL;
  unsigned thr = 0;
  for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
    unsigned k, n;
    char tail;
    if (strcmp(t, "all") == 0) {
      thr = (unsigned)p->num_keys;
    } else if (strcmp(t, "any") == 0) {
      if (thr < 1) thr = 1;
    } else if (sscanf(t, "%u-of-%u%c", &k, &n, &tail) == 2) {
      if (n != p->num_keys) {
        cli_err("policy '%s': %u keys named, %zu trusted keys given", t, n, p->num_keys);
        return -2;
      }
      if (k > thr) thr = k;
    } else if (sscanf(t, "%u%c", &k, &tail) == 1) {
      if (k > thr) thr = k;
    } else {
      char *save2 = NULL;
      unsigned nalg = 0;
      for (char *w = strtok_r(t, "+", &save2); w; w = strtok_r(NULL, "+", &save2)) {
        cce_fw_sig_alg a;
        if (alg_from_word(w, &a) != 0) return -1;
        if (!(p->required_algs & (1u << a))) nalg++;
        p->required_algs |= 1u << a;
      }
      if (nalg == 0) return -1;
      if (nalg > thr) thr = nalg;
    }
  }
  if (thr < 1 || thr > p->num_keys) {
    cli_err("policy '%s' needs %u signers, %zu trusted keys given", s, thr, p->num_keys);
    return -2;
  }
  p->threshold = thr;
  return 0;
}

static void verify_usage(void) {
  printf(
      "Usage: cce fw verify IMAGE [--image FILE] (--pub KEY... | --trust LIST)\n"
      "                     [--policy POLICY] [--target CLASS]\n"
      "                     (--device DIR [--commit] | --no-device) [--json]\n"
      "\n"
      "Verify the signed firmware IMAGE: signatures against the trusted keys and the\n"
      "policy, the target device class, the device's anti-rollback minimum\n"
      "(DIR/min-svn), the image length and hash. Nothing on the device changes\n"
      "unless --commit is given and every check passed.\n"
      "  --image FILE     the image, when IMAGE holds only the manifest (detached)\n"
      "  --pub KEY        a trusted public key (P-384 or ML-DSA-87 SPKI PEM/DER, HSS\n"
      "                   public key); may be repeated\n"
      "  --trust LIST     a file of lines 'key PATH', 'policy POLICY', 'target CLASS'\n"
      "  --policy POLICY  all (default) | any | K | K-of-N | ecdsa+mldsa[+lms]; terms\n"
      "                   may be combined with ',' (\"2-of-3,ecdsa+mldsa\")\n"
      "  --target CLASS   the device class this device accepts\n"
      "  --device DIR     the device directory (default $CCE_DEVICE)\n"
      "  --commit         after success, advance DIR/min-svn to the image's svn\n"
      "  --no-device      no anti-rollback check (host inspection only)\n"
      "  --json           print the result as JSON\n"
      "\n"
      "Errors: CCE_ERR_DECODE (malformed), CCE_ERR_POLICY (unknown signer, threshold\n"
      "not met), CCE_ERR_SIGNATURE (a trusted key's signature fails),\n"
      "CCE_ERR_WRONG_TARGET, CCE_ERR_ROLLBACK, CCE_ERR_INVALID_LENGTH (truncated\n"
      "image), CCE_ERR_AUTH (image hash mismatch).\n"
      "Exit status: 0 verified, 1 refused or failed, 2 usage error.\n");
}

// device_has_lifecycle: 1 if DIR is a full device (a life-cycle record or a
// device secret), 0 for a bare directory holding only min-svn.
static int device_has_lifecycle(const char *dir) {
  char p[CLI_COUNTER_PATH_MAX];
  struct stat sb;
  if (cli_device_path(p, sizeof p, dir, "lifecycle") == 0 && lstat(p, &sb) == 0) return 1;
  if (cli_device_path(p, sizeof p, dir, "uds") == 0 && lstat(p, &sb) == 0) return 1;
  return 0;
}

static void print_key_id(FILE *f, const cce_fw_key *k) {
  uint8_t id[CCE_FW_KEY_ID_BYTES];
  if (cce_fw_key_id(id, k->pub, k->pub_len) == CCE_OK) cli_print_hex(f, id, sizeof id);
}

static int fw_verify(int argc, char **argv) {
  static const struct option longopts[] = {
      {"image", required_argument, NULL, OPT_IMAGE}, {"pub", required_argument, NULL, OPT_PUB},
      {"trust", required_argument, NULL, OPT_TRUST}, {"policy", required_argument, NULL, OPT_POLICY},
      {"target", required_argument, NULL, OPT_TARGET}, {"device", required_argument, NULL, OPT_DEVICE},
      {"commit", no_argument, NULL, OPT_COMMIT},     {"no-device", no_argument, NULL, OPT_NO_DEVICE},
      {"json", no_argument, NULL, OPT_JSON},         {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  const char *image = NULL, *trust_path = NULL, *policy_s = NULL, *target = NULL, *device = NULL;
  const char *pubs[CCE_FW_MAX_KEYS];
  size_t npubs = 0;
  int commit = 0, no_device = 0, json = 0, c;
  cli_getopt_reset();
  while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    switch (c) {
      case OPT_IMAGE: image = optarg; break;
      case OPT_PUB:
        if (npubs == CCE_FW_MAX_KEYS) return cli_usage_err("at most %u trusted keys", CCE_FW_MAX_KEYS);
        pubs[npubs++] = optarg;
        break;
      case OPT_TRUST: trust_path = optarg; break;
      case OPT_POLICY: policy_s = optarg; break;
      case OPT_TARGET: target = optarg; break;
      case OPT_DEVICE: device = optarg; break;
      case OPT_COMMIT: commit = 1; break;
      case OPT_NO_DEVICE: no_device = 1; break;
      case OPT_JSON: json = 1; break;
      case 'h': verify_usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind != argc - 1) return cli_usage_err("one signed image expected");
  const char *path = argv[optind];
  if (!npubs && !trust_path) return cli_usage_err("no trusted key (--pub KEY or --trust LIST)");
  if (no_device && (device || commit)) return cli_usage_err("--no-device excludes --device and --commit");
  if (!no_device && !device) device = getenv("CCE_DEVICE");
  if (!no_device && (!device || !*device))
    return cli_usage_err("no device (--device DIR or $CCE_DEVICE), or --no-device to skip anti-rollback");

  int rc = CLI_EXIT_FAIL;
  trust t;
  memset(&t, 0, sizeof t);
  fw_file f;
  memset(&f, 0, sizeof f);
  f.fd = -1;
  int img_fd = -1;
  if (trust_path && load_trust_list(trust_path, &t) != 0) goto done;
  for (size_t i = 0; i < npubs; i++)
    if (add_trusted(&t, pubs[i]) != 0) goto done;
  if (t.num_keys == 0) {
    cli_err("no trusted key");
    goto done;
  }
  if (!target) target = t.target;
  if (!target || !*target || strlen(target) > CCE_FW_TARGET_MAX) {
    rc = cli_usage_err("no valid device class (--target CLASS, or 'target' in the trust list)");
    goto done;
  }
  if (!policy_s) policy_s = t.policy ? t.policy : "all";
  cce_fw_policy pol;
  memset(&pol, 0, sizeof pol);
  pol.keys = t.keys;
  pol.num_keys = t.num_keys;
  pol.target = target;
  pol.target_len = strlen(target);
  int pr = parse_policy(policy_s, &pol);
  if (pr != 0) {
    rc = pr == -1 ? cli_usage_err("unknown policy '%s'", policy_s) : CLI_EXIT_USAGE;
    goto done;
  }

  cce_status st;
  int orc = fw_file_open(path, &f, &st);
  if (orc != 0) goto done;
  fd_src src;
  cce_fw_image img;
  memset(&img, 0, sizeof img);
  uint64_t attached = f.size - f.m.header_len;
  if (image) {
    if (attached) {
      rc = cli_usage_err("%s: has its image attached; --image is for detached manifests", path);
      goto done;
    }
    img_fd = open(image, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (img_fd < 0 || fstat(img_fd, &sb) != 0) {
      cli_err_errno(errno, "%s: cannot open the image", image);
      goto done;
    }
    src.fd = img_fd;
    src.base = 0;
    img.len = (uint64_t)sb.st_size;
  } else {
    src.fd = f.fd;
    src.base = f.m.header_len;
    img.len = attached;
  }
  img.read = fd_read;
  img.ctx = &src;

  cli_counter ctr;
  cce_fw_counter cb;
  unsigned flags = 0;
  memset(&ctr, 0, sizeof ctr);
  if (!no_device && device_has_lifecycle(device)) {
    // A decommissioned device boots nothing (docs/lifecycle.md); every
    // other state may verify and commit.
    unsigned allowed = CLI_LC_BIT(CLI_LC_MANUFACTURING) | CLI_LC_BIT(CLI_LC_PROVISIONED) |
                       CLI_LC_BIT(CLI_LC_DEPLOYED) | CLI_LC_BIT(CLI_LC_RMA);
    if (cli_device_require(device, allowed, commit ? "fw verify --commit" : "fw verify", NULL) != 0) goto done;
  }
  if (!no_device) {
    if (cli_counter_open(&ctr, device) != 0) {
      cli_err("%s: device path too long", device);
      goto done;
    }
    cli_counter_bind(&ctr, &cb);
    if (commit) flags |= CCE_FW_COMMIT;
  } else {
    flags |= CCE_FW_NO_COUNTER;
  }
  cce_fw_result r;
  st = cce_fw_verify(&pol, no_device ? NULL : &cb, f.hdr, f.m.header_len, &img, flags, &r);
  if (st != CCE_OK) {
    char detail[CLI_COUNTER_PATH_MAX + 256] = "";
    switch (st) {
      case CCE_ERR_POLICY:
        snprintf(detail, sizeof detail, "%u of %zu trusted keys signed, policy '%s'; %u signature(s) by unknown keys",
                 (unsigned)__builtin_popcount(r.verified_keys), t.num_keys, policy_s, r.num_unknown);
        break;
      case CCE_ERR_SIGNATURE: {
        size_t k = 0;
        while (k < t.num_keys && !(r.failed_keys & (1u << k))) k++;
        snprintf(detail, sizeof detail, "the %s signature of a trusted key does not verify",
                 k < t.num_keys ? alg_name(t.keys[k].alg) : "?");
        break;
      }
      case CCE_ERR_WRONG_TARGET:
        snprintf(detail, sizeof detail, "image for '%.*s', this device is '%s'", (int)f.m.target_len, f.m.target,
                 target);
        break;
      case CCE_ERR_ROLLBACK:
        snprintf(detail, sizeof detail, "image security version %u is below the device minimum %u", r.svn,
                 r.min_svn);
        break;
      case CCE_ERR_INVALID_LENGTH:
        snprintf(detail, sizeof detail, "the manifest says %llu image bytes, %llu given",
                 (unsigned long long)f.m.image_len, (unsigned long long)img.len);
        break;
      case CCE_ERR_AUTH: snprintf(detail, sizeof detail, "the image does not match the manifest's hash"); break;
      default: break;
    }
    if (!no_device && ctr.reason && *ctr.reason) {  // the device's counter failed, not the image
      cli_err("%s: anti-rollback counter %s%s%s (%s): image not accepted", ctr.path, ctr.reason,
              ctr.err ? ": " : "", ctr.err ? strerror(ctr.err) : "", cce_status_str(st));
      goto done;
    }
    print_status_err(path, st, detail);
    goto done;
  }
  if (json) {
    printf("{\"file\": ");
    cli_json_str(stdout, path);
    printf(", \"result\": \"OK\", \"version\": \"%u.%u.%u\", \"svn\": %u, \"target\": ", r.version_major,
           r.version_minor, r.version_patch, r.svn);
    cli_json_str(stdout, target);
    printf(", \"policy\": ");
    cli_json_str(stdout, policy_s);
    printf(", \"signers\": [");
    int first = 1;
    for (size_t k = 0; k < t.num_keys; k++)
      if (r.verified_keys & (1u << k)) {
        printf("%s{\"algorithm\": \"%s\", \"key_id\": \"", first ? "" : ", ", alg_name(t.keys[k].alg));
        print_key_id(stdout, &t.keys[k]);
        printf("\"}");
        first = 0;
      }
    printf("], \"unknown_signers\": %u, ", r.num_unknown);
    if (no_device) printf("\"anti_rollback\": null");
    else printf("\"anti_rollback\": {\"device_min_svn\": %u, \"committed\": %s}", r.min_svn, r.committed ? "true" : "false");
    printf("}\n");
  } else {
    printf("%s: OK\n", path);
    printf("  version %u.%u.%u, security version %u, target %s\n", r.version_major, r.version_minor,
           r.version_patch, r.svn, target);
    printf("  policy '%s' met by %u of %zu trusted keys:\n", policy_s, (unsigned)__builtin_popcount(r.verified_keys),
           t.num_keys);
    for (size_t k = 0; k < t.num_keys; k++)
      if (r.verified_keys & (1u << k)) {
        printf("    %-18s ", alg_name(t.keys[k].alg));
        print_key_id(stdout, &t.keys[k]);
        printf("\n");
      }
    if (r.num_unknown) printf("  %u signature(s) by keys not trusted here (ignored)\n", r.num_unknown);
    if (no_device) printf("  anti-rollback: not checked (--no-device)\n");
    else if (r.committed) printf("  anti-rollback: device minimum advanced from %u to %u\n", r.min_svn, r.svn);
    else printf("  anti-rollback: svn %u >= device minimum %u%s\n", r.svn, r.min_svn,
                commit ? " (minimum unchanged)" : "");
  }
  rc = CLI_EXIT_OK;
done:
  if (img_fd >= 0) close(img_fd);
  if (f.hdr || f.fd >= 0) fw_file_close(&f);
  trust_free(&t);
  return rc;
}

// ===========================================================================
// Inspection.

static void inspect_usage(void) {
  printf(
      "Usage: cce fw inspect IMAGE [--json]\n"
      "\n"
      "Describe the signed firmware IMAGE: manifest fields, signatures (algorithm,\n"
      "key id, length) and whether an attached image matches the manifest's hash.\n"
      "Nothing is verified against trusted keys: use 'cce fw verify'.\n"
      "Exit status: 0 success, 1 malformed or unreadable, 2 usage error.\n");
}

static void fmt_time(char *buf, size_t cap, uint64_t t) {
  time_t tt = (time_t)t;
  struct tm tm;
  if (t > 253402300799ull || !gmtime_r(&tt, &tm) || !strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm))
    snprintf(buf, cap, "(out of range)");
}

static int fw_inspect(int argc, char **argv) {
  static const struct option longopts[] = {
      {"json", no_argument, NULL, OPT_JSON}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
  int json = 0, c;
  cli_getopt_reset();
  while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    switch (c) {
      case OPT_JSON: json = 1; break;
      case 'h': inspect_usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind != argc - 1) return cli_usage_err("one signed image expected");
  const char *path = argv[optind];
  fw_file f;
  cce_status st;
  if (fw_file_open(path, &f, &st) != 0) return CLI_EXIT_FAIL;
  const cce_fw_manifest *m = &f.m;
  uint64_t rest = f.size - m->header_len;
  const char *img_state = "detached";
  if (rest) {
    uint8_t h[CCE_HASH_MAX_DIGEST_BYTES];
    if (rest != m->image_len) img_state = "attached, wrong length";
    else if (hash_fd(f.fd, m->header_len, rest, m->hash_alg, h) != 0) img_state = "attached, unreadable";
    else img_state = memcmp(h, m->image_hash, m->image_hash_len) == 0 ? "attached, hash matches"
                                                                        : "attached, hash MISMATCH";
  }
  char when[64];
  fmt_time(when, sizeof when, m->build_time);
  char target[CCE_FW_TARGET_MAX + 1], desc[CCE_FW_DESCRIPTION_MAX + 1];
  memcpy(target, m->target, m->target_len);
  target[m->target_len] = 0;
  memcpy(desc, m->description, m->description_len);
  desc[m->description_len] = 0;
  if (json) {
    printf("{\"file\": ");
    cli_json_str(stdout, path);
    printf(", \"format_version\": %u, \"manifest_len\": %zu, \"header_len\": %zu, \"version\": \"%u.%u.%u\", "
           "\"svn\": %u, \"target\": ",
           CCE_FW_FORMAT_VERSION, m->manifest_len, m->header_len, m->version_major, m->version_minor,
           m->version_patch, m->svn);
    cli_json_str(stdout, target);
    printf(", \"build_time\": %llu, \"build_time_utc\": \"%s\", \"description\": ", (unsigned long long)m->build_time,
           when);
    cli_json_str(stdout, desc);
    printf(", \"image_hash_alg\": \"%s\", \"image_hash\": \"", hash_name(m->hash_id));
    cli_print_hex(stdout, m->image_hash, m->image_hash_len);
    printf("\", \"image_len\": %llu, \"image\": \"%s\", \"signatures\": [", (unsigned long long)m->image_len,
           img_state);
    for (size_t i = 0; i < m->num_signatures; i++) {
      printf("%s{\"algorithm\": \"%s\", \"key_id\": \"", i ? ", " : "", alg_name(m->sigs[i].alg));
      cli_print_hex(stdout, m->sigs[i].key_id, CCE_FW_KEY_ID_BYTES);
      printf("\", \"sig_len\": %zu}", m->sigs[i].sig_len);
    }
    printf("]}\n");
  } else {
    printf("%s: OpenCCE firmware image, format %u (signatures not verified)\n", path, CCE_FW_FORMAT_VERSION);
    printf("  version:          %u.%u.%u\n", m->version_major, m->version_minor, m->version_patch);
    printf("  security version: %u\n", m->svn);
    printf("  target:           %s\n", target);
    printf("  build time:       %s (%llu)\n", when, (unsigned long long)m->build_time);
    if (m->description_len) printf("  description:      %s\n", desc);
    printf("  image:            %llu bytes, %s\n", (unsigned long long)m->image_len, img_state);
    printf("  image hash:       %s ", hash_name(m->hash_id));
    cli_print_hex(stdout, m->image_hash, m->image_hash_len);
    printf("\n  manifest:         %zu bytes; header %zu bytes\n", m->manifest_len, m->header_len);
    printf("  signatures:       %zu\n", m->num_signatures);
    for (size_t i = 0; i < m->num_signatures; i++) {
      printf("    %-18s key id ", alg_name(m->sigs[i].alg));
      cli_print_hex(stdout, m->sigs[i].key_id, CCE_FW_KEY_ID_BYTES);
      printf(", %zu bytes\n", m->sigs[i].sig_len);
    }
  }
  fw_file_close(&f);
  return CLI_EXIT_OK;
}

// ===========================================================================
// Counter.

static void counter_usage(void) {
  printf(
      "Usage: cce fw counter [--device DIR] [--init N]\n"
      "\n"
      "Show the device's anti-rollback minimum (DIR/min-svn), or create it with the\n"
      "value N when the device is initialised (refused if it exists). The minimum\n"
      "then only moves forward, through 'cce fw verify --commit'.\n"
      "  --device DIR   the device directory (default $CCE_DEVICE)\n"
      "Exit status: 0 success, 1 failure (missing or corrupted counter), 2 usage error.\n");
}

static int fw_counter(int argc, char **argv) {
  static const struct option longopts[] = {{"device", required_argument, NULL, OPT_DEVICE},
                                           {"init", required_argument, NULL, OPT_INIT},
                                           {"help", no_argument, NULL, 'h'},
                                           {NULL, 0, NULL, 0}};
  const char *device = NULL, *init = NULL;
  int c;
  cli_getopt_reset();
  while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    switch (c) {
      case OPT_DEVICE: device = optarg; break;
      case OPT_INIT: init = optarg; break;
      case 'h': counter_usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind != argc) return cli_usage_err("unexpected argument '%s'", argv[optind]);
  if (!device) device = getenv("CCE_DEVICE");
  if (!device || !*device) return cli_usage_err("no device (--device DIR or $CCE_DEVICE)");
  uint32_t v = 0;
  if (init && parse_u32(init, &v) != 0) return cli_usage_err("--init must be a number 0..4294967295");
  cli_counter ctr;
  if (cli_counter_open(&ctr, device) != 0) {
    cli_err("%s: device path too long", device);
    return CLI_EXIT_FAIL;
  }
  cce_status st = init ? cli_counter_init(&ctr, v) : cli_counter_read(&ctr, &v);
  if (st != CCE_OK) {
    char detail[512];
    snprintf(detail, sizeof detail, "%s%s%s", ctr.reason, ctr.err ? ": " : "", ctr.err ? strerror(ctr.err) : "");
    print_status_err(ctr.path, st, detail);
    return CLI_EXIT_FAIL;
  }
  printf("min-svn %u\n", v);
  return CLI_EXIT_OK;
}

// ===========================================================================

static void fw_usage(void) {
  printf(
      "Usage: cce fw COMMAND [OPTIONS]\n"
      "\n"
      "Signed firmware images (docs/firmware-image-format.md):\n"
      "  sign      build and sign a manifest (ECDSA P-384, ML-DSA-87, LMS), or add a signer\n"
      "  verify    verify an image: signers and policy, device class, anti-rollback, hash\n"
      "  inspect   describe an image (nothing verified)\n"
      "  counter   show or initialise a device's anti-rollback minimum\n"
      "'cce fw COMMAND --help' describes each.\n");
}

int cmd_fw(int argc, char **argv) {
  if (argc < 2) {
    fw_usage();
    return CLI_EXIT_USAGE;
  }
  if (cli_is_help(argv[1])) {
    fw_usage();
    return CLI_EXIT_OK;
  }
  static const struct {
    const char *name;
    int (*fn)(int, char **);
  } subs[] = {{"sign", fw_sign}, {"verify", fw_verify}, {"inspect", fw_inspect}, {"counter", fw_counter}};
  for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
    if (strcmp(argv[1], subs[i].name) == 0) {
      char name[32];
      snprintf(name, sizeof name, "cce fw %s", subs[i].name);
      char *save = argv[1];
      const char *save_name = cli_cmd_name;
      argv[1] = name;
      cli_cmd_name = name + 4;  // "fw sign": messages read "cce fw sign: ..."
      int rc = subs[i].fn(argc - 1, argv + 1);
      argv[1] = save;
      cli_cmd_name = save_name;
      return rc;
    }
  return cli_usage_err("unknown command 'fw %s' (sign, verify, inspect, counter)", argv[1]);
}
