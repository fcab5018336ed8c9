// Translated strings come from the page itself (a JSON data block rendered by the server), so there is one dictionary.
const messages = JSON.parse(document.getElementById('eco-i18n').textContent);
export const lang = document.documentElement.lang || 'fr';
const locale = lang === 'en' ? 'en-GB' : 'fr-FR';

/** Whether a message exists in the page's language. */
export function has(key) {
  return Object.prototype.hasOwnProperty.call(messages, key);
}

export function t(key, ...args) {
  let s = messages[key] ?? key;
  args.forEach((a, i) => { s = s.split(`{${i}}`).join(a); }); // every occurrence: a message may name an argument twice
  return s;
}

/** "label: value" with the language's punctuation (French puts a space before the colon). */
export function colon(label, value) {
  return lang === 'fr' ? `${label} : ${value}` : `${label}: ${value}`;
}

export function num(v, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

export function euros(v) {
  if (v === null || v === undefined) return '–';
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(v);
}

/** The household's time zone on a household's pages (set by app.js before the page renders), else null. */
let householdZone = null;
export function setZone(zone) {
  householdZone = zone || null;
}

/**
 * An instant as a date and time: in {@code zone} when given, else in the household's zone on its pages (#16: a
 * household in Paris reads Paris times wherever its browser is); the browser's only on pages of no household.
 */
export function dateTime(iso, zone) {
  if (!iso) return '–';
  const opts = { dateStyle: 'medium', timeStyle: 'short' };
  if (zone || householdZone) opts.timeZone = zone || householdZone;
  return new Intl.DateTimeFormat(locale, opts).format(new Date(iso));
}

/** An instant in another household's zone, the zone said (an advisor's pages: "25 Oct 2026, 02:30 (Europe/Paris)"). */
export function zonedDateTime(iso, zone) {
  if (!iso) return '–';
  return zone ? `${dateTime(iso, zone)} (${zone})` : dateTime(iso);
}

/** Local dates [from, to) as "1–14 Nov" (one month) or "28 Oct – 3 Nov". */
export function dayRange(from, to) {
  const last = new Date(Date.parse(to + 'T00:00:00Z') - 86400000).toISOString().slice(0, 10);
  const short = { day: 'numeric', month: 'short' };
  if (from === last) return date(from, short);
  if (from.slice(0, 7) === last.slice(0, 7)) return `${date(from, { day: 'numeric' })}–${date(last, short)}`;
  return `${date(from, short)} – ${date(last, short)}`;
}

export function date(isoDate, opts = { dateStyle: 'medium' }) {
  return new Intl.DateTimeFormat(locale, { ...opts, timeZone: 'UTC' }).format(new Date(isoDate + 'T00:00:00Z'));
}

/** The unit of a fluid's quantities. */
export function unitOf(fluid) {
  return fluid === 'water' ? t('unit.l') : t('unit.kwh');
}
