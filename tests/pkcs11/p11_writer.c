// p11_writer: token-store writer and checker for the crash and concurrency
// tests (tests/pkcs11/crash.sh, concurrency.sh).
//
//   p11_writer MODULE.so init  TOKEN
//       initialise the token TOKEN (SO PIN 12345678, user PIN 1234)
//   p11_writer MODULE.so write TOKEN PREFIX COUNT
//       log in and create COUNT token objects labelled PREFIX-<i>: private
//       data objects holding a value derived from the label, and every
//       fourth one an AES-256 key made by C_GenerateKey. After each
//       C_CreateObject/C_GenerateKey returns CKR_OK (the object is
//       committed), prints "<handle> <label>" and flushes stdout (and
//       "# logged in" once, after C_Login).
//   p11_writer MODULE.so twrite TOKEN PREFIX COUNT NTHREADS
//       the same from NTHREADS threads at once, each with its own session
//       (labels PREFIX.t<k>-<i>), the library initialised with
//       CKF_OS_LOCKING_OK; lines are printed whole under a mutex.
//   p11_writer MODULE.so pinloop TOKEN COUNT
//       log in and change the user PIN COUNT times, between 1234 and 5678
//       (C_SetPIN), printing "# pin <new>" after each change returns CKR_OK.
//   p11_writer MODULE.so check TOKEN FILE...
//       with a fresh C_Initialize: log in, list every object on the token,
//       check each data object's value, and check that every label listed
//       in FILE (lines "<handle> <label>", a trailing partial line ignored)
//       is present exactly once. Exit 0 if so, 1 otherwise.
//
// The user PIN is 1234, or $P11_WRITER_PIN. Exit 2 if the module cannot be
// loaded or the token not opened.

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p11_client.h"

static const char kSo[] = "12345678";
static const char *kPin = "1234";
static CK_FUNCTION_LIST *F;

#define MUST(call)                                                                                     \
  do {                                                                                                 \
    CK_RV rv_ = (call);                                                                                \
    if (rv_ != CKR_OK) {                                                                               \
      fprintf(stderr, "p11_writer: line %d: %s -> %s (0x%lx)\n", __LINE__, #call, p11_rv_name(rv_), rv_); \
      exit(2);                                                                                         \
    }                                                                                                  \
  } while (0)

// The value of data object `label`: 64 bytes derived from it.
static void value_of(const char *label, CK_BYTE out[64]) {
  size_t n = strlen(label);
  unsigned h = 2166136261u;
  for (int i = 0; i < 64; i++) {
    h = (h ^ (unsigned char)label[i % n]) * 16777619u;
    out[i] = (CK_BYTE)(h >> 13);
  }
}

static CK_SESSION_HANDLE open_login(const char *token) {
  CK_SLOT_ID slot;
  if (p11_find_token(F, token, &slot) != 1) {
    fprintf(stderr, "p11_writer: token %s not found\n", token);
    exit(2);
  }
  CK_SESSION_HANDLE s;
  MUST(F->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s));
  MUST(F->C_Login(s, CKU_USER, (CK_UTF8CHAR *)kPin, strlen(kPin)));
  return s;
}

static pthread_mutex_t g_out = PTHREAD_MUTEX_INITIALIZER;

// write_objects creates `count` objects in session `s`; 0 or 1 (error).
static int write_objects(CK_SESSION_HANDLE s, const char *prefix, long count) {
  CK_BBOOL t = CK_TRUE, f = CK_FALSE;
  for (long i = 0; i < count; i++) {
    char label[96];
    snprintf(label, sizeof label, "%s-%ld", prefix, i);
    CK_OBJECT_HANDLE h = 0;
    CK_RV rv;
    if (i % 4 == 3) {
      CK_ULONG len = 32;
      CK_ATTRIBUTE tmpl[] = {{CKA_TOKEN, &t, 1},        {CKA_PRIVATE, &t, 1},
                             {CKA_SENSITIVE, &t, 1},    {CKA_EXTRACTABLE, &f, 1},
                             {CKA_ENCRYPT, &t, 1},      {CKA_DECRYPT, &t, 1},
                             {CKA_VALUE_LEN, &len, sizeof len}, {CKA_LABEL, label, strlen(label)}};
      CK_MECHANISM m = {CKM_AES_KEY_GEN, NULL, 0};
      rv = F->C_GenerateKey(s, &m, tmpl, sizeof tmpl / sizeof tmpl[0], &h);
    } else {
      CK_OBJECT_CLASS cls = CKO_DATA;
      CK_BYTE val[64];
      value_of(label, val);
      CK_ATTRIBUTE tmpl[] = {{CKA_CLASS, &cls, sizeof cls},
                             {CKA_TOKEN, &t, 1},
                             {CKA_PRIVATE, &t, 1},
                             {CKA_LABEL, label, strlen(label)},
                             {CKA_APPLICATION, (void *)"cce-crash", 9},
                             {CKA_VALUE, val, sizeof val}};
      rv = F->C_CreateObject(s, tmpl, sizeof tmpl / sizeof tmpl[0], &h);
    }
    if (rv != CKR_OK) {
      fprintf(stderr, "p11_writer: creating %s: %s (0x%lx)\n", label, p11_rv_name(rv), rv);
      return 1;
    }
    pthread_mutex_lock(&g_out);
    printf("%lu %s\n", h, label);
    fflush(stdout);
    pthread_mutex_unlock(&g_out);
  }
  return 0;
}

static int do_write(const char *token, const char *prefix, long count) {
  CK_SESSION_HANDLE s = open_login(token);
  printf("# logged in\n");
  fflush(stdout);
  int rc = write_objects(s, prefix, count);
  F->C_Logout(s);
  F->C_CloseSession(s);
  return rc;
}

typedef struct {
  CK_SLOT_ID slot;
  char prefix[64];
  long count;
  int rc;
} thread_job;

static void *thread_main(void *arg) {
  thread_job *j = arg;
  CK_SESSION_HANDLE s;
  CK_RV rv = F->C_OpenSession(j->slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s);
  if (rv != CKR_OK) {
    fprintf(stderr, "p11_writer: thread C_OpenSession: %s\n", p11_rv_name(rv));
    j->rc = 1;
    return NULL;
  }
  j->rc = write_objects(s, j->prefix, j->count);
  F->C_CloseSession(s);
  return NULL;
}

// do_twrite: one login (shared by every session of the application), then
// `nthreads` threads writing in their own sessions.
static int do_twrite(const char *token, const char *prefix, long count, int nthreads) {
  if (nthreads < 1 || nthreads > 64) return 2;
  CK_SESSION_HANDLE s = open_login(token);
  CK_SESSION_INFO si;
  MUST(F->C_GetSessionInfo(s, &si));
  thread_job jobs[64];
  pthread_t th[64];
  for (int k = 0; k < nthreads; k++) {
    jobs[k].slot = si.slotID;
    snprintf(jobs[k].prefix, sizeof jobs[k].prefix, "%.40s.t%d", prefix, k);
    jobs[k].count = count;
    jobs[k].rc = 0;
    if (pthread_create(&th[k], NULL, thread_main, &jobs[k]) != 0) return 2;
  }
  int rc = 0;
  for (int k = 0; k < nthreads; k++) {
    pthread_join(th[k], NULL);
    rc |= jobs[k].rc;
  }
  F->C_Logout(s);
  F->C_CloseSession(s);
  return rc;
}

static int do_pinloop(const char *token, long count) {
  CK_SESSION_HANDLE s = open_login(token);
  printf("# logged in\n");
  fflush(stdout);
  const char *cur = kPin;
  for (long i = 0; i < count; i++) {
    const char *next = strcmp(cur, "1234") == 0 ? "5678" : "1234";
    CK_RV rv = F->C_SetPIN(s, (CK_UTF8CHAR *)cur, strlen(cur), (CK_UTF8CHAR *)next, strlen(next));
    if (rv != CKR_OK) {
      fprintf(stderr, "p11_writer: C_SetPIN %s -> %s: %s (0x%lx)\n", cur, next, p11_rv_name(rv), rv);
      return 1;
    }
    printf("# pin %s\n", next);
    fflush(stdout);
    cur = next;
  }
  F->C_Logout(s);
  F->C_CloseSession(s);
  return 0;
}

typedef struct {
  char label[96];
  int seen;
} entry;

static int do_check(const char *token, int nfiles, char **files) {
  CK_SESSION_HANDLE s = open_login(token);
  // Every object on the token.
  size_t cap = 1024, n = 0;
  entry *objs = malloc(cap * sizeof *objs);
  if (objs == NULL) return 2;
  MUST(F->C_FindObjectsInit(s, NULL, 0));
  int corrupt = 0;
  for (;;) {
    CK_OBJECT_HANDLE hs[64];
    CK_ULONG got = 0;
    MUST(F->C_FindObjects(s, hs, 64, &got));
    if (got == 0) break;
    for (CK_ULONG i = 0; i < got; i++) {
      char label[96] = {0};
      CK_OBJECT_CLASS cls = 0;
      CK_ATTRIBUTE a[] = {{CKA_LABEL, label, sizeof label - 1}, {CKA_CLASS, &cls, sizeof cls}};
      CK_RV rv = F->C_GetAttributeValue(s, hs[i], a, 2);
      if (rv != CKR_OK) {
        fprintf(stderr, "object %lu: C_GetAttributeValue: %s\n", hs[i], p11_rv_name(rv));
        corrupt++;
        continue;
      }
      label[a[0].ulValueLen < sizeof label ? a[0].ulValueLen : sizeof label - 1] = 0;
      if (cls == CKO_DATA) {
        CK_BYTE v[128], want[64];
        CK_ATTRIBUTE va = {CKA_VALUE, v, sizeof v};
        rv = F->C_GetAttributeValue(s, hs[i], &va, 1);
        value_of(label[0] ? label : "?", want);
        if (rv != CKR_OK || va.ulValueLen != 64 || memcmp(v, want, 64) != 0) {
          fprintf(stderr, "object %s: value wrong (%s)\n", label, p11_rv_name(rv));
          corrupt++;
        }
      }
      if (n == cap) {
        cap *= 2;
        entry *o = realloc(objs, cap * sizeof *objs);
        if (o == NULL) return 2;
        objs = o;
      }
      memcpy(objs[n].label, label, sizeof label);
      objs[n].seen = 0;
      n++;
    }
  }
  MUST(F->C_FindObjectsFinal(s));

  long listed = 0, missing = 0, dup = 0;
  for (int fi = 0; fi < nfiles; fi++) {
    FILE *fp = fopen(files[fi], "r");
    if (fp == NULL) {
      perror(files[fi]);
      return 2;
    }
    char line[256];
    while (fgets(line, sizeof line, fp) != NULL) {
      size_t L = strlen(line);
      if (L == 0 || line[L - 1] != '\n') break;  // cut by the kill: not a complete report
      line[L - 1] = 0;
      if (line[0] == '#') continue;
      char *sp = strchr(line, ' ');
      if (sp == NULL) continue;
      const char *label = sp + 1;
      listed++;
      int found = 0;
      for (size_t i = 0; i < n; i++) {
        if (strcmp(objs[i].label, label) == 0) {
          found++;
          objs[i].seen++;
        }
      }
      if (found == 0) {
        missing++;
        fprintf(stderr, "MISSING committed object %s\n", label);
      } else if (found > 1) {
        dup++;
        fprintf(stderr, "DUPLICATE object %s (%d copies)\n", label, found);
      }
    }
    fclose(fp);
  }
  printf("objects on token %zu, committed (listed) %ld, missing %ld, duplicated %ld, corrupt %d\n", n, listed,
         missing, dup, corrupt);
  free(objs);
  F->C_Logout(s);
  F->C_CloseSession(s);
  return missing || dup || corrupt ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr,
            "usage: %s MODULE init TOKEN | write TOKEN PREFIX COUNT | twrite TOKEN PREFIX COUNT NTHREADS | "
            "pinloop TOKEN COUNT | check TOKEN FILE...\n",
            argv[0]);
    return 2;
  }
  const char *env_pin = getenv("P11_WRITER_PIN");
  if (env_pin != NULL && env_pin[0] != 0) kPin = env_pin;
  void *dl = NULL;
  F = p11_load(argv[1], &dl, NULL);
  if (F == NULL) return 2;
  CK_C_INITIALIZE_ARGS ia = {0};
  ia.flags = CKF_OS_LOCKING_OK;
  MUST(F->C_Initialize(&ia));
  int rc;
  if (strcmp(argv[2], "init") == 0) {
    CK_SLOT_ID slot;
    CK_RV rv = p11_setup_token(F, argv[3], kSo, kPin, &slot);
    if (rv != CKR_OK) fprintf(stderr, "p11_writer: token setup: %s (0x%lx)\n", p11_rv_name(rv), rv);
    rc = rv == CKR_OK ? 0 : 2;
  } else if (strcmp(argv[2], "write") == 0 && argc == 6) {
    rc = do_write(argv[3], argv[4], strtol(argv[5], NULL, 10));
  } else if (strcmp(argv[2], "twrite") == 0 && argc == 7) {
    rc = do_twrite(argv[3], argv[4], strtol(argv[5], NULL, 10), (int)strtol(argv[6], NULL, 10));
  } else if (strcmp(argv[2], "pinloop") == 0 && argc == 5) {
    rc = do_pinloop(argv[3], strtol(argv[4], NULL, 10));
  } else if (strcmp(argv[2], "check") == 0) {
    rc = do_check(argv[3], argc - 4, argv + 4);
  } else {
    fprintf(stderr, "p11_writer: bad arguments\n");
    rc = 2;
  }
  F->C_Finalize(NULL);
  return rc;
}
