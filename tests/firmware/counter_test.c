// Tests of the file-backed anti-rollback counter (tools/cce/cli_counter.c):
// missing and corrupted files refused (every byte flipped, truncated,
// extended, non-canonical values), the value only moving forward (a lower
// value refused with the file untouched, byte for byte), initialisation
// only once, durable atomic replacement (no temporary file left; a child
// killed at random points while advancing never leaves a file that does not
// read back as a value it wrote), and the counter driven by cce_fw_commit.

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include "cli_counter.h"

static unsigned g_pass, g_fail;

#define CHECK(cond)                                                  \
  do {                                                               \
    if (cond) {                                                      \
      g_pass++;                                                      \
    } else {                                                         \
      g_fail++;                                                      \
      fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                \
  } while (0)

static char g_dir[256];

static size_t read_all(const char *path, char *buf, size_t cap) {
  FILE *f = fopen(path, "rb");
  if (!f) return (size_t)-1;
  size_t n = fread(buf, 1, cap, f);
  fclose(f);
  return n;
}

static void write_all(const char *path, const void *buf, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) abort();
  if (n && fwrite(buf, 1, n, f) != n) abort();
  fclose(f);
}

static int dir_entries(void) {
  DIR *d = opendir(g_dir);
  int n = 0;
  struct dirent *de;
  while (d && (de = readdir(d)) != NULL)
    if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) n++;
  if (d) closedir(d);
  return n;
}

static void test_basic(void) {
  cli_counter c;
  uint32_t v = 99;
  CHECK(cli_counter_open(&c, g_dir) == 0);
  CHECK(cli_counter_read(&c, &v) == CCE_ERR_PERSIST && v == 0);  // missing: never 0 by default
  CHECK(strstr(c.reason, "missing") != NULL);
  CHECK(cli_counter_advance(&c, 5) == CCE_ERR_PERSIST);          // cannot advance what is not there
  CHECK(dir_entries() == 0);
  CHECK(cli_counter_init(&c, 3) == CCE_OK);
  CHECK(cli_counter_read(&c, &v) == CCE_OK && v == 3);
  CHECK(cli_counter_init(&c, 0) == CCE_ERR_INVALID_ARG);          // only once
  CHECK(cli_counter_read(&c, &v) == CCE_OK && v == 3);
  struct stat sb;
  CHECK(stat(c.path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
  char before[256], after[256];
  size_t nb = read_all(c.path, before, sizeof before);
  char want[128];
  size_t wl = cli_counter_format(want, sizeof want, 3);
  CHECK(nb == wl && memcmp(before, want, nb) == 0);
  CHECK(memcmp(before, "OpenCCE min-svn v1 3 ", 21) == 0 && before[nb - 1] == '\n');
  // Lower: refused, file untouched byte for byte.
  CHECK(cli_counter_advance(&c, 2) == CCE_ERR_ROLLBACK);
  size_t na = read_all(c.path, after, sizeof after);
  CHECK(na == nb && memcmp(before, after, nb) == 0);
  // Equal: nothing written (same inode).
  ino_t ino = sb.st_ino;
  CHECK(cli_counter_advance(&c, 3) == CCE_OK);
  CHECK(stat(c.path, &sb) == 0 && sb.st_ino == ino);
  // Forward.
  CHECK(cli_counter_advance(&c, 7) == CCE_OK);
  CHECK(cli_counter_read(&c, &v) == CCE_OK && v == 7);
  CHECK(cli_counter_advance(&c, 6) == CCE_ERR_ROLLBACK);
  CHECK(cli_counter_read(&c, &v) == CCE_OK && v == 7);
  CHECK(cli_counter_advance(&c, 0xffffffffu) == CCE_OK);
  CHECK(cli_counter_read(&c, &v) == CCE_OK && v == 0xffffffffu);
  CHECK(dir_entries() == 1);  // no temporary file left behind
  // Through the firmware interface.
  cce_fw_counter cb;
  cli_counter_bind(&c, &cb);
  CHECK(cce_fw_commit(&cb, 5) == CCE_ERR_ROLLBACK);
  CHECK(cce_fw_commit(&cb, 0xffffffffu) == CCE_OK);
  unlink(c.path);
  CHECK(cli_counter_init(&c, 10) == CCE_OK);
  CHECK(cce_fw_commit(&cb, 11) == CCE_OK);
  CHECK(cli_counter_read(&c, &v) == CCE_OK && v == 11);
  // The initial file of `cce device init` reads as 0 and advances.
  write_all(c.path, "0\n", 2);
  CHECK(cli_counter_read(&c, &v) == CCE_OK && v == 0);
  CHECK(cli_counter_advance(&c, 4) == CCE_OK);
  CHECK(cli_counter_read(&c, &v) == CCE_OK && v == 4);
  unlink(c.path);
  // A directory that does not exist.
  cli_counter d;
  char nodir[300];
  snprintf(nodir, sizeof nodir, "%s/nope", g_dir);
  CHECK(cli_counter_open(&d, nodir) == 0);
  CHECK(cli_counter_read(&d, &v) == CCE_ERR_PERSIST);
  CHECK(cli_counter_init(&d, 1) == CCE_ERR_PERSIST);
}

static void test_corrupted(void) {
  cli_counter c;
  uint32_t v;
  CHECK(cli_counter_open(&c, g_dir) == 0);
  char good[128];
  size_t n = cli_counter_format(good, sizeof good, 123456);
  unsigned bad = 0;
  // Every byte flipped (two masks): refused, and the counter cannot be advanced.
  for (size_t i = 0; i < n; i++)
    for (int m = 0; m < 2; m++) {
      char t[128];
      memcpy(t, good, n);
      t[i] ^= m ? 0x01 : 0x40;
      write_all(c.path, t, n);
      cce_status st = cli_counter_read(&c, &v);
      if (st != CCE_ERR_DECODE || v != 0) bad++;
      if (cli_counter_advance(&c, 999999) != CCE_ERR_DECODE) bad++;
      char back[128];
      if (read_all(c.path, back, sizeof back) != n || memcmp(back, t, n) != 0) bad++;  // untouched
    }
  CHECK(bad == 0);
  // Truncated at every length, one byte too many, empty.
  bad = 0;
  for (size_t l = 0; l < n; l++) {
    write_all(c.path, good, l);
    if (cli_counter_read(&c, &v) != CCE_ERR_DECODE) bad++;
  }
  CHECK(bad == 0);
  char longer[130];
  memcpy(longer, good, n);
  longer[n] = '\n';
  write_all(c.path, longer, n + 1);
  CHECK(cli_counter_read(&c, &v) == CCE_ERR_DECODE);
  // Non-canonical values with a matching check of the canonical text.
  write_all(c.path, "OpenCCE min-svn v1 0123456 0000000000000000000000000000000\n", 58);
  CHECK(cli_counter_read(&c, &v) == CCE_ERR_DECODE);
  write_all(c.path, "1\n", 2);  // only "0\n" is the device-init form
  CHECK(cli_counter_read(&c, &v) == CCE_ERR_DECODE);
  write_all(c.path, "OpenCCE min-svn v1 4294967296 00000000000000000000000000000000\n", 63);
  CHECK(cli_counter_read(&c, &v) == CCE_ERR_DECODE);
  // The good file reads.
  write_all(c.path, good, n);
  CHECK(cli_counter_read(&c, &v) == CCE_OK && v == 123456);
  unlink(c.path);
}

// A child advances the counter 1, 2, 3, ... and is killed at a random
// moment; the file must always read back as a value the child reached
// (or the previous one), never be corrupted or missing, and a stale
// temporary file must not disturb the next advance.
static void test_kill(void) {
  cli_counter c;
  uint32_t v = 0, last = 0;
  CHECK(cli_counter_open(&c, g_dir) == 0);
  CHECK(cli_counter_init(&c, 0) == CCE_OK);
  unsigned bad = 0;
  srand((unsigned)time(NULL));
  for (int round = 0; round < 12; round++) {
    pid_t pid = fork();
    if (pid == 0) {
      cli_counter cc;
      if (cli_counter_open(&cc, g_dir) != 0) _exit(2);
      uint32_t x;
      if (cli_counter_read(&cc, &x) != CCE_OK) _exit(3);
      for (;;) {
        x++;
        if (cli_counter_advance(&cc, x) != CCE_OK) _exit(4);
      }
    }
    struct timespec ts = {0, (long)(rand() % 20000) * 1000};
    nanosleep(&ts, NULL);
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    if (!WIFSIGNALED(status)) bad++;
    cce_status st = cli_counter_read(&c, &v);
    if (st != CCE_OK || v < last) bad++;
    last = v;
  }
  CHECK(bad == 0);
  CHECK(cli_counter_advance(&c, last + 1) == CCE_OK);
  CHECK(cli_counter_read(&c, &v) == CCE_OK && v == last + 1);
  printf("killed writers: counter reached %u, always readable\n", v);
  // Clean the temporary files a killed writer may have left.
  DIR *d = opendir(g_dir);
  struct dirent *de;
  while (d && (de = readdir(d)) != NULL)
    if (de->d_name[0] == '.' && strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
      char p[600];
      snprintf(p, sizeof p, "%s/%s", g_dir, de->d_name);
      unlink(p);
    }
  if (d) closedir(d);
  unlink(c.path);
}

int main(void) {
  snprintf(g_dir, sizeof g_dir, "%s/cce-counter-test.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  if (!mkdtemp(g_dir)) return 1;
  test_basic();
  test_corrupted();
  test_kill();
  rmdir(g_dir);
  printf("%u passed, %u failed\n", g_pass, g_fail);
  return g_fail ? 1 : 0;
}
