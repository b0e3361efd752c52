// device.h: the host stand-in for a device's protected storage, shared by
// `cce device`, `cce identity`, `cce attest`, `cce lifecycle` (device.c,
// cmd_device.c, ...) and `cce fw verify` (anti-rollback).
//
// A device is a directory (0700), named by --device DIR, else $CCE_DEVICE:
//   uds           the unique device secret (32 bytes, 0600); never printed
//   lifecycle     the life-cycle record, MAC'd under a key derived from uds
//   min-svn       the anti-rollback monotonic counter (fw verify --commit)
//   keys/         every other key the device holds (LMS state, ...)
// Every write is atomic (temporary file, fsync, rename, fsync of the
// directory). On a board these map to fuses/OTP (uds), RPMB or OTP
// (min-svn, lifecycle) and secure flash (keys/).

#ifndef CCE_TOOLS_DEVICE_H
#define CCE_TOOLS_DEVICE_H

#include <stddef.h>
#include <stdint.h>

// Life-cycle states, in their forward order. RMA is entered from DEPLOYED
// (and left only to DECOMMISSIONED); see docs/lifecycle.md.
typedef enum cli_lifecycle {
  CLI_LC_MANUFACTURING = 0,
  CLI_LC_PROVISIONED = 1,
  CLI_LC_DEPLOYED = 2,
  CLI_LC_RMA = 3,
  CLI_LC_DECOMMISSIONED = 4
} cli_lifecycle;

// cli_device_dir resolves the device directory: `opt` (from --device) if
// non-NULL, else $CCE_DEVICE; NULL (and a message via cli_err) if neither.
const char *cli_device_dir(const char *opt);

// cli_device_path writes "<dir>/<name>" into `out`; returns 0 or -1 (too long).
int cli_device_path(char *out, size_t cap, const char *dir, const char *name);

// cli_device_lifecycle reads and authenticates the life-cycle record:
// 0 and *state, or -1 with a message (missing, tampered, unreadable).
int cli_device_lifecycle(const char *dir, cli_lifecycle *state);

// cli_atomic_write writes `len` bytes to `path` atomically and durably
// (temporary file in the same directory, fsync, rename, fsync of the
// directory), mode `mode`. Returns 0, or -1 with errno set (nothing
// changed at `path`).
int cli_atomic_write(const char *path, const uint8_t *data, size_t len, unsigned mode);

#endif  // CCE_TOOLS_DEVICE_H
