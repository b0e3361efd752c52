// Fault injection: every self-test of the registry, broken in turn (test
// build, CCE_FAULT_INJECT=<name>), must stop the module and be named as the
// reason. The list comes from the registry, so a new algorithm's test is
// covered without editing this file. Each case runs in a fresh process
// (re-exec of this program), so power-up tests are broken at load time.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cce/hash.h"
#include "cce/module.h"

static int child(const char *name) {
  // Power-up tests may already have failed at load; otherwise run them all.
  cce_status st = CCE_ERR_SELFTEST;
  if (cce_module_status() != CCE_STATE_ERROR) st = cce_module_selftest();
  if (st == CCE_OK) {
    fprintf(stderr, "  %s: broken, yet cce_module_selftest() passed\n", name);
    return 10;
  }
  if (cce_module_status() != CCE_STATE_ERROR) {
    fprintf(stderr, "  %s: module not in ERROR state\n", name);
    return 11;
  }
  if (strcmp(cce_module_error_reason(), name) != 0) {
    fprintf(stderr, "  %s: reason is \"%s\"\n", name, cce_module_error_reason());
    return 12;
  }
  uint8_t d[32];
  if (cce_hash(CCE_HASH_SHA256, d, sizeof d, "abc", 3) != CCE_ERR_MODULE_STATE) {
    fprintf(stderr, "  %s: a service still answered in the error state\n", name);
    return 13;
  }
  if (cce_module_selftest() != CCE_ERR_MODULE_STATE) return 14;
  // Status and self-description still answer.
  if (cce_version() == NULL || cce_selftest_count() == 0) return 15;
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--child") == 0) return child(argv[2]);
  unsigned passed = 0, failed = 0;
  size_t n = cce_selftest_count();
  if (n < 10) {
    fprintf(stderr, "registry too small: %zu\n", n);
    failed++;
  }
  // Unbroken, every test passes.
  if (cce_module_selftest() != CCE_OK) {
    fprintf(stderr, "unbroken module fails its self-tests (%s)\n", cce_module_error_reason());
    failed++;
  } else {
    passed++;
  }
  for (size_t i = 0; i < n; i++) {
    cce_selftest_info info;
    if (cce_selftest_get(i, &info) != CCE_OK) { failed++; continue; }
    pid_t pid = fork();
    if (pid == 0) {
      setenv("CCE_FAULT_INJECT", info.name, 1);
      execl("/proc/self/exe", argv[0], "--child", info.name, (char *)NULL);
      _exit(127);
    }
    int ws = 0;
    waitpid(pid, &ws, 0);
    if (WIFEXITED(ws) && WEXITSTATUS(ws) == 0) {
      passed++;
    } else {
      fprintf(stderr, "FAIL: breaking \"%s\" did not stop the module (exit %d)\n", info.name,
              WIFEXITED(ws) ? WEXITSTATUS(ws) : -1);
      failed++;
    }
  }
  printf("%u passed, %u failed\n", passed, failed);
  return failed ? 1 : 0;
}
