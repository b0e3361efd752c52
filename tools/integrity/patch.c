// cce-integrity-patch LIBCCE.so: the post-link step of the software
// integrity test. Computes HMAC-SHA2-256 (the module's fixed integrity key)
// over the file bytes of every read-only PT_LOAD segment, in program-header
// order, exactly as src/module/core/integrity.c does over the mapped image,
// and writes the value into the `cce_integrity_expected` record (found by its
// marker, in writable data, which is not hashed). Rewrites the file in place
// through a temporary file and rename.

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/hmac.h"

static const uint8_t integrity_key[32] = {
    0x4f, 0x70, 0x65, 0x6e, 0x43, 0x43, 0x45, 0x20, 0x69, 0x6e, 0x74, 0x65, 0x67, 0x72, 0x69, 0x74,
    0x79, 0x20, 0x6b, 0x65, 0x79, 0x20, 0x76, 0x31, 0x2e, 0x30, 0x2e, 0x30, 0x00, 0x00, 0x00, 0x01};
static const uint8_t marker[16] = {'O', 'p', 'e', 'n', 'C', 'C', 'E', '-',
                                   'I', 'N', 'T', 'E', 'G', 'R', 'I', 'T'};

static int fail(const char *path, const char *what) {
  fprintf(stderr, "cce-integrity-patch: %s: %s\n", path, what);
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: cce-integrity-patch LIBCCE.so\n");
    return 2;
  }
  const char *path = argv[1];
  FILE *f = fopen(path, "rb");
  if (!f) return fail(path, "cannot open");
  fseek(f, 0, SEEK_END);
  long sz = ftell(f);
  fseek(f, 0, SEEK_SET);
  if (sz <= (long)sizeof(Elf64_Ehdr)) { fclose(f); return fail(path, "too small for ELF"); }
  uint8_t *img = malloc((size_t)sz);
  if (!img || fread(img, 1, (size_t)sz, f) != (size_t)sz) { fclose(f); return fail(path, "read error"); }
  fclose(f);
  Elf64_Ehdr eh;
  memcpy(&eh, img, sizeof eh);
  if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64)
    return fail(path, "not an ELF64 file");
  if (eh.e_phoff + (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) > (uint64_t)sz) return fail(path, "bad program headers");

  // Locate the record first (it must be in a writable segment).
  long rec = -1;
  for (long i = 0; i + 16 <= sz; i++) {
    if (memcmp(img + i, marker, 16) == 0) {
      if (rec >= 0) return fail(path, "integrity marker found twice");
      rec = i;
    }
  }
  if (rec < 0) return fail(path, "integrity marker not found");

  cce_hmac_ctx h;
  if (cce_hmac_init(&h, CCE_HASH_SHA256, integrity_key, sizeof integrity_key) != CCE_OK)
    return fail(path, "HMAC init failed");
  for (int i = 0; i < eh.e_phnum; i++) {
    Elf64_Phdr ph;
    memcpy(&ph, img + eh.e_phoff + (uint64_t)i * sizeof ph, sizeof ph);
    if (ph.p_type != PT_LOAD) continue;
    if (ph.p_flags & PF_W) {
      if ((uint64_t)rec >= ph.p_offset && (uint64_t)rec < ph.p_offset + ph.p_filesz) continue;
      continue;
    }
    if ((uint64_t)rec >= ph.p_offset && (uint64_t)rec < ph.p_offset + ph.p_filesz)
      return fail(path, "integrity record is inside a hashed segment");
    if (ph.p_offset + ph.p_filesz > (uint64_t)sz) return fail(path, "segment past end of file");
    if (cce_hmac_update(&h, img + ph.p_offset, ph.p_filesz) != CCE_OK) return fail(path, "HMAC update failed");
  }
  uint8_t digest[32];
  if (cce_hmac_final(&h, digest, sizeof digest) != CCE_OK) return fail(path, "HMAC final failed");
  memcpy(img + rec + 16, digest, 32);
  uint32_t one = 1;
  memcpy(img + rec + 48, &one, 4);

  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.patch-tmp", path);
  FILE *o = fopen(tmp, "wb");
  if (!o) return fail(tmp, "cannot create");
  if (fwrite(img, 1, (size_t)sz, o) != (size_t)sz || fclose(o) != 0) {
    remove(tmp);
    return fail(tmp, "write error");
  }
  if (rename(tmp, path) != 0) {
    remove(tmp);
    return fail(path, "rename failed");
  }
  free(img);
  return 0;
}
