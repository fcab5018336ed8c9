import { api } from '../api.js';
import { el, clear, showError } from '../dom.js';
import { t, dateTime } from '../i18n.js';

// The commissioning checklist of one gateway, read again every 2 s: the same checks and diagnoses as
// `ecofoyer gateway watch` (the server derives them), in the page's language.
const POLL_MS = 2000;
const MARK = { ok: '✔', waiting: '…', failed: '✘' };

/** An item's text, from its id, status and figures. */
function itemText(item, state) {
  const p = item.params || {};
  switch (`${item.id}.${item.status}`) {
    case 'broker.ok': return t('cx.broker.ok');
    case 'broker.failed': return state === 'bad-credentials' ? t('cx.broker.refused', p.user) : t('cx.broker.down');
    case 'broker.waiting': return t('cx.broker.unknown');
    case 'messages.ok': return t('cx.messages.ok', p.messages, p.seconds);
    case 'messages.failed': return t('cx.messages.silent', p.seconds);
    case 'messages.waiting': return t('cx.messages.none', p.topic);
    case 'mode.ok': return t('cx.mode.ok', p.seen);
    case 'mode.failed': return t('cx.mode.mismatch', p.seen, p.set);
    case 'mode.waiting': return t('cx.mode.none');
    case 'meter.ok': return t('cx.meter.ok', p.seen);
    case 'meter.failed': return t('cx.meter.other', p.seen, p.expected);
    case 'meter.waiting': return t('cx.meter.none', p.expected);
    case 'errors.ok': return t('cx.errors.ok', p.percent);
    case 'errors.failed': return t('cx.errors.high', p.percent, p.messages);
    case 'errors.waiting': return t('cx.errors.none');
    case 'values.ok': return t('cx.values.ok', Object.entries(p).map(([k, v]) => `${k} = ${v}`).join(', '));
    case 'values.waiting': return t('cx.values.none');
    case 'stored.ok': return t('cx.stored.ok', p.meter, dateTime(p.at));
    case 'stored.waiting': return Number(p.accepted) > 0 ? t('cx.stored.accepted', p.accepted) : t('cx.stored.none');
    default: return item.detail;
  }
}

/** What to set on the gateway for the meter's mode, in its firmware's words. */
function fix(firmware, mode) {
  const standard = mode === 'standard';
  switch (firmware) {
    case 'tasmota': return t('cx.fix.tasmota', standard ? 'Standard' : 'Historique');
    case 'esphome': return t('cx.fix.esphome', standard ? '9600' : '1200', standard ? 'false' : 'true');
    case 'teleinfo2mqtt': return t('cx.fix.teleinfo2mqtt', standard ? 'standard' : 'history');
    case 'zlinky': return t('cx.fix.zlinky', standard ? 'standard' : 'historique');
    default: return t('cx.fix.raw', standard ? '9600' : '1200');
  }
}

function diagnosisText(d, gateway) {
  const p = d.params || {};
  switch (d.code) {
    case 'bad-credentials': return t('cx.dx.bad-credentials', p.user, p.id);
    case 'broker-down': return t('cx.dx.broker-down');
    case 'never-seen': return t('cx.dx.never-seen', p.topic, p.id, p.user);
    case 'silent': return t('cx.dx.silent', p.seconds);
    case 'wrong-meter': return t('cx.dx.wrong-meter', p.seen, p.expected);
    case 'wrong-mode': return t('cx.dx.wrong-mode', p.seen, p.set, fix(gateway.firmware, p.seen), p.id);
    case 'wrong-speed': return t('cx.dx.wrong-speed', p.percent);
    case 'errors': return t('cx.dx.errors', p.percent);
    default: return d.text;
  }
}

function drawChecklist(box, c) {
  clear(box);
  box.append(el('p', { id: 'cx-state', class: c.green ? 'ok' : '', 'data-state': c.state, 'data-green': String(c.green) },
    c.green ? t('cx.green', c.gateway.id) : t('cx.state', t('cx.stateName.' + c.state))));
  box.append(el('ul', { id: 'cx-items', class: 'checklist' }, c.items.map((i) => el('li',
    { 'data-item': i.id, 'data-status': i.status, class: i.status === 'ok' ? 'status-ok' : i.status === 'failed' ? 'status-error' : 'status-waiting' },
    el('span', { 'aria-hidden': 'true', text: MARK[i.status] + ' ' }),
    el('strong', { text: t('cx.item.' + i.id) }), ' ', el('span', { class: 'sr-only', text: `(${t('cx.status.' + i.status)}) ` }),
    itemText(i, c.state)))));
  if (c.diagnoses.length) {
    box.append(el('h3', { text: t('cx.diagnosis') }),
      el('ul', { id: 'cx-diagnoses' }, c.diagnoses.map((d) => el('li', { 'data-code': d.code, role: 'alert' }, diagnosisText(d, c.gateway)))));
  }
  box.append(el('p', { class: 'muted', text: t('cx.updated', dateTime(c.at)) }));
}

export async function render(root) {
  const { gateways } = await api('/gateways');
  clear(root);
  if (!gateways.length) {
    root.append(el('p', { id: 'cx-none', text: t('cx.none') }));
    return;
  }
  const wanted = new URLSearchParams(location.search).get('gateway');
  const select = el('select', { id: 'cx-gateway' }, gateways.map((g) => el('option',
    { value: g.id, selected: g.id === wanted }, `${g.id} — ${g.serial} (${g.firmware}, ${t('cx.stateName.' + g.state)})`)));
  const box = el('section', { id: 'cx-checklist', 'aria-live': 'polite' });
  root.append(el('p', { text: t('cx.intro') }), el('label', { for: 'cx-gateway' }, t('cx.gateway'), select), box);

  let timer = null;
  let shown = null;
  async function poll() {
    clearTimeout(timer);
    const id = select.value;
    try {
      const c = await api(`/gateways/${encodeURIComponent(id)}/commissioning`);
      if (select.value !== id) return; // another gateway was chosen meanwhile
      shown = id;
      drawChecklist(box, c);
    } catch (e) {
      clear(box);
      showError(box, e);
    }
    if (document.body.contains(select)) timer = setTimeout(poll, POLL_MS);
  }
  select.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('gateway', select.value);
    history.replaceState(null, '', url);
    if (shown !== select.value) poll();
  });
  poll();
}
