// A strict DER reader and a small DER writer (X.690 section 10). See encoding.h.
//
// Outside the module boundary. The reader never reads past the bytes it was
// given; every length is checked before use.

#include <stdio.h>
#include <string.h>

#include "cce/encoding.h"
#include "cce/util.h"

// ===========================================================================
// Reader.

// see encoding.h
void cce_der_init(cce_der *d, const uint8_t *in, size_t in_len) {
  if (!d) return;
  d->data = in_len ? in : NULL;
  d->len = in ? in_len : 0;
}

// Parses the header at d: tag, header length and contents length.
static cce_status parse_header(const cce_der *d, unsigned *tag, size_t *hdr_len, size_t *body_len) {
  if (d->len < 2) return CCE_ERR_DECODE;
  const uint8_t *p = d->data;
  if ((p[0] & 0x1f) == 0x1f) return CCE_ERR_DECODE;  // high tag number form: not used here
  size_t n = p[1];
  size_t h = 2;
  if (n & 0x80) {
    size_t num = n & 0x7f;
    // 0x80: indefinite length (BER only); 0xff reserved; more than 4 length
    // octets can never describe an input we accept.
    if (num == 0 || num > 4) return CCE_ERR_DECODE;
    if (d->len < 2 + num) return CCE_ERR_DECODE;
    if (p[2] == 0) return CCE_ERR_DECODE;  // leading zero octet: not minimal
    n = 0;
    for (size_t i = 0; i < num; i++) n = (n << 8) | p[2 + i];
    if (n < 0x80) return CCE_ERR_DECODE;  // would fit the short form
    h = 2 + num;
  }
  if (n > d->len - h) return CCE_ERR_DECODE;
  *tag = p[0];
  *hdr_len = h;
  *body_len = n;
  return CCE_OK;
}

// see encoding.h
cce_status cce_der_read_any(cce_der *d, unsigned *out_tag, cce_der *out_contents) {
  if (!d || !out_tag) return CCE_ERR_NULL_POINTER;
  unsigned tag;
  size_t h, n;
  cce_status st = parse_header(d, &tag, &h, &n);
  if (st != CCE_OK) return st;
  *out_tag = tag;
  if (out_contents) {
    out_contents->data = n ? d->data + h : NULL;
    out_contents->len = n;
  }
  d->data += h + n;
  d->len -= h + n;
  if (d->len == 0) d->data = NULL;
  return CCE_OK;
}

// see encoding.h
cce_status cce_der_read(cce_der *d, unsigned tag, cce_der *out_contents) {
  if (!d) return CCE_ERR_NULL_POINTER;
  cce_der save = *d, c;
  unsigned got;
  cce_status st = cce_der_read_any(d, &got, &c);
  if (st != CCE_OK) return st;
  if (got != tag) {
    *d = save;
    return CCE_ERR_DECODE;
  }
  if (out_contents) *out_contents = c;
  return CCE_OK;
}

// see encoding.h
int cce_der_peek(const cce_der *d, unsigned tag) {
  return d && d->len >= 1 && d->data[0] == tag;
}

// see encoding.h
cce_status cce_der_read_optional(cce_der *d, unsigned tag, cce_der *out_contents, int *out_present) {
  if (!d || !out_present) return CCE_ERR_NULL_POINTER;
  *out_present = 0;
  if (!cce_der_peek(d, tag)) return CCE_OK;
  cce_status st = cce_der_read(d, tag, out_contents);
  if (st == CCE_OK) *out_present = 1;
  return st;
}

static cce_status check_integer(const cce_der *c) {
  if (c->len == 0) return CCE_ERR_DECODE;
  if (c->len >= 2) {
    // X.690 8.3.2: the first nine bits must not be all zeros or all ones.
    if (c->data[0] == 0x00 && !(c->data[1] & 0x80)) return CCE_ERR_DECODE;
    if (c->data[0] == 0xff && (c->data[1] & 0x80)) return CCE_ERR_DECODE;
  }
  return CCE_OK;
}

static cce_status check_oid(const cce_der *c) {
  if (c->len == 0) return CCE_ERR_DECODE;
  int start = 1;
  for (size_t i = 0; i < c->len; i++) {
    if (start && c->data[i] == 0x80) return CCE_ERR_DECODE;  // leading zero septet
    start = !(c->data[i] & 0x80);
  }
  return start ? CCE_OK : CCE_ERR_DECODE;  // the last octet ends an arc
}

static cce_status check_bit_string(const cce_der *c) {
  if (c->len == 0) return CCE_ERR_DECODE;
  unsigned unused = c->data[0];
  if (unused > 7) return CCE_ERR_DECODE;
  if (c->len == 1) return unused == 0 ? CCE_OK : CCE_ERR_DECODE;
  // X.690 11.2.1: the unused bits are zero.
  if (c->data[c->len - 1] & ((1u << unused) - 1u)) return CCE_ERR_DECODE;
  return CCE_OK;
}

// see encoding.h
cce_status cce_der_check_element(unsigned tag, const cce_der *c) {
  if (!c) return CCE_ERR_NULL_POINTER;
  switch (tag) {
    case CCE_DER_BOOLEAN:
      return (c->len == 1 && (c->data[0] == 0x00 || c->data[0] == 0xff)) ? CCE_OK : CCE_ERR_DECODE;
    case CCE_DER_INTEGER:
    case 0x0a:  // ENUMERATED: same rules
      return check_integer(c);
    case CCE_DER_NULL:
      return c->len == 0 ? CCE_OK : CCE_ERR_DECODE;
    case CCE_DER_OID:
      return check_oid(c);
    case CCE_DER_BIT_STRING:
      return check_bit_string(c);
    default:
      // Universal string and time types must be primitive in DER (X.690
      // 10.2); their constructed forms are BER only.
      if ((tag & 0xc0) == 0 && (tag & CCE_DER_CONSTRUCTED) && (tag & 0x1f) != 0x10 && (tag & 0x1f) != 0x11)
        return CCE_ERR_DECODE;
      return CCE_OK;
  }
}

// see encoding.h
cce_status cce_der_read_uint64(cce_der *d, uint64_t *out) {
  if (!d || !out) return CCE_ERR_NULL_POINTER;
  cce_der save = *d, m;
  cce_status st = cce_der_read_uint_bytes(d, &m);
  if (st != CCE_OK) return st;
  if (m.len > 8) {
    *d = save;
    return CCE_ERR_DECODE;
  }
  uint64_t v = 0;
  for (size_t i = 0; i < m.len; i++) v = (v << 8) | m.data[i];
  *out = v;
  return CCE_OK;
}

// see encoding.h
cce_status cce_der_read_uint_bytes(cce_der *d, cce_der *out) {
  if (!d || !out) return CCE_ERR_NULL_POINTER;
  cce_der save = *d, c;
  cce_status st = cce_der_read(d, CCE_DER_INTEGER, &c);
  if (st != CCE_OK) return st;
  if (check_integer(&c) != CCE_OK || (c.data[0] & 0x80)) {
    *d = save;
    return CCE_ERR_DECODE;
  }
  if (c.len >= 2 && c.data[0] == 0) {  // sign octet
    c.data++;
    c.len--;
  }
  *out = c;
  return CCE_OK;
}

// see encoding.h
cce_status cce_der_read_oid(cce_der *d, cce_der *out) {
  if (!d || !out) return CCE_ERR_NULL_POINTER;
  cce_der save = *d, c;
  cce_status st = cce_der_read(d, CCE_DER_OID, &c);
  if (st != CCE_OK) return st;
  if (check_oid(&c) != CCE_OK) {
    *d = save;
    return CCE_ERR_DECODE;
  }
  *out = c;
  return CCE_OK;
}

// see encoding.h
cce_status cce_der_read_bit_string(cce_der *d, cce_der *out) {
  if (!d || !out) return CCE_ERR_NULL_POINTER;
  cce_der save = *d, c;
  cce_status st = cce_der_read(d, CCE_DER_BIT_STRING, &c);
  if (st != CCE_OK) return st;
  if (check_bit_string(&c) != CCE_OK || c.data[0] != 0) {
    *d = save;
    return CCE_ERR_DECODE;
  }
  out->data = c.len > 1 ? c.data + 1 : NULL;
  out->len = c.len - 1;
  return CCE_OK;
}

// see encoding.h
cce_status cce_der_finish(const cce_der *d) {
  if (!d) return CCE_ERR_NULL_POINTER;
  return d->len == 0 ? CCE_OK : CCE_ERR_DECODE;
}

// see encoding.h
cce_status cce_oid_to_string(char *out, size_t out_cap, const uint8_t *oid, size_t oid_len) {
  if (!out || (!oid && oid_len)) return CCE_ERR_NULL_POINTER;
  if (out_cap) out[0] = '\0';
  cce_der c = {oid, oid_len};
  if (check_oid(&c) != CCE_OK) return CCE_ERR_DECODE;
  size_t pos = 0;
  int first = 1;
  uint64_t v = 0;
  for (size_t i = 0; i < oid_len; i++) {
    if (v >> 57) return CCE_ERR_DECODE;  // the next shift would overflow 64 bits
    v = (v << 7) | (oid[i] & 0x7f);
    if (oid[i] & 0x80) continue;
    char tmp[48];
    int n;
    if (first) {
      // X.690 8.19.4: the first subidentifier is 40 * arc1 + arc2.
      unsigned a1 = v < 40 ? 0 : v < 80 ? 1 : 2;
      n = snprintf(tmp, sizeof tmp, "%u.%llu", a1, (unsigned long long)(v - 40u * a1));
      first = 0;
    } else {
      n = snprintf(tmp, sizeof tmp, ".%llu", (unsigned long long)v);
    }
    if (n < 0 || (size_t)n >= out_cap - pos) {
      out[0] = '\0';
      return CCE_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(out + pos, tmp, (size_t)n + 1);
    pos += (size_t)n;
    v = 0;
  }
  return CCE_OK;
}

// ===========================================================================
// Writer.

// see encoding.h
void cce_der_builder_init(cce_der_builder *b, uint8_t *out, size_t out_cap) {
  if (!b) return;
  memset(b, 0, sizeof *b);
  b->buf = out;
  b->cap = out ? out_cap : 0;
  b->err_ = out ? CCE_OK : CCE_ERR_NULL_POINTER;
}

static cce_status fail(cce_der_builder *b, cce_status st) {
  if (b->err_ == CCE_OK) b->err_ = st;
  return b->err_;
}

static int valid_tag(unsigned tag) { return tag <= 0xff && (tag & 0x1f) != 0x1f; }

static cce_status put(cce_der_builder *b, const uint8_t *p, size_t n) {
  if (b->err_ != CCE_OK) return b->err_;
  if (n > b->cap - b->len) return fail(b, CCE_ERR_BUFFER_TOO_SMALL);
  if (n) memcpy(b->buf + b->len, p, n);
  b->len += n;
  return CCE_OK;
}

// Length octets of `n` into hdr; returns their count.
static size_t length_octets(uint8_t hdr[5], size_t n) {
  if (n < 0x80) {
    hdr[0] = (uint8_t)n;
    return 1;
  }
  size_t num = 0;
  for (size_t t = n; t; t >>= 8) num++;
  hdr[0] = (uint8_t)(0x80 | num);
  for (size_t i = 0; i < num; i++) hdr[1 + i] = (uint8_t)(n >> (8 * (num - 1 - i)));
  return 1 + num;
}

// see encoding.h
cce_status cce_der_add(cce_der_builder *b, unsigned tag, const uint8_t *contents, size_t len) {
  if (!b) return CCE_ERR_NULL_POINTER;
  if (b->err_ != CCE_OK) return b->err_;
  if (!valid_tag(tag) || len > 0xffffffffu) return fail(b, CCE_ERR_INVALID_ARG);
  if (!contents && len) return fail(b, CCE_ERR_NULL_POINTER);
  uint8_t hdr[6];
  hdr[0] = (uint8_t)tag;
  size_t h = 1 + length_octets(hdr + 1, len);
  put(b, hdr, h);
  return put(b, contents, len);
}

// see encoding.h
cce_status cce_der_add_raw(cce_der_builder *b, const uint8_t *bytes, size_t len) {
  if (!b) return CCE_ERR_NULL_POINTER;
  if (!bytes && len) return fail(b, CCE_ERR_NULL_POINTER);
  return put(b, bytes, len);
}

// see encoding.h
cce_status cce_der_begin(cce_der_builder *b, unsigned tag) {
  if (!b) return CCE_ERR_NULL_POINTER;
  if (b->err_ != CCE_OK) return b->err_;
  if (!valid_tag(tag) || b->depth_ >= CCE_DER_MAX_DEPTH) return fail(b, CCE_ERR_INVALID_ARG);
  b->open_[b->depth_++] = b->len;
  // Tag and a one-octet length placeholder; cce_der_end widens it if needed.
  uint8_t hdr[2] = {(uint8_t)tag, 0};
  return put(b, hdr, 2);
}

// see encoding.h
cce_status cce_der_end(cce_der_builder *b) {
  if (!b) return CCE_ERR_NULL_POINTER;
  if (b->err_ != CCE_OK) return b->err_;
  if (b->depth_ == 0) return fail(b, CCE_ERR_INVALID_ARG);
  size_t start = b->open_[--b->depth_];
  size_t body = b->len - start - 2;
  if (body > 0xffffffffu) return fail(b, CCE_ERR_INVALID_ARG);
  uint8_t hdr[5];
  size_t h = length_octets(hdr, body);
  if (h > 1) {
    if (h - 1 > b->cap - b->len) return fail(b, CCE_ERR_BUFFER_TOO_SMALL);
    memmove(b->buf + start + 1 + h, b->buf + start + 2, body);
    b->len += h - 1;
  }
  memcpy(b->buf + start + 1, hdr, h);
  return CCE_OK;
}

// see encoding.h
cce_status cce_der_add_uint(cce_der_builder *b, const uint8_t *be, size_t len) {
  if (!b) return CCE_ERR_NULL_POINTER;
  if (!be && len) return fail(b, CCE_ERR_NULL_POINTER);
  while (len > 0 && be[0] == 0) {
    be++;
    len--;
  }
  if (cce_der_begin(b, CCE_DER_INTEGER) != CCE_OK) return b->err_;
  if (len == 0 || (be[0] & 0x80)) {
    uint8_t zero = 0;
    put(b, &zero, 1);
  }
  put(b, be, len);
  return cce_der_end(b);
}

// see encoding.h
cce_status cce_der_add_uint64(cce_der_builder *b, uint64_t v) {
  uint8_t be[8];
  for (int i = 0; i < 8; i++) be[i] = (uint8_t)(v >> (56 - 8 * i));
  return cce_der_add_uint(b, be, sizeof be);
}

// see encoding.h
cce_status cce_der_add_bit_string(cce_der_builder *b, const uint8_t *bytes, size_t len) {
  if (!b) return CCE_ERR_NULL_POINTER;
  if (!bytes && len) return fail(b, CCE_ERR_NULL_POINTER);
  uint8_t unused = 0;
  cce_der_begin(b, CCE_DER_BIT_STRING);
  put(b, &unused, 1);
  put(b, bytes, len);
  return cce_der_end(b);
}

// see encoding.h
cce_status cce_der_builder_finish(cce_der_builder *b, size_t *out_len) {
  if (!b || !out_len) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  if (b->err_ == CCE_OK && b->depth_ != 0) b->err_ = CCE_ERR_INVALID_ARG;
  if (b->err_ != CCE_OK) {
    if (b->buf) cce_wipe(b->buf, b->cap);
    b->len = 0;
    return b->err_;
  }
  *out_len = b->len;
  return CCE_OK;
}
