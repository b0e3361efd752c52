// x509.c: X.509 v3 certificate builder and reader (include/cce/x509.h),
// written from RFC 5280 (and RFC 5480 / 5758 for the EC algorithm
// identifiers, RFC 7093 for key identifiers, the TCG DICE Attestation
// Architecture for DiceTcbInfo).

#include "cce/x509.h"

#include <string.h>
#include <time.h>

#include "cce/ecdsa_sig.h"
#include "cce/hash.h"
#include "cce/util.h"

// Encoded OID contents (without tag and length).
static const uint8_t oid_ecdsa_sha256[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02};
static const uint8_t oid_ecdsa_sha384[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03};
static const uint8_t oid_ecdsa_sha512[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04};
static const uint8_t oid_sha256[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01};
static const uint8_t oid_sha384[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02};
static const uint8_t oid_sha512[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03};
static const uint8_t oid_at_cn[] = {0x55, 0x04, 0x03};
static const uint8_t oid_at_o[] = {0x55, 0x04, 0x0a};
static const uint8_t oid_at_sn[] = {0x55, 0x04, 0x05};
static const uint8_t oid_ext_ski[] = {0x55, 0x1d, 0x0e};
static const uint8_t oid_ext_ku[] = {0x55, 0x1d, 0x0f};
static const uint8_t oid_ext_bc[] = {0x55, 0x1d, 0x13};
static const uint8_t oid_ext_aki[] = {0x55, 0x1d, 0x23};
static const uint8_t oid_ext_tcbinfo[] = {0x67, 0x81, 0x05, 0x05, 0x04, 0x01};  // 2.23.133.5.4.1

#define TAG_UTC_TIME 0x17u
#define TAG_GEN_TIME 0x18u
#define TAG_PRINTABLE 0x13u

static int oid_is(const cce_der *d, const uint8_t *oid, size_t len) {
  return d->len == len && memcmp(d->data, oid, len) == 0;
}

static const uint8_t *sig_oid(cce_hash_alg h, size_t *len) {
  switch (h) {
    case CCE_HASH_SHA256: *len = sizeof oid_ecdsa_sha256; return oid_ecdsa_sha256;
    case CCE_HASH_SHA384: *len = sizeof oid_ecdsa_sha384; return oid_ecdsa_sha384;
    case CCE_HASH_SHA512: *len = sizeof oid_ecdsa_sha512; return oid_ecdsa_sha512;
    default: return NULL;
  }
}

// ---------------------------------------------------------------------------
// Builder.

static void add_attr(cce_der_builder *b, const uint8_t *oid, size_t oid_len, const char *v, unsigned tag) {
  cce_der_begin(b, CCE_DER_SET);
  cce_der_begin(b, CCE_DER_SEQUENCE);
  cce_der_add(b, CCE_DER_OID, oid, oid_len);
  cce_der_add(b, tag, (const uint8_t *)v, strlen(v));
  cce_der_end(b);
  cce_der_end(b);
}

static int name_ok(const char *s) {
  if (s == NULL) return 1;
  size_t n = strlen(s);
  return n >= 1 && n <= 64;
}

static int printable(const char *s) {
  for (; *s; s++) {
    char c = *s;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr(" '()+,-./:=?", c)))
      return 0;
  }
  return 1;
}

// see x509.h
cce_status cce_x509_name(uint8_t *out, size_t cap, size_t *out_len, const char *org, const char *cn,
                         const char *sn) {
  if (out == NULL || out_len == NULL) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  if (org == NULL && cn == NULL && sn == NULL) return CCE_ERR_INVALID_ARG;
  if (!name_ok(org) || !name_ok(cn) || !name_ok(sn)) return CCE_ERR_INVALID_LENGTH;
  if (sn != NULL && !printable(sn)) return CCE_ERR_INVALID_ARG;
  cce_der_builder b;
  cce_der_builder_init(&b, out, cap);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  if (org) add_attr(&b, oid_at_o, sizeof oid_at_o, org, CCE_DER_UTF8_STRING);
  if (cn) add_attr(&b, oid_at_cn, sizeof oid_at_cn, cn, CCE_DER_UTF8_STRING);
  if (sn) add_attr(&b, oid_at_sn, sizeof oid_at_sn, sn, TAG_PRINTABLE);  // X520SerialNumber is PrintableString
  cce_der_end(&b);
  return cce_der_builder_finish(&b, out_len);
}

// see x509.h
cce_status cce_x509_key_id(const uint8_t *pub, size_t pub_len, uint8_t out[CCE_X509_KEYID_BYTES]) {
  if (pub == NULL || out == NULL) return CCE_ERR_NULL_POINTER;
  if (pub_len == 0) return CCE_ERR_INVALID_LENGTH;
  uint8_t h[32];
  cce_status st = cce_hash(CCE_HASH_SHA256, h, sizeof h, pub, pub_len);
  if (st == CCE_OK) memcpy(out, h, CCE_X509_KEYID_BYTES);
  return st;
}

// see x509.h
cce_status cce_x509_tcbinfo(uint8_t *out, size_t cap, size_t *out_len, const char *vendor, const char *model,
                            unsigned layer, const uint8_t *digest, size_t digest_len) {
  if (out == NULL || out_len == NULL || digest == NULL) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  const uint8_t *hoid;
  size_t hoid_len;
  switch (digest_len) {
    case 32: hoid = oid_sha256; hoid_len = sizeof oid_sha256; break;
    case 48: hoid = oid_sha384; hoid_len = sizeof oid_sha384; break;
    case 64: hoid = oid_sha512; hoid_len = sizeof oid_sha512; break;
    default: return CCE_ERR_INVALID_LENGTH;
  }
  if (!name_ok(vendor) || !name_ok(model)) return CCE_ERR_INVALID_LENGTH;
  cce_der_builder b;
  cce_der_builder_init(&b, out, cap);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  if (vendor) cce_der_add(&b, CCE_DER_CONTEXT(0), (const uint8_t *)vendor, strlen(vendor));
  if (model) cce_der_add(&b, CCE_DER_CONTEXT(1), (const uint8_t *)model, strlen(model));
  // layer [4] IMPLICIT INTEGER: write an INTEGER, then retag it.
  {
    uint8_t tmp[16];
    cce_der_builder ib;
    size_t il = 0;
    cce_der_builder_init(&ib, tmp, sizeof tmp);
    cce_der_add_uint64(&ib, layer);
    cce_status st = cce_der_builder_finish(&ib, &il);
    if (st != CCE_OK) return st;
    tmp[0] = (uint8_t)CCE_DER_CONTEXT(4);
    cce_der_add_raw(&b, tmp, il);
  }
  cce_der_begin(&b, CCE_DER_CONTEXT(6) | CCE_DER_CONSTRUCTED);  // fwids [6] IMPLICIT SEQUENCE OF FWID
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_add(&b, CCE_DER_OID, hoid, hoid_len);
  cce_der_add(&b, CCE_DER_OCTET_STRING, digest, digest_len);
  cce_der_end(&b);
  cce_der_end(&b);
  cce_der_end(&b);
  return cce_der_builder_finish(&b, out_len);
}

static void put2(char *s, int v) {
  s[0] = (char)('0' + v / 10 % 10);
  s[1] = (char)('0' + v % 10);
}

static void add_time(cce_der_builder *b, int64_t t) {
  if (t < 0) {
    cce_der_add(b, TAG_GEN_TIME, (const uint8_t *)"99991231235959Z", 15);
    return;
  }
  time_t tt = (time_t)t;
  struct tm tm;
  if (gmtime_r(&tt, &tm) == NULL) {
    b->err_ = CCE_ERR_INVALID_ARG;
    return;
  }
  int year = tm.tm_year + 1900;
  char s[16];
  size_t o = 0;
  if (year >= 1950 && year < 2050) {
    put2(s, year % 100);
    o = 2;
  } else if (year >= 0 && year <= 9999) {
    put2(s, year / 100);
    put2(s + 2, year % 100);
    o = 4;
  } else {
    b->err_ = CCE_ERR_INVALID_ARG;
    return;
  }
  put2(s + o, tm.tm_mon + 1);
  put2(s + o + 2, tm.tm_mday);
  put2(s + o + 4, tm.tm_hour);
  put2(s + o + 6, tm.tm_min);
  put2(s + o + 8, tm.tm_sec);
  s[o + 10] = 'Z';
  cce_der_add(b, o == 2 ? TAG_UTC_TIME : TAG_GEN_TIME, (const uint8_t *)s, o + 11);
}

// keyUsage as a DER named-bit BIT STRING (trailing zero bits dropped).
static void add_key_usage_bits(cce_der_builder *b, unsigned ku) {
  uint8_t v[3];
  uint8_t bytes[2] = {0, 0};
  for (unsigned bit = 0; bit < 9; bit++)
    if (ku & (1u << bit)) bytes[bit / 8] |= (uint8_t)(0x80u >> (bit % 8));
  size_t n = bytes[1] ? 2 : 1;
  uint8_t last = bytes[n - 1];
  unsigned unused = 0;
  while (unused < 7 && !(last & (1u << unused))) unused++;
  v[0] = (uint8_t)unused;
  memcpy(v + 1, bytes, n);
  cce_der_add(b, CCE_DER_BIT_STRING, v, n + 1);
}

static const uint8_t der_true[] = {0xff};

// see x509.h
cce_status cce_x509_build_tbs(uint8_t *out, size_t cap, size_t *out_len, const cce_x509_tbs_params *p) {
  if (out == NULL || out_len == NULL || p == NULL) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  if (p->serial == NULL || p->issuer == NULL || p->subject == NULL || p->subject_pub == NULL)
    return CCE_ERR_NULL_POINTER;
  if (p->serial_len == 0 || p->serial_len > 20) return CCE_ERR_INVALID_LENGTH;
  if ((p->ski == NULL && p->ski_len) || (p->aki == NULL && p->aki_len) || (p->tcbinfo == NULL && p->tcbinfo_len))
    return CCE_ERR_NULL_POINTER;
  if (p->key_usage & ~0x1ffu) return CCE_ERR_INVALID_ARG;
  if (!p->is_ca && p->path_len >= 0) return CCE_ERR_INVALID_ARG;
  size_t so_len;
  const uint8_t *so = sig_oid(p->sig_hash, &so_len);
  if (so == NULL) return CCE_ERR_UNSUPPORTED;
  cce_pkey k;
  cce_status st = cce_pkey_set(&k, CCE_PKEY_EC, p->curve, NULL, 0, p->subject_pub, p->subject_pub_len);
  if (st != CCE_OK) return st;
  uint8_t spki[CCE_PKEY_MAX_DER_BYTES];
  size_t spki_len;
  st = cce_pkey_public_to_der(spki, sizeof spki, &spki_len, &k, 0);
  if (st != CCE_OK) return st;
  uint8_t serial[21];
  memcpy(serial + 1, p->serial, p->serial_len);
  serial[0] = 0;
  serial[1] &= 0x7f;  // positive, at most 20 octets
  if (serial[1] == 0) serial[1] = 0x01;  // and not zero (RFC 5280 4.1.2.2)

  cce_der_builder b;
  cce_der_builder_init(&b, out, cap);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_begin(&b, CCE_DER_CONTEXT(0) | CCE_DER_CONSTRUCTED);  // version [0] EXPLICIT v3
  cce_der_add_uint64(&b, 2);
  cce_der_end(&b);
  cce_der_add_uint(&b, serial + 1, p->serial_len);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_add(&b, CCE_DER_OID, so, so_len);
  cce_der_end(&b);
  cce_der_add_raw(&b, p->issuer, p->issuer_len);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  add_time(&b, p->not_before);
  add_time(&b, p->not_after);
  cce_der_end(&b);
  cce_der_add_raw(&b, p->subject, p->subject_len);
  cce_der_add_raw(&b, spki, spki_len);
  cce_der_begin(&b, CCE_DER_CONTEXT(3) | CCE_DER_CONSTRUCTED);  // extensions [3] EXPLICIT
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  // basicConstraints (critical)
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_add(&b, CCE_DER_OID, oid_ext_bc, sizeof oid_ext_bc);
  cce_der_add(&b, CCE_DER_BOOLEAN, der_true, 1);
  cce_der_begin(&b, CCE_DER_OCTET_STRING);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  if (p->is_ca) {
    cce_der_add(&b, CCE_DER_BOOLEAN, der_true, 1);
    if (p->path_len >= 0) cce_der_add_uint64(&b, (uint64_t)p->path_len);
  }
  cce_der_end(&b);
  cce_der_end(&b);
  cce_der_end(&b);
  // keyUsage (critical)
  if (p->key_usage) {
    cce_der_begin(&b, CCE_DER_SEQUENCE);
    cce_der_add(&b, CCE_DER_OID, oid_ext_ku, sizeof oid_ext_ku);
    cce_der_add(&b, CCE_DER_BOOLEAN, der_true, 1);
    cce_der_begin(&b, CCE_DER_OCTET_STRING);
    add_key_usage_bits(&b, p->key_usage);
    cce_der_end(&b);
    cce_der_end(&b);
  }
  if (p->ski_len) {
    cce_der_begin(&b, CCE_DER_SEQUENCE);
    cce_der_add(&b, CCE_DER_OID, oid_ext_ski, sizeof oid_ext_ski);
    cce_der_begin(&b, CCE_DER_OCTET_STRING);
    cce_der_add(&b, CCE_DER_OCTET_STRING, p->ski, p->ski_len);
    cce_der_end(&b);
    cce_der_end(&b);
  }
  if (p->aki_len) {
    cce_der_begin(&b, CCE_DER_SEQUENCE);
    cce_der_add(&b, CCE_DER_OID, oid_ext_aki, sizeof oid_ext_aki);
    cce_der_begin(&b, CCE_DER_OCTET_STRING);
    cce_der_begin(&b, CCE_DER_SEQUENCE);
    cce_der_add(&b, CCE_DER_CONTEXT(0), p->aki, p->aki_len);  // keyIdentifier [0] IMPLICIT
    cce_der_end(&b);
    cce_der_end(&b);
    cce_der_end(&b);
  }
  if (p->tcbinfo_len) {
    cce_der_begin(&b, CCE_DER_SEQUENCE);
    cce_der_add(&b, CCE_DER_OID, oid_ext_tcbinfo, sizeof oid_ext_tcbinfo);
    cce_der_add(&b, CCE_DER_OCTET_STRING, p->tcbinfo, p->tcbinfo_len);
    cce_der_end(&b);
  }
  cce_der_end(&b);
  cce_der_end(&b);
  cce_der_end(&b);
  return cce_der_builder_finish(&b, out_len);
}

// see x509.h
cce_status cce_x509_assemble(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *tbs, size_t tbs_len,
                             cce_hash_alg sig_hash, const uint8_t *sig, size_t sig_len) {
  if (out == NULL || out_len == NULL || tbs == NULL || sig == NULL) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  size_t so_len;
  const uint8_t *so = sig_oid(sig_hash, &so_len);
  if (so == NULL) return CCE_ERR_UNSUPPORTED;
  uint8_t sder[CCE_ECDSA_MAX_DER_SIG_BYTES];
  size_t sder_len;
  cce_status st = cce_ecdsa_sig_to_der(sig, sig_len, sder, sizeof sder, &sder_len);
  if (st != CCE_OK) return st;
  cce_der_builder b;
  cce_der_builder_init(&b, out, cap);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_add_raw(&b, tbs, tbs_len);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_add(&b, CCE_DER_OID, so, so_len);
  cce_der_end(&b);
  cce_der_add_bit_string(&b, sder, sder_len);
  cce_der_end(&b);
  return cce_der_builder_finish(&b, out_len);
}

// ---------------------------------------------------------------------------
// Reader.

// Reads the next element whole (tag and length included) into `whole`.
static cce_status read_whole(cce_der *d, unsigned tag, cce_der *whole) {
  const uint8_t *start = d->data;
  cce_der c;
  cce_status st = cce_der_read(d, tag, &c);
  if (st != CCE_OK) return st;
  whole->data = start;
  whole->len = (size_t)(d->data - start);
  return CCE_OK;
}

static cce_status read_sig_alg(cce_der *d, cce_hash_alg *h, cce_der *oid_out) {
  cce_der alg, oid;
  cce_status st = cce_der_read(d, CCE_DER_SEQUENCE, &alg);
  if (st == CCE_OK) st = cce_der_read_oid(&alg, &oid);
  if (st != CCE_OK) return st;
  if (alg.len != 0) {  // parameters: NULL only (ECDSA has none, but accept NULL)
    st = cce_der_read(&alg, CCE_DER_NULL, NULL);
    if (st == CCE_OK) st = cce_der_finish(&alg);
    if (st != CCE_OK) return st;
  }
  *h = oid_is(&oid, oid_ecdsa_sha256, sizeof oid_ecdsa_sha256)   ? CCE_HASH_SHA256
       : oid_is(&oid, oid_ecdsa_sha384, sizeof oid_ecdsa_sha384) ? CCE_HASH_SHA384
       : oid_is(&oid, oid_ecdsa_sha512, sizeof oid_ecdsa_sha512) ? CCE_HASH_SHA512
                                                                 : CCE_HASH_NONE;
  *oid_out = oid;
  return CCE_OK;
}

static cce_status parse_tcbinfo(cce_x509_cert *c, cce_der v) {
  cce_der seq, el;
  unsigned tag;
  cce_status st = cce_der_read(&v, CCE_DER_SEQUENCE, &seq);
  if (st == CCE_OK) st = cce_der_finish(&v);
  if (st != CCE_OK) return st;
  while (seq.len > 0) {
    st = cce_der_read_any(&seq, &tag, &el);
    if (st != CCE_OK) return st;
    if (tag != (CCE_DER_CONTEXT(6) | CCE_DER_CONSTRUCTED)) continue;
    cce_der fwid, oid, dig;
    st = cce_der_read(&el, CCE_DER_SEQUENCE, &fwid);
    if (st == CCE_OK) st = cce_der_read_oid(&fwid, &oid);
    if (st == CCE_OK) st = cce_der_read(&fwid, CCE_DER_OCTET_STRING, &dig);
    if (st == CCE_OK) st = cce_der_finish(&fwid);
    if (st != CCE_OK) return st;
    if (c->fwid.len == 0) {
      c->fwid = dig;
      c->fwid_hash = oid_is(&oid, oid_sha256, sizeof oid_sha256)   ? CCE_HASH_SHA256
                     : oid_is(&oid, oid_sha384, sizeof oid_sha384) ? CCE_HASH_SHA384
                     : oid_is(&oid, oid_sha512, sizeof oid_sha512) ? CCE_HASH_SHA512
                                                                   : CCE_HASH_NONE;
    }
  }
  return CCE_OK;
}

static cce_status parse_ext(cce_x509_cert *c, cce_der ext) {
  cce_der oid, val;
  int crit_present = 0;
  cce_der crit;
  cce_status st = cce_der_read_oid(&ext, &oid);
  if (st == CCE_OK) st = cce_der_read_optional(&ext, CCE_DER_BOOLEAN, &crit, &crit_present);
  if (st == CCE_OK && crit_present) st = cce_der_check_element(CCE_DER_BOOLEAN, &crit);
  if (st == CCE_OK) st = cce_der_read(&ext, CCE_DER_OCTET_STRING, &val);
  if (st == CCE_OK) st = cce_der_finish(&ext);
  if (st != CCE_OK) return st;
  int critical = crit_present && crit.len == 1 && crit.data[0] == 0xff;
  if (crit_present && !critical) return CCE_ERR_DECODE;  // DEFAULT FALSE must be omitted in DER
  if (oid_is(&oid, oid_ext_bc, sizeof oid_ext_bc)) {
    cce_der seq, b;
    int present;
    st = cce_der_read(&val, CCE_DER_SEQUENCE, &seq);
    if (st == CCE_OK) st = cce_der_finish(&val);
    if (st == CCE_OK) st = cce_der_read_optional(&seq, CCE_DER_BOOLEAN, &b, &present);
    if (st == CCE_OK && present) st = cce_der_check_element(CCE_DER_BOOLEAN, &b);
    if (st != CCE_OK) return st;
    c->is_ca = present && b.len == 1 && b.data[0] == 0xff;
    if (seq.len > 0) {
      uint64_t pl;
      st = cce_der_read_uint64(&seq, &pl);
      if (st == CCE_OK) st = cce_der_finish(&seq);
      if (st != CCE_OK) return st;
      c->path_len = pl > 1000 ? 1000 : (int)pl;
    }
  } else if (oid_is(&oid, oid_ext_ku, sizeof oid_ext_ku)) {
    cce_der bits;
    st = cce_der_read(&val, CCE_DER_BIT_STRING, &bits);
    if (st == CCE_OK) st = cce_der_finish(&val);
    if (st == CCE_OK) st = cce_der_check_element(CCE_DER_BIT_STRING, &bits);
    if (st != CCE_OK) return st;
    unsigned ku = 0;
    for (size_t i = 1; i < bits.len && i < 3; i++)
      for (unsigned j = 0; j < 8; j++)
        if (bits.data[i] & (0x80u >> j)) ku |= 1u << ((i - 1) * 8 + j);
    c->key_usage = ku;
    c->has_key_usage = 1;
  } else if (oid_is(&oid, oid_ext_ski, sizeof oid_ext_ski)) {
    st = cce_der_read(&val, CCE_DER_OCTET_STRING, &c->ski);
    if (st == CCE_OK) st = cce_der_finish(&val);
    return st;
  } else if (oid_is(&oid, oid_ext_aki, sizeof oid_ext_aki)) {
    cce_der seq;
    int present;
    st = cce_der_read(&val, CCE_DER_SEQUENCE, &seq);
    if (st == CCE_OK) st = cce_der_finish(&val);
    if (st == CCE_OK) st = cce_der_read_optional(&seq, CCE_DER_CONTEXT(0), &c->aki, &present);
    return st;  // authorityCertIssuer / serial, if any, are ignored
  } else if (oid_is(&oid, oid_ext_tcbinfo, sizeof oid_ext_tcbinfo)) {
    return parse_tcbinfo(c, val);
  } else if (critical) {
    c->unknown_critical = 1;
  }
  return CCE_OK;
}

// see x509.h
cce_status cce_x509_parse(cce_x509_cert *c, const uint8_t *der, size_t der_len) {
  if (c == NULL || (der == NULL && der_len)) return CCE_ERR_NULL_POINTER;
  memset(c, 0, sizeof *c);
  c->path_len = -1;
  cce_der in, cert, tbs, v, oid1, oid2;
  cce_der_init(&in, der, der_len);
  cce_status st = cce_der_read(&in, CCE_DER_SEQUENCE, &cert);
  if (st == CCE_OK) st = cce_der_finish(&in);
  if (st == CCE_OK) st = read_whole(&cert, CCE_DER_SEQUENCE, &c->tbs);
  cce_hash_alg h2 = CCE_HASH_NONE;
  if (st == CCE_OK) st = read_sig_alg(&cert, &c->sig_hash, &oid1);
  if (st == CCE_OK) st = cce_der_read_bit_string(&cert, &c->sig);
  if (st == CCE_OK) st = cce_der_finish(&cert);
  if (st != CCE_OK) goto fail;
  cce_der_init(&tbs, c->tbs.data, c->tbs.len);
  st = cce_der_read(&tbs, CCE_DER_SEQUENCE, &v);
  if (st != CCE_OK) goto fail;
  tbs = v;
  {
    cce_der ver;
    uint64_t vn = 0;
    int present;
    st = cce_der_read_optional(&tbs, CCE_DER_CONTEXT(0) | CCE_DER_CONSTRUCTED, &ver, &present);
    if (st == CCE_OK && present) st = cce_der_read_uint64(&ver, &vn);
    if (st == CCE_OK && present) st = cce_der_finish(&ver);
    if (st != CCE_OK) goto fail;
    if (vn != 2) {
      st = CCE_ERR_UNSUPPORTED;
      goto fail;
    }
  }
  st = cce_der_read_uint_bytes(&tbs, &c->serial);
  if (st == CCE_OK) st = read_sig_alg(&tbs, &h2, &oid2);
  if (st == CCE_OK && (oid1.len != oid2.len || memcmp(oid1.data, oid2.data, oid1.len) != 0)) st = CCE_ERR_DECODE;
  if (st == CCE_OK) st = read_whole(&tbs, CCE_DER_SEQUENCE, &c->issuer);
  if (st == CCE_OK) st = cce_der_read(&tbs, CCE_DER_SEQUENCE, NULL);  // validity
  if (st == CCE_OK) st = read_whole(&tbs, CCE_DER_SEQUENCE, &c->subject);
  if (st == CCE_OK) st = read_whole(&tbs, CCE_DER_SEQUENCE, &c->spki);
  if (st != CCE_OK) goto fail;
  // issuerUniqueID [1], subjectUniqueID [2]: skipped.
  for (unsigned t = 1; t <= 2 && st == CCE_OK; t++) {
    int present;
    st = cce_der_read_optional(&tbs, CCE_DER_CONTEXT(t), NULL, &present);
  }
  if (st != CCE_OK) goto fail;
  {
    cce_der exts_wrap, exts;
    int present;
    st = cce_der_read_optional(&tbs, CCE_DER_CONTEXT(3) | CCE_DER_CONSTRUCTED, &exts_wrap, &present);
    if (st == CCE_OK && present) {
      st = cce_der_read(&exts_wrap, CCE_DER_SEQUENCE, &exts);
      if (st == CCE_OK) st = cce_der_finish(&exts_wrap);
      while (st == CCE_OK && exts.len > 0) {
        cce_der ext;
        st = cce_der_read(&exts, CCE_DER_SEQUENCE, &ext);
        if (st == CCE_OK) st = parse_ext(c, ext);
      }
    }
    if (st == CCE_OK) st = cce_der_finish(&tbs);
  }
  if (st != CCE_OK) goto fail;
  return CCE_OK;
fail:
  memset(c, 0, sizeof *c);
  c->path_len = -1;
  return st;
}
