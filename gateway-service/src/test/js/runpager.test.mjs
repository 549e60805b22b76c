// Unit tests of the dashboard's run pager (assets/runpager.js), run by node's own test runner:
//   node --test gateway-service/src/test/js/
// RunPagerScriptTest runs them from Maven when node is installed. The fake API below pages the way
// /api/v1/runs does: newest first, keyset tokens naming the last row of the previous page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunFilter, runsQuery, RunPager } from '../../main/resources/static/assets/runpager.js';

/** 23 runs, newest first; the token is the index of the next row, opaque to the pager. */
function fakeApi(total = 23) {
  const rows = Array.from({ length: total }, (_, i) => ({ id: `run-${total - i}` }));
  const calls = [];
  const fetchPage = async (token, pageSize = 10) => {
    calls.push(token);
    const from = token ? Number(Buffer.from(token, 'base64').toString()) : 0;
    const items = rows.slice(from, from + pageSize);
    const next = from + pageSize < rows.length ? Buffer.from(String(from + pageSize)).toString('base64') : null;
    return { items, next_page_token: next };
  };
  return { fetchPage, calls };
}

test('walks older pages by the token each page returned, and back without refetching from the start', async () => {
  const api = fakeApi();
  const pager = new RunPager((token) => api.fetchPage(token));
  assert.deepEqual((await pager.first()).map((r) => r.id)[0], 'run-23');
  assert.equal(pager.hasNewer, false);
  assert.equal(pager.hasOlder, true);
  await pager.older();
  assert.equal(pager.pageNumber, 2);
  assert.equal(pager.items[0].id, 'run-13');
  await pager.older();
  assert.equal(pager.pageNumber, 3);
  assert.deepEqual(pager.items.map((r) => r.id), ['run-3', 'run-2', 'run-1']);
  assert.equal(pager.hasOlder, false);
  assert.deepEqual(await pager.older(), pager.items, 'no page past the last');
  await pager.newer();
  assert.equal(pager.pageNumber, 2);
  assert.equal(pager.items[0].id, 'run-13');
  // Page 2 was asked for with page 1's token both times; page 1 never needed one.
  assert.deepEqual(api.calls, [null, api.calls[1], api.calls[2], api.calls[1]]);
  assert.ok(api.calls[1]);
  await pager.first();
  assert.equal(pager.pageNumber, 1);
  assert.equal(pager.hasNewer, false);
});

test('state, kind, params and metric bounds become API filters; other words stay on the page', () => {
  const { filters, words, errors } = parseRunFilter('state=failed kind=pruning lr=0.01 val_acc>=0.9 loss<0.2 lenet');
  assert.deepEqual(filters, { state: 'FAILED', kind: 'pruning', params: ['lr:0.01'], metrics: ['val_acc:gte:0.9', 'loss:lt:0.2'] });
  assert.deepEqual(words, ['lenet']);
  assert.deepEqual(errors, []);
  assert.deepEqual(parseRunFilter('acc>=high').errors, ["'acc>=high' is not a metric filter like val_acc>=0.9"]);
  assert.deepEqual(parseRunFilter('').filters, { state: null, kind: null, params: [], metrics: [] });
});

test('a page query carries every filter, repeated params and metrics, the size and the token', () => {
  const { filters } = parseRunFilter('state=RUNNING seed=7 optimizer=adam acc>0.5');
  const q = runsQuery('exp 1', filters, 50, 'tok');
  assert.equal(q.get('experiment'), 'exp 1');
  assert.equal(q.get('state'), 'RUNNING');
  assert.deepEqual(q.getAll('param'), ['seed:7', 'optimizer:adam']);
  assert.deepEqual(q.getAll('metric'), ['acc:gt:0.5']);
  assert.equal(q.get('page_size'), '50');
  assert.equal(q.get('page_token'), 'tok');
  assert.equal(runsQuery('e', parseRunFilter('').filters, 10, null).has('page_token'), false);
});
