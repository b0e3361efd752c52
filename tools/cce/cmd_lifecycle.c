// cce lifecycle: show and advance a device's life-cycle state (device.h,
// docs/lifecycle.md).

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cce/common.h"
#include "cli.h"
#include "device.h"

static void usage(void) {
  printf(
      "Usage: cce lifecycle [--device DIR] [show]\n"
      "       cce lifecycle [--device DIR] advance STATE\n"
      "       cce lifecycle [--device DIR] decommission\n"
      "\n"
      "Life-cycle states, in order:\n"
      "  MANUFACTURING -> PROVISIONED -> DEPLOYED -> DECOMMISSIONED\n"
      "                                  DEPLOYED -> RMA -> DECOMMISSIONED\n"
      "Transitions only move forward; any state may go to DECOMMISSIONED.\n"
      "The record (DIR/lifecycle) is MAC'd (HMAC-SHA2-256 under a key derived\n"
      "from the device secret) with a sequence number; a tampered record or one\n"
      "of another device is refused.\n"
      "\n"
      "  show           print the state (default)\n"
      "  advance STATE  move to STATE (manufacturing, provisioned, deployed,\n"
      "                 rma, decommissioned)\n"
      "  decommission   move to DECOMMISSIONED: zeroizes every key of the device\n"
      "                 (the device secret and everything under keys/). Final.\n"
      "\n"
      "  --device DIR   the device directory (default: $CCE_DEVICE)\n"
      "  -h, --help     this help\n"
      "\n"
      "Exit status: 0 success, 1 failure (refused transition, tampered record),\n"
      "2 usage error.\n");
}

int cmd_lifecycle(int argc, char **argv) {
  static const struct option longopts[] = {
      {"device", required_argument, NULL, 'd'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *dopt = NULL;
  int c;
  cli_getopt_reset();
  while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    switch (c) {
      case 'd': dopt = optarg; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  const char *action = optind < argc ? argv[optind++] : "show";
  const char *arg = NULL;
  cli_lifecycle to = CLI_LC_DECOMMISSIONED;
  if (strcmp(action, "advance") == 0) {
    if (optind >= argc) return cli_usage_err("advance: missing target state");
    arg = argv[optind++];
    if (cli_lifecycle_parse(arg, &to) != 0)
      return cli_usage_err("unknown state '%s' (manufacturing, provisioned, deployed, rma, decommissioned)", arg);
  } else if (strcmp(action, "show") != 0 && strcmp(action, "decommission") != 0) {
    return cli_usage_err("unknown action '%s' (show, advance STATE, decommission)", action);
  }
  if (optind < argc) return cli_usage_err("unexpected argument '%s'", argv[optind]);
  const char *dir = cli_device_dir(dopt);
  if (dir == NULL) return CLI_EXIT_USAGE;
  cli_lifecycle cur;
  if (cli_device_lifecycle(dir, &cur) != 0) return CLI_EXIT_FAIL;
  if (strcmp(action, "show") == 0) {
    printf("%s\n", cli_lifecycle_name(cur));
    return CLI_EXIT_OK;
  }
  if (cli_device_set_lifecycle(dir, to) != 0) return CLI_EXIT_FAIL;
  printf("%s -> %s\n", cli_lifecycle_name(cur), cli_lifecycle_name(to));
  if (to == CLI_LC_DECOMMISSIONED) printf("device secret and keys zeroized\n");
  return CLI_EXIT_OK;
}
