// Helpers shared by the cce subcommands (see cli.h).

#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cce/util.h"

const char *cli_cmd_name = "";

// ---------------------------------------------------------------------------
// Messages.

static void verr(int errnum, const char *fmt, va_list ap) {
  fflush(stdout);  // keep stdout/stderr in order when both go to a terminal
  if (cli_cmd_name && cli_cmd_name[0])
    fprintf(stderr, "cce %s: ", cli_cmd_name);
  else
    fputs("cce: ", stderr);
  vfprintf(stderr, fmt, ap);
  if (errnum) fprintf(stderr, ": %s", strerror(errnum));
  fputc('\n', stderr);
}

void cli_err(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  verr(0, fmt, ap);
  va_end(ap);
}

void cli_err_errno(int errnum, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  verr(errnum, fmt, ap);
  va_end(ap);
}

int cli_usage_err(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  verr(0, fmt, ap);
  va_end(ap);
  return cli_usage_hint();
}

int cli_usage_hint(void) {
  if (cli_cmd_name && cli_cmd_name[0])
    fprintf(stderr, "Try 'cce %s --help' for more information.\n", cli_cmd_name);
  else
    fputs("Try 'cce --help' for more information.\n", stderr);
  return CLI_EXIT_USAGE;
}

void cli_getopt_reset(void) {
  optind = 0;  // glibc: 0 forces a full re-initialisation
  opterr = 1;
}

int cli_is_help(const char *arg) {
  return arg && (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0);
}

// ---------------------------------------------------------------------------
// Parsing.

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

long cli_hex_decode_buf(const char *hex, size_t hex_len, uint8_t *out, size_t out_cap) {
  if (hex_len % 2 != 0 || hex_len / 2 > out_cap || hex_len / 2 > (size_t)LONG_MAX) return -1;
  for (size_t i = 0; i < hex_len; i += 2) {
    int hi = hexval((unsigned char)hex[i]), lo = hexval((unsigned char)hex[i + 1]);
    if (hi < 0 || lo < 0) return -1;
    out[i / 2] = (uint8_t)(hi << 4 | lo);
  }
  return (long)(hex_len / 2);
}

int cli_hex_decode(const char *hex, uint8_t **out, size_t *out_len) {
  size_t n = strlen(hex);
  if (n % 2 != 0) return -1;
  uint8_t *buf = malloc(n / 2 + 1);
  if (!buf) return -1;
  long r = cli_hex_decode_buf(hex, n, buf, n / 2);
  if (r < 0) {
    cli_free_secret(buf, n / 2 + 1);
    return -1;
  }
  *out = buf;
  *out_len = (size_t)r;
  return 0;
}

void cli_hex_encode(char *out, const uint8_t *in, size_t len) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < len; i++) {
    out[2 * i] = digits[in[i] >> 4];
    out[2 * i + 1] = digits[in[i] & 15];
  }
  out[2 * len] = '\0';
}

void cli_print_hex(FILE *f, const uint8_t *in, size_t len) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < len; i++) {
    putc(digits[in[i] >> 4], f);
    putc(digits[in[i] & 15], f);
  }
}

int cli_parse_size(const char *s, size_t min, size_t max, size_t *out) {
  if (!s || !*s) return -1;
  for (const char *p = s; *p; p++)
    if (*p < '0' || *p > '9') return -1;
  errno = 0;
  char *end = NULL;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || *end || v < min || v > max) return -1;
  *out = (size_t)v;
  return 0;
}

const char cli_hash_names[] =
    "sha1 sha224 sha256 sha384 sha512 sha512-224 sha512-256 "
    "sha3-224 sha3-256 sha3-384 sha3-512";
const char cli_xof_names[] = "shake128 shake256";

static const struct {
  cce_hash_alg alg;
  const char *name;
} short_names[] = {
    {CCE_HASH_SHA1, "sha1"},         {CCE_HASH_SHA224, "sha224"},
    {CCE_HASH_SHA256, "sha256"},     {CCE_HASH_SHA384, "sha384"},
    {CCE_HASH_SHA512, "sha512"},     {CCE_HASH_SHA512_224, "sha512-224"},
    {CCE_HASH_SHA512_256, "sha512-256"}, {CCE_HASH_SHA3_224, "sha3-224"},
    {CCE_HASH_SHA3_256, "sha3-256"}, {CCE_HASH_SHA3_384, "sha3-384"},
    {CCE_HASH_SHA3_512, "sha3-512"}, {CCE_HASH_SHAKE128, "shake128"},
    {CCE_HASH_SHAKE256, "shake256"},
};

const char *cli_hash_short_name(cce_hash_alg alg) {
  for (size_t i = 0; i < sizeof short_names / sizeof short_names[0]; i++)
    if (short_names[i].alg == alg) return short_names[i].name;
  return "unknown";
}

int cli_parse_hash_alg(const char *name, int allow_xof, cce_hash_alg *out) {
  cce_hash_alg a = name ? cce_hash_from_name(name) : CCE_HASH_NONE;
  int is_xof = (a == CCE_HASH_SHAKE128 || a == CCE_HASH_SHAKE256);
  if (a == CCE_HASH_NONE || (is_xof && !allow_xof)) {
    if (allow_xof)
      cli_err("unknown algorithm '%s' (valid: %s %s)", name ? name : "", cli_hash_names,
              cli_xof_names);
    else
      cli_err("unknown algorithm '%s' (valid: %s)", name ? name : "", cli_hash_names);
    return -1;
  }
  *out = a;
  return 0;
}

// ---------------------------------------------------------------------------
// Input.

static int open_input(const char *path, int *fd) {
  if (strcmp(path, "-") == 0) {
    *fd = STDIN_FILENO;
    return 0;
  }
  int f = open(path, O_RDONLY | O_CLOEXEC);
  if (f < 0) return errno ? errno : EIO;
  *fd = f;
  return 0;
}

// Reads up to `cap` bytes, retrying short reads so that chunks are full
// except at the end. Returns bytes read (0 = EOF) or -errno.
static long read_full(int fd, uint8_t *buf, size_t cap) {
  size_t got = 0;
  while (got < cap) {
    ssize_t r = read(fd, buf + got, cap - got);
    if (r < 0) {
      if (errno == EINTR) continue;
      return -(long)(errno ? errno : EIO);
    }
    if (r == 0) break;
    got += (size_t)r;
  }
  return (long)got;
}

int cli_stream(const char *path, cli_stream_fn fn, void *arg) {
  static uint8_t buf[CLI_CHUNK];
  int fd, rc = open_input(path, &fd);
  if (rc) return rc;
  for (;;) {
    long n = read_full(fd, buf, sizeof buf);
    if (n < 0) {
      rc = (int)-n;
      break;
    }
    if (n == 0) break;
    int r = fn(arg, buf, (size_t)n);
    if (r < 0) {
      rc = r;
      break;
    }
  }
  cce_wipe(buf, sizeof buf);  // the data may be secret (keys, plaintext)
  if (fd != STDIN_FILENO) close(fd);
  return rc;
}

void cli_free_secret(void *p, size_t len) {
  if (!p) return;
  cce_wipe(p, len);
  free(p);
}

int cli_read_file(const char *path, size_t max, uint8_t **out, size_t *out_len) {
  int fd, rc = open_input(path, &fd);
  if (rc) return rc;
  size_t cap = 4096, len = 0;
  uint8_t *buf = malloc(cap);
  if (!buf) rc = ENOMEM;
  while (!rc) {
    if (len == cap) {
      if (cap > max) {
        rc = EFBIG;
        break;
      }
      // Grow by hand (malloc, copy, wipe, free) so no copy of the data is
      // left behind in freed memory, as realloc could.
      size_t ncap = cap * 2;
      uint8_t *nbuf = malloc(ncap);
      if (!nbuf) {
        rc = ENOMEM;
        break;
      }
      memcpy(nbuf, buf, len);
      cli_free_secret(buf, cap);
      buf = nbuf;
      cap = ncap;
    }
    long n = read_full(fd, buf + len, cap - len);
    if (n < 0) {
      rc = (int)-n;
      break;
    }
    if (n == 0) break;
    len += (size_t)n;
    if (len > max) rc = EFBIG;
  }
  if (fd != STDIN_FILENO) close(fd);
  if (rc) {
    cli_free_secret(buf, buf ? cap : 0);
    return rc;
  }
  *out = buf;
  *out_len = len;
  return 0;
}

int cli_same_file(const char *a, const char *b) {
  struct stat sa, sb;
  if (!a || !b || strcmp(a, "-") == 0 || strcmp(b, "-") == 0) return 0;
  if (stat(a, &sa) != 0 || stat(b, &sb) != 0) return 0;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

// ---------------------------------------------------------------------------
// Output.

int cli_out_open(cli_out *o, const char *path, const char *input, unsigned flags) {
  memset(o, 0, sizeof *o);
  if (!path || strcmp(path, "-") == 0) {
    o->f = stdout;
    return 0;
  }
  if (input && cli_same_file(path, input)) {
    cli_err("%s: refusing to overwrite the input file", path);
    return -1;
  }
  struct stat st;
  if ((flags & CLI_OUT_EXCL) && lstat(path, &st) == 0) {
    cli_err("%s: file exists", path);
    return -1;
  }
  // Temporary name in the same directory, so that rename() is atomic.
  char *dcopy = strdup(path), *bcopy = strdup(path);
  if (!dcopy || !bcopy) {
    free(dcopy);
    free(bcopy);
    cli_err("%s: out of memory", path);
    return -1;
  }
  const char *dir = dirname(dcopy), *base = basename(bcopy);
  size_t n = strlen(dir) + strlen(base) + 16;
  o->tmp = malloc(n);
  o->path = strdup(path);
  if (!o->tmp || !o->path) {
    free(dcopy);
    free(bcopy);
    cli_out_abort(o);
    cli_err("%s: out of memory", path);
    return -1;
  }
  snprintf(o->tmp, n, "%s/.%s.XXXXXX", dir, base);
  free(dcopy);
  free(bcopy);
  int fd = mkostemp(o->tmp, O_CLOEXEC);  // created with mode 0600
  if (fd < 0) {
    int e = errno;
    free(o->tmp);
    o->tmp = NULL;
    cli_err_errno(e, "%s", path);
    cli_out_abort(o);
    return -1;
  }
  if (!(flags & CLI_OUT_PRIVATE)) {
    mode_t um = umask(0);
    umask(um);
    if (fchmod(fd, 0666 & ~um) != 0) { /* keep 0600: stricter is harmless */ }
  }
  o->f = fdopen(fd, "wb");
  if (!o->f) {
    int e = errno;
    close(fd);
    cli_err_errno(e, "%s", path);
    cli_out_abort(o);
    return -1;
  }
  return 0;
}

int cli_out_write(cli_out *o, const void *data, size_t len) {
  if (!o->f || o->failed) return -1;
  if (len && fwrite(data, 1, len, o->f) != len) {
    o->failed = errno ? errno : EIO;
    return -1;
  }
  return 0;
}

static void fsync_dir(const char *path) {
  char *copy = strdup(path);
  if (!copy) return;
  int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
  free(copy);
}

int cli_out_commit(cli_out *o) {
  if (!o->f) return -1;
  if (o->f == stdout) {
    o->f = NULL;
    if (fflush(stdout) != 0 || ferror(stdout) || o->failed) {
      cli_err_errno(o->failed ? o->failed : errno, "write error");
      return -1;
    }
    return 0;
  }
  int e = o->failed;
  if (!e && fflush(o->f) != 0) e = errno ? errno : EIO;
  if (!e && ferror(o->f)) e = EIO;
  if (!e && fsync(fileno(o->f)) != 0) e = errno ? errno : EIO;
  if (fclose(o->f) != 0 && !e) e = errno ? errno : EIO;
  o->f = NULL;
  if (!e && rename(o->tmp, o->path) != 0) e = errno ? errno : EIO;
  if (e) {
    cli_err_errno(e, "%s", o->path);
    cli_out_abort(o);
    return -1;
  }
  fsync_dir(o->path);
  free(o->tmp);
  free(o->path);
  o->tmp = o->path = NULL;
  return 0;
}

void cli_out_abort(cli_out *o) {
  if (o->f && o->f != stdout) fclose(o->f);
  o->f = NULL;
  if (o->tmp) unlink(o->tmp);
  free(o->tmp);
  free(o->path);
  o->tmp = o->path = NULL;
}

// ---------------------------------------------------------------------------
// Printing.

void cli_print_sum(FILE *f, const char *hex, const char *name) {
  int esc = strpbrk(name, "\\\n\r") != NULL;
  if (esc) putc('\\', f);
  fputs(hex, f);
  fputs("  ", f);
  for (const char *p = name; *p; p++) {
    if (esc && *p == '\\')
      fputs("\\\\", f);
    else if (esc && *p == '\n')
      fputs("\\n", f);
    else if (esc && *p == '\r')
      fputs("\\r", f);
    else
      putc(*p, f);
  }
  putc('\n', f);
}

// Length of the valid UTF-8 sequence at `s`, or 0 if invalid.
static size_t utf8_len(const unsigned char *s) {
  unsigned c = s[0];
  size_t n;
  unsigned min;
  if (c < 0x80) return 1;
  if ((c & 0xe0) == 0xc0) { n = 2; min = 0x80; c &= 0x1f; }
  else if ((c & 0xf0) == 0xe0) { n = 3; min = 0x800; c &= 0x0f; }
  else if ((c & 0xf8) == 0xf0) { n = 4; min = 0x10000; c &= 0x07; }
  else return 0;
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xc0) != 0x80) return 0;
    c = (c << 6) | (s[i] & 0x3f);
  }
  if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return 0;
  return n;
}

void cli_json_str(FILE *f, const char *s) {
  putc('"', f);
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  while (*p) {
    unsigned c = *p;
    if (c == '"' || c == '\\') {
      putc('\\', f);
      putc((int)c, f);
      p++;
    } else if (c == '\n') {
      fputs("\\n", f); p++;
    } else if (c == '\r') {
      fputs("\\r", f); p++;
    } else if (c == '\t') {
      fputs("\\t", f); p++;
    } else if (c < 0x20 || c == 0x7f) {
      fprintf(f, "\\u%04x", c);
      p++;
    } else if (c < 0x80) {
      putc((int)c, f);
      p++;
    } else {
      size_t n = utf8_len(p);
      if (n == 0) {
        fprintf(f, "\\u%04x", c);  // not UTF-8: keep the byte value visible
        p++;
      } else {
        fwrite(p, 1, n, f);
        p += n;
      }
    }
  }
  putc('"', f);
}

uint64_t cli_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void cli_fmt_duration(char *buf, size_t cap, uint64_t ns) {
  if (ns < 1000u)
    snprintf(buf, cap, "%u ns", (unsigned)ns);
  else if (ns < 1000000u)
    snprintf(buf, cap, "%.1f us", (double)ns / 1e3);
  else if (ns < 1000000000u)
    snprintf(buf, cap, "%.2f ms", (double)ns / 1e6);
  else
    snprintf(buf, cap, "%.2f s", (double)ns / 1e9);
}
