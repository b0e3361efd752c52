// Portable constant-time AES (FIPS 197), bitsliced "ct64" form on two
// 64-bit lanes: eight blocks are processed at once in eight 128-bit words
// (GCC/Clang vector extension over two uint64_t, plain C; SSE2 on x86-64,
// NEON on AArch64, scalar pairs elsewhere). Lane 0 holds blocks 0..3, lane
// 1 blocks 4..7; in each lane word k holds bit k of the lane's 64 state
// bytes. No table is indexed and no branch taken on secret data.
//
// Bit layout inside a lane: bit (16*r + 4*c + b) is byte (row r, column c)
// of block b. Each row is a 16-bit field, so MixColumns reaches row r+1 with
// a 16-bit rotation of the lane and ShiftRows rotates each field.
//
// SubBytes (encryption) is the 128-gate circuit of Boyar and Peralta ("A
// depth-16 circuit for the AES S-box", 2011: 34 AND, 94 XOR/XNOR), written
// here from its published gate list, with its four output complements (the
// affine constant 0x63) dropped: the constant is folded into the portable
// round keys instead. With every byte offset by 0x63, ShiftRows and
// MixColumns (MixColumns maps the all-0x63 state to itself: 2+3+1+1 = 1)
// carry the offset to the next AddRoundKey, so round keys 1..Nr hold
// K_r ^ 0x63 and round key 0 is unchanged. The inverse cipher sees the same
// offset on the input of every InvSubBytes, which therefore drops its input
// complements (same argument, InvMixColumns also fixes the all-0x63 state).
//
// InvSubBytes computes the GF(2^8) inverse in the tower field
// GF(((2^2)^2)^2) (GF(4) = GF(2)[w]/(w^2+w+1), GF(16) = GF(4)[z]/(z^2+z+w),
// GF(256) = GF(16)[y]/(y^2+y+wz)), with the change of basis to and from the
// AES polynomial basis folded with the inverse affine map into two 8x8
// binary matrices. Every one of the 256 S-box inputs is checked against the
// definition by tests/unit/aes_test.c; the inverse by the decryption KATs
// and the portable-against-AES-NI comparisons.

#include "aes_impl.h"
#include "ghash_ct.h"

// Full unrolling of the 8-word loops (the build may use -O2).
#if defined(__clang__)
#define CCE_UNROLL8 _Pragma("unroll 8")
#elif defined(__GNUC__)
#define CCE_UNROLL8 _Pragma("GCC unroll 8")
#else
#define CCE_UNROLL8
#endif

#define AI static inline __attribute__((always_inline))

typedef uint64_t v2 __attribute__((vector_size(16)));

AI v2 splat(uint64_t x) { return (v2){x, x}; }

// ---------------------------------------------------------------------------
// S-box (without its constant) on eight bit planes: q[i] = bit i of every
// byte. Boyar-Peralta numbering: U0 is the most significant bit.

AI void sub_bytes_nc(v2 q[8]) {
  const v2 U0 = q[7], U1 = q[6], U2 = q[5], U3 = q[4], U4 = q[3], U5 = q[2], U6 = q[1], U7 = q[0];
  // top linear layer
  v2 T1 = U0 ^ U3, T2 = U0 ^ U5, T3 = U0 ^ U6, T4 = U3 ^ U5, T5 = U4 ^ U6;
  v2 T6 = T1 ^ T5, T7 = U1 ^ U2, T8 = U7 ^ T6, T9 = U7 ^ T7, T10 = T6 ^ T7;
  v2 T11 = U1 ^ U5, T12 = U2 ^ U5, T13 = T3 ^ T4, T14 = T6 ^ T11, T15 = T5 ^ T11;
  v2 T16 = T5 ^ T12, T17 = T9 ^ T16, T18 = U3 ^ U7, T19 = T7 ^ T18, T20 = T1 ^ T19;
  v2 T21 = U6 ^ U7, T22 = T7 ^ T21, T23 = T2 ^ T22, T24 = T2 ^ T10, T25 = T20 ^ T17;
  v2 T26 = T3 ^ T16, T27 = T1 ^ T12;
  // nonlinear middle (inversion in GF(16) then the products back to GF(256))
  v2 M1 = T13 & T6, M2 = T23 & T8, M3 = T14 ^ M1, M4 = T19 & U7, M5 = M4 ^ M1;
  v2 M6 = T3 & T16, M7 = T22 & T9, M8 = T26 ^ M6, M9 = T20 & T17, M10 = M9 ^ M6;
  v2 M11 = T1 & T15, M12 = T4 & T27, M13 = M12 ^ M11, M14 = T2 & T10, M15 = M14 ^ M11;
  v2 M16 = M3 ^ M2, M17 = M5 ^ T24, M18 = M8 ^ M7, M19 = M10 ^ M15, M20 = M16 ^ M13;
  v2 M21 = M17 ^ M15, M22 = M18 ^ M13, M23 = M19 ^ T25, M24 = M22 ^ M23, M25 = M22 & M20;
  v2 M26 = M21 ^ M25, M27 = M20 ^ M21, M28 = M23 ^ M25, M29 = M28 & M27, M30 = M26 & M24;
  v2 M31 = M20 & M23, M32 = M27 & M31, M33 = M27 ^ M25, M34 = M21 & M22, M35 = M24 & M34;
  v2 M36 = M24 ^ M25, M37 = M21 ^ M29, M38 = M32 ^ M33, M39 = M23 ^ M30, M40 = M35 ^ M36;
  v2 M41 = M38 ^ M40, M42 = M37 ^ M39, M43 = M37 ^ M38, M44 = M39 ^ M40, M45 = M42 ^ M41;
  v2 M46 = M44 & T6, M47 = M40 & T8, M48 = M39 & U7, M49 = M43 & T16, M50 = M38 & T9;
  v2 M51 = M37 & T17, M52 = M42 & T15, M53 = M45 & T27, M54 = M41 & T10, M55 = M44 & T13;
  v2 M56 = M40 & T23, M57 = M39 & T19, M58 = M43 & T3, M59 = M38 & T22, M60 = M37 & T20;
  v2 M61 = M42 & T1, M62 = M45 & T4, M63 = M41 & T2;
  // bottom linear layer
  v2 L0 = M61 ^ M62, L1 = M50 ^ M56, L2 = M46 ^ M48, L3 = M47 ^ M55, L4 = M54 ^ M58;
  v2 L5 = M49 ^ M61, L6 = M62 ^ L5, L7 = M46 ^ L3, L8 = M51 ^ M59, L9 = M52 ^ M53;
  v2 L10 = M53 ^ L4, L11 = M60 ^ L2, L12 = M48 ^ M51, L13 = M50 ^ L0, L14 = M52 ^ M61;
  v2 L15 = M55 ^ L1, L16 = M56 ^ L0, L17 = M57 ^ L1, L18 = M58 ^ L8, L19 = M63 ^ L4;
  v2 L20 = L0 ^ L1, L21 = L1 ^ L7, L22 = L3 ^ L12, L23 = L18 ^ L2, L24 = L15 ^ L9;
  v2 L25 = L6 ^ L10, L26 = L7 ^ L9, L27 = L8 ^ L10, L28 = L11 ^ L14, L29 = L11 ^ L17;
  q[7] = L6 ^ L24;
  q[6] = L16 ^ L26;  // complemented in the S-box
  q[5] = L19 ^ L28;  // complemented
  q[4] = L6 ^ L21;
  q[3] = L20 ^ L22;
  q[2] = L25 ^ L29;
  q[1] = L13 ^ L27;  // complemented
  q[0] = L6 ^ L23;   // complemented
}

// ---------------------------------------------------------------------------
// Tower-field arithmetic for InvSubBytes.

typedef struct { v2 h, l; } g4;  // h*w + l
typedef struct { g4 a1, a0; } g16;     // a1*z + a0

AI g4 g4_add(g4 a, g4 b) { return (g4){a.h ^ b.h, a.l ^ b.l}; }
// (ah w + al)(bh w + bl) mod w^2+w+1, Karatsuba: 3 AND.
AI g4 g4_mul(g4 a, g4 b) {
  v2 t = a.l & b.l, u = a.h & b.h, v = (a.h ^ a.l) & (b.h ^ b.l);
  return (g4){v ^ t, u ^ t};
}
AI g4 g4_sq(g4 a) { return (g4){a.h, a.h ^ a.l}; }    // also the inverse
AI g4 g4_mulw(g4 a) { return (g4){a.h ^ a.l, a.h}; }  // times w

AI g16 g16_add(g16 a, g16 b) { return (g16){g4_add(a.a1, b.a1), g4_add(a.a0, b.a0)}; }
AI g16 g16_mul(g16 a, g16 b) {
  g4 t = g4_mul(a.a0, b.a0), u = g4_mul(a.a1, b.a1);
  g4 v = g4_mul(g4_add(a.a1, a.a0), g4_add(b.a1, b.a0));
  return (g16){g4_add(v, t), g4_add(t, g4_mulw(u))};
}
AI g16 g16_sq(g16 a) {
  g4 s1 = g4_sq(a.a1);
  return (g16){s1, g4_add(g4_mulw(s1), g4_sq(a.a0))};
}
// times lambda = w*z
AI g16 g16_mul_lambda(g16 a) { return (g16){g4_mulw(g4_add(a.a1, a.a0)), g4_mulw(g4_mulw(a.a1))}; }
// Inverse in GF(16) (0 -> 0): (a1 z + a0)^-1 = (a1 z + a1 + a0) / N,
// N = a0^2 + a0 a1 + w a1^2.
AI g16 g16_inv(g16 a) {
  g4 n = g4_add(g4_add(g4_sq(a.a0), g4_mul(a.a0, a.a1)), g4_mulw(g4_sq(a.a1)));
  g4 ni = g4_sq(n);
  return (g16){g4_mul(a.a1, ni), g4_mul(g4_add(a.a1, a.a0), ni)};
}
// Inverse in GF(256) (0 -> 0), same formula one level up.
AI void g256_inv(const v2 t[8], v2 o[8]) {
  g16 a1 = {{t[7], t[6]}, {t[5], t[4]}};
  g16 a0 = {{t[3], t[2]}, {t[1], t[0]}};
  g16 n = g16_add(g16_add(g16_sq(a0), g16_mul(a0, a1)), g16_mul_lambda(g16_sq(a1)));
  g16 ni = g16_inv(n);
  g16 r1 = g16_mul(a1, ni), r0 = g16_mul(g16_add(a1, a0), ni);
  o[7] = r1.a1.h; o[6] = r1.a1.l; o[5] = r1.a0.h; o[4] = r1.a0.l;
  o[3] = r0.a1.h; o[2] = r0.a1.l; o[1] = r0.a0.h; o[0] = r0.a0.l;
}

// InvSubBytes of (state ^ 0x63): the inverse affine map without its
// constant, folded into the change of basis.
AI void inv_sub_bytes_nc(v2 q[8]) {
  v2 u0 = q[0], u1 = q[1], u2 = q[2], u3 = q[3], u4 = q[4], u5 = q[5], u6 = q[6], u7 = q[7];
  v2 t[8], o[8];
  t[0] = u0 ^ u2 ^ u3 ^ u5 ^ u6 ^ u7;
  t[1] = u2 ^ u3 ^ u6;
  t[2] = u0 ^ u1 ^ u2 ^ u3 ^ u5 ^ u7;
  t[3] = u3 ^ u4 ^ u7;
  t[4] = u0 ^ u1 ^ u2 ^ u4 ^ u5 ^ u6 ^ u7;
  t[5] = u0 ^ u1 ^ u2 ^ u4 ^ u5 ^ u7;
  t[6] = u0 ^ u1 ^ u2 ^ u3 ^ u6 ^ u7;
  t[7] = u1 ^ u2 ^ u6 ^ u7;
  g256_inv(t, o);
  q[0] = o[0] ^ o[4] ^ o[5] ^ o[6] ^ o[7];
  q[1] = o[4] ^ o[5] ^ o[6] ^ o[7];
  q[2] = o[1] ^ o[2] ^ o[5] ^ o[7];
  q[3] = o[1] ^ o[2] ^ o[7];
  q[4] = o[1] ^ o[2] ^ o[3] ^ o[4] ^ o[7];
  q[5] = o[1] ^ o[3] ^ o[4] ^ o[5];
  q[6] = o[2] ^ o[4] ^ o[5] ^ o[7];
  q[7] = o[1] ^ o[3] ^ o[4] ^ o[5] ^ o[7];
}

// ---------------------------------------------------------------------------
// Linear layers.

// Rotations of each 64-bit lane by 16 and 32 bits, as element shuffles where
// the compiler has them (one or two shuffle instructions instead of three
// shift/or operations); same result either way.
#if defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector)
#define CCE_HAVE_SHUFFLE 1
#endif
#endif
#ifdef CCE_HAVE_SHUFFLE
typedef uint16_t v8u16 __attribute__((vector_size(16)));
typedef uint32_t v4u32 __attribute__((vector_size(16)));
AI v2 rotr16(v2 x) { return (v2)__builtin_shufflevector((v8u16)x, (v8u16)x, 1, 2, 3, 0, 5, 6, 7, 4); }
AI v2 rotr32(v2 x) { return (v2)__builtin_shufflevector((v4u32)x, (v4u32)x, 1, 0, 3, 2); }
#else
AI v2 rotr16(v2 x) { return (x >> 16) | (x << 48); }
AI v2 rotr32(v2 x) { return (x >> 32) | (x << 32); }
#endif

// ShiftRows: field r rotated right by 4r bits (new column c = old column
// c+r), done as "fields 1,3 by 4" then "fields 2,3 by 8".
AI v2 shift_rows1(v2 x) {
  x = (x & splat(0x0000FFFF0000FFFFull)) | ((x >> 4) & splat(0x0FFF00000FFF0000ull)) |
      ((x << 12) & splat(0xF0000000F0000000ull));
  return (x & splat(0x00000000FFFFFFFFull)) | ((x >> 8) & splat(0x00FF00FF00000000ull)) |
         ((x << 8) & splat(0xFF00FF0000000000ull));
}
AI v2 inv_shift_rows1(v2 x) {
  x = (x & splat(0x0000FFFF0000FFFFull)) | ((x << 4) & splat(0xFFF00000FFF00000ull)) |
      ((x >> 12) & splat(0x000F0000000F0000ull));
  return (x & splat(0x00000000FFFFFFFFull)) | ((x >> 8) & splat(0x00FF00FF00000000ull)) |
         ((x << 8) & splat(0xFF00FF0000000000ull));
}

// out = 2*(a_r ^ a_r+1) ^ a_r+1 ^ (a_r+2 ^ a_r+3)
AI void mix_columns(v2 q[8]) {
  v2 r1[8], s[8];
  CCE_UNROLL8
  for (int k = 0; k < 8; k++) {
    r1[k] = rotr16(q[k]);
    s[k] = q[k] ^ r1[k];
  }
  q[0] = s[7] ^ r1[0] ^ rotr32(s[0]);
  q[1] = s[0] ^ s[7] ^ r1[1] ^ rotr32(s[1]);
  q[2] = s[1] ^ r1[2] ^ rotr32(s[2]);
  q[3] = s[2] ^ s[7] ^ r1[3] ^ rotr32(s[3]);
  q[4] = s[3] ^ s[7] ^ r1[4] ^ rotr32(s[4]);
  q[5] = s[4] ^ r1[5] ^ rotr32(s[5]);
  q[6] = s[5] ^ r1[6] ^ rotr32(s[6]);
  q[7] = s[6] ^ r1[7] ^ rotr32(s[7]);
}

// Fixsliced MixColumns (see ct_encrypt): the state is held with row r
// rotated by t*r columns, so row r+1 is fetched with the 16-bit lane
// rotation and then a rotation of each 16-bit row field by 4t bits (2t
// columns for row r+2). fr4/fr8/fr12: every 16-bit field rotated right.
typedef uint16_t v8w __attribute__((vector_size(16)));
AI v2 fr4(v2 x) { return (v2)(((v8w)x >> 4) | ((v8w)x << 12)); }
AI v2 fr8(v2 x) { return (v2)(((v8w)x >> 8) | ((v8w)x << 8)); }
AI v2 fr12(v2 x) { return (v2)(((v8w)x >> 12) | ((v8w)x << 4)); }

AI v2 row1(v2 x, int t) {
  x = rotr16(x);
  return t == 0 ? x : t == 1 ? fr4(x) : t == 2 ? fr8(x) : fr12(x);
}
AI v2 row2(v2 x, int t) {
  x = rotr32(x);
  return (t & 1) ? fr8(x) : x;
}

AI void mix_columns_t(v2 q[8], int t) {
  v2 r1[8], s[8];
  CCE_UNROLL8
  for (int k = 0; k < 8; k++) {
    r1[k] = row1(q[k], t);
    s[k] = q[k] ^ r1[k];
  }
  q[0] = s[7] ^ r1[0] ^ row2(s[0], t);
  q[1] = s[0] ^ s[7] ^ r1[1] ^ row2(s[1], t);
  q[2] = s[1] ^ r1[2] ^ row2(s[2], t);
  q[3] = s[2] ^ s[7] ^ r1[3] ^ row2(s[3], t);
  q[4] = s[3] ^ s[7] ^ r1[4] ^ row2(s[4], t);
  q[5] = s[4] ^ r1[5] ^ row2(s[5], t);
  q[6] = s[5] ^ r1[6] ^ row2(s[6], t);
  q[7] = s[6] ^ r1[7] ^ row2(s[7], t);
}

// InvMixColumns = MixColumns o (a_r ^= 4*(a_r ^ a_r+2)), since
// {0B}x^3+{0D}x^2+{09}x+{0E} = ({03}x^3+{01}x^2+{01}x+{02})({04}x^2+{05}).
AI void inv_mix_columns(v2 q[8]) {
  v2 u[8];
  CCE_UNROLL8
  for (int k = 0; k < 8; k++) u[k] = q[k] ^ rotr32(q[k]);
  // v = 4*u: x^2 * u mod x^8+x^4+x^3+x+1
  q[0] ^= u[6];
  q[1] ^= u[6] ^ u[7];
  q[2] ^= u[0] ^ u[7];
  q[3] ^= u[1] ^ u[6];
  q[4] ^= u[2] ^ u[6] ^ u[7];
  q[5] ^= u[3] ^ u[7];
  q[6] ^= u[4];
  q[7] ^= u[5];
  mix_columns(q);
}

// Round keys are kept as one 64-bit word per bit plane (the same four
// blocks' key in each lane) and broadcast here.
AI void add_round_key(v2 q[8], const uint64_t *sk) {
  CCE_UNROLL8
  for (int k = 0; k < 8; k++) q[k] ^= splat(sk[k]);
}

// ---------------------------------------------------------------------------
// Conversion between eight 16-byte blocks and the bitsliced form.

// Exchange bit j of the position (shift s, mask m = positions with that bit 0)
// between word a (word-index bit 0) and word b (word-index bit 1).
#define SWAPW(a, b, s, m)                     \
  do {                                        \
    v2 t_ = (((a) >> (s)) ^ (b)) & splat(m); \
    (b) ^= t_;                                \
    (a) ^= t_ << (s);                         \
  } while (0)
// Exchange position bits i < j inside x: d = 2^j - 2^i, m = positions with
// bit i set and bit j clear.
#define SWAPB(x, d, m)                          \
  do {                                          \
    v2 t_ = (((x) >> (d)) ^ (x)) & splat(m);   \
    (x) ^= t_ ^ (t_ << (d));                    \
  } while (0)

// Loaded (per lane): word (4h + b) = bytes 8h..8h+7 of block b,
// little-endian, so the address of a bit is word (b0, b1, h) and position
// (k0 k1 k2 r0 r1 c0) with column c = 2h + c0. Three word/position
// exchanges move k into the word index and (b0, b1, h) into positions 0..2;
// three position swaps then make the position (b0 b1 c0 h r0 r1) =
// 16r + 4c + b.
AI void ortho(v2 w[8]) {
  for (int i = 0; i < 8; i += 2) SWAPW(w[i], w[i + 1], 1, 0x5555555555555555ull);
  for (int i = 0; i < 8; i += 4) {
    SWAPW(w[i], w[i + 2], 2, 0x3333333333333333ull);
    SWAPW(w[i + 1], w[i + 3], 2, 0x3333333333333333ull);
  }
  for (int i = 0; i < 4; i++) SWAPW(w[i], w[i + 4], 4, 0x0F0F0F0F0F0F0F0Full);
  CCE_UNROLL8
  for (int i = 0; i < 8; i++) {
    SWAPB(w[i], 16, 0x00000000FFFF0000ull);
    SWAPB(w[i], 8, 0x0000FF000000FF00ull);
    SWAPB(w[i], 4, 0x00F000F000F000F0ull);
  }
}
AI void unortho(v2 w[8]) {
  CCE_UNROLL8
  for (int i = 0; i < 8; i++) {
    SWAPB(w[i], 4, 0x00F000F000F000F0ull);
    SWAPB(w[i], 8, 0x0000FF000000FF00ull);
    SWAPB(w[i], 16, 0x00000000FFFF0000ull);
  }
  for (int i = 0; i < 4; i++) SWAPW(w[i], w[i + 4], 4, 0x0F0F0F0F0F0F0F0Full);
  for (int i = 0; i < 8; i += 4) {
    SWAPW(w[i], w[i + 2], 2, 0x3333333333333333ull);
    SWAPW(w[i + 1], w[i + 3], 2, 0x3333333333333333ull);
  }
  for (int i = 0; i < 8; i += 2) SWAPW(w[i], w[i + 1], 1, 0x5555555555555555ull);
}

// in: 128 bytes (8 blocks)
AI void load8(v2 q[8], const uint8_t *in) {
  for (int b = 0; b < 4; b++) {
    q[b] = (v2){cce_load64_le(in + 16 * b), cce_load64_le(in + 64 + 16 * b)};
    q[4 + b] = (v2){cce_load64_le(in + 16 * b + 8), cce_load64_le(in + 64 + 16 * b + 8)};
  }
  ortho(q);
}
// Inverse of load8 without the final stores: q[b], q[4+b] hold the words of
// blocks b (lane 0) and 4+b (lane 1).
AI void store8(uint8_t *out, v2 q[8]) {
  unortho(q);
  for (int b = 0; b < 4; b++) {
    cce_store64_le(out + 16 * b, q[b][0]);
    cce_store64_le(out + 16 * b + 8, q[4 + b][0]);
    cce_store64_le(out + 64 + 16 * b, q[b][1]);
    cce_store64_le(out + 64 + 16 * b + 8, q[4 + b][1]);
  }
}
// out = in ^ (blocks in q), 128 bytes.
AI void xor_store8(uint8_t *out, const uint8_t *in, v2 q[8]) {
  unortho(q);
  for (int b = 0; b < 4; b++) {
    cce_store64_le(out + 16 * b, q[b][0] ^ cce_load64_le(in + 16 * b));
    cce_store64_le(out + 16 * b + 8, q[4 + b][0] ^ cce_load64_le(in + 16 * b + 8));
    cce_store64_le(out + 64 + 16 * b, q[b][1] ^ cce_load64_le(in + 64 + 16 * b));
    cce_store64_le(out + 64 + 16 * b + 8, q[4 + b][1] ^ cce_load64_le(in + 64 + 16 * b + 8));
  }
}

// ---------------------------------------------------------------------------
// Cipher and inverse cipher (FIPS 197 5.1, 5.3) on eight blocks.
//
// Encryption is "fixsliced" (after Adomnicai and Peyrin, 2020): ShiftRows
// is not applied; after r rounds the state is kept as "representation
// t = r mod 4", where stored row r, column c holds the true byte of row r,
// column c - t*r. SubBytes is per byte and does not care; MixColumns_t
// aligns the rows it combines (mix_columns_t); round key r is stored in
// representation r mod 4 by cce_aes_ct_schedule (with 0x63 folded in for
// r >= 1, see the top of the file). The output, in representation Nr mod 4,
// is brought back with as many ShiftRows.

AI void shift_rows_n(v2 q[8], unsigned n) {
  for (unsigned i = 0; i < n; i++) {
    CCE_UNROLL8
    for (int k = 0; k < 8; k++) q[k] = shift_rows1(q[k]);
  }
}

// One middle round in representation t (after the skipped ShiftRows).
AI void enc_round(v2 q[8], const uint64_t *rk, int t) {
  sub_bytes_nc(q);
  mix_columns_t(q, t);
  add_round_key(q, rk);
}

static void ct_encrypt(const uint64_t *sk, unsigned rounds, v2 q[8]) {
  add_round_key(q, sk);
  unsigned r = 1;
  for (; r + 4 <= rounds; r += 4) {
    enc_round(q, sk + 8 * r, 1);
    enc_round(q, sk + 8 * (r + 1), 2);
    enc_round(q, sk + 8 * (r + 2), 3);
    enc_round(q, sk + 8 * (r + 3), 0);
  }
  for (; r < rounds; r++) {  // the last one to three middle rounds
    switch (r & 3) {
      case 1: enc_round(q, sk + 8 * r, 1); break;
      case 2: enc_round(q, sk + 8 * r, 2); break;
      case 3: enc_round(q, sk + 8 * r, 3); break;
      default: enc_round(q, sk + 8 * r, 0); break;
    }
  }
  sub_bytes_nc(q);
  add_round_key(q, sk + 8 * rounds);
  shift_rows_n(q, rounds & 3);
}

// The cipher with GHASH work of the GCM loop slotted into its rounds: block
// i of g->src (if any) is absorbed during round i+1, so the integer
// multiplications overlap the vector bit operations.
typedef struct gh_job {
  const hsplit *hs;
  uint64_t x[2];        // GHASH accumulator (high, low)
  const uint8_t *src;   // eight ciphertext blocks to absorb, or NULL
} gh_job;

AI void gh_step(gh_job *g, const uint8_t *p) {
  gmul_split(g->x, g->x[0] ^ cce_load64_be(p), g->x[1] ^ cce_load64_be(p + 8), g->hs);
}

static void ct_encrypt_gh(const uint64_t *sk, unsigned rounds, v2 q[8], gh_job *g) {
  add_round_key(q, sk);
  unsigned r = 1;
  for (; r + 4 <= rounds; r += 4) {
    for (int j = 0; j < 4; j++) {
      sub_bytes_nc(q);
      if (g->src != NULL && r + j <= 8) gh_step(g, g->src + 16 * (r + j - 1));  // public: round index
      switch (j) {
        case 0: mix_columns_t(q, 1); break;
        case 1: mix_columns_t(q, 2); break;
        case 2: mix_columns_t(q, 3); break;
        default: mix_columns_t(q, 0); break;
      }
      add_round_key(q, sk + 8 * (r + j));
    }
  }
  for (; r < rounds; r++) {  // the last one to three middle rounds
    switch (r & 3) {
      case 1: enc_round(q, sk + 8 * r, 1); break;
      case 2: enc_round(q, sk + 8 * r, 2); break;
      case 3: enc_round(q, sk + 8 * r, 3); break;
      default: enc_round(q, sk + 8 * r, 0); break;
    }
  }
  sub_bytes_nc(q);
  add_round_key(q, sk + 8 * rounds);
  shift_rows_n(q, rounds & 3);
}

// Round keys of the inverse cipher: those of cce_aes_ct_schedule brought
// back to the standard representation (ShiftRows^(r mod 4) on key r).
static void dec_keys(const cce_aes_key *k, uint64_t dk[15 * 8]) {
  for (unsigned r = 0; r <= k->rounds; r++) {
    v2 w[8];
    for (int j = 0; j < 8; j++) w[j] = splat(k->sk[8 * r + j]);
    for (unsigned i = 0; i < (r & 3); i++)
      for (int j = 0; j < 8; j++) w[j] = shift_rows1(w[j]);
    for (int j = 0; j < 8; j++) dk[8 * r + j] = w[j][0];
    cce_wipe(w, sizeof w);
  }
}

static void ct_decrypt(const uint64_t *sk, unsigned rounds, v2 q[8]) {
  add_round_key(q, sk + 8 * rounds);
  for (unsigned r = rounds - 1; r > 0; r--) {
    CCE_UNROLL8
    for (int k = 0; k < 8; k++) q[k] = inv_shift_rows1(q[k]);
    inv_sub_bytes_nc(q);
    add_round_key(q, sk + 8 * r);
    inv_mix_columns(q);
  }
  CCE_UNROLL8
  for (int k = 0; k < 8; k++) q[k] = inv_shift_rows1(q[k]);
  inv_sub_bytes_nc(q);
  add_round_key(q, sk);
}

// ---------------------------------------------------------------------------
// Key schedule helpers.

uint32_t cce_aes_ct_subword(uint32_t w) {
  v2 q[8];
  for (int k = 0; k < 8; k++) {
    uint64_t v = 0;
    for (int i = 0; i < 4; i++) v |= (uint64_t)((w >> (8 * i + k)) & 1) << i;
    q[k] = splat(v);
  }
  sub_bytes_nc(q);
  // the S-box constant 0x63: bits 0, 1, 5, 6
  q[0] = ~q[0];
  q[1] = ~q[1];
  q[5] = ~q[5];
  q[6] = ~q[6];
  uint32_t r = 0;
  for (int k = 0; k < 8; k++)
    for (int i = 0; i < 4; i++) r |= (uint32_t)((q[k][0] >> i) & 1) << (8 * i + k);
  cce_wipe(q, sizeof q);
  return r;
}

void cce_aes_ct_schedule(cce_aes_key *k) {
  uint8_t buf[128];
  v2 q[8];
  for (unsigned r = 0; r <= k->rounds; r++) {
    const uint8_t off = r == 0 ? 0 : 0x63;  // see the top of the file
    for (int i = 0; i < 16; i++) buf[i] = (uint8_t)(k->rk[16 * r + i] ^ off);
    for (int b = 1; b < 8; b++) memcpy(buf + 16 * b, buf, 16);
    load8(q, buf);
    // representation r mod 4 of the fixsliced cipher: ShiftRows^-(r mod 4)
    for (unsigned i = 0; i < (r & 3); i++)
      for (int j = 0; j < 8; j++) q[j] = inv_shift_rows1(q[j]);
    for (int j = 0; j < 8; j++) k->sk[8 * r + j] = q[j][0];
  }
  cce_wipe(buf, sizeof buf);
  cce_wipe(q, sizeof q);
}

// ---------------------------------------------------------------------------
// Modes on the bitsliced core.

void cce_aes_ct_encrypt_blocks(const cce_aes_key *k, const uint8_t *in, uint8_t *out, size_t nblocks) {
  v2 q[8];
  uint8_t buf[128];
  while (nblocks >= 8) {
    load8(q, in);
    ct_encrypt(k->sk, k->rounds, q);
    store8(out, q);
    in += 128; out += 128; nblocks -= 8;
  }
  if (nblocks > 0) {
    memset(buf, 0, sizeof buf);
    memcpy(buf, in, 16 * nblocks);
    load8(q, buf);
    ct_encrypt(k->sk, k->rounds, q);
    store8(buf, q);
    memcpy(out, buf, 16 * nblocks);
  }
  cce_wipe(q, sizeof q);
  cce_wipe(buf, sizeof buf);
}

void cce_aes_ct_decrypt_blocks(const cce_aes_key *k, const uint8_t *in, uint8_t *out, size_t nblocks) {
  v2 q[8];
  uint8_t buf[128];
  uint64_t dk[15 * 8];
  dec_keys(k, dk);
  while (nblocks >= 8) {
    load8(q, in);
    ct_decrypt(dk, k->rounds, q);
    store8(out, q);
    in += 128; out += 128; nblocks -= 8;
  }
  if (nblocks > 0) {
    memset(buf, 0, sizeof buf);
    memcpy(buf, in, 16 * nblocks);
    load8(q, buf);
    ct_decrypt(dk, k->rounds, q);
    store8(buf, q);
    memcpy(out, buf, 16 * nblocks);
  }
  cce_wipe(q, sizeof q);
  cce_wipe(buf, sizeof buf);
  cce_wipe(dk, sizeof dk);
}

static inline uint32_t bswap32(uint32_t x) { return __builtin_bswap32(x); }

// Eight counter blocks (32-bit big-endian counter c .. c+7 in the last word,
// lo and mid the first twelve bytes) in the bitsliced form.
AI void ctr32_blocks(v2 q[8], uint64_t lo, uint64_t mid, uint32_t c) {
  for (int b = 0; b < 4; b++) {
    q[b] = splat(lo);
    q[4 + b] = (v2){mid | ((uint64_t)bswap32(c + (uint32_t)b) << 32), mid | ((uint64_t)bswap32(c + 4u + (uint32_t)b) << 32)};
  }
  ortho(q);
}

void cce_aes_ct_ctr32(const cce_aes_key *k, uint8_t ctr[16], const uint8_t *in, uint8_t *out, size_t len) {
  v2 q[8];
  uint8_t ks[128];
  uint32_t c = cce_load32_be(ctr + 12);
  uint64_t lo = cce_load64_le(ctr), mid = cce_load32_le(ctr + 8);
  while (len > 0) {
    // counter blocks go straight into the loaded form
    ctr32_blocks(q, lo, mid, c);
    ct_encrypt(k->sk, k->rounds, q);
    size_t n = len < 128 ? len : 128;
    c += (uint32_t)((n + 15) / 16);
    if (n == 128) {
      xor_store8(out, in, q);
    } else {
      store8(ks, q);
      for (size_t i = 0; i < n; i++) out[i] = in[i] ^ ks[i];
    }
    in += n; out += n; len -= n;
  }
  cce_store32_be(ctr + 12, c);
  cce_wipe(q, sizeof q);
  cce_wipe(ks, sizeof ks);
}

void cce_aes_ct_gcm_ctr32(const cce_aes_key *k, const uint64_t h[2], uint8_t ctr[16], uint8_t xi[16],
                          const uint8_t *in, uint8_t *out, size_t nblocks, int decrypt) {
  hsplit hs;
  hsplit_init(&hs, h);
  gh_job g = {&hs, {cce_load64_be(xi), cce_load64_be(xi + 8)}, NULL};
  v2 q[8];
  uint8_t ks[128];
  uint32_t c = cce_load32_be(ctr + 12);
  const uint64_t lo = cce_load64_le(ctr), mid = cce_load32_le(ctr + 8);
  const uint8_t *pending = NULL;  // encrypting: the previous eight ciphertext blocks
  for (; nblocks >= 8; nblocks -= 8, in += 128, out += 128) {
    ctr32_blocks(q, lo, mid, c);
    c += 8;
    g.src = decrypt ? in : pending;  // decrypting: hashed before `out` (maybe `in`) is written
    ct_encrypt_gh(k->sk, k->rounds, q, &g);
    xor_store8(out, in, q);
    pending = out;
  }
  if (pending != NULL && !decrypt)
    for (int i = 0; i < 8; i++) gh_step(&g, pending + 16 * i);
  if (nblocks > 0) {
    if (decrypt)
      for (size_t i = 0; i < nblocks; i++) gh_step(&g, in + 16 * i);
    ctr32_blocks(q, lo, mid, c);
    c += (uint32_t)nblocks;
    ct_encrypt(k->sk, k->rounds, q);
    store8(ks, q);
    for (size_t i = 0; i < 16 * nblocks; i++) out[i] = in[i] ^ ks[i];
    if (!decrypt)
      for (size_t i = 0; i < nblocks; i++) gh_step(&g, out + 16 * i);
  }
  cce_store32_be(ctr + 12, c);
  cce_store64_be(xi, g.x[0]);
  cce_store64_be(xi + 8, g.x[1]);
  cce_wipe(&hs, sizeof hs);
  cce_wipe(&g, sizeof g);
  cce_wipe(q, sizeof q);
  cce_wipe(ks, sizeof ks);
}

void cce_aes_ct_ctr_masked(const cce_aes_key *k, uint64_t v[2], const uint64_t m[2], uint8_t *out,
                           size_t nblocks) {
  v2 q[8];
  uint8_t ks[128];
  const cce_u128 mask = cce_u128_of(m), vout = cce_u128_of(v) & ~mask;
  cce_u128 c = cce_u128_of(v);
  while (nblocks > 0) {
    for (int b = 0; b < 4; b++) {
      cce_u128 x0 = ((c + (cce_u128)(b + 1)) & mask) | vout, x1 = ((c + (cce_u128)(b + 5)) & mask) | vout;
      q[b] = (v2){__builtin_bswap64((uint64_t)(x0 >> 64)), __builtin_bswap64((uint64_t)(x1 >> 64))};
      q[4 + b] = (v2){__builtin_bswap64((uint64_t)x0), __builtin_bswap64((uint64_t)x1)};
    }
    size_t nb = nblocks < 8 ? nblocks : 8;
    c += nb;
    ortho(q);
    ct_encrypt(k->sk, k->rounds, q);
    if (nb == 8) {
      store8(out, q);
    } else {
      store8(ks, q);
      memcpy(out, ks, 16 * nb);
    }
    out += 16 * nb;
    nblocks -= nb;
  }
  cce_u128_put(v, (c & mask) | vout);
  cce_wipe(q, sizeof q);
  cce_wipe(ks, sizeof ks);
}

void cce_aes_ct_cbc_decrypt(const cce_aes_key *k, uint8_t iv[16], const uint8_t *in, uint8_t *out,
                            size_t nblocks) {
  v2 q[8];
  uint8_t buf[128], prev[16], next[16];
  uint64_t dk[15 * 8];
  dec_keys(k, dk);
  memcpy(prev, iv, 16);
  while (nblocks > 0) {
    size_t nb = nblocks < 8 ? nblocks : 8;
    memset(buf, 0, sizeof buf);
    memcpy(buf, in, 16 * nb);
    memcpy(next, in + 16 * (nb - 1), 16);  // last ciphertext block (before out may overwrite in)
    load8(q, buf);
    ct_decrypt(dk, k->rounds, q);
    store8(buf, q);
    for (size_t i = 0; i < 16; i++) buf[i] ^= prev[i];
    for (size_t i = 16; i < 16 * nb; i++) buf[i] ^= in[i - 16];
    memcpy(out, buf, 16 * nb);
    memcpy(prev, next, 16);
    in += 16 * nb; out += 16 * nb; nblocks -= nb;
  }
  memcpy(iv, prev, 16);
  cce_wipe(q, sizeof q);
  cce_wipe(buf, sizeof buf);
  cce_wipe(dk, sizeof dk);
}

void cce_aes_ct_xts(const cce_aes_key *k, uint8_t t[16], const uint8_t *in, uint8_t *out, size_t nblocks,
                    int decrypt) {
  v2 q[8];
  uint8_t buf[128], tw[128];
  uint64_t dk[15 * 8];
  if (decrypt) dec_keys(k, dk);
  while (nblocks > 0) {
    size_t nb = nblocks < 8 ? nblocks : 8;
    memset(buf, 0, sizeof buf);
    for (size_t b = 0; b < nb; b++) {
      memcpy(tw + 16 * b, t, 16);
      cce_aes_xts_mul_alpha(t);
      for (int i = 0; i < 16; i++) buf[16 * b + i] = in[16 * b + i] ^ tw[16 * b + i];
    }
    load8(q, buf);
    if (decrypt)
      ct_decrypt(dk, k->rounds, q);
    else
      ct_encrypt(k->sk, k->rounds, q);
    store8(buf, q);
    for (size_t i = 0; i < 16 * nb; i++) out[i] = buf[i] ^ tw[i];
    in += 16 * nb; out += 16 * nb; nblocks -= nb;
  }
  cce_wipe(q, sizeof q);
  cce_wipe(buf, sizeof buf);
  cce_wipe(tw, sizeof tw);
  if (decrypt) cce_wipe(dk, sizeof dk);
}
