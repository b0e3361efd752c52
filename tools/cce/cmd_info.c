// cce info: what the module is, what state it is in, which CPU paths it
// uses, which algorithms it offers and how its self-tests went.

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cce/hash.h"
#include "cce/module.h"
#include "cli.h"

static void usage(void) {
  printf(
      "Usage: cce info [--json]\n"
      "\n"
      "Print the module name and version, its state, the CPU features detected and\n"
      "in use, the implementation chosen for each primitive, the algorithms and the\n"
      "self-test registry with the results of the tests run so far in this process\n"
      "(run 'cce selftest' to run them all).\n"
      "\n"
      "  --json      one JSON object instead of text\n"
      "  -h, --help  this help\n"
      "\n"
      "Exit status: 0 module operational (or not yet tested), 1 module in its error\n"
      "state, 2 usage error.\n");
}

static const char *const primitives[] = {"sha256", "sha1", "sha512", "keccak", "aes", "ghash"};
#define NUM_PRIMITIVES (sizeof primitives / sizeof primitives[0])

static const char *result_str(cce_selftest_result r) {
  switch (r) {
    case CCE_SELFTEST_PASSED: return "passed";
    case CCE_SELFTEST_FAILED: return "failed";
    default: return "not run";
  }
}

// ---------------------------------------------------------------------------
static void print_features(const char *label, uint32_t bits) {
  printf("%-22s", label);
  int any = 0;
  for (unsigned i = 0; i < CCE_CPU_FEATURE_COUNT; i++) {
    const char *n = cce_cpu_feature_name(i);
    if (n && (bits & (1u << i))) {
      printf(" %s", n);
      any = 1;
    }
  }
  printf("%s\n", any ? "" : " (none)");
}

static void info_text(cce_module_state state) {
  printf("%-22s %s\n", "module:", CCE_MODULE_NAME);
  printf("%-22s %s\n", "version:", cce_version());
  printf("%-22s %s\n", "state:", cce_module_state_str(state));
  if (state == CCE_STATE_ERROR) printf("%-22s %s\n", "error reason:", cce_module_error_reason());
  print_features("cpu detected:", cce_cpu_features_detected());
  print_features("cpu in use:", cce_cpu_features());
  const char *env = getenv("CCE_CPU");
  if (env) printf("%-22s %s\n", "CCE_CPU:", env);
  printf("implementations:\n");
  for (size_t i = 0; i < NUM_PRIMITIVES; i++)
    printf("  %-20s %s\n", primitives[i], cce_impl_name(primitives[i]));
  printf("%-22s %s\n", "integrity test:", cce_integrity_state());
  printf("algorithms:\n");
  for (size_t i = 0; i < cce_algorithm_count(); i++) {
    const cce_algorithm_info *a = cce_algorithm_get(i);
    printf("  %-16s %-13s %s%s%s\n", a->name, a->approved ? "approved" : "not approved", a->standard,
           a->parameters[0] ? "; " : "", a->parameters);
  }
  size_t count = cce_selftest_count();
  printf("self-tests (%zu):\n", count);
  for (size_t i = 0; i < count; i++) {
    cce_selftest_info t;
    if (cce_selftest_get(i, &t) != CCE_OK) continue;
    char dur[32] = "";
    if (t.result != CCE_SELFTEST_NOT_RUN) cli_fmt_duration(dur, sizeof dur, t.duration_ns);
    printf("  %-8s %-42s %-9s %s\n", result_str(t.result), t.name, t.kind, dur);
  }
}

// ---------------------------------------------------------------------------
// JSON output (written by hand: the tool does not link a JSON library).

static void json_features(uint32_t bits) {
  putchar('[');
  int first = 1;
  for (unsigned i = 0; i < CCE_CPU_FEATURE_COUNT; i++) {
    const char *n = cce_cpu_feature_name(i);
    if (n && (bits & (1u << i))) {
      if (!first) fputs(", ", stdout);
      cli_json_str(stdout, n);
      first = 0;
    }
  }
  putchar(']');
}

static void info_json(cce_module_state state) {
  printf("{\n  \"module\": ");
  cli_json_str(stdout, CCE_MODULE_NAME);
  printf(",\n  \"version\": ");
  cli_json_str(stdout, cce_version());
  printf(",\n  \"tool_version\": ");
  cli_json_str(stdout, CCE_VERSION_STRING);
  printf(",\n  \"state\": ");
  cli_json_str(stdout, cce_module_state_str(state));
  printf(",\n  \"error_reason\": ");
  cli_json_str(stdout, state == CCE_STATE_ERROR ? cce_module_error_reason() : "");
  printf(",\n  \"cpu\": {\n    \"detected\": ");
  json_features(cce_cpu_features_detected());
  printf(",\n    \"in_use\": ");
  json_features(cce_cpu_features());
  printf(",\n    \"override\": ");
  const char *env = getenv("CCE_CPU");
  if (env)
    cli_json_str(stdout, env);
  else
    fputs("null", stdout);
  printf("\n  },\n  \"implementations\": {");
  for (size_t i = 0; i < NUM_PRIMITIVES; i++) {
    printf("%s\n    ", i ? "," : "");
    cli_json_str(stdout, primitives[i]);
    fputs(": ", stdout);
    cli_json_str(stdout, cce_impl_name(primitives[i]));
  }
  printf("\n  },\n  \"integrity\": {\"state\": ");
  cli_json_str(stdout, cce_integrity_state());
  uint8_t dig[32];
  if (cce_integrity_digest(dig) == CCE_OK) {
    fputs(", \"hmac_sha256\": \"", stdout);
    for (int i = 0; i < 32; i++) printf("%02x", dig[i]);
    putchar('"');
  }
  printf("},\n  \"algorithms\": [");
  for (size_t i = 0; i < cce_algorithm_count(); i++) {
    const cce_algorithm_info *a = cce_algorithm_get(i);
    printf("%s\n    {\"name\": ", i ? "," : "");
    cli_json_str(stdout, a->name);
    fputs(", \"parameters\": ", stdout);
    cli_json_str(stdout, a->parameters);
    fputs(", \"standard\": ", stdout);
    cli_json_str(stdout, a->standard);
    printf(", \"approved\": %s, \"notes\": ", a->approved ? "true" : "false");
    cli_json_str(stdout, a->notes);
    putchar('}');
  }
  printf("\n  ],\n  \"indicator\": [");
  for (size_t i = 0; i < cce_indicator_rule_count(); i++) {
    const cce_indicator_rule *r = cce_indicator_rule_get(i);
    printf("%s\n    {\"service\": ", i ? "," : "");
    cli_json_str(stdout, r->service);
    fputs(", \"condition\": ", stdout);
    cli_json_str(stdout, r->condition);
    printf(", \"approved\": %s}", r->approved ? "true" : "false");
  }
  printf("\n  ],\n  \"boundary\": [");
  const char *p = cce_module_boundary();
  int firstb = 1;
  while (*p) {
    const char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    char buf[512];
    if (n >= sizeof buf) n = sizeof buf - 1;
    memcpy(buf, p, n);
    buf[n] = 0;
    printf("%s\n    ", firstb ? "" : ",");
    cli_json_str(stdout, buf);
    firstb = 0;
    p += n;
    if (*p == '\n') p++;
  }
  printf("\n  ],\n  \"selftests\": [");
  size_t count = cce_selftest_count();
  int first = 1;
  for (size_t i = 0; i < count; i++) {
    cce_selftest_info t;
    if (cce_selftest_get(i, &t) != CCE_OK) continue;
    printf("%s\n    {\"name\": ", first ? "" : ",");
    first = 0;
    cli_json_str(stdout, t.name);
    fputs(", \"algorithm\": ", stdout);
    cli_json_str(stdout, t.algorithm);
    fputs(", \"kind\": ", stdout);
    cli_json_str(stdout, t.kind);
    fputs(", \"result\": ", stdout);
    cli_json_str(stdout, result_str(t.result));
    printf(", \"duration_ns\": %llu}", (unsigned long long)t.duration_ns);
  }
  printf("%s]\n}\n", first ? "" : "\n  ");
}

int cmd_info(int argc, char **argv) {
  static const struct option longopts[] = {
      {"json", no_argument, NULL, 'j'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  int json = 0, c;
  while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    switch (c) {
      case 'j': json = 1; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind < argc) return cli_usage_err("unexpected argument '%s'", argv[optind]);
  cce_module_state state = cce_module_status();
  if (json)
    info_json(state);
  else
    info_text(state);
  if (state == CCE_STATE_ERROR) {
    cli_err("the module is in its error state (failed: %s)", cce_module_error_reason());
    return CLI_EXIT_FAIL;
  }
  return CLI_EXIT_OK;
}
