// RSA signature and encryption schemes (RFC 8017): EMSA-PSS (9.1),
// EMSA-PKCS1-v1_5 (9.2), EME-OAEP (7.1), MGF1 (B.2.1) and the SHAKE mask
// functions of FIPS 186-5 5.4, with the public entry points of rsa.h.

#include "internal.h"
#include "../rand/internal.h"

size_t cce_rsa_hash_len(cce_hash_alg h) {
  if (h == CCE_HASH_SHAKE128) return 32;
  if (h == CCE_HASH_SHAKE256) return 64;
  const cce_hash_desc *d = cce_hash_desc_get(h);
  return d ? d->digest_len : 0;
}

// Hash of the concatenation of up to three pieces.
static void hash3(cce_hash_alg h, uint8_t *out, const uint8_t *a, size_t al, const uint8_t *b, size_t bl,
                  const uint8_t *c, size_t cl) {
  const cce_hash_desc *d = cce_hash_desc_get(h);
  cce_hash_ctx ctx;
  d->init(&ctx);
  if (al) (void)d->update(&ctx, a, al);
  if (bl) (void)d->update(&ctx, b, bl);
  if (cl) (void)d->update(&ctx, c, cl);
  d->final(&ctx, out, cce_rsa_hash_len(h));
  cce_wipe(&ctx, sizeof ctx);
}

cce_status cce_rsa_digest_impl(cce_hash_alg h, const uint8_t *msg, size_t len, uint8_t *out) {
  const cce_hash_desc *d = cce_hash_desc_get(h);
  if (d == NULL || cce_rsa_hash_len(h) == 0) return CCE_ERR_UNSUPPORTED;
  cce_hash_ctx ctx;
  d->init(&ctx);
  cce_status st = d->update(&ctx, msg, len);
  if (st == CCE_OK) d->final(&ctx, out, cce_rsa_hash_len(h));
  cce_wipe(&ctx, sizeof ctx);
  return st;
}

// out ^= MASK(seed, len)
static void mask_xor(cce_rsa_mask mask, cce_hash_alg mh, const uint8_t *seed, size_t seed_len, uint8_t *out,
                     size_t len) {
  if (mask == CCE_RSA_MASK_SHAKE128 || mask == CCE_RSA_MASK_SHAKE256) {
    cce_sha3_state st;
    uint8_t buf[168];
    cce_sha3_init_impl(&st, mask == CCE_RSA_MASK_SHAKE128 ? CCE_HASH_SHAKE128 : CCE_HASH_SHAKE256);
    cce_sha3_absorb_impl(&st, seed, seed_len);
    for (size_t off = 0; off < len;) {
      size_t n = len - off < sizeof buf ? len - off : sizeof buf;
      cce_shake_squeeze_impl(&st, buf, n);
      for (size_t i = 0; i < n; i++) out[off + i] ^= buf[i];
      off += n;
    }
    cce_wipe(buf, sizeof buf);
    cce_wipe(&st, sizeof st);
    return;
  }
  uint8_t t[CCE_HASH_MAX_DIGEST_BYTES], ctr[4];
  size_t hl = cce_rsa_hash_len(mh);
  for (uint32_t c = 0, off = 0; off < len; c++) {
    cce_store32_be(ctr, c);
    hash3(mh, t, seed, seed_len, ctr, 4, NULL, 0);
    size_t n = len - off < hl ? len - off : hl;
    for (size_t i = 0; i < n; i++) out[off + i] ^= t[i];
    off += (uint32_t)n;
  }
  cce_wipe(t, sizeof t);
}

static int mask_ok(cce_rsa_mask mask, cce_hash_alg mh) {
  if (mask == CCE_RSA_MASK_SHAKE128 || mask == CCE_RSA_MASK_SHAKE256) return 1;
  return mask == CCE_RSA_MGF1 && cce_rsa_hash_len(mh) != 0;
}

// ---------------------------------------------------------------------------
// EMSA-PSS
cce_status cce_rsa_pss_sign_impl(const cce_rsa_private_key *key, cce_hash_alg hash, cce_rsa_mask mask,
                                 cce_hash_alg mgf1_hash, const uint8_t *digest, const uint8_t *salt,
                                 size_t salt_len, uint8_t *sig) {
  static const uint8_t zeros[8] = {0};
  size_t hl = cce_rsa_hash_len(hash), k = cce_rsa_key_bytes(&key->pub);
  size_t em_bits = key->pub.n.bits - 1, em_len = (em_bits + 7) / 8;
  if (mgf1_hash == CCE_HASH_NONE) mgf1_hash = hash;
  if (hl == 0 || !mask_ok(mask, mgf1_hash)) return CCE_ERR_UNSUPPORTED;
  if (em_len < hl + salt_len + 2) return CCE_ERR_INVALID_LENGTH;
  uint8_t em[CCE_RSA_MAX_BYTES];
  memset(em, 0, sizeof em);
  uint8_t *out = em + (k - em_len);  // em_len is k or k-1
  size_t db_len = em_len - hl - 1;
  hash3(hash, out + db_len, zeros, 8, digest, hl, salt, salt_len);  // H
  out[db_len - salt_len - 1] = 0x01;
  memcpy(out + db_len - salt_len, salt, salt_len);
  mask_xor(mask, mgf1_hash, out + db_len, hl, out, db_len);
  out[0] &= (uint8_t)(0xff >> (8 * em_len - em_bits));
  out[em_len - 1] = 0xbc;
  cce_status st = cce_rsa_private_op_impl(key, sig, em);
  cce_wipe(em, sizeof em);
  return st;
}

cce_status cce_rsa_pss_verify_impl(const cce_rsa_public_key *key, cce_hash_alg hash, cce_rsa_mask mask,
                                   cce_hash_alg mgf1_hash, size_t salt_len, const uint8_t *digest,
                                   const uint8_t *sig, size_t sig_len) {
  static const uint8_t zeros[8] = {0};
  size_t hl = cce_rsa_hash_len(hash), k = cce_rsa_key_bytes(key);
  size_t em_bits = key->n.bits - 1, em_len = (em_bits + 7) / 8;
  if (mgf1_hash == CCE_HASH_NONE) mgf1_hash = hash;
  if (hl == 0 || !mask_ok(mask, mgf1_hash)) return CCE_ERR_UNSUPPORTED;
  if (sig_len != k) return CCE_ERR_SIGNATURE;
  uint8_t em[CCE_RSA_MAX_BYTES], h2[CCE_HASH_MAX_DIGEST_BYTES];
  if (cce_rsa_public_op_impl(key, em, sig) != CCE_OK) return CCE_ERR_SIGNATURE;
  if (em_len < k && em[0] != 0) return CCE_ERR_SIGNATURE;
  uint8_t *e = em + (k - em_len);
  if (em_len < hl + 2 || e[em_len - 1] != 0xbc) return CCE_ERR_SIGNATURE;
  size_t db_len = em_len - hl - 1;
  uint8_t topmask = (uint8_t)(0xff >> (8 * em_len - em_bits));
  if (e[0] & ~topmask) return CCE_ERR_SIGNATURE;
  mask_xor(mask, mgf1_hash, e + db_len, hl, e, db_len);
  e[0] &= topmask;
  size_t i = 0;
  while (i < db_len && e[i] == 0) i++;
  if (i == db_len || e[i] != 0x01) return CCE_ERR_SIGNATURE;
  size_t s_len = db_len - i - 1;
  if (salt_len != CCE_RSA_PSS_SALT_ANY && s_len != salt_len) return CCE_ERR_SIGNATURE;
  hash3(hash, h2, zeros, 8, digest, hl, e + i + 1, s_len);
  if (memcmp(h2, e + db_len, hl) != 0) return CCE_ERR_SIGNATURE;
  return CCE_OK;
}

// ---------------------------------------------------------------------------
// EMSA-PKCS1-v1_5: DigestInfo prefixes (RFC 8017 9.2 note 1; the SHA-3 and
// SHA-512/t OIDs are id-sha* under 2.16.840.1.101.3.4.2).
static size_t digest_info(cce_hash_alg h, uint8_t *out) {
  static const uint8_t sha1[15] = {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e,
                                   0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14};
  uint8_t oid_last;
  switch (h) {
    case CCE_HASH_SHA1: memcpy(out, sha1, 15); return 15;
    case CCE_HASH_SHA256: oid_last = 1; break;
    case CCE_HASH_SHA384: oid_last = 2; break;
    case CCE_HASH_SHA512: oid_last = 3; break;
    case CCE_HASH_SHA224: oid_last = 4; break;
    case CCE_HASH_SHA512_224: oid_last = 5; break;
    case CCE_HASH_SHA512_256: oid_last = 6; break;
    case CCE_HASH_SHA3_224: oid_last = 7; break;
    case CCE_HASH_SHA3_256: oid_last = 8; break;
    case CCE_HASH_SHA3_384: oid_last = 9; break;
    case CCE_HASH_SHA3_512: oid_last = 10; break;
    default: return 0;
  }
  size_t hl = cce_rsa_hash_len(h);
  const uint8_t p[19] = {0x30, (uint8_t)(17 + hl), 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                         0x65, 0x03, 0x04, 0x02, oid_last, 0x05, 0x00, 0x04, (uint8_t)hl};
  memcpy(out, p, 19);
  return 19;
}

static cce_status pkcs1_encode(cce_hash_alg hash, const uint8_t *digest, uint8_t *em, size_t k) {
  uint8_t di[19];
  size_t dl = digest_info(hash, di), hl = cce_rsa_hash_len(hash);
  if (dl == 0) return CCE_ERR_UNSUPPORTED;
  size_t t_len = dl + hl;
  if (k < t_len + 11) return CCE_ERR_INVALID_LENGTH;
  em[0] = 0x00;
  em[1] = 0x01;
  memset(em + 2, 0xff, k - t_len - 3);
  em[k - t_len - 1] = 0x00;
  memcpy(em + k - t_len, di, dl);
  memcpy(em + k - hl, digest, hl);
  return CCE_OK;
}

cce_status cce_rsa_pkcs1_sign_impl(const cce_rsa_private_key *key, cce_hash_alg hash, const uint8_t *digest,
                                   uint8_t *sig) {
  uint8_t em[CCE_RSA_MAX_BYTES];
  size_t k = cce_rsa_key_bytes(&key->pub);
  cce_status st = pkcs1_encode(hash, digest, em, k);
  if (st == CCE_OK) st = cce_rsa_private_op_impl(key, sig, em);
  cce_wipe(em, sizeof em);
  return st;
}

cce_status cce_rsa_pkcs1_verify_impl(const cce_rsa_public_key *key, cce_hash_alg hash, const uint8_t *digest,
                                     const uint8_t *sig, size_t sig_len) {
  uint8_t em[CCE_RSA_MAX_BYTES], em2[CCE_RSA_MAX_BYTES];
  size_t k = cce_rsa_key_bytes(key);
  if (digest_info(hash, em) == 0) return CCE_ERR_UNSUPPORTED;
  if (sig_len != k) return CCE_ERR_SIGNATURE;
  if (cce_rsa_public_op_impl(key, em, sig) != CCE_OK) return CCE_ERR_SIGNATURE;
  if (pkcs1_encode(hash, digest, em2, k) != CCE_OK) return CCE_ERR_SIGNATURE;
  return memcmp(em, em2, k) == 0 ? CCE_OK : CCE_ERR_SIGNATURE;
}

// ---------------------------------------------------------------------------
// EME-OAEP
cce_status cce_rsa_oaep_encrypt_impl(const cce_rsa_public_key *key, cce_hash_alg hash, cce_hash_alg mgf1_hash,
                                     const uint8_t *label, size_t label_len, const uint8_t *msg, size_t msg_len,
                                     const uint8_t *seed, uint8_t *out) {
  size_t hl = cce_rsa_hash_len(hash), k = cce_rsa_key_bytes(key);
  if (mgf1_hash == CCE_HASH_NONE) mgf1_hash = hash;
  if (hl == 0 || hash == CCE_HASH_SHAKE128 || hash == CCE_HASH_SHAKE256 || cce_rsa_hash_len(mgf1_hash) == 0)
    return CCE_ERR_UNSUPPORTED;
  if (k < 2 * hl + 2 || msg_len > k - 2 * hl - 2) return CCE_ERR_INVALID_LENGTH;
  uint8_t em[CCE_RSA_MAX_BYTES];
  size_t db_len = k - hl - 1;
  uint8_t *s = em + 1, *db = em + 1 + hl;
  memset(em, 0, k);
  hash3(hash, db, label, label_len, NULL, 0, NULL, 0);
  db[db_len - msg_len - 1] = 0x01;
  memcpy(db + db_len - msg_len, msg, msg_len);
  memcpy(s, seed, hl);
  mask_xor(CCE_RSA_MGF1, mgf1_hash, s, hl, db, db_len);
  mask_xor(CCE_RSA_MGF1, mgf1_hash, db, db_len, s, hl);
  cce_status st = cce_rsa_public_op_impl(key, out, em);
  cce_wipe(em, sizeof em);
  return st == CCE_OK ? CCE_OK : CCE_ERR_INTERNAL;
}

cce_status cce_rsa_oaep_decrypt_impl(const cce_rsa_private_key *key, cce_hash_alg hash, cce_hash_alg mgf1_hash,
                                     const uint8_t *label, size_t label_len, const uint8_t *ct, uint8_t *out,
                                     size_t out_cap, size_t *out_len) {
  size_t hl = cce_rsa_hash_len(hash), k = cce_rsa_key_bytes(&key->pub);
  if (mgf1_hash == CCE_HASH_NONE) mgf1_hash = hash;
  if (hl == 0 || hash == CCE_HASH_SHAKE128 || hash == CCE_HASH_SHAKE256 || cce_rsa_hash_len(mgf1_hash) == 0)
    return CCE_ERR_UNSUPPORTED;
  if (k < 2 * hl + 2) return CCE_ERR_DECODE;
  size_t max_m = k - 2 * hl - 2;
  if (out_cap < max_m) return CCE_ERR_BUFFER_TOO_SMALL;
  uint8_t em[CCE_RSA_MAX_BYTES], lh[CCE_HASH_MAX_DIGEST_BYTES];
  // A ciphertext >= n is public information: reject it directly.
  {
    uint64_t c[CCE_RSA_MAX_LIMBS];
    if (cce_bn_from_bytes(c, key->pub.n.nl, ct, k) != CCE_OK || !cce_bn_lt_mask(c, key->pub.n.m, key->pub.n.nl)) {
      memset(out, 0, max_m);
      return CCE_ERR_DECODE;
    }
  }
  cce_status st = cce_rsa_private_op_impl(key, em, ct);  // fails only on a fault or a DRBG error
  if (st != CCE_OK) {
    memset(out, 0, max_m);
    return st;
  }
  size_t db_len = k - hl - 1;
  uint8_t *s = em + 1, *db = em + 1 + hl;
  mask_xor(CCE_RSA_MGF1, mgf1_hash, db, db_len, s, hl);
  mask_xor(CCE_RSA_MGF1, mgf1_hash, s, hl, db, db_len);
  hash3(hash, lh, label, label_len, NULL, 0, NULL, 0);
  // good: Y == 0, lHash' == lHash, and a 0x01 after a run of zeros.
  uint32_t good = cce_ct_is_zero_mask32(em[0]) & cce_ct_memeq_mask(lh, db, hl);
  uint32_t looking = 0xffffffffu, idx = 0;
  for (size_t i = hl; i < db_len; i++) {
    uint32_t is1 = cce_ct_eq_mask32(db[i], 1), is0 = cce_ct_is_zero_mask32(db[i]);
    idx = cce_ct_select32(looking & is1, (uint32_t)i, idx);
    good &= ~(looking & ~is0 & ~is1);  // a non-zero, non-one byte before the separator
    looking &= ~is1;
  }
  good &= ~looking;
  // message = db[idx+1 .. db_len); copy the last max_m bytes of db and shift
  // left by (idx+1) - (db_len - max_m) with a logarithmic masked shifter.
  uint32_t m_len = (uint32_t)(db_len - 1) - idx;  // garbage when !good, masked below
  uint8_t *src = db + db_len - max_m;
  uint32_t shift = (uint32_t)max_m - m_len;
  for (uint32_t bit = 1; bit < (uint32_t)max_m + 1 && bit != 0; bit <<= 1) {
    uint32_t on = cce_ct_nonzero_mask32(shift & bit);
    for (size_t i = 0; i < max_m; i++) {
      uint8_t nxt = i + bit < max_m ? src[i + bit] : 0;
      src[i] = (uint8_t)cce_ct_select32(on, nxt, src[i]);
    }
  }
  for (size_t i = 0; i < max_m; i++) out[i] = (uint8_t)(src[i] & good);
  *out_len = cce_ct_select32(good, m_len, 0);
  cce_wipe(em, sizeof em);
  return cce_ct_status(good, CCE_ERR_DECODE);
}

// ---------------------------------------------------------------------------
// Public entry points (see rsa.h).

static int priv_ok(const cce_rsa_private_key *k) { return k->magic_ == CCE_RSA_KEY_MAGIC; }
static int hash_approved(cce_hash_alg h) { return h != CCE_HASH_SHA1; }

static cce_status sign_common(const cce_rsa_private_key *key, cce_hash_alg hash, int pss, cce_rsa_mask mask,
                              cce_hash_alg mgf1_hash, size_t salt_len, const uint8_t *digest, size_t digest_len,
                              uint8_t *sig, size_t sig_cap, size_t *sig_len) {
  size_t k = cce_rsa_key_bytes(&key->pub);
  if (!priv_ok(key)) return CCE_ERR_CTX_STATE;
  if (hash == CCE_HASH_SHA1 || cce_rsa_hash_len(hash) == 0) return CCE_ERR_UNSUPPORTED;
  if (mgf1_hash == CCE_HASH_SHA1) return CCE_ERR_UNSUPPORTED;
  if (digest_len != cce_rsa_hash_len(hash)) return CCE_ERR_INVALID_LENGTH;
  if (key->pub.n.bits < 2048) return CCE_ERR_INVALID_LENGTH;
  if (sig_cap < k) return CCE_ERR_BUFFER_TOO_SMALL;
  cce_status st;
  if (pss) {
    uint8_t salt[CCE_RSA_MAX_BYTES];
    if (salt_len > k) return CCE_ERR_INVALID_LENGTH;
    st = cce_random_impl(salt, salt_len);
    if (st == CCE_OK)
      st = cce_rsa_pss_sign_impl(key, hash, mask, mgf1_hash, digest, salt, salt_len, sig);
    cce_wipe(salt, sizeof salt);
  } else {
    st = cce_rsa_pkcs1_sign_impl(key, hash, digest, sig);
  }
  if (st != CCE_OK) {
    memset(sig, 0, k);
    return st;
  }
  *sig_len = k;
  return CCE_OK;
}

static cce_status sign_gate(cce_hash_alg hash) {
  cce_status st = cce_svc_check(CCE_ST_RSA_SIGN);
  if (st != CCE_OK) return st;
  const cce_hash_desc *d = cce_hash_desc_get(hash);
  if (d == NULL) return CCE_ERR_UNSUPPORTED;
  return cce_svc_check(d->selftest);
}

static cce_status verify_gate(cce_hash_alg hash) {
  cce_status st = cce_svc_check(CCE_ST_RSA_VERIFY);
  if (st != CCE_OK) return st;
  const cce_hash_desc *d = cce_hash_desc_get(hash);
  if (d == NULL) return CCE_ERR_UNSUPPORTED;
  return cce_svc_check(d->selftest);
}

cce_status cce_rsa_pss_sign_digest(const cce_rsa_private_key *key, cce_hash_alg hash, cce_rsa_mask mask,
                                   cce_hash_alg mgf1_hash, size_t salt_len, const uint8_t *digest, size_t digest_len,
                                   uint8_t *sig, size_t sig_cap, size_t *sig_len) {
  cce_status st = sign_gate(hash);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (key == NULL || digest == NULL || sig == NULL || sig_len == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  st = sign_common(key, hash, 1, mask, mgf1_hash, salt_len, digest, digest_len, sig, sig_cap, sig_len);
  return cce_indicate(st, 1);
}

cce_status cce_rsa_pss_sign(const cce_rsa_private_key *key, cce_hash_alg hash, cce_rsa_mask mask,
                            cce_hash_alg mgf1_hash, size_t salt_len, const uint8_t *msg, size_t msg_len, uint8_t *sig,
                            size_t sig_cap, size_t *sig_len) {
  cce_status st = sign_gate(hash);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (key == NULL || (msg == NULL && msg_len) || sig == NULL || sig_len == NULL)
    return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  uint8_t dg[CCE_HASH_MAX_DIGEST_BYTES];
  st = cce_rsa_digest_impl(hash, msg, msg_len, dg);
  if (st == CCE_OK)
    st = sign_common(key, hash, 1, mask, mgf1_hash, salt_len, dg, cce_rsa_hash_len(hash), sig, sig_cap, sig_len);
  cce_wipe(dg, sizeof dg);
  return cce_indicate(st, 1);
}

cce_status cce_rsa_pkcs1_sign_digest(const cce_rsa_private_key *key, cce_hash_alg hash, const uint8_t *digest,
                                     size_t digest_len, uint8_t *sig, size_t sig_cap, size_t *sig_len) {
  cce_status st = sign_gate(hash);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (key == NULL || digest == NULL || sig == NULL || sig_len == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  st = sign_common(key, hash, 0, CCE_RSA_MGF1, CCE_HASH_NONE, 0, digest, digest_len, sig, sig_cap, sig_len);
  return cce_indicate(st, 1);
}

cce_status cce_rsa_pkcs1_sign(const cce_rsa_private_key *key, cce_hash_alg hash, const uint8_t *msg, size_t msg_len,
                              uint8_t *sig, size_t sig_cap, size_t *sig_len) {
  cce_status st = sign_gate(hash);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (key == NULL || (msg == NULL && msg_len) || sig == NULL || sig_len == NULL)
    return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  uint8_t dg[CCE_HASH_MAX_DIGEST_BYTES];
  st = cce_rsa_digest_impl(hash, msg, msg_len, dg);
  if (st == CCE_OK)
    st = sign_common(key, hash, 0, CCE_RSA_MGF1, CCE_HASH_NONE, 0, dg, cce_rsa_hash_len(hash), sig, sig_cap,
                     sig_len);
  cce_wipe(dg, sizeof dg);
  return cce_indicate(st, 1);
}

static cce_status verify_common(const cce_rsa_public_key *key, cce_hash_alg hash, int pss, cce_rsa_mask mask,
                                cce_hash_alg mgf1_hash, size_t salt_len, const uint8_t *digest, size_t digest_len,
                                const uint8_t *sig, size_t sig_len) {
  if (key->magic_ != CCE_RSA_KEY_MAGIC) return CCE_ERR_CTX_STATE;
  if (cce_rsa_hash_len(hash) == 0) return CCE_ERR_UNSUPPORTED;
  if (digest_len != cce_rsa_hash_len(hash)) return CCE_ERR_INVALID_LENGTH;
  if (pss) return cce_rsa_pss_verify_impl(key, hash, mask, mgf1_hash, salt_len, digest, sig, sig_len);
  return cce_rsa_pkcs1_verify_impl(key, hash, digest, sig, sig_len);
}

static int verify_approved(const cce_rsa_public_key *key, cce_hash_alg hash, cce_hash_alg mgf1_hash) {
  return key != NULL && key->n.bits >= 2048 && hash_approved(hash) && hash_approved(mgf1_hash);
}

cce_status cce_rsa_pss_verify_digest(const cce_rsa_public_key *key, cce_hash_alg hash, cce_rsa_mask mask,
                                     cce_hash_alg mgf1_hash, size_t salt_len, const uint8_t *digest,
                                     size_t digest_len, const uint8_t *sig, size_t sig_len) {
  cce_status st = verify_gate(hash);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (key == NULL || digest == NULL || sig == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  st = verify_common(key, hash, 1, mask, mgf1_hash, salt_len, digest, digest_len, sig, sig_len);
  return cce_indicate(st, verify_approved(key, hash, mgf1_hash));
}

cce_status cce_rsa_pss_verify(const cce_rsa_public_key *key, cce_hash_alg hash, cce_rsa_mask mask,
                              cce_hash_alg mgf1_hash, size_t salt_len, const uint8_t *msg, size_t msg_len,
                              const uint8_t *sig, size_t sig_len) {
  cce_status st = verify_gate(hash);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (key == NULL || (msg == NULL && msg_len) || sig == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  uint8_t dg[CCE_HASH_MAX_DIGEST_BYTES];
  st = cce_rsa_digest_impl(hash, msg, msg_len, dg);
  if (st == CCE_OK)
    st = verify_common(key, hash, 1, mask, mgf1_hash, salt_len, dg, cce_rsa_hash_len(hash), sig, sig_len);
  return cce_indicate(st, verify_approved(key, hash, mgf1_hash));
}

cce_status cce_rsa_pkcs1_verify_digest(const cce_rsa_public_key *key, cce_hash_alg hash, const uint8_t *digest,
                                       size_t digest_len, const uint8_t *sig, size_t sig_len) {
  cce_status st = verify_gate(hash);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (key == NULL || digest == NULL || sig == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  st = verify_common(key, hash, 0, CCE_RSA_MGF1, CCE_HASH_NONE, 0, digest, digest_len, sig, sig_len);
  return cce_indicate(st, verify_approved(key, hash, hash));
}

cce_status cce_rsa_pkcs1_verify(const cce_rsa_public_key *key, cce_hash_alg hash, const uint8_t *msg,
                                size_t msg_len, const uint8_t *sig, size_t sig_len) {
  cce_status st = verify_gate(hash);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (key == NULL || (msg == NULL && msg_len) || sig == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  uint8_t dg[CCE_HASH_MAX_DIGEST_BYTES];
  st = cce_rsa_digest_impl(hash, msg, msg_len, dg);
  if (st == CCE_OK) st = verify_common(key, hash, 0, CCE_RSA_MGF1, CCE_HASH_NONE, 0, dg, cce_rsa_hash_len(hash),
                                       sig, sig_len);
  return cce_indicate(st, verify_approved(key, hash, hash));
}

static cce_status oaep_gate(cce_hash_alg hash, cce_hash_alg mgf1_hash, int dec) {
  cce_status st = cce_svc_check2(dec ? CCE_ST_RSA_SIGN : CCE_ST_RSA_VERIFY, CCE_ST_RSA_VERIFY);
  if (st != CCE_OK) return st;
  const cce_hash_desc *d = cce_hash_desc_get(hash);
  const cce_hash_desc *m = cce_hash_desc_get(mgf1_hash == CCE_HASH_NONE ? hash : mgf1_hash);
  if (d == NULL || m == NULL) return CCE_ERR_UNSUPPORTED;
  st = cce_svc_check2(d->selftest, m->selftest);
  return st;
}

cce_status cce_rsa_oaep_encrypt(const cce_rsa_public_key *key, cce_hash_alg hash, cce_hash_alg mgf1_hash,
                                const uint8_t *label, size_t label_len, const uint8_t *msg, size_t msg_len,
                                uint8_t *out, size_t out_cap, size_t *out_len) {
  cce_status st = oaep_gate(hash, mgf1_hash, 0);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (key == NULL || (label == NULL && label_len) || (msg == NULL && msg_len) || out == NULL || out_len == NULL)
    return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (key->magic_ != CCE_RSA_KEY_MAGIC) return cce_indicate(CCE_ERR_CTX_STATE, 0);
  size_t k = cce_rsa_key_bytes(key);
  if (key->n.bits < 2048) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  if (out_cap < k) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  uint8_t seed[CCE_HASH_MAX_DIGEST_BYTES];
  size_t hl = cce_rsa_hash_len(hash);
  st = hl ? cce_random_impl(seed, hl) : CCE_ERR_UNSUPPORTED;
  if (st == CCE_OK) st = cce_rsa_oaep_encrypt_impl(key, hash, mgf1_hash, label, label_len, msg, msg_len, seed, out);
  cce_wipe(seed, sizeof seed);
  if (st != CCE_OK) memset(out, 0, k);
  else *out_len = k;
  return cce_indicate(st, verify_approved(key, hash, mgf1_hash == CCE_HASH_NONE ? hash : mgf1_hash));
}

cce_status cce_rsa_oaep_decrypt(const cce_rsa_private_key *key, cce_hash_alg hash, cce_hash_alg mgf1_hash,
                                const uint8_t *label, size_t label_len, const uint8_t *ct, size_t ct_len,
                                uint8_t *out, size_t out_cap, size_t *out_len) {
  cce_status st = oaep_gate(hash, mgf1_hash, 1);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (key == NULL || (label == NULL && label_len) || ct == NULL || out == NULL || out_len == NULL)
    return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (!priv_ok(key)) return cce_indicate(CCE_ERR_CTX_STATE, 0);
  if (key->pub.n.bits < 2048) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  if (ct_len != cce_rsa_key_bytes(&key->pub)) return cce_indicate(CCE_ERR_DECODE, 0);
  st = cce_rsa_oaep_decrypt_impl(key, hash, mgf1_hash, label, label_len, ct, out, out_cap, out_len);
  return cce_indicate(st, verify_approved(&key->pub, hash, mgf1_hash == CCE_HASH_NONE ? hash : mgf1_hash));
}

// cce_rsa_pkcs1_sign_raw (see rsa.h): EMSA-PKCS1-v1_5 around a caller-given
// T, then the private operation. Not approved.
cce_status cce_rsa_pkcs1_sign_raw(const cce_rsa_private_key *key, const uint8_t *t, size_t t_len, uint8_t *sig,
                                  size_t sig_cap, size_t *sig_len) {
  cce_status st = cce_svc_check(CCE_ST_RSA_SIGN);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (key == NULL || t == NULL || sig == NULL || sig_len == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (!priv_ok(key)) return cce_indicate(CCE_ERR_CTX_STATE, 0);
  size_t k = cce_rsa_key_bytes(&key->pub);
  if (key->pub.n.bits < 2048 || t_len == 0 || t_len + 11 > k) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  if (sig_cap < k) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  uint8_t em[CCE_RSA_MAX_BYTES];
  em[0] = 0x00;
  em[1] = 0x01;
  memset(em + 2, 0xff, k - t_len - 3);
  em[k - t_len - 1] = 0x00;
  memcpy(em + k - t_len, t, t_len);
  st = cce_rsa_private_op_impl(key, sig, em);
  cce_wipe(em, sizeof em);
  if (st != CCE_OK) memset(sig, 0, k);
  else *sig_len = k;
  return cce_indicate(st, 0);
}
