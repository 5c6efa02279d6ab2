// perpguard risk desk: plain JavaScript over the JSON API; charts by ECharts (served from its WebJar).
'use strict';
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

/** Number with thousands separators and exactly d decimals; "–" when the API sent null (not applicable / infinite). */
function fmt(v, d) {
  if (v === null || v === undefined || !isFinite(v)) return '–';
  return Number(v).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}
const pct = (fraction, d = 2) => (fraction === null || fraction === undefined) ? '∞' : fmt(fraction * 100, d) + ' %';

async function api(method, path, body) {
  const res = await fetch(path, {
    method, headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw Object.assign(new Error(data && data.error || res.statusText), { field: data && data.field });
  return data;
}

const num = (id) => { const v = $(id).value.trim(); return v === '' ? null : Number(v); };

// ---------------------------------------------------------------- sub-accounts and positions
const gauges = {};
const ratioColor = (r) => r === null || r >= 0.85 ? '#f85149' : r >= 0.7 ? '#ff8f6b' : r >= 0.5 ? '#d29922' : '#3fb950';

function gauge(el, ratio, label) {
  let g = gauges[el.id];
  if (!g) { g = echarts.init(el, null, { renderer: 'canvas' }); gauges[el.id] = g; }
  const value = ratio === null ? 100 : Math.min(100, ratio * 100);
  g.setOption({
    animation: false,
    series: [{
      type: 'gauge', min: 0, max: 100, radius: '92%', center: ['50%', '55%'], startAngle: 200, endAngle: -20,
      axisLine: { lineStyle: { width: 12, color: [[0.5, '#3fb950'], [0.7, '#d29922'], [0.85, '#ff8f6b'], [1, '#f85149']] } },
      pointer: { width: 4, length: '55%', itemStyle: { color: '#d8dee9' } }, axisTick: { show: false },
      splitLine: { length: 10, lineStyle: { color: '#0e1116', width: 2 } }, splitNumber: 4,
      axisLabel: { color: '#8a94a6', fontSize: 9, distance: 14 },
      title: { color: '#8a94a6', fontSize: 11, offsetCenter: [0, '78%'] },
      detail: { valueAnimation: false, fontSize: 17, fontWeight: 600, color: ratioColor(ratio), offsetCenter: [0, '48%'],
        formatter: () => ratio === null ? 'liquidated' : fmt(ratio * 100, 1) + ' %' },
      data: [{ value, name: label }],
    }],
  });
}

function renderDesk(snap) {
  if (!snap || !snap.subAccounts) return;
  $('mark-time').textContent = snap.time ? snap.time.replace('T', ' ').replace(':00Z', ' UTC') : '–';
  if (snap.replay) $('replay').textContent = `replay ${snap.replay.index + 1}/${snap.replay.size}${snap.replay.atEnd ? ' (end)' : ''}`;
  $('marks').innerHTML = Object.entries(snap.marks || {}).map(([s, p]) => `<span class="mark" data-symbol="${esc(s)}"><b>${esc(s)}</b>${fmt(p, p < 1000 ? 2 : 1)}</span>`).join('');
  const root = $('subaccounts');
  const seen = new Set();
  for (const s of snap.subAccounts) {
    seen.add('sub-' + s.id);
    let box = $('sub-' + s.id);
    if (!box) {
      box = document.createElement('div');
      box.className = 'sub'; box.id = 'sub-' + s.id;
      box.innerHTML = `<div><div class="gauge" id="gauge-${s.id}"></div><div class="meta"></div></div><div class="tbl"></div>`;
      root.appendChild(box);
      const opt = document.createElement('option'); opt.value = s.id; opt.textContent = 'sub-account ' + s.name;
      $('chk-account').appendChild(opt);
    }
    const crossRatio = s.hasCross ? s.marginRatio : (s.positions.length ? s.positions.reduce((m, p) => (p.marginRatio === null || m === null) ? null : Math.max(m, p.marginRatio), 0) : 0);
    gauge($('gauge-' + s.id), crossRatio, s.name + (s.hasCross ? ' · cross' : ' · worst isolated'));
    box.querySelector('.meta').innerHTML = s.error ? `<span class="neg">${esc(s.error)}</span>` :
      `wallet <b>${fmt(s.walletBalance, 2)}</b> · margin balance <b>${fmt(s.marginBalance, 2)}</b><br>uPnL <b class="${s.unrealizedPnl >= 0 ? 'pos' : 'neg'}">${fmt(s.unrealizedPnl, 2)}</b> · maint. margin <b>${fmt(s.maintenanceMargin, 2)}</b> USDT`;
    const rows = s.positions.map((p) => {
      const r = p.marginRatio; const w = r === null ? 100 : Math.min(100, r * 100);
      const gone = r === null || r >= 1;
      return `<tr data-position-id="${p.id}">
        <td>${esc(p.symbol)}</td><td>${p.side}</td><td>${p.marginMode}</td><td>${fmt(p.qty, 3)}</td><td>${p.leverage}×</td>
        <td>${fmt(p.entryPrice, 2)}</td><td>${fmt(p.markPrice, 2)}</td>
        <td class="${p.unrealizedPnl >= 0 ? 'pos' : 'neg'}">${fmt(p.unrealizedPnl, 2)}</td>
        <td data-value="${p.liquidationPrice}">${fmt(p.liquidationPrice, 2)}</td>
        <td>${gone ? '<b class="neg">liquidated</b>' : p.distanceToLiquidationPct === null ? '–' : fmt(Math.abs(p.distanceToLiquidationPct), 2) + ' %'}</td>
        <td>${gone ? '' : p.distanceToLiquidationAtr === null ? '–' : fmt(p.distanceToLiquidationAtr, 1) + ' ATR'}</td>
        <td>${pct(r, 1)}<span class="bar"><i style="width:${w}%;background:${ratioColor(r)}"></i></span></td></tr>`;
    }).join('');
    box.querySelector('.tbl').innerHTML = `<table><thead><tr><th>symbol</th><th>side</th><th>mode</th><th>qty</th><th>lev.</th><th>entry</th><th>mark</th>
      <th>uPnL</th><th>liq. price</th><th>to liq.</th><th>to liq. (ATR 1h)</th><th>margin ratio</th></tr></thead><tbody>${rows ||
      '<tr><td colspan="12" class="muted">no positions</td></tr>'}</tbody></table>`;
  }
  for (const el of [...root.children]) if (!seen.has(el.id)) el.remove();
}

// ---------------------------------------------------------------- alerts
function alertRow(a, fresh) {
  const tr = document.createElement('tr');
  if (fresh) tr.className = 'new';
  tr.dataset.kind = a.kind;
  const when = new Date(a.markTimeMs).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  tr.innerHTML = `<td class="t">${when}</td><td class="k-${a.kind}">${a.kind.replace('_', ' ')}</td><td>${esc(a.message)}</td>`;
  return tr;
}
function addAlert(a, fresh) {
  const body = $('alerts').tBodies[0];
  body.insertBefore(alertRow(a, fresh), body.firstChild);
  while (body.rows.length > 200) body.deleteRow(body.rows.length - 1);
}

// ---------------------------------------------------------------- calculator and leverage ladder
const CALC_ROWS = [
  ['liquidationPrice', 'liquidation price', 2], ['bankruptcyPrice', 'bankruptcy price', 2],
  ['distanceToLiquidationPct', 'distance to liquidation %', 2], ['notional', 'notional', 2],
  ['initialMargin', 'initial margin', 2], ['maintenanceMargin', 'maintenance margin', 2],
  ['maintenanceMarginRate', 'MMR (tier)', 4], ['tier', 'tier', 0], ['maxLeverage', 'max leverage of tier', 0],
  ['marginRatio', 'margin ratio %', 2, 100], ['unrealizedPnl', 'unrealized PnL', 2], ['lossIfLiquidated', 'loss if liquidated', 2],
  ['openingFee', 'opening fee', 2],
];
let ladder;

async function calc(ev) {
  if (ev) ev.preventDefault();
  $('calc-error').textContent = '';
  const body = { symbol: $('calc-symbol').value, side: $('calc-side').value, entry: num('calc-entry'), qty: num('calc-qty'),
    leverage: num('calc-leverage'), marginMode: $('calc-mode').value };
  if (num('calc-wallet') !== null) body.wallet = num('calc-wallet');
  if (num('calc-mark') !== null) body.mark = num('calc-mark');
  try {
    const r = await api('POST', '/api/calc', body);
    $('calc-result').innerHTML = CALC_ROWS.map(([k, label, d, scale]) =>
      `<tr><td>${label}</td><td id="calc-out-${k}" data-value="${r[k] === null ? '' : r[k]}">${fmt(r[k] === null ? null : r[k] * (scale || 1), d)}</td></tr>`).join('');
    const q = body.qty;
    const sizes = [0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64].map((m) => +(q * m).toPrecision(6));
    const t = await api('POST', '/api/tiers', { symbol: body.symbol, side: body.side, entry: body.entry, sizes, leverage: body.leverage });
    drawLadder(t, body.leverage);
  } catch (e) {
    $('calc-error').textContent = e.message;
    $('calc-result').innerHTML = '';
  }
}

function drawLadder(t, lev) {
  if (!ladder) ladder = echarts.init($('ladder-chart'));
  const x = t.ladder.map((r) => fmt(r.notional, 0));
  ladder.setOption({
    animation: false, backgroundColor: 'transparent',
    title: { text: `Leverage compression: ${t.symbol} ${t.side} at ${fmt(t.entry, 2)}, ${lev}× (capped at each tier's max)`,
      textStyle: { color: '#d8dee9', fontSize: 12, fontWeight: 500 } },
    tooltip: { trigger: 'axis' },
    legend: { top: 22, left: 'center', textStyle: { color: '#8a94a6' } },
    grid: { left: 48, right: 48, top: 56, bottom: 40 },
    xAxis: { type: 'category', data: x, name: 'notional (USDT)', nameLocation: 'middle', nameGap: 26, axisLabel: { color: '#8a94a6', fontSize: 10 } },
    yAxis: [
      { type: 'value', axisLabel: { color: '#8a94a6', formatter: '{value}×' }, splitLine: { lineStyle: { color: '#2a313c' } } },
      { type: 'value', axisLabel: { color: '#8a94a6', formatter: '{value} %' }, splitLine: { show: false } },
    ],
    series: [
      { name: 'tier max leverage', type: 'bar', data: t.ladder.map((r) => r.maxLeverage), itemStyle: { color: '#58a6ff' },
        markLine: lev ? { symbol: 'none', data: [{ yAxis: lev, name: 'your leverage' }], lineStyle: { color: '#d29922' }, label: { color: '#d29922', formatter: lev + '×' } } : undefined },
      { name: 'entry → liquidation %', type: 'line', yAxisIndex: 1, data: t.ladder.map((r) => +r.liquidationDistancePct.toFixed(3)), itemStyle: { color: '#f85149' } },
    ],
  }, true);
}

// ---------------------------------------------------------------- checklist
async function check(ev) {
  if (ev) ev.preventDefault();
  $('chk-error').textContent = '';
  const stop = num('chk-stop');
  const plan = { symbol: $('chk-symbol').value, side: $('chk-side').value, thesis: $('chk-thesis').value, entry: num('chk-entry'),
    stop, stopMethod: stop === null ? 'none' : $('chk-stopMethod').value,
    targets: $('chk-targets').value.split(/[ ,;]+/).filter((s) => s).map(Number),
    leverage: num('chk-leverage'), equity: num('chk-equity') };
  plan[$('chk-sizeBy').value] = num('chk-size');
  if (num('chk-funding') !== null) plan.fundingRate = num('chk-funding') / 100;
  if (num('chk-oi') !== null) plan.openInterestChangePct = num('chk-oi');
  const body = $('chk-account').value ? { plan, subAccountId: Number($('chk-account').value) } : plan;
  try {
    const r = await api('POST', '/api/check', body);
    const v = $('chk-verdict');
    v.className = 'verdict v-' + r.verdict; v.dataset.verdict = r.verdict;
    v.textContent = r.verdict + (r.verdict === 'fail' ? ' — do not take this trade as planned' : r.verdict === 'warn' ? ' — read the warnings' : ' — plan holds');
    $('chk-rules').innerHTML = r.rules.map((x) => `<tr data-rule-id="${x.id}" data-verdict="${x.verdict}">
      <td class="badge v-${x.verdict}">${x.verdict}</td><td class="rid">${x.id}</td><td>${esc(x.message)}</td></tr>`).join('');
  } catch (e) {
    $('chk-error').textContent = e.message;
  }
}

// ---------------------------------------------------------------- funding drift
let fundingChart;
let lastMarks = {};

async function fundingDrift(ev) {
  if (ev) ev.preventDefault();
  $('fund-error').textContent = '';
  const symbol = $('fund-symbol').value;
  const body = { symbol, side: $('fund-side').value, notional: num('fund-notional'), leverage: num('fund-leverage'),
    rate: num('fund-rate') === null ? null : num('fund-rate') / 100 };
  const mark = num('fund-mark') !== null ? num('fund-mark') : lastMarks[symbol];
  if (mark) body.mark = mark;
  try {
    const r = await api('POST', '/api/funding', body);
    const n = r.intervalsToLiquidation;
    $('fund-summary').innerHTML = `pays <b>${fmt(r.paymentPerInterval, 2)}</b> USDT per ${r.intervalHours}h (${fmt(r.annualisedPctOfMargin, 1)} % of margin a year) · `
      + (n === null ? '<b>funding alone never liquidates it</b>'
        : `funding alone liquidates it after <b id="fund-intervals" data-value="${n}">${n}</b> payments (<b>${fmt(r.daysToLiquidation, 1)}</b> days)`)
      + ` · liquidation <b>${fmt(r.liquidationPriceStart, 2)}</b> → <b id="fund-liq-end">${fmt(r.drift.length ? r.drift[r.drift.length - 1].liquidationPrice : r.liquidationPriceStart, 2)}</b>`;
    drawFunding(r);
  } catch (e) {
    $('fund-error').textContent = e.message;
  }
}

function drawFunding(r) {
  if (!fundingChart) fundingChart = echarts.init($('funding-chart'));
  const rows = [{ interval: 0, margin: r.margin, liquidationPrice: r.liquidationPriceStart }, ...r.drift];
  fundingChart.setOption({
    animation: false, backgroundColor: 'transparent',
    title: { text: `${r.symbol} ${r.side} ${fmt(r.notional, 0)} at ${r.leverage}×, funding ${fmt(r.rate * 100, 3)} % per ${r.intervalHours}h, mark ${fmt(r.markPrice, 2)}`,
      textStyle: { color: '#d8dee9', fontSize: 12, fontWeight: 500 } },
    tooltip: { trigger: 'axis' },
    legend: { top: 22, left: 'center', textStyle: { color: '#8a94a6' } },
    grid: { left: 64, right: 72, top: 56, bottom: 40 },
    xAxis: { type: 'category', data: rows.map((x) => x.interval), name: 'after funding payment', nameLocation: 'middle', nameGap: 26,
      axisLabel: { color: '#8a94a6', fontSize: 10 } },
    yAxis: [
      { type: 'value', name: 'margin', scale: true, axisLabel: { color: '#8a94a6' }, splitLine: { lineStyle: { color: '#2a313c' } } },
      { type: 'value', name: 'liq. price', scale: true, axisLabel: { color: '#8a94a6' }, splitLine: { show: false } },
    ],
    series: [
      { name: 'isolated margin (USDT)', type: 'line', data: rows.map((x) => +x.margin.toFixed(2)), itemStyle: { color: '#58a6ff' }, showSymbol: rows.length < 60 },
      { name: 'liquidation price', type: 'line', yAxisIndex: 1, data: rows.map((x) => +x.liquidationPrice.toFixed(2)), itemStyle: { color: '#f85149' },
        showSymbol: rows.length < 60, markLine: { symbol: 'none', data: [{ yAxis: r.markPrice, name: 'mark' }], lineStyle: { color: '#d29922' },
          label: { color: '#d29922', formatter: 'mark' } } },
    ],
  }, true);
}

// ---------------------------------------------------------------- Monte Carlo survival
let survivalChart;

async function survival(ev) {
  if (ev) ev.preventDefault();
  $('sim-error').textContent = '';
  $('sim-summary').textContent = 'simulating…';
  try {
    const r = await api('POST', '/api/survival', { symbol: $('sim-symbol').value, paths: num('sim-paths'), horizonDays: num('sim-days') });
    const days = (x) => x === null ? 'under half ruined' : fmt(x, 1) + ' days';
    $('sim-summary').innerHTML = `survival at day ${r.horizonDays}: A <b id="sim-a" data-value="${r.a.survivalAtHorizon}">${pct(r.a.survivalAtHorizon, 1)}</b>`
      + ` (median ruin ${days(r.a.medianDaysToRuin)}), B <b id="sim-b" data-value="${r.b.survivalAtHorizon}">${pct(r.b.survivalAtHorizon, 1)}</b>`
      + ` · ${r.paths} paths on ${esc(r.candles)}`;
    drawSurvival(r);
  } catch (e) {
    $('sim-summary').textContent = '';
    $('sim-error').textContent = e.message;
  }
}

function drawSurvival(r) {
  if (!survivalChart) survivalChart = echarts.init($('survival-chart'));
  const x = [0, ...r.a.survivalByDay.map((_, i) => i + 1)];
  const curve = (p) => [100, ...p.survivalByDay.map((v) => +(v * 100).toFixed(2))];
  survivalChart.setOption({
    animation: false, backgroundColor: 'transparent',
    title: { text: `Share of ${r.paths} bootstrapped paths neither liquidated nor below 10 % of equity (${r.symbol})`,
      textStyle: { color: '#d8dee9', fontSize: 12, fontWeight: 500 } },
    tooltip: { trigger: 'axis', valueFormatter: (v) => v + ' %' },
    legend: { top: 22, left: 'center', textStyle: { color: '#8a94a6' } },
    grid: { left: 48, right: 24, top: 56, bottom: 40 },
    xAxis: { type: 'category', data: x, name: 'day', nameLocation: 'middle', nameGap: 26, axisLabel: { color: '#8a94a6', fontSize: 10 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { color: '#8a94a6', formatter: '{value} %' }, splitLine: { lineStyle: { color: '#2a313c' } } },
    series: [
      { name: 'A: all-in 50×, no stop', type: 'line', step: 'end', showSymbol: false, data: curve(r.a), itemStyle: { color: '#f85149' } },
      { name: 'B: 2 % risk, stop, 10×', type: 'line', step: 'end', showSymbol: false, data: curve(r.b), itemStyle: { color: '#3fb950' } },
    ],
  }, true);
}

// ---------------------------------------------------------------- start
async function start() {
  const inst = await api('GET', '/api/instruments');
  for (const sel of ['calc-symbol', 'chk-symbol', 'fund-symbol', 'sim-symbol']) $(sel).innerHTML = Object.keys(inst).map((s) => `<option>${s}</option>`).join('');
  const first = await api('GET', '/api/desk');
  lastMarks = first.marks || {};
  renderDesk(first);
  const alerts = await api('GET', '/api/alerts?limit=100');
  for (const a of alerts.reverse()) addAlert(a, false);
  $('calc-form').addEventListener('submit', calc);
  $('check-form').addEventListener('submit', check);
  $('fund-form').addEventListener('submit', fundingDrift);
  $('sim-form').addEventListener('submit', survival);
  const es = new EventSource('/api/stream');
  es.addEventListener('open', () => $('conn').className = 'dot on');
  es.addEventListener('error', () => $('conn').className = 'dot off');
  es.addEventListener('tick', (e) => { const t = JSON.parse(e.data); if (t.marks) lastMarks = t.marks; renderDesk(t); });
  es.addEventListener('alert', (e) => addAlert(JSON.parse(e.data), true));
  window.addEventListener('resize', () => { Object.values(gauges).forEach((g) => g.resize()); [ladder, fundingChart, survivalChart].forEach((c) => c && c.resize()); });
  calc();
  await fundingDrift();
  await survival();
  document.body.dataset.ready = 'true';
}
start().catch((e) => { document.body.dataset.ready = 'error'; console.error(e); });
