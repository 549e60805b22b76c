// ECharts glue: one place creates, resizes and disposes charts, and builds the common options.
import { h, fmtNum } from './dom.js';

const live = new Set();
const resizer = new ResizeObserver((entries) => {
  for (const entry of entries) {
    const chart = window.echarts && window.echarts.getInstanceByDom(entry.target);
    if (chart) chart.resize();
  }
});

export const PALETTE = ['#2f6fb0', '#d1603d', '#3a9d5d', '#8a55b5', '#c79a1c', '#2a9fa8', '#b5497b', '#5c6b7a',
  '#7fa83a', '#a0522d'];

export function chartsAvailable() {
  return typeof window.echarts === 'object' && window.echarts !== null;
}

/** A chart container; the chart itself is created by draw() once the element is in the page. */
export function chartBox(extraClass = '', label = '') {
  return h('div', { class: `chart ${extraClass}`.trim(), role: 'img', 'aria-label': label });
}

/** Draws (or redraws) an option into el. */
export function draw(el, option) {
  if (!chartsAvailable()) {
    el.replaceChildren(h('p', { class: 'error' },
      'Charts are unavailable: /webjars/echarts/5.3.1/dist/echarts.min.js did not load.'));
    return null;
  }
  let chart = window.echarts.getInstanceByDom(el);
  if (!chart) {
    chart = window.echarts.init(el, null, { renderer: 'canvas' });
    live.add(chart);
    resizer.observe(el);
  }
  chart.setOption({ color: PALETTE, animation: false, textStyle: { fontFamily: 'inherit' }, ...option }, true);
  return chart;
}

const pending = new Map();

/** Queues a chart to draw once its box is in the page (see flush). */
export function later(el, option) {
  pending.set(el, option);
  return el;
}

/** Draws every queued chart whose box is now attached to the document. */
export function flush() {
  for (const [el, option] of [...pending]) {
    if (el.isConnected) {
      pending.delete(el);
      draw(el, option);
    }
  }
}

/** Disposes every chart; called when the route changes. */
export function disposeAll() {
  for (const chart of live) {
    const dom = chart.getDom();
    if (dom) resizer.unobserve(dom);
    chart.dispose();
  }
  live.clear();
  pending.clear();
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });

/** Short tick labels: 1.2M, 350k, 1e17, 0.001. */
export function axisNumber(v) {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e15 || a < 1e-3) return v.toExponential(1).replace(/\.0e/, 'e').replace('e+', 'e');
  if (a >= 1e4) return compact.format(v);
  return fmtNum(v);
}

function valueAxis(name, log, extra = {}) {
  return {
    type: log ? 'log' : 'value',
    name,
    nameLocation: 'middle',
    nameGap: 28,
    scale: !log,
    axisLabel: { formatter: axisNumber },
    splitLine: { lineStyle: { color: '#e7eaee' } },
    ...extra,
  };
}

/**
 * A line chart of {name, points: [[x, y], ...]} series.
 * options: title, xName, yName, xLog, yLog, bands ([{name, points: [[x, lo, hi]], color}]).
 */
export function lineOption(series, { title, xName, yName, xLog = false, yLog = false, bands = [], legend = true } = {}) {
  const out = [];
  // A band is one polygon (upper edge, then lower edge backwards) drawn by a custom series. Stacked
  // areas would need a category axis: on two value axes ECharts may stack x instead of y.
  bands.forEach((band) => {
    const pts = band.points.filter(([x, lo, hi]) => [x, lo, hi].every(Number.isFinite));
    out.push({
      name: band.name, type: 'custom', silent: true, z: 1, clip: true, tooltip: { show: false },
      data: pts, encode: { x: 0, y: [1, 2] },
      renderItem: (params, api) => {
        if (params.dataIndex !== 0) return null;
        const upper = pts.map(([x, , hi]) => api.coord([x, hi]));
        const lower = pts.map(([x, lo]) => api.coord([x, lo])).reverse();
        return { type: 'polygon', shape: { points: upper.concat(lower) }, style: { fill: translucent(band.color, 0.18) } };
      },
    });
  });
  series.forEach((s) => {
    out.push({
      name: s.name, type: 'line', data: s.points, showSymbol: s.points.length < 40, symbolSize: 6,
      connectNulls: false, color: s.color, lineStyle: { width: 2, type: s.dashed ? 'dashed' : 'solid' },
    });
  });
  return {
    title: title ? { text: title, left: 8, top: 4, textStyle: { fontSize: 13, fontWeight: 600 } } : undefined,
    tooltip: { trigger: 'axis', valueFormatter: fmtNum },
    legend: legend ? { top: title ? 26 : 4, type: 'scroll', data: series.map((s) => s.name) } : undefined,
    grid: { left: 64, right: 24, top: title ? 60 : 40, bottom: 48, containLabel: false },
    xAxis: valueAxis(xName, xLog),
    yAxis: valueAxis(yName, yLog, { nameGap: 46 }),
    series: out,
  };
}

function translucent(color, alpha) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color || '');
  if (!m) return `rgba(120, 130, 140, ${alpha})`;
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${alpha})`;
}

/** Series data length of a chart's first data series, for tests and sanity checks. */
export function dataLength(el) {
  const chart = chartsAvailable() && window.echarts.getInstanceByDom(el);
  if (!chart) return 0;
  const opt = chart.getOption();
  return (opt.series || []).reduce((n, s) => n + (s.data ? s.data.length : 0), 0);
}
