'use strict';
(() => {
  const { el, clear, getJson, postJson, fmt, pct, badge, counts, pathId } = Shears;
  const id = pathId();
  const trials = new Map();
  let experiment = null;
  let report = null;

  function quality(row) {
    const m = row.metrics || {};
    const metric = report && report.qualityMetric;
    if (metric && m[metric] !== undefined) return m[metric];
    const keys = Object.keys(m);
    return keys.length ? m[keys[0]] : null;
  }

  function renderSummary() {
    if (!experiment) return;
    document.title = experiment.name + ' · Shears';
    document.getElementById('title').textContent = experiment.name;
    const s = clear(document.getElementById('summary'));
    s.classList.remove('muted');
    s.append(badge(experiment.state), ' ', el('span', { class: 'muted', text: experiment.experimentId }), ' · ',
      String(experiment.trialCount) + ' trials · ', counts(experiment.counts));
  }

  function renderTrials() {
    const tbody = clear(document.querySelector('#trials tbody'));
    const list = [...trials.values()].sort((a, b) => a.index - b.index || a.trialId.localeCompare(b.trialId));
    for (const t of list) {
      tbody.appendChild(el('tr', { 'data-id': t.trialId },
        el('td', { class: 'num', text: t.index >= 0 ? t.index : '' }),
        el('td', null, el('a', { href: '/trials/' + encodeURIComponent(t.trialId), text: t.trialId })),
        el('td', { text: t.label }),
        el('td', null, badge(t.state), t.attempt > 0 ? el('span', { class: 'muted', text: ' attempt ' + t.attempt }) : null),
        el('td', { text: t.stage || '' }),
        el('td', { class: 'num', text: t.step === null || t.step === undefined ? '' : t.step }),
        el('td', { class: 'num', text: fmt(t.loss) }),
        el('td', { class: 'num', text: pct(t.expectedSparsity) + ' / ' + pct(t.target) }),
        el('td', { class: 'num', text: fmt(quality(t)) }),
        el('td', { class: 'num', text: t.speedup ? t.speedup.toFixed(2) + '×' : '' }),
        el('td', { class: 'muted', text: t.workerId || '' })));
    }
  }

  function renderReport() {
    const thead = clear(document.querySelector('#report thead'));
    const tbody = clear(document.querySelector('#report tbody'));
    const rows = report && report.rows ? report.rows : [];
    document.getElementById('report-empty').hidden = rows.length > 0;
    if (!rows.length) { drawScatter(); return; }
    const metrics = [...new Set([report.teacher, ...rows].filter(Boolean).flatMap(r => Object.keys(r.metrics || {})))].sort();
    thead.appendChild(el('tr', null, el('th', { text: 'Model' }), metrics.map(m => el('th', { class: 'num', text: m })),
      el('th', { class: 'num', text: 'Speed-up' }), el('th', { class: 'num', text: 'Params' }), el('th', { text: 'Pareto' })));
    for (const r of [report.teacher, ...rows].filter(Boolean)) {
      tbody.appendChild(el('tr', null,
        el('td', null, r.trialId ? el('a', { href: '/trials/' + encodeURIComponent(r.trialId), text: r.label }) : el('b', { text: r.label })),
        metrics.map(m => el('td', { class: 'num', text: fmt((r.metrics || {})[m]) })),
        el('td', { class: 'num', text: r.speedup.toFixed(2) + '×' }),
        el('td', { class: 'num', text: (r.params / 1e6).toFixed(2) + 'M' }),
        el('td', { text: r.pareto ? '✓' : '' })));
    }
    drawScatter();
  }

  function drawScatter() {
    const canvas = document.getElementById('scatter');
    const ctx = canvas.getContext('2d');
    const w = canvas.width, h = canvas.height, pad = 48, left = 76;
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = '#8a99ab';
    ctx.font = '12px sans-serif';
    const pts = (report && report.rows ? report.rows : []).filter(r => r.quality !== null && r.speedup !== null);
    if (report && report.teacher && report.teacher.quality !== null) pts.push(Object.assign({ teacher: true }, report.teacher));
    if (!pts.length) { ctx.fillText('No evaluated trials yet', pad, h / 2); return; }
    const xs = pts.map(p => p.speedup), ys = pts.map(p => p.quality);
    let x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    if (x1 - x0 < 1e-9) { x0 -= 0.5; x1 += 0.5; }
    if (y1 - y0 < 1e-9) { y0 -= 0.05; y1 += 0.05; }
    const mx = (x1 - x0) * 0.08, my = (y1 - y0) * 0.08;
    x0 -= mx; x1 += mx; y0 -= my; y1 += my;
    const X = v => left + (v - x0) / (x1 - x0) * (w - left - pad);
    const Y = v => h - pad + -(v - y0) / (y1 - y0) * (h - 2 * pad);
    ctx.strokeStyle = '#263241';
    ctx.strokeRect(left, pad, w - left - pad, h - 2 * pad);
    ctx.fillText('speed-up over teacher →', w / 2 - 60, h - 12);
    ctx.save(); ctx.translate(14, h / 2 + 40); ctx.rotate(-Math.PI / 2);
    ctx.fillText('quality (' + (report.qualityMetric || '?') + ') →', 0, 0); ctx.restore();
    for (let i = 0; i <= 4; i++) {
      const xv = x0 + (x1 - x0) * i / 4, yv = y0 + (y1 - y0) * i / 4;
      ctx.fillText(xv.toFixed(2), X(xv) - 12, h - pad + 16);
      ctx.textAlign = 'right';
      ctx.fillText(yv.toFixed(3), left - 6, Y(yv) + 4);
      ctx.textAlign = 'left';
    }
    const front = pts.filter(p => p.pareto).sort((a, b) => a.speedup - b.speedup);
    if (front.length > 1) {
      ctx.strokeStyle = '#f5b942'; ctx.lineWidth = 2; ctx.beginPath();
      front.forEach((p, i) => (i ? ctx.lineTo(X(p.speedup), Y(p.quality)) : ctx.moveTo(X(p.speedup), Y(p.quality))));
      ctx.stroke(); ctx.lineWidth = 1;
    }
    for (const p of pts) {
      ctx.fillStyle = p.teacher ? '#ffffff' : p.pareto ? '#f5b942' : '#4aa3ff';
      ctx.beginPath(); ctx.arc(X(p.speedup), Y(p.quality), 5, 0, 2 * Math.PI); ctx.fill();
      ctx.fillStyle = '#d7dee8';
      ctx.fillText(p.label, X(p.speedup) + 7, Y(p.quality) - 6);
    }
  }

  async function resync() {
    try {
      const data = await getJson('/api/experiments/' + encodeURIComponent(id));
      experiment = data.experiment;
      trials.clear();
      for (const t of data.trials) trials.set(t.trialId, t);
      report = await getJson('/api/experiments/' + encodeURIComponent(id) + '/report');
      renderSummary(); renderTrials(); renderReport();
    } catch (e) {
      const s = clear(document.getElementById('summary'));
      s.appendChild(el('span', { class: 'error', text: e.status === 404 ? 'No such experiment.' : 'Waiting for data: ' + e.message }));
      if (e.status === 503) setTimeout(resync, 1000);
    }
  }

  for (const b of document.querySelectorAll('button[data-action]')) {
    b.addEventListener('click', async () => {
      const r = await postJson('/api/experiments/' + encodeURIComponent(id) + '/' + b.dataset.action, {});
      document.getElementById('action-result').textContent = r.ok ? b.dataset.action + ': done'
        : r.status === 401 ? b.dataset.action + ' needs the API token: enter it on the Submit page'
        : b.dataset.action + ' failed: ' + ((r.body && (r.body.error || r.body.message)) || r.status);
    });
  }

  const redrawTrials = Shears.throttled(renderTrials);
  Shears.stream(['experiment:' + id], {
    resync: () => resync(),
    message: (m) => {
      if (!m.value) return;
      if (m.type === 'row') { trials.set(m.id, m.value); redrawTrials(); }
      else if (m.type === 'experiment') { experiment = m.value; renderSummary(); }
      else if (m.type === 'report') { report = m.value; renderReport(); redrawTrials(); }
    },
  });
})();
