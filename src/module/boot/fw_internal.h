// Internal interface of the firmware-image verifier (src/module/boot/fw_*.c).
// No state checks, no service indicator.

#ifndef CCE_SRC_BOOT_FW_INTERNAL_H
#define CCE_SRC_BOOT_FW_INTERNAL_H

#include "../core/internal.h"
#include "cce/firmware.h"

// Length of CCE_FW_SIGNING_CONTEXT plus its 0x00 terminator byte.
#define CCE_FW_CONTEXT_BYTES (sizeof(CCE_FW_SIGNING_CONTEXT))

// Signature block header: u16 count, u16 reserved.
#define CCE_FW_SIGBLOCK_HEADER 4u

// cce_fw_parse_impl: cce_fw_parse without argument checks (in != NULL,
// out != NULL). Returns CCE_OK or CCE_ERR_DECODE; `out` is zeroed on failure.
CCE_HIDDEN cce_status cce_fw_parse_impl(const uint8_t *in, size_t in_len, cce_fw_manifest *out);

// cce_fw_sig_len_ok: 1 if `len` is a possible signature length of `alg`.
CCE_HIDDEN int cce_fw_sig_len_ok(cce_fw_sig_alg alg, size_t len);

#endif  // CCE_SRC_BOOT_FW_INTERNAL_H
