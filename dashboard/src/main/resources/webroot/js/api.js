// Every call to the API: same origin, cookies, the CSRF header on state changes, problem+json errors as exceptions.
import { t, has } from './i18n.js';
export class ApiProblem extends Error {
  constructor(status, problem) {
    super(problem?.detail || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)eco_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

export async function api(path, { method = 'GET', body, redirectOn401 = true } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch('/api/v1' + path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401 && redirectOn401) {
    location.assign('/signin?next=' + encodeURIComponent(location.pathname + location.search));
    throw new ApiProblem(401, null);
  }
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') || '';
  const data = type.includes('json') ? await res.json() : null;
  if (!res.ok) throw new ApiProblem(res.status, data);
  return data;
}

export function household() {
  return document.body.dataset.household;
}

/**
 * A failure in the reader's language: the problem's `detail` is English (for API clients), so the pages say what
 * happened from the status, with per-call wording in `byStatus` (status → message key).
 */
export function problemText(e, byStatus = {}) {
  if (!(e instanceof ApiProblem)) return t('error.network');
  const key = byStatus[e.status] || `error.${e.status >= 500 ? 500 : e.status}`;
  return has(key) ? t(key) : t('error.other', e.status);
}
