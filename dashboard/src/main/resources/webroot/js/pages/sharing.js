import { api, household, problemText } from '../api.js';
import { el, clear } from '../dom.js';
import { zonedDateTime, t, date, dateTime } from '../i18n.js';

const FLUIDS = ['electricity', 'gas', 'water'];
const GRANULARITIES = ['month', 'day', 'half_hour'];
const iso = (d) => d.toISOString().slice(0, 10);

export function termsText(c) {
  return t('consent.terms', c.fluids.map((f) => t('fluid.' + f)).join(', '), t('granularity.' + c.granularity),
    date(c.dataFrom), date(c.dataTo));
}

/**
 * The terms' fields (fluids, finest detail, the separate half-hour opt-in, the data dates, the end), prefilled from
 * `c`; `prefix` keeps the ids of several forms apart. Returns the fields and a function reading the terms back.
 */
export function termsFields(prefix, c) {
  const fluids = FLUIDS.map((f) => el('input', { type: 'checkbox', id: `${prefix}-fluid-${f}`, value: f, checked: c.fluids.includes(f) }));
  const granularity = el('select', { id: `${prefix}-granularity` },
    GRANULARITIES.map((g) => el('option', { value: g, selected: g === c.granularity, text: t('granularity.' + g) })));
  const optIn = el('input', { type: 'checkbox', id: `${prefix}-halfhour`, checked: !!c.halfHourOptIn });
  const optInLabel = el('label', { for: `${prefix}-halfhour`, class: 'inline' }, optIn, ' ', t('sharing.halfHourOptIn'));
  const showOptIn = () => { optInLabel.hidden = granularity.value !== 'half_hour'; };
  granularity.addEventListener('change', showOptIn);
  showOptIn();
  const dataFrom = el('input', { type: 'date', id: `${prefix}-from`, value: c.dataFrom, required: true });
  const dataTo = el('input', { type: 'date', id: `${prefix}-to`, value: c.dataTo, required: true });
  const expiresOn = el('input', { type: 'date', id: `${prefix}-expires`, value: c.expiresOn, required: true });
  const nodes = [
    el('fieldset', {}, el('legend', { text: t('sharing.fluids') }),
      FLUIDS.map((f, i) => el('label', { for: `${prefix}-fluid-${f}`, class: 'inline' }, fluids[i], ' ', t('fluid.' + f)))),
    el('label', { for: `${prefix}-granularity` }, t('sharing.granularity'), granularity), optInLabel,
    el('label', { for: `${prefix}-from` }, t('sharing.dataFrom'), dataFrom),
    el('label', { for: `${prefix}-to` }, t('sharing.dataTo'), dataTo),
    el('label', { for: `${prefix}-expires` }, t('sharing.expiresOn'), expiresOn)];
  const read = () => ({
    fluids: fluids.filter((x) => x.checked).map((x) => x.value), granularity: granularity.value,
    halfHourOptIn: granularity.value === 'half_hour' && optIn.checked, dataFrom: dataFrom.value, dataTo: dataTo.value,
    expiresOn: expiresOn.value,
  });
  return { nodes, read };
}

/** "Sharing": give an advisor access by its code, see, narrow and revoke each consent, and its history. */
export async function render(root) {
  const h = household();
  const { consents, events, requests = [] } = await api(`/households/${h}/consents`);
  clear(root);
  root.append(el('p', { class: 'note', text: t('sharing.intro') }),
    el('p', {}, el('a', { href: '/app/data#access-log', text: t('sharing.accessLogLink') })));

  const now = new Date();
  const code = el('input', { id: 'grant-code', autocomplete: 'off', required: true });
  const fields = termsFields('grant', {
    fluids: ['electricity', 'gas'], granularity: 'day', halfHourOptIn: false,
    dataFrom: iso(new Date(Date.UTC(now.getFullYear() - 2, 0, 1))), dataTo: iso(new Date(Date.UTC(now.getFullYear(), now.getMonth() + 1, 1))),
    expiresOn: iso(new Date(Date.UTC(now.getFullYear() + 1, now.getMonth(), now.getDate()))),
  });
  const msg = el('p', { role: 'status', id: 'grant-msg' });
  const form = el('form', { class: 'stack', id: 'grant-form' }, el('label', { for: 'grant-code' }, t('sharing.code'), code), fields.nodes,
    el('button', { class: 'btn primary', type: 'submit', text: t('sharing.submit') }), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api(`/households/${h}/consents`, { method: 'POST', body: { advisorCode: code.value, ...fields.read() } });
      await render(root);
      root.prepend(el('p', { class: 'ok', role: 'status', text: t('sharing.granted') }));
    } catch (e) { msg.className = 'error'; msg.textContent = problemText(e, { 404: 'sharing.unknownCode', 400: 'sharing.invalid' }); }
  });
  const pending = requests.filter((r) => r.state === 'pending');
  if (pending.length) {
    root.append(el('h2', { text: t('sharing.requests') }), el('div', { class: 'scroll' }, el('table', { id: 'consent-requests' },
      el('thead', {}, el('tr', {}, [t('consent.advisor'), t('consent.allows'), t('consent.until'), t('sharing.requestMessage'), '']
        .map((x) => el('th', { scope: 'col', text: x })))),
      el('tbody', {}, pending.map((r) => requestRow(root, h, r))))));
  }
  root.append(el('h2', { text: t('sharing.grant') }), form);

  root.append(el('h2', { text: t('sharing.consents') }));
  if (!consents.length) {
    root.append(el('p', { class: 'note', id: 'consents-empty', text: t('sharing.none') }));
  } else {
    root.append(el('div', { class: 'scroll' }, el('table', { id: 'consents' },
      el('thead', {}, el('tr', {}, [t('consent.advisor'), t('consent.allows'), t('consent.until'), t('consent.stateLabel'), '']
        .map((x) => el('th', { scope: 'col', text: x })))),
      el('tbody', {}, consents.map((c) => consentRow(root, h, c))))));
  }
  root.append(el('h2', { text: t('sharing.history') }), historyTable(events, 'consent-history'));
}

/** An advisor's pending request: accept it as asked (half-hours only with the household's own opt-in) or decline it. */
function requestRow(root, h, r) {
  const msg = el('p', { role: 'status' });
  const optIn = el('input', { type: 'checkbox', id: `request-${r.id}-halfhour` });
  const optInLabel = r.granularity === 'half_hour'
    ? el('label', { for: `request-${r.id}-halfhour`, class: 'inline' }, optIn, ' ', t('sharing.halfHourOptIn')) : null;
  const answer = async (what) => {
    try {
      await api(`/households/${h}/consent-requests/${r.id}/${what}`, { method: 'POST', body: { halfHourOptIn: optIn.checked } });
      await render(root);
      root.prepend(el('p', { class: 'ok', role: 'status', id: 'request-answered', text: t(what === 'accept' ? 'sharing.granted' : 'sharing.declined') }));
    } catch (e) { msg.className = 'error'; msg.textContent = problemText(e, { 400: 'sharing.requestInvalid' }); }
  };
  return el('tr', { 'data-request': r.id }, el('td', { text: r.advisor }), el('td', { text: termsText(r) }),
    el('td', { text: date(r.expiresOn) }), el('td', { text: r.message || '' }),
    el('td', {}, optInLabel, el('button', { type: 'button', class: 'btn primary', 'data-accept': r.id, text: t('sharing.accept'), onclick: () => answer('accept') }),
      ' ', el('button', { type: 'button', class: 'btn', 'data-decline': r.id, text: t('sharing.decline'), onclick: () => answer('decline') }), msg));
}

function consentRow(root, h, c) {
  const actions = el('td');
  if (c.state === 'live') {
    const msg = el('p', { role: 'status' });
    actions.append(
      el('button', { type: 'button', class: 'btn', 'data-narrow': c.id, text: t('sharing.narrow'), onclick: () => {
        const fields = termsFields(`narrow-${c.id}`, { ...c, expiresOn: iso(new Date(Date.parse(c.expiresAt) - 1)) });
        const f = el('form', { class: 'stack' }, fields.nodes, el('button', { class: 'btn primary', type: 'submit', text: t('sharing.narrow') }), msg);
        f.addEventListener('submit', async (ev) => {
          ev.preventDefault();
          try {
            await api(`/households/${h}/consents/${c.id}`, { method: 'PATCH', body: fields.read() });
            await render(root);
            root.prepend(el('p', { class: 'ok', role: 'status', text: t('sharing.narrowed') }));
          } catch (e) { msg.className = 'error'; msg.textContent = problemText(e, { 400: 'sharing.invalid' }); }
        });
        actions.replaceChildren(f);
      } }), ' ',
      el('button', { type: 'button', class: 'btn danger', 'data-revoke': c.id, text: t('sharing.revoke'), onclick: async () => {
        await api(`/households/${h}/consents/${c.id}`, { method: 'DELETE' });
        await render(root);
        root.prepend(el('p', { class: 'ok', role: 'status', id: 'revoked', text: t('sharing.revoked') }));
      } }));
  }
  return el('tr', { 'data-consent': c.id }, el('td', { text: c.advisor }), el('td', { text: termsText(c) }),
    el('td', { text: dateTime(c.expiresAt) }), el('td', { class: 'state-' + c.state, text: t('consent.state.' + c.state) }), actions);
}

/** Every grant, narrowing, revocation, replacement and expiry, newest first (the household's and the advisor's pages). */
export function historyTable(events, id) {
  return el('div', { class: 'scroll' }, el('table', { id },
    el('thead', {}, el('tr', {}, [t('data.log.when'), t('consent.advisor'), t('advisor.household'), t('data.log.what'), t('data.log.detail')]
      .map((x) => el('th', { scope: 'col', text: x })))),
    el('tbody', {}, events.map((e) => el('tr', {}, el('td', { text: e.zone ? zonedDateTime(e.at, e.zone) : dateTime(e.at) }), el('td', { text: e.advisor }),
      el('td', { text: e.household }), el('td', { text: t('consent.event.' + e.action) }), el('td', { text: e.terms }))))));
}
