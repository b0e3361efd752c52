// Wycheproof files of the RSA family:
//   rsa_signature_*  RsassaPkcs1Verify: group publicKey {modulus,
//                    publicExponent}, sha; ok = the signature verifies.
//   rsa_pss_*        RsassaPssVerify: also mgf ("MGF1"), mgfSha, sLen;
//                    ok = verifies with exactly that salt length.
//   rsa_pkcs1_*      RsassaPkcs1Generate: privateKey {modulus,
//                    publicExponent, privateExponent}; ok = our signature
//                    equals `sig` (PKCS#1 v1.5 is deterministic). SHA-1
//                    signing is refused by the module: those tests are
//                    checked by verification instead.
//   rsa_oaep_*       RsaesOaepDecrypt: privateKey with CRT parameters, sha,
//                    mgfSha, label; ok = decryption succeeds and equals msg.
// Keys below 1024 bits (not served) are skipped.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/rsa.h"
#include "wycheproof.h"

static cce_hash_alg hash_of(const char *sha) { return sha ? cce_hash_from_name(sha) : CCE_HASH_NONE; }

static int load_pub(const json_t *pk, cce_rsa_public_key *key) {
  size_t nl, el;
  uint8_t *n = wp_hex(pk, "modulus", &nl), *e = wp_hex(pk, "publicExponent", &el);
  int ok = n && e && cce_rsa_public_key_init(key, n, nl, e, el) == CCE_OK;
  free(n);
  free(e);
  return ok;
}

static int load_priv(const json_t *pk, cce_rsa_private_key *key) {
  size_t l[8];
  static const char *names[8] = {"modulus", "publicExponent", "privateExponent", "prime1",
                                 "prime2", "exponent1", "exponent2", "coefficient"};
  uint8_t *v[8];
  for (int i = 0; i < 8; i++) v[i] = json_object_get(pk, names[i]) ? wp_hex(pk, names[i], &l[i]) : NULL;
  int ok = v[0] && v[1] && v[2] &&
           cce_rsa_private_key_init(key, v[0], l[0], v[1], l[1], v[2], l[2], v[3], v[3] ? l[3] : 0, v[4],
                                    v[4] ? l[4] : 0, v[5], v[5] ? l[5] : 0, v[6], v[6] ? l[6] : 0, v[7],
                                    v[7] ? l[7] : 0) == CCE_OK;
  for (int i = 0; i < 8; i++) free(v[i]);
  return ok;
}

static int rsa_file(const json_t *root, const char *file_name, wp_counts *c) {
  const json_t *groups = json_object_get(root, "testGroups");
  size_t gi;
  const json_t *g;
  json_array_foreach(groups, gi, g) {
    const char *type = wp_str(g, "type");
    if (type == NULL) return -1;
    int pss = strcmp(type, "RsassaPssVerify") == 0, pkv = strcmp(type, "RsassaPkcs1Verify") == 0;
    int gen = strcmp(type, "RsassaPkcs1Generate") == 0, oaep = strcmp(type, "RsaesOaepDecrypt") == 0;
    if (!pss && !pkv && !gen && !oaep) {
      fprintf(stderr, "%s: unknown group type %s\n", file_name, type);
      return -1;
    }
    cce_hash_alg hash = hash_of(wp_str(g, "sha"));
    cce_hash_alg mgfh = json_object_get(g, "mgfSha") ? hash_of(wp_str(g, "mgfSha")) : hash;
    if (pss) {
      const char *mgf = wp_str(g, "mgf");
      if (mgf && strcmp(mgf, "MGF1") != 0) mgfh = CCE_HASH_NONE;
    }
    size_t slen = json_object_get(g, "sLen") ? (size_t)wp_int(g, "sLen") : 0;
    cce_rsa_public_key pub;
    static cce_rsa_private_key priv;
    int have;
    if (gen || oaep) {
      have = load_priv(json_object_get(g, "privateKey"), &priv);
      if (have) have = cce_rsa_public_from_private(&pub, &priv) == CCE_OK;
    } else {
      have = load_pub(json_object_get(g, "publicKey"), &pub);
    }
    const json_t *tests = json_object_get(g, "tests");
    size_t ti;
    const json_t *t;
    json_array_foreach(tests, ti, t) {
      if (!have || hash == CCE_HASH_NONE || mgfh == CCE_HASH_NONE) {
        wp_skip(c, t, "key or parameters not supported");
        continue;
      }
      size_t ml, sl;
      uint8_t *msg = wp_hex(t, "msg", &ml);
      int ok = 0;
      if (pss || pkv || gen) {
        uint8_t *sig = wp_hex(t, "sig", &sl);
        if (pss)
          ok = cce_rsa_pss_verify(&pub, hash, CCE_RSA_MGF1, mgfh, slen, msg, ml, sig, sl) == CCE_OK;
        else if (pkv || hash == CCE_HASH_SHA1)
          ok = cce_rsa_pkcs1_verify(&pub, hash, msg, ml, sig, sl) == CCE_OK;
        else {
          uint8_t out[CCE_RSA_MAX_BYTES];
          size_t ol = 0;
          ok = cce_rsa_pkcs1_sign(&priv, hash, msg, ml, out, sizeof out, &ol) == CCE_OK && ol == sl &&
               memcmp(out, sig, sl) == 0;
        }
        free(sig);
      } else {
        size_t cl, ll;
        uint8_t *ct = wp_hex(t, "ct", &cl), *label = wp_hex(t, "label", &ll);
        uint8_t out[CCE_RSA_MAX_BYTES];
        size_t ol = 0;
        ok = cce_rsa_oaep_decrypt(&priv, hash, mgfh, label, ll, ct, cl, out, sizeof out, &ol) == CCE_OK &&
             ol == ml && memcmp(out, msg, ml) == 0;
        free(ct);
        free(label);
      }
      wp_record(c, t, ok, type);
      free(msg);
    }
    cce_rsa_private_key_wipe(&priv);
  }
  return 0;
}

const wp_handler wp_handlers_rsa[] = {
    {"rsa_pss_", rsa_file},
    {"rsa_signature_", rsa_file},
    {"rsa_pkcs1_", rsa_file},
    {"rsa_oaep_", rsa_file},
    {NULL, NULL},
};
