// Portable constant-time GHASH (SP 800-38D 6.4) and the portable AES-GCM
// implementation (bitsliced AES from the AES core + this GHASH).
//
// Carry-less 64x64 -> 128 multiplication from integer multiplications on
// operands "with holes": each operand is split into five parts, part r
// keeping only the bits whose index is r mod 5. In the integer product of
// two parts, the bit at index k sums the pairs (a, b) with a + b = k drawn
// from 13 candidate indices, so every such sum is at most 13 < 32 and never
// carries into the next bit of the same residue class (5 bits apart): the
// bit of class (i + j) mod 5 at index k is exactly the parity of the
// carry-less product there. XOR-ing the products of each class and masking
// gives the carry-less product. No table, no branch, no secret-dependent
// address: integer multiplication is constant-time on the targets we build
// for (x86-64, AArch64).
//
// 128x128 products use one Karatsuba step (3 such multiplications); the
// reduction is the two-step multiplication by y^-128 mod Q described in
// gcm_internal.h, done with shifts (the constant has three bits).

#include "aes_impl.h"
#include "gcm_internal.h"

#include "ghash_ct.h"

// see gcm_internal.h
void cce_ghash_mul_ct(uint64_t r[2], const uint64_t a[2], const uint64_t b[2]) {
  hsplit s;
  hsplit_init(&s, b);
  gmul_split(r, a[0], a[1], &s);
  cce_wipe(&s, sizeof(s));
}

static void ghash_ct(const cce_gcm_key_int *k, uint8_t xi[16], const uint8_t *in, size_t nblocks) {
  if (nblocks == 0) return;
  hsplit s;
  hsplit_init(&s, k->h);
  uint64_t x[2] = {cce_load64_be(xi), cce_load64_be(xi + 8)};
  for (size_t i = 0; i < nblocks; i++, in += 16) {
    gmul_split(x, x[0] ^ cce_load64_be(in), x[1] ^ cce_load64_be(in + 8), &s);
  }
  cce_store64_be(xi, x[0]);
  cce_store64_be(xi + 8, x[1]);
  cce_wipe(&s, sizeof(s));
  cce_wipe(x, sizeof(x));
}

// Bulk encryption and decryption: the bitsliced AES with the GHASH
// multiplications interleaved (aes_ct.c).
static void enc_ct(const cce_gcm_key_int *k, uint8_t ctr[16], uint8_t xi[16], const uint8_t *in, uint8_t *out,
                   size_t nblocks) {
  cce_aes_ct_gcm_ctr32(&k->aes, k->h, ctr, xi, in, out, nblocks, 0);
}

static void dec_ct(const cce_gcm_key_int *k, uint8_t ctr[16], uint8_t xi[16], const uint8_t *in, uint8_t *out,
                   size_t nblocks) {
  cce_aes_ct_gcm_ctr32(&k->aes, k->h, ctr, xi, in, out, nblocks, 1);
}

static void seal_ct(const cce_gcm_key_int *k, const uint8_t j0[16], const uint8_t *aad, size_t aad_len,
                    const uint8_t *in, uint8_t *out, size_t len, uint8_t tag[16]) {
  cce_gcm_seal_generic(&cce_gcm_ops_portable, k, j0, aad, aad_len, in, out, len, tag, 0);
}

static void open_ct(const cce_gcm_key_int *k, const uint8_t j0[16], const uint8_t *aad, size_t aad_len,
                    const uint8_t *in, uint8_t *out, size_t len, uint8_t tag[16]) {
  cce_gcm_seal_generic(&cce_gcm_ops_portable, k, j0, aad, aad_len, in, out, len, tag, 1);
}

const cce_gcm_ops cce_gcm_ops_portable = {
    .init = NULL,
    .ghash = ghash_ct,
    .enc = enc_ct,
    .dec = dec_ct,
    .seal = seal_ct,
    .open = open_ct,
    .name = "portable",
};
