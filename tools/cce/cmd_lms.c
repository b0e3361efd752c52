// cce lms: stateful hash-based signatures (LMS/HSS, RFC 8554, SP 800-208).
//
//   cce lms keygen -t TYPE[,TYPE...] [-w W[,W...]] [--levels N] -o STATE --pub PUB
//   cce lms sign -k STATE [-o SIG] [FILE]
//   cce lms verify -p PUB -s SIG [FILE]
//   cce lms pubkey -k STATE [-o PUB]
//   cce lms info STATE
//
// Formats: docs/lms.md (state file = the module's private key blob;
// public key = PEM SubjectPublicKeyInfo, id-alg-hss-lms-hashsig).

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/encoding.h"
#include "cce/lms.h"
#include "cce/util.h"
#include "cli.h"
#include "cli_keys.h"
#include "cli_lms.h"

int cli_lms_read_state(const char *path, uint8_t priv[CCE_HSS_PRIVATE_LEN]);
int cli_lms_spki_der(const uint8_t *pub, size_t pub_len, uint8_t *out, size_t cap, size_t *out_len);

#define MSG_MAX ((size_t)1 << 31)

static void usage(void) {
  printf(
      "Usage: cce lms keygen -t TYPE[,TYPE...] [-w W[,W...]] [--levels N] -o STATE --pub PUB\n"
      "       cce lms sign -k STATE [-o SIG] [FILE]\n"
      "       cce lms verify -p PUB -s SIG [FILE]\n"
      "       cce lms pubkey -k STATE [-o PUB]\n"
      "       cce lms info STATE\n"
      "\n"
      "Stateful hash-based signatures: HSS over LMS trees (RFC 8554, NIST SP 800-208).\n"
      "Each signature uses one one-time leaf; `sign` advances the counter in STATE and\n"
      "makes it durable (temporary file, fsync, rename, directory fsync) before the\n"
      "signature is computed and written, so a crash can waste a leaf but never\n"
      "reuses one. Never copy or restore a STATE file: an old copy signs again with\n"
      "leaves already used.\n"
      "\n"
      "  -t, --type TYPE      lms-sha256-m32-hH or lms-sha256-m24-hH (SHA-256/192),\n"
      "                       H = 5, 10, 15, 20, 25; a comma list gives one per level\n"
      "                       (top first)\n"
      "  -w, --winternitz W   1, 2, 4 or 8 (default 4); a comma list per level\n"
      "      --levels N       HSS levels, 1..8 (default: the number of types given;\n"
      "                       a single type/W is repeated on every level)\n"
      "  -o, --out FILE       keygen: the new state file (never replaces one);\n"
      "                       sign: the signature (default stdout); pubkey: PUB\n"
      "      --pub FILE       keygen: the public key, PEM SubjectPublicKeyInfo\n"
      "  -k, --key STATE      the state (private key) file\n"
      "  -p, --pub-key PUB    public key: PEM or DER SubjectPublicKeyInfo, or raw\n"
      "  -s, --signature SIG  the signature file (raw HSS signature)\n"
      "  -h, --help           this help\n"
      "\n"
      "FILE is the message (default or -: standard input). Cost: keygen computes\n"
      "the top tree (2^H one-time keys); a signature about 2^(H-6) per level, and a\n"
      "whole tree when it enters a new lower-level tree (docs/lms.md).\n"
      "\n"
      "Exit status: 0 success (verify: valid), 1 failure (verify: invalid),\n"
      "2 usage error.\n");
}

// "lms-sha256-m24-h10" -> type code.
static int parse_type(const char *s, uint32_t *out) {
  unsigned m, h;
  char tail;
  if (sscanf(s, "lms-sha256-m%u-h%u%c", &m, &h, &tail) != 2 && sscanf(s, "LMS_SHA256_M%u_H%u%c", &m, &h, &tail) != 2)
    return -1;
  if ((m != 32 && m != 24) || h < 5 || h > 25 || h % 5 != 0) return -1;
  *out = (m == 32 ? CCE_LMS_SHA256_M32_H5 : CCE_LMS_SHA256_M24_H5) + (h / 5 - 1);
  return 0;
}

static const char *type_name(uint32_t t, char *buf, size_t cap) {
  if (t >= CCE_LMS_SHA256_M32_H5 && t <= CCE_LMS_SHA256_M32_H25)
    snprintf(buf, cap, "LMS_SHA256_M32_H%u", 5 * (t - CCE_LMS_SHA256_M32_H5 + 1));
  else if (t >= CCE_LMS_SHA256_M24_H5 && t <= CCE_LMS_SHA256_M24_H25)
    snprintf(buf, cap, "LMS_SHA256_M24_H%u", 5 * (t - CCE_LMS_SHA256_M24_H5 + 1));
  else
    snprintf(buf, cap, "unknown LMS type %u", t);
  return buf;
}

static const char *ots_name(uint32_t t, char *buf, size_t cap) {
  static const unsigned w[4] = {1, 2, 4, 8};
  if (t >= 1 && t <= 4)
    snprintf(buf, cap, "LMOTS_SHA256_N32_W%u", w[t - 1]);
  else if (t >= 5 && t <= 8)
    snprintf(buf, cap, "LMOTS_SHA256_N24_W%u", w[t - 5]);
  else
    snprintf(buf, cap, "unknown LM-OTS type %u", t);
  return buf;
}

// Splits a comma list into at most max items; returns the count or -1.
static int split(char *s, char **items, int max) {
  int n = 0;
  for (char *tok = strtok(s, ","); tok != NULL; tok = strtok(NULL, ",")) {
    if (n == max) return -1;
    items[n++] = tok;
  }
  return n;
}

static int write_pub_pem(const char *path, const uint8_t *pub, size_t pl) {
  uint8_t der[256];
  size_t dl;
  char pem[512];
  size_t pem_len;
  if (cli_lms_spki_der(pub, pl, der, sizeof(der), &dl) != 0 ||
      cce_pem_encode(pem, sizeof(pem), &pem_len, "PUBLIC KEY", der, dl) != CCE_OK) {
    cli_err("cannot encode the public key");
    return -1;
  }
  return cli_write_file(path, NULL, 0, pem, pem_len);
}

enum { OPT_PUB = 256, OPT_LEVELS };

static int do_keygen(int argc, char **argv) {
  static const struct option longopts[] = {
      {"type", required_argument, NULL, 't'},     {"winternitz", required_argument, NULL, 'w'},
      {"levels", required_argument, NULL, OPT_LEVELS}, {"out", required_argument, NULL, 'o'},
      {"pub", required_argument, NULL, OPT_PUB},  {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  char *types = NULL, *ws = NULL;
  const char *out = NULL, *pub_path = NULL, *levels_s = NULL;
  int c;
  while ((c = getopt_long(argc, argv, "t:w:o:h", longopts, NULL)) != -1) {
    switch (c) {
      case 't': types = optarg; break;
      case 'w': ws = optarg; break;
      case OPT_LEVELS: levels_s = optarg; break;
      case 'o': out = optarg; break;
      case OPT_PUB: pub_path = optarg; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind != argc) return cli_usage_err("keygen takes no file argument");
  if (types == NULL) return cli_usage_err("keygen needs -t TYPE (e.g. lms-sha256-m24-h10)");
  if (out == NULL || strcmp(out, "-") == 0) return cli_usage_err("keygen needs -o STATE (a file)");
  if (pub_path == NULL) return cli_usage_err("keygen needs --pub PUB");
  char *titems[CCE_HSS_MAX_LEVELS], *witems[CCE_HSS_MAX_LEVELS];
  char wdef[] = "4";
  int nt = split(types, titems, CCE_HSS_MAX_LEVELS);
  int nw = split(ws != NULL ? ws : wdef, witems, CCE_HSS_MAX_LEVELS);
  if (nt <= 0) return cli_usage_err("too many or no types in -t (at most %d levels)", CCE_HSS_MAX_LEVELS);
  if (nw <= 0) return cli_usage_err("too many or no values in -w (at most %d levels)", CCE_HSS_MAX_LEVELS);
  size_t levels = (size_t)nt;
  if (levels_s != NULL) {
    if (cli_parse_size(levels_s, 1, CCE_HSS_MAX_LEVELS, &levels) != 0)
      return cli_usage_err("--levels must be 1..%d", CCE_HSS_MAX_LEVELS);
  } else if (nw > nt) {
    levels = (size_t)nw;
  }
  if ((nt != 1 && (size_t)nt != levels) || (nw != 1 && (size_t)nw != levels))
    return cli_usage_err("give one -t / -w value, or one per level (%zu levels)", levels);
  cce_hss_params p;
  memset(&p, 0, sizeof(p));
  p.levels = (unsigned)levels;
  for (size_t i = 0; i < levels; i++) {
    const char *t = titems[nt == 1 ? 0 : i], *w = witems[nw == 1 ? 0 : i];
    if (parse_type(t, &p.lms_type[i]) != 0)
      return cli_usage_err("unknown LMS type '%s' (valid: lms-sha256-m32-hH, lms-sha256-m24-hH, H = 5..25 by 5)", t);
    unsigned wv = (unsigned)atoi(w), wi;
    switch (wv) {
      case 1: wi = 0; break;
      case 2: wi = 1; break;
      case 4: wi = 2; break;
      case 8: wi = 3; break;
      default: return cli_usage_err("Winternitz parameter '%s' (valid: 1, 2, 4, 8)", w);
    }
    int m24 = p.lms_type[i] >= CCE_LMS_SHA256_M24_H5;
    p.ots_type[i] = (m24 ? CCE_LMOTS_SHA256_N24_W1 : CCE_LMOTS_SHA256_N32_W1) + wi;
  }
  uint8_t priv[CCE_HSS_PRIVATE_LEN], pub[CCE_HSS_PUBLIC_MAX];
  size_t pl = 0;
  cce_status st = cce_hss_keygen(&p, priv, sizeof(priv), pub, sizeof(pub), &pl);
  if (st != CCE_OK) {
    cli_err("key generation failed (%s)", cce_status_str(st));
    return st == CCE_ERR_UNSUPPORTED ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
  }
  int ret = CLI_EXIT_FAIL;
  if (cli_write_file(out, NULL, CLI_OUT_PRIVATE | CLI_OUT_EXCL, priv, sizeof(priv)) != 0) {
    fprintf(stderr, "(an LMS state is never replaced: remove it first if it is really unused)\n");
    goto done;
  }
  if (write_pub_pem(pub_path, pub, pl) != 0) goto done;
  ret = CLI_EXIT_OK;
done:
  cce_wipe(priv, sizeof(priv));
  return ret;
}

static int do_sign(int argc, char **argv) {
  static const struct option longopts[] = {
      {"key", required_argument, NULL, 'k'},
      {"out", required_argument, NULL, 'o'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *key = NULL, *out = "-";
  int c;
  while ((c = getopt_long(argc, argv, "k:o:h", longopts, NULL)) != -1) {
    switch (c) {
      case 'k': key = optarg; break;
      case 'o': out = optarg; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (key == NULL) return cli_usage_err("sign needs -k STATE");
  if (argc - optind > 1) return cli_usage_err("sign takes one FILE");
  const char *in = optind < argc ? argv[optind] : "-";
  if (strcmp(out, "-") != 0 && cli_same_file(out, key)) return cli_usage_err("-o names the state file");
  uint8_t *msg = NULL, *sig = NULL;
  size_t ml = 0, sl = 0;
  int rc = cli_read_file(in, MSG_MAX, &msg, &ml);
  if (rc != 0) {
    cli_err_errno(rc, "%s", in);
    return CLI_EXIT_FAIL;
  }
  int ret = CLI_EXIT_FAIL;
  if (cli_lms_sign(key, msg, ml, &sig, &sl) != 0) goto done;
  if (cli_write_file(out, in, 0, sig, sl) != 0) goto done;
  ret = CLI_EXIT_OK;
done:
  free(sig);
  cli_free_secret(msg, ml);
  return ret;
}

static int do_verify(int argc, char **argv) {
  static const struct option longopts[] = {
      {"pub-key", required_argument, NULL, 'p'},
      {"signature", required_argument, NULL, 's'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *pubp = NULL, *sigp = NULL;
  int c;
  while ((c = getopt_long(argc, argv, "p:s:h", longopts, NULL)) != -1) {
    switch (c) {
      case 'p': pubp = optarg; break;
      case 's': sigp = optarg; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (pubp == NULL || sigp == NULL) return cli_usage_err("verify needs -p PUB and -s SIG");
  if (argc - optind > 1) return cli_usage_err("verify takes one FILE");
  const char *in = optind < argc ? argv[optind] : "-";
  uint8_t pub[CCE_HSS_PUBLIC_MAX];
  size_t pl;
  if (cli_lms_load_public(pubp, pub, sizeof(pub), &pl) != 0) return CLI_EXIT_FAIL;
  uint8_t *sig = NULL, *msg = NULL;
  size_t sl = 0, ml = 0;
  int rc = cli_read_file(sigp, 1u << 20, &sig, &sl);
  if (rc != 0) {
    cli_err_errno(rc, "%s", sigp);
    return CLI_EXIT_FAIL;
  }
  rc = cli_read_file(in, MSG_MAX, &msg, &ml);
  if (rc != 0) {
    cli_err_errno(rc, "%s", in);
    free(sig);
    return CLI_EXIT_FAIL;
  }
  cce_status st = cce_hss_verify(pub, pl, msg, ml, sig, sl);
  free(sig);
  cli_free_secret(msg, ml);
  if (st == CCE_OK) {
    printf("Verified OK\n");
    return CLI_EXIT_OK;
  }
  if (st == CCE_ERR_SIGNATURE)
    printf("Verification failure\n");
  else
    cli_err("%s: %s", pubp, cce_status_str(st));
  return CLI_EXIT_FAIL;
}

static int do_pubkey(int argc, char **argv) {
  static const struct option longopts[] = {
      {"key", required_argument, NULL, 'k'},
      {"out", required_argument, NULL, 'o'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *key = NULL, *out = "-";
  int c;
  while ((c = getopt_long(argc, argv, "k:o:h", longopts, NULL)) != -1) {
    switch (c) {
      case 'k': key = optarg; break;
      case 'o': out = optarg; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (key == NULL && optind < argc) key = argv[optind++];
  if (key == NULL || optind != argc) return cli_usage_err("pubkey needs -k STATE");
  uint8_t pub[CCE_HSS_PUBLIC_MAX];
  size_t pl;
  if (cli_lms_public_from_state(key, pub, sizeof(pub), &pl) != 0) return CLI_EXIT_FAIL;
  return write_pub_pem(out, pub, pl) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}

static int do_info(int argc, char **argv) {
  if (argc != 2) return cli_usage_err("info takes one STATE file");
  uint8_t priv[CCE_HSS_PRIVATE_LEN];
  if (cli_lms_read_state(argv[1], priv) != 0) return CLI_EXIT_FAIL;
  uint64_t rem = 0;
  size_t sl = 0;
  if (cce_hss_remaining(priv, sizeof(priv), &rem) != CCE_OK || cce_hss_sig_len(priv, sizeof(priv), &sl) != CCE_OK) {
    cce_wipe(priv, sizeof(priv));
    cli_err("%s: not a valid LMS state file", argv[1]);
    return CLI_EXIT_FAIL;
  }
  // Layout of docs/lms.md: [5] levels, [8..16) q, [16+i] / [24+i] types.
  unsigned levels = priv[5];
  uint64_t q = 0;
  for (int i = 0; i < 8; i++) q = (q << 8) | priv[8 + i];
  char a[48], b[48];
  printf("levels: %u\n", levels);
  for (unsigned i = 0; i < levels; i++)
    printf("level %u: %s / %s\n", i, type_name(priv[16 + i], a, sizeof(a)), ots_name(priv[24 + i], b, sizeof(b)));
  printf("signatures made: %llu\n", (unsigned long long)q);
  printf("remaining: %llu\n", (unsigned long long)rem);
  printf("signature length: %zu bytes\n", sl);
  cce_wipe(priv, sizeof(priv));
  return CLI_EXIT_OK;
}

int cmd_lms(int argc, char **argv) {
  if (argc < 2) return cli_usage_err("missing subcommand (keygen, sign, verify, pubkey, info)");
  const char *sub = argv[1];
  if (cli_is_help(sub)) {
    usage();
    return CLI_EXIT_OK;
  }
  // Subcommand argv: argv[0] = "cce lms SUB" for getopt's messages.
  char name[32];
  snprintf(name, sizeof(name), "cce lms %s", sub);
  char **sargv = argv + 1;
  char *saved = sargv[0];
  sargv[0] = name;
  int n = argc - 1, rc;
  if (strcmp(sub, "keygen") == 0)
    rc = do_keygen(n, sargv);
  else if (strcmp(sub, "sign") == 0)
    rc = do_sign(n, sargv);
  else if (strcmp(sub, "verify") == 0)
    rc = do_verify(n, sargv);
  else if (strcmp(sub, "pubkey") == 0)
    rc = do_pubkey(n, sargv);
  else if (strcmp(sub, "info") == 0) {
    if (n > 1 && cli_is_help(sargv[1])) {
      usage();
      rc = CLI_EXIT_OK;
    } else {
      rc = do_info(n, sargv);
    }
  } else {
    sargv[0] = saved;
    return cli_usage_err("unknown subcommand '%s' (keygen, sign, verify, pubkey, info)", sub);
  }
  sargv[0] = saved;
  return rc;
}
