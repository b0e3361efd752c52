// p11_core.c: the PKCS#11 front end of libcce-pkcs11.so: library
// initialisation, function lists and interfaces, slots and tokens, sessions,
// login and PINs. Objects are in p11_core_objects.c, cryptographic entry
// points in p11_core_crypto.c, the token store in p11_store.c.

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "p11_core.h"

#include "cce/module.h"
#include "cce/util.h"

// ---------------------------------------------------------------------------
// Global state and locking

p11_token g_tokens[P11_MAX_TOKENS];
size_t g_ntokens;

static _Atomic int g_initialized;
static pthread_mutex_t g_pmutex = PTHREAD_MUTEX_INITIALIZER;
static CK_C_INITIALIZE_ARGS g_cb;  // application mutex callbacks, if used
static void *g_cbmutex;
static int g_use_cb;

static p11_session **g_sessions;
static size_t g_nsessions, g_capsessions;
static CK_SESSION_HANDLE g_next_session = 1;
static CK_OBJECT_HANDLE g_next_handle = 1;

void p11_lock(void) {
  if (g_use_cb)
    g_cb.LockMutex(g_cbmutex);
  else
    pthread_mutex_lock(&g_pmutex);
}

void p11_unlock(void) {
  if (g_use_cb)
    g_cb.UnlockMutex(g_cbmutex);
  else
    pthread_mutex_unlock(&g_pmutex);
}

// A child process after fork() must call C_Initialize again (PKCS#11 3.0,
// 5.4): the atfork handler marks the copied state as stale, without a
// getpid() system call on every entry point.
static _Atomic int g_forked;
static pthread_once_t g_atfork_once = PTHREAD_ONCE_INIT;
static void on_fork_child(void) { g_forked = 1; }
static void register_atfork(void) { (void)pthread_atfork(NULL, NULL, on_fork_child); }

static int initialized(void) { return g_initialized && !g_forked; }

CK_RV p11_enter(void) {
  if (!initialized()) return CKR_CRYPTOKI_NOT_INITIALIZED;
  p11_lock();
  if (!initialized()) {
    p11_unlock();
    return CKR_CRYPTOKI_NOT_INITIALIZED;
  }
  return CKR_OK;
}

CK_OBJECT_HANDLE p11_new_handle(void) { return g_next_handle++; }

CK_RV p11_get_session(CK_SESSION_HANDLE h, p11_session **out) {
  for (size_t i = 0; i < g_nsessions; i++) {
    if (g_sessions[i]->handle == h) {
      *out = g_sessions[i];
      return CKR_OK;
    }
  }
  return CKR_SESSION_HANDLE_INVALID;
}

CK_RV p11_session_state(const p11_session *s, CK_STATE *st) {
  int rw = (s->flags & CKF_RW_SESSION) != 0;
  switch (s->tok->login) {
    case CKU_SO:
      *st = CKS_RW_SO_FUNCTIONS;
      break;
    case CKU_USER:
      *st = rw ? CKS_RW_USER_FUNCTIONS : CKS_RO_USER_FUNCTIONS;
      break;
    default:
      *st = rw ? CKS_RW_PUBLIC_SESSION : CKS_RO_PUBLIC_SESSION;
      break;
  }
  return CKR_OK;
}

static void padcpy(CK_UTF8CHAR *dst, size_t cap, const char *src) {
  size_t n = strlen(src);
  memset(dst, ' ', cap);
  memcpy(dst, src, n < cap ? n : cap);
}

// ---------------------------------------------------------------------------
// Initialisation

void p11_session_free(p11_session *s) {
  for (int k = 0; k < P11_OP_KINDS; k++) p11_op_free(s->op[k]);
  free(s->found);
  free(s);
}

static void close_all(void) {
  for (size_t i = 0; i < g_nsessions; i++) {
    p11_session_objects_close(g_sessions[i]);
    p11_session_free(g_sessions[i]);
  }
  free(g_sessions);
  g_sessions = NULL;
  g_nsessions = g_capsessions = 0;
  for (size_t i = 0; i < g_ntokens; i++) p11_store_close(&g_tokens[i]);
  g_ntokens = 0;
}

CK_RV C_Initialize(CK_VOID_PTR pInitArgs) {
  CK_C_INITIALIZE_ARGS args;
  memset(&args, 0, sizeof(args));
  if (pInitArgs != NULL) {
    memcpy(&args, pInitArgs, sizeof(args));
    if (args.pReserved != NULL) return CKR_ARGUMENTS_BAD;
    int n = (args.CreateMutex != NULL) + (args.DestroyMutex != NULL) + (args.LockMutex != NULL) +
            (args.UnlockMutex != NULL);
    if (n != 0 && n != 4) return CKR_ARGUMENTS_BAD;
  }
  pthread_once(&g_atfork_once, register_atfork);
  if (g_forked) pthread_mutex_init(&g_pmutex, NULL);  // may have been copied locked
  pthread_mutex_lock(&g_pmutex);
  if (g_initialized && !g_forked) {
    pthread_mutex_unlock(&g_pmutex);
    return CKR_CRYPTOKI_ALREADY_INITIALIZED;
  }
  if (g_initialized) {
    // Initialised in the parent before fork(): start afresh in the child,
    // without touching the parent's locks or files.
    for (size_t i = 0; i < g_ntokens; i++) {
      if (g_tokens[i].lock_fd >= 0) close(g_tokens[i].lock_fd);
      g_tokens[i].lock_fd = -1;
      g_tokens[i].lock_depth = 0;
    }
    close_all();
    g_initialized = 0;
  }
  CK_RV rv = CKR_OK;
  g_use_cb = 0;
  if (args.CreateMutex != NULL && !(args.flags & CKF_OS_LOCKING_OK)) {
    // The application wants its own mutexes used.
    if (args.CreateMutex(&g_cbmutex) != CKR_OK) {
      pthread_mutex_unlock(&g_pmutex);
      return CKR_CANT_LOCK;
    }
    g_cb = args;
  }
  if (cce_module_status() == CCE_STATE_ERROR) {
    rv = CKR_FIPS_SELF_TEST_FAILED;
    goto out;
  }
  size_t ntok = 1;
  const char *e = getenv("CCE_P11_TOKENS");
  if (e != NULL && *e) {
    long v = strtol(e, NULL, 10);
    if (v >= 1 && v <= P11_MAX_TOKENS) ntok = (size_t)v;
  }
  for (size_t i = 0; i < ntok; i++) {
    if ((rv = p11_store_setup(&g_tokens[i], (CK_SLOT_ID)i)) != CKR_OK) {
      g_ntokens = i + 1;
      close_all();
      goto out;
    }
  }
  g_ntokens = ntok;
  g_forked = 0;
  g_initialized = 1;
  if (g_cb.CreateMutex != NULL) g_use_cb = 1;
out:
  if (rv != CKR_OK && g_cb.CreateMutex != NULL) {
    g_cb.DestroyMutex(g_cbmutex);
    memset(&g_cb, 0, sizeof(g_cb));
  }
  pthread_mutex_unlock(&g_pmutex);
  return rv;
}

CK_RV C_Finalize(CK_VOID_PTR pReserved) {
  if (pReserved != NULL) return CKR_ARGUMENTS_BAD;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  close_all();
  g_initialized = 0;
  int cb = g_use_cb;
  p11_unlock();
  if (cb) {
    g_use_cb = 0;
    g_cb.DestroyMutex(g_cbmutex);
    memset(&g_cb, 0, sizeof(g_cb));
  }
  return CKR_OK;
}

CK_RV C_GetInfo(CK_INFO_PTR pInfo) {
  if (!initialized()) return CKR_CRYPTOKI_NOT_INITIALIZED;
  if (pInfo == NULL) return CKR_ARGUMENTS_BAD;
  memset(pInfo, 0, sizeof(*pInfo));
  pInfo->cryptokiVersion.major = 3;
  pInfo->cryptokiVersion.minor = 0;
  padcpy(pInfo->manufacturerID, sizeof(pInfo->manufacturerID), "OpenCCE");
  padcpy(pInfo->libraryDescription, sizeof(pInfo->libraryDescription), "OpenCCE PKCS#11 module");
  pInfo->libraryVersion.major = 1;
  pInfo->libraryVersion.minor = 0;
  return CKR_OK;
}

// ---------------------------------------------------------------------------
// Function lists and interfaces

#define P11_FIELD_(name, args) .name = name,
static CK_FUNCTION_LIST g_list_240 = {.version = {2, 40}, CCE_P11_FUNCS_2_40(P11_FIELD_)};
static CK_FUNCTION_LIST_3_0 g_list_30 = {.version = {3, 0}, CCE_P11_FUNCS_2_40(P11_FIELD_)
                                                                CCE_P11_FUNCS_3_0(P11_FIELD_)};
static CK_FUNCTION_LIST_3_2 g_list_32 = {.version = {3, 2}, CCE_P11_FUNCS_2_40(P11_FIELD_)
                                                                CCE_P11_FUNCS_3_0(P11_FIELD_)
                                                                    CCE_P11_FUNCS_3_2(P11_FIELD_)};

static CK_CHAR g_ifname[] = "PKCS 11";
// The first interface is the default one (C_GetInterface with no name).
static CK_INTERFACE g_interfaces[] = {
    {g_ifname, &g_list_30, 0},
    {g_ifname, &g_list_32, 0},
    {g_ifname, &g_list_240, 0},
};
#define N_INTERFACES (sizeof(g_interfaces) / sizeof(g_interfaces[0]))

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList) {
  if (ppFunctionList == NULL) return CKR_ARGUMENTS_BAD;
  *ppFunctionList = &g_list_240;
  return CKR_OK;
}

CK_RV C_GetInterfaceList(CK_INTERFACE_PTR pInterfacesList, CK_ULONG_PTR pulCount) {
  if (pulCount == NULL) return CKR_ARGUMENTS_BAD;
  if (pInterfacesList == NULL) {
    *pulCount = N_INTERFACES;
    return CKR_OK;
  }
  if (*pulCount < N_INTERFACES) {
    *pulCount = N_INTERFACES;
    return CKR_BUFFER_TOO_SMALL;
  }
  memcpy(pInterfacesList, g_interfaces, sizeof(g_interfaces));
  *pulCount = N_INTERFACES;
  return CKR_OK;
}

CK_RV C_GetInterface(CK_UTF8CHAR_PTR pInterfaceName, CK_VERSION_PTR pVersion, CK_INTERFACE_PTR_PTR ppInterface,
                     CK_FLAGS flags) {
  if (ppInterface == NULL) return CKR_ARGUMENTS_BAD;
  for (size_t i = 0; i < N_INTERFACES; i++) {
    CK_INTERFACE *it = &g_interfaces[i];
    const CK_VERSION *v = (const CK_VERSION *)it->pFunctionList;  // version is the first member
    if (pInterfaceName != NULL && strcmp((const char *)pInterfaceName, (const char *)it->pInterfaceName) != 0)
      continue;
    if (pVersion != NULL && (pVersion->major != v->major || pVersion->minor != v->minor)) continue;
    if ((flags & it->flags) != flags) continue;
    *ppInterface = it;
    return CKR_OK;
  }
  return CKR_ARGUMENTS_BAD;
}

// ---------------------------------------------------------------------------
// Slots and tokens

static CK_RV get_token(CK_SLOT_ID id, p11_token **t) {
  if (id >= g_ntokens) return CKR_SLOT_ID_INVALID;
  *t = &g_tokens[id];
  return CKR_OK;
}

CK_RV C_GetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR pSlotList, CK_ULONG_PTR pulCount) {
  (void)tokenPresent;  // the token is always present
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if (pulCount == NULL) {
    rv = CKR_ARGUMENTS_BAD;
  } else if (pSlotList == NULL) {
    *pulCount = g_ntokens;
  } else if (*pulCount < g_ntokens) {
    *pulCount = g_ntokens;
    rv = CKR_BUFFER_TOO_SMALL;
  } else {
    for (size_t i = 0; i < g_ntokens; i++) pSlotList[i] = i;
    *pulCount = g_ntokens;
  }
  p11_unlock();
  return rv;
}

CK_RV C_GetSlotInfo(CK_SLOT_ID slotID, CK_SLOT_INFO_PTR pInfo) {
  p11_token *t;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = get_token(slotID, &t)) == CKR_OK) {
    if (pInfo == NULL) {
      rv = CKR_ARGUMENTS_BAD;
    } else {
      memset(pInfo, 0, sizeof(*pInfo));
      padcpy(pInfo->slotDescription, sizeof(pInfo->slotDescription), "OpenCCE software token slot");
      padcpy(pInfo->manufacturerID, sizeof(pInfo->manufacturerID), "OpenCCE");
      pInfo->flags = CKF_TOKEN_PRESENT;
      pInfo->hardwareVersion.major = 1;
      pInfo->firmwareVersion.major = 1;
    }
  }
  p11_unlock();
  return rv;
}

CK_RV C_GetTokenInfo(CK_SLOT_ID slotID, CK_TOKEN_INFO_PTR pInfo) {
  p11_token *t;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = get_token(slotID, &t)) != CKR_OK) goto out;
  if (pInfo == NULL) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  (void)p11_store_sync(t);  // fresh PIN counters; failures keep the cached view
  memset(pInfo, 0, sizeof(*pInfo));
  if (t->have_meta)
    memcpy(pInfo->label, t->meta.label, 32);
  else
    padcpy(pInfo->label, sizeof(pInfo->label), "");
  padcpy(pInfo->manufacturerID, sizeof(pInfo->manufacturerID), "OpenCCE");
  padcpy(pInfo->model, sizeof(pInfo->model), "cce-pkcs11");
  if (t->have_meta)
    memcpy(pInfo->serialNumber, t->meta.serial, 16);
  else
    memset(pInfo->serialNumber, ' ', 16);
  pInfo->flags = p11_store_token_flags(t);
  pInfo->ulMaxSessionCount = CK_EFFECTIVELY_INFINITE;
  pInfo->ulSessionCount = t->nsessions;
  pInfo->ulMaxRwSessionCount = CK_EFFECTIVELY_INFINITE;
  pInfo->ulRwSessionCount = t->nrw;
  pInfo->ulMaxPinLen = P11_MAX_PIN;
  pInfo->ulMinPinLen = P11_MIN_PIN;
  pInfo->ulTotalPublicMemory = CK_UNAVAILABLE_INFORMATION;
  pInfo->ulFreePublicMemory = CK_UNAVAILABLE_INFORMATION;
  pInfo->ulTotalPrivateMemory = CK_UNAVAILABLE_INFORMATION;
  pInfo->ulFreePrivateMemory = CK_UNAVAILABLE_INFORMATION;
  pInfo->hardwareVersion.major = 1;
  pInfo->firmwareVersion.major = 1;
  memset(pInfo->utcTime, ' ', sizeof(pInfo->utcTime));
out:
  p11_unlock();
  return rv;
}

CK_RV C_GetMechanismList(CK_SLOT_ID slotID, CK_MECHANISM_TYPE_PTR pMechanismList, CK_ULONG_PTR pulCount) {
  p11_token *t;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = get_token(slotID, &t)) == CKR_OK)
    rv = pulCount == NULL ? CKR_ARGUMENTS_BAD : p11_mech_list(pMechanismList, pulCount);
  p11_unlock();
  return rv;
}

CK_RV C_GetMechanismInfo(CK_SLOT_ID slotID, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR pInfo) {
  p11_token *t;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = get_token(slotID, &t)) == CKR_OK) rv = pInfo == NULL ? CKR_ARGUMENTS_BAD : p11_mech_info(type, pInfo);
  p11_unlock();
  return rv;
}

static CK_RV pin_ok(CK_UTF8CHAR_PTR pin, CK_ULONG len) {
  if (pin == NULL) return CKR_ARGUMENTS_BAD;
  if (len < P11_MIN_PIN || len > P11_MAX_PIN) return CKR_PIN_LEN_RANGE;
  return CKR_OK;
}

CK_RV C_InitToken(CK_SLOT_ID slotID, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen, CK_UTF8CHAR_PTR pLabel) {
  p11_token *t;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = get_token(slotID, &t)) != CKR_OK) goto out;
  if (pLabel == NULL) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  (void)p11_store_sync(t);
  if ((rv = pin_ok(pPin, ulPinLen)) != CKR_OK) {
    // A new SO PIN must have a valid length; the current one is just wrong.
    if (rv == CKR_PIN_LEN_RANGE && t->have_meta) rv = CKR_PIN_INCORRECT;
    goto out;
  }
  if (t->nsessions > 0) {
    rv = CKR_SESSION_EXISTS;
    goto out;
  }
  rv = p11_store_init_token(t, pPin, ulPinLen, pLabel);
out:
  p11_unlock();
  return rv;
}

CK_RV C_InitPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  if (s->tok->login != CKU_SO) {
    rv = CKR_USER_NOT_LOGGED_IN;
    goto out;
  }
  if (!(s->flags & CKF_RW_SESSION)) {
    rv = CKR_SESSION_READ_ONLY;
    goto out;
  }
  if ((rv = pin_ok(pPin, ulPinLen)) != CKR_OK) goto out;
  rv = p11_store_set_pin(s->tok, CKU_USER, pPin, ulPinLen);
out:
  p11_unlock();
  return rv;
}

CK_RV C_SetPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pOldPin, CK_ULONG ulOldLen, CK_UTF8CHAR_PTR pNewPin,
               CK_ULONG ulNewLen) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  if (pOldPin == NULL || pNewPin == NULL) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  if (!(s->flags & CKF_RW_SESSION)) {
    rv = CKR_SESSION_READ_ONLY;
    goto out;
  }
  if ((rv = pin_ok(pNewPin, ulNewLen)) != CKR_OK) goto out;
  p11_token *t = s->tok;
  CK_USER_TYPE who = t->login == CKU_SO ? CKU_SO : CKU_USER;
  CK_USER_TYPE was = t->login;
  if (ulOldLen > P11_MAX_PIN) {
    rv = CKR_PIN_INCORRECT;
    goto out;
  }
  // Checks the old PIN (counting a failure) and recovers the token key.
  if ((rv = p11_store_login(t, who, pOldPin, ulOldLen)) != CKR_OK) goto out;
  rv = p11_store_set_pin(t, who, pNewPin, ulNewLen);
  if (was == P11_NOBODY) {
    p11_store_logout(t);
  }
out:
  p11_unlock();
  return rv;
}

// ---------------------------------------------------------------------------
// Sessions

CK_RV C_OpenSession(CK_SLOT_ID slotID, CK_FLAGS flags, CK_VOID_PTR pApplication, CK_NOTIFY Notify,
                    CK_SESSION_HANDLE_PTR phSession) {
  (void)pApplication;
  (void)Notify;
  p11_token *t;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = get_token(slotID, &t)) != CKR_OK) goto out;
  if (phSession == NULL) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  if (!(flags & CKF_SERIAL_SESSION)) {
    rv = CKR_SESSION_PARALLEL_NOT_SUPPORTED;
    goto out;
  }
  if (!(flags & CKF_RW_SESSION) && t->login == CKU_SO) {
    rv = CKR_SESSION_READ_WRITE_SO_EXISTS;
    goto out;
  }
  (void)p11_store_sync(t);
  p11_session *s = calloc(1, sizeof(*s));
  if (s == NULL) {
    rv = CKR_HOST_MEMORY;
    goto out;
  }
  if (g_nsessions == g_capsessions) {
    size_t cap = g_capsessions ? 2 * g_capsessions : 16;
    p11_session **ns = realloc(g_sessions, cap * sizeof(*ns));
    if (ns == NULL) {
      free(s);
      rv = CKR_HOST_MEMORY;
      goto out;
    }
    g_sessions = ns;
    g_capsessions = cap;
  }
  s->handle = g_next_session++;
  s->tok = t;
  s->flags = (flags & CKF_RW_SESSION) | CKF_SERIAL_SESSION;
  g_sessions[g_nsessions++] = s;
  t->nsessions++;
  if (flags & CKF_RW_SESSION) t->nrw++;
  *phSession = s->handle;
out:
  p11_unlock();
  return rv;
}

static void close_session_at(size_t i) {
  p11_session *s = g_sessions[i];
  p11_token *t = s->tok;
  p11_session_objects_close(s);
  g_sessions[i] = g_sessions[--g_nsessions];
  t->nsessions--;
  if (s->flags & CKF_RW_SESSION) t->nrw--;
  // A session closed while another thread runs one of its operations is
  // freed by that thread when the operation returns (p11_busy_end).
  if (s->busy)
    s->closed = 1;
  else
    p11_session_free(s);
  // The last session closed logs the application out.
  if (t->nsessions == 0 && t->login != P11_NOBODY) p11_store_logout(t);
}

CK_RV C_CloseSession(CK_SESSION_HANDLE hSession) {
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  rv = CKR_SESSION_HANDLE_INVALID;
  for (size_t i = 0; i < g_nsessions; i++) {
    if (g_sessions[i]->handle == hSession) {
      close_session_at(i);
      rv = CKR_OK;
      break;
    }
  }
  p11_unlock();
  return rv;
}

CK_RV C_CloseAllSessions(CK_SLOT_ID slotID) {
  p11_token *t;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = get_token(slotID, &t)) == CKR_OK) {
    for (size_t i = g_nsessions; i-- > 0;) {
      if (i < g_nsessions && g_sessions[i]->tok == t) close_session_at(i);
    }
  }
  p11_unlock();
  return rv;
}

CK_RV C_GetSessionInfo(CK_SESSION_HANDLE hSession, CK_SESSION_INFO_PTR pInfo) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) == CKR_OK) {
    if (pInfo == NULL) {
      rv = CKR_ARGUMENTS_BAD;
    } else {
      memset(pInfo, 0, sizeof(*pInfo));
      pInfo->slotID = s->tok->slot;
      p11_session_state(s, &pInfo->state);
      pInfo->flags = s->flags;
    }
  }
  p11_unlock();
  return rv;
}

CK_RV C_Login(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  p11_token *t = s->tok;
  if (pPin == NULL) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  if (userType != CKU_SO && userType != CKU_USER && userType != CKU_CONTEXT_SPECIFIC) {
    rv = CKR_USER_TYPE_INVALID;
    goto out;
  }
  if (userType == CKU_CONTEXT_SPECIFIC) {
    // Re-authentication for a key with CKA_ALWAYS_AUTHENTICATE: check the
    // PIN of the logged-in user.
    if (t->login != CKU_USER) {
      rv = CKR_USER_NOT_LOGGED_IN;
      goto out;
    }
    rv = ulPinLen > P11_MAX_PIN ? CKR_PIN_INCORRECT : p11_store_login(t, CKU_USER, pPin, ulPinLen);
    goto out;
  }
  if (t->login == userType) {
    rv = CKR_USER_ALREADY_LOGGED_IN;
    goto out;
  }
  if (t->login != P11_NOBODY) {
    rv = CKR_USER_ANOTHER_ALREADY_LOGGED_IN;
    goto out;
  }
  if (userType == CKU_SO) {
    for (size_t i = 0; i < g_nsessions; i++) {
      if (g_sessions[i]->tok == t && !(g_sessions[i]->flags & CKF_RW_SESSION)) {
        rv = CKR_SESSION_READ_ONLY_EXISTS;
        goto out;
      }
    }
  }
  if (ulPinLen > P11_MAX_PIN) {
    rv = CKR_PIN_INCORRECT;
    goto out;
  }
  rv = p11_store_login(t, userType, pPin, ulPinLen);
  if (rv != CKR_OK) goto out;
  t->login = userType;
  if (userType == CKU_USER) (void)p11_store_sync(t);  // decrypts private objects
out:
  p11_unlock();
  return rv;
}

CK_RV C_Logout(CK_SESSION_HANDLE hSession) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) == CKR_OK) {
    if (s->tok->login == P11_NOBODY)
      rv = CKR_USER_NOT_LOGGED_IN;
    else
      p11_store_logout(s->tok);
  }
  p11_unlock();
  return rv;
}

// ---------------------------------------------------------------------------
// Functions this library does not offer.

static CK_RV not_supported(void) {
  return initialized() ? CKR_FUNCTION_NOT_SUPPORTED : CKR_CRYPTOKI_NOT_INITIALIZED;
}

CK_RV C_GetOperationState(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pOperationState,
                          CK_ULONG_PTR pulOperationStateLen) {
  (void)hSession, (void)pOperationState, (void)pulOperationStateLen;
  return not_supported();
}
CK_RV C_SetOperationState(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pOperationState, CK_ULONG ulOperationStateLen,
                          CK_OBJECT_HANDLE hEncryptionKey, CK_OBJECT_HANDLE hAuthenticationKey) {
  (void)hSession, (void)pOperationState, (void)ulOperationStateLen, (void)hEncryptionKey,
      (void)hAuthenticationKey;
  return not_supported();
}
CK_RV C_SignRecoverInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey) {
  (void)hSession, (void)pMechanism, (void)hKey;
  return not_supported();
}
CK_RV C_SignRecover(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,
                    CK_ULONG_PTR pulSignatureLen) {
  (void)hSession, (void)pData, (void)ulDataLen, (void)pSignature, (void)pulSignatureLen;
  return not_supported();
}
CK_RV C_VerifyRecoverInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey) {
  (void)hSession, (void)pMechanism, (void)hKey;
  return not_supported();
}
CK_RV C_VerifyRecover(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen,
                      CK_BYTE_PTR pData, CK_ULONG_PTR pulDataLen) {
  (void)hSession, (void)pSignature, (void)ulSignatureLen, (void)pData, (void)pulDataLen;
  return not_supported();
}
CK_RV C_DigestEncryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen,
                            CK_BYTE_PTR pEncryptedPart, CK_ULONG_PTR pulEncryptedPartLen) {
  (void)hSession, (void)pPart, (void)ulPartLen, (void)pEncryptedPart, (void)pulEncryptedPartLen;
  return not_supported();
}
CK_RV C_DecryptDigestUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart, CK_ULONG ulEncryptedPartLen,
                            CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen) {
  (void)hSession, (void)pEncryptedPart, (void)ulEncryptedPartLen, (void)pPart, (void)pulPartLen;
  return not_supported();
}
CK_RV C_SignEncryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen,
                          CK_BYTE_PTR pEncryptedPart, CK_ULONG_PTR pulEncryptedPartLen) {
  (void)hSession, (void)pPart, (void)ulPartLen, (void)pEncryptedPart, (void)pulEncryptedPartLen;
  return not_supported();
}
CK_RV C_DecryptVerifyUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart, CK_ULONG ulEncryptedPartLen,
                            CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen) {
  (void)hSession, (void)pEncryptedPart, (void)ulEncryptedPartLen, (void)pPart, (void)pulPartLen;
  return not_supported();
}
CK_RV C_GetFunctionStatus(CK_SESSION_HANDLE hSession) {
  (void)hSession;
  return initialized() ? CKR_FUNCTION_NOT_PARALLEL : CKR_CRYPTOKI_NOT_INITIALIZED;
}
CK_RV C_CancelFunction(CK_SESSION_HANDLE hSession) {
  (void)hSession;
  return initialized() ? CKR_FUNCTION_NOT_PARALLEL : CKR_CRYPTOKI_NOT_INITIALIZED;
}
CK_RV C_WaitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID_PTR pSlot, CK_VOID_PTR pReserved) {
  (void)flags, (void)pSlot, (void)pReserved;
  return not_supported();
}
CK_RV C_LoginUser(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen,
                  CK_UTF8CHAR_PTR pUsername, CK_ULONG ulUsernameLen) {
  // Tokens without user names: the name is ignored (PKCS#11 3.0, 5.6).
  (void)pUsername, (void)ulUsernameLen;
  return C_Login(hSession, userType, pPin, ulPinLen);
}
CK_RV C_SessionCancel(CK_SESSION_HANDLE hSession, CK_FLAGS flags) {
  (void)hSession, (void)flags;
  return not_supported();
}

// Message-based functions (PKCS#11 3.0 section 5.12 and following).
#define P11_UNSUPPORTED_(name, args)                                        \
  CK_RV name args {                                                         \
    return not_supported();                                                 \
  }
#define P11_MSG_FUNCS(X)                                                                                       \
  X(C_MessageEncryptInit, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b, CK_OBJECT_HANDLE c))                       \
  X(C_EncryptMessage, (CK_SESSION_HANDLE a, CK_VOID_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG e,               \
                       CK_BYTE_PTR f, CK_ULONG g, CK_BYTE_PTR h, CK_ULONG_PTR i))                               \
  X(C_EncryptMessageBegin, (CK_SESSION_HANDLE a, CK_VOID_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG e))         \
  X(C_EncryptMessageNext, (CK_SESSION_HANDLE a, CK_VOID_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG e,           \
                           CK_BYTE_PTR f, CK_ULONG_PTR g, CK_FLAGS h))                                          \
  X(C_MessageEncryptFinal, (CK_SESSION_HANDLE a))                                                              \
  X(C_MessageDecryptInit, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b, CK_OBJECT_HANDLE c))                       \
  X(C_DecryptMessage, (CK_SESSION_HANDLE a, CK_VOID_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG e,               \
                       CK_BYTE_PTR f, CK_ULONG g, CK_BYTE_PTR h, CK_ULONG_PTR i))                               \
  X(C_DecryptMessageBegin, (CK_SESSION_HANDLE a, CK_VOID_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG e))         \
  X(C_DecryptMessageNext, (CK_SESSION_HANDLE a, CK_VOID_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG e,           \
                           CK_BYTE_PTR f, CK_ULONG_PTR g, CK_FLAGS h))                                          \
  X(C_MessageDecryptFinal, (CK_SESSION_HANDLE a))                                                              \
  X(C_MessageSignInit, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b, CK_OBJECT_HANDLE c))                          \
  X(C_SignMessage, (CK_SESSION_HANDLE a, CK_VOID_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG e, CK_BYTE_PTR f,   \
                    CK_ULONG_PTR g))                                                                            \
  X(C_SignMessageBegin, (CK_SESSION_HANDLE a, CK_VOID_PTR b, CK_ULONG c))                                      \
  X(C_SignMessageNext, (CK_SESSION_HANDLE a, CK_VOID_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG e,              \
                        CK_BYTE_PTR f, CK_ULONG_PTR g))                                                         \
  X(C_MessageSignFinal, (CK_SESSION_HANDLE a))                                                                 \
  X(C_MessageVerifyInit, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b, CK_OBJECT_HANDLE c))                        \
  X(C_VerifyMessage, (CK_SESSION_HANDLE a, CK_VOID_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG e,                \
                      CK_BYTE_PTR f, CK_ULONG g))                                                               \
  X(C_VerifyMessageBegin, (CK_SESSION_HANDLE a, CK_VOID_PTR b, CK_ULONG c))                                    \
  X(C_VerifyMessageNext, (CK_SESSION_HANDLE a, CK_VOID_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG e,            \
                          CK_BYTE_PTR f, CK_ULONG g))                                                           \
  X(C_MessageVerifyFinal, (CK_SESSION_HANDLE a))                                                               \
  X(C_VerifySignatureInit, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b, CK_OBJECT_HANDLE c, CK_BYTE_PTR d,         \
                            CK_ULONG e))                                                                        \
  X(C_VerifySignature, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c))                                       \
  X(C_VerifySignatureUpdate, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c))                                 \
  X(C_VerifySignatureFinal, (CK_SESSION_HANDLE a))                                                             \
  X(C_GetSessionValidationFlags, (CK_SESSION_HANDLE a, CK_SESSION_VALIDATION_FLAGS_TYPE b, CK_FLAGS_PTR c))    \
  X(C_AsyncComplete, (CK_SESSION_HANDLE a, CK_UTF8CHAR_PTR b, CK_ASYNC_DATA_PTR c))                            \
  X(C_AsyncGetID, (CK_SESSION_HANDLE a, CK_UTF8CHAR_PTR b, CK_ULONG_PTR c))                                    \
  X(C_AsyncJoin, (CK_SESSION_HANDLE a, CK_UTF8CHAR_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG e))              \
  X(C_WrapKeyAuthenticated, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b, CK_OBJECT_HANDLE c, CK_OBJECT_HANDLE d,   \
                             CK_BYTE_PTR e, CK_ULONG f, CK_BYTE_PTR g, CK_ULONG_PTR h))                         \
  X(C_UnwrapKeyAuthenticated, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b, CK_OBJECT_HANDLE c, CK_BYTE_PTR d,      \
                               CK_ULONG e, CK_ATTRIBUTE_PTR f, CK_ULONG g, CK_BYTE_PTR h, CK_ULONG i,           \
                               CK_OBJECT_HANDLE_PTR j))

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
P11_MSG_FUNCS(P11_UNSUPPORTED_)
#pragma GCC diagnostic pop
