// P-256 fixed-base scalar multiplication r = k*G, constant time, with two
// independent accumulators: included by p256.c after each instance of
// ec_tmpl.h (EC(x), FP(x) naming it; P256_GSEL(out, row, want) selects one
// row entry of the shared table p256_gtab, constant time), which then only
// declares EC(mul_base_ct) (EC_CUSTOM_MUL_BASE).
//
// Same table and digits as ec_tmpl.h, with w = EC_GW = 7 for P-256:
// gtab[i][j-1] = j * 2^(7i) * G, j = 1..64, Booth digits d_i of 7 bits
// (|d_i| <= 64), k*G = sum_i d_i 2^(7i) G: 37 windows, 36 (EC_GSAFE) of
// them with the incomplete formula. The windows below EC_GSAFE
// go alternately to two Jacobian accumulators (even windows, odd windows),
// both added by one call of jmadd2_ct, which runs the two mixed additions
// statement by statement side by side: the field multiplications of one are
// independent of the other's, so the CPU overlaps the two latency chains (a
// single chain of mixed additions leaves most of the multiplier idle). The
// two sums are then added with the complete projective formula (RCB 2016,
// Algorithm 4), and the top windows as in ec_tmpl.h.
//
// Why the incomplete mixed addition stays safe: before window i is added to
// its accumulator, that accumulator is A*G with A a sum of some of the terms
// d_w 2^(7w), w < i, so |A| < 64 * 2^(7i) / 127 < 2^(7i) as for the single
// accumulator of ec_tmpl.h; the addend is d 2^(7i) G with 1 <= |d| <= 64,
// and |A| + 64 * 2^(7i) < n for i < EC_GSAFE (7i + 7 <= 255), so A = +-d
// 2^(7i) (mod n) would need it as integers, impossible. A = 0 (infinity) and d = 0 are
// handled with masks. The two accumulators may hold equal or opposite
// points, hence the complete formula to join them.

#ifndef P256_MB_SCRATCH_DEFINED
#define P256_MB_SCRATCH_DEFINED
// Runs `stmt` for s = 0 and s = 1 (the two accumulators), side by side.
#define P256_BOTH(stmt) \
  do {                  \
    {                   \
      const int s = 0;  \
      stmt;             \
    }                   \
    {                   \
      const int s = 1;  \
      stmt;             \
    }                   \
  } while (0)
#endif

// Temporaries of jmadd2_ct, kept by the caller and wiped once at the end.
typedef struct {
  uint64_t z1z1[2][EC_N], u2[2][EC_N], s2[2][EC_N], h[2][EC_N], hh[2][EC_N], i_[2][EC_N], j[2][EC_N],
      rr[2][EC_N], v[2][EC_N], t[2][EC_N], ainf[2];
  EC(jac) o[2];
} EC(mb_scratch);

// a[s] = a[s] + b[s] for s = 0, 1 ("madd-2007-bl", as EC(jmadd_ct)): b[s]
// affine, never equal nor opposite to a[s]; a[s] may be the point at
// infinity; bzero[s] all-ones means b[s] stands for infinity (a[s] kept).
static inline __attribute__((always_inline)) void EC(jmadd2_ct)(EC(mb_scratch) *w, EC(jac) *a,
                                                                const EC(aff) *b, const uint64_t *bzero) {
  P256_BOTH(w->ainf[s] = FP(is_zero)(a[s].z));
  P256_BOTH(FP(sqr)(w->z1z1[s], a[s].z));
  P256_BOTH(FP(mul)(w->s2[s], b[s].y, a[s].z));
  P256_BOTH(FP(mul)(w->u2[s], b[s].x, w->z1z1[s]));
  P256_BOTH(FP(mul)(w->s2[s], w->s2[s], w->z1z1[s]));
  P256_BOTH(FP(sub)(w->h[s], w->u2[s], a[s].x));
  P256_BOTH(FP(sub)(w->rr[s], w->s2[s], a[s].y));
  P256_BOTH(FP(sqr)(w->hh[s], w->h[s]));
  P256_BOTH(FP(add)(w->rr[s], w->rr[s], w->rr[s]));
  P256_BOTH(FP(add)(w->t[s], a[s].z, w->h[s]));
  P256_BOTH(FP(add)(w->i_[s], w->hh[s], w->hh[s]));
  P256_BOTH(FP(add)(w->i_[s], w->i_[s], w->i_[s]));
  P256_BOTH(FP(mul)(w->j[s], w->h[s], w->i_[s]));
  P256_BOTH(FP(mul)(w->v[s], a[s].x, w->i_[s]));
  P256_BOTH(FP(sqr)(w->t[s], w->t[s]));
  P256_BOTH(FP(sub)(w->t[s], w->t[s], w->z1z1[s]));
  P256_BOTH(FP(sub)(w->o[s].z, w->t[s], w->hh[s]));
  P256_BOTH(FP(sqr)(w->t[s], w->rr[s]));
  P256_BOTH(FP(sub)(w->t[s], w->t[s], w->j[s]));
  P256_BOTH(FP(mul)(w->j[s], a[s].y, w->j[s]));
  P256_BOTH(FP(sub)(w->t[s], w->t[s], w->v[s]));
  P256_BOTH(FP(sub)(w->o[s].x, w->t[s], w->v[s]));
  P256_BOTH(FP(add)(w->j[s], w->j[s], w->j[s]));
  P256_BOTH(FP(sub)(w->t[s], w->v[s], w->o[s].x));
  P256_BOTH(FP(mul)(w->t[s], w->rr[s], w->t[s]));
  P256_BOTH(FP(sub)(w->o[s].y, w->t[s], w->j[s]));
  P256_BOTH(FP(cmov)(w->o[s].x, b[s].x, w->ainf[s]));
  P256_BOTH(FP(cmov)(w->o[s].y, b[s].y, w->ainf[s]));
  P256_BOTH(FP(cmov)(w->o[s].z, P_ONE, w->ainf[s]));
  P256_BOTH(FP(cmov)(w->o[s].x, a[s].x, bzero[s]));
  P256_BOTH(FP(cmov)(w->o[s].y, a[s].y, bzero[s]));
  P256_BOTH(FP(cmov)(w->o[s].z, a[s].z, bzero[s]));
  P256_BOTH(a[s] = w->o[s]);
}

_Static_assert(EC_GW == 7 && EC_GSAFE == 36 && EC_GWIN == 37, "P-256 fixed-base windows");

// r = k*G, constant time (k < 2^257).
static void EC(mul_base_ct)(EC(pt) *r, const uint64_t *k) {
  EC(mb_scratch) w;
  EC(jac) acc[2];
  EC(aff) sel[2];
  EC(pt) p0, p1, tmp;
  uint64_t ny[EC_N], keep[2];
  (void)EC(jmadd_ct);  // the one-accumulator form of ec_tmpl.h (unused here)
  p256_gtab_ready();
  EC(jset_inf)(&acc[0]);
  EC(jset_inf)(&acc[1]);
  for (int i = 0; i < EC_GSAFE; i += 2) {
    for (int s = 0; s < 2; s++) {
      uint32_t neg;
      uint32_t idx = EC(booth)(EC(bits)(k, (i + s) * EC_GW - 1, EC_GW + 1), EC_GW, &neg);
      // Entry j holds (j + 1) * 2^(7i) * G; idx = 0 selects nothing (zero).
      P256_GSEL((uint64_t *)(void *)&sel[s], (const uint64_t *)(const void *)p256_gtab[i + s], idx - 1);
      FP(neg)(ny, sel[s].y);
      FP(cmov)(sel[s].y, ny, (uint64_t)0 - (uint64_t)neg);
      keep[s] = (uint64_t)0 - (uint64_t)(cce_ct_eq_mask32(idx, 0) & 1u);
    }
    EC(jmadd2_ct)(&w, acc, sel, keep);
  }
  EC(jac_to_pt)(&p0, &acc[0]);
  EC(jac_to_pt)(&p1, &acc[1]);
  EC(add)(&p0, &p0, &p1);  // complete: the two sums may coincide
  for (int i = EC_GSAFE; i < EC_GWIN; i++) {
    uint32_t neg;
    uint32_t idx = EC(booth)(EC(bits)(k, i * EC_GW - 1, EC_GW + 1), EC_GW, &neg);
    P256_GSEL((uint64_t *)(void *)&sel[0], (const uint64_t *)(const void *)p256_gtab[i], idx - 1);
    FP(neg)(ny, sel[0].y);
    FP(cmov)(sel[0].y, ny, (uint64_t)0 - (uint64_t)neg);
    keep[0] = (uint64_t)0 - (uint64_t)(cce_ct_eq_mask32(idx, 0) & 1u);
    EC(add_mixed)(&tmp, &p0, &sel[0]);
    FP(cmov)(tmp.x, p0.x, keep[0]);
    FP(cmov)(tmp.y, p0.y, keep[0]);
    FP(cmov)(tmp.z, p0.z, keep[0]);
    p0 = tmp;
  }
  *r = p0;
  ec_wipe_small(&w, sizeof w);
  ec_wipe_small(acc, sizeof acc);
  ec_wipe_small(sel, sizeof sel);
  ec_wipe_small(&p0, sizeof p0);
  ec_wipe_small(&p1, sizeof p1);
  ec_wipe_small(&tmp, sizeof tmp);
  ec_wipe_small(ny, sizeof ny);
  ec_wipe_small(keep, sizeof keep);
}
