import { el } from '../dom.js';
import { t, num } from '../i18n.js';

/** The similar-homes card: aggregates of at least minHomes homes, or why there are none. Shared by the household and the advisor. */
export function similarCard(s) {
  const card = el('section', { class: 'card', id: 'similar-card' }, el('h2', { text: t('similar.title', t('fluid.' + s.fluid)) }));
  if (!s.cohort) {
    card.append(el('p', { text: t('similar.incomplete') }));
    return card;
  }
  card.append(el('p', { class: 'sub', text: t('similar.cohort', t('profile.heatingEnergy.' + s.cohort.heatingEnergy), s.cohort.surfaceBand, s.cohort.occupants) }));
  if (!s.enough) {
    card.append(el('p', { id: 'similar-too-few', text: t('similar.tooFew', s.minHomes) }));
    return card;
  }
  const u = s.unit;
  card.append(el('p', { text: t('similar.homes', s.homes) }),
    el('div', { class: 'summary' },
      el('div', {}, el('span', { text: t('similar.own') }), el('strong', { text: `${num(s.own, 0)} ${u}` })),
      el('div', {}, el('span', { text: t('similar.mean') }), el('strong', { id: 'similar-mean', text: `${num(s.meanQuantity, 0)} ${u}` })),
      el('div', {}, el('span', { text: t('similar.ownPerM2') }), el('strong', { text: `${num(s.ownPerM2, 1)} ${u}/m²` })),
      el('div', {}, el('span', { text: t('similar.meanPerM2') }), el('strong', { text: `${num(s.meanPerM2, 1)} ${u}/m²` }))));
  if (s.lowerShare !== null && s.lowerShare !== undefined) {
    card.append(el('p', { text: t('similar.lowerShare', Math.round(s.lowerShare * 100)) }));
  }
  return card;
}
