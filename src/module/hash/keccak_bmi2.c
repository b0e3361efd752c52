// Keccak-f[1600] for x86-64 CPUs with BMI1/BMI2 (see sha3.c for the
// derivation from FIPS 202). With ANDN the chi step ~B[X+1] & B[X+2] is one
// instruction, so the lane complementing of the portable code is not needed:
// the state stays in the standard representation and each plane is computed
// directly as E = B ^ (~B1 & B2). RORX gives non-destructive rotations.
// Chosen at run time by sha3.c when cce_cpu_has(CCE_CPU_BMI2) (every x86-64
// CPU with BMI2 also has BMI1). No branch or memory index depends on data.

#include "internal.h"

#if defined(__x86_64__)

#include "keccak_rounds.h"

// see internal.h
__attribute__((target("bmi,bmi2"))) void cce_keccak_absorb_bmi2(uint64_t s[25], const uint8_t *in, size_t nblocks,
                                                                unsigned lanes) {
  uint64_t Aba, Abe, Abi, Abo, Abu, Aga, Age, Agi, Ago, Agu, Aka, Ake, Aki, Ako, Aku;
  uint64_t Ama, Ame, Ami, Amo, Amu, Asa, Ase, Asi, Aso, Asu;
  uint64_t Eba, Ebe, Ebi, Ebo, Ebu, Ega, Ege, Egi, Ego, Egu, Eka, Eke, Eki, Eko, Eku;
  uint64_t Ema, Eme, Emi, Emo, Emu, Esa, Ese, Esi, Eso, Esu;
  uint64_t Ca, Ce, Ci, Co, Cu, Da, De, Di, Do, Du, Ba, Be, Bi, Bo, Bu;

  Aba = s[0]; Abe = s[1]; Abi = s[2]; Abo = s[3]; Abu = s[4];
  Aga = s[5]; Age = s[6]; Agi = s[7]; Ago = s[8]; Agu = s[9];
  Aka = s[10]; Ake = s[11]; Aki = s[12]; Ako = s[13]; Aku = s[14];
  Ama = s[15]; Ame = s[16]; Ami = s[17]; Amo = s[18]; Amu = s[19];
  Asa = s[20]; Ase = s[21]; Asi = s[22]; Aso = s[23]; Asu = s[24];

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
      KECCAK_ROUND_AE(keccak_rc_andn[i]);
      KECCAK_ROUND_EA(keccak_rc_andn[i + 1]);
    }
  } while (--nblocks != 0);

  s[0] = Aba; s[1] = Abe; s[2] = Abi; s[3] = Abo; s[4] = Abu;
  s[5] = Aga; s[6] = Age; s[7] = Agi; s[8] = Ago; s[9] = Agu;
  s[10] = Aka; s[11] = Ake; s[12] = Aki; s[13] = Ako; s[14] = Aku;
  s[15] = Ama; s[16] = Ame; s[17] = Ami; s[18] = Amo; s[19] = Amu;
  s[20] = Asa; s[21] = Ase; s[22] = Asi; s[23] = Aso; s[24] = Asu;
}

#else
typedef int cce_keccak_bmi2_unused;  // ISO C: no empty translation unit
#endif  // __x86_64__
