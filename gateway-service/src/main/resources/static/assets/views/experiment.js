// Experiment view: a runs table paged from the server (params and latest metrics as columns, server-side
// filters, sort within the page) and a compare-runs chart of one metric over steps.
import { getJson } from '../api.js';
import { h, mount, fmtNum, fmtTime, stateBadge, shortId, durationBetween, fmtDuration, panel, empty, toDate } from '../dom.js';
import { chartBox, draw, lineOption } from '../charts.js';
import { pruningExperimentPanel } from './pruning.js';
import { parseRunFilter, runsQuery, RunPager } from '../runpager.js';

const MAX_COMPARE = 10;
/** Runs per page; #/experiments/{name}?page_size=N overrides it (1 to 500, the API's bound). */
const PAGE_SIZE = 50;

export async function experimentView(root, { name, query, signal, setCrumbs, renderError }) {
  setCrumbs([{ label: 'Experiments', href: '#/experiments' }, { label: name }]);
  mount(root, h('p', { class: 'loading' }, 'Loading runs…'));
  const pageSize = Math.min(500, Math.max(1, Number(query?.get('page_size')) || PAGE_SIZE));
  let parsed = parseRunFilter(query?.get('filter') || '');
  const pager = new RunPager((token) => getJson(`/api/v1/runs?${runsQuery(name, parsed.filters, pageSize, token)}`, signal));
  let summary;
  let pruningRuns;
  try {
    // The experiment's counters (kept by the tracking store, not counted here), the first page, and the
    // newest pruning runs for the trade-off chart: three requests however many runs the experiment holds.
    [summary, , pruningRuns] = await Promise.all([
      getJson(`/api/v1/experiments/${encodeURIComponent(name)}`, signal),
      pager.first(),
      getJson(`/api/v1/runs?${runsQuery(name, { state: null, kind: 'pruning', params: [], metrics: [] }, 50, null)}`, signal)
        .then((p) => p.items || []),
    ]);
  } catch (e) {
    renderError(root, e);
    return;
  }
  if (summary.runCount === 0) {
    mount(root, panel(name, empty('This experiment has no runs.')));
    return;
  }

  // Every run seen on any page, so ticked runs stay comparable after paging on.
  const byId = new Map();
  let runs = [];
  let allParamKeys = [];
  let constant = [];
  let metricKeys = [];
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
  // Columns follow the page on screen: its param and metric keys, and the params equal across it.
  const takePage = (items) => {
    runs = items;
    for (const r of runs) byId.set(r.id, r);
    allParamKeys = unionKeys(runs, 'params');
    constant = runs.length > 1 ? allParamKeys.filter((k) => runs.every((r) => r.params?.[k] === runs[0].params?.[k])) : [];
    metricKeys = unionKeys(runs, 'metrics');
    buildColumns();
  };
  takePage(pager.items);

  const selected = new Set(defaultSelection(runs));
  let sort = { id: 'created', dir: -1 };
  const filter = h('input', {
    type: 'search', class: 'filter', id: 'runs-filter', value: query?.get('filter') || '',
    placeholder: 'Filter: state=FAILED kind=pruning lr=0.01 val_acc>=0.9, or words (Enter)', 'aria-label': 'Filter runs',
  });
  const countLabel = h('span', { class: 'muted', id: 'runs-count' });
  const filterNote = h('span', { class: 'muted', id: 'runs-filter-note' });
  const newer = h('button', { type: 'button', id: 'runs-newer', onclick: () => turn(() => pager.newer()) }, '‹ Newer');
  const older = h('button', { type: 'button', id: 'runs-older', onclick: () => turn(() => pager.older()) }, 'Older ›');
  const pageLabel = h('span', { class: 'muted', id: 'runs-page' });
  const thead = h('thead');
  const tbody = h('tbody');

  const compare = comparePanel(byId, selected, signal);

  const renderHead = () => {
    const groupRow = h('tr', { class: 'group-row' },
      h('th', { colspan: 6 }, ''),
      metricKeys.length ? h('th', { colspan: metricKeys.length, class: 'group metric' }, 'latest metrics') : null,
      paramKeys.length ? h('th', { colspan: paramKeys.length, class: 'group param' }, showConstant ? 'params' : 'params that differ on this page') : null);
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
  const renderPaging = () => {
    newer.disabled = !pager.hasNewer;
    older.disabled = !pager.hasOlder;
    const first = (pager.pageNumber - 1) * pageSize + 1;
    const filtered = parsed.filters.state || parsed.filters.kind || parsed.filters.params.length || parsed.filters.metrics.length;
    pageLabel.textContent = runs.length
      ? `page ${pager.pageNumber}: runs ${first}–${first + runs.length - 1}${filtered ? ' of the matching runs' : ` of ${summary.runCount}`}, newest first`
      : 'no run matches';
    pageLabel.dataset.page = String(pager.pageNumber);
  };
  const renderBody = () => {
    const words = parsed.words;
    const col = columns.find((c) => c.id === sort.id) || columns[3];
    // Words narrow the page on screen; the filters the API understands were applied by the server.
    const visible = runs.filter((r) => {
      if (!words.length) return true;
      const text = [r.id, r.name, r.kind, r.state, ...Object.entries(r.params || {}).map(([k, v]) => `${k}=${v}`),
        ...Object.entries(r.tags || {}).map(([k, v]) => `${k}=${v}`)].join(' ').toLowerCase();
      return words.every((w) => text.includes(w));
    }).sort((a, b) => sort.dir * compareValues(col.value(a), col.value(b)));
    countLabel.textContent = words.length ? `${visible.length} of ${runs.length} on this page match the words` : '';
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
  const renderAll = () => {
    if (!columns.some((c) => c.id === sort.id)) sort = { id: 'created', dir: -1 };
    renderHead();
    renderBody();
    renderPaging();
    renderConstant();
  };
  // One request per page turn; a failed one leaves the page on screen and says why.
  let turning = false;
  const turn = async (step) => {
    if (turning) return;
    turning = true;
    newer.disabled = true;
    older.disabled = true;
    tbody.classList.add('loading');
    try {
      await step();
      takePage(pager.items);
      filterNote.textContent = parsed.errors.join('; ');
    } catch (e) {
      if (e.name === 'AbortError') return;
      filterNote.textContent = e.message;
    } finally {
      turning = false;
      tbody.classList.remove('loading');
    }
    renderAll();
  };
  filter.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter') return;
    parsed = parseRunFilter(filter.value);
    turn(() => pager.first());
  });
  filter.addEventListener('input', () => {
    // Words alone filter the page as they are typed; API filters wait for Enter.
    parsed = { ...parsed, words: parseRunFilter(filter.value).words };
    renderBody();
  });
  const constantToggle = h('label', { class: 'muted' }, h('input', {
    type: 'checkbox',
    onchange: (ev) => {
      showConstant = ev.target.checked;
      buildColumns();
      renderAll();
    },
  }), ' show params shared by every run on this page');
  const constantList = h('details', { class: 'shared-params' });
  const renderConstant = () => {
    constantToggle.hidden = constant.length === 0;
    constantList.hidden = constant.length === 0;
    mount(constantList,
      h('summary', {}, `Shared by every run on this page: ${constant.length} param${constant.length > 1 ? 's' : ''}`),
      h('p', { class: 'muted' }, constant.map((k) => `${k} = ${runs[0].params[k]}`).join(' · ')));
  };
  renderAll();
  filterNote.textContent = parsed.errors.join('; ');

  const states = Object.entries(summary.runsByState || {}).map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ');
  mount(root,
    h('div', { class: 'page-title' }, h('h1', {}, name), h('span', { class: 'muted', id: 'experiment-counts' },
      `${summary.runCount} run${summary.runCount === 1 ? '' : 's'}${states ? `: ${states}` : ''}`)),
    panel('Runs',
      h('div', { class: 'toolbar' }, filter, filterNote, countLabel, constantToggle),
      h('div', { class: 'table-scroll' }, h('table', { class: 'grid runs', id: 'runs-table' }, thead, tbody)),
      h('div', { class: 'toolbar pager' }, newer, pageLabel, older),
      constantList),
    compare.element,
    pruningRuns.length ? pruningExperimentPanel(pruningRuns, signal) : null);
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

function comparePanel(byId, selected, signal) {
  const histories = new Map();
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
