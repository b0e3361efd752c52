// p11_mech_aes.c: AES mechanisms of libcce-pkcs11.so: CKM_AES_KEY_GEN,
// CKM_AES_ECB, CKM_AES_CBC, CKM_AES_CBC_PAD, CKM_AES_CTR, CKM_AES_GCM,
// CKM_AES_KEY_WRAP (KW), CKM_AES_KEY_WRAP_PAD and CKM_AES_KEY_WRAP_KWP (both
// KWP, SP 800-38F / RFC 5649), CKM_AES_CMAC and CKM_AES_CMAC_GENERAL, all
// through include/cce/aes.h and gcm.h.

#include <stdlib.h>
#include <string.h>

#include "p11_mech_int.h"

#include "cce/aes.h"
#include "cce/gcm.h"
#include "cce/rand.h"
#include "cce/util.h"

enum { M_ECB = 1, M_CBC, M_CBC_PAD, M_CTR, M_GCM, M_KW, M_KWP, M_CMAC };

typedef struct aes_st {
  cce_aes_ctx aes;
  cce_gcm_key gk;
  cce_gcm_ctx gc;
  cce_aes_cmac_ctx cmac;
  uint8_t key[32];
  size_t key_len;
  int mode, enc;
  uint8_t iv[16];     // CBC chaining value, CTR counter block
  uint8_t buf[16];    // ECB/CBC pending input, CTR unused keystream
  size_t buf_len;     // ECB/CBC: pending bytes; CTR: keystream bytes left
  int ctr_limited;
  uint64_t ctr_left;  // CTR: counter blocks before the counter field wraps
  // GCM
  size_t tag_len;
  uint8_t *gcm_iv, *aad;
  size_t gcm_iv_len, aad_len;
  int gcm_stream;      // encryption stream started
  uint8_t *dbuf;       // decryption: whole ciphertext || tag
  size_t dlen, dcap;
  size_t mac_len;      // CMAC
} aes_st;

static void aes_free(void *p, size_t n) {
  (void)n;
  aes_st *s = p;
  cce_aes_cleanup(&s->aes);
  cce_gcm_key_wipe(&s->gk);
  cce_aes_gcm_ctx_wipe(&s->gc);
  cce_aes_cmac_cleanup(&s->cmac);
  p11m_wipe_free(s->gcm_iv, s->gcm_iv_len);
  p11m_wipe_free(s->aad, s->aad_len);
  p11m_wipe_free(s->dbuf, s->dcap);
}

// aes_key fetches an AES key's value (class, type and length checked).
static CK_RV aes_key(const p11_attrs *key, const CK_BYTE **k, size_t *k_len, CK_RV type_err) {
  CK_OBJECT_CLASS cls;
  CK_KEY_TYPE kt;
  if (p11m_key_class_type(key, &cls, &kt) != CKR_OK || cls != CKO_SECRET_KEY || kt != CKK_AES) return type_err;
  const p11_attr *v = p11m_value(key);
  if (v == NULL) return type_err;
  if (v->len != 16 && v->len != 24 && v->len != 32) return CKR_KEY_SIZE_RANGE;
  *k = v->val;
  *k_len = v->len;
  return CKR_OK;
}

static CK_RV enc_len_err(const aes_st *s) { return s->enc ? CKR_DATA_LEN_RANGE : CKR_ENCRYPTED_DATA_LEN_RANGE; }

// ---------------------------------------------------------------------------
// ECB / CBC / CBC_PAD

static CK_RV blk_crypt(aes_st *s, uint8_t iv[16], uint8_t *out, const uint8_t *in, size_t len) {
  cce_status st;
  if (len == 0) return CKR_OK;
  if (s->mode == M_ECB)
    st = s->enc ? cce_aes_ecb_encrypt(&s->aes, out, in, len) : cce_aes_ecb_decrypt(&s->aes, out, in, len);
  else
    st = s->enc ? cce_aes_cbc_encrypt(&s->aes, iv, out, in, len) : cce_aes_cbc_decrypt(&s->aes, iv, out, in, len);
  return st == CCE_OK ? CKR_OK : CKR_FUNCTION_FAILED;
}

// pad_len checks PKCS#7 padding of the last block in constant time; returns
// the pad length (1..16) or 0 if it is invalid.
static size_t pad_len(const uint8_t blk[16]) {
  uint32_t p = blk[15];
  uint32_t bad = (p - 1u) >> 4;  // nonzero iff p == 0 or p > 16
  for (uint32_t i = 0; i < 16; i++) {
    uint32_t in_pad = 0u - (((15u - i) - p) >> 31);  // all ones iff 15 - i < p
    bad |= in_pad & (uint32_t)(blk[i] ^ p);
  }
  return bad == 0 ? (size_t)p : 0;
}

static CK_RV blk_oneshot(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  aes_st *s = op->st;
  CK_RV rv;
  uint8_t iv[16];
  memcpy(iv, s->iv, 16);
  if (s->mode != M_CBC_PAD || s->enc) {
    size_t need = in_len;
    if (s->mode == M_CBC_PAD) {
      need = (in_len / 16 + 1) * 16;
    } else if (in_len % 16) {
      return enc_len_err(s);
    }
    if (!p11m_out(out, out_len, need, &rv)) return rv;
    size_t whole = in_len - in_len % 16;
    rv = blk_crypt(s, iv, out, in, whole);
    if (rv == CKR_OK && s->mode == M_CBC_PAD) {
      uint8_t last[16];
      size_t r = in_len - whole;
      memcpy(last, in + whole, r);
      memset(last + r, (int)(16 - r), 16 - r);
      rv = blk_crypt(s, iv, out + whole, last, 16);
      cce_wipe(last, sizeof last);
    }
    if (rv == CKR_OK) *out_len = (CK_ULONG)need;
    return rv;
  }
  // CBC_PAD decryption: decrypt into a temporary buffer, check the padding.
  if (in_len == 0 || in_len % 16) return CKR_ENCRYPTED_DATA_LEN_RANGE;
  uint8_t *tmp = malloc(in_len);
  if (tmp == NULL) return CKR_HOST_MEMORY;
  rv = blk_crypt(s, iv, tmp, in, in_len);
  if (rv == CKR_OK) {
    size_t p = pad_len(tmp + in_len - 16);
    if (p == 0) {
      rv = CKR_ENCRYPTED_DATA_INVALID;
    } else if (p11m_out(out, out_len, in_len - p, &rv)) {
      memcpy(out, tmp, in_len - p);
      *out_len = (CK_ULONG)(in_len - p);
    }
  }
  p11m_wipe_free(tmp, in_len);
  return rv;
}

static CK_RV blk_update(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  aes_st *s = op->st;
  CK_RV rv;
  size_t total = s->buf_len + in_len;
  size_t need = total - total % 16;
  if (s->mode == M_CBC_PAD && !s->enc && total % 16 == 0 && total > 0) need -= 16;  // keep the last block
  if (!p11m_out(out, out_len, need, &rv)) return rv;
  if (need == 0) {
    if (in_len) memcpy(s->buf + s->buf_len, in, in_len);
    s->buf_len = total;
    *out_len = 0;
    return CKR_OK;
  }
  uint8_t *tmp = malloc(total);
  if (tmp == NULL) return CKR_HOST_MEMORY;
  memcpy(tmp, s->buf, s->buf_len);
  memcpy(tmp + s->buf_len, in, in_len);
  rv = blk_crypt(s, s->iv, out, tmp, need);
  if (rv == CKR_OK) {
    s->buf_len = total - need;
    memcpy(s->buf, tmp + need, s->buf_len);
    *out_len = (CK_ULONG)need;
  }
  p11m_wipe_free(tmp, total);
  return rv;
}

static CK_RV blk_final(p11_op *op, CK_BYTE *out, CK_ULONG *out_len) {
  aes_st *s = op->st;
  CK_RV rv;
  if (s->mode != M_CBC_PAD) {
    if (s->buf_len) return enc_len_err(s);
    *out_len = 0;
    return CKR_OK;
  }
  uint8_t blk[16], iv[16];
  memcpy(iv, s->iv, 16);
  if (s->enc) {
    if (!p11m_out(out, out_len, 16, &rv)) return rv;
    memcpy(blk, s->buf, s->buf_len);
    memset(blk + s->buf_len, (int)(16 - s->buf_len), 16 - s->buf_len);
    rv = blk_crypt(s, iv, out, blk, 16);
    if (rv == CKR_OK) *out_len = 16;
  } else {
    if (s->buf_len != 16) return CKR_ENCRYPTED_DATA_LEN_RANGE;
    rv = blk_crypt(s, iv, blk, s->buf, 16);
    if (rv == CKR_OK) {
      size_t p = pad_len(blk);
      if (p == 0) {
        rv = CKR_ENCRYPTED_DATA_INVALID;
      } else if (p11m_out(out, out_len, 16 - p, &rv)) {
        memcpy(out, blk, 16 - p);
        *out_len = (CK_ULONG)(16 - p);
      }
    }
  }
  cce_wipe(blk, sizeof blk);
  return rv;
}

static const p11_op_vt k_blk_vt = {blk_oneshot, blk_update, blk_final, aes_free};

// ---------------------------------------------------------------------------
// CTR (arbitrary splits: unused keystream bytes are kept in `buf`).

static CK_RV ctr_update(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  aes_st *s = op->st;
  CK_RV rv;
  if (!p11m_out(out, out_len, in_len, &rv)) return rv;
  size_t done = 0;
  size_t use = s->buf_len < in_len ? s->buf_len : in_len;
  size_t rest = in_len - use;
  uint64_t blocks = (rest + 15) / 16;
  if (s->ctr_limited && blocks > s->ctr_left) return CKR_DATA_LEN_RANGE;
  for (; done < use; done++) out[done] = in[done] ^ s->buf[16 - s->buf_len + done];
  s->buf_len -= use;
  size_t whole = rest - rest % 16;
  if (whole && cce_aes_ctr_crypt(&s->aes, s->iv, out + done, in + done, whole) != CCE_OK) return CKR_FUNCTION_FAILED;
  done += whole;
  if (done < in_len) {
    size_t r = in_len - done;
    memset(s->buf, 0, 16);
    if (cce_aes_ctr_crypt(&s->aes, s->iv, s->buf, s->buf, 16) != CCE_OK) return CKR_FUNCTION_FAILED;
    for (size_t i = 0; i < r; i++) out[done + i] = in[done + i] ^ s->buf[i];
    s->buf_len = 16 - r;
  }
  if (s->ctr_limited) s->ctr_left -= blocks;
  *out_len = in_len;
  return CKR_OK;
}

static CK_RV ctr_final(p11_op *op, CK_BYTE *out, CK_ULONG *out_len) {
  (void)op;
  (void)out;
  *out_len = 0;
  return CKR_OK;
}

static const p11_op_vt k_ctr_vt = {ctr_update, ctr_update, ctr_final, aes_free};

// ---------------------------------------------------------------------------
// GCM. Decryption buffers the ciphertext and releases plaintext only after
// the tag has been checked (cce_aes_gcm_open).

static CK_RV gcm_oneshot(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  aes_st *s = op->st;
  CK_RV rv;
  if (s->enc) {
    if (!p11m_out(out, out_len, (size_t)in_len + s->tag_len, &rv)) return rv;
    cce_status st = cce_aes_gcm_seal(&s->gk, s->gcm_iv, s->gcm_iv_len, s->aad, s->aad_len, in, in_len, out,
                                     out + in_len, s->tag_len);
    if (st == CCE_ERR_LENGTH_OVERFLOW) return CKR_DATA_LEN_RANGE;
    if (st != CCE_OK) return CKR_FUNCTION_FAILED;
    *out_len = in_len + (CK_ULONG)s->tag_len;
    return CKR_OK;
  }
  if (in_len < s->tag_len) return CKR_ENCRYPTED_DATA_LEN_RANGE;
  size_t n = in_len - s->tag_len;
  if (!p11m_out(out, out_len, n, &rv)) return rv;
  cce_status st =
      cce_aes_gcm_open(&s->gk, s->gcm_iv, s->gcm_iv_len, s->aad, s->aad_len, in, n, in + n, s->tag_len, out);
  if (st == CCE_ERR_AUTH) return CKR_ENCRYPTED_DATA_INVALID;
  if (st == CCE_ERR_LENGTH_OVERFLOW) return CKR_ENCRYPTED_DATA_LEN_RANGE;
  if (st != CCE_OK) return CKR_FUNCTION_FAILED;
  *out_len = (CK_ULONG)n;
  return CKR_OK;
}

static CK_RV gcm_update(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  aes_st *s = op->st;
  CK_RV rv;
  if (s->enc) {
    if (!p11m_out(out, out_len, in_len, &rv)) return rv;
    if (!s->gcm_stream) {
      if (cce_aes_gcm_init(&s->gc, &s->gk, CCE_GCM_ENCRYPT, s->gcm_iv, s->gcm_iv_len) != CCE_OK ||
          cce_aes_gcm_update_aad(&s->gc, s->aad, s->aad_len) != CCE_OK)
        return CKR_FUNCTION_FAILED;
      s->gcm_stream = 1;
    }
    cce_status st = cce_aes_gcm_update(&s->gc, out, in, in_len);
    if (st == CCE_ERR_LENGTH_OVERFLOW) return CKR_DATA_LEN_RANGE;
    if (st != CCE_OK) return CKR_FUNCTION_FAILED;
    *out_len = in_len;
    return CKR_OK;
  }
  if (in_len > CCE_GCM_MAX_PT_BYTES + 16 - s->dlen) return CKR_ENCRYPTED_DATA_LEN_RANGE;
  if (s->dlen + in_len > s->dcap) {
    size_t cap = s->dcap ? s->dcap : 256;
    while (cap < s->dlen + in_len) cap *= 2;
    uint8_t *nb = malloc(cap);
    if (nb == NULL) return CKR_HOST_MEMORY;
    if (s->dlen) memcpy(nb, s->dbuf, s->dlen);
    p11m_wipe_free(s->dbuf, s->dcap);
    s->dbuf = nb;
    s->dcap = cap;
  }
  if (in_len) memcpy(s->dbuf + s->dlen, in, in_len);
  s->dlen += in_len;
  *out_len = 0;  // nothing released before the tag is checked
  return CKR_OK;
}

static CK_RV gcm_final(p11_op *op, CK_BYTE *out, CK_ULONG *out_len) {
  aes_st *s = op->st;
  CK_RV rv;
  if (!s->enc) return gcm_oneshot(op, s->dbuf, (CK_ULONG)s->dlen, out, out_len);
  if (!p11m_out(out, out_len, s->tag_len, &rv)) return rv;
  if (!s->gcm_stream) {
    if (cce_aes_gcm_init(&s->gc, &s->gk, CCE_GCM_ENCRYPT, s->gcm_iv, s->gcm_iv_len) != CCE_OK ||
        cce_aes_gcm_update_aad(&s->gc, s->aad, s->aad_len) != CCE_OK)
      return CKR_FUNCTION_FAILED;
    s->gcm_stream = 1;
  }
  if (cce_aes_gcm_encrypt_final(&s->gc, out, s->tag_len) != CCE_OK) return CKR_FUNCTION_FAILED;
  *out_len = (CK_ULONG)s->tag_len;
  return CKR_OK;
}

static const p11_op_vt k_gcm_vt = {gcm_oneshot, gcm_update, gcm_final, aes_free};

// ---------------------------------------------------------------------------
// KW / KWP as encrypt/decrypt (single-part).

static CK_RV kw_oneshot(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  aes_st *s = op->st;
  CK_RV rv;
  size_t got = 0;
  cce_status st;
  if (s->enc) {
    size_t need;
    if (s->mode == M_KW) {
      if (in_len < 16 || in_len % 8) return CKR_DATA_LEN_RANGE;
      need = (size_t)in_len + 8;
    } else {
      if (in_len == 0 || in_len > 0xffffffffUL) return CKR_DATA_LEN_RANGE;
      need = 8 + ((size_t)in_len + 7) / 8 * 8;
    }
    if (!p11m_out(out, out_len, need, &rv)) return rv;
    st = s->mode == M_KW ? cce_aes_kw_wrap(&s->aes, 0, out, need, &got, in, in_len)
                         : cce_aes_kwp_wrap(&s->aes, 0, out, need, &got, in, in_len);
    if (st != CCE_OK) return CKR_FUNCTION_FAILED;
    *out_len = (CK_ULONG)got;
    return CKR_OK;
  }
  if (in_len % 8 || in_len < (s->mode == M_KW ? 24u : 16u)) return CKR_ENCRYPTED_DATA_LEN_RANGE;
  size_t cap = in_len - 8;
  uint8_t *tmp = malloc(cap);
  if (tmp == NULL) return CKR_HOST_MEMORY;
  st = s->mode == M_KW ? cce_aes_kw_unwrap(&s->aes, 0, tmp, cap, &got, in, in_len)
                       : cce_aes_kwp_unwrap(&s->aes, 0, tmp, cap, &got, in, in_len);
  if (st == CCE_ERR_AUTH) {
    rv = CKR_ENCRYPTED_DATA_INVALID;
  } else if (st != CCE_OK) {
    rv = CKR_ENCRYPTED_DATA_INVALID;
  } else if (p11m_out(out, out_len, got, &rv)) {
    memcpy(out, tmp, got);
    *out_len = (CK_ULONG)got;
  }
  p11m_wipe_free(tmp, cap);
  return rv;
}

static const p11_op_vt k_kw_vt = {kw_oneshot, NULL, NULL, aes_free};

// ---------------------------------------------------------------------------
// CMAC.

static CK_RV cmac_sigver(aes_st *s, p11_op *op, CK_BYTE *out, CK_ULONG *out_len) {
  CK_RV rv;
  if (op->kind == P11_OP_SIGN) {
    if (!p11m_out(out, out_len, s->mac_len, &rv)) return rv;
    if (cce_aes_cmac_final(&s->cmac, out, s->mac_len) != CCE_OK) return CKR_FUNCTION_FAILED;
    *out_len = (CK_ULONG)s->mac_len;
    return CKR_OK;
  }
  if (out == NULL) return CKR_ARGUMENTS_BAD;
  if (*out_len != s->mac_len) return CKR_SIGNATURE_LEN_RANGE;
  cce_status st = cce_aes_cmac_verify_final(&s->cmac, out, s->mac_len);
  if (st == CCE_ERR_AUTH) return CKR_SIGNATURE_INVALID;
  return st == CCE_OK ? CKR_OK : CKR_FUNCTION_FAILED;
}

static CK_RV cmac_oneshot(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  aes_st *s = op->st;
  CK_RV rv;
  if (op->kind == P11_OP_SIGN && !p11m_out(out, out_len, s->mac_len, &rv)) return rv;
  if (op->kind == P11_OP_VERIFY && (out == NULL || *out_len != s->mac_len))
    return out == NULL ? CKR_ARGUMENTS_BAD : CKR_SIGNATURE_LEN_RANGE;
  if (cce_aes_cmac_update(&s->cmac, in, in_len) != CCE_OK) return CKR_FUNCTION_FAILED;
  return cmac_sigver(s, op, out, out_len);
}

static CK_RV cmac_update(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  (void)out;
  (void)out_len;
  aes_st *s = op->st;
  return cce_aes_cmac_update(&s->cmac, in, in_len) == CCE_OK ? CKR_OK : CKR_FUNCTION_FAILED;
}

static CK_RV cmac_final(p11_op *op, CK_BYTE *out, CK_ULONG *out_len) { return cmac_sigver(op->st, op, out, out_len); }

static const p11_op_vt k_cmac_vt = {cmac_oneshot, cmac_update, cmac_final, aes_free};

// ---------------------------------------------------------------------------
// Init.

static const uint8_t k_kw_iv[8] = {0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6};
static const uint8_t k_kwp_iv[4] = {0xa6, 0x59, 0x59, 0xa6};

// kw_param_ok accepts no parameter or the default IV of SP 800-38F.
static int kw_param_ok(const CK_MECHANISM *mech) {
  if (mech->ulParameterLen == 0) return 1;
  if (mech->pParameter == NULL) return 0;
  if (mech->mechanism == CKM_AES_KEY_WRAP)
    return mech->ulParameterLen == 8 && memcmp(mech->pParameter, k_kw_iv, 8) == 0;
  return mech->ulParameterLen == 4 && memcmp(mech->pParameter, k_kwp_iv, 4) == 0;
}

static CK_RV dup_bytes(uint8_t **dst, const void *src, size_t n) {
  *dst = malloc(n ? n : 1);
  if (*dst == NULL) return CKR_HOST_MEMORY;
  if (n) memcpy(*dst, src, n);
  return CKR_OK;
}

CK_RV p11m_aes_op_init(p11_op *op, const CK_MECHANISM *mech, const p11_attrs *key) {
  const CK_BYTE *k;
  size_t k_len;
  CK_RV rv = aes_key(key, &k, &k_len, CKR_KEY_TYPE_INCONSISTENT);
  if (rv != CKR_OK) return rv;
  aes_st *s = calloc(1, sizeof *s);
  if (s == NULL) return CKR_HOST_MEMORY;
  op->st = s;
  op->st_size = sizeof *s;
  s->enc = op->kind == P11_OP_ENCRYPT;
  memcpy(s->key, k, k_len);
  s->key_len = k_len;
  switch (mech->mechanism) {
    case CKM_AES_ECB:
      s->mode = M_ECB;
      op->vt = &k_blk_vt;
      if (p11m_no_param(mech) != CKR_OK) return CKR_MECHANISM_PARAM_INVALID;
      break;
    case CKM_AES_CBC:
    case CKM_AES_CBC_PAD: {
      s->mode = mech->mechanism == CKM_AES_CBC ? M_CBC : M_CBC_PAD;
      op->vt = &k_blk_vt;
      const uint8_t *iv = p11m_param(mech, 16);
      if (iv == NULL) return CKR_MECHANISM_PARAM_INVALID;
      memcpy(s->iv, iv, 16);
      break;
    }
    case CKM_AES_CTR: {
      s->mode = M_CTR;
      op->vt = &k_ctr_vt;
      const p11m_ctr_params *p = p11m_param(mech, sizeof *p);
      if (p == NULL || p->ulCounterBits == 0 || p->ulCounterBits > 128) return CKR_MECHANISM_PARAM_INVALID;
      memcpy(s->iv, p->cb, 16);
      if (p->ulCounterBits < 64) {
        uint64_t low = 0;
        for (int i = 8; i < 16; i++) low = low << 8 | p->cb[i];
        low &= ((uint64_t)1 << p->ulCounterBits) - 1;
        s->ctr_limited = 1;
        s->ctr_left = ((uint64_t)1 << p->ulCounterBits) - low;
      }
      break;
    }
    case CKM_AES_GCM: {
      s->mode = M_GCM;
      op->vt = &k_gcm_vt;
      const p11m_gcm_params *p = p11m_param(mech, sizeof *p);
      if (p == NULL || p->ulIvLen == 0 || p->pIv == NULL || p->ulIvLen > 256 ||
          (p->pAAD == NULL && p->ulAADLen != 0))
        return CKR_MECHANISM_PARAM_INVALID;
      if (p->ulIvBits != 0 && p->ulIvBits != p->ulIvLen * 8) return CKR_MECHANISM_PARAM_INVALID;
      CK_ULONG tb = p->ulTagBits;
      if (tb % 8 || !(tb == 32 || tb == 64 || (tb >= 96 && tb <= 128))) return CKR_MECHANISM_PARAM_INVALID;
      if (p->ulAADLen > (CK_ULONG)1 << 30) return CKR_MECHANISM_PARAM_INVALID;
      s->tag_len = tb / 8;
      if ((rv = dup_bytes(&s->gcm_iv, p->pIv, p->ulIvLen)) != CKR_OK) return rv;
      s->gcm_iv_len = p->ulIvLen;
      if ((rv = dup_bytes(&s->aad, p->pAAD, p->ulAADLen)) != CKR_OK) return rv;
      s->aad_len = p->ulAADLen;
      if (cce_gcm_key_init(&s->gk, k, k_len) != CCE_OK) return CKR_FUNCTION_FAILED;
      return CKR_OK;
    }
    case CKM_AES_KEY_WRAP:
    case CKM_AES_KEY_WRAP_PAD:
    case CKM_AES_KEY_WRAP_KWP:
      s->mode = mech->mechanism == CKM_AES_KEY_WRAP ? M_KW : M_KWP;
      op->vt = &k_kw_vt;
      if (!kw_param_ok(mech)) return CKR_MECHANISM_PARAM_INVALID;
      break;
    case CKM_AES_CMAC:
    case CKM_AES_CMAC_GENERAL:
      s->mode = M_CMAC;
      op->vt = &k_cmac_vt;
      if (mech->mechanism == CKM_AES_CMAC) {
        if (p11m_no_param(mech) != CKR_OK) return CKR_MECHANISM_PARAM_INVALID;
        s->mac_len = 16;
      } else {
        const CK_ULONG *ml = p11m_param(mech, sizeof(CK_ULONG));
        if (ml == NULL || *ml == 0 || *ml > 16) return CKR_MECHANISM_PARAM_INVALID;
        s->mac_len = *ml;
      }
      if (cce_aes_cmac_init(&s->cmac, k, k_len) != CCE_OK) return CKR_FUNCTION_FAILED;
      return CKR_OK;
    default: return CKR_MECHANISM_INVALID;
  }
  if (cce_aes_init(&s->aes, k, k_len) != CCE_OK) return CKR_FUNCTION_FAILED;
  return CKR_OK;
}

// ---------------------------------------------------------------------------
// Wrapping of key material.

CK_RV p11m_aes_wrap_bytes(const CK_MECHANISM *mech, const p11_attrs *wrapping, const CK_BYTE *in, size_t in_len,
                          CK_BYTE *out, CK_ULONG *out_len) {
  const CK_BYTE *k;
  size_t k_len;
  CK_RV rv = aes_key(wrapping, &k, &k_len, CKR_WRAPPING_KEY_TYPE_INCONSISTENT);
  if (rv != CKR_OK) return rv == CKR_KEY_SIZE_RANGE ? CKR_WRAPPING_KEY_SIZE_RANGE : rv;
  if (!kw_param_ok(mech)) return CKR_MECHANISM_PARAM_INVALID;
  int kw = mech->mechanism == CKM_AES_KEY_WRAP;
  if (kw && (in_len < 16 || in_len % 8)) return CKR_KEY_SIZE_RANGE;
  if (in_len == 0 || in_len > 0xffffffffUL) return CKR_KEY_SIZE_RANGE;
  size_t need = kw ? in_len + 8 : 8 + (in_len + 7) / 8 * 8;
  if (!p11m_out(out, out_len, need, &rv)) return rv;
  cce_aes_ctx *ctx = malloc(sizeof *ctx);
  if (ctx == NULL) return CKR_HOST_MEMORY;
  size_t got = 0;
  cce_status st = cce_aes_init(ctx, k, k_len);
  if (st == CCE_OK)
    st = kw ? cce_aes_kw_wrap(ctx, 0, out, need, &got, in, in_len)
            : cce_aes_kwp_wrap(ctx, 0, out, need, &got, in, in_len);
  cce_aes_cleanup(ctx);
  free(ctx);
  if (st != CCE_OK) return CKR_FUNCTION_FAILED;
  *out_len = (CK_ULONG)got;
  return CKR_OK;
}

CK_RV p11m_aes_unwrap_bytes(const CK_MECHANISM *mech, const p11_attrs *unwrapping, const CK_BYTE *in,
                            size_t in_len, CK_BYTE **out, size_t *out_len) {
  const CK_BYTE *k;
  size_t k_len;
  CK_RV rv = aes_key(unwrapping, &k, &k_len, CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT);
  if (rv != CKR_OK) return rv == CKR_KEY_SIZE_RANGE ? CKR_UNWRAPPING_KEY_SIZE_RANGE : rv;
  if (!kw_param_ok(mech)) return CKR_MECHANISM_PARAM_INVALID;
  int kw = mech->mechanism == CKM_AES_KEY_WRAP;
  if (in_len % 8 || in_len < (kw ? 24u : 16u)) return CKR_WRAPPED_KEY_LEN_RANGE;
  size_t cap = in_len - 8;
  uint8_t *tmp = malloc(cap);
  cce_aes_ctx *ctx = malloc(sizeof *ctx);
  if (tmp == NULL || ctx == NULL) {
    free(tmp);
    free(ctx);
    return CKR_HOST_MEMORY;
  }
  size_t got = 0;
  cce_status st = cce_aes_init(ctx, k, k_len);
  if (st == CCE_OK)
    st = kw ? cce_aes_kw_unwrap(ctx, 0, tmp, cap, &got, in, in_len)
            : cce_aes_kwp_unwrap(ctx, 0, tmp, cap, &got, in, in_len);
  cce_aes_cleanup(ctx);
  free(ctx);
  if (st != CCE_OK) {
    p11m_wipe_free(tmp, cap);
    return st == CCE_ERR_AUTH ? CKR_WRAPPED_KEY_INVALID : CKR_FUNCTION_FAILED;
  }
  *out = tmp;
  *out_len = got;
  return CKR_OK;
}

// ---------------------------------------------------------------------------
// Key generation.

CK_RV p11m_aes_keygen(const CK_MECHANISM *mech, p11_attrs *key) {
  CK_ULONG len;
  int present;
  if (p11m_get_ulong(key, CKA_VALUE_LEN, &len, &present) != CKR_OK) return CKR_ATTRIBUTE_VALUE_INVALID;
  if (!present) return CKR_TEMPLATE_INCOMPLETE;
  if (len != 16 && len != 24 && len != 32) return CKR_KEY_SIZE_RANGE;
  CK_RV rv = p11m_set_class(key, CKO_SECRET_KEY);
  if (rv == CKR_OK) rv = p11m_set_key_type(key, CKK_AES);
  if (rv != CKR_OK) return rv;
  uint8_t k[32];
  if (cce_random(k, len) != CCE_OK) return CKR_DEVICE_ERROR;
  rv = p11_attrs_set(key, CKA_VALUE, k, len);
  cce_wipe(k, sizeof k);
  if (rv == CKR_OK) rv = p11_attrs_set_ulong(key, CKA_KEY_GEN_MECHANISM, mech->mechanism);
  if (rv == CKR_OK) rv = p11_attrs_set_bool(key, CKA_LOCAL, 1);
  return rv;
}
