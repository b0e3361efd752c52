// vault_test.c: the sealed-file library (include/cce/vault.h): header write
// and strict parse, every recipient type, header MAC, STREAM chunks (IV
// layout checked against a direct AES-GCM computation, last flag, position),
// layout arithmetic, signatures, and the error paths.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/curve25519.h"
#include "cce/ec.h"
#include "cce/gcm.h"
#include "cce/kdf.h"
#include "cce/vault.h"

static int n_pass, n_fail;
#define CHECK(cond, ...)                  \
  do {                                    \
    if (cond) {                           \
      n_pass++;                           \
    } else {                              \
      n_fail++;                           \
      printf("FAIL %s:%d: ", __FILE__, __LINE__); \
      printf(__VA_ARGS__);                \
      printf("\n");                       \
    }                                     \
  } while (0)

static uint8_t hdr[CCE_VAULT_MAX_HEADER_BYTES];
static cce_vault_ctx sctx, octx;
static cce_vault_header h;

static void test_header_and_stanzas(void) {
  uint8_t p256d[32], p256q[65], p384d[48], p384q[97], xd[32], xq[32], fk[32], fk2[32];
  CHECK(cce_ecdh_keygen(CCE_EC_P256, p256d, 32, p256q, 65) == CCE_OK, "p256 keygen");
  CHECK(cce_ecdh_keygen(CCE_EC_P384, p384d, 48, p384q, 97) == CCE_OK, "p384 keygen");
  CHECK(cce_x25519_keypair(xq, xd) == CCE_OK, "x25519 keygen");
  CHECK(cce_vault_seal_init(&sctx, 99) == CCE_ERR_INVALID_ARG, "bad chunk size refused");
  CHECK(cce_vault_seal_init(&sctx, 16) == CCE_OK, "seal init");
  size_t len = 0;
  CHECK(cce_vault_header_write(&sctx, hdr, sizeof hdr, &len) == CCE_ERR_CTX_STATE, "no recipient refused");
  CHECK(cce_vault_add_ec_recipient(&sctx, CCE_VAULT_STANZA_P256, p256q, 65) == CCE_OK, "add p256");
  CHECK(cce_vault_add_ec_recipient(&sctx, CCE_VAULT_STANZA_P384, p384q, 97) == CCE_OK, "add p384");
  CHECK(cce_vault_add_ec_recipient(&sctx, CCE_VAULT_STANZA_X25519, p384q, 97) == CCE_ERR_INVALID_ARG, "bad type");
  uint8_t badq[97];
  memcpy(badq, p384q, 97);
  badq[50] ^= 1;
  CHECK(cce_vault_add_ec_recipient(&sctx, CCE_VAULT_STANZA_P384, badq, 97) == CCE_ERR_POINT_INVALID,
        "off-curve recipient refused");
  CHECK(cce_vault_add_x25519_recipient(&sctx, xq) == CCE_OK, "add x25519");
  CHECK(cce_vault_add_passphrase(&sctx, (const uint8_t *)"hunter2hunter2", 14, 1000) == CCE_OK, "add passphrase");
  CHECK(cce_vault_add_passphrase(&sctx, (const uint8_t *)"x", 1, 0) == CCE_ERR_INVALID_ARG, "0 iterations");
  uint8_t edq[32], edd[32];
  CHECK(cce_ed25519_keypair(edq, edd) == CCE_OK, "ed25519 keygen");
  CHECK(cce_vault_set_signer(&sctx, CCE_VAULT_SIG_ED25519, edq, 31) == CCE_ERR_INVALID_LENGTH, "signer length");
  CHECK(cce_vault_set_signer(&sctx, CCE_VAULT_SIG_ED25519, edq, 32) == CCE_OK, "signer");
  CHECK(cce_vault_header_write(&sctx, hdr, 100, &len) == CCE_ERR_BUFFER_TOO_SMALL, "small buffer");
  CHECK(cce_vault_header_write(&sctx, hdr, sizeof hdr, &len) == CCE_OK, "header write");
  size_t want = CCE_VAULT_FIXED_BYTES + (3 + 8 + 65 + 40) + (3 + 8 + 97 + 40) + (3 + 8 + 32 + 40) +
                (3 + 32 + 4 + 40) + (3 + 32) + 48;
  CHECK(len == want, "header length %zu, expected %zu", len, want);
  CHECK(memcmp(hdr, "\x89" "CCESEAL\x01\x01\x10\x01", 12) == 0, "fixed fields");
  size_t hl = 0;
  CHECK(cce_vault_header_len(hdr, 16, &hl) == CCE_OK && hl == len, "header_len");
  CHECK(cce_vault_header_parse(&h, hdr, len) == CCE_OK, "parse");
  CHECK(h.num_stanzas == 4 && h.stanzas[0].type == 1 && h.stanzas[1].type == 2 && h.stanzas[2].type == 3 &&
            h.stanzas[3].type == 4 && h.stanzas[3].iterations == 1000,
        "parsed stanzas");
  CHECK(h.sig_alg == CCE_VAULT_SIG_ED25519 && h.signer_pub_len == 32 && memcmp(h.signer_pub, edq, 32) == 0,
        "parsed signer");
  uint8_t id[8];
  CHECK(cce_vault_key_id(CCE_VAULT_STANZA_P384, p384q, 97, id) == CCE_OK && memcmp(id, h.stanzas[1].key_id, 8) == 0,
        "key id in the stanza");

  // Each recipient alone recovers the file key.
  CHECK(cce_vault_unwrap_ec(&h, &h.stanzas[0], p256d, 32, p256q, 65, fk) == CCE_OK &&
            memcmp(fk, sctx.file_key, 32) == 0, "p256 unwrap");
  CHECK(cce_vault_unwrap_ec(&h, &h.stanzas[1], p384d, 48, p384q, 97, fk) == CCE_OK &&
            memcmp(fk, sctx.file_key, 32) == 0, "p384 unwrap");
  CHECK(cce_vault_unwrap_ec(&h, &h.stanzas[2], xd, 32, xq, 32, fk) == CCE_OK && memcmp(fk, sctx.file_key, 32) == 0,
        "x25519 unwrap");
  CHECK(cce_vault_unwrap_passphrase(&h, &h.stanzas[3], (const uint8_t *)"hunter2hunter2", 14, fk) == CCE_OK &&
            memcmp(fk, sctx.file_key, 32) == 0, "passphrase unwrap");
  CHECK(cce_vault_unwrap_passphrase(&h, &h.stanzas[3], (const uint8_t *)"hunter3hunter2", 14, fk2) == CCE_ERR_AUTH,
        "wrong passphrase");
  uint8_t zero[32] = {0};
  CHECK(memcmp(fk2, zero, 32) == 0, "file key zeroed on failure");
  uint8_t od[48], oq[97];
  CHECK(cce_ecdh_keygen(CCE_EC_P384, od, 48, oq, 97) == CCE_OK, "other key");
  CHECK(cce_vault_unwrap_ec(&h, &h.stanzas[1], od, 48, oq, 97, fk2) == CCE_ERR_AUTH, "wrong key: AUTH");
  CHECK(cce_vault_open_init(&octx, &h, fk) == CCE_OK, "header MAC ok");
  cce_vault_ctx_wipe(&octx);

  // Each header byte altered: the parse fails, or the file key does not
  // unwrap, or the header MAC fails.
  int undetected = 0;
  for (size_t i = 0; i < len; i++) {
    uint8_t copy[2048];
    memcpy(copy, hdr, len);
    copy[i] ^= 0x01;
    cce_vault_header hh;
    if (cce_vault_header_parse(&hh, copy, len) != CCE_OK) continue;
    uint8_t k[32];
    if (hh.num_stanzas < 2 || hh.stanzas[1].type != CCE_VAULT_STANZA_P384) continue;
    if (cce_vault_unwrap_ec(&hh, &hh.stanzas[1], p384d, 48, p384q, 97, k) != CCE_OK) continue;
    cce_vault_ctx c2;
    if (cce_vault_open_init(&c2, &hh, k) == CCE_OK) {
      undetected++;
      printf("  header byte %zu altered, undetected\n", i);
    }
    cce_vault_ctx_wipe(&c2);
  }
  CHECK(undetected == 0, "every header byte is authenticated");

  // Strict parser: truncation, trailing bytes, reserved flags, zero stanzas.
  CHECK(cce_vault_header_parse(&h, hdr, len - 1) == CCE_ERR_DECODE, "short");
  uint8_t copy[2048];
  memcpy(copy, hdr, len);
  copy[11] |= 0x80;
  CHECK(cce_vault_header_parse(&h, copy, len) == CCE_ERR_DECODE, "reserved flag");
  memcpy(copy, hdr, len);
  copy[8] = 2;
  CHECK(cce_vault_header_parse(&h, copy, len) == CCE_ERR_UNSUPPORTED, "version 2");
  memcpy(copy, hdr, len);
  copy[9] = 7;
  CHECK(cce_vault_header_parse(&h, copy, len) == CCE_ERR_UNSUPPORTED, "suite 7");
  memcpy(copy, hdr, len);
  copy[52] = 0;
  CHECK(cce_vault_header_parse(&h, copy, len) == CCE_ERR_DECODE, "zero stanzas");
  memcpy(copy, hdr, len);
  copy[0] = 'X';
  CHECK(cce_vault_header_len(copy, len, &hl) == CCE_ERR_DECODE, "magic");
  // An unknown (future, e.g. ML-KEM) stanza type is skipped, not refused.
  memcpy(copy, hdr, len);
  copy[CCE_VAULT_FIXED_BYTES] = CCE_VAULT_STANZA_MLKEM768;
  CHECK(cce_vault_header_parse(&h, copy, len) == CCE_OK && h.stanzas[0].key_id == NULL &&
            h.stanzas[0].body_len == 8 + 65 + 40, "unknown stanza type kept and skipped");
  CHECK(cce_vault_header_parse(&h, hdr, len) == CCE_OK, "reparse");
}

// Chunk i must equal AES-256-GCM(payload key, prefix || be64(2i+last)) where
// payload key = HKDF-Expand(HKDF-Extract(salt, file key), "CCE-SEAL v1 payload").
static void test_chunks(void) {
  uint8_t fk[32], salt[32], prefix[4] = {0xde, 0xad, 0xbe, 0xef};
  for (int i = 0; i < 32; i++) fk[i] = (uint8_t)i, salt[i] = (uint8_t)(0xa0 + i);
  CHECK(cce_vault_seal_init_with(&sctx, 10, fk, salt, prefix) == CCE_OK, "init_with");
  uint8_t prk[48], pk[32];
  CHECK(cce_hkdf_extract(CCE_HASH_SHA384, prk, 48, salt, 32, fk, 32) == CCE_OK &&
            cce_hkdf_expand(CCE_HASH_SHA384, pk, 32, prk, 48, (const uint8_t *)"CCE-SEAL v1 payload", 19) == CCE_OK,
        "payload key");
  cce_gcm_key gk;
  CHECK(cce_gcm_key_init(&gk, pk, 32) == CCE_OK, "gcm key");
  uint8_t pt[1024], buf[1040], ref[1040], iv[12];
  for (int i = 0; i < 1024; i++) pt[i] = (uint8_t)(i * 7);
  memcpy(iv, prefix, 4);
  for (uint64_t idx = 0; idx < 3; idx++)
    for (int last = 0; last < 2; last++) {
      memcpy(buf, pt, 1024);
      CHECK(cce_vault_chunk_seal(&sctx, idx, last, buf, 1024, buf) == CCE_OK, "seal in place");
      uint64_t ctr = 2 * idx + (uint64_t)last;
      for (int b = 0; b < 8; b++) iv[4 + b] = (uint8_t)(ctr >> (56 - 8 * b));
      CHECK(cce_aes_gcm_seal(&gk, iv, 12, NULL, 0, pt, 1024, ref, ref + 1024, 16) == CCE_OK, "ref");
      CHECK(memcmp(buf, ref, 1040) == 0, "chunk %d last %d = AES-GCM with IV prefix||2i+last", (int)idx, last);
      // Opens only at its own position with its own flag.
      uint8_t out[1040];
      CHECK(cce_vault_chunk_open(&sctx, idx, last, buf, 1040, out) == CCE_OK && memcmp(out, pt, 1024) == 0,
            "open");
      CHECK(cce_vault_chunk_open(&sctx, idx, !last, buf, 1040, out) == CCE_ERR_AUTH, "last flag bound");
      CHECK(cce_vault_chunk_open(&sctx, idx + 1, last, buf, 1040, out) == CCE_ERR_AUTH, "position bound");
      uint8_t zero[1024] = {0};
      CHECK(memcmp(out, zero, 1024) == 0, "nothing released on failure");
      buf[5] ^= 1;
      CHECK(cce_vault_chunk_open(&sctx, idx, last, buf, 1040, out) == CCE_ERR_AUTH, "flipped bit");
    }
  // Short chunks: only the last one; empty last chunk is 16 bytes.
  CHECK(cce_vault_chunk_seal(&sctx, 0, 0, pt, 100, buf) == CCE_ERR_INVALID_LENGTH, "short middle chunk refused");
  CHECK(cce_vault_chunk_seal(&sctx, 0, 1, pt, 1025, buf) == CCE_ERR_INVALID_LENGTH, "oversize chunk refused");
  CHECK(cce_vault_chunk_seal(&sctx, 4, 1, NULL, 0, buf) == CCE_OK, "empty last chunk");
  uint8_t dummy[1];
  CHECK(cce_vault_chunk_open(&sctx, 4, 1, buf, 16, dummy) == CCE_OK, "empty last chunk opens");
  CHECK(cce_vault_chunk_open(&sctx, 4, 1, buf, 15, dummy) == CCE_ERR_INVALID_LENGTH, "15 bytes");
  CHECK(cce_vault_chunk_seal(&sctx, UINT64_C(1) << 62, 1, pt, 1, buf) == CCE_ERR_LIMIT_REACHED, "index limit");
  CHECK(cce_vault_chunk_seal(NULL, 0, 1, pt, 1, buf) == CCE_ERR_NULL_POINTER, "NULL ctx");
  cce_vault_ctx_wipe(&sctx);
  CHECK(cce_vault_chunk_seal(&sctx, 0, 1, pt, 1, buf) == CCE_ERR_CTX_STATE, "wiped ctx");
  cce_gcm_key_wipe(&gk);
}

static void test_layout(void) {
  uint64_t n, pt;
  const uint64_t S = 65536 + 16;
  CHECK(cce_vault_layout(16, 16, &n, &pt) == CCE_OK && n == 1 && pt == 0, "empty");
  CHECK(cce_vault_layout(16, 17, &n, &pt) == CCE_OK && n == 1 && pt == 1, "1 byte");
  CHECK(cce_vault_layout(16, S, &n, &pt) == CCE_OK && n == 1 && pt == 65536, "C");
  CHECK(cce_vault_layout(16, S + 17, &n, &pt) == CCE_OK && n == 2 && pt == 65537, "C+1");
  CHECK(cce_vault_layout(16, S + 15, &n, &pt) == CCE_ERR_DECODE, "partial tag");
  CHECK(cce_vault_layout(16, 0, &n, &pt) == CCE_ERR_DECODE, "nothing");
  CHECK(cce_vault_layout(16, 3 * S, &n, &pt) == CCE_OK && n == 3 && pt == 3 * 65536, "3C");
}

static void test_signatures(void) {
  uint8_t d[48], q[97], ed[32], eq[32], sig[96], dg[48];
  size_t sl;
  CHECK(cce_ecdsa_keygen(CCE_EC_P384, d, 48, q, 97) == CCE_OK, "p384 device key");
  CHECK(cce_ed25519_keypair(eq, ed) == CCE_OK, "ed25519 device key");
  const uint8_t header[] = "a header", chunk[] = "chunk bytes and tag";
  for (int alg = 1; alg <= 2; alg++) {
    const uint8_t *priv = alg == 1 ? d : ed, *pub = alg == 1 ? q : eq;
    size_t pl = alg == 1 ? 48 : 32, ql = alg == 1 ? 97 : 32;
    cce_hash_ctx c;
    CHECK(cce_vault_chain_init(&c, header, sizeof header) == CCE_OK, "chain");
    CHECK(cce_vault_chunk_digest(chunk, sizeof chunk, dg) == CCE_OK, "digest");
    CHECK(cce_vault_chain_update(&c, dg) == CCE_OK, "update");
    CHECK(cce_vault_sign(&c, (cce_vault_sig_alg)alg, priv, pl, pub, ql, sig, sizeof sig, &sl) == CCE_OK &&
              sl == cce_vault_sig_len((cce_vault_sig_alg)alg), "sign %d", alg);
    CHECK(cce_vault_chain_init(&c, header, sizeof header) == CCE_OK && cce_vault_chain_update(&c, dg) == CCE_OK &&
              cce_vault_verify(&c, (cce_vault_sig_alg)alg, pub, ql, sig, sl) == CCE_OK, "verify %d", alg);
    // Another chain (a chunk dropped) does not verify.
    CHECK(cce_vault_chain_init(&c, header, sizeof header) == CCE_OK &&
              cce_vault_verify(&c, (cce_vault_sig_alg)alg, pub, ql, sig, sl) == CCE_ERR_SIGNATURE, "dropped %d", alg);
    sig[3] ^= 1;
    CHECK(cce_vault_chain_init(&c, header, sizeof header) == CCE_OK && cce_vault_chain_update(&c, dg) == CCE_OK &&
              cce_vault_verify(&c, (cce_vault_sig_alg)alg, pub, ql, sig, sl) == CCE_ERR_SIGNATURE, "bad sig %d", alg);
  }
  CHECK(cce_vault_sig_len(CCE_VAULT_SIG_NONE) == 0, "sig len none");
}

int main(void) {
  test_header_and_stanzas();
  test_chunks();
  test_layout();
  test_signatures();
  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail != 0;
}
