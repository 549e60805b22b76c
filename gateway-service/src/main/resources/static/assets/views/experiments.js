// Experiments list: every experiment in the tracking store, with run counts and last activity.
import { getJson } from '../api.js';
import { h, mount, fmtAgo, fmtTime, toDate, panel, empty } from '../dom.js';

export async function experimentsView(root, { signal, setCrumbs, renderError }) {
  setCrumbs([{ label: 'Experiments' }]);
  mount(root, h('p', { class: 'loading' }, 'Loading experiments…'));
  let experiments;
  try {
    experiments = await getJson('/api/v1/experiments', signal);
  } catch (e) {
    renderError(root, e);
    return;
  }
  const filter = h('input', { type: 'search', class: 'filter', placeholder: 'Filter experiments…', 'aria-label': 'Filter experiments' });
  const body = h('tbody');
  const sorted = [...experiments].sort((a, b) =>
    (toDate(b.lastRunAt || b.createdAt)?.getTime() || 0) - (toDate(a.lastRunAt || a.createdAt)?.getTime() || 0));
  const render = () => {
    const q = filter.value.trim().toLowerCase();
    const rows = sorted.filter((e) => !q || e.name.toLowerCase().includes(q));
    mount(body, rows.map((e) => h('tr', { dataset: { experiment: e.name } },
      h('td', {}, h('a', { href: `#/experiments/${encodeURIComponent(e.name)}` }, e.name)),
      h('td', { class: 'num' }, String(e.runCount)),
      h('td', { title: fmtTime(e.lastRunAt) }, e.lastRunAt ? fmtAgo(e.lastRunAt) : 'no runs'),
      h('td', {}, fmtTime(e.createdAt)))));
  };
  filter.addEventListener('input', render);
  render();
  mount(root, panel(`Experiments (${experiments.length})`,
    experiments.length === 0
      ? empty('No experiments yet. Submit a job (training, simulation, pruning or an active-learning study) and its experiment appears here.')
      : [h('div', { class: 'toolbar' }, filter),
        h('table', { class: 'grid', id: 'experiments-table' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', { class: 'num' }, 'Runs'),
            h('th', {}, 'Last activity'), h('th', {}, 'Created'))),
          body)]));
}
