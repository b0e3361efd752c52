// p11_store.c: the persistent token store of libcce-pkcs11.so.
//
// Layout of a token directory (<store>/token<slot>/):
//   .lock          flock(2) target serialising every process on the token
//   token.meta     p11_meta (label, serial, PIN records, wrapped token key)
//   o-<id>.obj     one file per token object
// Writes go to a temporary file that is fsync'd, renamed over the target
// and followed by an fsync of the directory, so a process killed at any
// moment leaves either the old or the new version of every file. Private
// objects are sealed with AES-256-GCM under the random token key (AAD = the
// file header); the token key is wrapped (AES-KWP) under a key derived from
// the user PIN and, separately, from the SO PIN (so that the SO can reset
// the user PIN without losing the objects). Public objects and the metadata
// carry an HMAC-SHA256 under a key kept in the metadata: it detects
// corruption, not tampering by someone who can write the directory.

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "p11_core.h"

#include "cce/aes.h"
#include "cce/gcm.h"
#include "cce/hmac.h"
#include "cce/kdf.h"
#include "cce/rand.h"
#include "cce/util.h"

#define META_NAME "token.meta"
#define OBJ_MAGIC "CCEP11OB"
#define HDR_LEN 40
#define P11_PATH (PATH_MAX + 128)  // magic 8, version 4, private 4, epoch 16, id 8

// ---------------------------------------------------------------------------
// Files

static int mkdir_p(const char *path) {
  char tmp[PATH_MAX];
  size_t n = strlen(path);
  if (n == 0 || n >= sizeof(tmp)) return -1;
  memcpy(tmp, path, n + 1);
  for (char *p = tmp + 1; *p; p++) {
    if (*p == '/') {
      *p = 0;
      if (mkdir(tmp, 0700) != 0 && errno != EEXIST) return -1;
      *p = '/';
    }
  }
  if (mkdir(tmp, 0700) != 0 && errno != EEXIST) return -1;
  return 0;
}

static int fsync_dir(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -1;
  int r = fsync(fd);
  close(fd);
  return r;
}

// write_atomic replaces dir/name by (buf, len): temporary file, fsync,
// rename, fsync of the directory. Returns the new file's identity.
static CK_RV write_atomic(const char *dir, const char *name, const uint8_t *buf, size_t len,
                          struct stat *st_out) {
  static unsigned counter;
  char tmp[P11_PATH], dst[P11_PATH];
  if (snprintf(tmp, sizeof(tmp), "%s/.tmp-%ld-%u", dir, (long)getpid(), counter++) >= (int)sizeof(tmp) ||
      snprintf(dst, sizeof(dst), "%s/%s", dir, name) >= (int)sizeof(dst))
    return CKR_DEVICE_ERROR;
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return CKR_DEVICE_ERROR;
  size_t off = 0;
  while (off < len) {
    ssize_t w = write(fd, buf + off, len - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) goto fail;
    off += (size_t)w;
  }
  if (fsync(fd) != 0) goto fail;
  struct stat st;
  if (fstat(fd, &st) != 0) goto fail;
  if (close(fd) != 0) {
    fd = -1;
    goto fail;
  }
  fd = -1;
  if (rename(tmp, dst) != 0) goto fail;
  if (fsync_dir(dir) != 0) return CKR_DEVICE_ERROR;
  if (st_out) *st_out = st;
  return CKR_OK;
fail:
  if (fd >= 0) close(fd);
  unlink(tmp);
  return CKR_DEVICE_ERROR;
}

// read_file reads a whole file (at most 64 MiB) into a malloc'd buffer.
static int read_file(const char *path, uint8_t **out, size_t *out_len, struct stat *st_out) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size < 0 || st.st_size > (64 << 20)) {
    close(fd);
    return -1;
  }
  size_t len = (size_t)st.st_size;
  uint8_t *buf = malloc(len ? len : 1);
  if (buf == NULL) {
    close(fd);
    return -1;
  }
  size_t off = 0;
  while (off < len) {
    ssize_t r = read(fd, buf + off, len - off);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    off += (size_t)r;
  }
  close(fd);
  if (off != len) {
    free(buf);
    return -1;
  }
  *out = buf;
  *out_len = len;
  if (st_out) *st_out = st;
  return 0;
}

// A file's identity: an object file is never rewritten in place, so a new
// (device, inode, change time, size) means new contents.
static void fid_of(p11_fid *f, const struct stat *st) {
  memset(f, 0, sizeof(*f));
  f->dev = (uint64_t)st->st_dev;
  f->ino = (uint64_t)st->st_ino;
  f->ctime_ns = (int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
  f->size = (int64_t)st->st_size;
}

static void set_fid(p11_obj *o, const struct stat *st) { fid_of(&o->fid, st); }

static void obj_name(char *name, size_t cap, uint64_t id) {
  snprintf(name, cap, "o-%016" PRIx64 ".obj", id);
}

// ---------------------------------------------------------------------------
// Lock

CK_RV p11_store_lock(p11_token *t) {
  if (t->lock_depth++ > 0) return CKR_OK;
  if (t->lock_fd < 0) {
    char path[PATH_MAX];
    if (snprintf(path, sizeof(path), "%s/.lock", t->dir) >= (int)sizeof(path)) goto fail;
    if (mkdir_p(t->dir) != 0) goto fail;
    t->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (t->lock_fd < 0) goto fail;
  }
  while (flock(t->lock_fd, LOCK_EX) != 0) {
    if (errno != EINTR) goto fail;
  }
  return CKR_OK;
fail:
  t->lock_depth--;
  return CKR_DEVICE_ERROR;
}

void p11_store_unlock(p11_token *t) {
  if (t->lock_depth == 0) return;
  if (--t->lock_depth == 0 && t->lock_fd >= 0) flock(t->lock_fd, LOCK_UN);
}

// ---------------------------------------------------------------------------
// Generation counter: 8 bytes at the start of the lock file, incremented
// (under the lock) by every write to the token directory. A process that
// has seen the current value skips the directory scan. The counter is a
// hint, not state: it is not fsync'd, and a process that starts scans once.

static uint64_t read_gen(const p11_token *t) {
  uint64_t g = 0;
  if (pread(t->lock_fd, &g, sizeof(g), 0) != (ssize_t)sizeof(g)) g = 0;
  return g;
}

static void bump_gen(p11_token *t) {
  uint64_t old = read_gen(t), g = old + 1;
  if (pwrite(t->lock_fd, &g, sizeof(g), 0) != (ssize_t)sizeof(g)) {
    t->gen_valid = 0;
    return;
  }
  // Our own change: our view stays current if it was.
  if (t->gen_valid && t->gen_seen == old) t->gen_seen = g;
}

// ---------------------------------------------------------------------------
// Metadata

static int meta_mac(const p11_meta *m, uint8_t out[32]) {
  return cce_hmac(CCE_HASH_SHA256, m->pubkey, sizeof(m->pubkey), m, offsetof(p11_meta, mac), out, 32) == CCE_OK
             ? 0
             : -1;
}

// read_meta: 1 valid metadata read, 0 none (token not initialised).
static int read_meta(p11_token *t, p11_meta *m) {
  char path[P11_PATH];
  uint8_t *buf;
  size_t len;
  snprintf(path, sizeof(path), "%s/%s", t->dir, META_NAME);
  if (read_file(path, &buf, &len, NULL) != 0) return 0;
  int ok = 0;
  if (len == sizeof(p11_meta)) {
    memcpy(m, buf, sizeof(*m));
    uint8_t mac[32];
    if (memcmp(m->magic, "CCEP11TK", 8) == 0 && m->version == 1 && meta_mac(m, mac) == 0 &&
        cce_memeq(mac, m->mac, 32) == CCE_OK)
      ok = 1;
  }
  cce_wipe(buf, len);
  free(buf);
  return ok;
}

static CK_RV write_meta(p11_token *t) {
  if (meta_mac(&t->meta, t->meta.mac) != 0) return CKR_FUNCTION_FAILED;
  bump_gen(t);  // first: a writer killed after its rename still moved it
  return write_atomic(t->dir, META_NAME, (const uint8_t *)&t->meta, sizeof(t->meta), NULL);
}

static uint32_t iterations(void) {
  const char *e = getenv("CCE_P11_PBKDF2_ITERATIONS");
  if (e != NULL && *e) {
    char *end;
    unsigned long v = strtoul(e, &end, 10);
    if (*end == 0 && v >= 1 && v <= 100000000ul) return (uint32_t)v;
  }
  return P11_DEFAULT_ITERATIONS;
}

// pin_keys derives the verifier and the key-encryption key of a PIN.
static CK_RV pin_keys(const p11_pinrec *r, const uint8_t *pin, size_t len, uint8_t verifier[32], uint8_t kek[32]) {
  uint8_t dk[64];
  static const char label[] = "cce-pkcs11 PIN verifier";
  CK_RV rv = CKR_FUNCTION_FAILED;
  if (cce_pbkdf2(CCE_HASH_SHA256, dk, sizeof(dk), pin, len, r->salt, sizeof(r->salt), r->iter) != CCE_OK) goto out;
  if (cce_hmac(CCE_HASH_SHA256, dk, 32, label, sizeof(label) - 1, verifier, 32) != CCE_OK) goto out;
  memcpy(kek, dk + 32, 32);
  rv = CKR_OK;
out:
  cce_wipe(dk, sizeof(dk));
  return rv;
}

// make_pinrec fills `r` for a new PIN wrapping the token key `tk`.
static CK_RV make_pinrec(p11_pinrec *r, const uint8_t *pin, size_t len, const uint8_t tk[32]) {
  uint8_t kek[32];
  cce_aes_ctx aes;
  size_t wlen = 0;
  CK_RV rv = CKR_FUNCTION_FAILED;
  memset(r, 0, sizeof(*r));
  if (cce_random(r->salt, sizeof(r->salt)) != CCE_OK) return CKR_FUNCTION_FAILED;
  r->iter = iterations();
  if ((rv = pin_keys(r, pin, len, r->verifier, kek)) != CKR_OK) goto out;
  rv = CKR_FUNCTION_FAILED;
  if (cce_aes_init(&aes, kek, 32) != CCE_OK) goto out;
  if (cce_aes_kwp_wrap(&aes, 0, r->wrapped, sizeof(r->wrapped), &wlen, tk, 32) == CCE_OK && wlen == 40) rv = CKR_OK;
  cce_aes_cleanup(&aes);
out:
  cce_wipe(kek, sizeof(kek));
  return rv;
}

static void set_tk(p11_token *t, const uint8_t tk[32]) {
  memcpy(t->tk, tk, 32);
  if (cce_gcm_key_init(&t->gk, t->tk, 32) == CCE_OK) t->tk_valid = 1;
}

CK_FLAGS p11_store_token_flags(const p11_token *t) {
  CK_FLAGS f = CKF_RNG | CKF_LOGIN_REQUIRED;
  if (!t->have_meta) return f;
  f |= CKF_TOKEN_INITIALIZED;
  const p11_meta *m = &t->meta;
  if (m->flags & P11_META_USER_PIN) {
    f |= CKF_USER_PIN_INITIALIZED;
    if (m->user.fails >= P11_MAX_PIN_TRIES)
      f |= CKF_USER_PIN_LOCKED;
    else if (m->user.fails == P11_MAX_PIN_TRIES - 1)
      f |= CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_COUNT_LOW;
    else if (m->user.fails > 0)
      f |= CKF_USER_PIN_COUNT_LOW;
  }
  if (m->so.fails >= P11_MAX_PIN_TRIES)
    f |= CKF_SO_PIN_LOCKED;
  else if (m->so.fails == P11_MAX_PIN_TRIES - 1)
    f |= CKF_SO_PIN_FINAL_TRY | CKF_SO_PIN_COUNT_LOW;
  else if (m->so.fails > 0)
    f |= CKF_SO_PIN_COUNT_LOW;
  return f;
}

// ---------------------------------------------------------------------------
// Objects: serialisation

static void put_u32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put_u64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t get_u32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}
static uint64_t get_u64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}

static size_t attrs_size(const p11_attrs *a) {
  size_t n = 0;
  for (size_t i = 0; i < a->n; i++) n += 16 + a->a[i].len;
  return n;
}

static void attrs_write(const p11_attrs *a, uint8_t *p) {
  for (size_t i = 0; i < a->n; i++) {
    put_u64(p, a->a[i].type);
    put_u64(p + 8, a->a[i].len);
    memcpy(p + 16, a->a[i].val, a->a[i].len);
    p += 16 + a->a[i].len;
  }
}

static int attrs_read(const uint8_t *p, size_t len, p11_attrs *out) {
  while (len > 0) {
    if (len < 16) return -1;
    uint64_t type = get_u64(p), l = get_u64(p + 8);
    if (l > len - 16) return -1;
    if (p11_attrs_set(out, (CK_ATTRIBUTE_TYPE)type, p + 16, (CK_ULONG)l) != CKR_OK) return -1;
    p += 16 + l;
    len -= 16 + (size_t)l;
  }
  return 0;
}

static void header(const p11_token *t, const p11_obj *o, uint8_t h[HDR_LEN]) {
  memcpy(h, OBJ_MAGIC, 8);
  put_u32(h + 8, 1);
  put_u32(h + 12, o->priv ? 1 : 0);
  memcpy(h + 16, t->meta.epoch, 16);
  put_u64(h + 32, o->id);
}

CK_RV p11_store_put(p11_token *t, p11_obj *o) {
  CK_RV rv;
  if (!t->have_meta) return CKR_TOKEN_NOT_RECOGNIZED;
  if (o->priv && !t->tk_valid) return CKR_USER_NOT_LOGGED_IN;
  if ((rv = p11_store_lock(t)) != CKR_OK) return rv;
  while (o->id == 0) {
    if (cce_random(&o->id, sizeof(o->id)) != CCE_OK) {
      rv = CKR_FUNCTION_FAILED;
      goto out;
    }
  }
  size_t plen = attrs_size(&o->attrs);
  size_t total = HDR_LEN + plen + (o->priv ? 12 + 16 : 32);
  uint8_t *buf = malloc(total);
  if (buf == NULL) {
    rv = CKR_HOST_MEMORY;
    goto out;
  }
  header(t, o, buf);
  rv = CKR_FUNCTION_FAILED;
  if (o->priv) {
    uint8_t *pt = malloc(plen ? plen : 1);
    if (pt == NULL) {
      free(buf);
      rv = CKR_HOST_MEMORY;
      goto out;
    }
    attrs_write(&o->attrs, pt);
    if (cce_aes_gcm_seal_randiv(&t->gk, buf, HDR_LEN, pt, plen, buf + HDR_LEN + 12, buf + HDR_LEN,
                                buf + HDR_LEN + 12 + plen, 16) == CCE_OK)
      rv = CKR_OK;
    cce_wipe(pt, plen);
    free(pt);
  } else {
    attrs_write(&o->attrs, buf + HDR_LEN);
    if (cce_hmac(CCE_HASH_SHA256, t->meta.pubkey, 32, buf, HDR_LEN + plen, buf + HDR_LEN + plen, 32) == CCE_OK)
      rv = CKR_OK;
  }
  if (rv == CKR_OK) {
    char name[64];
    obj_name(name, sizeof(name), o->id);
    struct stat st;
    bump_gen(t);
    rv = write_atomic(t->dir, name, buf, total, &st);
    if (rv == CKR_OK) set_fid(o, &st);
  }
  cce_wipe(buf, total);
  free(buf);
out:
  p11_store_unlock(t);
  return rv;
}

CK_RV p11_store_del(p11_token *t, p11_obj *o) {
  CK_RV rv;
  char path[P11_PATH], name[64];
  if ((rv = p11_store_lock(t)) != CKR_OK) return rv;
  obj_name(name, sizeof(name), o->id);
  snprintf(path, sizeof(path), "%s/%s", t->dir, name);
  bump_gen(t);
  if (unlink(path) != 0 && errno != ENOENT)
    rv = CKR_DEVICE_ERROR;
  else if (fsync_dir(t->dir) != 0)
    rv = CKR_DEVICE_ERROR;
  p11_store_unlock(t);
  return rv;
}

// load_obj reads object file `id` into `o` (attributes replaced). Returns 0
// on success, 1 if the object is private and the token key is not
// available (o->loaded = 0), -1 if the file is invalid, -2 if it belongs to
// another token epoch (stale: deleted by the caller).
static int load_obj(p11_token *t, uint64_t id, p11_obj *o) {
  char path[P11_PATH], name[64];
  uint8_t *buf;
  size_t len;
  struct stat st;
  obj_name(name, sizeof(name), id);
  snprintf(path, sizeof(path), "%s/%s", t->dir, name);
  if (read_file(path, &buf, &len, &st) != 0) return -1;
  int r = -1;
  if (len < HDR_LEN || memcmp(buf, OBJ_MAGIC, 8) != 0 || get_u32(buf + 8) != 1 || get_u64(buf + 32) != id) goto out;
  if (memcmp(buf + 16, t->meta.epoch, 16) != 0) {
    r = -2;
    goto out;
  }
  int priv = get_u32(buf + 12) != 0;
  o->id = id;
  set_fid(o, &st);
  o->token_obj = 1;
  o->priv = priv;
  p11_attrs_free(&o->attrs);
  o->loaded = 0;
  if (priv) {
    if (!t->tk_valid || t->login != CKU_USER) {  // only the user sees them
      r = 1;
      goto out;
    }
    if (len < HDR_LEN + 28) goto out;
    size_t clen = len - HDR_LEN - 28;
    uint8_t *pt = malloc(clen ? clen : 1);
    if (pt == NULL) goto out;
    if (cce_aes_gcm_open(&t->gk, buf + HDR_LEN, 12, buf, HDR_LEN, buf + HDR_LEN + 12, clen,
                         buf + HDR_LEN + 12 + clen, 16, pt) == CCE_OK &&
        attrs_read(pt, clen, &o->attrs) == 0)
      r = 0;
    cce_wipe(pt, clen);
    free(pt);
  } else {
    if (len < HDR_LEN + 32) goto out;
    size_t plen = len - HDR_LEN - 32;
    if (cce_hmac_verify(CCE_HASH_SHA256, t->meta.pubkey, 32, buf, HDR_LEN + plen, buf + HDR_LEN + plen, 32) ==
            CCE_OK &&
        attrs_read(buf + HDR_LEN, plen, &o->attrs) == 0)
      r = 0;
  }
  if (r == 0) {
    o->loaded = 1;
  } else {
    p11_attrs_free(&o->attrs);
  }
out:
  cce_wipe(buf, len);
  free(buf);
  return r;
}

static void drop_token_objects(p11_token *t) {
  size_t j = 0;
  for (size_t i = 0; i < t->nobjs; i++) {
    if (t->objs[i]->token_obj)
      p11_obj_free(t->objs[i]);
    else
      t->objs[j++] = t->objs[i];
  }
  t->nobjs = j;
}

void p11_store_logout(p11_token *t) {
  cce_wipe(t->tk, sizeof(t->tk));
  if (t->tk_valid) cce_gcm_key_wipe(&t->gk);
  t->tk_valid = 0;
  t->login = P11_NOBODY;
  t->force_sync = 1;
  for (size_t i = 0; i < t->nobjs; i++) {
    p11_obj *o = t->objs[i];
    if (o->token_obj && o->priv) {
      p11_attrs_free(&o->attrs);
      o->loaded = 0;
      memset(&o->fid, 0, sizeof(o->fid));  // reload at next sync after login
    }
  }
}

typedef struct {
  uint64_t id;
  p11_fid fid;
  int seen;  // matched an object in memory
} disk_ent;

static int ent_cmp(const void *a, const void *b) {
  uint64_t x = ((const disk_ent *)a)->id, y = ((const disk_ent *)b)->id;
  return x < y ? -1 : x > y;
}

CK_RV p11_store_sync(p11_token *t) {
  CK_RV rv;
  if ((rv = p11_store_lock(t)) != CKR_OK) return rv;
  uint64_t gen = read_gen(t);
  if (t->gen_valid && gen == t->gen_seen && !t->force_sync) goto out;  // nothing changed
  p11_meta m;
  int have = read_meta(t, &m);
  if (!have || !t->have_meta || memcmp(m.epoch, t->meta.epoch, 16) != 0) {
    // Initialised, re-initialised or wiped by someone: start again.
    drop_token_objects(t);
    if (t->login != P11_NOBODY) p11_store_logout(t);
  }
  t->have_meta = have;
  if (have) t->meta = m;
  cce_wipe(&m, sizeof(m));
  if (!have) {
    t->gen_seen = gen;
    t->gen_valid = 1;
    t->force_sync = 0;
    goto out;
  }

  DIR *d = opendir(t->dir);
  if (d == NULL) {
    rv = CKR_DEVICE_ERROR;
    goto out;
  }
  disk_ent *ents = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    const char *nm = de->d_name;
    if (strncmp(nm, ".tmp-", 5) == 0) {
      // Left by a writer killed before its rename (we hold the lock).
      unlinkat(dirfd(d), nm, 0);
      continue;
    }
    size_t l = strlen(nm);
    if (l != 22 || strncmp(nm, "o-", 2) != 0 || strcmp(nm + 18, ".obj") != 0) continue;
    char hex[17];
    memcpy(hex, nm + 2, 16);
    hex[16] = 0;
    char *end;
    uint64_t id = strtoull(hex, &end, 16);
    if (*end != 0 || id == 0) continue;
    struct stat st;
    if (fstatat(dirfd(d), nm, &st, 0) != 0) continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 64;
      disk_ent *ne = realloc(ents, cap * sizeof(*ne));
      if (ne == NULL) {
        free(ents);
        closedir(d);
        rv = CKR_HOST_MEMORY;
        goto out;
      }
      ents = ne;
    }
    ents[n].id = id;
    ents[n].seen = 0;
    fid_of(&ents[n].fid, &st);
    n++;
  }
  closedir(d);
  if (n > 1) qsort(ents, n, sizeof(*ents), ent_cmp);

  // Existing token objects: drop the vanished, reload the changed.
  size_t j = 0;
  for (size_t i = 0; i < t->nobjs; i++) {
    p11_obj *o = t->objs[i];
    if (!o->token_obj) {
      t->objs[j++] = o;
      continue;
    }
    disk_ent key = {.id = o->id};
    disk_ent *e = n ? bsearch(&key, ents, n, sizeof(*ents), ent_cmp) : NULL;
    if (e == NULL) {
      p11_obj_free(o);
      continue;
    }
    size_t k = (size_t)(e - ents);
    ents[k].seen = 1;
    int need = memcmp(&o->fid, &ents[k].fid, sizeof(o->fid)) != 0 ||
               (!o->loaded && o->priv && t->tk_valid && t->login == CKU_USER);
    if (need) {
      int r = load_obj(t, o->id, o);
      if (r < 0) {
        p11_obj_free(o);
        continue;
      }
    }
    t->objs[j++] = o;
  }
  t->nobjs = j;
  // New files.
  for (size_t k = 0; k < n; k++) {
    if (ents[k].seen) continue;
    p11_obj *o = p11_obj_new();
    if (o == NULL) break;
    int r = load_obj(t, ents[k].id, o);
    if (r < 0) {
      if (r == -2) {
        char path[P11_PATH], name[64];
        obj_name(name, sizeof(name), ents[k].id);
        snprintf(path, sizeof(path), "%s/%s", t->dir, name);
        unlink(path);
      }
      p11_obj_free(o);
      continue;
    }
    o->handle = p11_new_handle();
    if (p11_token_add_obj(t, o) != CKR_OK) {
      p11_obj_free(o);
      break;
    }
  }
  free(ents);
  t->gen_seen = gen;
  t->gen_valid = 1;
  t->force_sync = 0;
out:
  p11_store_unlock(t);
  return rv;
}

// ---------------------------------------------------------------------------
// Token initialisation and PINs

CK_RV p11_store_init_token(p11_token *t, const uint8_t *so_pin, size_t so_len, const uint8_t label[32]) {
  CK_RV rv;
  uint8_t tk[32];
  if ((rv = p11_store_lock(t)) != CKR_OK) return rv;
  if ((rv = p11_store_sync(t)) != CKR_OK) goto out;
  if (t->have_meta) {
    // Re-initialisation needs the current SO PIN.
    if ((rv = p11_store_login(t, CKU_SO, so_pin, so_len)) != CKR_OK) goto out;
  }
  p11_store_logout(t);
  p11_meta m;
  memset(&m, 0, sizeof(m));
  memcpy(m.magic, "CCEP11TK", 8);
  m.version = 1;
  m.flags = P11_META_INITIALIZED;
  memcpy(m.label, label, 32);
  if (t->have_meta) {
    memcpy(m.serial, t->meta.serial, 16);
  } else {
    uint8_t r[8];
    static const char hx[] = "0123456789abcdef";
    if (cce_random(r, sizeof(r)) != CCE_OK) {
      rv = CKR_FUNCTION_FAILED;
      goto out;
    }
    for (int i = 0; i < 8; i++) {
      m.serial[2 * i] = (uint8_t)hx[r[i] >> 4];
      m.serial[2 * i + 1] = (uint8_t)hx[r[i] & 15];
    }
  }
  if (cce_random(m.epoch, 16) != CCE_OK || cce_random(m.pubkey, 32) != CCE_OK || cce_random(tk, 32) != CCE_OK) {
    rv = CKR_FUNCTION_FAILED;
    goto out;
  }
  if ((rv = make_pinrec(&m.so, so_pin, so_len, tk)) != CKR_OK) goto out;
  t->meta = m;
  t->have_meta = 1;
  if ((rv = write_meta(t)) != CKR_OK) goto out;
  // Old objects can no longer be authenticated (new epoch): delete them.
  drop_token_objects(t);
  bump_gen(t);
  DIR *d = opendir(t->dir);
  if (d != NULL) {
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
      if (strncmp(de->d_name, "o-", 2) == 0) unlinkat(dirfd(d), de->d_name, 0);
    }
    closedir(d);
    fsync_dir(t->dir);
  }
out:
  cce_wipe(tk, sizeof(tk));
  p11_store_unlock(t);
  return rv;
}

CK_RV p11_store_login(p11_token *t, CK_USER_TYPE who, const uint8_t *pin, size_t len) {
  CK_RV rv;
  if ((rv = p11_store_lock(t)) != CKR_OK) return rv;
  p11_meta m;
  if (!read_meta(t, &m)) {  // token not initialised
    rv = who == CKU_SO ? CKR_TOKEN_NOT_RECOGNIZED : CKR_USER_PIN_NOT_INITIALIZED;
    goto out;
  }
  if (t->have_meta && memcmp(m.epoch, t->meta.epoch, 16) != 0) {
    drop_token_objects(t);
    p11_store_logout(t);
  }
  t->meta = m;
  t->have_meta = 1;
  p11_pinrec *r = who == CKU_SO ? &t->meta.so : &t->meta.user;
  if (who != CKU_SO && !(t->meta.flags & P11_META_USER_PIN)) {
    rv = CKR_USER_PIN_NOT_INITIALIZED;
    goto out;
  }
  if (r->fails >= P11_MAX_PIN_TRIES) {
    rv = CKR_PIN_LOCKED;
    goto out;
  }
  uint8_t ver[32], kek[32], tk[32];
  if ((rv = pin_keys(r, pin, len, ver, kek)) != CKR_OK) goto out;
  if (cce_memeq(ver, r->verifier, 32) != CCE_OK) {
    r->fails++;
    rv = write_meta(t);
    if (rv == CKR_OK) rv = CKR_PIN_INCORRECT;
    goto wipe;
  }
  cce_aes_ctx aes;
  size_t tl = 0;
  rv = CKR_FUNCTION_FAILED;
  if (cce_aes_init(&aes, kek, 32) == CCE_OK) {
    if (cce_aes_kwp_unwrap(&aes, 0, tk, sizeof(tk), &tl, r->wrapped, sizeof(r->wrapped)) == CCE_OK && tl == 32)
      rv = CKR_OK;
    cce_aes_cleanup(&aes);
  }
  if (rv != CKR_OK) goto wipe;
  if (r->fails != 0) {
    r->fails = 0;
    if ((rv = write_meta(t)) != CKR_OK) goto wipe;
  }
  if (t->tk_valid) cce_gcm_key_wipe(&t->gk);
  t->tk_valid = 0;
  set_tk(t, tk);
  if (!t->tk_valid) rv = CKR_FUNCTION_FAILED;
  t->force_sync = 1;  // private objects to decrypt
wipe:
  cce_wipe(ver, sizeof(ver));
  cce_wipe(kek, sizeof(kek));
  cce_wipe(tk, sizeof(tk));
out:
  cce_wipe(&m, sizeof(m));
  p11_store_unlock(t);
  return rv;
}

CK_RV p11_store_set_pin(p11_token *t, CK_USER_TYPE who, const uint8_t *pin, size_t len) {
  CK_RV rv;
  if (!t->tk_valid) return CKR_USER_NOT_LOGGED_IN;
  if ((rv = p11_store_lock(t)) != CKR_OK) return rv;
  p11_meta m;
  if (!read_meta(t, &m) || memcmp(m.epoch, t->meta.epoch, 16) != 0) {
    rv = CKR_DEVICE_REMOVED;
    goto out;
  }
  t->meta = m;
  p11_pinrec *r = who == CKU_SO ? &t->meta.so : &t->meta.user;
  if ((rv = make_pinrec(r, pin, len, t->tk)) != CKR_OK) goto out;
  if (who != CKU_SO) t->meta.flags |= P11_META_USER_PIN;
  rv = write_meta(t);
out:
  cce_wipe(&m, sizeof(m));
  p11_store_unlock(t);
  return rv;
}

// ---------------------------------------------------------------------------
// Setup

CK_RV p11_store_setup(p11_token *t, CK_SLOT_ID slot) {
  char base[PATH_MAX];
  const char *e = getenv("CCE_P11_STORE");
  if (e != NULL && *e) {
    if (snprintf(base, sizeof(base), "%s", e) >= (int)sizeof(base)) return CKR_ARGUMENTS_BAD;
  } else if ((e = getenv("XDG_DATA_HOME")) != NULL && *e == '/') {
    if (snprintf(base, sizeof(base), "%s/cce/pkcs11", e) >= (int)sizeof(base)) return CKR_ARGUMENTS_BAD;
  } else {
    const char *home = getenv("HOME");
    if (home == NULL || !*home) return CKR_DEVICE_ERROR;
    if (snprintf(base, sizeof(base), "%s/.local/share/cce/pkcs11", home) >= (int)sizeof(base))
      return CKR_ARGUMENTS_BAD;
  }
  memset(t, 0, sizeof(*t));
  t->slot = slot;
  t->lock_fd = -1;
  t->login = P11_NOBODY;
  if (snprintf(t->dir, sizeof(t->dir), "%s/token%lu", base, (unsigned long)slot) >= (int)sizeof(t->dir))
    return CKR_ARGUMENTS_BAD;
  if (mkdir_p(t->dir) != 0) return CKR_DEVICE_ERROR;
  return p11_store_sync(t);
}

void p11_store_close(p11_token *t) {
  p11_store_logout(t);
  for (size_t i = 0; i < t->nobjs; i++) p11_obj_free(t->objs[i]);
  free(t->objs);
  t->objs = NULL;
  t->nobjs = t->cap = 0;
  if (t->lock_fd >= 0) close(t->lock_fd);
  t->lock_fd = -1;
  t->lock_depth = 0;
  cce_wipe(&t->meta, sizeof(t->meta));
  t->have_meta = 0;
}
