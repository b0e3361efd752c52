// p11_client.h: the small part of the PKCS#11 API (v2.40 function list plus
// the 3.0 C_GetInterface entry point) that the test clients and the
// benchmark use, written from the OASIS PKCS#11 specification, and a loader
// that dlopen()s a module. Header-only: every helper is static.
//
// Independent of tools/pkcs11/pkcs11.h on purpose: the clients must talk to
// any module (SoftHSMv2, libcce-pkcs11.so) through the ABI alone.

#ifndef CCE_TESTS_P11_CLIENT_H
#define CCE_TESTS_P11_CLIENT_H

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

typedef unsigned char CK_BYTE;
typedef unsigned char CK_BBOOL;
typedef unsigned char CK_UTF8CHAR;
typedef unsigned long CK_ULONG;
typedef CK_ULONG CK_RV;
typedef CK_ULONG CK_FLAGS;
typedef CK_ULONG CK_SLOT_ID;
typedef CK_ULONG CK_SESSION_HANDLE;
typedef CK_ULONG CK_OBJECT_HANDLE;
typedef CK_ULONG CK_USER_TYPE;
typedef CK_ULONG CK_ATTRIBUTE_TYPE;
typedef CK_ULONG CK_MECHANISM_TYPE;
typedef CK_ULONG CK_OBJECT_CLASS;
typedef CK_ULONG CK_KEY_TYPE;

#define CK_TRUE 1
#define CK_FALSE 0
#define CK_INVALID_HANDLE 0UL
#define CK_UNAVAILABLE_INFORMATION (~0UL)

typedef struct CK_VERSION {
  CK_BYTE major, minor;
} CK_VERSION;

typedef struct CK_INFO {
  CK_VERSION cryptokiVersion;
  CK_UTF8CHAR manufacturerID[32];
  CK_FLAGS flags;
  CK_UTF8CHAR libraryDescription[32];
  CK_VERSION libraryVersion;
} CK_INFO;

typedef struct CK_SLOT_INFO {
  CK_UTF8CHAR slotDescription[64];
  CK_UTF8CHAR manufacturerID[32];
  CK_FLAGS flags;
  CK_VERSION hardwareVersion;
  CK_VERSION firmwareVersion;
} CK_SLOT_INFO;

typedef struct CK_TOKEN_INFO {
  CK_UTF8CHAR label[32];
  CK_UTF8CHAR manufacturerID[32];
  CK_UTF8CHAR model[16];
  unsigned char serialNumber[16];
  CK_FLAGS flags;
  CK_ULONG ulMaxSessionCount, ulSessionCount, ulMaxRwSessionCount, ulRwSessionCount;
  CK_ULONG ulMaxPinLen, ulMinPinLen;
  CK_ULONG ulTotalPublicMemory, ulFreePublicMemory, ulTotalPrivateMemory, ulFreePrivateMemory;
  CK_VERSION hardwareVersion, firmwareVersion;
  unsigned char utcTime[16];
} CK_TOKEN_INFO;

typedef struct CK_SESSION_INFO {
  CK_SLOT_ID slotID;
  CK_ULONG state;
  CK_FLAGS flags;
  CK_ULONG ulDeviceError;
} CK_SESSION_INFO;

typedef struct CK_ATTRIBUTE {
  CK_ATTRIBUTE_TYPE type;
  void *pValue;
  CK_ULONG ulValueLen;
} CK_ATTRIBUTE;

typedef struct CK_MECHANISM {
  CK_MECHANISM_TYPE mechanism;
  void *pParameter;
  CK_ULONG ulParameterLen;
} CK_MECHANISM;

typedef struct CK_MECHANISM_INFO {
  CK_ULONG ulMinKeySize, ulMaxKeySize;
  CK_FLAGS flags;
} CK_MECHANISM_INFO;

typedef struct CK_C_INITIALIZE_ARGS {
  void *CreateMutex, *DestroyMutex, *LockMutex, *UnlockMutex;
  CK_FLAGS flags;
  void *pReserved;
} CK_C_INITIALIZE_ARGS;

typedef struct CK_GCM_PARAMS {
  CK_BYTE *pIv;
  CK_ULONG ulIvLen, ulIvBits;
  CK_BYTE *pAAD;
  CK_ULONG ulAADLen, ulTagBits;
} CK_GCM_PARAMS;

typedef struct CK_INTERFACE {
  CK_UTF8CHAR *pInterfaceName;
  void *pFunctionList;
  CK_FLAGS flags;
} CK_INTERFACE;

// Return values.
#define CKR_OK 0x0UL
#define CKR_HOST_MEMORY 0x2UL
#define CKR_SLOT_ID_INVALID 0x3UL
#define CKR_GENERAL_ERROR 0x5UL
#define CKR_FUNCTION_FAILED 0x6UL
#define CKR_ARGUMENTS_BAD 0x7UL
#define CKR_ATTRIBUTE_READ_ONLY 0x10UL
#define CKR_ATTRIBUTE_SENSITIVE 0x11UL
#define CKR_ATTRIBUTE_TYPE_INVALID 0x12UL
#define CKR_ATTRIBUTE_VALUE_INVALID 0x13UL
#define CKR_DATA_INVALID 0x20UL
#define CKR_DATA_LEN_RANGE 0x21UL
#define CKR_ENCRYPTED_DATA_INVALID 0x40UL
#define CKR_ENCRYPTED_DATA_LEN_RANGE 0x41UL
#define CKR_FUNCTION_NOT_SUPPORTED 0x54UL
#define CKR_KEY_HANDLE_INVALID 0x60UL
#define CKR_KEY_SIZE_RANGE 0x62UL
#define CKR_KEY_TYPE_INCONSISTENT 0x63UL
#define CKR_KEY_FUNCTION_NOT_PERMITTED 0x68UL
#define CKR_KEY_UNEXTRACTABLE 0x6AUL
#define CKR_MECHANISM_INVALID 0x70UL
#define CKR_MECHANISM_PARAM_INVALID 0x71UL
#define CKR_OBJECT_HANDLE_INVALID 0x82UL
#define CKR_OPERATION_ACTIVE 0x90UL
#define CKR_OPERATION_NOT_INITIALIZED 0x91UL
#define CKR_PIN_INCORRECT 0xA0UL
#define CKR_PIN_INVALID 0xA1UL
#define CKR_PIN_LEN_RANGE 0xA2UL
#define CKR_PIN_LOCKED 0xA4UL
#define CKR_SESSION_CLOSED 0xB0UL
#define CKR_SESSION_HANDLE_INVALID 0xB3UL
#define CKR_SESSION_PARALLEL_NOT_SUPPORTED 0xB4UL
#define CKR_SESSION_READ_ONLY 0xB5UL
#define CKR_SESSION_EXISTS 0xB6UL
#define CKR_SESSION_READ_ONLY_EXISTS 0xB7UL
#define CKR_SIGNATURE_INVALID 0xC0UL
#define CKR_SIGNATURE_LEN_RANGE 0xC1UL
#define CKR_TEMPLATE_INCOMPLETE 0xD0UL
#define CKR_TEMPLATE_INCONSISTENT 0xD1UL
#define CKR_TOKEN_NOT_PRESENT 0xE0UL
#define CKR_USER_ALREADY_LOGGED_IN 0x100UL
#define CKR_USER_NOT_LOGGED_IN 0x101UL
#define CKR_USER_PIN_NOT_INITIALIZED 0x102UL
#define CKR_USER_ANOTHER_ALREADY_LOGGED_IN 0x104UL
#define CKR_WRAPPING_KEY_HANDLE_INVALID 0x113UL
#define CKR_BUFFER_TOO_SMALL 0x150UL
#define CKR_CRYPTOKI_NOT_INITIALIZED 0x190UL
#define CKR_CRYPTOKI_ALREADY_INITIALIZED 0x191UL

// Flags.
#define CKF_TOKEN_PRESENT 0x1UL
#define CKF_RW_SESSION 0x2UL
#define CKF_SERIAL_SESSION 0x4UL
#define CKF_OS_LOCKING_OK 0x2UL
#define CKF_LOGIN_REQUIRED 0x4UL
#define CKF_USER_PIN_INITIALIZED 0x8UL
#define CKF_TOKEN_INITIALIZED 0x400UL
#define CKF_USER_PIN_LOCKED 0x40000UL

// Mechanism flags.
#define CKF_ENCRYPT 0x100UL
#define CKF_DECRYPT 0x200UL
#define CKF_DIGEST 0x400UL
#define CKF_SIGN 0x800UL
#define CKF_VERIFY 0x2000UL

#define CKU_SO 0UL
#define CKU_USER 1UL

// Object classes, key types, attributes.
#define CKO_DATA 0UL
#define CKO_PUBLIC_KEY 2UL
#define CKO_PRIVATE_KEY 3UL
#define CKO_SECRET_KEY 4UL
#define CKK_EC 3UL
#define CKK_GENERIC_SECRET 0x10UL
#define CKK_AES 0x1FUL

#define CKA_CLASS 0x0UL
#define CKA_TOKEN 0x1UL
#define CKA_PRIVATE 0x2UL
#define CKA_LABEL 0x3UL
#define CKA_APPLICATION 0x10UL
#define CKA_VALUE 0x11UL
#define CKA_KEY_TYPE 0x100UL
#define CKA_ID 0x102UL
#define CKA_SENSITIVE 0x103UL
#define CKA_ENCRYPT 0x104UL
#define CKA_DECRYPT 0x105UL
#define CKA_WRAP 0x106UL
#define CKA_UNWRAP 0x107UL
#define CKA_SIGN 0x108UL
#define CKA_VERIFY 0x10AUL
#define CKA_DERIVE 0x10CUL
#define CKA_VALUE_LEN 0x161UL
#define CKA_EXTRACTABLE 0x162UL
#define CKA_EC_PARAMS 0x180UL
#define CKA_EC_POINT 0x181UL

// Mechanisms.
#define CKM_SHA256 0x250UL
#define CKM_SHA256_HMAC 0x251UL
#define CKM_EC_KEY_PAIR_GEN 0x1040UL
#define CKM_ECDSA 0x1041UL
#define CKM_ECDSA_SHA256 0x1044UL
#define CKM_AES_KEY_GEN 0x1080UL
#define CKM_AES_ECB 0x1081UL
#define CKM_AES_CBC 0x1082UL
#define CKM_AES_CBC_PAD 0x1085UL
#define CKM_AES_GCM 0x1087UL
#define CKM_AES_KEY_WRAP 0x2109UL

typedef CK_RV (*p11_unused_fn)(void);

// CK_FUNCTION_LIST, version 2.40 layout (the 3.0 list extends it at the end).
typedef struct CK_FUNCTION_LIST {
  CK_VERSION version;
  CK_RV (*C_Initialize)(void *args);
  CK_RV (*C_Finalize)(void *reserved);
  CK_RV (*C_GetInfo)(CK_INFO *info);
  p11_unused_fn C_GetFunctionList;
  CK_RV (*C_GetSlotList)(CK_BBOOL present, CK_SLOT_ID *list, CK_ULONG *count);
  CK_RV (*C_GetSlotInfo)(CK_SLOT_ID slot, CK_SLOT_INFO *info);
  CK_RV (*C_GetTokenInfo)(CK_SLOT_ID slot, CK_TOKEN_INFO *info);
  CK_RV (*C_GetMechanismList)(CK_SLOT_ID slot, CK_MECHANISM_TYPE *list, CK_ULONG *count);
  CK_RV (*C_GetMechanismInfo)(CK_SLOT_ID slot, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO *info);
  CK_RV (*C_InitToken)(CK_SLOT_ID slot, CK_UTF8CHAR *pin, CK_ULONG pin_len, CK_UTF8CHAR *label);
  CK_RV (*C_InitPIN)(CK_SESSION_HANDLE s, CK_UTF8CHAR *pin, CK_ULONG pin_len);
  CK_RV (*C_SetPIN)(CK_SESSION_HANDLE s, CK_UTF8CHAR *old, CK_ULONG old_len, CK_UTF8CHAR *new_pin,
                    CK_ULONG new_len);
  CK_RV (*C_OpenSession)(CK_SLOT_ID slot, CK_FLAGS flags, void *app, void *notify, CK_SESSION_HANDLE *s);
  CK_RV (*C_CloseSession)(CK_SESSION_HANDLE s);
  CK_RV (*C_CloseAllSessions)(CK_SLOT_ID slot);
  CK_RV (*C_GetSessionInfo)(CK_SESSION_HANDLE s, CK_SESSION_INFO *info);
  p11_unused_fn C_GetOperationState;
  p11_unused_fn C_SetOperationState;
  CK_RV (*C_Login)(CK_SESSION_HANDLE s, CK_USER_TYPE user, CK_UTF8CHAR *pin, CK_ULONG pin_len);
  CK_RV (*C_Logout)(CK_SESSION_HANDLE s);
  CK_RV (*C_CreateObject)(CK_SESSION_HANDLE s, CK_ATTRIBUTE *tmpl, CK_ULONG n, CK_OBJECT_HANDLE *obj);
  CK_RV (*C_CopyObject)(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE obj, CK_ATTRIBUTE *tmpl, CK_ULONG n,
                        CK_OBJECT_HANDLE *new_obj);
  CK_RV (*C_DestroyObject)(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE obj);
  p11_unused_fn C_GetObjectSize;
  CK_RV (*C_GetAttributeValue)(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE obj, CK_ATTRIBUTE *tmpl, CK_ULONG n);
  CK_RV (*C_SetAttributeValue)(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE obj, CK_ATTRIBUTE *tmpl, CK_ULONG n);
  CK_RV (*C_FindObjectsInit)(CK_SESSION_HANDLE s, CK_ATTRIBUTE *tmpl, CK_ULONG n);
  CK_RV (*C_FindObjects)(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE *objs, CK_ULONG max, CK_ULONG *count);
  CK_RV (*C_FindObjectsFinal)(CK_SESSION_HANDLE s);
  CK_RV (*C_EncryptInit)(CK_SESSION_HANDLE s, CK_MECHANISM *m, CK_OBJECT_HANDLE key);
  CK_RV (*C_Encrypt)(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len);
  CK_RV (*C_EncryptUpdate)(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len);
  CK_RV (*C_EncryptFinal)(CK_SESSION_HANDLE s, CK_BYTE *out, CK_ULONG *out_len);
  CK_RV (*C_DecryptInit)(CK_SESSION_HANDLE s, CK_MECHANISM *m, CK_OBJECT_HANDLE key);
  CK_RV (*C_Decrypt)(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len);
  CK_RV (*C_DecryptUpdate)(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len);
  CK_RV (*C_DecryptFinal)(CK_SESSION_HANDLE s, CK_BYTE *out, CK_ULONG *out_len);
  CK_RV (*C_DigestInit)(CK_SESSION_HANDLE s, CK_MECHANISM *m);
  CK_RV (*C_Digest)(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len);
  CK_RV (*C_DigestUpdate)(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len);
  p11_unused_fn C_DigestKey;
  CK_RV (*C_DigestFinal)(CK_SESSION_HANDLE s, CK_BYTE *out, CK_ULONG *out_len);
  CK_RV (*C_SignInit)(CK_SESSION_HANDLE s, CK_MECHANISM *m, CK_OBJECT_HANDLE key);
  CK_RV (*C_Sign)(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *sig, CK_ULONG *sig_len);
  CK_RV (*C_SignUpdate)(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len);
  CK_RV (*C_SignFinal)(CK_SESSION_HANDLE s, CK_BYTE *sig, CK_ULONG *sig_len);
  p11_unused_fn C_SignRecoverInit;
  p11_unused_fn C_SignRecover;
  CK_RV (*C_VerifyInit)(CK_SESSION_HANDLE s, CK_MECHANISM *m, CK_OBJECT_HANDLE key);
  CK_RV (*C_Verify)(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *sig, CK_ULONG sig_len);
  CK_RV (*C_VerifyUpdate)(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len);
  CK_RV (*C_VerifyFinal)(CK_SESSION_HANDLE s, CK_BYTE *sig, CK_ULONG sig_len);
  p11_unused_fn C_VerifyRecoverInit;
  p11_unused_fn C_VerifyRecover;
  p11_unused_fn C_DigestEncryptUpdate;
  p11_unused_fn C_DecryptDigestUpdate;
  p11_unused_fn C_SignEncryptUpdate;
  p11_unused_fn C_DecryptVerifyUpdate;
  CK_RV (*C_GenerateKey)(CK_SESSION_HANDLE s, CK_MECHANISM *m, CK_ATTRIBUTE *tmpl, CK_ULONG n,
                         CK_OBJECT_HANDLE *key);
  CK_RV (*C_GenerateKeyPair)(CK_SESSION_HANDLE s, CK_MECHANISM *m, CK_ATTRIBUTE *pub, CK_ULONG npub,
                             CK_ATTRIBUTE *priv, CK_ULONG npriv, CK_OBJECT_HANDLE *hpub,
                             CK_OBJECT_HANDLE *hpriv);
  CK_RV (*C_WrapKey)(CK_SESSION_HANDLE s, CK_MECHANISM *m, CK_OBJECT_HANDLE wrapping, CK_OBJECT_HANDLE key,
                     CK_BYTE *out, CK_ULONG *out_len);
  p11_unused_fn C_UnwrapKey;
  p11_unused_fn C_DeriveKey;
  p11_unused_fn C_SeedRandom;
  CK_RV (*C_GenerateRandom)(CK_SESSION_HANDLE s, CK_BYTE *out, CK_ULONG len);
  p11_unused_fn C_GetFunctionStatus;
  p11_unused_fn C_CancelFunction;
  p11_unused_fn C_WaitForSlotEvent;
} CK_FUNCTION_LIST;

typedef CK_RV (*p11_get_function_list_fn)(CK_FUNCTION_LIST **list);
typedef CK_RV (*p11_get_interface_fn)(CK_UTF8CHAR *name, CK_VERSION *version, CK_INTERFACE **iface,
                                      CK_FLAGS flags);

// p11_load dlopen()s `path` and returns its function list (through
// C_GetInterface("PKCS 11") when the module has it, else C_GetFunctionList),
// or NULL with a message on stderr. *used_interface tells which (may be NULL).
static inline CK_FUNCTION_LIST *p11_load(const char *path, void **handle, int *used_interface) {
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (h == NULL) {
    fprintf(stderr, "dlopen %s: %s\n", path, dlerror());
    return NULL;
  }
  *handle = h;
  if (used_interface) *used_interface = 0;
  CK_FUNCTION_LIST *fl = NULL;
  p11_get_interface_fn gi = (p11_get_interface_fn)dlsym(h, "C_GetInterface");
  if (gi != NULL) {
    CK_INTERFACE *iface = NULL;
    if (gi((CK_UTF8CHAR *)"PKCS 11", NULL, &iface, 0) == CKR_OK && iface != NULL &&
        iface->pFunctionList != NULL) {
      fl = (CK_FUNCTION_LIST *)iface->pFunctionList;
      if (used_interface) *used_interface = 1;
      return fl;
    }
  }
  p11_get_function_list_fn gfl = (p11_get_function_list_fn)dlsym(h, "C_GetFunctionList");
  if (gfl == NULL || gfl(&fl) != CKR_OK || fl == NULL) {
    fprintf(stderr, "%s: no usable C_GetInterface/C_GetFunctionList\n", path);
    return NULL;
  }
  return fl;
}

// p11_rv_name: the specification's name of a return value (for messages).
static inline const char *p11_rv_name(CK_RV rv) {
  switch (rv) {
#define P11_RV_CASE(x) \
  case x:              \
    return #x;
    P11_RV_CASE(CKR_OK)
    P11_RV_CASE(CKR_HOST_MEMORY)
    P11_RV_CASE(CKR_SLOT_ID_INVALID)
    P11_RV_CASE(CKR_GENERAL_ERROR)
    P11_RV_CASE(CKR_FUNCTION_FAILED)
    P11_RV_CASE(CKR_ARGUMENTS_BAD)
    P11_RV_CASE(CKR_ATTRIBUTE_READ_ONLY)
    P11_RV_CASE(CKR_ATTRIBUTE_SENSITIVE)
    P11_RV_CASE(CKR_ATTRIBUTE_TYPE_INVALID)
    P11_RV_CASE(CKR_ATTRIBUTE_VALUE_INVALID)
    P11_RV_CASE(CKR_DATA_INVALID)
    P11_RV_CASE(CKR_DATA_LEN_RANGE)
    P11_RV_CASE(CKR_ENCRYPTED_DATA_INVALID)
    P11_RV_CASE(CKR_ENCRYPTED_DATA_LEN_RANGE)
    P11_RV_CASE(CKR_FUNCTION_NOT_SUPPORTED)
    P11_RV_CASE(CKR_KEY_HANDLE_INVALID)
    P11_RV_CASE(CKR_KEY_SIZE_RANGE)
    P11_RV_CASE(CKR_KEY_TYPE_INCONSISTENT)
    P11_RV_CASE(CKR_KEY_FUNCTION_NOT_PERMITTED)
    P11_RV_CASE(CKR_KEY_UNEXTRACTABLE)
    P11_RV_CASE(CKR_MECHANISM_INVALID)
    P11_RV_CASE(CKR_MECHANISM_PARAM_INVALID)
    P11_RV_CASE(CKR_OBJECT_HANDLE_INVALID)
    P11_RV_CASE(CKR_OPERATION_ACTIVE)
    P11_RV_CASE(CKR_OPERATION_NOT_INITIALIZED)
    P11_RV_CASE(CKR_PIN_INCORRECT)
    P11_RV_CASE(CKR_PIN_INVALID)
    P11_RV_CASE(CKR_PIN_LEN_RANGE)
    P11_RV_CASE(CKR_PIN_LOCKED)
    P11_RV_CASE(CKR_SESSION_CLOSED)
    P11_RV_CASE(CKR_SESSION_HANDLE_INVALID)
    P11_RV_CASE(CKR_SESSION_PARALLEL_NOT_SUPPORTED)
    P11_RV_CASE(CKR_SESSION_READ_ONLY)
    P11_RV_CASE(CKR_SESSION_READ_ONLY_EXISTS)
    P11_RV_CASE(CKR_SESSION_EXISTS)
    P11_RV_CASE(CKR_SIGNATURE_INVALID)
    P11_RV_CASE(CKR_SIGNATURE_LEN_RANGE)
    P11_RV_CASE(CKR_TEMPLATE_INCOMPLETE)
    P11_RV_CASE(CKR_TEMPLATE_INCONSISTENT)
    P11_RV_CASE(CKR_TOKEN_NOT_PRESENT)
    P11_RV_CASE(CKR_USER_ALREADY_LOGGED_IN)
    P11_RV_CASE(CKR_USER_NOT_LOGGED_IN)
    P11_RV_CASE(CKR_USER_PIN_NOT_INITIALIZED)
    P11_RV_CASE(CKR_USER_ANOTHER_ALREADY_LOGGED_IN)
    P11_RV_CASE(CKR_WRAPPING_KEY_HANDLE_INVALID)
    P11_RV_CASE(CKR_BUFFER_TOO_SMALL)
    P11_RV_CASE(CKR_CRYPTOKI_NOT_INITIALIZED)
    P11_RV_CASE(CKR_CRYPTOKI_ALREADY_INITIALIZED)
#undef P11_RV_CASE
    default:
      return "CKR_?";
  }
}

// p11_pad32 copies `s` into a blank-padded 32-byte token label field.
static inline void p11_pad32(CK_UTF8CHAR out[32], const char *s) {
  memset(out, ' ', 32);
  size_t n = strlen(s);
  memcpy(out, s, n > 32 ? 32 : n);
}

// p11_find_token: the slot holding the token labelled `label` (1), or the
// first slot with an uninitialised token (0, slot in *slot), or -1.
static inline int p11_find_token(CK_FUNCTION_LIST *f, const char *label, CK_SLOT_ID *slot) {
  CK_SLOT_ID slots[64];
  CK_ULONG n = 64;
  if (f->C_GetSlotList(CK_TRUE, slots, &n) != CKR_OK) return -1;
  CK_UTF8CHAR want[32];
  p11_pad32(want, label);
  int have_free = 0;
  CK_SLOT_ID free_slot = 0;
  for (CK_ULONG i = 0; i < n; i++) {
    CK_TOKEN_INFO ti;
    if (f->C_GetTokenInfo(slots[i], &ti) != CKR_OK) continue;
    if ((ti.flags & CKF_TOKEN_INITIALIZED) && memcmp(ti.label, want, 32) == 0) {
      *slot = slots[i];
      return 1;
    }
    if (!(ti.flags & CKF_TOKEN_INITIALIZED) && !have_free) {
      have_free = 1;
      free_slot = slots[i];
    }
  }
  if (have_free) {
    *slot = free_slot;
    return 0;
  }
  return -1;
}

// p11_setup_token finds the token `label`, initialising it (SO PIN `so`,
// user PIN `pin`) in the first free slot if it does not exist yet.
static inline CK_RV p11_setup_token(CK_FUNCTION_LIST *f, const char *label, const char *so, const char *pin,
                                    CK_SLOT_ID *slot) {
  int r = p11_find_token(f, label, slot);
  if (r == 1) return CKR_OK;
  if (r < 0) return CKR_TOKEN_NOT_PRESENT;
  CK_UTF8CHAR lab[32];
  p11_pad32(lab, label);
  CK_RV rv = f->C_InitToken(*slot, (CK_UTF8CHAR *)so, strlen(so), lab);
  if (rv != CKR_OK) return rv;
  // SoftHSMv2 moves an initialised token to a new slot id: look it up again.
  if (p11_find_token(f, label, slot) != 1) return CKR_GENERAL_ERROR;
  CK_SESSION_HANDLE s;
  rv = f->C_OpenSession(*slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s);
  if (rv != CKR_OK) return rv;
  rv = f->C_Login(s, CKU_SO, (CK_UTF8CHAR *)so, strlen(so));
  if (rv == CKR_OK) rv = f->C_InitPIN(s, (CK_UTF8CHAR *)pin, strlen(pin));
  f->C_Logout(s);
  f->C_CloseSession(s);
  return rv;
}

#endif  // CCE_TESTS_P11_CLIENT_H
