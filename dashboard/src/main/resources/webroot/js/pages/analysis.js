import { api, household } from '../api.js';
import { el, clear } from '../dom.js';
import { t, num, euros, date, colon } from '../i18n.js';
import { chart, BASE_OPTION, FLUID_COLOURS } from '../charts.js';

export async function render(root) {
  const a = await api(`/households/${household()}/analysis`);
  clear(root);
  root.append(el('p', { class: 'note', text: t('analysis.range') }));
  const share = Object.entries(a.periodShare).filter(([k]) => k.endsWith('HP') || k === 'HP')
    .reduce((s, [, v]) => s + v, 0);
  const seasons = ['winter', 'spring', 'summer', 'autumn'].filter((k) => a.baselineBySeason[k] != null)
    .map((k) => `${t('analysis.season.' + k)} ${num(a.baselineBySeason[k], 0)} W`);
  const heating = a.baselineBySeason.winter != null && a.baselineW != null && a.baselineBySeason.winter > 1.5 * a.baselineW;
  const mp = a.meterPeak;
  const adv = mp && mp.advice;
  let advice = '';
  if (adv && adv.kind !== 'unknown') {
    const pct = num(mp.va / (adv.subscribedKva * 10), 0);
    advice = adv.kind === 'near' && adv.suggestedKva == null ? t('analysis.advice.nearTop', pct, adv.subscribedKva)
      : t('analysis.advice.' + adv.kind, pct, adv.subscribedKva, adv.suggestedKva);
  } else if (mp && mp.va != null) {
    advice = t('analysis.advice.unknown');
  }
  // #16: the subscription the advice uses, and whether the meter told it; the peak's source, its time when known.
  const sub = mp && mp.subscription;
  const subscription = sub && sub.kva != null ? t('analysis.subscription', sub.kva,
    sub.option ? t('analysis.subscription.option.' + sub.option) : '–',
    sub.kvaFrom === 'meter' ? t(sub.learnedFrom === 'enedis' ? 'analysis.subscription.enedis' : 'analysis.subscription.meter',
      date(sub.learnedAtLocal.slice(0, 10), { dateStyle: 'medium' }))
      : t('analysis.subscription.record')) : '';
  const differs = sub && sub.kvaFrom === 'meter' && sub.recordKva != null && sub.recordKva !== sub.kva
    ? t('analysis.subscription.differs', sub.recordKva) : '';
  const peakWhen = mp && mp.atLocal ? date(mp.atLocal.slice(0, 10), { dateStyle: 'medium' }) + (mp.timeKnown ? ' ' + mp.atLocal.slice(11, 16) : '')
    : t('analysis.meterPeakNone');
  root.append(el('div', { class: 'cards' },
    el('section', { class: 'card electricity', id: 'baseline' }, el('h2', { text: t('analysis.baseline') }),
      el('p', { class: 'big', text: a.baselineW == null ? '–' : `${num(a.baselineW, 0)} W` }),
      el('p', { class: 'sub', text: a.baselineCostPerYear == null ? '' : t('analysis.baselineCost', euros(a.baselineCostPerYear)) }),
      el('p', { class: 'sub', 'data-field': 'seasons', text: seasons.length ? t('analysis.baselineSeasons', seasons.join(' · ')) : '' }),
      ...(heating ? [el('p', { class: 'sub', 'data-field': 'heating', text: t('analysis.baselineHeating') })] : [])),
    el('section', { class: 'card electricity', id: 'peak' }, el('h2', { text: t('analysis.peak') }),
      el('p', { class: 'big', 'data-field': 'meter-peak', text: mp && mp.va != null ? `${num(mp.va, 0)} VA` : '–' }),
      el('p', { class: 'sub', 'data-field': 'peak-at', text: peakWhen }),
      el('p', { class: 'sub', 'data-field': 'peak-source', text: mp && mp.source ? t('analysis.peakSource.' + mp.source, mp.meterDays) : '' }),
      el('p', { class: 'sub', 'data-field': 'advice', text: advice }),
      el('p', { class: 'sub', 'data-field': 'subscription', text: subscription }),
      ...(differs ? [el('p', { class: 'sub', 'data-field': 'subscription-differs', text: differs })] : []),
      el('p', { class: 'sub', text: a.peakW == null ? '' : t('analysis.halfHourPeak', `${num(a.peakW, 0)} W`) })),
    el('section', { class: 'card electricity', id: 'hp-share' }, el('h2', { text: t('analysis.hpShare') }),
      el('p', { class: 'big', text: Object.keys(a.periodShare).length ? `${num(share * 100, 0)} %` : '–' }),
      el('p', { class: 'sub', text: Object.keys(a.periodShare).length ? t('analysis.hpShareHelp') : '' }))));

  const hours = Array.from({ length: 48 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);
  const profile = el('div', { class: 'chart', id: 'profile', role: 'img', 'aria-label': t('analysis.profile') });
  root.append(el('h2', { text: t('analysis.profile') }), profile);
  chart(profile).setOption({
    ...BASE_OPTION,
    legend: { top: 0 },
    xAxis: { type: 'category', data: hours },
    yAxis: { type: 'value', name: 'W', axisLabel: { formatter: (v) => num(v, 0) } },
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${num(v, 0)} W` },
    series: [
      { name: t('analysis.weekday'), type: 'line', data: a.weekdayProfileW, showSymbol: false, itemStyle: { color: FLUID_COLOURS.electricity } },
      { name: t('analysis.weekend'), type: 'line', data: a.weekendProfileW, showSymbol: false, lineStyle: { type: 'dashed' }, itemStyle: { color: '#1d6b4f' } },
    ],
  });

  const days = a.dayHourKwh.map((d) => d.day);
  const cells = a.dayHourKwh.flatMap((d, y) => d.kwh.map((v, h) => [h, y, v]));
  const max = Math.max(0.001, ...cells.map((c) => c[2]));
  const heat = el('div', { class: 'chart', id: 'heatmap', role: 'img', 'aria-label': t('analysis.heatmap'),
    style: `height:${Math.max(260, Math.min(900, days.length * 3 + 120))}px` });
  root.append(el('h2', { text: t('analysis.heatmap') }), heat);
  chart(heat).setOption({
    ...BASE_OPTION,
    tooltip: { position: 'top', formatter: (p) => colon(`${date(days[p.value[1]], { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' })}, ${p.value[0]}h`, `${num(p.value[2], 2)} kWh`) },
    grid: { left: 90, right: 16, top: 16, bottom: 70 },
    xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, h) => `${h}h`) },
    yAxis: { type: 'category', data: days, inverse: true, axisLabel: { formatter: (d) => date(d, { day: 'numeric', month: 'short', year: '2-digit' }) } },
    visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, text: [t('analysis.heatmapUnit'), ''],
      formatter: (v) => num(v, 1),
      inRange: { color: ['#f7f1e3', '#e0a458', '#b8650a', '#6b2f00'] } },
    series: [{ type: 'heatmap', data: cells, progressive: 2000 }],
  });
}
