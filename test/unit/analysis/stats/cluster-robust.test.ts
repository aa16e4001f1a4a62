import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ContrastTerm, clusteredContrast, clusteredTest } from '../../../../src/analysis/stats/cluster-robust.js';
import { createRng } from '../../../../src/analysis/stats/rng.js';
import { assertClose } from './reference-math.js';
import { symmetricEigen } from '../../../../src/analysis/stats/symmetric-eigen.js';

type Matrix = number[][];
const zeros = (r: number, c: number): Matrix => Array.from({ length: r }, () => new Array<number>(c).fill(0));
const mul = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0].map((_, j) => row.reduce((s, x, k) => s + x * b[k][j], 0)));
const transpose = (a: Matrix): Matrix => a[0].map((_, j) => a.map((row) => row[j]));

/** Observations (group, cluster, value) → CR2 variance and Bell–McCaffrey/Imbens–Kolesár df with dense matrices. */
function denseReference(obs: { group: number; cluster: number; x: number }[], coefficients: number[], rho: number) {
  const N = obs.length;
  const K = coefficients.length;
  const X = obs.map((o) => Array.from({ length: K }, (_, k) => (o.group === k ? 1 : 0)));
  const counts = coefficients.map((_, k) => obs.filter((o) => o.group === k).length);
  const beta = coefficients.map((_, k) => obs.filter((o) => o.group === k).reduce((s, o) => s + o.x, 0) / counts[k]);
  const H = obs.map((a) => obs.map((b) => (a.group === b.group ? 1 / counts[a.group] : 0)));
  const M = H.map((row, i) => row.map((h, j) => (i === j ? 1 : 0) - h));
  const e = obs.map((o) => o.x - beta[o.group]);
  const w = obs.map((o) => coefficients[o.group] / counts[o.group]); // X(XᵀX)⁻¹c
  const clusters = [...new Set(obs.map((o) => o.cluster))].sort((a, b) => a - b);
  const Omega = obs.map((a, i) => obs.map((b, j) => (i === j ? 1 : 0) + (a.cluster === b.cluster ? rho : 0)));
  let variance = 0;
  const columns: number[][] = [];
  for (const c of clusters) {
    const rows = obs.flatMap((o, i) => (o.cluster === c ? [i] : []));
    const block = rows.map((i) => rows.map((j) => (i === j ? 1 : 0) - H[i][j]));
    const { values, vectors } = symmetricEigen(block);
    const A = vectors.map((_, i) => vectors.map((__, j) => values.reduce((s, lambda, k) => s + (vectors[i][k] * vectors[j][k]) / Math.sqrt(lambda), 0)));
    const aw = A.map((row) => row.reduce((s, x, j) => s + x * w[rows[j]], 0));
    variance += aw.reduce((s, x, j) => s + x * e[rows[j]], 0) ** 2;
    columns.push(M.map((row) => rows.reduce((s, r, j) => s + row[r] * aw[j], 0)));
  }
  const G = transpose(columns);
  const B = mul(mul(transpose(G), Omega), G);
  const trace = B.reduce((s, row, i) => s + row[i], 0);
  const frobenius = B.flat().reduce((s, x) => s + x * x, 0);
  return { variance, df: (trace * trace) / frobenius, estimate: coefficients.reduce((s, c, k) => s + c * beta[k], 0) };
}

function termsOf(obs: { group: number; cluster: number; x: number }[], coefficients: number[], clusters: number): ContrastTerm[] {
  return coefficients.map((coefficient, k) => {
    const n = new Array<number>(clusters).fill(0);
    const sum = new Array<number>(clusters).fill(0);
    const sum_sq = new Array<number>(clusters).fill(0);
    for (const o of obs.filter((o) => o.group === k)) {
      n[o.cluster] += 1;
      sum[o.cluster] += o.x;
      sum_sq[o.cluster] += o.x * o.x;
    }
    return { coefficient, sums: { n, sum, sum_sq } };
  });
}

function randomObservations(seed: number, groups: number, clusters: number, maxPerCell: number) {
  const rng = createRng(seed);
  const obs: { group: number; cluster: number; x: number }[] = [];
  for (let c = 0; c < clusters; c++) {
    const shock = rng() - 0.5;
    for (let k = 0; k < groups; k++) {
      const count = Math.floor(rng() * (maxPerCell + 1));
      for (let i = 0; i < count; i++) obs.push({ group: k, cluster: c, x: shock + rng() });
    }
  }
  return obs;
}

test('the closed-form CR2 variance and degrees of freedom equal the dense matrix computation', () => {
  for (const [seed, coefficients] of [
    [1, [1]],
    [2, [1, -1]],
    [3, [0.3, -0.3, 0.7, -0.7]],
  ] as const) {
    const obs = randomObservations(seed, coefficients.length, 6, 4);
    const terms = termsOf(obs, [...coefficients], 6);
    const fast = clusteredContrast(terms);
    const dense = denseReference(obs, [...coefficients], fast.cluster_variance_ratio);
    assert.ok(fast.cluster_variance_ratio > 0, 'the clusters share a shock');
    assertClose(fast.estimate, dense.estimate, 1e-12, 'estimate');
    assertClose(fast.se ** 2, dense.variance, 1e-9, `variance (seed ${seed})`);
    assertClose(fast.df, dense.df, 1e-9, `df (seed ${seed})`);
    const identity = clusteredContrast(terms.map((t) => ({ ...t, sums: { n: t.sums.n, sum: t.sums.sum } })));
    assert.equal(identity.cluster_variance_ratio, 0);
    assertClose(identity.df, denseReference(obs, [...coefficients], 0).df, 1e-9, 'df with the identity working model');
  }
});

test('a mean over balanced clusters has G − 1 degrees of freedom; unbalanced clusters have fewer', () => {
  const balanced = clusteredContrast([{ coefficient: 1, sums: { n: [4, 4, 4, 4, 4], sum: [1, 2, 0, 1, 3] } }]);
  assertClose(balanced.df, 4, 1e-12);
  const unbalanced = clusteredContrast([{ coefficient: 1, sums: { n: [40, 4, 2, 2, 1], sum: [1, 2, 0, 1, 3] } }]);
  assert.ok(unbalanced.df < 3, `df ${unbalanced.df}`);
});

test('a group held by one cluster has no cluster-robust variance', () => {
  const result = clusteredTest([{ coefficient: 1, sums: { n: [0, 5, 0], sum: [0, 1, 0] } }], 0, 'two-sided');
  assert.ok(Number.isNaN(result.se) && Number.isNaN(result.p));
  assert.equal(result.clusters, 1);
});
