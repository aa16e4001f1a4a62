/**
 * The review page end to end in headless Chromium (Debian's package, driven by playwright-core): a
 * reviewer signs in with a token, works through a queue of a hundred pending proposals, approves one and
 * rejects another through the page, and both decisions are found in PostgreSQL and in the workflows. The
 * API signs the page's decisions with its key, so the approval of a target whose policy wants signed
 * decisions is applied as the verified reviewer.
 * Screenshots are kept under test-artifacts/review-page/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { proposalStatus } from '../../../src/temporal/proposal-client.js';
import { type ApiTestBed, pendingApproval, startApiTestBed } from '../../support/api-fixture.js';
import { dbStatus } from '../../support/approval-fixture.js';
import { openTestBrowser, type TestBrowser } from '../../support/browser.js';
import { insertEpisodes, keyEpisodesByProposal } from '../../support/episode-fixture.js';
import { proposalRow } from '../../support/proposal-fixture.js';
import { createTestKeys, type TestKeys } from '../../support/signing-keys.js';

/** What "usable" means here: the queue of a hundred is on screen, and answers a filter, within these times. */
const FIRST_RENDER_BUDGET_MS = 3_000;
const FILTER_BUDGET_MS = 1_500;
const HOSTILE = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';

let bed: ApiTestBed;
let browser: TestBrowser;
let page: Page;
let keys: TestKeys;

before(async () => {
  keys = await createTestKeys({ registered: { 'kronos-api': '*' } });
  bed = await startApiTestBed('review-page', { signingKey: keys.keyOf('kronos-api'), approversPath: keys.approversPath });
  // A hundred pending proposals without workflows fill the queue; the ones decided below have workflows.
  await bed.database.db
    .insertInto('meta_controller_config_proposals')
    .values(
      Array.from({ length: 100 }, (_, i) => {
        const id = `bulk-${String(i).padStart(3, '0')}`;
        return proposalRow({
          proposal_id: id,
          target_id: `strategy-${i % 17}`,
          dedupe_key: id,
          confidence: ((i * 37) % 100) / 100,
          created_at: new Date(Date.UTC(2026, 0, 1 + (i % 28))).toISOString(),
        });
      }),
    )
    .execute();
  browser = await openTestBrowser('review-page');
  page = browser.page;
});

after(async () => {
  await browser?.close();
  await bed?.close();
  keys?.remove();
});

const shot = (name: string) => browser.shot(name);

async function decide(proposalId: string, action: 'approve' | 'reject', reason: string): Promise<string> {
  await page.goto(`${bed.api.url}/review/proposals/${proposalId}`);
  await page.locator('#decision-reason').fill(reason);
  await page.locator(`#${action}`).click();
  // Accepted: the page is shown again with the outcome on top; refused: the reason under the buttons.
  const result = page.locator('#decision-outcome, #decision-result.refused');
  await result.waitFor({ timeout: 30_000 });
  return (await result.textContent()) ?? '';
}

describe('review page', () => {
  test('signs in with a token, and the queue of a hundred renders sorted, pages and filters quickly', async () => {
    await page.goto(`${bed.api.url}/review/`);
    await page.locator('#token').fill(bed.tokens.bob);
    const started = Date.now();
    await page.locator('#token-form button[type=submit]').click();
    await page.locator('.proposal-row').first().waitFor();
    const firstRender = Date.now() - started;
    assert.ok(firstRender < FIRST_RENDER_BUDGET_MS, `first render took ${firstRender} ms`);
    assert.equal(await page.locator('.proposal-row').count(), 25);
    assert.equal(await page.locator('#summary').textContent(), '1–25 of 100');
    const confidences = (await page.locator('td.confidence').allTextContents()).map(Number);
    assert.deepEqual(
      confidences,
      [...confidences].sort((a, b) => b - a),
      'most confident first',
    );
    await page.locator('#calibration').waitFor();
    assert.match((await page.locator('#calibration').textContent()) ?? '', /Track record\s*No verified proposal yet/);
    await shot('queue');

    await page.locator('#pager-next').click();
    await page.locator('#summary', { hasText: '26–50 of 100' }).waitFor();
    await page.locator('#sort').selectOption('age');
    await page.locator('#summary', { hasText: '1–25 of 100' }).waitFor();

    const typed = Date.now();
    await page.locator('#filter').fill('strategy-16');
    await page.locator('#summary', { hasText: /of [1-9]$/ }).waitFor();
    const filterTime = Date.now() - typed;
    assert.ok(filterTime < FILTER_BUDGET_MS, `filtering took ${filterTime} ms`);
    const targets = await page.locator('.proposal-row td:nth-child(2) strong').allTextContents();
    assert.ok(targets.length > 0 && targets.every((t) => t === 'strategy-16'), targets.join(','));
    assert.match(page.url(), /q=strategy-16/, 'the filter is kept in the address');
    console.log(`review queue of 100: first render ${firstRender} ms, filter ${filterTime} ms`);
    await shot('queue-filtered');
  });

  test('approve one (a target whose decisions must be signed) and reject another through the page; both found in PostgreSQL and in the workflows', async () => {
    const toApprove = await pendingApproval(bed, { proposedBy: 'alice', rule: { identity: 'signed' } });
    const toReject = await pendingApproval(bed);
    await bed.database.db
      .updateTable('meta_controller_config_proposals')
      .set({ rationale_text: `## Why\n\nLow scores **lose**.\n\n${HOSTILE}` })
      .where('proposal_id', '=', toApprove.proposalId)
      .execute();

    await page.goto(`${bed.api.url}/review/proposals/${toApprove.proposalId}`);
    await page.locator('#evidence-charts svg.chart').first().waitFor();
    assert.equal(await page.locator('#evidence-charts svg.chart').count(), 2, 'effect and comparison');
    assert.equal(await page.locator('#evidence-charts .whisker').count(), 3, 'the effect interval: a whisker and two caps');
    assert.equal(await page.locator('#diff tbody tr').count(), 1);
    assert.equal(await page.locator('#diff td.to code').textContent(), '0.6');
    assert.equal(await page.locator('#rationale h4').textContent(), 'Why');
    assert.equal(await page.locator('#rationale strong').textContent(), 'lose');
    assert.ok(((await page.locator('#rationale').textContent()) ?? '').includes(HOSTILE), 'the markup is shown as text');
    assert.equal(await page.locator('#rationale img, #rationale script').count(), 0);
    assert.equal(await page.evaluate('window.pwned'), undefined);
    await shot('proposal');

    const approved = await decide(toApprove.proposalId, 'approve', 'evidence checked');
    assert.match(approved, /approve accepted: the proposal is APPLIED/);
    await page.locator('#status', { hasText: 'APPLIED' }).waitFor();
    await shot('approved');

    const rejected = await decide(toReject.proposalId, 'reject', 'the threshold is too high for this strategy');
    assert.match(rejected, /reject accepted: the proposal is REJECTED/);
    await shot('rejected');

    assert.equal(await dbStatus(bed.database.db, toApprove.proposalId), 'APPLIED');
    assert.equal(await dbStatus(bed.database.db, toReject.proposalId), 'REJECTED');
    const approvedFlow = await proposalStatus(bed.client, toApprove.proposalId);
    assert.equal(approvedFlow.status, 'APPLIED');
    assert.equal(approvedFlow.decision?.by, 'bob');
    assert.equal(approvedFlow.decision?.identity?.verifiedBy, 'bob', 'signed by the API for the token of bob');
    const rejectedFlow = await proposalStatus(bed.client, toReject.proposalId);
    assert.equal(rejectedFlow.status, 'REJECTED');
    assert.equal(rejectedFlow.decision?.reason, 'the threshold is too high for this strategy');
  });

  test('similar conditions: the proposed and the live config among the nearest episodes, and the episodes in two dimensions coloured by outcome', async () => {
    const proposal = await pendingApproval(bed);
    await insertEpisodes(bed.database.db, proposal.targetId);
    await keyEpisodesByProposal(bed.database.db, proposal.targetId, proposal.proposalId);
    await page.goto(`${bed.api.url}/review/proposals/${proposal.proposalId}`);
    await page.locator('#similar-map svg.episode-map').waitFor();
    assert.equal(await page.locator('#similar-outcomes tr.role-proposed td.num').textContent(), '1.00 %');
    assert.equal(await page.locator('#similar-outcomes tr.role-live td.num').textContent(), '0 %');
    assert.equal(await page.locator('#similar-map circle.episode.neighbour').count(), 10, 'the ten closed episodes are the nearest');
    assert.equal(await page.locator('#similar-map circle.episode.role-proposed:not(.legend *)').count(), 5);
    const fills = await page.locator('#similar-map circle.episode.neighbour').evaluateAll((dots) => new Set(dots.map((d) => d.getAttribute('fill'))).size);
    assert.equal(fills, 2, 'two outcomes, two colours');
    assert.equal(await page.locator('#similar-neighbours tbody tr').count(), 10);
    await shot('similar-conditions');

    await page.goto(`${bed.api.url}/review/proposals/bulk-000`);
    await page.locator('#similar-missing').waitFor();
    assert.match((await page.locator('#similar-missing').textContent()) ?? '', /no episodes of strategy strategy-0/);
  });

  test("a refusal is shown with the workflow's reason, and the proposal stays pending", async () => {
    const own = await pendingApproval(bed, { proposedBy: 'bob' });
    const refused = await decide(own.proposalId, 'approve', 'my own change');
    assert.equal(refused, 'refused: bob proposed this change and may not approve it (four-eyes rule)');
    await shot('refused');
    assert.equal(await dbStatus(bed.database.db, own.proposalId), 'PENDING');
    assert.equal((await proposalStatus(bed.client, own.proposalId)).phase, 'REVIEW');
  });

  test('a wrong token sends the reviewer back to the sign-in form', async () => {
    await page.evaluate("sessionStorage.setItem('kronos.review.token', 'not-a-token')");
    await page.goto(`${bed.api.url}/review/`);
    await page.locator('#token-form [role=alert]', { hasText: 'unknown bearer token' }).waitFor();
  });
});
