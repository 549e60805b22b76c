// Active-learning study charts: learning curves (test accuracy vs labels) per strategy, mean over
// seeds with a ±1 std band, from the study result's per-strategy summaries
// ({strategy, labels[], mean[], std[], aulc, aulcStd, labelsToTarget, ratioToRandom, seedsReachingTarget})
// and, optionally, every seed's own curve ({strategy, seed, labels[], accuracy[]}).
import { h, fmtNum, panel, isPlainObject } from '../dom.js';
import { chartBox, later, draw, lineOption, PALETTE } from '../charts.js';
import { findAll, pickKey, num, ownName, pathLabel, uniqueLabels } from '../find.js';

const X_KEYS = ['labels', 'labelCounts', 'labeled', 'labelled', 'numLabels', 'nLabels'];

/** Mean curves: objects with parallel arrays labels[] and mean[] (std[] optional). */
export function findMeanCurves(result) {
  const found = findAll(result, (n) => {
    if (!isPlainObject(n)) return false;
    const x = pickKey(n, X_KEYS);
    return x !== undefined && Array.isArray(n[x]) && Array.isArray(n.mean) && n.mean.length === n[x].length && n.mean.length > 0;
  });
  return uniqueLabels(found.map(({ node, path }) => {
    const x = node[pickKey(node, X_KEYS)];
    const std = Array.isArray(node.std) && node.std.length === x.length ? node.std : null;
    return {
      label: ownName(node, ['strategy', 'name']) || pathLabel(path.filter((p) => p !== 'summaries'), 'curve'),
      summary: node,
      points: x.map((lx, i) => ({ x: num(lx), mean: num(node.mean[i]), std: std ? num(std[i]) : null }))
        .filter((p) => p.x !== null && p.mean !== null),
    };
  }));
}

/** Per-seed curves: objects with labels[] and accuracy[] of equal length. */
function findSeedCurves(result) {
  return findAll(result, (n) => isPlainObject(n) && Array.isArray(n.labels) && Array.isArray(n.accuracy)
    && n.labels.length === n.accuracy.length && n.labels.length > 0)
    .map(({ node }) => ({
      strategy: ownName(node, ['strategy']) || 'curve',
      seed: node.seed,
      points: node.labels.map((x, i) => [num(x), num(node.accuracy[i])]),
    }));
}

export function activeLearningPanels(job) {
  const result = job && job.result;
  if (!result) return [];
  const curves = findMeanCurves(result);
  if (!curves.length) return [];
  // In the order the study asked for them (the stored result may reorder map keys).
  const asked = Array.isArray(job.request && job.request.strategies) ? job.request.strategies : [];
  const rank = (label) => (asked.indexOf(label) < 0 ? asked.length : asked.indexOf(label));
  curves.sort((a, b) => rank(a.label) - rank(b.label));
  const seeds = findSeedCurves(result);
  const colors = new Map(curves.map((c, i) => [c.label, PALETTE[i % PALETTE.length]]));
  const option = (withSeeds) => {
    const series = curves.map((c) => ({ name: c.label, color: colors.get(c.label), points: c.points.map((p) => [p.x, p.mean]) }));
    const bands = curves.filter((c) => c.points.every((p) => p.std !== null))
      .map((c) => ({ name: c.label, color: colors.get(c.label), points: c.points.map((p) => [p.x, p.mean - p.std, p.mean + p.std]) }));
    const opt = lineOption(series, { title: 'Learning curves: mean ± std over seeds', xName: 'labels queried', yName: 'test accuracy', bands });
    if (withSeeds) {
      for (const s of seeds) {
        opt.series.push({
          name: s.strategy, type: 'line', data: s.points, symbol: 'none', silent: true, z: 1,
          lineStyle: { width: 1, type: 'dotted', opacity: 0.7 }, color: colors.get(s.strategy) || '#999', tooltip: { show: false },
        });
      }
    }
    return opt;
  };
  const box = later(chartBox('chart-tall', 'Active-learning curves'), option(false));
  const toggle = seeds.length ? h('label', {}, h('input', {
    type: 'checkbox',
    onchange: (ev) => draw(box, option(ev.target.checked)),
  }), ` show each seed's curve (${seeds.length})`) : null;

  const hasSummary = curves.some((c) => 'aulc' in c.summary || 'labelsToTarget' in c.summary);
  const target = num(result.targetAccuracy);
  const summary = hasSummary ? h('table', { class: 'grid compact' },
    h('thead', {}, h('tr', {}, h('th', {}, 'strategy'), h('th', { class: 'num' }, 'AULC (mean ± std)'),
      h('th', { class: 'num' }, target !== null ? `labels to ${fmtNum(target)}` : 'labels to target'),
      h('th', { class: 'num' }, 'vs random'), h('th', { class: 'num' }, 'seeds reaching target'),
      h('th', { class: 'num' }, 'final accuracy'))),
    h('tbody', {}, curves.map((c) => {
      const s = c.summary;
      const last = c.points[c.points.length - 1];
      return h('tr', {},
        h('td', {}, h('span', { class: 'swatch', style: `background:${colors.get(c.label)}` }), c.label),
        h('td', { class: 'num' }, 'aulc' in s ? `${fmtNum(s.aulc)}${s.aulcStd !== undefined ? ` ± ${fmtNum(s.aulcStd)}` : ''}` : '—'),
        h('td', { class: 'num' }, s.labelsToTarget === null || s.labelsToTarget === undefined ? (target !== null ? 'not reached' : '—') : fmtNum(s.labelsToTarget)),
        h('td', { class: 'num' }, s.ratioToRandom === null || s.ratioToRandom === undefined ? '—' : `${fmtNum(s.ratioToRandom)}×`),
        h('td', { class: 'num' }, s.seedsReachingTarget === undefined ? '—' : String(s.seedsReachingTarget)),
        h('td', { class: 'num' }, last ? `${fmtNum(last.mean)}${last.std !== null ? ` ± ${fmtNum(last.std)}` : ''}` : '—'));
    }))) : null;

  const facts = [['data set', result.dataset], ['pool', result.poolSize], ['test', result.testSize],
    ['classifier', isPlainObject(result.classifier) ? (result.classifier.type || result.classifier.kind || ownName(result.classifier, ['name'])) : result.classifier],
    ['initial labelled', result.initialLabelled], ['batch', result.batchSize], ['budget', result.budget],
    ['seeds', Array.isArray(result.seeds) ? result.seeds.join(', ') : result.seeds]]
    .filter(([, v]) => v !== undefined && v !== null && v !== '');
  return [panel('Active learning: learning curves',
    facts.length ? h('p', { class: 'muted' }, facts.map(([k, v]) => `${k}: ${v}`).join(' · ')) : null,
    toggle ? h('div', { class: 'toolbar' }, toggle) : null,
    box,
    summary)];
}
