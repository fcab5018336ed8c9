import { api, household } from '../api.js';
import { el, clear } from '../dom.js';
import { t, dateTime } from '../i18n.js';

export async function render(root) {
  const h = household();
  const [{ sources }, { events }] = await Promise.all([api(`/households/${h}/sources`), api(`/households/${h}/access-log?limit=50`)]);
  clear(root);

  root.append(el('h2', { text: t('data.sources') }));
  const rows = sources.map((s) => el('tr', {},
    el('td', {}, t('fluid.' + s.fluid), el('br'), el('span', { class: 'note', text: `${s.code} · ${s.kind}` })),
    el('td', { text: dateTime(s.lastReading) }),
    el('td', { class: 'status-' + s.status, text: t('data.status.' + s.status) }),
    el('td', { text: s.lastError || '–' }),
    el('td', { text: s.advice || '' })));
  root.append(el('table', { id: 'sources' },
    el('thead', {}, el('tr', {}, ['', t('data.lastReading'), t('data.status'), t('data.lastError'), t('data.todo')]
      .map((x) => el('th', { scope: 'col', text: x })))),
    el('tbody', {}, rows)));

  root.append(el('h2', { text: t('data.export') }), el('p', { class: 'note', text: t('data.exportHelp') }),
    el('a', { class: 'btn', id: 'export', href: `/api/v1/households/${h}/export`, download: '', text: t('data.export') }));

  root.append(el('h2', { text: t('data.accessLog') }));
  root.append(el('table', { id: 'access-log' }, el('tbody', {}, events.map((e) => el('tr', {},
    el('td', { text: dateTime(e.at) }), el('td', { text: e.actor ? `${e.actor} (${(e.actorRole || '').toLowerCase()})` : '–' }),
    el('td', { text: e.action }), el('td', { text: e.resource || '' }))))));

  const confirm = el('input', { id: 'delete-confirm', autocomplete: 'off', required: true });
  const password = el('input', { id: 'delete-password', type: 'password', autocomplete: 'current-password', required: true });
  const msg = el('p', { role: 'alert' });
  const form = el('form', { class: 'stack', id: 'delete-form' },
    el('p', { text: t('data.deleteHelp', h) }),
    el('label', { for: 'delete-confirm' }, t('data.deleteConfirm'), confirm),
    el('label', { for: 'delete-password' }, t('signin.password'), password),
    el('button', { class: 'btn danger', type: 'submit', text: t('data.deleteButton') }), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api(`/households/${h}`, { method: 'DELETE', body: { confirm: confirm.value, password: password.value } });
      clear(root).append(el('p', { class: 'ok', role: 'status', id: 'deleted', text: t('data.deleted') }));
    } catch (e) { msg.className = 'error'; msg.textContent = e.message; }
  });
  root.append(el('h2', { text: t('data.delete') }), form);
}
