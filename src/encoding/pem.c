// PEM armour (RFC 7468) with strict base64 (RFC 4648 section 4). See encoding.h.
//
// Outside the module boundary. The base64 decoder works on key material:
// it maps characters with arithmetic instead of a lookup table, so no
// memory index depends on the (secret) data.

#include <string.h>

#include "cce/encoding.h"
#include "cce/util.h"

// all-ones (as int -1) if lo <= c <= hi, else 0, without a branch
static int in_range(int c, int lo, int hi) { return ((lo - 1 - c) & (c - hi - 1)) >> 8; }

// Value of a base64 character, or -1.
static int b64_value(int c) {
  int v = -1;
  v += in_range(c, 'A', 'Z') & (c - 'A' + 1);
  v += in_range(c, 'a', 'z') & (c - 'a' + 27);
  v += in_range(c, '0', '9') & (c - '0' + 53);
  v += in_range(c, '+', '+') & 63;
  v += in_range(c, '/', '/') & 64;
  return v;
}

// 6-bit value to its character, without a table lookup.
static char b64_char(unsigned v) {
  int x = (int)v, c = 0;
  c |= in_range(x, 0, 25) & ('A' + x);
  c |= in_range(x, 26, 51) & ('a' + x - 26);
  c |= in_range(x, 52, 61) & ('0' + x - 52);
  c |= in_range(x, 62, 62) & '+';
  c |= in_range(x, 63, 63) & '/';
  return (char)c;
}

static int valid_label(const char *label, size_t *out_len) {
  size_t n = strlen(label);
  if (n == 0 || n >= CCE_PEM_MAX_LABEL || label[0] == '-' || label[n - 1] == '-') return 0;
  for (size_t i = 0; i < n; i++)
    if (label[i] < 0x20 || label[i] > 0x7e) return 0;
  *out_len = n;
  return 1;
}

// see encoding.h
size_t cce_pem_encoded_len(size_t label_len, size_t der_len) {
  size_t chars = (der_len + 2) / 3 * 4;
  size_t lines = (chars + 63) / 64;
  // "-----BEGIN " label "-----\n" + body + newlines + "-----END " label "-----\n"
  return 11 + label_len + 6 + chars + lines + 9 + label_len + 6;
}

// see encoding.h
cce_status cce_pem_encode(char *out, size_t out_cap, size_t *out_len, const char *label, const uint8_t *der,
                          size_t der_len) {
  if (!out || !out_len || !label || (!der && der_len)) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  size_t llen;
  if (!valid_label(label, &llen)) return CCE_ERR_INVALID_ARG;
  if (der_len > (SIZE_MAX / 2) - 256) return CCE_ERR_INVALID_LENGTH;
  size_t total = cce_pem_encoded_len(llen, der_len);
  if (out_cap < total + 1) return CCE_ERR_BUFFER_TOO_SMALL;
  char *p = out;
  memcpy(p, "-----BEGIN ", 11);
  p += 11;
  memcpy(p, label, llen);
  p += llen;
  memcpy(p, "-----\n", 6);
  p += 6;
  size_t col = 0;
  for (size_t i = 0; i < der_len; i += 3) {
    size_t rem = der_len - i;
    uint32_t w = (uint32_t)der[i] << 16;
    if (rem > 1) w |= (uint32_t)der[i + 1] << 8;
    if (rem > 2) w |= der[i + 2];
    char q[4];
    q[0] = b64_char((w >> 18) & 63);
    q[1] = b64_char((w >> 12) & 63);
    q[2] = rem > 1 ? b64_char((w >> 6) & 63) : '=';
    q[3] = rem > 2 ? b64_char(w & 63) : '=';
    for (int j = 0; j < 4; j++) {
      *p++ = q[j];
      if (++col == 64) {
        *p++ = '\n';
        col = 0;
      }
    }
  }
  if (col) *p++ = '\n';
  memcpy(p, "-----END ", 9);
  p += 9;
  memcpy(p, label, llen);
  p += llen;
  memcpy(p, "-----\n", 6);
  p += 6;
  *p = '\0';
  *out_len = (size_t)(p - out);
  return CCE_OK;
}

// ---------------------------------------------------------------------------
// Decoding.

typedef struct line {
  const char *s;
  size_t len;  // without the line end and trailing spaces/tabs/CR
} line;

// Reads the line at text[*pos..), moving *pos past its LF (or to the end).
static int next_line(const char *text, size_t text_len, size_t *pos, line *l) {
  if (*pos >= text_len) return 0;
  size_t start = *pos, end = start;
  while (end < text_len && text[end] != '\n') end++;
  *pos = end < text_len ? end + 1 : end;
  size_t n = end - start;
  while (n > 0 && (text[start + n - 1] == '\r' || text[start + n - 1] == ' ' || text[start + n - 1] == '\t')) n--;
  l->s = text + start;
  l->len = n;
  return 1;
}

// If `l` is "-----<word> LABEL-----", copies LABEL into `label` and returns 1.
static int boundary(const line *l, const char *word, char label[CCE_PEM_MAX_LABEL]) {
  size_t w = strlen(word);
  if (l->len < 5 + w + 1 + 5 + 1) return 0;
  if (memcmp(l->s, "-----", 5) != 0 || memcmp(l->s + 5, word, w) != 0 || l->s[5 + w] != ' ') return 0;
  if (memcmp(l->s + l->len - 5, "-----", 5) != 0) return 0;
  size_t n = l->len - (5 + w + 1) - 5;
  if (n == 0 || n >= CCE_PEM_MAX_LABEL) return 0;
  const char *s = l->s + 5 + w + 1;
  if (s[0] == '-' || s[n - 1] == '-') return 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] < 0x20 || s[i] > 0x7e) return 0;
  memcpy(label, s, n);
  label[n] = '\0';
  return 1;
}

// see encoding.h
cce_status cce_pem_decode(uint8_t *out, size_t out_cap, size_t *out_len, char out_label[CCE_PEM_MAX_LABEL],
                          const char *text, size_t text_len, size_t *pos) {
  if (!out_len || !out_label || !pos || (!text && text_len) || (!out && out_cap)) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  out_label[0] = '\0';
  if (*pos > text_len) return CCE_ERR_INVALID_ARG;

  line l;
  size_t p = *pos;
  char label[CCE_PEM_MAX_LABEL];
  // Skip to the BEGIN line.
  for (;;) {
    if (!next_line(text, text_len, &p, &l)) {
      *pos = text_len;
      return CCE_OK;  // no block left
    }
    if (boundary(&l, "BEGIN", label)) break;
  }

  cce_status st = CCE_ERR_DECODE;
  size_t n = 0;       // bytes written
  uint32_t acc = 0;   // pending bits
  unsigned nbits = 0;
  unsigned pad = 0;   // '=' seen
  size_t chars = 0;   // base64 characters seen (padding included)
  int ended = 0;
  char end_label[CCE_PEM_MAX_LABEL];
  while (next_line(text, text_len, &p, &l)) {
    if (boundary(&l, "END", end_label)) {
      ended = 1;
      break;
    }
    if (l.len == 0) goto out;  // no blank line inside the body
    if (chars == 0 && memchr(l.s, ':', l.len)) {
      st = CCE_ERR_UNSUPPORTED;  // RFC 1421 headers (legacy encrypted PEM)
      goto out;
    }
    for (size_t i = 0; i < l.len; i++) {
      int c = (unsigned char)l.s[i];
      if (c == '=') {
        if (++pad > 2) goto out;
        chars++;
        continue;
      }
      int v = b64_value(c);
      if (v < 0 || pad) goto out;  // not base64, or data after padding
      chars++;
      acc = (acc << 6) | (uint32_t)v;
      nbits += 6;
      if (nbits >= 8) {
        nbits -= 8;
        if (n >= out_cap) {
          st = CCE_ERR_BUFFER_TOO_SMALL;
          goto out;
        }
        out[n++] = (uint8_t)(acc >> nbits);
        acc &= (1u << nbits) - 1u;
      }
    }
  }
  if (!ended || strcmp(label, end_label) != 0) goto out;
  // Whole quanta only; the padding matches the leftover bits, which are zero.
  if (chars == 0 || chars % 4 != 0) goto out;
  if ((pad == 0 && nbits != 0) || (pad == 1 && nbits != 2) || (pad == 2 && nbits != 4)) goto out;
  if (acc != 0) goto out;
  st = CCE_OK;
out:
  acc = 0;
  cce_wipe(&acc, sizeof acc);
  if (st != CCE_OK) {
    if (out) cce_wipe(out, out_cap);
    return st;
  }
  memcpy(out_label, label, sizeof label);
  *out_len = n;
  *pos = p;
  return CCE_OK;
}
