// cce seal: encrypt and authenticate a file for one or more recipients in
// the sealed-file format (docs/sealed-file-format.md), optionally signed by
// a device key. Streaming (constant memory), multi-threaded over chunks.

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cce/encoding.h"
#include "cce/vault.h"
#include "cli.h"
#include "cli_keys.h"
#include "vault_cli.h"

#define MAX_RECIPIENTS CCE_VAULT_MAX_STANZAS

static void usage(void) {
  printf(
      "Usage: cce seal -r RECIPIENT.pub [-r ...] [-p] [--sign DEVICE.key] [-i IN] [-o OUT]\n"
      "\n"
      "Encrypt and authenticate IN (default: standard input) into the sealed-file\n"
      "format (docs/sealed-file-format.md): a random 256-bit file key wrapped for\n"
      "each recipient, the data as AES-256-GCM chunks. OUT is written under a\n"
      "temporary name, fsynced and renamed: on any error nothing is left behind.\n"
      "\n"
      "  -r, --recipient FILE   a recipient's public key (PEM/DER; P-256, P-384 or\n"
      "                         X25519, the last one not approved); repeatable.\n"
      "                         Post-quantum hybrid recipient (P-384 ECDH +\n"
      "                         ML-KEM-1024): one PEM file with both public keys\n"
      "                         ('cce keygen -a p384-mlkem1024', then 'cce pubkey'),\n"
      "                         or two files joined by '+': p384.pub+mlkem1024.pub\n"
      "  -p, --passphrase       also a passphrase recipient (PBKDF2-HMAC-SHA-512);\n"
      "                         read from the terminal, $CCE_PASSPHRASE or\n"
      "      --passphrase-file FILE  (first line of FILE; implies -p)\n"
      "      --iterations N     PBKDF2 iterations (default %u, at least %u)\n"
      "      --sign KEY         sign with this device key (ECDSA P-384, Ed25519 or\n"
      "                         ML-DSA-87)\n"
      "  -i, --in FILE          input (default and - : standard input)\n"
      "  -o, --out FILE         output (default and - : standard output)\n"
      "      --threads N        worker threads (default: $CCE_THREADS or all cores;\n"
      "                         1 = single-threaded; the output is the same)\n"
      "      --chunk-size N     plaintext bytes per chunk, a power of two from\n"
      "                         1024 to 16777216 (default 65536)\n"
      "  -q, --quiet            no progress bar\n"
      "  -h, --help             this help\n"
      "\n"
      "Exit status: 0 success, 1 failure, 2 usage error.\n",
      CCE_VAULT_DEFAULT_ITERATIONS, CCE_VAULT_MIN_ITERATIONS);
}

enum { OPT_PASSFILE = 256, OPT_ITER, OPT_SIGN, OPT_THREADS, OPT_CHUNK };

int cmd_seal(int argc, char **argv) {
  static const struct option longopts[] = {
      {"recipient", required_argument, NULL, 'r'},
      {"passphrase", no_argument, NULL, 'p'},
      {"passphrase-file", required_argument, NULL, OPT_PASSFILE},
      {"iterations", required_argument, NULL, OPT_ITER},
      {"sign", required_argument, NULL, OPT_SIGN},
      {"in", required_argument, NULL, 'i'},
      {"out", required_argument, NULL, 'o'},
      {"threads", required_argument, NULL, OPT_THREADS},
      {"chunk-size", required_argument, NULL, OPT_CHUNK},
      {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *recips[MAX_RECIPIENTS], *passfile = NULL, *signkey = NULL, *in = NULL, *out = NULL,
             *threads_opt = NULL;
  size_t nrecip = 0, iterations = CCE_VAULT_DEFAULT_ITERATIONS, chunk = 65536;
  int use_pass = 0, quiet = 0, c;
  while ((c = getopt_long(argc, argv, "r:pi:o:qh", longopts, NULL)) != -1) {
    switch (c) {
      case 'r':
        if (nrecip == MAX_RECIPIENTS) return cli_usage_err("too many recipients (at most %d)", MAX_RECIPIENTS);
        recips[nrecip++] = optarg;
        break;
      case 'p': use_pass = 1; break;
      case OPT_PASSFILE: use_pass = 1; passfile = optarg; break;
      case OPT_ITER:
        if (cli_parse_size(optarg, 1, CCE_VAULT_MAX_ITERATIONS, &iterations) != 0)
          return cli_usage_err("bad --iterations '%s' (1..%u)", optarg, CCE_VAULT_MAX_ITERATIONS);
        break;
      case OPT_SIGN: signkey = optarg; break;
      case 'i': in = optarg; break;
      case 'o': out = optarg; break;
      case OPT_THREADS: {
        size_t t;
        if (cli_parse_size(optarg, 1, 64, &t) != 0) return cli_usage_err("bad --threads '%s' (1..64)", optarg);
        threads_opt = optarg;
        break;
      }
      case OPT_CHUNK:
        if (cli_parse_size(optarg, 1024, 16777216, &chunk) != 0 || (chunk & (chunk - 1)) != 0)
          return cli_usage_err("bad --chunk-size '%s' (a power of two, 1024..16777216)", optarg);
        break;
      case 'q': quiet = 1; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind < argc) return cli_usage_err("unexpected argument '%s'", argv[optind]);
  if (nrecip == 0 && !use_pass) return cli_usage_err("no recipient: give -r RECIPIENT.pub and/or -p");
  unsigned chunk_log2 = 0;
  while (((size_t)1 << chunk_log2) < chunk) chunk_log2++;
  if (!out || strcmp(out, "-") == 0) {
    if (isatty(STDOUT_FILENO)) {
      cli_err("refusing to write a sealed file to a terminal (use -o FILE or redirect)");
      return CLI_EXIT_USAGE;
    }
  }

  int rc = CLI_EXIT_FAIL, in_fd = -1;
  char *pw = NULL;
  uint8_t *hdr = NULL;
  cce_pkey key, sk;
  cce_pqkey *pqsk = NULL;
  memset(&sk, 0, sizeof sk);
  vout o;
  memset(&o, 0, sizeof o);
  o.fd = -1;
  int out_open = 0;
  cce_hash_ctx chain;
  cce_vault_ctx *ctx = calloc(1, sizeof *ctx);
  hdr = malloc(CCE_VAULT_MAX_HEADER_BYTES);
  if (!ctx || !hdr) {
    cli_err("out of memory");
    goto done;
  }
  cce_status st = cce_vault_seal_init(ctx, chunk_log2);
  if (st != CCE_OK) {
    cli_err("cannot start: %s", cce_status_str(st));
    goto done;
  }
  for (size_t i = 0; i < nrecip; i++) {
    cli_hybrid hy;
    int hr = cli_load_hybrid(recips[i], 0, &hy);
    if (hr < 0) goto done;
    if (hr > 0) {
      st = cce_vault_add_hybrid_recipient(ctx, hy.ec.pub, hy.ec.pub_len, hy.kem->pub, hy.kem->pub_len);
      cli_hybrid_free(&hy);
      if (st != CCE_OK) {
        cli_err("%s: cannot wrap the file key: %s", recips[i], cce_status_str(st));
        goto done;
      }
      continue;
    }
    cce_pqkey *lone = NULL;
    if (cli_load_pqkey(recips[i], 0, 1, &lone) > 0) {
      cli_err("%s: an %s key alone cannot be a recipient (post-quantum: the hybrid P-384 + ML-KEM-1024 key, "
              "one file with both keys or p384.pub+mlkem1024.pub)",
              recips[i], cce_pqkey_alg_name(lone->alg));
      cli_free_pqkey(lone);
      goto done;
    }
    if (cli_load_key(recips[i], 0, &key) != 0) goto done;
    if (key.type == CCE_PKEY_EC && key.curve == CCE_PKEY_CURVE_P256)
      st = cce_vault_add_ec_recipient(ctx, CCE_VAULT_STANZA_P256, key.pub, key.pub_len);
    else if (key.type == CCE_PKEY_EC && key.curve == CCE_PKEY_CURVE_P384)
      st = cce_vault_add_ec_recipient(ctx, CCE_VAULT_STANZA_P384, key.pub, key.pub_len);
    else if (key.type == CCE_PKEY_X25519)
      st = cce_vault_add_x25519_recipient(ctx, key.pub);
    else {
      cli_err("%s: a %s key cannot be a recipient (P-256, P-384 or X25519)", recips[i], cce_pkey_name(&key));
      cce_pkey_wipe(&key);
      goto done;
    }
    cce_pkey_wipe(&key);
    if (st != CCE_OK) {
      cli_err("%s: cannot wrap the file key: %s", recips[i], cce_status_str(st));
      goto done;
    }
  }
  if (use_pass) {
    pw = vault_get_passphrase(passfile, 1);
    if (!pw) goto done;
    if (iterations < CCE_VAULT_MIN_ITERATIONS)
      fprintf(stderr, "cce seal: warning: %zu PBKDF2 iterations is below SP 800-132's minimum of %u\n", iterations,
              CCE_VAULT_MIN_ITERATIONS);
    st = cce_vault_add_passphrase(ctx, (const uint8_t *)pw, strlen(pw), (uint32_t)iterations);
    if (st != CCE_OK) {
      cli_err("cannot wrap the file key under the passphrase: %s", cce_status_str(st));
      goto done;
    }
  }
  cce_vault_sig_alg sig_alg = CCE_VAULT_SIG_NONE;
  const uint8_t *sign_priv = NULL, *sign_pub = NULL;
  size_t sign_priv_len = 0, sign_pub_len = 0;
  if (signkey) {
    int pr = cli_load_pqkey(signkey, CLI_KEY_NEED_PRIVATE, 1, &pqsk);
    if (pr < 0) goto done;
    if (pr > 0) {
      if (pqsk->alg != CCE_PQKEY_MLDSA87 || pqsk->pub_len == 0) {
        cli_err("%s: an %s key cannot sign sealed files (ECDSA P-384, Ed25519 or ML-DSA-87%s)", signkey,
                cce_pqkey_alg_name(pqsk->alg), pqsk->pub_len ? "" : " with its seed or public key");
        goto done;
      }
      sig_alg = CCE_VAULT_SIG_MLDSA87;
      sign_priv = pqsk->priv;
      sign_priv_len = pqsk->priv_len;
      sign_pub = pqsk->pub;
      sign_pub_len = pqsk->pub_len;
    } else if (cli_load_key(signkey, CLI_KEY_NEED_PRIVATE, &sk) != 0) {
      goto done;
    } else if (sk.type == CCE_PKEY_EC && sk.curve == CCE_PKEY_CURVE_P384)
      sig_alg = CCE_VAULT_SIG_ECDSA_P384;
    else if (sk.type == CCE_PKEY_ED25519)
      sig_alg = CCE_VAULT_SIG_ED25519;
    else {
      cli_err("%s: a %s key cannot sign sealed files (ECDSA P-384, Ed25519 or ML-DSA-87)", signkey,
              cce_pkey_name(&sk));
      goto done;
    }
    if (sig_alg != CCE_VAULT_SIG_MLDSA87) {
      sign_priv = sk.priv;
      sign_priv_len = sk.priv_len;
      sign_pub = sk.pub;
      sign_pub_len = sk.pub_len;
    }
    st = cce_vault_set_signer(ctx, sig_alg, sign_pub, sign_pub_len);
    if (st != CCE_OK) {
      cli_err("%s: %s", signkey, cce_status_str(st));
      goto done;
    }
  }
  size_t hdr_len = 0;
  st = cce_vault_header_write(ctx, hdr, CCE_VAULT_MAX_HEADER_BYTES, &hdr_len);
  if (st != CCE_OK) {
    cli_err("cannot write the header: %s", cce_status_str(st));
    goto done;
  }

  // Input.
  const char *in_name = in && strcmp(in, "-") != 0 ? in : "standard input";
  struct stat sb;
  if (!in || strcmp(in, "-") == 0) {
    in_fd = STDIN_FILENO;
  } else {
    in_fd = open(in, O_RDONLY | O_CLOEXEC);
    if (in_fd < 0) {
      cli_err_errno(errno, "%s", in);
      goto done;
    }
  }
  uint64_t in_size = 0;
  if (fstat(in_fd, &sb) == 0 && S_ISREG(sb.st_mode)) in_size = (uint64_t)sb.st_size;
  if (fstat(in_fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
    cli_err("%s: is a directory", in_name);
    goto done;
  }
#ifdef POSIX_FADV_SEQUENTIAL
  (void)posix_fadvise(in_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif

  if (vout_open(&o, out, in) != 0) goto done;
  out_open = 1;
  if (vout_write(&o, hdr, hdr_len) != 0) {
    cli_err_errno(errno, "%s", out ? out : "standard output");
    goto done;
  }
  if (signkey && cce_vault_chain_init(&chain, hdr, hdr_len) != CCE_OK) {
    cli_err("cannot start the signature chain");
    goto done;
  }

  vpipe p;
  memset(&p, 0, sizeof p);
  p.mode = VPIPE_SEAL;
  p.ctx = ctx;
  p.in_fd = in_fd;
  p.out = &o;
  p.threads = vault_threads(threads_opt);
  p.in_size = in_size;
  p.progress = !quiet && isatty(STDERR_FILENO) && in_size > (64u << 20);
  p.chain = signkey ? &chain : NULL;
  switch (vpipe_run(&p)) {
    case VPIPE_OK: break;
    case VPIPE_ERR_READ: cli_err_errno(p.sys_errno, "%s: read error", in_name); goto done;
    case VPIPE_ERR_WRITE: cli_err_errno(p.sys_errno, "%s: write error", out ? out : "standard output"); goto done;
    default: cli_err("sealing failed at chunk %llu: %s", (unsigned long long)p.bad_chunk,
                     p.sys_errno ? strerror(p.sys_errno) : cce_status_str(p.status));
      goto done;
  }
  if (signkey) {
    uint8_t sig[CCE_VAULT_MAX_SIG_BYTES];
    size_t sig_len = 0;
    st = cce_vault_sign(&chain, sig_alg, sign_priv, sign_priv_len, sign_pub, sign_pub_len, sig, sizeof sig,
                        &sig_len);
    if (st != CCE_OK) {
      cli_err("%s: signing failed: %s", signkey, cce_status_str(st));
      goto done;
    }
    if (vout_write(&o, sig, sig_len) != 0) {
      cli_err_errno(errno, "%s", out ? out : "standard output");
      goto done;
    }
  }
  if (vout_commit(&o) != 0) {
    out_open = 0;
    goto done;
  }
  out_open = 0;
  rc = CLI_EXIT_OK;
done:
  if (out_open) vout_abort(&o);
  if (in_fd > STDIN_FILENO) close(in_fd);
  if (pw) cli_free_secret(pw, strlen(pw) + 1);
  cce_pkey_wipe(&sk);
  cli_free_pqkey(pqsk);
  if (ctx) {
    cce_vault_ctx_wipe(ctx);
    free(ctx);
  }
  free(hdr);
  return rc;
}
