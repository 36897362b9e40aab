'use strict';
/* Parallel coordinates over an experiment's trials, as SVG: an axis per swept field, then quality retained, speed-up,
   encoder sparsity and parameters; a line per trial through the axes where it has a value. Dragging along an axis
   keeps the trials inside that range (ranges on several axes must all hold; a trial without a value on a brushed
   axis is out); a click on an axis clears its range. onChange() runs after every brush change, so the page can
   filter its table with admits(trial). */
const ShearsParallel = (() => {
  const { svg, clear, count } = Shears;
  const HEIGHT = 300, TOP = 34, BOTTOM = 30, SIDE = 70;

  function num(v) { return typeof v === 'number' && Number.isFinite(v) ? v : null; }

  function sweptText(v) {
    if (v === null || v === undefined) return null;
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }

  /** Axes of the given trials: each {key, label, value(t), format(v)}, plus categories for non-numeric ones. */
  function dimensions(trials, report) {
    const byTrial = new Map((report && report.rows ? report.rows : []).filter(r => r.trialId).map(r => [r.trialId, r]));
    const swept = [];
    for (const t of trials) for (const k of Object.keys(t.swept || {})) if (!swept.includes(k)) swept.push(k);
    const dims = swept.map(k => {
      const values = trials.map(t => (t.swept || {})[k]).filter(v => v !== null && v !== undefined);
      if (values.every(v => typeof v === 'number')) {
        return { key: 'swept:' + k, label: k, value: t => num((t.swept || {})[k]), format: v => String(+v.toPrecision(4)) };
      }
      const categories = [...new Set(values.map(sweptText))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
      return { key: 'swept:' + k, label: k, categories, value: t => sweptText((t.swept || {})[k]), format: v => v };
    });
    const report1 = t => byTrial.get(t.trialId);
    dims.push(
      { key: 'retained', label: 'quality retained %', value: t => num(report1(t) && report1(t).retainedPercent), format: v => v.toFixed(1) },
      { key: 'speedup', label: 'speed-up ×', value: t => num(t.speedup), format: v => v.toFixed(2) },
      { key: 'sparsity', label: 'encoder sparsity', value: t => num(report1(t) ? report1(t).encoderSparsity : t.expectedSparsity),
        format: v => (100 * v).toFixed(1) + '%' },
      { key: 'params', label: 'params', value: t => num(t.params), format: count });
    return dims;
  }

  /**
   * Gives {@code dim} its scale over the trials' values: y(v) (null for no value), ticks, and toRange(y0, y1), the
   * values between two heights (numbers: {lo, hi}; categories: {set}), with span(range) its heights back.
   */
  function scale(dim, trials) {
    const top = TOP, bottom = HEIGHT - BOTTOM;
    if (dim.categories) {
      const n = dim.categories.length;
      dim.y = v => (v === null || !dim.categories.includes(v) ? null
        : n === 1 ? (top + bottom) / 2 : top + (bottom - top) * dim.categories.indexOf(v) / (n - 1));
      dim.ticks = dim.categories.map(c => ({ y: dim.y(c), text: c }));
      dim.toRange = (y0, y1) => ({ set: new Set(dim.categories.filter(c => dim.y(c) >= y0 && dim.y(c) <= y1)) });
      dim.holds = (range, v) => range.set.has(v);
      dim.span = range => {
        const ys = [...range.set].map(dim.y).filter(y => y !== null);
        return ys.length ? [Math.min(...ys) - 6, Math.max(...ys) + 6] : null;
      };
      return;
    }
    const values = trials.map(dim.value).filter(v => v !== null);
    let lo = values.length ? Math.min(...values) : 0, hi = values.length ? Math.max(...values) : 1;
    if (hi - lo < 1e-12) { const pad = Math.abs(lo) * 0.1 || 0.5; lo -= pad; hi += pad; }
    const valueAt = py => lo + (bottom - py) / (bottom - top) * (hi - lo);
    dim.y = v => (v === null ? null : bottom - (v - lo) / (hi - lo) * (bottom - top));
    dim.ticks = values.length ? [lo, (lo + hi) / 2, hi].map(v => ({ y: dim.y(v), text: dim.format(v) })) : [];
    dim.toRange = (y0, y1) => ({ lo: valueAt(y1), hi: valueAt(y0) });
    dim.holds = (range, v) => v >= range.lo && v <= range.hi;
    dim.span = range => [Math.max(top, dim.y(range.hi)), Math.min(bottom, dim.y(range.lo))];
  }

  function create(box, onChange) {
    const brushes = new Map();   // axis key -> the range of values kept on that axis
    let dims = [];
    let dragging = false;        // a redraw would drop the brush being dragged

    function inBrush(dim, t) {
      const range = brushes.get(dim.key);
      if (!range) return true;
      const v = dim.value(t);
      return v !== null && dim.holds(range, v);
    }

    function admits(t) { return dims.every(d => inBrush(d, t)); }

    /** Redraws from the trials and the report; {@code highlight} maps the trials picked for the overlay to colours. */
    function draw(trials, report, highlight) {
      dims = dimensions(trials, report);
      for (const key of [...brushes.keys()]) if (!dims.some(d => d.key === key)) brushes.delete(key);
      dims.forEach(d => scale(d, trials));
      clear(box);
      const width = Math.max(600, box.clientWidth || 900);
      const plot = svg('svg', { id: 'parallel', width, height: HEIGHT, viewBox: '0 0 ' + width + ' ' + HEIGHT,
        role: 'img', 'aria-label': 'parallel coordinates from swept fields to metrics' });
      box.appendChild(plot);
      const step = dims.length > 1 ? (width - 2 * SIDE) / (dims.length - 1) : 0;
      const X = i => SIDE + i * step;
      const lines = svg('g', { class: 'pc-lines' });
      plot.appendChild(lines);
      // Lines first (selected ones last, on top), then axes and brushes over them.
      const ordered = [...trials].sort((a, b) => (highlight.has(a.trialId) ? 1 : 0) - (highlight.has(b.trialId) ? 1 : 0));
      for (const t of ordered) {
        let d = '', pen = 'M';
        dims.forEach((dim, i) => {
          const y = dim.y(dim.value(t));
          if (y === null) { pen = 'M'; return; }
          d += pen + X(i).toFixed(1) + ' ' + y.toFixed(1) + ' ';
          pen = 'L';
        });
        if (!d) continue;
        const color = highlight.get(t.trialId);
        const title = [(t.index >= 0 ? '#' + t.index + ' ' : '') + (t.label || t.trialId), t.trialId]
          .concat(dims.map(dim => { const v = dim.value(t); return dim.label + ': ' + (v === null ? '–' : dim.format(v)); }))
          .join('\n');
        lines.appendChild(svg('path', { d, 'data-trial': t.trialId,
          class: 'pc-line' + (admits(t) ? '' : ' out') + (color ? ' picked' : ''), style: color ? 'stroke:' + color : null },
          svg('title', { text: title })));
      }
      dims.forEach((dim, i) => plot.appendChild(axis(dim, X(i), i, dims.length)));
    }

    function axis(dim, x, i, n) {
      const anchor = i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle';
      const g = svg('g', { class: 'pc-axis' + (brushes.has(dim.key) ? ' brushed' : ''), 'data-key': dim.key },
        svg('line', { x1: x, y1: TOP, x2: x, y2: HEIGHT - BOTTOM }),
        svg('text', { class: 'pc-label', x: i === 0 ? x - 10 : i === n - 1 ? x + 10 : x, y: TOP - 14, 'text-anchor': anchor, text: dim.label }),
        dim.ticks.map(t => svg('text', { class: 'tick', x: x + 6, y: t.y + 4, text: t.text })));
      const range = brushes.get(dim.key);
      const span = range ? dim.span(range) : null;
      const brush = svg('rect', { class: 'pc-brush', x: x - 8, width: 16, y: span ? span[0] : 0,
        height: span ? Math.max(2, span[1] - span[0]) : 0 });
      if (!span) brush.setAttribute('visibility', 'hidden');
      const hit = svg('rect', { class: 'pc-hit', x: x - 14, y: TOP - 6, width: 28, height: HEIGHT - TOP - BOTTOM + 12 });
      g.append(brush, hit);
      let start = null;
      const yOf = ev => {
        const r = hit.ownerSVGElement.getBoundingClientRect();
        return Math.max(TOP, Math.min(HEIGHT - BOTTOM, (ev.clientY - r.top) * HEIGHT / r.height));
      };
      hit.addEventListener('pointerdown', ev => {
        start = yOf(ev);
        dragging = true;
        hit.setPointerCapture(ev.pointerId);
        ev.preventDefault();
      });
      hit.addEventListener('pointermove', ev => {
        if (start === null) return;
        const y = yOf(ev);
        brush.setAttribute('visibility', 'visible');
        brush.setAttribute('y', Math.min(start, y));
        brush.setAttribute('height', Math.abs(y - start));
      });
      hit.addEventListener('pointerup', ev => {
        if (start === null) return;
        const y = yOf(ev);
        if (Math.abs(y - start) < 3) brushes.delete(dim.key);
        else brushes.set(dim.key, dim.toRange(Math.min(start, y), Math.max(start, y)));
        start = null;
        dragging = false;
        onChange();
      });
      hit.addEventListener('pointercancel', () => { start = null; dragging = false; });
      return g;
    }

    function clearBrushes() { brushes.clear(); onChange(); }

    return { draw, admits, clear: clearBrushes, brushed: () => brushes.size > 0, dragging: () => dragging };
  }

  return { create };
})();
