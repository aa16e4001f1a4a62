/** The review page's renderers: text stays text, charts place bars and whiskers where the numbers say. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { barChart, formatValue, niceTicks, seriesChart } from '../../../src/api/review-page/charts.js';
import { markdownNodes } from '../../../src/api/review-page/markdown.js';
import { el, type TreeNode, toMarkup } from '../../../src/api/review-page/tree.js';

const HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>';

function find(node: TreeNode | string, predicate: (n: TreeNode) => boolean): TreeNode[] {
  if (typeof node === 'string') return [];
  return [...(predicate(node) ? [node] : []), ...node.children.flatMap((c) => find(c, predicate))];
}

describe('toMarkup', () => {
  test('escapes text and attribute values, and drops on* attributes', () => {
    const html = toMarkup(el('p', { title: '"><b>', onclick: 'alert(1)', onmouseover: () => 1 }, HOSTILE));
    assert.equal(html, `<p title="&quot;&gt;&lt;b&gt;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;</p>`);
  });

  test('refuses tag and attribute names that would break out of markup', () => {
    assert.throws(() => toMarkup(el('p onload=x', {})), /invalid tag name/);
    assert.throws(() => toMarkup(el('p', { 'x"y': 1 })), /invalid attribute name/);
    assert.throws(() => toMarkup(el('style', {}, 'a{}</style><script>')), /stylesheet may not contain/);
  });
});

describe('markdownNodes', () => {
  test('renders the rationale structure', () => {
    const html = markdownNodes('# Summary\n\nRaise **entry_threshold** to `0.6`, *cautiously*.\n\n- one\n- two\n\n1. first\n\n> quoted\n\n```\ncode <b>\n```')
      .map(toMarkup)
      .join('');
    assert.equal(
      html,
      '<h3>Summary</h3><p>Raise <strong>entry_threshold</strong> to <code>0.6</code>, <em>cautiously</em>.</p>' +
        '<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol><blockquote>quoted</blockquote><pre><code>code &lt;b&gt;</code></pre>',
    );
  });

  test('underscores inside words are text; around words they emphasise', () => {
    const html = markdownNodes('STRATEGY_LOSES_IN_REGIME on rationale_status, _really_ and __very__').map(toMarkup).join('');
    assert.equal(html, '<p>STRATEGY_LOSES_IN_REGIME on rationale_status, <em>really</em> and <strong>very</strong></p>');
  });

  test('untrusted markup stays text, and links are not made clickable', () => {
    const nodes = markdownNodes(`${HOSTILE}\n\n[click](javascript:alert.call.3) **${HOSTILE}**`);
    const html = nodes.map(toMarkup).join('');
    assert.ok(!/<(img|script|a)\b/i.test(html), html);
    assert.match(html, /click<span class="muted"> \(javascript:alert\.call\.3\)<\/span>/);
  });
});

describe('charts', () => {
  test('formatValue: fractions as percentages, numbers with 3 significant digits', () => {
    assert.equal(formatValue(-0.0123, 'fraction'), '-1.23 %');
    assert.equal(formatValue(1.23456), '1.23');
    assert.equal(formatValue(12345678), '1.23e+7');
    assert.equal(formatValue(Number.NaN), '–');
  });

  test('niceTicks covers the range in steps of 1, 2 or 5', () => {
    assert.deepEqual(niceTicks(-0.021, 0.013), [-0.02, -0.01, 0, 0.01]);
    assert.deepEqual(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  test('a bar starts at zero, and its whisker spans the interval', () => {
    const chart = barChart({
      title: 'by regime',
      bars: [
        { label: 'CRISIS', value: -1, low: -2, high: 0 },
        { label: 'CALM', value: 2 },
      ],
    });
    const rects = find(chart, (n) => n.tag === 'rect');
    const origin = find(chart, (n) => n.attrs.class === 'origin')[0];
    const zero = Number(origin.attrs.x1);
    assert.equal(rects.length, 2);
    assert.ok(Math.abs(Number(rects[0].attrs.x) + Number(rects[0].attrs.width) - zero) < 1e-9, 'negative bar ends at zero');
    assert.ok(Math.abs(Number(rects[1].attrs.x) - zero) < 1e-9, 'positive bar starts at zero');
    const whiskers = find(chart, (n) => n.attrs.class === 'whisker');
    assert.equal(whiskers.length, 3, 'one whisker with two caps, only for the bar with an interval');
    assert.ok(Math.abs(Number(whiskers[0].attrs.x2) - zero) < 1e-9, 'the interval ends at 0');
    assert.ok(Number(whiskers[0].attrs.x1) < Number(rects[0].attrs.x), 'the interval reaches beyond the bar');
    const labels = find(chart, (n) => n.attrs.class === 'label').map((n) => n.children[0]);
    assert.deepEqual(labels, ['CRISIS', 'CALM']);
  });

  test('a series draws one point per value in order, joined by a line', () => {
    const chart = seriesChart({
      title: 'trend',
      kind: 'series',
      bars: [1, 3, 2].map((value, i) => ({ label: `2026-01-0${i + 1}`, value, low: value - 1, high: value + 1 })),
    });
    const dots = find(chart, (n) => n.tag === 'circle');
    assert.equal(dots.length, 3);
    const xs = dots.map((d) => Number(d.attrs.cx));
    assert.ok(xs[0] < xs[1] && xs[1] < xs[2]);
    const ys = dots.map((d) => Number(d.attrs.cy));
    assert.ok(ys[1] < ys[2] && ys[2] < ys[0], 'higher values are drawn higher');
    assert.equal(find(chart, (n) => n.tag === 'polyline').length, 1);
  });

  test('labels and titles from the data are escaped in markup', () => {
    const html = toMarkup(barChart({ title: HOSTILE, bars: [{ label: HOSTILE, value: 1 }] }));
    assert.ok(!/<(img|script)\b/i.test(html));
  });
});
