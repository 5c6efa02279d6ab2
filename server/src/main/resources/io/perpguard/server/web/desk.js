// perpguard risk desk: plain JavaScript over the JSON API; charts by ECharts (served from its WebJar).
'use strict';
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const TITLE = 'perpguard risk desk';
const HOUR = 3600000;

// ---------------------------------------------------------------- numbers
/** Thousands separators and exactly d decimals; "–" when the API sent null (not applicable / infinite); never "−0.00". */
function fmt(v, d = 2) {
  if (v === null || v === undefined || !isFinite(v)) return '–';
  let x = Number(v);
  if (Math.abs(x) < 0.5 * Math.pow(10, -d)) x = 0;
  return x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}
const signed = (v, d = 2) => (v > 0 && fmt(v, d) !== fmt(0, d) ? '+' : '') + fmt(v, d);
let INST = {};
/** The venues of GET /api/exchanges; VSYM: each venue symbol's precision and settlement currency (the desk's own in INST). */
let EXCHANGES = [];
const VSYM = {};
const pxDec = (sym) => (INST[sym] ? INST[sym].priceDecimals : VSYM[sym] ? VSYM[sym].priceDecimals : 2);
const qtyDec = (sym) => (INST[sym] ? INST[sym].qtyDecimals : VSYM[sym] ? VSYM[sym].qtyDecimals : 3);
/** An amount in a settlement currency: 2 decimals in a dollar, 8 in a coin, followed by the currency the answer names. */
const money = (v, cur) => fmt(v, /USD/.test(cur) ? 2 : 8) + ' ' + cur;
/**
 * A coin amount in a line of words, as the API's and CLI's messages write one (core's Checks.fmt): grouped, at most 8
 * decimals (a coin wallet's precision), trailing zeros dropped — 5, 0.5, 0.12345678. The cards keep 8 in columns.
 */
const coinFmt = (v) => fmt(v, 8).replace(/\.?0+$/, '');
/** A price at the symbol's tick precision. */
const px = (sym, v) => fmt(v, pxDec(sym));
const qty = (sym, v) => fmt(v, qtyDec(sym));
const pct = (fraction, d = 1) => (fraction === null || fraction === undefined) ? '∞' : fmt(fraction * 100, d) + ' %';
// a share of paths: only exactly 0 and 1 print as 0 and 100 (as the CLI's Output.share) — 0.9995 is ">99.9 %", not "100.0 %"
const share = (fraction, d = 1) => {
  const s = pct(fraction, d), step = Math.pow(10, -d);
  if (fraction > 0 && s === pct(0, d)) return '<' + fmt(step, d) + ' %';
  if (fraction < 1 && s === pct(1, d)) return '>' + fmt(100 - step, d) + ' %';
  return s;
};
const when = (ms) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/**
 * Reads a number the way a person types it: "1,5" is 1.5, "60,000" and "60,000.5" are thousands, spaces ignored.
 * Returns null for an empty field; throws a one-line error naming the field otherwise.
 */
function parseNum(raw, label) {
  let s = String(raw).trim().replace(/[\s\u00a0_']/g, '');
  if (s === '') return null;
  if (s.includes(',') && s.includes('.')) s = s.replace(/,/g, '');
  else if (/^-?\d{1,3}(,\d{3})+$/.test(s)) s = s.replace(/,/g, '');
  else if ((s.match(/,/g) || []).length === 1) s = s.replace(',', '.');
  const v = Number(s);
  if (s === '' || !isFinite(v)) throw fieldError(label, `'${raw}' is not a number`);
  return v;
}
function fieldError(label, message) { return Object.assign(new Error(`${label}: ${message}`), { label }); }
/** The number in input #id (null when empty); marks the field invalid and throws when it is not a number. */
function num(id) {
  const el = $(id);
  el.removeAttribute('aria-invalid');
  try {
    return parseNum(el.value, labelOf(el));
  } catch (e) {
    el.setAttribute('aria-invalid', 'true');
    throw e;
  }
}
function labelOf(el) {
  const l = el.closest('label');
  return l ? l.firstChild.textContent.trim() : el.id;
}
async function api(method, path, body, raw) {
  let res;
  try {
    res = await fetch(path, {
      method, headers: body !== undefined && !raw ? { 'Content-Type': 'application/json' } : raw ? { 'Content-Type': 'text/csv' } : {},
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
  } catch (e) {
    // the browser's own words ("Failed to fetch") named nothing the trader could act on
    throw Object.assign(new Error('the desk is not answering (stopped, restarting or unreachable): try again once it is back'), { status: 0 });
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = { error: plainError(res, text) }; }
  if (!res.ok) throw Object.assign(new Error(data && data.error || `the desk answered HTTP ${res.status}`), { field: data && data.field, status: res.status });
  return data;
}

/**
 * One line for an answer that is not the desk's JSON (a proxy's or a server's error page, a stack trace): its status
 * and the page's title, else its first line of text, tags dropped, at most 160 characters — never the page or the
 * trace itself.
 */
function plainError(res, text) {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(String(text));
  const line = title && title[1].trim() ? title[1].replace(/\s+/g, ' ').trim() : String(text).replace(/<(script|style)[^]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ').split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim()).find((l) => l) || '';
  const first = line.length > 160 ? line.slice(0, 159) + '…' : line;
  return `the desk answered HTTP ${res.status}${first ? ': ' + first : ''}`;
}

// ---------------------------------------------------------------- state
const S = {
  // lastRead: the alerts read, up to this id, in the database dbId (known from the desk's first answer)
  snap: null, alerts: new Map(), lastRead: 0, dbId: null,
  charts: {}, gauges: {}, ready: false, ticks: 0,
  // the alert list keeps the newest MAX_ALERTS (map and DOM alike, all day long); unread ones it let go are counted per sub-account
  maxAlertId: 0, droppedUnread: new Map(),
  // the read marker the list's items were last marked by (a new item is marked as it is listed)
  listedRead: null,
};
const MAX_ALERTS = 300;
const marks = () => (S.snap && S.snap.marks) || {};
const subs = () => (S.snap && S.snap.subAccounts) || [];
/** A sub-account on Binance COIN-M: wallet in its coin, positions in whole contracts. */
const isCoinm = (s) => !!s && s.exchange === 'binance-coinm';
/** The currency of a sub-account's amounts ('coin' for a COIN-M one without a position yet). */
const curOf = (s) => s.currency || (isCoinm(s) ? 'coin' : 'USDT');
/** An amount of a sub-account: 2 decimals in USDT, 8 in a coin. */
const subAmt = (s, v, sign) => (sign ? signed : fmt)(v, curOf(s) === 'USDT' ? 2 : 8);
/** A card's wallet or equity in its line of words: a coin's as the strip writes it (Checks.fmt: 0.5, 5), a dollar's at 2. */
const walletAmt = (s, v) => (/USD/.test(curOf(s)) ? subAmt(s, v) : coinFmt(v));
/** What follows them: the currency, or, for a COIN-M wallet of no known coin, that it is unknown (it read "coin"). */
const walletCur = (s) => (isCoinm(s) && !s.currency ? '(coin unknown until its first position)' : curOf(s));
/** A desk mark for a symbol; a COIN-M contract's is its asset's USDⓈ-M mark (BTCUSDT's for BTCUSD_PERP), as the desk prices it. */
const markOf = (sym) => marks()[sym] ?? marks()[sym.replace(/USD_PERP$/, 'USDT')];

// ---------------------------------------------------------------- theme
function applyTheme(t) {
  document.documentElement.dataset.theme = t;
  localStorage.setItem('perpguard.theme', t);
  const b = $('theme-toggle');
  b.textContent = t === 'dark' ? 'Light' : 'Dark';
  b.setAttribute('aria-label', `Switch to the ${t === 'dark' ? 'light' : 'dark'} theme`);
  for (const c of Object.values(S.charts)) c && c.dispose();
  for (const g of Object.values(S.gauges)) g && g.dispose();
  S.charts = {}; S.gauges = {};
  if (S.snap) renderDesk(S.snap);
  for (const f of redraws) f();
}
const redraws = [];
const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

// ---------------------------------------------------------------- source, replay controls, marks, summary
function renderSource(snap) {
  const r = snap.replay || {};
  const live = snap.source === 'live';
  const time = snap.time ? when(snap.timeMs) : '–';
  $('source').innerHTML = live
    ? `<span class="badge live">LIVE</span>live account · marks at ${esc(time)}`
    : `<span class="badge replay">REPLAY</span>recorded marks, not your live account · ${esc(time)}`
      + ` · hour ${(r.index || 0) + 1} of ${r.bars || '–'}${r.atEnd ? ' (end)' : r.paused ? ' · paused' : ` · ${fmt(r.speed, 0)} h/s`}`
      + (S.liveConnected ? ' · your live account: <a href="/live.html">live view</a>' : '');
  $('replay-controls').hidden = live;
  const paused = !!r.paused;
  const t = $('replay-toggle');
  t.textContent = paused ? 'Play' : 'Pause';
  t.setAttribute('aria-pressed', String(paused));
  t.disabled = !!r.atEnd;
  if (!paused && r.speed) $('replay-speed').value = String(r.speed);
}

function renderMarks(snap) {
  const box = $('marks');
  for (const s of Object.keys(snap.marks || {}).sort()) {
    let chip = box.querySelector(`[data-symbol="${s}"]`);
    if (!chip) {
      chip = document.createElement('span');
      chip.className = 'mark'; chip.dataset.symbol = s;
      chip.innerHTML = `<b>${esc(s)}</b><span></span>`;
      box.appendChild(chip);
    }
    chip.lastChild.textContent = px(s, snap.marks[s]);
  }
}

/** Every open position with its sub-account, for the summary and the selects. */
function allPositions() {
  const out = [];
  for (const s of subs()) for (const p of s.positions || []) out.push({ sub: s, p });
  return out;
}

function renderSummary() {
  let equity = 0, worst = 0, worstName = '–', nearest = null;
  for (const s of subs()) {
    if (s.error) continue;
    if (curOf(s) === 'USDT') equity += s.equity || 0;
    const r = s.worstRatio;
    if (s.positions.length && (r === null || (worst !== null && r > worst))) { worst = r; worstName = `${s.name} ${s.worstSubject}`; }
  }
  for (const { sub, p } of allPositions()) {
    if (p.distanceToLiquidationPct === null) continue;
    if (!nearest || Math.abs(p.distanceToLiquidationPct) < Math.abs(nearest.p.distanceToLiquidationPct)) nearest = { sub, p };
  }
  // each currency on its own: a COIN-M wallet's coin is not added to USDT. A COIN-M wallet that never held a position
  // has no known coin (it read "5.00000000 coin", and two such wallets were summed as one coin): named by its sub-account
  const coins = {}, unknown = [];
  for (const s of subs()) {
    if (s.error || curOf(s) === 'USDT') continue;
    const v = s.equity ?? Number(s.walletBalance);
    if (s.currency) coins[s.currency] = (coins[s.currency] || 0) + v;
    else unknown.push(`${coinFmt(v)} in ${s.name} (coin unknown until its first position)`);
  }
  $('sum-equity').textContent = [fmt(equity, 2) + ' USDT', ...Object.entries(coins).map(([c, v]) => coinFmt(v) + ' ' + c), ...unknown].join(' + ');
  const n = $('sum-nearest');
  if (nearest) {
    const p = nearest.p;
    n.innerHTML = `${esc(p.symbol)} ${esc(p.side)} (${esc(nearest.sub.name)}): ${fmt(Math.abs(p.distanceToLiquidationPct), 2)} % · `
      + `${fmt(p.distanceToLiquidationAtr, 1)} ATR · market move to liquidation <span data-value="${p.distanceToLiquidationPct}">${signed(p.distanceToLiquidationPct, 2)} %</span>`;
    n.className = Math.abs(p.distanceToLiquidationPct) < 3 || p.distanceToLiquidationAtr < 2 ? 'danger' : '';
  } else {
    n.textContent = 'no open position';
    n.className = '';
  }
  const w = $('sum-worst');
  w.textContent = worst === null ? `margin gone (${worstName})` : `${pct(worst, 1)} (${worstName})`;
  w.className = worst === null || worst >= 0.85 ? 'danger' : '';
}

// ---------------------------------------------------------------- sub-accounts, gauges, position cards
/** Danger level of a sub-account: its worst ratio, how near its nearest liquidation is, and a liquidation in the last 24 h. */
function level(s, recentLiq) {
  const r = s.worstRatio;
  const atr = s.nearestLiquidationAtr;
  if (recentLiq || r === null || r >= 0.85 || (atr !== null && atr !== undefined && atr < 1)) return 'danger';
  if (r >= 0.7 || (atr !== null && atr !== undefined && atr < 2)) return 'high';
  if (r >= 0.5 || (atr !== null && atr !== undefined && atr < 4)) return 'warn';
  return 'ok';
}
const levelColor = (l) => ({ danger: css('--fail'), high: css('--orange'), warn: css('--warn'), ok: css('--pass') }[l]);

function gauge(el, ratio, lvl, label) {
  let g = S.gauges[el.id];
  if (!g) { g = echarts.init(el, null, { renderer: 'canvas' }); S.gauges[el.id] = g; }
  const value = ratio === null ? 100 : Math.min(100, ratio * 100);
  g.setOption({
    animation: false, aria: { enabled: false },
    series: [{
      type: 'gauge', min: 0, max: 100, radius: '92%', center: ['50%', '55%'], startAngle: 200, endAngle: -20,
      axisLine: { lineStyle: { width: 12, color: [[0.5, css('--pass')], [0.7, css('--warn')], [0.85, css('--orange')], [1, css('--fail')]] } },
      pointer: { width: 4, length: '55%', itemStyle: { color: css('--text') } }, axisTick: { show: false },
      splitLine: { length: 10, lineStyle: { color: css('--panel'), width: 2 } }, splitNumber: 4,
      axisLabel: { color: css('--muted'), fontSize: 9, distance: 14 },
      title: { color: css('--muted'), fontSize: 11, offsetCenter: [0, '78%'] },
      detail: { valueAnimation: false, fontSize: 16, fontWeight: 700, color: levelColor(lvl), offsetCenter: [0, '48%'],
        formatter: () => label },
      data: [{ value, name: 'worst margin ratio' }],
    }],
  });
}

/** How long before the desk's mark time something happened, in words ("7 h", "2 d 3 h", "40 min"). */
function ageOf(ms) {
  const min = Math.max(0, (((S.snap && S.snap.timeMs) || Date.now()) - ms) / 60000);
  if (min < 60) return `${Math.round(min)} min`;
  const h = Math.round(min / 60);
  return h < 48 ? `${h} h` : `${Math.floor(h / 24)} d ${h % 24} h`;
}

/**
 * A position's funding: the rate of the next payment, its time (UTC), and what the position pays or receives then at
 * the current mark, in its settlement currency. A live position's comes from its venue; a hand-entered or replayed
 * one's is the desk's last recorded rate of the symbol, said with where it comes from and how old it is; where the desk
 * has none, the card says so.
 */
function fundingRows(s, p) {
  if (p.fundingSource === 'none') {
    return `
      <dt>Funding</dt><dd class="funding none" data-source="none">none recorded for ${esc(p.symbol)}</dd>`;
  }
  if (p.fundingRate === null || p.fundingRate === undefined) return '';
  const due = p.fundingDue, cur = p.currency || curOf(s);
  const at = p.nextFundingMs ? ` · <span class="funding-at">${new Date(p.nextFundingMs).toISOString().slice(11, 16)} UTC</span>` : '';
  const word = due > 0 ? 'pays' : due < 0 ? 'receives' : 'neither pays nor receives';
  const recordedAt = p.fundingRecordedMs && new Date(p.fundingRecordedMs).toISOString().slice(0, 16).replace('T', ' ');
  const ago = p.fundingRecordedMs && (ageOf(p.fundingRecordedMs) === '0 min' ? 'at the mark\'s time' : ageOf(p.fundingRecordedMs) + ' before the mark');
  const from = p.fundingSource !== 'recorded' || !p.fundingRecordedMs ? ''
    : S.snap && S.snap.source === 'live'
      // the live desk's record: the venue's rate of the next payment as a watched Binance account's feed gave it
      ? `
      <dd class="funding-from muted" data-recorded="${p.fundingRecordedMs}">the venue's rate for the next payment, read ${recordedAt} UTC (${ago}) from a watched account</dd>`
      : `
      <dd class="funding-from muted" data-recorded="${p.fundingRecordedMs}">last recorded rate, settled ${recordedAt} UTC (${ago}), recorded with the replay</dd>`;
  return `
      <dt>Funding</dt><dd class="funding" data-source="${esc(p.fundingSource || 'venue')}" data-value="${p.fundingRate}" data-next="${p.nextFundingMs || ''}">${fmt(p.fundingRate * 100, 4)} %${at}</dd>${from}
      <dt>Funding due</dt><dd class="funding-due ${due > 0 ? 'neg' : 'pos'}" data-value="${due ?? ''}">${due === null || due === undefined ? '–'
        : due === 0 ? word : `${word} ${money(Math.abs(due), cur)}`}</dd>`;
}

/**
 * A shared-collateral account's pool (Binance Multi-Assets, Bybit UTA 2.0 cross): each asset with its wallet, its USD
 * index, the haircut its venue applies and what it counts for in the margin balance. Nothing for a one-wallet account.
 */
function collateralRows(s) {
  if (!s.collateral || !s.collateral.length) return '';
  return `<div class="collateral" data-collateral="${s.collateral.length}"><span class="muted">shared collateral: one pool backs every cross position</span>`
    + s.collateral.map((c) => `<span class="coll" data-asset="${esc(c.asset)}" data-value-usd="${c.valueUsd}" data-ratio="${c.collateralRatio}">`
      + `<b>${esc(c.asset)}</b> ${fmt(c.amount, /USD/.test(c.asset) ? 2 : 8)} × ${fmt(c.indexPrice, c.indexPrice >= 100 ? 2 : 4)} USD`
      + ` · haircut ${fmt((1 - c.collateralRatio) * 100, 2)} % · counts <b>${fmt(c.valueUsd, 2)}</b> USD</span>`).join('') + '</div>';
}

function positionCard(s, p) {
  const sym = p.symbol;
  const r = p.marginRatio;
  const w = r === null ? 100 : Math.min(100, r * 100);
  const lvl = r === null || r >= 0.85 ? 'danger' : r >= 0.7 ? 'high' : r >= 0.5 ? 'warn' : 'ok';
  const move = p.distanceToLiquidationPct;
  return `<article class="card ${p.side}" data-position-id="${p.id}" aria-label="${esc(sym)} ${p.side} ${p.marginMode}">
    <div class="head"><span>${esc(sym)} <span class="side-${p.side}">${p.side}</span></span><span class="muted">${p.marginMode} · ${fmt(p.leverage, 0)}×</span></div>
    <div class="liq">${p.liquidationPrice === null ? `<b class="liq-price" data-value="null">no liquidation price</b> <span class="muted">(${p.marginMode === 'cross' ? 'the cross wallet covers any move' : 'the margin covers any move'})</span>`
      : `Liq. <b class="liq-price" data-value="${p.liquidationPrice}">${px(sym, p.liquidationPrice)}</b>
      · <span class="liq-dist" data-value="${move}">${fmt(Math.abs(move), 2)} %</span>
      · <span class="liq-atr" data-value="${p.distanceToLiquidationAtr}">${fmt(p.distanceToLiquidationAtr, 1)} ATR</span>`}</div>
    <div class="bar" role="img" aria-label="margin ratio ${pct(r, 1)}"><i style="width:${w}%;background:${levelColor(lvl)}"></i></div>
    <dl>
      <dt>Margin ratio</dt><dd class="ratio" data-value="${r}">${pct(r, 1)}</dd>
      <dt>Mark</dt><dd>${px(sym, p.markPrice)}</dd>
      <dt>Entry</dt><dd>${px(sym, p.entryPrice)}</dd>
      <dt>Quantity</dt><dd class="qty">${p.contractType === 'inverse' ? `${fmt(p.contracts, 0)} cont. (${fmt(p.qty, 0)} USD)` : qty(sym, p.qty)}</dd>
      <dt>Unrealized PnL</dt><dd class="upnl ${p.unrealizedPnl >= 0 ? 'pos' : 'neg'}" data-value="${p.unrealizedPnl}">${subAmt(s, p.unrealizedPnl, true)}</dd>
      <dt>Margin</dt><dd>${subAmt(s, p.positionMargin)}</dd>${fundingRows(s, p)}
    </dl>
    <div class="acts">
      <button type="button" class="secondary small" data-act="edit" data-id="${p.id}">Edit</button>
      <button type="button" class="secondary small" data-act="close" data-id="${p.id}">Close at mark</button>
      <button type="button" class="danger small" data-act="delete" data-id="${p.id}">Delete</button>
    </div></article>`;
}

function closedCard(s, c) {
  const sym = c.symbol;
  const liq = c.reason === 'liquidation';
  return `<article class="card closed ${c.side}" data-closed-id="${c.id}" data-position-id="${c.positionId}" data-state="${liq ? 'liquidated' : 'closed'}">
    <div class="head"><span>${esc(sym)} <span class="side-${c.side}">${c.side}</span></span>
      <span class="tag ${liq ? 'neg' : 'muted'}">${liq ? 'liquidated' : 'closed'}</span></div>
    <dl>
      <dt>${liq ? 'Loss' : 'Realized PnL'}</dt><dd class="realized ${c.realizedPnl >= 0 ? 'pos' : 'neg'}" data-value="${c.realizedPnl}">${subAmt(s, c.realizedPnl, true)} ${curOf(s)}</dd>
      <dt>Closed at</dt><dd>${px(sym, c.closePrice)}</dd>
      <dt>When</dt><dd>${when(c.closedAtMs)}</dd>
      <dt>Entry · qty</dt><dd>${px(sym, c.entryPrice)} · ${c.contracts != null ? fmt(c.contracts, 0) + ' cont.' : qty(sym, c.qty)}</dd>
      ${c.provisional ? `<dt>Figures</dt><dd class="provisional">${esc(c.provisional)}</dd>` : ''}
    </dl></article>`;
}

function renderDesk(snap) {
  if (!snap || !snap.subAccounts) return;
  adoptDatabase(snap.databaseId);
  S.snap = snap;
  renderSource(snap);
  renderMarks(snap);
  renderSummary();
  markStale('pf-asof');
  const root = $('subaccounts');
  const seen = new Set();
  for (const s of snap.subAccounts) {
    const id = 'sub-' + s.id;
    seen.add(id);
    let box = $(id);
    if (!box) {
      box = document.createElement('div');
      box.className = 'sub'; box.id = id; box.dataset.subId = s.id;
      box.innerHTML = `<div><div class="sub-head"><h3></h3><span><button type="button" class="secondary small" data-act="edit-sub" data-id="${s.id}">Edit</button>
        <button type="button" class="danger small" data-act="delete-sub" data-id="${s.id}">Delete</button></span></div>
        <div class="gauge" id="gauge-${s.id}" role="img"></div><p class="gauge-text"></p><div class="meta"></div></div>
        <div><div class="cards open-cards"></div><div class="closed-list"></div></div>`;
      root.appendChild(box);
    }
    box.querySelector('h3').textContent = s.name;
    const recent = (s.closed || []).find((c) => c.reason === 'liquidation' && snap.timeMs - c.closedAtMs < 24 * HOUR);
    const lvl = s.error ? 'danger' : level(s, recent);
    const g = $('gauge-' + s.id);
    g.dataset.level = lvl;
    const ratioText = !s.positions.length ? 'no open position' : s.worstRatio === null ? 'margin gone' : pct(s.worstRatio, 1);
    const label = recent ? 'liquidated' : ratioText;
    const words = `${s.name}: worst margin ratio ${ratioText}${s.positions.length ? ` (${s.worstSubject})` : ''}`
      + (recent ? `; ${recent.symbol} ${recent.side} liquidated ${when(recent.closedAtMs)}, loss ${subAmt(s, -recent.realizedPnl)} ${curOf(s)}` : '')
      + `; danger level ${lvl}`;
    g.setAttribute('aria-label', words);
    gauge(g, s.positions.length ? s.worstRatio : 0, lvl, label);
    const gt = box.querySelector('.gauge-text');
    gt.textContent = words;
    gt.className = 'gauge-text ' + (lvl === 'danger' ? 'neg' : '');
    // each account's own freshness: a stale live account greys out its gauge only, never another account's
    box.classList.toggle('stale', !!s.stale);
    box.dataset.stale = String(!!s.stale);
    const src = s.stale ? `<span class="stale-note" data-stale="true">data stale: ${esc(s.staleReason || 'no current marks')} — the figures are not current</span><br>`
      : snap.source === 'live' && s.markSource === 'stored' ? '<span class="muted" data-mark-source="stored">hand-entered: priced at its stored marks, not at live marks</span><br>'
      : (s.markSource || '').startsWith('live:') ? `<span class="muted" data-mark-source="${esc(s.markSource)}">live ${esc(s.markSource.slice(5))} account at its own marks, by ${esc(s.markSource.slice(5))}'s rules</span><br>` : '';
    box.querySelector('.meta').innerHTML = s.error ? `<span class="neg">${esc(s.error)}</span>` : src +
      (isCoinm(s) && !(s.markSource || '').startsWith('live:') ? '<span class="muted" data-venue="binance-coinm">Binance COIN-M: marked at the asset\'s USDT-perpetual mark</span><br>' : '')
      + `wallet <b data-value="${s.walletBalance}">${walletAmt(s, s.walletBalance)}</b> · equity <b>${walletAmt(s, s.equity)}</b> <span class="cur">${esc(walletCur(s))}</span><br>`
      + `uPnL <b class="${s.unrealizedPnl >= 0 ? 'pos' : 'neg'}">${subAmt(s, s.unrealizedPnl, true)}</b>`
      + (s.hasCross ? ` · ${s.collateral ? 'account' : 'cross'} ratio <b>${pct(s.marginRatio, 1)}</b>` : '') + collateralRows(s);
    box.querySelector('.open-cards').innerHTML = s.positions.length ? s.positions.map((p) => positionCard(s, p)).join('')
      : '<p class="muted">No open position.</p>';
    const closed = (s.closed || []).slice(0, 6);
    box.querySelector('.closed-list').innerHTML = closed.length
      ? `<h3>Closed</h3><div class="cards">${closed.map((c) => closedCard(s, c)).join('')}</div>` : '';
  }
  for (const el of [...root.children]) if (!seen.has(el.id)) { const g = S.gauges['gauge-' + el.dataset.subId]; if (g) g.dispose(); el.remove(); }
  pruneAlerts(snap);
  fillSelects();
  checkEditors();
}

/**
 * An editor holds what it loaded; when the desk's copy changes under it — another tab saved, closed or deleted it, or
 * the venue liquidated it — it says so and will not save over the newer figures until they are loaded again.
 */
const posFields = (p) => JSON.stringify([p.symbol, p.side, p.marginMode, p.contractType === 'inverse' ? p.contracts : p.qty, p.entryPrice, p.leverage]);
const subFields = (s) => JSON.stringify([s.name, String(s.walletBalance)]);
function checkEditors() {
  for (const [form, id, find, fields, what] of [
    ['pos-form', 'pos-id', (i) => { const f = allPositions().find(({ p }) => p.id === i); return f && f.p; }, posFields, 'position'],
    ['sub-form', 'sub-id', (i) => subs().find((x) => x.id === i), subFields, 'sub-account']]) {
    const el = $(form), loaded = el.dataset.loaded;
    if (!$(id).value || !loaded) { delete el.dataset.stale; continue; }
    const now = find(Number($(id).value));
    const stale = !now ? 'gone' : fields(now) !== loaded ? 'changed' : '';
    if (stale === (el.dataset.stale || '')) continue;
    const msg = $(form === 'pos-form' ? 'pos-msg' : 'sub-msg');
    delete msg.dataset.refused;
    if (stale) {
      el.dataset.stale = stale;
      msg.className = 'msg neg';
      msg.innerHTML = stale === 'gone' ? `This ${what} was closed or deleted elsewhere (another tab, or a liquidation): there is nothing to save it to.`
        : `This ${what} was changed elsewhere (another tab) since you opened it. <button type="button" class="secondary small" data-reload="${form}">Load the current figures</button>`;
    } else {
      delete el.dataset.stale;
      msg.textContent = '';
    }
  }
}

/** A deleted sub-account's alerts go with it, here as in the database (migration V5): off the list and the unread count. */
function pruneAlerts(snap) {
  const live = new Set(snap.subAccounts.map((s) => s.id));
  let gone = 0;
  for (const [id, a] of S.alerts) {
    if (a.subAccountId != null && !live.has(a.subAccountId)) {
      S.alerts.delete(id);
      const li = document.querySelector(`#alerts li[data-id="${id}"]`);
      if (li) li.remove();
      gone++;
    }
  }
  for (const sub of [...S.droppedUnread.keys()]) if (sub !== null && !live.has(sub)) { S.droppedUnread.delete(sub); gone++; }
  if (gone) renderUnread();
}

/** Keeps each select of sub-accounts, accounts and positions in step with the desk, keeping the choice. */
function fillSelects() {
  const keep = (id, html) => {
    const el = $(id);
    if (el.dataset.html === html) return;
    const v = el.value;
    el.innerHTML = html; el.dataset.html = html;
    if ([...el.options].some((o) => o.value === v)) el.value = v;
  };
  const subOpts = subs().map((s) => `<option value="${s.id}">${esc(s.name)}</option>`).join('');
  keep('pos-sub', subOpts);
  posVenue();
  keep('chk-account', '<option value="">this trade alone</option>' + subs().map((s) => `<option value="${s.id}">sub-account ${esc(s.name)}</option>`).join(''));
  keep('fund-position', '<option value="">— enter below —</option>' + allPositions().map(({ sub, p }) =>
    `<option value="${p.id}">${esc(sub.name)}: ${esc(p.symbol)} ${p.side} ${fmt(p.leverage, 0)}×</option>`).join(''));
  const accts = [...new Set(subs().map((s) => s.accountId))];
  if (accts.some((a) => !(a in S.accountNames)) && !S.namesLoading && S.namesLoaded) {
    S.namesLoading = true;
    api('GET', '/api/accounts').then((list) => { for (const a of list) S.accountNames[a.id] = a.name; S.namesLoading = false; fillSelects(); })
      .catch(() => { S.namesLoading = false; });
  }
  const acctOpts = accts.map((a) => `<option value="${a}">${esc(S.accountNames[a] || 'account ' + a)}</option>`).join('');
  keep('sub-account', acctOpts);
  // the venues GET /api/exchanges lists (as the plan and funding forms), then each sub-account's own venue
  keep('sim-venue', '<option value="">the desk\'s rules</option>'
    + EXCHANGES.map((v) => `<option value="${esc(v.id)}">${esc(v.name)} rules</option>`).join('')
    + subs().map((s) => `<option value="sub:${s.id}">sub-account ${esc(s.name)}</option>`).join(''));
  keep('pf-account', acctOpts);
}
S.accountNames = {};

// ---------------------------------------------------------------- alerts: unread count, title, sound, notification
/**
 * "Read up to alert N" is kept in localStorage with the id of the database N belongs to ({db, id}). Alert ids start at 1
 * again in a new database — the file deleted, serve pointed at another --db — and the marker of the old one would call
 * its first N alerts read; here a marker of another database (or of a page before database ids, which cannot say)
 * counts for nothing: an alert shown unread once too often is a nuisance, one shown read and never seen is a miss.
 */
const READ_KEY = 'perpguard.alertsRead';
function storedRead(db) {
  try {
    const m = JSON.parse(localStorage.getItem(READ_KEY) || 'null');
    return m && m.db === db && Number.isFinite(m.id) ? m.id : 0;
  } catch (e) { return 0; }
}
function saveRead() { localStorage.setItem(READ_KEY, JSON.stringify({ db: S.dbId, id: S.lastRead })); }
/**
 * The database the desk answers from (/api/desk, every tick, the stream's hello). The first tells which marker applies;
 * another one later — the desk came back on another database while the page was open — also drops the alerts the page
 * holds of the old one (their ids now name other alerts); the reconnection then fetches the new database's.
 */
function adoptDatabase(id) {
  if (!id || id === S.dbId) return;
  const was = S.dbId;
  S.dbId = id;
  S.lastRead = storedRead(id);
  if (was !== null) {
    S.alerts.clear();
    S.droppedUnread.clear();
    S.maxAlertId = 0;
    $('alerts').replaceChildren();
  }
  renderUnread();
}
function renderUnread() {
  let n = 0;
  for (const a of S.alerts.values()) if (a.id > S.lastRead) n++;
  for (const c of S.droppedUnread.values()) n += c;
  const title = (STREAM.down ? 'offline · ' : '') + (n ? `(${n}) ${TITLE}` : TITLE);
  if (document.title !== title) document.title = title;
  const u = $('sum-unread');
  u.textContent = `${n} unread alert${n === 1 ? '' : 's'}`;
  u.classList.toggle('has', n > 0);
  u.dataset.count = n;
  // the 300 items are walked only when the read marker moved: walked on every alert, a burst of 5,000 spent most of
  // the page's time here (10.5 of 16 s of script) and the page counted them a minute and more after they came
  if (S.listedRead !== S.lastRead) {
    for (const li of $('alerts').children) li.classList.toggle('unread', Number(li.dataset.id) > S.lastRead);
    S.listedRead = S.lastRead;
  }
}

/**
 * renderUnread once the alerts waiting as events have been added: a burst (each alert an event of its own) is counted
 * and titled once, not once per alert, while a page that keeps up still shows each at once.
 */
let unreadSoon = 0;
function renderUnreadSoon() {
  if (!unreadSoon) unreadSoon = setTimeout(() => { unreadSoon = 0; renderUnread(); }, 0);
}

function addAlert(a, fresh) {
  if (S.alerts.has(a.id)) return;   // de-duplicated by id (stream, fetch and a resumed stream overlap)
  const list = $('alerts');
  // full: one older than every alert kept was shown and let go (or never will be): not added, not counted again
  if (S.alerts.size >= MAX_ALERTS && list.lastChild && a.id < Number(list.lastChild.dataset.id)) return;
  S.alerts.set(a.id, a);
  if (a.id > S.maxAlertId) S.maxAlertId = a.id;
  const li = document.createElement('li');
  li.dataset.id = a.id; li.dataset.kind = a.kind; if (a.subAccountId != null) li.dataset.subId = a.subAccountId;
  if (fresh) li.classList.add('new');
  if (a.id > S.lastRead) li.classList.add('unread');
  li.innerHTML = `<span class="t">${when(a.markTimeMs)}</span><span class="k-${a.kind}">${a.kind.replace('_', ' ')}</span><span>${esc(a.message)}</span>`;
  const first = list.firstChild;
  if (!first || a.id > Number(first.dataset.id)) {
    list.prepend(li);   // the newest, as the stream brings them
  } else {
    const after = [...list.children].find((x) => Number(x.dataset.id) < a.id);
    list.insertBefore(li, after || null);
  }
  while (list.children.length > MAX_ALERTS) {
    const id = Number(list.lastChild.dataset.id), old = S.alerts.get(id);
    if (old && id > S.lastRead) {
      const k = old.subAccountId ?? null;
      S.droppedUnread.set(k, (S.droppedUnread.get(k) || 0) + 1);
    }
    S.alerts.delete(id);
    list.lastChild.remove();
  }
  if (fresh) { beep(a); notify(a); }
}

let audio;
function beep(a) {
  if (!$('opt-sound').checked) return;
  try {
    audio = audio || new AudioContext();
    const o = audio.createOscillator(), g = audio.createGain();
    o.frequency.value = a.kind === 'liquidation' ? 440 : 880;
    g.gain.value = 0.08;
    o.connect(g).connect(audio.destination);
    o.start(); o.stop(audio.currentTime + (a.kind === 'liquidation' ? 0.6 : 0.2));
  } catch (e) { /* no audio device */ }
}
function notify(a) {
  if ($('opt-notify').checked && 'Notification' in window && Notification.permission === 'granted') {
    new Notification(`perpguard: ${a.kind.replace('_', ' ')}`, { body: a.message, tag: 'perpguard-' + a.id });
  }
}

// ---------------------------------------------------------------- position and sub-account editors
/** The position form follows its sub-account's venue: COIN-M symbols in whole contracts, else the desk's in base units. */
function posVenue() {
  const s = subs().find((x) => x.id === Number($('pos-sub').value));
  const coinm = isCoinm(s);
  const el = $('pos-symbol');
  if (el.dataset.venue !== String(coinm)) {
    const v = EXCHANGES.find((x) => x.id === 'binance-coinm');
    const syms = coinm ? (v ? v.symbols.filter((x) => x.tiers !== false).map((x) => x.symbol) : []) : Object.keys(INST);
    const was = el.value;
    el.innerHTML = syms.map((x) => `<option>${esc(x)}</option>`).join('');
    if (syms.includes(was)) el.value = was;
    el.dataset.venue = String(coinm);
    prefillEntry('pos-symbol', 'pos-entry');
  }
  $('pos-qty-label').textContent = coinm ? 'Contracts (BTC 100 USD, others 10 USD each)' : 'Quantity';
}
/**
 * A position stays in its sub-account (the API refuses a move): while one is edited its sub-account is shown, not
 * offered; a new position chooses it.
 */
function posSubFixed(fixed) {
  $('pos-sub').disabled = fixed;
  $('pos-sub').title = fixed ? 'A position stays in its sub-account: to move it, close it there and add it to the other' : '';
}
function editPosition(id) {
  const found = allPositions().find(({ p }) => p.id === id);
  if (!found) return;
  const { sub, p } = found;
  $('pos-editor').open = true;
  $('pos-id').value = p.id; $('pos-sub').value = sub.id; posSubFixed(true); posVenue(); $('pos-symbol').value = p.symbol; $('pos-side').value = p.side;
  $('pos-mode').value = p.marginMode; $('pos-qty').value = p.contractType === 'inverse' ? p.contracts : p.qty; $('pos-entry').value = p.entryPrice; $('pos-leverage').value = p.leverage;
  $('pos-submit').textContent = 'Save changes';
  $('pos-form').dataset.loaded = posFields(p); delete $('pos-form').dataset.stale;
  $('pos-msg').className = 'msg';
  $('pos-msg').textContent = `Editing ${p.symbol} ${p.side} in ${sub.name}.`;
  $('pos-qty').focus();
}
function newPosition() {
  delete $('pos-form').dataset.loaded; delete $('pos-form').dataset.stale;
  $('pos-id').value = ''; $('pos-submit').textContent = 'Save position'; $('pos-msg').textContent = ''; posSubFixed(false);
  prefillEntry('pos-symbol', 'pos-entry', true);
}
async function savePosition(ev) {
  ev.preventDefault();
  const msg = $('pos-msg');
  if ($('pos-form').dataset.stale) { msg.dataset.refused = 'true'; return; }   // the stale message stays; nothing is sent
  try {
    const id = $('pos-id').value;
    const coinm = isCoinm(subs().find((x) => x.id === Number($('pos-sub').value)));
    const body = { subAccountId: Number($('pos-sub').value), symbol: $('pos-symbol').value, side: $('pos-side').value,
      marginMode: $('pos-mode').value, entryPrice: num('pos-entry'), leverage: num('pos-leverage') };
    body[coinm ? 'contracts' : 'qty'] = num('pos-qty');
    const r = await api(id ? 'PUT' : 'POST', id ? '/api/positions/' + id : '/api/positions', body);
    msg.className = 'msg pos'; msg.textContent = `Saved: ${r.symbol} ${r.side} ${r.contracts != null ? r.contracts + ' contracts' : r.qty} at ${r.entryPrice}, ${r.leverage}× ${r.marginMode}.`;
    $('pos-id').value = r.id; $('pos-submit').textContent = 'Save changes'; posSubFixed(true);
    // what this tab saved, as the desk will show it
    $('pos-form').dataset.loaded = posFields({ ...body, contractType: coinm ? 'inverse' : 'linear' }); delete $('pos-form').dataset.stale;
  } catch (e) {
    msg.className = 'msg neg'; msg.textContent = e.message;
  }
}
async function closePosition(id) {
  const found = allPositions().find(({ p }) => p.id === id);
  if (!found || !confirm(`Close ${found.p.symbol} ${found.p.side} at the mark ${px(found.p.symbol, found.p.markPrice)}? The PnL less the taker fee goes into the wallet.`)) return;
  try {
    const r = await api('POST', `/api/positions/${id}/close`, {});
    announce(`Closed ${r.symbol} ${r.side} at ${px(r.symbol, r.closePrice)}: ${subAmt(found.sub, r.realizedPnl, true)} ${curOf(found.sub)}.`);
  } catch (e) { announce(e.message); }
}
async function deletePosition(id) {
  const found = allPositions().find(({ p }) => p.id === id);
  if (!found || !confirm(`Delete ${found.p.symbol} ${found.p.side}? Use this for a position entered by mistake: nothing is booked.`)) return;
  try { await api('DELETE', '/api/positions/' + id); announce('Position deleted.'); } catch (e) { announce(e.message); }
}
function editSub(id) {
  const s = subs().find((x) => x.id === id);
  if (!s) return;
  $('sub-editor').open = true;
  $('sub-id').value = s.id; $('sub-account').value = s.accountId; $('sub-name').value = s.name; $('sub-wallet').value = s.walletBalance;
  // a sub-account's venue is fixed: shown, not editable
  $('sub-exchange').value = s.exchange || 'binance'; $('sub-exchange').disabled = true; $('sub-coin').value = s.currency || ''; subVenue();
  $('sub-submit').textContent = 'Save changes'; $('sub-msg').className = 'msg'; $('sub-msg').textContent = `Editing ${s.name}.`;
  $('sub-form').dataset.loaded = subFields(s); delete $('sub-form').dataset.stale;
  $('sub-name').focus();
}
async function saveSub(ev) {
  ev.preventDefault();
  const msg = $('sub-msg');
  if ($('sub-form').dataset.stale) { msg.dataset.refused = 'true'; return; }   // the stale message stays; nothing is sent
  try {
    const id = $('sub-id').value;
    const body = { name: $('sub-name').value.trim(), walletBalance: num('sub-wallet') };
    if (!id) { body.accountId = Number($('sub-account').value); body.exchange = $('sub-exchange').value; }
    if ($('sub-exchange').value === 'binance-coinm' && $('sub-coin').value) body.currency = $('sub-coin').value;
    const r = await api(id ? 'PUT' : 'POST', id ? '/api/subaccounts/' + id : '/api/subaccounts', body);
    msg.className = 'msg pos'; msg.textContent = `Saved sub-account ${r.name}: wallet ${r.walletBalance} ${r.exchange === 'binance-coinm'
      ? (r.currency ? r.currency + ' (Binance COIN-M)' : 'in its coin (Binance COIN-M)') : 'USDT'}.`;
    $('sub-exchange').disabled = true;
    $('sub-id').value = r.id; $('sub-submit').textContent = 'Save changes';
    $('sub-form').dataset.loaded = subFields(body); delete $('sub-form').dataset.stale;
  } catch (e) { msg.className = 'msg neg'; msg.textContent = e.message; }
}
/**
 * The sub-account form follows its venue: a COIN-M wallet is one coin, offered from the venue's coin-margined contracts
 * (POST /api/subaccounts {currency}); left unknown, its first position names it. The wallet is labelled in that coin.
 */
function subVenue() {
  const coinm = $('sub-exchange').value === 'binance-coinm';
  const sel = $('sub-coin');
  if (!sel.options.length) {
    const v = EXCHANGES.find((x) => x.id === 'binance-coinm');
    const coins = v ? [...new Set(v.symbols.filter((x) => x.contractType === 'inverse').map((x) => x.currency))] : [];
    sel.innerHTML = '<option value="">unknown until its first position</option>' + coins.map((c) => `<option value="${esc(c)}">${esc(c)}</option>`).join('');
  }
  $('sub-coin-label').hidden = !coinm;
  $('sub-currency').textContent = !coinm ? 'USDT' : sel.value || 'coin';
}
async function deleteSub(id) {
  const s = subs().find((x) => x.id === id);
  if (!s || !confirm(`Delete sub-account ${s.name} with its ${s.positions.length} position(s)?`)) return;
  try { await api('DELETE', '/api/subaccounts/' + id); announce(`Sub-account ${s.name} deleted.`); } catch (e) { announce(e.message); }
}
function announce(text) { $('pos-msg').textContent = text; $('pos-editor').open = true; }

/** The checklist follows the market: entry at the mark, the recorded funding rate of the symbol (else unknown). */
function prefillPlan() {
  const sym = $('chk-symbol').value;
  prefillEntry('chk-symbol', 'chk-entry', true);
  const rate = ((S.snap && S.snap.fundingRates) || {})[sym];
  $('chk-funding').value = rate === undefined ? '' : String(+(rate * 100).toFixed(6));
  $('chk-market').textContent = `From the market at ${S.snap ? when(S.snap.timeMs) : '–'}: entry at the mark ${px(sym, marks()[sym])}; `
    + (rate === undefined ? `funding of ${sym} unknown here (none recorded)` : `funding ${fmt(rate * 100, 4)} % per interval (last recorded ${sym} rate)`)
    + `; open-interest change unknown (no open-interest record beside the ${S.snap && S.snap.source === 'live' ? 'live marks' : 'replay'}).`;
}

/** Puts the current mark (at tick precision) into an entry field when the symbol changes or the field is empty. */
function prefillEntry(symbolId, entryId, force) {
  const sym = $(symbolId).value;
  const m = markOf(sym);
  if (m !== undefined && (force || $(entryId).value === '' || $(entryId).dataset.auto === 'true')) {
    $(entryId).value = Number(m).toFixed(pxDec(sym));
    $(entryId).dataset.auto = 'true';
  }
}

// ---------------------------------------------------------------- venue pickers (plan, funding)
/** The symbols a form offers: the desk's own (no exchange chosen), else the chosen venue's as GET /api/exchanges lists them. */
function venueSymbols(form) {
  const ex = $(form + '-exchange').value;
  const v = EXCHANGES.find((x) => x.id === ex);
  return v ? v.symbols.map((s) => s.symbol) : Object.keys(INST);
}
/** The form's contract: its settlement currency (what its equity, notional and answers are counted in) and type. */
function formContract(form) {
  const sym = $(form + '-symbol').value, v = EXCHANGES.find((x) => x.id === $(form + '-exchange').value);
  const s = v && v.symbols.find((x) => x.symbol === sym);
  if (s) return { currency: s.currency, inverse: s.contractType === 'inverse' };
  const c = INST[sym] ? INST[sym].contract : {};
  return { currency: c.settlementCurrency || 'USDT', inverse: String(c.type).toLowerCase() === 'inverse' };
}
/** The venue fields of a form's request, as the APIs take them: exchange (when one is chosen) and a one-tier mmr. */
function venueOf(form) {
  const out = {}, ex = $(form + '-exchange').value, mmr = parseNum($(form + '-mmr').value, 'Maintenance rate %');
  if (ex) out.exchange = ex;
  if (mmr !== null) out.mmr = mmr / 100;
  return out;
}
function fillVenueSymbols(form) {
  const el = $(form + '-symbol'), v = el.value;
  el.innerHTML = venueSymbols(form).map((s) => `<option>${esc(s)}</option>`).join('');
  if ([...el.options].some((o) => o.value === v)) el.value = v;
  showCurrency(form);
}
const showCurrency = (form) => { $(form + '-currency').textContent = formContract(form).currency; };

// ---------------------------------------------------------------- size and checklist (one plan, two answers)
const SIZE_ROWS = [['qty', 'quantity', (r) => r.contractType === 'inverse' ? `${fmt(r.contracts, 0)} contracts (${fmt(r.qty, 0)} USD face)` : qty(r.symbol, r.qty)],
  ['notional', 'notional', (r) => money(r.notional, r.currency)],
  ['margin', 'margin', (r) => money(r.margin, r.currency)], ['lossAtStop', 'loss at the stop (fees and slippage)', (r) => money(r.lossAtStop, r.currency)],
  ['riskUsedPct', 'share of the risk budget used', (r) => fmt(r.riskUsedPct, 1) + ' %'],
  ['liquidationPrice', 'liquidation price', (r) => px(r.symbol, r.liquidationPrice)],
  ['maxSafeLeverage', 'highest leverage keeping liquidation beyond the stop', (r) => fmt(r.maxSafeLeverage, 1) + '×']];

function plan() {
  const stop = num('chk-stop');
  const p = { symbol: $('chk-symbol').value, side: $('chk-side').value, thesis: $('chk-thesis').value, entryPrice: num('chk-entry'),
    stop, stopMethod: stop === null ? 'none' : $('chk-stopMethod').value,
    targets: $('chk-targets').value.split(/[;\s]+/).filter((s) => s).map((t) => parseNum(t, 'Targets')),
    leverage: num('chk-leverage'), equity: num('chk-equity') };
  p[$('chk-sizeBy').value] = num('chk-size');
  const f = num('chk-funding'); if (f !== null) p.fundingRate = f / 100;
  const oi = num('chk-oi'); if (oi !== null) p.openInterestChangePct = oi;
  return p;
}

async function check(ev) {
  if (ev) ev.preventDefault();
  $('chk-error').textContent = '';
  const v = $('chk-verdict');
  const clear = () => { v.textContent = ''; v.className = 'verdict'; delete v.dataset.verdict; $('chk-rules').innerHTML = ''; $('size-result').innerHTML = ''; };
  let p;
  try { p = plan(); } catch (e) { clear(); $('chk-error').textContent = e.message; return; }
  const account = $('chk-account').value, benchmark = $('chk-benchmark').value.trim();
  let venue;
  try { venue = venueOf('chk'); } catch (e) { clear(); $('chk-error').textContent = e.message; return; }
  const body = account || benchmark || Object.keys(venue).length ? { plan: p, ...venue } : p;
  if (account) body.subAccountId = Number(account);
  if (benchmark) body.benchmark = benchmark;   // the exposure rule's betas are to it (BTCUSDT when empty)
  try {
    const r = await api('POST', '/api/check', body);
    v.className = 'verdict v-' + r.verdict; v.dataset.verdict = r.verdict;
    v.textContent = r.verdict + (r.verdict === 'fail' ? ' — do not take this trade as planned' : r.verdict === 'warn' ? ' — read the warnings' : ' — plan holds');
    $('chk-rules').innerHTML = r.rules.map((x) => `<tr data-rule-id="${x.id}" data-verdict="${x.verdict}">
      <td class="badge-cell v-${x.verdict}">${x.verdict}</td><td class="rid">${x.id}</td><td>${esc(x.message)}</td></tr>`).join('');
    v.dataset.qty = r.sized ? r.sized.qty : '';
  } catch (e) { clear(); $('chk-error').textContent = e.message; return; }
  const sz = $('size-result');
  if (p.riskPct !== undefined && p.stop !== null) {
    try {
      const r = await api('POST', '/api/size', { symbol: p.symbol, side: p.side, equity: p.equity, riskPct: p.riskPct, entryPrice: p.entryPrice, stop: p.stop,
        leverage: p.leverage, ...venue });
      sz.innerHTML = SIZE_ROWS.map(([k, label, f]) => `<tr><td>${label}</td><td id="size-out-${k}" data-value="${r[k]}">${f(r)}</td></tr>`).join('')
        + (r.warnings || []).map((w) => `<tr><td colspan="2" class="v-warn">${esc(w)}</td></tr>`).join('');
    } catch (e) { sz.innerHTML = `<tr><td class="neg">${esc(e.message)}</td></tr>`; }
  } else {
    sz.innerHTML = '<tr><td class="muted">Size by risk % with a stop to size the trade.</td></tr>';
  }
}

// ---------------------------------------------------------------- calculator and leverage ladder
const CALC_ROWS = [
  ['liquidationPrice', 'liquidation price', 'px'], ['bankruptcyPrice', 'bankruptcy price', 'px'],
  ['distanceToLiquidationPct', 'market move to liquidation', 'pct'], ['notional', 'notional', 2],
  ['initialMargin', 'initial margin', 2], ['maintenanceMargin', 'maintenance margin', 2],
  ['maintenanceMarginRate', 'maintenance margin rate (tier)', 'rate'], ['tier', 'tier', 0], ['maxLeverage', 'max leverage of the tier', 0],
  ['marginRatio', 'margin ratio', 'ratio'], ['unrealizedPnl', 'unrealized PnL', 2], ['lossIfLiquidated', 'loss if liquidated', 2],
  ['openingFee', 'opening fee', 2],
];
/**
 * A hedge leg's loss if liquidated is its share of the one loss its symbol's legs cost the cross wallet at their shared
 * level (docs/venues.md): the winning leg's is negative, its gain there offsetting the other leg's loss — said beside it.
 */
const LEG_SHARE_NOTE = 'a winning hedge leg’s share: its gain at the legs’ one level offsets the other leg’s loss; the legs add up to the wallet’s one loss';
function calcCell(r, sym, k, d) {
  const v = r[k];
  if (k === 'distanceToLiquidationPct' && r.liquidated) return 'liquidated: the mark is already past the liquidation price';
  if (k === 'lossIfLiquidated' && v !== null && v < 0) return `${fmt(v, d)} <span class="muted leg-share-note">(${LEG_SHARE_NOTE})</span>`;
  if (d === 'px') return px(sym, v);
  if (d === 'pct') return v === null ? '–' : signed(v, 2) + ' %';
  if (d === 'rate') return v === null ? '–' : fmt(v * 100, 2) + ' %';
  if (d === 'ratio') return pct(v, 2);
  return fmt(v, d);
}

/** The calculator's wallet is cross margin's: off while the mode is isolated (its value kept for cross). */
function calcMode() {
  $('calc-wallet').disabled = $('calc-mode').value !== 'cross';
}

async function calc(ev) {
  if (ev) ev.preventDefault();
  $('calc-error').textContent = '';
  const clear = () => { $('calc-result').innerHTML = ''; $('ladder-table').innerHTML = ''; $('ladder-text').textContent = ''; if (S.charts.ladder) S.charts.ladder.clear(); };
  let body;
  try {
    body = { symbol: $('calc-symbol').value, side: $('calc-side').value, entryPrice: num('calc-entry'), qty: num('calc-qty'),
      leverage: num('calc-leverage'), marginMode: $('calc-mode').value };
    // the wallet goes with cross margin only: the API refuses it beside an isolated position (calcMode)
    if (body.marginMode === 'cross') { const w = num('calc-wallet'); if (w !== null) body.walletBalance = w; }
    const m = num('calc-mark'); if (m !== null) body.markPrice = m;
  } catch (e) { clear(); $('calc-error').textContent = e.message; return; }
  try {
    const r = await api('POST', '/api/calc', body);
    $('calc-result').innerHTML = CALC_ROWS.map(([k, label, d]) =>
      `<tr><td>${label}</td><td id="calc-out-${k}" data-value="${r[k] === null ? '' : r[k]}">${calcCell(r, body.symbol, k, d)}</td></tr>`).join('');
    const q = body.qty;
    // sizes the venue accepts (tiers refuses others, as calc does): whole steps, at least the minimum quantity and notional
    const c = INST[body.symbol] ? INST[body.symbol].contract : null;
    const sizes = [...new Set([0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64].map((m) => (c
      ? +(Math.floor(q * m / c.stepSize + 1e-9) * c.stepSize).toFixed(qtyDec(body.symbol)) : +(q * m).toPrecision(6))))]
      .filter((x) => x === q || !c || (x >= c.minQty && x * body.entryPrice >= c.minNotional));
    const t = await api('POST', '/api/tiers', { symbol: body.symbol, side: body.side, entryPrice: body.entryPrice, sizes, leverage: body.leverage });
    S.lastLadder = [t, body.leverage];
    drawLadder(t, body.leverage);
  } catch (e) { clear(); $('calc-error').textContent = e.message; }
}

function chart(key, el) {
  if (!S.charts[key]) S.charts[key] = echarts.init(el);
  return S.charts[key];
}
const axisText = () => ({ color: css('--muted'), fontSize: 10 });

/**
 * A chart's title wrapped to the chart's own width (at 390 px a one-line title was cut off at the edge), and where the
 * legend and the plot start below its lines.
 */
function chartTitle(el, text) {
  const w = Math.max(120, (el.clientWidth || 352) - 12);
  const lines = Math.max(1, Math.ceil(text.length * 6.4 / w));   // ~6.4 px a character at 12 px
  return { title: { text, textStyle: { color: css('--text'), fontSize: 12, fontWeight: 500, width: w, overflow: 'break', lineHeight: 16 } },
    below: 6 + lines * 16 };
}

function drawLadder(t, lev) {
  const c = chart('ladder', $('ladder-chart'));
  const x = t.ladder.map((r) => fmt(r.notional, 0));
  const tt = chartTitle($('ladder-chart'), `Leverage compression: ${t.symbol} ${t.side} at ${px(t.symbol, t.entryPrice)}, ${lev}× (capped at each tier's maximum)`);
  c.setOption({
    animation: false, backgroundColor: 'transparent', aria: { enabled: false },
    title: tt.title,
    tooltip: { trigger: 'axis' },
    legend: { top: tt.below, left: 'center', textStyle: { color: css('--muted') } },
    grid: { left: 44, right: 44, top: tt.below + 30, bottom: 40 },
    xAxis: { type: 'category', data: x, name: 'notional (USDT)', nameLocation: 'middle', nameGap: 26, axisLabel: axisText(), nameTextStyle: axisText() },
    yAxis: [
      { type: 'value', axisLabel: { ...axisText(), formatter: '{value}×' }, splitLine: { lineStyle: { color: css('--chart-line') } } },
      { type: 'value', axisLabel: { ...axisText(), formatter: '{value} %' }, splitLine: { show: false } },
    ],
    series: [
      { name: 'tier max leverage', type: 'bar', data: t.ladder.map((r) => r.maxLeverage), itemStyle: { color: css('--accent') },
        markLine: lev ? { symbol: 'none', data: [{ yAxis: lev, name: 'your leverage' }], lineStyle: { color: css('--warn') }, label: { color: css('--warn'), formatter: lev + '×' } } : undefined },
      { name: 'entry → liquidation %', type: 'line', yAxisIndex: 1, data: t.ladder.map((r) => +Math.abs(r.distanceToLiquidationPct).toFixed(3)), itemStyle: { color: css('--fail') } },
    ],
  }, true);
  const first = t.ladder[0], last = t.ladder[t.ladder.length - 1];
  $('ladder-text').textContent = `${tt.title.text}. From ${fmt(first.notional, 0)} to ${fmt(last.notional, 0)} USDT notional the tier's maximum leverage goes from `
    + `${fmt(first.maxLeverage, 0)}× to ${fmt(last.maxLeverage, 0)}× and the distance from entry to liquidation from ${fmt(Math.abs(first.distanceToLiquidationPct), 2)} % to ${fmt(last.distanceToLiquidationPct, 2)} %.`;
  $('ladder-table').innerHTML = '<tr><th>notional</th><th>tier max leverage</th><th>entry → liquidation</th></tr>'
    + t.ladder.map((r) => `<tr><td>${fmt(r.notional, 0)}</td><td>${fmt(r.maxLeverage, 0)}×</td><td>${fmt(Math.abs(r.distanceToLiquidationPct), 2)} %</td></tr>`).join('');
}
redraws.push(() => S.lastLadder && drawLadder(...S.lastLadder));

// ---------------------------------------------------------------- funding drift
function fundingFromPosition() {
  const id = Number($('fund-position').value);
  const found = allPositions().find(({ p }) => p.id === id);
  if (!found) return;
  const p = found.p, ex = found.sub && found.sub.exchange;
  // priced by its sub-account's venue: a COIN-M position (hand-entered or a live coin wallet) pays funding in its coin
  $('fund-exchange').value = ex && ex !== 'binance' && EXCHANGES.some((v) => v.id === ex) ? ex : ''; fillVenueSymbols('fund');
  $('fund-symbol').value = p.symbol; $('fund-side').value = p.side; showCurrency('fund');
  $('fund-notional').value = fmt(p.notional, 2).replace(/,/g, '');
  $('fund-leverage').value = p.leverage;
  $('fund-mark').value = Number(p.markPrice).toFixed(pxDec(p.symbol));
  fundingDrift();
}

async function fundingDrift(ev) {
  if (ev) ev.preventDefault();
  $('fund-error').textContent = '';
  const clear = () => { $('fund-summary').textContent = ''; if (S.charts.funding) S.charts.funding.clear(); };
  let body;
  try {
    const symbol = $('fund-symbol').value;
    const rate = num('fund-rate');
    body = { symbol, side: $('fund-side').value, leverage: num('fund-leverage'), fundingRate: rate === null ? null : rate / 100, ...venueOf('fund') };
    // a coin-margined position's size is its coin notional at the mark (the API's qty in coin), a linear one's its notional
    body[formContract('fund').inverse ? 'qty' : 'notional'] = num('fund-notional');
    const mark = num('fund-mark') !== null ? num('fund-mark') : marks()[symbol];
    if (mark) body.markPrice = mark;
  } catch (e) { clear(); $('fund-error').textContent = e.message; return; }
  try {
    const r = await api('POST', '/api/funding', body);
    const n = r.intervalsToLiquidation;
    const pay = r.paymentPerInterval;
    const payText = pay > 0 ? `pays <b id="fund-pay" data-value="${pay}">${money(pay, r.currency)}</b>` : pay < 0
      ? `receives <b id="fund-pay" data-value="${pay}">${money(-pay, r.currency)}</b>` : 'neither pays nor receives';
    const sym = r.symbol;
    $('fund-summary').innerHTML = `${esc(sym)} ${r.side} ${payText} per ${r.intervalHours} h (${fmt(Math.abs(r.annualizedPctOfMargin), 1)} % of margin a year) · `
      + (n === null ? '<b>funding alone never liquidates it</b>'
        : `funding alone liquidates it after <b id="fund-intervals" data-value="${n}">${n}</b> payments (<b>${fmt(r.daysToLiquidation, 1)}</b> days)`)
      + ` · liquidation <b>${px(sym, r.liquidationPriceStart)}</b> → <b id="fund-liq-end">${px(sym, r.drift.length ? r.drift[r.drift.length - 1].liquidationPrice : r.liquidationPriceStart)}</b>`;
    S.lastFunding = r;
    drawFunding(r);
  } catch (e) { clear(); $('fund-error').textContent = e.message; }
}

function drawFunding(r) {
  const c = chart('funding', $('funding-chart'));
  const rows = [{ interval: 0, margin: r.margin, liquidationPrice: r.liquidationPriceStart }, ...r.drift];
  const tt = chartTitle($('funding-chart'), `${r.symbol} ${r.side} ${fmt(r.notional, 0)} at ${r.leverage}×, funding ${fmt(r.fundingRate * 100, 3)} % per ${r.intervalHours} h`);
  c.setOption({
    animation: false, backgroundColor: 'transparent', aria: { enabled: false },
    title: tt.title,
    tooltip: { trigger: 'axis' },
    legend: { top: tt.below, left: 'center', textStyle: { color: css('--muted') } },
    grid: { left: 60, right: 64, top: tt.below + 34, bottom: 40 },
    xAxis: { type: 'category', data: rows.map((x) => x.interval), name: 'after funding payment', nameLocation: 'middle', nameGap: 26, axisLabel: axisText(), nameTextStyle: axisText() },
    yAxis: [
      { type: 'value', scale: true, axisLabel: axisText(), splitLine: { lineStyle: { color: css('--chart-line') } } },
      { type: 'value', scale: true, axisLabel: axisText(), splitLine: { show: false } },
    ],
    series: [
      { name: `isolated margin (${r.currency})`, type: 'line', data: rows.map((x) => +x.margin.toFixed(/USD/.test(r.currency) ? 2 : 8)), itemStyle: { color: css('--accent') }, showSymbol: rows.length < 60 },
      { name: 'liquidation price', type: 'line', yAxisIndex: 1, data: rows.map((x) => +x.liquidationPrice.toFixed(pxDec(r.symbol))), itemStyle: { color: css('--fail') },
        showSymbol: rows.length < 60, markLine: { symbol: 'none', data: [{ yAxis: r.markPrice, name: 'mark' }], lineStyle: { color: css('--warn') }, label: { color: css('--warn'), formatter: 'mark', position: 'insideEndTop' } } },
    ],
  }, true);
}
redraws.push(() => S.lastFunding && drawFunding(S.lastFunding));

// ---------------------------------------------------------------- Monte Carlo survival
/** The survival form's symbols: the chosen venue's as GET /api/exchanges lists them, else the desk's own. */
function fillSimSymbols() {
  const el = $('sim-symbol'), keepSym = el.value, v = EXCHANGES.find((x) => x.id === $('sim-venue').value);
  const syms = v ? v.symbols.map((s) => s.symbol) : Object.keys(INST);
  el.innerHTML = syms.map((s) => `<option>${esc(s)}</option>`).join('');
  if (syms.includes(keepSym)) el.value = keepSym;
}
/** A refusal for want of a tier table (a coin-margined contract none ships for) is answered by one tier: say where to enter it. */
function simHint(message) {
  const needsTier = /tier table/.test(message);
  $('sim-mmr').classList.toggle('need', needsTier);
  $('sim-hint').textContent = needsTier ? `No tier table prices ${$('sim-symbol').value} here: enter its maintenance rate in `
    + `"Maintenance rate % (one tier)" (0.5 for 0.5 %, from the venue's contract page) and simulate again.` : '';
  if (needsTier) $('sim-mmr').focus({ preventScroll: true });   // the form is where the user is: no jump
}
/**
 * A text naming a stretch of time ("… 2025-10-06T00:00:00Z..2025-10-19T23:00:00Z"), escaped, its instants written as a
 * trader reads them and never split across lines: "2025-10-06 00:00 to 2025-10-19 23:00 UTC" (at 390 px the range
 * broke inside the first date).
 */
function whenRange(text) {
  const iso = /(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(?::\d\d(?:\.\d+)?)?Z/g;
  const utc = iso.test(text);
  return esc(text).replace(/(\S+?Z)\.\.(\S+?Z)/g, '$1 to $2')
    .replace(iso, (m, d, t) => `<span class="when">${d} ${t}</span>`) + (utc ? ' UTC' : '');
}

async function survival(ev) {
  if (ev) ev.preventDefault();
  $('sim-error').textContent = ''; $('sim-warnings').innerHTML = ''; simHint('');
  $('sim-summary').textContent = 'simulating…';
  try {
    const body = { symbol: $('sim-symbol').value, paths: num('sim-paths'), horizonDays: num('sim-days') };
    // priced by a venue's rules (one tier of mmr where it has no table), or by a sub-account's own venue (as the portfolio prices it)
    const venue = $('sim-venue').value, mmr = parseNum($('sim-mmr').value, 'Maintenance rate %');
    if (venue.startsWith('sub:')) body.subAccountId = Number(venue.slice(4));
    else if (venue) body.exchange = venue;
    if (mmr !== null) body.mmr = mmr / 100;
    const r = await api('POST', '/api/survival', body);
    const days = (x) => x === null ? 'under half ruined' : fmt(x, 1) + ' days';
    const ci = (i) => `95 %: ${share(i.low, 1)} to ${share(i.high, 1)}`;
    $('sim-summary').innerHTML = `Survival at day ${r.horizonDays}: A <b id="sim-a" data-value="${r.a.survivalAtHorizon}">${share(r.a.survivalAtHorizon, 1)}</b>`
      + ` (${ci(r.a.survivalInterval95)}; median ruin ${days(r.a.medianDaysToRuin)}), B <b id="sim-b" data-value="${r.b.survivalAtHorizon}">${share(r.b.survivalAtHorizon, 1)}</b>`
      + ` (${ci(r.b.survivalInterval95)}; median ruin ${days(r.b.medianDaysToRuin)}) · ${r.paths} paths on <span id="sim-candles">${whenRange(r.candles)}</span> · <span id="sim-venue-used">${esc(r.venue)}</span> rules`;
    $('sim-warnings').innerHTML = (r.warnings || []).map((w) => `<li>${esc(w)}</li>`).join('');
    S.lastSurvival = r;
    drawSurvival(r);
  } catch (e) {
    $('sim-summary').textContent = '';
    if (S.charts.survival) S.charts.survival.clear();
    $('sim-error').textContent = e.message;
    simHint(e.message);
  }
}

function drawSurvival(r) {
  const c = chart('survival', $('survival-chart'));
  const x = [0, ...r.a.survivalByDay.map((_, i) => i + 1)];
  const curve = (p) => [100, ...p.survivalByDay.map((v) => +(v * 100).toFixed(2))];
  const tt = chartTitle($('survival-chart'), `Share of ${r.paths} paths neither liquidated nor below 10 % of equity (${r.symbol})`);
  c.setOption({
    animation: false, backgroundColor: 'transparent', aria: { enabled: false },
    title: tt.title,
    tooltip: { trigger: 'axis', valueFormatter: (v) => v + ' %' },
    legend: { top: tt.below, left: 'center', textStyle: { color: css('--muted') } },
    grid: { left: 48, right: 20, top: tt.below + 34, bottom: 40 },
    xAxis: { type: 'category', data: x, name: 'day', nameLocation: 'middle', nameGap: 26, axisLabel: axisText(), nameTextStyle: axisText() },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { ...axisText(), formatter: '{value} %' }, splitLine: { lineStyle: { color: css('--chart-line') } } },
    series: [
      { name: 'A: all-in 50×, no stop', type: 'line', step: 'end', showSymbol: false, data: curve(r.a), itemStyle: { color: css('--fail') } },
      { name: 'B: 2 % risk, stop, 10×', type: 'line', step: 'end', showSymbol: false, data: curve(r.b), itemStyle: { color: css('--pass') } },
    ],
  }, true);
}
redraws.push(() => S.lastSurvival && drawSurvival(S.lastSurvival));

// ---------------------------------------------------------------- portfolio of a desk account
/**
 * When a result priced at the desk's marks was computed: the mark time it used, and once the marks have moved on, that
 * it is no longer current (the figures stay until the trader runs it again).
 */
function asOf() {
  return S.snap ? `Priced at the marks of <span class="when">${new Date(S.snap.timeMs).toISOString().slice(0, 16).replace('T', ' ')} UTC</span>` : '';
}
/** Marks a result priced at earlier marks as such (called on every tick). */
function markStale(id) {
  const el = $(id);
  if (!el || !S.snap || !el.dataset.ms) return;
  const moved = Number(el.dataset.ms) !== S.snap.timeMs;
  el.classList.toggle('stale-result', moved);
  const tail = el.querySelector('.moved');
  if (moved && !tail) el.insertAdjacentHTML('beforeend', '<span class="moved"> — the marks have moved since: run it again for current figures</span>');
  if (!moved && tail) tail.remove();
}

/** The latest portfolio run: an earlier one answering late (the one started on load, then Analyse pressed) writes
 *  nothing — it redrew the table with the earlier account or benchmark. data-done counts the runs answered. */
let portfolioRun = 0, portfolioDone = 0;
async function portfolio(ev) {
  if (ev) ev.preventDefault();
  const run = ++portfolioRun;
  $('pf-error').textContent = '';
  const out = $('pf-result');
  try {
    const shocks = $('pf-shocks').value.split(/[;\s]+/).filter((s) => s).map((s) => parseNum(s, 'Shocks'));
    const benchmark = $('pf-benchmark').value.trim();
    const r = await api('POST', '/api/portfolio', benchmark ? { accountId: Number($('pf-account').value), shocks, benchmark }
      : { accountId: Number($('pf-account').value), shocks });
    if (run !== portfolioRun) return;
    const ex = r.exposure || {};
    const v = r.var || {};
    // every figure of the account as a whole is in USD: a coin wallet counted at its coin's mark, USDT at par (they
    // were labelled USDT); each sub-account's wallet stays in its own currency (a COIN-M one's in its coin)
    const usd = (x) => fmt(x, 2) + '\u00a0USD';
    const rows = [
      ['pf-net', 'net delta', usd(r.netDeltaUsd), r.netDeltaUsd],
      ['pf-beta', 'beta-weighted delta (to ' + esc(r.benchmark) + ')', usd(r.betaWeightedDeltaUsd), r.betaWeightedDeltaUsd],
      ['pf-gross', 'gross leverage', fmt(r.grossLeverage, 2) + '×', r.grossLeverage],
      ['pf-sstar', 'market move that liquidates something first (s*)', r.liquidationShockPct === null ? 'none' : signed(r.liquidationShockPct, 2) + ' %', r.liquidationShockPct],
      ['pf-var99', 'historical VaR 99 % (1 day)', v.historical99 === null || v.historical99 === undefined ? 'needs --returns' : usd(v.historical99), v.historical99],
      ['pf-es99', 'expected shortfall 99 %', v.es99 === null || v.es99 === undefined ? '–' : usd(v.es99), v.es99],
      ['pf-equity', 'equity', usd(ex.equity), ex.equity],
    ];
    let html = `<p class="muted note" id="pf-asof" data-ms="${S.snap ? S.snap.timeMs : ''}">${asOf()}</p>`
      + `<table class="kv nums">${rows.map(([id, l, t, val]) => `<tr><td>${l}</td><td id="${id}" data-value="${val}">${t}</td></tr>`).join('')}</table>`;
    if (r.subAccounts && r.subAccounts.length) {
      html += '<div class="scroll" tabindex="0" role="region" aria-label="Sub-accounts of the portfolio"><table class="kv nums pf-subs"><tr><th>sub-account</th><th>wallet</th><th>equity (USD)</th></tr>'
        + r.subAccounts.map((x) => `<tr data-sub="${esc(x.name)}"><td>${esc(x.name)}</td><td class="pf-wallet">${money(x.walletBalance, x.currency || 'USDT')}</td>`
          + `<td class="pf-equity-usd" data-value="${x.equityUsd}">${fmt(x.equityUsd, 2)}</td></tr>`).join('')
        + '</table></div>';
    }
    if (r.scenarios && r.scenarios.length) {
      html += '<h3>Stress days</h3><div class="scroll" tabindex="0" role="region" aria-label="Stress days"><table class="kv"><tr><th>scenario</th><th>PnL (USD)</th><th>liquidated</th></tr>'
        + r.scenarios.map((s) => `<tr><td>${esc(s.name)}</td><td class="${s.totalPnl >= 0 ? 'pos' : 'neg'}">${signed(s.totalPnl, 2)}</td><td>${s.liquidated ? '<b class="neg">yes</b>' : 'no'}</td></tr>`).join('')
        + '</table></div>';
    }
    const h = r.hedge;
    if (h && h.symbol) {
      // the hedge contract's notional, in what it settles in (USDT for BTCUSDT)
      const hc = INST[h.symbol] ? INST[h.symbol].contract.settlementCurrency : VSYM[h.symbol] && VSYM[h.symbol].contractType === 'linear' ? VSYM[h.symbol].currency : 'USD';
      html += `<h3>Hedge</h3><p class="summary">${esc(h.side)} ${fmt(h.qty, 3)} ${esc(h.symbol)} (<span id="pf-hedge-notional">${money(h.notional, hc)}</span>) in ${esc(h.subAccount || '')} neutralises the ${esc(h.neutralises)}; `
        + `s* after: ${h.placeable === false ? 'cannot be placed (see warnings)' : h.liquidationShockPctAfter === null ? 'none' : signed(h.liquidationShockPctAfter, 2) + ' %'}.</p>`;
    }
    if (r.warnings && r.warnings.length) html += `<ul class="warnings">${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`;
    out.innerHTML = html;
  } catch (e) { if (run === portfolioRun) { out.innerHTML = ''; $('pf-error').textContent = e.message; } }
  finally { out.dataset.done = String(++portfolioDone); }
}

// ---------------------------------------------------------------- liquidation cascades
async function cascadeList() {
  const r = await api('GET', '/api/cascade');
  $('cas-scenario').innerHTML = r.scenarios.map((s) => `<option value="${esc(s.name)}">${esc(s.name)}: ${esc(s.description)}</option>`).join('');
}
const musd = (v) => fmt(v / 1e6, 1) + '\u00a0M\u00a0USD';   // a figure never split from its unit
/** The latest run: an earlier one answering late (the one started on load, then Run pressed) writes nothing.
 *  data-done on the result counts the runs answered, written or not. */
let cascadeRun = 0, cascadeDone = 0;
async function cascade(ev) {
  if (ev) ev.preventDefault();
  const run = ++cascadeRun, scenario = $('cas-scenario').value, core = $('cas-core').value;
  $('cas-error').textContent = '';
  const out = $('cas-result');
  delete out.dataset.scenario; delete out.dataset.core;
  out.innerHTML = `<p class="muted">running ${esc(scenario)} (${esc(core)} core)…</p>`;
  try {
    const r = await api('POST', '/api/cascade', { scenario, core });
    if (run !== cascadeRun) return;
    const inside = r.bands.filter((b) => b.inside).length;
    out.dataset.scenario = scenario; out.dataset.core = core;
    out.innerHTML = `<table class="kv">
      <tr><td>drawdown</td><td id="cas-drawdown" data-value="${r.drawdownPct}">${fmt(r.drawdownPct, 2)} % in ${fmt(r.timeToTroughMinutes, 0)} min</td></tr>
      <tr><td>liquidated long / short</td><td>${musd(r.longLiquidatedUsd)} / ${musd(r.shortLiquidatedUsd)}</td></tr>
      <tr><td>open interest before / after</td><td>${musd(r.oiBeforeUsd)} / ${musd(r.oiAfterUsd)}</td></tr>
      <tr><td>amplification (cascade ÷ initial shock)</td><td id="cas-amplification" data-value="${r.amplification}">${fmt(r.amplification, 2)}</td></tr>
      <tr><td>bad debt</td><td>${musd(r.badDebtUsd)}</td></tr></table>
      <h3>Observed bands: <span id="cas-inside" data-value="${inside}">${inside}</span> of ${r.bands.length} inside</h3>
      <div class="scroll" tabindex="0" role="region" aria-label="Cascade bands"><table class="kv nums bands"><tr><th>band</th><th>result</th><th>model</th><th>band</th></tr>
      ${r.bands.map((b) => `<tr data-band-id="${esc(b.id)}" data-inside="${b.inside}"><td>${esc(b.description || b.id)}</td>`
        + `<td class="${b.inside ? 'pos' : 'neg'}">${b.inside ? 'inside' : 'outside'}</td><td>${fmt(b.value, 2)}</td><td>${fmt(b.low, 2)} to ${fmt(b.high, 2)}</td></tr>`).join('')}
      </table></div>`;
  } catch (e) { if (run === cascadeRun) { out.innerHTML = ''; $('cas-error').textContent = e.message; } }
  finally { out.dataset.done = String(++cascadeDone); }
}

// ---------------------------------------------------------------- journal and Kelly
async function journal() {
  const j = await api('GET', '/api/journal');
  const t = $('jr-trades');
  // net PnL right after the side: on a phone the table scrolls sideways and its figure that matters stays in view
  t.innerHTML = j.trades.length ? '<tr><th>closed</th><th>symbol</th><th>side</th><th>net PnL</th><th>qty</th><th>entry</th><th>exit</th></tr>'
    + j.trades.slice(-50).reverse().map((x) => `<tr data-trade-id="${x.id}"><td>${esc(x.closeTime.slice(0, 16).replace('T', ' '))}</td><td>${esc(x.symbol)}</td>`
      + `<td class="side-${x.side}">${x.side}</td><td class="pnl ${x.netPnl >= 0 ? 'pos' : 'neg'}">${signed(x.netPnl, 2)}</td>`
      + `<td>${qty(x.symbol, x.qty)}</td><td>${px(x.symbol, x.entryPrice)}</td><td>${px(x.symbol, x.exitPrice)}</td></tr>`).join('') : '';
  const k = $('kelly-summary');
  if (!j.trades.length) { k.textContent = 'No trades journaled yet: import a trade history CSV.'; return; }
  try {
    const r = await api('POST', '/api/kelly', { journal: true });
    // f* and its interval's low end are null only at −∞ (a record or resample with no win), never +∞
    const fstar = (v) => v === null ? '−∞' : pct(v, 1);
    k.innerHTML = `${r.sampleSize} trades: win rate <b>${pct(r.winRate, 1)}</b>, payoff <b>${fmt(r.payoff, 2)}</b> · Kelly <b id="kelly-f" data-value="${r.kellyFraction}">${fstar(r.kellyFraction)}</b>`
      + ` (90 % interval <b id="kelly-ci">${fstar(r.interval90[0])} to ${fstar(r.interval90[1])}</b>) · risk per trade <b>${pct(r.recommendedRiskFraction, 2)}</b>`
      + ((r.warnings || []).length ? `<br><span class="v-warn">${r.warnings.map(esc).join(' ')}</span>` : '');
  } catch (e) { k.textContent = e.message; }
}
/** journal(), one at a time: a change announced while one runs fetches once more after it (never an older answer last). */
let journalRun = null, journalAgain = false;
function refreshJournal() {
  if (journalRun) { journalAgain = true; return journalRun; }
  journalRun = (async () => {
    try {
      do { journalAgain = false; await journal(); } while (journalAgain);
    } catch (e) { $('kelly-summary').textContent = e.message; } finally { journalRun = null; }
  })();
  return journalRun;
}
async function importJournal(ev) {
  ev.preventDefault();
  const f = $('jr-file').files[0];
  const msg = $('jr-msg');
  if (!f) { msg.className = 'msg neg'; msg.textContent = 'Choose a CSV file first.'; return; }
  try {
    const r = await api('POST', '/api/journal/import?source=' + encodeURIComponent(f.name), await f.text(), true);
    msg.className = 'msg pos';
    msg.textContent = `${r.source}: ${r.rowsRead} rows, ${r.fillsAdded} fills added (${r.fillsAlreadyStored} already stored), ${r.tradesAdded} trades added${r.tradesReplaced ? ` (replacing ${r.tradesReplaced} earlier trade(s) the new fills fall inside)` : ''}; ${r.trades} in the journal.`;
    await refreshJournal();
  } catch (e) { msg.className = 'msg neg'; msg.textContent = e.message; }
}

// ---------------------------------------------------------------- replay controls
async function replay(body) {
  try {
    const st = await api('POST', '/api/replay', body);
    renderSource({ ...S.snap, replay: st });
  } catch (e) { $('source').textContent = e.message; }
}

// ---------------------------------------------------------------- start: subscribe, then fetch, then de-duplicate
/**
 * The event stream, kept open all day. The browser reconnects by itself after an error and sends Last-Event-ID; the
 * server then sends the alerts stored since, so none raised while the page was away is lost (addAlert drops the ones
 * it has). A stream that went silent — laptop asleep, network gone without closing the socket, a desk that died — is
 * noticed by the missing heartbeat and opened again with ?lastEventId=. While disconnected the page says so, with the
 * time its figures are from; on reconnecting it fetches again what the stream does not carry.
 */
const STREAM = { es: null, heartbeatMs: 15000, lastEventAt: 0, down: null, retryMs: 1000, retryAt: 0, everOpen: false, onBack: null };

function streamAlive() { STREAM.lastEventAt = Date.now(); }

function streamDown(why) {
  if (!STREAM.down) STREAM.down = { since: Date.now(), asOf: S.snap ? S.snap.timeMs : null };
  document.body.dataset.stream = 'off';
  $('conn').className = 'conn off';
  $('conn').textContent = 'stream: reconnecting';
  const b = $('offline');
  const since = new Date(STREAM.down.since).toTimeString().slice(0, 8);
  b.textContent = `Disconnected from the desk since ${since} (${why}): the figures below are from then and not current`
    + (STREAM.down.asOf ? ` (marks of ${when(STREAM.down.asOf)})` : '') + '. Reconnecting…';
  b.hidden = false;
  renderUnread();
}

function streamUp() {
  const wasDown = !!STREAM.down;
  STREAM.down = null;
  STREAM.retryMs = 1000;
  document.body.dataset.stream = 'on';
  $('conn').className = 'conn on';
  $('conn').textContent = 'stream: on';
  $('offline').hidden = true;
  $('offline').textContent = '';
  renderUnread();
  if (STREAM.everOpen && wasDown && STREAM.onBack) STREAM.onBack();
  STREAM.everOpen = true;
}

function openStream(onTick, onAlert) {
  if (STREAM.es) STREAM.es.close();
  const es = new EventSource('/api/stream' + (S.maxAlertId ? '?lastEventId=' + S.maxAlertId : ''));
  STREAM.es = es;
  streamAlive();
  es.addEventListener('hello', (e) => {
    if (es !== STREAM.es) return;
    try {
      const h = JSON.parse(e.data);
      STREAM.heartbeatMs = h.heartbeatMs || STREAM.heartbeatMs;
      adoptDatabase(h.databaseId);
    } catch (x) { /* keep the last */ }
    streamAlive();
    streamUp();
  });
  es.addEventListener('heartbeat', () => { if (es === STREAM.es) streamAlive(); });
  es.addEventListener('tick', (e) => { if (es !== STREAM.es) return; streamAlive(); onTick(JSON.parse(e.data)); });
  es.addEventListener('alert', (e) => { if (es !== STREAM.es) return; streamAlive(); onAlert(JSON.parse(e.data)); });
  // another tab (or an API client) imported or deleted trades: the journal and Kelly again, now
  es.addEventListener('journal', () => { if (es !== STREAM.es) return; streamAlive(); if (S.journalOn) refreshJournal(); });
  es.addEventListener('error', () => {
    if (es !== STREAM.es) return;
    streamDown(es.readyState === EventSource.CLOSED ? 'the desk refused the stream' : 'connection lost');
    if (es.readyState === EventSource.CLOSED) {   // the browser gave up (an HTTP error): try again, 1 s doubling to 15 s
      STREAM.retryAt = Date.now() + STREAM.retryMs;
      STREAM.retryMs = Math.min(15000, STREAM.retryMs * 2);
    }
  });
  return es;
}

function stream() {
  const pending = [];
  let fetched = false;
  const onTick = (snap) => { S.ticks++; renderDesk(snap); };
  const onAlert = (a) => { if (fetched) { addAlert(a, true); renderUnreadSoon(); } else pending.push(a); };
  const open = () => openStream(onTick, onAlert);
  open();
  // the watchdog: a silent stream is dead (3 heartbeats missed); a closed one is opened again after its back-off
  const watch = () => {
    const es = STREAM.es;
    const silentFor = Date.now() - STREAM.lastEventAt;
    if (es.readyState === EventSource.CLOSED) {
      if (Date.now() >= STREAM.retryAt) open();
    } else if (silentFor > Math.max(1500, 3 * STREAM.heartbeatMs)) {
      streamDown(`no word from the desk for ${Math.round(silentFor / 1000)} s`);
      open();
    }
  };
  setInterval(watch, 1000);
  // back from sleep or from a background tab, or the network is back: look at once
  document.addEventListener('visibilitychange', () => { if (!document.hidden) watch(); });
  window.addEventListener('online', () => { if (STREAM.down) open(); });
  STREAM.onBack = async () => {
    // what the stream does not carry: the stored alerts (a resumed stream sends at most 1,000), names, the journal
    const ticks = S.ticks;
    try {
      const list = await api('GET', '/api/alerts?limit=' + MAX_ALERTS);
      for (const a of list.reverse()) addAlert(a, false);
      renderUnread();
      for (const a of await api('GET', '/api/accounts')) S.accountNames[a.id] = a.name;
      if (S.ticks === ticks) renderDesk(await api('GET', '/api/desk'));
      if (document.body.dataset.ready === 'true') await refreshJournal();
    } catch (e) { /* the stream's next error says so */ }
  };
  return async () => {
    const list = await api('GET', '/api/alerts?limit=' + MAX_ALERTS);
    for (const a of list.reverse()) addAlert(a, false);
    fetched = true;
    for (const a of pending) addAlert(a, true);
    renderUnread();
  };
}

/** Keeps --strip-h at the sticky summary strip's height: anchors and focus scroll to below it, not under it. */
function trackStrip() {
  const strip = $('summary');
  const set = () => document.documentElement.style.setProperty('--strip-h', strip.offsetHeight + 'px');
  if ('ResizeObserver' in window) new ResizeObserver(set).observe(strip);
  set();
}

async function start() {
  applyThemeButton();
  trackStrip();
  const fetchAlerts = stream();
  INST = await api('GET', '/api/instruments');
  const symOpts = Object.keys(INST).map((s) => `<option>${s}</option>`).join('');
  for (const id of ['calc-symbol', 'chk-symbol', 'fund-symbol', 'sim-symbol', 'pos-symbol']) $(id).innerHTML = symOpts;
  EXCHANGES = await api('GET', '/api/exchanges');
  for (const v of EXCHANGES) for (const s of v.symbols) if (!VSYM[s.symbol]) VSYM[s.symbol] = s;
  // the stream's first tick may have come before the tick sizes: its prices were drawn at 2 decimals, and a paused
  // replay sends no other tick to draw them again
  if (S.snap) renderDesk(S.snap);
  const venueOpts = '<option value="">the desk\'s rules</option>' + EXCHANGES.map((v) => `<option value="${esc(v.id)}">${esc(v.name)}</option>`).join('');
  if (S.snap) fillSelects();   // the survival form's venues come from the same list
  $('sim-venue').addEventListener('change', fillSimSymbols);
  for (const form of ['chk', 'fund']) {
    $(form + '-exchange').innerHTML = venueOpts;
    $(form + '-exchange').addEventListener('change', () => { fillVenueSymbols(form); if (form === 'chk') prefillPlan(); });
    $(form + '-symbol').addEventListener('change', () => showCurrency(form));
  }
  for (const a of await api('GET', '/api/accounts')) S.accountNames[a.id] = a.name;
  S.namesLoaded = true;
  // the stream's first tick may have filled the account selects before the names came: 'account 1' until the next
  // tick, and a paused replay sends none
  if (S.snap) fillSelects();
  try { S.liveConnected = (await api('GET', '/api/live')).mode === 'live'; } catch (e) { S.liveConnected = false; }
  if (!S.snap) renderDesk(await api('GET', '/api/desk'));
  await fetchAlerts();
  // forms follow the market: the current mark at the symbol's tick, the chosen sub-account's equity
  for (const [sym, entry] of [['calc-symbol', 'calc-entry'], ['pos-symbol', 'pos-entry']]) {
    $(sym).value = 'BTCUSDT';
    prefillEntry(sym, entry, true);
    $(sym).addEventListener('change', () => prefillEntry(sym, entry, true));
    $(entry).addEventListener('input', () => { $(entry).dataset.auto = 'false'; });
  }
  $('chk-symbol').value = 'BTCUSDT';
  prefillPlan();
  $('chk-symbol').addEventListener('change', prefillPlan);
  $('chk-account').addEventListener('change', () => {
    const s = subs().find((x) => String(x.id) === $('chk-account').value);
    if (s) $('chk-equity').value = fmt(s.equity, 2).replace(/,/g, '');
  });
  $('calc-form').addEventListener('submit', calc);
  $('calc-mode').addEventListener('change', calcMode);
  calcMode();
  $('check-form').addEventListener('submit', check);
  $('fund-form').addEventListener('submit', fundingDrift);
  $('fund-position').addEventListener('change', fundingFromPosition);
  $('sim-form').addEventListener('submit', survival);
  $('pf-form').addEventListener('submit', portfolio);
  $('jr-form').addEventListener('submit', importJournal);
  $('cas-form').addEventListener('submit', cascade);
  $('pos-form').addEventListener('submit', savePosition);
  $('pos-new').addEventListener('click', newPosition);
  $('sub-form').addEventListener('submit', saveSub);
  $('sub-new').addEventListener('click', () => { $('sub-id').value = ''; delete $('sub-form').dataset.loaded; delete $('sub-form').dataset.stale; $('sub-submit').textContent = 'Save sub-account'; $('sub-msg').textContent = '';
    $('sub-exchange').disabled = false; $('sub-coin').value = ''; subVenue(); });
  $('sub-exchange').addEventListener('change', subVenue);
  $('sub-coin').addEventListener('change', subVenue);
  $('pos-sub').addEventListener('change', posVenue);
  // "Load the current figures" in a stale editor
  for (const m of ['pos-msg', 'sub-msg']) $(m).addEventListener('click', (e) => {
    const b = e.target.closest('button[data-reload]');
    if (!b) return;
    if (b.dataset.reload === 'pos-form') editPosition(Number($('pos-id').value)); else editSub(Number($('sub-id').value));
  });
  $('subaccounts').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-act]');
    if (!b) return;
    const id = Number(b.dataset.id);
    ({ edit: editPosition, close: closePosition, delete: deletePosition, 'edit-sub': editSub, 'delete-sub': deleteSub })[b.dataset.act](id);
  });
  $('alerts-read').addEventListener('click', () => {
    S.lastRead = Math.max(S.lastRead, S.maxAlertId);
    S.droppedUnread.clear();
    saveRead();
    renderUnread();
  });
  // another tab marked them read (or changed a preference): this one follows
  window.addEventListener('storage', (e) => {
    if (e.key === READ_KEY) {
      let m = null;
      try { m = JSON.parse(e.newValue || 'null'); } catch (x) { /* not ours */ }
      const v = m && m.db === S.dbId && Number.isFinite(m.id) ? m.id : 0;   // another database's marker says nothing here
      if (v > S.lastRead) {
        S.lastRead = v;
        // the alerts let go are older than every one kept: read if the oldest kept is
        const oldest = $('alerts').lastChild;
        if (!oldest || v >= Number(oldest.dataset.id)) S.droppedUnread.clear();
        renderUnread();
      }
    }
  });
  $('replay-toggle').addEventListener('click', () => replay({ speed: S.snap.replay.paused ? Number($('replay-speed').value) : 0 }));
  $('replay-speed').addEventListener('change', () => replay({ speed: Number($('replay-speed').value) }));
  $('replay-crash').addEventListener('click', () => replay({ jump: 'crash' }));
  $('theme-toggle').addEventListener('click', () => applyTheme(document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark'));
  $('opt-sound').checked = localStorage.getItem('perpguard.sound') === 'true';
  $('opt-notify').checked = localStorage.getItem('perpguard.notify') === 'true';
  $('opt-sound').addEventListener('change', () => localStorage.setItem('perpguard.sound', $('opt-sound').checked));
  $('opt-notify').addEventListener('change', async () => {
    if ($('opt-notify').checked && 'Notification' in window && Notification.permission === 'default') await Notification.requestPermission();
    localStorage.setItem('perpguard.notify', $('opt-notify').checked);
  });
  let resizeTimer;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { Object.values(S.gauges).forEach((g) => g.resize()); Object.values(S.charts).forEach((c) => c && c.resize()); }, 100);
  });
  calc();
  await check();
  await fundingDrift();
  await portfolio();
  S.journalOn = true;   // from now on a journal event fetches it again (one during this first fetch: once more after it)
  await refreshJournal();
  await cascadeList();
  // the first listed event (oct-2025, the crash the replay holds) runs on load, not awaited: the page is ready
  // without it, and Run pressed meanwhile supersedes it
  cascade();
  await survival();
  document.body.dataset.ready = 'true';
}
function applyThemeButton() {
  const t = document.documentElement.dataset.theme;
  $('theme-toggle').textContent = t === 'dark' ? 'Light' : 'Dark';
  $('theme-toggle').setAttribute('aria-label', `Switch to the ${t === 'dark' ? 'light' : 'dark'} theme`);
}
start().catch((e) => {
  document.body.dataset.ready = 'error';
  console.error(e);
  // said on the page, in one line, where it is seen first (the page used to stay half drawn without a word)
  const p = document.createElement('p');
  p.id = 'load-error'; p.className = 'offline'; p.setAttribute('role', 'alert');
  p.textContent = `The desk could not be loaded: ${e.message}. Reload the page once the desk is running.`;
  $('summary').prepend(p);
});
