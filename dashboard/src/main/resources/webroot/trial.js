'use strict';
(() => {
  const { el, clear, getJson, fmt, pct, badge, pathId } = Shears;
  const id = pathId();
  const enc = encodeURIComponent(id);
  const MAX_LIVE_ROWS = 3000;
  const COLORS = ['#4aa3ff', '#f5b942', '#3ecf8e', '#ff6b6b', '#b48cff', '#5ee0e0', '#e0e0e0'];

  const CHARTS = {
    loss: { columns: ['total', 'kd', 'encHidden', 'decHidden', 'ce', 'lagrangian'], y: 'loss' },
    lagrangian: { columns: ['lambda1', 'lambda2'], labels: ['λ1', 'λ2'], y: 'λ' },
    sparsity: { columns: ['expectedSparsity', 'target', 'overallSparsity'], labels: ['expected ŝ', 'target t', 'overall'], y: 'sparsity' },
    // ROUGE-L on its own axis at the right (it would be flat on the loss's scale), × 100 as every report prints it.
    validation: { columns: ['validationLoss', 'rougeL'], labels: ['validation loss', 'ROUGE-L (×100)'], x: 'student step',
      right: ['rougeL'], times: { rougeL: 100 }, points: true },
    teacherValidation: { columns: ['validationLoss', 'rougeL'], labels: ['validation loss', 'ROUGE-L (×100)'], x: 'teacher step',
      right: ['rougeL'], times: { rougeL: 100 }, points: true, panel: 'teacher-validation' },
  };
  const SERIES = ['loss', 'lagrangian', 'sparsity', 'validation', 'teacherValidation', 'heads', 'ffn'];
  const full = {};       // series name -> {columns, x, y}
  const plots = {};      // series name -> uPlot
  const zoomed = {};
  let detail = null;
  let loading = false;
  let queued = [];
  let lastRefetch = 0;

  function emptySeries() { return { columns: [], x: [], y: [] }; }

  function uplotData(name, s) {
    const spec = CHARTS[name];
    const cols = spec.columns.map(c => {
      const i = s.columns.indexOf(c);
      const k = (spec.times || {})[c];
      return i < 0 ? s.x.map(() => null) : k ? s.y[i].map(v => (v === null ? null : k * v)) : s.y[i];
    });
    return [s.x, ...cols];
  }

  function makeChart(name) {
    const spec = CHARTS[name];
    const box = document.getElementById('chart-' + name);
    const width = Math.max(300, box.clientWidth || 600);
    const right = spec.right || [];
    const opts = {
      width, height: 230,
      scales: { x: { time: false } },
      axes: [{ stroke: '#8a99ab', grid: { stroke: '#1e2835' }, label: spec.x || 'step' },
             { stroke: '#8a99ab', grid: { stroke: '#1e2835' }, size: 60 },
             ...(right.length ? [{ scale: 'right', side: 1, stroke: '#8a99ab', grid: { show: false }, size: 50 }] : [])],
      series: [{ label: spec.x || 'step' }, ...spec.columns.map((c, i) => ({
        label: spec.labels ? spec.labels[i] : c, stroke: COLORS[i % COLORS.length], width: i === 0 ? 2.5 : 1.25, spanGaps: true,
        dash: c === 'target' ? [6, 4] : undefined, scale: right.includes(c) ? 'right' : 'y',
        points: spec.points ? { show: true, size: 6, fill: COLORS[i % COLORS.length] } : undefined,
      }))],
      cursor: { drag: { x: true, y: false, setScale: false } },
      hooks: { setSelect: [u => zoomTo(name, u)] },
      legend: { live: true },
    };
    plots[name] = new uPlot(opts, uplotData(name, full[name] || emptySeries()), box);
  }

  async function zoomTo(name, u) {
    if (u.select.width < 5) return;
    const from = u.posToVal(u.select.left, 'x');
    const to = u.posToVal(u.select.left + u.select.width, 'x');
    u.setSelect({ left: 0, width: 0 }, false);
    const points = Math.max(100, Math.round(u.bbox.width / devicePixelRatio));
    const s = await getJson('/api/trials/' + enc + '/series/' + name + '?from=' + from + '&to=' + to + '&points=' + points + '&mode=minmax');
    zoomed[name] = true;
    u.setData(uplotData(name, s));
  }

  for (const a of document.querySelectorAll('a[data-reset]')) {
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      const name = a.dataset.reset;
      zoomed[name] = false;
      if (plots[name]) plots[name].setData(uplotData(name, full[name] || emptySeries()));
    });
  }

  const redrawCharts = Shears.throttled(() => {
    for (const name of Object.keys(CHARTS)) {
      if (!plots[name]) makeChart(name);
      else if (!zoomed[name]) plots[name].setData(uplotData(name, full[name] || emptySeries()));
      const s = full[name];
      // A chart that only some trials have (the teacher's own fine-tuning curve) shows once it has rows.
      if (CHARTS[name].panel) document.getElementById(CHARTS[name].panel).hidden = !(s && s.x.length);
      // The newest step drawn, for anyone (or any browser test) checking that the chart is live.
      const box = document.getElementById('chart-' + name);
      box.dataset.rows = String(s ? s.x.length : 0);
      if (s && s.x.length) box.dataset.lastStep = String(s.x[s.x.length - 1]);
      else delete box.dataset.lastStep;
    }
    describeValidation();
    drawHeatmap();
    ShearsKept.render(document.getElementById('kept'), detail, full.heads, full.ffn);
  });

  function describeValidation() {
    const s = full.validation;
    if (!s || !s.x.length) return;
    const loss = s.y[s.columns.indexOf('validationLoss')];
    let best = 0;
    for (let i = 1; i < loss.length; i++) if (loss[i] !== null && (loss[best] === null || loss[i] < loss[best])) best = i;
    document.getElementById('validation-legend').textContent = s.x.length + ' validation results · best loss '
      + fmt(loss[best]) + ' at student step ' + s.x[best] + ' · newest ' + fmt(loss[loss.length - 1]) + ' at ' + s.x[s.x.length - 1];
  }

  function appendPoints(m) {
    let s = full[m.series];
    if (!s || s.columns.length !== m.columns.length) {
      s = full[m.series] = { columns: m.columns, x: [], y: m.columns.map(() => []) };
    }
    for (let k = 0; k < m.x.length; k++) {
      const step = m.x[k];
      // A resumed attempt may restart from an earlier step: drop what it replaces.
      while (s.x.length && s.x[s.x.length - 1] >= step) {
        s.x.pop();
        for (const col of s.y) col.pop();
      }
      s.x.push(step);
      for (let c = 0; c < s.y.length; c++) s.y[c].push(m.y[c][k]);
    }
    if (s.x.length > MAX_LIVE_ROWS && Date.now() - lastRefetch > 5000) {
      lastRefetch = Date.now();
      loadSeries(m.series).catch(console.error);
    }
  }

  async function loadSeries(name) {
    const points = name === 'heads' || name === 'ffn' ? 600 : 2000;
    full[name] = await getJson('/api/trials/' + enc + '/series/' + name + '?points=' + points + '&mode=minmax');
  }

  function renderDetail() {
    if (!detail) return;
    document.dispatchEvent(new CustomEvent('shears:trial', { detail }));
    const r = detail.row;
    document.title = 'Trial ' + r.trialId + ' · Shears';
    document.getElementById('title').textContent = 'Trial ' + r.trialId;
    const kv = clear(document.getElementById('summary'));
    const add = (k, v) => { kv.appendChild(el('dt', { text: k })); kv.appendChild(v instanceof Node ? el('dd', null, v) : el('dd', { text: v })); };
    add('Experiment', r.experimentId ? el('a', { href: '/experiments/' + encodeURIComponent(r.experimentId), text: r.experimentId }) : '–');
    add('Config', r.label || '–');
    add('State', el('span', null, badge(r.state), r.reason ? el('span', { class: 'muted', text: ' ' + r.reason }) : null));
    add('Attempt', String(r.attempt));
    add('Worker', r.workerId || '–');
    add('Stage · step', (r.stage || '–') + ' · ' + (r.step === null || r.step === undefined ? '–' : r.step));
    add('Latest loss', fmt(r.loss));
    add('Sparsity ŝ / t', pct(r.expectedSparsity) + ' / ' + pct(r.target));
    if (detail.historyEvicted) add('History', 'older telemetry was dropped: the dashboard keeps a bounded number of trial histories');
    renderTimeline();
    renderCheckpoints();
    renderEvaluation();
    document.getElementById('spec').textContent = detail.spec ? JSON.stringify(detail.spec, null, 2) : '';
  }

  function renderTimeline() {
    const box = document.getElementById('timeline');
    const stages = detail.stages || [];
    clear(box);
    box.classList.toggle('muted', !stages.length);
    if (!stages.length) { box.textContent = 'No stages yet.'; return; }
    const last = Math.max(1, detail.row.step || 0, ...stages.map(s => s.endStep || s.startStep || 0));
    const attempts = [...new Set(stages.map(s => s.attempt))].sort((a, b) => a - b);
    const names = [...new Set(stages.map(s => s.stage))];
    const stageNames = [];
    for (const a of attempts) {
      const lane = el('div', { class: 'lane', title: 'attempt ' + a });
      for (const s of stages.filter(x => x.attempt === a)) {
        const end = s.endStep === null || s.endStep === undefined ? Math.max(s.startStep, detail.row.step || s.startStep) : s.endStep;
        // A stage of few steps (export) still gets a visible bar, kept inside the lane.
        const width = Math.max(1.5, 100 * (end - s.startStep) / last);
        const left = Math.min(100 * s.startStep / last, 100 - width);
        const name = s.stage + (s.endStep === null || s.endStep === undefined ? ' …' : '');
        lane.appendChild(el('div', { class: 'bar c' + (names.indexOf(s.stage) % 5), 'data-stage': s.stage,
          style: 'left:' + left.toFixed(2) + '%;width:' + width.toFixed(2) + '%',
          title: s.stage + ': steps ' + s.startStep + '–' + (s.endStep === null || s.endStep === undefined ? 'running' : s.endStep) }));
        lane.lastChild.appendChild(el('span', { class: 'bar-label', text: name }));
        stageNames.push({ lane, bar: lane.lastChild });
      }
      box.appendChild(el('div', { class: 'legend', text: 'attempt ' + a }));
      box.appendChild(lane);
    }
    // A label wider than its bar is moved beside it (to the left near the lane's end), never clipped.
    for (const { lane, bar } of stageNames) {
      const label = bar.firstChild;
      // offsetWidth: an inline span has no scroll box (scrollWidth 0); the bar's padding is 6px a side.
      if (label.offsetWidth <= bar.clientWidth - 12) continue;
      bar.removeChild(label);
      label.classList.add('outside');
      const barLeft = bar.offsetLeft, barRight = barLeft + bar.offsetWidth;
      const room = lane.clientWidth - barRight;
      lane.appendChild(label);
      if (room >= label.offsetWidth + 4) label.style.left = (barRight + 4) + 'px';
      else label.style.left = Math.max(0, barLeft - label.offsetWidth - 4) + 'px';
    }
  }

  function renderCheckpoints() {
    const tbody = clear(document.querySelector('#checkpoints tbody'));
    for (const c of [...(detail.checkpoints || [])].reverse()) {
      tbody.appendChild(el('tr', null, el('td', { text: c.stage }), el('td', { class: 'num', text: c.step }),
        el('td', { text: c.kind || 'trial log' }),
        el('td', { class: 'num', text: c.bytes >= 0 ? (c.bytes / 1048576).toFixed(1) + ' MiB' : '' }),
        el('td', { class: 'muted uri', title: 'sha256 ' + c.sha256 }, el('span', { class: 'uri-text', text: c.uri }),
          el('button', { class: 'copy secondary', type: 'button', title: 'copy the URI', 'data-uri': c.uri, text: 'copy',
            onclick: (ev) => copy(ev.currentTarget) }))));
    }
  }

  async function copy(button) {
    const text = button.dataset.uri;
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'copied';
    } catch (e) {
      // No clipboard (plain http on another host): select the text so Ctrl-C copies it.
      const range = document.createRange();
      range.selectNodeContents(button.previousSibling);
      const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
      button.textContent = 'selected';
    }
    setTimeout(() => { button.textContent = 'copy'; }, 1500);
  }

  function renderEvaluation() {
    const box = clear(document.getElementById('evaluation'));
    const e = detail.evaluation;
    if (detail.evaluationError) box.appendChild(el('p', { class: 'error', text: 'Evaluation failed: ' + detail.evaluationError }));
    if (!e) { if (!detail.evaluationError) box.textContent = 'Not evaluated yet.'; return; }
    box.classList.remove('muted');
    const keys = [...new Set([...Object.keys(e.metrics || {}), ...Object.keys(e.teacherMetrics || {})])].sort();
    const table = el('table', null, el('thead', null, el('tr', null, el('th', { text: '' }), el('th', { class: 'num', text: 'pruned' }), el('th', { class: 'num', text: 'teacher' }))));
    const tb = el('tbody');
    // Metrics × 100 with two decimals, as the experiment's report and shears report print them.
    const score = v => (typeof v === 'number' && Number.isFinite(v) ? (100 * v).toFixed(2) : '–');
    for (const k of keys) tb.appendChild(el('tr', null, el('td', { text: k + ' (×100)' }), el('td', { class: 'num', text: score(e.metrics[k]) }), el('td', { class: 'num', text: score((e.teacherMetrics || {})[k]) })));
    tb.appendChild(el('tr', null, el('td', { text: 'latency (ms)' }), el('td', { class: 'num', text: fmt(e.latencyMs, 1) }), el('td', { class: 'num', text: fmt(e.teacherLatencyMs, 1) })));
    tb.appendChild(el('tr', null, el('td', { text: 'params' }),
      el('td', { class: 'num', text: Shears.count(e.params), title: String(e.params) }),
      el('td', { class: 'num', text: Shears.count(e.teacherParams), title: String(e.teacherParams) })));
    table.appendChild(tb);
    const si = e.speedupInterval;
    box.appendChild(el('p', null, el('b', { text: 'Speed-up ' + e.speedup.toFixed(2) + '×' }),
      si ? ' [95% CI ' + si.low.toFixed(2) + '–' + si.high.toFixed(2) + ']' : '', ' · encoder sparsity ' + pct(e.encoderSparsity)));
    box.appendChild(table);
    const diffs = e.teacherDifference || {};
    if (Object.keys(diffs).length) {
      box.appendChild(el('p', { class: 'legend', text: 'Difference to the teacher, 95% paired-bootstrap CI: ' + Object.keys(diffs).sort()
        .map(k => k + ' ' + signed(100 * diffs[k].mean) + ' [' + signed(100 * diffs[k].low) + ', ' + signed(100 * diffs[k].high) + ']').join(' · ') }));
    }
  }

  function signed(v) { return (v >= 0 ? '+' : '') + v.toFixed(2); }

  /** Viridis-like ramp: 0 (gate off) dark purple → 1 (on) yellow. */
  function color(z) {
    if (z === null || z === undefined || Number.isNaN(z)) return [40, 40, 40];
    const t = Math.max(0, Math.min(1, z));
    const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
    const p = t * (stops.length - 1), i = Math.min(stops.length - 2, Math.floor(p)), f = p - i;
    return stops[i].map((v, k) => Math.round(v + (stops[i + 1][k] - v) * f));
  }

  /** Draws series {@code s} (rows = its columns, columns = steps) into {@code canvas}; value(v) maps to [0, 1]. */
  function drawGrid(canvas, s, value, groupRows) {
    const ctx = canvas.getContext('2d');
    const cssWidth = Math.max(300, canvas.clientWidth || 600);
    if (canvas.width !== cssWidth) canvas.width = cssWidth;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (!s || !s.x.length || !s.y.length) {
      ctx.fillStyle = '#8a99ab'; ctx.font = '12px sans-serif';
      ctx.fillText('No mask events yet', 10, 20);
      return false;
    }
    const rows = s.y.length, n = s.x.length;
    const cols = Math.min(n, canvas.width);
    const img = ctx.createImageData(cols, rows);
    for (let c = 0; c < cols; c++) {
      const k = Math.min(n - 1, Math.floor(c * n / cols));
      for (let r = 0; r < rows; r++) {
        const v = s.y[r][k];
        const [R, G, B] = color(v === null || v === undefined ? null : value(v));
        const o = 4 * (r * cols + c);
        img.data[o] = R; img.data[o + 1] = G; img.data[o + 2] = B; img.data[o + 3] = 255;
      }
    }
    const off = document.createElement('canvas');
    off.width = cols; off.height = rows;
    off.getContext('2d').putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
    if (groupRows > 0) {
      ctx.strokeStyle = 'rgba(0,0,0,0.8)';
      for (let l = 1; l * groupRows < rows; l++) {
        const y = Math.round(l * groupRows * canvas.height / rows) + 0.5;
        ctx.beginPath(); ctx.moveTo(0, y); ctx.lineTo(canvas.width, y); ctx.stroke();
      }
    }
    return true;
  }

  function drawHeatmap() {
    const s = full.heads;
    const heads = detail && detail.headsPerLayer ? detail.headsPerLayer : 0;
    if (drawGrid(document.getElementById('heatmap'), s, v => v, heads)) {
      const n = s.x.length, rows = s.y.length;
      const off0 = s.y.map(col => col[n - 1]).filter(z => z !== null && z < 0.5).length;
      document.getElementById('heatmap-legend').textContent = 'rows: layer × head (layer 0 at top) · steps '
        + s.x[0] + '–' + s.x[n - 1] + ' · ' + off0 + ' of ' + rows + ' heads below 0.5 now · dark = off, bright = on';
    }
    drawFfn();
  }

  /** Kept FFN dimensions per encoder layer over time: where a model's sparsity is when no head is off. */
  function drawFfn() {
    const s = full.ffn;
    const values = s ? s.y.flat().filter(v => typeof v === 'number' && Number.isFinite(v)) : [];
    const max = values.length ? Math.max(...values) : 0;
    const legend = document.getElementById('ffn-legend');
    if (!drawGrid(document.getElementById('ffn-heatmap'), s, v => (max > 0 ? v / max : 0), 0) || !(max > 0)) {
      legend.textContent = 'No FFN mask events yet';
      return;
    }
    const n = s.x.length;
    const now = s.y.map(col => col[n - 1]);
    const first = s.y.map(col => col.find(v => typeof v === 'number' && Number.isFinite(v)));
    const keptNow = now.reduce((a, v) => a + (typeof v === 'number' ? v : 0), 0);
    const keptFirst = first.reduce((a, v) => a + (typeof v === 'number' ? v : 0), 0);
    legend.textContent = 'rows: encoder layer (layer 0 at top) · steps ' + s.x[0] + '–' + s.x[n - 1]
      + ' · kept FFN dims now: ' + now.map(v => (typeof v === 'number' ? Math.round(v) : '–')).join(' / ')
      + ' (' + Math.round(keptNow) + ' in all, ' + (keptFirst > 0 ? (100 * keptNow / keptFirst).toFixed(1) + '% of the first mask event\'s' : '–')
      + ') · bright = ' + Math.round(max) + ' kept, dark = 0';
  }

  async function resync() {
    loading = true;
    queued = [];
    try {
      detail = await getJson('/api/trials/' + enc);
      await Promise.all(SERIES.map(loadSeries));
    } catch (e) {
      loading = false;
      const kv = clear(document.getElementById('summary'));
      kv.appendChild(el('dt', { text: 'Status' }));
      kv.appendChild(el('dd', { class: 'error', text: e.status === 404 ? 'No such trial.' : 'Waiting for data: ' + e.message }));
      if (e.status === 503) setTimeout(resync, 1000);
      return;
    }
    loading = false;
    replayQueued();
    renderDetail();
    redrawCharts();
  }

  function handle(m) {
    if (loading) { queued.push(m); return; }
    if (m.type === 'points' && m.trialId === id) {
      appendPoints(m);
      if (detail && m.series === 'loss') {
        const total = m.y[0][m.y[0].length - 1];
        detail.row.step = m.x[m.x.length - 1];
        detail.row.loss = total;
        renderSummaryLive();
      }
      redrawCharts();
    } else if (m.type === 'trial' && m.value) {
      // A new attempt: after a user's retry the server shows only the new attempt's curves, so reload them.
      const newAttempt = detail && m.value.row.attempt !== detail.row.attempt;
      detail = m.value;
      renderDetail();
      if (newAttempt) refill().catch(console.error);
      else redrawCharts();
    }
  }

  const renderSummaryLive = Shears.throttled(renderDetail);

  window.addEventListener('resize', Shears.throttled(() => {
    for (const [name, u] of Object.entries(plots)) {
      const box = document.getElementById('chart-' + name);
      u.setSize({ width: Math.max(300, box.clientWidth), height: 230 });
    }
    drawHeatmap();
  }));

  async function refill() {
    if (loading) return;
    loading = true;
    queued = [];
    try {
      await Promise.all(SERIES.map(loadSeries));
    } finally {
      loading = false;
      replayQueued();
    }
    redrawCharts();
  }

  /** Applies updates that arrived while history loaded, skipping rows the loaded history already has. */
  function replayQueued() {
    const pending = queued;
    queued = [];
    for (const m of pending) {
      if (m.type === 'points') {
        const s = full[m.series];
        const last = s && s.x.length ? s.x[s.x.length - 1] : -Infinity;
        const keep = m.x.map((x, k) => x > last ? k : -1).filter(k => k >= 0);
        if (!keep.length) continue;
        handle(Object.assign({}, m, { x: keep.map(k => m.x[k]), y: m.y.map(col => keep.map(k => col[k])) }));
      } else {
        handle(m);
      }
    }
  }

  Shears.stream(['trial:' + id], { resync, message: handle, gap: () => refill().catch(console.error) });
})();
