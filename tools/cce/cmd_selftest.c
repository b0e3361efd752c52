// cce selftest: run every registered self-test now and report each one.

#include <getopt.h>
#include <string.h>

#include "cce/module.h"
#include "cli.h"

static void usage(void) {
  printf(
      "Usage: cce selftest [-q]\n"
      "\n"
      "Run every self-test of the module now (cce_module_selftest) and print each\n"
      "test with its result and duration, then the total time. A failure puts the\n"
      "module in its error state; the failing tests are named on stderr.\n"
      "\n"
      "  -q, --quiet  print only the summary line (and failures)\n"
      "  -h, --help   this help\n"
      "\n"
      "Exit status: 0 all passed, 1 a test failed, 2 usage error.\n");
}

int cmd_selftest(int argc, char **argv) {
  static const struct option longopts[] = {
      {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  int quiet = 0, c;
  while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
    switch (c) {
      case 'q': quiet = 1; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind < argc) return cli_usage_err("unexpected argument '%s'", argv[optind]);

  uint64_t t0 = cli_now_ns();
  cce_status st = cce_module_selftest();
  uint64_t total = cli_now_ns() - t0;

  size_t count = cce_selftest_count(), n_pass = 0, n_fail = 0, n_other = 0;
  for (size_t i = 0; i < count; i++) {
    cce_selftest_info t;
    if (cce_selftest_get(i, &t) != CCE_OK) continue;
    const char *res = t.result == CCE_SELFTEST_PASSED   ? "PASS"
                      : t.result == CCE_SELFTEST_FAILED ? "FAIL"
                                                        : "NOT RUN";
    if (t.result == CCE_SELFTEST_PASSED)
      n_pass++;
    else if (t.result == CCE_SELFTEST_FAILED)
      n_fail++;
    else
      n_other++;
    if (!quiet) {
      char dur[32];
      cli_fmt_duration(dur, sizeof dur, t.duration_ns);
      printf("%-8s %-45s %-9s %10s\n", res, t.name, t.kind, dur);
    }
    if (t.result == CCE_SELFTEST_FAILED) cli_err("FAILED: %s (%s)", t.name, t.algorithm);
  }
  char tot[32];
  cli_fmt_duration(tot, sizeof tot, total);
  printf("%zu self-tests: %zu passed, %zu failed", count, n_pass, n_fail);
  if (n_other) printf(", %zu not run", n_other);
  printf("; total time %s\n", tot);

  if (st != CCE_OK || n_fail) {  // "not run" alone is no failure (e.g. a PCT runs on keygen)
    if (cce_module_status() == CCE_STATE_ERROR)
      cli_err("the module is in its error state (first failure: %s)", cce_module_error_reason());
    else
      cli_err("%s", cce_status_str(st));
    return CLI_EXIT_FAIL;
  }
  return CLI_EXIT_OK;
}
