// Dashboard shell: API-key entry, hash routing, breadcrumbs and error display.
import { getKey, setKey, clearKey, getJson, ApiError } from './api.js';
import { h, mount } from './dom.js';
import { disposeAll, chartsAvailable } from './charts.js';
import { experimentsView } from './views/experiments.js';
import { experimentView } from './views/experiment.js';
import { runView } from './views/run.js';

const view = document.getElementById('view');
const crumbs = document.getElementById('crumbs');
const keybox = document.getElementById('keybox');
const banner = document.getElementById('banner');
let current = null;

function setCrumbs(items) {
  mount(crumbs, items.map((c, i) => [
    i > 0 ? h('span', { class: 'sep' }, '›') : null,
    c.href ? h('a', { href: c.href }, c.label) : h('span', { class: 'here' }, c.label),
  ]));
}

function showBanner(text) {
  banner.textContent = text;
  banner.hidden = !text;
}

/** Renders an error where a view would be; key problems also offer to change the key. */
function renderError(root, error) {
  if (error && error.name === 'AbortError') return;
  const message = error instanceof ApiError ? error.message : `Unexpected error: ${error && error.message}`;
  const status = error instanceof ApiError ? error.status : 0;
  mount(root, h('section', { class: 'panel problem', id: 'problem', dataset: { status: String(status) } },
    h('h2', {}, status === 401 ? 'API key needed' : status === 403 ? 'Not allowed' : status === 429 ? 'Slow down' : 'Something went wrong'),
    h('p', { class: 'error' }, message),
    status === 401 || status === 403
      ? h('button', { type: 'button', onclick: () => { clearKey(); renderKeyBox(); route(); } }, 'Enter another key')
      : h('button', { type: 'button', onclick: () => route() }, 'Retry')));
}

// The gateway knows its IMCLAB_HOME; until it answers, show the launcher's default.
function adminKeyPath() {
  const code = h('code', { id: 'admin-key-path' }, '~/.imclab/admin.key');
  fetch('/dashboard/settings.json', { headers: { Accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : null))
    .then((s) => { if (s && s.adminKeyFile) code.textContent = s.adminKeyFile; })
    .catch(() => {});
  return code;
}

function keyForm(onDone, withIntro) {
  const input = h('input', {
    type: 'password', id: 'api-key', name: 'api-key', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'imc_xxxxxxxxxx_…', 'aria-label': 'API key', required: true,
  });
  const status = h('p', { class: 'error', id: 'key-error', role: 'status' });
  const form = h('form', { class: 'key-form', id: 'key-form' },
    withIntro ? h('p', {}, 'Every API call needs a key with the ', h('code', {}, 'read'),
      ' scope. ', h('code', {}, './imclab up'), ' prints the first admin key and keeps it in ',
      adminKeyPath(), '. The key stays in this browser (localStorage) and is sent as ',
      h('code', {}, 'Authorization: Bearer'), '.') : null,
    h('div', { class: 'toolbar' }, input, h('button', { type: 'submit', id: 'key-submit' }, 'Use key')),
    status);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    setKey(key);
    status.textContent = 'Checking the key…';
    try {
      await getJson('/api/v1/experiments');
      status.textContent = '';
      renderKeyBox();
      onDone();
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) clearKey();
      status.textContent = e.message;
    }
  });
  return { form, input };
}

function renderKeyBox() {
  const key = getKey();
  if (!key) {
    mount(keybox, h('span', { class: 'muted' }, 'no API key'));
    return;
  }
  const masked = key.length > 12 ? `${key.slice(0, 14)}…` : '••••';
  mount(keybox, h('span', { class: 'muted', title: 'API key in use' }, 'key ', h('code', {}, masked)),
    h('button', { type: 'button', class: 'link-button', id: 'forget-key', onclick: () => { clearKey(); renderKeyBox(); route(); } }, 'change'));
}

function keyView() {
  setCrumbs([{ label: 'API key' }]);
  const { form, input } = keyForm(() => {
    if (location.hash === '' || location.hash === '#/key') location.hash = '#/experiments';
    else route();
  }, true);
  mount(view, h('section', { class: 'panel narrow' }, h('h2', {}, 'Enter an API key'), form));
  input.focus();
}

const routes = [
  [/^#?\/?$/, () => ({ fn: experimentsView, args: {} })],
  [/^#\/experiments\/?$/, () => ({ fn: experimentsView, args: {} })],
  // #/experiments/{name}?page_size=20&filter=state%3DFAILED: a name is URL-encoded, so a bare '?' starts options.
  [/^#\/experiments\/([^?]+)(?:\?(.*))?$/, (m) => ({ fn: experimentView, args: { name: decodeURIComponent(m[1]), query: new URLSearchParams(m[2] || '') } })],
  [/^#\/runs\/([0-9a-fA-F-]{36})$/, (m) => ({ fn: runView, args: { id: m[1] } })],
];

function route() {
  if (current) current.abort();
  disposeAll();
  showBanner(chartsAvailable() ? '' : 'ECharts did not load from /webjars/echarts/5.3.1/dist/echarts.min.js: charts are unavailable.');
  const hash = location.hash || '#/experiments';
  if (!getKey() || hash === '#/key') {
    keyView();
    return;
  }
  const match = routes.map(([re, make]) => [hash.match(re), make]).find(([m]) => m);
  if (!match) {
    setCrumbs([{ label: 'Experiments', href: '#/experiments' }]);
    mount(view, h('section', { class: 'panel' }, h('h2', {}, 'Unknown page'), h('p', {}, `Nothing lives at ${hash}.`)));
    return;
  }
  const { fn, args } = match[1](match[0]);
  current = new AbortController();
  const signal = current.signal;
  view.dataset.ready = 'false';
  // A view that keeps streaming (a live run) calls ready() once its first render is done.
  const ready = () => {
    if (!signal.aborted) view.dataset.ready = 'true';
  };
  Promise.resolve(fn(view, { ...args, signal, setCrumbs, renderError, ready }))
    .catch((e) => renderError(view, e))
    .finally(ready);
  window.scrollTo(0, 0);
}

window.addEventListener('hashchange', route);
renderKeyBox();
route();
