'use strict';
/* Comparing an experiment's trials: the trials ticked in the table (up to eight, a colour each) have their curves
   overlaid (ShearsOverlay) with a legend per trial, and stand out in the parallel coordinates (ShearsParallel),
   whose brushed ranges filter the table. The page calls update() after each table render and rowChanged() when a
   trial's row changes; changed() is the page's table redraw. */
const ShearsCompare = (() => {
  const { el, clear } = Shears;
  const MAX = 8;
  const COLORS = ['#4aa3ff', '#f5b942', '#3ecf8e', '#ff6b6b', '#b48cff', '#5ee0e0', '#ff9ecf', '#c8d36b'];
  const REFRESH_MS = 3000;
  // The parallel coordinates are rebuilt at most this often while rows stream in (a sweep of a thousand trials
  // updates rows many times a second); a brush or a tick redraws at once.
  const PARALLEL_MS = 1000;

  function create({ changed }) {
    const picked = new Map();   // trialId -> colour, in the order ticked
    const known = new Map();    // trialId -> latest row
    let report = null;
    let refreshTimer = null;
    let drawnAt = 0;
    let drawTimer = null;
    const overlay = ShearsOverlay.create(document.getElementById('overlay'));
    const parallel = ShearsParallel.create(document.getElementById('parallel-box'), () => { changed(); drawParallel(); });
    const legend = document.getElementById('overlay-legend');

    function label(t) { return (t.index >= 0 ? '#' + t.index + ' ' : '') + (t.label || t.trialId); }

    function freeColor() { return COLORS.find(c => ![...picked.values()].includes(c)); }

    function toggle(trialId, on) {
      if (on && !picked.has(trialId) && picked.size < MAX) picked.set(trialId, freeColor());
      else if (!on) picked.delete(trialId);
      changed();
      drawParallel();
      showOverlay();
    }

    function showOverlay() {
      renderLegend();
      overlay.show([...picked].map(([trialId, color]) => ({ trialId, color, label: label(known.get(trialId) || { trialId, index: -1 }) })))
        .catch(console.error);
    }

    function renderLegend() {
      clear(legend);
      document.getElementById('overlay-count').textContent = picked.size
        ? picked.size + ' of at most ' + MAX + ' trials' : 'tick up to ' + MAX + ' trials in the table';
      document.getElementById('overlay-clear').hidden = picked.size === 0;
      for (const [trialId, color] of picked) {
        const t = known.get(trialId) || { trialId, index: -1 };
        legend.appendChild(el('span', { class: 'legend-item', 'data-trial': trialId },
          el('span', { class: 'swatch', style: 'background:' + color }),
          el('a', { href: '/trials/' + encodeURIComponent(trialId), text: label(t) }),
          t.state ? el('span', { class: 'muted', text: ' ' + t.state }) : null,
          el('button', { class: 'unpick secondary', type: 'button', title: 'remove from the comparison', text: '×',
            onclick: () => toggle(trialId, false) })));
      }
    }

    /** The table's checkbox cell for {@code t}. */
    function checkbox(t) {
      const on = picked.has(t.trialId);
      const box = el('input', { type: 'checkbox', class: 'pick', 'aria-label': 'compare ' + t.trialId,
        title: on ? 'in the comparison' : picked.size >= MAX ? 'at most ' + MAX + ' trials at once' : 'add to the comparison',
        onchange: ev => toggle(t.trialId, ev.target.checked) });
      box.checked = on;
      box.disabled = !on && picked.size >= MAX;
      return el('span', { class: 'pick-cell' }, box, on ? el('span', { class: 'swatch', style: 'background:' + picked.get(t.trialId) }) : null);
    }

    function note() {
      const box = document.getElementById('parallel-note');
      clear(box);
      if (!parallel.brushed()) {
        box.textContent = 'Drag along an axis to keep the trials in that range (the table follows); click an axis to clear it.';
        return;
      }
      const n = [...known.values()].filter(parallel.admits).length;
      box.append(n + ' of ' + known.size + ' trials inside the brushed ranges; the table shows only them. ',
        el('button', { class: 'secondary', type: 'button', id: 'parallel-clear', text: 'Clear ranges', onclick: () => parallel.clear() }));
    }

    function drawParallel() {
      if (drawTimer !== null) { clearTimeout(drawTimer); drawTimer = null; }
      if (parallel.dragging()) { drawTimer = setTimeout(drawParallel, 200); return; }
      drawnAt = Date.now();
      parallel.draw([...known.values()], report, picked);
      note();
    }

    /** Takes every trial (not only the filtered ones) and the report; redraws the parallel coordinates from them. */
    function update(trials, latestReport) {
      report = latestReport;
      known.clear();
      for (const t of trials) known.set(t.trialId, t);
      const wait = drawnAt + PARALLEL_MS - Date.now();
      if (wait <= 0) drawParallel();
      else if (drawTimer === null) drawTimer = setTimeout(drawParallel, wait);
    }

    /** A picked trial's curves grew: reload them, at most every few seconds. */
    function rowChanged(trialId) {
      if (!picked.has(trialId) || refreshTimer !== null) return;
      refreshTimer = setTimeout(() => { refreshTimer = null; showOverlay(); }, REFRESH_MS);
    }

    document.getElementById('overlay-clear').addEventListener('click', () => {
      picked.clear();
      changed();
      drawParallel();
      showOverlay();
    });
    window.addEventListener('resize', Shears.throttled(() => { overlay.resize(); changed(); }));
    showOverlay();

    return {
      checkbox, update, rowChanged,
      picked: trialId => picked.has(trialId),
      admits: t => parallel.admits(t),
      filtering: () => parallel.brushed(),
    };
  }

  return { create };
})();
