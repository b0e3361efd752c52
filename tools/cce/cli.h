// cli.h: helpers shared by the subcommands of the `cce` tool.
//
// A subcommand is a function `int cmd_NAME(int argc, char **argv)` (see
// main.c). It receives argv[0] == "cce NAME" (so getopt's own messages read
// "cce NAME: invalid option -- 'x'") and returns an exit status:
//   CLI_EXIT_OK (0)      success
//   CLI_EXIT_FAIL (1)    the operation failed (bad file, digest mismatch, ...)
//   CLI_EXIT_USAGE (2)   usage error (unknown option or algorithm, bad value)
// Every subcommand answers `--help` (and `-h`) by printing its usage to
// stdout and returning 0: `cce help NAME` and `cce NAME --help` both go
// through it. Errors go to stderr as "cce NAME: problem" via cli_err().
//
// Outside the module boundary: this code may allocate and do I/O; it uses
// only the public API in include/cce/.

#ifndef CCE_TOOLS_CLI_H
#define CCE_TOOLS_CLI_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cce/hash.h"

#define CLI_EXIT_OK 0
#define CLI_EXIT_FAIL 1
#define CLI_EXIT_USAGE 2

// Chunk size for streaming reads (constant memory, whatever the file size).
#define CLI_CHUNK (64u * 1024u)

// ---------------------------------------------------------------------------
// Messages.

// cli_cmd_name is the name of the running subcommand ("hash"); main.c sets
// it before dispatching. cli_err prefixes "cce <cmd>: " to its message and
// appends a newline; cli_err_errno appends ": strerror(errnum)" too.
extern const char *cli_cmd_name;
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_err_errno(int errnum, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
// cli_usage_err: cli_err, then "Try 'cce <cmd> --help'."; returns CLI_EXIT_USAGE.
int cli_usage_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// cli_usage_hint prints only "Try 'cce <cmd> --help' ..." (after getopt has
// printed its own message); returns CLI_EXIT_USAGE.
int cli_usage_hint(void);

// cli_getopt_reset prepares getopt/getopt_long for a fresh parse (a command
// may be called more than once in one process, e.g. by tests).
void cli_getopt_reset(void);

// cli_is_help returns 1 if `arg` is "--help" or "-h".
int cli_is_help(const char *arg);

// ---------------------------------------------------------------------------
// Parsing.

// cli_hex_decode decodes `hex` (even length, [0-9a-fA-F] only, no
// separators) into a new buffer (*out, malloc'd, free with cli_free_secret;
// a zero-length input gives a non-NULL 1-byte allocation and *out_len 0).
// Returns 0, or -1 (nothing allocated) on a malformed string.
int cli_hex_decode(const char *hex, uint8_t **out, size_t *out_len);

// cli_hex_decode_buf decodes `hex_len` hex characters into `out` (capacity
// `out_cap`); returns the byte count, or -1 if malformed or too long.
long cli_hex_decode_buf(const char *hex, size_t hex_len, uint8_t *out, size_t out_cap);

// cli_hex_encode writes 2*len lowercase hex chars plus a NUL into `out`.
void cli_hex_encode(char *out, const uint8_t *in, size_t len);

// cli_print_hex prints `len` bytes as lowercase hex to `f` (no newline).
void cli_print_hex(FILE *f, const uint8_t *in, size_t len);

// cli_parse_size parses a decimal count in [min, max]; returns 0 or -1.
int cli_parse_size(const char *s, size_t min, size_t max, size_t *out);

// Hash algorithm names accepted by -a, for messages:
// "sha1 sha224 sha256 sha384 sha512 sha512-224 sha512-256 sha3-224 sha3-256
//  sha3-384 sha3-512" and, when XOFs are allowed, "shake128 shake256".
extern const char cli_hash_names[];
extern const char cli_xof_names[];

// cli_parse_hash_alg maps a name (as cce_hash_from_name) to an algorithm.
// `allow_xof`: accept SHAKE128/256. On an unknown or refused name, prints
// "cce <cmd>: unknown algorithm 'x' (valid: ...)" and returns -1.
int cli_parse_hash_alg(const char *name, int allow_xof, cce_hash_alg *out);

// cli_hash_short_name gives the -a spelling of `alg` ("sha512-256").
const char *cli_hash_short_name(cce_hash_alg alg);

// ---------------------------------------------------------------------------
// Input.

// cli_stream_fn consumes one chunk; a negative return stops the stream and
// is passed back by cli_stream.
typedef int (*cli_stream_fn)(void *arg, const uint8_t *data, size_t len);

// cli_stream reads `path` ("-" = stdin) in CLI_CHUNK pieces, calling `fn`
// for each. Returns 0; a positive errno if the file cannot be opened or read
// (nothing is printed); or the callback's value if it stopped the stream
// (callbacks return 0 to go on, a negative value to stop).
int cli_stream(const char *path, cli_stream_fn fn, void *arg);

// cli_read_file reads all of `path` ("-" = stdin) into a malloc'd buffer
// (free it with cli_free_secret; growing never leaves copies behind).
// Fails with EFBIG beyond `max` bytes. Returns 0 or a positive errno.
int cli_read_file(const char *path, size_t max, uint8_t **out, size_t *out_len);

// cli_free_secret wipes `len` bytes at `p` (cce_wipe) and frees it.
void cli_free_secret(void *p, size_t len);

// cli_same_file returns 1 if both paths name the same existing file
// (same device and inode), else 0.
int cli_same_file(const char *a, const char *b);

// ---------------------------------------------------------------------------
// Output: atomic file writing. The data goes to a temporary file in the same
// directory as `path` (".NAME.XXXXXX"), which cli_out_commit fsyncs and
// renames over `path` (then fsyncs the directory). On error or
// cli_out_abort the temporary file is removed and `path` is left untouched.
// A `path` of NULL or "-" writes to stdout (commit then just flushes).

#define CLI_OUT_PRIVATE 1u  // mode 0600 (keys); default 0666 & ~umask
#define CLI_OUT_EXCL 2u     // refuse to replace an existing file

typedef struct cli_out {
  FILE *f;      // write through this (or cli_out_write)
  char *path;   // final path (NULL for stdout)
  char *tmp;    // temporary path (NULL for stdout)
  int failed;   // a write error happened
} cli_out;

// cli_out_open starts an output. `input` (may be NULL or "-") is the file
// the command reads: if `path` names that same file, the call fails (the
// input is never overwritten). Prints its own error and returns -1 on failure.
int cli_out_open(cli_out *o, const char *path, const char *input, unsigned flags);
// cli_out_write writes `len` bytes; returns 0 or -1 (remembered for commit).
int cli_out_write(cli_out *o, const void *data, size_t len);
// cli_out_commit flushes, fsyncs and renames into place. Returns 0, or -1
// after printing an error (the temporary file is removed).
int cli_out_commit(cli_out *o);
// cli_out_abort discards the output (removes the temporary file). Safe to
// call after commit or on a zeroed struct.
void cli_out_abort(cli_out *o);

// ---------------------------------------------------------------------------
// Printing.

// cli_print_sum prints "HEX  NAME\n" exactly as sha256sum does: a name
// containing '\\', '\n' or '\r' is escaped ("\\\\", "\\n", "\\r") and the
// line starts with a backslash.
void cli_print_sum(FILE *f, const char *hex, const char *name);

// cli_json_str prints `s` as a JSON string literal (quotes included), with
// '"', '\\' and control characters escaped; bytes >= 0x80 are passed through
// (UTF-8) unless they are not valid UTF-8, then as \u00XX of the byte.
void cli_json_str(FILE *f, const char *s);

// cli_now_ns: CLOCK_MONOTONIC in nanoseconds.
uint64_t cli_now_ns(void);

// cli_fmt_duration formats nanoseconds as "12.3 us", "4.56 ms", "1.23 s".
void cli_fmt_duration(char *buf, size_t cap, uint64_t ns);

#endif  // CCE_TOOLS_CLI_H
