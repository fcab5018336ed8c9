import { api, problemText } from '../api.js';
import { el, clear } from '../dom.js';
import { t } from '../i18n.js';

export async function render(root) {
  const me = await api('/me');
  clear(root);
  root.append(el('p', { text: t('account.role', t('role.' + me.role)) }));

  const current = el('input', { id: 'current', type: 'password', autocomplete: 'current-password', required: true });
  const next = el('input', { id: 'new', type: 'password', autocomplete: 'new-password', minlength: '10', required: true });
  const msg = el('p', { role: 'status' });
  const pw = el('form', { class: 'stack', id: 'password-form' },
    el('label', { for: 'current' }, t('account.current'), current),
    el('label', { for: 'new' }, t('account.new'), next),
    el('button', { class: 'btn primary', type: 'submit', text: t('account.save') }), msg);
  pw.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    msg.className = '';
    try {
      await api('/me/password', { method: 'POST', body: { current: current.value, new: next.value } });
      msg.className = 'ok'; msg.textContent = t('account.changed'); pw.reset();
    } catch (e) { msg.className = 'error'; msg.textContent = problemText(e, { 400: 'password.weak', 403: 'account.wrongCurrent' }); }
  });
  root.append(el('h2', { text: t('account.password') }), pw);

  const roles = me.role === 'operator' ? ['household', 'advisor', 'installer', 'operator'] : ['household'];
  const role = el('select', { id: 'invite-role' }, roles.map((r) => el('option', { value: r, text: t('role.' + r) })));
  const hh = el('input', { id: 'invite-household', value: me.household || '' });
  if (me.role === 'household') hh.readOnly = true;
  const out = el('p', { role: 'status' });
  const inv = el('form', { class: 'stack', id: 'invite-form' },
    el('label', { for: 'invite-role' }, t('account.inviteRole'), role),
    el('label', { for: 'invite-household' }, t('account.inviteHousehold'), hh),
    el('button', { class: 'btn', type: 'submit', text: t('account.inviteCreate') }), out);
  inv.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const body = { role: role.value };
      if (role.value === 'household') body.household = hh.value;
      const r = await api('/invitations', { method: 'POST', body });
      out.className = '';
      out.replaceChildren(t('account.inviteLink', Math.round(r.validForSeconds / 86400)), ' ', el('code', { text: r.url }));
    } catch (e) { out.className = 'error'; out.textContent = problemText(e, { 403: 'account.inviteForbidden' }); }
  });
  root.append(el('h2', { text: t('account.invite') }), inv);
}
