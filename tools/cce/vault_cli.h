// vault_cli.h: helpers of `cce seal`, `cce open` and `cce inspect`: the
// multi-threaded chunk pipeline, atomic output files that leave nothing
// behind even when the process is killed, passphrase input, progress bar.
//
// Outside the module boundary; uses the public API (vault.h) only.

#ifndef CCE_TOOLS_VAULT_CLI_H
#define CCE_TOOLS_VAULT_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "cce/hash.h"
#include "cce/vault.h"

// ---------------------------------------------------------------------------
// Output. A file is written under no name at all (O_TMPFILE) when the file
// system allows it, so a killed process leaves nothing; else under a hidden
// temporary name removed on error and on SIGINT/SIGTERM/SIGHUP. Commit
// fsyncs, gives it its final name (rename) and fsyncs the directory. "-" or
// NULL is standard output.
typedef struct vout {
  int fd;
  int is_stdout;
  int anon;      // O_TMPFILE: no name until commit
  char *path;    // final path
  char *tmp;     // named temporary (fallback), else NULL
  uint64_t written;
} vout;

// vout_open: returns 0, or -1 after printing the problem. Refuses to write
// over the file `input` (may be NULL / "-").
int vout_open(vout *o, const char *path, const char *input);
// vout_write: writes everything (retrying short writes). 0 or -1 (errno kept).
int vout_write(vout *o, const void *p, size_t len);
// vout_commit: 0, or -1 after printing the problem (the output is discarded).
int vout_commit(vout *o);
// vout_abort: discards the output (nothing is left behind).
void vout_abort(vout *o);

// ---------------------------------------------------------------------------
// Passphrases: --passphrase-file FILE (first line), else $CCE_PASSPHRASE,
// else the terminal without echo (twice when `confirm`). Returns a malloc'd
// NUL-terminated string (free with cli_free_secret(p, strlen(p) + 1)) or
// NULL after printing the problem.
char *vault_get_passphrase(const char *file, int confirm);

// ---------------------------------------------------------------------------
// The chunk pipeline: reads `in_fd` to its end, seals or opens every chunk
// with `ctx` on `threads` threads (1: everything on the calling thread, no
// thread started), writes the results to `out` in order.
//
// Two paths give the same bytes. File path (input and output both regular
// files, output not standard output): the output is sized at once
// (ftruncate) and each thread takes blocks of consecutive chunks (4 MiB)
// from a shared counter, maps the block's input (MAP_POPULATE), seals or
// opens it into a small cached buffer and writes it in place with pwrite;
// no lock in the hot path; with a signature chain the chunk digests are fed
// to the chain in order after each window of 16384 chunks. Streaming path
// (pipes, standard output, or $CCE_VAULT_STREAM set): a reader, workers and
// an in-order writer over 1 MiB slots. Either way memory is bounded, an
// error stops everything and the lowest failing chunk index is reported.

typedef enum { VPIPE_SEAL = 1, VPIPE_OPEN = 2 } vpipe_mode;

typedef enum {
  VPIPE_OK = 0,
  VPIPE_ERR_READ,       // reading the input failed (errno in sys_errno)
  VPIPE_ERR_WRITE,      // writing the output failed (errno in sys_errno)
  VPIPE_ERR_AUTH,       // chunk `bad_chunk` did not authenticate
  VPIPE_ERR_TRUNCATED,  // the payload ends inside chunk `bad_chunk` / before the last chunk
  VPIPE_ERR_INTERNAL    // a module call failed (status in `status`)
} vpipe_result;

typedef struct vpipe {
  vpipe_mode mode;
  const cce_vault_ctx *ctx;
  int in_fd;
  vout *out;
  unsigned threads;
  uint64_t in_size;        // expected input bytes for the progress bar (0: unknown)
  int progress;            // draw a progress bar on stderr
  cce_hash_ctx *chain;     // signature chain (NULL: no digests)
  size_t trailer_len;      // open: bytes held back at the end (the signature)
  uint8_t trailer[CCE_VAULT_MAX_SIG_BYTES];
  // Results.
  vpipe_result result;
  uint64_t bad_chunk;
  int bad_last;            // VPIPE_ERR_AUTH: the bad chunk was read as the last one
  int sys_errno;
  cce_status status;
  uint64_t chunks;         // chunks processed
  uint64_t pt_bytes;       // plaintext bytes sealed or released
} vpipe;

// vpipe_run runs the pipeline; returns p->result.
vpipe_result vpipe_run(vpipe *p);

// vault_threads: the thread count from `opt` (NULL: $CCE_THREADS, else the
// number of online CPUs), at least 1, at most 256.
unsigned vault_threads(const char *opt);

// vault_fmt_size: "1.50 MiB (1572864 bytes)".
void vault_fmt_size(char *buf, size_t cap, uint64_t n);

// vault_stanza_name: "P-256", "P-384", "X25519", "passphrase",
// "P-384+ML-KEM-1024", "unknown type 0x20".
const char *vault_stanza_name(uint8_t type, char *buf, size_t cap);

// vault_sig_alg_name: "ECDSA P-384", "Ed25519", "ML-DSA-87", "unknown".
const char *vault_sig_alg_name(uint8_t alg);

// vault_read_header reads and parses the header from `fd` into `buf`
// (CCE_VAULT_MAX_HEADER_BYTES). Prints the problem naming `name` and
// returns -1 on failure.
int vault_read_header(int fd, const char *name, uint8_t *buf, cce_vault_header *h);

#endif  // CCE_TOOLS_VAULT_CLI_H
