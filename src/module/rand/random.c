// The DRBG services (see drbg.h) and cce_random (see rand.h).
//
// cce_random: one CTR_DRBG AES-256 (with derivation function) per thread in
// a _Thread_local block, so the hot path takes no lock: gate check, fork
// check, generate. Fork safety: a process-wide fork generation counter,
// bumped in the child by a pthread_atfork handler, and a page mapped with
// MADV_WIPEONFORK whose marker word reads 0 in a child created without the
// atfork handlers (raw clone); either makes the thread reseed from the
// entropy source (with its pid in the additional input) before its next
// output. Thread exit: a pthread key destructor wipes the thread's state;
// the library destructor wipes the state of the thread that runs exit().

#include <pthread.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "cce/drbg.h"
#include "cce/rand.h"
#include "internal.h"

// ===========================================================================
// DRBG instances (drbg.h)

typedef struct drbg_state {
  uint32_t magic;
  uint32_t mech;
  uint32_t flags;
  uint32_t strength;     // bits
  uint32_t seed_len;     // bytes (CTR: keylen + 16)
  uint32_t from_source;  // seeded from the entropy source: may reseed itself
  uint64_t reseed_counter;
  uint64_t reseed_interval;
  union {
    cce_ctr_drbg ctr;
    cce_hash_drbg hash;
    cce_hmac_drbg hmac;
  } u;
} drbg_state;

_Static_assert(sizeof(drbg_state) <= sizeof(cce_drbg_ctx), "cce_drbg_ctx too small");
_Static_assert(_Alignof(drbg_state) <= 64, "cce_drbg_ctx alignment too small");

static drbg_state *state_of(cce_drbg_ctx *ctx) { return (drbg_state *)(void *)ctx->opaque_; }

static int is_ctr(uint32_t mech) { return mech >= CCE_DRBG_CTR_AES128 && mech <= CCE_DRBG_CTR_AES256; }

// Self-tests the mechanism relies on.
static cce_status gate(const cce_drbg_config *cfg, const cce_hash_desc *d) {
  cce_status z = cce_svc_check(CCE_ST_DRBG_ZEROIZE);  // the wipe is proven before first use
  if (z != CCE_OK) return z;
  if (is_ctr(cfg->mech)) return cce_svc_check2(CCE_ST_AES_ECB_ENC, CCE_ST_CTR_DRBG);
  cce_status s = cce_svc_check(d->selftest);
  if (s != CCE_OK) return s;
  if (cfg->mech == CCE_DRBG_HASH) return cce_svc_check(CCE_ST_HASH_DRBG);
  return cce_svc_check2(CCE_ST_HMAC, CCE_ST_HMAC_DRBG);
}

// Validates `cfg`; fills the mechanism's parameters.
static cce_status check_config(const cce_drbg_config *cfg, const cce_hash_desc **d_out, unsigned *strength,
                               size_t *seed_len) {
  *d_out = NULL;
  if (cfg->flags & ~(CCE_DRBG_NO_DF | CCE_DRBG_PREDICTION_RESISTANCE)) return CCE_ERR_INVALID_ARG;
  if (is_ctr(cfg->mech)) {
    if (cfg->hash != CCE_HASH_NONE) return CCE_ERR_INVALID_ARG;
    unsigned ctr_len = cfg->ctr_len == 0 ? 128 : cfg->ctr_len;
    if (ctr_len < 4 || ctr_len > 128) return CCE_ERR_INVALID_ARG;
    size_t key_len = 8 + 8 * (size_t)cfg->mech;  // 16, 24, 32
    *strength = (unsigned)(key_len * 8);
    *seed_len = key_len + 16;
    return CCE_OK;
  }
  if (cfg->mech != CCE_DRBG_HASH && cfg->mech != CCE_DRBG_HMAC) return CCE_ERR_INVALID_ARG;
  if (cfg->flags & CCE_DRBG_NO_DF) return CCE_ERR_INVALID_ARG;
  if (cfg->ctr_len != 0) return CCE_ERR_INVALID_ARG;
  if (cfg->hash == CCE_HASH_SHAKE128 || cfg->hash == CCE_HASH_SHAKE256) return CCE_ERR_INVALID_ARG;
  const cce_hash_desc *d = cce_hash_desc_get(cfg->hash);
  if (d == NULL || d->digest_len == 0) return CCE_ERR_INVALID_ARG;
  *d_out = d;
  *strength = cce_drbg_hash_strength(d);
  *seed_len = cfg->mech == CCE_DRBG_HASH ? cce_hash_drbg_seedlen(d) : d->digest_len;
  return CCE_OK;
}

static int no_df(const drbg_state *s) { return is_ctr(s->mech) && (s->flags & CCE_DRBG_NO_DF); }

// Length rules for entropy input and additional input of a live instance.
static cce_status check_entropy_len(const drbg_state *s, size_t entropy_len) {
  if (no_df(s)) return entropy_len == s->seed_len ? CCE_OK : CCE_ERR_INVALID_LENGTH;
  if (entropy_len * 8 < s->strength || entropy_len > CCE_DRBG_MAX_INPUT_BYTES) return CCE_ERR_INVALID_LENGTH;
  return CCE_OK;
}
static cce_status check_input_len(const drbg_state *s, size_t len) {
  if (no_df(s)) return len <= s->seed_len ? CCE_OK : CCE_ERR_INVALID_LENGTH;
  return len <= CCE_DRBG_MAX_INPUT_BYTES ? CCE_OK : CCE_ERR_INVALID_LENGTH;
}

static cce_status mech_instantiate(drbg_state *s, const cce_drbg_config *cfg, const cce_hash_desc *d,
                                   const uint8_t *entropy, size_t entropy_len, const uint8_t *nonce,
                                   size_t nonce_len, const uint8_t *perso, size_t perso_len) {
  cce_status st = CCE_OK;
  if (is_ctr(cfg->mech)) {
    st = cce_ctr_drbg_instantiate_impl(&s->u.ctr, s->seed_len - 16, !(cfg->flags & CCE_DRBG_NO_DF),
                                       cfg->ctr_len == 0 ? 128 : cfg->ctr_len, entropy, entropy_len, nonce,
                                       nonce_len, perso, perso_len);
  } else if (cfg->mech == CCE_DRBG_HASH) {
    cce_hash_drbg_instantiate_impl(&s->u.hash, d, entropy, entropy_len, nonce, nonce_len, perso, perso_len);
  } else {
    cce_hmac_drbg_instantiate_impl(&s->u.hmac, d, entropy, entropy_len, nonce, nonce_len, perso, perso_len);
  }
  s->reseed_counter = 1;
  return st;
}

static cce_status mech_reseed(drbg_state *s, const uint8_t *entropy, size_t entropy_len, const uint8_t *addl,
                              size_t addl_len) {
  cce_status st = CCE_OK;
  if (is_ctr(s->mech)) {
    st = cce_ctr_drbg_reseed_impl(&s->u.ctr, entropy, entropy_len, addl, addl_len);
  } else if (s->mech == CCE_DRBG_HASH) {
    cce_hash_drbg_reseed_impl(&s->u.hash, entropy, entropy_len, addl, addl_len);
  } else {
    cce_hmac_drbg_reseed_impl(&s->u.hmac, entropy, entropy_len, addl, addl_len);
  }
  s->reseed_counter = 1;
  return st;
}

static void mech_generate(drbg_state *s, uint8_t *out, size_t out_len, const uint8_t *addl, size_t addl_len) {
  if (is_ctr(s->mech)) {
    cce_ctr_drbg_generate_impl(&s->u.ctr, out, out_len, addl, addl_len);
  } else if (s->mech == CCE_DRBG_HASH) {
    cce_hash_drbg_generate_impl(&s->u.hash, s->reseed_counter, out, out_len, addl, addl_len);
  } else {
    cce_hmac_drbg_generate_impl(&s->u.hmac, out, out_len, addl, addl_len);
  }
  s->reseed_counter++;
}

// Reseed from the entropy source (entropy input of the security strength,
// health-tested raw samples; full-entropy conditioned output without df).
static cce_status reseed_from_source(drbg_state *s, const uint8_t *addl, size_t addl_len) {
  cce_status st = cce_svc_check(CCE_ST_ENTROPY);
  if (st != CCE_OK) return st;
  uint8_t ent[128];
  size_t ent_len;
  if (no_df(s)) {
    ent_len = s->seed_len;
    st = cce_entropy_get_full_impl(ent, ent_len);
  } else {
    ent_len = cce_entropy_samples_for(s->strength);
    st = cce_entropy_get_impl(ent, ent_len);
  }
  if (st == CCE_OK) st = mech_reseed(s, ent, ent_len, addl, addl_len);
  cce_wipe(ent, sizeof ent);
  return st;
}

static cce_status live_state(cce_drbg_ctx *ctx, drbg_state **out) {
  if (ctx == NULL) return CCE_ERR_NULL_POINTER;
  drbg_state *s = state_of(ctx);
  if (s->magic != CCE_CTX_LIVE) return CCE_ERR_CTX_STATE;
  *out = s;
  return CCE_OK;
}

// Gate for a live instance.
static cce_status gate_live(const drbg_state *s) {
  cce_drbg_config cfg = {(cce_drbg_mech)s->mech, CCE_HASH_NONE, s->flags, 0};
  const cce_hash_desc *d = NULL;
  if (!is_ctr(s->mech)) d = s->mech == CCE_DRBG_HASH ? s->u.hash.d : s->u.hmac.d;
  return gate(&cfg, d);
}

// see drbg.h
cce_status cce_drbg_instantiate(cce_drbg_ctx *ctx, const cce_drbg_config *cfg, const uint8_t *entropy,
                                size_t entropy_len, const uint8_t *nonce, size_t nonce_len, const uint8_t *perso,
                                size_t perso_len) {
  cce_status st = CCE_ERR_NULL_POINTER;
  const cce_hash_desc *d;
  unsigned strength = 0;
  size_t seed_len = 0;
  if (ctx == NULL || cfg == NULL || entropy == NULL || (nonce == NULL && nonce_len > 0) ||
      (perso == NULL && perso_len > 0))
    goto out;
  cce_wipe(ctx, sizeof *ctx);
  st = check_config(cfg, &d, &strength, &seed_len);
  if (st != CCE_OK) goto out;
  st = gate(cfg, d);
  if (st != CCE_OK) goto out;
  drbg_state *s = state_of(ctx);
  s->mech = (uint32_t)cfg->mech;
  s->flags = cfg->flags;
  s->strength = strength;
  s->seed_len = (uint32_t)seed_len;
  st = check_entropy_len(s, entropy_len);
  if (st == CCE_OK) st = check_input_len(s, perso_len);
  // nonce (8.6.7): at least half the security strength, unless the entropy
  // input carries 3/2 of it; not used without derivation function
  if (st == CCE_OK && !no_df(s)) {
    if (nonce_len > CCE_DRBG_MAX_INPUT_BYTES ||
        (nonce_len * 8 < strength / 2 && entropy_len * 8 < (size_t)strength * 3 / 2))
      st = CCE_ERR_INVALID_LENGTH;
  }
  if (st == CCE_OK) st = mech_instantiate(s, cfg, d, entropy, entropy_len, nonce, nonce_len, perso, perso_len);
  if (st == CCE_OK) {
    s->reseed_interval = CCE_DRBG_MAX_RESEED_INTERVAL;
    s->magic = CCE_CTX_LIVE;
  } else {
    cce_wipe(ctx, sizeof *ctx);
  }
out:
  return cce_indicate(st, 1);
}

// see drbg.h
cce_status cce_drbg_instantiate_seeded(cce_drbg_ctx *ctx, const cce_drbg_config *cfg, const uint8_t *perso,
                                       size_t perso_len) {
  cce_status st = CCE_ERR_NULL_POINTER;
  const cce_hash_desc *d;
  unsigned strength = 0;
  size_t seed_len = 0;
  uint8_t ent[128], nonce[64];
  size_t ent_len = 0, nonce_len = 0;
  if (ctx == NULL || cfg == NULL || (perso == NULL && perso_len > 0)) goto out;
  cce_wipe(ctx, sizeof *ctx);
  st = check_config(cfg, &d, &strength, &seed_len);
  if (st != CCE_OK) goto out;
  st = gate(cfg, d);
  if (st == CCE_OK) st = cce_svc_check(CCE_ST_ENTROPY);
  if (st != CCE_OK) goto out;
  drbg_state *s = state_of(ctx);
  s->mech = (uint32_t)cfg->mech;
  s->flags = cfg->flags;
  s->strength = strength;
  s->seed_len = (uint32_t)seed_len;
  st = check_input_len(s, perso_len);
  if (st != CCE_OK) goto fail;
  if (no_df(s)) {
    ent_len = seed_len;
    st = cce_entropy_get_full_impl(ent, ent_len);
  } else {
    ent_len = cce_entropy_samples_for(strength);
    nonce_len = cce_entropy_samples_for(strength / 2);
    st = cce_entropy_get_impl(ent, ent_len);
    if (st == CCE_OK) st = cce_entropy_get_impl(nonce, nonce_len);
  }
  if (st == CCE_OK) st = mech_instantiate(s, cfg, d, ent, ent_len, nonce, nonce_len, perso, perso_len);
fail:
  if (st == CCE_OK) {
    s->reseed_interval = CCE_DRBG_MAX_RESEED_INTERVAL;
    s->from_source = 1;
    s->magic = CCE_CTX_LIVE;
  } else {
    cce_wipe(ctx, sizeof *ctx);
  }
out:
  cce_wipe(ent, sizeof ent);
  cce_wipe(nonce, sizeof nonce);
  return cce_indicate(st, 1);
}

// see drbg.h
cce_status cce_drbg_reseed(cce_drbg_ctx *ctx, const uint8_t *entropy, size_t entropy_len, const uint8_t *addl,
                           size_t addl_len) {
  drbg_state *s = NULL;
  cce_status st = live_state(ctx, &s);
  if (st != CCE_OK) goto out;
  st = CCE_ERR_NULL_POINTER;
  if ((entropy == NULL && entropy_len > 0) || (addl == NULL && addl_len > 0)) goto out;
  st = gate_live(s);
  if (st != CCE_OK) goto out;
  st = check_input_len(s, addl_len);
  if (st != CCE_OK) goto out;
  if (entropy == NULL) {
    st = reseed_from_source(s, addl, addl_len);
  } else {
    st = check_entropy_len(s, entropy_len);
    if (st == CCE_OK) st = mech_reseed(s, entropy, entropy_len, addl, addl_len);
  }
out:
  return cce_indicate(st, 1);
}

// Generate with optional prediction resistance (9.3.1).
static cce_status generate(cce_drbg_ctx *ctx, uint8_t *out, size_t out_len, int pr, const uint8_t *entropy,
                           size_t entropy_len, const uint8_t *addl, size_t addl_len) {
  drbg_state *s = NULL;
  cce_status st = CCE_ERR_NULL_POINTER;
  if (out == NULL && out_len > 0) goto out;
  st = live_state(ctx, &s);
  if (st != CCE_OK) goto fail;
  st = CCE_ERR_NULL_POINTER;
  if ((entropy == NULL && entropy_len > 0) || (addl == NULL && addl_len > 0)) goto fail;
  st = CCE_ERR_INVALID_LENGTH;
  if (out_len > CCE_DRBG_MAX_REQUEST_BYTES) goto fail;
  st = check_input_len(s, addl_len);
  if (st != CCE_OK) goto fail;
  st = CCE_ERR_INVALID_ARG;
  if (pr && !(s->flags & CCE_DRBG_PREDICTION_RESISTANCE)) goto fail;
  st = gate_live(s);
  if (st != CCE_OK) goto fail;
  if (pr || s->reseed_counter > s->reseed_interval) {
    // step 7: reseed with the additional input, which is then used up
    if (pr && entropy != NULL) {
      st = check_entropy_len(s, entropy_len);
      if (st == CCE_OK) st = mech_reseed(s, entropy, entropy_len, addl, addl_len);
    } else if (s->from_source || pr) {
      st = reseed_from_source(s, addl, addl_len);
    } else {
      st = CCE_ERR_LIMIT_REACHED;  // caller-seeded: the caller must reseed
    }
    if (st != CCE_OK) goto fail;
    addl = NULL;
    addl_len = 0;
  }
  mech_generate(s, out, out_len, addl, addl_len);
  goto out;
fail:
  if (out != NULL) cce_wipe(out, out_len);
out:
  return cce_indicate(st, 1);
}

// see drbg.h
cce_status cce_drbg_generate(cce_drbg_ctx *ctx, uint8_t *out, size_t out_len, const uint8_t *addl,
                             size_t addl_len) {
  return generate(ctx, out, out_len, 0, NULL, 0, addl, addl_len);
}

// see drbg.h
cce_status cce_drbg_generate_pr(cce_drbg_ctx *ctx, uint8_t *out, size_t out_len, const uint8_t *entropy,
                                size_t entropy_len, const uint8_t *addl, size_t addl_len) {
  return generate(ctx, out, out_len, 1, entropy, entropy_len, addl, addl_len);
}

// see drbg.h
cce_status cce_drbg_set_reseed_interval(cce_drbg_ctx *ctx, uint64_t interval) {
  drbg_state *s = NULL;
  cce_status st = live_state(ctx, &s);
  if (st == CCE_OK && (interval == 0 || interval > CCE_DRBG_MAX_RESEED_INTERVAL)) st = CCE_ERR_INVALID_ARG;
  if (st == CCE_OK) s->reseed_interval = interval;
  return cce_indicate(st, 1);
}

// see drbg.h
unsigned cce_drbg_security_strength(const cce_drbg_ctx *ctx) {
  if (ctx == NULL) return 0;
  const drbg_state *s = (const drbg_state *)(const void *)ctx->opaque_;
  return s->magic == CCE_CTX_LIVE ? s->strength : 0;
}

// see drbg.h
void cce_drbg_uninstantiate(cce_drbg_ctx *ctx) {
  if (ctx != NULL) cce_wipe(ctx, sizeof *ctx);
}

// ===========================================================================
// cce_random (rand.h)

typedef struct rand_tls {
  cce_ctr_drbg drbg;
  uint64_t fork_gen;        // fork generation the state was (re)seeded in
  uint64_t reseed_counter;  // generate calls since the last (re)seed, from 1
  uint32_t seeded;
} rand_tls;

static _Thread_local rand_tls tls_rand;

static pthread_once_t rand_once = PTHREAD_ONCE_INIT;
static pthread_key_t rand_key;
static int rand_key_ok;
static _Atomic uint64_t fork_gen = 1;
static _Atomic(_Atomic uint64_t *) fork_page;  // MADV_WIPEONFORK marker, or NULL

static void rand_thread_exit(void *p) { cce_wipe(p, sizeof(rand_tls)); }

static void rand_atfork_child(void) { atomic_fetch_add_explicit(&fork_gen, 1, memory_order_relaxed); }

static void rand_init_once(void) {
  rand_key_ok = pthread_key_create(&rand_key, rand_thread_exit) == 0;
  (void)pthread_atfork(NULL, NULL, rand_atfork_child);
#ifdef MADV_WIPEONFORK
  long pg = sysconf(_SC_PAGESIZE);
  size_t page = pg > 0 ? (size_t)pg : 4096;
  void *p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p != MAP_FAILED) {
    if (madvise(p, page, MADV_WIPEONFORK) == 0) {
      _Atomic uint64_t *m = (_Atomic uint64_t *)p;
      atomic_store_explicit(m, 1, memory_order_relaxed);
      atomic_store_explicit(&fork_page, m, memory_order_release);
    } else {
      munmap(p, page);
    }
  }
#endif
}

__attribute__((destructor)) static void rand_fini(void) {
  rand_tls *t = &tls_rand;
  if (t->seeded) cce_wipe(t, sizeof *t);
}

// Current fork generation. A zero marker on the wipe-on-fork page means this
// is a child that the atfork handler did not see.
static inline uint64_t current_gen(void) {
  _Atomic uint64_t *m = atomic_load_explicit(&fork_page, memory_order_acquire);
  if (CCE_UNLIKELY(m != NULL && atomic_load_explicit(m, memory_order_relaxed) == 0)) {
    atomic_store_explicit(m, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&fork_gen, 1, memory_order_relaxed);
  }
  return atomic_load_explicit(&fork_gen, memory_order_relaxed);
}

// Personalization / additional input that differs per process, thread and
// moment (not credited with entropy), plus RDSEED/RDRAND output if present.
static size_t rand_extra(uint8_t *buf, size_t cap, const rand_tls *t, uint64_t gen) {
  struct timespec ts;
  size_t n = 0;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  cce_store64_le(buf + n, (uint64_t)getpid()); n += 8;
  cce_store64_le(buf + n, (uint64_t)(uintptr_t)t); n += 8;
  cce_store64_le(buf + n, gen); n += 8;
  cce_store64_le(buf + n, (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec); n += 8;
  n += cce_entropy_extra_impl(buf + n, cap - n);
  return n;
}

// Seeds (first use) or reseeds (interval used up, or after a fork).
static cce_status rand_seed(rand_tls *t, uint64_t gen) {
  uint8_t ent[64], nonce[32], extra[64];
  pthread_once(&rand_once, rand_init_once);
  _Static_assert(sizeof ent >= (256 + CCE_ENTROPY_H_BITS - 1) / CCE_ENTROPY_H_BITS, "entropy buffer");
  size_t ent_len = cce_entropy_samples_for(256);
  size_t extra_len = rand_extra(extra, sizeof extra, t, gen);
  cce_status st = cce_entropy_get_impl(ent, ent_len);
  if (st == CCE_OK) {
    if (!t->seeded) {
      size_t nonce_len = cce_entropy_samples_for(128);
      st = cce_entropy_get_impl(nonce, nonce_len);
      if (st == CCE_OK)
        st = cce_ctr_drbg_instantiate_impl(&t->drbg, 32, 1, 128, ent, ent_len, nonce, nonce_len, extra, extra_len);
      if (st == CCE_OK && rand_key_ok) (void)pthread_setspecific(rand_key, t);
    } else {
      st = cce_ctr_drbg_reseed_impl(&t->drbg, ent, ent_len, extra, extra_len);
    }
  }
  if (st == CCE_OK) {
    t->seeded = 1;
    t->fork_gen = gen;
    t->reseed_counter = 1;
  } else {
    cce_wipe(t, sizeof *t);
  }
  cce_wipe(ent, sizeof ent);
  cce_wipe(nonce, sizeof nonce);
  cce_wipe(extra, sizeof extra);
  return st;
}

cce_status cce_random_impl(uint8_t *out, size_t len) {
  cce_status st = cce_svc_check2(CCE_ST_ENTROPY, CCE_ST_CTR_DRBG);
  if (st == CCE_OK) st = cce_svc_check(CCE_ST_DRBG_ZEROIZE);
  if (CCE_UNLIKELY(st != CCE_OK)) goto fail;
  rand_tls *t = &tls_rand;
  size_t done = 0;
  while (done < len) {
    uint64_t gen = current_gen();
    if (CCE_UNLIKELY(!t->seeded || t->fork_gen != gen || t->reseed_counter > CCE_RANDOM_RESEED_INTERVAL)) {
      st = rand_seed(t, gen);
      if (st != CCE_OK) goto fail;
    }
    size_t n = len - done < CCE_DRBG_MAX_REQUEST ? len - done : CCE_DRBG_MAX_REQUEST;
    cce_ctr_drbg_generate_impl(&t->drbg, out + done, n, NULL, 0);
    t->reseed_counter++;
    done += n;
  }
  return CCE_OK;
fail:
  if (out != NULL) cce_wipe(out, len);
  return st;
}

// see rand.h
cce_status cce_random(void *out, size_t len) {
  if (out == NULL) return cce_indicate(len == 0 ? CCE_OK : CCE_ERR_NULL_POINTER, 1);
  return cce_indicate(cce_random_impl((uint8_t *)out, len), 1);
}
