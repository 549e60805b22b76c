// Run view: state, live progress (SSE through fetch, or polling every 2 s), metric charts updated
// live, params/tags, artifacts, job history, and the kind-specific charts.
import { getJson, streamEvents, downloadArtifact, jobEndpoint, ApiError } from '../api.js';
import { h, mount, fmtNum, fmtTime, fmtDuration, durationBetween, stateBadge, shortId, panel, empty } from '../dom.js';
import { chartBox, draw, flush, later, lineOption } from '../charts.js';
import { hwsimPanels } from './hwsim.js';
import { pruningRunPanels } from './pruning.js';
import { activeLearningPanels } from './activelearning.js';

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const POLL_MS = 2000;
const MAX_CHARTS = 12;

export async function runView(root, { id, signal, setCrumbs, renderError, ready }) {
  setCrumbs([{ label: 'Experiments', href: '#/experiments' }, { label: '…' }, { label: shortId(id) }]);
  mount(root, h('p', { class: 'loading' }, 'Loading run…'));
  let run;
  let histories;
  try {
    [run, histories] = await Promise.all([
      getJson(`/api/v1/runs/${encodeURIComponent(id)}`, signal),
      getJson(`/api/v1/runs/${encodeURIComponent(id)}/metrics`, signal),
    ]);
  } catch (e) {
    renderError(root, e);
    return;
  }
  setCrumbs([{ label: 'Experiments', href: '#/experiments' },
    { label: run.experiment, href: `#/experiments/${encodeURIComponent(run.experiment)}` },
    { label: run.name || shortId(run.id) }]);

  const endpoint = jobEndpoint(run.kind);
  let job = null;
  let jobProblem = null;
  if (endpoint) {
    try {
      job = await getJson(`${endpoint}/${run.id}`, signal);
    } catch (e) {
      if (e.name === 'AbortError') return;
      jobProblem = e;
    }
  } else {
    jobProblem = new ApiError(0, `No job endpoint is known for runs of kind '${run.kind}'.`);
  }

  const state = { run, job, histories };
  const progress = progressPanel();
  const metrics = metricsPanel();
  const latest = h('div');
  const kindArea = h('div', { id: 'kind-panels' });
  const detailArea = h('div');

  const renderKind = () => {
    const panels = [];
    if (run.kind === 'simulation') panels.push(...hwsimPanels(state.job));
    if (run.kind === 'pruning') panels.push(...pruningRunPanels(state.run, state.job, state.histories, signal));
    if (run.kind === 'al-study') panels.push(...activeLearningPanels(state.job));
    mount(kindArea, panels);
  };
  const renderDetails = () => mount(detailArea, detailPanels(state.run, state.job));
  const renderMetrics = () => {
    metrics.update(state.histories);
    mount(latest, latestMetrics(state.run.metrics));
  };

  mount(root,
    h('div', { class: 'page-title' },
      h('h1', {}, run.name || shortId(run.id)), stateBadge(state.job ? state.job.state : run.state),
      h('span', { class: 'muted' }, `${run.kind} · ${run.service} · `, h('code', {}, run.id))),
    h('div', { class: 'columns' }, progress.element, panel('Latest metrics', latest)),
    jobProblem ? h('p', { class: 'error' }, `Job details unavailable: ${jobProblem.message}`) : null,
    kindArea,
    metrics.element,
    detailArea);
  progress.update(state.job, state.run);
  renderMetrics();
  renderKind();
  renderDetails();
  flush();
  ready();

  if (!state.job || TERMINAL.has(state.job.state)) {
    progress.mode(state.job ? 'finished' : 'none');
    return;
  }

  // Live updates. Metric histories are re-read at most every 2 s, whatever the event rate.
  let refetching = null;
  const refreshHistories = () => {
    if (refetching) return refetching;
    refetching = Promise.all([
      getJson(`/api/v1/runs/${run.id}/metrics`, signal),
      getJson(`/api/v1/runs/${run.id}`, signal),
    ]).then(([hist, r]) => {
      state.histories = hist;
      state.run = r;
      renderMetrics();
    }).catch(() => {}).finally(() => setTimeout(() => { refetching = null; }, POLL_MS));
    return refetching;
  };
  const finish = async (view) => {
    state.job = view;
    progress.update(view, state.run);
    progress.mode('finished');
    root.querySelector('.page-title .badge')?.replaceWith(stateBadge(view.state));
    await refreshHistories();
    try {
      state.run = await getJson(`/api/v1/runs/${run.id}`, signal);
    } catch (e) {
      // Keep the last run view if the refresh fails.
    }
    renderMetrics();
    renderKind();
    renderDetails();
    flush();
  };

  const poll = async () => {
    progress.mode('polling');
    while (!signal.aborted) {
      try {
        const view = await getJson(`${endpoint}/${run.id}`, signal);
        if (TERMINAL.has(view.state)) {
          await finish(view);
          return;
        }
        state.job = view;
        progress.update(view, state.run);
        refreshHistories();
      } catch (e) {
        if (e.name === 'AbortError') return;
        progress.note(e.message);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };

  let done = false;
  progress.mode('sse');
  try {
    await streamEvents(`${endpoint}/${run.id}/events`, (name, data) => {
      if (name === 'progress') {
        state.job = { ...state.job, ...data };
        progress.update(state.job, state.run);
        root.querySelector('.page-title .badge')?.replaceWith(stateBadge(data.state));
      } else if (name === 'metrics') {
        // Only the points logged since the last event: [{key, step, value}], oldest first.
        const merged = { ...(state.run.metrics || {}) };
        for (const p of Array.isArray(data) ? data : []) merged[p.key] = p.value;
        state.run = { ...state.run, metrics: merged };
        mount(latest, latestMetrics(merged));
        refreshHistories();
      } else if (name === 'done') {
        done = true;
        finish(data);
      }
    }, signal);
  } catch (e) {
    if (e.name === 'AbortError' || signal.aborted) return;
    progress.note(`Live stream unavailable (${e.message}); polling every 2 s instead.`);
  }
  if (!done && !signal.aborted) await poll();
}

function progressPanel() {
  const bar = h('div', { class: 'bar-fill' });
  const barBox = h('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100 }, bar);
  const pct = h('span', { class: 'bar-label' });
  const facts = h('dl', { class: 'facts' });
  const live = h('span', { class: 'live' });
  const note = h('p', { class: 'muted' });
  const element = panel('Progress', h('div', { class: 'bar-row' }, barBox, pct), live, facts, note);
  element.id = 'progress-panel';
  return {
    element,
    update(job, run) {
      if (!job) {
        mount(facts, fact('state', run.state), fact('created', fmtTime(run.createdAt)),
          fact('started', fmtTime(run.startedAt)), fact('finished', fmtTime(run.finishedAt)));
        barBox.hidden = true;
        pct.hidden = true;
        return;
      }
      const fraction = Math.max(0, Math.min(1, Number(job.progress) || 0));
      bar.style.width = `${(fraction * 100).toFixed(1)}%`;
      bar.className = `bar-fill state-${String(job.state).toLowerCase()}`;
      barBox.setAttribute('aria-valuenow', (fraction * 100).toFixed(0));
      pct.textContent = `${(fraction * 100).toFixed(1)} %`;
      const running = !TERMINAL.has(job.state);
      mount(facts,
        fact('state', stateBadge(job.state)),
        fact('current step', job.currentStep || '—'),
        running ? fact('ETA', job.etaSeconds === null || job.etaSeconds === undefined ? '—' : fmtDuration(job.etaSeconds)) : null,
        fact('started', fmtTime(job.startedAt ?? run.startedAt)),
        fact(running ? 'running for' : 'finished', running
          ? fmtDuration(durationBetween(job.startedAt ?? run.startedAt, new Date().toISOString()))
          : `${fmtTime(job.finishedAt ?? run.finishedAt)} (took ${fmtDuration(durationBetween(job.startedAt ?? run.startedAt, job.finishedAt ?? run.finishedAt))})`),
        job.attempts !== undefined ? fact('attempts', String(job.attempts)) : null,
        job.error ? fact('error', h('span', { class: 'error-text' }, job.error)) : null,
        warningsFact(job.result));
    },
    mode(m) {
      const text = { sse: '● live over Server-Sent Events', polling: '● live, polling every 2 s', finished: '', none: '' }[m];
      live.textContent = text;
      live.className = `live ${m}`;
    },
    note(text) {
      note.textContent = text;
    },
  };
}

// A job that did less than asked (nothing pruned, a target missed, a part skipped) still succeeds; its
// result's warnings say what, and belong next to the state.
function warningsFact(result) {
  const warnings = result && Array.isArray(result.warnings) ? result.warnings : [];
  if (!warnings.length) return null;
  return fact('warnings', h('ul', { class: 'warnings', id: 'job-warnings' },
    ...warnings.map((w) => h('li', { class: 'warning-text' }, String(w)))));
}

function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}

function latestMetrics(metrics) {
  const entries = Object.entries(metrics || {});
  if (!entries.length) return empty('No metrics logged yet.');
  return h('div', { class: 'table-scroll short' }, h('table', { class: 'grid compact', id: 'latest-metrics' },
    h('tbody', {}, entries.sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', { class: 'num' }, fmtNum(v)))))));
}

/** Small multiples, one chart per metric with at least two logged points; redrawn on updates. */
function metricsPanel() {
  const filter = h('input', { type: 'search', class: 'filter', placeholder: 'Show metrics matching…', 'aria-label': 'Filter metric charts' });
  const grid = h('div', { class: 'chart-grid', id: 'metric-charts' });
  const note = h('p', { class: 'muted' });
  const element = panel('Metrics over steps', h('div', { class: 'toolbar' }, filter, note), grid);
  const boxes = new Map();
  let last = {};
  const render = () => {
    const q = filter.value.trim().toLowerCase();
    const keys = Object.keys(last).filter((k) => (last[k] || []).length > 1).sort();
    const shown = keys.filter((k) => !q || k.toLowerCase().includes(q));
    element.hidden = keys.length === 0;
    const visible = shown.slice(0, MAX_CHARTS);
    note.textContent = shown.length > MAX_CHARTS
      ? `Showing ${MAX_CHARTS} of ${shown.length} metrics; narrow the filter to see others.`
      : `${shown.length} metric${shown.length === 1 ? '' : 's'} with a history`;
    for (const [k, box] of boxes) {
      if (!visible.includes(k)) {
        window.echarts?.getInstanceByDom(box)?.dispose();
        box.remove();
        boxes.delete(k);
      }
    }
    visible.forEach((k) => {
      let box = boxes.get(k);
      if (!box) {
        box = chartBox('chart-small', `Metric ${k}`);
        box.dataset.metric = k;
        boxes.set(k, box);
      }
      grid.append(box);
      const points = [...last[k]].sort((a, b) => a.step - b.step).map((p) => [p.step, p.value]);
      const option = lineOption([{ name: k, points }], { title: k, xName: 'step', yName: '', legend: false });
      if (box.isConnected) draw(box, option);
      else later(box, option);
    });
  };
  filter.addEventListener('input', render);
  return {
    element,
    update(histories) {
      last = histories || {};
      render();
    },
  };
}

function kvTable(title, map, id) {
  const entries = Object.entries(map || {});
  return panel(title, entries.length
    ? h('div', { class: 'table-scroll short' }, h('table', { class: 'grid compact kv', id },
      h('tbody', {}, entries.sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, String(v)))))))
    : empty(`No ${title.toLowerCase()}.`));
}

function detailPanels(run, job) {
  const artifacts = run.artifacts || [];
  const artifactPanel = panel(`Artifacts (${artifacts.length})`, artifacts.length
    ? h('table', { class: 'grid compact', id: 'artifacts' },
      h('thead', {}, h('tr', {}, h('th', {}, 'name'), h('th', {}, 'sha256'), h('th', {}, ''))),
      h('tbody', {}, artifacts.map((a) => {
        const status = h('span', { class: 'muted' });
        return h('tr', {}, h('td', {}, a.name), h('td', {}, h('code', { title: a.sha256 }, `${a.sha256.slice(0, 16)}…`)),
          h('td', {}, h('button', {
            type: 'button', class: 'link-button',
            onclick: async () => {
              status.textContent = ' downloading…';
              try {
                await downloadArtifact(a.sha256, a.name);
                status.textContent = '';
              } catch (e) {
                status.textContent = ` ${e.message}`;
              }
            },
          }, 'download'), status));
      })))
    : empty('No artifacts.'));
  const history = job && Array.isArray(job.history) ? job.history : [];
  const historyPanel = job ? panel('Job history', history.length
    ? h('table', { class: 'grid compact', id: 'job-history' },
      h('thead', {}, h('tr', {}, ['at', 'from', 'to', 'reason', 'worker'].map((t) => h('th', {}, t)))),
      h('tbody', {}, history.map((t) => h('tr', {}, h('td', { class: 'nowrap' }, fmtTime(t.at)), h('td', {}, t.from ? stateBadge(t.from) : '—'),
        h('td', {}, stateBadge(t.to)), h('td', {}, t.reason || ''), h('td', { class: 'breakable' }, t.worker || '')))))
    : empty('No transitions recorded.')) : null;
  const json = (title, value) => (value === null || value === undefined ? null
    : h('details', { class: 'json' }, h('summary', {}, title), h('pre', {}, JSON.stringify(value, null, 2))));
  return [
    h('div', { class: 'columns' }, kvTable('Params', run.params, 'params'), kvTable('Tags', run.tags, 'tags')),
    h('div', { class: 'columns' }, artifactPanel, historyPanel),
    job ? panel('Request and result', json('Request', job.request), json('Result', job.result)) : null,
  ];
}
