// RSA key encodings (see encoding.h): PKCS#1 RSAPrivateKey / RSAPublicKey
// (RFC 8017 A.1), PKCS#8 (RFC 5208) and SubjectPublicKeyInfo (RFC 5280,
// RFC 3279 2.3.1) with rsaEncryption. Parsers of untrusted input (fuzzed by
// tests/fuzz/fuzz_rsa_key.c).

#include <stdlib.h>
#include <string.h>

#include "cce/encoding.h"
#include "cce/rsa.h"
#include "cce/util.h"

static const uint8_t oid_rsa[9] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};

// AlgorithmIdentifier { rsaEncryption, NULL }: CCE_ERR_UNSUPPORTED for
// another algorithm.
static cce_status read_alg(cce_der *d) {
  cce_der alg, oid;
  if (cce_der_read(d, CCE_DER_SEQUENCE, &alg) != CCE_OK || cce_der_read_oid(&alg, &oid) != CCE_OK)
    return CCE_ERR_DECODE;
  if (oid.len != sizeof oid_rsa || memcmp(oid.data, oid_rsa, sizeof oid_rsa) != 0) return CCE_ERR_UNSUPPORTED;
  cce_der null;
  if (cce_der_read(&alg, CCE_DER_NULL, &null) != CCE_OK || null.len != 0 || cce_der_finish(&alg) != CCE_OK)
    return CCE_ERR_DECODE;
  return CCE_OK;
}

static cce_status parse_pkcs1_public(cce_rsa_public_key *pub, const uint8_t *in, size_t len) {
  cce_der top, seq, n, e;
  cce_der_init(&top, in, len);
  if (cce_der_read(&top, CCE_DER_SEQUENCE, &seq) != CCE_OK || cce_der_finish(&top) != CCE_OK ||
      cce_der_read_uint_bytes(&seq, &n) != CCE_OK || cce_der_read_uint_bytes(&seq, &e) != CCE_OK ||
      cce_der_finish(&seq) != CCE_OK)
    return CCE_ERR_DECODE;
  return cce_rsa_public_key_init(pub, n.data, n.len, e.data, e.len);
}

static cce_status parse_pkcs1_private(cce_rsa_private_key *priv, cce_rsa_public_key *pub, const uint8_t *in,
                                      size_t len) {
  cce_der top, seq, v[8];
  uint64_t version;
  cce_der_init(&top, in, len);
  if (cce_der_read(&top, CCE_DER_SEQUENCE, &seq) != CCE_OK || cce_der_finish(&top) != CCE_OK ||
      cce_der_read_uint64(&seq, &version) != CCE_OK)
    return CCE_ERR_DECODE;
  if (version != 0) return CCE_ERR_UNSUPPORTED;  // multi-prime
  for (int i = 0; i < 8; i++)
    if (cce_der_read_uint_bytes(&seq, &v[i]) != CCE_OK) return CCE_ERR_DECODE;
  if (cce_der_finish(&seq) != CCE_OK) return CCE_ERR_DECODE;
  cce_rsa_private_key *k = priv ? priv : malloc(sizeof *k);
  if (k == NULL) return CCE_ERR_INTERNAL;
  cce_status st = cce_rsa_private_key_init(k, v[0].data, v[0].len, v[1].data, v[1].len, v[2].data, v[2].len,
                                           v[3].data, v[3].len, v[4].data, v[4].len, v[5].data, v[5].len,
                                           v[6].data, v[6].len, v[7].data, v[7].len);
  if (st == CCE_OK) st = cce_rsa_public_from_private(pub, k);
  if (priv == NULL) {
    cce_rsa_private_key_wipe(k);
    free(k);
  } else if (st != CCE_OK) {
    cce_rsa_private_key_wipe(k);
  }
  return st;
}

static cce_status parse_pkcs8(cce_rsa_private_key *priv, cce_rsa_public_key *pub, const uint8_t *in, size_t len) {
  cce_der top, seq, oct;
  uint64_t version;
  cce_der_init(&top, in, len);
  if (cce_der_read(&top, CCE_DER_SEQUENCE, &seq) != CCE_OK || cce_der_finish(&top) != CCE_OK ||
      cce_der_read_uint64(&seq, &version) != CCE_OK || version > 1)
    return CCE_ERR_DECODE;
  cce_status st = read_alg(&seq);
  if (st != CCE_OK) return st;
  if (cce_der_read(&seq, CCE_DER_OCTET_STRING, &oct) != CCE_OK) return CCE_ERR_DECODE;
  // optional [0] attributes and (v2) [1] public key: allowed, ignored
  int present;
  if (cce_der_read_optional(&seq, CCE_DER_CONTEXT(0) | CCE_DER_CONSTRUCTED, NULL, &present) != CCE_OK)
    return CCE_ERR_DECODE;
  if (version == 1 && cce_der_read_optional(&seq, CCE_DER_CONTEXT(1), NULL, &present) != CCE_OK)
    return CCE_ERR_DECODE;
  if (cce_der_finish(&seq) != CCE_OK) return CCE_ERR_DECODE;
  return parse_pkcs1_private(priv, pub, oct.data, oct.len);
}

static cce_status parse_spki(cce_rsa_public_key *pub, const uint8_t *in, size_t len) {
  cce_der top, seq, bits;
  cce_der_init(&top, in, len);
  if (cce_der_read(&top, CCE_DER_SEQUENCE, &seq) != CCE_OK || cce_der_finish(&top) != CCE_OK)
    return CCE_ERR_DECODE;
  cce_status st = read_alg(&seq);
  if (st != CCE_OK) return st;
  if (cce_der_read_bit_string(&seq, &bits) != CCE_OK || cce_der_finish(&seq) != CCE_OK) return CCE_ERR_DECODE;
  return parse_pkcs1_public(pub, bits.data, bits.len);
}

// DER of unknown kind: the shape of the first elements decides.
static cce_status parse_der(cce_rsa_private_key *priv, cce_rsa_public_key *pub, int *is_private,
                            const uint8_t *in, size_t len) {
  cce_der top, seq;
  cce_der_init(&top, in, len);
  if (cce_der_read(&top, CCE_DER_SEQUENCE, &seq) != CCE_OK) return CCE_ERR_DECODE;
  if (cce_der_peek(&seq, CCE_DER_SEQUENCE)) {  // SPKI
    *is_private = 0;
    return parse_spki(pub, in, len);
  }
  cce_der tmp = seq, first;
  if (cce_der_read(&tmp, CCE_DER_INTEGER, &first) != CCE_OK) return CCE_ERR_DECODE;
  if (cce_der_peek(&tmp, CCE_DER_SEQUENCE)) {  // PKCS#8
    *is_private = 1;
    return parse_pkcs8(priv, pub, in, len);
  }
  // PKCS#1: RSAPublicKey has two INTEGERs, RSAPrivateKey nine.
  size_t count = 0;
  tmp = seq;
  while (tmp.len > 0 && count < 3 && cce_der_read(&tmp, CCE_DER_INTEGER, NULL) == CCE_OK) count++;
  if (count == 2 && tmp.len == 0) {
    *is_private = 0;
    return parse_pkcs1_public(pub, in, len);
  }
  *is_private = 1;
  return parse_pkcs1_private(priv, pub, in, len);
}

// see encoding.h
cce_status cce_rsa_key_parse(cce_rsa_private_key *priv, cce_rsa_public_key *pub, int *is_private,
                             const uint8_t *in, size_t in_len) {
  if (pub == NULL || is_private == NULL || (in == NULL && in_len)) return CCE_ERR_NULL_POINTER;
  *is_private = 0;
  if (in_len > 0 && in[0] == 0x30) return parse_der(priv, pub, is_private, in, in_len);
  // PEM: the first block.
  size_t cap = in_len, der_len = 0, pos = 0;
  uint8_t *der = malloc(cap ? cap : 1);
  char label[CCE_PEM_MAX_LABEL];
  if (der == NULL) return CCE_ERR_INTERNAL;
  cce_status st = cce_pem_decode(der, cap, &der_len, label, (const char *)in, in_len, &pos);
  if (st == CCE_OK && label[0] == 0) st = CCE_ERR_DECODE;
  if (st == CCE_OK) {
    if (strcmp(label, "PRIVATE KEY") == 0) {
      *is_private = 1;
      st = parse_pkcs8(priv, pub, der, der_len);
    } else if (strcmp(label, "RSA PRIVATE KEY") == 0) {
      *is_private = 1;
      st = parse_pkcs1_private(priv, pub, der, der_len);
    } else if (strcmp(label, "PUBLIC KEY") == 0) {
      st = parse_spki(pub, der, der_len);
    } else if (strcmp(label, "RSA PUBLIC KEY") == 0) {
      st = parse_pkcs1_public(pub, der, der_len);
    } else {
      st = CCE_ERR_UNSUPPORTED;
    }
  }
  cce_wipe(der, cap ? cap : 1);
  free(der);
  if (st != CCE_OK) *is_private = 0;
  return st;
}

static cce_status add_comp_pub(cce_der_builder *b, const cce_rsa_public_key *k, cce_rsa_component c) {
  uint8_t buf[CCE_RSA_MAX_BYTES];
  size_t l = 0;
  cce_status st = cce_rsa_public_export(k, c, buf, sizeof buf, &l);
  if (st == CCE_OK) cce_der_add_uint(b, buf, l);
  return st;
}

static cce_status add_comp_priv(cce_der_builder *b, const cce_rsa_private_key *k, cce_rsa_component c) {
  uint8_t buf[CCE_RSA_MAX_BYTES];
  size_t l = 0;
  cce_status st = cce_rsa_private_export(k, c, buf, sizeof buf, &l);
  if (st == CCE_OK) cce_der_add_uint(b, buf, l);
  cce_wipe(buf, sizeof buf);
  return st;
}

// see encoding.h
cce_status cce_rsa_public_to_der(uint8_t *out, size_t out_cap, size_t *out_len, const cce_rsa_public_key *k) {
  if (out == NULL || out_len == NULL || k == NULL) return CCE_ERR_NULL_POINTER;
  uint8_t inner[CCE_RSA_MAX_PUBLIC_DER];
  size_t il;
  cce_der_builder b;
  cce_der_builder_init(&b, inner, sizeof inner);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_status st = add_comp_pub(&b, k, CCE_RSA_N);
  if (st == CCE_OK) st = add_comp_pub(&b, k, CCE_RSA_E);
  cce_der_end(&b);
  if (st == CCE_OK) st = cce_der_builder_finish(&b, &il);
  if (st != CCE_OK) return st;
  cce_der_builder_init(&b, out, out_cap);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_add(&b, CCE_DER_OID, oid_rsa, sizeof oid_rsa);
  cce_der_add(&b, CCE_DER_NULL, NULL, 0);
  cce_der_end(&b);
  cce_der_add_bit_string(&b, inner, il);
  cce_der_end(&b);
  return cce_der_builder_finish(&b, out_len);
}

// see encoding.h
cce_status cce_rsa_private_to_der(uint8_t *out, size_t out_cap, size_t *out_len, const cce_rsa_private_key *k) {
  if (out == NULL || out_len == NULL || k == NULL) return CCE_ERR_NULL_POINTER;
  uint8_t inner[CCE_RSA_MAX_PRIVATE_DER];
  size_t il = 0;
  cce_der_builder b;
  cce_der_builder_init(&b, inner, sizeof inner);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_add_uint64(&b, 0);
  cce_status st = CCE_OK;
  for (int c = CCE_RSA_N; c <= CCE_RSA_QINV && st == CCE_OK; c++) st = add_comp_priv(&b, k, (cce_rsa_component)c);
  cce_der_end(&b);
  if (st == CCE_OK) st = cce_der_builder_finish(&b, &il);
  if (st == CCE_OK) {
    cce_der_builder_init(&b, out, out_cap);
    cce_der_begin(&b, CCE_DER_SEQUENCE);
    cce_der_add_uint64(&b, 0);
    cce_der_begin(&b, CCE_DER_SEQUENCE);
    cce_der_add(&b, CCE_DER_OID, oid_rsa, sizeof oid_rsa);
    cce_der_add(&b, CCE_DER_NULL, NULL, 0);
    cce_der_end(&b);
    cce_der_add(&b, CCE_DER_OCTET_STRING, inner, il);
    cce_der_end(&b);
    st = cce_der_builder_finish(&b, out_len);
  }
  cce_wipe(inner, sizeof inner);
  if (st != CCE_OK) {
    cce_wipe(out, out_cap);
    *out_len = 0;
  }
  return st;
}

// see encoding.h
cce_status cce_rsa_private_to_pem(char *out, size_t out_cap, size_t *out_len, const cce_rsa_private_key *k) {
  if (out == NULL || out_len == NULL || k == NULL) return CCE_ERR_NULL_POINTER;
  uint8_t der[CCE_RSA_MAX_PRIVATE_DER];
  size_t dl = 0;
  cce_status st = cce_rsa_private_to_der(der, sizeof der, &dl, k);
  if (st == CCE_OK) st = cce_pem_encode(out, out_cap, out_len, "PRIVATE KEY", der, dl);
  cce_wipe(der, sizeof der);
  if (st != CCE_OK) cce_wipe(out, out_cap);
  return st;
}

// see encoding.h
cce_status cce_rsa_public_to_pem(char *out, size_t out_cap, size_t *out_len, const cce_rsa_public_key *k) {
  if (out == NULL || out_len == NULL || k == NULL) return CCE_ERR_NULL_POINTER;
  uint8_t der[CCE_RSA_MAX_PUBLIC_DER];
  size_t dl = 0;
  cce_status st = cce_rsa_public_to_der(der, sizeof der, &dl, k);
  if (st == CCE_OK) st = cce_pem_encode(out, out_cap, out_len, "PUBLIC KEY", der, dl);
  return st;
}
