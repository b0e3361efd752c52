// Consumer of an installed OpenCCE: hashes "abc" with cce_hash and checks
// the FIPS 180-4 example digest. Exit 0 on success.

#include <stdio.h>
#include <string.h>

#include <cce/hash.h>
#include <cce/module.h>

int main(void) {
  static const char want[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  uint8_t d[32];
  char hex[65];
  cce_status st = cce_hash(CCE_HASH_SHA256, d, sizeof d, "abc", 3);
  if (st != CCE_OK) {
    fprintf(stderr, "cce_hash: %s (module state %s, %s)\n", cce_status_str(st),
            cce_module_state_str(cce_module_status()), cce_module_error_reason());
    return 1;
  }
  for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", d[i]);
  printf("OpenCCE %s: SHA2-256(\"abc\") = %s\n", cce_version(), hex);
  if (strcmp(hex, want) != 0) {
    fprintf(stderr, "wrong digest, expected %s\n", want);
    return 1;
  }
  return 0;
}
