// cce-acvp: answer one ACVP vector set with OpenCCE.
//
//   cce-acvp [-o RESPONSE.json] PROMPT.json      (PROMPT "-" reads stdin)
//
// Reads the prompt (the NIST ACVP server's JSON: {vsId, algorithm, mode?,
// revision, isSample, testGroups: [...]}, or the server's [{acvVersion},
// {...}] array form), finds the handler for (algorithm, mode, revision) in
// the family tables and writes a response shaped like the set's
// expectedResults.json. A group the module does not implement is answered
// {"tgId": N, "unsupported": true, "reason": "..."}.
//
// Exit status: 0 answered; 1 malformed input or handler error (named on
// stderr); 2 no handler for this algorithm/mode/revision (ctest: skipped).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acvp.h"

// Every family table is weak: a family that is not built is simply absent.
extern const acvp_handler acvp_handlers_sha[] __attribute__((weak));
extern const acvp_handler acvp_handlers_hmac[] __attribute__((weak));
extern const acvp_handler acvp_handlers_kdf[] __attribute__((weak));
extern const acvp_handler acvp_handlers_aes[] __attribute__((weak));
extern const acvp_handler acvp_handlers_gcm[] __attribute__((weak));
extern const acvp_handler acvp_handlers_drbg[] __attribute__((weak));
extern const acvp_handler acvp_handlers_ec[] __attribute__((weak));
extern const acvp_handler acvp_handlers_eddsa[] __attribute__((weak));
extern const acvp_handler acvp_handlers_rsa[] __attribute__((weak));
extern const acvp_handler acvp_handlers_mlkem[] __attribute__((weak));
extern const acvp_handler acvp_handlers_mldsa[] __attribute__((weak));
extern const acvp_handler acvp_handlers_lms[] __attribute__((weak));

// acvp_util.c
const char *acvp_get_reason(void);
void acvp_clear_reason(void);

static const acvp_handler *family_table(size_t i) {
  switch (i) {
    case 0: return acvp_handlers_sha;
    case 1: return acvp_handlers_hmac;
    case 2: return acvp_handlers_kdf;
    case 3: return acvp_handlers_aes;
    case 4: return acvp_handlers_gcm;
    case 5: return acvp_handlers_drbg;
    case 6: return acvp_handlers_ec;
    case 7: return acvp_handlers_eddsa;
    case 8: return acvp_handlers_rsa;
    case 9: return acvp_handlers_mlkem;
    case 10: return acvp_handlers_mldsa;
    case 11: return acvp_handlers_lms;
    default: return NULL;
  }
}
#define NUM_FAMILIES 12

// Finds the handler; *algorithm_known tells whether any table knows the
// algorithm at all (to name the problem precisely).
static const acvp_handler *find_handler(const char *alg, const char *mode, const char *rev,
                                        int *algorithm_known) {
  *algorithm_known = 0;
  for (size_t f = 0; f < NUM_FAMILIES; f++) {
    const acvp_handler *t = family_table(f);
    if (t == NULL) continue;
    for (; t->algorithm != NULL; t++) {
      if (strcmp(t->algorithm, alg) != 0) continue;
      *algorithm_known = 1;
      if (t->mode != NULL && (mode == NULL || strcmp(t->mode, mode) != 0)) continue;
      if (t->revision != NULL && strcmp(t->revision, rev) != 0) continue;
      return t;
    }
  }
  return NULL;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int usage(void) {
  fprintf(stderr,
          "usage: cce-acvp [-o RESPONSE.json] PROMPT.json\n"
          "Answers one ACVP vector set (prompt.json) with OpenCCE; writes the response\n"
          "(shaped like expectedResults.json) to stdout or RESPONSE.json.\n"
          "Exit: 0 answered, 1 malformed input or error, 2 algorithm not supported.\n");
  return 1;
}

int main(int argc, char **argv) {
  const char *in_path = NULL, *out_path = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
      out_path = argv[++i];
    } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      usage();
      return 0;
    } else if (in_path == NULL) {
      in_path = argv[i];
    } else {
      return usage();
    }
  }
  if (in_path == NULL) return usage();

  json_error_t err;
  json_t *root = strcmp(in_path, "-") == 0 ? json_loadf(stdin, 0, &err) : json_load_file(in_path, 0, &err);
  if (root == NULL) {
    fprintf(stderr, "cce-acvp: %s:%d:%d: %s\n", in_path, err.line, err.column, err.text);
    return 1;
  }
  // The server's own files are [{"acvVersion": ...}, {vector set}].
  json_t *vs = root;
  json_t *version_obj = NULL;
  if (json_is_array(root)) {
    vs = NULL;
    for (size_t i = 0; i < json_array_size(root); i++) {
      json_t *e = json_array_get(root, i);
      if (json_object_get(e, "testGroups") != NULL) vs = e;
      else if (json_object_get(e, "acvVersion") != NULL) version_obj = e;
    }
  }
  if (!json_is_object(vs)) {
    fprintf(stderr, "cce-acvp: %s: no vector set object (with \"testGroups\") found\n", in_path);
    return 1;
  }
  const char *alg = acvp_str(vs, "algorithm");
  const json_t *jmode = json_object_get(vs, "mode");
  const char *mode = json_is_string(jmode) ? json_string_value(jmode) : NULL;
  const int show_mode = mode != NULL && mode[0] != '\0';
  const char *rev = acvp_str(vs, "revision");
  const json_t *groups = json_object_get(vs, "testGroups");
  if (alg == NULL || rev == NULL || !json_is_array(groups)) {
    fprintf(stderr, "cce-acvp: %s: malformed prompt (needs algorithm, revision, testGroups[])\n", in_path);
    return 1;
  }

  int known = 0;
  const acvp_handler *h = find_handler(alg, mode, rev, &known);
  if (h == NULL) {
    if (!known)
      fprintf(stderr, "cce-acvp: no handler for algorithm \"%s\" (not supported by this build)\n", alg);
    else
      fprintf(stderr, "cce-acvp: algorithm \"%s\" is supported but not mode \"%s\" revision \"%s\"\n", alg,
              mode ? mode : "(none)", rev);
    return 2;
  }

  json_t *resp = json_object();
  json_t *vsid = json_object_get(vs, "vsId");
  json_object_set_new(resp, "vsId", vsid != NULL ? json_deep_copy(vsid) : json_integer(0));
  json_object_set_new(resp, "algorithm", json_string(alg));
  if (mode != NULL) json_object_set_new(resp, "mode", json_string(mode));
  json_object_set_new(resp, "revision", json_string(rev));
  json_t *sample = json_object_get(vs, "isSample");
  if (sample != NULL) json_object_set(resp, "isSample", sample);
  json_t *rgroups = json_array();
  json_object_set_new(resp, "testGroups", rgroups);

  double t0 = now_s();
  size_t n_groups = 0, n_unsup = 0, n_tests = 0;
  for (size_t gi = 0; gi < json_array_size(groups); gi++) {
    const json_t *g = json_array_get(groups, gi);
    const json_t *tgid = json_object_get(g, "tgId");
    if (!json_is_object(g) || tgid == NULL) {
      fprintf(stderr, "cce-acvp: %s: test group #%zu has no tgId\n", in_path, gi);
      return 1;
    }
    json_t *rg = json_object();
    json_object_set(rg, "tgId", (json_t *)tgid);
    acvp_clear_reason();
    int rc = h->fn(vs, g, rg);
    n_groups++;
    if (rc == ACVP_OK) {
      if (json_object_get(rg, "tests") == NULL) json_object_set_new(rg, "tests", json_array());
      n_tests += json_array_size(json_object_get(rg, "tests"));
      json_array_append_new(rgroups, rg);
    } else if (rc == ACVP_UNSUPPORTED) {
      json_decref(rg);
      rg = json_object();
      json_object_set(rg, "tgId", (json_t *)tgid);
      json_object_set_new(rg, "unsupported", json_true());
      const char *why = acvp_get_reason();
      json_object_set_new(rg, "reason", json_string(why[0] ? why : "not supported by OpenCCE"));
      json_array_append_new(rgroups, rg);
      n_unsup++;
    } else {
      const char *why = acvp_get_reason();
      fprintf(stderr, "cce-acvp: %s %s: tgId %lld: error: %s\n", alg, rev,
              json_is_integer(tgid) ? (long long)json_integer_value(tgid) : -1LL,
              why[0] ? why : "handler failed");
      json_decref(rg);
      json_decref(resp);
      json_decref(root);
      return 1;
    }
  }

  json_t *out_root = resp;
  if (version_obj != NULL) {
    out_root = json_array();
    json_array_append(out_root, version_obj);
    json_array_append(out_root, resp);
  }
  int rc = 0;
  size_t flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER;
  if (out_path != NULL) {
    if (json_dump_file(out_root, out_path, flags) != 0) {
      fprintf(stderr, "cce-acvp: cannot write %s\n", out_path);
      rc = 1;
    }
  } else {
    if (json_dumpf(out_root, stdout, flags) != 0 || fputc('\n', stdout) == EOF || fflush(stdout) != 0) {
      fprintf(stderr, "cce-acvp: cannot write the response\n");
      rc = 1;
    }
  }
  fprintf(stderr, "cce-acvp: %s%s%s %s: %zu groups (%zu unsupported), %zu answers, %.2f s\n", alg,
          show_mode ? " " : "", show_mode ? mode : "", rev, n_groups, n_unsup, n_tests, now_s() - t0);
  if (out_root != resp) json_decref(out_root);
  json_decref(resp);
  json_decref(root);
  return rc;
}
