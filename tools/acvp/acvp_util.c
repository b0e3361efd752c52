// cce-acvp helpers: field access with messages that name the field and the
// test, hex codecs, the reason string for unsupported/error answers.
// See acvp.h.

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acvp.h"

static char g_reason[512];

// Defined here for main.c (not part of acvp.h): the last reason set, "" if none.
const char *acvp_get_reason(void);
void acvp_clear_reason(void);

const char *acvp_get_reason(void) { return g_reason; }
void acvp_clear_reason(void) { g_reason[0] = '\0'; }

void acvp_set_reason(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(g_reason, sizeof g_reason, fmt, ap);
  va_end(ap);
}

// Names the object in messages: "tcId 12", "tgId 3" or "object".
static void where(const json_t *obj, char *buf, size_t n) {
  const json_t *id = json_object_get(obj, "tcId");
  const char *what = "tcId";
  if (id == NULL) {
    id = json_object_get(obj, "tgId");
    what = "tgId";
  }
  if (json_is_integer(id))
    snprintf(buf, n, "%s %lld", what, (long long)json_integer_value(id));
  else if (json_is_string(id))
    snprintf(buf, n, "%s %s", what, json_string_value(id));
  else
    snprintf(buf, n, "object");
}

static void field_error(const json_t *obj, const char *key, const char *problem) {
  char w[64];
  where(obj, w, sizeof w);
  fprintf(stderr, "cce-acvp: %s: field \"%s\" %s\n", w, key, problem);
  acvp_set_reason("%s: field \"%s\" %s", w, key, problem);
}

const char *acvp_str(const json_t *obj, const char *key) {
  const json_t *v = json_object_get(obj, key);
  if (v == NULL) {
    field_error(obj, key, "is missing");
    return NULL;
  }
  if (!json_is_string(v)) {
    field_error(obj, key, "is not a string");
    return NULL;
  }
  return json_string_value(v);
}

int acvp_int(const json_t *obj, const char *key, long long *out) {
  const json_t *v = json_object_get(obj, key);
  if (v == NULL) {
    field_error(obj, key, "is missing");
    return -1;
  }
  if (json_is_integer(v)) {
    *out = (long long)json_integer_value(v);
    return 0;
  }
  // Some producers write numbers as strings; accept plain decimal digits.
  if (json_is_string(v)) {
    const char *s = json_string_value(v);
    char *end = NULL;
    long long x = strtoll(s, &end, 10);
    if (*s != '\0' && end != NULL && *end == '\0') {
      *out = x;
      return 0;
    }
  }
  field_error(obj, key, "is not an integer");
  return -1;
}

int acvp_bool(const json_t *obj, const char *key, int *out) {
  const json_t *v = json_object_get(obj, key);
  if (v == NULL) {
    field_error(obj, key, "is missing");
    return -1;
  }
  if (!json_is_boolean(v)) {
    field_error(obj, key, "is not a boolean");
    return -1;
  }
  *out = json_is_true(v) ? 1 : 0;
  return 0;
}

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

uint8_t *acvp_unhex(const char *s, size_t *len) {
  if (s == NULL) return NULL;
  size_t n = strlen(s);
  if (n % 2 != 0) {
    acvp_set_reason("hex string of odd length %zu", n);
    return NULL;
  }
  uint8_t *buf = malloc(n / 2 + 1);  // +1: never malloc(0)
  if (buf == NULL) {
    acvp_set_reason("out of memory");
    return NULL;
  }
  for (size_t i = 0; i < n / 2; i++) {
    int hi = hexval((unsigned char)s[2 * i]), lo = hexval((unsigned char)s[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      acvp_set_reason("bad hex digit at offset %zu", 2 * i);
      free(buf);
      return NULL;
    }
    buf[i] = (uint8_t)(hi << 4 | lo);
  }
  if (len != NULL) *len = n / 2;
  return buf;
}

uint8_t *acvp_hex(const json_t *obj, const char *key, size_t *len) {
  const char *s = acvp_str(obj, key);
  if (s == NULL) return NULL;
  uint8_t *buf = acvp_unhex(s, len);
  if (buf == NULL) {
    char problem[600];
    snprintf(problem, sizeof problem, "is not valid hex (%s)", g_reason);
    field_error(obj, key, problem);
  }
  return buf;
}

void acvp_set_hex(json_t *obj, const char *key, const uint8_t *buf, size_t len) {
  static const char digits[] = "0123456789ABCDEF";
  char *s = malloc(2 * len + 1);
  if (s == NULL) {
    fprintf(stderr, "cce-acvp: out of memory\n");
    exit(1);
  }
  for (size_t i = 0; i < len; i++) {
    s[2 * i] = digits[buf[i] >> 4];
    s[2 * i + 1] = digits[buf[i] & 15];
  }
  s[2 * len] = '\0';
  json_object_set_new(obj, key, json_string(s));
  free(s);
}

json_t *acvp_add_test(json_t *resp_group, const json_t *prompt_test) {
  json_t *tests = json_object_get(resp_group, "tests");
  if (tests == NULL) {
    tests = json_array();
    json_object_set_new(resp_group, "tests", tests);
  }
  json_t *t = json_object();
  const json_t *id = json_object_get(prompt_test, "tcId");
  json_object_set_new(t, "tcId", id != NULL ? json_deep_copy(id) : json_null());
  json_array_append_new(tests, t);
  return t;
}
