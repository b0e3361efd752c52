// The kernel's floor under `cce seal`/`cce open` on tmpfs: writes SIZE bytes
// of a constant pattern into a new file with pwrite (256 KiB per call, the
// way the file path of `cce seal` writes), split over THREADS threads that
// each fill their own half, and prints the wall time. No cryptography and
// no input: what remains is the cost of fresh page-cache pages, which any
// tool writing its output there pays.
//
//   tmpfs_floor FILE [THREADS [MIB]]
//
// Built and run by bench/seal_vs_age.sh (cc -O2 -pthread).
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define STEP (256u << 10)

static int fd;
static unsigned threads = 1;
static size_t total = (size_t)1 << 30;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void *fill(void *arg) {
  static _Thread_local unsigned char buf[STEP];
  size_t id = (size_t)arg, per = total / threads, off = id * per;
  memset(buf, (int)(0x5a + id), sizeof buf);
  for (size_t o = 0; o < per; o += STEP) {
    size_t n = per - o < STEP ? per - o : STEP;
    if (pwrite(fd, buf, n, (off_t)(off + o)) != (ssize_t)n) {
      perror("tmpfs_floor: pwrite");
      exit(1);
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 4) {
    fprintf(stderr, "usage: tmpfs_floor FILE [THREADS [MIB]]\n");
    return 2;
  }
  if (argc > 2) threads = (unsigned)atoi(argv[2]);
  if (argc > 3) total = (size_t)atol(argv[3]) << 20;
  if (threads < 1 || threads > 64 || total == 0) {
    fprintf(stderr, "tmpfs_floor: bad THREADS or MIB\n");
    return 2;
  }
  unlink(argv[1]);
  fd = open(argv[1], O_RDWR | O_CREAT | O_EXCL, 0600);
  if (fd < 0 || ftruncate(fd, (off_t)total) != 0) {
    perror("tmpfs_floor: open");
    return 1;
  }
  double t0 = now();
  pthread_t tid[64];
  for (size_t i = 0; i < threads; i++)
    if (pthread_create(&tid[i], NULL, fill, (void *)i) != 0) {
      fprintf(stderr, "tmpfs_floor: pthread_create failed\n");
      return 1;
    }
  for (size_t i = 0; i < threads; i++) pthread_join(tid[i], NULL);
  printf("%.3f\n", now() - t0);
  close(fd);
  unlink(argv[1]);
  return 0;
}
