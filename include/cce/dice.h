// dice.h: device identity in the manner of the TCG DICE architecture
// (DICE Layering Architecture, DICE Attestation Architecture), and the
// authenticated life-cycle record of a device. See docs/device-identity.md.
//
// Derivations (all HKDF, RFC 5869, with HMAC-SHA2-384; labels are ASCII,
// without a NUL):
//   CDI        = HKDF(salt = measurement, IKM = UDS, info = "OpenCCE DICE CDI v1", L = 48)
//   DeviceID   = key pair from HKDF(salt = "", IKM = UDS, info = "OpenCCE DICE DeviceID P-384 v1", L = 56)
//   Alias      = key pair from HKDF(salt = "", IKM = CDI, info = "OpenCCE DICE Alias P-384 v1", L = 56)
//   LC key     = HKDF(salt = "", IKM = UDS, info = "OpenCCE lifecycle HMAC-SHA2-256 v1", L = 32)
// A key pair from a 56-byte string c (= scalar length + 8 bytes, read as a
// big-endian integer) is d = (c mod (n - 1)) + 1, Q = d*G: the "extra
// random bits" method of FIPS 186-5 A.2.1 (P-384, ECDSA). The DeviceID
// therefore depends on the UDS alone, the Alias on the UDS and the firmware
// measurement: new firmware, new Alias identity.
//
// The UDS (unique device secret, 32 bytes) goes in and never comes out:
// callers get public keys, signatures and MAC'd records only. The private
// scalars live in a cce_dice_ctx until cce_dice_cleanup.
//
// Service indicator: cce_dice_init, cce_dice_sign (ECDSA P-384 with
// SHA2-384 over HKDF-derived keys) and the life-cycle record services
// (HKDF + HMAC-SHA2-256) are approved.

#ifndef CCE_DICE_H
#define CCE_DICE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CCE_DICE_UDS_BYTES 32          // unique device secret
#define CCE_DICE_MEASUREMENT_BYTES 48  // SHA2-384 of the firmware image
#define CCE_DICE_CDI_BYTES 48          // compound device identifier
#define CCE_DICE_SCALAR_BYTES 48       // P-384 private scalar
#define CCE_DICE_PUBLIC_BYTES 97       // P-384 uncompressed point 04||X||Y
#define CCE_DICE_SIG_BYTES 96          // ECDSA P-384 r||s

// The two identities of a DICE layer-0 device.
typedef enum cce_dice_key {
  CCE_DICE_DEVICEID = 1,  // from the UDS alone: the device's long-term identity
  CCE_DICE_ALIAS = 2      // from the CDI: the identity of this firmware on this device
} cce_dice_key;

// Holds the two private scalars: wipe with cce_dice_cleanup. Do not rely on
// the layout.
typedef struct cce_dice_ctx {
  uint32_t magic_;
  uint8_t devid_d_[CCE_DICE_SCALAR_BYTES];
  uint8_t alias_d_[CCE_DICE_SCALAR_BYTES];
  uint8_t devid_pub_[CCE_DICE_PUBLIC_BYTES];
  uint8_t alias_pub_[CCE_DICE_PUBLIC_BYTES];
  uint8_t measurement_[CCE_DICE_MEASUREMENT_BYTES];
} cce_dice_ctx;

// cce_dice_init derives the CDI from `uds` (CCE_DICE_UDS_BYTES) and
// `measurement` (CCE_DICE_MEASUREMENT_BYTES, the SHA2-384 of the firmware),
// then the DeviceID and Alias key pairs, runs a pairwise consistency test
// (sign and verify) on each, and wipes the CDI. Errors: CCE_ERR_NULL_POINTER,
// CCE_ERR_INVALID_LENGTH; CCE_ERR_SELFTEST (module now in error) if a PCT
// fails. On error `ctx` is wiped.
CCE_API CCE_MUST_CHECK cce_status cce_dice_init(cce_dice_ctx *ctx, const uint8_t *uds, size_t uds_len,
                                                const uint8_t *measurement, size_t measurement_len);

// cce_dice_public_key writes the uncompressed public key of `which` to
// `pub` (`pub_len` >= CCE_DICE_PUBLIC_BYTES, exactly 97 bytes written).
// CCE_ERR_CTX_STATE if `ctx` is not initialised, CCE_ERR_INVALID_ARG for
// an unknown key.
CCE_API CCE_MUST_CHECK cce_status cce_dice_public_key(const cce_dice_ctx *ctx, cce_dice_key which, uint8_t *pub,
                                                      size_t pub_len);

// cce_dice_measurement copies the measurement the context was derived from
// (CCE_DICE_MEASUREMENT_BYTES) to `out` (`out_len` at least that).
CCE_API CCE_MUST_CHECK cce_status cce_dice_measurement(const cce_dice_ctx *ctx, uint8_t *out, size_t out_len);

// cce_dice_sign signs `msg` with the private key of `which`: ECDSA P-384
// with SHA2-384, k per RFC 6979 (deterministic). `sig` gets r||s
// (`sig_len` >= CCE_DICE_SIG_BYTES). On error `sig` is zeroed.
CCE_API CCE_MUST_CHECK cce_status cce_dice_sign(const cce_dice_ctx *ctx, cce_dice_key which, const uint8_t *msg,
                                                size_t msg_len, uint8_t *sig, size_t sig_len);

// cce_dice_cleanup wipes the context. `ctx` may be NULL.
CCE_API void cce_dice_cleanup(cce_dice_ctx *ctx);

// ---------------------------------------------------------------------------
// Life-cycle record (48 bytes, all integers big-endian):
//   0  "CCLC"       magic
//   4  0x01         format version
//   5  state        0 MANUFACTURING, 1 PROVISIONED, 2 DEPLOYED, 3 RMA,
//                   4 DECOMMISSIONED
//   6  0x00 0x00    reserved, zero
//   8  seq          uint64, monotonically increasing (1 at creation)
//   16 tag          HMAC-SHA2-256 over bytes 0..15 under the LC key
// The LC key is derived from the UDS inside the module; a record is bound
// to its device.

#define CCE_LC_RECORD_BYTES 48
#define CCE_LC_STATE_MAX 4  // DECOMMISSIONED

// cce_lc_record_parse checks the format of `in` (exact length, magic,
// version, reserved bytes, state <= CCE_LC_STATE_MAX, seq >= 1) without
// the MAC, and returns the state and sequence number. CCE_ERR_DECODE if
// malformed (CCE_ERR_INVALID_LENGTH for a wrong length). Not a
// cryptographic service (no indicator change).
CCE_API CCE_MUST_CHECK cce_status cce_lc_record_parse(const uint8_t *in, size_t in_len, unsigned *state,
                                                      uint64_t *seq);

// cce_lc_record_seal writes the record of (`state`, `seq`) MAC'd under the
// LC key of `uds` to `out` (`out_len` >= CCE_LC_RECORD_BYTES).
// CCE_ERR_INVALID_ARG for a state above CCE_LC_STATE_MAX or seq 0.
CCE_API CCE_MUST_CHECK cce_status cce_lc_record_seal(const uint8_t *uds, size_t uds_len, unsigned state,
                                                     uint64_t seq, uint8_t *out, size_t out_len);

// cce_lc_record_open parses `in` and verifies its MAC under the LC key of
// `uds` (constant-time comparison). CCE_ERR_DECODE / CCE_ERR_INVALID_LENGTH
// if malformed, CCE_ERR_AUTH if the MAC does not verify (tampered, or a
// record of another device). On error *state and *seq are 0.
CCE_API CCE_MUST_CHECK cce_status cce_lc_record_open(const uint8_t *uds, size_t uds_len, const uint8_t *in,
                                                     size_t in_len, unsigned *state, uint64_t *seq);

#ifdef __cplusplus
}
#endif

#endif  // CCE_DICE_H
