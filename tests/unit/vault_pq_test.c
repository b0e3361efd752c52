// vault_pq_test.c: the post-quantum parts of the sealed-file library
// (include/cce/vault.h, format revision 1.1): the hybrid P-384 ECDH +
// ML-KEM-1024 recipient (the key-encryption key recomputed here from the
// construction of docs/sealed-file-format.md, step by step, with the module's
// primitives; each key alone fails; corrupted stanza parts fail), its key id,
// the strict parse of the new stanza and signer, and ML-DSA-87 signatures.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/aes.h"
#include "cce/ec.h"
#include "cce/encoding.h"
#include "cce/hash.h"
#include "cce/kdf.h"
#include "cce/mldsa.h"
#include "cce/mlkem.h"
#include "cce/vault.h"

static int n_pass, n_fail;
#define CHECK(cond, ...)                          \
  do {                                            \
    if (cond) {                                   \
      n_pass++;                                   \
    } else {                                      \
      n_fail++;                                   \
      printf("FAIL %s:%d: ", __FILE__, __LINE__); \
      printf(__VA_ARGS__);                        \
      printf("\n");                               \
    }                                             \
  } while (0)
#define CHECK_ST(got, want, what) \
  CHECK((got) == (want), "%s: got %s, want %s", what, cce_status_str(got), cce_status_str(want))

static uint8_t hdr[CCE_VAULT_MAX_HEADER_BYTES], hdr2[CCE_VAULT_MAX_HEADER_BYTES];
static cce_vault_ctx sctx, octx;
static cce_vault_header h;
static uint8_t ek[CCE_MLKEM1024_EK_BYTES], dk[CCE_MLKEM1024_DK_BYTES];
static uint8_t ek2[CCE_MLKEM1024_EK_BYTES], dk2[CCE_MLKEM1024_DK_BYTES];
static uint8_t ecd[48], ecq[97], ecd2[48], ecq2[97];

// The documented KEK, computed independently from the recipient's keys:
// IKM = ML-KEM.Decaps(dk, c) || ECDH(d, E),
// info = "CCE-SEAL v1 hybrid stanza" || 00 || 22 || c || E || ek || Q.
static cce_status doc_kek(const cce_vault_header *hh, const cce_vault_stanza *s, uint8_t kek[32]) {
  static uint8_t info[64 + 1568 + 97 + 1568 + 97];
  uint8_t ikm[32 + 48];
  cce_status st = cce_mlkem_decaps(CCE_MLKEM_1024, ikm, s->body + 8 + 97, 1568, dk, sizeof dk);
  if (st == CCE_OK) st = cce_ecdh(CCE_EC_P384, ecd, 48, s->body + 8, 97, ikm + 32, 48);
  if (st != CCE_OK) return st;
  static const char label[] = "CCE-SEAL v1 hybrid stanza";
  size_t n = 0;
  memcpy(info, label, sizeof label);
  n = sizeof label;
  info[n++] = 0x22;
  memcpy(info + n, s->body + 8 + 97, 1568);
  n += 1568;
  memcpy(info + n, s->body + 8, 97);
  n += 97;
  memcpy(info + n, ek, sizeof ek);
  n += sizeof ek;
  memcpy(info + n, ecq, 97);
  n += 97;
  return cce_hkdf(CCE_HASH_SHA384, kek, 32, hh->salt, 32, ikm, sizeof ikm, info, n);
}

static void test_hybrid(void) {
  uint8_t fk[32], fk2[32], kek[32], id[8], d[32];
  size_t len = 0, n;
  CHECK(cce_ecdh_keygen(CCE_EC_P384, ecd, 48, ecq, 97) == CCE_OK, "P-384 keygen");
  CHECK(cce_ecdh_keygen(CCE_EC_P384, ecd2, 48, ecq2, 97) == CCE_OK, "P-384 keygen 2");
  CHECK(cce_mlkem_keygen(CCE_MLKEM_1024, ek, sizeof ek, dk, sizeof dk, NULL) == CCE_OK, "ML-KEM keygen");
  CHECK(cce_mlkem_keygen(CCE_MLKEM_1024, ek2, sizeof ek2, dk2, sizeof dk2, NULL) == CCE_OK, "ML-KEM keygen 2");
  for (int i = 0; i < 32; i++) fk[i] = (uint8_t)(0xa0 + i);
  uint8_t salt[32], prefix[4] = {1, 2, 3, 4};
  memset(salt, 0x5c, sizeof salt);
  CHECK(cce_vault_seal_init_with(&sctx, 12, fk, salt, prefix) == CCE_OK, "seal init");
  CHECK_ST(cce_vault_add_hybrid_recipient(&sctx, ecq, 97, ek, sizeof ek), CCE_OK, "add hybrid");
  CHECK_ST(cce_vault_add_hybrid_recipient(&sctx, ecq, 97, ek, sizeof ek - 1), CCE_ERR_INVALID_LENGTH,
           "short ek refused");
  uint8_t bad_ek[sizeof ek];
  memcpy(bad_ek, ek, sizeof ek);
  bad_ek[0] = 0xff;
  bad_ek[1] |= 0x0f;  // coefficient 4095 >= q
  CHECK_ST(cce_vault_add_hybrid_recipient(&sctx, ecq, 97, bad_ek, sizeof bad_ek), CCE_ERR_KEY_INVALID,
           "ek failing the modulus check refused");
  uint8_t bad_q[97];
  memcpy(bad_q, ecq, 97);
  bad_q[50] ^= 1;
  CHECK(cce_vault_add_hybrid_recipient(&sctx, bad_q, 97, ek, sizeof ek) != CCE_OK, "point off the curve refused");
  CHECK_ST(cce_vault_add_hybrid_recipient(NULL, ecq, 97, ek, sizeof ek), CCE_ERR_NULL_POINTER, "NULL ctx");
  CHECK_ST(cce_vault_add_ec_recipient(&sctx, CCE_VAULT_STANZA_P384, ecq2, 97), CCE_OK, "add P-384 beside it");
  CHECK_ST(cce_vault_header_write(&sctx, hdr, sizeof hdr, &len), CCE_OK, "header write");
  CHECK(len == 53 + 3 + CCE_VAULT_HYBRID_BODY_BYTES + 3 + 145 + 48, "header length %zu", len);
  CHECK(hdr[8] == 1, "version byte still 1");
  CHECK_ST(cce_vault_header_parse(&h, hdr, len), CCE_OK, "parse");
  const cce_vault_stanza *s = &h.stanzas[0];
  CHECK(h.num_stanzas == 2 && s->type == CCE_VAULT_STANZA_P384_MLKEM1024 && s->body_len == 1713 &&
            s->key_id == s->body && s->eph_pub == s->body + 8 && s->eph_len == 97 && s->kem_ct == s->body + 105 &&
            s->kem_ct_len == 1568 && s->wrapped == s->body + 1673,
        "hybrid stanza layout");

  // Key id = SHA-256(SPKI(P-384) || SPKI(ML-KEM-1024))[0..8].
  {
    static uint8_t spki[8192];
    cce_pkey pk;
    static cce_pqkey pq;
    size_t a = 0, b = 0;
    CHECK(cce_pkey_set(&pk, CCE_PKEY_EC, CCE_PKEY_CURVE_P384, NULL, 0, ecq, 97) == CCE_OK, "pkey set");
    CHECK(cce_pkey_public_to_der(spki, sizeof spki, &a, &pk, 0) == CCE_OK, "EC SPKI");
    memset(&pq, 0, sizeof pq);
    pq.alg = CCE_PQKEY_MLKEM1024;
    memcpy(pq.pub, ek, sizeof ek);
    pq.pub_len = sizeof ek;
    CHECK(cce_pqkey_public_to_der(spki + a, sizeof spki - a, &b, &pq) == CCE_OK, "ML-KEM SPKI");
    CHECK(cce_sha256(d, spki, a + b) == CCE_OK, "sha256");
    CHECK(cce_vault_key_id_hybrid(ecq, 97, ek, sizeof ek, id) == CCE_OK && memcmp(id, d, 8) == 0 &&
              memcmp(s->key_id, d, 8) == 0,
          "hybrid key id");
    CHECK_ST(cce_vault_key_id_hybrid(ecq, 97, ek, 100, id), CCE_ERR_INVALID_LENGTH, "key id: short ek");
  }

  // The KEK as documented unwraps W to the file key.
  CHECK(doc_kek(&h, s, kek) == CCE_OK, "documented KEK");
  {
    cce_aes_ctx aes;
    CHECK(cce_aes_init(&aes, kek, 32) == CCE_OK, "aes init");
    n = 0;
    CHECK(cce_aes_kwp_unwrap(&aes, 0, fk2, sizeof fk2, &n, s->wrapped, 40) == CCE_OK && n == 32 &&
              memcmp(fk2, fk, 32) == 0,
          "W = AES-KWP(documented KEK, file key)");
    cce_aes_cleanup(&aes);
  }
  CHECK_ST(cce_vault_unwrap_hybrid(&h, s, ecd, 48, ecq, 97, dk, sizeof dk, ek, sizeof ek, fk2), CCE_OK, "unwrap");
  CHECK(memcmp(fk, fk2, 32) == 0, "unwrapped file key");
  CHECK_ST(cce_vault_open_init(&octx, &h, fk2), CCE_OK, "header MAC");

  // Either key alone is not enough.
  CHECK_ST(cce_vault_unwrap_hybrid(&h, s, ecd, 48, ecq, 97, dk2, sizeof dk2, ek2, sizeof ek2, fk2), CCE_ERR_AUTH,
           "right P-384, other ML-KEM key");
  CHECK(memcmp(fk2, (uint8_t[32]){0}, 32) == 0, "file key zeroed on failure");
  CHECK_ST(cce_vault_unwrap_hybrid(&h, s, ecd, 48, ecq, 97, dk2, sizeof dk2, ek, sizeof ek, fk2), CCE_ERR_AUTH,
           "right P-384 and ek, other dk");
  CHECK_ST(cce_vault_unwrap_hybrid(&h, s, ecd2, 48, ecq2, 97, dk, sizeof dk, ek, sizeof ek, fk2), CCE_ERR_AUTH,
           "other P-384, right ML-KEM key");
  CHECK_ST(cce_vault_unwrap_hybrid(&h, s, ecd2, 48, ecq, 97, dk, sizeof dk, ek, sizeof ek, fk2), CCE_ERR_AUTH,
           "other P-384 scalar");
  CHECK_ST(cce_vault_unwrap_hybrid(&h, &h.stanzas[1], ecd, 48, ecq, 97, dk, sizeof dk, ek, sizeof ek, fk2),
           CCE_ERR_INVALID_ARG, "not a hybrid stanza");
  CHECK_ST(cce_vault_unwrap_hybrid(&h, s, ecd, 47, ecq, 97, dk, sizeof dk, ek, sizeof ek, fk2),
           CCE_ERR_INVALID_LENGTH, "short scalar");
  CHECK_ST(cce_vault_unwrap_hybrid(&h, s, ecd, 48, ecq, 97, dk, sizeof dk - 1, ek, sizeof ek, fk2),
           CCE_ERR_INVALID_LENGTH, "short dk");
  CHECK_ST(cce_vault_unwrap_hybrid(&h, s, NULL, 48, ecq, 97, dk, sizeof dk, ek, sizeof ek, fk2), CCE_ERR_NULL_POINTER,
           "NULL key");

  // Corrupting any part of the stanza (E, c, W) or the salt fails.
  const size_t offs[] = {8 + 50, 8 + 97, 8 + 97 + 700, 8 + 97 + 1567, 8 + 97 + 1568 + 5};
  for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
    memcpy(hdr2, hdr, len);
    hdr2[56 + offs[i]] ^= 1;
    cce_vault_header h2;
    CHECK_ST(cce_vault_header_parse(&h2, hdr2, len), CCE_OK, "parse corrupted");
    cce_status st = cce_vault_unwrap_hybrid(&h2, &h2.stanzas[0], ecd, 48, ecq, 97, dk, sizeof dk, ek, sizeof ek, fk2);
    CHECK(st == CCE_ERR_AUTH, "corrupted stanza byte %zu: %s", offs[i], cce_status_str(st));
  }
  memcpy(hdr2, hdr, len);
  hdr2[30] ^= 1;  // salt
  cce_vault_header h3;
  CHECK(cce_vault_header_parse(&h3, hdr2, len) == CCE_OK, "parse");
  CHECK_ST(cce_vault_unwrap_hybrid(&h3, &h3.stanzas[0], ecd, 48, ecq, 97, dk, sizeof dk, ek, sizeof ek, fk2),
           CCE_ERR_AUTH, "another salt");

  // Strict parse: a hybrid stanza of the wrong size.
  memcpy(hdr2, hdr, len);
  hdr2[54] = (uint8_t)((1712 >> 8) & 0xff);
  hdr2[55] = (uint8_t)(1712 & 0xff);
  cce_vault_header h4;
  CHECK_ST(cce_vault_header_parse(&h4, hdr2, len), CCE_ERR_DECODE, "hybrid stanza body of 1712 bytes");
  cce_vault_ctx_wipe(&sctx);
  cce_vault_ctx_wipe(&octx);
}

static void test_mldsa87_signer(void) {
  static uint8_t pk[CCE_MLDSA87_PUBLIC_KEY_BYTES], sk[CCE_MLDSA87_SECRET_KEY_BYTES];
  static uint8_t sig[CCE_VAULT_MAX_SIG_BYTES];
  uint8_t fk[32], salt[32], prefix[4] = {0};
  size_t len = 0, sig_len = 0;
  memset(fk, 7, sizeof fk);
  memset(salt, 9, sizeof salt);
  CHECK(CCE_VAULT_MAX_SIG_BYTES >= 4627 && cce_vault_sig_len(CCE_VAULT_SIG_MLDSA87) == 4627, "ML-DSA-87 sizes");
  CHECK(cce_mldsa_keygen(CCE_MLDSA_87, pk, sizeof pk, sk, sizeof sk, NULL) == CCE_OK, "ML-DSA-87 keygen");
  CHECK(cce_ecdh_keygen(CCE_EC_P384, ecd, 48, ecq, 97) == CCE_OK, "P-384 keygen");
  CHECK(cce_vault_seal_init_with(&sctx, 10, fk, salt, prefix) == CCE_OK, "seal init");
  CHECK(cce_vault_add_ec_recipient(&sctx, CCE_VAULT_STANZA_P384, ecq, 97) == CCE_OK, "recipient");
  CHECK_ST(cce_vault_set_signer(&sctx, CCE_VAULT_SIG_MLDSA87, pk, sizeof pk - 1), CCE_ERR_INVALID_LENGTH,
           "short ML-DSA-87 public key");
  CHECK_ST(cce_vault_set_signer(&sctx, CCE_VAULT_SIG_MLDSA87, pk, sizeof pk), CCE_OK, "set ML-DSA-87 signer");
  CHECK_ST(cce_vault_header_write(&sctx, hdr, sizeof hdr, &len), CCE_OK, "header");
  CHECK(len == 53 + 148 + 3 + 2592 + 48, "signed header length %zu", len);
  CHECK_ST(cce_vault_header_parse(&h, hdr, len), CCE_OK, "parse signed header");
  CHECK(h.sig_alg == CCE_VAULT_SIG_MLDSA87 && h.signer_pub_len == 2592 && memcmp(h.signer_pub, pk, 2592) == 0,
        "signer block");
  uint8_t chunk[100], dgst[48];
  memset(chunk, 0x33, sizeof chunk);
  cce_hash_ctx chain, chain2;
  CHECK(cce_vault_chain_init(&chain, hdr, len) == CCE_OK &&
            cce_vault_chunk_digest(chunk, sizeof chunk, dgst) == CCE_OK &&
            cce_vault_chain_update(&chain, dgst) == CCE_OK,
        "chain");
  CHECK(cce_hash_copy(&chain2, &chain) == CCE_OK, "copy chain");
  CHECK_ST(cce_vault_sign(&chain, CCE_VAULT_SIG_MLDSA87, sk, sizeof sk, pk, sizeof pk, sig, sizeof sig, &sig_len),
           CCE_OK, "sign ML-DSA-87");
  CHECK(sig_len == 4627, "signature length");
  // The signature is pure ML-DSA-87, empty context, over the documented message.
  {
    uint8_t msg[22 + 48], hh[48];
    static const char label[] = "CCE-SEAL v1 signature";
    cce_hash_ctx c3;
    CHECK(cce_hash_copy(&c3, &chain2) == CCE_OK && cce_hash_final(&c3, hh, 48) == CCE_OK, "chain digest");
    memcpy(msg, label, sizeof label);
    memcpy(msg + sizeof label, hh, 48);
    CHECK_ST(cce_mldsa_verify(CCE_MLDSA_87, sig, sig_len, pk, sizeof pk, msg, sizeof msg, NULL, 0), CCE_OK,
             "signature = ML-DSA-87(\"CCE-SEAL v1 signature\" || 0 || h)");
  }
  cce_hash_ctx c4;
  CHECK(cce_hash_copy(&c4, &chain2) == CCE_OK, "copy");
  CHECK_ST(cce_vault_verify(&chain2, CCE_VAULT_SIG_MLDSA87, pk, sizeof pk, sig, sig_len), CCE_OK, "verify");
  sig[100] ^= 1;
  CHECK_ST(cce_vault_verify(&c4, CCE_VAULT_SIG_MLDSA87, pk, sizeof pk, sig, sig_len), CCE_ERR_SIGNATURE,
           "tampered signature");
  sig[100] ^= 1;
  CHECK(cce_vault_chain_init(&c4, hdr, len) == CCE_OK, "chain");
  chunk[0] ^= 1;
  CHECK(cce_vault_chunk_digest(chunk, sizeof chunk, dgst) == CCE_OK && cce_vault_chain_update(&c4, dgst) == CCE_OK,
        "chain");
  CHECK_ST(cce_vault_verify(&c4, CCE_VAULT_SIG_MLDSA87, pk, sizeof pk, sig, sig_len), CCE_ERR_SIGNATURE,
           "tampered chunk");
  CHECK(cce_vault_chain_init(&c4, hdr, len) == CCE_OK, "chain");
  CHECK_ST(cce_vault_verify(&c4, CCE_VAULT_SIG_MLDSA87, pk, sizeof pk, sig, sig_len - 1), CCE_ERR_SIGNATURE,
           "short signature");
  // Strict parse: an ML-DSA-87 signer block with a short key.
  memcpy(hdr2, hdr, len);
  size_t at = 53 + 148;  // sig_alg, then pub_len
  CHECK(hdr2[at] == 3 && hdr2[at + 1] == 0x0a && hdr2[at + 2] == 0x20, "signer block encoding");
  hdr2[at + 2] = 0x1f;
  cce_vault_header h5;
  CHECK_ST(cce_vault_header_parse(&h5, hdr2, len), CCE_ERR_DECODE, "signer key of 2591 bytes");
  cce_vault_ctx_wipe(&sctx);
}

int main(void) {
  test_hybrid();
  test_mldsa87_signer();
  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail ? 1 : 0;
}
