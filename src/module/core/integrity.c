// Software integrity test (pre-operational self-test).
//
// HMAC-SHA2-256, under a fixed key, over every read-only PT_LOAD segment of
// the loaded libcce.so (its code and read-only data, ELF headers included),
// compared with the value a post-link build step (tools/integrity/
// cce-integrity-patch) computed over the same bytes of the file and wrote
// into `cce_integrity_expected` below. That variable lives in writable data,
// which is not hashed, so patching it does not change the digest. Writable
// segments (.data, .bss, and .data.rel.ro, which the loader relocates) are
// not covered. No file system access: the check reads the mapped image.
//
// In a program linked with the static library the module is part of the
// executable: the test reports "not applicable" and the module runs outside
// the validated configuration (cce info says so; see the security policy).

#include <link.h>
#include <string.h>

#include "../mac/internal.h"
#include "internal.h"

// 16-byte marker + 32-byte digest + 4-byte state. The patch tool finds the
// marker in the file and writes the digest and state 1 ("patched").
struct cce_integrity_record {
  uint8_t marker[16];
  uint8_t digest[32];
  uint32_t patched;
};
__attribute__((used)) volatile struct cce_integrity_record cce_integrity_expected = {
    {'O', 'p', 'e', 'n', 'C', 'C', 'E', '-', 'I', 'N', 'T', 'E', 'G', 'R', 'I', 'T'}, {0}, 0};

static const uint8_t integrity_key[32] = {
    0x4f, 0x70, 0x65, 0x6e, 0x43, 0x43, 0x45, 0x20, 0x69, 0x6e, 0x74, 0x65, 0x67, 0x72, 0x69, 0x74,
    0x79, 0x20, 0x6b, 0x65, 0x79, 0x20, 0x76, 0x31, 0x2e, 0x30, 0x2e, 0x30, 0x00, 0x00, 0x00, 0x01};

static int integrity_status = -1;  // -1 not run, 0 failed, 1 passed, 2 not applicable
static uint8_t integrity_digest[32];

struct find_ctx {
  uintptr_t probe;
  int found;
  int is_main;
  cce_hmac_ctx *h;
};

static int phdr_cb(struct dl_phdr_info *info, size_t size, void *arg) {
  (void)size;
  struct find_ctx *f = (struct find_ctx *)arg;
  int mine = 0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *p = &info->dlpi_phdr[i];
    if (p->p_type != PT_LOAD) continue;
    uintptr_t lo = info->dlpi_addr + p->p_vaddr;
    if (f->probe >= lo && f->probe < lo + p->p_memsz) mine = 1;
  }
  if (!mine) return 0;
  f->found = 1;
  f->is_main = info->dlpi_name == NULL || info->dlpi_name[0] == '\0';
  if (f->is_main) return 1;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *p = &info->dlpi_phdr[i];
    if (p->p_type != PT_LOAD || (p->p_flags & PF_W)) continue;
    (void)cce_hmac_update_impl(f->h, (const uint8_t *)(info->dlpi_addr + p->p_vaddr), p->p_filesz);
  }
  return 1;
}

cce_status cce_integrity_selftest(void);
CCE_HIDDEN cce_status cce_integrity_selftest(void) {
  const cce_hash_desc *d = cce_hash_desc_get(CCE_HASH_SHA256);
  if (d == NULL) return CCE_ERR_INTERNAL;
  cce_hmac_ctx h;
  cce_hmac_init_impl(&h, d, integrity_key, sizeof integrity_key);
  struct find_ctx f = {(uintptr_t)&cce_integrity_selftest, 0, 0, &h};
  dl_iterate_phdr(phdr_cb, &f);
  if (!f.found) {
    cce_wipe(&h, sizeof h);
    integrity_status = 0;
    return CCE_ERR_SELFTEST;
  }
  if (f.is_main) {
    cce_wipe(&h, sizeof h);
    integrity_status = 2;
    if (cce_fault_active(CCE_ST_INTEGRITY)) {
      integrity_status = 0;
      return CCE_ERR_SELFTEST;
    }
    return CCE_OK;
  }
  uint8_t got[32], want[32];
  cce_hmac_final_impl(&h, got);
  for (int i = 0; i < 32; i++) want[i] = cce_integrity_expected.digest[i];
  uint32_t ok = cce_ct_memeq_mask(got, want, 32) & cce_ct_eq_mask32(cce_integrity_expected.patched, 1);
  if (cce_fault_active(CCE_ST_INTEGRITY)) ok = 0;
  memcpy(integrity_digest, want, 32);
  cce_wipe(got, sizeof got);  // the computed value is not kept
  cce_wipe(&h, sizeof h);
  integrity_status = ok ? 1 : 0;
  return ok ? CCE_OK : CCE_ERR_SELFTEST;
}

// Registry entry: re-run on cce_module_selftest().
CCE_HIDDEN cce_status cce_st_integrity(void) { return cce_integrity_selftest(); }

// cce_integrity_state: see module.h.
const char *cce_integrity_state(void) {
  switch (integrity_status) {
    case 1: return "passed";
    case 0: return "failed";
    case 2: return "not applicable (static library: outside the validated configuration)";
  }
  return "not run";
}

cce_status cce_integrity_digest(uint8_t out[32]) {
  if (out == NULL) return CCE_ERR_NULL_POINTER;
  if (integrity_status != 1) return CCE_ERR_MODULE_STATE;
  memcpy(out, integrity_digest, 32);
  return CCE_OK;
}
