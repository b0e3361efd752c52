// libFuzzer target: the HSS/LMS signature and public-key parsers behind
// cce_hss_verify and cce_lms_verify (include/cce/lms.h), which firmware
// verification runs on bytes from an untrusted image. Input: one byte n,
// then an n-byte HSS public key, then the signature; the message is the
// four bytes "fuzz". Seeds (tests/fuzz/corpus/fuzz_lms/): signatures made by
// `cce lms sign` with a one-level M24/H5/W8 key and a two-level
// M32-H5-W4 / M24-H5-W8 key.
//
// Properties checked on every input:
//   - no out-of-bounds access, leak or undefined behaviour (ASan, UBSan);
//   - the answer is CCE_OK or a defined error, and deterministic;
//   - a signature that verifies still verifies (no hidden state), and no
//     longer verifies for another message (it is bound to the message);
//   - for one-level keys, the single-tree verifier (without the HSS
//     length prefixes) gives the same verdict as the HSS one.

#include <stdint.h>
#include <string.h>

#include "cce/lms.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  size_t pl = data[0];
  if (size - 1 < pl) return 0;
  const uint8_t *pub = data + 1, *sig = data + 1 + pl;
  size_t sl = size - 1 - pl;
  static const uint8_t m[4] = {'f', 'u', 'z', 'z'}, m2[4] = {'f', 'u', 'z', 'Z'};
  cce_status a = cce_hss_verify(pub, pl, m, sizeof m, sig, sl);
  cce_status b = cce_hss_verify(pub, pl, m, sizeof m, sig, sl);
  if (a != b) __builtin_trap();
  if (a != CCE_OK && a != CCE_ERR_SIGNATURE && a != CCE_ERR_DECODE && a != CCE_ERR_UNSUPPORTED &&
      a != CCE_ERR_INVALID_LENGTH)
    __builtin_trap();
  if (a == CCE_OK && cce_hss_verify(pub, pl, m2, sizeof m2, sig, sl) == CCE_OK) __builtin_trap();
  // One level: L == 1 and Nspk == 0.
  if (pl >= 4 && sl >= 4 && pub[0] == 0 && pub[1] == 0 && pub[2] == 0 && pub[3] == 1 && sig[0] == 0 && sig[1] == 0 &&
      sig[2] == 0 && sig[3] == 0) {
    cce_status c = cce_lms_verify(pub + 4, pl - 4, m, sizeof m, sig + 4, sl - 4);
    if ((c == CCE_OK) != (a == CCE_OK)) __builtin_trap();
  }
  return 0;
}
