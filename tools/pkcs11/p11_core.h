// p11_core.h: shared internals of the front end of libcce-pkcs11.so
// (p11_core*.c, p11_store*.c). The mechanism half sees only p11.h.

#ifndef CCE_P11_CORE_H
#define CCE_P11_CORE_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "p11.h"

#include "cce/gcm.h"

#define P11_EXPORT __attribute__((visibility("default")))

#define P11_MIN_PIN 4
#define P11_MAX_PIN 128
#define P11_MAX_PIN_TRIES 10
#define P11_DEFAULT_ITERATIONS 100000u
#define P11_MAX_TOKENS 16

// ---------------------------------------------------------------------------
// Token metadata as stored in <token dir>/token.meta (host byte order; the
// whole record is authenticated by `mac`). Two PIN records: the PIN's
// PBKDF2-HMAC-SHA256 output (64 bytes, from `salt` and `iter`) gives a
// verifier key (first half, HMAC'd into `verifier`) and a key-encryption
// key (second half) that wraps the token key with AES-KWP into `wrapped`.

typedef struct p11_pinrec {
  uint8_t salt[16];
  uint32_t iter;
  uint32_t fails;
  uint8_t verifier[32];
  uint8_t wrapped[40];
} p11_pinrec;

typedef struct p11_meta {
  char magic[8];  // "CCEP11TK"
  uint32_t version;
  uint32_t flags;  // P11_META_*
  uint8_t label[32];
  uint8_t serial[16];
  uint8_t epoch[16];   // changes at every C_InitToken
  uint8_t pubkey[32];  // integrity key of public objects and of this record
  p11_pinrec so;
  p11_pinrec user;
  uint8_t mac[32];
} p11_meta;

#define P11_META_INITIALIZED 1u
#define P11_META_USER_PIN 2u

// ---------------------------------------------------------------------------
// Objects.

typedef struct p11_fid {
  uint64_t dev, ino;
  int64_t ctime_ns, size;
} p11_fid;

typedef struct p11_obj {
  CK_OBJECT_HANDLE handle;
  p11_attrs attrs;     // valid when `loaded`
  int token_obj;       // CKA_TOKEN: persistent
  int priv;            // CKA_PRIVATE
  int loaded;          // private token objects are loaded only after login
  uint64_t id;         // store file id (token objects)
  p11_fid fid;         // identity of the store file last read or written
  CK_SESSION_HANDLE owner;  // creating session (session objects)
} p11_obj;

typedef struct p11_token {
  CK_SLOT_ID slot;
  char dir[PATH_MAX];
  int lock_fd;
  int lock_depth;
  p11_meta meta;
  int have_meta;      // token initialised (meta read and valid)
  CK_USER_TYPE login;  // CKU_SO, CKU_USER, or P11_NOBODY
  uint8_t tk[32];      // token key, valid when tk_valid (user or SO logged in)
  int tk_valid;
  cce_gcm_key gk;      // tk expanded
  p11_obj **objs;
  size_t nobjs, cap;
  CK_ULONG nsessions, nrw;
  uint64_t gen_seen;  // generation counter of the store at the last scan
  int gen_valid;
  int force_sync;     // rescan even if the counter did not move (login)
} p11_token;

#define P11_NOBODY ((CK_USER_TYPE)~0UL)

// ---------------------------------------------------------------------------
// Sessions.

typedef struct p11_session {
  CK_SESSION_HANDLE handle;
  p11_token *tok;
  CK_FLAGS flags;
  p11_op *op[P11_OP_KINDS];
  int find_active;
  CK_OBJECT_HANDLE *found;
  size_t nfound, found_pos;
  unsigned busy;  // P11_BUSY(kind): a thread runs it without the global lock
  int closed;     // closed while busy: freed when the last busy call ends
} p11_session;

#define P11_BUSY(kind) (1u << (kind))
#define P11_BUSY_KEYGEN P11_BUSY(P11_OP_KINDS)

// ---------------------------------------------------------------------------
// Global state (p11_core.c). Every entry point takes the global lock.

extern p11_token g_tokens[P11_MAX_TOKENS];
extern size_t g_ntokens;

void p11_lock(void);
void p11_unlock(void);
// p11_enter checks the library is initialised and takes the lock.
CK_RV p11_enter(void);
CK_RV p11_get_session(CK_SESSION_HANDLE h, p11_session **out);
// p11_session_free frees a session that is no longer in the table.
void p11_session_free(p11_session *s);
CK_OBJECT_HANDLE p11_new_handle(void);
CK_RV p11_session_state(const p11_session *s, CK_STATE *st);

// Objects (p11_core_objects.c).
p11_obj *p11_obj_new(void);
void p11_obj_free(p11_obj *o);
CK_RV p11_token_add_obj(p11_token *t, p11_obj *o);
void p11_token_remove_obj(p11_token *t, p11_obj *o);
// p11_find_obj: a visible object of the session's token, or NULL.
p11_obj *p11_find_obj(p11_session *s, CK_OBJECT_HANDLE h);
int p11_obj_visible(const p11_session *s, const p11_obj *o);
CK_RV p11_template_to_attrs(const CK_ATTRIBUTE *t, CK_ULONG n, p11_attrs *out);
// p11_add_key_defaults: fill the defaults of a new key of `cls` (the
// template's CKA_CLASS must agree: CKR_TEMPLATE_INCONSISTENT).
CK_RV p11_add_key_defaults(p11_attrs *a, CK_OBJECT_CLASS cls, int generated);
// p11_finish_key sets the attributes the token computes for a new key
// (CKA_LOCAL, CKA_KEY_GEN_MECHANISM, CKA_ALWAYS_SENSITIVE,
// CKA_NEVER_EXTRACTABLE; `base` is the base key of a derived key or NULL).
CK_RV p11_finish_key(p11_attrs *a, int local, CK_MECHANISM_TYPE gen_mech, const p11_attrs *base);
// p11_check_caller_template rejects attributes only the token may set.
CK_RV p11_check_caller_template(const p11_attrs *a);
// p11_check_new_object: login/RW checks for creating `a`; sets token/priv.
CK_RV p11_check_new_object(p11_session *s, const p11_attrs *a);
// p11_commit_new: add `a` (consumed) as a new object of the session.
CK_RV p11_commit_new(p11_session *s, p11_attrs *a, CK_OBJECT_HANDLE *out);
void p11_session_objects_close(p11_session *s);

// Store (p11_store.c).
CK_RV p11_store_setup(p11_token *t, CK_SLOT_ID slot);
void p11_store_close(p11_token *t);
CK_RV p11_store_lock(p11_token *t);
void p11_store_unlock(p11_token *t);
// p11_store_sync reloads the metadata and the objects changed on disk.
CK_RV p11_store_sync(p11_token *t);
CK_RV p11_store_put(p11_token *t, p11_obj *o);
CK_RV p11_store_del(p11_token *t, p11_obj *o);
CK_RV p11_store_init_token(p11_token *t, const uint8_t *so_pin, size_t so_len, const uint8_t label[32]);
// p11_store_login verifies a PIN (counting failures) and, on success,
// unwraps the token key into t->tk.
CK_RV p11_store_login(p11_token *t, CK_USER_TYPE who, const uint8_t *pin, size_t len);
// p11_store_set_pin stores a new PIN record of `who` (CKU_SO or CKU_USER)
// wrapping the token key t->tk, which the caller has recovered (login).
CK_RV p11_store_set_pin(p11_token *t, CK_USER_TYPE who, const uint8_t *pin, size_t len);
// p11_store_logout forgets the token key and unloads private objects.
void p11_store_logout(p11_token *t);
CK_FLAGS p11_store_token_flags(const p11_token *t);

#endif  // CCE_P11_CORE_H
