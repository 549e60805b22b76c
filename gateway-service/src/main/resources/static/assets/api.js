// Talks to the gateway: every /api call carries the stored key as a Bearer token.

const KEY_STORAGE = 'imclab.apiKey';

export function getKey() {
  return localStorage.getItem(KEY_STORAGE) || '';
}

export function setKey(key) {
  localStorage.setItem(KEY_STORAGE, key.trim());
}

export function clearKey() {
  localStorage.removeItem(KEY_STORAGE);
}

/** An HTTP failure, with a message meant for the person looking at the page. */
export class ApiError extends Error {
  constructor(status, message, detail) {
    super(message);
    this.status = status;
    this.detail = detail;
  }

  get isAuth() {
    return this.status === 401 || this.status === 403;
  }
}

function explain(status, problem, retryAfter) {
  const detail = problem && (problem.detail || problem.title);
  switch (status) {
    case 401:
      return `The API key was refused (401)${detail ? `: ${detail}` : ''}. Enter a valid key.`;
    case 403:
      return `This API key lacks the scope for this request (403)${detail ? `: ${detail}` : ''}.`;
    case 429:
      return `Rate limit reached for this key (429). Retry in ${retryAfter || 'a few'} s.`;
    case 404:
      return `Not found (404)${detail ? `: ${detail}` : ''}.`;
    case 502:
    case 503:
    case 504:
      return `The service behind the gateway is not reachable (${status})${detail ? `: ${detail}` : ''}.`;
    default:
      return `Request failed (${status})${detail ? `: ${detail}` : ''}.`;
  }
}

async function failure(res) {
  let problem = null;
  const type = res.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      problem = await res.json();
    } catch (e) {
      problem = null;
    }
  }
  return new ApiError(res.status, explain(res.status, problem, res.headers.get('Retry-After')), problem);
}

function headers(accept) {
  const key = getKey();
  if (!key) {
    throw new ApiError(401, 'No API key is set. Enter one to use the dashboard.');
  }
  return { Authorization: `Bearer ${key}`, Accept: accept };
}

/** GET a JSON resource. */
export async function getJson(path, signal) {
  let res;
  try {
    res = await fetch(path, { headers: headers('application/json'), signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, `The gateway did not answer: ${e.message}`);
  }
  if (!res.ok) throw await failure(res);
  return res.json();
}

/** GET every page of a paged list ({items, next_page_token}), up to max items. */
export async function getAllPages(path, params, signal, max = 5000) {
  const items = [];
  let token = null;
  do {
    const q = new URLSearchParams(params);
    q.set('page_size', '500');
    if (token) q.set('page_token', token);
    const page = await getJson(`${path}?${q}`, signal);
    items.push(...(page.items || []));
    token = page.next_page_token;
  } while (token && items.length < max);
  return { items, truncated: Boolean(token) };
}

/** Fetches an artifact with the key and hands it to the browser as a file download. */
export async function downloadArtifact(sha256, filename) {
  const res = await fetch(`/api/v1/artifacts/${encodeURIComponent(sha256)}`, { headers: headers('*/*') });
  if (!res.ok) throw await failure(res);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename || sha256;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Fetches a JSON artifact (e.g. an importance matrix) and parses it. */
export async function artifactJson(sha256, signal) {
  return getJson(`/api/v1/artifacts/${encodeURIComponent(sha256)}`, signal);
}

/**
 * Reads a text/event-stream with fetch, because EventSource cannot send the Authorization header.
 * Calls onEvent(name, data) per event (data parsed as JSON when it is JSON). Resolves when the
 * server ends the stream; rejects with an ApiError on an HTTP error or a broken connection.
 */
export async function streamEvents(path, onEvent, signal) {
  let res;
  try {
    res = await fetch(path, { headers: headers('text/event-stream'), signal, cache: 'no-store' });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, `The event stream could not be opened: ${e.message}`);
  }
  if (!res.ok) throw await failure(res);
  if (!res.body || !(res.headers.get('Content-Type') || '').includes('text/event-stream')) {
    throw new ApiError(res.status, 'The server did not answer with an event stream.');
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let name = 'message';
  let data = [];
  const dispatch = () => {
    if (data.length) {
      const text = data.join('\n');
      let parsed = text;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        parsed = text;
      }
      onEvent(name, parsed);
    }
    name = 'message';
    data = [];
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let nl;
    while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
      if (line === '') {
        dispatch();
      } else if (line.startsWith(':')) {
        // comment / keep-alive
      } else {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let val = colon < 0 ? '' : line.slice(colon + 1);
        if (val.startsWith(' ')) val = val.slice(1);
        if (field === 'event') name = val;
        else if (field === 'data') data.push(val);
      }
    }
  }
  dispatch();
}

/** The job endpoint that owns a run of the given kind (the run id equals the job id). */
export const JOB_ENDPOINTS = {
  training: '/api/v1/training-jobs',
  simulation: '/api/v1/simulations',
  pruning: '/api/v1/pruning-jobs',
  'al-study': '/api/v1/active-learning/studies',
  basisn: '/api/v1/basisn-jobs',
  'dataset-import': '/api/v1/dataset-imports',
};

export function jobEndpoint(kind) {
  return JOB_ENDPOINTS[kind] || null;
}
