// cce hash: digests of files, printed and checked like sha256sum.

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "cce/hash.h"
#include "cli.h"

#define MAX_XOF_BYTES (1u << 20)

static void usage(void) {
  printf(
      "Usage: cce hash [-a ALG] [-l BYTES] [FILE...]\n"
      "       cce hash [-a ALG] [-l BYTES] -c [--quiet|--status] [--ignore-missing] [LIST...]\n"
      "\n"
      "Print the digest of each FILE as sha256sum does (\"HEX  NAME\"); with no FILE,\n"
      "or when FILE is -, read standard input (named \"-\").\n"
      "\n"
      "  -a, --algorithm ALG  %s\n"
      "                       %s (default: sha256)\n"
      "  -l, --length BYTES   output length of shake128/shake256 (default 32/64)\n"
      "  -c, --check          read \"HEX  NAME\" lines from each LIST (or stdin) and\n"
      "                       check the named files: prints \"NAME: OK\" or \"NAME: FAILED\"\n"
      "      --quiet          with -c: do not print OK lines\n"
      "      --status         with -c: print nothing; the exit status tells\n"
      "      --ignore-missing with -c: skip listed files that do not exist\n"
      "  -h, --help           this help\n"
      "\n"
      "Exit status: 0 all good; 1 a file could not be read, a digest did not match\n"
      "or a check line is malformed; 2 usage error.\n",
      cli_hash_names, cli_xof_names);
}

typedef struct hash_opts {
  cce_hash_alg alg;
  size_t out_len;  // digest bytes (SHAKE: -l)
  int quiet, status_only, ignore_missing;
} hash_opts;

typedef struct hash_job {
  cce_hash_ctx ctx;
  cce_status st;
} hash_job;

static int update_cb(void *arg, const uint8_t *data, size_t len) {
  hash_job *j = arg;
  j->st = cce_hash_update(&j->ctx, data, len);
  return j->st == CCE_OK ? 0 : -1;
}

// Digest of `path` into `out` (o->out_len bytes). Returns 0, a positive errno
// (file problem: nothing printed), or -1 after printing a module error.
static int digest_file(const hash_opts *o, const char *path, uint8_t *out) {
  hash_job j;
  j.st = cce_hash_init(&j.ctx, o->alg);
  if (j.st != CCE_OK) {
    cli_err("%s", cce_status_str(j.st));
    return -1;
  }
  int rc = cli_stream(path, update_cb, &j);
  if (rc == 0) j.st = cce_hash_final(&j.ctx, out, o->out_len);
  cce_hash_cleanup(&j.ctx);  // also after a SHAKE final, which leaves it live
  if (rc > 0) return rc;
  if (j.st != CCE_OK) {
    cli_err("%s: %s", path, cce_status_str(j.st));
    return -1;
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Printing digests.

static int hash_files(const hash_opts *o, int n, char **files) {
  static char *dash[] = {"-"};
  if (n == 0) {
    n = 1;
    files = dash;
  }
  uint8_t *dig = malloc(o->out_len);
  char *hex = malloc(2 * o->out_len + 1);
  if (!dig || !hex) {
    free(dig);
    free(hex);
    cli_err("out of memory");
    return CLI_EXIT_FAIL;
  }
  int ret = CLI_EXIT_OK;
  for (int i = 0; i < n; i++) {
    int rc = digest_file(o, files[i], dig);
    if (rc < 0) {
      ret = CLI_EXIT_FAIL;
      break;  // a module error will not go away for the next file
    }
    if (rc > 0) {
      cli_err_errno(rc, "%s", files[i]);
      ret = CLI_EXIT_FAIL;
      continue;
    }
    cli_hex_encode(hex, dig, o->out_len);
    cli_print_sum(stdout, hex, files[i]);
  }
  free(dig);
  free(hex);
  return ret;
}

// ---------------------------------------------------------------------------
// Checking a list (-c).

// Name of a file in a check result line: escaped like coreutils does when it
// holds a newline or carriage return.
static void print_check_name(const char *name) {
  int esc = strpbrk(name, "\n\r") != NULL;
  if (esc) putchar('\\');
  for (const char *p = name; *p; p++) {
    if (esc && *p == '\\')
      fputs("\\\\", stdout);
    else if (esc && *p == '\n')
      fputs("\\n", stdout);
    else if (esc && *p == '\r')
      fputs("\\r", stdout);
    else
      putchar(*p);
  }
}

// Parses "HEX  NAME" / "HEX *NAME" (optionally starting with '\' when NAME
// is escaped). On success the digest is in `want`, the name (unescaped, in
// place) in *name. Returns 0 or -1 if malformed.
static int parse_check_line(char *line, size_t hex_len, uint8_t *want, char **name) {
  char *p = line;
  while (*p == ' ' || *p == '\t') p++;
  int escaped = 0;
  if (*p == '\\') {
    escaped = 1;
    p++;
  }
  size_t h = 0;
  while (p[h] && p[h] != ' ' && p[h] != '\t') h++;
  if (h != hex_len || cli_hex_decode_buf(p, h, want, hex_len / 2) < 0) return -1;
  p += h;
  if (p[0] != ' ' || (p[1] != ' ' && p[1] != '*')) return -1;
  p += 2;
  if (*p == '\0') return -1;
  if (escaped) {
    char *w = p;
    for (char *r = p; *r; r++) {
      if (*r != '\\') {
        *w++ = *r;
        continue;
      }
      r++;
      if (*r == '\\')
        *w++ = '\\';
      else if (*r == 'n')
        *w++ = '\n';
      else if (*r == 'r')
        *w++ = '\r';
      else
        return -1;
    }
    *w = '\0';
  }
  *name = p;
  return 0;
}

static void warn_count(size_t n, const char *one, const char *many) {
  if (n == 0) return;
  cli_err("WARNING: %zu %s", n, n == 1 ? one : many);
}

// Returns 0 if every line was good, 1 otherwise, -1 on a module error.
static int check_list(const hash_opts *o, const char *list, uint8_t *got, uint8_t *want) {
  FILE *f = stdin;
  if (strcmp(list, "-") != 0) {
    f = fopen(list, "r");
    if (!f) {
      cli_err_errno(errno, "%s", list);
      return 1;
    }
  }
  const char *lname = strcmp(list, "-") == 0 ? "standard input" : list;
  char *line = NULL;
  size_t cap = 0, lineno = 0;
  size_t n_good_lines = 0, n_malformed = 0, n_unreadable = 0, n_mismatch = 0;
  int module_err = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, f)) >= 0) {
    lineno++;
    if (len > 0 && line[len - 1] == '\n') line[--len] = '\0';
    if (len > 0 && line[len - 1] == '\r') line[--len] = '\0';
    if (len == 0 || line[0] == '#') continue;  // blank lines and comments
    char *name = NULL;
    if ((size_t)len != strlen(line) || parse_check_line(line, 2 * o->out_len, want, &name) != 0) {
      cli_err("%s: %zu: improperly formatted %s checksum line", lname, lineno,
              cli_hash_short_name(o->alg));
      n_malformed++;
      continue;
    }
    n_good_lines++;
    int rc = digest_file(o, name, got);
    if (rc < 0) {
      module_err = 1;
      break;
    }
    if (rc > 0) {
      if (rc == ENOENT && o->ignore_missing) continue;
      cli_err_errno(rc, "%s", name);
      n_unreadable++;
      if (!o->status_only) {
        print_check_name(name);
        fputs(": FAILED open or read\n", stdout);
      }
      continue;
    }
    int ok = memcmp(got, want, o->out_len) == 0;
    if (!ok) n_mismatch++;
    if (!o->status_only && !(ok && o->quiet)) {
      print_check_name(name);
      fputs(ok ? ": OK\n" : ": FAILED\n", stdout);
    }
  }
  int read_err = ferror(f);
  free(line);
  if (f != stdin) fclose(f);
  if (module_err) return -1;
  if (read_err) {
    cli_err("%s: read error", lname);
    return 1;
  }
  if (n_good_lines == 0) {
    cli_err("%s: no properly formatted checksum lines found", lname);
    return 1;
  }
  if (!o->status_only) {
    warn_count(n_malformed, "line is improperly formatted", "lines are improperly formatted");
    warn_count(n_unreadable, "listed file could not be read", "listed files could not be read");
    warn_count(n_mismatch, "computed checksum did NOT match", "computed checksums did NOT match");
  }
  return (n_malformed || n_unreadable || n_mismatch) ? 1 : 0;
}

static int check_lists(const hash_opts *o, int n, char **lists) {
  static char *dash[] = {"-"};
  if (n == 0) {
    n = 1;
    lists = dash;
  }
  uint8_t *got = malloc(o->out_len), *want = malloc(o->out_len);
  if (!got || !want) {
    free(got);
    free(want);
    cli_err("out of memory");
    return CLI_EXIT_FAIL;
  }
  int ret = CLI_EXIT_OK;
  for (int i = 0; i < n; i++) {
    int rc = check_list(o, lists[i], got, want);
    if (rc != 0) ret = CLI_EXIT_FAIL;
    if (rc < 0) break;
  }
  free(got);
  free(want);
  return ret;
}

// ---------------------------------------------------------------------------

enum { OPT_QUIET = 256, OPT_STATUS, OPT_IGNORE_MISSING };

int cmd_hash(int argc, char **argv) {
  static const struct option longopts[] = {
      {"algorithm", required_argument, NULL, 'a'},
      {"length", required_argument, NULL, 'l'},
      {"check", no_argument, NULL, 'c'},
      {"quiet", no_argument, NULL, OPT_QUIET},
      {"status", no_argument, NULL, OPT_STATUS},
      {"ignore-missing", no_argument, NULL, OPT_IGNORE_MISSING},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  hash_opts o = {.alg = CCE_HASH_SHA256};
  const char *alg_name = "sha256", *len_arg = NULL;
  int check = 0, c;
  while ((c = getopt_long(argc, argv, "a:l:ch", longopts, NULL)) != -1) {
    switch (c) {
      case 'a': alg_name = optarg; break;
      case 'l': len_arg = optarg; break;
      case 'c': check = 1; break;
      case OPT_QUIET: o.quiet = 1; break;
      case OPT_STATUS: o.status_only = 1; break;
      case OPT_IGNORE_MISSING: o.ignore_missing = 1; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (cli_parse_hash_alg(alg_name, 1, &o.alg) != 0) return CLI_EXIT_USAGE;
  int xof = (o.alg == CCE_HASH_SHAKE128 || o.alg == CCE_HASH_SHAKE256);
  if (xof) {
    o.out_len = o.alg == CCE_HASH_SHAKE128 ? 32 : 64;
    if (len_arg && cli_parse_size(len_arg, 1, MAX_XOF_BYTES, &o.out_len) != 0)
      return cli_usage_err("invalid output length '%s' (1 to %u bytes)", len_arg, MAX_XOF_BYTES);
  } else {
    if (len_arg) return cli_usage_err("-l applies to shake128 and shake256 only");
    o.out_len = cce_hash_digest_len(o.alg);
  }
  if (!check && (o.quiet || o.status_only || o.ignore_missing))
    return cli_usage_err("--quiet, --status and --ignore-missing apply to -c only");
  if (check) return check_lists(&o, argc - optind, argv + optind);
  return hash_files(&o, argc - optind, argv + optind);
}
