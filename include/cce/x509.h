// x509.h: a small X.509 v3 certificate builder and reader (RFC 5280) for
// the device-identity chain (docs/device-identity.md), on top of the DER
// builder and reader of encoding.h. Outside the module boundary: these
// functions encode and parse; the signatures are made and checked by the
// caller with the module (ECDSA P-384 with SHA2-384 here).
//
// Scope: EC P-256/P-384/P-521 subject keys, ecdsa-with-SHA256/384/512
// signatures; names of up to three attributes (O, CN, serialNumber) as
// UTF8String; extensions basicConstraints, keyUsage, subjectKeyIdentifier,
// authorityKeyIdentifier (keyIdentifier only) and the TCG DICE TcbInfo
// (2.23.133.5.4.1, DICE Attestation Architecture) with one FWID. The reader
// accepts any well-formed (strict DER) v3 certificate and reports these
// fields; unknown extensions are skipped (a critical one is reported).

#ifndef CCE_X509_H
#define CCE_X509_H

#include "common.h"
#include "encoding.h"
#include "hash.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CCE_X509_KEYID_BYTES 20     // RFC 7093 method 1: SHA-256 truncated to 160 bits
#define CCE_X509_MAX_NAME_BYTES 256 // encoded Name built here
#define CCE_X509_MAX_CERT_BYTES 2048

// keyUsage bits (RFC 5280 4.2.1.3), as flags.
#define CCE_X509_KU_DIGITAL_SIGNATURE 0x001u
#define CCE_X509_KU_KEY_CERT_SIGN 0x020u
#define CCE_X509_KU_CRL_SIGN 0x040u

// cce_x509_name writes the DER Name { O = org, CN = cn, serialNumber = sn }
// (each attribute omitted when NULL; at least one given; each 1..64
// characters) to out[0..cap), length in *out_len.
CCE_API CCE_MUST_CHECK cce_status cce_x509_name(uint8_t *out, size_t cap, size_t *out_len, const char *org,
                                                const char *cn, const char *sn);

// cce_x509_key_id computes the key identifier of an uncompressed EC point
// `pub`: the leftmost 160 bits of SHA2-256(pub) (RFC 7093 method 1, over
// the subjectPublicKey BIT STRING value).
CCE_API CCE_MUST_CHECK cce_status cce_x509_key_id(const uint8_t *pub, size_t pub_len,
                                                  uint8_t out[CCE_X509_KEYID_BYTES]);

// cce_x509_tcbinfo writes the DER DiceTcbInfo SEQUENCE { vendor [0],
// model [1], layer [4], fwids [6] { FWID { hashAlg, digest } } } with the
// SHA2-384 (48-byte digest), SHA2-256 (32) or SHA2-512 (64) OID chosen by
// `digest_len`. vendor/model may be NULL (omitted).
CCE_API CCE_MUST_CHECK cce_status cce_x509_tcbinfo(uint8_t *out, size_t cap, size_t *out_len, const char *vendor,
                                                   const char *model, unsigned layer, const uint8_t *digest,
                                                   size_t digest_len);

// Everything a TBSCertificate built here holds.
typedef struct cce_x509_tbs_params {
  const uint8_t *serial;       // big-endian, 1..20 bytes, top bit ignored (made positive)
  size_t serial_len;
  const uint8_t *issuer;       // DER Name (e.g. the issuer certificate's subject)
  size_t issuer_len;
  const uint8_t *subject;      // DER Name
  size_t subject_len;
  int64_t not_before;          // seconds since 1970 (UTCTime until 2049, then GeneralizedTime)
  int64_t not_after;           // idem; -1: 99991231235959Z ("no well-defined expiration", RFC 5280 4.1.2.5)
  cce_pkey_curve curve;        // subject key curve
  const uint8_t *subject_pub;  // uncompressed point
  size_t subject_pub_len;
  int is_ca;                   // basicConstraints cA (critical; always present)
  int path_len;                // pathLenConstraint, -1 for none (CA only)
  unsigned key_usage;          // CCE_X509_KU_* (critical), 0: omitted
  const uint8_t *ski;          // subjectKeyIdentifier (may be NULL)
  size_t ski_len;
  const uint8_t *aki;          // authorityKeyIdentifier keyIdentifier (may be NULL)
  size_t aki_len;
  const uint8_t *tcbinfo;      // DiceTcbInfo DER (non-critical extension), may be NULL
  size_t tcbinfo_len;
  cce_hash_alg sig_hash;       // SHA2-256/384/512: ecdsa-with-SHA*
} cce_x509_tbs_params;

// cce_x509_build_tbs writes the DER TBSCertificate (v3) to out[0..cap).
// CCE_ERR_INVALID_ARG / CCE_ERR_INVALID_LENGTH for impossible parameters,
// CCE_ERR_BUFFER_TOO_SMALL.
CCE_API CCE_MUST_CHECK cce_status cce_x509_build_tbs(uint8_t *out, size_t cap, size_t *out_len,
                                                     const cce_x509_tbs_params *p);

// cce_x509_assemble writes Certificate { tbs, ecdsa-with-`sig_hash`,
// BIT STRING { DER ECDSA-Sig-Value from the raw r||s `sig` } }.
CCE_API CCE_MUST_CHECK cce_status cce_x509_assemble(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *tbs,
                                                    size_t tbs_len, cce_hash_alg sig_hash, const uint8_t *sig,
                                                    size_t sig_len);

// A parsed certificate: slices into the caller's DER (no copies).
typedef struct cce_x509_cert {
  cce_der tbs;          // the whole TBSCertificate element (tag and length included): the signed bytes
  cce_der serial;       // INTEGER magnitude
  cce_der issuer;       // whole Name element
  cce_der subject;      // whole Name element
  cce_der spki;         // whole SubjectPublicKeyInfo element
  cce_hash_alg sig_hash;  // from signatureAlgorithm: ecdsa-with-SHA256/384/512; CCE_HASH_NONE otherwise
  cce_der sig;          // signatureValue BIT STRING octets (DER ECDSA-Sig-Value for ECDSA)
  int is_ca;            // basicConstraints cA
  int path_len;         // -1 if absent
  unsigned key_usage;   // CCE_X509_KU_* bits present (0 if no extension)
  int has_key_usage;
  cce_der ski;          // keyIdentifier octets (len 0 if absent)
  cce_der aki;          // keyIdentifier octets (len 0 if absent)
  cce_der fwid;         // TcbInfo: first FWID digest (len 0 if absent)
  cce_hash_alg fwid_hash;  // its hashAlg (SHA2-256/384/512), CCE_HASH_NONE if unknown
  int unknown_critical; // a critical extension not understood here
} cce_x509_cert;

// cce_x509_parse reads one DER certificate (no trailing bytes): version 3,
// the tbs signature algorithm equal to the outer one. CCE_ERR_DECODE if
// malformed, CCE_ERR_UNSUPPORTED for a version other than v3.
CCE_API CCE_MUST_CHECK cce_status cce_x509_parse(cce_x509_cert *c, const uint8_t *der, size_t der_len);

#ifdef __cplusplus
}
#endif

#endif  // CCE_X509_H
