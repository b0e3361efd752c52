// cce keygen: generate a key pair and write it as a PKCS#8 PEM private key
// (the format `openssl genpkey` writes).

#include <getopt.h>
#include <string.h>
#include <strings.h>

#include "cce/curve25519.h"
#include "cce/ec.h"
#include "cce/util.h"
#include "cli.h"
#include "cli_keys.h"

static void usage(void) {
  printf(
      "Usage: cce keygen -a ALG -o FILE [--force]\n"
      "\n"
      "Generate a key pair and write the private key as PKCS#8 PEM (\"PRIVATE KEY\",\n"
      "as openssl genpkey writes it) to FILE, with mode 0600. The file is written\n"
      "atomically (temporary file, fsync, rename) and an existing FILE is never\n"
      "replaced unless --force is given. Use 'cce pubkey' for the public key.\n"
      "\n"
      "  -a, --algorithm ALG   p256, p384, p521 (ECDSA and ECDH keys), ed25519,\n"
      "                        x25519, rsa2048, rsa3072, rsa4096 (RSA, e = 65537),\n"
      "                        mlkem512, mlkem768, mlkem1024 (ML-KEM, FIPS 203),\n"
      "                        mldsa44, mldsa65, mldsa87 (ML-DSA, FIPS 204),\n"
      "                        p384-mlkem1024 (hybrid sealed-file recipient: a\n"
      "                        P-384 and an ML-KEM-1024 key in one PEM file)\n"
      "\n"
      "ML-KEM and ML-DSA private keys are written in the seed form of the IETF\n"
      "LAMPS formats (OpenSSL 3.5 reads them).\n"
      "  -o, --out FILE        the private key file (- = standard output)\n"
      "  -f, --force           replace FILE if it exists\n"
      "  -h, --help            this help\n"
      "\n"
      "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

int cmd_keygen(int argc, char **argv) {
  static const struct option longopts[] = {
      {"algorithm", required_argument, NULL, 'a'},
      {"out", required_argument, NULL, 'o'},
      {"force", no_argument, NULL, 'f'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *alg = NULL, *out = NULL;
  int force = 0, c;
  while ((c = getopt_long(argc, argv, "a:o:fh", longopts, NULL)) != -1) {
    switch (c) {
      case 'a': alg = optarg; break;
      case 'o': out = optarg; break;
      case 'f': force = 1; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind < argc) return cli_usage_err("unexpected argument '%s'", argv[optind]);
  if (!alg) return cli_usage_err("missing -a ALG (p256, p384, p521, ed25519, x25519)");
  if (!out) return cli_usage_err("missing -o FILE (use -o - for standard output)");

  cce_pqkey_alg pq = cli_pq_alg_from_name(alg);
  if (pq != CCE_PQKEY_NONE) return cli_pq_keygen(pq, out, force);
  if (strcasecmp(alg, "p384-mlkem1024") == 0) return cli_hybrid_keygen(out, force);
  if (strncasecmp(alg, "rsa", 3) == 0) {
    if (strcasecmp(alg, "rsa2048") == 0) return cli_rsa_keygen(2048, out, force);
    if (strcasecmp(alg, "rsa3072") == 0) return cli_rsa_keygen(3072, out, force);
    if (strcasecmp(alg, "rsa4096") == 0) return cli_rsa_keygen(4096, out, force);
    return cli_usage_err("unknown algorithm '%s' (RSA: rsa2048 rsa3072 rsa4096)", alg);
  }
  cce_pkey_type type;
  cce_pkey_curve curve = CCE_PKEY_CURVE_NONE;
  cce_ec_curve_id ec = CCE_EC_NONE;
  if (strcasecmp(alg, "ed25519") == 0) {
    type = CCE_PKEY_ED25519;
  } else if (strcasecmp(alg, "x25519") == 0) {
    type = CCE_PKEY_X25519;
  } else {
    type = CCE_PKEY_EC;
    ec = cce_ec_curve_from_name(alg);
    curve = ec == CCE_EC_P256 ? CCE_PKEY_CURVE_P256
            : ec == CCE_EC_P384 ? CCE_PKEY_CURVE_P384
            : ec == CCE_EC_P521 ? CCE_PKEY_CURVE_P521
                                : CCE_PKEY_CURVE_NONE;
    if (curve == CCE_PKEY_CURVE_NONE)
      return cli_usage_err(
          "unknown algorithm '%s' (valid: p256 p384 p521 ed25519 x25519 rsa2048 rsa3072 rsa4096 mlkem512 "
          "mlkem768 mlkem1024 mldsa44 mldsa65 mldsa87 p384-mlkem1024)",
          alg);
  }

  int ret = CLI_EXIT_FAIL;
  uint8_t priv[CCE_PKEY_MAX_PRIVATE_BYTES], pub[CCE_PKEY_MAX_PUBLIC_BYTES];
  char pem[CCE_PKEY_MAX_PEM_BYTES];
  size_t priv_len = 0, pub_len = 0, pem_len = 0;
  cce_pkey k;
  memset(&k, 0, sizeof k);
  cce_status st;
  if (type == CCE_PKEY_ED25519) {
    priv_len = pub_len = 32;
    st = cce_ed25519_keypair(pub, priv);
  } else if (type == CCE_PKEY_X25519) {
    priv_len = pub_len = 32;
    st = cce_x25519_keypair(pub, priv);
  } else {
    // One key serves ECDSA and ECDH (as with openssl genpkey); the ECDSA
    // key generation runs the sign/verify pairwise consistency test.
    priv_len = cce_ec_scalar_len(ec);
    pub_len = cce_ec_public_len(ec);
    st = cce_ecdsa_keygen(ec, priv, priv_len, pub, pub_len);
  }
  if (st != CCE_OK) {
    cli_err("key generation failed: %s", cce_status_str(st));
    goto done;
  }
  st = cce_pkey_set(&k, type, curve, priv, priv_len, pub, pub_len);
  if (st == CCE_OK) st = cce_pkey_private_to_pem(pem, sizeof pem, &pem_len, &k);
  if (st != CCE_OK) {
    cli_err("cannot encode the key: %s", cce_status_str(st));
    goto done;
  }
  if (cli_write_file(out, NULL, CLI_OUT_PRIVATE | (force ? 0u : CLI_OUT_EXCL), pem, pem_len) != 0) {
    if (!force && strcmp(out, "-") != 0) fprintf(stderr, "(use --force to replace it)\n");
    goto done;
  }
  ret = CLI_EXIT_OK;
done:
  cce_wipe(priv, sizeof priv);
  cce_wipe(pem, sizeof pem);
  cce_pkey_wipe(&k);
  return ret;
}
