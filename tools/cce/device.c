// device.c: the host stand-in for a device's protected storage (device.h).
// The life-cycle record's format and MAC live in the module (cce/dice.h):
// this file only reads and writes the files.

#include "device.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cce/dice.h"
#include "cce/util.h"
#include "cli.h"
#include "cli_keys.h"

// see device.h
const char *cli_device_dir(const char *opt) {
  if (opt != NULL && opt[0] != '\0') return opt;
  const char *env = getenv("CCE_DEVICE");
  if (env != NULL && env[0] != '\0') return env;
  cli_err("no device directory: give --device DIR or set CCE_DEVICE");
  return NULL;
}

// see device.h
int cli_device_path(char *out, size_t cap, const char *dir, const char *name) {
  int n = snprintf(out, cap, "%s/%s", dir, name);
  if (n < 0 || (size_t)n >= cap) return -1;
  return 0;
}

static int fsync_dir_of(const char *path) {
  char dir[4096];
  size_t n = strlen(path);
  if (n >= sizeof dir) return -1;
  memcpy(dir, path, n + 1);
  char *slash = strrchr(dir, '/');
  if (slash == NULL) {
    strcpy(dir, ".");
  } else if (slash == dir) {
    dir[1] = '\0';
  } else {
    *slash = '\0';
  }
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -1;
  int rc = fsync(fd);
  int e = errno;
  close(fd);
  errno = e;
  return rc;
}

// see device.h
int cli_atomic_write(const char *path, const uint8_t *data, size_t len, unsigned mode) {
  char tmp[4096];
  const char *slash = strrchr(path, '/');
  size_t dlen = slash ? (size_t)(slash - path) + 1 : 0;
  const char *base = slash ? slash + 1 : path;
  int n = snprintf(tmp, sizeof tmp, "%.*s.%s.XXXXXX", (int)dlen, path, base);
  if (n < 0 || (size_t)n >= sizeof tmp || base[0] == '\0') {
    errno = ENAMETOOLONG;
    return -1;
  }
  int fd = mkstemp(tmp);
  if (fd < 0) return -1;
  int e = 0;
  if (fchmod(fd, (mode_t)mode) != 0) e = errno;
  size_t off = 0;
  while (e == 0 && off < len) {
    ssize_t w = write(fd, data + off, len - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      e = errno;
    } else {
      off += (size_t)w;
    }
  }
  if (e == 0 && fsync(fd) != 0) e = errno;
  if (close(fd) != 0 && e == 0) e = errno;
  if (e == 0 && rename(tmp, path) != 0) e = errno;
  if (e != 0) {
    unlink(tmp);
    errno = e;
    return -1;
  }
  if (fsync_dir_of(path) != 0) return -1;  // renamed, but maybe not durable
  return 0;
}

static const char *const lc_names[] = {"MANUFACTURING", "PROVISIONED", "DEPLOYED", "RMA", "DECOMMISSIONED"};

// see device.h
const char *cli_lifecycle_name(cli_lifecycle s) {
  if ((unsigned)s > CLI_LC_DECOMMISSIONED) return "?";
  return lc_names[s];
}

// see device.h
int cli_lifecycle_parse(const char *name, cli_lifecycle *out) {
  for (unsigned i = 0; i <= CLI_LC_DECOMMISSIONED; i++) {
    if (strcasecmp(name, lc_names[i]) == 0) {
      *out = (cli_lifecycle)i;
      return 0;
    }
  }
  return -1;
}

// see device.h
int cli_lifecycle_can_move(cli_lifecycle from, cli_lifecycle to) {
  if (from == CLI_LC_DECOMMISSIONED) return 0;
  if (to == CLI_LC_DECOMMISSIONED) return 1;
  return (from == CLI_LC_MANUFACTURING && to == CLI_LC_PROVISIONED) ||
         (from == CLI_LC_PROVISIONED && to == CLI_LC_DEPLOYED) || (from == CLI_LC_DEPLOYED && to == CLI_LC_RMA);
}

// Reads a small file of at most `cap` bytes; returns its length, -1 (errno).
static long read_small(const char *path, uint8_t *buf, size_t cap) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  size_t off = 0;
  for (;;) {
    if (off == cap) {  // one more byte means too long
      uint8_t extra;
      ssize_t r = read(fd, &extra, 1);
      close(fd);
      if (r != 0) {
        errno = EFBIG;
        return -1;
      }
      return (long)off;
    }
    ssize_t r = read(fd, buf + off, cap - off);
    if (r < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      close(fd);
      errno = e;
      return -1;
    }
    if (r == 0) break;
    off += (size_t)r;
  }
  close(fd);
  return (long)off;
}

// see device.h
int cli_device_read_uds(const char *dir, uint8_t uds[32]) {
  char path[4096];
  if (cli_device_path(path, sizeof path, dir, "uds") != 0) {
    cli_err("device path too long");
    return -1;
  }
  uint8_t buf[CCE_DICE_UDS_BYTES];
  long n = read_small(path, buf, sizeof buf);
  if (n < 0) {
    if (errno == ENOENT)
      cli_err("%s: no device secret (not initialised, or decommissioned)", path);
    else
      cli_err_errno(errno, "%s", path);
    cce_wipe(buf, sizeof buf);
    return -1;
  }
  if (n != CCE_DICE_UDS_BYTES) {
    cli_err("%s: device secret must be %d bytes, not %ld", path, CCE_DICE_UDS_BYTES, n);
    cce_wipe(buf, sizeof buf);
    return -1;
  }
  memcpy(uds, buf, sizeof buf);
  cce_wipe(buf, sizeof buf);
  return 0;
}

// Reads and authenticates the record; also returns its sequence number.
static int read_lifecycle(const char *dir, cli_lifecycle *state, uint64_t *seq) {
  char path[4096], upath[4096];
  if (cli_device_path(path, sizeof path, dir, "lifecycle") != 0 ||
      cli_device_path(upath, sizeof upath, dir, "uds") != 0) {
    cli_err("device path too long");
    return -1;
  }
  uint8_t rec[CCE_LC_RECORD_BYTES + 1];
  long n = read_small(path, rec, sizeof rec);
  if (n < 0) {
    if (errno == ENOENT)
      cli_err("%s: no life-cycle record (not a device directory? run 'cce device init')", path);
    else
      cli_err_errno(errno, "%s", path);
    return -1;
  }
  unsigned st;
  uint64_t q;
  cce_status s = cce_lc_record_parse(rec, (size_t)n, &st, &q);
  if (s != CCE_OK) {
    cli_err("%s: life-cycle record is malformed (%s): tampered or corrupted, refused", path, cce_status_str(s));
    return -1;
  }
  // A decommissioned device has no secret left to check the MAC with; the
  // terminal state cannot grant anything, so it is accepted as is.
  if (st == CLI_LC_DECOMMISSIONED && access(upath, F_OK) != 0 && errno == ENOENT) {
    *state = CLI_LC_DECOMMISSIONED;
    if (seq) *seq = q;
    return 0;
  }
  uint8_t uds[CCE_DICE_UDS_BYTES];
  if (cli_device_read_uds(dir, uds) != 0) return -1;
  s = cce_lc_record_open(uds, sizeof uds, rec, (size_t)n, &st, &q);
  cce_wipe(uds, sizeof uds);
  if (s == CCE_ERR_AUTH) {
    cli_err("%s: life-cycle record failed authentication (CCE_ERR_AUTH): tampered, or from another device; "
            "refused",
            path);
    return -1;
  }
  if (s != CCE_OK) {
    cli_err("%s: life-cycle record refused (%s)", path, cce_status_str(s));
    return -1;
  }
  *state = (cli_lifecycle)st;
  if (seq) *seq = q;
  return 0;
}

static int has_keys_left(const char *dir) {
  char p[4096];
  struct stat sb;
  if (cli_device_path(p, sizeof p, dir, "uds") == 0 && lstat(p, &sb) == 0) return 1;
  if (cli_device_path(p, sizeof p, dir, "keys") != 0) return 0;
  DIR *d = opendir(p);
  if (d == NULL) return 0;
  int any = 0;
  struct dirent *de;
  while (!any && (de = readdir(d)) != NULL) any = strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
  closedir(d);
  return any;
}

// see device.h
int cli_device_lifecycle(const char *dir, cli_lifecycle *state) {
  if (read_lifecycle(dir, state, NULL) != 0) return -1;
  // A decommissioning interrupted after the record was written (crash,
  // power loss) is completed before anything else is done.
  if (*state == CLI_LC_DECOMMISSIONED && has_keys_left(dir)) {
    cli_err("device %s is DECOMMISSIONED but still holds keys: completing the zeroization", dir);
    if (cli_device_zeroize(dir) != 0) return -1;
  }
  return 0;
}

// see device.h
int cli_device_require(const char *dir, unsigned allowed_mask, const char *service, cli_lifecycle *state) {
  cli_lifecycle s;
  if (cli_device_lifecycle(dir, &s) != 0) return -1;
  if ((allowed_mask & CLI_LC_BIT(s)) == 0) {
    char allowed[128] = "";
    for (unsigned i = 0; i <= CLI_LC_DECOMMISSIONED; i++) {
      if (allowed_mask & CLI_LC_BIT(i)) {
        if (allowed[0]) strcat(allowed, ", ");
        strcat(allowed, lc_names[i]);
      }
    }
    cli_err("%s: service '%s' not allowed in life-cycle state %s (allowed in: %s)",
            cce_status_str(CCE_ERR_LIFECYCLE), service, cli_lifecycle_name(s), allowed);
    return -1;
  }
  if (state) *state = s;
  return 0;
}

// Overwrites a regular file with zeros, fsyncs it, unlinks it.
static int shred_file(const char *path) {
  int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return -1;
  struct stat sb;
  int e = 0;
  if (fstat(fd, &sb) != 0) e = errno;
  if (e == 0 && S_ISREG(sb.st_mode)) {
    static const uint8_t zeros[4096];
    off_t left = sb.st_size;
    while (e == 0 && left > 0) {
      size_t chunk = left > (off_t)sizeof zeros ? sizeof zeros : (size_t)left;
      ssize_t w = write(fd, zeros, chunk);
      if (w < 0) {
        if (errno != EINTR) e = errno;
      } else {
        left -= w;
      }
    }
    if (e == 0 && fsync(fd) != 0) e = errno;
  }
  close(fd);
  if (unlink(path) != 0 && e == 0) e = errno;
  if (e != 0) {
    errno = e;
    return -1;
  }
  return 0;
}

static int fsync_path(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -1;
  int rc = fsync(fd);
  close(fd);
  return rc;
}

// Recursively shreds every file under `dir` (and removes subdirectories).
static int shred_tree(const char *dir, int depth) {
  DIR *d = opendir(dir);
  if (d == NULL) return errno == ENOENT ? 0 : -1;
  int rc = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
    char p[4096];
    if (cli_device_path(p, sizeof p, dir, de->d_name) != 0) {
      rc = -1;
      continue;
    }
    struct stat sb;
    if (lstat(p, &sb) != 0) {
      rc = -1;
      continue;
    }
    if (S_ISDIR(sb.st_mode) && depth < 16) {
      if (shred_tree(p, depth + 1) != 0) rc = -1;
      if (rmdir(p) != 0) rc = -1;
    } else if (S_ISREG(sb.st_mode)) {
      if (shred_file(p) != 0) {
        cli_err_errno(errno, "zeroize %s", p);
        rc = -1;
      }
    } else if (unlink(p) != 0) {
      rc = -1;
    }
  }
  closedir(d);
  if (fsync_path(dir) != 0) rc = -1;
  return rc;
}

// see device.h
int cli_device_zeroize(const char *dir) {
  char p[4096];
  int rc = 0;
  if (cli_device_path(p, sizeof p, dir, "keys") != 0) return -1;
  if (shred_tree(p, 0) != 0) {
    cli_err("%s: some keys could not be zeroized", p);
    rc = -1;
  }
  if (cli_device_path(p, sizeof p, dir, "uds") != 0) return -1;
  if (shred_file(p) != 0 && errno != ENOENT) {
    cli_err_errno(errno, "zeroize %s", p);
    rc = -1;
  }
  if (fsync_path(dir) != 0) rc = -1;
  return rc;
}

static int set_lifecycle_locked(const char *dir, cli_lifecycle to);

// see device.h
int cli_device_set_lifecycle(const char *dir, cli_lifecycle to) {
  // One writer at a time: an exclusive lock on the device directory, held
  // from reading the current record to writing the next one.
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    cli_err_errno(errno, "%s", dir);
    return -1;
  }
  if (flock(fd, LOCK_EX) != 0) {
    cli_err_errno(errno, "lock %s", dir);
    close(fd);
    return -1;
  }
  int rc = set_lifecycle_locked(dir, to);
  close(fd);  // releases the lock
  return rc;
}

static int set_lifecycle_locked(const char *dir, cli_lifecycle to) {
  cli_lifecycle from;
  uint64_t seq;
  if (read_lifecycle(dir, &from, &seq) != 0) return -1;
  if (!cli_lifecycle_can_move(from, to)) {
    cli_err("%s: transition %s -> %s not allowed (life-cycle states only move forward; see docs/lifecycle.md)",
            cce_status_str(CCE_ERR_LIFECYCLE), cli_lifecycle_name(from), cli_lifecycle_name(to));
    return -1;
  }
  uint8_t uds[CCE_DICE_UDS_BYTES], rec[CCE_LC_RECORD_BYTES];
  if (cli_device_read_uds(dir, uds) != 0) return -1;
  cce_status s = cce_lc_record_seal(uds, sizeof uds, (unsigned)to, seq + 1, rec, sizeof rec);
  cce_wipe(uds, sizeof uds);
  if (s != CCE_OK) {
    cli_err("cannot seal the life-cycle record: %s", cce_status_str(s));
    return -1;
  }
  char path[4096];
  if (cli_device_path(path, sizeof path, dir, "lifecycle") != 0) return -1;
  if (cli_atomic_write(path, rec, sizeof rec, 0600) != 0) {
    cli_err_errno(errno, "%s", path);
    return -1;
  }
  if (to == CLI_LC_DECOMMISSIONED) return cli_device_zeroize(dir);
  return 0;
}

// see device.h
int cli_device_measurement(const char *fw, const char *hex, uint8_t out[48]) {
  if ((fw == NULL) == (hex == NULL)) {
    cli_usage_err("give exactly one of --fw FILE and --measurement HEX");
    return -2;
  }
  if (fw != NULL) {
    uint8_t h[CCE_HASH_MAX_DIGEST_BYTES];
    if (cli_hash_file(fw, CCE_HASH_SHA384, h) != 0) return -1;
    memcpy(out, h, CCE_DICE_MEASUREMENT_BYTES);
    return 0;
  }
  long n = cli_hex_decode_buf(hex, strlen(hex), out, CCE_DICE_MEASUREMENT_BYTES);
  if (n != CCE_DICE_MEASUREMENT_BYTES) {
    cli_usage_err("--measurement must be %d hex digits (a SHA2-384 digest)", 2 * CCE_DICE_MEASUREMENT_BYTES);
    return -2;
  }
  return 0;
}

// see device.h
int cli_device_dice(const char *dir, const uint8_t measurement[48], struct cce_dice_ctx *ctx) {
  uint8_t uds[CCE_DICE_UDS_BYTES];
  if (cli_device_read_uds(dir, uds) != 0) return -1;
  cce_status st = cce_dice_init(ctx, uds, sizeof uds, measurement, CCE_DICE_MEASUREMENT_BYTES);
  cce_wipe(uds, sizeof uds);
  if (st != CCE_OK) {
    cli_err("DICE derivation failed: %s", cce_status_str(st));
    return -1;
  }
  return 0;
}
