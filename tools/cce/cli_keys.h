// cli_keys.h: key files for the key commands of `cce` (keygen, pubkey,
// sign, verify, derive): loading PEM/DER keys with messages that name the
// problem, writing outputs atomically.
//
// Outside the module boundary; uses only the public API (encoding.h, ec.h).

#ifndef CCE_TOOLS_CLI_KEYS_H
#define CCE_TOOLS_CLI_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "cce/ec.h"
#include "cce/encoding.h"
#include "cce/mldsa.h"
#include "cce/mlkem.h"

// Largest key file read (PEM with comments, or DER).
#define CLI_KEY_FILE_MAX (64u * 1024u)

// What a loaded key must be.
#define CLI_KEY_NEED_PRIVATE 1u  // a private key (else any key; its public part is used)

// cli_load_key reads `path` ("-" = stdin), PEM or DER, into `k`. On failure
// prints "cce CMD: PATH: problem" (cannot read, not a key, unsupported key,
// malformed, or a public key where `flags` needs a private one) and
// returns -1 with `k` wiped.
int cli_load_key(const char *path, unsigned flags, cce_pkey *k);

// cli_key_ec_curve maps the key's curve to the module's curve id.
cce_ec_curve_id cli_key_ec_curve(const cce_pkey *k);

// cli_write_file writes data[0..len) to `path` ("-" = stdout) atomically
// (temporary file, fsync, rename), refusing to replace the file `input`.
// `flags`: CLI_OUT_PRIVATE (mode 0600), CLI_OUT_EXCL (never replace). Prints
// its error and returns -1 on failure, leaving no partial file.
int cli_write_file(const char *path, const char *input, unsigned flags, const void *data, size_t len);

// ---------------------------------------------------------------------------
// RSA (cli_keys.c). Algorithms for `-a`: pkcs1-HASH (RSASSA-PKCS1-v1_5) and
// pss-HASH (RSASSA-PSS, MGF1 with the same hash; signing uses a salt of the
// digest length, verification accepts any salt length, as OpenSSL's
// `-sigopt rsa_padding_mode:pss` defaults do), HASH one of sha224, sha256,
// sha384, sha512, sha512-224, sha512-256, sha3-224 ... sha3-512. A bare HASH
// with an RSA key means pkcs1-HASH; no -a means pkcs1-sha256.

// cli_rsa_alg_is_rsa: 1 if `alg` names an RSA scheme (pss-* / pkcs1-*).
int cli_rsa_alg_is_rsa(const char *alg);

// cli_hash_file: digest of the file `path` ("-" for stdin) with `alg`, read
// in chunks, into `out` (CCE_HASH_MAX_DIGEST_BYTES of room). Prints its error
// and returns -1 on failure, 0 on success.
int cli_hash_file(const char *path, cce_hash_alg alg, uint8_t *out);

// cli_rsa_sign / cli_rsa_verify: when `key` is an RSA key file (or `alg` an
// RSA scheme), sign `in` into `out` / verify `sig_path` over `in` and return
// the exit status (CLI_EXIT_*); return -1 without printing when `key` is not
// an RSA key and `alg` is not an RSA scheme (the caller goes on).
int cli_rsa_sign(const char *key, const char *alg, const char *in, const char *out);
int cli_rsa_verify(const char *key, const char *alg, const char *in, const char *sig_path);

// cli_rsa_keygen writes a new RSA key of `bits` as PKCS#8 PEM to `out`.
int cli_rsa_keygen(unsigned bits, const char *out, int force);

// ---------------------------------------------------------------------------
// ML-KEM and ML-DSA keys (cli_keys.c): PKCS#8 / SPKI of the IETF LAMPS
// formats (encoding.h, cce_pqkey_*). Algorithm names for -a: mlkem512,
// mlkem768, mlkem1024, mldsa44, mldsa65, mldsa87 (also spelled ml-kem-768,
// ML-DSA-65, ...).


// cli_pq_alg_from_name maps a name to the algorithm, CCE_PQKEY_NONE if it
// is not one.
cce_pqkey_alg cli_pq_alg_from_name(const char *name);

// cli_load_pqkey reads the ML-KEM / ML-DSA key file `path` ("-" = stdin)
// into a new cce_pqkey (*out, free with cli_free_pqkey). `flags` as for
// cli_load_key. Returns 1 when loaded; 0 when `quiet_if_other` is set and
// the file is not an ML-KEM / ML-DSA key (or cannot be read: the generic
// loader will say why), nothing printed; -1 after printing the problem.
int cli_load_pqkey(const char *path, unsigned flags, int quiet_if_other, cce_pqkey **out);

// cli_free_pqkey wipes and frees a key from cli_load_pqkey (NULL ignored).
void cli_free_pqkey(cce_pqkey *k);

// cli_load_mldsa_private reads an ML-DSA private key file (PKCS#8, any of
// the seed / expandedKey / both forms) and returns its parameter set and
// its expanded private key sk (FIPS 204 skEncode) in a malloc'd buffer
// (free with cli_free_secret(*sk, *sk_len)). Returns 0, or -1 after
// printing "cce CMD: PATH: problem" (not a key, not ML-DSA, public key).
int cli_load_mldsa_private(const char *path, cce_mldsa_param *param, uint8_t **sk, size_t *sk_len);

// cli_load_mldsa_public reads an ML-DSA public key (SPKI), or the public
// part of a private key file, into a malloc'd buffer (free(); not secret).
// Returns 0, or -1 after printing the problem.
int cli_load_mldsa_public(const char *path, cce_mldsa_param *param, uint8_t **pk, size_t *pk_len);

// cli_pq_keygen writes a new key of `alg` as PKCS#8 PEM (seed form) to
// `out` (mode 0600, never replacing a file unless `force`). Exit status.
int cli_pq_keygen(cce_pqkey_alg alg, const char *out, int force);

// cli_pq_pubkey writes the SPKI (PEM, or DER if `der`) of `k` to `out`.
// Exit status.
int cli_pq_pubkey(const cce_pqkey *k, const char *out, const char *input, int der);

// ---------------------------------------------------------------------------
// Hybrid sealed-file recipients: a P-384 key and an ML-KEM-1024 key
// (docs/sealed-file-format.md). A hybrid key is given either as one PEM
// file holding both keys (two "PRIVATE KEY" blocks, or two "PUBLIC KEY"
// blocks, in any order; `cce keygen -a p384-mlkem1024` writes the P-384 one
// first) or as two files joined by '+': "p384.pem+mlkem1024.pem" (the spec
// is taken as one file name when a file of that name exists).

typedef struct cli_hybrid {
  cce_pkey ec;     // the P-384 key
  cce_pqkey *kem;  // the ML-KEM-1024 key (malloc'd)
} cli_hybrid;

// cli_load_hybrid loads `spec`. Returns 1 when it holds exactly one P-384
// and one ML-KEM-1024 key (both private if `flags` has
// CLI_KEY_NEED_PRIVATE); 0, nothing printed, when it holds no ML-KEM key
// at all and has no '+' (not a hybrid key: the caller goes on); -1 after
// printing the problem. A file holding a single key (of any type) is not a
// hybrid key: 0. Free with cli_hybrid_free.
int cli_load_hybrid(const char *spec, unsigned flags, cli_hybrid *h);
void cli_hybrid_free(cli_hybrid *h);

// cli_hybrid_keygen writes a new P-384 + ML-KEM-1024 private key pair as
// one PEM file (two PKCS#8 blocks). Exit status.
int cli_hybrid_keygen(const char *out, int force);

// cli_hybrid_pubkey writes both public keys (two SPKI PEM blocks, P-384
// first) to `out`. Exit status.
int cli_hybrid_pubkey(const cli_hybrid *h, const char *out, const char *input);

// cli_mldsa_sign / cli_mldsa_verify: pure ML-DSA (FIPS 204 Algorithm 2 / 3)
// of the file `in` with context ctx[0..ctx_len), streamed through the
// external-mu interface (mu = SHAKE256(tr || 0 || |ctx| || ctx || M, 64),
// the same signature as signing M itself). The signature is the raw FIPS 204
// encoding. When `key` is not an ML-DSA key they return -1 and print nothing
// (the caller goes on); otherwise the exit status.
// `alg` is the -a option: given with an ML-DSA key it is a usage error.
int cli_mldsa_sign(const char *key, const char *alg, const char *in, const char *out, const uint8_t *ctx,
                   size_t ctx_len, int deterministic);
// cli_context_arg turns --context TEXT / --context-hex HEX (at most one
// given) into a malloc'd buffer (*out NULL and *out_len 0 when neither is
// given). Returns 0, or -1 after a usage message (both given, bad hex, over
// 255 bytes).
int cli_context_arg(const char *text, const char *hex, uint8_t **out, size_t *out_len);
int cli_mldsa_verify(const char *key, const char *alg, const char *in, const char *sig_path, const uint8_t *ctx,
                     size_t ctx_len);

#endif  // CCE_TOOLS_CLI_KEYS_H
