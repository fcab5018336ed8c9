import { api, problemText } from '../api.js';
import { el, clear } from '../dom.js';
import { t, lang } from '../i18n.js';

export async function render(root) {
  const token = new URLSearchParams(location.search).get('token') || '';
  clear(root);
  try {
    await api('/invitations/' + encodeURIComponent(token), { redirectOn401: false });
  } catch (e) {
    root.append(el('p', { class: 'error', role: 'alert', text: t('invite.invalid') }));
    return;
  }
  const msg = el('p', { role: 'alert', class: 'error' });
  const login = el('input', { id: 'login', autocomplete: 'username', required: true, autocapitalize: 'none' });
  const password = el('input', { id: 'password', type: 'password', autocomplete: 'new-password', minlength: '10', required: true });
  const form = el('form', { class: 'stack' },
    el('p', { text: t('invite.intro') }),
    el('label', { for: 'login' }, t('signin.login'), login),
    el('label', { for: 'password' }, t('signin.password'), password),
    el('button', { class: 'btn primary', type: 'submit', text: t('invite.submit') }), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api('/invitations/' + encodeURIComponent(token) + '/accept',
        { method: 'POST', body: { login: login.value, password: password.value, locale: lang }, redirectOn401: false });
      location.assign('/');
    } catch (e) { msg.textContent = problemText(e, { 400: 'invite.rejected', 404: 'invite.invalid' }); }
  });
  root.append(form);
}
