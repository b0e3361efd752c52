// cce inspect: describe a sealed file (header, recipients, signer, sizes)
// without any key, or a key file (type, public or private, key id).

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
#include "cce/hash.h"
#include "cce/vault.h"
#include "cli.h"
#include "cli_keys.h"
#include "vault_cli.h"

static void usage(void) {
  printf(
      "Usage: cce inspect [--verify DEVICE.pub] FILE\n"
      "\n"
      "Describe a sealed file without any key: format version, suite, chunk size,\n"
      "recipients (type and key id, or passphrase and PBKDF2 iterations), signer\n"
      "(algorithm and public-key fingerprint), header, payload and plaintext sizes.\n"
      "Nothing is authenticated: use 'cce open' (and --verify) for that, or\n"
      "--verify here to check only the device signature (no decryption key is\n"
      "needed: the signature covers the header and the ciphertext chunks).\n"
      "A key file (PEM or DER) is described too: type, private or public, key id.\n"
      "FILE - reads standard input.\n"
      "\n"
      "      --verify DEVICE.pub  check the signature of a sealed file against this\n"
      "                   device public key (ECDSA P-384, Ed25519 or ML-DSA-87);\n"
      "                   FILE must be a regular file\n"
      "  -h, --help   this help\n"
      "\n"
      "Exit status: 0 success, 1 failure (not a sealed file or key, malformed), 2 usage error.\n");
}

// ML-KEM / ML-DSA key files, and hybrid P-384 + ML-KEM-1024 recipients.
static int inspect_pqkey(const char *path, const uint8_t *buf, size_t len) {
  cli_hybrid hy;
  int r = cli_load_hybrid(path, 0, &hy);
  if (r > 0) {
    uint8_t id[CCE_VAULT_KEY_ID_BYTES];
    int priv = hy.ec.priv_len && hy.kem->priv_len;
    printf("file:        %s\n", path);
    printf("type:        hybrid P-384 + ML-KEM-1024 %s key pair (sealed-file recipient)\n",
           priv ? "private" : "public");
    if (cce_vault_key_id_hybrid(hy.ec.pub, hy.ec.pub_len, hy.kem->pub, hy.kem->pub_len, id) == CCE_OK) {
      printf("key id:      ");
      cli_print_hex(stdout, id, sizeof id);
      printf("  (as a sealed-file recipient)\n");
    }
    cli_hybrid_free(&hy);
    return 0;
  }
  if (r < 0) return -1;
  cce_pqkey *k = malloc(sizeof *k);
  if (!k) return -1;
  const char *why = "";
  if (cce_pqkey_parse(k, buf, len, &why) != CCE_OK) {
    free(k);
    return -1;
  }
  size_t seed_len = 0, priv_len = 0, pub_len = 0;
  if (cce_pqkey_sizes(k->alg, &seed_len, &priv_len, &pub_len) != CCE_OK) pub_len = 0;
  printf("file:        %s\n", path);
  printf("type:        %s %s key (%s)\n", cce_pqkey_alg_name(k->alg), k->priv_len ? "private" : "public",
         cce_pqkey_alg_is_kem(k->alg) ? "FIPS 203 key encapsulation" : "FIPS 204 signature");
  if (k->priv_len)
    printf("private key: %s (%zu-byte seed, %zu-byte expanded key)\n",
           k->seed_len ? "seed known" : "expanded form only", seed_len, priv_len);
  printf("public key:  %zu bytes%s\n", pub_len, k->pub_len ? "" : " (not in the file: expandedKey form without seed)");
  uint8_t fp[32];
  if (k->pub_len && cce_sha256(fp, k->pub, k->pub_len) == CCE_OK) {
    printf("fingerprint: ");
    cli_print_hex(stdout, fp, 16);
    printf("  (SHA-256 of the raw public key, as shown for signers)\n");
  }
  cli_free_pqkey(k);
  return 0;
}

static int inspect_key(const char *path, const uint8_t *buf, size_t len) {
  cce_pkey k;
  const char *why = "";
  if (inspect_pqkey(path, buf, len) == 0) return 0;
  if (cce_pkey_parse(&k, buf, len, &why) != CCE_OK) return -1;
  printf("file:        %s\n", path);
  printf("type:        %s %s key\n", cce_pkey_name(&k), k.priv_len ? "private" : "public");
  cce_vault_stanza_type t = 0;
  if (k.type == CCE_PKEY_EC && k.curve == CCE_PKEY_CURVE_P256) t = CCE_VAULT_STANZA_P256;
  if (k.type == CCE_PKEY_EC && k.curve == CCE_PKEY_CURVE_P384) t = CCE_VAULT_STANZA_P384;
  if (k.type == CCE_PKEY_X25519) t = CCE_VAULT_STANZA_X25519;
  uint8_t id[CCE_VAULT_KEY_ID_BYTES];
  if (t && cce_vault_key_id(t, k.pub, k.pub_len, id) == CCE_OK) {
    printf("key id:      ");
    cli_print_hex(stdout, id, sizeof id);
    printf("  (as a sealed-file recipient)\n");
  }
  uint8_t fp[32];
  if (cce_sha256(fp, k.pub, k.pub_len) == CCE_OK) {
    printf("fingerprint: ");
    cli_print_hex(stdout, fp, 16);
    printf("  (SHA-256 of the raw public key, as shown for signers)\n");
  }
  cce_pkey_wipe(&k);
  return 0;
}

// Loads the device key of --verify: algorithm and public key (malloc'd).
static int load_device_key(const char *path, cce_vault_sig_alg *alg, uint8_t **pub, size_t *pub_len) {
  cce_pqkey *pq = NULL;
  int r = cli_load_pqkey(path, 0, 1, &pq);
  if (r < 0) return -1;
  if (r > 0) {
    if (pq->alg != CCE_PQKEY_MLDSA87 || pq->pub_len == 0) {
      cli_err("%s: an %s key cannot verify sealed files (ECDSA P-384, Ed25519 or ML-DSA-87)", path,
              cce_pqkey_alg_name(pq->alg));
      cli_free_pqkey(pq);
      return -1;
    }
    *alg = CCE_VAULT_SIG_MLDSA87;
    *pub_len = pq->pub_len;
    *pub = malloc(pq->pub_len);
    if (*pub) memcpy(*pub, pq->pub, pq->pub_len);
    cli_free_pqkey(pq);
    return *pub ? 0 : -1;
  }
  cce_pkey k;
  if (cli_load_key(path, 0, &k) != 0) return -1;
  if (!(k.type == CCE_PKEY_EC && k.curve == CCE_PKEY_CURVE_P384) && k.type != CCE_PKEY_ED25519) {
    cli_err("%s: a %s key cannot verify sealed files (ECDSA P-384, Ed25519 or ML-DSA-87)", path, cce_pkey_name(&k));
    cce_pkey_wipe(&k);
    return -1;
  }
  *alg = k.type == CCE_PKEY_ED25519 ? CCE_VAULT_SIG_ED25519 : CCE_VAULT_SIG_ECDSA_P384;
  *pub_len = k.pub_len;
  *pub = malloc(k.pub_len);
  if (*pub) memcpy(*pub, k.pub, k.pub_len);
  cce_pkey_wipe(&k);
  return *pub ? 0 : -1;
}

static int pread_all(int fd, uint8_t *buf, size_t len, uint64_t off) {
  size_t got = 0;
  while (got < len) {
    ssize_t n = pread(fd, buf + got, len - got, (off_t)(off + got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    got += (size_t)n;
  }
  return 0;
}

// Checks the device signature of a sealed file: the chain of chunk digests
// over the ciphertext, no decryption. Returns 0 (prints the verdict) or -1.
static int verify_signature(int fd, const char *path, const cce_vault_header *h, uint64_t chunks, uint64_t pt,
                            uint64_t payload_len, size_t sig_len, cce_vault_sig_alg alg, const uint8_t *pub,
                            size_t pub_len,
                            const char *keyfile) {
  if (!(h->flags & CCE_VAULT_FLAG_SIGNED)) {
    cli_err("%s: bad signature: the file is not signed", path);
    return -1;
  }
  if (h->sig_alg != alg || h->signer_pub_len != pub_len || memcmp(h->signer_pub, pub, pub_len) != 0) {
    cli_err("%s: bad signature: the file was signed by another device key (%s), not %s", path,
            vault_sig_alg_name(h->sig_alg), keyfile);
    return -1;
  }
  size_t C = (size_t)1 << h->chunk_log2, stride = C + CCE_VAULT_TAG_BYTES;
  uint8_t *buf = malloc(stride > CCE_VAULT_MAX_SIG_BYTES ? stride : CCE_VAULT_MAX_SIG_BYTES);
  cce_hash_ctx chain;
  int rc = -1;
  if (!buf || cce_vault_chain_init(&chain, h->raw, h->header_len) != CCE_OK) goto out;
  uint64_t pay = h->header_len;
  for (uint64_t i = 0; i < chunks; i++) {
    size_t len = i + 1 < chunks ? stride : (size_t)(pt - (chunks - 1) * C) + CCE_VAULT_TAG_BYTES;
    uint8_t d[CCE_VAULT_DIGEST_BYTES];
    if (pread_all(fd, buf, len, pay + i * stride) != 0) {
      cli_err_errno(errno ? errno : EIO, "%s: read error", path);
      goto out;
    }
    if (cce_vault_chunk_digest(buf, len, d) != CCE_OK || cce_vault_chain_update(&chain, d) != CCE_OK) goto out;
  }
  if (pread_all(fd, buf, sig_len, pay + payload_len) != 0) {
    cli_err_errno(errno ? errno : EIO, "%s: read error", path);
    goto out;
  }
  if (cce_vault_verify(&chain, (cce_vault_sig_alg)h->sig_alg, h->signer_pub, h->signer_pub_len, buf, sig_len) !=
      CCE_OK) {
    printf("signature:   BAD (the file or its signature was altered)\n");
    cli_err("%s: bad signature: the signature does not verify (file or signature altered)", path);
    goto out;
  }
  printf("signature:   verified (%s, %s)\n", vault_sig_alg_name(h->sig_alg), keyfile);
  rc = 0;
out:
  free(buf);
  return rc;
}

enum { OPT_VERIFY = 256 };

int cmd_inspect(int argc, char **argv) {
  static const struct option longopts[] = {
      {"verify", required_argument, NULL, OPT_VERIFY}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
  int c;
  const char *verify = NULL;
  while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (c == 'h') {
      usage();
      return CLI_EXIT_OK;
    }
    if (c == OPT_VERIFY) {
      verify = optarg;
      continue;
    }
    return cli_usage_hint();
  }
  if (optind + 1 != argc) return cli_usage_err(optind >= argc ? "missing FILE" : "one FILE only");
  const char *path = argv[optind];
  int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    cli_err_errno(errno, "%s", path);
    return CLI_EXIT_FAIL;
  }
  int rc = CLI_EXIT_FAIL;
  uint8_t *buf = malloc(CCE_VAULT_MAX_HEADER_BYTES);
  cce_vault_header *h = malloc(sizeof *h);
  if (!buf || !h) {
    cli_err("out of memory");
    goto done;
  }
  // A key file? (Small files that do not start with the magic.)
  ssize_t n = pread(fd, buf, CCE_VAULT_MAGIC_BYTES, 0);
  if (fd != STDIN_FILENO && n >= 0 && (n < CCE_VAULT_MAGIC_BYTES || memcmp(buf, CCE_VAULT_MAGIC, CCE_VAULT_MAGIC_BYTES))) {
    ssize_t m = pread(fd, buf, CCE_VAULT_MAX_HEADER_BYTES, 0);
    if (m > 0 && inspect_key(path, buf, (size_t)m) == 0) {
      rc = CLI_EXIT_OK;
      if (verify) {
        cli_err("%s: --verify applies to sealed files, not to keys", path);
        rc = CLI_EXIT_FAIL;
      }
      goto done;
    }
  }
  if (vault_read_header(fd, path, buf, h) != 0) goto done;
  // Payload size: from the file size, or by reading to the end.
  uint64_t rest = 0;
  struct stat sb;
  if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
    rest = (uint64_t)sb.st_size >= h->header_len ? (uint64_t)sb.st_size - h->header_len : 0;
  } else {
    uint8_t tmp[65536];
    ssize_t r;
    while ((r = read(fd, tmp, sizeof tmp)) != 0) {
      if (r < 0) {
        if (errno == EINTR) continue;
        cli_err_errno(errno, "%s", path);
        goto done;
      }
      rest += (uint64_t)r;
    }
  }
  char sz[64], tname[32];
  printf("file:        %s\n", path);
  printf("format:      CCE sealed file, version %u\n", h->version);
  printf("suite:       %u (AES-256-GCM STREAM, HKDF-SHA-384, HMAC-SHA-384 header MAC)\n", h->suite);
  vault_fmt_size(sz, sizeof sz, (uint64_t)1 << h->chunk_log2);
  printf("chunk size:  %s\n", sz);
  printf("header:      %zu bytes (MAC not checked: that needs a key)\n", h->header_len);
  printf("recipients:  %zu\n", h->num_stanzas);
  for (size_t i = 0; i < h->num_stanzas; i++) {
    const cce_vault_stanza *s = &h->stanzas[i];
    printf("  %zu: %-10s", i + 1, vault_stanza_name(s->type, tname, sizeof tname));
    if (s->key_id) {
      printf(" key id ");
      cli_print_hex(stdout, s->key_id, CCE_VAULT_KEY_ID_BYTES);
      if (s->type == CCE_VAULT_STANZA_X25519) printf("  (not approved)");
    } else if (s->type == CCE_VAULT_STANZA_PASSPHRASE) {
      printf(" PBKDF2-HMAC-SHA-512, %" PRIu32 " iterations", s->iterations);
    } else {
      printf(" %zu-byte stanza (not readable by this version)", s->body_len);
    }
    printf("\n");
  }
  size_t sig_len = 0;
  if (h->flags & CCE_VAULT_FLAG_SIGNED) {
    sig_len = cce_vault_sig_len((cce_vault_sig_alg)h->sig_alg);
    uint8_t fp[32];
    printf("signer:      %s, key fingerprint ", vault_sig_alg_name(h->sig_alg));
    if (cce_sha256(fp, h->signer_pub, h->signer_pub_len) == CCE_OK) cli_print_hex(stdout, fp, 16);
    printf(" (signature of %zu bytes%s)\n", sig_len, verify ? "" : ", not checked: --verify");
  } else {
    printf("signer:      none (unsigned)\n");
  }
  uint64_t chunks = 0, pt = 0;
  if (rest >= sig_len && cce_vault_layout(h->chunk_log2, rest - sig_len, &chunks, &pt) == CCE_OK) {
    vault_fmt_size(sz, sizeof sz, rest - sig_len);
    printf("payload:     %s in %" PRIu64 " chunk%s\n", sz, chunks, chunks == 1 ? "" : "s");
    vault_fmt_size(sz, sizeof sz, pt);
    printf("plaintext:   %s\n", sz);
    vault_fmt_size(sz, sizeof sz, h->header_len + rest);
    printf("sealed size: %s\n", sz);
    rc = CLI_EXIT_OK;
    if (verify) {
      cce_vault_sig_alg alg = CCE_VAULT_SIG_NONE;
      uint8_t *vpub = NULL;
      size_t vpub_len = 0;
      rc = CLI_EXIT_FAIL;
      if (!S_ISREG(sb.st_mode))
        cli_err("%s: --verify needs a regular file (not a pipe)", path);
      else if (load_device_key(verify, &alg, &vpub, &vpub_len) == 0 &&
               verify_signature(fd, path, h, chunks, pt, rest - sig_len, sig_len, alg, vpub, vpub_len, verify) == 0)
        rc = CLI_EXIT_OK;
      free(vpub);
    }
  } else {
    printf("payload:     %" PRIu64 " bytes: impossible for this chunk size (truncated or corrupted)\n",
           rest >= sig_len ? rest - sig_len : rest);
    cli_err("%s: truncated or corrupted: the payload size is impossible", path);
  }
done:
  if (fd > STDIN_FILENO) close(fd);
  free(buf);
  free(h);
  return rc;
}
