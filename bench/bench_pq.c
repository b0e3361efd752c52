// cce-bench ops of ML-KEM (FIPS 203), per operation (size 0, ops/s):
//   mlkem768-keygen, mlkem1024-keygen   cce_mlkem_keygen: DRBG seed, key
//                                       generation and the pairwise
//                                       consistency test (encaps + decaps)
//   mlkem768-encaps, mlkem1024-encaps   cce_mlkem_encaps: modulus check, m
//                                       from the DRBG, encapsulation
//   mlkem768-decaps, mlkem1024-decaps   cce_mlkem_decaps: hash check,
//                                       decapsulation with implicit rejection
// Debian's OpenSSL 3.0 has no ML-KEM: the OpenSSL column is empty here;
// bench/pq_openssl.py measures OpenSSL 4.0 through python3's `cryptography`
// package and prints the same JSON lines with "openssl" figures.
// (ML-DSA ops live in their own file.)

#include <string.h>

#include "bench.h"
#include "cce/mlkem.h"

typedef struct kem_state {
  cce_mlkem_param param;
  size_t ek_len, dk_len, ct_len;
  uint8_t ek[CCE_MLKEM_MAX_EK_BYTES], dk[CCE_MLKEM_MAX_DK_BYTES], ct[CCE_MLKEM_MAX_CT_BYTES];
  uint8_t ss[CCE_MLKEM_SS_BYTES];
} kem_state;

static kem_state kem768 = {CCE_MLKEM_768, 0, 0, 0, {0}, {0}, {0}, {0}};
static kem_state kem1024 = {CCE_MLKEM_1024, 0, 0, 0, {0}, {0}, {0}, {0}};

static int kem_setup(kem_state *s) {
  if (cce_mlkem_sizes(s->param, &s->ek_len, &s->dk_len, &s->ct_len) != CCE_OK) return -1;
  if (cce_mlkem_keygen(s->param, s->ek, s->ek_len, s->dk, s->dk_len, NULL) != CCE_OK) return -1;
  return cce_mlkem_encaps(s->param, s->ct, s->ct_len, s->ss, s->ek, s->ek_len) == CCE_OK ? 0 : -1;
}

static int kem_keygen(kem_state *s) {
  uint8_t ek[CCE_MLKEM_MAX_EK_BYTES], dk[CCE_MLKEM_MAX_DK_BYTES];
  return cce_mlkem_keygen(s->param, ek, s->ek_len, dk, s->dk_len, NULL) == CCE_OK ? 0 : -1;
}

static int kem_encaps(kem_state *s) {
  uint8_t ct[CCE_MLKEM_MAX_CT_BYTES], ss[CCE_MLKEM_SS_BYTES];
  return cce_mlkem_encaps(s->param, ct, s->ct_len, ss, s->ek, s->ek_len) == CCE_OK ? 0 : -1;
}

static int kem_decaps(kem_state *s) {
  uint8_t ss[CCE_MLKEM_SS_BYTES];
  if (cce_mlkem_decaps(s->param, ss, s->ct, s->ct_len, s->dk, s->dk_len) != CCE_OK) return -1;
  return memcmp(ss, s->ss, sizeof ss) == 0 ? 0 : -1;
}

static int setup768(void) { return kem_setup(&kem768); }
static int setup1024(void) { return kem_setup(&kem1024); }
static int mlkem768_keygen(size_t n) { (void)n; return kem_keygen(&kem768); }
static int mlkem768_encaps(size_t n) { (void)n; return kem_encaps(&kem768); }
static int mlkem768_decaps(size_t n) { (void)n; return kem_decaps(&kem768); }
static int mlkem1024_keygen(size_t n) { (void)n; return kem_keygen(&kem1024); }
static int mlkem1024_encaps(size_t n) { (void)n; return kem_encaps(&kem1024); }
static int mlkem1024_decaps(size_t n) { (void)n; return kem_decaps(&kem1024); }

const bench_op bench_ops_pq[] = {
    {"mlkem768-keygen", 0, mlkem768_keygen, NULL, NULL, setup768, NULL},
    {"mlkem768-encaps", 0, mlkem768_encaps, NULL, NULL, setup768, NULL},
    {"mlkem768-decaps", 0, mlkem768_decaps, NULL, NULL, setup768, NULL},
    {"mlkem1024-keygen", 0, mlkem1024_keygen, NULL, NULL, setup1024, NULL},
    {"mlkem1024-encaps", 0, mlkem1024_encaps, NULL, NULL, setup1024, NULL},
    {"mlkem1024-decaps", 0, mlkem1024_decaps, NULL, NULL, setup1024, NULL},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};
