// cce verify: check an ECDSA (DER) or Ed25519 (raw 64-byte) signature, as
// `openssl dgst -verify` / `openssl pkeyutl -verify -rawin` do; prints
// "Verified OK" (exit 0) or "Verification failure" (exit 1).

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cce/curve25519.h"
#include "cce/ec.h"
#include "cce/ecdsa_sig.h"
#include "cce/hash.h"
#include "cce/util.h"
#include "cli.h"
#include "cli_keys.h"

#define ED25519_MAX_MESSAGE (1024u * 1024u * 1024u)
#define SIG_FILE_MAX 4096u

static void usage(void) {
  printf(
      "Usage: cce verify -p PUBKEY -s SIG [-a HASH] [--context CTX] [-i FILE]\n"
      "\n"
      "Verify the signature SIG of FILE with PUBKEY (a public or private key, PEM\n"
      "or DER). ECDSA signatures are DER (openssl dgst -sign); Ed25519 signatures\n"
      "are the raw 64 bytes (openssl pkeyutl -sign -rawin). RSA: -a pkcs1-HASH\n"
      "(default pkcs1-sha256) or pss-HASH (any salt length), as openssl dgst -verify.\n"
      "ML-DSA: pure ML-DSA (FIPS 204), raw signature, context string CTX.\n"
      "Prints \"Verified OK\" and exits 0, or \"Verification failure\" and exits 1.\n"
      "\n"
      "  -p, --pubkey PUBKEY   the verification key\n"
      "  -s, --signature SIG   the signature file\n"
      "  -a, --algorithm HASH  ECDSA hash: %s\n"
      "                        (default: sha256 for P-256, sha384 for P-384,\n"
      "                        sha512 for P-521)\n"
      "      --context CTX     ML-DSA: context string (0..255 bytes of text)\n"
      "      --context-hex HEX ML-DSA: context string in hex\n"
      "  -i, --in FILE         the signed data (default and - : standard input)\n"
      "  -h, --help            this help\n"
      "\n"
      "Exit status: 0 verified, 1 verification failure or error, 2 usage error.\n",
      cli_hash_names);
}


int cmd_verify(int argc, char **argv) {
  static const struct option longopts[] = {
      {"pubkey", required_argument, NULL, 'p'},
      {"signature", required_argument, NULL, 's'},
      {"algorithm", required_argument, NULL, 'a'},
      {"context", required_argument, NULL, 256},
      {"context-hex", required_argument, NULL, 257},
      {"in", required_argument, NULL, 'i'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *pubf = NULL, *sigf = NULL, *hash_name = NULL, *in = "-", *ctx = NULL, *ctx_hex = NULL;
  int c;
  while ((c = getopt_long(argc, argv, "p:s:a:i:h", longopts, NULL)) != -1) {
    switch (c) {
      case 'p': pubf = optarg; break;
      case 's': sigf = optarg; break;
      case 'a': hash_name = optarg; break;
      case 'i': in = optarg; break;
      case 256: ctx = optarg; break;
      case 257: ctx_hex = optarg; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind < argc) return cli_usage_err("unexpected argument '%s'", argv[optind]);
  if (!pubf) return cli_usage_err("missing -p PUBKEY");
  if (!sigf) return cli_usage_err("missing -s SIG");
  if (strcmp(sigf, "-") == 0 && strcmp(in, "-") == 0)
    return cli_usage_err("the signature and the data cannot both come from standard input");
  {
    uint8_t *cb = NULL;
    size_t cl = 0;
    if (cli_context_arg(ctx, ctx_hex, &cb, &cl) != 0) return CLI_EXIT_USAGE;
    int pq = cli_mldsa_verify(pubf, hash_name, in, sigf, cb, cl);
    free(cb);
    if (pq >= 0) return pq;
    if (ctx || ctx_hex) return cli_usage_err("--context applies to ML-DSA keys only");
  }
  int rsa = cli_rsa_verify(pubf, hash_name, in, sigf);  // RSA keys and pss-*/pkcs1-* algorithms
  if (rsa >= 0) return rsa;
  cce_hash_alg hash = CCE_HASH_NONE;
  if (hash_name && cli_parse_hash_alg(hash_name, 0, &hash) != 0) return cli_usage_hint();

  cce_pkey k;
  if (cli_load_key(pubf, 0, &k) != 0) return CLI_EXIT_FAIL;
  int ret = CLI_EXIT_FAIL;
  uint8_t *sig = NULL, *msg = NULL;
  size_t sig_len = 0, msg_len = 0;
  cce_status st = CCE_ERR_SIGNATURE;

  if (k.type == CCE_PKEY_X25519) {
    cli_err("%s: an X25519 key cannot verify signatures (key agreement only)", pubf);
    goto done;
  }
  if (k.type == CCE_PKEY_ED25519 && hash_name) {
    ret = cli_usage_err("-a does not apply to Ed25519 (pure EdDSA signs the message itself)");
    goto done;
  }
  int rc = cli_read_file(sigf, SIG_FILE_MAX, &sig, &sig_len);
  if (rc == EFBIG) {
    cli_err("%s: not a signature (larger than %u bytes)", sigf, SIG_FILE_MAX);
    goto done;
  }
  if (rc) {
    cli_err_errno(rc, "%s", sigf);
    goto done;
  }

  if (k.type == CCE_PKEY_ED25519) {
    rc = cli_read_file(in, ED25519_MAX_MESSAGE, &msg, &msg_len);
    if (rc == EFBIG) {
      cli_err("%s: larger than 1 GiB: too large for pure Ed25519", in);
      goto done;
    }
    if (rc) {
      cli_err_errno(rc, "%s", in);
      goto done;
    }
    if (sig_len == CCE_ED25519_SIGNATURE_BYTES) st = cce_ed25519_verify(sig, msg, msg_len, k.pub);
  } else {
    cce_ec_curve_id curve = cli_key_ec_curve(&k);
    if (hash == CCE_HASH_NONE)
      hash = curve == CCE_EC_P256 ? CCE_HASH_SHA256 : curve == CCE_EC_P384 ? CCE_HASH_SHA384 : CCE_HASH_SHA512;
    uint8_t digest[CCE_HASH_MAX_DIGEST_BYTES], rs[CCE_ECDSA_MAX_SIG_BYTES];
    size_t half = cce_ec_scalar_len(curve);
    if (cli_hash_file(in, hash, digest) != 0) goto done;
    // A signature that is not strict DER never verifies.
    if (cce_ecdsa_sig_from_der(sig, sig_len, rs, 2 * half) == CCE_OK)
      st = cce_ecdsa_verify_digest(curve, hash, k.pub, k.pub_len, digest, cce_hash_digest_len(hash), rs, 2 * half);
  }
  if (st == CCE_OK) {
    printf("Verified OK\n");
    ret = CLI_EXIT_OK;
  } else {
    printf("Verification failure\n");
    if (st != CCE_ERR_SIGNATURE) cli_err("%s", cce_status_str(st));
  }
done:
  if (sig) cli_free_secret(sig, sig_len ? sig_len : 1);
  if (msg) cli_free_secret(msg, msg_len ? msg_len : 1);
  cce_pkey_wipe(&k);
  return ret;
}
