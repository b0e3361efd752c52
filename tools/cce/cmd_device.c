// cce device: create a device directory (the host stand-in for a device's
// protected storage, device.h) and report its state.
//
//   cce device init   [--device DIR]   new UDS from the DRBG, MANUFACTURING
//   cce device status [--device DIR]

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cce/dice.h"
#include "cce/rand.h"
#include "cce/util.h"
#include "cce/x509.h"
#include "cli.h"
#include "cli_counter.h"
#include "device.h"

static void usage(void) {
  printf(
      "Usage: cce device init   [--device DIR]\n"
      "       cce device status [--device DIR]\n"
      "\n"
      "A device is a directory (mode 0700) standing in for a board's protected\n"
      "storage: uds (the unique device secret, 32 bytes), lifecycle (the MAC'd\n"
      "life-cycle record), min-svn (the anti-rollback counter) and keys/.\n"
      "\n"
      "  init     create DIR (or use an empty one), draw a fresh unique device\n"
      "           secret from the approved DRBG, set the life-cycle state to\n"
      "           MANUFACTURING and min-svn to 0. Refused (CCE_ERR_LIFECYCLE) if\n"
      "           DIR already holds a device: a device is initialised once.\n"
      "  status   print the life-cycle state (authenticated), whether the\n"
      "           secret is present (it is never printed), min-svn, the number\n"
      "           of keys under keys/ and the DeviceID key identifier.\n"
      "\n"
      "  --device DIR   the device directory (default: $CCE_DEVICE)\n"
      "  -h, --help     this help\n"
      "\n"
      "See docs/device-identity.md and docs/lifecycle.md.\n"
      "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

static int exists(const char *dir, const char *name) {
  char p[4096];
  if (cli_device_path(p, sizeof p, dir, name) != 0) return 0;
  struct stat sb;
  return lstat(p, &sb) == 0;
}

static int device_init(const char *dir) {
  if (mkdir(dir, 0700) != 0) {
    if (errno != EEXIST) {
      cli_err_errno(errno, "cannot create %s", dir);
      return CLI_EXIT_FAIL;
    }
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
      cli_err("%s exists and is not a directory", dir);
      return CLI_EXIT_FAIL;
    }
  }
  if (exists(dir, "lifecycle")) {
    cli_lifecycle s;
    if (cli_device_lifecycle(dir, &s) == 0)
      cli_err("%s: device %s already initialised (state %s); 'device init' runs only once",
              cce_status_str(CCE_ERR_LIFECYCLE), dir, cli_lifecycle_name(s));
    else
      cli_err("%s: %s already holds a life-cycle record; 'device init' runs only once",
              cce_status_str(CCE_ERR_LIFECYCLE), dir);
    return CLI_EXIT_FAIL;
  }
  if (chmod(dir, 0700) != 0) {
    cli_err_errno(errno, "chmod %s", dir);
    return CLI_EXIT_FAIL;
  }
  char p[4096];
  if (cli_device_path(p, sizeof p, dir, "keys") != 0 || (mkdir(p, 0700) != 0 && errno != EEXIST)) {
    cli_err_errno(errno, "cannot create %s", p);
    return CLI_EXIT_FAIL;
  }
  uint8_t uds[CCE_DICE_UDS_BYTES], rec[CCE_LC_RECORD_BYTES];
  cce_status st = cce_random(uds, sizeof uds);
  if (st == CCE_OK) st = cce_lc_record_seal(uds, sizeof uds, CLI_LC_MANUFACTURING, 1, rec, sizeof rec);
  if (st != CCE_OK) {
    cce_wipe(uds, sizeof uds);
    cli_err("cannot create the device secret: %s", cce_status_str(st));
    return CLI_EXIT_FAIL;
  }
  // The secret first: a crash before the record leaves a directory that
  // `device init` can still complete (no identity was ever issued from it).
  int rc = cli_device_path(p, sizeof p, dir, "uds") == 0 ? cli_atomic_write(p, uds, sizeof uds, 0600) : -1;
  cce_wipe(uds, sizeof uds);
  if (rc != 0) {
    cli_err_errno(errno, "%s", p);
    return CLI_EXIT_FAIL;
  }
  if (!exists(dir, CLI_COUNTER_FILE)) {
    cli_counter ctr;
    cce_status cs = cli_counter_open(&ctr, dir) == 0 ? cli_counter_init(&ctr, 0) : CCE_ERR_INVALID_LENGTH;
    if (cs != CCE_OK) {
      cli_err("%s/%s: cannot create the anti-rollback counter: %s", dir, CLI_COUNTER_FILE, cce_status_str(cs));
      return CLI_EXIT_FAIL;
    }
  }
  if (cli_device_path(p, sizeof p, dir, "lifecycle") != 0 || cli_atomic_write(p, rec, sizeof rec, 0600) != 0) {
    cli_err_errno(errno, "%s", p);
    return CLI_EXIT_FAIL;
  }
  printf("device %s initialised: state MANUFACTURING, min-svn 0\n", dir);
  return CLI_EXIT_OK;
}

static int count_files(const char *dir, int depth) {
  DIR *d = opendir(dir);
  if (d == NULL) return 0;
  int n = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
    char p[4096];
    struct stat sb;
    if (cli_device_path(p, sizeof p, dir, de->d_name) != 0 || lstat(p, &sb) != 0) continue;
    if (S_ISDIR(sb.st_mode) && depth < 16)
      n += count_files(p, depth + 1);
    else
      n++;
  }
  closedir(d);
  return n;
}

static int device_status(const char *dir) {
  cli_lifecycle s;
  if (cli_device_lifecycle(dir, &s) != 0) return CLI_EXIT_FAIL;
  printf("device:     %s\n", dir);
  printf("state:      %s\n", cli_lifecycle_name(s));
  int has_uds = exists(dir, "uds");
  printf("secret:     %s\n", has_uds ? "present (never shown)" : "absent (zeroized)");
  char p[4096];
  {
    cli_counter ctr;
    uint32_t v = 0;
    if (cli_counter_open(&ctr, dir) == 0 && cli_counter_read(&ctr, &v) == CCE_OK)
      printf("min-svn:    %u\n", (unsigned)v);
    else
      printf("min-svn:    unreadable (%s)\n", ctr.reason ? ctr.reason : "?");
  }
  if (cli_device_path(p, sizeof p, dir, "keys") == 0) printf("keys:       %d file(s) under keys/\n", count_files(p, 0));
  if (has_uds) {
    uint8_t uds[CCE_DICE_UDS_BYTES], meas[CCE_DICE_MEASUREMENT_BYTES] = {0}, pub[CCE_DICE_PUBLIC_BYTES], kid[20];
    cce_dice_ctx ctx;
    if (cli_device_read_uds(dir, uds) != 0) return CLI_EXIT_FAIL;
    cce_status st = cce_dice_init(&ctx, uds, sizeof uds, meas, sizeof meas);
    cce_wipe(uds, sizeof uds);
    if (st == CCE_OK) st = cce_dice_public_key(&ctx, CCE_DICE_DEVICEID, pub, sizeof pub);
    cce_dice_cleanup(&ctx);
    if (st == CCE_OK) st = cce_x509_key_id(pub, sizeof pub, kid);
    if (st != CCE_OK) {
      cli_err("DeviceID derivation failed: %s", cce_status_str(st));
      return CLI_EXIT_FAIL;
    }
    printf("DeviceID:   P-384, key id ");
    cli_print_hex(stdout, kid, sizeof kid);
    printf("\n");
  }
  return CLI_EXIT_OK;
}

int cmd_device(int argc, char **argv) {
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
  if (optind >= argc) return cli_usage_err("missing action (init or status)");
  const char *action = argv[optind];
  if (optind + 1 < argc) return cli_usage_err("unexpected argument '%s'", argv[optind + 1]);
  if (strcmp(action, "init") != 0 && strcmp(action, "status") != 0)
    return cli_usage_err("unknown action '%s' (init or status)", action);
  const char *dir = cli_device_dir(dopt);
  if (dir == NULL) return CLI_EXIT_USAGE;
  return strcmp(action, "init") == 0 ? device_init(dir) : device_status(dir);
}
