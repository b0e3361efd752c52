// p11_core_objects.c: objects and their attribute policy in libcce-pkcs11.so
// (C_CreateObject, C_CopyObject, C_DestroyObject, C_GetObjectSize,
// C_GetAttributeValue, C_SetAttributeValue, C_FindObjects*).

#include <stdlib.h>
#include <string.h>

#include "p11_core.h"

#include "cce/rand.h"
#include "cce/util.h"

// ---------------------------------------------------------------------------
// Object lists

p11_obj *p11_obj_new(void) { return calloc(1, sizeof(p11_obj)); }

void p11_obj_free(p11_obj *o) {
  if (o == NULL) return;
  p11_attrs_free(&o->attrs);
  free(o);
}

CK_RV p11_token_add_obj(p11_token *t, p11_obj *o) {
  if (t->nobjs == t->cap) {
    size_t cap = t->cap ? 2 * t->cap : 32;
    p11_obj **n = realloc(t->objs, cap * sizeof(*n));
    if (n == NULL) return CKR_HOST_MEMORY;
    t->objs = n;
    t->cap = cap;
  }
  t->objs[t->nobjs++] = o;
  return CKR_OK;
}

void p11_token_remove_obj(p11_token *t, p11_obj *o) {
  for (size_t i = 0; i < t->nobjs; i++) {
    if (t->objs[i] == o) {
      memmove(&t->objs[i], &t->objs[i + 1], (t->nobjs - i - 1) * sizeof(*t->objs));
      t->nobjs--;
      return;
    }
  }
}

int p11_obj_visible(const p11_session *s, const p11_obj *o) {
  if (!o->loaded) return 0;
  if (o->priv && s->tok->login != CKU_USER) return 0;
  return 1;
}

// t->objs is sorted by handle: handles increase and objects are appended
// when they get one; removals keep the order.
p11_obj *p11_find_obj(p11_session *s, CK_OBJECT_HANDLE h) {
  p11_token *t = s->tok;
  size_t lo = 0, hi = t->nobjs;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    CK_OBJECT_HANDLE mh = t->objs[mid]->handle;
    if (mh == h) return p11_obj_visible(s, t->objs[mid]) ? t->objs[mid] : NULL;
    if (mh < h)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

void p11_session_objects_close(p11_session *s) {
  p11_token *t = s->tok;
  size_t j = 0;
  for (size_t i = 0; i < t->nobjs; i++) {
    p11_obj *o = t->objs[i];
    if (!o->token_obj && o->owner == s->handle)
      p11_obj_free(o);
    else
      t->objs[j++] = o;
  }
  t->nobjs = j;
}

// ---------------------------------------------------------------------------
// Attribute kinds

static int is_bool_attr(CK_ATTRIBUTE_TYPE t) {
  switch (t) {
    case CKA_TOKEN:
    case CKA_PRIVATE:
    case CKA_MODIFIABLE:
    case CKA_COPYABLE:
    case CKA_DESTROYABLE:
    case CKA_SENSITIVE:
    case CKA_ENCRYPT:
    case CKA_DECRYPT:
    case CKA_WRAP:
    case CKA_UNWRAP:
    case CKA_SIGN:
    case CKA_SIGN_RECOVER:
    case CKA_VERIFY:
    case CKA_VERIFY_RECOVER:
    case CKA_DERIVE:
    case CKA_EXTRACTABLE:
    case CKA_LOCAL:
    case CKA_NEVER_EXTRACTABLE:
    case CKA_ALWAYS_SENSITIVE:
    case CKA_TRUSTED:
    case CKA_WRAP_WITH_TRUSTED:
    case CKA_ALWAYS_AUTHENTICATE:
    case CKA_ENCAPSULATE:
    case CKA_DECAPSULATE:
      return 1;
    default:
      return 0;
  }
}

static int is_ulong_attr(CK_ATTRIBUTE_TYPE t) {
  switch (t) {
    case CKA_CLASS:
    case CKA_KEY_TYPE:
    case CKA_CERTIFICATE_TYPE:
    case CKA_CERTIFICATE_CATEGORY:
    case CKA_MODULUS_BITS:
    case CKA_VALUE_LEN:
    case CKA_PARAMETER_SET:
    case CKA_KEY_GEN_MECHANISM:
      return 1;
    default:
      return 0;
  }
}

// Secret components: never revealed for a sensitive or unextractable key.
static int is_secret_component(CK_OBJECT_CLASS cls, CK_ATTRIBUTE_TYPE t) {
  if (cls != CKO_PRIVATE_KEY && cls != CKO_SECRET_KEY) return 0;
  switch (t) {
    case CKA_VALUE:
    case CKA_PRIVATE_EXPONENT:
    case CKA_PRIME_1:
    case CKA_PRIME_2:
    case CKA_EXPONENT_1:
    case CKA_EXPONENT_2:
    case CKA_COEFFICIENT:
    case CKA_SEED:
      return 1;
    default:
      return 0;
  }
}

// Attributes nobody may set (the token computes them).
static int is_token_computed(CK_ATTRIBUTE_TYPE t) {
  return t == CKA_LOCAL || t == CKA_ALWAYS_SENSITIVE || t == CKA_NEVER_EXTRACTABLE || t == CKA_KEY_GEN_MECHANISM ||
         t == CKA_UNIQUE_ID;
}

static CK_OBJECT_CLASS obj_class(const p11_attrs *a) {
  CK_ULONG c = CK_UNAVAILABLE_INFORMATION;
  (void)p11_attrs_ulong(a, CKA_CLASS, &c);
  return c;
}

static int is_key_class(CK_OBJECT_CLASS c) {
  return c == CKO_PUBLIC_KEY || c == CKO_PRIVATE_KEY || c == CKO_SECRET_KEY;
}

CK_RV p11_template_to_attrs(const CK_ATTRIBUTE *t, CK_ULONG n, p11_attrs *out) {
  if (t == NULL && n != 0) return CKR_ARGUMENTS_BAD;
  for (CK_ULONG i = 0; i < n; i++) {
    if (t[i].pValue == NULL && t[i].ulValueLen != 0) return CKR_ARGUMENTS_BAD;
    if ((t[i].type & CKF_ARRAY_ATTRIBUTE) && t[i].type != CKA_ALLOWED_MECHANISMS)
      return CKR_ATTRIBUTE_TYPE_INVALID;  // nested templates are not supported
    if (is_bool_attr(t[i].type) && t[i].ulValueLen != sizeof(CK_BBOOL)) return CKR_ATTRIBUTE_VALUE_INVALID;
    if (is_ulong_attr(t[i].type) && t[i].ulValueLen != sizeof(CK_ULONG)) return CKR_ATTRIBUTE_VALUE_INVALID;
    if (t[i].type == CKA_ALLOWED_MECHANISMS && t[i].ulValueLen % sizeof(CK_MECHANISM_TYPE) != 0)
      return CKR_ATTRIBUTE_VALUE_INVALID;
    // A template naming an attribute twice with different values.
    const p11_attr *prev = p11_attrs_get(out, t[i].type);
    if (prev != NULL && (prev->len != t[i].ulValueLen || memcmp(prev->val, t[i].pValue, prev->len) != 0))
      return CKR_TEMPLATE_INCONSISTENT;
    CK_RV rv = p11_attrs_set(out, t[i].type, t[i].pValue, t[i].ulValueLen);
    if (rv != CKR_OK) return rv;
  }
  return CKR_OK;
}

static CK_RV dflt(p11_attrs *a, CK_ATTRIBUTE_TYPE t, const void *v, CK_ULONG len) {
  if (p11_attrs_get(a, t) != NULL) return CKR_OK;
  return p11_attrs_set(a, t, v, len);
}

static CK_RV dflt_bool(p11_attrs *a, CK_ATTRIBUTE_TYPE t, int v) {
  CK_BBOOL b = v ? CK_TRUE : CK_FALSE;
  return dflt(a, t, &b, 1);
}

static CK_RV dflt_ulong(p11_attrs *a, CK_ATTRIBUTE_TYPE t, CK_ULONG v) { return dflt(a, t, &v, sizeof(v)); }

static CK_RV common_defaults(p11_attrs *a, CK_OBJECT_CLASS cls) {
  CK_RV rv = CKR_OK;
  int priv_default = cls == CKO_PRIVATE_KEY || cls == CKO_SECRET_KEY;
  if ((rv = dflt_bool(a, CKA_TOKEN, 0)) || (rv = dflt_bool(a, CKA_PRIVATE, priv_default)) ||
      (rv = dflt_bool(a, CKA_MODIFIABLE, 1)) || (rv = dflt_bool(a, CKA_COPYABLE, 1)) ||
      (rv = dflt_bool(a, CKA_DESTROYABLE, 1)) || (rv = dflt(a, CKA_LABEL, "", 0)))
    return rv;
  return CKR_OK;
}

CK_RV p11_add_key_defaults(p11_attrs *a, CK_OBJECT_CLASS cls, int generated) {
  CK_RV rv;
  if ((rv = dflt_ulong(a, CKA_CLASS, cls)) != CKR_OK) return rv;
  if (obj_class(a) != cls) return CKR_TEMPLATE_INCONSISTENT;
  if ((rv = common_defaults(a, cls)) || (rv = dflt(a, CKA_ID, "", 0)) || (rv = dflt(a, CKA_START_DATE, "", 0)) ||
      (rv = dflt(a, CKA_END_DATE, "", 0)) || (rv = dflt_bool(a, CKA_DERIVE, 0)))
    return rv;
  if (cls == CKO_PUBLIC_KEY) {
    if ((rv = dflt(a, CKA_SUBJECT, "", 0)) || (rv = dflt_bool(a, CKA_ENCRYPT, 1)) ||
        (rv = dflt_bool(a, CKA_VERIFY, 1)) || (rv = dflt_bool(a, CKA_VERIFY_RECOVER, 0)) ||
        (rv = dflt_bool(a, CKA_WRAP, 1)) || (rv = dflt_bool(a, CKA_TRUSTED, 0)))
      return rv;
  } else {
    if ((rv = dflt_bool(a, CKA_SENSITIVE, 1)) || (rv = dflt_bool(a, CKA_DECRYPT, 1)) ||
        (rv = dflt_bool(a, CKA_SIGN, 1)) || (rv = dflt_bool(a, CKA_UNWRAP, 1)) ||
        (rv = dflt_bool(a, CKA_EXTRACTABLE, 1)) || (rv = dflt_bool(a, CKA_WRAP_WITH_TRUSTED, 0)))
      return rv;
    if (cls == CKO_PRIVATE_KEY) {
      if ((rv = dflt(a, CKA_SUBJECT, "", 0)) || (rv = dflt_bool(a, CKA_SIGN_RECOVER, 0)) ||
          (rv = dflt_bool(a, CKA_ALWAYS_AUTHENTICATE, 0)))
        return rv;
    } else {
      if ((rv = dflt_bool(a, CKA_ENCRYPT, 1)) || (rv = dflt_bool(a, CKA_VERIFY, 1)) ||
          (rv = dflt_bool(a, CKA_WRAP, 1)) || (rv = dflt_bool(a, CKA_TRUSTED, 0)))
        return rv;
    }
  }
  (void)generated;
  return CKR_OK;
}

// finish_key sets the attributes the token computes once a key exists.
// `gen_mech` is the generating mechanism (generated keys) or
// CK_UNAVAILABLE_INFORMATION; `base` the base key of a derived key.
static CK_RV finish_key(p11_attrs *a, int local, CK_MECHANISM_TYPE gen_mech, const p11_attrs *base) {
  CK_RV rv;
  CK_OBJECT_CLASS cls = obj_class(a);
  if ((rv = p11_attrs_set_bool(a, CKA_LOCAL, local)) != CKR_OK) return rv;
  if (p11_attrs_get(a, CKA_KEY_GEN_MECHANISM) == NULL || !local)
    if ((rv = p11_attrs_set_ulong(a, CKA_KEY_GEN_MECHANISM, local ? gen_mech : CK_UNAVAILABLE_INFORMATION)))
      return rv;
  if (cls == CKO_PRIVATE_KEY || cls == CKO_SECRET_KEY) {
    int sens = p11_attrs_bool(a, CKA_SENSITIVE, 0), ext = p11_attrs_bool(a, CKA_EXTRACTABLE, 1);
    int as = local && sens, ne = local && !ext;
    if (base != NULL) {  // derived keys inherit the base key's history
      as = p11_attrs_bool(base, CKA_ALWAYS_SENSITIVE, 0) && sens;
      ne = p11_attrs_bool(base, CKA_NEVER_EXTRACTABLE, 0) && !ext;
    }
    if ((rv = p11_attrs_set_bool(a, CKA_ALWAYS_SENSITIVE, as)) ||
        (rv = p11_attrs_set_bool(a, CKA_NEVER_EXTRACTABLE, ne)))
      return rv;
  }
  CK_ULONG kt = 0;
  if (p11_attrs_ulong(a, CKA_KEY_TYPE, &kt) == CKR_OK && kt == CKK_ML_KEM) {
    if (cls == CKO_PUBLIC_KEY && (rv = dflt_bool(a, CKA_ENCAPSULATE, 1))) return rv;
    if (cls == CKO_PRIVATE_KEY && (rv = dflt_bool(a, CKA_DECAPSULATE, 1))) return rv;
  }
  return CKR_OK;
}

CK_RV p11_finish_key(p11_attrs *a, int local, CK_MECHANISM_TYPE gen_mech, const p11_attrs *base) {
  return finish_key(a, local, gen_mech, base);
}

CK_RV p11_check_caller_template(const p11_attrs *a) {
  for (size_t i = 0; i < a->n; i++) {
    if (is_token_computed(a->a[i].type)) return CKR_ATTRIBUTE_READ_ONLY;
  }
  return CKR_OK;
}

CK_RV p11_check_new_object(p11_session *s, const p11_attrs *a) {
  int token = p11_attrs_bool(a, CKA_TOKEN, 0), priv = p11_attrs_bool(a, CKA_PRIVATE, 0);
  if (token && !(s->flags & CKF_RW_SESSION)) return CKR_SESSION_READ_ONLY;
  if (token && !s->tok->have_meta) return CKR_TOKEN_NOT_RECOGNIZED;
  if (priv && s->tok->login != CKU_USER) return CKR_USER_NOT_LOGGED_IN;
  return CKR_OK;
}

CK_RV p11_commit_new(p11_session *s, p11_attrs *a, CK_OBJECT_HANDLE *out) {
  CK_RV rv;
  // CKA_UNIQUE_ID (PKCS#11 3.0): 16 random hex digits, new for every object
  // (copies included).
  uint8_t r[8];
  char uid[16];
  static const char hx[] = "0123456789abcdef";
  if (cce_random(r, sizeof(r)) != CCE_OK) return CKR_FUNCTION_FAILED;
  for (int i = 0; i < 8; i++) {
    uid[2 * i] = hx[r[i] >> 4];
    uid[2 * i + 1] = hx[r[i] & 15];
  }
  if ((rv = p11_attrs_set(a, CKA_UNIQUE_ID, uid, sizeof(uid))) != CKR_OK) return rv;
  p11_obj *o = p11_obj_new();
  if (o == NULL) return CKR_HOST_MEMORY;
  o->attrs = *a;
  memset(a, 0, sizeof(*a));
  o->token_obj = p11_attrs_bool(&o->attrs, CKA_TOKEN, 0);
  o->priv = p11_attrs_bool(&o->attrs, CKA_PRIVATE, 0);
  o->loaded = 1;
  o->owner = s->handle;
  if (o->token_obj && (rv = p11_store_put(s->tok, o)) != CKR_OK) {
    p11_obj_free(o);
    return rv;
  }
  o->handle = p11_new_handle();
  if ((rv = p11_token_add_obj(s->tok, o)) != CKR_OK) {
    if (o->token_obj) (void)p11_store_del(s->tok, o);
    p11_obj_free(o);
    return rv;
  }
  *out = o->handle;
  return CKR_OK;
}

// ---------------------------------------------------------------------------
// C_CreateObject

CK_RV C_CreateObject(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,
                     CK_OBJECT_HANDLE_PTR phObject) {
  p11_session *s;
  p11_attrs a = {0};
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  if (phObject == NULL) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  if ((rv = p11_template_to_attrs(pTemplate, ulCount, &a)) != CKR_OK) goto out;
  if ((rv = p11_check_caller_template(&a)) != CKR_OK) goto out;
  CK_ULONG cls;
  if ((rv = p11_attrs_ulong(&a, CKA_CLASS, &cls)) != CKR_OK) goto out;
  switch (cls) {
    case CKO_DATA:
      if ((rv = common_defaults(&a, cls)) || (rv = dflt(&a, CKA_APPLICATION, "", 0)) ||
          (rv = dflt(&a, CKA_OBJECT_ID, "", 0)) || (rv = dflt(&a, CKA_VALUE, "", 0)))
        goto out;
      break;
    case CKO_CERTIFICATE: {
      CK_ULONG ct;
      if ((rv = p11_attrs_ulong(&a, CKA_CERTIFICATE_TYPE, &ct)) != CKR_OK) goto out;
      if (ct != CKC_X_509) {
        rv = CKR_ATTRIBUTE_VALUE_INVALID;
        goto out;
      }
      if (p11_attrs_get(&a, CKA_VALUE) == NULL || p11_attrs_get(&a, CKA_SUBJECT) == NULL) {
        rv = CKR_TEMPLATE_INCOMPLETE;
        goto out;
      }
      if (p11_attrs_bool(&a, CKA_TRUSTED, 0) && s->tok->login != CKU_SO) {
        rv = CKR_ATTRIBUTE_READ_ONLY;
        goto out;
      }
      if ((rv = common_defaults(&a, cls)) || (rv = dflt_bool(&a, CKA_TRUSTED, 0)) ||
          (rv = dflt_ulong(&a, CKA_CERTIFICATE_CATEGORY, 0)) || (rv = dflt(&a, CKA_ID, "", 0)) ||
          (rv = dflt(&a, CKA_ISSUER, "", 0)) || (rv = dflt(&a, CKA_SERIAL_NUMBER, "", 0)) ||
          (rv = dflt(&a, CKA_START_DATE, "", 0)) || (rv = dflt(&a, CKA_END_DATE, "", 0)))
        goto out;
      break;
    }
    case CKO_PUBLIC_KEY:
    case CKO_PRIVATE_KEY:
    case CKO_SECRET_KEY:
      if (p11_attrs_get(&a, CKA_KEY_TYPE) == NULL) {
        rv = CKR_TEMPLATE_INCOMPLETE;
        goto out;
      }
      if (p11_attrs_bool(&a, CKA_TRUSTED, 0) && s->tok->login != CKU_SO) {
        rv = CKR_ATTRIBUTE_READ_ONLY;
        goto out;
      }
      if ((rv = p11_add_key_defaults(&a, cls, 0)) != CKR_OK) goto out;
      if ((rv = p11_key_import(&a)) != CKR_OK) goto out;
      if ((rv = finish_key(&a, 0, CK_UNAVAILABLE_INFORMATION, NULL)) != CKR_OK) goto out;
      break;
    default:
      rv = CKR_ATTRIBUTE_VALUE_INVALID;
      goto out;
  }
  if ((rv = p11_check_new_object(s, &a)) != CKR_OK) goto out;
  rv = p11_commit_new(s, &a, phObject);
out:
  p11_attrs_free(&a);
  p11_unlock();
  return rv;
}

// ---------------------------------------------------------------------------
// Changing attributes

// check_change: may attribute (type, val, len) replace the current value in
// `cur`? `copying` for C_CopyObject (which may also change CKA_TOKEN,
// CKA_PRIVATE and CKA_MODIFIABLE).
static CK_RV check_change(const p11_session *s, const p11_attrs *cur, const CK_ATTRIBUTE *at, int copying) {
  CK_OBJECT_CLASS cls = obj_class(cur);
  CK_ATTRIBUTE_TYPE t = at->type;
  int newb = at->ulValueLen == 1 && ((const CK_BYTE *)at->pValue)[0] != 0;
  int oldb;
  switch (t) {
    case CKA_LABEL:
    case CKA_ID:
    case CKA_START_DATE:
    case CKA_END_DATE:
    case CKA_SUBJECT:
    case CKA_APPLICATION:
    case CKA_OBJECT_ID:
    case CKA_ISSUER:
    case CKA_SERIAL_NUMBER:
    case CKA_ENCRYPT:
    case CKA_DECRYPT:
    case CKA_WRAP:
    case CKA_UNWRAP:
    case CKA_SIGN:
    case CKA_SIGN_RECOVER:
    case CKA_VERIFY:
    case CKA_VERIFY_RECOVER:
    case CKA_DERIVE:
    case CKA_ALWAYS_AUTHENTICATE:
    case CKA_ENCAPSULATE:
    case CKA_DECAPSULATE:
    case CKA_ALLOWED_MECHANISMS:
    case CKA_CERTIFICATE_CATEGORY:
      return CKR_OK;
    case CKA_VALUE:
      return cls == CKO_DATA ? CKR_OK : CKR_ATTRIBUTE_READ_ONLY;
    case CKA_TOKEN:
    case CKA_PRIVATE:
    case CKA_MODIFIABLE:
      if (copying) return CKR_OK;
      oldb = p11_attrs_bool(cur, t, -1);
      return oldb == newb ? CKR_OK : CKR_ATTRIBUTE_READ_ONLY;
    case CKA_SENSITIVE:  // may only become true
      if (cls != CKO_PRIVATE_KEY && cls != CKO_SECRET_KEY) return CKR_ATTRIBUTE_TYPE_INVALID;
      oldb = p11_attrs_bool(cur, t, 0);
      return (newb || !oldb) ? CKR_OK : CKR_ATTRIBUTE_READ_ONLY;
    case CKA_WRAP_WITH_TRUSTED:  // may only become true
      oldb = p11_attrs_bool(cur, t, 0);
      return (newb || !oldb) ? CKR_OK : CKR_ATTRIBUTE_READ_ONLY;
    case CKA_EXTRACTABLE:  // may only become false
      if (cls != CKO_PRIVATE_KEY && cls != CKO_SECRET_KEY) return CKR_ATTRIBUTE_TYPE_INVALID;
      oldb = p11_attrs_bool(cur, t, 1);
      return (!newb || oldb) ? CKR_OK : CKR_ATTRIBUTE_READ_ONLY;
    case CKA_COPYABLE:
    case CKA_DESTROYABLE:  // may only become false
      oldb = p11_attrs_bool(cur, t, 1);
      return (!newb || oldb) ? CKR_OK : CKR_ATTRIBUTE_READ_ONLY;
    case CKA_TRUSTED:  // only the SO may set it
      if (!newb) return CKR_OK;
      return s->tok->login == CKU_SO ? CKR_OK : CKR_ATTRIBUTE_READ_ONLY;
    default: {
      // Attributes that cannot change after creation; unknown ones are not
      // part of the object.
      if (p11_attrs_get(cur, t) != NULL) return CKR_ATTRIBUTE_READ_ONLY;
      if (is_key_class(cls) || cls == CKO_CERTIFICATE || cls == CKO_DATA) return CKR_ATTRIBUTE_TYPE_INVALID;
      return CKR_ATTRIBUTE_READ_ONLY;
    }
  }
}

static CK_RV attrs_dup(const p11_attrs *src, p11_attrs *dst) {
  memset(dst, 0, sizeof(*dst));
  for (size_t i = 0; i < src->n; i++) {
    CK_RV rv = p11_attrs_set(dst, src->a[i].type, src->a[i].val, src->a[i].len);
    if (rv != CKR_OK) {
      p11_attrs_free(dst);
      return rv;
    }
  }
  return CKR_OK;
}

// apply_template: a copy of `cur` changed by the template, after checks.
static CK_RV apply_template(const p11_session *s, const p11_attrs *cur, const CK_ATTRIBUTE *tmpl, CK_ULONG n,
                            int copying, p11_attrs *out) {
  CK_RV rv;
  p11_attrs chk = {0};
  if ((rv = p11_template_to_attrs(tmpl, n, &chk)) != CKR_OK) goto out;
  if ((rv = attrs_dup(cur, out)) != CKR_OK) goto out;
  for (CK_ULONG i = 0; i < n; i++) {
    if ((rv = check_change(s, cur, &tmpl[i], copying)) != CKR_OK) goto fail;
    if ((rv = p11_attrs_set(out, tmpl[i].type, tmpl[i].pValue, tmpl[i].ulValueLen)) != CKR_OK) goto fail;
  }
  goto out;
fail:
  p11_attrs_free(out);
out:
  p11_attrs_free(&chk);
  return rv;
}

// may_modify: session rights to change or delete `o`.
static CK_RV may_modify(const p11_session *s, const p11_obj *o) {
  if (o->token_obj && !(s->flags & CKF_RW_SESSION)) return CKR_SESSION_READ_ONLY;
  return CKR_OK;
}

CK_RV C_SetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate,
                          CK_ULONG ulCount) {
  p11_session *s;
  p11_attrs na = {0};
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  if (pTemplate == NULL && ulCount != 0) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  p11_obj *o = p11_find_obj(s, hObject);
  if (o == NULL) {
    rv = CKR_OBJECT_HANDLE_INVALID;
    goto out;
  }
  if ((rv = may_modify(s, o)) != CKR_OK) goto out;
  if (!p11_attrs_bool(&o->attrs, CKA_MODIFIABLE, 1)) {
    rv = CKR_ACTION_PROHIBITED;
    goto out;
  }
  if ((rv = apply_template(s, &o->attrs, pTemplate, ulCount, 0, &na)) != CKR_OK) goto out;
  p11_attrs old = o->attrs;
  o->attrs = na;
  if (o->token_obj && (rv = p11_store_put(s->tok, o)) != CKR_OK) {
    o->attrs = old;  // keep the unchanged object; free the rejected copy
    p11_attrs_free(&na);
    goto out;
  }
  memset(&na, 0, sizeof(na));
  p11_attrs_free(&old);
out:
  p11_unlock();
  return rv;
}

CK_RV C_CopyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate,
                   CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phNewObject) {
  p11_session *s;
  p11_attrs na = {0};
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  if (phNewObject == NULL || (pTemplate == NULL && ulCount != 0)) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  p11_obj *o = p11_find_obj(s, hObject);
  if (o == NULL) {
    rv = CKR_OBJECT_HANDLE_INVALID;
    goto out;
  }
  if (!p11_attrs_bool(&o->attrs, CKA_COPYABLE, 1)) {
    rv = CKR_ACTION_PROHIBITED;
    goto out;
  }
  if ((rv = apply_template(s, &o->attrs, pTemplate, ulCount, 1, &na)) != CKR_OK) goto out;
  if ((rv = p11_check_new_object(s, &na)) != CKR_OK) goto out;
  rv = p11_commit_new(s, &na, phNewObject);
out:
  p11_attrs_free(&na);
  p11_unlock();
  return rv;
}

CK_RV C_DestroyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  p11_obj *o = p11_find_obj(s, hObject);
  if (o == NULL) {
    rv = CKR_OBJECT_HANDLE_INVALID;
    goto out;
  }
  if ((rv = may_modify(s, o)) != CKR_OK) goto out;
  if (!p11_attrs_bool(&o->attrs, CKA_DESTROYABLE, 1)) {
    rv = CKR_ACTION_PROHIBITED;
    goto out;
  }
  if (o->token_obj && (rv = p11_store_del(s->tok, o)) != CKR_OK) goto out;
  p11_token_remove_obj(s->tok, o);
  p11_obj_free(o);
out:
  p11_unlock();
  return rv;
}

CK_RV C_GetObjectSize(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ULONG_PTR pulSize) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  if (pulSize == NULL) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  p11_obj *o = p11_find_obj(s, hObject);
  if (o == NULL) {
    rv = CKR_OBJECT_HANDLE_INVALID;
    goto out;
  }
  CK_ULONG n = 0;
  for (size_t i = 0; i < o->attrs.n; i++) n += 16 + o->attrs.a[i].len;
  *pulSize = n;
out:
  p11_unlock();
  return rv;
}

CK_RV C_GetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate,
                          CK_ULONG ulCount) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  if (pTemplate == NULL && ulCount != 0) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  p11_obj *o = p11_find_obj(s, hObject);
  if (o == NULL) {
    rv = CKR_OBJECT_HANDLE_INVALID;
    goto out;
  }
  CK_OBJECT_CLASS cls = obj_class(&o->attrs);
  int hidden = p11_attrs_bool(&o->attrs, CKA_SENSITIVE, 0) || !p11_attrs_bool(&o->attrs, CKA_EXTRACTABLE, 1);
  for (CK_ULONG i = 0; i < ulCount; i++) {
    CK_ATTRIBUTE *at = &pTemplate[i];
    const p11_attr *a = p11_attrs_get(&o->attrs, at->type);
    if (a == NULL) {
      at->ulValueLen = CK_UNAVAILABLE_INFORMATION;
      rv = CKR_ATTRIBUTE_TYPE_INVALID;
    } else if (hidden && is_secret_component(cls, at->type)) {
      at->ulValueLen = CK_UNAVAILABLE_INFORMATION;
      rv = CKR_ATTRIBUTE_SENSITIVE;
    } else if (at->pValue == NULL) {
      at->ulValueLen = a->len;
    } else if (at->ulValueLen < a->len) {
      at->ulValueLen = CK_UNAVAILABLE_INFORMATION;
      rv = CKR_BUFFER_TOO_SMALL;
    } else {
      memcpy(at->pValue, a->val, a->len);
      at->ulValueLen = a->len;
    }
  }
out:
  p11_unlock();
  return rv;
}

// ---------------------------------------------------------------------------
// Finding objects

CK_RV C_FindObjectsInit(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  if (pTemplate == NULL && ulCount != 0) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  if (s->find_active) {
    rv = CKR_OPERATION_ACTIVE;
    goto out;
  }
  for (CK_ULONG i = 0; i < ulCount; i++) {
    if (pTemplate[i].pValue == NULL && pTemplate[i].ulValueLen != 0) {
      rv = CKR_ARGUMENTS_BAD;
      goto out;
    }
  }
  (void)p11_store_sync(s->tok);  // objects written by other processes
  p11_token *t = s->tok;
  CK_OBJECT_HANDLE *found = malloc((t->nobjs ? t->nobjs : 1) * sizeof(*found));
  if (found == NULL) {
    rv = CKR_HOST_MEMORY;
    goto out;
  }
  size_t n = 0;
  for (size_t i = 0; i < t->nobjs; i++) {
    p11_obj *o = t->objs[i];
    if (!p11_obj_visible(s, o)) continue;
    int match = 1;
    for (CK_ULONG k = 0; k < ulCount && match; k++) {
      const p11_attr *a = p11_attrs_get(&o->attrs, pTemplate[k].type);
      if (a == NULL || a->len != pTemplate[k].ulValueLen ||
          (a->len && memcmp(a->val, pTemplate[k].pValue, a->len) != 0))
        match = 0;
    }
    if (match) found[n++] = o->handle;
  }
  free(s->found);
  s->found = found;
  s->nfound = n;
  s->found_pos = 0;
  s->find_active = 1;
out:
  p11_unlock();
  return rv;
}

CK_RV C_FindObjects(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE_PTR phObject, CK_ULONG ulMaxObjectCount,
                    CK_ULONG_PTR pulObjectCount) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  if ((phObject == NULL && ulMaxObjectCount != 0) || pulObjectCount == NULL) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  if (!s->find_active) {
    rv = CKR_OPERATION_NOT_INITIALIZED;
    goto out;
  }
  CK_ULONG n = 0;
  while (n < ulMaxObjectCount && s->found_pos < s->nfound) {
    CK_OBJECT_HANDLE h = s->found[s->found_pos++];
    if (p11_find_obj(s, h) != NULL) phObject[n++] = h;  // skip objects destroyed since
  }
  *pulObjectCount = n;
out:
  p11_unlock();
  return rv;
}

CK_RV C_FindObjectsFinal(CK_SESSION_HANDLE hSession) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  if (!s->find_active) {
    rv = CKR_OPERATION_NOT_INITIALIZED;
    goto out;
  }
  free(s->found);
  s->found = NULL;
  s->nfound = s->found_pos = 0;
  s->find_active = 0;
out:
  p11_unlock();
  return rv;
}
