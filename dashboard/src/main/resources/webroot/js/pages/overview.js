import { api, household } from '../api.js';
import { el, clear } from '../dom.js';
import { t, num, euros, dateTime, date } from '../i18n.js';
import { chart, BASE_OPTION, FLUID_COLOURS } from '../charts.js';

function delta(now, ref) {
  if (!ref || !ref.quantity) return el('span', { class: 'delta', text: '–' });
  const pct = ((now.quantity - ref.quantity) / ref.quantity) * 100;
  // Below half a percent the rounded figure would read "-0 %": say "≈ 0 %" instead.
  if (Math.abs(pct) < 0.5) return el('span', { class: 'delta same', text: t('overview.same') });
  const up = pct > 0;
  return el('span', { class: 'delta ' + (up ? 'up' : 'down'), text: `${up ? '▲ +' : '▼ '}${num(pct, 0)} %` });
}

/** "340,8 kWh, 68,41 €", without the euros when no price was known then. */
function figures(a, unit, digits) {
  return a.cost == null ? `${num(a.quantity, digits)} ${unit}` : `${num(a.quantity, digits)} ${unit}, ${euros(a.cost)}`;
}

export async function render(root) {
  const o = await api(`/households/${household()}/overview`);
  clear(root);
  const cards = el('div', { class: 'cards' });
  for (const f of o.fluids) {
    const c = f.current;
    const digits = f.unit === 'L' ? 0 : 1;
    const mini = el('div', { class: 'chart small', role: 'img',
      'aria-label': `${t('fluid.' + f.fluid)}: ${num(c.quantity, digits)} ${f.unit}; ${t('overview.vsLastMonth')} ${num(f.lastMonth.quantity, digits)}; ${t('overview.vsLastYear')} ${num(f.lastYear.quantity, digits)}` });
    const card = el('section', { class: 'card ' + f.fluid, 'data-fluid': f.fluid },
      el('h2', { text: t('fluid.' + f.fluid) }),
      el('p', { class: 'sub', text: t('overview.monthSoFar', date(o.today, { day: 'numeric', month: 'long' })) }),
      el('p', {}, el('span', { class: 'big', 'data-field': 'cost', text: euros(c.cost) }), ' ',
        el('span', { class: 'sub', 'data-field': 'quantity', text: `${num(c.quantity, digits)} ${f.unit}` })),
      el('p', { class: 'sub' }, delta(c, f.lastMonth), ' ', t('overview.vsLastMonth'),
        ` (${figures(f.lastMonth, f.unit, digits)})`),
      el('p', { class: 'sub' }, delta(c, f.lastYear), ' ', t('overview.vsLastYear'),
        ` (${figures(f.lastYear, f.unit, digits)})`),
      mini,
      el('p', { class: 'sub', text: t('overview.latest', dateTime(f.latestReading)) }),
      el('a', { href: `/app/${f.fluid}`, text: t('overview.open') }));
    cards.append(card);
    const labels = [t('overview.barLastYear'), t('overview.barLastMonth'), t('overview.thisMonth')];
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
