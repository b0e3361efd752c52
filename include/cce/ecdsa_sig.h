// ecdsa_sig.h: the DER form of an ECDSA signature (outside the module).
//
//   ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }   (RFC 3279, SEC1)
//
// converted to and from the raw r||s form used by ec.h. Decoding is strict
// DER: definite minimal lengths only (no indefinite or long-form length
// where the short form suffices), minimal non-negative INTEGERs (no
// superfluous leading 0x00, no negative value), nothing after the SEQUENCE,
// and each integer must fit in half of the raw buffer.

#ifndef CCE_ECDSA_SIG_H
#define CCE_ECDSA_SIG_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

// Largest DER signature for the curves of ec.h (P-521: 3 + 2 * (2 + 67)).
#define CCE_ECDSA_MAX_DER_SIG_BYTES 141

// cce_ecdsa_sig_to_der encodes the raw signature `rs` (r||s, `rs_len` even,
// each half big-endian) as DER into `out` (`out_cap` bytes), writing the
// length to `*out_len`. CCE_ERR_BUFFER_TOO_SMALL if `out_cap` is short,
// CCE_ERR_INVALID_LENGTH for an odd, zero or too large `rs_len` (> 2 * 127).
CCE_API CCE_MUST_CHECK cce_status cce_ecdsa_sig_to_der(const uint8_t *rs, size_t rs_len, uint8_t *out,
                                                       size_t out_cap, size_t *out_len);

// cce_ecdsa_sig_from_der decodes a strict-DER signature into `rs` (`rs_len`
// bytes: r and s each left-padded with zeros to `rs_len`/2 bytes).
// CCE_ERR_DECODE for any encoding error or an integer longer than
// `rs_len`/2 bytes; `rs` is zeroed then.
CCE_API CCE_MUST_CHECK cce_status cce_ecdsa_sig_from_der(const uint8_t *der, size_t der_len, uint8_t *rs,
                                                         size_t rs_len);

#ifdef __cplusplus
}
#endif

#endif  // CCE_ECDSA_SIG_H
