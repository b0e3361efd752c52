// libFuzzer target: the X.509 certificate parser (include/cce/x509.h,
// cce_x509_parse), which `cce attest --verify` and `cce identity` run on
// certificates they did not make. Seeds (tests/fuzz/corpus/fuzz_x509/): a
// manufacturer CA, DeviceID and Alias certificate made by `cce identity`,
// and an RSA self-signed certificate made by openssl.
//
// Properties checked on every input:
//   - no out-of-bounds access, leak or undefined behaviour (ASan, UBSan);
//   - on success every slice lies inside the input, the TBSCertificate
//     slice starts with a SEQUENCE tag;
//   - parsing is deterministic (a second parse gives the same answer).

#include <stdint.h>
#include <string.h>

#include "cce/x509.h"

static int inside(const cce_der *d, const uint8_t *data, size_t size) {
  if (d->len == 0) return 1;
  return d->data >= data && d->len <= size && (size_t)(d->data - data) <= size - d->len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cce_x509_cert c, c2;
  memset(&c, 0, sizeof c);
  memset(&c2, 0, sizeof c2);
  cce_status st = cce_x509_parse(&c, data, size);
  cce_status st2 = cce_x509_parse(&c2, data, size);
  if (st != st2) __builtin_trap();
  if (st != CCE_OK) return 0;
  const cce_der *slices[] = {&c.tbs, &c.serial, &c.issuer, &c.subject, &c.spki, &c.sig, &c.ski, &c.aki, &c.fwid};
  for (size_t i = 0; i < sizeof slices / sizeof slices[0]; i++)
    if (!inside(slices[i], data, size)) __builtin_trap();
  if (c.tbs.len == 0 || c.tbs.data[0] != 0x30) __builtin_trap();
  if (memcmp(&c, &c2, sizeof c) != 0) __builtin_trap();
  return 0;
}
