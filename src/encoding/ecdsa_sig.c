// DER codec of ECDSA-Sig-Value (see ecdsa_sig.h). Outside the module.

#include <string.h>

#include "cce/ecdsa_sig.h"

// Length of a minimal non-negative INTEGER content for the big-endian value
// v[0..n) (leading zeros skipped, one 0x00 added when the top bit is set).
static size_t int_content_len(const uint8_t *v, size_t n, size_t *skip) {
  size_t i = 0;
  while (i < n && v[i] == 0) i++;
  *skip = i;
  if (i == n) return 1;  // zero: 02 01 00
  return (n - i) + ((v[i] & 0x80) ? 1 : 0);
}

static size_t put_len(uint8_t *p, size_t len) {
  if (len < 0x80) {
    if (p) p[0] = (uint8_t)len;
    return 1;
  }
  if (p) {
    p[0] = 0x81;
    p[1] = (uint8_t)len;
  }
  return 2;  // len <= 255 here
}

static size_t put_int(uint8_t *p, const uint8_t *v, size_t n) {
  size_t skip, c = int_content_len(v, n, &skip);
  size_t h = 1 + put_len(NULL, c);
  if (p) {
    p[0] = 0x02;
    put_len(p + 1, c);
    uint8_t *q = p + h;
    if (skip == n) {
      q[0] = 0;
    } else {
      if (v[skip] & 0x80) *q++ = 0;
      memcpy(q, v + skip, n - skip);
    }
  }
  return h + c;
}

cce_status cce_ecdsa_sig_to_der(const uint8_t *rs, size_t rs_len, uint8_t *out, size_t out_cap, size_t *out_len) {
  if (rs == NULL || out_len == NULL || (out == NULL && out_cap > 0)) return CCE_ERR_NULL_POINTER;
  if (rs_len == 0 || rs_len % 2 != 0 || rs_len > 2 * 120) return CCE_ERR_INVALID_LENGTH;
  size_t n = rs_len / 2;
  size_t body = put_int(NULL, rs, n) + put_int(NULL, rs + n, n);
  size_t total = 1 + put_len(NULL, body) + body;
  *out_len = total;
  if (out_cap < total) return CCE_ERR_BUFFER_TOO_SMALL;
  out[0] = 0x30;
  size_t off = 1 + put_len(out + 1, body);
  off += put_int(out + off, rs, n);
  put_int(out + off, rs + n, n);
  return CCE_OK;
}

// Reads a DER length at p[*off] (end = limit); strict minimal definite form.
static int get_len(const uint8_t *p, size_t end, size_t *off, size_t *len) {
  if (*off >= end) return -1;
  uint8_t b = p[(*off)++];
  if (b < 0x80) {
    *len = b;
    return 0;
  }
  size_t nb = b & 0x7f;
  if (nb == 0 || nb > 2 || end - *off < nb) return -1;  // indefinite, or absurdly long
  size_t v = 0;
  for (size_t i = 0; i < nb; i++) v = (v << 8) | p[(*off)++];
  if (v < 0x80) return -1;              // short form would do
  if (nb == 2 && v < 0x100) return -1;  // one length byte would do
  *len = v;
  return 0;
}

static int get_int(const uint8_t *p, size_t end, size_t *off, uint8_t *out, size_t n) {
  size_t len;
  if (*off >= end || p[(*off)++] != 0x02) return -1;
  if (get_len(p, end, off, &len) != 0 || len == 0 || end - *off < len) return -1;
  const uint8_t *v = p + *off;
  if (v[0] & 0x80) return -1;                            // negative
  if (len > 1 && v[0] == 0x00 && !(v[1] & 0x80)) return -1;  // non-minimal
  if (v[0] == 0x00 && len > 1) {
    v++;
    len--;
  }
  if (len > n) return -1;
  memset(out, 0, n - len);
  memcpy(out + n - len, v, len);
  *off += (size_t)(v - (p + *off)) + len;
  return 0;
}

cce_status cce_ecdsa_sig_from_der(const uint8_t *der, size_t der_len, uint8_t *rs, size_t rs_len) {
  if (rs == NULL || (der == NULL && der_len > 0)) return CCE_ERR_NULL_POINTER;
  if (rs_len == 0 || rs_len % 2 != 0) return CCE_ERR_INVALID_LENGTH;
  size_t n = rs_len / 2, off = 0, len;
  if (der_len < 2 || der[0] != 0x30) goto bad;
  off = 1;
  if (get_len(der, der_len, &off, &len) != 0 || len != der_len - off) goto bad;  // no trailing bytes
  if (get_int(der, der_len, &off, rs, n) != 0) goto bad;
  if (get_int(der, der_len, &off, rs + n, n) != 0) goto bad;
  if (off != der_len) goto bad;
  return CCE_OK;
bad:
  memset(rs, 0, rs_len);
  return CCE_ERR_DECODE;
}
