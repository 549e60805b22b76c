// Hardware-sim charts for simulation runs, from the job result:
//  - sweeps (SweepSeries: axis, x[], baselineCycles[], basisNCycles[], baselineEdpPjNs[], basisNEdpPjNs[],
//    basisNInfeasible[]; or SweepResult: axis, points[{value, baselineCycles, ...}]),
//  - cost reports (CostReport: mapping, cycles, energy{arrayReadPj, adcPj, dacPj, digitalMacPj, programmingPj}, layers[]),
//  - accuracy under variation (points with sigma, mean, std and a 95% interval),
//  - the chip-level report of a COST result (result.chip: ChipReport, NeuroSim-style breakdown).
import { h, fmtNum, panel, isPlainObject } from '../dom.js';
import { chartBox, later, lineOption, axisNumber, PALETTE } from '../charts.js';
import { findAll, pickKey, num, pathLabel, ownName, uniqueLabels } from '../find.js';

const ENERGY_PARTS = [
  ['arrayReadPj', 'array read'],
  ['adcPj', 'ADC'],
  ['dacPj', 'DAC'],
  ['digitalMacPj', 'digital MAC'],
  ['programmingPj', 'programming'],
];

const AXIS_NAMES = {
  CROSSBARS: 'crossbar budget X',
  BATCH: 'batch size',
  WRITE_VERIFY_ITERATIONS: 'write-verify iterations',
  BITS_PER_CELL: 'bits per cell',
};

/** Panels for a simulation run, or [] when the result holds nothing chartable (yet). */
export function hwsimPanels(job) {
  const result = job && job.result;
  if (!result) return [];
  const out = [];
  const sweeps = findSweeps(result);
  if (sweeps.length) out.push(sweepPanel(sweeps));
  const reports = findCostReports(result);
  if (reports.length) out.push(energyPanel(reports, result));
  if (isPlainObject(result.chip)) out.push(chipPanel(result.chip));
  const accuracy = findAccuracyCurves(result);
  if (accuracy.length) out.push(accuracyPanel(accuracy));
  return out;
}

const SERIES_FIELDS = ['baselineCycles', 'basisNCycles', 'baselineEnergyPj', 'basisNEnergyPj', 'baselineEdpPjNs',
  'basisNEdpPjNs', 'baselineRounds', 'basisNInfeasible'];

/** Sweeps as {axis, crossbarBudget, batch, points[{value, baselineCycles, ...}]}, whichever form the result uses. */
export function findSweeps(result) {
  const pointForm = findAll(result, (n) => isPlainObject(n) && Array.isArray(n.points) && n.points.length > 0
    && n.points.every((p) => isPlainObject(p) && 'baselineCycles' in p))
    .map(({ node, path }) => ({ sweep: node, label: ownName(node, ['model']) || pathLabel(path.filter((p) => p !== 'sweep'), 'sweep') }));
  const arrayForm = findAll(result, (n) => isPlainObject(n) && Array.isArray(n.baselineCycles)
    && Array.isArray(n.x || n.values) && (n.x || n.values).length === n.baselineCycles.length)
    .map(({ node, path }) => {
      const xs = node.x || node.values;
      const points = xs.map((value, i) => {
        const p = { value };
        for (const f of SERIES_FIELDS) if (Array.isArray(node[f])) p[f] = node[f][i];
        return p;
      });
      return { sweep: { ...node, points }, label: ownName(node, ['model']) || pathLabel(path, 'sweep') };
    });
  return uniqueLabels([...pointForm, ...arrayForm]);
}

export function findCostReports(result) {
  // A CostReport names its mapping and holds the layer costs; the layer costs inside it are not reports.
  return uniqueLabels(findAll(result, (n) => isPlainObject(n) && isPlainObject(n.energy) && 'arrayReadPj' in n.energy
    && 'cycles' in n && ('mapping' in n || Array.isArray(n.layers)))
    .map(({ node, path }) => ({ report: node, label: mappingLabel(ownName(node, ['mapping']) || pathLabel(path, 'report')) }))
    // Baseline first, as in the sweep charts.
    .sort((a, b) => Number(/basis/i.test(a.label)) - Number(/basis/i.test(b.label))));
}

function mappingLabel(name) {
  if (name === 'reprogramming') return 'baseline (reprogramming)';
  if (name === 'basisN') return 'BasisN';
  return name;
}

function sweepPanel(sweeps) {
  const charts = [];
  // One pair of charts per axis; several sweeps over the same axis share the charts.
  const byAxis = new Map();
  for (const s of sweeps) {
    const axis = s.sweep.axis || 'value';
    if (!byAxis.has(axis)) byAxis.set(axis, []);
    byAxis.get(axis).push(s);
  }
  for (const [axis, group] of byAxis) {
    const xName = AXIS_NAMES[axis] || String(axis).toLowerCase();
    const xLog = axis === 'CROSSBARS' || axis === 'BATCH';
    const prefix = (s) => (group.length > 1 ? `${s.label}: ` : '');
    const series = (field, baseField) => group.flatMap((s, i) => [
      { name: `${prefix(s)}baseline (reprogramming)`, color: PALETTE[(2 * i) % PALETTE.length],
        points: s.sweep.points.map((p) => [num(p.value), num(p[baseField])]) },
      { name: `${prefix(s)}BasisN`, color: PALETTE[(2 * i + 1) % PALETTE.length],
        points: s.sweep.points.map((p) => [num(p.value), num(p[field])]) },
    ]);
    const context = group.map((s) => sweepContext(s.sweep)).filter(Boolean).join('; ');
    charts.push(h('div', { class: 'chart-pair' },
      later(chartBox('', `Cycles vs ${xName}`), lineOption(series('basisNCycles', 'baselineCycles'),
        { title: `Cycles per inference vs ${xName}`, xName, yName: 'cycles', xLog, yLog: true })),
      later(chartBox('', `EDP vs ${xName}`), lineOption(series('basisNEdpPjNs', 'baselineEdpPjNs'),
        { title: `EDP per inference vs ${xName}`, xName, yName: 'EDP (pJ·ns)', xLog, yLog: true }))));
    const infeasible = group.flatMap((s) => s.sweep.points.filter((p) => p.basisNInfeasible)
      .map((p) => `${prefix(s)}${fmtNum(p.value)}: ${p.basisNInfeasible}`));
    if (context) charts.push(h('p', { class: 'muted' }, context));
    if (infeasible.length) {
      charts.push(h('p', { class: 'muted' }, `BasisN has no value at ${infeasible.length} point${infeasible.length > 1 ? 's' : ''} (gaps in its line): `
        + infeasible.slice(0, 3).join('; ') + (infeasible.length > 3 ? '; …' : '')));
    }
  }
  return panel('Hardware sim: sweep (log axes)', charts);
}

function sweepContext(s) {
  const parts = [];
  if (s.preset) parts.push(`preset ${s.preset}`);
  if (s.usage && s.usage.basisSize) parts.push(`BasisN N = ${s.usage.basisSize}, X_B = ${s.usage.basisCrossbars}`);
  if (s.axis !== 'CROSSBARS' && s.crossbarBudget) parts.push(`crossbar budget X = ${s.crossbarBudget}`);
  if (s.axis !== 'BATCH' && s.batch) parts.push(`batch = ${s.batch}`);
  return parts.join(', ');
}

function energyPanel(reports, result) {
  const ratios = isPlainObject(result.ratios) ? Object.entries(result.ratios).filter(([, v]) => typeof v === 'number') : [];
  const context = [result.model && `model ${result.model}`, result.preset && `preset ${result.preset}`,
    reports[0] && reports[0].report.crossbarBudget && `X = ${reports[0].report.crossbarBudget} crossbars`,
    reports[0] && reports[0].report.batch && `batch ${reports[0].report.batch}`].filter(Boolean).join(' · ');
  const labels = reports.map((r) => r.label);
  const stacked = (categories, energies, title, yName = 'energy per inference (pJ)') => ({
    title: { text: title, left: 8, top: 4, textStyle: { fontSize: 13, fontWeight: 600 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: fmtNum },
    legend: { top: 26 },
    grid: { left: 72, right: 24, top: 64, bottom: categories.length > 30 ? 110 : categories.length > 8 ? 80 : 40 },
    // Deep networks (DenseNet-121 has 120 weight layers) get a zoom slider instead of unreadable labels.
    dataZoom: categories.length > 30 ? [{ type: 'slider', bottom: 8, height: 18, startValue: 0, endValue: 29 }, { type: 'inside' }] : undefined,
    xAxis: { type: 'category', data: categories, axisLabel: { interval: categories.length > 30 ? 'auto' : 0, rotate: categories.length > 8 ? 40 : 0 } },
    yAxis: { type: 'value', name: yName, nameLocation: 'middle', nameGap: 50, axisLabel: { formatter: axisNumber } },
    series: ENERGY_PARTS.map(([key, name]) => ({
      name, type: 'bar', stack: 'energy', barMaxWidth: 64, data: energies.map((e) => num(e && e[key])),
    })),
  });
  const summary = h('table', { class: 'grid compact' },
    h('thead', {}, h('tr', {}, ['mapping', 'crossbars needed', 'prog. rounds', 'cycles', 'latency (ns)', 'energy (pJ)',
      'EDP (pJ·ns)', 'chip utilisation', 'one-time programming (pJ)'].map((t) => h('th', { class: t === 'mapping' ? '' : 'num' }, t)))),
    h('tbody', {}, reports.map(({ report: r, label }) => {
      const energy = ENERGY_PARTS.reduce((s, [k]) => s + (num(r.energy[k]) || 0), 0);
      return h('tr', {}, h('td', {}, label),
        [r.crossbarsNeeded, r.programmingRounds, r.cycles, r.latencyNs, energy,
          num(r.latencyNs) !== null ? energy * r.latencyNs : null,
          r.chipUtilisation, r.oneTimeProgramming && r.oneTimeProgramming.energyPj]
          .map((v) => h('td', { class: 'num' }, fmtNum(v))));
    })));
  const parts = [
    context ? h('p', { class: 'muted' }, context) : null,
    ratios.length ? h('p', {}, h('strong', {}, 'BasisN / baseline per inference: '),
      ratios.map(([k, v]) => `${k} ${fmtNum(v)}×`).join(' · ')) : null,
    later(chartBox('', 'Energy breakdown'), stacked(labels, reports.map((r) => r.report.energy), 'Energy breakdown per inference')),
    summary,
  ];
  const withLayers = reports.filter((r) => Array.isArray(r.report.layers) && r.report.layers.length);
  if (withLayers.length) {
    const select = h('select', { 'aria-label': 'Report whose layers are shown' },
      withLayers.map((r, i) => h('option', { value: i }, r.label)));
    const box = chartBox('', 'Energy per layer');
    const layerOption = (i) => {
      const layers = withLayers[i].report.layers;
      return stacked(layers.map((l) => l.name), layers.map((l) => l.energy), `Energy per layer: ${withLayers[i].label}`);
    };
    select.addEventListener('change', () => {
      const chart = window.echarts && window.echarts.getInstanceByDom(box);
      if (chart) chart.setOption(layerOption(Number(select.value)), true);
    });
    parts.push(h('div', { class: 'toolbar' }, h('label', {}, 'Layers of ', select)), later(box, layerOption(0)));
  }
  return panel('Hardware sim: energy breakdown', parts);
}

const SIGMA_KEYS = ['sigma', 'σ', 'variation', 'variationSigma', 'sigmaVariation'];
const MEAN_KEYS = ['mean', 'meanAccuracy', 'accuracyMean', 'accuracy_mean', 'mean_accuracy', 'accuracy'];
const STD_KEYS = ['std', 'stdAccuracy', 'accuracyStd', 'accuracy_std', 'std_accuracy', 'stddev'];
const LOW_KEYS = ['ci95Low', 'ci95Lower', 'ciLow', 'ci95_low', 'lower95', 'low95', 'lower', 'low'];
const HIGH_KEYS = ['ci95High', 'ci95Upper', 'ciHigh', 'ci95_high', 'upper95', 'high95', 'upper', 'high'];
const P_LOW_KEYS = ['p2_5', 'p025', 'p2.5', 'percentile2_5'];
const P_HIGH_KEYS = ['p97_5', 'p975', 'p97.5', 'percentile97_5'];

/** The 95% interval of a point: explicit low/high fields, or a [low, high] / {low, high} "ci95" field. */
function interval(p) {
  const lo = pickKey(p, LOW_KEYS);
  const hi = pickKey(p, HIGH_KEYS);
  if (lo !== undefined && hi !== undefined) return [num(p[lo]), num(p[hi])];
  const ci = pickKey(p, ['ci95', 'interval95', 'ci', 'interval', 'confidenceInterval']);
  if (ci !== undefined) {
    const v = p[ci];
    if (Array.isArray(v) && v.length === 2) return [num(v[0]), num(v[1])];
    if (isPlainObject(v)) {
      const l = pickKey(v, ['low', 'lower', 'lo', 'min']);
      const u = pickKey(v, ['high', 'upper', 'hi', 'max']);
      if (l !== undefined && u !== undefined) return [num(v[l]), num(v[u])];
    }
  }
  return null;
}

/** Arrays of accuracy-vs-σ points, one curve per array (or per mapping named inside it). */
export function findAccuracyCurves(result) {
  const isPoint = (p) => isPlainObject(p) && pickKey(p, SIGMA_KEYS) !== undefined && pickKey(p, MEAN_KEYS) !== undefined;
  const found = findAll(result, (n) => Array.isArray(n) && n.length > 0 && n.every(isPoint));
  const curves = [];
  for (const { node, path, parent } of found) {
    const groups = new Map();
    for (const p of node) {
      const name = ownName(p, ['mapping', 'method', 'name']) || ownName(parent, ['mapping', 'method', 'name'])
        || pathLabel(path, 'accuracy');
      if (!groups.has(name)) groups.set(name, []);
      groups.get(name).push(p);
    }
    const reference = num(parent && parent[pickKey(parent, ['floatAccuracy', 'cleanAccuracy', 'baselineAccuracy'])]);
    for (const [label, points] of groups) {
      const sorted = points.map((p) => {
        const pl = pickKey(p, P_LOW_KEYS);
        const ph = pickKey(p, P_HIGH_KEYS);
        return {
          sigma: num(p[pickKey(p, SIGMA_KEYS)]), mean: num(p[pickKey(p, MEAN_KEYS)]),
          std: pickKey(p, STD_KEYS) !== undefined ? num(p[pickKey(p, STD_KEYS)]) : null, ci: interval(p),
          spread: pl !== undefined && ph !== undefined ? [num(p[pl]), num(p[ph])] : null,
        };
      }).filter((p) => p.sigma !== null && p.mean !== null).sort((a, b) => a.sigma - b.sigma);
      const chips = num(parent && parent.chips);
      if (sorted.length) curves.push({ label, points: sorted, reference, chips });
    }
  }
  return uniqueLabels(curves);
}

const BAND_KINDS = [
  { id: 'ci', label: '95% interval of the mean', get: (p) => p.ci },
  { id: 'spread', label: '2.5–97.5 percentile of chips', get: (p) => p.spread },
  { id: 'std', label: '± 1 std over chips', get: (p) => (p.std === null ? null : [p.mean - p.std, p.mean + p.std]) },
];

function accuracyPanel(curves) {
  const complete = (kind) => curves.every((c) => c.points.every((p) => {
    const b = kind.get(p);
    return b && b[0] !== null && b[1] !== null;
  }));
  const kinds = BAND_KINDS.filter(complete);
  const option = (kind) => {
    const series = curves.map((c, i) => ({ name: c.label, color: PALETTE[i % PALETTE.length], points: c.points.map((p) => [p.sigma, p.mean]) }));
    const bands = kind ? curves.map((c, i) => ({
      name: c.label, color: PALETTE[i % PALETTE.length], points: c.points.map((p) => [p.sigma, ...kind.get(p)]),
    })) : [];
    const opt = lineOption(series, { title: 'Accuracy vs σ (Monte Carlo over chips)', xName: 'device variation σ', yName: 'accuracy', bands });
    const refs = curves.filter((c) => c.reference !== null);
    if (refs.length) {
      opt.series.push({
        name: 'float model', type: 'line', data: [], color: '#5c6b7a',
        markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#5c6b7a' },
          label: { formatter: `float ${fmtNum(refs[0].reference)}`, position: 'insideEndTop' },
          data: [{ yAxis: refs[0].reference }] },
      });
    }
    return opt;
  };
  const box = later(chartBox('chart-wide', 'Accuracy vs sigma'), option(kinds[0]));
  const select = kinds.length > 1 ? h('select', { 'aria-label': 'Band' }, kinds.map((k, i) => h('option', { value: i }, k.label))) : null;
  if (select) {
    select.addEventListener('change', () => {
      const chart = window.echarts && window.echarts.getInstanceByDom(box);
      if (chart) chart.setOption(option(kinds[Number(select.value)]), true);
    });
  }
  const chips = curves.map((c) => c.chips).find((c) => c !== null);
  return panel('Hardware sim: accuracy vs device variation σ',
    h('div', { class: 'toolbar' },
      select ? h('label', {}, 'Shaded band ', select) : h('span', { class: 'muted' }, kinds.length ? `Shaded: ${kinds[0].label}.` : 'No interval in the result.'),
      chips ? h('span', { class: 'muted' }, `${chips} chips per σ`) : null),
    box);
}

const us = (ns) => fmtNum(ns / 1e3);
const uj = (pj) => fmtNum(pj / 1e6);

/** The chip-level report: totals, NeuroSim's ADC / accumulation / other split, per-layer rows, exclusions. */
export function chipPanel(chip) {
  const lat = chip.latencyNs || {};
  const en = chip.energyPj || {};
  const area = chip.area || {};
  const row = (cells, tag = 'td') => h('tr', {}, cells.map((c) => h(tag, {}, c)));
  const breakdown = h('table', {}, [
    row(['', 'total', 'ADC', 'accumulation', 'other', 'of which buffer', 'of which interconnect'], 'th'),
    row(['read latency (µs)', us(num(lat.adc) + num(lat.accumulation) + num(lat.other)), us(lat.adc),
      us(lat.accumulation), us(lat.other), us(lat.buffer), us(lat.interconnect)]),
    row(['read dynamic energy (µJ)', uj(num(en.adc) + num(en.accumulation) + num(en.other)), uj(en.adc),
      uj(en.accumulation), uj(en.other), uj(en.buffer), uj(en.interconnect)]),
  ]);
  const layers = Array.isArray(chip.layers) ? chip.layers : [];
  const layerTable = h('table', {}, [
    row(['layer', 'mapping', 'subarrays needed / allocated', 'copies', 'streamed', 'latency (µs)',
      'energy (µJ)', 'ADC (µJ)', 'EDP (pJ·ns)', 'TOPS/W', 'area (mm²)'], 'th'),
    ...layers.map((l) => row([l.name, l.mapping, `${l.subarraysNeeded} / ${l.subarraysAllocated}`,
      fmtNum(l.duplication), fmtNum(l.streamedSubarrays), us(l.totalLatencyNs), uj(l.totalEnergyPj),
      uj(l.energyPj && l.energyPj.adc), fmtNum(l.edpPjNs), fmtNum(l.topsPerWatt), fmtNum(l.areaMm2)])),
  ]);
  return panel('Chip-level cost (NeuroSim V1.3 structure)', [
    h('p', {}, [
      h('strong', {}, 'Per image: '),
      `latency ${us(chip.totalLatencyNs)} µs · energy ${uj(chip.totalEnergyPj)} µJ (leakage ${uj(chip.leakagePj)},`,
      ` reprogramming ${uj(chip.programmingPj)}) · EDP ${fmtNum(chip.edpPjNs)} pJ·ns · ${fmtNum(chip.topsPerWatt)} TOPS/W`,
      ` · area ${fmtNum(area.arrays + area.adc + area.accumulation + area.interconnect + area.other)} mm²`,
      ` (ADC ${fmtNum(area.adc)}, arrays ${fmtNum(area.arrays)})`,
    ]),
    h('p', {}, `Subarrays: ${chip.subarraysNeeded} needed, ${chip.subarraysAllocated} allocated`
      + ` (duplication ×${fmtNum(chip.duplicationFactor)}), ${chip.tiles} tiles; ${chip.policy || ''}`),
    breakdown,
    layerTable,
    Array.isArray(chip.excludes) && chip.excludes.length
      ? h('details', {}, [h('summary', {}, 'What the model leaves out'), h('ul', {}, chip.excludes.map((e) => h('li', {}, e)))])
      : null,
  ]);
}
