// p11.h: internal interfaces of libcce-pkcs11.so, the PKCS#11 front end.
//
// Outside the module boundary: this code may allocate and do I/O; it calls
// the module only through its public API (include/cce/). Two halves:
//
//   front end (p11_core*.c, p11_store*.c): slots, tokens, sessions, login,
//     objects and their attribute policy, the token store, locking, the
//     function list; it checks every usage attribute (CKA_ENCRYPT, CKA_SIGN,
//     CKA_WRAP, CKA_DERIVE, ...) and CKA_EXTRACTABLE/CKA_SENSITIVE before
//     calling a mechanism, and frees an operation when it ends;
//   mechanisms (p11_mech*.c): what each CKM_* does with key attributes,
//     through the module's public API; checks key types, key sizes and
//     mechanism parameters (CKR_KEY_TYPE_INCONSISTENT, CKR_KEY_SIZE_RANGE,
//     CKR_MECHANISM_PARAM_INVALID, CKR_MECHANISM_INVALID).

#ifndef CCE_P11_H
#define CCE_P11_H

#include <stddef.h>
#include <stdint.h>

#include "pkcs11.h"

// ---------------------------------------------------------------------------
// Attribute lists (p11_attrs.c, front end). An object is a list of
// attributes with owned copies of their values; values are wiped on free.

typedef struct p11_attr {
  CK_ATTRIBUTE_TYPE type;
  CK_ULONG len;
  CK_BYTE *val;  // malloc'd (non-NULL even when len == 0)
} p11_attr;

typedef struct p11_attrs {
  p11_attr *a;
  size_t n, cap;
} p11_attrs;

// p11_attrs_set adds or replaces attribute `t` with a copy of (val, len).
// Returns CKR_OK or CKR_HOST_MEMORY.
CK_RV p11_attrs_set(p11_attrs *l, CK_ATTRIBUTE_TYPE t, const void *val, CK_ULONG len);
CK_RV p11_attrs_set_ulong(p11_attrs *l, CK_ATTRIBUTE_TYPE t, CK_ULONG v);
CK_RV p11_attrs_set_bool(p11_attrs *l, CK_ATTRIBUTE_TYPE t, int v);
// p11_attrs_get returns the attribute or NULL.
const p11_attr *p11_attrs_get(const p11_attrs *l, CK_ATTRIBUTE_TYPE t);
// p11_attrs_bool returns the CK_BBOOL value of `t`, or `dflt` if absent.
int p11_attrs_bool(const p11_attrs *l, CK_ATTRIBUTE_TYPE t, int dflt);
// p11_attrs_ulong reads a CK_ULONG attribute: CKR_OK, CKR_TEMPLATE_INCOMPLETE
// if absent, CKR_ATTRIBUTE_VALUE_INVALID if its length is wrong.
CK_RV p11_attrs_ulong(const p11_attrs *l, CK_ATTRIBUTE_TYPE t, CK_ULONG *out);
// p11_attrs_remove drops `t` (wiping its value) if present.
void p11_attrs_remove(p11_attrs *l, CK_ATTRIBUTE_TYPE t);
// p11_attrs_free wipes and frees every value; the list is empty afterwards.
void p11_attrs_free(p11_attrs *l);

// ---------------------------------------------------------------------------
// Mechanisms (p11_mech*.c).

typedef enum p11_op_kind {
  P11_OP_ENCRYPT,
  P11_OP_DECRYPT,
  P11_OP_SIGN,
  P11_OP_VERIFY,
  P11_OP_DIGEST,
  P11_OP_KINDS
} p11_op_kind;

// An operation in progress (defined by the mechanism code, malloc'd).
typedef struct p11_op p11_op;

// p11_mech_list: every mechanism this library offers, PKCS#11 size-query
// convention (list NULL -> *count set; too small -> CKR_BUFFER_TOO_SMALL).
CK_RV p11_mech_list(CK_MECHANISM_TYPE *list, CK_ULONG *count);
// p11_mech_info: truthful flags and key sizes, or CKR_MECHANISM_INVALID.
CK_RV p11_mech_info(CK_MECHANISM_TYPE type, CK_MECHANISM_INFO *info);

// p11_op_init starts an operation of `kind` with `mech` on `key` (NULL for
// digests). Copies what it needs from `key` and `mech` (the caller may free
// them afterwards). The front end has already checked the usage attribute.
CK_RV p11_op_init(p11_op **op, p11_op_kind kind, const CK_MECHANISM *mech, const p11_attrs *key);

// Single-part (C_Encrypt, C_Decrypt, C_Sign, C_Digest) and final calls follow
// the PKCS#11 output convention: out == NULL -> *out_len set to the needed
// size, CKR_OK, operation kept; *out_len too small -> CKR_BUFFER_TOO_SMALL
// with *out_len set, operation kept. For P11_OP_VERIFY, `out`/`*out_len` are
// the signature (input): CKR_OK, CKR_SIGNATURE_INVALID or
// CKR_SIGNATURE_LEN_RANGE. The front end frees the operation after any other
// outcome of p11_op_oneshot/p11_op_final, and after any error of
// p11_op_update.
CK_RV p11_op_oneshot(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len);
// p11_op_update: multi-part input. For encrypt/decrypt `out`/`out_len`
// follow the output convention above; for sign/verify/digest they are NULL.
// Returns CKR_OPERATION_NOT_INITIALIZED-free codes; mechanisms without a
// multi-part form (raw ECDSA, RSA PKCS/X.509 raw, OAEP) return
// CKR_FUNCTION_NOT_SUPPORTED... except where PKCS#11 defines one.
CK_RV p11_op_update(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len);
CK_RV p11_op_final(p11_op *op, CK_BYTE *out, CK_ULONG *out_len);
// p11_op_free wipes and frees (NULL allowed).
void p11_op_free(p11_op *op);

// Key creation. The front end passes lists pre-filled with the caller's
// template and the common defaults (CKA_CLASS, CKA_TOKEN, CKA_PRIVATE,
// CKA_SENSITIVE, CKA_EXTRACTABLE, usage flags, CKA_LOCAL...); the mechanism
// reads its parameters from them (CKA_VALUE_LEN, CKA_EC_PARAMS,
// CKA_MODULUS_BITS, CKA_PUBLIC_EXPONENT, CKA_PARAMETER_SET), rejects
// inconsistent ones (CKR_TEMPLATE_INCONSISTENT, CKR_TEMPLATE_INCOMPLETE,
// CKR_ATTRIBUTE_VALUE_INVALID) and adds the key material and the
// attributes it determines (CKA_KEY_TYPE, CKA_VALUE, CKA_VALUE_LEN,
// CKA_EC_POINT, CKA_MODULUS, CKA_PRIME_1..., CKA_KEY_GEN_MECHANISM).
CK_RV p11_generate_key(const CK_MECHANISM *mech, p11_attrs *key);
CK_RV p11_generate_key_pair(const CK_MECHANISM *mech, p11_attrs *pub, p11_attrs *priv);
// p11_derive_key (CKM_ECDH1_DERIVE, CKM_HKDF_DERIVE, ...): base key
// attributes in `base`, new key template in `key` (value added).
CK_RV p11_derive_key(const CK_MECHANISM *mech, const p11_attrs *base, p11_attrs *key);
// p11_wrap_key: wrap the CKA_VALUE (secret keys) or the PKCS#8 encoding
// (private keys) of `key` under `wrapping`; output convention as above.
CK_RV p11_wrap_key(const CK_MECHANISM *mech, const p11_attrs *wrapping, const p11_attrs *key, CK_BYTE *out,
                   CK_ULONG *out_len);
// p11_unwrap_key: the inverse; `key` holds the new key's template.
CK_RV p11_unwrap_key(const CK_MECHANISM *mech, const p11_attrs *unwrapping, const CK_BYTE *in, CK_ULONG in_len,
                     p11_attrs *key);
// p11_encapsulate / p11_decapsulate (PKCS#11 3.2 C_EncapsulateKey /
// C_DecapsulateKey, CKM_ML_KEM): the new shared-secret key's template is in
// `key`; the ciphertext follows the output convention.
CK_RV p11_encapsulate(const CK_MECHANISM *mech, const p11_attrs *pub, p11_attrs *key, CK_BYTE *ct,
                      CK_ULONG *ct_len);
CK_RV p11_decapsulate(const CK_MECHANISM *mech, const p11_attrs *priv, const CK_BYTE *ct, CK_ULONG ct_len,
                      p11_attrs *key);
// p11_key_import checks a key object given whole by C_CreateObject (or read
// back from the token store): class/key type known, lengths valid, material
// consistent (an EC point on the curve, an AES key of 16/24/32 bytes); may
// add derived attributes (CKA_VALUE_LEN, CKA_MODULUS_BITS).
CK_RV p11_key_import(p11_attrs *obj);

#endif  // CCE_P11_H
