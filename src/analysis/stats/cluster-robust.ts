/**
 * Cluster-robust inference for a contrast of group means when observations share a cluster (a day's
 * market move, an event's severity) and clusters are few: the Bell–McCaffrey CR2 variance with the
 * Imbens–Kolesár degrees of freedom (Imbens & Kolesár 2016, "Robust Standard Errors in Small Samples").
 *
 * The model is the regression of each observation on its group's indicator; the contrast is
 * θ = Σ_k c_k·μ_k (a mean: one group, c = 1; a difference: c = (1, −1); a stratified difference: ± the
 * stratum weights). Everything is computed from per-cluster sums n_kg, S_kg (and Σx² for the working
 * model), so no observation needs to leave the database.
 */
import { type Alternative, studentTPValue } from './alternative.js';
import { studentTInterval } from './t-interval.js';

/** One group's observations summed per cluster; the arrays are aligned on the cluster index. */
export interface ClusterSums {
  n: readonly number[];
  sum: readonly number[];
  /** Σx² per cluster: lets the working model estimate how much of the variance the clusters share. */
  sum_sq?: readonly number[];
}

export interface ContrastTerm {
  coefficient: number;
  sums: ClusterSums;
}

export interface ClusteredContrast {
  estimate: number;
  /** √ of the CR2 variance. */
  se: number;
  /** Imbens–Kolesár degrees of freedom of the t reference. */
  df: number;
  /** Clusters with at least one observation. */
  clusters: number;
  /** Between-cluster over within-cluster variance of the working model (0 when it cannot be estimated). */
  cluster_variance_ratio: number;
}

const total = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/** Observations of a group in one cluster, summed. */
export interface ClusterRecord {
  cluster: string | number;
  n: number;
  sum: number;
  /** Σx²; when any record lacks it the working model has no cluster effect. */
  sum_sq?: number;
}

/**
 * Several groups' records aligned on the union of their clusters (zero where a group has none there).
 *
 * @example
 * const [cell, rest] = sumsByCluster([cellRecords, restRecords]);
 */
export function sumsByCluster(groups: readonly (readonly ClusterRecord[])[]): ClusterSums[] {
  const clusters = [...new Set(groups.flatMap((records) => records.map((r) => r.cluster)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(clusters.map((c, i) => [c, i]));
  const withSquares = groups.every((records) => records.every((r) => r.sum_sq !== undefined));
  return groups.map((records) => {
    const n = new Array<number>(clusters.length).fill(0);
    const sum = new Array<number>(clusters.length).fill(0);
    const sumSq = new Array<number>(clusters.length).fill(0);
    for (const r of records) {
      const at = index.get(r.cluster)!;
      n[at] += r.n;
      sum[at] += r.sum;
      if (withSquares) sumSq[at] += r.sum_sq!;
    }
    return withSquares ? { n, sum, sum_sq: sumSq } : { n, sum };
  });
}

/**
 * Working model Ω = I + ρ·Σ_g 1_g1_gᵀ: ρ = σ²_between/σ²_within from a one-way ANOVA of the
 * residuals about the group means, the clusters as random effects. 0 without Σx², or when the
 * observations are one per cluster and group (the within variance is then not identified).
 */
function clusterVarianceRatio(terms: readonly ContrastTerm[], means: readonly number[], totals: readonly number[]): number {
  let within = 0;
  let withinDf = 0;
  let between = 0;
  let cells = 0;
  let sumSqShare = 0;
  for (const [k, { sums }] of terms.entries()) {
    if (!sums.sum_sq) return 0;
    sums.n.forEach((n, g) => {
      if (n <= 0) return;
      const cellMean = sums.sum[g] / n;
      within += Math.max(0, sums.sum_sq![g] - n * cellMean * cellMean);
      withinDf += n - 1;
      between += n * (cellMean - means[k]) ** 2;
      cells += 1;
      sumSqShare += (n * n) / totals[k];
    });
  }
  const betweenDf = cells - terms.length;
  if (withinDf <= 0 || betweenDf <= 0) return 0;
  const sigmaWithin = within / withinDf;
  if (!(sigmaWithin > 0)) return 0;
  const n0 = (total(totals) - sumSqShare) / betweenDf;
  return Math.max(0, (between / betweenDf - sigmaWithin) / n0) / sigmaWithin;
}

/**
 * The contrast, its CR2 standard error and Imbens–Kolesár degrees of freedom.
 *
 * CR2: each cluster's residuals are scaled by (I − H_gg)^{-1/2}; for group-mean regressors H_gg is
 * J/N_k on group k's rows of the cluster, so the scaled score of cluster g is
 * ψ_g = Σ_k c_k·(S_kg − n_kg·μ_k)/(N_k·√(1 − n_kg/N_k)) and V = Σ_g ψ_g².
 * Degrees of freedom: (tr B)²/‖B‖²_F with B = GᵀΩG, G's column g = M·A_g·X_g(XᵀX)⁻¹c (M the residual
 * maker), Ω the working model; in closed form from the cluster sums, O(K²·G + K·G²).
 *
 * A group whose observations all sit in one cluster has no cluster-robust variance: se and df are NaN.
 *
 * @example
 * clusteredContrast([{ coefficient: 1, sums: cellDays }, { coefficient: -1, sums: restDays }]); // difference of means
 */
export function clusteredContrast(terms: readonly ContrastTerm[]): ClusteredContrast {
  const g = terms[0]?.sums.n.length ?? 0;
  const totals = terms.map((t) => total(t.sums.n));
  const means = terms.map((t, k) => total(t.sums.sum) / totals[k]);
  const estimate = terms.reduce((s, t, k) => s + t.coefficient * means[k], 0);
  const occupied: number[] = [];
  for (let c = 0; c < g; c++) if (terms.some((t) => t.sums.n[c] > 0)) occupied.push(c);
  const clusters = occupied.length;
  const undefinedResult = { estimate, se: NaN, df: NaN, clusters, cluster_variance_ratio: NaN };
  if (terms.some((t, k) => t.sums.n.some((n) => n >= totals[k]))) return undefinedResult;

  // z_kg = c_k·α_kg·n_kg with α_kg = 1/(N_k·√(1 − n_kg/N_k)): the CR2 weight of group k's rows of cluster g.
  const z = terms.map((t, k) => occupied.map((c) => (t.coefficient * t.sums.n[c]) / (totals[k] * Math.sqrt(1 - t.sums.n[c] / totals[k]))));
  let variance = 0;
  occupied.forEach((c, i) => {
    let psi = 0;
    terms.forEach((t, k) => {
      if (t.sums.n[c] > 0) psi += (z[k][i] / t.sums.n[c]) * (t.sums.sum[c] - t.sums.n[c] * means[k]);
    });
    variance += psi * psi;
  });

  const rho = clusterVarianceRatio(terms, means, totals);
  const b = workingModelMatrix(terms, occupied, totals, z, rho);
  let trace = 0;
  let frobenius = 0;
  for (let i = 0; i < clusters; i++) {
    trace += b[i][i];
    for (let j = 0; j < clusters; j++) frobenius += b[i][j] * b[i][j];
  }
  return { estimate, se: Math.sqrt(variance), df: (trace * trace) / frobenius, clusters, cluster_variance_ratio: rho };
}

/**
 * B = GᵀG + ρ·(GᵀJ)(GᵀJ)ᵀ, J the cluster indicators. With y_kg = z_kg/N_k, d_g = Σ_k z_kg:
 * (GᵀG)_gh = δ_gh·Σ_k z_kg²/n_kg − Σ_k z_kg·z_kh/N_k, and (GᵀJ)_gj = δ_gj·d_g − Σ_k y_kg·n_kj.
 */
function workingModelMatrix(terms: readonly ContrastTerm[], occupied: readonly number[], totals: readonly number[], z: number[][], rho: number): number[][] {
  const K = terms.length;
  const G = occupied.length;
  const n = terms.map((t) => occupied.map((c) => t.sums.n[c]));
  const y = z.map((zk, k) => zk.map((v) => v / totals[k]));
  const d = occupied.map((_, i) => z.reduce((s, zk) => s + zk[i], 0));
  // m_kl = Σ_j n_kj·n_lj, and v_h = m·y_h, so Σ_j a_gj·a_hj = y_gᵀ·m·y_h with a_gj = Σ_k y_kg·n_kj.
  const m = n.map((nk) => n.map((nl) => nk.reduce((s, x, j) => s + x * nl[j], 0)));
  const v = occupied.map((_, h) => m.map((row) => row.reduce((s, x, l) => s + x * y[l][h], 0)));
  const b: number[][] = [];
  for (let gi = 0; gi < G; gi++) {
    const row = new Array<number>(G);
    for (let hi = 0; hi < G; hi++) {
      let uu = 0;
      let cross = 0;
      let ahg = 0;
      let agh = 0;
      for (let k = 0; k < K; k++) {
        uu -= (z[k][gi] * z[k][hi]) / totals[k];
        cross += y[k][gi] * v[hi][k];
        ahg += y[k][hi] * n[k][gi];
        agh += y[k][gi] * n[k][hi];
      }
      if (gi === hi) for (let k = 0; k < K; k++) if (n[k][gi] > 0) uu += (z[k][gi] * z[k][gi]) / n[k][gi];
      const tt = (gi === hi ? d[gi] * d[gi] : 0) - d[gi] * ahg - d[hi] * agh + cross;
      row[hi] = uu + rho * tt;
    }
    b.push(row);
  }
  return b;
}

export interface ClusteredTest extends ClusteredContrast {
  p: number;
  ci: [number, number];
}

/**
 * The contrast tested against `nullValue` with a t reference on the Imbens–Kolesár degrees of freedom,
 * and its two-sided interval at `level`.
 *
 * @example
 * clusteredTest([{ coefficient: 1, sums: days }], 0, 'less'); // { estimate: −0.004, se: 0.0013, df: 7.2, p: 0.008, … }
 */
export function clusteredTest(terms: readonly ContrastTerm[], nullValue: number, alternative: Alternative, level = 0.95): ClusteredTest {
  const contrast = clusteredContrast(terms);
  const usable = contrast.se > 0 && contrast.df > 0;
  return {
    ...contrast,
    p: usable ? studentTPValue((contrast.estimate - nullValue) / contrast.se, contrast.df, alternative) : NaN,
    ci: usable ? studentTInterval(contrast.estimate, contrast.se, contrast.df, level) : [NaN, NaN],
  };
}
