// ECharts from its webjar (served by this app), and the palettes and helpers the pages share.
import * as echarts from '/webjars/echarts/5.5.0/echarts.esm.min.js';

export const FLUID_COLOURS = { electricity: '#b8650a', gas: '#2f62b5', water: '#11808a' };
const PERIOD_COLOURS = {
  total: null, BASE: '#b8650a', HP: '#a3470f', HC: '#e0a458',
  TEMPO_BLUE_HP: '#1f4fa3', TEMPO_BLUE_HC: '#86a9e3', TEMPO_WHITE_HP: '#6b7479', TEMPO_WHITE_HC: '#c4cacd',
  TEMPO_RED_HP: '#a3211b', TEMPO_RED_HC: '#e58a84', EJP_HN: '#b8650a', EJP_HPM: '#a3211b',
};

export function periodColour(period, fluid) {
  return PERIOD_COLOURS[period] || FLUID_COLOURS[fluid] || '#1d6b4f';
}

/** A chart in `el`, resized with the window; the instance is kept on the element (tests read it). */
export function chart(el) {
  const c = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: 'canvas' });
  el.ecoChart = c;
  if (!el.dataset.resizes) {
    el.dataset.resizes = '1';
    new ResizeObserver(() => c.resize()).observe(el);
  }
  return c;
}

/** Hatching that marks estimated values (not colour alone). */
export const ESTIMATED_DECAL = { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 5], rotation: -Math.PI / 4, color: 'rgba(255,255,255,0.75)' };

export const BASE_OPTION = {
  animationDuration: 300,
  textStyle: { fontFamily: 'system-ui, sans-serif', color: '#1b2a2f' },
  grid: { left: 56, right: 16, top: 36, bottom: 40, containLabel: false },
  tooltip: { trigger: 'axis', confine: true },
};
