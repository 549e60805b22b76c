// Pruning charts: accuracy vs FLOPs (MACs) per method, channels per layer, and the class-importance
// heatmap I[f,c]. The per-iteration trajectory comes from the run's logged metrics (accuracy and
// FLOPs at the same step) or, failing that, from iteration records in the job result.
import { getJson, getAllPages, artifactJson } from '../api.js';
import { h, mount, fmtNum, panel, isPlainObject, shortId } from '../dom.js';
import { chartBox, later, flush, draw, lineOption, PALETTE } from '../charts.js';
import { findAll, walk, num, isMatrix, ownName, pathLabel } from '../find.js';

const ACC = /^(test[_.]?)?acc(uracy)?$|accuracy/i;
const FLOPS = /flops|macs/i;
const CHANNELS = /channels/i;

/** The accuracy that counts for the trade-off: after fine-tuning where both are reported. */
function accuracyKey(keys) {
  const acc = keys.filter((k) => ACC.test(k) && !/std|ci95|class/i.test(k));
  return acc.find((k) => /^(test[_.]?)?acc(uracy)?$/i.test(k)) || acc.find((k) => /fine.?tun|_ft$|final/i.test(k))
    || acc.find((k) => !/before|after.?prun|pre/i.test(k)) || acc[0];
}

/** The accuracy right after surgery, before fine-tuning, which shows how good the criterion is. */
function prunedAccuracyKey(keys) {
  return keys.find((k) => ACC.test(k) && /after.?prun|before.?fine|pre.?ft/i.test(k));
}

const FT_ORDER = [/fine.?tun/i, /^(test[_.]?)?acc(uracy)?$/i];
const PRUNED_ORDER = [/after.?prun/i, /^(test[_.]?)?acc(uracy)?$/i];

/**
 * [[flops, accuracy], ...] in step order, from metric histories. At each step the first accuracy key
 * of the preference order that was logged there is used, so the unpruned start (step 0, "accuracy")
 * joins the per-iteration values ("accuracyAfterFineTuning").
 */
export function trajectoryFromMetrics(histories, order = FT_ORDER) {
  const keys = Object.keys(histories || {});
  const flops = keys.find((k) => FLOPS.test(k) && !/ratio|reduction|fraction|removed/i.test(k));
  if (!flops) return [];
  const candidates = order.map((re) => keys.find((k) => re.test(k) && ACC.test(k))).filter(Boolean);
  if (!candidates.length || (order === PRUNED_ORDER && !keys.some((k) => order[0].test(k)))) return [];
  const byStep = (k) => new Map((histories[k] || []).map((p) => [p.step, p.value]));
  const acc = candidates.map(byStep);
  return [...byStep(flops)].sort((a, b) => a[0] - b[0]).map(([step, x]) => {
    const hit = acc.find((m) => m.has(step));
    return hit ? [x, hit.get(step)] : null;
  }).filter(Boolean);
}

/** Iteration records in a result: arrays of objects that carry both an accuracy and a FLOPs/MACs field. */
function iterationRecords(result) {
  const has = (o) => isPlainObject(o) && Object.keys(o).some((k) => FLOPS.test(k)) && Object.keys(o).some((k) => ACC.test(k));
  const found = findAll(result, (n) => Array.isArray(n) && n.length > 0 && n.every(has));
  return found.length ? found.sort((a, b) => b.node.length - a.node.length)[0].node : [];
}

export function trajectoryFromResult(result, pickAccuracy = accuracyKey) {
  return iterationRecords(result).map((it) => {
    const keys = Object.keys(it);
    const acc = pickAccuracy(keys);
    const flops = keys.find((k) => FLOPS.test(k) && !/ratio|reduction|fraction|removed/i.test(k));
    return [num(it[flops]), acc === undefined ? null : num(it[acc])];
  }).filter(([x, y]) => x !== null && y !== null);
}

/** The method a pruning run used, from its params, tags or request. */
export function methodOf(run, job) {
  const fromMap = (m) => m && (m.method || m.criterion || m.strategy);
  return fromMap(run && run.params) || fromMap(run && run.tags) || fromMap(job && job.request) || 'unknown method';
}

/** {name, channels: {layer: n}} per iteration, from metrics "channels.<layer>" or the result. */
function channelStages(result, histories) {
  const keys = Object.keys(histories || {}).filter((k) => CHANNELS.test(k) && /[./:]/.test(k));
  if (keys.length) {
    const layer = (k) => k.split(/[./:]/).slice(1).join('.');
    const steps = [...new Set(keys.flatMap((k) => histories[k].map((p) => p.step)))].sort((a, b) => a - b);
    // Up to 8 iterations: the first ones and the last, which matter most.
    const shown = steps.length <= 8 ? steps : [...steps.slice(0, 7), steps[steps.length - 1]];
    return shown.map((step) => {
      const channels = {};
      for (const k of keys) {
        const p = histories[k].find((q) => q.step === step);
        if (p) channels[layer(k)] = p.value;
      }
      return { name: `after iteration ${step}`, channels };
    });
  }
  const stages = [];
  const records = iterationRecords(result);
  const mapOf = (o) => {
    const k = o && Object.keys(o).find((key) => CHANNELS.test(key) && isPlainObject(o[key]));
    return k ? o[k] : null;
  };
  for (const r of records) {
    if (mapOf(r)) stages.push({ name: `after iteration ${r.iteration ?? stages.length + 1}`, channels: mapOf(r) });
  }
  if (!stages.length && result) {
    for (const { node, path } of findAll(result, (n) => isPlainObject(n) && Object.keys(n).length > 0
      && Object.values(n).every((v) => Number.isInteger(v)))) {
      const key = path[path.length - 1];
      if (typeof key === 'string' && CHANNELS.test(key)) stages.push({ name: pathLabel(path, key), channels: node });
    }
  }
  return stages;
}

/**
 * Importance matrices (filters x classes) found under an "importance" field, with a layer label:
 * the layer/name of the record holding the matrix, else the map key, else the position.
 */
function importanceMatrices(root) {
  const out = [];
  walk(root, (node, path, parent) => {
    if (!isMatrix(node) || !path.some((p) => typeof p === 'string' && /importance/i.test(p))) return;
    const key = path[path.length - 1];
    const label = ownName(parent, ['layer', 'name'])
      || (typeof key === 'string' && !/importance|^matrix$|^values$/i.test(key) ? key : null)
      || path.filter((p) => typeof p === 'string' && !/importance|^matrix$|^values$/i.test(p)).slice(-1)[0]
      || (typeof path[path.length - 2] === 'number' ? `#${path[path.length - 2]}` : 'importance');
    out.push({ name: label, matrix: node });
  });
  return out;
}

function heatmapOption(name, matrix) {
  const data = [];
  let max = 0;
  matrix.forEach((row, f) => row.forEach((v, c) => {
    data.push([c, f, v]);
    if (v > max) max = v;
  }));
  const classes = matrix[0].map((_, c) => String(c));
  const filters = matrix.map((_, f) => String(f));
  return {
    title: { text: `Class importance I[f,c]: ${name}`, left: 8, top: 4, textStyle: { fontSize: 13, fontWeight: 600 } },
    tooltip: { position: 'top', formatter: (p) => `filter ${p.data[1]}, class ${p.data[0]}: ${fmtNum(p.data[2])}` },
    grid: { left: 64, right: 90, top: 40, bottom: 44 },
    xAxis: { type: 'category', data: classes, name: 'class c', nameLocation: 'middle', nameGap: 28, splitArea: { show: false } },
    yAxis: { type: 'category', data: filters, name: 'filter f', nameLocation: 'middle', nameGap: 44, inverse: true,
      axisLabel: { interval: filters.length > 40 ? Math.ceil(filters.length / 20) - 1 : 0 } },
    visualMap: { min: 0, max: max || 1, calculable: true, orient: 'vertical', right: 8, top: 'middle',
      inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] }, formatter: (v) => fmtNum(v) },
    series: [{ type: 'heatmap', data, progressive: 0, emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } } }],
  };
}

function channelsOption(stages) {
  const layers = [...new Set(stages.flatMap((s) => Object.keys(s.channels)))];
  return {
    title: { text: 'Channels per layer', left: 8, top: 4, textStyle: { fontSize: 13, fontWeight: 600 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 26 },
    grid: { left: 56, right: 24, top: 64, bottom: layers.length > 8 ? 84 : 40 },
    xAxis: { type: 'category', data: layers, axisLabel: { interval: 0, rotate: layers.length > 8 ? 40 : 0 } },
    yAxis: { type: 'value', name: 'channels', nameLocation: 'middle', nameGap: 40 },
    series: stages.map((s) => ({ name: s.name, type: 'bar', barMaxWidth: 40, data: layers.map((l) => num(s.channels[l])) })),
  };
}

/** Panels for one pruning run. */
export function pruningRunPanels(run, job, histories, signal) {
  const out = [];
  const result = job && job.result;
  const fromMetrics = trajectoryFromMetrics(histories).length > 0;
  const trajectory = fromMetrics ? trajectoryFromMetrics(histories) : trajectoryFromResult(result);
  const pruned = fromMetrics ? trajectoryFromMetrics(histories, PRUNED_ORDER) : trajectoryFromResult(result, prunedAccuracyKey);
  if (trajectory.length) {
    out.push(accuracyVsFlopsPanel(run, job, trajectory, pruned, signal));
  }
  const stages = channelStages(result, histories);
  if (stages.length) {
    out.push(panel('Pruning: channels per layer', later(chartBox('chart-wide', 'Channels per layer'), channelsOption(stages))));
  }
  out.push(importancePanel(run, job, result, signal));
  return out.filter(Boolean);
}

/**
 * Accuracy vs FLOPs of this run (after fine-tuning, and dashed right after pruning), then, once loaded,
 * the after-fine-tuning trajectories of the experiment's other successful pruning runs, one colour per
 * method, so the criteria compare at equal MACs. The chart box's data-compared attribute says when the
 * comparison is settled: "true" (other runs drawn), "none" (no other run to compare) or "error".
 */
function accuracyVsFlopsPanel(run, job, trajectory, pruned, signal) {
  const method = methodOf(run, job);
  const own = [{ name: `${method}: after fine-tuning (this run)`, points: trajectory, color: PALETTE[0] }];
  if (pruned.length) own.push({ name: `${method}: right after pruning`, points: pruned, dashed: true, color: PALETTE[0] });
  const option = (series) => lineOption(series,
    { title: 'Accuracy vs FLOPs (MACs) per method', xName: 'FLOPs (MACs)', yName: 'accuracy' });
  const box = later(chartBox('chart-wide', 'Accuracy vs FLOPs'), option(own));
  const note = h('p', { class: 'muted' }, 'Loading the other pruning runs of this experiment…');
  const settle = (state, text) => {
    box.dataset.compared = state;
    note.textContent = text;
  };
  getAllPages('/api/v1/runs', { experiment: run.experiment, kind: 'pruning', state: 'SUCCEEDED' }, signal, 50)
    .then(({ items }) => Promise.all(items.filter((r) => r.id !== run.id).slice(0, 9).map((r) =>
      getJson(`/api/v1/runs/${encodeURIComponent(r.id)}/metrics`, signal).then((m) => ({ run: r, points: trajectoryFromMetrics(m) })))))
    .then((others) => {
      const usable = others.filter((o) => o.points.length);
      if (!usable.length) {
        settle('none', `No other successful pruning run in experiment ${run.experiment} to compare with.`);
        return;
      }
      const methods = [method, ...new Set(usable.map((o) => methodOf(o.run)).filter((m) => m !== method))];
      const series = own.concat(usable.map((o) => ({
        name: `${methodOf(o.run)} · ${o.run.name || shortId(o.run.id)}`,
        color: PALETTE[methods.indexOf(methodOf(o.run)) % PALETTE.length], points: o.points,
      })));
      if (box.isConnected) draw(box, option(series)); else later(box, option(series));
      settle('true', `With ${usable.length} other pruning run${usable.length > 1 ? 's' : ''} of experiment `
        + `${run.experiment}, after fine-tuning; one colour per method (${methods.join(', ')}).`);
    })
    .catch((e) => {
      if (e.name !== 'AbortError') settle('error', `Other pruning runs unavailable: ${e.message}`);
    });
  return panel('Pruning: accuracy vs FLOPs per method', box, note);
}

/**
 * The I[f,c] heatmap of one iteration: from GET /pruning-jobs/{id}/importance?iteration=k, else from
 * the run's importance-k.json artifacts, else from matrices inside the result.
 */
function importancePanel(run, job, result, signal) {
  const artifacts = (run.artifacts || []).filter((a) => /importance/i.test(a.name));
  const fromResult = result ? importanceMatrices(result) : [];
  const iterationOf = (a) => Number((a.name.match(/(\d+)/) || [])[1]);
  const iterations = [...new Set(artifacts.map(iterationOf).filter(Number.isFinite))].sort((a, b) => a - b);
  const finished = job && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(job.state);
  if (!iterations.length && !fromResult.length && !(job && finished && num(result && result.iterations) > 0)) return null;
  if (!iterations.length && num(result && result.iterations) > 0) {
    for (let i = 1; i <= result.iterations; i++) iterations.push(i);
  }
  const body = h('div');
  const element = panel('Pruning: class importance I[f,c]', body);
  const iterationSelect = iterations.length > 1
    ? h('select', { 'aria-label': 'Iteration' }, iterations.map((i) => h('option', { value: i, selected: i === iterations[iterations.length - 1] }, `iteration ${i}`)))
    : null;
  const layerSelect = h('select', { 'aria-label': 'Layer' });
  const note = h('p', { class: 'muted' });
  const box = chartBox('chart-heatmap', 'Class importance heatmap');
  let matrices = [];
  const showLayer = () => {
    const m = matrices[Number(layerSelect.value) || 0];
    if (!m) return;
    box.style.height = `${Math.min(720, Math.max(260, 12 * m.matrix.length + 90))}px`;
    later(box, heatmapOption(m.name, m.matrix));
    flush();
  };
  const load = async (iteration) => {
    note.textContent = 'Loading the importance matrix…';
    let json = null;
    let source = '';
    const endpoint = run.kind === 'pruning' ? `/api/v1/pruning-jobs/${run.id}/importance` : null;
    try {
      if (endpoint) {
        json = await getJson(iteration ? `${endpoint}?iteration=${iteration}` : endpoint, signal);
        source = `GET ${endpoint}${iteration ? `?iteration=${iteration}` : ''}`;
      }
    } catch (e) {
      if (e.name === 'AbortError') return;
      json = null;
    }
    if (json === null) {
      const a = artifacts.find((x) => iterationOf(x) === iteration) || artifacts[artifacts.length - 1];
      if (a) {
        try {
          json = await artifactJson(a.sha256, signal);
          source = `artifact ${a.name}`;
        } catch (e) {
          if (e.name === 'AbortError') return;
          note.textContent = `Could not load ${a.name}: ${e.message}`;
          return;
        }
      }
    }
    const previous = matrices[Number(layerSelect.value) || 0]?.name;
    // The importance document is {layer: [[I[f][c]]]}: its own keys are the layer names.
    matrices = json !== null ? importanceMatrices({ importance: json }) : fromResult;
    if (json === null) source = 'job result';
    if (!matrices.length) {
      note.textContent = 'No importance matrix found.';
      box.hidden = true;
      return;
    }
    box.hidden = false;
    mount(layerSelect, matrices.map((m, i) => h('option', { value: i, selected: m.name === previous }, `${m.name} (${m.matrix.length} filters)`)));
    const cols = matrices[0].matrix[0].length;
    note.textContent = `${source}. Rows are filters f, columns ${cols > 1 ? 'classes c' : 'the single class-agnostic score'}; normalised within each layer.`;
    showLayer();
  };
  layerSelect.addEventListener('change', showLayer);
  if (iterationSelect) iterationSelect.addEventListener('change', () => load(Number(iterationSelect.value)));
  mount(body, h('div', { class: 'toolbar' }, iterationSelect ? h('label', {}, 'Iteration ', iterationSelect) : null,
    h('label', {}, 'Layer ', layerSelect)), note, box);
  load(iterations.length ? iterations[iterations.length - 1] : null);
  return element;
}

/** Experiment-level panel: accuracy vs FLOPs of every pruning run, coloured by method. */
export function pruningExperimentPanel(runs, signal) {
  const box = chartBox('chart-wide', 'Accuracy vs FLOPs per method');
  const note = h('p', { class: 'muted' }, 'Loading pruning trajectories…');
  const element = panel('Pruning: accuracy vs FLOPs per method', note, box);
  Promise.all(runs.map((r) => getJson(`/api/v1/runs/${r.id}/metrics`, signal).then((m) => ({ run: r, histories: m }))))
    .then((loaded) => {
      const methods = [...new Set(loaded.map((l) => methodOf(l.run)))];
      const series = loaded.map(({ run, histories }) => {
        const method = methodOf(run);
        const color = PALETTE[methods.indexOf(method) % PALETTE.length];
        return { name: `${method} · ${run.name || shortId(run.id)}`, color, points: trajectoryFromMetrics(histories) };
      }).filter((s) => s.points.length);
      if (!series.length) {
        note.textContent = 'No pruning run of this experiment has logged accuracy and FLOPs per iteration yet.';
        box.hidden = true;
        return;
      }
      note.textContent = `${series.length} run${series.length > 1 ? 's' : ''}, ${methods.length} method${methods.length > 1 ? 's' : ''}; one colour per method.`;
      draw(box, lineOption(series, { xName: 'FLOPs (MACs)', yName: 'accuracy' }));
    })
    .catch((e) => {
      if (e.name !== 'AbortError') note.textContent = e.message;
    });
  return element;
}
