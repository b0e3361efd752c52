// Firmware manifest and signature-block parser (docs/firmware-image-format.md).
// Strict: every length bounded, reserved bytes zero, unknown versions and
// algorithms refused, no trailing bytes inside the manifest. Public data
// only (no constant-time requirement). Fuzzed by tests/fuzz/fuzz_fw_manifest.c.

#include <string.h>

#include "cce/mldsa.h"
#include "fw_internal.h"

// HSS signature: u32 Nspk, then at least one LMS signature (u32 q, u32 ots
// type, C, y[p], u32 lms type, path): 8 bytes is a lower bound that every
// real signature exceeds; cce_hss_verify checks the rest.
#define HSS_SIG_MIN 8u

int cce_fw_sig_len_ok(cce_fw_sig_alg alg, size_t len) {
  switch (alg) {
    case CCE_FW_SIG_ECDSA_P384: return len == 96;
    case CCE_FW_SIG_MLDSA87: return len == CCE_MLDSA87_SIGNATURE_BYTES;
    case CCE_FW_SIG_HSS: return len >= HSS_SIG_MIN && len <= CCE_FW_HSS_SIG_MAX;
  }
  return 0;
}

static int printable(const uint8_t *p, size_t n, uint8_t lo) {
  for (size_t i = 0; i < n; i++)
    if (p[i] < lo || p[i] > 0x7e) return 0;
  return 1;
}

cce_status cce_fw_parse_impl(const uint8_t *in, size_t in_len, cce_fw_manifest *out) {
  memset(out, 0, sizeof *out);
  if (in_len < CCE_FW_MANIFEST_FIXED) goto bad;
  if (memcmp(in, CCE_FW_MAGIC, 8) != 0) goto bad;
  uint32_t fmt = ((uint32_t)in[8] << 8) | in[9];
  size_t mlen = ((size_t)in[10] << 8) | in[11];
  if (fmt != CCE_FW_FORMAT_VERSION) goto bad;
  if (mlen < CCE_FW_MANIFEST_FIXED || mlen > CCE_FW_MANIFEST_MAX || mlen > in_len) goto bad;
  size_t hlen;
  switch (in[12]) {
    case CCE_FW_HASH_SHA2_384: hlen = 48; out->hash_alg = CCE_HASH_SHA384; break;
    case CCE_FW_HASH_SHA3_512: hlen = 64; out->hash_alg = CCE_HASH_SHA3_512; break;
    default: goto bad;
  }
  out->hash_id = (cce_fw_hash_id)in[12];
  size_t tlen = in[13], dlen = in[14];
  if (in[15] != 0) goto bad;  // reserved
  if (tlen < 1 || tlen > CCE_FW_TARGET_MAX) goto bad;
  // dlen <= 255 = CCE_FW_DESCRIPTION_MAX by its width.
  if (mlen != CCE_FW_MANIFEST_FIXED + hlen + tlen + dlen) goto bad;
  out->image_len = cce_load64_be(in + 16);
  if (out->image_len == 0 || out->image_len > CCE_FW_IMAGE_MAX) goto bad;
  out->version_major = cce_load32_be(in + 24);
  out->version_minor = cce_load32_be(in + 28);
  out->version_patch = cce_load32_be(in + 32);
  out->svn = cce_load32_be(in + 36);
  out->build_time = cce_load64_be(in + 40);
  const uint8_t *p = in + CCE_FW_MANIFEST_FIXED;
  out->image_hash = p;
  out->image_hash_len = hlen;
  p += hlen;
  if (!printable(p, tlen, 0x21)) goto bad;  // no spaces in a device class
  out->target = (const char *)p;
  out->target_len = tlen;
  p += tlen;
  if (!printable(p, dlen, 0x20)) goto bad;
  out->description = (const char *)p;
  out->description_len = dlen;
  out->manifest = in;
  out->manifest_len = mlen;

  // Signature block.
  size_t off = mlen;
  if (in_len - off < CCE_FW_SIGBLOCK_HEADER) goto bad;
  size_t count = ((size_t)in[off] << 8) | in[off + 1];
  if (in[off + 2] != 0 || in[off + 3] != 0) goto bad;
  if (count < 1 || count > CCE_FW_MAX_SIGNATURES) goto bad;
  off += CCE_FW_SIGBLOCK_HEADER;
  for (size_t i = 0; i < count; i++) {
    if (in_len - off < CCE_FW_SIG_ENTRY_HEADER) goto bad;
    const uint8_t *e = in + off;
    uint32_t alg = ((uint32_t)e[0] << 8) | e[1];
    if (e[2] != 0 || e[3] != 0) goto bad;
    if (alg != CCE_FW_SIG_ECDSA_P384 && alg != CCE_FW_SIG_MLDSA87 && alg != CCE_FW_SIG_HSS) goto bad;
    size_t slen = cce_load32_be(e + 36);
    if (!cce_fw_sig_len_ok((cce_fw_sig_alg)alg, slen)) goto bad;
    off += CCE_FW_SIG_ENTRY_HEADER;
    if (in_len - off < slen) goto bad;
    for (size_t j = 0; j < i; j++)  // a signer appears once
      if (memcmp(out->sigs[j].key_id, e + 4, CCE_FW_KEY_ID_BYTES) == 0) goto bad;
    out->sigs[i].alg = (cce_fw_sig_alg)alg;
    out->sigs[i].key_id = e + 4;
    out->sigs[i].sig = in + off;
    out->sigs[i].sig_len = slen;
    off += slen;
  }
  out->num_signatures = count;
  out->header_len = off;
  return CCE_OK;
bad:
  memset(out, 0, sizeof *out);
  return CCE_ERR_DECODE;
}

// see firmware.h
cce_status cce_fw_parse(const uint8_t *in, size_t in_len, cce_fw_manifest *out) {
  if (out == NULL) return CCE_ERR_NULL_POINTER;
  if (in == NULL) {
    memset(out, 0, sizeof *out);
    return CCE_ERR_NULL_POINTER;
  }
  return cce_fw_parse_impl(in, in_len, out);
}

// see firmware.h
cce_status cce_fw_signed_message(uint8_t *out, size_t out_cap, size_t *out_len, const uint8_t *manifest,
                                 size_t manifest_len) {
  if (out == NULL || out_len == NULL || manifest == NULL) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  if (manifest_len < CCE_FW_MANIFEST_FIXED || manifest_len > CCE_FW_MANIFEST_MAX) return CCE_ERR_INVALID_LENGTH;
  if (out_cap < CCE_FW_CONTEXT_BYTES + manifest_len) return CCE_ERR_BUFFER_TOO_SMALL;
  memcpy(out, CCE_FW_SIGNING_CONTEXT, CCE_FW_CONTEXT_BYTES);  // the NUL is the 0x00 separator
  memcpy(out + CCE_FW_CONTEXT_BYTES, manifest, manifest_len);
  *out_len = CCE_FW_CONTEXT_BYTES + manifest_len;
  return CCE_OK;
}
