// Server-side paging and filtering of a run list. The run list of a large experiment is never loaded
// whole: the dashboard asks GET /api/v1/runs for one page at a time and walks the API's keyset page
// tokens, so a page costs the same at run 50 as at run 500,000. No DOM here, so node can test it.

const METRIC_OPS = [['>=', 'gte'], ['<=', 'lte'], ['>', 'gt'], ['<', 'lt']];

/**
 * Splits filter text into the API's filters and words kept for the page itself.
 * - state=RUNNING, kind=pruning: the state and kind filters (state is upper-cased as the API stores it)
 * - key=value: a param filter (param=key:value)
 * - key>=0.9, key<0.2 (also >, <): a metric filter on the latest value (metric=key:gte:0.9)
 * - any other word: matched against the loaded page's names, ids, kinds, states, params and tags
 * A term that looks like a metric filter but has no number is reported, not sent.
 */
export function parseRunFilter(text) {
  const filters = { state: null, kind: null, params: [], metrics: [] };
  const words = [];
  const errors = [];
  for (const term of (text || '').trim().split(/\s+/).filter(Boolean)) {
    const op = METRIC_OPS.find(([sym]) => term.includes(sym));
    if (op) {
      const at = term.indexOf(op[0]);
      const key = term.slice(0, at);
      const value = term.slice(at + op[0].length);
      if (!key || value === '' || !Number.isFinite(Number(value))) {
        errors.push(`'${term}' is not a metric filter like val_acc>=0.9`);
      } else {
        filters.metrics.push(`${key}:${op[1]}:${Number(value)}`);
      }
      continue;
    }
    const eq = term.indexOf('=');
    if (eq > 0 && eq < term.length - 1) {
      const key = term.slice(0, eq);
      const value = term.slice(eq + 1);
      if (key.toLowerCase() === 'state') filters.state = value.toUpperCase();
      else if (key.toLowerCase() === 'kind') filters.kind = value;
      else filters.params.push(`${key}:${value}`);
      continue;
    }
    words.push(term.toLowerCase());
  }
  return { filters, words, errors };
}

/** The query string of one page: the experiment, the filters, the page size and the page's token. */
export function runsQuery(experiment, filters, pageSize, token) {
  const q = new URLSearchParams();
  if (experiment) q.set('experiment', experiment);
  if (filters.state) q.set('state', filters.state);
  if (filters.kind) q.set('kind', filters.kind);
  for (const p of filters.params) q.append('param', p);
  for (const m of filters.metrics) q.append('metric', m);
  q.set('page_size', String(pageSize));
  if (token) q.set('page_token', token);
  return q;
}

/**
 * A keyset pager: page 1 has no token; page n+1's token is the one page n returned. Tokens of pages
 * already seen are kept, so "newer" goes back without the API offering a previous-page token.
 * fetchPage(token) resolves to the API's {items, next_page_token}.
 */
export class RunPager {
  constructor(fetchPage) {
    this.fetchPage = fetchPage;
    this.tokens = [null];
    this.index = 0;
    this.items = [];
    this.next = null;
  }

  get pageNumber() {
    return this.index + 1;
  }

  get hasOlder() {
    return Boolean(this.next);
  }

  get hasNewer() {
    return this.index > 0;
  }

  async first() {
    this.tokens = [null];
    this.index = 0;
    return this.load();
  }

  async older() {
    if (!this.next) return this.items;
    this.tokens[this.index + 1] = this.next;
    this.tokens.length = this.index + 2;
    this.index += 1;
    return this.load();
  }

  async newer() {
    if (this.index === 0) return this.items;
    this.index -= 1;
    return this.load();
  }

  async load() {
    const page = await this.fetchPage(this.tokens[this.index]);
    this.items = page.items || [];
    this.next = page.next_page_token || null;
    return this.items;
  }
}
