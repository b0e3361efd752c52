// ECDH shared-secret computation (SP 800-56A Rev. 3 5.7.1.2, the KAS-ECC-SSC
// primitive): Z = x(d * Q) with full validation of the peer's public key
// (5.6.2.3.3), and its known-answer self-test.

#include "internal.h"

// see ec.h
cce_status cce_ecdh(cce_ec_curve_id curve, const uint8_t *priv, size_t priv_len, const uint8_t *peer_pub,
                    size_t peer_len, uint8_t *shared, size_t shared_len) {
  cce_status st = cce_svc_check(CCE_ST_ECDH);
  if (st != CCE_OK) return cce_indicate(st, 0);
  const cce_ec_curve *c = cce_ec_curve_get(curve);
  if (c == NULL) return cce_indicate(CCE_ERR_UNSUPPORTED, 0);
  if (priv == NULL || peer_pub == NULL || shared == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  size_t n = c->nbytes;
  if (priv_len != n) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  if (shared_len < n) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  uint8_t x[CCE_EC_MAX_SCALAR_BYTES], y[CCE_EC_MAX_SCALAR_BYTES];
  st = cce_ec_pub_parse(c, peer_pub, peer_len, x, y);
  if (st == CCE_OK && !cce_ct_barrier32(cce_ec_scalar_valid_mask(c, priv))) st = CCE_ERR_KEY_INVALID;
  if (st == CCE_OK) st = c->ecdh(shared, priv, x, y);
  if (st != CCE_OK) {
    cce_wipe(shared, n);
    return cce_indicate(st, 0);
  }
  return cce_indicate(CCE_OK, 1);
}

// KAT: P-256, d = C9AFA9D8... (RFC 6979 A.2.5 key), Q = the public key of
// d' = 7D7DC5F7... (NIST CAVS KAS ECC CDH P-256 count 0 peer);
// Z computed independently.
cce_status cce_kat_ecdh(void) {
  static const uint8_t d[32] = {
      0xc9, 0xaf, 0xa9, 0xd8, 0x45, 0xba, 0x75, 0x16, 0x6b, 0x5c, 0x21, 0x57, 0x67, 0xb1, 0xd6, 0x93,
      0x4e, 0x50, 0xc3, 0xdb, 0x36, 0xe8, 0x9b, 0x12, 0x7b, 0x8a, 0x62, 0x2b, 0x12, 0x0f, 0x67, 0x21};
  static const uint8_t qx[32] = {
      0xea, 0xd2, 0x18, 0x59, 0x01, 0x19, 0xe8, 0x87, 0x6b, 0x29, 0x14, 0x6f, 0xf8, 0x9c, 0xa6, 0x17,
      0x70, 0xc4, 0xed, 0xbb, 0xf9, 0x7d, 0x38, 0xce, 0x38, 0x5e, 0xd2, 0x81, 0xd8, 0xa6, 0xb2, 0x30};
  static const uint8_t qy[32] = {
      0x28, 0xaf, 0x61, 0x28, 0x1f, 0xd3, 0x5e, 0x2f, 0xa7, 0x00, 0x25, 0x23, 0xac, 0xc8, 0x5a, 0x42,
      0x9c, 0xb0, 0x6e, 0xe6, 0x64, 0x83, 0x25, 0x38, 0x9f, 0x59, 0xed, 0xfc, 0xe1, 0x40, 0x51, 0x41};
  static const uint8_t want[32] = {
      0x61, 0xe1, 0x09, 0x42, 0x5a, 0x7a, 0xdb, 0xb9, 0xd0, 0x13, 0x70, 0x91, 0xcf, 0xf1, 0x0a, 0x55,
      0x55, 0x0b, 0x70, 0x8d, 0x14, 0xad, 0x01, 0x37, 0xb8, 0x0f, 0xa0, 0xec, 0x13, 0x28, 0x39, 0x4f};
  uint8_t z[32];
  if (cce_ec_p256.check(qx, qy) != CCE_OK || cce_ec_p256.ecdh(z, d, qx, qy) != CCE_OK) memset(z, 0, sizeof z);
  cce_status st = cce_kat_check(CCE_ST_ECDH, z, want, sizeof want);
  cce_wipe(z, sizeof z);
  return st;
}
