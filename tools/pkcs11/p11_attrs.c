// p11_attrs.c: attribute lists of libcce-pkcs11.so objects (see p11.h).

#include <stdlib.h>
#include <string.h>

#include "p11.h"

#include "cce/util.h"

static p11_attr *find(const p11_attrs *l, CK_ATTRIBUTE_TYPE t) {
  for (size_t i = 0; i < l->n; i++) {
    if (l->a[i].type == t) return &l->a[i];
  }
  return NULL;
}

CK_RV p11_attrs_set(p11_attrs *l, CK_ATTRIBUTE_TYPE t, const void *val, CK_ULONG len) {
  if (l == NULL || (val == NULL && len != 0)) return CKR_ARGUMENTS_BAD;
  CK_BYTE *copy = malloc(len ? len : 1);
  if (copy == NULL) return CKR_HOST_MEMORY;
  if (len) memcpy(copy, val, len);
  p11_attr *a = find(l, t);
  if (a != NULL) {
    cce_wipe(a->val, a->len);
    free(a->val);
    a->val = copy;
    a->len = len;
    return CKR_OK;
  }
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    p11_attr *na = realloc(l->a, cap * sizeof(*na));
    if (na == NULL) {
      cce_wipe(copy, len);
      free(copy);
      return CKR_HOST_MEMORY;
    }
    l->a = na;
    l->cap = cap;
  }
  l->a[l->n].type = t;
  l->a[l->n].len = len;
  l->a[l->n].val = copy;
  l->n++;
  return CKR_OK;
}

CK_RV p11_attrs_set_ulong(p11_attrs *l, CK_ATTRIBUTE_TYPE t, CK_ULONG v) {
  return p11_attrs_set(l, t, &v, sizeof(v));
}

CK_RV p11_attrs_set_bool(p11_attrs *l, CK_ATTRIBUTE_TYPE t, int v) {
  CK_BBOOL b = v ? CK_TRUE : CK_FALSE;
  return p11_attrs_set(l, t, &b, sizeof(b));
}

const p11_attr *p11_attrs_get(const p11_attrs *l, CK_ATTRIBUTE_TYPE t) {
  if (l == NULL) return NULL;
  return find(l, t);
}

int p11_attrs_bool(const p11_attrs *l, CK_ATTRIBUTE_TYPE t, int dflt) {
  const p11_attr *a = p11_attrs_get(l, t);
  if (a == NULL || a->len != sizeof(CK_BBOOL)) return dflt;
  return a->val[0] != CK_FALSE;
}

CK_RV p11_attrs_ulong(const p11_attrs *l, CK_ATTRIBUTE_TYPE t, CK_ULONG *out) {
  const p11_attr *a = p11_attrs_get(l, t);
  if (a == NULL) return CKR_TEMPLATE_INCOMPLETE;
  if (a->len != sizeof(CK_ULONG)) return CKR_ATTRIBUTE_VALUE_INVALID;
  memcpy(out, a->val, sizeof(CK_ULONG));
  return CKR_OK;
}

void p11_attrs_remove(p11_attrs *l, CK_ATTRIBUTE_TYPE t) {
  if (l == NULL) return;
  for (size_t i = 0; i < l->n; i++) {
    if (l->a[i].type == t) {
      cce_wipe(l->a[i].val, l->a[i].len);
      free(l->a[i].val);
      l->a[i] = l->a[l->n - 1];
      l->n--;
      return;
    }
  }
}

void p11_attrs_free(p11_attrs *l) {
  if (l == NULL) return;
  for (size_t i = 0; i < l->n; i++) {
    cce_wipe(l->a[i].val, l->a[i].len);
    free(l->a[i].val);
  }
  free(l->a);
  l->a = NULL;
  l->n = l->cap = 0;
}
