// Constant-time cases of ML-KEM (FIPS 203): key generation from a secret
// seed d || z, encapsulation with a secret m, decapsulation with the secret
// parts of dk (the encoded s and z) secret, for a valid ciphertext and for a
// modified one (implicit rejection), and decapsulation with the seed form.
//
// Public by design, and so not marked: the encapsulation key (and its copy
// inside dk, with H(ek)), the ciphertext, and rho, which key generation
// derives from d but publishes in ek. The module passes rho (and the verdict
// of the pairwise consistency test) to cce_mlkem_ct_public, a weak no-op
// that this file replaces with a declassification for valgrind. Everything
// derived from d, z, s, m or the decrypted m' stays secret, including the
// comparison of c with the re-encryption and the choice between K' and
// J(z || c).

#include <string.h>

#include "cce/mlkem.h"
#include "ct.h"

// Replaces the module's weak hook (static link): rho and the PCT verdict are
// public values.
void cce_mlkem_ct_public(const void *p, size_t len);
void cce_mlkem_ct_public(const void *p, size_t len) { CCE_CT_DECLASSIFY(p, len); }

static const cce_mlkem_param kSets[3] = {CCE_MLKEM_512, CCE_MLKEM_768, CCE_MLKEM_1024};

// The secret parts of an expanded dk: dk_PKE (384 k bytes) and z (last 32).
static void mark_dk_secret(uint8_t *dk, size_t dk_len, size_t k) {
  CCE_CT_SECRET(dk, 384 * k);
  CCE_CT_SECRET(dk + dk_len - 32, 32);
}

CT_CASE(mlkem_keygen, "ML-KEM-512/768/1024 key generation from the seed d || z (secret)") {
  for (int s = 0; s < 3; s++) {
    size_t el, dl, cl;
    uint8_t seed[CCE_MLKEM_SEED_BYTES], ek[CCE_MLKEM_MAX_EK_BYTES], dk[CCE_MLKEM_MAX_DK_BYTES];
    CT_CHECK(cce_mlkem_sizes(kSets[s], &el, &dl, &cl));
    ct_fill(seed, sizeof seed, (uint8_t)(11 + s));
    CCE_CT_SECRET(seed, sizeof seed);
    CT_CHECK(cce_mlkem_keygen_seed(kSets[s], ek, el, dk, dl, seed));
    CCE_CT_DECLASSIFY(ek, el);
    CCE_CT_DECLASSIFY(dk, dl);
    // the key pair works
    uint8_t ct[CCE_MLKEM_MAX_CT_BYTES], ss1[32], ss2[32];
    CT_CHECK(cce_mlkem_encaps(kSets[s], ct, cl, ss1, ek, el));
    CT_CHECK(cce_mlkem_decaps(kSets[s], ss2, ct, cl, dk, dl));
    CCE_CT_DECLASSIFY(ss1, 32);
    CCE_CT_DECLASSIFY(ss2, 32);
    if (memcmp(ss1, ss2, 32) != 0) CT_FAIL("round trip after keygen_seed");
  }
}

CT_CASE(mlkem_encaps, "ML-KEM-512/768/1024 encapsulation, m secret (ek public)") {
  for (int s = 0; s < 3; s++) {
    size_t el, dl, cl;
    uint8_t seed[CCE_MLKEM_SEED_BYTES], ek[CCE_MLKEM_MAX_EK_BYTES], dk[CCE_MLKEM_MAX_DK_BYTES];
    uint8_t m[32], ct[CCE_MLKEM_MAX_CT_BYTES], ss[32], ss2[32];
    CT_CHECK(cce_mlkem_sizes(kSets[s], &el, &dl, &cl));
    ct_fill(seed, sizeof seed, (uint8_t)(21 + s));
    CT_CHECK(cce_mlkem_keygen_seed(kSets[s], ek, el, dk, dl, seed));
    ct_fill(m, sizeof m, (uint8_t)(31 + s));
    CCE_CT_SECRET(m, sizeof m);
    CT_CHECK(cce_mlkem_encaps_derand(kSets[s], ct, cl, ss, ek, el, m));
    CCE_CT_DECLASSIFY(ct, cl);
    CCE_CT_DECLASSIFY(ss, 32);
    CT_CHECK(cce_mlkem_decaps(kSets[s], ss2, ct, cl, dk, dl));
    if (memcmp(ss, ss2, 32) != 0) CT_FAIL("encaps/decaps disagree");
  }
}

CT_CASE(mlkem_decaps, "ML-KEM-512/768/1024 decapsulation, s and z secret; valid and rejected ciphertexts") {
  for (int s = 0; s < 3; s++) {
    size_t el, dl, cl;
    uint8_t seed[CCE_MLKEM_SEED_BYTES], ek[CCE_MLKEM_MAX_EK_BYTES], dk[CCE_MLKEM_MAX_DK_BYTES];
    uint8_t m[32], ct[CCE_MLKEM_MAX_CT_BYTES], ss[32], ss2[32], ss3[32];
    CT_CHECK(cce_mlkem_sizes(kSets[s], &el, &dl, &cl));
    ct_fill(seed, sizeof seed, (uint8_t)(41 + s));
    CT_CHECK(cce_mlkem_keygen_seed(kSets[s], ek, el, dk, dl, seed));
    ct_fill(m, sizeof m, (uint8_t)(51 + s));
    CT_CHECK(cce_mlkem_encaps_derand(kSets[s], ct, cl, ss, ek, el, m));
    mark_dk_secret(dk, dl, (size_t)(s + 2));
    CT_CHECK(cce_mlkem_decaps(kSets[s], ss2, ct, cl, dk, dl));
    CCE_CT_DECLASSIFY(ss2, 32);
    if (memcmp(ss, ss2, 32) != 0) CT_FAIL("valid ciphertext");
    ct[5] ^= 0x10;  // implicit rejection: K-bar = J(z || c), selected in constant time
    mark_dk_secret(dk, dl, (size_t)(s + 2));
    CT_CHECK(cce_mlkem_decaps(kSets[s], ss3, ct, cl, dk, dl));
    CCE_CT_DECLASSIFY(ss3, 32);
    if (memcmp(ss3, ss, 32) == 0) CT_FAIL("modified ciphertext accepted");
    // seed form: the whole seed secret
    CCE_CT_SECRET(seed, sizeof seed);
    CT_CHECK(cce_mlkem_decaps_seed(kSets[s], ss2, ct, cl, seed));
    CCE_CT_DECLASSIFY(ss2, 32);
    if (memcmp(ss2, ss3, 32) != 0) CT_FAIL("seed form disagrees");
  }
}
