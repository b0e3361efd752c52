// libFuzzer target: the life-cycle record parser and authenticator
// (include/cce/dice.h: cce_lc_record_parse, cce_lc_record_open), fed whole
// record files. The fixed device secret is 00 01 .. 1f; the seed corpus
// (tests/fuzz/corpus/fuzz_lifecycle/) holds records sealed under it.
//
// Properties checked on every input:
//   - no out-of-bounds access, leak or undefined behaviour (ASan, UBSan);
//   - the parser accepts exactly the 48-byte inputs with the magic,
//     version 1, zero reserved bytes, a state <= 4 and a sequence >= 1;
//   - an input that authenticates is byte for byte the record the module
//     seals for its (state, seq): no other input is accepted (no MAC
//     forgery), and open's answer agrees with parse on the fields;
//   - a rejected input leaves state and seq at 0;
//   - the same record under another secret never authenticates.

#include <stdint.h>
#include <string.h>

#include "cce/dice.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t uds[32], uds2[32];
  for (int i = 0; i < 32; i++) {
    uds[i] = (uint8_t)i;
    uds2[i] = (uint8_t)(i ^ 0x5a);
  }
  unsigned ps = 99, os = 99;
  uint64_t pq = 99, oq = 99;
  cce_status p = cce_lc_record_parse(data, size, &ps, &pq);
  int format_ok = size == CCE_LC_RECORD_BYTES && memcmp(data, "CCLC", 4) == 0 && data[4] == 1 && data[5] <= 4 &&
                  data[6] == 0 && data[7] == 0 && memcmp(data + 8, "\0\0\0\0\0\0\0\0", 8) != 0;
  if ((p == CCE_OK) != format_ok) __builtin_trap();
  if (p != CCE_OK && (ps != 0 || pq != 0)) __builtin_trap();
  cce_status o = cce_lc_record_open(uds, sizeof uds, data, size, &os, &oq);
  if (o != CCE_OK && (os != 0 || oq != 0)) __builtin_trap();
  if (p != CCE_OK && o == CCE_OK) __builtin_trap();
  if (p == CCE_OK) {
    uint8_t rec[CCE_LC_RECORD_BYTES];
    if (cce_lc_record_seal(uds, sizeof uds, ps, pq, rec, sizeof rec) != CCE_OK) __builtin_trap();
    int same = memcmp(rec, data, sizeof rec) == 0;
    if ((o == CCE_OK) != same) __builtin_trap();
    if (o == CCE_OK && (os != ps || oq != pq)) __builtin_trap();
    if (o != CCE_OK && o != CCE_ERR_AUTH) __builtin_trap();
    unsigned s2;
    uint64_t q2;
    if (cce_lc_record_open(uds2, sizeof uds2, data, size, &s2, &q2) == CCE_OK) __builtin_trap();
  }
  return 0;
}
