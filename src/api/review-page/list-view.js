/**
 * The review queue: proposals sorted by confidence or age, a filter box, a status choice and paging. The
 * API filters, sorts and pages, so a page holds at most PAGE_SIZE rows whatever the queue's length. The
 * state lives in the URL's query string, so a reload or a shared link shows the same page.
 */
import { callApi } from './api.js';
import { calibrationPanel } from './calibration-panel.js';
import { el, toDom } from './tree.js';
import { formatAge, formatMoney, statusBadge } from './views-common.js';

const PAGE_SIZE = 25;
const STATUSES = ['PENDING', 'APPROVED', 'APPLIED', 'REJECTED', 'EXPIRED', 'CONFLICT', 'REVERTED', 'SUPERSEDED'];

function readState() {
  const params = new URLSearchParams(location.search);
  return {
    status: params.get('status') ?? 'PENDING',
    sort: params.get('sort') === 'age' ? 'age' : 'confidence',
    q: params.get('q') ?? '',
    offset: Math.max(0, Number.parseInt(params.get('offset') ?? '0', 10) || 0),
  };
}

function writeState(state) {
  const params = new URLSearchParams({ status: state.status, sort: state.sort, offset: String(state.offset) });
  if (state.q) params.set('q', state.q);
  history.replaceState(null, '', `${location.pathname}?${params}`);
}

function confidenceCell(confidence) {
  return el(
    'td',
    { class: 'confidence' },
    el('meter', { min: 0, max: 1, value: confidence, title: `confidence ${confidence.toFixed(3)}` }),
    ` ${confidence.toFixed(2)}`,
  );
}

function row(p) {
  const href = `/review/proposals/${encodeURIComponent(p.proposal_id)}`;
  return el(
    'tr',
    { class: 'proposal-row', 'data-proposal-id': p.proposal_id },
    confidenceCell(p.confidence),
    el('td', {}, el('a', { href }, `${p.target_type} `, el('strong', {}, p.target_id))),
    el('td', {}, p.kind),
    el('td', { class: 'paths' }, (p.changed_paths ?? []).join(', ')),
    el(
      'td',
      { class: 'money', title: 'expected gain per week at the recent activity' },
      typeof p.expected_money_per_week === 'number' ? formatMoney(p.expected_money_per_week) : '',
    ),
    el('td', {}, statusBadge(p.status)),
    el('td', { title: new Date(p.created_at).toISOString() }, formatAge(p.created_at)),
    el('td', { title: 'may be applied automatically when the review window ends' }, p.auto_applicable ? 'auto' : ''),
  );
}

function resultsTable(page) {
  if (page.items.length === 0) return el('p', { class: 'muted', id: 'empty' }, 'No proposal matches.');
  return el(
    'table',
    { class: 'queue' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ['confidence', 'target', 'kind', 'changes', 'per week', 'status', 'age', ''].map((h) => el('th', {}, h)),
      ),
    ),
    el('tbody', {}, page.items.map(row)),
  );
}

/**
 * Shows the queue in `container` and keeps it in step with the controls.
 *
 * @param {HTMLElement} container
 * @param {(err: unknown) => void} onFailure shows a failed call (and asks for a token again after a 401)
 */
export async function mountList(container, onFailure) {
  const state = readState();
  const results = toDom(el('div', { id: 'results' }));
  const summary = toDom(el('span', { id: 'summary', class: 'muted' }));
  const previous = /** @type {HTMLButtonElement} */ (toDom(el('button', { id: 'pager-previous', type: 'button' }, '← previous')));
  const next = /** @type {HTMLButtonElement} */ (toDom(el('button', { id: 'pager-next', type: 'button' }, 'next →')));
  let request = 0;

  const load = async () => {
    const mine = ++request;
    writeState(state);
    const params = new URLSearchParams({ status: state.status, sort: state.sort, limit: String(PAGE_SIZE), offset: String(state.offset) });
    if (state.q) params.set('q', state.q);
    const page = await callApi('GET', `/proposals?${params}`);
    if (mine !== request) return; // a newer request superseded this one
    results.replaceChildren(toDom(resultsTable(page)));
    const last = Math.min(page.total, state.offset + page.items.length);
    summary.textContent = page.total === 0 ? '0 proposals' : `${state.offset + 1}–${last} of ${page.total}`;
    previous.disabled = state.offset === 0;
    next.disabled = last >= page.total;
    container.dataset.loaded = String(mine);
  };

  /** Applies a change of the controls (back to the first page unless the change is the page) and reloads. */
  const reload = (change) => {
    Object.assign(state, { offset: 0 }, change);
    load().catch(onFailure);
  };
  let debounce;
  const controls = el(
    'div',
    { class: 'controls' },
    el('input', {
      id: 'filter',
      type: 'search',
      placeholder: 'filter: target, kind, id',
      value: state.q,
      'aria-label': 'filter proposals',
      oninput: (event) => {
        clearTimeout(debounce);
        debounce = setTimeout(() => reload({ q: event.target.value.trim() }), 150);
      },
    }),
    el(
      'select',
      { id: 'status', 'aria-label': 'status', onchange: (event) => reload({ status: event.target.value }) },
      STATUSES.map((s) => el('option', { value: s, selected: s === state.status }, s.toLowerCase())),
    ),
    el(
      'select',
      { id: 'sort', 'aria-label': 'sort', onchange: (event) => reload({ sort: event.target.value }) },
      el('option', { value: 'confidence', selected: state.sort === 'confidence' }, 'most confident first'),
      el('option', { value: 'age', selected: state.sort === 'age' }, 'oldest first'),
    ),
  );
  previous.addEventListener('click', () => reload({ offset: Math.max(0, state.offset - PAGE_SIZE) }));
  next.addEventListener('click', () => reload({ offset: state.offset + PAGE_SIZE }));

  container.replaceChildren(toDom(el('h1', {}, 'Proposals to review')), toDom(controls), results, toDom(el('nav', { class: 'pager' })));
  container.querySelector('nav.pager')?.append(previous, summary, next);
  await load();
  container.append(toDom(await calibrationPanel()));
}
