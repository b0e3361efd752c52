// cce: the OpenCCE command-line tool. One binary, one function per
// subcommand (`int cmd_NAME(int argc, char **argv)`, see cli.h), dispatched
// from the table below.

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/module.h"
#include "cli.h"

typedef int (*cmd_fn)(int argc, char **argv);

// Subcommands of this directory.
int cmd_hash(int argc, char **argv);
int cmd_hmac(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_selftest(int argc, char **argv);

// Subcommands written in their own files (tools/cce/cmd_NAME.c), declared
// weak: until a file defines one, its pointer is NULL and the command is
// neither listed nor runnable. To add a command: declare it here as weak
// and add its row to `commands` below.
int cmd_rand(int argc, char **argv) __attribute__((weak));
int cmd_keygen(int argc, char **argv) __attribute__((weak));
int cmd_pubkey(int argc, char **argv) __attribute__((weak));
int cmd_sign(int argc, char **argv) __attribute__((weak));
int cmd_verify(int argc, char **argv) __attribute__((weak));
int cmd_derive(int argc, char **argv) __attribute__((weak));
int cmd_seal(int argc, char **argv) __attribute__((weak));
int cmd_open(int argc, char **argv) __attribute__((weak));
int cmd_inspect(int argc, char **argv) __attribute__((weak));
int cmd_encap(int argc, char **argv) __attribute__((weak));
int cmd_decap(int argc, char **argv) __attribute__((weak));
int cmd_lms(int argc, char **argv) __attribute__((weak));
int cmd_fw(int argc, char **argv) __attribute__((weak));
int cmd_device(int argc, char **argv) __attribute__((weak));
int cmd_identity(int argc, char **argv) __attribute__((weak));
int cmd_attest(int argc, char **argv) __attribute__((weak));
int cmd_lifecycle(int argc, char **argv) __attribute__((weak));

typedef struct command {
  const char *name;
  cmd_fn fn;
  const char *summary;
} command;

static const command commands[] = {
    {"hash", cmd_hash, "hash files (output like sha256sum; -c checks a list)"},
    {"hmac", cmd_hmac, "HMAC of files with a hex key or a key file"},
    {"rand", cmd_rand, "random bytes from the approved DRBG"},
    {"keygen", cmd_keygen, "generate a key pair (PEM, PKCS#8)"},
    {"pubkey", cmd_pubkey, "extract the public key (PEM, SPKI)"},
    {"sign", cmd_sign, "sign a file"},
    {"verify", cmd_verify, "verify a signature"},
    {"derive", cmd_derive, "shared secret by ECDH or X25519 (as openssl pkeyutl -derive)"},
    {"seal", cmd_seal, "encrypt and authenticate a file (sealed-file format)"},
    {"open", cmd_open, "verify and decrypt a sealed file"},
    {"inspect", cmd_inspect, "describe a key, certificate or sealed file"},
    {"encap", cmd_encap, "ML-KEM encapsulation: shared secret and ciphertext for a public key"},
    {"decap", cmd_decap, "ML-KEM decapsulation: shared secret from a ciphertext"},
    {"lms", cmd_lms, "stateful LMS/HSS keys: keygen, sign (state made durable first), verify"},
    {"fw", cmd_fw, "firmware images: sign, verify (with anti-rollback), inspect"},
    {"device", cmd_device, "a device directory: init (unique device secret), status"},
    {"identity", cmd_identity, "DICE device identity: public key and X.509 certificate chain"},
    {"attest", cmd_attest, "sign a verifier's nonce with the firmware measurement"},
    {"lifecycle", cmd_lifecycle, "life-cycle state: show, advance, decommission (zeroize)"},
    {"info", cmd_info, "module name, version, state, CPU paths, algorithms, self-tests"},
    {"selftest", cmd_selftest, "run every self-test now and report each result"},
};
#define NUM_COMMANDS (sizeof commands / sizeof commands[0])

static const command *find_command(const char *name) {
  for (size_t i = 0; i < NUM_COMMANDS; i++)
    if (commands[i].fn && strcmp(commands[i].name, name) == 0) return &commands[i];
  return NULL;
}

static void usage(FILE *f) {
  fprintf(f,
          "Usage: cce COMMAND [OPTIONS] [ARGS]\n"
          "       cce help COMMAND | cce COMMAND --help\n"
          "       cce --version\n"
          "\n"
          "The command-line tool of OpenCCE, the %s.\n"
          "\n"
          "Commands:\n",
          CCE_MODULE_NAME);
  for (size_t i = 0; i < NUM_COMMANDS; i++)
    if (commands[i].fn) fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(f,
          "\n"
          "Exit status: 0 success, 1 failure, 2 usage error.\n"
          "Environment: CCE_CPU=portable (or -feature,...) restricts the CPU paths used.\n");
}

static void version(void) {
  printf("cce (OpenCCE) %s\n", CCE_VERSION_STRING);
  printf("module: %s %s\n", CCE_MODULE_NAME, cce_version());
}

// Runs `cmd` with argv[0] replaced by "cce NAME" (for getopt's messages).
static int run(const command *cmd, int argc, char **argv) {
  char argv0[64];
  snprintf(argv0, sizeof argv0, "cce %s", cmd->name);
  argv[0] = argv0;
  cli_cmd_name = cmd->name;
  cli_getopt_reset();
  return cmd->fn(argc, argv);
}

// Like coreutils' close_stdout: a failed write to stdout is an error.
static int finish(int rc) {
  if (fflush(stdout) != 0 || ferror(stdout)) {
    int e = errno;
    if (e != EPIPE) {
      fprintf(stderr, "cce: write error: %s\n", strerror(e ? e : EIO));
      if (rc == 0) rc = CLI_EXIT_FAIL;
    }
  }
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return CLI_EXIT_USAGE;
  }
  const char *first = argv[1];
  if (cli_is_help(first)) {
    usage(stdout);
    return finish(CLI_EXIT_OK);
  }
  if (strcmp(first, "--version") == 0 || strcmp(first, "-V") == 0 ||
      strcmp(first, "version") == 0) {
    version();
    return finish(CLI_EXIT_OK);
  }
  if (strcmp(first, "help") == 0) {
    if (argc < 3) {
      usage(stdout);
      return finish(CLI_EXIT_OK);
    }
    const command *cmd = find_command(argv[2]);
    if (!cmd) {
      fprintf(stderr, "cce: unknown command '%s'\nTry 'cce --help' for the list.\n", argv[2]);
      return CLI_EXIT_USAGE;
    }
    char help[] = "--help";
    char *hargv[] = {argv[2], help, NULL};
    return finish(run(cmd, 2, hargv));
  }
  if (first[0] == '-') {
    fprintf(stderr, "cce: unknown option '%s'\nTry 'cce --help' for more information.\n", first);
    return CLI_EXIT_USAGE;
  }
  const command *cmd = find_command(first);
  if (!cmd) {
    fprintf(stderr, "cce: unknown command '%s'\nTry 'cce --help' for the list.\n", first);
    return CLI_EXIT_USAGE;
  }
  return finish(run(cmd, argc - 1, argv + 1));
}
