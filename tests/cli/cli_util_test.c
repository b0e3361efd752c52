// Unit test of the CLI helpers (tools/cce/cli_util.c): hex, sizes, JSON
// escaping, sha256sum-style names, streaming and whole-file reads, and the
// atomic output file (temporary name, rename, input never overwritten,
// temporary removed on abort).

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static int passed, failed;

#define CHECK(cond)                                                 \
  do {                                                              \
    if (cond) {                                                     \
      passed++;                                                     \
    } else {                                                        \
      failed++;                                                     \
      printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);        \
    }                                                               \
  } while (0)

static char dir[] = "/tmp/cce-cli-util-test.XXXXXX";

// Returns one of 16 rotating static buffers: copy a path kept across calls.
static char *path_in(const char *name) {
  static char buf[16][256];
  static int k;
  k = (k + 1) % 16;
  snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
  return buf[k];
}

static void write_file(const char *p, const char *s) {
  FILE *f = fopen(p, "wb");
  if (!f) return;
  fputs(s, f);
  fclose(f);
}

static char *slurp(const char *p) {
  static char buf[4096];
  FILE *f = fopen(p, "rb");
  if (!f) return NULL;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

// Number of entries in `dir` (besides . and ..): temporaries left behind show.
static int count_entries(void) {
  DIR *d = opendir(dir);
  int n = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL)
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) n++;
  if (d) closedir(d);
  return n;
}

// Captures what a printing function writes.
static char *capture(void (*fn)(FILE *, const void *), const void *arg) {
  static char buf[1024];
  FILE *f = fmemopen(buf, sizeof buf, "w");
  if (!f) return NULL;
  fn(f, arg);
  fputc('\0', f);
  fclose(f);
  return buf;
}
static void json_fn(FILE *f, const void *s) { cli_json_str(f, (const char *)s); }
static void sum_fn(FILE *f, const void *s) { cli_print_sum(f, "ab01", (const char *)s); }

static void test_hex(void) {
  uint8_t *b = NULL;
  size_t n = 99;
  CHECK(cli_hex_decode("00ff10Ab", &b, &n) == 0);
  CHECK(n == 4 && b[0] == 0x00 && b[1] == 0xff && b[2] == 0x10 && b[3] == 0xab);
  cli_free_secret(b, n);
  CHECK(cli_hex_decode("", &b, &n) == 0 && n == 0 && b != NULL);
  cli_free_secret(b, 1);
  b = NULL;
  CHECK(cli_hex_decode("abc", &b, &n) == -1 && b == NULL);
  CHECK(cli_hex_decode("0g", &b, &n) == -1);
  CHECK(cli_hex_decode("0x00", &b, &n) == -1);
  CHECK(cli_hex_decode(" 00", &b, &n) == -1);
  uint8_t out[2];
  CHECK(cli_hex_decode_buf("0102", 4, out, 2) == 2 && out[1] == 2);
  CHECK(cli_hex_decode_buf("010203", 6, out, 2) == -1);
  char hex[9];
  const uint8_t in[4] = {0xde, 0xad, 0x0b, 0xef};
  cli_hex_encode(hex, in, 4);
  CHECK(strcmp(hex, "dead0bef") == 0);
}

static void test_size(void) {
  size_t v = 0;
  CHECK(cli_parse_size("32", 1, 100, &v) == 0 && v == 32);
  CHECK(cli_parse_size("0", 1, 100, &v) == -1);
  CHECK(cli_parse_size("101", 1, 100, &v) == -1);
  CHECK(cli_parse_size("-1", 0, 100, &v) == -1);
  CHECK(cli_parse_size("1x", 0, 100, &v) == -1);
  CHECK(cli_parse_size("", 0, 100, &v) == -1);
  CHECK(cli_parse_size("99999999999999999999999", 0, (size_t)-1, &v) == -1);
}

static void test_print(void) {
  CHECK(strcmp(capture(json_fn, "plain"), "\"plain\"") == 0);
  CHECK(strcmp(capture(json_fn, "q\"b\\n\nt\tc\x01"), "\"q\\\"b\\\\n\\nt\\tc\\u0001\"") == 0);
  CHECK(strcmp(capture(json_fn, "caf\xc3\xa9"), "\"caf\xc3\xa9\"") == 0);     // UTF-8 kept
  CHECK(strcmp(capture(json_fn, "bad\xff"), "\"bad\\u00ff\"") == 0);          // not UTF-8
  CHECK(strcmp(capture(json_fn, "\xc0\xaf"), "\"\\u00c0\\u00af\"") == 0);     // overlong
  CHECK(strcmp(capture(sum_fn, "a b"), "ab01  a b\n") == 0);
  CHECK(strcmp(capture(sum_fn, "a\\b"), "\\ab01  a\\\\b\n") == 0);
  CHECK(strcmp(capture(sum_fn, "a\nb"), "\\ab01  a\\nb\n") == 0);
}

static int count_cb(void *arg, const uint8_t *data, size_t len) {
  size_t *total = arg;
  *total += len;
  (void)data;
  return len > CLI_CHUNK ? -7 : 0;
}
static int stop_cb(void *arg, const uint8_t *data, size_t len) {
  (void)arg;
  (void)data;
  (void)len;
  return -42;
}

static void test_read(void) {
  char p[256];
  snprintf(p, sizeof p, "%s", path_in("big"));
  FILE *f = fopen(p, "wb");
  for (int i = 0; i < 200000; i++) fputc(i & 0xff, f);
  fclose(f);
  size_t total = 0;
  CHECK(cli_stream(p, count_cb, &total) == 0 && total == 200000);
  CHECK(cli_stream(p, stop_cb, NULL) == -42);
  CHECK(cli_stream(path_in("missing"), count_cb, &total) == ENOENT);
  uint8_t *b = NULL;
  size_t n = 0;
  CHECK(cli_read_file(p, 1 << 20, &b, &n) == 0 && n == 200000 && b[199999] == (199999 & 0xff));
  cli_free_secret(b, n);
  CHECK(cli_read_file(p, 1000, &b, &n) == EFBIG);
  CHECK(cli_read_file(path_in("missing"), 1000, &b, &n) == ENOENT);
  write_file(path_in("empty"), "");
  CHECK(cli_read_file(path_in("empty"), 1000, &b, &n) == 0 && n == 0);
  cli_free_secret(b, 1);
  unlink(p);
  unlink(path_in("empty"));
}

static void test_out(void) {
  cli_out o;
  char *dst = path_in("out.txt");
  int before = count_entries();

  // New file: written atomically, nothing left behind.
  CHECK(cli_out_open(&o, dst, NULL, 0) == 0);
  CHECK(o.tmp != NULL && strstr(o.tmp, "/.out.txt.") != NULL);
  CHECK(access(dst, F_OK) != 0);  // not there until commit
  CHECK(cli_out_write(&o, "hello\n", 6) == 0);
  CHECK(cli_out_commit(&o) == 0);
  CHECK(strcmp(slurp(dst), "hello\n") == 0);
  CHECK(count_entries() == before + 1);
  struct stat st;
  mode_t um = umask(022);
  umask(um);
  CHECK(stat(dst, &st) == 0 && (st.st_mode & 0777) == (0666 & ~um));

  // Abort: the old content stays, the temporary is removed.
  CHECK(cli_out_open(&o, dst, NULL, 0) == 0);
  CHECK(cli_out_write(&o, "partial", 7) == 0);
  cli_out_abort(&o);
  CHECK(strcmp(slurp(dst), "hello\n") == 0);
  CHECK(count_entries() == before + 1);
  cli_out_abort(&o);  // twice is harmless

  // Replace an existing file; private mode.
  CHECK(cli_out_open(&o, dst, NULL, CLI_OUT_PRIVATE) == 0);
  fputs("second\n", o.f);
  CHECK(cli_out_commit(&o) == 0);
  CHECK(strcmp(slurp(dst), "second\n") == 0);
  CHECK(stat(dst, &st) == 0 && (st.st_mode & 0777) == 0600);

  // EXCL refuses an existing file.
  CHECK(cli_out_open(&o, dst, NULL, CLI_OUT_EXCL) == -1);

  // The input is never overwritten, whatever the path spelling.
  char *in = path_in("in.txt");
  write_file(in, "input\n");
  CHECK(cli_out_open(&o, in, in, 0) == -1);
  char alias[300];
  snprintf(alias, sizeof alias, "%s/./in.txt", dir);
  CHECK(cli_out_open(&o, alias, in, 0) == -1);
  char *link = path_in("link.txt");
  CHECK(symlink(in, link) == 0);
  CHECK(cli_out_open(&o, link, in, 0) == -1);
  CHECK(strcmp(slurp(in), "input\n") == 0);
  CHECK(count_entries() == before + 3);

  // A directory that does not exist: error, nothing created.
  CHECK(cli_out_open(&o, path_in("nodir/x"), NULL, 0) == -1);

  // stdout.
  CHECK(cli_out_open(&o, "-", in, 0) == 0 && o.f == stdout && o.tmp == NULL);
  CHECK(cli_out_commit(&o) == 0);

  unlink(dst);
  unlink(in);
  unlink(link);
}

int main(void) {
  cli_cmd_name = "test";
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 1;
  }
  test_hex();
  test_size();
  test_print();
  test_read();
  test_out();
  CHECK(count_entries() == 0);
  rmdir(dir);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
