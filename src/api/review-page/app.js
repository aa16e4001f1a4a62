/**
 * The review page's entry: asks for the reviewer's token once per tab, then shows the queue
 * (/review/) or one proposal (/review/proposals/<id>). A 401 forgets the token and asks again.
 */
import { ApiFailure, reviewerToken } from './api.js';
import { mountDetail } from './detail-view.js';
import { mountList } from './list-view.js';
import { el, toDom } from './tree.js';

/** index.html's <main id="main">, which the page renders into. */
const main = /** @type {HTMLElement} */ (document.getElementById('main'));

function show(node) {
  main.replaceChildren(toDom(node));
}

function tokenForm(message) {
  const input = el('input', { id: 'token', type: 'password', autocomplete: 'off', required: true, 'aria-label': 'API token' });
  return el(
    'form',
    {
      id: 'token-form',
      class: 'card narrow',
      onsubmit: (event) => {
        event.preventDefault();
        reviewerToken.set(event.target.elements.token.value);
        void route();
      },
    },
    el('h1', {}, 'Sign in to review'),
    el('p', {}, 'Paste your Kronos API token. It is kept in this tab only and sent as a bearer token; your decisions are recorded under its identity.'),
    message ? el('p', { class: 'refused', role: 'alert' }, message) : null,
    input,
    el('button', { type: 'submit' }, 'Continue'),
  );
}

function onFailure(err) {
  if (err instanceof ApiFailure && err.status === 401) {
    reviewerToken.clear();
    show(tokenForm(`${err.message}: enter a valid token`));
    return;
  }
  show(el('p', { class: 'refused', role: 'alert' }, err instanceof ApiFailure ? `${err.code}: ${err.message}` : String(err)));
}

async function route() {
  if (!reviewerToken.get()) {
    show(tokenForm());
    return;
  }
  const match = /^\/review\/proposals\/([^/]+)\/?$/.exec(location.pathname);
  try {
    if (match) await mountDetail(main, decodeURIComponent(match[1]));
    else await mountList(main, onFailure);
  } catch (err) {
    onFailure(err);
  }
}

void route();
