// cce pubkey: the public key of a key file, as SubjectPublicKeyInfo (the
// format `openssl pkey -pubout` writes).

#include <getopt.h>
#include <string.h>

#include "cce/util.h"
#include "cli.h"
#include "cli_keys.h"

static void usage(void) {
  printf(
      "Usage: cce pubkey -i KEY [-o FILE] [--der] [--compressed]\n"
      "\n"
      "Write the public key of KEY (a private or public key, PEM or DER: PKCS#8,\n"
      "SubjectPublicKeyInfo or EC PRIVATE KEY) as SubjectPublicKeyInfo PEM\n"
      "(\"PUBLIC KEY\", as openssl pkey -pubout writes it). ML-KEM and ML-DSA keys\n"
      "(IETF LAMPS formats) too; a hybrid P-384 + ML-KEM-1024 key file gives both\n"
      "public keys in one PEM file (the recipient file for 'cce seal -r').\n"
      "\n"
      "  -i, --in KEY        the key file (- = standard input)\n"
      "  -o, --out FILE      output file (default and - : standard output);\n"
      "                      written atomically\n"
      "      --der           write DER instead of PEM\n"
      "      --compressed    EC keys: write the compressed point (SEC1 02/03||X)\n"
      "  -h, --help          this help\n"
      "\n"
      "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

enum { OPT_DER = 256, OPT_COMPRESSED };

int cmd_pubkey(int argc, char **argv) {
  static const struct option longopts[] = {
      {"in", required_argument, NULL, 'i'},
      {"out", required_argument, NULL, 'o'},
      {"der", no_argument, NULL, OPT_DER},
      {"compressed", no_argument, NULL, OPT_COMPRESSED},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *in = NULL, *out = "-";
  int der = 0, c;
  unsigned flags = 0;
  while ((c = getopt_long(argc, argv, "i:o:h", longopts, NULL)) != -1) {
    switch (c) {
      case 'i': in = optarg; break;
      case 'o': out = optarg; break;
      case OPT_DER: der = 1; break;
      case OPT_COMPRESSED: flags |= CCE_PKEY_POINT_COMPRESSED; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind < argc) return cli_usage_err("unexpected argument '%s'", argv[optind]);
  if (!in) return cli_usage_err("missing -i KEY");

  cli_hybrid h;
  int r = cli_load_hybrid(in, 0, &h);
  if (r < 0) return CLI_EXIT_FAIL;
  if (r > 0) {
    int hr = der ? cli_usage_err("--der does not apply to a hybrid key (two keys: PEM only)")
                 : cli_hybrid_pubkey(&h, out, in);
    cli_hybrid_free(&h);
    return hr;
  }
  cce_pqkey *pq = NULL;
  r = cli_load_pqkey(in, 0, 1, &pq);
  if (r < 0) return CLI_EXIT_FAIL;
  if (r > 0) {
    int pr = (flags & CCE_PKEY_POINT_COMPRESSED) ? cli_usage_err("--compressed applies to EC keys only")
                                                 : cli_pq_pubkey(pq, out, in, der);
    cli_free_pqkey(pq);
    return pr;
  }
  cce_pkey k;
  if (cli_load_key(in, 0, &k) != 0) return CLI_EXIT_FAIL;
  int ret = CLI_EXIT_FAIL;
  char pem[CCE_PKEY_MAX_PEM_BYTES];
  uint8_t buf[CCE_PKEY_MAX_DER_BYTES];
  size_t n = 0;
  cce_status st = der ? cce_pkey_public_to_der(buf, sizeof buf, &n, &k, flags)
                      : cce_pkey_public_to_pem(pem, sizeof pem, &n, &k, flags);
  if (st != CCE_OK) {
    cli_err("cannot encode the public key: %s", cce_status_str(st));
    goto done;
  }
  if (cli_write_file(out, in, 0, der ? (const void *)buf : (const void *)pem, n) != 0) goto done;
  ret = CLI_EXIT_OK;
done:
  cce_pkey_wipe(&k);
  return ret;
}
