// Experiment view: a runs table (params and latest metrics as columns, filter, sort) and a
// compare-runs chart of one metric over steps.
import { getAllPages, getJson } from '../api.js';
import { h, mount, fmtNum, fmtTime, stateBadge, shortId, durationBetween, fmtDuration, panel, empty, toDate } from '../dom.js';
import { chartBox, draw, lineOption } from '../charts.js';
import { pruningExperimentPanel } from './pruning.js';

const MAX_COMPARE = 10;

export async function experimentView(root, { name, signal, setCrumbs, renderError }) {
  setCrumbs([{ label: 'Experiments', href: '#/experiments' }, { label: name }]);
  mount(root, h('p', { class: 'loading' }, 'Loading runs…'));
  let runs;
  let truncated;
  try {
    ({ items: runs, truncated } = await getAllPages('/api/v1/runs', { experiment: name }, signal));
  } catch (e) {
    renderError(root, e);
    return;
  }
  if (runs.length === 0) {
    mount(root, panel(name, empty('This experiment has no runs.')));
    return;
  }

  const allParamKeys = unionKeys(runs, 'params');
  // Params equal in every run say nothing about the differences; they are listed once instead.
  const constant = runs.length > 1 ? allParamKeys.filter((k) => runs.every((r) => r.params?.[k] === runs[0].params?.[k])) : [];
  const metricKeys = unionKeys(runs, 'metrics');
  let showConstant = false;
  let columns;
  let paramKeys;
  const buildColumns = () => {
    paramKeys = showConstant ? allParamKeys : allParamKeys.filter((k) => !constant.includes(k));
    columns = [
      { id: 'name', label: 'Run', value: (r) => r.name || shortId(r.id), cell: (r) => h('a', { href: `#/runs/${r.id}`, title: r.id }, r.name || shortId(r.id)) },
      { id: 'kind', label: 'Kind', value: (r) => r.kind },
      { id: 'state', label: 'State', value: (r) => r.state, cell: (r) => stateBadge(r.state) },
      { id: 'created', label: 'Created', value: (r) => toDate(r.createdAt)?.getTime() ?? null, cell: (r) => fmtTime(r.createdAt) },
      { id: 'duration', label: 'Duration', numeric: true, value: (r) => durationBetween(r.startedAt, r.finishedAt), cell: (r) => fmtDuration(durationBetween(r.startedAt, r.finishedAt)) },
      ...metricKeys.map((k) => ({ id: `m:${k}`, label: k, group: 'metric', numeric: true, value: (r) => r.metrics?.[k] ?? null, cell: (r) => fmtNum(r.metrics?.[k]) })),
      ...paramKeys.map((k) => ({ id: `p:${k}`, label: k, group: 'param', value: (r) => numericOrText(r.params?.[k]) })),
    ];
  };
  buildColumns();

  const selected = new Set(defaultSelection(runs));
  let sort = { id: 'created', dir: -1 };
  const filter = h('input', { type: 'search', class: 'filter', id: 'runs-filter', placeholder: 'Filter runs (name, state, param=value…)', 'aria-label': 'Filter runs' });
  const countLabel = h('span', { class: 'muted' });
  const thead = h('thead');
  const tbody = h('tbody');

  const compare = comparePanel(runs, selected, metricKeys, signal);

  const renderHead = () => {
    const groupRow = h('tr', { class: 'group-row' },
      h('th', { colspan: 6 }, ''),
      metricKeys.length ? h('th', { colspan: metricKeys.length, class: 'group metric' }, 'latest metrics') : null,
      paramKeys.length ? h('th', { colspan: paramKeys.length, class: 'group param' }, showConstant ? 'params' : 'params that differ') : null);
    const row = h('tr', {}, h('th', { class: 'select' }, ''), columns.map((c) => {
      const arrow = sort.id === c.id ? (sort.dir > 0 ? ' ▲' : ' ▼') : '';
      return h('th', {
        class: `sortable ${c.numeric ? 'num' : ''} ${c.group || ''}`.trim(), tabindex: 0, 'aria-sort': sort.id === c.id ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none',
        onclick: () => toggleSort(c.id), onkeydown: (ev) => { if (ev.key === 'Enter') toggleSort(c.id); },
      }, c.label + arrow);
    }));
    mount(thead, groupRow, row);
  };
  const toggleSort = (id) => {
    sort = sort.id === id ? { id, dir: -sort.dir } : { id, dir: 1 };
    renderHead();
    renderBody();
  };
  const renderBody = () => {
    const words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const col = columns.find((c) => c.id === sort.id);
    const visible = runs.filter((r) => {
      if (!words.length) return true;
      const text = [r.id, r.name, r.kind, r.state, ...Object.entries(r.params || {}).map(([k, v]) => `${k}=${v}`),
        ...Object.entries(r.tags || {}).map(([k, v]) => `${k}=${v}`)].join(' ').toLowerCase();
      return words.every((w) => text.includes(w));
    }).sort((a, b) => sort.dir * compareValues(col.value(a), col.value(b)));
    countLabel.textContent = `${visible.length} of ${runs.length} runs${truncated ? ' (first 5000 shown)' : ''}`;
    mount(tbody, visible.map((r) => h('tr', { class: selected.has(r.id) ? 'selected' : '', dataset: { run: r.id } },
      h('td', { class: 'select' }, h('input', {
        type: 'checkbox', checked: selected.has(r.id), 'aria-label': `Compare ${r.name || r.id}`,
        onchange: (ev) => {
          if (ev.target.checked) {
            if (selected.size >= MAX_COMPARE) {
              ev.target.checked = false;
              compare.note(`At most ${MAX_COMPARE} runs can be compared at once.`);
              return;
            }
            selected.add(r.id);
          } else {
            selected.delete(r.id);
          }
          ev.target.closest('tr').classList.toggle('selected', ev.target.checked);
          compare.refresh();
        },
      })),
      columns.map((c) => h('td', { class: c.numeric ? 'num' : '' }, c.cell ? c.cell(r) : fmtCell(c.value(r)))))));
  };
  filter.addEventListener('input', renderBody);
  renderHead();
  renderBody();
  const constantToggle = constant.length ? h('label', { class: 'muted' }, h('input', {
    type: 'checkbox',
    onchange: (ev) => {
      showConstant = ev.target.checked;
      if (!columns.some((c) => c.id === sort.id)) sort = { id: 'created', dir: -1 };
      buildColumns();
      renderHead();
      renderBody();
    },
  }), ` show the ${constant.length} param${constant.length > 1 ? 's' : ''} shared by all runs`) : null;
  const constantList = constant.length ? h('details', { class: 'shared-params' },
    h('summary', {}, `Shared by all runs: ${constant.length} param${constant.length > 1 ? 's' : ''}`),
    h('p', { class: 'muted' }, constant.map((k) => `${k} = ${runs[0].params[k]}`).join(' · '))) : null;

  const kinds = [...new Set(runs.map((r) => r.kind))];
  mount(root,
    h('div', { class: 'page-title' }, h('h1', {}, name), h('span', { class: 'muted' }, `kinds: ${kinds.join(', ')}`)),
    panel('Runs',
      h('div', { class: 'toolbar' }, filter, countLabel, constantToggle),
      h('div', { class: 'table-scroll' }, h('table', { class: 'grid runs', id: 'runs-table' }, thead, tbody)),
      constantList),
    compare.element,
    kinds.includes('pruning') ? pruningExperimentPanel(runs.filter((r) => r.kind === 'pruning'), signal) : null);
  compare.refresh();
}

function unionKeys(runs, field) {
  const keys = new Set();
  for (const r of runs) for (const k of Object.keys(r[field] || {})) keys.add(k);
  return [...keys].sort();
}

function numericOrText(v) {
  if (v === undefined || v === null) return null;
  const n = Number(v);
  return v !== '' && Number.isFinite(n) ? n : v;
}

function fmtCell(v) {
  if (v === null || v === undefined) return '—';
  return typeof v === 'number' ? fmtNum(v) : String(v);
}

/** Nulls last whatever the direction would put them; numbers before text. */
function compareValues(a, b) {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

function defaultSelection(runs) {
  return [...runs].filter((r) => Object.keys(r.metrics || {}).length)
    .sort((a, b) => (toDate(b.createdAt)?.getTime() || 0) - (toDate(a.createdAt)?.getTime() || 0))
    .slice(0, 5).map((r) => r.id);
}

/**
 * The default metric to compare: among keys most selected runs share, one with a history (several
 * steps) first, accuracy-like before loss-like before the rest.
 */
function preferredMetric(keys, counts, depth) {
  const most = Math.max(...keys.map((k) => counts.get(k)));
  const shared = keys.filter((k) => counts.get(k) === most);
  const deep = shared.filter((k) => depth.get(k) > 1);
  const pool = deep.length ? deep : shared;
  return pool.find((k) => /val.?acc/i.test(k)) || pool.find((k) => /acc/i.test(k)) || pool.find((k) => /loss/i.test(k))
    || pool[0];
}

function comparePanel(runs, selected, metricKeys, signal) {
  const histories = new Map();
  const byId = new Map(runs.map((r) => [r.id, r]));
  const select = h('select', { id: 'compare-metric', 'aria-label': 'Metric to compare' });
  const message = h('p', { class: 'muted compare-note' });
  const box = chartBox('chart-wide', 'Compare runs');
  let chosen = null;
  let generation = 0;

  const load = (id) => {
    if (!histories.has(id)) {
      histories.set(id, getJson(`/api/v1/runs/${id}/metrics`, signal).catch((e) => {
        histories.delete(id);
        throw e;
      }));
    }
    return histories.get(id);
  };

  const refresh = async () => {
    const mine = ++generation;
    const ids = [...selected].filter((id) => byId.has(id));
    if (!ids.length) {
      mount(select);
      select.disabled = true;
      message.textContent = 'Tick runs in the table to compare them.';
      box.hidden = true;
      return;
    }
    message.textContent = 'Loading metric histories…';
    let loaded;
    try {
      loaded = await Promise.all(ids.map((id) => load(id)));
    } catch (e) {
      if (mine === generation) message.textContent = e.message;
      return;
    }
    if (mine !== generation) return;
    // Runs per metric, and the most points any selected run logged of it.
    const counts = new Map();
    const depth = new Map();
    loaded.forEach((hist) => {
      for (const [k, pts] of Object.entries(hist)) {
        counts.set(k, (counts.get(k) || 0) + 1);
        depth.set(k, Math.max(depth.get(k) || 0, pts.length));
      }
    });
    const keys = [...counts.keys()].sort();
    if (!keys.includes(chosen)) chosen = keys.length ? preferredMetric(keys, counts, depth) : null;
    mount(select, keys.map((k) => h('option', { value: k, selected: k === chosen },
      `${k} (${counts.get(k)} run${counts.get(k) > 1 ? 's' : ''}${depth.get(k) > 1 ? `, ≤${depth.get(k)} steps` : ''})`)));
    select.disabled = keys.length === 0;
    if (!chosen) {
      message.textContent = 'The selected runs have logged no metrics yet.';
      box.hidden = true;
      return;
    }
    const series = ids.map((id, i) => {
      const r = byId.get(id);
      const points = (loaded[i][chosen] || []).map((p) => [p.step, p.value]);
      return { name: r.name || shortId(r.id), points };
    }).filter((s) => s.points.length);
    const single = series.every((s) => s.points.length === 1);
    message.textContent = `${chosen} over steps for ${series.length} run${series.length === 1 ? '' : 's'}`
      + (single ? ' (each run logged a single value of this metric)' : '');
    box.hidden = false;
    draw(box, lineOption(series, { xName: 'step', yName: chosen }));
  };
  select.addEventListener('change', () => {
    chosen = select.value;
    refresh();
  });

  const element = panel('Compare runs',
    h('div', { class: 'toolbar' }, h('label', {}, 'Metric ', select), message), box);
  return { element, refresh, note: (text) => { message.textContent = text; } };
}
