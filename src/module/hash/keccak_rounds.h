// Keccak-f[1600] round in the direct (ANDN) form, for the back ends that
// have an and-not instruction: keccak_bmi2.c (scalar lanes, ANDN) and
// keccak_avx2.c (four states per lane vector, VPANDN). Private to those
// files; see sha3.c for the derivation from FIPS 202 (theta, rho, pi per
// output plane, then chi and iota; lanes A<y><x>, y in b,g,k,m,s, x in
// a,e,i,o,u). The macros are type-agnostic: the lane variables may be
// uint64_t or GNU C vectors of uint64_t (shifts by a scalar count, XOR with a
// scalar round constant broadcast).

#ifndef CCE_SRC_HASH_KECCAK_ROUNDS_H
#define CCE_SRC_HASH_KECCAK_ROUNDS_H

#include <stdint.h>
#include <string.h>

#define ROL64(x, n) (((x) << (n)) | ((x) >> (64 - (n))))

// Round constants of FIPS 202 Algorithm 6 (same table as sha3.c).
static const uint64_t keccak_rc_andn[24] = {
    0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808aull,
    0x8000000080008000ull, 0x000000000000808bull, 0x0000000080000001ull,
    0x8000000080008081ull, 0x8000000000008009ull, 0x000000000000008aull,
    0x0000000000000088ull, 0x0000000080008009ull, 0x000000008000000aull,
    0x000000008000808bull, 0x800000000000008bull, 0x8000000000008089ull,
    0x8000000000008003ull, 0x8000000000008002ull, 0x8000000000000080ull,
    0x000000000000800aull, 0x800000008000000aull, 0x8000000080008081ull,
    0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull,
};

// One round A* -> E* (and E* -> A*): theta, rho, pi per output plane, then
// chi and iota.
#define KECCAK_ROUND_AE(rc) \
  Ca = Aba ^ Aga ^ Aka ^ Ama ^ Asa; \
  Ce = Abe ^ Age ^ Ake ^ Ame ^ Ase; \
  Ci = Abi ^ Agi ^ Aki ^ Ami ^ Asi; \
  Co = Abo ^ Ago ^ Ako ^ Amo ^ Aso; \
  Cu = Abu ^ Agu ^ Aku ^ Amu ^ Asu; \
  Da = Cu ^ ROL64(Ce, 1); \
  De = Ca ^ ROL64(Ci, 1); \
  Di = Ce ^ ROL64(Co, 1); \
  Do = Ci ^ ROL64(Cu, 1); \
  Du = Co ^ ROL64(Ca, 1); \
  Ba = (Aba ^ Da); \
  Be = ROL64((Age ^ De), 44); \
  Bi = ROL64((Aki ^ Di), 43); \
  Bo = ROL64((Amo ^ Do), 21); \
  Bu = ROL64((Asu ^ Du), 14); \
  Eba = Ba ^ (~Be & Bi) ^ (rc); \
  Ebe = Be ^ (~Bi & Bo); \
  Ebi = Bi ^ (~Bo & Bu); \
  Ebo = Bo ^ (~Bu & Ba); \
  Ebu = Bu ^ (~Ba & Be); \
  Ba = ROL64((Abo ^ Do), 28); \
  Be = ROL64((Agu ^ Du), 20); \
  Bi = ROL64((Aka ^ Da), 3); \
  Bo = ROL64((Ame ^ De), 45); \
  Bu = ROL64((Asi ^ Di), 61); \
  Ega = Ba ^ (~Be & Bi); \
  Ege = Be ^ (~Bi & Bo); \
  Egi = Bi ^ (~Bo & Bu); \
  Ego = Bo ^ (~Bu & Ba); \
  Egu = Bu ^ (~Ba & Be); \
  Ba = ROL64((Abe ^ De), 1); \
  Be = ROL64((Agi ^ Di), 6); \
  Bi = ROL64((Ako ^ Do), 25); \
  Bo = ROL64((Amu ^ Du), 8); \
  Bu = ROL64((Asa ^ Da), 18); \
  Eka = Ba ^ (~Be & Bi); \
  Eke = Be ^ (~Bi & Bo); \
  Eki = Bi ^ (~Bo & Bu); \
  Eko = Bo ^ (~Bu & Ba); \
  Eku = Bu ^ (~Ba & Be); \
  Ba = ROL64((Abu ^ Du), 27); \
  Be = ROL64((Aga ^ Da), 36); \
  Bi = ROL64((Ake ^ De), 10); \
  Bo = ROL64((Ami ^ Di), 15); \
  Bu = ROL64((Aso ^ Do), 56); \
  Ema = Ba ^ (~Be & Bi); \
  Eme = Be ^ (~Bi & Bo); \
  Emi = Bi ^ (~Bo & Bu); \
  Emo = Bo ^ (~Bu & Ba); \
  Emu = Bu ^ (~Ba & Be); \
  Ba = ROL64((Abi ^ Di), 62); \
  Be = ROL64((Ago ^ Do), 55); \
  Bi = ROL64((Aku ^ Du), 39); \
  Bo = ROL64((Ama ^ Da), 41); \
  Bu = ROL64((Ase ^ De), 2); \
  Esa = Ba ^ (~Be & Bi); \
  Ese = Be ^ (~Bi & Bo); \
  Esi = Bi ^ (~Bo & Bu); \
  Eso = Bo ^ (~Bu & Ba); \
  Esu = Bu ^ (~Ba & Be);

#define KECCAK_ROUND_EA(rc) \
  Ca = Eba ^ Ega ^ Eka ^ Ema ^ Esa; \
  Ce = Ebe ^ Ege ^ Eke ^ Eme ^ Ese; \
  Ci = Ebi ^ Egi ^ Eki ^ Emi ^ Esi; \
  Co = Ebo ^ Ego ^ Eko ^ Emo ^ Eso; \
  Cu = Ebu ^ Egu ^ Eku ^ Emu ^ Esu; \
  Da = Cu ^ ROL64(Ce, 1); \
  De = Ca ^ ROL64(Ci, 1); \
  Di = Ce ^ ROL64(Co, 1); \
  Do = Ci ^ ROL64(Cu, 1); \
  Du = Co ^ ROL64(Ca, 1); \
  Ba = (Eba ^ Da); \
  Be = ROL64((Ege ^ De), 44); \
  Bi = ROL64((Eki ^ Di), 43); \
  Bo = ROL64((Emo ^ Do), 21); \
  Bu = ROL64((Esu ^ Du), 14); \
  Aba = Ba ^ (~Be & Bi) ^ (rc); \
  Abe = Be ^ (~Bi & Bo); \
  Abi = Bi ^ (~Bo & Bu); \
  Abo = Bo ^ (~Bu & Ba); \
  Abu = Bu ^ (~Ba & Be); \
  Ba = ROL64((Ebo ^ Do), 28); \
  Be = ROL64((Egu ^ Du), 20); \
  Bi = ROL64((Eka ^ Da), 3); \
  Bo = ROL64((Eme ^ De), 45); \
  Bu = ROL64((Esi ^ Di), 61); \
  Aga = Ba ^ (~Be & Bi); \
  Age = Be ^ (~Bi & Bo); \
  Agi = Bi ^ (~Bo & Bu); \
  Ago = Bo ^ (~Bu & Ba); \
  Agu = Bu ^ (~Ba & Be); \
  Ba = ROL64((Ebe ^ De), 1); \
  Be = ROL64((Egi ^ Di), 6); \
  Bi = ROL64((Eko ^ Do), 25); \
  Bo = ROL64((Emu ^ Du), 8); \
  Bu = ROL64((Esa ^ Da), 18); \
  Aka = Ba ^ (~Be & Bi); \
  Ake = Be ^ (~Bi & Bo); \
  Aki = Bi ^ (~Bo & Bu); \
  Ako = Bo ^ (~Bu & Ba); \
  Aku = Bu ^ (~Ba & Be); \
  Ba = ROL64((Ebu ^ Du), 27); \
  Be = ROL64((Ega ^ Da), 36); \
  Bi = ROL64((Eke ^ De), 10); \
  Bo = ROL64((Emi ^ Di), 15); \
  Bu = ROL64((Eso ^ Do), 56); \
  Ama = Ba ^ (~Be & Bi); \
  Ame = Be ^ (~Bi & Bo); \
  Ami = Bi ^ (~Bo & Bu); \
  Amo = Bo ^ (~Bu & Ba); \
  Amu = Bu ^ (~Ba & Be); \
  Ba = ROL64((Ebi ^ Di), 62); \
  Be = ROL64((Ego ^ Do), 55); \
  Bi = ROL64((Eku ^ Du), 39); \
  Bo = ROL64((Ema ^ Da), 41); \
  Bu = ROL64((Ese ^ De), 2); \
  Asa = Ba ^ (~Be & Bi); \
  Ase = Be ^ (~Bi & Bo); \
  Asi = Bi ^ (~Bo & Bu); \
  Aso = Bo ^ (~Bu & Ba); \
  Asu = Bu ^ (~Ba & Be);

// KECCAK_X4_DEFINE(name, isa) defines `void name(uint64_t a[4][25])`,
// compiled for the instruction sets `isa`: four Keccak-f[1600] at once,
// each vector variable holding the same lane of the four states. Used by
// keccak_avx2.c ("avx2": VPANDN, rotations as shifts) and keccak_avx512.c
// (AVX-512VL: the compiler turns the rotations into VPROLQ and the XOR/AND
// chains into VPTERNLOGQ).
typedef uint64_t keccak_v4 __attribute__((vector_size(32)));

#define KECCAK_X4_LOAD(v, i) v = (keccak_v4){a[0][i], a[1][i], a[2][i], a[3][i]}
#define KECCAK_X4_STORE(v, i) \
  do {                        \
    a[0][i] = v[0];           \
    a[1][i] = v[1];           \
    a[2][i] = v[2];           \
    a[3][i] = v[3];           \
  } while (0)
// Lanes i..i+3 of the four states as a 4x4 transposition: four 32-byte
// loads (lanes i..i+3 of one state each), then 64-bit interleaves and
// 128-bit half swaps; the same transposition undoes it for the store. The
// scratch vectors r0_..r3_, t0_..t3_ are declared once by KECCAK_X4_DEFINE
// (one set of stack slots in unoptimised builds).
#define KECCAK_X4_T4(x0, x1, x2, x3, r0, r1, r2, r3)        \
  do {                                                      \
    t0_ = __builtin_shufflevector(r0, r1, 0, 4, 2, 6);      \
    t1_ = __builtin_shufflevector(r0, r1, 1, 5, 3, 7);      \
    t2_ = __builtin_shufflevector(r2, r3, 0, 4, 2, 6);      \
    t3_ = __builtin_shufflevector(r2, r3, 1, 5, 3, 7);      \
    x0 = __builtin_shufflevector(t0_, t2_, 0, 1, 4, 5);     \
    x1 = __builtin_shufflevector(t1_, t3_, 0, 1, 4, 5);     \
    x2 = __builtin_shufflevector(t0_, t2_, 2, 3, 6, 7);     \
    x3 = __builtin_shufflevector(t1_, t3_, 2, 3, 6, 7);     \
  } while (0)
#define KECCAK_X4_LOAD4(v0, v1, v2, v3, i)                     \
  do {                                                         \
    memcpy(&r0_, &a[0][i], 32);                                \
    memcpy(&r1_, &a[1][i], 32);                                \
    memcpy(&r2_, &a[2][i], 32);                                \
    memcpy(&r3_, &a[3][i], 32);                                \
    KECCAK_X4_T4(v0, v1, v2, v3, r0_, r1_, r2_, r3_);          \
  } while (0)
#define KECCAK_X4_STORE4(v0, v1, v2, v3, i)                    \
  do {                                                         \
    KECCAK_X4_T4(r0_, r1_, r2_, r3_, v0, v1, v2, v3);          \
    memcpy(&a[0][i], &r0_, 32);                                \
    memcpy(&a[1][i], &r1_, 32);                                \
    memcpy(&a[2][i], &r2_, 32);                                \
    memcpy(&a[3][i], &r3_, 32);                                \
  } while (0)

#define KECCAK_X4_DEFINE(name, isa)                                                              \
  __attribute__((target(isa))) void name(uint64_t a[4][25]) {                                   \
    keccak_v4 Aba, Abe, Abi, Abo, Abu, Aga, Age, Agi, Ago, Agu, Aka, Ake, Aki, Ako, Aku;         \
    keccak_v4 Ama, Ame, Ami, Amo, Amu, Asa, Ase, Asi, Aso, Asu;                                  \
    keccak_v4 Eba, Ebe, Ebi, Ebo, Ebu, Ega, Ege, Egi, Ego, Egu, Eka, Eke, Eki, Eko, Eku;         \
    keccak_v4 Ema, Eme, Emi, Emo, Emu, Esa, Ese, Esi, Eso, Esu;                                  \
    keccak_v4 Ca, Ce, Ci, Co, Cu, Da, De, Di, Do, Du, Ba, Be, Bi, Bo, Bu;                        \
    keccak_v4 r0_, r1_, r2_, r3_, t0_, t1_, t2_, t3_;                                            \
    KECCAK_X4_LOAD4(Aba, Abe, Abi, Abo, 0); KECCAK_X4_LOAD4(Abu, Aga, Age, Agi, 4);               \
    KECCAK_X4_LOAD4(Ago, Agu, Aka, Ake, 8); KECCAK_X4_LOAD4(Aki, Ako, Aku, Ama, 12);              \
    KECCAK_X4_LOAD4(Ame, Ami, Amo, Amu, 16); KECCAK_X4_LOAD4(Asa, Ase, Asi, Aso, 20);             \
    KECCAK_X4_LOAD(Asu, 24);                                                                     \
    for (unsigned i = 0; i < 24; i += 2) {                                                       \
      KECCAK_ROUND_AE(keccak_rc_andn[i]);                                                        \
      KECCAK_ROUND_EA(keccak_rc_andn[i + 1]);                                                    \
    }                                                                                            \
    KECCAK_X4_STORE4(Aba, Abe, Abi, Abo, 0); KECCAK_X4_STORE4(Abu, Aga, Age, Agi, 4);             \
    KECCAK_X4_STORE4(Ago, Agu, Aka, Ake, 8); KECCAK_X4_STORE4(Aki, Ako, Aku, Ama, 12);            \
    KECCAK_X4_STORE4(Ame, Ami, Amo, Amu, 16); KECCAK_X4_STORE4(Asa, Ase, Asi, Aso, 20);           \
    KECCAK_X4_STORE(Asu, 24);                                                                    \
  }

#endif  // CCE_SRC_HASH_KECCAK_ROUNDS_H
