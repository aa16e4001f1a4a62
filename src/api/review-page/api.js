/**
 * The review page's calls to the Kronos API, with the reviewer's bearer token. The token is entered once
 * per browser tab and kept in sessionStorage (gone when the tab closes), never in a cookie or the URL.
 */

const TOKEN_KEY = 'kronos.review.token';

export const reviewerToken = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (token) => sessionStorage.setItem(TOKEN_KEY, token.trim()),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** An answer other than 2xx: the API's `{error, message}` with the HTTP status. */
export class ApiFailure extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * Calls the API and returns its JSON answer, or throws {@link ApiFailure}.
 *
 * @param {'GET' | 'POST'} method
 * @param {string} path e.g. `/proposals?status=PENDING`
 * @param {unknown} [body]
 */
export async function callApi(method, path, body) {
  const response = await send(method, path, 'application/json', body);
  return response.json();
}

/**
 * Fetches a page the API renders (a run report) and returns its HTML text, or throws {@link ApiFailure}.
 *
 * @param {string} path
 */
export async function fetchHtml(path) {
  const response = await send('GET', path, 'text/html');
  return response.text();
}

async function send(method, path, accept, body) {
  const headers = { accept, authorization: `Bearer ${reviewerToken.get() ?? ''}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ApiFailure(0, 'unreachable', `the Kronos API did not answer: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!response.ok) {
    const data = await response.json().catch(() => null);
    throw new ApiFailure(response.status, data?.error ?? 'error', data?.message ?? response.statusText);
  }
  return response;
}
