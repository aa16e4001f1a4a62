import assert from 'node:assert/strict';
import { test } from 'node:test';
import { principalComponents, projectOnto } from '../../../../src/analysis/stats/principal-components.js';

test('a cloud stretched along (1, 1): the first component is that direction, the second carries the small spread', () => {
  const points = [-2, -1, 0, 1, 2].flatMap((t) => [
    [t + 0.1, t - 0.1],
    [t - 0.1, t + 0.1],
  ]);
  const pc = principalComponents(points, 2);
  const [u] = pc.components;
  assert.ok(Math.abs(Math.abs(u[0]) - Math.SQRT1_2) < 1e-9 && Math.abs(u[0] - u[1]) < 1e-9, String(u));
  assert.ok(Math.abs(pc.variances[0] - 4) < 1e-9, String(pc.variances));
  assert.ok(Math.abs(pc.variances[1] - 0.02) < 1e-9, String(pc.variances));
  assert.ok(Math.abs(pc.totalVariance - 4.02) < 1e-9);
  const [x, y] = projectOnto(pc, [2, 2]);
  assert.ok(Math.abs(Math.abs(x) - 2 * Math.SQRT2) < 1e-9 && Math.abs(y) < 1e-9, `${x}, ${y}`);
});

test('asking for more components than dimensions gives every dimension once', () => {
  const pc = principalComponents(
    [
      [0, 1],
      [1, 0],
      [2, 2],
    ],
    5,
  );
  assert.equal(pc.components.length, 2);
});
