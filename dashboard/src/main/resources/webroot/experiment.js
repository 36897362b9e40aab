'use strict';
(() => {
  const { el, clear, getJson, postJson, fmt, pct, badge, counts, pathId } = Shears;
  const id = pathId();
  const trials = new Map();
  let experiment = null;
  let report = null;

  function num(v) { return typeof v === 'number' && Number.isFinite(v) ? v : null; }

  function quality(row) {
    const m = row.metrics || {};
    const metric = report && report.primaryMetric;
    if (metric && m[metric] !== undefined) return m[metric];
    const keys = Object.keys(m);
    return keys.length ? m[keys[0]] : null;
  }

  function interval(ci, scale, digits) {
    if (!ci) return '';
    return ' [' + (scale * ci.low).toFixed(digits) + ', ' + (scale * ci.high).toFixed(digits) + ']';
  }

  function signed(v, digits) { return (v >= 0 ? '+' : '') + v.toFixed(digits); }

  function meanSd(v, scale, digits) {
    if (!v || num(v.mean) === null) return '–';
    return (scale * v.mean).toFixed(digits) + (num(v.sd) === null ? '' : ' ± ' + (scale * v.sd).toFixed(digits));
  }

  function renderSummary() {
    if (!experiment) return;
    document.dispatchEvent(new CustomEvent('shears:experiment', { detail: experiment }));
    document.title = experiment.name + ' · Shears';
    document.getElementById('title').textContent = experiment.name;
    const s = clear(document.getElementById('summary'));
    s.classList.remove('muted');
    s.append(badge(experiment.state), ' ', el('span', { class: 'muted', text: experiment.experimentId }), ' · ',
      String(experiment.trialCount) + ' trials · ', counts(experiment.counts));
  }

  /* The trials table: a column per swept field (from each trial's swept values) and per metric; every column sorts
     (a header click toggles ascending/descending), the filter matches a substring of any cell, 50 rows a page. */
  const PAGE_SIZE = 50;
  const view = { sortKey: 'index', descending: false, filter: '', page: 0 };
  const comparison = ShearsCompare.create({ changed: () => renderTrials() });

  function sweptText(v) {
    if (v === null || v === undefined) return '';
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }

  let retainedByTrial = new Map();

  function reportAction(trialId, text) {
    document.getElementById('trial-action-result').textContent = text ? 'trial ' + trialId + ': ' + text : '';
  }

  function retained(t) {
    const v = retainedByTrial.get(t.trialId);
    return v === undefined ? null : v;
  }

  function columns(list) {
    const swept = [];
    for (const t of list) for (const k of Object.keys(t.swept || {})) if (!swept.includes(k)) swept.push(k);
    return [
      { key: 'pick', label: 'Compare', value: t => (comparison.picked(t.trialId) ? 0 : null), text: () => '',
        cell: t => comparison.checkbox(t) },
      { key: 'index', label: '#', num: true, value: t => (t.index >= 0 ? t.index : null), text: t => (t.index >= 0 ? String(t.index) : '') },
      { key: 'trial', label: 'Trial', value: t => t.trialId, text: t => t.trialId,
        cell: t => el('a', { href: '/trials/' + encodeURIComponent(t.trialId), text: t.trialId }) },
      { key: 'config', label: 'Config', value: t => t.label, text: t => t.label || '' },
      ...swept.map(k => ({ key: 'swept:' + k, label: k, swept: true, num: list.every(t => { const v = (t.swept || {})[k]; return v === null || v === undefined || typeof v === 'number'; }),
        value: t => { const v = (t.swept || {})[k]; return typeof v === 'number' ? v : (v === null || v === undefined ? null : sweptText(v)); },
        text: t => sweptText((t.swept || {})[k]) })),
      { key: 'state', label: 'State', value: t => t.state, text: t => t.state + (t.attempt > 0 ? ' attempt ' + t.attempt : ''),
        cell: t => [badge(t.state), t.attempt > 0 ? el('span', { class: 'muted', text: ' attempt ' + t.attempt }) : null] },
      { key: 'stage', label: 'Stage', value: t => t.stage || null, text: t => t.stage || '' },
      { key: 'step', label: 'Step', num: true, value: t => num(t.step), text: t => (num(t.step) === null ? '' : String(t.step)) },
      { key: 'loss', label: 'Loss', num: true, value: t => num(t.loss), text: t => fmt(t.loss) },
      { key: 'sparsity', label: 'Sparsity ŝ / t', num: true, value: t => num(t.expectedSparsity), text: t => pct(t.expectedSparsity) + ' / ' + pct(t.target) },
      { key: 'quality', label: 'Quality (×100)', num: true, value: t => num(quality(t)),
        text: t => (num(quality(t)) === null ? '–' : (100 * quality(t)).toFixed(2)) },
      { key: 'retained', label: 'Retained', num: true, value: retained, text: t => (retained(t) === null ? '–' : retained(t).toFixed(1) + '%') },
      { key: 'speedup', label: 'Speed-up', num: true, value: t => num(t.speedup), text: t => (t.speedup ? t.speedup.toFixed(2) + '×' : '') },
      { key: 'params', label: 'Params', num: true, value: t => num(t.params), text: t => (num(t.params) === null ? '' : Shears.count(t.params)) },
      { key: 'worker', label: 'Worker', value: t => t.workerId || null, text: t => t.workerId || '', muted: true },
      { key: 'actions', label: 'Actions', unsorted: true, value: () => null, text: () => '', cell: t => ShearsTrialActions.buttons(t, reportAction) },
    ];
  }

  /* Missing values sort last in both directions. */
  function compare(col, a, b) {
    const va = col.value(a), vb = col.value(b);
    if (va === null && vb === null) return 0;
    if (va === null) return 1;
    if (vb === null) return -1;
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb
      : String(va).localeCompare(String(vb), undefined, { numeric: true });
    return view.descending ? -c : c;
  }

  function renderTrials() {
    retainedByTrial = new Map((report && report.rows ? report.rows : []).filter(r => r.trialId)
      .map(r => [r.trialId, num(r.retainedPercent)]));
    const all = [...trials.values()].sort((a, b) => a.index - b.index || a.trialId.localeCompare(b.trialId));
    const cols = columns(all);
    if (!cols.some(c => c.key === view.sortKey)) { view.sortKey = 'index'; view.descending = false; }
    const headRow = clear(document.querySelector('#trials thead tr'));
    for (const c of cols) {
      const sorted = c.key === view.sortKey;
      if (c.unsorted) { headRow.appendChild(el('th', { 'data-key': c.key, text: c.label })); continue; }
      headRow.appendChild(el('th', { class: [c.num ? 'num' : '', c.swept ? 'swept' : '', 'sort'].join(' ').trim(),
        'data-key': c.key, 'aria-sort': sorted ? (view.descending ? 'descending' : 'ascending') : 'none', title: 'Sort by ' + c.label,
        onclick: () => {
          if (view.sortKey === c.key) view.descending = !view.descending; else { view.sortKey = c.key; view.descending = false; }
          view.page = 0;
          renderTrials();
        } }, c.label, sorted ? (view.descending ? ' ▼' : ' ▲') : ''));
    }
    const needle = view.filter.trim().toLowerCase();
    const shown = all.filter(t => comparison.admits(t)
      && (!needle || cols.some(c => c.text(t).toLowerCase().includes(needle))));
    const key = cols.find(c => c.key === view.sortKey);
    shown.sort((a, b) => compare(key, a, b) || a.index - b.index || a.trialId.localeCompare(b.trialId));
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    view.page = Math.min(view.page, pages - 1);
    const tbody = clear(document.querySelector('#trials tbody'));
    for (const t of shown.slice(view.page * PAGE_SIZE, (view.page + 1) * PAGE_SIZE)) {
      tbody.appendChild(el('tr', { 'data-id': t.trialId }, cols.map(c => el('td', {
        class: [c.num ? 'num' : '', c.muted ? 'muted' : ''].join(' ').trim() || null, 'data-key': c.key,
      }, c.cell ? c.cell(t) : c.text(t)))));
    }
    document.getElementById('trial-count').textContent = needle || comparison.filtering()
      ? shown.length + ' of ' + all.length + ' trials match' : all.length + ' trials';
    document.getElementById('page-info').textContent = 'page ' + (view.page + 1) + ' of ' + pages;
    document.getElementById('page-prev').disabled = view.page === 0;
    document.getElementById('page-next').disabled = view.page >= pages - 1;
    comparison.update(all, report);
  }

  document.getElementById('trial-filter').addEventListener('input', (ev) => { view.filter = ev.target.value; view.page = 0; renderTrials(); });
  document.getElementById('page-prev').addEventListener('click', () => { view.page = Math.max(0, view.page - 1); renderTrials(); });
  document.getElementById('page-next').addEventListener('click', () => { view.page += 1; renderTrials(); });

  function metricLabel(m) { return (report.metricLabels || {})[m] || m; }

  const scatter = ShearsScatter.create(document.getElementById('scatter-box'));
  function drawScatter() { scatter.draw(report, report ? metricLabel(report.primaryMetric || '?') : '?'); }
  window.addEventListener('resize', Shears.throttled(drawScatter));

  function renderReport() {
    const thead = clear(document.querySelector('#report thead'));
    const tbody = clear(document.querySelector('#report tbody'));
    const rows = report && report.rows ? report.rows : [];
    document.getElementById('report-empty').hidden = rows.length > 0;
    renderArms();
    const note = clear(document.getElementById('report-note'));
    if (!rows.length) { drawScatter(); return; }
    const primary = metricLabel(report.primaryMetric);
    const metrics = report.metricNames || [];
    thead.appendChild(el('tr', null, el('th', { text: 'Model' }), metrics.map(m => el('th', { class: 'num', text: metricLabel(m) })),
      el('th', { class: 'num', text: primary + ' retained [95% CI]' }), el('th', { class: 'num', text: 'Δ vs teacher [95% CI]' }),
      el('th', { class: 'num', text: 'Speed-up [95% CI]' }), el('th', { class: 'num', text: 'Timing rounds' }),
      el('th', { class: 'num', text: 'Params (of teacher)' }), el('th', { class: 'num', text: 'Enc. sparsity' }),
      el('th', { class: 'num', text: 'Model sparsity' }), el('th', { text: 'Pareto' }), el('th', { text: 'Claim' })));
    for (const r of rows) {
      const retained = num(r.retainedPercent);
      tbody.appendChild(el('tr', { class: r.missedTarget ? 'missed-target' : null },
        el('td', null, r.trialId ? el('a', { href: '/trials/' + encodeURIComponent(r.trialId), text: r.label }) : el('b', { text: r.label })),
        metrics.map(m => el('td', { class: 'num', text: num((r.metrics || {})[m]) === null ? '–' : (100 * r.metrics[m]).toFixed(2) })),
        el('td', { class: 'num', text: retained === null ? '–' : retained.toFixed(1) + '%' + interval(r.retainedInterval, 1, 1) }),
        el('td', { class: 'num', text: r.teacher ? '' : !r.difference ? '–'
          : signed(100 * r.difference.mean, 2) + ' [' + signed(100 * r.difference.low, 2) + ', ' + signed(100 * r.difference.high, 2) + ']' }),
        el('td', { class: 'num', text: r.speedup.toFixed(2) + '×' + interval(r.speedupInterval, 1, 2) }),
        el('td', { class: 'num', text: r.teacher ? '' : (r.measurement || {}).timingRounds > 0 ? String(r.measurement.timingRounds) : '–' }),
        el('td', { class: 'num', text: Shears.count(r.params)
          + (num(r.paramsPercent) === null ? '' : ' (' + r.paramsPercent.toFixed(1) + '%)') }),
        sparsityCell(r, r.encoderSparsity, 'encoder'),
        sparsityCell(r, r.modelSparsity, 'model'),
        el('td', { text: r.paretoOptimal ? '★' : '' }),
        el('td', { class: r.claim ? 'claim-' + r.claim.toLowerCase() : null, text: r.claim ? claimLabel(r.claim) : '' })));
    }
    note.textContent = 'Quality: ' + primary + ' and the other metrics are F1 × 100. Sparsity: the share of the '
      + 'teacher\'s prunable weights (attention and feed-forward) removed, of the encoder (Enc., NASH\'s target) or of '
      + 'encoder and decoder (Model, CoFi\'s target); Params counts every weight. Claim: ' + report.claim + ', judged on the 95% intervals (met only when the whole interval clears '
      + 'the threshold). Quality intervals: paired bootstrap over the evaluation examples; speed-up: bootstrap over the '
      + 'interleaved timing rounds, repeated until its half-width is within eval.speedupPrecision (default 5%) or '
      + 'eval.maxTimingRounds.';
    drawScatter();
  }

  /** A sparsity (a fraction, or – when not measured), flagged when the row missed a target of this scope. */
  function sparsityCell(r, fraction, scope) {
    return el('td', { class: 'num', text: num(fraction) === null ? '–' : (100 * fraction).toFixed(1) + '%' },
      r.missedTarget && r.targetScope === scope ? el('span', { class: 'warn',
        title: 'missed its ' + scope + ' sparsity target by more than 2 points',
        text: ' ⚠ target ' + (100 * r.targetSparsity).toFixed(1) + '%' }) : null);
  }

  function claimLabel(c) {
    return { MET: 'met', NOT_MET: 'not met', INCONCLUSIVE: 'inconclusive', UNKNOWN: 'no CI' }[c] || c;
  }

  function renderArms() {
    const box = document.getElementById('arms');
    const tbody = clear(box.querySelector('tbody'));
    const arms = report && report.arms ? report.arms : [];
    box.hidden = !arms.some(a => a.trialIds.length > 1);
    for (const a of arms) {
      tbody.appendChild(el('tr', null,
        el('td', { text: a.arm + (a.missedTargets > 0 ? ' ⚠' : '') }),
        el('td', { class: 'num', text: a.trialIds.length }),
        el('td', { class: 'num', text: meanSd(a.quality, 100, 2) }),
        el('td', { class: 'num', text: meanSd(a.retainedPercent, 1, 1) + '%' }),
        el('td', { class: 'num', text: meanSd(a.speedup, 1, 2) + '×' }),
        el('td', { class: 'num', text: meanSd(a.encoderSparsity, 100, 1) + '%' }),
        el('td', { class: 'num', text: num(a.modelSparsity && a.modelSparsity.mean) === null ? '–' : meanSd(a.modelSparsity, 100, 1) + '%' }),
        el('td', { class: 'num', text: a.missedTargets ? a.missedTargets + ' of ' + a.trialIds.length : '' }),
        el('td', { class: a.claim ? 'claim-' + a.claim.toLowerCase() : null, text: a.claim ? claimLabel(a.claim) : '' })));
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

  document.getElementById('clone').href = '/submit?clone=' + encodeURIComponent(id);

  for (const b of document.querySelectorAll('button[data-action]')) {
    b.addEventListener('click', async () => {
      if (b.dataset.action === 'cancel' && !window.confirm('Cancel experiment "' + (experiment ? experiment.name : id)
          + '"? Its running trials are stopped and its pending trials never start. This cannot be undone.')) {
        document.getElementById('action-result').textContent = '';
        return;
      }
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
      if (m.type === 'row') { trials.set(m.id, m.value); redrawTrials(); comparison.rowChanged(m.id); }
      else if (m.type === 'experiment') { experiment = m.value; renderSummary(); }
      else if (m.type === 'report') { report = m.value; renderReport(); redrawTrials(); }
    },
  });
})();
