// cce decap: ML-KEM decapsulation (FIPS 203 ML-KEM.Decaps, implicit
// rejection) of a ciphertext with a private key: writes the shared secret.

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cce/mlkem.h"
#include "cce/util.h"
#include "cli.h"
#include "cli_keys.h"

static void usage(void) {
  printf(
      "Usage: cce decap -k KEY [-i CT] -o SS\n"
      "\n"
      "ML-KEM decapsulation (FIPS 203): recover the 32-byte shared secret of the\n"
      "ciphertext CT (from 'cce encap') with the ML-KEM private key KEY (PKCS#8,\n"
      "seed, expandedKey or both form) and write it to SS (mode 0600, atomically).\n"
      "A ciphertext of the right length is never refused: a forged or altered one\n"
      "gives an unrelated secret (implicit rejection), so the two sides' secrets\n"
      "simply differ. A ciphertext of the wrong length is an error.\n"
      "\n"
      "  -k, --key KEY     the ML-KEM private key\n"
      "  -i, --in CT       the ciphertext (default and - : standard input)\n"
      "  -o, --out SS      the shared secret (- = standard output)\n"
      "  -h, --help        this help\n"
      "\n"
      "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

int cmd_decap(int argc, char **argv) {
  static const struct option longopts[] = {
      {"key", required_argument, NULL, 'k'},
      {"in", required_argument, NULL, 'i'},
      {"out", required_argument, NULL, 'o'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *keyf = NULL, *in = "-", *out = NULL;
  int c;
  while ((c = getopt_long(argc, argv, "k:i:o:h", longopts, NULL)) != -1) {
    switch (c) {
      case 'k': keyf = optarg; break;
      case 'i': in = optarg; break;
      case 'o': out = optarg; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind < argc) return cli_usage_err("unexpected argument '%s'", argv[optind]);
  if (!keyf) return cli_usage_err("missing -k KEY");
  if (!out) return cli_usage_err("missing -o SS (use -o - for standard output)");
  if (strcmp(keyf, "-") == 0 && strcmp(in, "-") == 0)
    return cli_usage_err("the key and the ciphertext cannot both come from standard input");

  cce_pqkey *k = NULL;
  int r = cli_load_pqkey(keyf, CLI_KEY_NEED_PRIVATE, 1, &k);
  if (r == 0) {
    cce_pkey other;
    if (cli_load_key(keyf, 0, &other) == 0) {
      cli_err("%s: is a %s key; an ML-KEM private key is needed", keyf, cce_pkey_name(&other));
      cce_pkey_wipe(&other);
    }
    return CLI_EXIT_FAIL;
  }
  if (r < 0) return CLI_EXIT_FAIL;
  int ret = CLI_EXIT_FAIL;
  uint8_t *ct = NULL, ss[CCE_MLKEM_SS_BYTES];
  size_t ct_len = 0, want = 0;
  if (!cce_pqkey_alg_is_kem(k->alg)) {
    cli_err("%s: is an %s key; an ML-KEM private key is needed", keyf, cce_pqkey_alg_name(k->alg));
    goto done;
  }
  cce_mlkem_param param = (cce_mlkem_param)cce_pqkey_mlkem_param(k->alg);
  if (cce_mlkem_sizes(param, NULL, NULL, &want) != CCE_OK) goto done;
  int rc = cli_read_file(in, CCE_MLKEM_MAX_CT_BYTES + 1, &ct, &ct_len);
  if (rc && rc != EFBIG) {
    cli_err_errno(rc, "%s", in);
    goto done;
  }
  if (rc == EFBIG || ct_len != want) {
    cli_err("%s: not an %s ciphertext (must be %zu bytes)", in, cce_pqkey_alg_name(k->alg), want);
    goto done;
  }
  cce_status st = cce_mlkem_decaps(param, ss, ct, ct_len, k->priv, k->priv_len);
  if (st != CCE_OK) {
    cli_err("decapsulation failed: %s", cce_status_str(st));
    goto done;
  }
  if (cli_write_file(out, in, CLI_OUT_PRIVATE, ss, sizeof ss) != 0) goto done;
  ret = CLI_EXIT_OK;
done:
  cce_wipe(ss, sizeof ss);
  free(ct);
  cli_free_pqkey(k);
  return ret;
}
