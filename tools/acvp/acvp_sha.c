// cce-acvp handlers for SHA-1, SHA-2, SHA-3 and SHAKE (ACVP "SHA" and "SHA3"
// sub-specifications: draft-celi-acvp-sha, draft-celi-acvp-sha3).
//
// Test types: AFT (msg, len in bits), MCT (standard and alternate for SHA-1/2
// and SHA-3; the SHAKE MCT with its varying output length), LDT (largeMsg
// expanded by repetition, hashed with one cce_hash_update over the whole
// message; see ldt_hash) and VOT (SHAKE output length in bits).
//
// Bit conventions of the ACVP hex strings (checked against the NIST sets):
//  - input of `len` bits: the leftmost `len` bits of `msg`. SHA-1/SHA-2 take
//    them most significant bit first (FIPS 180-4). For SHA-3/SHAKE, whole
//    bytes are taken as they are and a last partial byte of r bits is the
//    value (byte >> (8 - r)) in FIPS 202 bit order.
//  - SHAKE output of `outLen` bits: ceil(outLen/8) bytes of output; in
//    revision "1.0" the last byte keeps its r valid bits in the low-order
//    positions (FIPS 202 order), in revision "FIPS202" they are shifted to the
//    high-order end; the other bits are zero.
//
// Messages whose length is not a whole number of bytes end through the
// module's cce_hash_final_bits (hash.h).

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1  // memfd_create
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "acvp.h"
#include "cce/hash.h"

// acvp_util.c
const char *acvp_get_reason(void);

#define MAX_MD 64
#define MCT_OUTER 100
#define MCT_INNER 1000

static int is_xof(cce_hash_alg alg) { return alg == CCE_HASH_SHAKE128 || alg == CCE_HASH_SHAKE256; }
static int is_sha3(cce_hash_alg alg) { return alg >= CCE_HASH_SHA3_224 && alg <= CCE_HASH_SHAKE256; }

static int bad_status(const char *what, cce_status st) {
  acvp_set_reason("%s failed: %s", what, cce_status_str(st));
  return ACVP_ERROR;
}

static void test_unsupported(json_t *rt, const char *why) {
  json_object_set_new(rt, "unsupported", json_true());
  json_object_set_new(rt, "reason", json_string(why));
}


// Formats the last byte of an `out_bits` SHAKE output whose length is not a
// whole number of bytes. Revision "1.0" keeps the r valid bits where FIPS 202
// puts them (the low-order bits) and clears the rest; revision "FIPS202"
// moves them to the high-order end (the bit string read left to right).
static void mask_xof_tail(uint8_t *out, uint64_t out_bits, int left_align) {
  unsigned r = (unsigned)(out_bits % 8);
  if (r == 0) return;
  uint8_t v = (uint8_t)(out[out_bits / 8] & ((1u << r) - 1));
  out[out_bits / 8] = left_align ? (uint8_t)(v << (8 - r)) : v;
}

// Digest of the leftmost `nbits` bits of `msg` into out[0..out_len). For
// SHAKE `out_len` is the output byte count; otherwise it is the digest size.
// Returns ACVP_OK or ACVP_ERROR.
static int hash_bits(cce_hash_alg alg, const uint8_t *msg, uint64_t nbits, uint8_t *out, size_t out_len) {
  size_t nbytes = (size_t)(nbits / 8);
  unsigned r = (unsigned)(nbits % 8);
  cce_status st;
  if (r == 0) {
    st = cce_hash(alg, out, out_len, msg, nbytes);
    return st == CCE_OK ? ACVP_OK : bad_status("cce_hash", st);
  }
  cce_hash_ctx c;
  st = cce_hash_init(&c, alg);
  if (st != CCE_OK) return bad_status("cce_hash_init", st);
  st = cce_hash_update(&c, msg, nbytes);
  if (st == CCE_OK) st = cce_hash_final_bits(&c, msg[nbytes], r, out, out_len);
  cce_hash_cleanup(&c);
  return st == CCE_OK ? ACVP_OK : bad_status("cce_hash_final_bits", st);
}

// Reads msg/len of a test; checks that the hex holds at least `len` bits.
static uint8_t *get_msg(const json_t *t, uint64_t *nbits) {
  long long len;
  size_t n;
  if (acvp_int(t, "len", &len) != 0 || len < 0) return NULL;
  uint8_t *m = acvp_hex(t, "msg", &n);
  if (m == NULL) return NULL;
  if ((uint64_t)len > 8 * (uint64_t)n) {
    acvp_set_reason("tcId %lld: len %lld bits but msg holds %zu bytes",
                    (long long)json_integer_value(json_object_get(t, "tcId")), len, n);
    free(m);
    return NULL;
  }
  *nbits = (uint64_t)len;
  return m;
}

// Output length in bits from obj[key], checked to be positive and sane.
static int get_outlen(const json_t *obj, const char *key, uint64_t *bits) {
  long long v;
  if (acvp_int(obj, key, &v) != 0) return -1;
  if (v <= 0 || v > (1LL << 20)) {
    acvp_set_reason("%s %lld out of range", key, v);
    return -1;
  }
  *bits = (uint64_t)v;
  return 0;
}

// ---------------------------------------------------------------------------
// AFT and VOT: one hash per test.
static int do_aft(cce_hash_alg alg, int left_align, const json_t *group, json_t *rg) {
  const json_t *tests = json_object_get(group, "tests");
  size_t i;
  const json_t *t;
  json_array_foreach(tests, i, t) {
    uint64_t nbits, out_bits = 8 * cce_hash_digest_len(alg);
    uint8_t *msg = get_msg(t, &nbits);
    if (msg == NULL) return ACVP_ERROR;
    if (is_xof(alg) && get_outlen(t, "outLen", &out_bits) != 0) {
      free(msg);
      return ACVP_ERROR;
    }
    size_t out_len = (size_t)((out_bits + 7) / 8);
    uint8_t *out = malloc(out_len + 1);
    if (out == NULL) {
      free(msg);
      acvp_set_reason("out of memory");
      return ACVP_ERROR;
    }
    json_t *rt = acvp_add_test(rg, t);
    int rc = hash_bits(alg, msg, nbits, out, out_len);
    if (rc == ACVP_OK) {
      if (is_xof(alg)) mask_xof_tail(out, out_bits, left_align);
      acvp_set_hex(rt, "md", out, out_len);
      if (is_xof(alg)) json_object_set_new(rt, "outLen", json_integer((json_int_t)out_bits));
    }
    free(out);
    free(msg);
    if (rc == ACVP_ERROR) return rc;
  }
  return ACVP_OK;
}

// ---------------------------------------------------------------------------
// MCT.

// Copies the concatenation of parts into dst (cap bytes), truncated or
// zero-padded to exactly `bits` bits (the "alternate" MCT message rule).
static void fit_bits(uint8_t *dst, uint64_t bits, const uint8_t *const *parts, const size_t *lens, size_t n) {
  const size_t whole = (size_t)(bits / 8);
  const unsigned r = (unsigned)(bits % 8);
  const size_t cap = whole + (r != 0);
  size_t pos = 0;
  memset(dst, 0, cap);
  for (size_t i = 0; i < n && pos < cap; i++) {
    size_t k = lens[i] < cap - pos ? lens[i] : cap - pos;
    memcpy(dst + pos, parts[i], k);
    pos += k;
  }
  if (r != 0) dst[whole] &= (uint8_t)(0xff00u >> r);
}

static json_t *results_entry(json_t *results, const uint8_t *md, size_t len) {
  json_t *e = json_object();
  acvp_set_hex(e, "md", md, len);
  json_array_append_new(results, e);
  return e;
}

// SHA-1/SHA-2 MCT, standard and alternate (draft-celi-acvp-sha 6.2).
static int mct_sha2(cce_hash_alg alg, int alternate, const json_t *t, json_t *rt) {
  uint64_t seed_bits;
  uint8_t *seed = get_msg(t, &seed_bits);
  if (seed == NULL) return ACVP_ERROR;
  if (!alternate && seed_bits % 8 != 0) {
    free(seed);
    acvp_set_reason("standard MCT seed of %llu bits is not whole bytes", (unsigned long long)seed_bits);
    return ACVP_ERROR;
  }
  const size_t dl = cce_hash_digest_len(alg);
  const size_t seed_len = (size_t)((seed_bits + 7) / 8);
  const size_t cap = seed_len > dl ? seed_len : dl;
  // s: SEED; a, b, c: A, B, C (each the seed or a digest); msg: A || B || C.
  uint8_t *s = malloc(cap), *a = malloc(cap), *b = malloc(cap), *c = malloc(cap), *msg = malloc(3 * cap);
  uint8_t md[MAX_MD];
  int rc = ACVP_OK;
  if (s == NULL || a == NULL || b == NULL || c == NULL || msg == NULL) {
    acvp_set_reason("out of memory");
    rc = ACVP_ERROR;
    goto out;
  }
  json_t *results = json_array();
  json_object_set_new(rt, "resultsArray", results);
  memcpy(s, seed, seed_len);
  size_t s_len = seed_len;
  for (int j = 0; j < MCT_OUTER && rc == ACVP_OK; j++) {
    size_t la = s_len, lb = s_len, lc = s_len;
    memcpy(a, s, s_len);
    memcpy(b, s, s_len);
    memcpy(c, s, s_len);
    for (int i = 0; i < MCT_INNER; i++) {
      if (!alternate) {
        memcpy(msg, a, la);
        memcpy(msg + la, b, lb);
        memcpy(msg + la + lb, c, lc);
        cce_status st = cce_hash(alg, md, dl, msg, la + lb + lc);
        if (st != CCE_OK) {
          rc = bad_status("cce_hash", st);
          break;
        }
      } else {
        // MSG = A || B || C, cut or zero-padded to the initial seed length.
        const uint8_t *parts[3] = {a, b, c};
        const size_t lens[3] = {la, lb, lc};
        fit_bits(msg, seed_bits, parts, lens, 3);
        rc = hash_bits(alg, msg, seed_bits, md, dl);
        if (rc != ACVP_OK) break;
      }
      // A = B; B = C; C = MD (rotating the buffers).
      uint8_t *tmp = a;
      a = b;
      la = lb;
      b = c;
      lb = lc;
      c = tmp;
      memcpy(c, md, dl);
      lc = dl;
    }
    if (rc != ACVP_OK) break;
    results_entry(results, md, dl);
    memcpy(s, md, dl);  // SEED = MD
    s_len = dl;
  }
out:
  free(s);
  free(a);
  free(b);
  free(c);
  free(msg);
  free(seed);
  return rc;
}

// SHA-3 MCT, standard and alternate (draft-celi-acvp-sha3 6.2.1).
static int mct_sha3(cce_hash_alg alg, int alternate, const json_t *t, json_t *rt) {
  uint64_t seed_bits;
  uint8_t *seed = get_msg(t, &seed_bits);
  if (seed == NULL) return ACVP_ERROR;
  const size_t dl = cce_hash_digest_len(alg);
  size_t seed_len = (size_t)((seed_bits + 7) / 8);
  size_t cap = seed_len > dl ? seed_len : dl;
  uint8_t *prev = malloc(cap + 1), *msg = malloc(cap + 1);
  uint8_t md[MAX_MD];
  int rc = ACVP_OK;
  if (prev == NULL || msg == NULL) {
    acvp_set_reason("out of memory");
    rc = ACVP_ERROR;
    goto out;
  }
  json_t *results = json_array();
  json_object_set_new(rt, "resultsArray", results);
  memcpy(prev, seed, seed_len);
  uint64_t prev_bits = seed_bits;
  for (int j = 0; j < MCT_OUTER && rc == ACVP_OK; j++) {
    for (int i = 0; i < MCT_INNER; i++) {
      if (alternate) {
        const uint8_t *parts[1] = {prev};
        const size_t lens[1] = {(size_t)((prev_bits + 7) / 8)};
        fit_bits(msg, seed_bits, parts, lens, 1);
        rc = hash_bits(alg, msg, seed_bits, md, dl);
      } else {
        rc = hash_bits(alg, prev, prev_bits, md, dl);
      }
      if (rc != ACVP_OK) break;
      memcpy(prev, md, dl);
      prev_bits = 8 * (uint64_t)dl;
    }
    if (rc != ACVP_OK) break;
    results_entry(results, md, dl);
  }
out:
  free(prev);
  free(msg);
  free(seed);
  return rc;
}

// SHAKE MCT (draft-celi-acvp-sha3 6.2.2): the output length of each step is
// taken from the rightmost 16 bits of the previous output.
static int mct_shake(cce_hash_alg alg, const json_t *group, const json_t *t, json_t *rt) {
  uint64_t min_bits, max_bits, seed_bits;
  if (get_outlen(group, "minOutLen", &min_bits) != 0 || get_outlen(group, "maxOutLen", &max_bits) != 0)
    return ACVP_ERROR;
  const size_t min_b = (size_t)(min_bits / 8), max_b = (size_t)(max_bits / 8);
  if (min_b < 2 || max_b < min_b) {
    acvp_set_reason("minOutLen %llu / maxOutLen %llu unusable", (unsigned long long)min_bits,
                    (unsigned long long)max_bits);
    return ACVP_ERROR;
  }
  uint8_t *seed = get_msg(t, &seed_bits);
  if (seed == NULL) return ACVP_ERROR;
  const size_t range = max_b - min_b + 1;
  uint8_t *md = malloc(max_b);
  int rc = ACVP_OK;
  if (md == NULL) {
    free(seed);
    acvp_set_reason("out of memory");
    return ACVP_ERROR;
  }
  // MD[0] = SEED.
  size_t seed_len = (size_t)((seed_bits + 7) / 8);
  size_t md_len = seed_len < max_b ? seed_len : max_b;
  memcpy(md, seed, md_len);
  size_t out_b = max_b;
  json_t *results = json_array();
  for (int j = 0; j < MCT_OUTER && rc == ACVP_OK; j++) {
    for (int i = 0; i < MCT_INNER; i++) {
      uint8_t msg[16] = {0};  // the 128 leftmost bits of MD[i-1], zero-padded
      memcpy(msg, md, md_len < 16 ? md_len : 16);
      cce_status st = cce_hash(alg, md, out_b, msg, sizeof msg);
      if (st != CCE_OK) {
        rc = bad_status("cce_hash", st);
        break;
      }
      md_len = out_b;
      unsigned tail = (unsigned)md[md_len - 2] << 8 | md[md_len - 1];
      out_b = min_b + tail % range;
    }
    if (rc != ACVP_OK) break;
    json_t *e = results_entry(results, md, md_len);
    json_object_set_new(e, "outLen", json_integer((json_int_t)(8 * md_len)));
  }
  json_object_set_new(rt, "resultsArray", results);
  // The NIST expected answers carry a test-level "outLen": 0 beside the
  // resultsArray; answer it the same way.
  json_object_set_new(rt, "outLen", json_integer(0));
  free(md);
  free(seed);
  return rc;
}

static int do_mct(cce_hash_alg alg, const json_t *group, json_t *rg) {
  const json_t *v = json_object_get(group, "mctVersion");
  const char *version = json_is_string(v) ? json_string_value(v) : "standard";
  int alternate;
  if (strcmp(version, "standard") == 0) {
    alternate = 0;
  } else if (strcmp(version, "alternate") == 0) {
    alternate = 1;
  } else {
    acvp_set_reason("unknown mctVersion \"%s\"", version);
    return ACVP_UNSUPPORTED;
  }
  const json_t *tests = json_object_get(group, "tests");
  size_t i;
  const json_t *t;
  json_array_foreach(tests, i, t) {
    json_t *rt = acvp_add_test(rg, t);
    int rc;
    if (is_xof(alg))
      rc = alternate ? (acvp_set_reason("SHAKE has no alternate MCT"), ACVP_UNSUPPORTED)
                     : mct_shake(alg, group, t, rt);
    else if (is_sha3(alg))
      rc = mct_sha3(alg, alternate, t, rt);
    else
      rc = mct_sha2(alg, alternate, t, rt);
    if (rc != ACVP_OK) return rc;  // UNSUPPORTED: the whole group (MCT is all or nothing)
  }
  return ACVP_OK;
}

// ---------------------------------------------------------------------------
// LDT.

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t gcd_size(size_t a, size_t b) {
  while (b != 0) {
    size_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// Maps `total` bytes of virtual memory that read as `chunk` (chunk_len bytes,
// a multiple of the page size) repeated: one memfd holding the chunk, mapped
// again and again. Returns NULL if the system refuses.
static uint8_t *alias_map(const uint8_t *chunk, size_t chunk_len, size_t total, size_t *map_len) {
  size_t nseg = (total + chunk_len - 1) / chunk_len;
  if (nseg == 0 || nseg > 30000) return NULL;  // stay far below vm.max_map_count
  int fd = memfd_create("cce-acvp-ldt", MFD_CLOEXEC);
  if (fd < 0) return NULL;
  uint8_t *base = NULL;
  if (ftruncate(fd, (off_t)chunk_len) != 0) goto fail;
  for (size_t off = 0; off < chunk_len;) {
    ssize_t w = pwrite(fd, chunk + off, chunk_len - off, (off_t)off);
    if (w <= 0) goto fail;
    off += (size_t)w;
  }
  *map_len = nseg * chunk_len;
  base = mmap(NULL, *map_len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) {
    base = NULL;
    goto fail;
  }
  for (size_t s = 0; s < nseg; s++) {
    void *p = mmap(base + s * chunk_len, chunk_len, PROT_READ, MAP_SHARED | MAP_FIXED | MAP_POPULATE, fd, 0);
    if (p == MAP_FAILED) {
      munmap(base, *map_len);
      base = NULL;
      goto fail;
    }
  }
  close(fd);
  return base;
fail:
  close(fd);
  return NULL;
}

// Hashes the message made of the byte string `period` (plen bytes) repeated
// up to `full_bytes` bytes, then `rbits` more bits (the leading bits of the
// next byte of the repetition). The whole message goes through ONE
// cce_hash_update, as the ACVP LDT asks of an init/update/final interface:
// the repetition is laid out in virtual memory by mapping one small memfd
// many times (a few MiB of RAM for an 8 GiB message). If the system refuses
// the mappings (or CCE_ACVP_LDT=stream), the message is streamed in 2 MiB
// updates instead.
static int ldt_hash(cce_hash_alg alg, const uint8_t *period, size_t plen, uint64_t full_bytes, unsigned rbits,
                    uint8_t *out, size_t out_len, const char **how) {
  if (full_bytes > SIZE_MAX / 2) {
    acvp_set_reason("LDT of %llu bytes exceeds the address space", (unsigned long long)full_bytes);
    return ACVP_UNSUPPORTED;
  }
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t unit = plen / gcd_size(plen, page) * page;  // lcm(plen, page)
  size_t chunk_len = unit * ((((size_t)2 << 20) + unit - 1) / unit);
  uint8_t *chunk = malloc(chunk_len);
  if (chunk == NULL) {
    acvp_set_reason("out of memory");
    return ACVP_ERROR;
  }
  for (size_t off = 0; off < chunk_len; off += plen) memcpy(chunk + off, period, plen);

  cce_hash_ctx c;
  cce_status st = cce_hash_init(&c, alg);
  if (st != CCE_OK) {
    free(chunk);
    return bad_status("cce_hash_init", st);
  }
  const char *mode = getenv("CCE_ACVP_LDT");
  size_t map_len = 0;
  uint8_t *big = NULL;
  if (full_bytes > 0 && !(mode != NULL && strcmp(mode, "stream") == 0))
    big = alias_map(chunk, chunk_len, (size_t)full_bytes, &map_len);
  if (big != NULL) {
    *how = "one update";
    st = cce_hash_update(&c, big, (size_t)full_bytes);
    munmap(big, map_len);
  } else {
    *how = "streamed";
    uint64_t left = full_bytes;
    while (st == CCE_OK && left > 0) {
      size_t n = left < chunk_len ? (size_t)left : chunk_len;
      st = cce_hash_update(&c, chunk, n);
      left -= n;
    }
  }
  if (st != CCE_OK) {
    cce_hash_cleanup(&c);
    free(chunk);
    return bad_status("cce_hash_update", st);
  }
  if (rbits != 0)
    st = cce_hash_final_bits(&c, period[full_bytes % plen], rbits, out, out_len);
  else
    st = cce_hash_final(&c, out, out_len);
  cce_hash_cleanup(&c);
  free(chunk);
  return st == CCE_OK ? ACVP_OK : bad_status("cce_hash_final", st);
}

static int do_ldt(cce_hash_alg alg, const json_t *group, json_t *rg) {
  const char *skip = getenv("CCE_ACVP_SKIP_LDT");
  if (skip != NULL && skip[0] != '\0' && strcmp(skip, "0") != 0) {
    acvp_set_reason("large-data test skipped on request (CCE_ACVP_SKIP_LDT is set)");
    return ACVP_UNSUPPORTED;
  }
  if (is_xof(alg)) {
    acvp_set_reason("LDT is not defined for SHAKE");
    return ACVP_UNSUPPORTED;
  }
  const size_t dl = cce_hash_digest_len(alg);
  const json_t *tests = json_object_get(group, "tests");
  size_t i;
  const json_t *t;
  json_array_foreach(tests, i, t) {
    const json_t *lm = json_object_get(t, "largeMsg");
    long long clen, flen;
    if (!json_is_object(lm)) {
      acvp_set_reason("tcId %lld: largeMsg missing", (long long)json_integer_value(json_object_get(t, "tcId")));
      return ACVP_ERROR;
    }
    const char *tech = acvp_str(lm, "expansionTechnique");
    if (tech == NULL || acvp_int(lm, "contentLength", &clen) != 0 || acvp_int(lm, "fullLength", &flen) != 0)
      return ACVP_ERROR;
    if (strcmp(tech, "repeating") != 0) {
      acvp_set_reason("expansionTechnique \"%s\" not implemented", tech);
      return ACVP_UNSUPPORTED;
    }
    size_t content_len;
    uint8_t *content = acvp_hex(lm, "content", &content_len);
    if (content == NULL) return ACVP_ERROR;
    if (clen <= 0 || (uint64_t)clen > 8 * (uint64_t)content_len || flen < 0) {
      free(content);
      acvp_set_reason("largeMsg: contentLength %lld / fullLength %lld inconsistent", clen, flen);
      return ACVP_ERROR;
    }
    // The expanded bit string repeats with a period of `clen` bytes (8*clen
    // bits is a multiple of both clen and 8): lay out one period as bytes.
    size_t plen = clen % 8 == 0 ? (size_t)clen / 8 : (size_t)clen;
    uint8_t *period = calloc(plen, 1);
    if (period == NULL) {
      free(content);
      acvp_set_reason("out of memory");
      return ACVP_ERROR;
    }
    for (uint64_t bit = 0; bit < 8 * (uint64_t)plen; bit++) {
      uint64_t src = bit % (uint64_t)clen;
      unsigned v = (content[src / 8] >> (7 - src % 8)) & 1;
      period[bit / 8] |= (uint8_t)(v << (7 - bit % 8));
    }
    free(content);
    const char *cap = getenv("CCE_ACVP_LDT_MAX_GIB");
    if (cap != NULL && cap[0] != '\0' && (double)flen / 8 > atof(cap) * (double)(1u << 30)) {
      free(period);
      char why[160];
      snprintf(why, sizeof why, "large-data test of %.2f GiB above CCE_ACVP_LDT_MAX_GIB=%s (not run)",
               (double)flen / 8 / (1u << 30), cap);
      test_unsupported(acvp_add_test(rg, t), why);
      continue;
    }
    uint8_t md[MAX_MD];
    const char *how = "";
    double t0 = now_s();
    int rc = ldt_hash(alg, period, plen, (uint64_t)flen / 8, (unsigned)(flen % 8), md, dl, &how);
    double dt = now_s() - t0;
    free(period);
    json_t *rt = acvp_add_test(rg, t);
    if (rc == ACVP_UNSUPPORTED) {
      test_unsupported(rt, acvp_get_reason());
      continue;
    }
    if (rc != ACVP_OK) return rc;
    acvp_set_hex(rt, "md", md, dl);
    fprintf(stderr, "cce-acvp: %s LDT tcId %lld: %.2f GiB (%s) in %.2f s, %.2f GB/s\n", cce_hash_name(alg),
            (long long)json_integer_value(json_object_get(t, "tcId")), (double)flen / 8 / (1u << 30), how, dt,
            dt > 0 ? (double)flen / 8 / dt / 1e9 : 0.0);
  }
  return ACVP_OK;
}

// ---------------------------------------------------------------------------
static int sha_group(const json_t *vs, const json_t *group, json_t *rg) {
  const char *name = acvp_str(vs, "algorithm");
  const char *type = acvp_str(group, "testType");
  const char *rev = acvp_str(vs, "revision");
  if (name == NULL || type == NULL || rev == NULL) return ACVP_ERROR;
  const int left_align = strcmp(rev, "FIPS202") == 0;
  cce_hash_alg alg = cce_hash_from_name(name);
  if (alg == CCE_HASH_NONE) {
    acvp_set_reason("hash \"%s\" not implemented", name);
    return ACVP_UNSUPPORTED;
  }
  if (strcmp(type, "AFT") == 0) return do_aft(alg, left_align, group, rg);
  if (strcmp(type, "VOT") == 0) {
    if (!is_xof(alg)) {
      acvp_set_reason("VOT applies to SHAKE only");
      return ACVP_UNSUPPORTED;
    }
    return do_aft(alg, left_align, group, rg);
  }
  if (strcmp(type, "MCT") == 0) return do_mct(alg, group, rg);
  if (strcmp(type, "LDT") == 0) return do_ldt(alg, group, rg);
  acvp_set_reason("testType \"%s\" not implemented", type);
  return ACVP_UNSUPPORTED;
}

const acvp_handler acvp_handlers_sha[] = {
    {"SHA-1", NULL, "1.0", sha_group},
    {"SHA2-224", NULL, "1.0", sha_group},
    {"SHA2-256", NULL, "1.0", sha_group},
    {"SHA2-384", NULL, "1.0", sha_group},
    {"SHA2-512", NULL, "1.0", sha_group},
    {"SHA2-512/224", NULL, "1.0", sha_group},
    {"SHA2-512/256", NULL, "1.0", sha_group},
    {"SHA3-224", NULL, "2.0", sha_group},
    {"SHA3-256", NULL, "2.0", sha_group},
    {"SHA3-384", NULL, "2.0", sha_group},
    {"SHA3-512", NULL, "2.0", sha_group},
    {"SHA3-224", NULL, "1.0", sha_group},
    {"SHA3-256", NULL, "1.0", sha_group},
    {"SHA3-384", NULL, "1.0", sha_group},
    {"SHA3-512", NULL, "1.0", sha_group},
    {"SHAKE-128", NULL, "1.0", sha_group},
    {"SHAKE-256", NULL, "1.0", sha_group},
    {"SHAKE-128", NULL, "FIPS202", sha_group},
    {"SHAKE-256", NULL, "FIPS202", sha_group},
    {NULL, NULL, NULL, NULL},
};
