// cce sign: ECDSA (P-256/384/521) and Ed25519 signatures of a file, in the
// forms the OpenSSL command line writes and reads:
//   ECDSA    DER Ecdsa-Sig-Value, as `openssl dgst -sha256 -sign key.pem`
//   Ed25519  the raw 64-byte R||S, as `openssl pkeyutl -sign -rawin`

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

// Pure Ed25519 needs the whole message in memory (it is hashed twice).
#define ED25519_MAX_MESSAGE (1024u * 1024u * 1024u)

static void usage(void) {
  printf(
      "Usage: cce sign -k KEY [-a HASH] [--deterministic] [--context CTX] [-i FILE] [-o SIG]\n"
      "\n"
      "Sign FILE with the private key KEY (PEM or DER).\n"
      "  ECDSA (P-256, P-384, P-521): FILE is hashed with HASH and the signature is\n"
      "    written in DER, as 'openssl dgst -HASH -sign KEY' writes it.\n"
      "  Ed25519: pure EdDSA over FILE (read whole, at most 1 GiB); the signature\n"
      "    is the raw 64 bytes, as 'openssl pkeyutl -sign -rawin' writes it.\n"
      "  ML-DSA (44, 65, 87): pure ML-DSA (FIPS 204) over FILE (streamed), hedged\n"
      "    unless --deterministic, with the context string CTX (default empty);\n"
      "    the signature is the raw FIPS 204 encoding (2420, 3309, 4627 bytes).\n"
      "\n"
      "  -k, --key KEY         the private key\n"
      "  RSA: FILE is hashed and signed with RSASSA-PKCS1-v1_5 or RSASSA-PSS, as\n"
      "    'openssl dgst -HASH -sign KEY [-sigopt rsa_padding_mode:pss]' does.\n"
      "\n"
      "  -a, --algorithm HASH  ECDSA hash: %s\n"
      "                        RSA: pkcs1-HASH or pss-HASH (default pkcs1-sha256;\n"
      "                        PSS salt = digest length, MGF1 with HASH)\n"
      "                        (default: sha256 for P-256, sha384 for P-384,\n"
      "                        sha512 for P-521; SHA-1 is refused)\n"
      "      --deterministic   ECDSA: nonce from RFC 6979 instead of the DRBG;\n"
      "                        ML-DSA: rnd = 0 (deterministic variant)\n"
      "      --context CTX     ML-DSA: context string (0..255 bytes of text)\n"
      "      --context-hex HEX ML-DSA: context string in hex\n"
      "                        (Ed25519 is always deterministic)\n"
      "  -i, --in FILE         the data to sign (default and - : standard input)\n"
      "  -o, --out SIG         the signature (default and - : standard output);\n"
      "                        written atomically\n"
      "  -h, --help            this help\n"
      "\n"
      "Exit status: 0 success, 1 failure, 2 usage error.\n",
      cli_hash_names);
}


enum { OPT_DETERMINISTIC = 256, OPT_CONTEXT, OPT_CONTEXT_HEX };

int cmd_sign(int argc, char **argv) {
  static const struct option longopts[] = {
      {"key", required_argument, NULL, 'k'},
      {"algorithm", required_argument, NULL, 'a'},
      {"deterministic", no_argument, NULL, OPT_DETERMINISTIC},
      {"context", required_argument, NULL, OPT_CONTEXT},
      {"context-hex", required_argument, NULL, OPT_CONTEXT_HEX},
      {"in", required_argument, NULL, 'i'},
      {"out", required_argument, NULL, 'o'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *key = NULL, *hash_name = NULL, *in = "-", *out = "-", *ctx = NULL, *ctx_hex = NULL;
  int deterministic = 0, c;
  while ((c = getopt_long(argc, argv, "k:a:i:o:h", longopts, NULL)) != -1) {
    switch (c) {
      case 'k': key = optarg; break;
      case 'a': hash_name = optarg; break;
      case OPT_DETERMINISTIC: deterministic = 1; break;
      case OPT_CONTEXT: ctx = optarg; break;
      case OPT_CONTEXT_HEX: ctx_hex = optarg; break;
      case 'i': in = optarg; break;
      case 'o': out = optarg; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind < argc) return cli_usage_err("unexpected argument '%s'", argv[optind]);
  if (!key) return cli_usage_err("missing -k KEY");
  {
    uint8_t *cb = NULL;
    size_t cl = 0;
    if (cli_context_arg(ctx, ctx_hex, &cb, &cl) != 0) return CLI_EXIT_USAGE;
    int pq = cli_mldsa_sign(key, hash_name, in, out, cb, cl, deterministic);
    free(cb);
    if (pq >= 0) return pq;
    if (ctx || ctx_hex) return cli_usage_err("--context applies to ML-DSA keys only");
  }
  int rsa = cli_rsa_sign(key, hash_name, in, out);  // RSA keys and pss-*/pkcs1-* algorithms
  if (rsa >= 0) return rsa;
  cce_hash_alg hash = CCE_HASH_NONE;
  if (hash_name && cli_parse_hash_alg(hash_name, 0, &hash) != 0) return cli_usage_hint();

  cce_pkey k;
  if (cli_load_key(key, CLI_KEY_NEED_PRIVATE, &k) != 0) return CLI_EXIT_FAIL;
  int ret = CLI_EXIT_FAIL;
  uint8_t sig[CCE_ECDSA_MAX_SIG_BYTES], der[CCE_ECDSA_MAX_DER_SIG_BYTES];
  uint8_t *msg = NULL;
  size_t msg_len = 0;
  cce_status st;

  if (k.type == CCE_PKEY_X25519) {
    cli_err("%s: an X25519 key cannot sign (key agreement only: see 'cce derive')", key);
    goto done;
  }
  if (k.type == CCE_PKEY_ED25519) {
    if (hash_name) {
      ret = cli_usage_err("-a does not apply to Ed25519 (pure EdDSA signs the message itself)");
      goto done;
    }
    int rc = cli_read_file(in, ED25519_MAX_MESSAGE, &msg, &msg_len);
    if (rc == EFBIG) {
      cli_err("%s: larger than 1 GiB: too large for pure Ed25519, which needs the whole message in memory", in);
      goto done;
    }
    if (rc) {
      cli_err_errno(rc, "%s", in);
      goto done;
    }
    st = cce_ed25519_sign(sig, msg, msg_len, k.priv, k.pub);
    if (st != CCE_OK) {
      cli_err("signing failed: %s", cce_status_str(st));
      goto done;
    }
    if (cli_write_file(out, in, 0, sig, CCE_ED25519_SIGNATURE_BYTES) != 0) goto done;
    ret = CLI_EXIT_OK;
    goto done;
  }

  // ECDSA: stream the file through the hash, sign the digest.
  cce_ec_curve_id curve = cli_key_ec_curve(&k);
  if (hash == CCE_HASH_NONE)
    hash = curve == CCE_EC_P256 ? CCE_HASH_SHA256 : curve == CCE_EC_P384 ? CCE_HASH_SHA384 : CCE_HASH_SHA512;
  if (hash == CCE_HASH_SHA1) {
    cli_err("SHA-1 is not allowed for ECDSA signatures (choose sha256 or stronger)");
    goto done;
  }
  uint8_t digest[CCE_HASH_MAX_DIGEST_BYTES];
  if (cli_hash_file(in, hash, digest) != 0) goto done;
  size_t sig_len = cce_ecdsa_sig_len(curve), der_len = 0;
  st = cce_ecdsa_sign_digest(curve, hash, k.priv, k.priv_len, digest, cce_hash_digest_len(hash),
                             deterministic ? CCE_ECDSA_DETERMINISTIC : 0u, sig, sig_len);
  if (st != CCE_OK) {
    cli_err("signing failed: %s", cce_status_str(st));
    goto done;
  }
  st = cce_ecdsa_sig_to_der(sig, sig_len, der, sizeof der, &der_len);
  if (st != CCE_OK) {
    cli_err("cannot encode the signature: %s", cce_status_str(st));
    goto done;
  }
  if (cli_write_file(out, in, 0, der, der_len) != 0) goto done;
  ret = CLI_EXIT_OK;
done:
  if (msg) cli_free_secret(msg, msg_len ? msg_len : 1);
  cce_pkey_wipe(&k);
  return ret;
}
