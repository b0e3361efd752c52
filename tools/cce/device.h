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


// ---------------------------------------------------------------------------
// Additions (device.c), used by `cce device`, `identity`, `attest`,
// `lifecycle`.

// Bit of a state in an "allowed states" mask.
#define CLI_LC_BIT(s) (1u << (unsigned)(s))

// cli_lifecycle_name: "MANUFACTURING", ... ; "?" for an unknown value.
const char *cli_lifecycle_name(cli_lifecycle s);

// cli_lifecycle_parse maps a name (case-insensitive; "manufacturing",
// "provisioned", "deployed", "rma", "decommissioned") to a state; 0 or -1.
int cli_lifecycle_parse(const char *name, cli_lifecycle *out);

// cli_lifecycle_can_move: 1 if `from` -> `to` is an allowed transition
// (MANUFACTURING -> PROVISIONED -> DEPLOYED -> DECOMMISSIONED, DEPLOYED ->
// RMA -> DECOMMISSIONED, and any state but DECOMMISSIONED ->
// DECOMMISSIONED), else 0.
int cli_lifecycle_can_move(cli_lifecycle from, cli_lifecycle to);

// cli_device_read_uds reads <dir>/uds (exactly 32 bytes) into `uds`;
// 0, or -1 with a message. The caller wipes `uds`.
int cli_device_read_uds(const char *dir, uint8_t uds[32]);

// cli_device_require checks that the device's state is in `allowed_mask`
// (CLI_LC_BIT values) for `service` ("identity", ...). 0, or -1 with a
// message "CCE_ERR_LIFECYCLE: ..." (or the record's own error). `*state`
// (may be NULL) gets the state on success.
int cli_device_require(const char *dir, unsigned allowed_mask, const char *service, cli_lifecycle *state);

// cli_device_set_lifecycle moves the device to `to` if the transition is
// allowed (CCE_ERR_LIFECYCLE message otherwise): a new record with the next
// sequence number, written atomically, under an exclusive flock of the
// device directory. Entering DECOMMISSIONED writes the
// record, then zeroizes every key (cli_device_zeroize). 0 or -1.
int cli_device_set_lifecycle(const char *dir, cli_lifecycle to);

// Note on cli_device_lifecycle (above): when the authenticated state is
// DECOMMISSIONED but the secret or files under keys/ are still there (a
// decommissioning interrupted after its record was written), it completes
// the zeroization (cli_device_zeroize) before returning.

// cli_device_zeroize overwrites with zeros, fsyncs and unlinks <dir>/uds
// and every regular file under <dir>/keys/ (recursively), then fsyncs the
// directories. 0, or -1 with a message (it still tries every file).
int cli_device_zeroize(const char *dir);


// cli_device_measurement fills `out` (48 bytes) with the firmware
// measurement: the SHA2-384 of the file `fw`, or the 96 hex digits `hex`;
// exactly one of them must be given. 0, -1 (failure, message printed) or
// -2 (usage error, message printed).
int cli_device_measurement(const char *fw, const char *hex, uint8_t out[48]);

// cli_device_dice reads the device secret of `dir` and derives the DICE
// context (DeviceID and Alias keys) for `measurement` (48 bytes) into
// `ctx`; the secret is wiped. 0 or -1 with a message.
struct cce_dice_ctx;
int cli_device_dice(const char *dir, const uint8_t measurement[48], struct cce_dice_ctx *ctx);

#endif  // CCE_TOOLS_DEVICE_H
