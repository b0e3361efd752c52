// cce hmac: HMAC (FIPS 198-1) of files, printed like sha256sum.

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cce/hmac.h"
#include "cli.h"

#define MAX_KEY_FILE_BYTES (1u << 20)

static void usage(void) {
  printf(
      "Usage: cce hmac -a ALG (-k HEX | --key-file FILE) [FILE...]\n"
      "\n"
      "Print HMAC(key, FILE) for each FILE as \"HEX  NAME\"; with no FILE, or when\n"
      "FILE is -, read standard input (named \"-\").\n"
      "\n"
      "  -a, --algorithm ALG    hash: %s\n"
      "                         (default: sha256)\n"
      "  -k, --key HEX          the key in hex (visible to other users in the\n"
      "                         process list: prefer --key-file)\n"
      "      --key-file FILE    the key as raw bytes read from FILE (- = stdin)\n"
      "  -h, --help             this help\n"
      "\n"
      "Keys shorter than 14 bytes (112 bits) work but are not an approved use; a\n"
      "warning says so.\n"
      "\n"
      "Exit status: 0 success, 1 a file could not be read, 2 usage error.\n",
      cli_hash_names);
}

typedef struct hmac_job {
  cce_hmac_ctx ctx;
  cce_status st;
} hmac_job;

static int update_cb(void *arg, const uint8_t *data, size_t len) {
  hmac_job *j = arg;
  j->st = cce_hmac_update(&j->ctx, data, len);
  return j->st == CCE_OK ? 0 : -1;
}

enum { OPT_KEY_FILE = 256 };

int cmd_hmac(int argc, char **argv) {
  static const struct option longopts[] = {
      {"algorithm", required_argument, NULL, 'a'},
      {"key", required_argument, NULL, 'k'},
      {"key-file", required_argument, NULL, OPT_KEY_FILE},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *alg_name = "sha256", *key_hex = NULL, *key_file = NULL;
  int c;
  while ((c = getopt_long(argc, argv, "a:k:h", longopts, NULL)) != -1) {
    switch (c) {
      case 'a': alg_name = optarg; break;
      case 'k': key_hex = optarg; break;
      case OPT_KEY_FILE: key_file = optarg; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  cce_hash_alg alg;
  if (cli_parse_hash_alg(alg_name, 0, &alg) != 0) return CLI_EXIT_USAGE;
  if (!key_hex == !key_file) return cli_usage_err("give exactly one of -k HEX and --key-file FILE");

  uint8_t *key = NULL;
  size_t key_len = 0;
  if (key_hex) {
    if (cli_hex_decode(key_hex, &key, &key_len) != 0)
      return cli_usage_err("the key is not valid hex (an even number of 0-9a-f digits)");
  } else {
    int rc = cli_read_file(key_file, MAX_KEY_FILE_BYTES, &key, &key_len);
    if (rc) {
      cli_err_errno(rc, "%s", key_file);
      return CLI_EXIT_FAIL;
    }
  }

  int n = argc - optind;
  char **files = argv + optind;
  static char *dash[] = {"-"};
  if (n == 0) {
    n = 1;
    files = dash;
  }
  int ret = CLI_EXIT_OK;
  size_t mac_len = cce_hmac_len(alg);
  uint8_t mac[CCE_HMAC_MAX_BYTES];
  char hex[2 * CCE_HMAC_MAX_BYTES + 1];
  hmac_job j;
  j.st = cce_hmac_init(&j.ctx, alg, key, key_len);
  if (j.st != CCE_OK) {
    cli_err("%s", cce_status_str(j.st));
    ret = CLI_EXIT_FAIL;
    goto done;
  }
  if (key_len < CCE_HMAC_MIN_APPROVED_KEY_BYTES)
    cli_err("warning: a %zu-byte key is shorter than 112 bits: not an approved use of HMAC",
            key_len);
  for (int i = 0; i < n; i++) {
    if (i > 0 && (j.st = cce_hmac_reset(&j.ctx)) != CCE_OK) {
      cli_err("%s", cce_status_str(j.st));
      ret = CLI_EXIT_FAIL;
      break;
    }
    int rc = cli_stream(files[i], update_cb, &j);
    if (rc > 0) {
      cli_err_errno(rc, "%s", files[i]);
      ret = CLI_EXIT_FAIL;
      continue;
    }
    if (rc == 0) j.st = cce_hmac_final(&j.ctx, mac, sizeof mac);
    if (j.st != CCE_OK) {
      cli_err("%s: %s", files[i], cce_status_str(j.st));
      ret = CLI_EXIT_FAIL;
      break;
    }
    cli_hex_encode(hex, mac, mac_len);
    cli_print_sum(stdout, hex, files[i]);
  }
  cce_hmac_cleanup(&j.ctx);
done:
  cli_free_secret(key, key_len ? key_len : 1);
  return ret;
}
