import { api, household } from '../api.js';
import { el, clear, showError } from '../dom.js';
import { t, num, euros, lang, colon, dayRange } from '../i18n.js';
import { chart, BASE_OPTION, ESTIMATED_DECAL, periodColour } from '../charts.js';

const STEPS = ['half_hour', 'day', 'week', 'month', 'year'];
const locale = lang === 'en' ? 'en-GB' : 'fr-FR';

// Dates are local calendar dates handled as UTC midnights, so no time zone shifts them.
const iso = (d) => d.toISOString().slice(0, 10);
const parse = (s) => new Date(s + 'T00:00:00Z');
const addDays = (d, n) => new Date(d.getTime() + n * 86400000);
const addMonths = (d, n) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
const monday = (d) => addDays(d, -((d.getUTCDay() + 6) % 7));

/** The window a step shows around a date, as [from, to). */
export function windowOf(step, d) {
  switch (step) {
    case 'half_hour': return [d, addDays(d, 1)];
    case 'day': { const f = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)); return [f, addMonths(f, 1)]; }
    case 'week': { const m = monday(d); return [addDays(m, -77), addDays(m, 7)]; }
    case 'month': { const f = new Date(Date.UTC(d.getUTCFullYear(), 0, 1)); return [f, addMonths(f, 12)]; }
    default: { const f = new Date(Date.UTC(d.getUTCFullYear() - 4, 0, 1)); return [f, new Date(Date.UTC(d.getUTCFullYear() + 1, 0, 1))]; }
  }
}

function shift(step, d, dir) {
  switch (step) {
    case 'half_hour': return addDays(d, dir);
    case 'day': return addMonths(d, dir);
    case 'week': return addDays(d, 84 * dir);
    case 'month': return addMonths(d, 12 * dir);
    default: return addMonths(d, 60 * dir);
  }
}

/** How many buckets after `from` a local label ('YYYY-MM-DDTHH:mm') is. */
function offsetOf(step, lbl, from) {
  const d = new Date(lbl + 'Z');
  switch (step) {
    case 'half_hour': return Math.round((d - from) / 1800000);
    case 'day': return Math.round((d - from) / 86400000);
    case 'week': return Math.round((d - from) / (7 * 86400000));
    case 'month': return (d.getUTCFullYear() - from.getUTCFullYear()) * 12 + d.getUTCMonth() - from.getUTCMonth();
    default: return d.getUTCFullYear() - from.getUTCFullYear();
  }
}

/**
 * The chart's buckets: every bucket of the window (so empty days show as gaps and the comparison lines up by
 * position: 3 March against 3 February or 3 March last year). On a DST day the half-hours are the API's own.
 */
function buckets(s) {
  const from = parse(s.from);
  const n = offsetOf(s.step, s.to + 'T00:00', from);
  if (s.step === 'half_hour' && (n !== 48 || s.points.length > 48)) {
    return { labels: s.points.map((p) => p.label), at: (pts) => pts.map((p) => p) };
  }
  const labels = [];
  for (let i = 0; i < n; i++) {
    const d = s.step === 'month' ? addMonths(from, i) : s.step === 'year' ? new Date(Date.UTC(from.getUTCFullYear() + i, 0, 1))
      : new Date(from.getTime() + i * { half_hour: 1800000, day: 86400000, week: 7 * 86400000 }[s.step]);
    labels.push(d.toISOString().slice(0, 16));
  }
  const at = (pts, start) => {
    const out = new Array(n).fill(undefined);
    for (const p of pts) {
      const i = offsetOf(s.step, p.label, start);
      if (i >= 0 && i < n) out[i] = p;
    }
    return out;
  };
  return { labels, at: (pts, start = from) => at(pts, start) };
}

function label(step, s) {
  const d = new Date(s + 'Z');
  const f = {
    half_hour: { hour: '2-digit', minute: '2-digit' }, day: { day: 'numeric', month: 'short' },
    week: { day: 'numeric', month: 'short' }, month: { month: 'short' }, year: { year: 'numeric' },
  }[step];
  return new Intl.DateTimeFormat(locale, { ...f, timeZone: 'UTC' }).format(d);
}

function rangeText(step, from, to) {
  const last = addDays(to, -1);
  const fmt = (d, o) => new Intl.DateTimeFormat(locale, { ...o, timeZone: 'UTC' }).format(d);
  if (step === 'half_hour') return fmt(from, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  if (step === 'day') return fmt(from, { month: 'long', year: 'numeric' });
  if (step === 'month') return fmt(from, { year: 'numeric' });
  if (step === 'year') return `${from.getUTCFullYear()} – ${last.getUTCFullYear()}`;
  return `${fmt(from, { day: 'numeric', month: 'short' })} – ${fmt(last, { day: 'numeric', month: 'short', year: 'numeric' })}`;
}

function segmented(name, values, current, onPick, text) {
  return el('fieldset', { class: 'seg', id: name },
    el('legend', { text: t(name === 'step' ? 'step.label' : 'unit.label') }),
    values.map((v) => el('button', { type: 'button', 'data-value': v, 'aria-pressed': String(v === current),
      onclick: () => onPick(v), text: text(v) })));
}

/** The tooltip of a bucket: each series' value, and whether the bucket is estimated or still in progress (as text). */
function tooltip(ps, slots, fmt) {
  const p = slots[ps[0]?.dataIndex];
  const share = p && p.estimated ? `${num(Math.max(1, Math.round(p.estimatedShare * 100)), 0)} % ${t('fluid.estimatedShort')}` : null;
  const flags = p ? [share, p.incomplete && t('fluid.incomplete')].filter(Boolean) : [];
  const box = el('div', {}, el('strong', { text: ps[0]?.axisValueLabel ?? '' }), flags.length ? ` (${flags.join(', ')})` : '');
  for (const x of ps) {
    if (x.value == null) continue;
    box.append(el('br'), el('span', { style: `color:${x.color}`, 'aria-hidden': 'true', text: '■ ' }), colon(x.seriesName, fmt(x.value)));
  }
  return box;
}

export async function render(root, fluid) {
  const q = new URLSearchParams(location.search);
  const state = {
    step: STEPS.includes(q.get('step')) ? q.get('step') : 'day',
    date: q.get('date') ? parse(q.get('date')) : parse(new Date().toISOString().slice(0, 10)),
    unit: q.get('unit') === 'eur' ? 'eur' : 'qty',
    compare: ['previous', 'last_year'].includes(q.get('compare')) ? q.get('compare') : 'none',
  };
  clear(root);
  const controls = el('div', { class: 'controls' });
  const range = el('span', { class: 'range', id: 'range', 'aria-live': 'polite' });
  const chartEl = el('div', { class: 'chart', id: 'chart', role: 'img' });
  const summary = el('div', { class: 'summary', id: 'summary' });
  const note = el('p', { class: 'note', id: 'estimated-note' });
  const table = el('details', { id: 'chart-data' });
  const error = el('div');
  root.append(controls, chartEl, note, summary, table, error);

  async function load() {
    const [from, to] = windowOf(state.step, state.date);
    const params = new URLSearchParams({ step: state.step, from: iso(from), to: iso(to) });
    if (state.compare !== 'none') params.set('compare', state.compare);
    const url = new URLSearchParams({ step: state.step, date: iso(state.date), unit: state.unit, compare: state.compare });
    history.replaceState(null, '', '?' + url);
    drawControls();
    range.textContent = rangeText(state.step, from, to);
    error.replaceChildren();
    try {
      const s = await api(`/households/${household()}/fluids/${fluid}/series?${params}`);
      draw(s);
    } catch (e) { showError(error, e); }
  }

  function drawControls() {
    controls.replaceChildren(
      segmented('step', STEPS, state.step, (v) => { state.step = v; load(); }, (v) => t('step.' + v)),
      el('div', { class: 'nav' },
        el('button', { type: 'button', id: 'prev', 'aria-label': t('common.previous'), text: '‹',
          onclick: () => { state.date = shift(state.step, state.date, -1); load(); } }),
        range,
        el('button', { type: 'button', id: 'next', 'aria-label': t('common.next'), text: '›',
          onclick: () => { state.date = shift(state.step, state.date, 1); load(); } })),
      segmented('unit', ['qty', 'eur'], state.unit, (v) => { state.unit = v; load(); },
        (v) => (v === 'eur' ? t('unit.euros') + ' (€)' : `${t('unit.quantity')} (${fluid === 'water' ? 'L' : 'kWh'})`)),
      el('label', { for: 'compare' }, t('compare.label') + ' ',
        el('select', { id: 'compare', onchange: (e) => { state.compare = e.target.value; load(); } },
          ['none', 'previous', 'last_year'].map((v) => el('option', { value: v, selected: v === state.compare,
            text: t(v === 'last_year' ? 'compare.lastYear' : 'compare.' + v) })))));
  }

  function draw(s) {
    const eur = state.unit === 'eur';
    const unit = eur ? '€' : s.unit;
    const value = (a) => (a ? (eur ? a.cost : a.quantity) : null);
    const fmt = (v) => (eur ? euros(v) : `${num(v, s.unit === 'L' ? 0 : 2)} ${s.unit}`);
    const periods = [...new Set(s.points.flatMap((p) => Object.keys(p.periods)))].sort();
    const b = buckets(s);
    const slots = b.at(s.points);
    const labels = b.labels.map((l) => label(s.step, l));
    // Hatched only when most of the bucket is estimated: one estimated day does not make a month or a year estimated
    // (the tooltip and the table give the share).
    const mostly = (p) => p.estimated && p.estimatedShare >= 0.5;
    const itemOf = (p, v) => (p ? { value: v, itemStyle: mostly(p) ? { decal: ESTIMATED_DECAL, opacity: 0.85 } : undefined } : null);
    const series = periods.length
      ? periods.map((per) => ({ name: t('period.' + per), id: per, type: 'bar', stack: 'c', barMaxWidth: 48,
        itemStyle: { color: periodColour(per, fluid) }, data: slots.map((p) => itemOf(p, p && value(p.periods[per]))) }))
      : [{ name: t('fluid.' + fluid), id: 'total', type: 'bar', barMaxWidth: 48, itemStyle: { color: periodColour('total', fluid) },
        data: slots.map((p) => itemOf(p, p && value(p))) }];
    // The period still under way, marked on the chart itself: from its first incomplete bucket to the window's end.
    const firstOpen = slots.findIndex((p) => p && p.incomplete);
    if (firstOpen >= 0) {
      series[0].markArea = { silent: true, itemStyle: { color: 'rgba(27, 42, 47, 0.07)' },
        label: { show: true, position: 'insideTop', color: '#5b6b70', formatter: t('fluid.incomplete') },
        data: [[{ xAxis: firstOpen }, { xAxis: labels.length - 1 }]] };
    }
    if (s.comparison) {
      const ref = b.at(s.comparison.points, parse(s.comparison.from));
      series.push({ name: t(s.comparison.kind === 'last_year' ? 'compare.lastYear' : 'compare.previous'), id: 'comparison',
        type: 'line', connectNulls: false, symbolSize: 5, lineStyle: { width: 2, type: 'dashed', color: '#1b2a2f' },
        itemStyle: { color: '#1b2a2f' }, data: ref.map((p) => (p ? value(p) : null)) });
    }
    const c = chart(chartEl);
    c.setOption({
      ...BASE_OPTION,
      aria: { enabled: true },
      legend: { top: 0, type: 'scroll' },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', name: unit, nameTextStyle: { align: 'right' }, axisLabel: { formatter: (v) => num(v, v % 1 ? (Math.abs(v) < 1 ? 2 : 1) : 0) } },
      // Room under a legend that wraps on a phone, so that it never covers the axis name.
      grid: { ...BASE_OPTION.grid, top: 56 },
      tooltip: { ...BASE_OPTION.tooltip, formatter: (ps) => tooltip(ps, slots, fmt) },
      series,
    }, { notMerge: true });
    chartEl.setAttribute('aria-label', `${t('fluid.chartLabel', t('step.' + s.step).toLowerCase())}: ${range.textContent}. ${t('fluid.total')} ${fmt(value(s.totals))}`);
    chartEl.dataset.points = String(s.points.length);
    const estimated = s.points.some((p) => mostly(p));
    note.replaceChildren(...(estimated ? [el('span', { class: 'swatch-estimated', 'aria-hidden': 'true' }), t('fluid.estimated')] : []));
    // Gas and water are read once a day by their utility: an empty half-hour chart with a total is not "no data".
    if (!s.points.length) note.textContent = s.step === 'half_hour' && s.totals.quantity > 0 ? t('fluid.dailyOnly', t('fluid.' + fluid)) : t('common.none');

    const items = [[t('fluid.total'), fmt(value(s.totals)), 'total'],
      [t('fluid.average', t('step.' + s.step).toLowerCase()), fmt(value(s.totals.average)), 'average']];
    if (eur && s.totals.subscription != null) items.push([t('fluid.subscription'), euros(s.totals.subscription), 'subscription']);
    // The comparison over equal spans: the window's complete days against as many days of the other period.
    const eq = s.equalSpans;
    if (eq) {
      items.push([dayRange(eq.current.from, eq.current.to), fmt(value(eq.current)), 'equal-current']);
      items.push([`${t('fluid.comparison')} ${dayRange(eq.comparison.from, eq.comparison.to)}`, fmt(value(eq.comparison)), 'comparison']);
      if (eq.change != null) items.push([t('fluid.change'), `${eq.change > 0 ? '+' : ''}${num(eq.change, 0)} %`, 'change']);
    } else if (s.comparison) {
      items.push([t('fluid.comparison'), fmt(value(s.comparison.totals)), 'comparison']);
    }
    if (s.totals.costsIncomplete && eur) items.push([t('overview.costsIncomplete'), s.totals.unpricedFrom
      ? t('fluid.unpriced', dayRange(s.totals.unpricedFrom, new Date(Date.parse(s.totals.unpricedTo + 'T00:00:00Z') + 86400000).toISOString().slice(0, 10)))
      : t('fluid.noSubscription'), 'costs-incomplete']);
    summary.replaceChildren(...items.map(([k, v, id]) => el('div', { 'data-field': id }, el('span', { text: k }), el('strong', { text: v }))));

    table.replaceChildren(el('summary', { text: t('fluid.tableCaption') }),
      el('table', {}, el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t('fluid.period') }),
        el('th', { scope: 'col', class: 'num', text: `${t('fluid.value')} (${unit})` }))),
      el('tbody', {}, s.points.map((p) => el('tr', {}, el('th', { scope: 'row', text: label(s.step, p.label) + (p.estimated ? ` * (${num(Math.max(1, Math.round(p.estimatedShare * 100)), 0)} %)` : '') }),
        el('td', { class: 'num', text: value(p) == null ? '–' : num(value(p), eur ? 2 : 3) }))))));
  }

  load();
}
