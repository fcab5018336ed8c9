import { api, ApiProblem, problemText } from '../api.js';
import { el, clear } from '../dom.js';
import { t } from '../i18n.js';

export function render(root) {
  const msg = el('p', { role: 'alert', class: 'error', id: 'signin-error' });
  const login = el('input', { id: 'login', name: 'login', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = el('form', { class: 'stack', id: 'signin-form', novalidate: true },
    el('label', { for: 'login' }, t('signin.login'), login),
    el('label', { for: 'password' }, t('signin.password'), password),
    el('button', { class: 'btn primary', type: 'submit', text: t('signin.submit') }),
    msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    msg.textContent = '';
    try {
      await api('/session', { method: 'POST', body: { login: login.value, password: password.value }, redirectOn401: false });
      const next = new URLSearchParams(location.search).get('next');
      location.assign(next && next.startsWith('/app/') ? next : '/');
    } catch (e) {
      if (e instanceof ApiProblem && e.status === 429) msg.textContent = t('signin.throttled', e.problem?.retryAfter ?? '');
      else if (e instanceof ApiProblem && e.status === 401) msg.textContent = t('signin.failed');
      else msg.textContent = problemText(e);
      password.focus();
    }
  });
  clear(root).append(form);
  login.focus();
}
