// SHA-3 and SHAKE (FIPS 202): Keccak-f[1600], the sponge, SHA3-224/256/384/512,
// SHAKE128/256, and their self-tests. See hash.h and internal.h.
//
// The permutation is written from the step mappings of FIPS 202 section 3.2
// (theta, rho, pi, chi, iota), combined per output plane:
//   C[x]   = A[x,0] ^ A[x,1] ^ A[x,2] ^ A[x,3] ^ A[x,4]               (theta)
//   D[x]   = C[x-1] ^ ROT(C[x+1], 1)
//   B[X,Y] = ROT(A[x,y] ^ D[x], r[x,y])  with (x,y) = (X+3Y, X)       (rho, pi)
//   E[X,Y] = B[X,Y] ^ (~B[X+1,Y] & B[X+2,Y])                          (chi)
//   E[0,0] ^= RC[i]                                                   (iota)
// Lanes are named A<y><x> with y in b,g,k,m,s and x in a,e,i,o,u (so Abe is
// A[1,0]); r[x,y] are the offsets of FIPS 202 Table 2 taken mod 64.
//
// Back ends (internal.h): this portable one; keccak_bmi2.c (ANDN/RORX, the
// default on x86-64 CPUs with BMI2); four states at once in keccak_avx2.c and
// keccak_avx512.c for cce_keccak_f1600_x4. The round of the ANDN back ends is
// in keccak_rounds.h. The round macros below and in keccak_rounds.h were
// produced by a small generator from the formulas above (and checked against
// the FIPS 202 examples and the NIST ACVP sample vectors).
//
// Speed: the 25 lanes live in local variables; two rounds are unrolled with
// register renaming (A -> E, then E -> A), so no lane is copied. The lane
// complementing transform (described by the Keccak team in "The Keccak
// implementation overview") keeps six lanes (Abe, Abi, Ago, Aki, Ami, Asa) inverted inside
// the permutation. With that invariant each chi plane is computed with AND/OR
// and a single NOT instead of five; the form chosen for every lane below was
// checked exhaustively against the chi truth table (the pattern is restored at
// the end of every round). Absorbing XORs the input into the inverted lanes
// unchanged, since ~a ^ m = ~(a ^ m), so full-rate blocks are absorbed from the
// caller's buffer with 64-bit little-endian loads while the state stays in
// registers; only the entry and exit of the permutation apply the inversion.
//
// Constant time: the permutation has no branch and no memory index at all;
// the sponge code branches only on lengths and positions, which are public.

#include "internal.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "sha3.c assumes a little-endian target (lane byte order of FIPS 202)"
#endif

#define ROL64(x, n) (((x) << (n)) | ((x) >> (64 - (n))))

// Round constants RC[i] of FIPS 202 Algorithm 6, from the LFSR rc(t) of
// Algorithm 5: bit 2^j - 1 of RC[i] is rc(j + 7i), j = 0..6.
static const uint64_t keccak_rc[24] = {
    0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808aull,
    0x8000000080008000ull, 0x000000000000808bull, 0x0000000080000001ull,
    0x8000000080008081ull, 0x8000000000008009ull, 0x000000000000008aull,
    0x0000000000000088ull, 0x0000000080008009ull, 0x000000008000000aull,
    0x000000008000808bull, 0x800000000000008bull, 0x8000000000008089ull,
    0x8000000000008003ull, 0x8000000000008002ull, 0x8000000000000080ull,
    0x000000000000800aull, 0x800000008000000aull, 0x8000000080008081ull,
    0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull,
};

// One round from the lanes A* into the lanes E* (and the mirror image). In
// every plane the five B values are theta+rho+pi of the input lanes; each
// output is chi in the complemented representation: with P the set of
// inverted lanes, the stored value of lane L is L ^ (L in P ? ~0 : 0).
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
  Eba = Ba ^ (Be | Bi) ^ (rc); \
  Ebe = Be ^ (~Bi | Bo); \
  Ebi = Bi ^ (Bo & Bu); \
  Ebo = Bo ^ (Bu | Ba); \
  Ebu = Bu ^ (Ba & Be); \
  Ba = ROL64((Abo ^ Do), 28); \
  Be = ROL64((Agu ^ Du), 20); \
  Bi = ROL64((Aka ^ Da), 3); \
  Bo = ROL64((Ame ^ De), 45); \
  Bu = ROL64((Asi ^ Di), 61); \
  Ega = Ba ^ (Be | Bi); \
  Ege = Be ^ (Bi & Bo); \
  Egi = Bi ^ (Bo | ~Bu); \
  Ego = Bo ^ (Bu | Ba); \
  Egu = Bu ^ (Ba & Be); \
  Ba = ROL64((Abe ^ De), 1); \
  Be = ROL64((Agi ^ Di), 6); \
  Bi = ROL64((Ako ^ Do), 25); \
  Bo = ROL64((Amu ^ Du), 8); \
  Bu = ROL64((Asa ^ Da), 18); \
  Eka = Ba ^ (Be | Bi); \
  Eke = Be ^ (Bi & Bo); \
  Eki = Bi ^ (~Bo & Bu); \
  Eko = ~Bo ^ (Bu | Ba); \
  Eku = Bu ^ (Ba & Be); \
  Ba = ROL64((Abu ^ Du), 27); \
  Be = ROL64((Aga ^ Da), 36); \
  Bi = ROL64((Ake ^ De), 10); \
  Bo = ROL64((Ami ^ Di), 15); \
  Bu = ROL64((Aso ^ Do), 56); \
  Ema = Ba ^ (Be & Bi); \
  Eme = Be ^ (Bi | Bo); \
  Emi = Bi ^ (~Bo | Bu); \
  Emo = ~Bo ^ (Bu & Ba); \
  Emu = Bu ^ (Ba | Be); \
  Ba = ROL64((Abi ^ Di), 62); \
  Be = ROL64((Ago ^ Do), 55); \
  Bi = ROL64((Aku ^ Du), 39); \
  Bo = ROL64((Ama ^ Da), 41); \
  Bu = ROL64((Ase ^ De), 2); \
  Esa = Ba ^ (~Be & Bi); \
  Ese = ~Be ^ (Bi | Bo); \
  Esi = Bi ^ (Bo & Bu); \
  Eso = Bo ^ (Bu | Ba); \
  Esu = Bu ^ (Ba & Be);

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
  Aba = Ba ^ (Be | Bi) ^ (rc); \
  Abe = Be ^ (~Bi | Bo); \
  Abi = Bi ^ (Bo & Bu); \
  Abo = Bo ^ (Bu | Ba); \
  Abu = Bu ^ (Ba & Be); \
  Ba = ROL64((Ebo ^ Do), 28); \
  Be = ROL64((Egu ^ Du), 20); \
  Bi = ROL64((Eka ^ Da), 3); \
  Bo = ROL64((Eme ^ De), 45); \
  Bu = ROL64((Esi ^ Di), 61); \
  Aga = Ba ^ (Be | Bi); \
  Age = Be ^ (Bi & Bo); \
  Agi = Bi ^ (Bo | ~Bu); \
  Ago = Bo ^ (Bu | Ba); \
  Agu = Bu ^ (Ba & Be); \
  Ba = ROL64((Ebe ^ De), 1); \
  Be = ROL64((Egi ^ Di), 6); \
  Bi = ROL64((Eko ^ Do), 25); \
  Bo = ROL64((Emu ^ Du), 8); \
  Bu = ROL64((Esa ^ Da), 18); \
  Aka = Ba ^ (Be | Bi); \
  Ake = Be ^ (Bi & Bo); \
  Aki = Bi ^ (~Bo & Bu); \
  Ako = ~Bo ^ (Bu | Ba); \
  Aku = Bu ^ (Ba & Be); \
  Ba = ROL64((Ebu ^ Du), 27); \
  Be = ROL64((Ega ^ Da), 36); \
  Bi = ROL64((Eke ^ De), 10); \
  Bo = ROL64((Emi ^ Di), 15); \
  Bu = ROL64((Eso ^ Do), 56); \
  Ama = Ba ^ (Be & Bi); \
  Ame = Be ^ (Bi | Bo); \
  Ami = Bi ^ (~Bo | Bu); \
  Amo = ~Bo ^ (Bu & Ba); \
  Amu = Bu ^ (Ba | Be); \
  Ba = ROL64((Ebi ^ Di), 62); \
  Be = ROL64((Ego ^ Do), 55); \
  Bi = ROL64((Eku ^ Du), 39); \
  Bo = ROL64((Ema ^ Da), 41); \
  Bu = ROL64((Ese ^ De), 2); \
  Asa = Ba ^ (~Be & Bi); \
  Ase = ~Be ^ (Bi | Bo); \
  Asi = Bi ^ (Bo & Bu); \
  Aso = Bo ^ (Bu | Ba); \
  Asu = Bu ^ (Ba & Be);

// see internal.h (portable back end: lanes complemented inside, standard
// representation of `s` on entry and on return)
void cce_keccak_absorb_portable(uint64_t s[25], const uint8_t *in, size_t nblocks, unsigned lanes) {
  uint64_t Aba, Abe, Abi, Abo, Abu, Aga, Age, Agi, Ago, Agu, Aka, Ake, Aki, Ako, Aku;
  uint64_t Ama, Ame, Ami, Amo, Amu, Asa, Ase, Asi, Aso, Asu;
  uint64_t Eba, Ebe, Ebi, Ebo, Ebu, Ega, Ege, Egi, Ego, Egu, Eka, Eke, Eki, Eko, Eku;
  uint64_t Ema, Eme, Emi, Emo, Emu, Esa, Ese, Esi, Eso, Esu;
  uint64_t Ca, Ce, Ci, Co, Cu, Da, De, Di, Do, Du, Ba, Be, Bi, Bo, Bu;

  Aba = s[0]; Abe = ~s[1]; Abi = ~s[2]; Abo = s[3]; Abu = s[4];
  Aga = s[5]; Age = s[6]; Agi = s[7]; Ago = ~s[8]; Agu = s[9];
  Aka = s[10]; Ake = s[11]; Aki = ~s[12]; Ako = s[13]; Aku = s[14];
  Ama = s[15]; Ame = s[16]; Ami = ~s[17]; Amo = s[18]; Amu = s[19];
  Asa = ~s[20]; Ase = s[21]; Asi = s[22]; Aso = s[23]; Asu = s[24];

  do {
    if (in != NULL) {
      // Rates: 9 (SHA3-512), 13 (SHA3-384), 17 (SHA3-256, SHAKE256),
      // 18 (SHA3-224) or 21 (SHAKE128) lanes.
      Aba ^= cce_load64_le(in + 0); Abe ^= cce_load64_le(in + 8);
      Abi ^= cce_load64_le(in + 16); Abo ^= cce_load64_le(in + 24);
      Abu ^= cce_load64_le(in + 32); Aga ^= cce_load64_le(in + 40);
      Age ^= cce_load64_le(in + 48); Agi ^= cce_load64_le(in + 56);
      Ago ^= cce_load64_le(in + 64);
      if (lanes > 9) {
        Agu ^= cce_load64_le(in + 72); Aka ^= cce_load64_le(in + 80);
        Ake ^= cce_load64_le(in + 88); Aki ^= cce_load64_le(in + 96);
        if (lanes > 13) {
          Ako ^= cce_load64_le(in + 104); Aku ^= cce_load64_le(in + 112);
          Ama ^= cce_load64_le(in + 120); Ame ^= cce_load64_le(in + 128);
          if (lanes > 17) {
            Ami ^= cce_load64_le(in + 136);
            if (lanes > 18) {
              Amo ^= cce_load64_le(in + 144); Amu ^= cce_load64_le(in + 152);
              Asa ^= cce_load64_le(in + 160);
            }
          }
        }
      }
      in += (size_t)lanes * 8;
    }
    for (unsigned i = 0; i < 24; i += 2) {
      KECCAK_ROUND_AE(keccak_rc[i]);
      KECCAK_ROUND_EA(keccak_rc[i + 1]);
    }
  } while (--nblocks != 0);

  s[0] = Aba; s[1] = ~Abe; s[2] = ~Abi; s[3] = Abo; s[4] = Abu;
  s[5] = Aga; s[6] = Age; s[7] = Agi; s[8] = ~Ago; s[9] = Agu;
  s[10] = Aka; s[11] = Ake; s[12] = ~Aki; s[13] = Ako; s[14] = Aku;
  s[15] = Ama; s[16] = Ame; s[17] = ~Ami; s[18] = Amo; s[19] = Amu;
  s[20] = ~Asa; s[21] = Ase; s[22] = Asi; s[23] = Aso; s[24] = Asu;
  // Spilled lanes stay in this dead frame: see cce_keccak_scrub_stack.
}

// keccak_core: the back end for this CPU (one predictable branch per call;
// the state struct has no room for a function pointer).
static inline void keccak_core(uint64_t s[25], const uint8_t *in, size_t nblocks, unsigned lanes) {
#if defined(__x86_64__)
  if (cce_cpu_has(CCE_CPU_BMI2)) {
    cce_keccak_absorb_bmi2(s, in, nblocks, lanes);
    return;
  }
#endif
  cce_keccak_absorb_portable(s, in, nblocks, lanes);
}

// see internal.h
void cce_keccak_f1600(uint64_t a[25]) { keccak_core(a, NULL, 1, 0); }

// see internal.h
void cce_keccak_f1600_x4(uint64_t a[4][25]) {
#if defined(__x86_64__)
  if (cce_cpu_has(CCE_CPU_AVX512F | CCE_CPU_AVX512VL | CCE_CPU_AVX2)) {
    cce_keccak_f1600_x4_avx512(a);
    return;
  }
  if (cce_cpu_has(CCE_CPU_AVX2)) {
    cce_keccak_f1600_x4_avx2(a);
    return;
  }
#endif
  for (int i = 0; i < 4; i++) keccak_core(a[i], NULL, 1, 0);
}

// see internal.h
const char *cce_impl_keccak(void) {
#if defined(__x86_64__)
  if (cce_cpu_has(CCE_CPU_BMI2)) return "bmi2";
#endif
  return "portable";
}

// see internal.h. The permutation keeps the lanes in registers and spills
// some to its frame (under 1 KiB for every back end, AVX2 x4 included); a
// call of this function from the same depth overwrites that dead frame.
__attribute__((noinline)) void cce_keccak_scrub_stack(void) {
  uint8_t scratch[1024];
  cce_wipe(scratch, sizeof scratch);
  __asm__ __volatile__("" : : "r"(scratch) : "memory");
}

// ---------------------------------------------------------------------------
// Byte access to the state: byte k of the state is byte k % 8 of lane k / 8
// (FIPS 202 section 3.1.2, lanes in little-endian order).

static void state_xor_bytes(uint64_t a[25], size_t pos, const uint8_t *in, size_t len) {
  while (len > 0 && (pos & 7) != 0) {
    a[pos >> 3] ^= (uint64_t)*in++ << (8 * (pos & 7));
    pos++;
    len--;
  }
  while (len >= 8) {
    a[pos >> 3] ^= cce_load64_le(in);
    pos += 8;
    in += 8;
    len -= 8;
  }
  while (len > 0) {
    a[pos >> 3] ^= (uint64_t)*in++ << (8 * (pos & 7));
    pos++;
    len--;
  }
}

static void state_extract_bytes(const uint64_t a[25], size_t pos, uint8_t *out, size_t len) {
  while (len > 0 && (pos & 7) != 0) {
    *out++ = (uint8_t)(a[pos >> 3] >> (8 * (pos & 7)));
    pos++;
    len--;
  }
  while (len >= 8) {
    cce_store64_le(out, a[pos >> 3]);
    pos += 8;
    out += 8;
    len -= 8;
  }
  while (len > 0) {
    *out++ = (uint8_t)(a[pos >> 3] >> (8 * (pos & 7)));
    pos++;
    len--;
  }
}

// pad10*1 with the domain bits already folded into `dsbyte` (FIPS 202
// section 6: SHA-3 appends 01, SHAKE 1111, then pad10*1; on bytes this is
// dsbyte at the current position and 0x80 in the last byte of the block,
// which combine into dsbyte | 0x80 when they coincide).
static void sponge_pad(cce_sha3_state *st) {
  st->a[st->pos >> 3] ^= (uint64_t)st->dsbyte << (8 * (st->pos & 7));
  st->a[(st->rate - 1) >> 3] ^= 0x80ull << 56;  // rate is a multiple of 8
  keccak_core(st->a, NULL, 1, 0);
  st->pos = 0;
}

// ---------------------------------------------------------------------------
// The sponge (FIPS 202 Algorithm 8), incremental.

// see internal.h
void cce_sha3_init_impl(cce_sha3_state *st, cce_hash_alg alg) {
  uint32_t rate, out_len;
  uint8_t ds = 0x06;
  switch (alg) {
    case CCE_HASH_SHA3_224: rate = 144; out_len = 28; break;
    case CCE_HASH_SHA3_384: rate = 104; out_len = 48; break;
    case CCE_HASH_SHA3_512: rate = 72; out_len = 64; break;
    case CCE_HASH_SHAKE128: rate = 168; out_len = 0; ds = 0x1f; break;
    case CCE_HASH_SHAKE256: rate = 136; out_len = 0; ds = 0x1f; break;
    case CCE_HASH_SHA3_256:
    default: rate = 136; out_len = 32; break;  // callers pass a valid alg
  }
  memset(st, 0, sizeof *st);
  st->rate = rate;
  st->out_len = out_len;
  st->dsbyte = ds;
}

// see internal.h
void cce_sha3_absorb_impl(cce_sha3_state *st, const uint8_t *data, size_t len) {
  const size_t rate = st->rate;
  size_t pos = st->pos;
  if (len == 0) return;
  if (pos != 0) {
    size_t take = rate - pos;
    if (take > len) take = len;
    state_xor_bytes(st->a, pos, data, take);
    pos += take;
    data += take;
    len -= take;
    if (pos < rate) {
      st->pos = (uint32_t)pos;
      return;
    }
    keccak_core(st->a, NULL, 1, 0);
  }
  if (len >= rate) {
    size_t n = len / rate;
    keccak_core(st->a, data, n, (unsigned)(rate >> 3));
    data += n * rate;
    len -= n * rate;
  }
  if (len != 0) state_xor_bytes(st->a, 0, data, len);
  st->pos = (uint32_t)len;
}

// see internal.h
void cce_sha3_final_impl(cce_sha3_state *st, uint8_t *out) {
  sponge_pad(st);
  state_extract_bytes(st->a, 0, out, st->out_len);  // out_len < rate
  cce_wipe(st, sizeof *st);
  cce_keccak_scrub_stack();
}

// see internal.h
void cce_shake_squeeze_impl(cce_sha3_state *st, uint8_t *out, size_t len) {
  const size_t rate = st->rate;
  if (!st->squeezing) {
    sponge_pad(st);
    st->squeezing = 1;
  }
  size_t pos = st->pos;
  while (len > 0) {
    if (pos == rate) {
      keccak_core(st->a, NULL, 1, 0);
      pos = 0;
    }
    size_t take = rate - pos;
    if (take > len) take = len;
    state_extract_bytes(st->a, pos, out, take);
    pos += take;
    out += take;
    len -= take;
  }
  st->pos = (uint32_t)pos;
  cce_keccak_scrub_stack();
}

// ---------------------------------------------------------------------------
// Self-tests (selftest_list.h). Values from the NIST ACVP-Server sample
// vector sets (usnistgov/ACVP-Server v1.1.0.43, gen-val/json-files).

// SHA3-256, SHA3-256-2.0 AFT tcId 34 (320-bit message).
CCE_HIDDEN cce_status cce_kat_sha3(void) {
  static const uint8_t msg[40] = {
      0xb1, 0xe1, 0xe4, 0xca, 0xe3, 0x8f, 0x4e, 0x51, 0x49, 0xd4, 0x15, 0x2d, 0x93, 0xe0,
      0x73, 0x74, 0x6a, 0x93, 0x58, 0x9e, 0xe7, 0xec, 0xcb, 0xa5, 0xd7, 0x3d, 0x61, 0x25,
      0x67, 0xc7, 0xbd, 0x3d, 0xa2, 0xb9, 0x2a, 0x9f, 0x64, 0xd4, 0x23, 0xf8};
  static const uint8_t md[32] = {
      0xe0, 0xed, 0x52, 0xcc, 0x24, 0x81, 0xfd, 0xc8, 0xb9, 0xbb, 0x49, 0x24, 0xdb, 0x90, 0x75, 0x91,
      0x08, 0xc4, 0xb7, 0x2a, 0x54, 0x75, 0x7e, 0x19, 0x2b, 0xac, 0xa0, 0x85, 0xb7, 0x8b, 0x81, 0xff};
  cce_sha3_state st;
  uint8_t got[32];
  cce_sha3_init_impl(&st, CCE_HASH_SHA3_256);
  cce_sha3_absorb_impl(&st, msg, sizeof msg);
  cce_sha3_final_impl(&st, got);
  return cce_kat_check(CCE_ST_SHA3, got, md, sizeof md);
}

// SHAKE-128, SHAKE-128-1.0 VOT tcId 1407 (128-bit message, 128-bit output).
CCE_HIDDEN cce_status cce_kat_shake(void) {
  static const uint8_t msg[16] = {0x8d, 0x1c, 0x3f, 0xcb, 0x63, 0x52, 0x02, 0xa5,
                                  0x4c, 0x0f, 0x9d, 0x74, 0x6e, 0x9d, 0xce, 0x7a};
  static const uint8_t md[16] = {0x9a, 0x57, 0x68, 0x7e, 0xe0, 0x33, 0x0a, 0xd9,
                                 0x45, 0xe4, 0x82, 0x95, 0xf2, 0x74, 0x10, 0xe1};
  cce_sha3_state st;
  uint8_t got[16];
  cce_sha3_init_impl(&st, CCE_HASH_SHAKE128);
  cce_sha3_absorb_impl(&st, msg, sizeof msg);
  cce_shake_squeeze_impl(&st, got, sizeof got);
  cce_wipe(&st, sizeof st);
  return cce_kat_check(CCE_ST_SHAKE, got, md, sizeof md);
}
