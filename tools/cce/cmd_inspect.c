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
      "Usage: cce inspect FILE\n"
      "\n"
      "Describe a sealed file without any key: format version, suite, chunk size,\n"
      "recipients (type and key id, or passphrase and PBKDF2 iterations), signer\n"
      "(algorithm and public-key fingerprint), header, payload and plaintext sizes.\n"
      "Nothing is authenticated: use 'cce open' (and --verify) for that.\n"
      "A key file (PEM or DER) is described too: type, private or public, key id.\n"
      "FILE - reads standard input.\n"
      "\n"
      "  -h, --help   this help\n"
      "\n"
      "Exit status: 0 success, 1 failure (not a sealed file or key, malformed), 2 usage error.\n");
}

static int inspect_key(const char *path, const uint8_t *buf, size_t len) {
  cce_pkey k;
  const char *why = "";
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

int cmd_inspect(int argc, char **argv) {
  static const struct option longopts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
  int c;
  while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (c == 'h') {
      usage();
      return CLI_EXIT_OK;
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
    printf("signer:      %s, key fingerprint ", h->sig_alg == CCE_VAULT_SIG_ED25519 ? "Ed25519" : "ECDSA P-384");
    if (cce_sha256(fp, h->signer_pub, h->signer_pub_len) == CCE_OK) cli_print_hex(stdout, fp, 16);
    printf(" (signature of %zu bytes, not checked: cce open --verify)\n", sig_len);
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
