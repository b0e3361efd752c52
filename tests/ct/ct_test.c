// Runner of the constant-time check: runs every CT_CASE linked in (see ct.h).
//   cce-ct-test [--list] [ID...]
// Meant to be run under valgrind (tests/ct/run_ct.sh); without valgrind the
// cases still run and their functional checks still count, but nothing about
// timing is checked (a note says so).

#include <string.h>

#include "ct.h"

extern const ct_case *const __start_cce_ct_cases[] __attribute__((weak));
extern const ct_case *const __stop_cce_ct_cases[] __attribute__((weak));

int ct_failures;

void ct_fail(const char *file, int line, const char *what) {
  ct_failures++;
  printf("  FAILED at %s:%d: %s\n", file, line, what);
}

void ct_fill(void *p, size_t n, uint8_t seed) {
  uint8_t *b = p;
  for (size_t i = 0; i < n; i++) b[i] = (uint8_t)(seed + 131 * i + (i >> 8));
}

static int selected(const char *id, int argc, char **argv) {
  if (argc < 2) return 1;
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], id) == 0) return 1;
  return 0;
}

int main(int argc, char **argv) {
  int list = argc > 1 && strcmp(argv[1], "--list") == 0;
  size_t n = (size_t)(__stop_cce_ct_cases - __start_cce_ct_cases);
  if (!__start_cce_ct_cases) n = 0;
  if (!list && !RUNNING_ON_VALGRIND)
    printf("note: not running under valgrind: only the functional checks are made\n");
  int ran = 0;
  for (size_t i = 0; i < n; i++) {
    const ct_case *c = __start_cce_ct_cases[i];
    if (list) {
      printf("%-28s %s\n", c->id, c->label);
      continue;
    }
    if (!selected(c->id, argc, argv)) continue;
    printf("ct: %s: %s\n", c->id, c->label);
    fflush(stdout);
    c->fn();
    ran++;
  }
  if (list) return 0;
  if (ran == 0) {
    printf("no case selected\n");
    return 1;
  }
  printf("%d cases run, %d functional failures\n", ran, ct_failures);
  return ct_failures ? 1 : 0;
}
