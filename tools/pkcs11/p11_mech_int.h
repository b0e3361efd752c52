// p11_mech_int.h: shared internals of the mechanism half of libcce-pkcs11.so
// (p11_mech*.c). Not used by the front end, which sees only p11.h.
//
// An operation is a `p11_op` holding a small vtable chosen by the family
// (AES, hash/HMAC, EC, Ed25519, RSA, ML-DSA) and the family's state. Single-
// part mechanisms (raw ECDSA, RSA PKCS/PSS/OAEP, EdDSA, ML-DSA, AES key
// wrap) leave `update`/`final` NULL: p11_mech.c then buffers the input of
// C_xxxUpdate and runs the one-shot function at C_xxxFinal, so every
// mechanism accepts multi-part calls.

#ifndef CCE_P11_MECH_INT_H
#define CCE_P11_MECH_INT_H

#include <stddef.h>
#include <stdint.h>

#include "p11.h"

#include "cce/common.h"
#include "cce/hash.h"

// ---------------------------------------------------------------------------
// PKCS#11 3.x names that an older pkcs11.h might lack (values from the OASIS
// PKCS#11 3.0/3.2 specifications).

#ifndef CKM_AES_KEY_WRAP_KWP
#define CKM_AES_KEY_WRAP_KWP 0x0000210BUL
#endif
#ifndef CKM_HKDF_DERIVE
#define CKM_HKDF_DERIVE 0x0000402AUL
#endif
#ifndef CKM_HKDF_KEY_GEN
#define CKM_HKDF_KEY_GEN 0x0000402CUL
#endif
#ifndef CKK_HKDF
#define CKK_HKDF 0x00000042UL
#endif
#ifndef CKF_HKDF_SALT_NULL
#define CKF_HKDF_SALT_NULL 0x00000001UL
#define CKF_HKDF_SALT_DATA 0x00000002UL
#define CKF_HKDF_SALT_KEY 0x00000004UL
#endif
#ifndef CKM_ML_KEM_KEY_PAIR_GEN
#define CKM_ML_KEM_KEY_PAIR_GEN 0x0000000FUL
#endif
#ifndef CKM_ML_KEM
#define CKM_ML_KEM 0x00000017UL
#endif
#ifndef CKM_ML_DSA_KEY_PAIR_GEN
#define CKM_ML_DSA_KEY_PAIR_GEN 0x0000001CUL
#endif
#ifndef CKM_ML_DSA
#define CKM_ML_DSA 0x0000001DUL
#endif
#ifndef CKK_ML_KEM
#define CKK_ML_KEM 0x00000049UL
#endif
#ifndef CKK_ML_DSA
#define CKK_ML_DSA 0x0000004AUL
#endif
#ifndef CKA_SEED
#define CKA_SEED 0x0000061CUL
#endif
#ifndef CKA_PARAMETER_SET
#define CKA_PARAMETER_SET 0x0000061DUL
#endif
#ifndef CKP_ML_KEM_512
#define CKP_ML_KEM_512 0x00000001UL
#define CKP_ML_KEM_768 0x00000002UL
#define CKP_ML_KEM_1024 0x00000003UL
#endif
#ifndef CKP_ML_DSA_44
#define CKP_ML_DSA_44 0x00000001UL
#define CKP_ML_DSA_65 0x00000002UL
#define CKP_ML_DSA_87 0x00000003UL
#endif
#ifndef CKH_HEDGE_PREFERRED
#define CKH_HEDGE_PREFERRED 0x00000000UL
#define CKH_HEDGE_REQUIRED 0x00000001UL
#define CKH_DETERMINISTIC_REQUIRED 0x00000002UL
#endif
#ifndef CKF_ENCAPSULATE
#define CKF_ENCAPSULATE 0x10000000UL
#endif
#ifndef CKF_DECAPSULATE
#define CKF_DECAPSULATE 0x20000000UL
#endif
#ifndef CKA_ENCAPSULATE
#define CKA_ENCAPSULATE 0x00000633UL
#endif
#ifndef CKA_DECAPSULATE
#define CKA_DECAPSULATE 0x00000634UL
#endif

// Parameter structures (the pkcs11.h types under short local names).
typedef CK_GCM_PARAMS p11m_gcm_params;
typedef CK_AES_CTR_PARAMS p11m_ctr_params;
typedef CK_HKDF_PARAMS p11m_hkdf_params;
typedef CK_ECDH1_DERIVE_PARAMS p11m_ecdh1_params;
typedef CK_RSA_PKCS_PSS_PARAMS p11m_pss_params;
typedef CK_RSA_PKCS_OAEP_PARAMS p11m_oaep_params;
typedef CK_EDDSA_PARAMS p11m_eddsa_params;
typedef CK_SIGN_ADDITIONAL_CONTEXT p11m_sign_ctx_params;

// ---------------------------------------------------------------------------
// Operations.

typedef struct p11_op_vt {
  // oneshot: whole input at once, PKCS#11 output convention (the state must
  // be unchanged when it returns a size or CKR_BUFFER_TOO_SMALL).
  CK_RV (*oneshot)(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len);
  // update/final: NULL for single-part mechanisms (input buffered).
  CK_RV (*update)(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len);
  CK_RV (*final)(p11_op *op, CK_BYTE *out, CK_ULONG *out_len);
  void (*free_st)(void *st, size_t st_size);
} p11_op_vt;

struct p11_op {
  p11_op_kind kind;
  CK_MECHANISM_TYPE mech;
  const p11_op_vt *vt;
  void *st;        // family state (malloc'd, wiped on free)
  size_t st_size;
  int updating;    // a multi-part operation has started
  CK_BYTE *buf;    // buffered input of single-part mechanisms
  size_t buf_len, buf_cap;
};

// Most input a single-part mechanism buffers across C_xxxUpdate calls.
#define P11M_MAX_BUFFER ((size_t)1 << 26)

// Families (p11_mech_<family>.c).
CK_RV p11m_aes_op_init(p11_op *op, const CK_MECHANISM *mech, const p11_attrs *key);
CK_RV p11m_hash_op_init(p11_op *op, const CK_MECHANISM *mech, const p11_attrs *key);
CK_RV p11m_ec_op_init(p11_op *op, const CK_MECHANISM *mech, const p11_attrs *key);
CK_RV p11m_ed_op_init(p11_op *op, const CK_MECHANISM *mech, const p11_attrs *key);
CK_RV p11m_rsa_op_init(p11_op *op, const CK_MECHANISM *mech, const p11_attrs *key);
CK_RV p11m_mldsa_op_init(p11_op *op, const CK_MECHANISM *mech, const p11_attrs *key);

CK_RV p11m_aes_keygen(const CK_MECHANISM *mech, p11_attrs *key);
CK_RV p11m_secret_keygen(const CK_MECHANISM *mech, p11_attrs *key);
CK_RV p11m_ec_keygen(const CK_MECHANISM *mech, p11_attrs *pub, p11_attrs *priv);
CK_RV p11m_ed_keygen(const CK_MECHANISM *mech, p11_attrs *pub, p11_attrs *priv);
CK_RV p11m_rsa_keygen(const CK_MECHANISM *mech, p11_attrs *pub, p11_attrs *priv);
CK_RV p11m_mlkem_keygen(const CK_MECHANISM *mech, p11_attrs *pub, p11_attrs *priv);
CK_RV p11m_mldsa_keygen(const CK_MECHANISM *mech, p11_attrs *pub, p11_attrs *priv);

CK_RV p11m_ecdh_derive(const CK_MECHANISM *mech, const p11_attrs *base, p11_attrs *key);
CK_RV p11m_hkdf_derive(const CK_MECHANISM *mech, const p11_attrs *base, p11_attrs *key);

// AES key wrap of raw bytes (p11_mech_aes.c): CKM_AES_KEY_WRAP,
// CKM_AES_KEY_WRAP_PAD / _KWP. `out` NULL: size query.
CK_RV p11m_aes_wrap_bytes(const CK_MECHANISM *mech, const p11_attrs *wrapping, const CK_BYTE *in, size_t in_len,
                          CK_BYTE *out, CK_ULONG *out_len);
// Unwrap into a malloc'd buffer (*out, *out_len), wiped by the caller.
CK_RV p11m_aes_unwrap_bytes(const CK_MECHANISM *mech, const p11_attrs *unwrapping, const CK_BYTE *in,
                            size_t in_len, CK_BYTE **out, size_t *out_len);

// Key material encodings for wrap/unwrap (PKCS#8), p11_mech_ec.c / _rsa.c.
CK_RV p11m_ec_private_to_pkcs8(const p11_attrs *key, CK_BYTE **der, size_t *der_len);
CK_RV p11m_rsa_private_to_pkcs8(const p11_attrs *key, CK_BYTE **der, size_t *der_len);
// From PKCS#8 into attributes (CKA_KEY_TYPE and material added to `key`).
CK_RV p11m_pkcs8_to_attrs(const CK_BYTE *der, size_t der_len, p11_attrs *key);

// Key import checks (p11_mech_<family>.c).
CK_RV p11m_ec_import(p11_attrs *obj, CK_OBJECT_CLASS cls, CK_KEY_TYPE kt);
CK_RV p11m_rsa_import(p11_attrs *obj, CK_OBJECT_CLASS cls);
CK_RV p11m_pq_import(p11_attrs *obj, CK_OBJECT_CLASS cls, CK_KEY_TYPE kt);

// ML-KEM (p11_mech_pq.c).
CK_RV p11m_mlkem_encaps(const CK_MECHANISM *mech, const p11_attrs *pub, p11_attrs *key, CK_BYTE *ct,
                        CK_ULONG *ct_len);
CK_RV p11m_mlkem_decaps(const CK_MECHANISM *mech, const p11_attrs *priv, const CK_BYTE *ct, CK_ULONG ct_len,
                        p11_attrs *key);

// ---------------------------------------------------------------------------
// Helpers (p11_mech.c).

// p11m_out applies the output convention for `need` bytes: returns 1 when
// the caller should write (out large enough; *rv = CKR_OK), else 0 with *rv set (CKR_OK
// for a size query, CKR_BUFFER_TOO_SMALL) and *out_len = need.
int p11m_out(CK_BYTE *out, CK_ULONG *out_len, size_t need, CK_RV *rv);
// p11m_param returns the parameter block of exactly `size` bytes, or NULL
// (mechanism parameter invalid).
const void *p11m_param(const CK_MECHANISM *mech, size_t size);
// p11m_no_param: CKR_OK if the mechanism takes no parameter.
CK_RV p11m_no_param(const CK_MECHANISM *mech);
// p11m_rv maps a module status to a generic CKR_ value.
CK_RV p11m_rv(cce_status st);
// p11m_ulong reads a CK_ULONG attribute (0 if absent: *present 0).
CK_RV p11m_get_ulong(const p11_attrs *l, CK_ATTRIBUTE_TYPE t, CK_ULONG *v, int *present);
// p11m_key_class_type reads CKA_CLASS and CKA_KEY_TYPE of a key
// (CKR_KEY_TYPE_INCONSISTENT when missing).
CK_RV p11m_key_class_type(const p11_attrs *key, CK_OBJECT_CLASS *cls, CK_KEY_TYPE *kt);
// p11m_secret_value returns CKA_VALUE of a secret key.
const p11_attr *p11m_value(const p11_attrs *key);
// p11m_template_key_type: CKA_KEY_TYPE of a template must be absent or
// `kt`; then it is set to `kt`. CKR_TEMPLATE_INCONSISTENT otherwise.
CK_RV p11m_set_key_type(p11_attrs *t, CK_KEY_TYPE kt);
// p11m_set_class: same for CKA_CLASS.
CK_RV p11m_set_class(p11_attrs *t, CK_OBJECT_CLASS cls);
// p11m_secret_value_len: the length a new secret key should have: its
// CKA_VALUE_LEN, else `dflt` (0: required, CKR_TEMPLATE_INCOMPLETE).
CK_RV p11m_secret_len(const p11_attrs *t, size_t dflt, size_t *len);
// p11m_finish_secret stores `val` as CKA_VALUE of a new secret key and sets
// CKA_VALUE_LEN and CKA_KEY_TYPE (generic secret unless already set),
// checking the length against the key type (AES 16/24/32).
CK_RV p11m_finish_secret(p11_attrs *t, const CK_BYTE *val, size_t len);
// p11m_hash_of: module hash of a PKCS#11 digest mechanism (CKM_SHA256 ...),
// CCE_HASH_NONE if unknown.
cce_hash_alg p11m_hash_of(CK_MECHANISM_TYPE m);
// p11m_mgf_hash: the hash of a CKG_MGF1_* value, CCE_HASH_NONE if unknown.
cce_hash_alg p11m_mgf_hash(CK_ULONG mgf);
// p11m_wipe_free wipes and frees.
void p11m_wipe_free(void *p, size_t len);
// p11m_is_true: CK_BBOOL attribute `t` (default `dflt`).
int p11m_bool(const p11_attrs *l, CK_ATTRIBUTE_TYPE t, int dflt);

#endif  // CCE_P11_MECH_INT_H
