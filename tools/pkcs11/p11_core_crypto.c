// p11_core_crypto.c: the cryptographic entry points of libcce-pkcs11.so.
// Each checks the session, the key handle, the key's usage attribute and
// CKA_ALLOWED_MECHANISMS, then hands over to the mechanism half (p11.h).
// An operation ends (and is freed) after any error other than
// CKR_BUFFER_TOO_SMALL, and after a successful call that produced output.

#include <stdlib.h>
#include <string.h>

#include "p11_core.h"

#include "cce/rand.h"
#include "cce/util.h"

// ---------------------------------------------------------------------------
// Helpers

static int is_key(const p11_obj *o) {
  CK_ULONG c = CK_UNAVAILABLE_INFORMATION;
  (void)p11_attrs_ulong(&o->attrs, CKA_CLASS, &c);
  return c == CKO_PUBLIC_KEY || c == CKO_PRIVATE_KEY || c == CKO_SECRET_KEY;
}

static p11_obj *get_key(p11_session *s, CK_OBJECT_HANDLE h) {
  p11_obj *o = p11_find_obj(s, h);
  return (o != NULL && is_key(o)) ? o : NULL;
}

// key_allows: CKR_OK if `usage` (a CK_BBOOL attribute, default `dflt`) is
// true and CKA_ALLOWED_MECHANISMS (if set) names the mechanism.
static CK_RV key_allows(const p11_obj *k, CK_ATTRIBUTE_TYPE usage, int dflt, CK_MECHANISM_TYPE mech) {
  if (!p11_attrs_bool(&k->attrs, usage, dflt)) return CKR_KEY_FUNCTION_NOT_PERMITTED;
  const p11_attr *am = p11_attrs_get(&k->attrs, CKA_ALLOWED_MECHANISMS);
  if (am != NULL && am->len >= sizeof(CK_MECHANISM_TYPE)) {
    size_t n = am->len / sizeof(CK_MECHANISM_TYPE);
    for (size_t i = 0; i < n; i++) {
      CK_MECHANISM_TYPE m;
      memcpy(&m, am->val + i * sizeof(m), sizeof(m));
      if (m == mech) return CKR_OK;
    }
    return CKR_MECHANISM_INVALID;
  }
  return CKR_OK;
}

static void end_op(p11_session *s, p11_op_kind kind) {
  p11_op_free(s->op[kind]);
  s->op[kind] = NULL;
}

// Cryptographic work runs without the global lock, so that threads with
// different sessions compute in parallel: the session is marked busy for
// the operation's kind, which keeps its operation and the session itself
// alive (C_CloseSession defers the free) until p11_busy_end.

// busy_begin (lock held): the session's active operation of `kind`.
static CK_RV busy_begin(CK_SESSION_HANDLE h, p11_op_kind kind, p11_session **ps) {
  p11_session *s;
  CK_RV rv = p11_get_session(h, &s);
  if (rv != CKR_OK) return rv;
  if (s->op[kind] == NULL) return CKR_OPERATION_NOT_INITIALIZED;
  if (s->busy & P11_BUSY(kind)) return CKR_OPERATION_ACTIVE;  // same session, two threads
  s->busy |= P11_BUSY(kind);
  *ps = s;
  return CKR_OK;
}

// busy_end (lock held): ends the operation if `end`, frees a session closed
// meanwhile.
static void busy_end(p11_session *s, unsigned bit, p11_op_kind kind, int end) {
  s->busy &= ~bit;
  if (end && kind < P11_OP_KINDS) end_op(s, kind);
  if (s->closed && s->busy == 0) p11_session_free(s);
}

static const CK_ATTRIBUTE_TYPE g_usage[P11_OP_KINDS] = {CKA_ENCRYPT, CKA_DECRYPT, CKA_SIGN, CKA_VERIFY, 0};

static CK_RV op_init(CK_SESSION_HANDLE h, p11_op_kind kind, CK_MECHANISM_PTR mech, CK_OBJECT_HANDLE hKey) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(h, &s)) != CKR_OK) goto out;
  if (s->busy & P11_BUSY(kind)) {
    rv = CKR_OPERATION_ACTIVE;
    goto out;
  }
  if (mech == NULL) {
    // PKCS#11 3.0: a NULL mechanism cancels the active operation.
    end_op(s, kind);
    goto out;
  }
  if (s->op[kind] != NULL) {
    rv = CKR_OPERATION_ACTIVE;
    goto out;
  }
  const p11_attrs *ka = NULL;
  if (kind != P11_OP_DIGEST) {
    p11_obj *k = get_key(s, hKey);
    if (k == NULL) {
      rv = CKR_KEY_HANDLE_INVALID;
      goto out;
    }
    if ((rv = key_allows(k, g_usage[kind], 0, mech->mechanism)) != CKR_OK) goto out;
    ka = &k->attrs;
  }
  p11_op *op = NULL;
  rv = p11_op_init(&op, kind, mech, ka);
  if (rv == CKR_OK)
    s->op[kind] = op;
  else
    p11_op_free(op);
out:
  p11_unlock();
  return rv;
}

// op_out: single-part call or final with output.
static CK_RV op_out(CK_SESSION_HANDLE h, p11_op_kind kind, int final, CK_BYTE_PTR in, CK_ULONG in_len,
                    CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = busy_begin(h, kind, &s)) != CKR_OK) {
    p11_unlock();
    return rv;
  }
  if (out_len == NULL || (!final && in == NULL && in_len != 0)) {
    busy_end(s, P11_BUSY(kind), kind, 1);
    p11_unlock();
    return CKR_ARGUMENTS_BAD;
  }
  p11_op *op = s->op[kind];
  p11_unlock();
  rv = final ? p11_op_final(op, out, out_len) : p11_op_oneshot(op, in, in_len, out, out_len);
  p11_lock();
  int keep = (rv == CKR_OK && out == NULL) || rv == CKR_BUFFER_TOO_SMALL;  // size query: keep
  busy_end(s, P11_BUSY(kind), kind, !keep);
  p11_unlock();
  return rv;
}

static CK_RV op_update(CK_SESSION_HANDLE h, p11_op_kind kind, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out,
                       CK_ULONG_PTR out_len, int has_out) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = busy_begin(h, kind, &s)) != CKR_OK) {
    p11_unlock();
    return rv;
  }
  if ((in == NULL && in_len != 0) || (has_out && out_len == NULL)) {
    busy_end(s, P11_BUSY(kind), kind, 1);
    p11_unlock();
    return CKR_ARGUMENTS_BAD;
  }
  p11_op *op = s->op[kind];
  p11_unlock();
  rv = p11_op_update(op, in, in_len, out, out_len);
  p11_lock();
  busy_end(s, P11_BUSY(kind), kind, rv != CKR_OK && rv != CKR_BUFFER_TOO_SMALL);
  p11_unlock();
  return rv;
}

// verify_out: C_Verify / C_VerifyFinal (the signature is an input; the
// operation always ends).
static CK_RV verify_out(CK_SESSION_HANDLE h, int final, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR sig,
                        CK_ULONG sig_len) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = busy_begin(h, P11_OP_VERIFY, &s)) != CKR_OK) {
    p11_unlock();
    return rv;
  }
  if ((sig == NULL && sig_len != 0) || (!final && in == NULL && in_len != 0)) {
    rv = CKR_ARGUMENTS_BAD;
  } else {
    p11_op *op = s->op[P11_OP_VERIFY];
    CK_ULONG l = sig_len;
    CK_BYTE dummy = 0;
    CK_BYTE *sp = sig != NULL ? sig : &dummy;  // never NULL: not a size query
    p11_unlock();
    rv = final ? p11_op_final(op, sp, &l) : p11_op_oneshot(op, in, in_len, sp, &l);
    p11_lock();
  }
  busy_end(s, P11_BUSY(P11_OP_VERIFY), P11_OP_VERIFY, 1);
  p11_unlock();
  return rv;
}

// ---------------------------------------------------------------------------
// Encryption, decryption, digests, signatures

CK_RV C_EncryptInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey) {
  return op_init(hSession, P11_OP_ENCRYPT, pMechanism, hKey);
}
CK_RV C_Encrypt(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pEncryptedData,
                CK_ULONG_PTR pulEncryptedDataLen) {
  return op_out(hSession, P11_OP_ENCRYPT, 0, pData, ulDataLen, pEncryptedData, pulEncryptedDataLen);
}
CK_RV C_EncryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart,
                      CK_ULONG_PTR pulEncryptedPartLen) {
  return op_update(hSession, P11_OP_ENCRYPT, pPart, ulPartLen, pEncryptedPart, pulEncryptedPartLen, 1);
}
CK_RV C_EncryptFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastEncryptedPart,
                     CK_ULONG_PTR pulLastEncryptedPartLen) {
  return op_out(hSession, P11_OP_ENCRYPT, 1, NULL, 0, pLastEncryptedPart, pulLastEncryptedPartLen);
}

CK_RV C_DecryptInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey) {
  return op_init(hSession, P11_OP_DECRYPT, pMechanism, hKey);
}
CK_RV C_Decrypt(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedData, CK_ULONG ulEncryptedDataLen,
                CK_BYTE_PTR pData, CK_ULONG_PTR pulDataLen) {
  return op_out(hSession, P11_OP_DECRYPT, 0, pEncryptedData, ulEncryptedDataLen, pData, pulDataLen);
}
CK_RV C_DecryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart, CK_ULONG ulEncryptedPartLen,
                      CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen) {
  return op_update(hSession, P11_OP_DECRYPT, pEncryptedPart, ulEncryptedPartLen, pPart, pulPartLen, 1);
}
CK_RV C_DecryptFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastPart, CK_ULONG_PTR pulLastPartLen) {
  return op_out(hSession, P11_OP_DECRYPT, 1, NULL, 0, pLastPart, pulLastPartLen);
}

CK_RV C_DigestInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism) {
  return op_init(hSession, P11_OP_DIGEST, pMechanism, CK_INVALID_HANDLE);
}
CK_RV C_Digest(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pDigest,
               CK_ULONG_PTR pulDigestLen) {
  return op_out(hSession, P11_OP_DIGEST, 0, pData, ulDataLen, pDigest, pulDigestLen);
}
CK_RV C_DigestUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen) {
  return op_update(hSession, P11_OP_DIGEST, pPart, ulPartLen, NULL, NULL, 0);
}
CK_RV C_DigestKey(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hKey) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  if (s->op[P11_OP_DIGEST] == NULL) {
    rv = CKR_OPERATION_NOT_INITIALIZED;
    goto out;
  }
  if (s->busy & P11_BUSY(P11_OP_DIGEST)) {
    rv = CKR_OPERATION_ACTIVE;
    goto out;
  }
  p11_obj *k = get_key(s, hKey);
  CK_ULONG cls = 0;
  const p11_attr *v = NULL;
  if (k == NULL) {
    rv = CKR_KEY_HANDLE_INVALID;
  } else if (p11_attrs_ulong(&k->attrs, CKA_CLASS, &cls) != CKR_OK || cls != CKO_SECRET_KEY ||
             (v = p11_attrs_get(&k->attrs, CKA_VALUE)) == NULL) {
    rv = CKR_KEY_INDIGESTIBLE;
  } else {
    rv = p11_op_update(s->op[P11_OP_DIGEST], v->val, v->len, NULL, NULL);
  }
  if (rv != CKR_OK) end_op(s, P11_OP_DIGEST);
out:
  p11_unlock();
  return rv;
}
CK_RV C_DigestFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pDigest, CK_ULONG_PTR pulDigestLen) {
  return op_out(hSession, P11_OP_DIGEST, 1, NULL, 0, pDigest, pulDigestLen);
}

CK_RV C_SignInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey) {
  return op_init(hSession, P11_OP_SIGN, pMechanism, hKey);
}
CK_RV C_Sign(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,
             CK_ULONG_PTR pulSignatureLen) {
  return op_out(hSession, P11_OP_SIGN, 0, pData, ulDataLen, pSignature, pulSignatureLen);
}
CK_RV C_SignUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen) {
  return op_update(hSession, P11_OP_SIGN, pPart, ulPartLen, NULL, NULL, 0);
}
CK_RV C_SignFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen) {
  return op_out(hSession, P11_OP_SIGN, 1, NULL, 0, pSignature, pulSignatureLen);
}

CK_RV C_VerifyInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey) {
  return op_init(hSession, P11_OP_VERIFY, pMechanism, hKey);
}
CK_RV C_Verify(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,
               CK_ULONG ulSignatureLen) {
  return verify_out(hSession, 0, pData, ulDataLen, pSignature, ulSignatureLen);
}
CK_RV C_VerifyUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen) {
  return op_update(hSession, P11_OP_VERIFY, pPart, ulPartLen, NULL, NULL, 0);
}
CK_RV C_VerifyFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen) {
  return verify_out(hSession, 1, NULL, 0, pSignature, ulSignatureLen);
}

// ---------------------------------------------------------------------------
// Key management

// no_key_material: the key material of a generated, derived, unwrapped or
// encapsulated key comes from the mechanism, never from the template.
static CK_RV no_key_material(const p11_attrs *a) {
  static const CK_ATTRIBUTE_TYPE mat[] = {CKA_VALUE,    CKA_EC_POINT,   CKA_MODULUS,    CKA_PRIVATE_EXPONENT,
                                          CKA_PRIME_1,  CKA_PRIME_2,    CKA_EXPONENT_1, CKA_EXPONENT_2,
                                          CKA_COEFFICIENT};
  for (size_t i = 0; i < sizeof(mat) / sizeof(mat[0]); i++) {
    if (p11_attrs_get(a, mat[i]) != NULL) return CKR_TEMPLATE_INCONSISTENT;
  }
  return CKR_OK;
}

// keygen_begin / keygen_end (lock held) bracket a key generation run
// without the lock. keygen_end returns `rv`, or CKR_SESSION_CLOSED if the
// session was closed meanwhile (it is then freed).
static CK_RV keygen_begin(p11_session *s) {
  if (s->busy & P11_BUSY_KEYGEN) return CKR_OPERATION_ACTIVE;
  s->busy |= P11_BUSY_KEYGEN;
  return CKR_OK;
}

static CK_RV keygen_end(p11_session *s, CK_RV rv) {
  int closed = s->closed;
  busy_end(s, P11_BUSY_KEYGEN, P11_OP_KINDS, 0);
  return closed ? CKR_SESSION_CLOSED : rv;
}

// new_key_template: the caller's template with the defaults of `cls`.
static CK_RV new_key_template(const CK_ATTRIBUTE *t, CK_ULONG n, CK_OBJECT_CLASS cls, p11_attrs *a) {
  CK_RV rv;
  if ((rv = p11_template_to_attrs(t, n, a)) != CKR_OK) return rv;
  if ((rv = p11_check_caller_template(a)) != CKR_OK) return rv;
  if ((rv = no_key_material(a)) != CKR_OK) return rv;
  return p11_add_key_defaults(a, cls, 1);
}

CK_RV C_GenerateKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_ATTRIBUTE_PTR pTemplate,
                    CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phKey) {
  p11_session *s;
  p11_attrs a = {0};
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  if (pMechanism == NULL || phKey == NULL) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  if ((rv = new_key_template(pTemplate, ulCount, CKO_SECRET_KEY, &a)) != CKR_OK) goto out;
  if ((rv = p11_check_new_object(s, &a)) != CKR_OK) goto out;
  if ((rv = keygen_begin(s)) != CKR_OK) goto out;
  p11_unlock();
  rv = p11_generate_key(pMechanism, &a);
  p11_lock();
  if ((rv = keygen_end(s, rv)) != CKR_OK) goto out;
  if ((rv = p11_check_new_object(s, &a)) != CKR_OK) goto out;  // login may have changed
  if ((rv = p11_finish_key(&a, 1, pMechanism->mechanism, NULL)) != CKR_OK) goto out;
  rv = p11_commit_new(s, &a, phKey);
out:
  p11_attrs_free(&a);
  p11_unlock();
  return rv;
}

CK_RV C_GenerateKeyPair(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_ATTRIBUTE_PTR pPublicKeyTemplate,
                        CK_ULONG ulPublicKeyAttributeCount, CK_ATTRIBUTE_PTR pPrivateKeyTemplate,
                        CK_ULONG ulPrivateKeyAttributeCount, CK_OBJECT_HANDLE_PTR phPublicKey,
                        CK_OBJECT_HANDLE_PTR phPrivateKey) {
  p11_session *s;
  p11_attrs pub = {0}, priv = {0};
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  if (pMechanism == NULL || phPublicKey == NULL || phPrivateKey == NULL) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  if ((rv = new_key_template(pPublicKeyTemplate, ulPublicKeyAttributeCount, CKO_PUBLIC_KEY, &pub)) != CKR_OK ||
      (rv = new_key_template(pPrivateKeyTemplate, ulPrivateKeyAttributeCount, CKO_PRIVATE_KEY, &priv)) != CKR_OK)
    goto out;
  if ((rv = p11_check_new_object(s, &pub)) != CKR_OK || (rv = p11_check_new_object(s, &priv)) != CKR_OK) goto out;
  if ((rv = keygen_begin(s)) != CKR_OK) goto out;
  p11_unlock();  // RSA key generation takes a while: let other threads run
  rv = p11_generate_key_pair(pMechanism, &pub, &priv);
  p11_lock();
  if ((rv = keygen_end(s, rv)) != CKR_OK) goto out;
  if ((rv = p11_check_new_object(s, &pub)) != CKR_OK || (rv = p11_check_new_object(s, &priv)) != CKR_OK) goto out;
  if ((rv = p11_finish_key(&pub, 1, pMechanism->mechanism, NULL)) != CKR_OK ||
      (rv = p11_finish_key(&priv, 1, pMechanism->mechanism, NULL)) != CKR_OK)
    goto out;
  CK_OBJECT_HANDLE hp;
  if ((rv = p11_commit_new(s, &pub, &hp)) != CKR_OK) goto out;
  if ((rv = p11_commit_new(s, &priv, phPrivateKey)) != CKR_OK) {
    p11_obj *o = p11_find_obj(s, hp);
    if (o != NULL) {
      if (o->token_obj) (void)p11_store_del(s->tok, o);
      p11_token_remove_obj(s->tok, o);
      p11_obj_free(o);
    }
    goto out;
  }
  *phPublicKey = hp;
out:
  p11_attrs_free(&pub);
  p11_attrs_free(&priv);
  p11_unlock();
  return rv;
}

CK_RV C_DeriveKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hBaseKey,
                  CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey) {
  p11_session *s;
  p11_attrs a = {0};
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  if (pMechanism == NULL || phKey == NULL) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  p11_obj *base = get_key(s, hBaseKey);
  if (base == NULL) {
    rv = CKR_KEY_HANDLE_INVALID;
    goto out;
  }
  if ((rv = key_allows(base, CKA_DERIVE, 0, pMechanism->mechanism)) != CKR_OK) goto out;
  if ((rv = new_key_template(pTemplate, ulAttributeCount, CKO_SECRET_KEY, &a)) != CKR_OK) goto out;
  if ((rv = p11_check_new_object(s, &a)) != CKR_OK) goto out;
  // HKDF with the salt in a key object: the mechanism half sees handles of
  // nobody, so the salt key's value is passed as salt data.
  CK_MECHANISM mech = *pMechanism;
  CK_HKDF_PARAMS hp;
  if ((mech.mechanism == CKM_HKDF_DERIVE || mech.mechanism == CKM_HKDF_DATA) && mech.pParameter != NULL &&
      mech.ulParameterLen == sizeof(CK_HKDF_PARAMS)) {
    memcpy(&hp, mech.pParameter, sizeof(hp));
    if (hp.bExtract && hp.ulSaltType == CKF_HKDF_SALT_KEY) {
      p11_obj *sk = get_key(s, hp.hSaltKey);
      CK_ULONG scls = 0;
      const p11_attr *sv = NULL;
      if (sk == NULL || p11_attrs_ulong(&sk->attrs, CKA_CLASS, &scls) != CKR_OK || scls != CKO_SECRET_KEY ||
          (sv = p11_attrs_get(&sk->attrs, CKA_VALUE)) == NULL) {
        rv = CKR_MECHANISM_PARAM_INVALID;
        goto out;
      }
      hp.ulSaltType = CKF_HKDF_SALT_DATA;
      hp.pSalt = sv->val;
      hp.ulSaltLen = sv->len;
      hp.hSaltKey = CK_INVALID_HANDLE;
      mech.pParameter = &hp;
    }
  }
  if ((rv = p11_derive_key(&mech, &base->attrs, &a)) != CKR_OK) goto out;
  if ((rv = p11_finish_key(&a, 0, pMechanism->mechanism, &base->attrs)) != CKR_OK) goto out;
  if ((rv = p11_attrs_set_ulong(&a, CKA_KEY_GEN_MECHANISM, pMechanism->mechanism)) != CKR_OK) goto out;
  rv = p11_commit_new(s, &a, phKey);
out:
  p11_attrs_free(&a);
  p11_unlock();
  return rv;
}

CK_RV C_WrapKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hWrappingKey,
                CK_OBJECT_HANDLE hKey, CK_BYTE_PTR pWrappedKey, CK_ULONG_PTR pulWrappedKeyLen) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  if (pMechanism == NULL || pulWrappedKeyLen == NULL) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  p11_obj *w = get_key(s, hWrappingKey), *k = get_key(s, hKey);
  if (w == NULL) {
    rv = CKR_WRAPPING_KEY_HANDLE_INVALID;
    goto out;
  }
  if (k == NULL) {
    rv = CKR_KEY_HANDLE_INVALID;
    goto out;
  }
  if ((rv = key_allows(w, CKA_WRAP, 0, pMechanism->mechanism)) != CKR_OK) goto out;
  if (!p11_attrs_bool(&k->attrs, CKA_EXTRACTABLE, 1)) {
    rv = CKR_KEY_UNEXTRACTABLE;
    goto out;
  }
  if (p11_attrs_bool(&k->attrs, CKA_WRAP_WITH_TRUSTED, 0) && !p11_attrs_bool(&w->attrs, CKA_TRUSTED, 0)) {
    rv = CKR_KEY_NOT_WRAPPABLE;
    goto out;
  }
  rv = p11_wrap_key(pMechanism, &w->attrs, &k->attrs, pWrappedKey, pulWrappedKeyLen);
out:
  p11_unlock();
  return rv;
}

CK_RV C_UnwrapKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hUnwrappingKey,
                  CK_BYTE_PTR pWrappedKey, CK_ULONG ulWrappedKeyLen, CK_ATTRIBUTE_PTR pTemplate,
                  CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey) {
  p11_session *s;
  p11_attrs a = {0};
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  if (pMechanism == NULL || phKey == NULL || (pWrappedKey == NULL && ulWrappedKeyLen != 0)) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  p11_obj *u = get_key(s, hUnwrappingKey);
  if (u == NULL) {
    rv = CKR_UNWRAPPING_KEY_HANDLE_INVALID;
    goto out;
  }
  if ((rv = key_allows(u, CKA_UNWRAP, 0, pMechanism->mechanism)) != CKR_OK) goto out;
  if ((rv = p11_template_to_attrs(pTemplate, ulAttributeCount, &a)) != CKR_OK) goto out;
  if ((rv = p11_check_caller_template(&a)) != CKR_OK || (rv = no_key_material(&a)) != CKR_OK) goto out;
  CK_ULONG cls;
  if ((rv = p11_attrs_ulong(&a, CKA_CLASS, &cls)) != CKR_OK) goto out;
  if (cls != CKO_SECRET_KEY && cls != CKO_PRIVATE_KEY) {
    rv = CKR_TEMPLATE_INCONSISTENT;
    goto out;
  }
  if ((rv = p11_add_key_defaults(&a, cls, 0)) != CKR_OK) goto out;
  if ((rv = p11_check_new_object(s, &a)) != CKR_OK) goto out;
  if ((rv = p11_unwrap_key(pMechanism, &u->attrs, pWrappedKey, ulWrappedKeyLen, &a)) != CKR_OK) goto out;
  if ((rv = p11_finish_key(&a, 0, CK_UNAVAILABLE_INFORMATION, NULL)) != CKR_OK) goto out;
  rv = p11_commit_new(s, &a, phKey);
out:
  p11_attrs_free(&a);
  p11_unlock();
  return rv;
}

CK_RV C_EncapsulateKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hPublicKey,
                       CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulAttributeCount, CK_BYTE_PTR pCiphertext,
                       CK_ULONG_PTR pulCiphertextLen, CK_OBJECT_HANDLE_PTR phKey) {
  p11_session *s;
  p11_attrs a = {0};
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  if (pMechanism == NULL || pulCiphertextLen == NULL || (pCiphertext != NULL && phKey == NULL)) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  p11_obj *k = get_key(s, hPublicKey);
  if (k == NULL) {
    rv = CKR_KEY_HANDLE_INVALID;
    goto out;
  }
  if ((rv = key_allows(k, CKA_ENCAPSULATE, 1, pMechanism->mechanism)) != CKR_OK) goto out;
  if ((rv = new_key_template(pTemplate, ulAttributeCount, CKO_SECRET_KEY, &a)) != CKR_OK) goto out;
  if ((rv = p11_check_new_object(s, &a)) != CKR_OK) goto out;
  if ((rv = p11_encapsulate(pMechanism, &k->attrs, &a, pCiphertext, pulCiphertextLen)) != CKR_OK) goto out;
  if (pCiphertext == NULL) goto out;  // length query: no key created
  if ((rv = p11_finish_key(&a, 0, pMechanism->mechanism, NULL)) != CKR_OK) goto out;
  rv = p11_commit_new(s, &a, phKey);
out:
  p11_attrs_free(&a);
  p11_unlock();
  return rv;
}

CK_RV C_DecapsulateKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hPrivateKey,
                       CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulAttributeCount, CK_BYTE_PTR pCiphertext,
                       CK_ULONG ulCiphertextLen, CK_OBJECT_HANDLE_PTR phKey) {
  p11_session *s;
  p11_attrs a = {0};
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) != CKR_OK) goto out;
  if (pMechanism == NULL || phKey == NULL || pCiphertext == NULL) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  p11_obj *k = get_key(s, hPrivateKey);
  if (k == NULL) {
    rv = CKR_KEY_HANDLE_INVALID;
    goto out;
  }
  if ((rv = key_allows(k, CKA_DECAPSULATE, 1, pMechanism->mechanism)) != CKR_OK) goto out;
  if ((rv = new_key_template(pTemplate, ulAttributeCount, CKO_SECRET_KEY, &a)) != CKR_OK) goto out;
  if ((rv = p11_check_new_object(s, &a)) != CKR_OK) goto out;
  if ((rv = p11_decapsulate(pMechanism, &k->attrs, pCiphertext, ulCiphertextLen, &a)) != CKR_OK) goto out;
  if ((rv = p11_finish_key(&a, 0, pMechanism->mechanism, NULL)) != CKR_OK) goto out;
  rv = p11_commit_new(s, &a, phKey);
out:
  p11_attrs_free(&a);
  p11_unlock();
  return rv;
}

// ---------------------------------------------------------------------------
// Random numbers: the module's DRBG (cce_random).

CK_RV C_SeedRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSeed, CK_ULONG ulSeedLen) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) == CKR_OK)
    rv = (pSeed == NULL && ulSeedLen != 0) ? CKR_ARGUMENTS_BAD : CKR_RANDOM_SEED_NOT_SUPPORTED;
  p11_unlock();
  return rv;
}

CK_RV C_GenerateRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR RandomData, CK_ULONG ulRandomLen) {
  p11_session *s;
  CK_RV rv = p11_enter();
  if (rv != CKR_OK) return rv;
  if ((rv = p11_get_session(hSession, &s)) == CKR_OK) {
    if (RandomData == NULL && ulRandomLen != 0)
      rv = CKR_ARGUMENTS_BAD;
    else if (ulRandomLen != 0 && cce_random(RandomData, ulRandomLen) != CCE_OK)
      rv = CKR_FUNCTION_FAILED;
  }
  p11_unlock();
  return rv;
}
