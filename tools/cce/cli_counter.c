// cli_counter.c: the file-backed anti-rollback counter (see cli_counter.h).

#include "cli_counter.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cce/hash.h"

#define PREFIX "OpenCCE min-svn v1 "
#define FILE_MAX 128

static cce_status fail(cli_counter *c, cce_status st, const char *reason, int err) {
  c->reason = reason;
  c->err = err;
  return st;
}

size_t cli_counter_format(char *out, size_t cap, uint32_t value) {
  char body[64];
  int n = snprintf(body, sizeof body, PREFIX "%lu", (unsigned long)value);
  uint8_t h[32];
  if (n <= 0 || cce_sha256(h, body, (size_t)n) != CCE_OK) return 0;
  static const char hx[] = "0123456789abcdef";
  char check[33];
  for (int i = 0; i < 16; i++) {
    check[2 * i] = hx[h[i] >> 4];
    check[2 * i + 1] = hx[h[i] & 15];
  }
  check[32] = 0;
  int m = snprintf(out, cap, "%s %s\n", body, check);
  return (m > 0 && (size_t)m < cap) ? (size_t)m : 0;
}

int cli_counter_open(cli_counter *c, const char *device_dir) {
  memset(c, 0, sizeof *c);
  c->reason = "";
  int n = snprintf(c->dir, sizeof c->dir, "%s", device_dir);
  if (n <= 0 || (size_t)n >= sizeof c->dir) return -1;
  n = snprintf(c->path, sizeof c->path, "%s/%s", device_dir, CLI_COUNTER_FILE);
  if (n <= 0 || (size_t)n >= sizeof c->path) return -1;
  return 0;
}

void cli_counter_bind(cli_counter *c, cce_fw_counter *out) {
  out->ctx = c;
  out->read = cli_counter_read;
  out->advance = cli_counter_advance;
}

cce_status cli_counter_read(void *ctx, uint32_t *out_min_svn) {
  cli_counter *c = ctx;
  *out_min_svn = 0;
  int fd = open(c->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return fail(c, CCE_ERR_PERSIST, errno == ENOENT ? "missing (initialise the device first)" : "cannot open", errno);
  char buf[FILE_MAX + 1];
  size_t len = 0;
  for (;;) {
    ssize_t r = read(fd, buf + len, sizeof buf - len);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      int e = errno;
      close(fd);
      return fail(c, CCE_ERR_PERSIST, "cannot read", e);
    }
    if (r == 0) break;
    len += (size_t)r;
    if (len == sizeof buf) break;
  }
  close(fd);
  if (len == 2 && memcmp(buf, "0\n", 2) == 0) {  // the initial file of `cce device init`
    c->reason = "";
    c->err = 0;
    return CCE_OK;
  }
  if (len > FILE_MAX || len < sizeof PREFIX) return fail(c, CCE_ERR_DECODE, "corrupted (bad length)", 0);
  if (memcmp(buf, PREFIX, sizeof PREFIX - 1) != 0) return fail(c, CCE_ERR_DECODE, "corrupted (bad header)", 0);
  // Decimal value, then the whole text must be the canonical one for it.
  const char *p = buf + sizeof PREFIX - 1;
  uint64_t v = 0;
  size_t digits = 0;
  while (p < buf + len && *p >= '0' && *p <= '9' && digits < 11) {
    v = v * 10 + (uint64_t)(*p - '0');
    p++;
    digits++;
  }
  if (digits == 0 || v > 0xffffffffu) return fail(c, CCE_ERR_DECODE, "corrupted (bad value)", 0);
  char want[FILE_MAX];
  size_t wlen = cli_counter_format(want, sizeof want, (uint32_t)v);
  if (wlen == 0) return fail(c, CCE_ERR_INTERNAL, "cannot compute the check value", 0);
  if (wlen != len || memcmp(want, buf, len) != 0) return fail(c, CCE_ERR_DECODE, "corrupted (check value)", 0);
  *out_min_svn = (uint32_t)v;
  c->reason = "";
  c->err = 0;
  return CCE_OK;
}

// write_atomic: temporary file in the directory, fsync, rename, fsync dir.
static cce_status write_atomic(cli_counter *c, int dirfd, uint32_t value) {
  char text[FILE_MAX];
  size_t len = cli_counter_format(text, sizeof text, value);
  if (len == 0) return fail(c, CCE_ERR_INTERNAL, "cannot format", 0);
  char tmp[CLI_COUNTER_PATH_MAX];
  int n = snprintf(tmp, sizeof tmp, "%s/.%s.XXXXXX", c->dir, CLI_COUNTER_FILE);
  if (n <= 0 || (size_t)n >= sizeof tmp) return fail(c, CCE_ERR_PERSIST, "path too long", ENAMETOOLONG);
  int fd = mkstemp(tmp);
  if (fd < 0) return fail(c, CCE_ERR_PERSIST, "cannot create a temporary file", errno);
  int e = 0;
  if (fchmod(fd, 0600) != 0) e = errno;
  size_t off = 0;
  while (e == 0 && off < len) {
    ssize_t w = write(fd, text + off, len - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) e = w < 0 ? errno : EIO;
    else off += (size_t)w;
  }
  if (e == 0 && fsync(fd) != 0) e = errno;
  if (close(fd) != 0 && e == 0) e = errno;
  if (e == 0 && rename(tmp, c->path) != 0) e = errno;
  if (e != 0) {
    unlink(tmp);
    return fail(c, CCE_ERR_PERSIST, "cannot write", e);
  }
  if (fsync(dirfd) != 0) return fail(c, CCE_ERR_PERSIST, "cannot sync the directory", errno);
  return CCE_OK;
}

static int lock_dir(cli_counter *c) {
  int dfd = open(c->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return -1;
  while (flock(dfd, LOCK_EX) != 0) {
    if (errno != EINTR) {
      int e = errno;
      close(dfd);
      errno = e;
      return -1;
    }
  }
  return dfd;
}

cce_status cli_counter_advance(void *ctx, uint32_t new_min) {
  cli_counter *c = ctx;
  int dfd = lock_dir(c);
  if (dfd < 0) return fail(c, CCE_ERR_PERSIST, "cannot open the device directory", errno);
  uint32_t cur;
  cce_status st = cli_counter_read(c, &cur);
  if (st == CCE_OK) {
    if (new_min < cur) st = fail(c, CCE_ERR_ROLLBACK, "the minimum only moves forward", 0);
    else if (new_min > cur) st = write_atomic(c, dfd, new_min);
  }
  close(dfd);  // releases the lock
  return st;
}

cce_status cli_counter_init(cli_counter *c, uint32_t value) {
  int dfd = lock_dir(c);
  if (dfd < 0) return fail(c, CCE_ERR_PERSIST, "cannot open the device directory", errno);
  struct stat sb;
  cce_status st;
  if (lstat(c->path, &sb) == 0) st = fail(c, CCE_ERR_INVALID_ARG, "already exists", EEXIST);
  else if (errno != ENOENT) st = fail(c, CCE_ERR_PERSIST, "cannot check", errno);
  else st = write_atomic(c, dfd, value);
  close(dfd);
  return st;
}
