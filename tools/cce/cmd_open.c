// cce open: verify and decrypt a sealed file (docs/sealed-file-format.md),
// whole or a byte range, optionally checking the device signature.

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cce/encoding.h"
#include "cce/util.h"
#include "cce/vault.h"
#include "cli.h"
#include "cli_keys.h"
#include "vault_cli.h"

static void usage(void) {
  printf(
      "Usage: cce open -k KEY.pem [-p] [--verify DEVICE.pub] [--range OFFSET:LENGTH]\n"
      "                [-i IN] [-o OUT]\n"
      "\n"
      "Verify and decrypt a sealed file. Each chunk is released only after it\n"
      "authenticates. With -o, OUT is written under a temporary name and renamed\n"
      "only when the whole file (and the signature, with --verify) checks out: on\n"
      "any error nothing is left behind. On standard output, chunks before a bad\n"
      "or missing one may already have been written (the exit status is 1).\n"
      "\n"
      "  -k, --key FILE         the recipient's private key (P-256, P-384, X25519;\n"
      "                         hybrid P-384 + ML-KEM-1024: one file with both\n"
      "                         private keys, or p384.pem+mlkem1024.pem)\n"
      "  -p, --passphrase       open with the passphrase (terminal, $CCE_PASSPHRASE or\n"
      "      --passphrase-file FILE)\n"
      "      --verify FILE      check the signature against this device public key\n"
      "                         (ECDSA P-384, Ed25519 or ML-DSA-87); fail if\n"
      "                         unsigned or signed\n"
      "                         by another key\n"
      "      --range OFF:LEN    only plaintext bytes OFF..OFF+LEN-1 (LEN may be\n"
      "                         omitted: to the end); decrypts only those chunks;\n"
      "                         needs a regular input file\n"
      "  -i, --in FILE          input (default and - : standard input)\n"
      "  -o, --out FILE         output (default and - : standard output)\n"
      "      --threads N        worker threads (default: $CCE_THREADS or all cores)\n"
      "  -q, --quiet            no progress bar\n"
      "  -h, --help             this help\n"
      "\n"
      "Exit status: 0 success, 1 failure (wrong key, no matching recipient, bad\n"
      "signature, corrupted or truncated file: each named), 2 usage error.\n");
}

enum { OPT_PASSFILE = 256, OPT_VERIFY, OPT_RANGE, OPT_THREADS };

static void recipients_list(const cce_vault_header *h, char *buf, size_t cap) {
  size_t n = 0;
  buf[0] = 0;
  for (size_t i = 0; i < h->num_stanzas && n + 40 < cap; i++) {
    char tmp[32];
    const cce_vault_stanza *s = &h->stanzas[i];
    n += (size_t)snprintf(buf + n, cap - n, "%s%s", i ? ", " : "", vault_stanza_name(s->type, tmp, sizeof tmp));
    if (s->key_id) {
      char hex[2 * CCE_VAULT_KEY_ID_BYTES + 1];
      cli_hex_encode(hex, s->key_id, CCE_VAULT_KEY_ID_BYTES);
      n += (size_t)snprintf(buf + n, cap - n, " %s", hex);
    }
  }
}

// Unwraps the file key with a hybrid P-384 + ML-KEM-1024 key pair.
static int unwrap_with_hybrid(const char *name, const char *keyfile, const cli_hybrid *hy,
                              const cce_vault_header *h, uint8_t fk[CCE_VAULT_FILE_KEY_BYTES]) {
  char list[1024], tname[32], hex[2 * CCE_VAULT_KEY_ID_BYTES + 1];
  uint8_t id[CCE_VAULT_KEY_ID_BYTES];
  recipients_list(h, list, sizeof list);
  if (cce_vault_key_id_hybrid(hy->ec.pub, hy->ec.pub_len, hy->kem->pub, hy->kem->pub_len, id) != CCE_OK) {
    cli_err("%s: cannot compute the key id", keyfile);
    return -1;
  }
  cli_hex_encode(hex, id, sizeof id);
  int have_type = 0;
  for (size_t i = 0; i < h->num_stanzas; i++) {
    const cce_vault_stanza *s = &h->stanzas[i];
    if (s->type != CCE_VAULT_STANZA_P384_MLKEM1024) continue;
    have_type = 1;
    if (memcmp(s->key_id, id, sizeof id) != 0) continue;
    cce_status st = cce_vault_unwrap_hybrid(h, s, hy->ec.priv, hy->ec.priv_len, hy->ec.pub, hy->ec.pub_len,
                                            hy->kem->priv, hy->kem->priv_len, hy->kem->pub, hy->kem->pub_len, fk);
    if (st == CCE_OK) return 0;
    cli_err("%s: corrupted header: recipient %zu (%s, key id %s) does not unwrap with this key", name, i + 1,
            vault_stanza_name(s->type, tname, sizeof tname), hex);
    return -1;
  }
  if (!have_type)
    cli_err("%s: no matching recipient: the file has no %s recipient (recipients: %s)", name,
            vault_stanza_name(CCE_VAULT_STANZA_P384_MLKEM1024, tname, sizeof tname), list);
  else
    cli_err("%s: wrong key: the file is not sealed to %s (key id %s; recipients: %s)", name, keyfile, hex, list);
  return -1;
}

// Unwraps the file key with a private key. Returns 0 or -1 (message printed).
static int unwrap_with_key(const char *name, const char *keyfile, const cce_vault_header *h,
                           uint8_t fk[CCE_VAULT_FILE_KEY_BYTES]) {
  cli_hybrid hy;
  int hr = cli_load_hybrid(keyfile, CLI_KEY_NEED_PRIVATE, &hy);
  if (hr < 0) return -1;
  if (hr > 0) {
    int r = unwrap_with_hybrid(name, keyfile, &hy, h, fk);
    cli_hybrid_free(&hy);
    return r;
  }
  cce_pqkey *lone = NULL;
  if (cli_load_pqkey(keyfile, 0, 1, &lone) > 0) {
    cli_err("%s: wrong key: an %s key alone cannot open sealed files (hybrid recipients need the P-384 and "
            "the ML-KEM-1024 private keys: one file with both, or p384.pem+mlkem1024.pem)",
            keyfile, cce_pqkey_alg_name(lone->alg));
    cli_free_pqkey(lone);
    return -1;
  }
  cce_pkey k;
  if (cli_load_key(keyfile, CLI_KEY_NEED_PRIVATE, &k) != 0) return -1;
  uint8_t type;
  if (k.type == CCE_PKEY_EC && k.curve == CCE_PKEY_CURVE_P256)
    type = CCE_VAULT_STANZA_P256;
  else if (k.type == CCE_PKEY_EC && k.curve == CCE_PKEY_CURVE_P384)
    type = CCE_VAULT_STANZA_P384;
  else if (k.type == CCE_PKEY_X25519)
    type = CCE_VAULT_STANZA_X25519;
  else {
    cli_err("%s: wrong key: a %s key cannot open sealed files (P-256, P-384 or X25519)", keyfile, cce_pkey_name(&k));
    cce_pkey_wipe(&k);
    return -1;
  }
  char list[1024], tname[32], hex[2 * CCE_VAULT_KEY_ID_BYTES + 1];
  recipients_list(h, list, sizeof list);
  uint8_t id[CCE_VAULT_KEY_ID_BYTES];
  if (cce_vault_key_id((cce_vault_stanza_type)type, k.pub, k.pub_len, id) != CCE_OK) {
    cli_err("%s: cannot compute the key id", keyfile);
    cce_pkey_wipe(&k);
    return -1;
  }
  cli_hex_encode(hex, id, sizeof id);
  int have_type = 0, rc = -1;
  for (size_t i = 0; i < h->num_stanzas; i++) {
    const cce_vault_stanza *s = &h->stanzas[i];
    if (s->type != type) continue;
    have_type = 1;
    if (memcmp(s->key_id, id, sizeof id) != 0) continue;
    cce_status st = cce_vault_unwrap_ec(h, s, k.priv, k.priv_len, k.pub, k.pub_len, fk);
    if (st == CCE_OK) {
      rc = 0;
      break;
    }
    cli_err("%s: corrupted header: recipient %zu (%s, key id %s) does not unwrap with this key", name, i + 1,
            vault_stanza_name(type, tname, sizeof tname), hex);
    cce_pkey_wipe(&k);
    return -1;
  }
  if (rc != 0) {
    if (!have_type)
      cli_err("%s: no matching recipient: the file has no %s recipient (recipients: %s)", name,
              vault_stanza_name(type, tname, sizeof tname), list);
    else
      cli_err("%s: wrong key: the file is not sealed to %s (key id %s; recipients: %s)", name, keyfile, hex, list);
  }
  cce_pkey_wipe(&k);
  return rc;
}

static int unwrap_with_passphrase(const char *name, const char *passfile, const cce_vault_header *h,
                                  uint8_t fk[CCE_VAULT_FILE_KEY_BYTES]) {
  int have = 0;
  for (size_t i = 0; i < h->num_stanzas; i++) have |= h->stanzas[i].type == CCE_VAULT_STANZA_PASSPHRASE;
  if (!have) {
    char list[1024];
    recipients_list(h, list, sizeof list);
    cli_err("%s: no matching recipient: the file has no passphrase recipient (recipients: %s)", name, list);
    return -1;
  }
  char *pw = vault_get_passphrase(passfile, 0);
  if (!pw) return -1;
  int rc = -1;
  cce_status st = CCE_ERR_AUTH;
  for (size_t i = 0; i < h->num_stanzas && rc != 0; i++) {
    const cce_vault_stanza *s = &h->stanzas[i];
    if (s->type != CCE_VAULT_STANZA_PASSPHRASE) continue;
    st = cce_vault_unwrap_passphrase(h, s, (const uint8_t *)pw, strlen(pw), fk);
    if (st == CCE_OK) rc = 0;
  }
  cli_free_secret(pw, strlen(pw) + 1);
  if (rc != 0) {
    if (st == CCE_ERR_LIMIT_REACHED)
      cli_err("%s: corrupted header: the passphrase stanza asks for more than %u iterations", name,
              CCE_VAULT_MAX_ITERATIONS);
    else
      cli_err("%s: wrong passphrase (or a corrupted passphrase stanza)", name);
  }
  return rc;
}

static int parse_range(const char *s, uint64_t *off, uint64_t *len, int *to_end) {
  char *end;
  errno = 0;
  if (*s < '0' || *s > '9') return -1;
  unsigned long long o = strtoull(s, &end, 10);
  if (errno || *end != ':') return -1;
  *off = o;
  *to_end = end[1] == 0;
  if (*to_end) {
    *len = 0;
    return 0;
  }
  if (end[1] < '0' || end[1] > '9') return -1;
  unsigned long long l = strtoull(end + 1, &end, 10);
  if (errno || *end) return -1;
  *len = l;
  return 0;
}

static ssize_t pread_full(int fd, uint8_t *buf, size_t len, uint64_t off) {
  size_t got = 0;
  while (got < len) {
    ssize_t n = pread(fd, buf + got, len - got, (off_t)(off + got));
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (n == 0) break;
    got += (size_t)n;
  }
  return (ssize_t)got;
}

int cmd_open(int argc, char **argv) {
  static const struct option longopts[] = {
      {"key", required_argument, NULL, 'k'},
      {"passphrase", no_argument, NULL, 'p'},
      {"passphrase-file", required_argument, NULL, OPT_PASSFILE},
      {"verify", required_argument, NULL, OPT_VERIFY},
      {"range", required_argument, NULL, OPT_RANGE},
      {"in", required_argument, NULL, 'i'},
      {"out", required_argument, NULL, 'o'},
      {"threads", required_argument, NULL, OPT_THREADS},
      {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *keyfile = NULL, *passfile = NULL, *verify = NULL, *range = NULL, *in = NULL, *out = NULL,
             *threads_opt = NULL;
  int use_pass = 0, quiet = 0, c;
  while ((c = getopt_long(argc, argv, "k:pi:o:qh", longopts, NULL)) != -1) {
    switch (c) {
      case 'k': keyfile = optarg; break;
      case 'p': use_pass = 1; break;
      case OPT_PASSFILE: use_pass = 1; passfile = optarg; break;
      case OPT_VERIFY: verify = optarg; break;
      case OPT_RANGE: range = optarg; break;
      case 'i': in = optarg; break;
      case 'o': out = optarg; break;
      case OPT_THREADS: {
        size_t t;
        if (cli_parse_size(optarg, 1, 64, &t) != 0) return cli_usage_err("bad --threads '%s' (1..64)", optarg);
        threads_opt = optarg;
        break;
      }
      case 'q': quiet = 1; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind < argc) return cli_usage_err("unexpected argument '%s'", argv[optind]);
  if (!keyfile && !use_pass) return cli_usage_err("missing -k KEY.pem or -p");
  if (keyfile && use_pass) return cli_usage_err("give either -k KEY.pem or -p, not both");
  uint64_t r_off = 0, r_len = 0;
  int r_to_end = 0;
  if (range && parse_range(range, &r_off, &r_len, &r_to_end) != 0)
    return cli_usage_err("bad --range '%s' (OFFSET:LENGTH in bytes)", range);

  int rc = CLI_EXIT_FAIL, in_fd = -1, out_open = 0;
  const char *name = in && strcmp(in, "-") != 0 ? in : "standard input";
  const char *oname = out && strcmp(out, "-") != 0 ? out : "standard output";
  uint8_t *hbuf = malloc(CCE_VAULT_MAX_HEADER_BYTES), *cbuf = NULL;
  cce_vault_header *h = malloc(sizeof *h);
  cce_vault_ctx *ctx = calloc(1, sizeof *ctx);
  uint8_t fk[CCE_VAULT_FILE_KEY_BYTES];
  cce_pkey vk;
  cce_pqkey *vpq = NULL;
  const uint8_t *vk_pub = NULL;
  size_t vk_pub_len = 0;
  cce_vault_sig_alg vk_alg = CCE_VAULT_SIG_NONE;
  memset(&vk, 0, sizeof vk);
  cce_hash_ctx chain;
  vout o;
  memset(&o, 0, sizeof o);
  o.fd = -1;
  if (!hbuf || !h || !ctx) {
    cli_err("out of memory");
    goto done;
  }
  // Signer key first (a usage problem should not cost a passphrase prompt).
  if (verify) {
    int pr = cli_load_pqkey(verify, 0, 1, &vpq);
    if (pr < 0) goto done;
    if (pr > 0) {
      if (vpq->alg != CCE_PQKEY_MLDSA87 || vpq->pub_len == 0) {
        cli_err("%s: an %s key cannot verify sealed files (ECDSA P-384, Ed25519 or ML-DSA-87)", verify,
                cce_pqkey_alg_name(vpq->alg));
        goto done;
      }
      vk_alg = CCE_VAULT_SIG_MLDSA87;
      vk_pub = vpq->pub;
      vk_pub_len = vpq->pub_len;
    } else {
      if (cli_load_key(verify, 0, &vk) != 0) goto done;
      if (!(vk.type == CCE_PKEY_EC && vk.curve == CCE_PKEY_CURVE_P384) && vk.type != CCE_PKEY_ED25519) {
        cli_err("%s: a %s key cannot verify sealed files (ECDSA P-384, Ed25519 or ML-DSA-87)", verify,
                cce_pkey_name(&vk));
        goto done;
      }
      vk_alg = vk.type == CCE_PKEY_ED25519 ? CCE_VAULT_SIG_ED25519 : CCE_VAULT_SIG_ECDSA_P384;
      vk_pub = vk.pub;
      vk_pub_len = vk.pub_len;
    }
  }
  if (!in || strcmp(in, "-") == 0) {
    in_fd = STDIN_FILENO;
  } else if ((in_fd = open(in, O_RDONLY | O_CLOEXEC)) < 0) {
    cli_err_errno(errno, "%s", in);
    goto done;
  }
  struct stat sb;
  int regular = fstat(in_fd, &sb) == 0 && S_ISREG(sb.st_mode);
  if (range && !regular) {
    cli_err("%s: --range needs a regular file (not a pipe)", name);
    goto done;
  }
  if (vault_read_header(in_fd, name, hbuf, h) != 0) goto done;
  size_t sig_len = (h->flags & CCE_VAULT_FLAG_SIGNED) ? cce_vault_sig_len((cce_vault_sig_alg)h->sig_alg) : 0;
  if (verify) {
    if (!(h->flags & CCE_VAULT_FLAG_SIGNED)) {
      cli_err("%s: bad signature: the file is not signed", name);
      goto done;
    }
    if (h->sig_alg != vk_alg || h->signer_pub_len != vk_pub_len ||
        memcmp(h->signer_pub, vk_pub, vk_pub_len) != 0) {
      uint8_t fp[32];
      char hex[65] = "?";
      if (cce_sha256(fp, h->signer_pub, h->signer_pub_len) == CCE_OK) cli_hex_encode(hex, fp, 16);
      cli_err("%s: bad signature: the file was signed by another device key (%s, fingerprint %s), not %s", name,
              vault_sig_alg_name(h->sig_alg), hex, verify);
      goto done;
    }
  }
  if ((keyfile ? unwrap_with_key(name, keyfile, h, fk) : unwrap_with_passphrase(name, passfile, h, fk)) != 0)
    goto done;
  cce_status st = cce_vault_open_init(ctx, h, fk);
  cce_wipe(fk, sizeof fk);
  if (st == CCE_ERR_AUTH) {
    cli_err("%s: corrupted header: the header MAC does not match (the header was altered)", name);
    goto done;
  }
  if (st != CCE_OK) {
    cli_err("%s: %s", name, cce_status_str(st));
    goto done;
  }
  if (verify && cce_vault_chain_init(&chain, h->raw, h->header_len) != CCE_OK) {
    cli_err("cannot start the signature chain");
    goto done;
  }
  if (vout_open(&o, out, in) != 0) goto done;
  out_open = 1;

  if (range) {
    // Random access: only the chunks of the range are read and decrypted
    // (with --verify, every chunk is hashed first, none decrypted).
    size_t C = cce_vault_chunk_bytes(ctx), stride = C + CCE_VAULT_TAG_BYTES;
    uint64_t fsize = (uint64_t)sb.st_size, nchunks = 0, pt_len = 0;
    if (fsize < h->header_len + sig_len ||
        cce_vault_layout(h->chunk_log2, fsize - h->header_len - sig_len, &nchunks, &pt_len) != CCE_OK) {
      cli_err("%s: truncated: the payload size is impossible (%" PRIu64 " bytes after the header)", name,
              fsize - h->header_len);
      goto done;
    }
    if (r_off > pt_len) {
      cli_err("%s: --range starts beyond the end (the plaintext is %" PRIu64 " bytes)", name, pt_len);
      goto done;
    }
    if (r_to_end || r_len > pt_len - r_off) r_len = pt_len - r_off;
    cbuf = malloc(stride);
    if (!cbuf) {
      cli_err("out of memory");
      goto done;
    }
    uint64_t pay = h->header_len;
    if (verify) {
      for (uint64_t i = 0; i < nchunks; i++) {
        size_t len = i + 1 < nchunks ? stride : (size_t)(pt_len - (nchunks - 1) * C) + CCE_VAULT_TAG_BYTES;
        uint8_t d[CCE_VAULT_DIGEST_BYTES];
        if (pread_full(in_fd, cbuf, len, pay + i * stride) != (ssize_t)len) {
          cli_err_errno(errno ? errno : EIO, "%s: read error", name);
          goto done;
        }
        if (cce_vault_chunk_digest(cbuf, len, d) != CCE_OK || cce_vault_chain_update(&chain, d) != CCE_OK) {
          cli_err("signature chain failed");
          goto done;
        }
      }
      uint8_t sig[CCE_VAULT_MAX_SIG_BYTES];
      if (pread_full(in_fd, sig, sig_len, fsize - sig_len) != (ssize_t)sig_len) {
        cli_err_errno(errno ? errno : EIO, "%s: read error", name);
        goto done;
      }
      if (cce_vault_verify(&chain, (cce_vault_sig_alg)h->sig_alg, h->signer_pub, h->signer_pub_len, sig,
                           sig_len) != CCE_OK) {
        cli_err("%s: bad signature: the signature does not verify (file or signature altered)", name);
        goto done;
      }
    }
    uint64_t first = r_len ? r_off / C : 0, last = r_len ? (r_off + r_len - 1) / C : 0;
    for (uint64_t i = first; r_len && i <= last; i++) {
      int is_last = i + 1 == nchunks;
      size_t len = is_last ? (size_t)(pt_len - (nchunks - 1) * C) + CCE_VAULT_TAG_BYTES : stride;
      if (pread_full(in_fd, cbuf, len, pay + i * stride) != (ssize_t)len) {
        cli_err_errno(errno ? errno : EIO, "%s: read error", name);
        goto done;
      }
      if (cce_vault_chunk_open(ctx, i, is_last, cbuf, len, cbuf) != CCE_OK) {
        cli_err("%s: corrupted: chunk %" PRIu64 " does not authenticate", name, i);
        goto done;
      }
      uint64_t cs = i * C, ce = cs + len - CCE_VAULT_TAG_BYTES;
      uint64_t a = r_off > cs ? r_off : cs, b = r_off + r_len < ce ? r_off + r_len : ce;
      if (vout_write(&o, cbuf + (a - cs), (size_t)(b - a)) != 0) {
        cli_err_errno(errno, "%s: write error", oname);
        goto done;
      }
    }
  } else {
    vpipe p;
    memset(&p, 0, sizeof p);
    p.mode = VPIPE_OPEN;
    p.ctx = ctx;
    p.in_fd = in_fd;
    p.out = &o;
    p.threads = vault_threads(threads_opt);
    p.in_size = regular ? (uint64_t)sb.st_size : 0;
    p.progress = !quiet && isatty(STDERR_FILENO) && p.in_size > (64u << 20);
    p.chain = verify ? &chain : NULL;
    p.trailer_len = sig_len;
    const char *note = o.is_stdout ? " (earlier chunks were already written to standard output)" : "";
    switch (vpipe_run(&p)) {
      case VPIPE_OK: break;
      case VPIPE_ERR_READ: cli_err_errno(p.sys_errno, "%s: read error", name); goto done;
      case VPIPE_ERR_WRITE: cli_err_errno(p.sys_errno, "%s: write error", oname); goto done;
      case VPIPE_ERR_AUTH:
        cli_err("%s: corrupted: chunk %" PRIu64 " (plaintext offset %" PRIu64 ") does not authenticate%s%s", name,
                p.bad_chunk, p.bad_chunk * cce_vault_chunk_bytes(ctx),
                p.bad_last ? " (corrupted, or the file was truncated)" : "", note);
        goto done;
      case VPIPE_ERR_TRUNCATED:
        cli_err("%s: truncated: the file ends before its last chunk (chunk %" PRIu64 " missing or incomplete)%s",
                name, p.bad_chunk, note);
        goto done;
      default:
        cli_err("%s: failed at chunk %" PRIu64 ": %s", name, p.bad_chunk,
                p.sys_errno ? strerror(p.sys_errno) : cce_status_str(p.status));
        goto done;
    }
    if (verify && cce_vault_verify(&chain, (cce_vault_sig_alg)h->sig_alg, h->signer_pub, h->signer_pub_len,
                                   p.trailer, sig_len) != CCE_OK) {
      cli_err("%s: bad signature: the signature does not verify (file or signature altered)%s", name, note);
      goto done;
    }
  }
  out_open = 0;
  if (vout_commit(&o) != 0) goto done;
  rc = CLI_EXIT_OK;
done:
  if (out_open) vout_abort(&o);
  if (in_fd > STDIN_FILENO) close(in_fd);
  cce_wipe(fk, sizeof fk);
  cce_pkey_wipe(&vk);
  cli_free_pqkey(vpq);
  if (cbuf) cli_free_secret(cbuf, cce_vault_chunk_bytes(ctx) + CCE_VAULT_TAG_BYTES);
  if (ctx) {
    cce_vault_ctx_wipe(ctx);
    free(ctx);
  }
  free(h);
  free(hbuf);
  return rc;
}
