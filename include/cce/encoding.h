// encoding.h: key encodings outside the module boundary: a strict DER
// reader and writer, PEM armour, and the elliptic-curve key formats that
// OpenSSL reads and writes:
//
//   private keys  PKCS#8 PrivateKeyInfo / OneAsymmetricKey (RFC 5208, 5958),
//                 label "PRIVATE KEY";
//                 EC: id-ecPublicKey + namedCurve, RFC 5915 ECPrivateKey inside;
//                 Ed25519, X25519: RFC 8410 CurvePrivateKey inside.
//                 Also read: the bare RFC 5915 ECPrivateKey ("EC PRIVATE KEY").
//   public keys   SubjectPublicKeyInfo (RFC 5280, 5480, 8410), label
//                 "PUBLIC KEY"; EC points uncompressed or compressed (SEC1
//                 2.3.3; a compressed point is decompressed and checked).
//
// Curves: P-256 (prime256v1), P-384 (secp384r1), P-521 (secp521r1) only, by
// name (explicit parameters are refused), Ed25519 (1.3.101.112) and X25519
// (1.3.101.110).
//
// These are parsers of untrusted input: they are fuzzed
// (tests/fuzz/fuzz_der.c, fuzz_pkey.c). They are not cryptographic services
// and do not change the service indicator themselves, but cce_pkey_parse
// calls the module to compute or check public keys (see there).
//
// DER is strict (X.690 section 10): definite lengths in their shortest form
// only, low tag numbers only, minimal INTEGERs, BOOLEAN 0x00/0xff, BIT
// STRING padding bits zero, minimal OID arcs; no BER, no indefinite
// lengths, no trailing bytes. Every decoding failure is CCE_ERR_DECODE;
// a well-formed encoding of something this code does not handle (RSA key,
// other curve, encrypted PKCS#8) is CCE_ERR_UNSUPPORTED.

#ifndef CCE_ENCODING_H
#define CCE_ENCODING_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

// ===========================================================================
// DER reader.

// Tags are the identifier octet (low tag numbers, 0..30).
#define CCE_DER_BOOLEAN 0x01u
#define CCE_DER_INTEGER 0x02u
#define CCE_DER_BIT_STRING 0x03u
#define CCE_DER_OCTET_STRING 0x04u
#define CCE_DER_NULL 0x05u
#define CCE_DER_OID 0x06u
#define CCE_DER_UTF8_STRING 0x0cu
#define CCE_DER_SEQUENCE 0x30u
#define CCE_DER_SET 0x31u
#define CCE_DER_CONSTRUCTED 0x20u
// CCE_DER_CONTEXT(n): context-specific tag [n], primitive; OR in
// CCE_DER_CONSTRUCTED for an explicit or constructed [n].
#define CCE_DER_CONTEXT(n) (0x80u | (unsigned)(n))

// cce_der is a read cursor over a byte string (no ownership). Do not rely on
// the layout beyond `data` and `len`, the bytes not yet read.
typedef struct cce_der {
  const uint8_t *data;
  size_t len;
} cce_der;

// cce_der_init points `d` at in[0..in_len) (`in` may be NULL when `in_len` is 0).
CCE_API void cce_der_init(cce_der *d, const uint8_t *in, size_t in_len);

// cce_der_read_any reads the next element: its tag into `*out_tag`, its
// contents (without tag and length) into `out_contents`; `d` moves past it.
// CCE_ERR_DECODE on a high tag number, an indefinite or non-minimal length,
// or a length beyond the input. On failure `d` is unchanged.
CCE_API CCE_MUST_CHECK cce_status cce_der_read_any(cce_der *d, unsigned *out_tag, cce_der *out_contents);

// cce_der_read reads the next element, which must have tag `tag`
// (CCE_ERR_DECODE otherwise), into `out_contents` (may be NULL to skip).
CCE_API CCE_MUST_CHECK cce_status cce_der_read(cce_der *d, unsigned tag, cce_der *out_contents);

// cce_der_peek returns 1 if the next element's tag is `tag`, else 0 (also at
// the end of the input).
CCE_API int cce_der_peek(const cce_der *d, unsigned tag);

// cce_der_read_optional reads the next element if its tag is `tag`, setting
// `*out_present` to 1 (and `out_contents`, may be NULL), else sets it to 0
// and reads nothing.
CCE_API CCE_MUST_CHECK cce_status cce_der_read_optional(cce_der *d, unsigned tag, cce_der *out_contents,
                                                        int *out_present);

// cce_der_read_uint64 reads a non-negative INTEGER that fits 64 bits.
// CCE_ERR_DECODE if negative, non-minimal or too large.
CCE_API CCE_MUST_CHECK cce_status cce_der_read_uint64(cce_der *d, uint64_t *out);

// cce_der_read_uint_bytes reads a non-negative INTEGER of any size and
// returns its big-endian magnitude without the sign octet in `out` (zero
// gives one 0x00 byte). CCE_ERR_DECODE if negative or non-minimal.
CCE_API CCE_MUST_CHECK cce_status cce_der_read_uint_bytes(cce_der *d, cce_der *out);

// cce_der_read_oid reads an OBJECT IDENTIFIER (contents into `out`, the
// encoded arcs) and checks that every arc is minimally encoded.
CCE_API CCE_MUST_CHECK cce_status cce_der_read_oid(cce_der *d, cce_der *out);

// cce_der_read_bit_string reads a BIT STRING with no unused bits and
// returns its octets (after the unused-bits octet) in `out`.
CCE_API CCE_MUST_CHECK cce_status cce_der_read_bit_string(cce_der *d, cce_der *out);

// cce_der_check_element checks the contents of a primitive universal
// element of tag `tag` against its DER rules (INTEGER minimal, BOOLEAN
// 0x00/0xff, NULL empty, BIT STRING padding, OID arcs). Other tags: CCE_OK.
CCE_API CCE_MUST_CHECK cce_status cce_der_check_element(unsigned tag, const cce_der *contents);

// cce_der_finish returns CCE_OK if every byte of `d` has been read,
// CCE_ERR_DECODE if bytes remain.
CCE_API CCE_MUST_CHECK cce_status cce_der_finish(const cce_der *d);

// cce_oid_to_string writes the dotted form ("1.2.840.10045.2.1") of the
// encoded arcs oid[0..oid_len) and a NUL to `out` (`out_cap` bytes).
// CCE_ERR_DECODE for a malformed OID or an arc beyond 64 bits,
// CCE_ERR_BUFFER_TOO_SMALL if it does not fit.
CCE_API CCE_MUST_CHECK cce_status cce_oid_to_string(char *out, size_t out_cap, const uint8_t *oid,
                                                    size_t oid_len);

// ===========================================================================
// DER writer. The builder writes into a caller buffer. Errors are sticky:
// the `cce_der_add_*`, `_begin` and `_end` calls return the builder's status
// (ignore it if you like) and cce_der_builder_finish reports the first one.

#define CCE_DER_MAX_DEPTH 8

typedef struct cce_der_builder {
  uint8_t *buf;
  size_t cap;
  size_t len;
  size_t open_[CCE_DER_MAX_DEPTH];  // start offsets of open elements
  unsigned depth_;
  cce_status err_;
} cce_der_builder;

// cce_der_builder_init starts writing into out[0..out_cap).
CCE_API void cce_der_builder_init(cce_der_builder *b, uint8_t *out, size_t out_cap);
// cce_der_begin opens a constructed element with tag `tag` (at most
// CCE_DER_MAX_DEPTH open at once); cce_der_end closes the last one opened.
CCE_API cce_status cce_der_begin(cce_der_builder *b, unsigned tag);
CCE_API cce_status cce_der_end(cce_der_builder *b);
// cce_der_add writes a whole element: tag, length and contents[0..len).
CCE_API cce_status cce_der_add(cce_der_builder *b, unsigned tag, const uint8_t *contents, size_t len);
// cce_der_add_uint writes an INTEGER from the big-endian unsigned value
// be[0..len) (leading zeros dropped, a sign octet added when needed).
CCE_API cce_status cce_der_add_uint(cce_der_builder *b, const uint8_t *be, size_t len);
// cce_der_add_uint64 writes a non-negative INTEGER.
CCE_API cce_status cce_der_add_uint64(cce_der_builder *b, uint64_t v);
// cce_der_add_bit_string writes a BIT STRING of whole octets (no unused bits).
CCE_API cce_status cce_der_add_bit_string(cce_der_builder *b, const uint8_t *bytes, size_t len);
// cce_der_add_raw appends already-encoded bytes.
CCE_API cce_status cce_der_add_raw(cce_der_builder *b, const uint8_t *bytes, size_t len);
// cce_der_builder_finish sets `*out_len` to the encoded length and returns
// CCE_OK, or the first error (CCE_ERR_BUFFER_TOO_SMALL, CCE_ERR_INVALID_ARG
// for unbalanced begin/end or a bad tag); on error the buffer is wiped and
// `*out_len` is 0.
CCE_API CCE_MUST_CHECK cce_status cce_der_builder_finish(cce_der_builder *b, size_t *out_len);

// ===========================================================================
// PEM (RFC 7468). Encoding writes 64-character lines and LF line ends, as
// OpenSSL does. Decoding is strict inside a block: the BEGIN and END labels
// must match, the body is base64 lines of any length (CR LF or LF; spaces
// and tabs at a line end are ignored) with '=' padding only at the end and
// zero padding bits; a header line ("Proc-Type: ...", legacy encrypted PEM)
// is CCE_ERR_UNSUPPORTED. Text before, between and after blocks is skipped.

#define CCE_PEM_MAX_LABEL 64  // label buffer, NUL included

// cce_pem_encoded_len returns the length of the PEM text for a `der_len`-byte
// body under a `label_len`-character label, without the terminating NUL.
CCE_API size_t cce_pem_encoded_len(size_t label_len, size_t der_len);

// cce_pem_encode writes "-----BEGIN label-----\n" base64 lines
// "-----END label-----\n" and a NUL to `out` (`out_cap` bytes, NUL
// included); `*out_len` excludes the NUL. `label` must be 1..63 printable
// ASCII characters without '-' at either end (CCE_ERR_INVALID_ARG).
CCE_API CCE_MUST_CHECK cce_status cce_pem_encode(char *out, size_t out_cap, size_t *out_len, const char *label,
                                                 const uint8_t *der, size_t der_len);

// cce_pem_decode decodes the next PEM block in text[*pos..text_len): its
// label goes to `out_label` (CCE_PEM_MAX_LABEL bytes, NUL-terminated) and
// its body to out[0..out_cap) (`*out_len` bytes); `*pos` moves past the END
// line. When no BEGIN line remains it returns CCE_OK with `out_label` ""
// and `*out_len` 0. CCE_ERR_DECODE for a malformed block,
// CCE_ERR_BUFFER_TOO_SMALL if the body does not fit. On error `out` is
// wiped (it may hold a key).
CCE_API CCE_MUST_CHECK cce_status cce_pem_decode(uint8_t *out, size_t out_cap, size_t *out_len,
                                                 char out_label[CCE_PEM_MAX_LABEL], const char *text,
                                                 size_t text_len, size_t *pos);

// ===========================================================================
// Key objects.

typedef enum cce_pkey_type {
  CCE_PKEY_NONE = 0,
  CCE_PKEY_EC = 1,       // ECDSA / ECDH key on `curve`
  CCE_PKEY_ED25519 = 2,  // Ed25519 signature key
  CCE_PKEY_X25519 = 3    // X25519 key-agreement key
} cce_pkey_type;

typedef enum cce_pkey_curve {
  CCE_PKEY_CURVE_NONE = 0,  // Ed25519 and X25519 keys
  CCE_PKEY_CURVE_P256 = 1,
  CCE_PKEY_CURVE_P384 = 2,
  CCE_PKEY_CURVE_P521 = 3
} cce_pkey_curve;

#define CCE_PKEY_MAX_PRIVATE_BYTES 66  // P-521 scalar
#define CCE_PKEY_MAX_PUBLIC_BYTES 133  // P-521 uncompressed point
#define CCE_PKEY_MAX_DER_BYTES 512     // any PKCS#8 or SPKI written here
#define CCE_PKEY_MAX_PEM_BYTES 1024    // its PEM form, NUL included

// A key: private part (optional) and public part. For EC keys `priv` is the
// scalar, big-endian, exactly the curve's byte length (32, 48, 66) and `pub`
// the uncompressed SEC1 point 0x04 || X || Y (65, 97, 133 bytes). For
// Ed25519 `priv` is the 32-byte seed and `pub` the 32-byte public key; for
// X25519 both are 32 bytes (RFC 7748 encodings). Holds secrets: wipe with
// cce_pkey_wipe.
typedef struct cce_pkey {
  cce_pkey_type type;
  cce_pkey_curve curve;
  size_t priv_len;  // 0 for a public key
  size_t pub_len;
  uint8_t priv[CCE_PKEY_MAX_PRIVATE_BYTES];
  uint8_t pub[CCE_PKEY_MAX_PUBLIC_BYTES];
} cce_pkey;

// cce_pkey_wipe zeroes the whole key object (cce_wipe). `k` may be NULL.
CCE_API void cce_pkey_wipe(cce_pkey *k);

// cce_pkey_name returns "P-256", "P-384", "P-521", "Ed25519", "X25519" or
// "none" for the key's algorithm. Never NULL.
CCE_API const char *cce_pkey_name(const cce_pkey *k);

// cce_pkey_curve_bytes returns the scalar / coordinate length of `curve`
// (32, 48, 66), 0 for CCE_PKEY_CURVE_NONE.
CCE_API size_t cce_pkey_curve_bytes(cce_pkey_curve curve);

// cce_pkey_set fills `k` from raw key bytes after checking the lengths
// against `type` and `curve` (CCE_ERR_INVALID_LENGTH, CCE_ERR_INVALID_ARG).
// `priv` may be NULL (public key only; then priv_len must be 0); `pub` must
// be given (for EC: uncompressed point). No arithmetic check is made here.
CCE_API CCE_MUST_CHECK cce_status cce_pkey_set(cce_pkey *k, cce_pkey_type type, cce_pkey_curve curve,
                                               const uint8_t *priv, size_t priv_len, const uint8_t *pub,
                                               size_t pub_len);

// cce_pkey_parse_der reads one key in DER: PKCS#8 (v1 or v2/OneAsymmetricKey),
// SubjectPublicKeyInfo or RFC 5915 ECPrivateKey, from in[0..in_len) with no
// trailing bytes. Then it uses the module:
//   - a missing public key is computed from the private key; a public key
//     given beside a private key must equal the computed one
//     (CCE_ERR_KEY_INVALID otherwise);
//   - an EC private scalar must be in [1, n-1] and an EC public point on the
//     curve (CCE_ERR_KEY_INVALID / CCE_ERR_POINT_INVALID), a compressed
//     point is decompressed.
// If `out_reason` is not NULL it receives a static, human-readable reason
// on failure ("" on success). On failure `k` is wiped.
CCE_API CCE_MUST_CHECK cce_status cce_pkey_parse_der(cce_pkey *k, const uint8_t *in, size_t in_len,
                                                     const char **out_reason);

// cce_pkey_parse reads a key in PEM (labels "PRIVATE KEY", "PUBLIC KEY",
// "EC PRIVATE KEY"; other blocks such as "EC PARAMETERS" are skipped; the
// first key block is used) or DER (input starting with a SEQUENCE tag), as
// cce_pkey_parse_der. "ENCRYPTED PRIVATE KEY" and other key labels give
// CCE_ERR_UNSUPPORTED; text with no PEM block, CCE_ERR_DECODE.
CCE_API CCE_MUST_CHECK cce_status cce_pkey_parse(cce_pkey *k, const uint8_t *in, size_t in_len,
                                                 const char **out_reason);

// Flags of the public-key writers.
#define CCE_PKEY_POINT_COMPRESSED 1u  // EC: write the compressed SEC1 point

// cce_pkey_private_to_der writes the PKCS#8 PrivateKeyInfo (version 0) of
// `k` as OpenSSL does: for EC with the namedCurve in the AlgorithmIdentifier
// and ECPrivateKey { 1, scalar, [1] public point } inside; for Ed25519 and
// X25519 the 32-byte OCTET STRING. CCE_ERR_INVALID_ARG if `k` has no
// private key. On error `out` is wiped and `*out_len` is 0.
CCE_API CCE_MUST_CHECK cce_status cce_pkey_private_to_der(uint8_t *out, size_t out_cap, size_t *out_len,
                                                          const cce_pkey *k);

// cce_pkey_public_to_der writes the SubjectPublicKeyInfo of `k` (flags:
// CCE_PKEY_POINT_COMPRESSED or 0).
CCE_API CCE_MUST_CHECK cce_status cce_pkey_public_to_der(uint8_t *out, size_t out_cap, size_t *out_len,
                                                         const cce_pkey *k, unsigned flags);

// cce_pkey_private_to_pem and cce_pkey_public_to_pem write the same in PEM
// ("PRIVATE KEY", "PUBLIC KEY") with a NUL after (`out_cap` includes it,
// CCE_PKEY_MAX_PEM_BYTES is always enough). On error `out` is wiped.
CCE_API CCE_MUST_CHECK cce_status cce_pkey_private_to_pem(char *out, size_t out_cap, size_t *out_len,
                                                          const cce_pkey *k);
CCE_API CCE_MUST_CHECK cce_status cce_pkey_public_to_pem(char *out, size_t out_cap, size_t *out_len,
                                                         const cce_pkey *k, unsigned flags);

// ===========================================================================
// RSA keys (src/encoding/rsa_key.c): PKCS#1 RSAPrivateKey ("RSA PRIVATE
// KEY", two-prime version 0 only) and RSAPublicKey ("RSA PUBLIC KEY"),
// PKCS#8 and SubjectPublicKeyInfo with rsaEncryption (1.2.840.113549.1.1.1,
// NULL parameters), in DER or PEM. Strict DER as above; RSASSA-PSS-only keys
// (id-RSASSA-PSS) and multi-prime keys are CCE_ERR_UNSUPPORTED. The key
// values are checked by the module (cce_rsa_private_key_init,
// cce_rsa_public_key_init), whose errors are returned.

struct cce_rsa_private_key;
struct cce_rsa_public_key;

// cce_rsa_key_parse reads one RSA key (PEM: the first block; DER otherwise).
// A private key fills `priv` (may be NULL: then only its public part is
// kept) and `pub`, and sets `*is_private` to 1; a public key fills `pub`
// and sets `*is_private` to 0. CCE_ERR_UNSUPPORTED when the input is a key
// of another type.
CCE_API CCE_MUST_CHECK cce_status cce_rsa_key_parse(struct cce_rsa_private_key *priv,
                                                    struct cce_rsa_public_key *pub, int *is_private,
                                                    const uint8_t *in, size_t in_len);

// cce_rsa_private_to_der writes the PKCS#8 PrivateKeyInfo of `k` (with a
// PKCS#1 RSAPrivateKey inside); cce_rsa_public_to_der the SPKI of `k`.
// cce_rsa_*_to_pem write the same as "PRIVATE KEY" / "PUBLIC KEY" PEM (NUL
// terminated; `*out_len` excludes the NUL). The private key needs its CRT
// parameters (CCE_ERR_UNSUPPORTED otherwise). On error the output is wiped.
#define CCE_RSA_MAX_PRIVATE_DER 2600
#define CCE_RSA_MAX_PUBLIC_DER 600
#define CCE_RSA_MAX_PRIVATE_PEM 3600
#define CCE_RSA_MAX_PUBLIC_PEM 900
CCE_API CCE_MUST_CHECK cce_status cce_rsa_private_to_der(uint8_t *out, size_t out_cap, size_t *out_len,
                                                         const struct cce_rsa_private_key *k);
CCE_API CCE_MUST_CHECK cce_status cce_rsa_public_to_der(uint8_t *out, size_t out_cap, size_t *out_len,
                                                        const struct cce_rsa_public_key *k);
CCE_API CCE_MUST_CHECK cce_status cce_rsa_private_to_pem(char *out, size_t out_cap, size_t *out_len,
                                                         const struct cce_rsa_private_key *k);
CCE_API CCE_MUST_CHECK cce_status cce_rsa_public_to_pem(char *out, size_t out_cap, size_t *out_len,
                                                        const struct cce_rsa_public_key *k);

// ===========================================================================
// Post-quantum keys (src/encoding/pkey.c): ML-KEM (FIPS 203) and ML-DSA
// (FIPS 204) in the formats of the IETF LAMPS specifications (RFC 9935,
// draft-ietf-lamps-kyber-certificates; RFC 9881,
// draft-ietf-lamps-dilithium-certificates), the ones OpenSSL 3.5 and later
// read and write:
//
//   OIDs          id-alg-ml-kem-512/768/1024   2.16.840.1.101.3.4.4.1/2/3
//                 id-ml-dsa-44/65/87           2.16.840.1.101.3.4.3.17/18/19
//                 AlgorithmIdentifier parameters MUST be absent.
//   public keys   SubjectPublicKeyInfo, the raw encapsulation key (ML-KEM,
//                 800/1184/1568 bytes) or public key (ML-DSA, 1312/1952/2592
//                 bytes) as the BIT STRING. ML-KEM keys must pass the FIPS
//                 203 modulus check (CCE_ERR_KEY_INVALID).
//   private keys  PKCS#8 OneAsymmetricKey (v1, or v2 with a publicKey that
//                 must match), privateKey = the DER of
//                   ML-xxx-PrivateKey ::= CHOICE {
//                     seed [0] IMPLICIT OCTET STRING (SIZE (64 | 32)),
//                     expandedKey OCTET STRING (SIZE (dk / sk length)),
//                     both SEQUENCE { seed OCTET STRING, expandedKey OCTET STRING } }
//                 (seeds: ML-KEM d || z, 64 bytes; ML-DSA xi, 32 bytes).
//                 Writers here use the seed form when the seed is known
//                 (expandedKey otherwise); readers take all three. A seed is
//                 expanded with the module (cce_mlkem_keygen_seed /
//                 cce_mldsa_keygen_seed); in `both`, the expanded key must
//                 equal the expansion of the seed (CCE_ERR_KEY_INVALID). An
//                 ML-KEM expandedKey must pass the FIPS 203 hash check. An
//                 ML-DSA expandedKey alone does not give the public key
//                 (t1 is not in sk): `pub_len` is then 0 unless the v2
//                 publicKey is present (checked against rho and tr = H(pk)).
//
// Strict DER as above; every decoding failure is CCE_ERR_DECODE. A
// well-formed key of another algorithm (EC, RSA, ...) is CCE_ERR_UNSUPPORTED,
// so callers can try cce_pkey_parse next; cce_pkey_parse in turn answers
// CCE_ERR_UNSUPPORTED for ML-KEM and ML-DSA keys.

typedef enum cce_pqkey_alg {
  CCE_PQKEY_NONE = 0,
  CCE_PQKEY_MLKEM512 = 1,
  CCE_PQKEY_MLKEM768 = 2,
  CCE_PQKEY_MLKEM1024 = 3,
  CCE_PQKEY_MLDSA44 = 4,
  CCE_PQKEY_MLDSA65 = 5,
  CCE_PQKEY_MLDSA87 = 6
} cce_pqkey_alg;

#define CCE_PQKEY_MAX_SEED_BYTES 64      // ML-KEM d || z
#define CCE_PQKEY_MAX_PRIVATE_BYTES 4896 // ML-DSA-87 expanded sk
#define CCE_PQKEY_MAX_PUBLIC_BYTES 2592  // ML-DSA-87 pk
#define CCE_PQKEY_MAX_DER_BYTES 8192     // any PKCS#8 or SPKI read or written here
#define CCE_PQKEY_MAX_PEM_BYTES 11264    // PEM of CCE_PQKEY_MAX_DER_BYTES, NUL included

// A post-quantum key. `priv` is the expanded private key (FIPS 203 dk /
// FIPS 204 sk), `seed` its seed form when known (seed_len 64 for ML-KEM, 32
// for ML-DSA, 0 if unknown), `pub` the public key (ek / pk; pub_len 0 if
// unknown, see above). A public key has priv_len == seed_len == 0. Large
// (about 7.6 KiB): allocate it rather than put many on a small stack. Holds
// secrets: wipe with cce_pqkey_wipe.
typedef struct cce_pqkey {
  cce_pqkey_alg alg;
  size_t seed_len;
  size_t priv_len;
  size_t pub_len;
  uint8_t seed[CCE_PQKEY_MAX_SEED_BYTES];
  uint8_t priv[CCE_PQKEY_MAX_PRIVATE_BYTES];
  uint8_t pub[CCE_PQKEY_MAX_PUBLIC_BYTES];
} cce_pqkey;

// cce_pqkey_wipe zeroes the whole key object. `k` may be NULL.
CCE_API void cce_pqkey_wipe(cce_pqkey *k);

// cce_pqkey_alg_name returns "ML-KEM-512" ... "ML-DSA-87", or "none".
CCE_API const char *cce_pqkey_alg_name(cce_pqkey_alg alg);

// cce_pqkey_alg_is_kem returns 1 for the ML-KEM sets, 0 otherwise;
// cce_pqkey_alg_is_dsa 1 for the ML-DSA sets.
CCE_API int cce_pqkey_alg_is_kem(cce_pqkey_alg alg);
CCE_API int cce_pqkey_alg_is_dsa(cce_pqkey_alg alg);

// cce_pqkey_mlkem_param / cce_pqkey_mldsa_param give the module's parameter
// set (mlkem.h / mldsa.h values 512.. / 44..) of `alg`, 0 if it is not of
// that family.
CCE_API int cce_pqkey_mlkem_param(cce_pqkey_alg alg);
CCE_API int cce_pqkey_mldsa_param(cce_pqkey_alg alg);

// cce_pqkey_sizes writes the seed, expanded private key and public key
// lengths of `alg` (outputs may be NULL). CCE_ERR_INVALID_ARG if unknown.
CCE_API CCE_MUST_CHECK cce_status cce_pqkey_sizes(cce_pqkey_alg alg, size_t *seed_len, size_t *priv_len,
                                                  size_t *pub_len);

// cce_pqkey_generate makes a new key pair with the module (cce_mlkem_keygen
// / cce_mldsa_keygen, pairwise test included), keeping its seed.
CCE_API CCE_MUST_CHECK cce_status cce_pqkey_generate(cce_pqkey *k, cce_pqkey_alg alg);

// cce_pqkey_from_seed expands `seed` (64 bytes for ML-KEM, 32 for ML-DSA;
// CCE_ERR_INVALID_LENGTH otherwise) into a key pair (deterministic).
CCE_API CCE_MUST_CHECK cce_status cce_pqkey_from_seed(cce_pqkey *k, cce_pqkey_alg alg, const uint8_t *seed,
                                                      size_t seed_len);

// cce_pqkey_parse_der reads one PKCS#8 or SubjectPublicKeyInfo in DER
// (no trailing bytes); cce_pqkey_parse reads PEM ("PRIVATE KEY" or
// "PUBLIC KEY"; the first key block is used, other blocks skipped) or DER.
// `out_reason` as in cce_pkey_parse_der. On failure `k` is wiped.
CCE_API CCE_MUST_CHECK cce_status cce_pqkey_parse_der(cce_pqkey *k, const uint8_t *in, size_t in_len,
                                                      const char **out_reason);
CCE_API CCE_MUST_CHECK cce_status cce_pqkey_parse(cce_pqkey *k, const uint8_t *in, size_t in_len,
                                                  const char **out_reason);

// Private-key forms for cce_pqkey_private_to_der.
#define CCE_PQKEY_FORM_AUTO 0u      // seed if known, else expandedKey
#define CCE_PQKEY_FORM_SEED 1u      // seed [0] (CCE_ERR_INVALID_ARG if unknown)
#define CCE_PQKEY_FORM_EXPANDED 2u  // expandedKey
#define CCE_PQKEY_FORM_BOTH 3u      // both (CCE_ERR_INVALID_ARG if no seed)

// cce_pqkey_private_to_der writes the PKCS#8 OneAsymmetricKey (version 0,
// no attributes, no publicKey) of `k` in the private-key form `form`.
// CCE_ERR_INVALID_ARG if `k` has no private key. On error `out` is wiped
// and `*out_len` is 0.
CCE_API CCE_MUST_CHECK cce_status cce_pqkey_private_to_der(uint8_t *out, size_t out_cap, size_t *out_len,
                                                           const cce_pqkey *k, unsigned form);

// cce_pqkey_public_to_der writes the SubjectPublicKeyInfo of `k`
// (CCE_ERR_INVALID_ARG if its public key is unknown).
CCE_API CCE_MUST_CHECK cce_status cce_pqkey_public_to_der(uint8_t *out, size_t out_cap, size_t *out_len,
                                                          const cce_pqkey *k);

// PEM forms of the two ("PRIVATE KEY", "PUBLIC KEY"), NUL-terminated
// (CCE_PQKEY_MAX_PEM_BYTES is always enough). On error `out` is wiped.
CCE_API CCE_MUST_CHECK cce_status cce_pqkey_private_to_pem(char *out, size_t out_cap, size_t *out_len,
                                                           const cce_pqkey *k, unsigned form);
CCE_API CCE_MUST_CHECK cce_status cce_pqkey_public_to_pem(char *out, size_t out_cap, size_t *out_len,
                                                          const cce_pqkey *k);

#ifdef __cplusplus
}
#endif

#endif  // CCE_ENCODING_H
