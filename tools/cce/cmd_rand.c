// cce rand: random bytes from the module's approved DRBG (cce_random), like
// `openssl rand`: `cce rand [-x] N` writes N bytes to standard output, raw
// or as lowercase hex followed by a newline.

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/rand.h"
#include "cce/util.h"
#include "cli.h"

// Largest count accepted (1 TiB): a typo with many digits is refused
// instead of filling a disk.
#define RAND_MAX_BYTES ((size_t)1 << 40)
#define RAND_CHUNK 4096

static void usage(void) {
  printf(
      "Usage: cce rand [-x] N\n"
      "\n"
      "Write N random bytes to standard output, from the module's approved\n"
      "random bit generator (CTR_DRBG AES-256, SP 800-90A, seeded from the\n"
      "health-tested entropy source).\n"
      "\n"
      "  -x, --hex     print the bytes as lowercase hex, then a newline\n"
      "  -h, --help    this help\n"
      "\n"
      "N is a decimal byte count, 0 to 1099511627776.\n"
      "\n"
      "Exit status: 0 success, 1 the generator or the output failed, 2 usage error.\n");
}

int cmd_rand(int argc, char **argv) {
  static const struct option longopts[] = {
      {"hex", no_argument, NULL, 'x'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  int hex = 0, c;
  cli_getopt_reset();
  while ((c = getopt_long(argc, argv, "xh", longopts, NULL)) != -1) {
    switch (c) {
      case 'x': hex = 1; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind >= argc) return cli_usage_err("missing byte count N");
  if (optind + 1 < argc) return cli_usage_err("unexpected argument '%s'", argv[optind + 1]);
  const char *arg = argv[optind];
  size_t n = 0;
  if (cli_parse_size(arg, 0, RAND_MAX_BYTES, &n) != 0) {
    if (arg[0] == '-' && arg[1] >= '0' && arg[1] <= '9')
      return cli_usage_err("invalid byte count '%s' (negative)", arg);
    return cli_usage_err("invalid byte count '%s' (a decimal number from 0 to %zu)", arg, RAND_MAX_BYTES);
  }
  uint8_t buf[RAND_CHUNK];
  char hexbuf[2 * RAND_CHUNK + 1];
  int rc = CLI_EXIT_OK;
  while (n > 0) {
    size_t k = n < RAND_CHUNK ? n : RAND_CHUNK;
    cce_status st = cce_random(buf, k);
    if (st != CCE_OK) {
      cli_err("random generator failed: %s", cce_status_str(st));
      rc = CLI_EXIT_FAIL;
      break;
    }
    size_t w;
    if (hex) {
      cli_hex_encode(hexbuf, buf, k);
      w = fwrite(hexbuf, 1, 2 * k, stdout) == 2 * k;
    } else {
      w = fwrite(buf, 1, k, stdout) == k;
    }
    if (!w) {
      cli_err("write error on standard output");
      rc = CLI_EXIT_FAIL;
      break;
    }
    n -= k;
  }
  if (rc == CLI_EXIT_OK && hex) {
    if (putchar('\n') == EOF) rc = CLI_EXIT_FAIL;
  }
  if (fflush(stdout) != 0 && rc == CLI_EXIT_OK) {
    cli_err("write error on standard output");
    rc = CLI_EXIT_FAIL;
  }
  cce_wipe(buf, sizeof buf);
  cce_wipe(hexbuf, sizeof hexbuf);
  return rc;
}
