import { api, problemText } from '../api.js';
import { el, clear } from '../dom.js';
import { t, num, euros, date, zonedDateTime } from '../i18n.js';
import { termsText, historyTable, termsFields } from './sharing.js';
import { chart, BASE_OPTION, FLUID_COLOURS } from '../charts.js';
import { similarCard } from './similar.js';

const iso = (d) => d.toISOString().slice(0, 10);

/** The last two whole winters (October to March) before today: the comparison advisors make most. */
function lastTwoWinters() {
  const now = new Date();
  const y = now.getMonth() >= 3 ? now.getFullYear() : now.getFullYear() - 1;
  const d = (year, month) => iso(new Date(Date.UTC(year, month, 1)));
  return { aFrom: d(y - 2, 9), aTo: d(y - 1, 3), bFrom: d(y - 1, 9), bTo: d(y, 3) };
}

/** The advisor's workspace: its code, the households that share their data with it, comparisons, similar homes. */
export async function render(root) {
  const ws = await api('/advisor/households');
  clear(root);
  root.append(el('p', { class: 'no-print' }, el('strong', { id: 'advisor-code', text: t('advisor.code', ws.code) })),
    el('p', { class: 'note no-print', text: t('advisor.codeHelp') }));
  const live = ws.consents.filter((c) => c.state === 'live');
  root.append(el('h2', { class: 'no-print', text: t('advisor.households') }));
  if (!ws.consents.length) {
    root.append(el('p', { class: 'note', id: 'advisor-none', text: t('advisor.none') }));
  } else {
    root.append(el('div', { class: 'scroll no-print' }, el('table', { id: 'advisor-households' },
      el('thead', {}, el('tr', {}, [t('advisor.household'), t('consent.allows'), t('consent.until'), t('consent.stateLabel')]
        .map((x) => el('th', { scope: 'col', text: x })))),
      el('tbody', {}, ws.consents.map((c) => el('tr', { 'data-household': c.household },
        el('td', { text: c.householdName ? `${c.householdName} (${c.household})` : c.household }), el('td', { text: termsText(c) }),
        el('td', { text: zonedDateTime(c.expiresAt, c.zone) }), el('td', { text: t('consent.state.' + c.state) })))))));
  }
  if (live.length) {
    root.append(compareForm(live));
  }
  root.append(requestForm(root), requestsTable(ws.requests || []));
  root.append(el('h2', { class: 'no-print', text: t('advisor.history') }), el('div', { class: 'no-print' }, historyTable(ws.events, 'advisor-history')));
}

/** Ask a household (by the login it signs in with) for access on proposed terms; it accepts or declines on its page. */
function requestForm(root) {
  const now = new Date();
  const login = el('input', { id: 'ask-household', autocomplete: 'off', required: true });
  const fields = termsFields('ask', {
    fluids: ['electricity', 'gas'], granularity: 'month', halfHourOptIn: false,
    dataFrom: iso(new Date(Date.UTC(now.getFullYear() - 2, 0, 1))), dataTo: iso(new Date(Date.UTC(now.getFullYear(), now.getMonth() + 1, 1))),
    expiresOn: iso(new Date(Date.UTC(now.getFullYear(), now.getMonth() + 6, now.getDate()))),
  });
  const message = el('textarea', { id: 'ask-message', maxlength: 500, rows: 3 });
  const msg = el('p', { role: 'status', id: 'ask-msg' });
  const form = el('form', { class: 'stack no-print', id: 'ask-form' }, el('p', { class: 'note', text: t('advisor.askHelp') }),
    el('label', { for: 'ask-household' }, t('advisor.askLogin'), login), fields.nodes,
    el('label', { for: 'ask-message' }, t('advisor.askMessage'), message),
    el('button', { class: 'btn primary', type: 'submit', text: t('advisor.askSubmit') }), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const { halfHourOptIn, ...terms } = fields.read();
    try {
      await api('/advisor/requests', { method: 'POST', body: { household: login.value, message: message.value, ...terms } });
      await render(root);
      root.prepend(el('p', { class: 'ok', role: 'status', id: 'ask-sent', text: t('advisor.askSent') }));
    } catch (e) { msg.className = 'error'; msg.textContent = problemText(e, { 400: 'sharing.invalid', 429: 'advisor.askTooMany' }); }
  });
  return el('section', { class: 'no-print' }, el('h2', { text: t('advisor.ask') }), form);
}

function requestsTable(requests) {
  if (!requests.length) return el('p', { class: 'note no-print', text: t('advisor.noRequests') });
  return el('div', { class: 'scroll no-print' }, el('table', { id: 'advisor-requests' },
    el('thead', {}, el('tr', {}, [t('advisor.askLogin'), t('consent.allows'), t('consent.until'), t('consent.stateLabel')]
      .map((x) => el('th', { scope: 'col', text: x })))),
    el('tbody', {}, requests.map((r) => el('tr', { 'data-request': r.id }, el('td', { text: r.addressedTo }), el('td', { text: termsText(r) }),
      el('td', { text: date(r.expiresOn) }), el('td', { class: 'state-' + r.state, text: t('request.state.' + r.state) }))))));
}

function compareForm(live) {
  const hh = el('select', { id: 'cmp-household' }, live.map((c) => el('option', { value: c.household, text: c.householdName || c.household })));
  const fluid = el('select', { id: 'cmp-fluid' });
  const fillFluids = () => {
    const c = live.find((x) => x.household === hh.value);
    fluid.replaceChildren(...c.fluids.map((f) => el('option', { value: f, text: t('fluid.' + f) })));
    if (c.fluids.includes('gas')) fluid.value = 'gas';
  };
  hh.addEventListener('change', fillFluids);
  fillFluids();
  const w = lastTwoWinters();
  const dates = {};
  for (const k of ['aFrom', 'aTo', 'bFrom', 'bTo']) dates[k] = el('input', { type: 'date', id: 'cmp-' + k, value: w[k], required: true });
  const out = el('div', { id: 'cmp-result' });
  const form = el('form', { class: 'controls no-print', id: 'compare-form' },
    el('label', { for: 'cmp-household' }, t('advisor.household'), ' ', hh),
    el('label', { for: 'cmp-fluid' }, t('advisor.fluid'), ' ', fluid),
    el('fieldset', {}, el('legend', { text: t('advisor.periodA') }),
      el('label', { for: 'cmp-aFrom' }, t('advisor.from'), ' ', dates.aFrom), el('label', { for: 'cmp-aTo' }, t('advisor.to'), ' ', dates.aTo)),
    el('fieldset', {}, el('legend', { text: t('advisor.periodB') }),
      el('label', { for: 'cmp-bFrom' }, t('advisor.from'), ' ', dates.bFrom), el('label', { for: 'cmp-bTo' }, t('advisor.to'), ' ', dates.bTo)),
    el('button', { class: 'btn primary', type: 'submit', text: t('advisor.submit') }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const q = `fluid=${fluid.value}&aFrom=${dates.aFrom.value}&aTo=${dates.aTo.value}&bFrom=${dates.bFrom.value}&bTo=${dates.bTo.value}`;
    const base = `/households/${encodeURIComponent(hh.value)}`;
    clear(out);
    try {
      const cmp = await api(`${base}/comparison?${q}`);
      out.append(comparison(cmp, live.find((x) => x.household === hh.value)),
        el('p', { class: 'no-print' },
          el('a', { class: 'btn', id: 'cmp-csv', href: `/api/v1${base}/comparison?${q}&format=csv`, download: '', text: t('advisor.csv') }), ' ',
          el('button', { type: 'button', class: 'btn', id: 'cmp-print', text: t('advisor.print'), onclick: () => window.print() })));
      try {
        out.append(similarCard(await api(`${base}/similar?fluid=${fluid.value}&from=${dates.bFrom.value}&to=${dates.bTo.value}`)));
      } catch (e) { out.append(el('p', { class: 'note', text: problemText(e, { 403: 'advisor.refused' }) })); }
    } catch (e) { out.append(el('p', { class: 'error', role: 'alert', id: 'cmp-error', text: problemText(e, { 403: 'advisor.refused' }) })); }
  });
  return el('section', {}, el('h2', { text: t('advisor.compare') }), form, out);
}

function comparison(c, consent) {
  const u = c.unit;
  const a = c.a;
  const b = c.b;
  const d = c.difference;
  const pct = (v) => (v === null || v === undefined ? '–' : `${v > 0 ? '+' : ''}${num(v, 1)} %`);
  const q = (v, digits = 0, unit = u) => (v === null || v === undefined ? '–' : `${num(v, digits)} ${unit}`);
  const rows = [
    ['cmp.days', `${a.days} (${a.daysWithData})`, `${b.days} (${b.daysWithData})`, ''],
    ['cmp.quantity', q(a.quantity), q(b.quantity), ''],
    ['cmp.normalised', q(a.normalisedQuantity), q(b.normalisedQuantity), q(d.quantity)],
    ['cmp.percent', '', '', pct(d.percent)],
    ['cmp.cost', euros(a.normalisedCost), euros(b.normalisedCost), euros(d.cost)],
    ['cmp.perM2', q(a.perM2, 1, `${u}/m²`), q(b.perM2, 1, `${u}/m²`), q(d.perM2, 1, `${u}/m²`)],
    ['cmp.dju', num(a.dju, 0), num(b.dju, 0), ''],
    ['cmp.heating', q(a.heating), q(b.heating), ''],
    ['cmp.heatingCorrected', q(a.heatingCorrected), q(b.heatingCorrected), ''],
    ['cmp.corrected', q(a.correctedQuantity), q(b.correctedQuantity), `${q(d.correctedQuantity)} (${pct(d.correctedPercent)})`],
  ];
  const section = el('section', { class: 'report', id: 'comparison' },
    el('h2', { text: t('cmp.title', t('fluid.' + c.fluid), date(a.from), date(a.to), date(b.from), date(b.to)) }),
    el('p', { class: 'sub', text: `${consent.householdName || consent.household} · ${termsText(consent)}` }),
    el('table', { id: 'cmp-totals' }, el('thead', {}, el('tr', {}, [t('cmp.line'), t('cmp.a'), t('cmp.b'), t('cmp.diff')]
      .map((x, i) => el('th', { scope: 'col', class: i ? 'num' : null, text: x })))),
    el('tbody', {}, rows.map(([k, ...v]) => el('tr', { 'data-line': k }, el('th', { scope: 'row', text: t(k) }),
      v.map((x) => el('td', { class: 'num', text: x })))))));
  section.append(el('h3', { text: t('cmp.months') }), el('table', { id: 'cmp-months' },
    el('thead', {}, el('tr', {}, [t('cmp.month'), t('cmp.a'), t('cmp.b'), t('cmp.diff')].map((x, i) => el('th', { scope: 'col', class: i ? 'num' : null, text: x })))),
    el('tbody', {}, c.months.map((m) => el('tr', {},
      el('td', { text: `${m.a ? date(m.a.start, { month: 'short', year: 'numeric' }) : '–'} / ${m.b ? date(m.b.start, { month: 'short', year: 'numeric' }) : '–'}` }),
      el('td', { class: 'num', text: m.a ? q(m.a.quantity) : '–' }), el('td', { class: 'num', text: m.b ? q(m.b.quantity) : '–' }),
      el('td', { class: 'num', text: m.a && m.b ? q(m.b.quantity - m.a.quantity) : '–' }))))));
  section.append(monthsChart(c));
  section.append(el('h3', { text: t('cmp.method') }),
    el('p', { id: 'cmp-method', text: t('cmp.methodText', c.method.weatherStation || t('cmp.noStation'), c.method.baseTemperatureC) }));
  if (c.signature) {
    section.append(el('p', { id: 'cmp-signature', text: t('cmp.signature', num(c.signature.basePerDay, 1), num(c.signature.heatingPerDju, 2), u, c.signature.months) }));
  }
  if (c.notes.length) {
    section.append(el('ul', { id: 'cmp-notes' }, c.notes.map((n) => el('li', { 'data-note': n, text: t('cmp.note.' + n) }))));
  }
  return section;
}

/** Months of A and B side by side, bar against bar (the table above gives the figures; the chart the shape). */
function monthsChart(c) {
  const box = el('div', { class: 'chart', id: 'cmp-chart', role: 'img', 'aria-label': t('cmp.months') });
  const label = (m) => `${m.a ? date(m.a.start, { month: 'short' }) : ''}${m.b && !m.a ? date(m.b.start, { month: 'short' }) : ''}`;
  requestAnimationFrame(() => chart(box).setOption({
    ...BASE_OPTION,
    legend: { top: 4 },
    xAxis: { type: 'category', data: c.months.map(label) },
    yAxis: { type: 'value', name: c.unit },
    series: [
      { name: t('cmp.a'), type: 'bar', data: c.months.map((m) => (m.a ? m.a.quantity : null)), itemStyle: { color: '#9aa5a9' } },
      { name: t('cmp.b'), type: 'bar', data: c.months.map((m) => (m.b ? m.b.quantity : null)), itemStyle: { color: FLUID_COLOURS[c.fluid] } },
    ],
  }));
  return box;
}
