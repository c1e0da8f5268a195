// The front page of `alinea serve`: the TM's figures, a concordance search
// and a term lookup, through the server's own JSON API (/api/v1/). Read-only.
// Text from the TM is always inserted as text (textContent), never as markup.
// When the server needs a token for reads it answers 401: the page then asks
// for the token and keeps it for this tab only (sessionStorage).

const api = new URL('api/v1/', document.baseURI);
const $ = (id) => document.getElementById(id);

function token() {
  return sessionStorage.getItem('alinea-token') || '';
}

function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
}

class NeedsToken extends Error {}

async function get(route, params = {}) {
  const url = new URL(route, api);
  for (const [key, value] of Object.entries(params)) if (value !== '') url.searchParams.set(key, value);
  const headers = token() ? { Authorization: `Bearer ${token()}` } : {};
  const response = await fetch(url, { headers });
  if (response.status === 401) throw new NeedsToken();
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.message || `${route}: HTTP ${response.status}`);
  return body;
}

function element(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

// The text with the byte ranges (UTF-8 offsets, as the API gives them)
// wrapped in <mark>.
function highlighted(text, ranges) {
  const bytes = new TextEncoder().encode(text);
  const decode = (from, to) => new TextDecoder().decode(bytes.subarray(from, to));
  const span = element('span');
  let at = 0;
  for (const [begin, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (begin < at || end > bytes.length) continue;
    span.append(decode(at, begin));
    span.append(element('mark', '', decode(begin, end)));
    at = end;
  }
  span.append(decode(at, bytes.length));
  return span;
}

function side(lang, content) {
  const line = element('span', 'side');
  line.append(element('span', 'lang', lang), content);
  return line;
}

async function showStats() {
  const s = await get('stats');
  const rows = [
    ['units', s.units],
    ['documents', s.documents],
    ['reviewed', `${s.reviewed} (${(100 * s.reviewed_share).toFixed(1)}%)`],
    ['rejected', s.rejected],
    ['pending review', s.pending],
    ['languages', Object.entries(s.languages).map(([l, n]) => `${l} ${n}`).join(', ')],
    ['last change', s.last_change || 'none'],
  ];
  const list = $('stats');
  list.replaceChildren();
  for (const [name, value] of rows) {
    list.append(element('dt', '', name));
    const dd = element('dd', '', String(value));
    dd.dataset.field = name.replace(/ /g, '_');
    list.append(dd);
  }
}

async function search(event) {
  event?.preventDefault();
  const q = $('search-q').value.trim();
  if (!q) return;
  const hits = await get('search', { q, lang: $('search-lang').value, limit: 50 });
  const list = $('search-results');
  list.replaceChildren();
  for (const h of hits) {
    const item = element('li', 'hit');
    item.dataset.id = h.id;
    item.append(side(h.source_lang, highlighted(h.source, h.source_highlights)));
    item.append(side(h.target_lang, highlighted(h.target, h.target_highlights)));
    item.append(element('span', 'meta', `#${h.id}${h.document ? ` · ${h.document}` : ''} · ${h.status}`));
    list.append(item);
  }
  const total = hits.length ? hits[0].total : 0;
  $('search-summary').textContent = hits.length
    ? `${hits[0].total_capped ? 'over ' : ''}${total} unit(s) match; ${hits.length} shown`
    : `nothing matches ${q}`;
}

async function terms(event) {
  event?.preventDefault();
  const q = $('terms-q').value.trim();
  if (!q) return;
  const renderings = await get('terms', { q });
  const list = $('terms-results');
  list.replaceChildren();
  for (const r of renderings) {
    const item = element('li', 'rendering');
    const label = r.kind === 'translation' ? r.rendering
      : r.kind === 'untranslated' ? `${r.rendering} (left untranslated)` : '(no rendering found)';
    item.append(element('strong', '', label));
    item.append(element('span', 'meta', ` ${r.count} unit(s), ${Math.round(100 * r.share)}% · ${r.lang} → ${r.lang === 'es' ? 'en' : 'es'}`));
    if (r.example_id) {
      item.append(side(r.lang, highlighted(r.example_source, [r.example_term])));
      item.append(side(r.lang === 'es' ? 'en' : 'es', highlighted(r.example_target, [r.example_rendering])));
    }
    list.append(item);
  }
  const inconsistent = renderings.some((r) => r.inconsistent);
  $('terms-summary').textContent = renderings.length
    ? `${renderings.length} rendering(s)${inconsistent ? '; the TM renders this term in more than one way' : ''}`
    : `${q} does not occur in the TM`;
}

// Runs an action; a 401 shows the token form, other failures the status line.
async function guarded(action) {
  try {
    await action();
    setStatus('');
    return true;
  } catch (e) {
    if (e instanceof NeedsToken) {
      $('token-box').hidden = false;
      setStatus(token() ? 'The token was refused.' : 'A token is needed.', true);
      document.body.dataset.state = 'needs-token';
      $('token').focus();
    } else {
      setStatus(e.message, true);
    }
    return false;
  }
}

async function start() {
  if (await guarded(showStats)) {
    $('token-box').hidden = true;
    document.body.dataset.state = 'ready';
  }
}

$('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  guarded(search);
});
$('terms-form').addEventListener('submit', (e) => {
  e.preventDefault();
  guarded(terms);
});
$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem('alinea-token', $('token').value.trim());
  $('token').value = '';
  start();
});
start();
