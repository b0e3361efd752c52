// cce-wycheproof: run one Wycheproof test file against OpenCCE.
//
//   cce-wycheproof FILE.json
//
// Loads the file, picks the handler whose prefix is the longest match of the
// file's base name among the family tables (declared weak: a family not
// built is absent), runs it and prints "N passed, N failed, N skipped".
// Exit 0 if nothing failed, 1 if something failed or the file is unusable,
// 77 if no handler matches (ctest SKIP_RETURN_CODE).

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wycheproof.h"

extern const wp_handler wp_handlers_mac[] __attribute__((weak));
extern const wp_handler wp_handlers_kdf[] __attribute__((weak));
extern const wp_handler wp_handlers_aes[] __attribute__((weak));
extern const wp_handler wp_handlers_gcm[] __attribute__((weak));
extern const wp_handler wp_handlers_ec[] __attribute__((weak));
extern const wp_handler wp_handlers_eddsa[] __attribute__((weak));
extern const wp_handler wp_handlers_rsa[] __attribute__((weak));
extern const wp_handler wp_handlers_mlkem[] __attribute__((weak));
extern const wp_handler wp_handlers_mldsa[] __attribute__((weak));

// The file being run, for messages.
static const char *g_file = "?";
// At most this many failure lines are printed per file (the count is exact).
#define MAX_FAIL_LINES 25
static unsigned g_fail_lines;

static const wp_handler *family_table(size_t i) {
  switch (i) {
    case 0: return wp_handlers_mac;
    case 1: return wp_handlers_kdf;
    case 2: return wp_handlers_aes;
    case 3: return wp_handlers_gcm;
    case 4: return wp_handlers_ec;
    case 5: return wp_handlers_eddsa;
    case 6: return wp_handlers_rsa;
    case 7: return wp_handlers_mlkem;
    case 8: return wp_handlers_mldsa;
    default: return NULL;
  }
}
#define NUM_FAMILIES 9

static long long tc_id(const json_t *test) {
  const json_t *id = json_object_get(test, "tcId");
  return json_is_integer(id) ? (long long)json_integer_value(id) : -1;
}

static void complain(const json_t *obj, const char *key, const char *problem) {
  fprintf(stderr, "%s: tcId %lld: field \"%s\" %s\n", g_file, tc_id(obj), key, problem);
}

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

uint8_t *wp_hex(const json_t *obj, const char *key, size_t *len) {
  const char *s = wp_str(obj, key);
  if (s == NULL) return NULL;
  size_t n = strlen(s);
  if (n % 2 != 0) {
    complain(obj, key, "has an odd number of hex digits");
    return NULL;
  }
  uint8_t *buf = malloc(n / 2 + 1);  // never malloc(0): "" gives a valid pointer
  if (buf == NULL) {
    fprintf(stderr, "%s: out of memory\n", g_file);
    exit(1);
  }
  for (size_t i = 0; i < n / 2; i++) {
    int hi = hexval((unsigned char)s[2 * i]), lo = hexval((unsigned char)s[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      complain(obj, key, "is not hex");
      free(buf);
      return NULL;
    }
    buf[i] = (uint8_t)(hi << 4 | lo);
  }
  if (len != NULL) *len = n / 2;
  return buf;
}

const char *wp_str(const json_t *obj, const char *key) {
  const json_t *v = json_object_get(obj, key);
  if (v == NULL) {
    complain(obj, key, "is missing");
    return NULL;
  }
  if (!json_is_string(v)) {
    complain(obj, key, "is not a string");
    return NULL;
  }
  return json_string_value(v);
}

long long wp_int(const json_t *obj, const char *key) {
  const json_t *v = json_object_get(obj, key);
  if (json_is_integer(v)) return (long long)json_integer_value(v);
  complain(obj, key, v == NULL ? "is missing" : "is not an integer");
  return -1;
}

static void print_flags(const json_t *test) {
  const json_t *flags = json_object_get(test, "flags");
  if (!json_is_array(flags) || json_array_size(flags) == 0) return;
  fprintf(stderr, " [");
  size_t i;
  const json_t *f;
  json_array_foreach(flags, i, f) fprintf(stderr, "%s%s", i ? "," : "", json_is_string(f) ? json_string_value(f) : "?");
  fprintf(stderr, "]");
}

void wp_record(wp_counts *c, const json_t *test, int ok, const char *what) {
  const json_t *r = json_object_get(test, "result");
  const char *result = json_is_string(r) ? json_string_value(r) : "";
  int pass;
  if (strcmp(result, "valid") == 0)
    pass = ok != 0;
  else if (strcmp(result, "invalid") == 0)
    pass = ok == 0;
  else if (strcmp(result, "acceptable") == 0)
    pass = 1;
  else
    pass = 0;  // unknown result value: never count it as passed
  if (pass) {
    c->passed++;
    return;
  }
  c->failed++;
  if (g_fail_lines++ < MAX_FAIL_LINES) {
    const json_t *cm = json_object_get(test, "comment");
    fprintf(stderr, "FAIL %s tcId %lld (%s): result \"%s\" but the operation %s; comment \"%s\"", g_file,
            tc_id(test), what ? what : "", result[0] ? result : "(no result field)",
            ok ? "succeeded" : "failed", json_is_string(cm) ? json_string_value(cm) : "");
    print_flags(test);
    fputc('\n', stderr);
  } else if (g_fail_lines == MAX_FAIL_LINES + 1) {
    fprintf(stderr, "(further failures not shown)\n");
  }
}

void wp_skip(wp_counts *c, const json_t *test, const char *why) {
  c->skipped++;
  if (getenv("CCE_WP_VERBOSE") != NULL)
    fprintf(stderr, "skip %s tcId %lld: %s\n", g_file, tc_id(test), why ? why : "");
}

// Longest-prefix match of the base name over every table.
static const wp_handler *find_handler(const char *base) {
  const wp_handler *best = NULL;
  size_t best_len = 0;
  for (size_t f = 0; f < NUM_FAMILIES; f++) {
    const wp_handler *t = family_table(f);
    if (t == NULL) continue;
    for (; t->prefix != NULL; t++) {
      size_t n = strlen(t->prefix);
      if (n >= best_len && strncmp(base, t->prefix, n) == 0 && t->fn != NULL) {
        if (n > best_len || best == NULL) {
          best = t;
          best_len = n;
        }
      }
    }
  }
  return best;
}

// --self-test: the helpers' rules, on made-up tests (a runner that cannot
// fail a test would be a defect).
static int self_test(void) {
  static const struct {
    const char *result;
    int ok;
    int want;  // 1 passed, 0 failed
  } cases[] = {
      {"valid", 1, 1},      {"valid", 0, 0},      {"invalid", 0, 1}, {"invalid", 1, 0},
      {"acceptable", 1, 1}, {"acceptable", 0, 1}, {"bogus", 1, 0},   {NULL, 1, 0},
  };
  int bad = 0;
  g_file = "self-test";
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    json_t *t = cases[i].result ? json_pack("{sisssss[]}", "tcId", (int)i + 1, "result", cases[i].result,
                                            "comment", "made up", "flags")
                                : json_pack("{si}", "tcId", (int)i + 1);
    wp_counts c = {0, 0, 0};
    g_fail_lines = MAX_FAIL_LINES + 2;  // keep the expected failures quiet
    wp_record(&c, t, cases[i].ok, "self-test");
    if (c.passed != (unsigned)cases[i].want || c.failed != (unsigned)!cases[i].want || c.skipped != 0) {
      printf("self-test: FAIL: result %s, ok %d counted %u/%u/%u\n", cases[i].result ? cases[i].result : "(none)",
             cases[i].ok, c.passed, c.failed, c.skipped);
      bad = 1;
    }
    json_decref(t);
  }
  wp_counts c = {0, 0, 0};
  json_t *t = json_pack("{sissssssss}", "tcId", 99, "empty", "", "key", "00ff7A", "odd", "abc", "nothex", "zz");
  wp_skip(&c, t, "self-test");
  if (c.skipped != 1 || c.passed != 0 || c.failed != 0) bad = 1;
  size_t n = 7;
  uint8_t *b = wp_hex(t, "empty", &n);
  if (b == NULL || n != 0) bad = 1;
  free(b);
  b = wp_hex(t, "key", &n);
  if (b == NULL || n != 3 || b[0] != 0x00 || b[1] != 0xff || b[2] != 0x7a) bad = 1;
  free(b);
  if ((b = wp_hex(t, "odd", &n)) != NULL) bad = 1;  // messages on stderr are expected
  free(b);
  if ((b = wp_hex(t, "nothex", &n)) != NULL) bad = 1;
  free(b);
  if ((b = wp_hex(t, "missing", &n)) != NULL) bad = 1;
  free(b);
  if (wp_int(t, "tcId") != 99 || wp_int(t, "key") != -1) bad = 1;
  if (wp_str(t, "key") == NULL || strcmp(wp_str(t, "key"), "00ff7A") != 0 || wp_str(t, "tcId") != NULL) bad = 1;
  json_decref(t);
  printf("self-test: %s\n", bad ? "FAILED" : "passed");
  return bad;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--self-test") == 0) return self_test();
  if (argc != 2) {
    fprintf(stderr, "usage: cce-wycheproof FILE.json | --self-test\n");
    return 1;
  }
  const char *path = argv[1];
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  g_file = base;

  const wp_handler *h = find_handler(base);
  if (h == NULL) {
    printf("%s: no handler for this file in this build (skipped)\n", base);
    return 77;
  }
  json_error_t err;
  json_t *root = json_load_file(path, 0, &err);
  if (root == NULL) {
    fprintf(stderr, "%s:%d:%d: %s\n", path, err.line, err.column, err.text);
    return 1;
  }
  if (!json_is_array(json_object_get(root, "testGroups"))) {
    fprintf(stderr, "%s: no testGroups array\n", base);
    json_decref(root);
    return 1;
  }
  wp_counts c = {0, 0, 0};
  int rc = h->fn(root, base, &c);
  const json_t *nt = json_object_get(root, "numberOfTests");
  unsigned total = c.passed + c.failed + c.skipped;
  printf("%s: %u passed, %u failed, %u skipped\n", base, c.passed, c.failed, c.skipped);
  int status = 0;
  if (rc != 0) {
    fprintf(stderr, "%s: the handler (prefix \"%s\") could not run this file\n", base, h->prefix);
    status = 1;
  }
  if (json_is_integer(nt) && (long long)json_integer_value(nt) != (long long)total) {
    // Every test must be accounted for: passed, failed or skipped.
    fprintf(stderr, "%s: %u tests counted but the file declares %lld\n", base, total,
            (long long)json_integer_value(nt));
    status = 1;
  }
  if (c.failed != 0) status = 1;
  if (status == 0 && c.passed == 0 && c.skipped > 0) {
    printf("%s: every test skipped\n", base);
    status = 77;
  }
  json_decref(root);
  return status;
}
