'use strict';
/* Curves of several trials on shared axes (uPlot): total loss, the multipliers λ1 (solid) and λ2 (dashed), expected
   encoder sparsity ŝ (solid) against its target t (dotted), and validation loss at the early-stopping rungs where a
   trial reported any. Each trial keeps one colour in every chart and in the legend above them; the cursor moves in
   all charts at once. Series come downsampled from the server (/api/trials/{id}/series/{name}). */
const ShearsOverlay = (() => {
  const { el, clear, getJson } = Shears;
  const POINTS = 600;
  const CHARTS = [
    { name: 'loss', series: 'loss', title: 'Loss (total)', x: 'step', lines: [{ column: 'total', suffix: '' }] },
    { name: 'lambda', series: 'lagrangian', title: 'Lagrangian multipliers λ1 (solid), λ2 (dashed)', x: 'step',
      lines: [{ column: 'lambda1', suffix: ' λ1' }, { column: 'lambda2', suffix: ' λ2', dash: [6, 4] }] },
    { name: 'sparsity', series: 'sparsity', title: 'Encoder sparsity: expected ŝ (solid), target t (dotted)', x: 'step',
      lines: [{ column: 'expectedSparsity', suffix: ' ŝ' }, { column: 'target', suffix: ' t', dash: [2, 4], width: 1 }] },
    { name: 'validation', series: 'validation', title: 'Validation loss at the rungs', x: 'student step',
      lines: [{ column: 'validationLoss', suffix: '', points: true }] },
  ];

  function column(slice, name) {
    const i = slice.columns.indexOf(name);
    return i < 0 ? null : slice.y[i];
  }

  /** The charts live in {@code root}: a child per chart, made here. */
  function create(root) {
    const boxes = {};
    const plots = {};
    let request = 0;
    clear(root);
    for (const c of CHARTS) {
      boxes[c.name] = el('div', { class: 'overlay-chart', id: 'overlay-' + c.name, 'data-trials': '0' });
      root.appendChild(el('div', { class: 'overlay-cell' }, el('h3', { text: c.title }), boxes[c.name]));
    }

    /** Shows the curves of {@code trials} ([{trialId, label, color}]), replacing what was shown. */
    async function show(trials) {
      const mine = ++request;
      const slices = await Promise.all(trials.map(t => Promise.all(CHARTS.map(c =>
        getJson('/api/trials/' + encodeURIComponent(t.trialId) + '/series/' + c.series + '?points=' + POINTS + '&mode=minmax')
          .catch(() => null)))));
      if (mine !== request) return;   // a newer selection was asked for meanwhile
      CHARTS.forEach((c, k) => render(c, trials.map((t, i) => ({ trial: t, slice: slices[i][k] }))));
    }

    function render(chart, perTrial) {
      const box = boxes[chart.name];
      if (plots[chart.name]) { plots[chart.name].destroy(); delete plots[chart.name]; }
      clear(box);
      const tables = [];
      const series = [{ label: chart.x }];
      let shown = 0;
      for (const { trial, slice } of perTrial) {
        if (!slice || !slice.x.length) continue;
        const cols = chart.lines.map(l => column(slice, l.column));
        if (cols.every(c => c === null)) continue;
        shown++;
        tables.push([slice.x, ...cols.map(c => c || slice.x.map(() => null))]);
        chart.lines.forEach(l => series.push({ label: trial.label + l.suffix, stroke: trial.color, width: l.width || 1.75,
          dash: l.dash, spanGaps: true, points: { show: !!l.points, size: 6, fill: trial.color } }));
      }
      box.dataset.trials = String(shown);
      if (!shown) {
        box.appendChild(el('p', { class: 'muted', text: perTrial.length === 0 ? 'Tick trials in the table to compare them.'
          : chart.name === 'validation' ? 'No validation results: they are reported at the rungs of an experiment\'s search: section.'
          : 'No data yet for the selected trials.' }));
        return;
      }
      const width = Math.max(320, box.clientWidth || 600);
      plots[chart.name] = new uPlot({
        width, height: 220,
        scales: { x: { time: false } },
        axes: [{ stroke: '#8a99ab', grid: { stroke: '#1e2835' }, label: chart.x },
               { stroke: '#8a99ab', grid: { stroke: '#1e2835' }, size: 60 }],
        series,
        cursor: { sync: { key: 'shears-overlay' } },
        legend: { live: true },
      }, uPlot.join(tables), box);
    }

    function resize() {
      for (const [name, u] of Object.entries(plots)) u.setSize({ width: Math.max(320, boxes[name].clientWidth), height: 220 });
    }

    return { show, resize };
  }

  return { create };
})();
