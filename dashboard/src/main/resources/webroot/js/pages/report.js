import { api, household } from '../api.js';
import { el, clear } from '../dom.js';
import { t, num, euros, lang } from '../i18n.js';

const pct = (c) => (c && c.pct !== null && c.pct !== undefined ? (c.pct > 0 ? '+' : '') + num(c.pct, 0) + ' %' : '–');

/** The monthly report: per fluid against last month and last year, missing days named, the biggest change, one ecogesture; printable. */
export async function render(root) {
  const params = new URLSearchParams(location.search);
  const month = params.get('month');
  const r = await api(`/households/${household()}/report` + (month ? `?month=${encodeURIComponent(month)}` : ''));
  clear(root);
  root.append(el('p', { class: 'note', text: t('report.intro') }),
    el('p', {}, el('strong', { id: 'report-month', text: `${t('report.month')} ${r.month}` }), ' ',
      el('button', { type: 'button', class: 'btn no-print', id: 'report-print', text: t('report.print'), onclick: () => window.print() })));
  for (const f of r.fluids) {
    const m = f.month;
    const card = el('section', { class: 'card report-fluid', 'data-fluid': f.fluid },
      el('h2', { text: t('engage.fluid.' + f.fluid) }),
      el('p', { class: 'big', text: m.days ? `${num(m.quantity, 1)} ${f.unit} · ${euros(m.eur)}` : t('report.noData') }),
      el('p', { class: 'vs-last-month', text: `${pct(f.vsLastMonth)} ${t('report.vsLastMonth')} · ${t('report.eur')} ${pct(f.eurVsLastMonth)}` }),
      el('p', { class: 'vs-last-year', text: `${pct(f.vsLastYear)} ${t('report.vsLastYear')} · ${t('report.eur')} ${pct(f.eurVsLastYear)}` }));
    if ((f.vsLastMonth && f.vsLastMonth.basis === 'daily_average') || (f.vsLastYear && f.vsLastYear.basis === 'daily_average')) {
      card.append(el('p', { class: 'note', text: t('report.basisDaily') }));
    }
    if (m.missingDays.length) card.append(el('p', { class: 'note missing', text: t('report.missing', m.missingDays.join(', ')) }));
    root.append(card);
  }
  if (r.biggestChange) {
    root.append(el('p', { id: 'report-biggest', text: t('report.biggest', t('engage.fluid.' + r.biggestChange.fluid), pct(r.biggestChange)) }));
  }
  if (r.gesture) {
    const s = r.gesture.saving;
    root.append(el('section', { class: 'card', id: 'report-gesture' }, el('h2', { text: t('report.gesture') }),
      el('p', { text: r.gesture.title[lang] }),
      s ? el('p', { text: t('gestures.saving', `${num(s.quantity, 0)} ${s.unit}` + (s.eur === null ? '' : ` · ${euros(s.eur)}`)) }) : null,
      el('p', { class: 'note', text: t('gestures.source', r.gesture.source.name) })));
  }
}
