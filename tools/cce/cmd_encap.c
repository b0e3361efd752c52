// cce encap: ML-KEM encapsulation (FIPS 203 ML-KEM.Encaps) for a public key:
// writes the ciphertext and the 32-byte shared secret.

#include <getopt.h>
#include <string.h>

#include "cce/mlkem.h"
#include "cce/util.h"
#include "cli.h"
#include "cli_keys.h"

static void usage(void) {
  printf(
      "Usage: cce encap -p PUBKEY -o CT --secret SS\n"
      "\n"
      "ML-KEM encapsulation (FIPS 203): draw a fresh shared secret for the ML-KEM\n"
      "public key PUBKEY (SubjectPublicKeyInfo PEM or DER, or a private key file:\n"
      "its public part), write the ciphertext to CT (768, 1088 or 1568 bytes for\n"
      "ML-KEM-512, -768, -1024) and the 32-byte shared secret to SS (mode 0600).\n"
      "The holder of the private key recovers the secret with 'cce decap'.\n"
      "Both files are written atomically; - is standard output (for one of them).\n"
      "\n"
      "  -p, --pubkey PUBKEY   the ML-KEM public key\n"
      "  -o, --out CT          the ciphertext\n"
      "  -s, --secret SS       the shared secret (raw 32 bytes)\n"
      "  -h, --help            this help\n"
      "\n"
      "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

int cmd_encap(int argc, char **argv) {
  static const struct option longopts[] = {
      {"pubkey", required_argument, NULL, 'p'},
      {"out", required_argument, NULL, 'o'},
      {"secret", required_argument, NULL, 's'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *pubf = NULL, *ctf = NULL, *ssf = NULL;
  int c;
  while ((c = getopt_long(argc, argv, "p:o:s:h", longopts, NULL)) != -1) {
    switch (c) {
      case 'p': pubf = optarg; break;
      case 'o': ctf = optarg; break;
      case 's': ssf = optarg; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind < argc) return cli_usage_err("unexpected argument '%s'", argv[optind]);
  if (!pubf) return cli_usage_err("missing -p PUBKEY");
  if (!ctf) return cli_usage_err("missing -o CT (the ciphertext file)");
  if (!ssf) return cli_usage_err("missing --secret SS (the shared-secret file)");
  if (strcmp(ctf, "-") == 0 && strcmp(ssf, "-") == 0)
    return cli_usage_err("the ciphertext and the secret cannot both go to standard output");
  if (strcmp(ctf, "-") != 0 && strcmp(ctf, ssf) == 0) return cli_usage_err("CT and SS must be different files");

  cce_pqkey *k = NULL;
  int r = cli_load_pqkey(pubf, 0, 1, &k);
  if (r == 0) {
    cce_pkey other;
    if (cli_load_key(pubf, 0, &other) == 0) {
      cli_err("%s: is a %s key; an ML-KEM key is needed", pubf, cce_pkey_name(&other));
      cce_pkey_wipe(&other);
    }
    return CLI_EXIT_FAIL;
  }
  if (r < 0) return CLI_EXIT_FAIL;
  int ret = CLI_EXIT_FAIL;
  uint8_t ct[CCE_MLKEM_MAX_CT_BYTES], ss[CCE_MLKEM_SS_BYTES];
  size_t ct_len = 0;
  cli_out o;
  memset(&o, 0, sizeof o);
  if (!cce_pqkey_alg_is_kem(k->alg)) {
    cli_err("%s: is an %s key; an ML-KEM key is needed", pubf, cce_pqkey_alg_name(k->alg));
    goto done;
  }
  cce_mlkem_param param = (cce_mlkem_param)cce_pqkey_mlkem_param(k->alg);
  cce_status st = cce_mlkem_sizes(param, NULL, NULL, &ct_len);
  if (st == CCE_OK) st = cce_mlkem_encaps(param, ct, ct_len, ss, k->pub, k->pub_len);
  if (st != CCE_OK) {
    cli_err("encapsulation failed: %s", cce_status_str(st));
    goto done;
  }
  // The secret is staged first and renamed into place last: a failure in
  // between can leave a ciphertext alone (harmless), never a secret alone.
  if (cli_out_open(&o, ssf, pubf, CLI_OUT_PRIVATE) != 0) goto done;
  if (cli_out_write(&o, ss, sizeof ss) != 0) {
    cli_err("%s: write error", ssf);
    goto done;
  }
  if (cli_write_file(ctf, pubf, 0, ct, ct_len) != 0) goto done;
  if (cli_out_commit(&o) != 0) goto done;
  ret = CLI_EXIT_OK;
done:
  cli_out_abort(&o);
  cce_wipe(ss, sizeof ss);
  cli_free_pqkey(k);
  return ret;
}
