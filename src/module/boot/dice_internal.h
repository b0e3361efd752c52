// Internal interface of the DICE family (src/module/boot/dice*.c) and the
// deterministic EC key derivation it uses (src/module/ec/ec_derive.c). No
// state checks, no service indicator.

#ifndef CCE_SRC_BOOT_DICE_INTERNAL_H
#define CCE_SRC_BOOT_DICE_INTERNAL_H

#include "../ec/internal.h"
#include "cce/dice.h"

// Labels of the HKDF derivations (see dice.h).
#define CCE_DICE_LABEL_CDI "OpenCCE DICE CDI v1"
#define CCE_DICE_LABEL_DEVICEID "OpenCCE DICE DeviceID P-384 v1"
#define CCE_DICE_LABEL_ALIAS "OpenCCE DICE Alias P-384 v1"
#define CCE_DICE_LABEL_LC "OpenCCE lifecycle HMAC-SHA2-256 v1"

// cce_ec_derive_keypair_impl: FIPS 186-5 A.2.1 key pair from the string
// c = seed[0..c->nbytes + 8) (big-endian): d = (c mod (n-1)) + 1, (qx, qy) =
// d*G. Constant time in the seed. `seed_len` must be c->nbytes + 8
// (CCE_ERR_INVALID_LENGTH otherwise).
CCE_HIDDEN cce_status cce_ec_derive_keypair_impl(const cce_ec_curve *c, const uint8_t *seed, size_t seed_len,
                                                 uint8_t *d, uint8_t *qx, uint8_t *qy);

// cce_dice_hkdf_impl: HKDF (RFC 5869) with HMAC-SHA2-384, `out_len` <= 255*48.
CCE_HIDDEN void cce_dice_hkdf_impl(uint8_t *out, size_t out_len, const uint8_t *salt, size_t salt_len,
                                   const uint8_t *ikm, size_t ikm_len, const char *info);

// cce_dice_cdi_impl: CDI = HKDF(salt = measurement, IKM = uds, info = CDI label).
CCE_HIDDEN void cce_dice_cdi_impl(uint8_t cdi[CCE_DICE_CDI_BYTES], const uint8_t uds[CCE_DICE_UDS_BYTES],
                                  const uint8_t measurement[CCE_DICE_MEASUREMENT_BYTES]);

#endif  // CCE_SRC_BOOT_DICE_INTERNAL_H
