// cce-p11-bench: throughput of a PKCS#11 module through its ABI, the same
// client for every module (libcce-pkcs11.so, SoftHSMv2, ...).
//
//   cce-p11-bench MODULE.so [--seconds S] [--token LABEL] [--pin PIN] [--so-pin PIN] [--only NAME]
//
// Opens (or initialises, in the first free slot) the token LABEL (default
// "p11bench"), logs in, generates a session EC P-256 key pair and a session
// AES-256 key, and measures for S seconds each (default 2):
//   ECDSA P-256 signatures/s    (C_SignInit + C_Sign, CKM_ECDSA, 32-byte digest)
//   ECDSA P-256 verifications/s (C_VerifyInit + C_Verify)
//   AES-256-GCM encryption, 8 KiB and 1 MiB messages (C_EncryptInit + C_Encrypt, MiB/s)
// Results are printed as "RESULT <name> <value> <unit>" lines (bench/p11/run.sh
// parses them); --only runs the one whose name starts with NAME (for
// profiling). Each measured operation is checked once (signature verifies,
// ciphertext decrypts). Exit 1 on any PKCS#11 error.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "p11_client.h"

static CK_FUNCTION_LIST *F;
static const char *only;

// wanted: whether measurement `name` runs (--only prefix).
static int wanted(const char *name) { return strncmp(name, only, strlen(only)) == 0; }

#define MUST(call)                                                                                      \
  do {                                                                                                  \
    CK_RV rv_ = (call);                                                                                 \
    if (rv_ != CKR_OK) {                                                                                \
      fprintf(stderr, "cce-p11-bench: line %d: %s -> %s (0x%lx)\n", __LINE__, #call, p11_rv_name(rv_), rv_); \
      exit(1);                                                                                          \
    }                                                                                                   \
  } while (0)

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const CK_BYTE kP256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s MODULE.so [--seconds S] [--token LABEL] [--pin PIN] [--so-pin PIN] [--only NAME]\n",
            argv[0]);
    return 2;
  }
  double secs = 2.0;
  const char *token = "p11bench", *pin = "1234", *so = "12345678";
  only = "";
  for (int i = 2; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--seconds") == 0) {
      secs = atof(argv[i + 1]);
    } else if (strcmp(argv[i], "--token") == 0) {
      token = argv[i + 1];
    } else if (strcmp(argv[i], "--pin") == 0) {
      pin = argv[i + 1];
    } else if (strcmp(argv[i], "--so-pin") == 0) {
      so = argv[i + 1];
    } else if (strcmp(argv[i], "--only") == 0) {
      only = argv[i + 1];
    } else {
      fprintf(stderr, "cce-p11-bench: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (!(secs > 0)) secs = 2.0;

  void *dl = NULL;
  F = p11_load(argv[1], &dl, NULL);
  if (F == NULL) return 1;
  CK_C_INITIALIZE_ARGS ia = {0};
  ia.flags = CKF_OS_LOCKING_OK;
  MUST(F->C_Initialize(&ia));
  CK_INFO info;
  MUST(F->C_GetInfo(&info));
  printf("module %s: %.32s %.32s\n", argv[1], (const char *)info.manufacturerID,
         (const char *)info.libraryDescription);

  CK_SLOT_ID slot;
  MUST(p11_setup_token(F, token, so, pin, &slot));
  CK_SESSION_HANDLE s;
  MUST(F->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s));
  CK_RV lrv = F->C_Login(s, CKU_USER, (CK_UTF8CHAR *)pin, strlen(pin));
  if (lrv != CKR_OK && lrv != CKR_USER_ALREADY_LOGGED_IN) MUST(lrv);

  CK_BBOOL t = CK_TRUE, f = CK_FALSE;
  CK_OBJECT_HANDLE pub, priv, aes;
  {
    CK_ATTRIBUTE tp[] = {{CKA_EC_PARAMS, (void *)kP256, sizeof kP256}, {CKA_TOKEN, &f, 1}, {CKA_VERIFY, &t, 1}};
    CK_ATTRIBUTE tk[] = {{CKA_TOKEN, &f, 1}, {CKA_PRIVATE, &t, 1}, {CKA_SENSITIVE, &t, 1}, {CKA_SIGN, &t, 1}};
    CK_MECHANISM m = {CKM_EC_KEY_PAIR_GEN, NULL, 0};
    MUST(F->C_GenerateKeyPair(s, &m, tp, 3, tk, 4, &pub, &priv));
    CK_ULONG len = 32;
    CK_ATTRIBUTE ta[] = {{CKA_VALUE_LEN, &len, sizeof len}, {CKA_TOKEN, &f, 1},   {CKA_SENSITIVE, &t, 1},
                         {CKA_ENCRYPT, &t, 1},              {CKA_DECRYPT, &t, 1}};
    CK_MECHANISM ma = {CKM_AES_KEY_GEN, NULL, 0};
    MUST(F->C_GenerateKey(s, &ma, ta, 5, &aes));
  }

  // ECDSA P-256 signing over a 32-byte digest.
  CK_BYTE dg[32], sig[64];
  for (int i = 0; i < 32; i++) dg[i] = (CK_BYTE)(i * 7 + 1);
  CK_MECHANISM ecdsa = {CKM_ECDSA, NULL, 0};
  long n = 0;
  double t0 = now(), t1 = t0;
  if (wanted("ecdsa-p256-sign")) do {
    for (int k = 0; k < 16; k++) {
      CK_ULONG sl = sizeof sig;
      dg[0] = (CK_BYTE)n;
      MUST(F->C_SignInit(s, &ecdsa, priv));
      MUST(F->C_Sign(s, dg, sizeof dg, sig, &sl));
      n++;
    }
    t1 = now();
  } while (t1 - t0 < secs);
  double sign_rate = (double)n / (t1 - t0);
  {
    CK_ULONG sl = sizeof sig;
    MUST(F->C_SignInit(s, &ecdsa, priv));
    MUST(F->C_Sign(s, dg, sizeof dg, sig, &sl));
    MUST(F->C_VerifyInit(s, &ecdsa, pub));
    MUST(F->C_Verify(s, dg, sizeof dg, sig, sl));
  }
  if (wanted("ecdsa-p256-sign")) printf("RESULT ecdsa-p256-sign %.1f ops/s\n", sign_rate);
  fflush(stdout);

  n = 0;
  t0 = now();
  if (wanted("ecdsa-p256-verify")) do {
    for (int k = 0; k < 16; k++) {
      MUST(F->C_VerifyInit(s, &ecdsa, pub));
      MUST(F->C_Verify(s, dg, sizeof dg, sig, 64));
      n++;
    }
    t1 = now();
  } while (t1 - t0 < secs);
  if (wanted("ecdsa-p256-verify")) printf("RESULT ecdsa-p256-verify %.1f ops/s\n", (double)n / (t1 - t0));
  fflush(stdout);

  // AES-256-GCM, 12-byte IV (a counter), 128-bit tag, no AAD.
  static const size_t sizes[] = {8192, 1 << 20};
  static const char *names[] = {"aes-256-gcm-8k", "aes-256-gcm-1m"};
  CK_BYTE *in = malloc((1 << 20) + 64), *out = malloc((1 << 20) + 64), *back = malloc((1 << 20) + 64);
  if (in == NULL || out == NULL || back == NULL) return 1;
  for (size_t i = 0; i < (1 << 20); i++) in[i] = (CK_BYTE)(i * 31 + 7);
  for (int z = 0; z < 2; z++) {
    size_t len = sizes[z];
    if (!wanted(names[z])) continue;
    CK_BYTE iv[12] = {0};
    CK_GCM_PARAMS gp = {iv, 12, 96, NULL, 0, 128};
    CK_MECHANISM gcm = {CKM_AES_GCM, &gp, sizeof gp};
    unsigned long ctr = 0;
    double bytes = 0;
    t0 = now();
    do {
      memcpy(iv, &ctr, sizeof ctr);
      ctr++;
      CK_ULONG ol = (CK_ULONG)len + 64;
      MUST(F->C_EncryptInit(s, &gcm, aes));
      MUST(F->C_Encrypt(s, in, (CK_ULONG)len, out, &ol));
      if (ol != len + 16) {
        fprintf(stderr, "cce-p11-bench: GCM output %lu bytes for %zu\n", ol, len);
        return 1;
      }
      bytes += (double)len;
      t1 = now();
    } while (t1 - t0 < secs);
    CK_ULONG bl = (CK_ULONG)len + 64;
    MUST(F->C_DecryptInit(s, &gcm, aes));
    MUST(F->C_Decrypt(s, out, (CK_ULONG)len + 16, back, &bl));
    if (bl != len || memcmp(back, in, len) != 0) {
      fprintf(stderr, "cce-p11-bench: GCM round trip failed\n");
      return 1;
    }
    printf("RESULT %s %.1f MiB/s\n", names[z], bytes / (t1 - t0) / 1048576.0);
    fflush(stdout);
  }
  free(in);
  free(out);
  free(back);
  F->C_Logout(s);
  F->C_CloseSession(s);
  F->C_Finalize(NULL);
  return 0;
}
