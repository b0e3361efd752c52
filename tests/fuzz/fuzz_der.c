// libFuzzer target: the strict DER reader and writer (src/encoding/der.c)
// and PEM armour (src/encoding/pem.c).
//
// Properties checked on every input:
//   - the reader never reads out of bounds (ASan) and never loops;
//   - an input the reader accepts as DER (every element valid, nothing
//     left over) re-encodes, element by element through the builder, to the
//     very same bytes: DER has exactly one encoding per value;
//   - OIDs that pass the reader print as dotted text (or fail cleanly);
//   - PEM: any block that decodes re-encodes and decodes to the same bytes;
//   - differential: the ECDSA signature codec (src/encoding/ecdsa_sig.c)
//     accepts exactly the SEQUENCE { INTEGER r, INTEGER s } this reader
//     accepts (r, s non-negative and fitting the curve size), with the same
//     values, and re-encodes them to the same bytes.

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cce/ecdsa_sig.h"
#include "cce/encoding.h"

#define MAX_DEPTH 6

// Walks the elements of `d`, writing each to `b`. Returns 0 if all are
// valid DER, -1 otherwise.
static int walk(cce_der *d, cce_der_builder *b, int depth) {
  while (d->len > 0) {
    unsigned tag;
    cce_der c;
    if (cce_der_read_any(d, &tag, &c) != CCE_OK) return -1;
    if (tag & CCE_DER_CONSTRUCTED) {
      if (depth >= MAX_DEPTH) return -1;
      if (cce_der_check_element(tag, &c) != CCE_OK) return -1;
      cce_der_begin(b, tag);
      if (walk(&c, b, depth + 1) != 0) return -1;
      cce_der_end(b);
    } else {
      if (cce_der_check_element(tag, &c) != CCE_OK) return -1;
      if (tag == CCE_DER_OID) {
        char text[256];
        cce_status st = cce_oid_to_string(text, sizeof text, c.data, c.len);
        if (st == CCE_OK && (text[0] < '0' || text[0] > '2')) __builtin_trap();
      }
      if (tag == CCE_DER_INTEGER && !(c.data[0] & 0x80)) {
        // Non-negative INTEGERs go through the value path of the writer.
        cce_der one = {NULL, 0}, m;
        uint8_t hdr[2 + 8 + 4096];
        cce_der_builder tb;
        cce_der_builder_init(&tb, hdr, sizeof hdr);
        cce_der_add(&tb, tag, c.data, c.len);
        size_t n;
        if (cce_der_builder_finish(&tb, &n) == CCE_OK) {
          cce_der_init(&one, hdr, n);
          if (cce_der_read_uint_bytes(&one, &m) != CCE_OK) __builtin_trap();
          cce_der_add_uint(b, m.data, m.len);
          continue;
        }
      }
      cce_der_add(b, tag, c.data, c.len);
    }
  }
  return 0;
}

static void fuzz_pem(const uint8_t *data, size_t size) {
  static uint8_t body[65536], again[65536];
  static char text[2 * 65536 + 256];
  char label[CCE_PEM_MAX_LABEL], label2[CCE_PEM_MAX_LABEL];
  size_t pos = 0;
  for (int i = 0; i < 4; i++) {
    size_t n, before = pos;
    if (cce_pem_decode(body, sizeof body, &n, label, (const char *)data, size, &pos) != CCE_OK) return;
    if (label[0] == '\0') return;
    if (pos <= before || pos > size) __builtin_trap();  // progress, in bounds
    size_t tn, n2, p2 = 0;
    if (cce_pem_encode(text, sizeof text, &tn, label, body, n) != CCE_OK) __builtin_trap();
    if (cce_pem_decode(again, sizeof again, &n2, label2, text, tn, &p2) != CCE_OK) __builtin_trap();
    if (n2 != n || memcmp(again, body, n) != 0 || strcmp(label, label2) != 0) __builtin_trap();
  }
}

// The strict reader's view of an Ecdsa-Sig-Value, as r||s of 2*half bytes.
static int my_sig(uint8_t *rs, size_t half, const uint8_t *data, size_t size) {
  cce_der d, seq, r, s;
  cce_der_init(&d, data, size);
  if (cce_der_read(&d, CCE_DER_SEQUENCE, &seq) != CCE_OK || cce_der_finish(&d) != CCE_OK ||
      cce_der_read_uint_bytes(&seq, &r) != CCE_OK || cce_der_read_uint_bytes(&seq, &s) != CCE_OK ||
      cce_der_finish(&seq) != CCE_OK || r.len > half || s.len > half)
    return -1;
  memset(rs, 0, 2 * half);
  memcpy(rs + half - r.len, r.data, r.len);
  memcpy(rs + 2 * half - s.len, s.data, s.len);
  return 0;
}

static void fuzz_ecdsa_sig(const uint8_t *data, size_t size) {
  static const size_t halves[] = {32, 48, 66};
  for (size_t i = 0; i < 3; i++) {
    size_t half = halves[i];
    uint8_t mine[132], theirs[132], der[CCE_ECDSA_MAX_DER_SIG_BYTES];
    int ok_mine = my_sig(mine, half, data, size) == 0;
    int ok_theirs = cce_ecdsa_sig_from_der(data, size, theirs, 2 * half) == CCE_OK;
    if (ok_mine != ok_theirs) __builtin_trap();
    if (!ok_mine) continue;
    if (memcmp(mine, theirs, 2 * half) != 0) __builtin_trap();
    size_t n;
    if (cce_ecdsa_sig_to_der(theirs, 2 * half, der, sizeof der, &n) != CCE_OK) __builtin_trap();
    if (n != size || memcmp(der, data, size) != 0) __builtin_trap();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 65536) return 0;
  static uint8_t out[65536 + 64];
  cce_der d;
  cce_der_builder b;
  cce_der_init(&d, data, size);
  cce_der_builder_init(&b, out, sizeof out);
  if (walk(&d, &b, 0) == 0) {
    size_t n;
    if (cce_der_builder_finish(&b, &n) != CCE_OK) __builtin_trap();
    if (n != size || (size && memcmp(out, data, size) != 0)) __builtin_trap();
  }
  fuzz_pem(data, size);
  fuzz_ecdsa_sig(data, size);
  return 0;
}
