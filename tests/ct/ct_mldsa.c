// Constant-time cases of the ML-DSA family: key generation from a secret
// seed, and signing (deterministic and with a secret rnd) with a secret
// expanded private key. Values public by design are passed by the module to
// cce_mldsa_ct_public (a weak no-op there), which this file overrides to
// declassify them: rho, the rejection pattern of ExpandS / SampleInBall,
// the accept/reject decision of each signing candidate and the released
// signature (see include/cce/mldsa.h).

#include <string.h>

#include "cce/mldsa.h"
#include "ct.h"

// Overrides the module's weak hook (hidden symbol, resolved at static link).
__attribute__((visibility("hidden"))) void cce_mldsa_ct_public(const void *p, size_t len);
void cce_mldsa_ct_public(const void *p, size_t len) { CCE_CT_DECLASSIFY(p, len); }

static void keygen_case(cce_mldsa_param p) {
  uint8_t seed[32], pk[CCE_MLDSA_MAX_PUBLIC_KEY_BYTES], sk[CCE_MLDSA_MAX_SECRET_KEY_BYTES];
  size_t pkl, skl;
  CT_CHECK(cce_mldsa_sizes(p, &pkl, &skl, NULL));
  ct_fill(seed, sizeof seed, 11);
  CCE_CT_SECRET(seed, sizeof seed);
  CT_CHECK(cce_mldsa_keygen_seed(p, pk, pkl, sk, skl, seed));
  CCE_CT_DECLASSIFY(pk, pkl);
  CCE_CT_DECLASSIFY(sk, skl);
}

static void sign_case(cce_mldsa_param p, int hedged) {
  static uint8_t pk[CCE_MLDSA_MAX_PUBLIC_KEY_BYTES], sk[CCE_MLDSA_MAX_SECRET_KEY_BYTES];
  static uint8_t sig[CCE_MLDSA_MAX_SIGNATURE_BYTES];
  uint8_t seed[32], msg[33], rnd[32], mu[64];
  size_t pkl, skl, sgl;
  CT_CHECK(cce_mldsa_sizes(p, &pkl, &skl, &sgl));
  ct_fill(seed, sizeof seed, 12);
  ct_fill(msg, sizeof msg, 13);
  ct_fill(rnd, sizeof rnd, 14);
  CT_CHECK(cce_mldsa_keygen_seed(p, pk, pkl, sk, skl, seed));
  CCE_CT_SECRET(sk, skl);
  if (hedged) {
    CT_CHECK(cce_mldsa_compute_mu(p, mu, pk, pkl, CCE_HASH_NONE, msg, sizeof msg, NULL, 0));
    CCE_CT_SECRET(rnd, sizeof rnd);
    CT_CHECK(cce_mldsa_sign_mu_rnd(p, sig, sgl, sk, skl, mu, rnd));
  } else {
    CT_CHECK(cce_mldsa_sign(p, sig, sgl, sk, skl, msg, sizeof msg, NULL, 0, CCE_MLDSA_DETERMINISTIC));
  }
  CCE_CT_DECLASSIFY(sig, sgl);
  CCE_CT_DECLASSIFY(sk, skl);
  CT_CHECK(cce_mldsa_verify(p, sig, sgl, pk, pkl, msg, sizeof msg, NULL, 0));
}

CT_CASE(mldsa_keygen, "ML-DSA-44/65/87 key generation, seed xi secret") {
  keygen_case(CCE_MLDSA_44);
  keygen_case(CCE_MLDSA_65);
  keygen_case(CCE_MLDSA_87);
}

CT_CASE(mldsa_sign, "ML-DSA-44/65/87 deterministic signing, private key secret") {
  sign_case(CCE_MLDSA_44, 0);
  sign_case(CCE_MLDSA_65, 0);
  sign_case(CCE_MLDSA_87, 0);
}

CT_CASE(mldsa_sign_hedged, "ML-DSA-65 signing of mu, private key and rnd secret") {
  sign_case(CCE_MLDSA_65, 1);
}
