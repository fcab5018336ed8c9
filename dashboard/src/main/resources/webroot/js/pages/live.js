import { api, household } from '../api.js';
import { el, clear } from '../dom.js';
import { t, num, euros, colon, dateTime } from '../i18n.js';
import { chart, BASE_OPTION, FLUID_COLOURS } from '../charts.js';

const WINDOW_MS = 15 * 60 * 1000;
/** Without a reading for this long the meter is shown disconnected (a Linky sends a frame every 1 to 2 s). */
const STALE_MS = 60 * 1000;
/** Active power (W) is the index's growth over at least this long: the TIC gives VA, not W, and 1 Wh steps. */
const WATTS_OVER_MS = 30 * 1000;

/** W from the total index's growth over the last readings: [[epoch ms, Wh], ...] in time order, or null. */
export function wattsFrom(indexes, now) {
  if (indexes.length < 2) return null;
  const last = indexes[indexes.length - 1];
  let first = null;
  for (let i = indexes.length - 2; i >= 0; i--) {
    if (last[0] - indexes[i][0] >= WATTS_OVER_MS) { first = indexes[i]; break; }
  }
  if (!first || now - last[0] > STALE_MS) return null;
  return ((last[1] - first[1]) * 3600 * 1000) / (last[0] - first[0]);
}

export function render(root) {
  clear(root);
  let zone;
  let lastAt = null;
  const indexes = [];
  const power = el('div', { class: 'livebox', id: 'live-box' },
    el('p', {}, el('span', { class: 'livepower', id: 'live-power', text: '–' }), ' VA'),
    el('p', { class: 'sub' }, el('span', { id: 'live-watts', text: '–' }), ' W ', el('span', { class: 'note', text: t('live.wattsHelp') })),
    el('p', { class: 'sub', id: 'live-last' }));
  const status = el('p', { class: 'note', id: 'live-status', role: 'status', text: t('live.waiting') });
  const facts = el('div', { class: 'cards', id: 'live-facts' });
  const chartEl = el('div', { class: 'chart', id: 'chart', role: 'img', 'aria-label': t('live.lastMinutes') });
  root.append(el('h2', { text: t('live.power') }), power, status, facts, el('h2', { text: t('live.lastMinutes') }), chartEl);
  const points = [];
  const c = chart(chartEl);
  const draw = () => {
    const cutoff = Date.now() - WINDOW_MS;
    while (points.length && points[0][0] < cutoff && points.length > 2) points.shift();
    c.setOption({
      ...BASE_OPTION,
      xAxis: { type: 'time', axisLabel: { formatter: (v) => (zone ? new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', timeZone: zone }).format(new Date(v)) : '') } },
      yAxis: { type: 'value', name: 'VA', axisLabel: { formatter: (v) => num(v, 0) } },
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${num(v, 0)} VA` },
      series: [{ id: 'power', type: 'line', showSymbol: false, areaStyle: { opacity: 0.15 }, data: points.slice(),
        itemStyle: { color: FLUID_COLOURS.electricity } }],
    });
  };

  /** The last value stays, greyed, with since when nothing came: never a stale figure shown as live. */
  const freshness = () => {
    const stale = lastAt == null || Date.now() - lastAt > STALE_MS;
    power.classList.toggle('stale', stale);
    power.setAttribute('aria-disabled', String(stale));
    if (lastAt != null) {
      document.getElementById('live-last').textContent = t('live.lastReading', dateTime(new Date(lastAt).toISOString(), zone));
      if (stale) status.textContent = t('live.disconnectedSince', dateTime(new Date(lastAt).toISOString(), zone));
    }
  };

  async function figures() {
    let n;
    try { n = await api(`/households/${household()}/now`); } catch { return; }
    zone = n.zone;
    if (n.latestReading && lastAt == null) {
      lastAt = Date.parse(n.latestReading);
      if (n.latestPowerVa != null) document.getElementById('live-power').textContent = num(n.latestPowerVa, 0);
    }
    const cards = [];
    if (n.today) {
      cards.push(el('section', { class: 'card electricity', id: 'live-today' }, el('h2', { text: t('live.today') }),
        el('p', { class: 'big', text: `${num(n.today.kwh, 2)} kWh` }),
        el('p', { class: 'sub', text: n.today.cost == null ? t('live.noPrice') : euros(n.today.cost) })));
    }
    if (n.period) {
      cards.push(el('section', { class: 'card electricity', id: 'live-period' }, el('h2', { text: t('live.period') }),
        el('p', { class: 'big', text: t('period.' + n.period) })));
    }
    if (n.option && n.option.toUpperCase().startsWith('TEMPO') || n.tempo.today || n.tempo.tomorrow) {
      const colour = (c) => (c ? el('span', { class: 'tempo ' + c.toLowerCase(), text: t('live.tempo.' + c) })
        : el('span', { class: 'tempo unknown', text: t('live.tempo.unknown') }));
      cards.push(el('section', { class: 'card electricity', id: 'live-tempo' }, el('h2', { text: 'Tempo' }),
        el('p', { 'data-field': 'today' }, t('live.tempoToday'), ' ', colour(n.tempo.today)),
        el('p', { 'data-field': 'tomorrow' }, t('live.tempoTomorrow'), ' ', colour(n.tempo.tomorrow))));
    }
    if (n.ejp.today || n.ejp.tomorrow) {
      cards.push(el('section', { class: 'card electricity', id: 'live-ejp', role: 'note' }, el('h2', { text: 'EJP' }),
        el('p', { class: 'warning', text: t(n.ejp.today ? 'live.ejpToday' : 'live.ejpTomorrow') })));
    }
    facts.replaceChildren(...cards);
    freshness();
    draw();
  }

  draw();
  figures();
  const refresh = setInterval(figures, 60 * 1000);
  const tick = setInterval(freshness, 5 * 1000);
  const source = new EventSource(`/api/v1/households/${household()}/live`);
  source.addEventListener('meters', (e) => {
    if (JSON.parse(e.data).meters.length === 0) status.textContent = t('live.noGateway');
    else freshness();
  });
  source.addEventListener('history', (e) => {
    const seen = new Set(points.map((p) => p[0]));
    for (const p of JSON.parse(e.data).points) {
      const at = Date.parse(p.instant);
      if (!seen.has(at)) points.push([at, p.power]);
    }
    points.sort((a, b) => a[0] - b[0]);
    draw();
  });
  source.addEventListener('reading', (e) => {
    const p = JSON.parse(e.data);
    const at = Date.parse(p.instant);
    const index = p.values && p.values['index.total'];
    if (index != null) {
      indexes.push([at, index]);
      while (indexes.length > 2 && at - indexes[1][0] > 5 * WATTS_OVER_MS) indexes.shift();
      const w = wattsFrom(indexes, at);
      if (w != null) document.getElementById('live-watts').textContent = num(w, 0);
    }
    if (p.power == null) return;
    points.push([at, p.power]);
    lastAt = Math.max(lastAt ?? 0, at);
    document.getElementById('live-power').textContent = num(p.power, 0);
    status.textContent = t('live.connected');
    freshness();
    draw();
  });
  source.addEventListener('open', () => {
    status.textContent = points.length ? t('live.connected') : t('live.waiting');
    freshness(); // a meter silent for a minute stays "disconnected since", whatever the stream says
  });
  source.addEventListener('error', () => { status.textContent = t('live.reconnecting'); freshness(); });
  window.addEventListener('pagehide', () => { source.close(); clearInterval(refresh); clearInterval(tick); });
}
