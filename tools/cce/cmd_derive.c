// cce derive: ECDH (P-256/384/521, SP 800-56A shared secret Z) and X25519
// (RFC 7748) shared secrets, the bytes `openssl pkeyutl -derive` writes.

#include <getopt.h>
#include <string.h>

#include "cce/curve25519.h"
#include "cce/ec.h"
#include "cce/util.h"
#include "cli.h"
#include "cli_keys.h"

static void usage(void) {
  printf(
      "Usage: cce derive -k KEY -p PEERKEY -o FILE\n"
      "\n"
      "Compute the raw shared secret of the private key KEY and the peer's public\n"
      "key PEERKEY (PEM or DER; a peer private key file gives its public part):\n"
      "ECDH on P-256, P-384 or P-521 (the X coordinate, SP 800-56A) or X25519\n"
      "(RFC 7748), as 'openssl pkeyutl -derive -inkey KEY -peerkey PEERKEY' does.\n"
      "Both keys must be of the same type and curve. The secret is written with\n"
      "mode 0600; feed it to a KDF (HKDF, SP 800-56C) before use as a key.\n"
      "\n"
      "  -k, --key KEY        your private key\n"
      "  -p, --peer PEERKEY   the peer's public key\n"
      "  -o, --out FILE       the shared secret (- = standard output); written\n"
      "                       atomically\n"
      "  -h, --help           this help\n"
      "\n"
      "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

int cmd_derive(int argc, char **argv) {
  static const struct option longopts[] = {
      {"key", required_argument, NULL, 'k'},
      {"peer", required_argument, NULL, 'p'},
      {"out", required_argument, NULL, 'o'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *keyf = NULL, *peerf = NULL, *out = NULL;
  int c;
  while ((c = getopt_long(argc, argv, "k:p:o:h", longopts, NULL)) != -1) {
    switch (c) {
      case 'k': keyf = optarg; break;
      case 'p': peerf = optarg; break;
      case 'o': out = optarg; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind < argc) return cli_usage_err("unexpected argument '%s'", argv[optind]);
  if (!keyf) return cli_usage_err("missing -k KEY");
  if (!peerf) return cli_usage_err("missing -p PEERKEY");
  if (!out) return cli_usage_err("missing -o FILE (use -o - for standard output)");

  cce_pkey k, peer;
  memset(&peer, 0, sizeof peer);
  if (cli_load_key(keyf, CLI_KEY_NEED_PRIVATE, &k) != 0) return CLI_EXIT_FAIL;
  int ret = CLI_EXIT_FAIL;
  uint8_t secret[CCE_EC_MAX_SCALAR_BYTES];
  size_t secret_len = 0;
  cce_status st;
  if (k.type == CCE_PKEY_ED25519) {
    cli_err("%s: an Ed25519 key cannot derive secrets (signatures only: use an X25519 key)", keyf);
    goto done;
  }
  if (cli_load_key(peerf, 0, &peer) != 0) goto done;
  if (peer.type != k.type || peer.curve != k.curve) {
    cli_err("%s mismatch: %s is %s, %s is %s",
            k.type == CCE_PKEY_EC && peer.type == CCE_PKEY_EC ? "curve" : "key type", keyf, cce_pkey_name(&k), peerf,
            cce_pkey_name(&peer));
    goto done;
  }
  if (k.type == CCE_PKEY_X25519) {
    secret_len = CCE_X25519_SHARED_BYTES;
    st = cce_x25519(secret, k.priv, peer.pub);
    if (st == CCE_ERR_POINT_INVALID) {
      cli_err("%s: the peer's X25519 key has small order (the shared secret would be zero)", peerf);
      goto done;
    }
  } else {
    cce_ec_curve_id curve = cli_key_ec_curve(&k);
    secret_len = cce_ec_scalar_len(curve);
    st = cce_ecdh(curve, k.priv, k.priv_len, peer.pub, peer.pub_len, secret, secret_len);
  }
  if (st != CCE_OK) {
    cli_err("key agreement failed: %s", cce_status_str(st));
    goto done;
  }
  if (cli_write_file(out, NULL, CLI_OUT_PRIVATE, secret, secret_len) != 0) goto done;
  ret = CLI_EXIT_OK;
done:
  cce_wipe(secret, sizeof secret);
  cce_pkey_wipe(&k);
  cce_pkey_wipe(&peer);
  return ret;
}
