// mlkem.h: ML-KEM-512, ML-KEM-768 and ML-KEM-1024 (FIPS 203), the
// module-lattice key-encapsulation mechanism.
//
// Keys. The encapsulation key `ek` and the expanded decapsulation key `dk`
// are the byte strings of FIPS 203 (dk = dk_PKE || ek || H(ek) || z). A
// decapsulation key can also be kept in seed form: the 64 bytes d || z from
// which ML-KEM.KeyGen_internal re-derives (ek, dk) (cce_mlkem_keygen_seed
// expands it, cce_mlkem_decaps_seed decapsulates with it directly).
//
// Input checks (FIPS 203 section 7): encapsulation checks the length of ek
// and that every coefficient it encodes is below q (modulus check);
// decapsulation checks the lengths of dk and c and that H(ek) stored in dk
// matches the ek stored in dk (hash check). A failed check returns
// CCE_ERR_INVALID_LENGTH or CCE_ERR_KEY_INVALID and zeroes the outputs.
// A ciphertext of the right length is never rejected: a forged one yields the
// implicit-rejection key J(z || c), chosen in constant time.
//
// Outputs: a buffer shorter than the size of the parameter set gives
// CCE_ERR_BUFFER_TOO_SMALL; exactly that size is written.
//
// Service indicator: key generation (from the DRBG or from a seed),
// encapsulation, decapsulation and the key checks are approved services;
// cce_mlkem_encaps_derand (ML-KEM.Encaps_internal with a caller-chosen m,
// for known-answer tests only, FIPS 203 section 6) is not approved.
//
// Stack use, measured by tests/unit/mlkem_test.c (x86-64, gcc 12 -O3; each
// service run on a fresh thread whose stack is pre-filled with a pattern,
// minus the thread's own baseline; the same for the three parameter sets,
// whose scratch arrays are sized for ML-KEM-1024, and within 0.2 KiB for the
// portable and AVX2 back ends):
//   cce_mlkem_keygen_seed   10.5 KiB    cce_mlkem_keygen         25.8 KiB
//   cce_mlkem_encaps_derand 11.6 KiB    cce_mlkem_encaps         11.6 KiB
//   cce_mlkem_decaps        16.5 KiB    cce_mlkem_decaps_seed    21.0 KiB
// cce_mlkem_keygen includes the first-use seeding of the thread's DRBG and
// keeps the expanded matrix A (8 KiB for ML-KEM-1024) for its pairwise
// consistency test; cce_mlkem_decaps_seed holds an expanded key.
// The module never allocates: all scratch space is on the stack, and the
// parts of it that held secrets are wiped before returning.

#ifndef CCE_MLKEM_H
#define CCE_MLKEM_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

// Parameter sets (FIPS 203 section 8).
typedef enum cce_mlkem_param {
  CCE_MLKEM_512 = 512,
  CCE_MLKEM_768 = 768,
  CCE_MLKEM_1024 = 1024
} cce_mlkem_param;

#define CCE_MLKEM512_EK_BYTES 800
#define CCE_MLKEM512_DK_BYTES 1632
#define CCE_MLKEM512_CT_BYTES 768
#define CCE_MLKEM768_EK_BYTES 1184
#define CCE_MLKEM768_DK_BYTES 2400
#define CCE_MLKEM768_CT_BYTES 1088
#define CCE_MLKEM1024_EK_BYTES 1568
#define CCE_MLKEM1024_DK_BYTES 3168
#define CCE_MLKEM1024_CT_BYTES 1568
#define CCE_MLKEM_MAX_EK_BYTES CCE_MLKEM1024_EK_BYTES
#define CCE_MLKEM_MAX_DK_BYTES CCE_MLKEM1024_DK_BYTES
#define CCE_MLKEM_MAX_CT_BYTES CCE_MLKEM1024_CT_BYTES
// Seed form of a decapsulation key: d || z.
#define CCE_MLKEM_SEED_BYTES 64
// Shared secret key K.
#define CCE_MLKEM_SS_BYTES 32
// Encapsulation randomness m.
#define CCE_MLKEM_M_BYTES 32

// cce_mlkem_sizes writes the byte lengths of ek, dk and c for `param` (any
// output pointer may be NULL). CCE_ERR_INVALID_ARG for an unknown set.
CCE_API CCE_MUST_CHECK cce_status cce_mlkem_sizes(cce_mlkem_param param, size_t *ek_len, size_t *dk_len,
                                                  size_t *ct_len);

// cce_mlkem_keygen generates a key pair from the module's DRBG (ML-KEM.KeyGen)
// and runs the pairwise consistency test (encapsulate, decapsulate, compare);
// if it fails the module enters its error state and CCE_ERR_SELFTEST is
// returned. If `out_seed` is not NULL, the seed d || z is written there too
// (the decapsulation key in seed form).
CCE_API CCE_MUST_CHECK cce_status cce_mlkem_keygen(cce_mlkem_param param, uint8_t *out_ek, size_t ek_len,
                                                   uint8_t *out_dk, size_t dk_len,
                                                   uint8_t out_seed[CCE_MLKEM_SEED_BYTES]);

// cce_mlkem_keygen_seed expands the seed d || z into (ek, dk)
// (ML-KEM.KeyGen_internal): deterministic key generation, and the expansion
// of a decapsulation key kept in seed form.
CCE_API CCE_MUST_CHECK cce_status cce_mlkem_keygen_seed(cce_mlkem_param param, uint8_t *out_ek, size_t ek_len,
                                                        uint8_t *out_dk, size_t dk_len,
                                                        const uint8_t seed[CCE_MLKEM_SEED_BYTES]);

// cce_mlkem_encaps checks `ek` (length, modulus check), draws m from the DRBG
// and writes the ciphertext and the shared secret (ML-KEM.Encaps).
CCE_API CCE_MUST_CHECK cce_status cce_mlkem_encaps(cce_mlkem_param param, uint8_t *out_ct, size_t ct_len,
                                                   uint8_t out_ss[CCE_MLKEM_SS_BYTES], const uint8_t *ek,
                                                   size_t ek_len);

// cce_mlkem_encaps_derand is cce_mlkem_encaps with the randomness m given
// (ML-KEM.Encaps_internal). For known-answer tests only: not approved.
CCE_API CCE_MUST_CHECK cce_status cce_mlkem_encaps_derand(cce_mlkem_param param, uint8_t *out_ct, size_t ct_len,
                                                          uint8_t out_ss[CCE_MLKEM_SS_BYTES], const uint8_t *ek,
                                                          size_t ek_len, const uint8_t m[CCE_MLKEM_M_BYTES]);

// cce_mlkem_decaps checks the lengths and the hash check of `dk`, then
// decapsulates `ct` (ML-KEM.Decaps) with implicit rejection: a ciphertext
// that does not re-encrypt to itself yields J(z || c), selected in constant
// time, and CCE_OK.
CCE_API CCE_MUST_CHECK cce_status cce_mlkem_decaps(cce_mlkem_param param, uint8_t out_ss[CCE_MLKEM_SS_BYTES],
                                                   const uint8_t *ct, size_t ct_len, const uint8_t *dk,
                                                   size_t dk_len);

// cce_mlkem_decaps_seed decapsulates with a decapsulation key in seed form
// (expanded internally, then wiped).
CCE_API CCE_MUST_CHECK cce_status cce_mlkem_decaps_seed(cce_mlkem_param param, uint8_t out_ss[CCE_MLKEM_SS_BYTES],
                                                        const uint8_t *ct, size_t ct_len,
                                                        const uint8_t seed[CCE_MLKEM_SEED_BYTES]);

// cce_mlkem_check_ek: encapsulation-key check of FIPS 203 7.2 (length, then
// modulus check). CCE_OK, CCE_ERR_INVALID_LENGTH or CCE_ERR_KEY_INVALID.
CCE_API CCE_MUST_CHECK cce_status cce_mlkem_check_ek(cce_mlkem_param param, const uint8_t *ek, size_t ek_len);

// cce_mlkem_check_dk: decapsulation-key check of FIPS 203 7.3 (length, then
// hash check). CCE_OK, CCE_ERR_INVALID_LENGTH or CCE_ERR_KEY_INVALID.
CCE_API CCE_MUST_CHECK cce_status cce_mlkem_check_dk(cce_mlkem_param param, const uint8_t *dk, size_t dk_len);

#ifdef __cplusplus
}
#endif

#endif  // CCE_MLKEM_H
