import { api, household, problemText } from '../api.js';
import { el, clear } from '../dom.js';
import { t } from '../i18n.js';
import { similarCard } from './similar.js';

const ENUMS = {
  heatingEnergy: ['electricity', 'gas', 'fuel_oil', 'wood', 'district_heating', 'other'],
  heatingSystem: ['direct_electric', 'heat_pump', 'boiler', 'condensing_boiler', 'stove', 'district', 'other'],
  hotWater: ['electric_tank', 'heat_pump_tank', 'gas_boiler', 'solar', 'other'],
  constructionPeriod: ['before_1975', 'from_1975_to_1989', 'from_1990_to_2005', 'from_2006_to_2012', 'from_2013_to_2021', 'from_2022'],
};

function select(id, values, current, label) {
  return el('select', { id }, el('option', { value: '', text: t('home.notSaid') }),
    values.map((v) => el('option', { value: v, selected: v === current, text: label(v) })));
}

/** "My home": the profile (every field optional) and, once the household takes part, the similar-homes card. */
export async function render(root) {
  const h = household();
  const [home, { stations }, consents] = await Promise.all([api(`/households/${h}`), api('/weather-stations'), api(`/households/${h}/consents`)]);
  const p = home.profile || {};
  clear(root);
  root.append(el('p', { class: 'note', text: t('home.intro') }));
  const surface = el('input', { id: 'surface', type: 'number', min: '5', max: '10000', step: '0.1', value: p.surfaceM2 ?? '' });
  const occupants = el('input', { id: 'occupants', type: 'number', min: '1', max: '30', step: '1', value: p.occupants ?? '' });
  const enums = {};
  for (const [k, values] of Object.entries(ENUMS)) enums[k] = select(k, values, p[k], (v) => t(`profile.${k}.${v}`));
  const postcode = el('input', { id: 'postcode', inputmode: 'numeric', maxlength: '5', autocomplete: 'postal-code', value: p.postcode ?? '' });
  const station = select('weatherStation', stations.map((s) => s.zone), p.weatherStation, (z) => z);
  // Postcode → station: the operator names zones after their département ("69-lyon-bron"); the household may change it.
  postcode.addEventListener('input', () => {
    const pc = postcode.value.trim().toUpperCase();
    if (station.value || pc.length < 2) return;
    const zone = stations.map((s) => s.zone).sort().find((z) => z.startsWith(pc.slice(0, 2) + '-'));
    if (zone) station.value = zone;
  });
  const msg = el('p', { role: 'status' });
  const form = el('form', { class: 'stack', id: 'profile-form' },
    el('label', { for: 'surface' }, t('home.surface'), surface),
    el('label', { for: 'occupants' }, t('home.occupants'), occupants),
    el('label', { for: 'heatingEnergy' }, t('home.heatingEnergy'), enums.heatingEnergy),
    el('label', { for: 'heatingSystem' }, t('home.heatingSystem'), enums.heatingSystem),
    el('label', { for: 'hotWater' }, t('home.hotWater'), enums.hotWater),
    el('label', { for: 'constructionPeriod' }, t('home.constructionPeriod'), enums.constructionPeriod),
    el('label', { for: 'postcode' }, t('home.postcode'), postcode),
    el('label', { for: 'weatherStation' }, t('home.weatherStation'), station),
    el('p', { class: 'note', text: t('home.weatherStationHelp') }),
    el('button', { class: 'btn primary', type: 'submit', text: t('home.save') }), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {
      surfaceM2: surface.value === '' ? null : Number(surface.value),
      occupants: occupants.value === '' ? null : Number(occupants.value),
      postcode: postcode.value.trim() || null, weatherStation: station.value || null,
    };
    for (const k of Object.keys(ENUMS)) body[k] = enums[k].value || null;
    try {
      await api(`/households/${h}/profile`, { method: 'PUT', body });
      msg.className = 'ok'; msg.textContent = t('home.saved');
    } catch (e) { msg.className = 'error'; msg.textContent = problemText(e); }
  });
  root.append(form);

  root.append(el('h2', { text: t('home.similar') }), el('p', { class: 'note', text: t('home.similarHelp') }));
  const member = consents.similarHomes.member;
  root.append(el('button', { type: 'button', class: 'btn', id: 'similar-toggle', text: t(member ? 'home.similarLeave' : 'home.similarJoin'),
    onclick: async () => {
      await api(`/households/${h}/similar-homes`, { method: 'PUT', body: { member: !member } });
      await render(root);
    } }));
  if (member) {
    // The last twelve whole months, as the advisor would see it.
    const today = new Date();
    const to = new Date(Date.UTC(today.getFullYear(), today.getMonth(), 1));
    const from = new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), 1));
    const iso = (d) => d.toISOString().slice(0, 10);
    const fluid = home.meters.some((m) => m.fluid === 'gas') && p.heatingEnergy === 'gas' ? 'gas' : 'electricity';
    root.append(similarCard(await api(`/households/${h}/similar?fluid=${fluid}&from=${iso(from)}&to=${iso(to)}`)));
  }
}
