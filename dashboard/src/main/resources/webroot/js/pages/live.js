import { household } from '../api.js';
import { el, clear } from '../dom.js';
import { t, num } from '../i18n.js';
import { chart, BASE_OPTION, FLUID_COLOURS } from '../charts.js';

const WINDOW_MS = 15 * 60 * 1000;

export function render(root) {
  clear(root);
  const power = el('p', {}, el('span', { class: 'livepower', id: 'live-power', text: '–' }), ' VA');
  const status = el('p', { class: 'note', id: 'live-status', role: 'status', text: t('live.waiting') });
  const chartEl = el('div', { class: 'chart', id: 'chart', role: 'img', 'aria-label': t('live.lastMinutes') });
  root.append(el('h2', { text: t('live.power') }), power, status, el('h2', { text: t('live.lastMinutes') }), chartEl);
  const points = [];
  const c = chart(chartEl);
  const draw = () => {
    const cutoff = Date.now() - WINDOW_MS;
    while (points.length && points[0][0] < cutoff && points.length > 2) points.shift();
    c.setOption({
      ...BASE_OPTION,
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: 'VA', axisLabel: { formatter: (v) => num(v, 0) } },
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${num(v, 0)} VA` },
      series: [{ id: 'power', type: 'line', showSymbol: false, areaStyle: { opacity: 0.15 }, data: points.slice(),
        itemStyle: { color: FLUID_COLOURS.electricity } }],
    });
  };
  draw();
  const source = new EventSource(`/api/v1/households/${household()}/live`);
  source.addEventListener('meters', (e) => {
    if (JSON.parse(e.data).meters.length === 0) status.textContent = t('live.noGateway');
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
    if (p.power == null) return;
    points.push([Date.parse(p.instant), p.power]);
    document.getElementById('live-power').textContent = num(p.power, 0);
    status.textContent = t('live.connected');
    draw();
  });
  source.addEventListener('open', () => { status.textContent = points.length ? t('live.connected') : t('live.waiting'); });
  source.addEventListener('error', () => { status.textContent = t('live.reconnecting'); });
  window.addEventListener('pagehide', () => source.close());
}
