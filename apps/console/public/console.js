// The operator console page: plain ES module, no framework. Everything comes from the console's
// own /api (which proxies the cache, publisher, exporter and the services' metrics).

const BOOK_DEPTH = 12;
const STREAM_LIMIT = 100; // markets per cache stream
const COLORS = [
  '#3366cc',
  '#dc3912',
  '#ff9900',
  '#109618',
  '#990099',
  '#0099c6',
  '#dd4477',
  '#66aa00',
  '#b82e2e',
  '#316395',
  '#994499',
  '#22aa99',
];

const state = {
  markets: new Map(), // id -> row model
  streamIds: '',
  source: undefined,
  selected: undefined,
  bookUpdates: 0,
  dirty: false,
};

const $ = (selector) => document.querySelector(selector);

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function row(cells, attrs = {}) {
  const tr = document.createElement('tr');
  for (const cell of cells) tr.append(cell instanceof Node ? cell : el('td', cell));
  for (const [key, value] of Object.entries(attrs)) tr.setAttribute(key, value);
  return tr;
}

async function getJson(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message || `${path}: ${response.status}`);
  return body;
}

const listOf = (body, key) => (Array.isArray(body) ? body : (body && body[key]) || []);

function ageText(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60000)} min`;
}

// ---- markets and the live stream ---------------------------------------------------------

function marketModel(id) {
  let m = state.markets.get(id);
  if (!m) {
    m = { id, eventCount: 0, lastReceiveTimeUs: 0, stale: false };
    state.markets.set(id, m);
  }
  return m;
}

async function refreshMarkets() {
  const body = await getJson('api/markets');
  for (const summary of listOf(body, 'markets')) Object.assign(marketModel(summary.id), summary);
  $('#market-count').textContent = `(${state.markets.size})`;
  const ids = [...state.markets.keys()].sort().slice(0, STREAM_LIMIT);
  if (!state.selected && ids.length > 0) select(ids[0]);
  if (ids.join(',') !== state.streamIds) openStream(ids);
  state.dirty = true;
}

function openStream(ids) {
  state.source?.close();
  state.streamIds = ids.join(',');
  if (ids.length === 0) return;
  const source = new EventSource(
    `api/stream?markets=${encodeURIComponent(state.streamIds)}&depth=${BOOK_DEPTH}`,
  );
  source.addEventListener('trade', (event) => onTrade(JSON.parse(event.data)));
  source.addEventListener('book', (event) => onBook(JSON.parse(event.data)));
  state.source = source;
}

function onTrade(view) {
  const m = marketModel(view.id);
  if (view.trade) {
    m.trade = view.trade.payload;
    m.tradeFlash = true;
  }
  m.lastReceiveTimeUs = Math.max(m.lastReceiveTimeUs, view.lastReceiveTimeUs || 0);
  m.eventCount += view.trade ? 1 : 0;
  state.dirty = true;
}

function onBook(view) {
  const m = marketModel(view.id);
  m.bestBid = view.bids[0]?.[0];
  m.bestAsk = view.asks[0]?.[0];
  m.spread = view.spread;
  m.crossed = view.crossed;
  m.lastReceiveTimeUs = Math.max(m.lastReceiveTimeUs, view.lastReceiveTimeUs || 0);
  m.eventCount += 1;
  state.dirty = true;
  if (view.id === state.selected) renderBook(view);
}

function select(id) {
  state.selected = id;
  state.bookUpdates = 0;
  $('#book-title').textContent = id;
  state.dirty = true;
  const [venue, ...rest] = id.split(':');
  getJson(
    `api/markets/${venue}/${encodeURIComponent(rest.join(':'))}/book?depth=${BOOK_DEPTH}`,
  ).then(renderBook, () => undefined);
}

function renderBook(view) {
  if (view.id !== state.selected) return;
  state.bookUpdates += 1;
  const bids = $('#bids tbody');
  const asks = $('#asks tbody');
  bids.replaceChildren(
    ...view.bids.map(([price, size]) => row([el('td', size, 'num'), el('td', price, 'num')])),
  );
  asks.replaceChildren(
    ...view.asks.map(([price, size]) => row([el('td', price, 'num'), el('td', size, 'num')])),
  );
  const book = $('#book');
  book.dataset.updates = String(state.bookUpdates);
  book.dataset.market = view.id;
  const seq = view.lastUpdateId ?? view.seqId ?? view.checksum ?? '';
  $('#book-meta').textContent =
    `${view.bidLevels} bid / ${view.askLevels} ask levels, spread ${view.spread ?? '-'}${view.crossed ? ', CROSSED' : ''}` +
    `${seq !== '' ? `, last id ${seq}` : ''}; ${state.bookUpdates} updates received`;
}

function renderMarkets() {
  if (!state.dirty) return;
  state.dirty = false;
  const now = Date.now();
  const rows = [...state.markets.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((m) => {
      const age = m.lastReceiveTimeUs ? now - m.lastReceiveTimeUs / 1000 : undefined;
      const stale = age !== undefined && age > 30000;
      const tr = row(
        [
          m.id,
          el('td', m.trade?.price ?? '-', 'num'),
          el('td', m.trade?.size ?? '', 'num'),
          el('td', m.trade?.side ?? '', m.trade?.side),
          el('td', m.bestBid ?? '-', 'num'),
          el('td', m.bestAsk ?? '-', 'num'),
          el('td', m.spread ?? '-', 'num'),
          el('td', m.eventCount, 'num'),
          el('td', age === undefined ? '-' : ageText(age), stale ? 'num stale' : 'num'),
        ],
        { 'data-market': m.id },
      );
      if (m.id === state.selected) tr.classList.add('selected');
      if (m.tradeFlash) {
        tr.cells[1].classList.add('flash');
        m.tradeFlash = false;
      }
      tr.addEventListener('click', () => select(m.id));
      return tr;
    });
  $('#markets tbody').replaceChildren(...rows);
}

// ---- alerts ------------------------------------------------------------------------------

async function refreshAlerts() {
  const body = await getJson('api/alerts?limit=100');
  const counts = Object.entries(body.counts || {}).map(([kind, n]) => `${kind} ${n}`);
  $('#alert-counts').textContent = counts.length ? `(${counts.join(', ')})` : '(none yet)';
  $('#alerts tbody').replaceChildren(
    ...body.alerts.map((a) => {
      const where = [
        a.venue && a.symbol ? `${a.venue}:${a.symbol}` : a.venue,
        a.instance || a.service,
      ]
        .filter(Boolean)
        .join(' @ ');
      const ids =
        a.detail && a.detail.expected !== undefined
          ? ` (expected ${a.detail.expected}, received ${a.detail.received})`
          : '';
      return row(
        [
          new Date(a.timeUs / 1000).toISOString().slice(11, 23),
          a.kind,
          el('td', a.severity, `sev-${a.severity}`),
          where,
          `${a.message}${ids}`,
        ],
        { 'data-kind': a.kind },
      );
    }),
  );
}

// ---- publish runs, revisions and exports -------------------------------------------------

const runDetails = new Map();

async function refreshRuns() {
  const runs = listOf(await getJson('api/runs'), 'runs').slice(0, 30);
  await Promise.all(
    runs.slice(0, 12).map(async (run) => {
      const cached = runDetails.get(run.id);
      if (cached && ['SUCCEEDED', 'FAILED'].includes(String(cached.status).toUpperCase())) return;
      runDetails.set(run.id, await getJson(`api/runs/${run.id}`).catch(() => run));
    }),
  );
  $('#runs tbody').replaceChildren(
    ...runs.map((run) => {
      const detail = runDetails.get(run.id) || run;
      const steps = (detail.steps || []).map(
        (s) => `${s.step || s.name}${s.status && s.status !== 'SUCCEEDED' ? ` (${s.status})` : ''}`,
      );
      return row(
        [
          run.dataSet,
          run.day ?? '',
          run.generation ?? '',
          detail.status,
          detail.step,
          el('td', steps.join(' > '), 'muted'),
        ],
        {
          'data-run': run.id,
        },
      );
    }),
  );
  return runs.map((run) => runDetails.get(run.id) || run);
}

/**
 * The subscriber sees its entitled copies under their own ids, so a published revision is
 * matched to the catalog's newest revision of the same data set name created after the run began.
 */
async function refreshRevisions(runs) {
  let catalog = [];
  try {
    catalog = listOf(await getJson('api/catalog'), 'dataSets');
  } catch {
    // The exporter may not run; revisions are still shown.
  }
  const published = runs.filter((r) => r.revisionArn);
  $('#revisions tbody').replaceChildren(
    ...published.map((run) => {
      const since = Date.parse(run.createdAt || 0);
      const copy = catalog
        .filter((d) => d.name === run.dataSet)
        .flatMap((d) => d.revisions || [])
        .filter((r) => Date.parse(r.createdAt) >= since)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
      const exp = copy && copy.exports && copy.exports[0];
      return row([
        run.dataSet,
        el('td', run.revisionArn, 'muted'),
        el('td', run.rowCount ?? '', 'num'),
        exp ? exp.status : 'not yet',
        exp ? `s3://${exp.bucket}/${exp.keyPattern ?? ''}` : '',
      ]);
    }),
  );
}

// ---- message rates -----------------------------------------------------------------------

function renderRates(body) {
  const svg = $('#rates');
  const series = body.series.filter((s) => s.points.length > 1);
  const width = 600;
  const height = 220;
  const all = series.flatMap((s) => s.points);
  const max = Math.max(1, ...all.map((p) => p.v));
  const tMin = Math.min(...all.map((p) => p.t));
  const tMax = Math.max(...all.map((p) => p.t));
  const x = (t) => (tMax === tMin ? 0 : ((t - tMin) / (tMax - tMin)) * (width - 40) + 35);
  const y = (v) => height - 15 - (v / max) * (height - 30);
  const ns = 'http://www.w3.org/2000/svg';
  const nodes = [];
  for (const v of [0, max / 2, max]) {
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', '2');
    label.setAttribute('y', String(y(v) + 4));
    label.setAttribute('font-size', '10');
    label.textContent = max < 10 ? v.toFixed(1) : String(Math.round(v));
    const line = document.createElementNS(ns, 'line');
    line.setAttribute('x1', '35');
    line.setAttribute('x2', String(width));
    line.setAttribute('y1', String(y(v)));
    line.setAttribute('y2', String(y(v)));
    line.setAttribute('stroke', '#e3e6ec');
    nodes.push(line, label);
  }
  series.forEach((s, i) => {
    const path = document.createElementNS(ns, 'polyline');
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', COLORS[i % COLORS.length]);
    path.setAttribute('stroke-width', '1.5');
    path.setAttribute(
      'points',
      s.points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' '),
    );
    path.dataset.series = s.name;
    nodes.push(path);
  });
  svg.replaceChildren(...nodes);
  $('#rates-legend').replaceChildren(
    ...series.map((s, i) => {
      const item = el('span', `${s.name} ${s.points[s.points.length - 1].v}/s`);
      const swatch = el('i');
      swatch.style.background = COLORS[i % COLORS.length];
      item.prepend(swatch);
      return item;
    }),
  );
}

// ---- backends and the loop ---------------------------------------------------------------

async function refreshStatus() {
  const status = await getJson('api/status');
  $('#backends').replaceChildren(
    ...Object.entries(status).map(([name, up]) => el('span', name, up ? 'up' : 'down')),
  );
}

/** Runs a refresh now and then every `ms`; a failure is shown in the section's note. */
function every(ms, task, note) {
  const show = (text) => {
    if (note) $(note).textContent = text;
  };
  const run = () =>
    task().then(
      () => show(''),
      (error) => show(`unavailable: ${error.message}`),
    );
  run();
  setInterval(run, ms);
}

every(3000, refreshMarkets, '#markets-note');
every(2000, refreshAlerts);
every(3000, async () => refreshRevisions(await refreshRuns()), '#runs-note');
every(2000, async () => renderRates(await getJson('api/rates')));
every(5000, refreshStatus);
setInterval(() => {
  $('#clock').textContent = new Date().toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
  state.dirty = true;
}, 1000);
(function frame() {
  renderMarkets();
  requestAnimationFrame(frame);
})();
