import { api, household, problemText } from '../api.js';
import { el, clear } from '../dom.js';
import { t, has, date, dateTime } from '../i18n.js';

/** A source's status line: its state, and for a utility meter how far its data goes and when it is fetched next. */
function statusCell(s) {
  const cell = el('td', { class: 'status-' + s.status }, el('strong', { text: t('data.status.' + s.status) }));
  const sync = s.sync;
  if (sync?.running && sync.progressTotal) {
    cell.append(el('br'), el('span', { class: 'note', text: t('data.sync.running', sync.progressDays, sync.progressTotal) }));
  } else if (sync?.dataUntil) {
    cell.append(el('br'), el('span', { class: 'note', text: t('data.sync.until', date(sync.dataUntil)) }));
  }
  if (sync?.nextRun && !sync.running) {
    cell.append(el('br'), el('span', { class: 'note', text: t('data.sync.next', dateTime(sync.nextRun)) }));
  }
  return cell;
}

/** The last error in the reader's language (by its kind), with the utility's own words under "details". */
function errorCell(s) {
  if (!s.lastError) return el('td', { text: '–' });
  const kind = s.sync?.lastErrorKind;
  return el('td', {}, t(has('data.error.' + kind) ? 'data.error.' + kind : 'data.error.other'),
    el('details', { class: 'note' }, el('summary', { text: t('data.error.details') }), el('span', { text: s.lastError })));
}

export async function render(root) {
  const h = household();
  const [{ sources, connect }, { events }] = await Promise.all([api(`/households/${h}/sources`), api(`/households/${h}/access-log?limit=50`)]);
  clear(root);
  // Back from Enedis' consent page: say how it went.
  const outcome = new URLSearchParams(location.search).get('enedis');
  if (outcome) {
    root.append(el('p', { class: outcome === 'connected' ? 'ok' : 'error', role: 'status', id: 'enedis-outcome',
      text: t(has('data.enedis.' + outcome) ? 'data.enedis.' + outcome : 'data.enedis.failed') }));
  }

  root.append(el('h2', { text: t('data.sources') }));
  const heads = [t('data.source'), t('data.lastReading'), t('data.status'), t('data.lastError'), t('data.todo')];
  const rows = sources.map((s) => {
    const cells = [
      el('td', {}, t('fluid.' + s.fluid), el('br'), el('span', { class: 'note', text: `${t('kind.' + s.kind)} · ${s.code}` })),
      el('td', { text: dateTime(s.lastReading) }),
      statusCell(s),
      errorCell(s),
      el('td', { class: 'advice', text: s.adviceCode ? t('data.advice.' + s.adviceCode, dateTime(s.sync?.nextRun)) : '–' })];
    // On a phone each source is a card, every value under its column's name (style.css).
    cells.forEach((c, i) => c.setAttribute('data-label', heads[i]));
    return el('tr', { 'data-code': s.code }, cells);
  });
  root.append(el('table', { id: 'sources', class: 'cards-on-phone' },
    el('thead', {}, el('tr', {}, heads.map((x) => el('th', { scope: 'col', text: x })))),
    el('tbody', {}, rows)));

  // Offered until the Linky is connected through Enedis, and again when its consent is missing or has expired.
  const enedis = sources.find((s) => s.kind === 'ENEDIS_API');
  if (connect?.enedis && (!enedis || ['CONSENT_MISSING', 'CONSENT_EXPIRED'].includes(enedis.adviceCode))) {
    const msg = el('p', { role: 'alert' });
    const renew = !!enedis;
    // The PRM is bound to the consent request: the answer that comes back through the browser must name the same one.
    const prm = el('input', { id: 'enedis-prm', name: 'prm', inputmode: 'numeric', autocomplete: 'off',
      'aria-describedby': 'enedis-prm-help' });
    root.append(el('h2', { text: t('data.enedis.title') }), el('p', { class: 'note', text: t('data.enedis.help') }),
      el('label', { for: 'enedis-prm', text: t('data.enedis.prm') }), prm,
      el('p', { class: 'note', id: 'enedis-prm-help', text: t('data.enedis.prmHelp') }),
      el('button', { type: 'button', class: 'btn primary', id: 'enedis-connect', text: t(renew ? 'data.enedis.renew' : 'data.enedis.connect'),
        onclick: async () => {
          const usagePointId = prm.value.replace(/\s+/g, '');
          if (!/^[0-9]{14}$/.test(usagePointId)) { msg.className = 'error'; msg.textContent = t('data.enedis.prmInvalid'); prm.focus(); return; }
          try {
            const { url } = await api(`/households/${h}/enedis/consent`, { method: 'POST', body: { usagePointId } });
            location.assign(url);
          } catch (e) { msg.className = 'error'; msg.textContent = problemText(e, { 409: 'data.enedis.gateway' }); }
        } }), msg);
  }

  root.append(el('h2', { text: t('data.export') }), el('p', { class: 'note', text: t('data.exportHelp') }),
    el('a', { class: 'btn', id: 'export', href: `/api/v1/households/${h}/export`, download: '', text: t('data.exportButton') }));

  root.append(el('h2', { id: 'access-log-title', text: t('data.accessLog') }));
  if (!events.length) {
    root.append(el('p', { class: 'note', id: 'access-log-empty', text: t('data.accessLogEmpty') }));
  } else {
    root.append(el('div', { class: 'scroll' }, el('table', { id: 'access-log' },
      el('thead', {}, el('tr', {}, [t('data.log.when'), t('data.log.who'), t('data.log.what'), t('data.log.detail'), t('data.log.consent')]
        .map((x) => el('th', { scope: 'col', text: x })))),
      el('tbody', {}, events.map((e) => el('tr', {},
        el('td', { text: dateTime(e.at) }),
        el('td', { text: e.actor ? `${e.actor} (${t('role.' + (e.actorRole || '').toLowerCase())})` : '–' }),
        el('td', { text: has('audit.' + e.action) ? t('audit.' + e.action) : e.action }),
        el('td', { text: ['read', 'access.refused'].includes(e.action) ? [e.resource, e.consentId ? e.detail : null].filter(Boolean).join(' — ') : '' }),
        el('td', { text: e.consentId ? '#' + e.consentId : '–' })))))));
  }

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
    } catch (e) { msg.className = 'error'; msg.textContent = problemText(e, { 400: 'data.confirmMismatch', 403: 'data.wrongPassword' }); }
  });
  root.append(el('h2', { text: t('data.delete') }), form);
}
