// p11_errors: error paths of a PKCS#11 module, checked against the return
// codes the specification names.
//
//   p11_errors MODULE.so [--reference]
//
// Runs on a fresh token store (the caller sets CCE_P11_STORE or
// SOFTHSM2_CONF). Prints one line per check: "ok", or "FAIL name:
// expected X got Y". With --reference (SoftHSMv2) differences are printed as
// "diff" and do not fail. Exit 0 if every check passed, 1 otherwise, 2 if the
// module could not be set up.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p11_client.h"

static const char kSo[] = "12345678";
static const char kPin[] = "1234";
static int g_ref, g_pass, g_fail;
static CK_FUNCTION_LIST *F;

static void check_rv(const char *name, CK_RV got, CK_RV want) {
  if (got == want) {
    g_pass++;
    printf("ok    %-58s %s\n", name, p11_rv_name(got));
  } else {
    g_fail++;
    printf("%s  %-58s expected %s (0x%lx) got %s (0x%lx)\n", g_ref ? "diff" : "FAIL", name, p11_rv_name(want),
           want, p11_rv_name(got), got);
  }
}

static void check_true(const char *name, int cond, const char *detail) {
  if (cond) {
    g_pass++;
    printf("ok    %s\n", name);
  } else {
    g_fail++;
    printf("%s  %s: %s\n", g_ref ? "diff" : "FAIL", name, detail);
  }
}

// check_init: like check_rv for an *Init call; if the module accepted it
// when it should not have, the operation is ended so later checks still run.
enum { OP_ENC, OP_DEC, OP_SIGN, OP_VERIFY };
static CK_SESSION_HANDLE g_sess;
static void end_op(int kind) {
  CK_BYTE in[64] = {0}, out[256];
  CK_ULONG ol = sizeof out;
  switch (kind) {
    case OP_ENC: F->C_Encrypt(g_sess, in, 16, out, &ol); break;
    case OP_DEC: F->C_Decrypt(g_sess, in, 32, out, &ol); break;
    case OP_SIGN: F->C_Sign(g_sess, in, 32, out, &ol); break;
    default: F->C_Verify(g_sess, in, 32, out, 64); break;
  }
}
static void check_init(const char *name, CK_RV got, CK_RV want, int kind) {
  check_rv(name, got, want);
  if (got == CKR_OK && want != CKR_OK) end_op(kind);
}

#define MUST(call)                                                                           \
  do {                                                                                       \
    CK_RV rv_ = (call);                                                                      \
    if (rv_ != CKR_OK) {                                                                     \
      printf("SETUP FAIL line %d: %s -> %s (0x%lx)\n", __LINE__, #call, p11_rv_name(rv_), rv_); \
      exit(g_ref ? 0 : 2);                                                                   \
    }                                                                                        \
  } while (0)

static CK_BBOOL T = CK_TRUE, Fa = CK_FALSE;

// An AES-256 session key with the given usage flags (sensitive, not extractable).
static CK_OBJECT_HANDLE gen_aes(CK_SESSION_HANDLE s, CK_BBOOL enc, CK_BBOOL dec) {
  CK_ULONG len = 32;
  CK_ATTRIBUTE t[] = {
      {CKA_VALUE_LEN, &len, sizeof len}, {CKA_TOKEN, &Fa, 1},       {CKA_SENSITIVE, &T, 1},
      {CKA_EXTRACTABLE, &Fa, 1},         {CKA_ENCRYPT, &enc, 1},    {CKA_DECRYPT, &dec, 1},
  };
  CK_MECHANISM m = {CKM_AES_KEY_GEN, NULL, 0};
  CK_OBJECT_HANDLE k = 0;
  MUST(F->C_GenerateKey(s, &m, t, sizeof t / sizeof t[0], &k));
  return k;
}

static const CK_BYTE kP256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};

static void gen_ec(CK_SESSION_HANDLE s, CK_BBOOL sign, CK_OBJECT_HANDLE *pub, CK_OBJECT_HANDLE *priv) {
  CK_ATTRIBUTE tp[] = {{CKA_EC_PARAMS, (void *)kP256, sizeof kP256}, {CKA_TOKEN, &Fa, 1}, {CKA_VERIFY, &T, 1}};
  CK_ATTRIBUTE tk[] = {{CKA_TOKEN, &Fa, 1}, {CKA_PRIVATE, &T, 1}, {CKA_SENSITIVE, &T, 1}, {CKA_SIGN, &sign, 1}};
  CK_MECHANISM m = {CKM_EC_KEY_PAIR_GEN, NULL, 0};
  MUST(F->C_GenerateKeyPair(s, &m, tp, 3, tk, 4, pub, priv));
}

static CK_ULONG count_label(CK_SESSION_HANDLE s, const char *label) {
  CK_ATTRIBUTE t[] = {{CKA_LABEL, (void *)label, strlen(label)}};
  CK_OBJECT_HANDLE h[16];
  CK_ULONG n = 0;
  if (F->C_FindObjectsInit(s, t, 1) != CKR_OK) return 999;
  if (F->C_FindObjects(s, h, 16, &n) != CKR_OK) n = 999;
  F->C_FindObjectsFinal(s);
  return n;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s MODULE.so [--reference]\n", argv[0]);
    return 2;
  }
  g_ref = argc > 2 && strcmp(argv[2], "--reference") == 0;
  void *dl = NULL;
  int via_iface = 0;
  F = p11_load(argv[1], &dl, &via_iface);
  if (F == NULL) return 2;
  printf("module %s (%s), function list version %d.%d%s\n", argv[1],
         via_iface ? "C_GetInterface" : "C_GetFunctionList", F->version.major, F->version.minor,
         g_ref ? ", reference run: differences do not fail" : "");

  CK_C_INITIALIZE_ARGS ia = {0};
  ia.flags = CKF_OS_LOCKING_OK;
  MUST(F->C_Initialize(&ia));
  check_rv("C_Initialize twice", F->C_Initialize(&ia), CKR_CRYPTOKI_ALREADY_INITIALIZED);
  if (!g_ref) check_true("C_GetInterface(\"PKCS 11\") exported (PKCS#11 3.0)", via_iface, "missing");

  CK_SLOT_ID slot;
  MUST(p11_setup_token(F, "errtest", kSo, kPin, &slot));

  // --- Read-only sessions and public sessions -------------------------------
  CK_SESSION_HANDLE ro, rw;
  MUST(F->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &ro));
  MUST(F->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &rw));
  g_sess = rw;
  check_rv("C_OpenSession without CKF_SERIAL_SESSION", F->C_OpenSession(slot, 0, NULL, NULL, &(CK_SESSION_HANDLE){0}),
           CKR_SESSION_PARALLEL_NOT_SUPPORTED);

  CK_OBJECT_CLASS cdata = CKO_DATA;
  const char lab_pub[] = "err-public-data", lab_priv[] = "err-private-data";
  CK_BYTE val[] = {1, 2, 3, 4};
  CK_ATTRIBUTE pubdata[] = {{CKA_CLASS, &cdata, sizeof cdata},
                            {CKA_TOKEN, &T, 1},
                            {CKA_PRIVATE, &Fa, 1},
                            {CKA_LABEL, (void *)lab_pub, sizeof lab_pub - 1},
                            {CKA_VALUE, val, sizeof val}};
  CK_ATTRIBUTE privdata[] = {{CKA_CLASS, &cdata, sizeof cdata},
                             {CKA_TOKEN, &T, 1},
                             {CKA_PRIVATE, &T, 1},
                             {CKA_LABEL, (void *)lab_priv, sizeof lab_priv - 1},
                             {CKA_VALUE, val, sizeof val}};
  CK_OBJECT_HANDLE h = 0;
  check_rv("C_CreateObject token object in R/O session", F->C_CreateObject(ro, pubdata, 5, &h),
           CKR_SESSION_READ_ONLY);
  check_rv("C_CreateObject private object, not logged in", F->C_CreateObject(rw, privdata, 5, &h),
           CKR_USER_NOT_LOGGED_IN);
  {
    CK_ULONG len = 32;
    CK_ATTRIBUTE t[] = {{CKA_VALUE_LEN, &len, sizeof len}, {CKA_TOKEN, &T, 1}};
    CK_MECHANISM m = {CKM_AES_KEY_GEN, NULL, 0};
    CK_RV rv = F->C_GenerateKey(ro, &m, t, 2, &h);
    // Either is what the specification allows here (not logged in, R/O).
    check_true("C_GenerateKey token key in R/O public session refused",
               rv == CKR_SESSION_READ_ONLY || rv == CKR_USER_NOT_LOGGED_IN, p11_rv_name(rv));
  }

  // --- Login and PINs -------------------------------------------------------
  check_rv("C_Login USER wrong PIN", F->C_Login(rw, CKU_USER, (CK_UTF8CHAR *)"9999", 4), CKR_PIN_INCORRECT);
  check_rv("C_Login SO with a R/O session open", F->C_Login(rw, CKU_SO, (CK_UTF8CHAR *)kSo, strlen(kSo)),
           CKR_SESSION_READ_ONLY_EXISTS);
  MUST(F->C_Login(rw, CKU_USER, (CK_UTF8CHAR *)kPin, strlen(kPin)));
  check_rv("C_Login USER twice", F->C_Login(rw, CKU_USER, (CK_UTF8CHAR *)kPin, strlen(kPin)),
           CKR_USER_ALREADY_LOGGED_IN);
  check_rv("C_SetPIN with wrong old PIN", F->C_SetPIN(rw, (CK_UTF8CHAR *)"0000", 4, (CK_UTF8CHAR *)"5678", 4),
           CKR_PIN_INCORRECT);
  check_rv("C_CreateObject token object in R/O session, logged in", F->C_CreateObject(ro, pubdata, 5, &h),
           CKR_SESSION_READ_ONLY);
  MUST(F->C_CreateObject(rw, privdata, 5, &h));
  CK_OBJECT_HANDLE hpub = 0;
  MUST(F->C_CreateObject(rw, pubdata, 5, &hpub));
  check_true("private object visible when logged in", count_label(rw, lab_priv) == 1, "not found");

  // --- Sensitive attributes and attribute policy ------------------------------
  CK_OBJECT_HANDLE aes = gen_aes(rw, CK_TRUE, CK_TRUE);
  {
    CK_BYTE buf[64];
    CK_ATTRIBUTE a = {CKA_VALUE, buf, sizeof buf};
    check_rv("C_GetAttributeValue CKA_VALUE of a sensitive key", F->C_GetAttributeValue(rw, aes, &a, 1),
             CKR_ATTRIBUTE_SENSITIVE);
    check_true("  ... and ulValueLen = CK_UNAVAILABLE_INFORMATION", a.ulValueLen == CK_UNAVAILABLE_INFORMATION,
               "ulValueLen not set to CK_UNAVAILABLE_INFORMATION");
    CK_ATTRIBUTE b = {CKA_SENSITIVE, &Fa, 1};
    check_rv("C_SetAttributeValue CKA_SENSITIVE true->false", F->C_SetAttributeValue(rw, aes, &b, 1),
             CKR_ATTRIBUTE_READ_ONLY);
    CK_ATTRIBUTE c = {CKA_EXTRACTABLE, &T, 1};
    check_rv("C_SetAttributeValue CKA_EXTRACTABLE false->true", F->C_SetAttributeValue(rw, aes, &c, 1),
             CKR_ATTRIBUTE_READ_ONLY);
    CK_OBJECT_CLASS cls = CKO_PUBLIC_KEY;
    CK_ATTRIBUTE d = {CKA_CLASS, &cls, sizeof cls};
    check_rv("C_SetAttributeValue CKA_CLASS", F->C_SetAttributeValue(rw, aes, &d, 1), CKR_ATTRIBUTE_READ_ONLY);
    CK_ATTRIBUTE e = {0x7FFF0001UL, buf, sizeof buf};
    check_rv("C_GetAttributeValue unknown attribute type", F->C_GetAttributeValue(rw, aes, &e, 1),
             CKR_ATTRIBUTE_TYPE_INVALID);
    CK_ULONG vl = 0;
    CK_ATTRIBUTE f = {CKA_VALUE_LEN, &vl, sizeof vl};
    MUST(F->C_GetAttributeValue(rw, aes, &f, 1));
    check_true("CKA_VALUE_LEN of the AES-256 key is 32", vl == 32, "wrong CKA_VALUE_LEN");
    CK_BYTE small[2];
    CK_ATTRIBUTE g = {CKA_VALUE, small, sizeof small};
    check_rv("C_GetAttributeValue CKA_VALUE of data object, buffer too small",
             F->C_GetAttributeValue(rw, h, &g, 1), CKR_BUFFER_TOO_SMALL);
    check_true("  ... and ulValueLen = CK_UNAVAILABLE_INFORMATION", g.ulValueLen == CK_UNAVAILABLE_INFORMATION,
               "ulValueLen not set to CK_UNAVAILABLE_INFORMATION");
    CK_ATTRIBUTE q = {CKA_VALUE, NULL, 0};
    MUST(F->C_GetAttributeValue(rw, h, &q, 1));
    check_true("C_GetAttributeValue size query of data CKA_VALUE = 4", q.ulValueLen == 4, "wrong length");
  }

  // --- Copies, searches, mechanism information ------------------------------
  {
    CK_ATTRIBUTE ns = {CKA_SENSITIVE, &Fa, 1};
    CK_OBJECT_HANDLE cp = 0;
    check_rv("C_CopyObject of a sensitive key with CKA_SENSITIVE false", F->C_CopyObject(rw, aes, &ns, 1, &cp),
             CKR_ATTRIBUTE_READ_ONLY);
    CK_ATTRIBUTE lab = {CKA_LABEL, (void *)"copy", 4};
    check_rv("C_CopyObject of a sensitive key with a new label", F->C_CopyObject(rw, aes, &lab, 1, &cp), CKR_OK);
    CK_BYTE buf[64];
    CK_ATTRIBUTE v = {CKA_VALUE, buf, sizeof buf};
    check_rv("  ... the copy's CKA_VALUE is sensitive too", F->C_GetAttributeValue(rw, cp, &v, 1),
             CKR_ATTRIBUTE_SENSITIVE);
    MUST(F->C_FindObjectsInit(rw, NULL, 0));
    check_rv("C_FindObjectsInit while a search is active", F->C_FindObjectsInit(rw, NULL, 0), CKR_OPERATION_ACTIVE);
    MUST(F->C_FindObjectsFinal(rw));
    CK_OBJECT_HANDLE hs[4];
    CK_ULONG got = 0;
    check_rv("C_FindObjects without C_FindObjectsInit", F->C_FindObjects(rw, hs, 4, &got),
             CKR_OPERATION_NOT_INITIALIZED);
    CK_MECHANISM_INFO mi;
    check_rv("C_GetMechanismInfo unknown mechanism", F->C_GetMechanismInfo(slot, 0x7FFFFF00UL, &mi),
             CKR_MECHANISM_INVALID);
    MUST(F->C_GetMechanismInfo(slot, CKM_ECDSA, &mi));
    check_true("C_GetMechanismInfo CKM_ECDSA: CKF_SIGN|CKF_VERIFY, no CKF_ENCRYPT",
               (mi.flags & CKF_SIGN) && (mi.flags & CKF_VERIFY) && !(mi.flags & CKF_ENCRYPT), "wrong flags");
    MUST(F->C_GetMechanismInfo(slot, CKM_AES_GCM, &mi));
    check_true("C_GetMechanismInfo CKM_AES_GCM: CKF_ENCRYPT|CKF_DECRYPT, no CKF_SIGN, key 16..32",
               (mi.flags & CKF_ENCRYPT) && (mi.flags & CKF_DECRYPT) && !(mi.flags & CKF_SIGN) && mi.ulMinKeySize <= 16 &&
                   mi.ulMaxKeySize >= 32,
               "wrong flags or key sizes");
    CK_MECHANISM sha = {CKM_SHA256, NULL, 0};
    CK_BYTE d[32];
    CK_ULONG dl = 0;
    MUST(F->C_DigestInit(rw, &sha));
    MUST(F->C_Digest(rw, (CK_BYTE *)"abc", 3, NULL, &dl));
    check_true("C_Digest SHA-256 size query gives 32", dl == 32, "wrong length");
    dl = sizeof d;
    check_rv("C_Digest SHA-256 after the size query", F->C_Digest(rw, (CK_BYTE *)"abc", 3, d, &dl), CKR_OK);
    static const CK_BYTE kAbc[4] = {0xba, 0x78, 0x16, 0xbf};  // FIPS 180-2 example, first bytes
    check_true("  ... SHA-256(\"abc\") = ba7816bf...", dl == 32 && memcmp(d, kAbc, 4) == 0, "wrong digest");
    check_rv("C_SetPIN in a R/O session", F->C_SetPIN(ro, (CK_UTF8CHAR *)kPin, strlen(kPin), (CK_UTF8CHAR *)"5678", 4),
             CKR_SESSION_READ_ONLY);
    CK_UTF8CHAR lab32[32];
    p11_pad32(lab32, "errtest");
    check_rv("C_InitToken with sessions open", F->C_InitToken(slot, (CK_UTF8CHAR *)kSo, strlen(kSo), lab32),
             CKR_SESSION_EXISTS);
  }

  // --- Handles --------------------------------------------------------------
  CK_BYTE iv[16] = {0};
  CK_MECHANISM cbc = {CKM_AES_CBC, iv, sizeof iv};
  check_init("C_EncryptInit with handle 0x7ffffff0", F->C_EncryptInit(rw, &cbc, 0x7ffffff0UL), CKR_KEY_HANDLE_INVALID, OP_ENC);
  check_init("C_EncryptInit with CK_INVALID_HANDLE", F->C_EncryptInit(rw, &cbc, CK_INVALID_HANDLE),
           CKR_KEY_HANDLE_INVALID, OP_ENC);
  {
    CK_OBJECT_HANDLE tmp = gen_aes(rw, CK_TRUE, CK_TRUE);
    MUST(F->C_DestroyObject(rw, tmp));
    check_init("C_EncryptInit with a destroyed key", F->C_EncryptInit(rw, &cbc, tmp), CKR_KEY_HANDLE_INVALID, OP_ENC);
    check_rv("C_DestroyObject twice", F->C_DestroyObject(rw, tmp), CKR_OBJECT_HANDLE_INVALID);
    CK_ULONG vl = 0;
    CK_ATTRIBUTE a = {CKA_VALUE_LEN, &vl, sizeof vl};
    check_rv("C_GetAttributeValue on a destroyed object", F->C_GetAttributeValue(rw, tmp, &a, 1),
             CKR_OBJECT_HANDLE_INVALID);
  }
  check_rv("C_GetSessionInfo with a bogus session", F->C_GetSessionInfo(0x7ffffff0UL, &(CK_SESSION_INFO){0}),
           CKR_SESSION_HANDLE_INVALID);

  // --- Mechanisms and parameters -----------------------------------------------
  {
    CK_MECHANISM bad = {0x7FFFFF00UL, NULL, 0};
    check_init("C_EncryptInit with an unknown mechanism", F->C_EncryptInit(rw, &bad, aes), CKR_MECHANISM_INVALID, OP_ENC);
    CK_BYTE n12[12] = {0};
    CK_GCM_PARAMS gp = {n12, 12, 96, NULL, 0, 33};
    CK_MECHANISM gcm = {CKM_AES_GCM, &gp, sizeof gp};
    check_init("C_EncryptInit AES-GCM ulTagBits = 33", F->C_EncryptInit(rw, &gcm, aes), CKR_MECHANISM_PARAM_INVALID, OP_ENC);
    gp.ulTagBits = 256;
    check_init("C_EncryptInit AES-GCM ulTagBits = 256", F->C_EncryptInit(rw, &gcm, aes), CKR_MECHANISM_PARAM_INVALID, OP_ENC);
    gp.ulTagBits = 128;
    gp.ulIvLen = 0;
    gp.ulIvBits = 0;
    check_init("C_EncryptInit AES-GCM IV length 0", F->C_EncryptInit(rw, &gcm, aes), CKR_MECHANISM_PARAM_INVALID, OP_ENC);
    CK_MECHANISM gcm0 = {CKM_AES_GCM, NULL, 0};
    check_init("C_EncryptInit AES-GCM without parameters", F->C_EncryptInit(rw, &gcm0, aes),
             CKR_MECHANISM_PARAM_INVALID, OP_ENC);
    CK_MECHANISM cbc8 = {CKM_AES_CBC, iv, 8};
    check_init("C_EncryptInit AES-CBC with an 8-byte IV", F->C_EncryptInit(rw, &cbc8, aes),
             CKR_MECHANISM_PARAM_INVALID, OP_ENC);
    CK_MECHANISM ecdsa = {CKM_ECDSA, NULL, 0};
    check_init("C_SignInit CKM_ECDSA with an AES key", F->C_SignInit(rw, &ecdsa, aes), CKR_KEY_TYPE_INCONSISTENT, OP_SIGN);
  }

  // --- An operation that ended (in error or not) is gone -------------------------
  {
    CK_BYTE in[48], out[64];
    CK_ULONG ol = sizeof out;
    memset(in, 0x5a, sizeof in);
    MUST(F->C_EncryptInit(rw, &cbc, aes));
    check_rv("C_EncryptInit while an encryption is active", F->C_EncryptInit(rw, &cbc, aes), CKR_OPERATION_ACTIVE);
    CK_ULONG tiny = 4;
    check_rv("C_Encrypt output buffer too small", F->C_Encrypt(rw, in, 32, out, &tiny), CKR_BUFFER_TOO_SMALL);
    check_true("  ... and the needed length is returned (32)", tiny == 32, "wrong length");
    ol = sizeof out;
    check_rv("C_Encrypt after CKR_BUFFER_TOO_SMALL (operation kept)", F->C_Encrypt(rw, in, 32, out, &ol), CKR_OK);
    ol = sizeof out;
    check_rv("C_Encrypt after the operation finished", F->C_Encrypt(rw, in, 32, out, &ol),
             CKR_OPERATION_NOT_INITIALIZED);
    MUST(F->C_EncryptInit(rw, &cbc, aes));
    ol = sizeof out;
    check_rv("C_Encrypt AES-CBC (no padding) of 15 bytes", F->C_Encrypt(rw, in, 15, out, &ol), CKR_DATA_LEN_RANGE);
    ol = sizeof out;
    check_rv("C_Encrypt after an operation ended in error", F->C_Encrypt(rw, in, 16, out, &ol),
             CKR_OPERATION_NOT_INITIALIZED);
    check_rv("C_EncryptUpdate after an operation ended in error", F->C_EncryptUpdate(rw, in, 16, out, &ol),
             CKR_OPERATION_NOT_INITIALIZED);

    // GCM: a tampered tag ends the decryption with CKR_ENCRYPTED_DATA_INVALID.
    CK_BYTE n12[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    CK_GCM_PARAMS gp = {n12, 12, 96, NULL, 0, 128};
    CK_MECHANISM gcm = {CKM_AES_GCM, &gp, sizeof gp};
    MUST(F->C_EncryptInit(rw, &gcm, aes));
    ol = sizeof out;
    MUST(F->C_Encrypt(rw, in, 32, out, &ol));
    check_true("AES-GCM ciphertext is 32 + 16 bytes", ol == 48, "wrong length");
    out[5] ^= 1;
    CK_BYTE pt[64];
    CK_ULONG pl = sizeof pt;
    MUST(F->C_DecryptInit(rw, &gcm, aes));
    check_rv("C_Decrypt AES-GCM with a modified ciphertext", F->C_Decrypt(rw, out, ol, pt, &pl),
             CKR_ENCRYPTED_DATA_INVALID);
    pl = sizeof pt;
    check_rv("C_Decrypt after a failed tag check", F->C_Decrypt(rw, out, ol, pt, &pl), CKR_OPERATION_NOT_INITIALIZED);
    out[5] ^= 1;
    MUST(F->C_DecryptInit(rw, &gcm, aes));
    pl = sizeof pt;
    check_rv("C_Decrypt AES-GCM round trip", F->C_Decrypt(rw, out, ol, pt, &pl), CKR_OK);
    check_true("  ... plaintext recovered", pl == 32 && memcmp(pt, in, 32) == 0, "wrong plaintext");
    check_rv("C_DecryptFinal with no operation", F->C_DecryptFinal(rw, pt, &pl), CKR_OPERATION_NOT_INITIALIZED);
  }

  // --- Usage flags ---------------------------------------------------------------
  {
    CK_OBJECT_HANDLE enc_only = gen_aes(rw, CK_TRUE, CK_FALSE);
    CK_OBJECT_HANDLE dec_only = gen_aes(rw, CK_FALSE, CK_TRUE);
    check_init("C_DecryptInit with a key without CKA_DECRYPT", F->C_DecryptInit(rw, &cbc, enc_only),
             CKR_KEY_FUNCTION_NOT_PERMITTED, OP_DEC);
    check_init("C_EncryptInit with a key without CKA_ENCRYPT", F->C_EncryptInit(rw, &cbc, dec_only),
             CKR_KEY_FUNCTION_NOT_PERMITTED, OP_ENC);
    CK_OBJECT_HANDLE pub, priv, pub2, priv2;
    gen_ec(rw, CK_FALSE, &pub, &priv);
    CK_MECHANISM ecdsa = {CKM_ECDSA, NULL, 0};
    check_init("C_SignInit CKM_ECDSA with a key without CKA_SIGN", F->C_SignInit(rw, &ecdsa, priv),
             CKR_KEY_FUNCTION_NOT_PERMITTED, OP_SIGN);
    {
      CK_RV rv = F->C_SignInit(rw, &ecdsa, pub);
      check_true("C_SignInit CKM_ECDSA with a public key refused",
                 rv == CKR_KEY_TYPE_INCONSISTENT || rv == CKR_KEY_FUNCTION_NOT_PERMITTED, p11_rv_name(rv));
      if (rv == CKR_OK) end_op(OP_SIGN);
    }
    gen_ec(rw, CK_TRUE, &pub2, &priv2);
    CK_BYTE dg[32], sig[80];
    CK_ULONG sl = 0;
    memset(dg, 0x33, sizeof dg);
    MUST(F->C_SignInit(rw, &ecdsa, priv2));
    MUST(F->C_Sign(rw, dg, 32, NULL, &sl));
    check_true("C_Sign size query for P-256 gives 64", sl == 64, "wrong length");
    MUST(F->C_Sign(rw, dg, 32, sig, &sl));
    MUST(F->C_VerifyInit(rw, &ecdsa, pub2));
    check_rv("C_Verify ECDSA P-256", F->C_Verify(rw, dg, 32, sig, sl), CKR_OK);
    sig[10] ^= 0x40;
    MUST(F->C_VerifyInit(rw, &ecdsa, pub2));
    check_rv("C_Verify ECDSA P-256 modified signature", F->C_Verify(rw, dg, 32, sig, sl), CKR_SIGNATURE_INVALID);
    check_rv("C_Verify after CKR_SIGNATURE_INVALID", F->C_Verify(rw, dg, 32, sig, sl), CKR_OPERATION_NOT_INITIALIZED);
    MUST(F->C_VerifyInit(rw, &ecdsa, pub2));
    check_rv("C_Verify ECDSA P-256 signature of 63 bytes", F->C_Verify(rw, dg, 32, sig, 63), CKR_SIGNATURE_LEN_RANGE);
  }

  // --- Wrapping: CKA_EXTRACTABLE and CKA_WRAP enforced ---------------------------
  {
    CK_ULONG len = 32;
    CK_MECHANISM kg = {CKM_AES_KEY_GEN, NULL, 0};
    CK_ATTRIBUTE tw[] = {{CKA_VALUE_LEN, &len, sizeof len}, {CKA_TOKEN, &Fa, 1}, {CKA_WRAP, &T, 1},
                         {CKA_UNWRAP, &T, 1}, {CKA_EXTRACTABLE, &Fa, 1}};
    CK_ATTRIBUTE tx[] = {{CKA_VALUE_LEN, &len, sizeof len}, {CKA_TOKEN, &Fa, 1}, {CKA_WRAP, &Fa, 1},
                         {CKA_SENSITIVE, &T, 1}, {CKA_EXTRACTABLE, &T, 1}};
    CK_OBJECT_HANDLE wk = 0, xk = 0;
    MUST(F->C_GenerateKey(rw, &kg, tw, 5, &wk));
    MUST(F->C_GenerateKey(rw, &kg, tx, 5, &xk));
    CK_MECHANISM kw = {CKM_AES_KEY_WRAP, NULL, 0};
    CK_BYTE wrapped[64];
    CK_ULONG wl = sizeof wrapped;
    check_rv("C_WrapKey of a key with CKA_EXTRACTABLE false", F->C_WrapKey(rw, &kw, wk, aes, wrapped, &wl),
             CKR_KEY_UNEXTRACTABLE);
    wl = 0;
    check_rv("C_WrapKey AES-KW size query of an extractable key", F->C_WrapKey(rw, &kw, wk, xk, NULL, &wl), CKR_OK);
    check_true("  ... 40 bytes for a 32-byte key", wl == 40, "wrong length");
    wl = sizeof wrapped;
    check_rv("C_WrapKey AES-KW of an extractable sensitive key", F->C_WrapKey(rw, &kw, wk, xk, wrapped, &wl), CKR_OK);
    wl = sizeof wrapped;
    CK_RV rv = F->C_WrapKey(rw, &kw, xk, wk, wrapped, &wl);
    check_true("C_WrapKey with a wrapping key without CKA_WRAP refused",
               rv == CKR_KEY_FUNCTION_NOT_PERMITTED || rv == CKR_WRAPPING_KEY_HANDLE_INVALID ||
                   rv == CKR_KEY_UNEXTRACTABLE,
               p11_rv_name(rv));
  }

  // --- Logged out: private objects invisible and unusable ---------------------------
  MUST(F->C_Logout(rw));
  check_true("private object not found after C_Logout", count_label(rw, lab_priv) == 0, "found");
  check_true("public object still found after C_Logout", count_label(rw, lab_pub) == 1, "not found");
  {
    CK_BYTE buf[8];
    CK_ATTRIBUTE a = {CKA_VALUE, buf, sizeof buf};
    CK_RV rv = F->C_GetAttributeValue(rw, h, &a, 1);
    check_true("C_GetAttributeValue on a private object after C_Logout refused",
               rv == CKR_OBJECT_HANDLE_INVALID || rv == CKR_USER_NOT_LOGGED_IN, p11_rv_name(rv));
    rv = F->C_EncryptInit(rw, &cbc, aes);
    check_true("C_EncryptInit with a private session key after C_Logout refused",
               rv == CKR_KEY_HANDLE_INVALID || rv == CKR_OBJECT_HANDLE_INVALID || rv == CKR_USER_NOT_LOGGED_IN,
               p11_rv_name(rv));
    if (rv == CKR_OK) end_op(OP_ENC);
  }
  check_rv("C_Logout when not logged in", F->C_Logout(rw), CKR_USER_NOT_LOGGED_IN);

  // --- Lock-out: wrong PINs until the token locks the user PIN ---------------------------
  {
    CK_RV rv = CKR_OK;
    int tries = 0;
    for (tries = 1; tries <= 30; tries++) {
      rv = F->C_Login(rw, CKU_USER, (CK_UTF8CHAR *)"0000", 4);
      if (rv != CKR_PIN_INCORRECT) break;
    }
    printf("      (user PIN: %d wrong attempts, last answer %s)\n", tries, p11_rv_name(rv));
    check_rv("C_Login wrong PIN repeatedly ends in lock-out", rv, CKR_PIN_LOCKED);
    check_rv("C_Login with the right PIN once locked", F->C_Login(rw, CKU_USER, (CK_UTF8CHAR *)kPin, strlen(kPin)),
             CKR_PIN_LOCKED);
    CK_TOKEN_INFO ti;
    MUST(F->C_GetTokenInfo(slot, &ti));
    check_true("token flags show CKF_USER_PIN_LOCKED", (ti.flags & CKF_USER_PIN_LOCKED) != 0, "flag not set");
    // The security officer resets the user PIN (needs no R/O session open).
    MUST(F->C_CloseSession(ro));
    F->C_Logout(rw);  // in case the locked PIN was accepted
    MUST(F->C_Login(rw, CKU_SO, (CK_UTF8CHAR *)kSo, strlen(kSo)));
    check_rv("C_InitPIN by the SO after lock-out", F->C_InitPIN(rw, (CK_UTF8CHAR *)"4321", 4), CKR_OK);
    MUST(F->C_Logout(rw));
    check_rv("C_Login with the PIN set by the SO", F->C_Login(rw, CKU_USER, (CK_UTF8CHAR *)"4321", 4), CKR_OK);
    check_true("private token object still readable after the PIN reset", count_label(rw, lab_priv) == 1,
               "not found");
  }

  MUST(F->C_CloseSession(rw));
  check_rv("C_CloseSession twice", F->C_CloseSession(rw), CKR_SESSION_HANDLE_INVALID);
  MUST(F->C_Finalize(NULL));
  check_rv("C_OpenSession after C_Finalize",
           F->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &(CK_SESSION_HANDLE){0}),
           CKR_CRYPTOKI_NOT_INITIALIZED);
  printf("%d passed, %d %s\n", g_pass, g_fail, g_ref ? "differ (reference run)" : "failed");
  return g_ref ? 0 : (g_fail ? 1 : 0);
}
