// vault.h: the sealed-file format for flight data (docs/sealed-file-format.md).
//
// A sealed file is a header, a payload of AES-256-GCM chunks (a STREAM
// construction) and, when the file is signed, a signature trailer:
//
//   header   magic, version, suite, chunk size, flags, nonce prefix, salt,
//            one stanza per recipient (the 256-bit file key wrapped for that
//            recipient), the optional signer's public key, and an
//            HMAC-SHA-384 over all of it under a key derived from the file key
//   payload  chunk i = AES-256-GCM(payload key, nonce = prefix || 2i+last,
//            plaintext chunk i) || 16-byte tag; every chunk but the last holds
//            exactly the chunk size of plaintext, the last 0..chunk size
//   trailer  (signed files) ECDSA P-384/SHA-384, Ed25519 or ML-DSA-87
//            signature over the header and the chain of chunk digests
//
// Format revision 1.1 (same version byte 1; docs/sealed-file-format.md 8):
// the hybrid recipient P-384 ECDH + ML-KEM-1024 (stanza type 0x22) and the
// ML-DSA-87 signer (sig_alg 3). Files without them are byte-for-byte
// revision 1.0 files.
//
// This library sits outside the module boundary and uses only the public
// API (gcm.h, aes.h KWP, kdf.h, ec.h, curve25519.h, hash.h, hmac.h, rand.h).
// It does no I/O and no allocation: callers (tools/cce/cmd_seal.c, ...)
// stream chunks through cce_vault_chunk_seal / cce_vault_chunk_open, which
// are thread-safe on a shared, read-only `cce_vault_ctx`.
//
// The header parser is an untrusted-input parser: it is fuzzed
// (tests/fuzz/fuzz_vault_header.c).

#ifndef CCE_VAULT_H
#define CCE_VAULT_H

#include "common.h"
#include "gcm.h"
#include "hash.h"
#include "mldsa.h"
#include "mlkem.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CCE_VAULT_MAGIC "\x89" "CCESEAL"          // 8 bytes
#define CCE_VAULT_MAGIC_BYTES 8
#define CCE_VAULT_VERSION 1
#define CCE_VAULT_SUITE_V1 1                    // AES-256-GCM STREAM, HKDF/HMAC-SHA-384
#define CCE_VAULT_FIXED_BYTES 53                // header bytes before the first stanza
#define CCE_VAULT_PREFIX_BYTES 16               // enough to read the header length
#define CCE_VAULT_MAX_HEADER_BYTES 65536
#define CCE_VAULT_MAX_STANZAS 64
#define CCE_VAULT_FILE_KEY_BYTES 32
#define CCE_VAULT_SALT_BYTES 32
#define CCE_VAULT_NONCE_PREFIX_BYTES 4
#define CCE_VAULT_TAG_BYTES 16
#define CCE_VAULT_MAC_BYTES 48                  // HMAC-SHA-384
#define CCE_VAULT_KEY_ID_BYTES 8
#define CCE_VAULT_WRAPPED_BYTES 40              // KWP of the 32-byte file key
#define CCE_VAULT_DIGEST_BYTES 48               // SHA-384 chunk digests
#define CCE_VAULT_DEFAULT_CHUNK_LOG2 16         // 64 KiB
#define CCE_VAULT_MIN_CHUNK_LOG2 10             // 1 KiB
#define CCE_VAULT_MAX_CHUNK_LOG2 24             // 16 MiB
#define CCE_VAULT_PBKDF2_SALT_BYTES 32
#define CCE_VAULT_DEFAULT_ITERATIONS 600000u    // PBKDF2-HMAC-SHA-512
#define CCE_VAULT_MIN_ITERATIONS 1000u          // SP 800-132 minimum
#define CCE_VAULT_MAX_ITERATIONS 100000000u     // refused above (denial of service)
#define CCE_VAULT_MAX_SIG_BYTES CCE_MLDSA87_SIGNATURE_BYTES          // 4627
#define CCE_VAULT_MAX_SIGNER_PUB_BYTES CCE_MLDSA87_PUBLIC_KEY_BYTES  // 2592
#define CCE_VAULT_EC_P384_PUB_BYTES 97
// Hybrid stanza body: key_id || E (P-384) || ML-KEM-1024 ciphertext || W.
#define CCE_VAULT_HYBRID_BODY_BYTES \
  (CCE_VAULT_KEY_ID_BYTES + CCE_VAULT_EC_P384_PUB_BYTES + CCE_MLKEM1024_CT_BYTES + CCE_VAULT_WRAPPED_BYTES)

// Header flags.
#define CCE_VAULT_FLAG_SIGNED 0x01u

// Stanza types (the recipient suite identifier). Unknown types are kept and
// skipped by readers, so a future type (ML-KEM, hybrid) can sit beside
// today's types in one file.
typedef enum cce_vault_stanza_type {
  CCE_VAULT_STANZA_P256 = 0x01,        // ECDH P-256, ephemeral-static
  CCE_VAULT_STANZA_P384 = 0x02,        // ECDH P-384, ephemeral-static
  CCE_VAULT_STANZA_X25519 = 0x03,      // X25519 (not approved)
  CCE_VAULT_STANZA_PASSPHRASE = 0x04,  // PBKDF2-HMAC-SHA-512
  CCE_VAULT_STANZA_MLKEM768 = 0x20,    // reserved (post-quantum), not implemented
  CCE_VAULT_STANZA_MLKEM1024 = 0x21,   // reserved (post-quantum), not implemented
  CCE_VAULT_STANZA_P384_MLKEM1024 = 0x22  // hybrid: ECDH P-384 + ML-KEM-1024 (revision 1.1)
} cce_vault_stanza_type;

// Signature algorithms of the signer block.
typedef enum cce_vault_sig_alg {
  CCE_VAULT_SIG_NONE = 0,
  CCE_VAULT_SIG_ECDSA_P384 = 1,  // ECDSA P-384 with SHA-384, raw r||s (96 bytes)
  CCE_VAULT_SIG_ED25519 = 2,     // Ed25519 (64 bytes)
  CCE_VAULT_SIG_MLDSA87 = 3      // ML-DSA-87, pure, empty context (4627 bytes; revision 1.1)
} cce_vault_sig_alg;

// cce_vault_stanza is one parsed stanza. Pointers point into the header
// buffer given to cce_vault_header_parse.
typedef struct cce_vault_stanza {
  uint8_t type;                // cce_vault_stanza_type (or an unknown value)
  const uint8_t *body;         // whole body
  size_t body_len;
  // Known types only:
  const uint8_t *key_id;       // ECDH/X25519: CCE_VAULT_KEY_ID_BYTES
  const uint8_t *eph_pub;      // ECDH/X25519: ephemeral public key
  size_t eph_len;
  const uint8_t *salt;         // passphrase: CCE_VAULT_PBKDF2_SALT_BYTES
  uint32_t iterations;         // passphrase
  const uint8_t *wrapped;      // CCE_VAULT_WRAPPED_BYTES
  const uint8_t *kem_ct;       // hybrid: the ML-KEM-1024 ciphertext
  size_t kem_ct_len;
} cce_vault_stanza;

// cce_vault_header is a parsed header; pointers point into the parsed buffer,
// which must outlive it.
typedef struct cce_vault_header {
  uint8_t version, suite, chunk_log2, flags;
  uint8_t nonce_prefix[CCE_VAULT_NONCE_PREFIX_BYTES];
  uint8_t salt[CCE_VAULT_SALT_BYTES];
  size_t header_len;           // total bytes, MAC included
  size_t num_stanzas;
  cce_vault_stanza stanzas[CCE_VAULT_MAX_STANZAS];
  uint8_t sig_alg;             // cce_vault_sig_alg; NONE unless FLAG_SIGNED
  const uint8_t *signer_pub;   // 97 (P-384 uncompressed), 32 (Ed25519) or 2592 (ML-DSA-87) bytes
  size_t signer_pub_len;
  const uint8_t *mac;          // CCE_VAULT_MAC_BYTES
  const uint8_t *raw;          // the header bytes (header_len)
} cce_vault_header;

// cce_vault_ctx holds the keys of one file: the file key, the payload key
// (expanded for GCM) and the header MAC key. Wipe with cce_vault_ctx_wipe.
// Read-only after setup: any number of threads may seal or open chunks
// with it at once. Do not rely on the layout.
typedef struct cce_vault_ctx {
  cce_gcm_key gcm;
  uint8_t file_key[CCE_VAULT_FILE_KEY_BYTES];
  uint8_t mac_key[CCE_VAULT_MAC_BYTES];
  uint8_t nonce_prefix[CCE_VAULT_NONCE_PREFIX_BYTES];
  uint8_t salt[CCE_VAULT_SALT_BYTES];
  uint8_t chunk_log2;
  uint8_t flags;
  uint8_t sig_alg;
  uint8_t ready;
  size_t signer_pub_len;
  uint8_t signer_pub[CCE_VAULT_MAX_SIGNER_PUB_BYTES];
  size_t num_stanzas;
  size_t stanza_bytes;
  uint8_t stanzas[CCE_VAULT_MAX_HEADER_BYTES / 4];  // encoded stanzas (sealing)
} cce_vault_ctx;

// cce_vault_ctx_wipe zeroises `ctx` (NULL is ignored).
CCE_API void cce_vault_ctx_wipe(cce_vault_ctx *ctx);

// ---------------------------------------------------------------------------
// Sealing: cce_vault_seal_init, one or more cce_vault_add_*, optionally
// cce_vault_set_signer, then cce_vault_header_write; then chunks.

// cce_vault_seal_init draws a random file key, salt and nonce prefix and
// derives the payload and header-MAC keys. `chunk_log2` is
// CCE_VAULT_MIN_CHUNK_LOG2..CCE_VAULT_MAX_CHUNK_LOG2 (CCE_ERR_INVALID_ARG).
CCE_API CCE_MUST_CHECK cce_status cce_vault_seal_init(cce_vault_ctx *ctx, unsigned chunk_log2);

// cce_vault_seal_init_with is cce_vault_seal_init with the caller's file key,
// salt and nonce prefix (tests and known-answer vectors only: a file key
// must never be reused).
CCE_API CCE_MUST_CHECK cce_status cce_vault_seal_init_with(cce_vault_ctx *ctx, unsigned chunk_log2,
                                                           const uint8_t file_key[CCE_VAULT_FILE_KEY_BYTES],
                                                           const uint8_t salt[CCE_VAULT_SALT_BYTES],
                                                           const uint8_t prefix[CCE_VAULT_NONCE_PREFIX_BYTES]);

// cce_vault_add_ec_recipient wraps the file key for the P-256 or P-384
// public key `pub` (SEC1, validated) with a fresh ephemeral ECDH key.
// `type` is CCE_VAULT_STANZA_P256 or _P384. CCE_ERR_LIMIT_REACHED past
// CCE_VAULT_MAX_STANZAS or when the header would grow too large.
CCE_API CCE_MUST_CHECK cce_status cce_vault_add_ec_recipient(cce_vault_ctx *ctx, cce_vault_stanza_type type,
                                                             const uint8_t *pub, size_t pub_len);

// cce_vault_add_x25519_recipient wraps the file key for an X25519 public key
// (not an approved service).
CCE_API CCE_MUST_CHECK cce_status cce_vault_add_x25519_recipient(cce_vault_ctx *ctx, const uint8_t pub[32]);

// cce_vault_add_passphrase wraps the file key under a key derived from
// `pw` with PBKDF2-HMAC-SHA-512, a random 32-byte salt and `iterations`
// (1..CCE_VAULT_MAX_ITERATIONS; below CCE_VAULT_MIN_ITERATIONS it works but
// is not approved).
CCE_API CCE_MUST_CHECK cce_status cce_vault_add_passphrase(cce_vault_ctx *ctx, const uint8_t *pw, size_t pw_len,
                                                           uint32_t iterations);

// cce_vault_add_hybrid_recipient wraps the file key for a hybrid recipient:
// the P-384 public key `ec_pub` (SEC1, validated) and the ML-KEM-1024
// encapsulation key `kem_pub` (1568 bytes, modulus-checked). A fresh
// ephemeral ECDH key and a fresh ML-KEM encapsulation give two shared
// secrets; the key-encryption key is HKDF-SHA-384 over both, with both
// ciphertexts (E and c) and both public keys in the info
// (docs/sealed-file-format.md 2.2). The stanza opens only with both
// private keys.
CCE_API CCE_MUST_CHECK cce_status cce_vault_add_hybrid_recipient(cce_vault_ctx *ctx, const uint8_t *ec_pub,
                                                                 size_t ec_pub_len, const uint8_t *kem_pub,
                                                                 size_t kem_pub_len);

// cce_vault_set_signer marks the file as signed and records the signer's
// public key (P-384 uncompressed point, 97 bytes; Ed25519, 32 bytes;
// ML-DSA-87, 2592 bytes).
CCE_API CCE_MUST_CHECK cce_status cce_vault_set_signer(cce_vault_ctx *ctx, cce_vault_sig_alg alg,
                                                       const uint8_t *pub, size_t pub_len);

// cce_vault_header_write writes the header (stanzas, signer block, MAC) to
// out[0..out_cap) and its length to `*out_len`. At least one stanza is
// needed (CCE_ERR_CTX_STATE).
CCE_API CCE_MUST_CHECK cce_status cce_vault_header_write(cce_vault_ctx *ctx, uint8_t *out, size_t out_cap,
                                                         size_t *out_len);

// ---------------------------------------------------------------------------
// Opening: parse the header, unwrap the file key from a stanza, check the
// header MAC (cce_vault_open_init), then chunks.

// cce_vault_header_len reads the total header length from the first
// CCE_VAULT_PREFIX_BYTES of a file (`in_len` >= that). CCE_ERR_DECODE if
// the magic is wrong, CCE_ERR_UNSUPPORTED for another version,
// CCE_ERR_DECODE for an impossible length.
CCE_API CCE_MUST_CHECK cce_status cce_vault_header_len(const uint8_t *in, size_t in_len, size_t *out_len);

// cce_vault_header_parse parses exactly in[0..in_len) (the whole header)
// strictly: every length checked, reserved bits zero, known stanza bodies of
// their exact size. CCE_ERR_DECODE if malformed, CCE_ERR_UNSUPPORTED for an
// unknown version or suite. Does not authenticate anything.
CCE_API CCE_MUST_CHECK cce_status cce_vault_header_parse(cce_vault_header *h, const uint8_t *in, size_t in_len);

// cce_vault_key_id writes the recipient key identifier of a public key:
// the first 8 bytes of SHA-256 of its SubjectPublicKeyInfo DER (EC points
// uncompressed), so `openssl pkey -pubin -outform DER | sha256sum` shows it.
// `type` is a stanza type (P256, P384, X25519).
CCE_API CCE_MUST_CHECK cce_status cce_vault_key_id(cce_vault_stanza_type type, const uint8_t *pub, size_t pub_len,
                                                   uint8_t out[CCE_VAULT_KEY_ID_BYTES]);

// cce_vault_unwrap_ec unwraps the file key from stanza `s` (type P256, P384
// or X25519) with the recipient's private key `priv` and public key `pub`
// (SEC1 uncompressed for EC; 32 bytes for X25519). `h` is the parsed header
// (its salt is bound into the KDF). CCE_ERR_AUTH if the key does not open
// the stanza (wrong key or corrupted stanza); `file_key` is then zeroed.
CCE_API CCE_MUST_CHECK cce_status cce_vault_unwrap_ec(const cce_vault_header *h, const cce_vault_stanza *s,
                                                      const uint8_t *priv, size_t priv_len, const uint8_t *pub,
                                                      size_t pub_len,
                                                      uint8_t file_key[CCE_VAULT_FILE_KEY_BYTES]);

// cce_vault_key_id_hybrid: the key identifier of a hybrid recipient, the
// first 8 bytes of SHA-256(SPKI DER of the P-384 key (uncompressed) ||
// SPKI DER of the ML-KEM-1024 key).
CCE_API CCE_MUST_CHECK cce_status cce_vault_key_id_hybrid(const uint8_t *ec_pub, size_t ec_pub_len,
                                                          const uint8_t *kem_pub, size_t kem_pub_len,
                                                          uint8_t out[CCE_VAULT_KEY_ID_BYTES]);

// cce_vault_unwrap_hybrid unwraps the file key from a hybrid stanza with
// the P-384 private scalar and public point (97 bytes) and the ML-KEM-1024
// decapsulation key (expanded, 3168 bytes) and encapsulation key. A wrong
// key (either one) or a corrupted stanza gives CCE_ERR_AUTH (ML-KEM's
// implicit rejection turns a wrong key into a wrong KEK, which the key
// unwrap detects); `file_key` is then zeroed.
CCE_API CCE_MUST_CHECK cce_status cce_vault_unwrap_hybrid(const cce_vault_header *h, const cce_vault_stanza *s,
                                                          const uint8_t *ec_priv, size_t ec_priv_len,
                                                          const uint8_t *ec_pub, size_t ec_pub_len,
                                                          const uint8_t *kem_dk, size_t kem_dk_len,
                                                          const uint8_t *kem_pub, size_t kem_pub_len,
                                                          uint8_t file_key[CCE_VAULT_FILE_KEY_BYTES]);

// cce_vault_unwrap_passphrase unwraps the file key from a passphrase stanza.
// CCE_ERR_AUTH for a wrong passphrase (or corrupted stanza);
// CCE_ERR_LIMIT_REACHED if the stanza asks for more than
// CCE_VAULT_MAX_ITERATIONS.
CCE_API CCE_MUST_CHECK cce_status cce_vault_unwrap_passphrase(const cce_vault_header *h, const cce_vault_stanza *s,
                                                              const uint8_t *pw, size_t pw_len,
                                                              uint8_t file_key[CCE_VAULT_FILE_KEY_BYTES]);

// cce_vault_open_init derives the keys from `file_key`, checks the header
// MAC (CCE_ERR_AUTH: the header was altered) and sets up `ctx` for
// cce_vault_chunk_open.
CCE_API CCE_MUST_CHECK cce_status cce_vault_open_init(cce_vault_ctx *ctx, const cce_vault_header *h,
                                                      const uint8_t file_key[CCE_VAULT_FILE_KEY_BYTES]);

// ---------------------------------------------------------------------------
// Chunks.

// cce_vault_chunk_seal encrypts chunk `index` (pt_len bytes: exactly the
// chunk size unless `last`; the last chunk 0..chunk size) into `out`
// (pt_len + CCE_VAULT_TAG_BYTES bytes: ciphertext then tag). `out` may equal
// `pt` (in place; the buffer then needs room for the tag). Uses the approved
// deterministic IV generator (SP 800-38D 8.2.1): IV = prefix ||
// uint64(2 * index + last).
CCE_API CCE_MUST_CHECK cce_status cce_vault_chunk_seal(const cce_vault_ctx *ctx, uint64_t index, int last,
                                                       const uint8_t *pt, size_t pt_len, uint8_t *out);

// cce_vault_chunk_open checks and decrypts chunk `index` (in_len =
// plaintext + tag) into `out` (in_len - 16 bytes; may equal `in`).
// CCE_ERR_AUTH if the chunk does not authenticate at this position with this
// last flag: `out` is zeroed, nothing is released.
CCE_API CCE_MUST_CHECK cce_status cce_vault_chunk_open(const cce_vault_ctx *ctx, uint64_t index, int last,
                                                       const uint8_t *in, size_t in_len, uint8_t *out);

// cce_vault_chunk_bytes returns the plaintext chunk size of `ctx`.
CCE_API size_t cce_vault_chunk_bytes(const cce_vault_ctx *ctx);

// cce_vault_layout splits a payload of `payload_len` bytes (chunks with
// their tags, no signature) into chunks of 2^chunk_log2 plaintext bytes:
// the chunk count and the plaintext length. CCE_ERR_DECODE if no valid
// payload has that length (empty, or a last chunk shorter than a tag).
CCE_API CCE_MUST_CHECK cce_status cce_vault_layout(unsigned chunk_log2, uint64_t payload_len, uint64_t *out_chunks,
                                                   uint64_t *out_plaintext_len);

// cce_vault_sig_len returns the signature length of `alg` (96, 64, 4627), 0 for none.
CCE_API size_t cce_vault_sig_len(cce_vault_sig_alg alg);

// ---------------------------------------------------------------------------
// Signatures: over the header and the chain of chunk digests.
// message = "CCE-SEAL v1 signature" || 0x00 || SHA-384(header || d_0 || ...
// || d_{n-1}), d_i = cce_vault_chunk_digest(chunk i with its tag).

// cce_vault_chunk_digest writes d = SHA-384(chunk ciphertext || tag).
CCE_API CCE_MUST_CHECK cce_status cce_vault_chunk_digest(const uint8_t *chunk, size_t chunk_len,
                                                         uint8_t out[CCE_VAULT_DIGEST_BYTES]);

// cce_vault_chain_init starts the chain with the header bytes;
// cce_vault_chain_update adds one chunk digest (in chunk order).
CCE_API CCE_MUST_CHECK cce_status cce_vault_chain_init(cce_hash_ctx *chain, const uint8_t *header,
                                                       size_t header_len);
CCE_API CCE_MUST_CHECK cce_status cce_vault_chain_update(cce_hash_ctx *chain,
                                                         const uint8_t d[CCE_VAULT_DIGEST_BYTES]);

// cce_vault_sign finishes `chain` and signs it with the device key `priv`
// (P-384 scalar, 48 bytes; Ed25519 seed, 32 bytes; ML-DSA-87 expanded
// private key, 4896 bytes; `pub` its public key)
// into `sig` (`sig_cap` >= cce_vault_sig_len(alg)); `*sig_len` set.
CCE_API CCE_MUST_CHECK cce_status cce_vault_sign(cce_hash_ctx *chain, cce_vault_sig_alg alg, const uint8_t *priv,
                                                 size_t priv_len, const uint8_t *pub, size_t pub_len, uint8_t *sig,
                                                 size_t sig_cap, size_t *sig_len);

// cce_vault_verify finishes `chain` and checks `sig` under `pub`
// (CCE_ERR_SIGNATURE if it does not verify).
CCE_API CCE_MUST_CHECK cce_status cce_vault_verify(cce_hash_ctx *chain, cce_vault_sig_alg alg, const uint8_t *pub,
                                                   size_t pub_len, const uint8_t *sig, size_t sig_len);

#ifdef __cplusplus
}
#endif

#endif  // CCE_VAULT_H
