// vault_cli.c: see vault_cli.h.

#include "vault_cli.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

#include "cce/rand.h"
#include "cce/util.h"
#include "cli.h"

// ===========================================================================
// Output files.

// The named temporary file (fallback path) is removed by a signal handler.
static volatile sig_atomic_t tmp_armed;
static char tmp_path_for_signal[4096];

static void on_fatal_signal(int sig) {
  if (tmp_armed) unlink(tmp_path_for_signal);
  signal(sig, SIG_DFL);
  raise(sig);
}

static void arm_signal_cleanup(const char *tmp) {
  snprintf(tmp_path_for_signal, sizeof tmp_path_for_signal, "%s", tmp);
  tmp_armed = 1;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_fatal_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  sigaction(SIGPIPE, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);  // a mapped input truncated under us
}

static char *dir_of(const char *path) {
  char *c = strdup(path);
  if (!c) return NULL;
  char *d = strdup(dirname(c));
  free(c);
  return d;
}

int vout_open(vout *o, const char *path, const char *input) {
  memset(o, 0, sizeof *o);
  o->fd = -1;
  if (!path || strcmp(path, "-") == 0) {
    o->fd = STDOUT_FILENO;
    o->is_stdout = 1;
    return 0;
  }
  if (input && strcmp(input, "-") != 0 && cli_same_file(path, input)) {
    cli_err("%s: refusing to overwrite the input file", path);
    return -1;
  }
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    cli_err("%s: is a directory", path);
    return -1;
  }
  o->path = strdup(path);
  char *dir = dir_of(path);
  if (!o->path || !dir) {
    free(dir);
    cli_err("%s: out of memory", path);
    vout_abort(o);
    return -1;
  }
  mode_t um = umask(0);
  umask(um);
#ifdef O_TMPFILE
  o->fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0666 & ~um);  // RDWR: mappable
  if (o->fd >= 0) o->anon = 1;
#endif
  if (o->fd < 0) {
    char *b = strdup(path);
    size_t n = strlen(dir) + strlen(path) + 16;
    o->tmp = malloc(n);
    if (!b || !o->tmp) {
      free(b);
      free(dir);
      cli_err("%s: out of memory", path);
      vout_abort(o);
      return -1;
    }
    snprintf(o->tmp, n, "%s/.%s.XXXXXX", dir, basename(b));
    free(b);
    o->fd = mkostemp(o->tmp, O_CLOEXEC);
    if (o->fd < 0) {
      int e = errno;
      free(o->tmp);
      o->tmp = NULL;
      free(dir);
      cli_err_errno(e, "%s", path);
      vout_abort(o);
      return -1;
    }
    if (fchmod(o->fd, 0666 & ~um) != 0) { /* 0600 is stricter: keep it */ }
    arm_signal_cleanup(o->tmp);
  }
  free(dir);
  return 0;
}

int vout_write(vout *o, const void *p, size_t len) {
  const uint8_t *b = p;
  while (len > 0) {
    ssize_t n = write(o->fd, b, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    b += n;
    len -= (size_t)n;
    o->written += (uint64_t)n;
  }
  return 0;
}

static int vout_writev(vout *o, struct iovec *iov, int cnt) {
  while (cnt > 0) {
    ssize_t n = writev(o->fd, iov, cnt > 1024 ? 1024 : cnt);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    o->written += (uint64_t)n;
    size_t left = (size_t)n;
    while (cnt > 0 && left >= iov->iov_len) {
      left -= iov->iov_len;
      iov++;
      cnt--;
    }
    if (cnt > 0) {
      iov->iov_base = (uint8_t *)iov->iov_base + left;
      iov->iov_len -= left;
    }
  }
  return 0;
}

static void fsync_dir_of(const char *path) {
  char *dir = dir_of(path);
  if (!dir) return;
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    if (fsync(fd) != 0) { /* best effort */ }
    close(fd);
  }
  free(dir);
}

int vout_commit(vout *o) {
  if (o->is_stdout) return 0;
  int e = 0;
  if (fsync(o->fd) != 0) e = errno;
  if (!e && o->anon) {
    // Link the anonymous file under a hidden temporary name, then rename it
    // over the destination (linkat cannot replace an existing file).
    char proc[64], *dir = dir_of(o->path);
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", o->fd);
    size_t n = (dir ? strlen(dir) : 0) + strlen(o->path) + 32;
    o->tmp = malloc(n);
    if (!dir || !o->tmp) e = ENOMEM;
    for (int attempt = 0; !e && attempt < 100; attempt++) {
      uint32_t r;
      if (cce_random(&r, sizeof r) != CCE_OK) r = (uint32_t)getpid() + (uint32_t)attempt;
      char *b = strdup(o->path);
      if (!b) {
        e = ENOMEM;
        break;
      }
      snprintf(o->tmp, n, "%s/.%s.%08x", dir, basename(b), (unsigned)r);
      free(b);
      if (linkat(AT_FDCWD, proc, AT_FDCWD, o->tmp, AT_SYMLINK_FOLLOW) == 0) {
        arm_signal_cleanup(o->tmp);
        break;
      }
      if (errno != EEXIST) e = errno;
      if (attempt == 99) e = EEXIST;
    }
    free(dir);
    if (e) {
      free(o->tmp);
      o->tmp = NULL;
    }
  }
  if (close(o->fd) != 0 && !e) e = errno;
  o->fd = -1;
  if (!e && rename(o->tmp, o->path) != 0) e = errno;
  if (e) {
    cli_err_errno(e, "%s", o->path);
    vout_abort(o);
    return -1;
  }
  tmp_armed = 0;
  fsync_dir_of(o->path);
  free(o->tmp);
  free(o->path);
  o->tmp = o->path = NULL;
  return 0;
}

void vout_abort(vout *o) {
  if (!o->is_stdout && o->fd >= 0) close(o->fd);
  o->fd = -1;
  if (o->tmp) unlink(o->tmp);
  tmp_armed = 0;
  free(o->tmp);
  free(o->path);
  o->tmp = o->path = NULL;
}

// ===========================================================================
// Passphrases.

static char *strip_line(char *s) {
  size_t n = strcspn(s, "\r\n");
  s[n] = 0;
  return s;
}

static char *read_tty_line(FILE *tty, const char *prompt) {
  char buf[1024];
  struct termios old, noecho;
  int fd = fileno(tty), restore = 0;
  fprintf(tty, "%s", prompt);
  fflush(tty);
  if (tcgetattr(fd, &old) == 0) {
    noecho = old;
    noecho.c_lflag &= ~(tcflag_t)ECHO;
    noecho.c_lflag |= ECHONL;
    if (tcsetattr(fd, TCSAFLUSH, &noecho) == 0) restore = 1;
  }
  char *r = fgets(buf, sizeof buf, tty);
  if (restore) tcsetattr(fd, TCSAFLUSH, &old);
  char *out = r ? strdup(strip_line(buf)) : NULL;
  cce_wipe(buf, sizeof buf);
  return out;
}

char *vault_get_passphrase(const char *file, int confirm) {
  char *pw = NULL;
  if (file) {
    uint8_t *data = NULL;
    size_t len = 0;
    int rc = cli_read_file(file, 64 * 1024, &data, &len);
    if (rc) {
      cli_err_errno(rc, "%s: cannot read the passphrase file", file);
      return NULL;
    }
    pw = malloc(len + 1);
    if (pw) {
      memcpy(pw, data, len);
      pw[len] = 0;
      strip_line(pw);
    }
    cli_free_secret(data, len ? len : 1);
  } else if (getenv("CCE_PASSPHRASE")) {
    pw = strdup(getenv("CCE_PASSPHRASE"));
  } else {
    FILE *tty = fopen("/dev/tty", "r+");
    if (!tty) {
      cli_err("no terminal to read the passphrase from: use --passphrase-file FILE or $CCE_PASSPHRASE");
      return NULL;
    }
    pw = read_tty_line(tty, "Passphrase: ");
    if (pw && confirm) {
      char *again = read_tty_line(tty, "Passphrase (again): ");
      if (!again || strcmp(again, pw) != 0) {
        cli_err("the passphrases do not match");
        if (again) cli_free_secret(again, strlen(again) + 1);
        cli_free_secret(pw, strlen(pw) + 1);
        pw = NULL;
        fclose(tty);
        return NULL;
      }
      cli_free_secret(again, strlen(again) + 1);
    }
    fclose(tty);
  }
  if (!pw) {
    cli_err("cannot read the passphrase");
    return NULL;
  }
  if (!pw[0]) {
    cli_err("empty passphrase");
    free(pw);
    return NULL;
  }
  return pw;
}

// ===========================================================================
// Small helpers.

unsigned vault_threads(const char *opt) {
  const char *s = opt ? opt : getenv("CCE_THREADS");
  long n = 0;
  if (s && *s) {
    char *end;
    n = strtol(s, &end, 10);
    if (*end) n = 0;
  }
  if (n <= 0) n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1) n = 1;
  if (n > 64) n = 64;
  return (unsigned)n;
}

void vault_fmt_size(char *buf, size_t cap, uint64_t n) {
  static const char *units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  double v = (double)n;
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    u++;
  }
  if (u == 0)
    snprintf(buf, cap, "%llu bytes", (unsigned long long)n);
  else
    snprintf(buf, cap, "%.2f %s (%llu bytes)", v, units[u], (unsigned long long)n);
}

const char *vault_stanza_name(uint8_t type, char *buf, size_t cap) {
  switch (type) {
    case CCE_VAULT_STANZA_P256: return "P-256";
    case CCE_VAULT_STANZA_P384: return "P-384";
    case CCE_VAULT_STANZA_X25519: return "X25519";
    case CCE_VAULT_STANZA_PASSPHRASE: return "passphrase";
    case CCE_VAULT_STANZA_P384_MLKEM1024: return "P-384+ML-KEM-1024";
    default: snprintf(buf, cap, "unknown type 0x%02x", type); return buf;
  }
}

const char *vault_sig_alg_name(uint8_t alg) {
  switch (alg) {
    case CCE_VAULT_SIG_ECDSA_P384: return "ECDSA P-384";
    case CCE_VAULT_SIG_ED25519: return "Ed25519";
    case CCE_VAULT_SIG_MLDSA87: return "ML-DSA-87";
    default: return "unknown";
  }
}

static ssize_t read_full(int fd, uint8_t *buf, size_t cap) {
  size_t got = 0;
  while (got < cap) {
    ssize_t n = read(fd, buf + got, cap - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (n == 0) break;
    got += (size_t)n;
  }
  return (ssize_t)got;
}

int vault_read_header(int fd, const char *name, uint8_t *buf, cce_vault_header *h) {
  ssize_t n = read_full(fd, buf, CCE_VAULT_PREFIX_BYTES);
  if (n < 0) {
    cli_err_errno(errno, "%s", name);
    return -1;
  }
  size_t len = 0;
  cce_status st = (size_t)n < CCE_VAULT_PREFIX_BYTES ? CCE_ERR_DECODE : cce_vault_header_len(buf, (size_t)n, &len);
  if (st == CCE_ERR_UNSUPPORTED) {
    cli_err("%s: sealed-file version %u is not supported (this tool reads version %u)", name, buf[8],
            CCE_VAULT_VERSION);
    return -1;
  }
  if (st != CCE_OK) {
    if ((size_t)n >= CCE_VAULT_MAGIC_BYTES && memcmp(buf, CCE_VAULT_MAGIC, CCE_VAULT_MAGIC_BYTES) == 0)
      cli_err("%s: corrupted header: impossible header length", name);
    else
      cli_err("%s: not a sealed file (bad magic)", name);
    return -1;
  }
  ssize_t m = read_full(fd, buf + CCE_VAULT_PREFIX_BYTES, len - CCE_VAULT_PREFIX_BYTES);
  if (m < 0) {
    cli_err_errno(errno, "%s", name);
    return -1;
  }
  if ((size_t)m < len - CCE_VAULT_PREFIX_BYTES) {
    cli_err("%s: truncated: the file ends inside the header", name);
    return -1;
  }
  st = cce_vault_header_parse(h, buf, len);
  if (st == CCE_ERR_UNSUPPORTED) {
    cli_err("%s: unsupported suite or signature algorithm in the header", name);
    return -1;
  }
  if (st != CCE_OK) {
    cli_err("%s: corrupted header: malformed", name);
    return -1;
  }
  return 0;
}

// ===========================================================================
// The chunk pipeline.

enum { SLOT_FREE = 0, SLOT_READING, SLOT_QUEUED };

typedef struct slot {
  uint8_t *buf;
  size_t bytes;        // bytes read (seal: plaintext in the stride layout; open: contiguous payload)
  uint64_t seq;
  uint64_t first;      // index of the first chunk
  size_t n;            // chunks
  size_t last_len;     // final slot: length of its last chunk (seal: plaintext; open: with tag)
  int final;
  size_t next, done;   // chunks handed out / finished
  int state;
  uint8_t (*dig)[CCE_VAULT_DIGEST_BYTES];
} slot;

typedef struct pstate {
  vpipe *p;
  size_t C, stride, S;  // chunk size, chunk + tag, chunks per slot
  slot *slots;
  unsigned nslots;
  int threaded;
  pthread_mutex_t mu;
  pthread_cond_t cv_work, cv_write, cv_free;
  uint64_t work_seq, write_seq, total_seq;
  int reading_done, stop, has_err;
  uint64_t t0, last_draw;
  uint8_t *scratch;    // copy of the final chunk (truncation diagnosis)
} pstate;

static void set_error(pstate *s, vpipe_result r, uint64_t chunk, int err, cce_status st) {
  // Lowest chunk index wins; I/O errors (no chunk) win over everything.
  vpipe *p = s->p;
  if (!s->has_err || r == VPIPE_ERR_READ || r == VPIPE_ERR_WRITE ||
      ((p->result == VPIPE_ERR_AUTH || p->result == VPIPE_ERR_TRUNCATED) && chunk < p->bad_chunk)) {
    if (s->has_err && (p->result == VPIPE_ERR_READ || p->result == VPIPE_ERR_WRITE)) return;
    p->result = r;
    p->bad_chunk = chunk;
    p->sys_errno = err;
    p->status = st;
  }
  s->has_err = 1;
  s->stop = 1;
}

static void locked_error(pstate *s, vpipe_result r, uint64_t chunk, int err, cce_status st) {
  if (s->threaded) pthread_mutex_lock(&s->mu);
  set_error(s, r, chunk, err, st);
  if (s->threaded) {
    pthread_cond_broadcast(&s->cv_work);
    pthread_cond_broadcast(&s->cv_write);
    pthread_cond_broadcast(&s->cv_free);
    pthread_mutex_unlock(&s->mu);
  }
}

// Processes chunk j of `sl`. Returns 0 or -1 (error recorded).
static int process_chunk(pstate *s, slot *sl, size_t j) {
  vpipe *p = s->p;
  uint8_t *c = sl->buf + j * s->stride;
  uint64_t idx = sl->first + j;
  int last = sl->final && j == sl->n - 1;
  cce_status st;
  if (p->mode == VPIPE_SEAL) {
    size_t len = last ? sl->last_len : s->C;
    st = cce_vault_chunk_seal(p->ctx, idx, last, c, len, c);
    if (st == CCE_OK && p->chain) st = cce_vault_chunk_digest(c, len + CCE_VAULT_TAG_BYTES, sl->dig[j]);
    if (st != CCE_OK) {
      locked_error(s, VPIPE_ERR_INTERNAL, idx, 0, st);
      return -1;
    }
    return 0;
  }
  size_t len = last ? sl->last_len : s->stride;
  if (p->chain) {
    st = cce_vault_chunk_digest(c, len, sl->dig[j]);
    if (st != CCE_OK) {
      locked_error(s, VPIPE_ERR_INTERNAL, idx, 0, st);
      return -1;
    }
  }
  if (last && len == s->stride) memcpy(s->scratch, c, len);
  st = cce_vault_chunk_open(p->ctx, idx, last, c, len, c);
  if (st == CCE_ERR_AUTH) {
    // A full last chunk that opens as a middle chunk: the file was cut
    // at a chunk boundary.
    if (last && len == s->stride && cce_vault_chunk_open(p->ctx, idx, 0, s->scratch, len, s->scratch) == CCE_OK) {
      cce_wipe(s->scratch, len);
      locked_error(s, VPIPE_ERR_TRUNCATED, idx + 1, 0, st);
    } else {
      if (last) p->bad_last = 1;
      locked_error(s, VPIPE_ERR_AUTH, idx, 0, st);
    }
    return -1;
  }
  if (st != CCE_OK) {
    locked_error(s, VPIPE_ERR_INTERNAL, idx, 0, st);
    return -1;
  }
  return 0;
}

static void draw_progress(pstate *s, int done) {
  vpipe *p = s->p;
  if (!p->progress) return;
  uint64_t now = cli_now_ns();
  if (!done && now - s->last_draw < 200000000ull) return;
  s->last_draw = now;
  uint64_t n = p->pt_bytes;
  double secs = (double)(now - s->t0) / 1e9;
  double mbs = secs > 0 ? (double)n / secs / 1e6 : 0;
  if (p->in_size) {
    uint64_t ref = p->in_size;
    unsigned pct = ref ? (unsigned)(n * 100 / ref) : 100;
    if (pct > 100) pct = 100;
    char bar[41];
    unsigned fill = pct * 40 / 100;
    for (unsigned i = 0; i < 40; i++) bar[i] = i < fill ? '#' : '.';
    bar[40] = 0;
    fprintf(stderr, "\r%3u%% [%s] %.1f MiB  %.0f MB/s ", pct, bar, (double)n / 1048576.0, mbs);
  } else {
    fprintf(stderr, "\r%.1f MiB  %.0f MB/s ", (double)n / 1048576.0, mbs);
  }
  if (done) fprintf(stderr, "\n");
  fflush(stderr);
}

// Writes a processed slot (in order). Returns 0 or -1 (error recorded).
static int write_slot(pstate *s, slot *sl) {
  vpipe *p = s->p;
  int rc;
  uint64_t pt = 0;
  if (p->mode == VPIPE_SEAL) {
    size_t total = (sl->n - 1) * s->stride + (sl->final ? sl->last_len + CCE_VAULT_TAG_BYTES : s->stride);
    rc = vout_write(p->out, sl->buf, total);
    pt = total - sl->n * CCE_VAULT_TAG_BYTES;
  } else {
    struct iovec iov[64];
    size_t j = 0;
    rc = 0;
    while (rc == 0 && j < sl->n) {
      int cnt = 0;
      for (; j < sl->n && cnt < 64; j++, cnt++) {
        iov[cnt].iov_base = sl->buf + j * s->stride;
        iov[cnt].iov_len = (sl->final && j == sl->n - 1 ? sl->last_len : s->stride) - CCE_VAULT_TAG_BYTES;
        pt += iov[cnt].iov_len;
      }
      rc = vout_writev(p->out, iov, cnt);
    }
  }
  if (rc != 0) {
    locked_error(s, VPIPE_ERR_WRITE, 0, errno, CCE_OK);
    return -1;
  }
  if (p->chain)
    for (size_t j = 0; j < sl->n; j++)
      if (cce_vault_chain_update(p->chain, sl->dig[j]) != CCE_OK) {
        locked_error(s, VPIPE_ERR_INTERNAL, sl->first + j, 0, CCE_ERR_INTERNAL);
        return -1;
      }
  p->chunks += sl->n;
  p->pt_bytes += pt;
  draw_progress(s, 0);
  return 0;
}

// Fills a slot from the input. Returns 1 at end of input, 0 if the slot is
// full (more may follow), -1 on a read error (recorded).
static int read_slot(pstate *s, slot *sl) {
  vpipe *p = s->p;
  sl->bytes = 0;
  if (p->mode == VPIPE_OPEN) {
    size_t cap = s->S * s->stride;
    ssize_t n = read_full(p->in_fd, sl->buf, cap);
    if (n < 0) {
      locked_error(s, VPIPE_ERR_READ, 0, errno, CCE_OK);
      return -1;
    }
    sl->bytes = (size_t)n;
    return (size_t)n < cap;
  }
  // Seal: plaintext chunk j goes to buf + j * stride (room left for its tag).
  size_t cap = s->S * s->C;
  while (sl->bytes < cap) {
    struct iovec iov[64];
    int cnt = 0;
    size_t got = sl->bytes;
    for (size_t j = got / s->C; j < s->S && cnt < 64; j++, cnt++) {
      size_t off = (cnt == 0) ? got % s->C : 0;
      iov[cnt].iov_base = sl->buf + j * s->stride + off;
      iov[cnt].iov_len = s->C - off;
    }
    ssize_t n = readv(p->in_fd, iov, cnt);
    if (n < 0) {
      if (errno == EINTR) continue;
      locked_error(s, VPIPE_ERR_READ, 0, errno, CCE_OK);
      return -1;
    }
    if (n == 0) return 1;
    sl->bytes += (size_t)n;
  }
  return 0;
}

// Sets the chunk geometry of a slot. Returns 0 or -1 (error recorded).
static int finalize_slot(pstate *s, slot *sl, int final) {
  vpipe *p = s->p;
  sl->final = final;
  sl->next = sl->done = 0;
  if (!final) {
    sl->n = s->S;
    sl->last_len = 0;
    return 0;
  }
  if (p->mode == VPIPE_SEAL) {
    sl->n = sl->bytes == 0 ? 1 : (sl->bytes + s->C - 1) / s->C;
    sl->last_len = sl->bytes - (sl->n - 1) * s->C;
    return 0;
  }
  if (sl->bytes == 0) {
    locked_error(s, VPIPE_ERR_TRUNCATED, sl->first, 0, CCE_OK);
    return -1;
  }
  sl->n = (sl->bytes + s->stride - 1) / s->stride;
  sl->last_len = sl->bytes - (sl->n - 1) * s->stride;
  if (sl->last_len < CCE_VAULT_TAG_BYTES) {
    locked_error(s, VPIPE_ERR_TRUNCATED, sl->first + sl->n - 1, 0, CCE_OK);
    return -1;
  }
  return 0;
}

static void release_slot(pstate *s, slot *sl) {
  if (s->threaded) pthread_mutex_lock(&s->mu);
  sl->state = SLOT_FREE;
  if (s->threaded) {
    pthread_cond_broadcast(&s->cv_free);
    pthread_mutex_unlock(&s->mu);
  }
}

// Hands a slot (with its geometry set) to the workers, or, single-threaded,
// processes and writes it at once.
static int dispatch(pstate *s, slot *sl, int final) {
  if (finalize_slot(s, sl, final) != 0) return -1;
  if (!s->threaded) {
    for (size_t j = 0; j < sl->n; j++)
      if (process_chunk(s, sl, j) != 0) return -1;
    if (write_slot(s, sl) != 0) return -1;
    sl->state = SLOT_FREE;
    return 0;
  }
  pthread_mutex_lock(&s->mu);
  sl->state = SLOT_QUEUED;
  s->total_seq = sl->seq + 1;
  pthread_cond_broadcast(&s->cv_work);
  pthread_mutex_unlock(&s->mu);
  return 0;
}

static slot *acquire_slot(pstate *s, uint64_t seq) {
  slot *sl = &s->slots[seq % s->nslots];
  if (s->threaded) {
    pthread_mutex_lock(&s->mu);
    while (sl->state != SLOT_FREE && !s->stop) pthread_cond_wait(&s->cv_free, &s->mu);
    int stop = s->stop;
    if (!stop) sl->state = SLOT_READING;
    pthread_mutex_unlock(&s->mu);
    if (stop) return NULL;
  } else {
    if (s->stop) return NULL;
    sl->state = SLOT_READING;
  }
  sl->seq = seq;
  sl->first = seq * s->S;
  return sl;
}

// The reader: the calling thread.
static void reader(pstate *s) {
  vpipe *p = s->p;
  slot *pending = NULL;
  for (uint64_t seq = 0;; seq++) {
    slot *cur = acquire_slot(s, seq);
    if (!cur) return;
    int eof = read_slot(s, cur);
    if (eof < 0) return;
    if (!eof) {
      if (pending && dispatch(s, pending, 0) != 0) return;
      pending = cur;
      continue;
    }
    if (p->mode == VPIPE_OPEN && p->trailer_len) {
      size_t t = p->trailer_len, avail = cur->bytes + (pending ? pending->bytes : 0);
      if (avail < t) {
        locked_error(s, VPIPE_ERR_TRUNCATED, pending ? pending->first : 0, 0, CCE_OK);
        return;
      }
      size_t k = cur->bytes < t ? cur->bytes : t;
      memcpy(p->trailer + (t - k), cur->buf + cur->bytes - k, k);
      cur->bytes -= k;
      if (k < t) {
        memcpy(p->trailer, pending->buf + pending->bytes - (t - k), t - k);
        pending->bytes -= t - k;
      }
    }
    if (cur->bytes > 0 || !pending) {
      if (pending && dispatch(s, pending, 0) != 0) return;
      dispatch(s, cur, 1);
    } else {
      release_slot(s, cur);
      dispatch(s, pending, 1);
    }
    return;
  }
}

static void *worker(void *arg) {
  pstate *s = arg;
  pthread_mutex_lock(&s->mu);
  for (;;) {
    if (s->stop) break;
    slot *sl = &s->slots[s->work_seq % s->nslots];
    if (sl->state == SLOT_QUEUED && sl->seq == s->work_seq && sl->next < sl->n) {
      size_t j = sl->next++;
      if (sl->next == sl->n) s->work_seq++;
      pthread_mutex_unlock(&s->mu);
      int rc = process_chunk(s, sl, j);
      pthread_mutex_lock(&s->mu);
      if (rc != 0) break;
      if (++sl->done == sl->n) pthread_cond_broadcast(&s->cv_write);
      continue;
    }
    if (s->reading_done && s->work_seq >= s->total_seq) break;
    pthread_cond_wait(&s->cv_work, &s->mu);
  }
  pthread_mutex_unlock(&s->mu);
  return NULL;
}

static void *writer(void *arg) {
  pstate *s = arg;
  pthread_mutex_lock(&s->mu);
  for (;;) {
    if (s->stop) break;
    slot *sl = &s->slots[s->write_seq % s->nslots];
    if (sl->state == SLOT_QUEUED && sl->seq == s->write_seq && sl->done == sl->n) {
      pthread_mutex_unlock(&s->mu);
      int rc = write_slot(s, sl);
      pthread_mutex_lock(&s->mu);
      if (rc != 0) break;
      sl->state = SLOT_FREE;
      s->write_seq++;
      pthread_cond_broadcast(&s->cv_free);
      continue;
    }
    if (s->reading_done && s->write_seq >= s->total_seq) break;
    pthread_cond_wait(&s->cv_write, &s->mu);
  }
  pthread_mutex_unlock(&s->mu);
  return NULL;
}

// ===========================================================================
// The file fast path: a regular input file and a regular output file (not
// standard output). The input is mapped and the output is sized up front
// (ftruncate); each chunk is sealed or opened straight from the input
// mapping into a small per-thread buffer that stays in the core's cache and
// is written with pwrite at its final offset. (Mapping the output too was
// measured: on tmpfs the page faults cost more than the pwrite copies.)
// Worker threads take
// blocks of consecutive chunks from a shared counter (no lock in the hot
// path); each block maps only its own input and output ranges, so memory
// stays bounded whatever the file size. With a signature chain, the file is
// done in windows whose chunk digests are fed to the chain in order after
// each window. The bytes produced are exactly those of the streaming path.

#define FAST_BLOCK_BYTES (4u << 20)     // plaintext bytes per block
#ifndef FAST_FLUSH_CHUNKS
#define FAST_FLUSH_CHUNKS 4u             // chunks per pwrite (256 KiB: stays in L2)
#endif
#define FAST_WINDOW_CHUNKS 16384u       // chunks per window with a chain (768 KiB of digests)

typedef struct fstate {
  pstate *s;
  int in_fd, out_fd;
  uint64_t in_base;     // file offset of the first payload byte (open) / plaintext byte (seal)
  uint64_t out_base;    // file offset of the first output byte
  uint64_t n;           // chunks in the file
  size_t last_len;      // length of the last chunk (seal: plaintext; open: with tag)
  uint64_t win_first, win_end;  // current window [win_first, win_end)
  uint64_t next_block;  // atomic: next block of the window to hand out
  uint64_t B;           // chunks per block
  uint8_t (*dig)[CCE_VAULT_DIGEST_BYTES];  // digests of the current window (chain only)
  uint64_t done_bytes;  // atomic: plaintext bytes done (progress)
  long page;
} fstate;

// Reads exactly buf[0..len) from `off` of the input. 0 or -1 (errno set;
// EIO if the file got shorter).
static int pread_exact(int fd, uint8_t *buf, size_t len, uint64_t off) {
  while (len > 0) {
    ssize_t n = pread(fd, buf, len, (off_t)off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (n == 0) {
      errno = EIO;
      return -1;
    }
    buf += n;
    len -= (size_t)n;
    off += (uint64_t)n;
  }
  return 0;
}

// Writes buf[0..len) at `off` of the output. 0 or -1 (errno set).
static int pwrite_full(int fd, const uint8_t *buf, size_t len, uint64_t off) {
  while (len > 0) {
    ssize_t n = pwrite(fd, buf, len, (off_t)off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (n == 0) {
      errno = EIO;
      return -1;
    }
    buf += n;
    len -= (size_t)n;
    off += (uint64_t)n;
  }
  return 0;
}

// Processes chunks [first, end) of the file in batches of
// FAST_FLUSH_CHUNKS. The input range of the block is mapped (MAP_POPULATE:
// no copy into a buffer; if mapping fails, each batch is read with pread
// into `ibuf`); each batch is sealed or opened into `obuf`, small enough to
// stay in the core's cache, and written (pwrite) to its place in the
// output. 0 or -1 (error recorded).
static int fast_block(fstate *f, uint8_t *ibuf, uint8_t *obuf, uint64_t first, uint64_t end) {
  pstate *s = f->s;
  vpipe *p = s->p;
  int seal = p->mode == VPIPE_SEAL;
  size_t C = s->C, stride = s->stride;
  size_t in_unit = seal ? C : stride, out_unit = seal ? stride : C;
  size_t blk_len = (size_t)(end - first) * in_unit;
  if (end == f->n) blk_len = blk_len - in_unit + f->last_len;
  uint64_t blk_off = f->in_base + first * in_unit, map_off = blk_off & ~(uint64_t)(f->page - 1);
  size_t map_len = (size_t)(blk_off - map_off) + blk_len;
  void *map = MAP_FAILED;
  if (blk_len) map = mmap(NULL, map_len, PROT_READ, MAP_SHARED | MAP_POPULATE, f->in_fd, (off_t)map_off);
  const uint8_t *mp = map != MAP_FAILED ? (const uint8_t *)map + (blk_off - map_off) : NULL;
  uint64_t pt = 0;
  int rc = 0;
  for (uint64_t b0 = first; rc == 0 && b0 < end; b0 += FAST_FLUSH_CHUNKS) {
    uint64_t b1 = end - b0 < FAST_FLUSH_CHUNKS ? end : b0 + FAST_FLUSH_CHUNKS;
    size_t in_len = (size_t)(b1 - b0) * in_unit;
    if (b1 == f->n) in_len = in_len - in_unit + f->last_len;
    const uint8_t *src = mp ? mp + (b0 - first) * in_unit : ibuf;
    if (!mp && in_len && pread_exact(f->in_fd, ibuf, in_len, f->in_base + b0 * in_unit) != 0) {
      locked_error(s, VPIPE_ERR_READ, 0, errno, CCE_OK);
      rc = -1;
      break;
    }
    size_t held = 0;
    for (uint64_t i = b0; i < b1; i++) {
      int last = i + 1 == f->n;
      const uint8_t *in = src + (i - b0) * in_unit;
      uint8_t *out = obuf + held;
      cce_status st;
      if (seal) {
        size_t len = last ? f->last_len : C;
        st = cce_vault_chunk_seal(p->ctx, i, last, len ? in : NULL, len, out);
        if (st == CCE_OK && f->dig)
          st = cce_vault_chunk_digest(out, len + CCE_VAULT_TAG_BYTES, f->dig[i - f->win_first]);
        if (st != CCE_OK) {
          locked_error(s, VPIPE_ERR_INTERNAL, i, 0, st);
          rc = -1;
          break;
        }
        held += len + CCE_VAULT_TAG_BYTES;
        pt += len;
        continue;
      }
      size_t len = last ? f->last_len : stride;
      if (f->dig && (st = cce_vault_chunk_digest(in, len, f->dig[i - f->win_first])) != CCE_OK) {
        locked_error(s, VPIPE_ERR_INTERNAL, i, 0, st);
        rc = -1;
        break;
      }
      st = cce_vault_chunk_open(p->ctx, i, last, in, len, out);
      if (st == CCE_ERR_AUTH) {
        // A full last chunk that opens as a middle chunk: the file was cut
        // at a chunk boundary.
        if (last && len == stride && cce_vault_chunk_open(p->ctx, i, 0, in, len, out) == CCE_OK) {
          locked_error(s, VPIPE_ERR_TRUNCATED, i + 1, 0, st);
        } else {
          if (last) {
            if (s->threaded) pthread_mutex_lock(&s->mu);
            p->bad_last = 1;
            if (s->threaded) pthread_mutex_unlock(&s->mu);
          }
          locked_error(s, VPIPE_ERR_AUTH, i, 0, st);
        }
        rc = -1;
        break;
      }
      if (st != CCE_OK) {
        locked_error(s, VPIPE_ERR_INTERNAL, i, 0, st);
        rc = -1;
        break;
      }
      held += len - CCE_VAULT_TAG_BYTES;
      pt += len - CCE_VAULT_TAG_BYTES;
    }
    if (rc == 0 && held && pwrite_full(f->out_fd, obuf, held, f->out_base + b0 * out_unit) != 0) {
      locked_error(s, VPIPE_ERR_WRITE, 0, errno, CCE_OK);
      rc = -1;
    }
  }
  if (map != MAP_FAILED) munmap(map, map_len);
  __atomic_fetch_add(&f->done_bytes, pt, __ATOMIC_RELAXED);
  return rc;
}

// Takes blocks of the current window until none is left or an error stops
// everything. Thread 0 (the caller) draws the progress bar.
static void fast_loop(fstate *f, int draw) {
  pstate *s = f->s;
  uint64_t nblocks = (f->win_end - f->win_first + f->B - 1) / f->B;
  size_t cap = FAST_FLUSH_CHUNKS * s->stride;
  uint8_t *buf = malloc(2 * cap);
  if (!buf) {
    locked_error(s, VPIPE_ERR_INTERNAL, 0, ENOMEM, CCE_ERR_INTERNAL);
    return;
  }
  for (;;) {
    if (__atomic_load_n(&s->stop, __ATOMIC_RELAXED)) break;
    uint64_t b = __atomic_fetch_add(&f->next_block, 1, __ATOMIC_RELAXED);
    if (b >= nblocks) break;
    uint64_t first = f->win_first + b * f->B, end = first + f->B;
    if (end > f->win_end) end = f->win_end;
    if (fast_block(f, buf, buf + cap, first, end) != 0) break;
    if (draw) {
      s->p->pt_bytes = __atomic_load_n(&f->done_bytes, __ATOMIC_RELAXED);
      draw_progress(s, 0);
    }
  }
  cli_free_secret(buf, 2 * cap);
}

static void *fast_worker(void *arg) {
  fast_loop(arg, 0);
  return NULL;
}

// Returns 1 if the fast path ran (result in p->result), 0 if it does not
// apply (nothing done: the streaming path runs instead).
static int vpipe_run_fast(vpipe *p, pstate *s) {
  if (p->out->is_stdout || getenv("CCE_VAULT_STREAM")) return 0;
  struct stat ist, ost;
  if (fstat(p->in_fd, &ist) != 0 || !S_ISREG(ist.st_mode) || fstat(p->out->fd, &ost) != 0 ||
      !S_ISREG(ost.st_mode))
    return 0;
  off_t ipos = lseek(p->in_fd, 0, SEEK_CUR), opos = lseek(p->out->fd, 0, SEEK_CUR);
  if (ipos < 0 || opos < 0 || (uint64_t)opos != p->out->written || (uint64_t)ist.st_size < (uint64_t)ipos)
    return 0;
  fstate f;
  memset(&f, 0, sizeof f);
  f.s = s;
  f.in_fd = p->in_fd;
  f.out_fd = p->out->fd;
  f.in_base = (uint64_t)ipos;
  f.out_base = (uint64_t)opos;
  f.page = sysconf(_SC_PAGESIZE);
  if (f.page <= 0) f.page = 4096;
  uint64_t avail = (uint64_t)ist.st_size - (uint64_t)ipos, out_len;
  if (sizeof(size_t) < 8) return 0;
  if (p->mode == VPIPE_SEAL) {
    f.n = avail == 0 ? 1 : (avail + s->C - 1) / s->C;
    f.last_len = (size_t)(avail - (f.n - 1) * s->C);
    out_len = avail + f.n * CCE_VAULT_TAG_BYTES;
  } else {
    if (avail < p->trailer_len) {
      set_error(s, VPIPE_ERR_TRUNCATED, 0, 0, CCE_OK);
      return 1;
    }
    if (p->trailer_len) {
      ssize_t r;
      do r = pread(p->in_fd, p->trailer, p->trailer_len, (off_t)((uint64_t)ist.st_size - p->trailer_len));
      while (r < 0 && errno == EINTR);
      if (r != (ssize_t)p->trailer_len) {
        set_error(s, VPIPE_ERR_READ, 0, r < 0 ? errno : EIO, CCE_OK);
        return 1;
      }
    }
    uint64_t pay = avail - p->trailer_len;
    if (pay == 0) {
      set_error(s, VPIPE_ERR_TRUNCATED, 0, 0, CCE_OK);
      return 1;
    }
    f.n = (pay + s->stride - 1) / s->stride;
    f.last_len = (size_t)(pay - (f.n - 1) * s->stride);
    if (f.last_len < CCE_VAULT_TAG_BYTES) {
      set_error(s, VPIPE_ERR_TRUNCATED, f.n - 1, 0, CCE_OK);
      return 1;
    }
    out_len = pay - f.n * CCE_VAULT_TAG_BYTES;
  }
  if (ftruncate(p->out->fd, (off_t)(f.out_base + out_len)) != 0) return 0;  // not mappable: stream instead
  f.B = FAST_BLOCK_BYTES / s->C;
  if (f.B < 1) f.B = 1;
  unsigned threads = p->threads ? p->threads : 1;
  uint64_t maxthreads = (f.n + f.B - 1) / f.B;
  if (threads > maxthreads) threads = (unsigned)maxthreads;
  s->threaded = threads > 1;
  if (s->threaded) pthread_mutex_init(&s->mu, NULL);
  uint64_t win = p->chain ? FAST_WINDOW_CHUNKS : f.n;
  pthread_t *tids = NULL;
  if (p->chain) {
    f.dig = malloc((size_t)(win < f.n ? win : f.n) * sizeof *f.dig);
    if (!f.dig) {
      set_error(s, VPIPE_ERR_INTERNAL, 0, ENOMEM, CCE_ERR_INTERNAL);
      goto out;
    }
  }
  tids = threads > 1 ? calloc(threads - 1, sizeof *tids) : NULL;
  if (threads > 1 && !tids) threads = 1;
  for (f.win_first = 0; f.win_first < f.n && !s->stop; f.win_first = f.win_end) {
    f.win_end = f.n - f.win_first < win ? f.n : f.win_first + win;
    f.next_block = 0;
    unsigned started = 0;
    for (unsigned t = 1; t < threads; t++)
      if (pthread_create(&tids[started], NULL, fast_worker, &f) == 0) started++;
    fast_loop(&f, p->progress);
    for (unsigned t = 0; t < started; t++) pthread_join(tids[t], NULL);
    if (s->stop) break;
    if (p->chain)
      for (uint64_t i = f.win_first; i < f.win_end; i++)
        if (cce_vault_chain_update(p->chain, f.dig[i - f.win_first]) != CCE_OK) {
          set_error(s, VPIPE_ERR_INTERNAL, i, 0, CCE_ERR_INTERNAL);
          break;
        }
  }
  if (!s->has_err) {
    if (lseek(p->out->fd, (off_t)(f.out_base + out_len), SEEK_SET) < 0) {
      set_error(s, VPIPE_ERR_WRITE, 0, errno, CCE_OK);
    } else {
      p->out->written += out_len;
      p->chunks = f.n;
      p->pt_bytes = p->mode == VPIPE_SEAL ? avail : out_len;
    }
  }
out:
  free(tids);
  free(f.dig);
  if (s->threaded) pthread_mutex_destroy(&s->mu);
  s->threaded = 0;
  return 1;
}

vpipe_result vpipe_run(vpipe *p) {
  pstate s;
  memset(&s, 0, sizeof s);
  s.p = p;
  p->result = VPIPE_OK;
  p->chunks = p->pt_bytes = 0;
  s.C = cce_vault_chunk_bytes(p->ctx);
  s.stride = s.C + CCE_VAULT_TAG_BYTES;
  s.t0 = s.last_draw = cli_now_ns();
  if (vpipe_run_fast(p, &s)) {
    if (!s.has_err && p->progress) draw_progress(&s, 1);
    else if (p->progress) fprintf(stderr, "\n");
    return p->result;
  }
  s.S = (1u << 20) / s.C;  // 1 MiB slots: the buffers stay in cache
  if (s.S < 1) s.S = 1;
  if (s.S > 64) s.S = 64;
  unsigned threads = p->threads ? p->threads : 1;
  s.threaded = threads > 1;
  s.nslots = s.threaded ? threads + 3 : 2;
  s.slots = calloc(s.nslots, sizeof *s.slots);
  s.scratch = malloc(s.stride);
  int ok = s.slots && s.scratch;
  for (unsigned i = 0; ok && i < s.nslots; i++) {
    s.slots[i].buf = malloc(s.S * s.stride);
    s.slots[i].dig = malloc(s.S * sizeof *s.slots[i].dig);
    ok = s.slots[i].buf && s.slots[i].dig;
  }
  s.t0 = s.last_draw = cli_now_ns();
  pthread_t *tids = NULL, wtid;
  unsigned started = 0;
  int writer_started = 0;
  if (!ok) {
    set_error(&s, VPIPE_ERR_INTERNAL, 0, ENOMEM, CCE_ERR_INTERNAL);
    goto out;
  }
  if (!s.threaded) {
    reader(&s);
    goto out;
  }
  pthread_mutex_init(&s.mu, NULL);
  pthread_cond_init(&s.cv_work, NULL);
  pthread_cond_init(&s.cv_write, NULL);
  pthread_cond_init(&s.cv_free, NULL);
  tids = calloc(threads, sizeof *tids);
  if (tids && pthread_create(&wtid, NULL, writer, &s) == 0) writer_started = 1;
  for (unsigned i = 0; writer_started && i < threads; i++)
    if (pthread_create(&tids[i], NULL, worker, &s) == 0) started++;
  if (!writer_started || started == 0) {
    locked_error(&s, VPIPE_ERR_INTERNAL, 0, EAGAIN, CCE_ERR_INTERNAL);
  } else {
    reader(&s);
  }
  pthread_mutex_lock(&s.mu);
  s.reading_done = 1;
  pthread_cond_broadcast(&s.cv_work);
  pthread_cond_broadcast(&s.cv_write);
  pthread_cond_broadcast(&s.cv_free);
  pthread_mutex_unlock(&s.mu);
  for (unsigned i = 0; i < started; i++) pthread_join(tids[i], NULL);
  if (writer_started) pthread_join(wtid, NULL);
  free(tids);
  pthread_mutex_destroy(&s.mu);
  pthread_cond_destroy(&s.cv_work);
  pthread_cond_destroy(&s.cv_write);
  pthread_cond_destroy(&s.cv_free);
out:
  if (!s.has_err && p->progress) draw_progress(&s, 1);
  else if (p->progress) fprintf(stderr, "\n");
  if (s.slots)
    for (unsigned i = 0; i < s.nslots; i++) {
      if (s.slots[i].buf) cli_free_secret(s.slots[i].buf, s.S * s.stride);
      free(s.slots[i].dig);
    }
  free(s.slots);
  if (s.scratch) cli_free_secret(s.scratch, s.stride);
  return p->result;
}
