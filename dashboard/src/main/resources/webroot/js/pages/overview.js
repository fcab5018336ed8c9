import { api, household } from '../api.js';
import { el, clear } from '../dom.js';
import { t, num, euros, dateTime, date, dayRange, colon } from '../i18n.js';
import { chart, BASE_OPTION, FLUID_COLOURS } from '../charts.js';

/** The change the API worked out on equal spans (per cent, or null when there is nothing to compare). */
function delta(change) {
  if (change === null || change === undefined) return el('span', { class: 'delta', text: '–' });
  // Below half a percent the rounded figure would read "-0 %": say "≈ 0 %" instead.
  if (Math.abs(change) < 0.5) return el('span', { class: 'delta same', text: t('overview.same') });
  const up = change > 0;
  return el('span', { class: 'delta ' + (up ? 'up' : 'down'), text: `${up ? '▲ +' : '▼ '}${num(change, 0)} %` });
}

/** "1–14 Nov", or "1–7 Dec up to 09:30" for a span cut at the last complete half-hour (half-hourly data). */
function range(a) {
  return a.until ? t('overview.until', dayRange(a.from, a.to), a.until) : dayRange(a.from, a.to);
}

/** "1–14 oct. : 168,0 kWh, 33,60 €", without the euros when no price was known then. */
function figures(a, unit, digits) {
  const q = `${num(a.quantity, digits)} ${unit}`;
  return colon(range(a), a.cost == null ? q : `${q}, ${euros(a.cost)}`);
}

/** "Costs incomplete: no subscription price from 1 Oct to 31 Oct; …", or nothing when every price is known. */
function incomplete(card) {
  if (!card.missingPrices.length) return null;
  const short = { day: 'numeric', month: 'short', year: 'numeric' };
  const items = card.missingPrices.map((m) => m.component === 'subscription'
    ? t('overview.noPriceSubscription', date(m.from, short), date(m.to, short))
    : t('overview.noPriceEnergy', m.period, date(m.from, short), date(m.to, short)));
  return el('p', { class: 'warning', 'data-field': 'costs-incomplete', role: 'note' },
    colon(t('overview.costsIncomplete'), items.join(' ; ')));
}

function card(f, zone) {
  const digits = f.unit === 'L' ? 0 : 1;
  const c = f.current;
  const head = el('h2', { text: t('fluid.' + f.fluid) });
  const latest = el('p', { class: 'sub', 'data-field': 'latest', text: t('overview.latest', dateTime(f.latestReading, zone)) });
  const link = el('a', { href: `/app/${f.fluid}`, text: t('overview.open') });
  if (!c) {
    return { card: el('section', { class: 'card ' + f.fluid, 'data-fluid': f.fluid }, head,
      el('p', { class: 'sub', 'data-field': 'no-data', text: t('overview.noCompleteDay') }), latest, link) };
  }
  const mini = el('div', { class: 'chart small', role: 'img',
    'aria-label': `${t('fluid.' + f.fluid)}: ${num(c.quantity, digits)} ${f.unit}; ${t('overview.vsLastMonth')} ${num(f.lastMonth.quantity, digits)}; ${t('overview.vsLastYear')} ${num(f.lastYear.quantity, digits)}` });
  const money = [];
  if (c.cost != null) money.push(t('overview.consumption', euros(c.cost)));
  if (c.subscription != null) money.push(el('span', { 'data-field': 'subscription', text: t('overview.subscription', euros(c.subscription)) }));
  const moneyLine = el('p', { class: 'sub' });
  money.forEach((m, i) => moneyLine.append(...(i ? [' · ', m] : [m])));
  const share = c.estimatedShare > 0
    ? el('p', { class: 'sub estimated', 'data-field': 'estimated', text: t('overview.estimatedShare', num(c.estimatedShare * 100, 0)) })
    : null;
  const total = c.cost == null ? null : c.cost + (c.subscription ?? 0);
  const section = el('section', { class: 'card ' + f.fluid, 'data-fluid': f.fluid }, head,
    el('p', { class: 'sub', 'data-field': 'span', text: t('overview.spanVs', range(c), range(f.lastMonth)) }),
    el('p', {}, el('span', { class: 'big', 'data-field': 'cost', text: euros(total) }), ' ',
      el('span', { class: 'sub', 'data-field': 'quantity', text: `${num(c.quantity, digits)} ${f.unit}` })),
    moneyLine,
    ...(share ? [share] : []),
    el('p', { class: 'sub' }, delta(f.lastMonth.days ? f.lastMonth.change : null), ' ', t('overview.vsLastMonth'),
      ` (${f.lastMonth.days ? figures(f.lastMonth, f.unit, digits) : t('overview.notComparable')})`),
    el('p', { class: 'sub' }, delta(f.lastYear.days ? f.lastYear.change : null), ' ', t('overview.vsLastYear'),
      ` (${f.lastYear.days ? figures(f.lastYear, f.unit, digits) : t('overview.notComparable')})`),
    ...[incomplete(f)].filter(Boolean),
    mini, latest, link);
  return { card: section, mini };
}

export async function render(root) {
  const o = await api(`/households/${household()}/overview`);
  clear(root);
  const cards = el('div', { class: 'cards' });
  for (const f of o.fluids) {
    const { card: section, mini } = card(f, o.zone);
    cards.append(section);
    if (!mini) continue;
    const c = f.current;
    const labels = [`${t('overview.barLastYear')} (${range(f.lastYear)})`,
      `${t('overview.barLastMonth')} (${range(f.lastMonth)})`, range(c)];
    chart(mini).setOption({
      ...BASE_OPTION,
      grid: { left: 8, right: 8, top: 28, bottom: 14, containLabel: true },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, fontSize: 11, width: 80, overflow: 'break', lineHeight: 13 } },
      yAxis: { type: 'value', name: f.unit, splitNumber: 3, axisLabel: { formatter: (v) => num(v, 0) } },
      series: [{ type: 'bar', data: [f.lastYear.quantity, f.lastMonth.quantity, c.quantity],
        itemStyle: { color: FLUID_COLOURS[f.fluid] }, barWidth: '45%' }],
    });
  }
  root.append(cards);
}
