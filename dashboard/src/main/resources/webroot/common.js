'use strict';
/* Shared helpers. Every value that comes from the server is put into the page as text (textContent), never
   parsed as HTML, so names such as "<img src=x onerror=…>" show up literally. */
const Shears = (() => {
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === null) continue;
        if (k === 'class') node.className = v;
        else if (k === 'text') node.textContent = String(v);
        else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
        else node.setAttribute(k, String(v));
      }
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null) continue;
      node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  /** An SVG element: attributes as given (values become text), children appended; never parsed as markup. */
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === 'text') node.textContent = String(v);
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, String(v));
    }
    for (const c of children.flat()) if (c !== undefined && c !== null) node.appendChild(c);
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  async function getJson(url) {
    const r = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!r.ok) {
      const body = await r.json().catch(() => null);
      const err = new Error((body && body.error) || ('HTTP ' + r.status));
      err.status = r.status;
      throw err;
    }
    return r.json();
  }

  /* The API token (SHEARS_TOKEN) mutations need, kept for this browser tab only. */
  function token() { return sessionStorage.getItem('shears.token') || ''; }
  function setToken(value) {
    if (value) sessionStorage.setItem('shears.token', value); else sessionStorage.removeItem('shears.token');
  }

  async function postJson(url, value) {
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (token()) headers.Authorization = 'Bearer ' + token();
    const r = await fetch(url, { method: 'POST', headers, body: JSON.stringify(value) });
    const text = await r.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = { error: text }; }
    return { status: r.status, ok: r.ok, body };
  }

  function fmt(v, digits = 4) {
    if (v === null || v === undefined || Number.isNaN(v)) return '–';
    if (typeof v !== 'number') return String(v);
    if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
    const a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
    return v.toFixed(digits);
  }

  /** A count as people read it: 1.12M, 812.3K, 950 (parameter counts, tokens). */
  function count(n) {
    if (typeof n !== 'number' || !Number.isFinite(n)) return '–';
    const a = Math.abs(n);
    if (a >= 1e9) return (n / 1e9).toFixed(2) + 'B';
    if (a >= 1e6) return (n / 1e6).toFixed(2) + 'M';
    if (a >= 1e3) return (n / 1e3).toFixed(1) + 'K';
    return String(n);
  }

  function pct(v) { return v === null || v === undefined ? '–' : (100 * v).toFixed(1) + '%'; }

  function badge(state) { return el('span', { class: 'badge s-' + String(state), text: state }); }

  function counts(map) {
    const box = el('span', { class: 'counts' });
    for (const [k, v] of Object.entries(map || {})) box.appendChild(el('span', null, badge(k), ' ', String(v)));
    return box;
  }

  /** Id from the last path segment, e.g. /trials/{id}. */
  function pathId() {
    const parts = location.pathname.split('/').filter(Boolean);
    return decodeURIComponent(parts[parts.length - 1] || '');
  }

  /**
   * Live stream of the given channels. handlers.resync() runs on every (re)connection and when the server asks
   * for it (the page reloads its data), handlers.message(m) for each update, and handlers.gap(), if given, at
   * most every 5 s after updates were dropped for this slow client.
   */
  function stream(channels, handlers) {
    const status = document.getElementById('stream-status');
    const dropped = document.getElementById('dropped');
    const url = '/api/stream?channels=' + encodeURIComponent(channels.join(','));
    const source = new EventSource(url);
    let lastDropped = 0;
    let totalDropped = 0;
    let lastGapFill = 0;
    let gapTimer = null;
    const setStatus = (cls, text) => {
      if (!status) return;
      status.className = cls;
      status.querySelector('.label').textContent = text;
    };
    source.addEventListener('hello', () => {
      lastDropped = 0;
      setStatus('live', 'live');
      handlers.resync();
    });
    source.addEventListener('batch', (ev) => {
      const batch = JSON.parse(ev.data);
      if (batch.dropped > lastDropped) {
        totalDropped += batch.dropped - lastDropped;
        lastDropped = batch.dropped;
        if (dropped) dropped.textContent = 'dropped ' + totalDropped;
        // Dropped rows are still on the server: refill the charts from its history a second after a drop,
        // at most every 5 s, so a client that stays behind does not add a reload per frame.
        if (handlers.gap && gapTimer === null) {
          const at = Math.max(Date.now() + 1000, lastGapFill + 5000);
          gapTimer = setTimeout(() => {
            gapTimer = null;
            lastGapFill = Date.now();
            handlers.gap();
          }, at - Date.now());
        }
      }
      window.__shearsLastBatch = { sent: batch.sent, received: Date.now() };
      if (batch.resync) handlers.resync();
      for (const m of batch.messages) handlers.message(m);
    });
    source.onerror = () => setStatus('down', 'reconnecting…');
    window.addEventListener('beforeunload', () => source.close());
    return source;
  }

  /** Calls fn at most once per animation frame. */
  function throttled(fn) {
    let pending = false;
    return () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; fn(); });
    };
  }

  return { el, svg, clear, getJson, postJson, token, setToken, fmt, count, pct, badge, counts, pathId, stream, throttled };
})();
