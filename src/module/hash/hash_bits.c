// Bit-oriented message ends for the generic hash interface (see hash.h,
// cce_hash_final_bits): FIPS 180-4 and FIPS 202 hash messages of any bit
// length; the byte interface covers whole bytes, this call the last 1..7 bits.
//
// The padding is built here and absorbed through each algorithm's own
// `_impl` update, so the compression functions are untouched:
//  - SHA-1/SHA-2 (FIPS 180-4 5.1): the r message bits and the "1" bit share
//    one byte, then zeros and the length in bits (8 * bytes + r).
//  - SHA-3/SHAKE (FIPS 202 B.2): the r bits (value last_byte >> (8 - r), in
//    FIPS 202's least-significant-first order, the convention of the NIST
//    CAVP/ACVP bit-oriented SHA-3 vectors), then the domain suffix and
//    pad10*1, which may spill into the next byte or block.

#include "internal.h"

// Merkle-Damgard tail: bytes to absorb after `n` buffered bytes so that the
// block (64 or 128 bytes, length field 8 or 16 bytes) is complete.
static size_t md_tail(uint8_t *tail, size_t n, size_t block, size_t len_bytes, uint8_t last_byte, unsigned r,
                      uint64_t bits_hi, uint64_t bits_lo) {
  const size_t m = n % block, room = block - len_bytes;  // room: offset of the length field
  const size_t pad = m + 1 <= room ? room - m : block + room - m;  // pad byte .. length field
  memset(tail, 0, pad + len_bytes);
  tail[0] = (uint8_t)((last_byte & (0xff00u >> r)) | (0x80u >> r));
  if (len_bytes == 16) cce_store64_be(tail + pad, bits_hi);
  cce_store64_be(tail + pad + len_bytes - 8, bits_lo);
  return pad + len_bytes;
}

cce_status cce_hash_final_bits(cce_hash_ctx *ctx, uint8_t last_byte, unsigned num_bits, uint8_t *out,
                               size_t out_len) {
  if (num_bits == 0) return cce_hash_final(ctx, out, out_len);
  if (ctx == NULL || (out == NULL && out_len > 0)) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (ctx->magic_ != CCE_CTX_LIVE || ctx->desc_ == NULL) return cce_indicate(CCE_ERR_CTX_STATE, 0);
  if (num_bits > 7) return cce_indicate(CCE_ERR_INVALID_ARG, 0);
  const cce_hash_desc *d = (const cce_hash_desc *)ctx->desc_;
  cce_status st = cce_svc_check(d->selftest);
  if (st != CCE_OK) return cce_indicate(st, 0);
  const unsigned r = num_bits;
  uint8_t tail[2 * CCE_HASH_MAX_BLOCK_BYTES + 2];
  size_t n;
  switch (d->alg) {
    case CCE_HASH_SHA1:
    case CCE_HASH_SHA224:
    case CCE_HASH_SHA256: {
      if (out == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
      if (out_len < d->digest_len) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
      uint64_t total = d->alg == CCE_HASH_SHA1 ? ctx->u.sha1.total : ctx->u.sha256.total;
      if (total >= ((uint64_t)1 << 61)) return cce_indicate(CCE_ERR_LENGTH_OVERFLOW, 0);
      n = md_tail(tail, (size_t)(total % 64), 64, 8, last_byte, r, 0, total * 8 + r);
      st = d->alg == CCE_HASH_SHA1 ? cce_sha1_update_impl(&ctx->u.sha1, tail, n)
                                   : cce_sha256_update_impl(&ctx->u.sha256, tail, n);
      if (st != CCE_OK) break;
      const uint32_t *h = d->alg == CCE_HASH_SHA1 ? ctx->u.sha1.h : ctx->u.sha256.h;
      for (size_t i = 0; i < d->digest_len / 4; i++) cce_store32_be(out + 4 * i, h[i]);
      break;
    }
    case CCE_HASH_SHA384:
    case CCE_HASH_SHA512:
    case CCE_HASH_SHA512_224:
    case CCE_HASH_SHA512_256: {
      if (out == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
      if (out_len < d->digest_len) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
      cce_sha512_state *s = &ctx->u.sha512;
      uint64_t lo = (s->total_lo << 3) + r, hi = (s->total_hi << 3) | (s->total_lo >> 61);
      n = md_tail(tail, (size_t)(s->total_lo % 128), 128, 16, last_byte, r, hi, lo);
      st = cce_sha512_update_impl(s, tail, n);
      if (st != CCE_OK) break;
      uint8_t full[64];
      for (size_t i = 0; i < 8; i++) cce_store64_be(full + 8 * i, s->h[i]);
      memcpy(out, full, d->digest_len);
      cce_wipe(full, sizeof full);
      break;
    }
    default: {  // SHA-3, SHAKE
      cce_sha3_state *s = &ctx->u.sha3;
      if (s->squeezing) return cce_indicate(CCE_ERR_CTX_STATE, 0);
      if (d->digest_len != 0) {
        if (out == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
        if (out_len < d->digest_len) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
        out_len = d->digest_len;
      }
      const size_t rate = s->rate, pos = s->pos;
      // dsbyte holds the suffix bits and the first pad bit; its top set bit
      // is that pad bit.
      unsigned ds = s->dsbyte, top = 7;
      while (!(ds >> top & 1)) top--;
      uint32_t w = (uint32_t)(last_byte >> (8 - r)) | ((uint32_t)ds << r);
      size_t pad_one = pos + (r + top) / 8;  // byte holding the first pad bit
      // The final pad bit ends the block holding the first one, or the next
      // block when the first pad bit is already the block's last bit.
      size_t end = (pad_one / rate + 1) * rate;
      if (pad_one % rate == rate - 1 && (r + top) % 8 == 7) end += rate;
      n = end - pos;
      memset(tail, 0, n);
      tail[0] = (uint8_t)w;
      if (w >> 8) tail[1] = (uint8_t)(w >> 8);
      tail[n - 1] ^= 0x80;
      cce_sha3_absorb_impl(s, tail, n);  // ends on a block boundary: permuted
      s->squeezing = 1;                   // padded: squeeze from here
      cce_shake_squeeze_impl(s, out, out_len);
      cce_wipe(tail, sizeof tail);
      if (d->digest_len == 0) return cce_indicate(CCE_OK, 1);  // SHAKE stays live
      break;
    }
  }
  cce_wipe(tail, sizeof tail);
  cce_wipe(&ctx->u, sizeof ctx->u);
  ctx->magic_ = CCE_CTX_FINISHED;
  if (st != CCE_OK && out != NULL) memset(out, 0, out_len);
  return cce_indicate(st, 1);
}
