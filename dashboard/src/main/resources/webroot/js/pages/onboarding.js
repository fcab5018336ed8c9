import { api, ApiProblem, problemText } from '../api.js';
import { el, clear } from '../dom.js';
import { t, dateTime } from '../i18n.js';

// Onboarding for installers and operators: households, their meters, gateways with their broker accounts. The rules
// and refusals are the server's (the same as `ecofoyer household|meter|gateway`); a refusal shows its reason.

const FLUIDS = ['electricity', 'gas', 'water'];
const OPTIONS = ['', 'base', 'hphc', 'tempo', 'ejp'];
const FIRMWARES = ['tasmota', 'esphome', 'teleinfo2mqtt', 'zlinky', 'raw'];
const MODES = ['auto', 'historique', 'standard'];

/** The reason of a refusal (the server's words), or the page's wording for anything else. */
function reason(e) {
  if (e instanceof ApiProblem && (e.status === 400 || e.status === 404) && e.problem?.detail) {
    return t('onboarding.refused', e.problem.detail);
  }
  return problemText(e, { 503: 'onboarding.broker' });
}

function field(id, label, input) {
  input.id = id;
  return el('label', { for: id }, label, input);
}

function select(values, label = (v) => v) {
  return el('select', {}, values.map((v) => el('option', { value: v, text: label(v) })));
}

function statusLine(id) {
  return el('p', { role: 'status', id, 'aria-live': 'polite' });
}

function fail(line, e) {
  line.className = 'error';
  line.textContent = reason(e);
}

export async function render(root) {
  const selected = new URLSearchParams(location.search).get('household');
  clear(root);
  root.append(el('p', { class: 'note', text: t('onboarding.intro') }));
  if (selected) {
    await household(root, selected);
  } else {
    await households(root);
  }
}

async function households(root) {
  const list = await api('/installer/households');
  root.append(el('h2', { text: t('onboarding.households') }));
  root.append(el('div', { class: 'scroll' }, el('table', { id: 'households' },
    el('thead', {}, el('tr', {}, [t('onboarding.id'), t('onboarding.name'), t('onboarding.zone'), t('onboarding.meters')]
      .map((x) => el('th', { scope: 'col', text: x })))),
    el('tbody', {}, list.households.map((h) => el('tr', { 'data-household': h.id },
      el('td', {}, el('a', { href: '?household=' + encodeURIComponent(h.id), text: h.id })),
      el('td', { text: h.name || '' }), el('td', { text: h.zone }), el('td', { class: 'num', text: String(h.meters) })))))));

  const name = el('input', { required: true, autocomplete: 'off' });
  const zone = el('input', { value: 'Europe/Paris', required: true });
  const id = el('input', { autocomplete: 'off', placeholder: t('onboarding.idAuto') });
  const msg = statusLine('household-status');
  const form = el('form', { class: 'stack', id: 'household-form' },
    field('household-name', t('onboarding.name'), name), field('household-zone', t('onboarding.zone'), zone),
    field('household-id', t('onboarding.idOptional'), id),
    el('button', { class: 'btn primary', type: 'submit', text: t('onboarding.addHousehold') }), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const h = await api('/installer/households', { method: 'POST', body: { name: name.value, zone: zone.value, id: id.value || null } });
      location.assign('?household=' + encodeURIComponent(h.id));
    } catch (e) { fail(msg, e); }
  });
  root.append(el('h2', { text: t('onboarding.newHousehold') }), form);
}

async function household(root, id) {
  const h = await api('/installer/households/' + encodeURIComponent(id));
  root.append(el('p', {}, el('a', { href: '/app/onboarding', text: t('onboarding.back') })));
  root.append(el('h2', { id: 'household-title', text: `${h.name || h.id} (${h.id})` }),
    el('p', { class: 'note', text: t('onboarding.zoneIs', h.zone) }));
  const secret = el('section', { id: 'gateway-secret' });
  root.append(secret);
  meters(root, h);
  gateways(root, h, secret);
}

function meters(root, h) {
  root.append(el('h2', { text: t('onboarding.meterList') }));
  const msg = statusLine('meter-status');
  root.append(el('div', { class: 'scroll' }, el('table', { id: 'meters' },
    el('thead', {}, el('tr', {}, [t('onboarding.code'), t('onboarding.fluid'), t('onboarding.tariffOption'), t('onboarding.kva'), '']
      .map((x) => el('th', { scope: 'col', text: x })))),
    el('tbody', {}, h.meters.map((m) => el('tr', { 'data-meter': m.code },
      el('td', { text: m.code }), el('td', { text: t('fluid.' + m.fluid) }), el('td', { text: m.tariffOption || '–' }),
      el('td', { class: 'num', text: m.kva ?? '–' }),
      el('td', {}, el('button', { class: 'btn danger', type: 'button', text: t('onboarding.remove'), onclick: async () => {
        if (!confirm(t('onboarding.removeMeterConfirm', m.code))) return;
        try { await api('/installer/meters/' + encodeURIComponent(m.code), { method: 'DELETE' }); location.reload(); } catch (e) { fail(msg, e); }
      } }))))))), msg);

  const fluid = select(FLUIDS, (f) => t('fluid.' + f));
  const code = el('input', { required: true, autocomplete: 'off' });
  const option = select(OPTIONS, (o) => o || '–');
  const kva = el('input', { type: 'number', min: '3', max: '36', step: '1' });
  const help = el('p', { class: 'note', id: 'meter-code-help' });
  const sync = () => {
    const electric = fluid.value === 'electricity';
    option.disabled = !electric; kva.disabled = !electric;
    if (!electric) { option.value = ''; kva.value = ''; }
    help.textContent = t('onboarding.codeHelp.' + fluid.value);
  };
  fluid.addEventListener('change', sync);
  const addMsg = statusLine('meter-add-status');
  const form = el('form', { class: 'stack', id: 'meter-form' },
    field('meter-fluid', t('onboarding.fluid'), fluid), field('meter-code', t('onboarding.code'), code), help,
    field('meter-option', t('onboarding.tariffOption'), option), field('meter-kva', t('onboarding.kva'), kva),
    el('button', { class: 'btn primary', type: 'submit', text: t('onboarding.addMeter') }), addMsg);
  sync();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { household: h.id, fluid: fluid.value, code: code.value };
    if (option.value) body.tariffOption = option.value;
    if (kva.value) body.kva = Number(kva.value);
    try { await api('/installer/meters', { method: 'POST', body }); location.reload(); } catch (e) { fail(addMsg, e); }
  });
  root.append(el('h2', { text: t('onboarding.newMeter') }), form);
}

function gateways(root, h, secret) {
  root.append(el('h2', { text: t('onboarding.gatewayList') }));
  const msg = statusLine('gateway-status');
  root.append(el('div', { class: 'scroll' }, el('table', { id: 'gateways' },
    el('thead', {}, el('tr', {}, [t('onboarding.gateway'), t('onboarding.meter'), t('onboarding.firmware'), t('onboarding.mode'),
      t('onboarding.topic'), t('onboarding.state'), t('onboarding.lastSeen'), ''].map((x) => el('th', { scope: 'col', text: x })))),
    el('tbody', {}, h.gateways.map((g) => el('tr', { 'data-gateway': g.id },
      el('td', { text: g.id }), el('td', { text: g.meter }), el('td', { text: g.firmware }), el('td', { text: t('onboarding.mode.' + g.mode) }),
      el('td', {}, el('code', { text: g.topic })), el('td', { text: g.state }), el('td', { text: dateTime(g.lastSeen) }),
      el('td', {},
        el('a', { class: 'btn', href: `/api/v1/installer/gateways/${encodeURIComponent(g.id)}/config?format=text`, text: t('onboarding.config') }), ' ',
        el('button', { class: 'btn', type: 'button', text: t('onboarding.rotate'), onclick: async () => {
          if (!confirm(t('onboarding.rotateConfirm', g.id))) return;
          try { showSecret(secret, await api(`/installer/gateways/${encodeURIComponent(g.id)}/rotate-secret`, { method: 'POST' })); } catch (e) { fail(msg, e); }
        } }), ' ',
        el('button', { class: 'btn danger', type: 'button', text: t('onboarding.remove'), onclick: async () => {
          if (!confirm(t('onboarding.removeGatewayConfirm', g.id))) return;
          try { await api('/installer/gateways/' + encodeURIComponent(g.id), { method: 'DELETE' }); location.reload(); } catch (e) { fail(msg, e); }
        } }))))))), msg);

  const linkies = h.meters.filter((m) => m.fluid === 'electricity');
  if (!linkies.length) {
    root.append(el('p', { class: 'note', id: 'gateway-needs-meter', text: t('onboarding.gatewayNeedsMeter') }));
    return;
  }
  const meter = select(linkies.map((m) => m.code));
  const firmware = select(FIRMWARES);
  const mode = select(MODES, (m) => t('onboarding.mode.' + m));
  const addMsg = statusLine('gateway-add-status');
  const form = el('form', { class: 'stack', id: 'gateway-form' },
    field('gateway-meter', t('onboarding.meter'), meter), field('gateway-firmware', t('onboarding.firmware'), firmware),
    field('gateway-mode', t('onboarding.mode'), mode),
    el('button', { class: 'btn primary', type: 'submit', text: t('onboarding.addGateway') }), addMsg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const s = await api('/installer/gateways', { method: 'POST', body: { meter: meter.value, firmware: firmware.value, mode: mode.value } });
      showSecret(secret, s);
    } catch (e) { fail(addMsg, e); }
  });
  root.append(el('h2', { text: t('onboarding.newGateway') }), form);
}

/** The broker account of a gateway just made or given a new secret: the only time its password is shown. */
function showSecret(section, s) {
  clear(section);
  section.append(el('h2', { text: t('onboarding.secretTitle', s.id) }),
    el('p', { class: 'error', role: 'alert', text: t('onboarding.secretOnce') }),
    el('dl', {},
      el('dt', { text: t('onboarding.username') }), el('dd', {}, el('code', { id: 'secret-username', text: s.username })),
      el('dt', { text: t('onboarding.password') }), el('dd', {}, el('code', { id: 'secret-password', text: s.password })),
      el('dt', { text: t('onboarding.topic') }), el('dd', {}, el('code', { id: 'secret-topic', text: s.topic }))),
    el('p', { class: 'note', id: 'secret-broker', text: t(s.brokerProvisioned ? 'onboarding.brokerLive' : 'onboarding.brokerFiles') }));
  if (s.config) {
    const blob = new Blob([s.config.text], { type: 'text/plain' });
    section.append(el('h3', { text: t('onboarding.configTitle', s.firmware) }),
      el('div', { class: 'scroll' }, el('pre', { id: 'secret-config', text: s.config.text })),
      el('ul', {}, s.config.notes.map((n) => el('li', { text: n }))),
      el('a', { class: 'btn primary', id: 'secret-download', href: URL.createObjectURL(blob), download: `${s.id}-config.txt`, text: t('onboarding.download') }));
  }
  section.append(el('p', {}, el('a', { href: location.pathname + location.search, text: t('onboarding.done') })));
  section.scrollIntoView();
}
