'use strict';
/* The experiment's quality vs speed-up plot, drawn as SVG from its report: a point per evaluated model with its 95%
   intervals as error bars on both axes where the evaluation measured them (speed-up: bootstrap over the timing rounds;
   quality: the teacher's score plus the paired-bootstrap interval of the difference to it), the Pareto front the
   report module marked (rows' paretoOptimal) joined in orange, a tooltip naming the trial and its values on hover,
   and a click through to the trial's page. */
const ShearsScatter = (() => {
  const { el, svg, clear } = Shears;
  const HEIGHT = 340, LEFT = 76, RIGHT = 24, TOP = 20, BOTTOM = 44;

  function num(v) { return typeof v === 'number' && Number.isFinite(v) ? v : null; }

  function points(report) {
    const rows = report && report.rows ? report.rows : [];
    const teacherRow = rows.find(r => r.teacher);
    const tq = teacherRow ? num(teacherRow.quality) : null;
    return rows.filter(r => num(r.quality) !== null && num(r.speedup) !== null).map(r => ({
      row: r, x: r.speedup, y: r.quality,
      xLo: r.speedupInterval ? r.speedupInterval.low : null, xHi: r.speedupInterval ? r.speedupInterval.high : null,
      yLo: r.difference && tq !== null ? tq + r.difference.low : null,
      yHi: r.difference && tq !== null ? tq + r.difference.high : null,
    }));
  }

  function range(values, margin, minSpan) {
    let lo = Math.min(...values), hi = Math.max(...values);
    if (hi - lo < 1e-9) { lo -= minSpan; hi += minSpan; }
    const m = (hi - lo) * margin;
    return [lo - m, hi + m];
  }

  function interval(ci, scale, digits) {
    return ci ? ' [' + (scale * ci.low).toFixed(digits) + ', ' + (scale * ci.high).toFixed(digits) + ']' : '';
  }

  function tipLines(p, metric) {
    const r = p.row;
    const lines = [r.label];
    if (r.trialId) lines.push('trial ' + r.trialId);
    lines.push(metric + ' ' + (100 * r.quality).toFixed(2)
      + (p.yLo === null ? '' : ' [' + (100 * p.yLo).toFixed(2) + ', ' + (100 * p.yHi).toFixed(2) + ']'));
    if (!r.teacher && num(r.retainedPercent) !== null) {
      lines.push('retained ' + r.retainedPercent.toFixed(1) + '%' + interval(r.retainedInterval, 1, 1));
    }
    lines.push('speed-up ' + r.speedup.toFixed(2) + '×' + interval(r.speedupInterval, 1, 2));
    lines.push('params ' + Shears.count(r.params) + ' · encoder sparsity ' + (100 * r.encoderSparsity).toFixed(1) + '%'
      + (num(r.modelSparsity) === null ? '' : ' · model sparsity ' + (100 * r.modelSparsity).toFixed(1) + '%'));
    if (r.paretoOptimal) lines.push('on the Pareto front');
    return lines;
  }

  function errorBar(cls, x1, y1, x2, y2) {
    const cap = 3, horizontal = y1 === y2;
    return svg('g', { class: 'ci ' + cls },
      svg('line', { x1, y1, x2, y2 }),
      horizontal ? svg('line', { x1, y1: y1 - cap, x2: x1, y2: y1 + cap }) : svg('line', { x1: x1 - cap, y1, x2: x1 + cap, y2: y1 }),
      horizontal ? svg('line', { x1: x2, y1: y2 - cap, x2, y2: y2 + cap }) : svg('line', { x1: x2 - cap, y1: y2, x2: x2 + cap, y2 }));
  }

  /** A plot in {@code box} (a positioned element); draw(report, metricLabel) redraws it. */
  function create(box) {
    const tip = el('div', { class: 'plot-tip', role: 'tooltip' });
    tip.hidden = true;

    function showTip(p, metric, cx, cy) {
      clear(tip);
      tipLines(p, metric).forEach((line, i) => tip.appendChild(el(i ? 'div' : 'b', { text: line })));
      tip.hidden = false;
      const left = cx + 14 + tip.offsetWidth > box.clientWidth ? cx - 14 - tip.offsetWidth : cx + 14;
      tip.style.left = Math.max(0, left) + 'px';
      tip.style.top = Math.max(0, cy - tip.offsetHeight / 2) + 'px';
    }

    function draw(report, metric) {
      clear(box);
      const width = Math.max(400, box.clientWidth || 700);
      const plot = svg('svg', { id: 'scatter', width, height: HEIGHT, viewBox: '0 0 ' + width + ' ' + HEIGHT,
        role: 'img', 'aria-label': 'quality vs speed-up' });
      box.append(plot, tip);
      tip.hidden = true;
      const pts = points(report);
      if (!pts.length) {
        plot.appendChild(svg('text', { class: 'axis-label', x: LEFT, y: HEIGHT / 2, text: 'No evaluated trials yet' }));
        return;
      }
      const [x0, x1] = range(pts.flatMap(p => [p.x, p.xLo, p.xHi]).filter(v => v !== null), 0.08, 0.5);
      const [y0, y1] = range(pts.flatMap(p => [p.y, p.yLo, p.yHi]).filter(v => v !== null), 0.12, 0.05);
      const X = v => LEFT + (v - x0) / (x1 - x0) * (width - LEFT - RIGHT);
      const Y = v => HEIGHT - BOTTOM - (v - y0) / (y1 - y0) * (HEIGHT - TOP - BOTTOM);
      plot.appendChild(svg('rect', { class: 'frame', x: LEFT, y: TOP, width: width - LEFT - RIGHT, height: HEIGHT - TOP - BOTTOM }));
      for (let i = 0; i <= 4; i++) {
        const xv = x0 + (x1 - x0) * i / 4, yv = y0 + (y1 - y0) * i / 4;
        plot.appendChild(svg('text', { class: 'tick', x: X(xv), y: HEIGHT - BOTTOM + 16, 'text-anchor': 'middle', text: xv.toFixed(2) }));
        plot.appendChild(svg('text', { class: 'tick', x: LEFT - 6, y: Y(yv) + 4, 'text-anchor': 'end', text: (100 * yv).toFixed(1) }));
      }
      plot.appendChild(svg('text', { class: 'axis-label', x: LEFT + (width - LEFT - RIGHT) / 2, y: HEIGHT - 10,
        'text-anchor': 'middle', text: 'speed-up over teacher →' }));
      plot.appendChild(svg('text', { class: 'axis-label', transform: 'translate(16 ' + (TOP + (HEIGHT - TOP - BOTTOM) / 2)
        + ') rotate(-90)', 'text-anchor': 'middle', text: 'quality (' + metric + ' ×100) →' }));
      const front = pts.filter(p => p.row.paretoOptimal).sort((a, b) => a.x - b.x);
      if (front.length > 1) {
        plot.appendChild(svg('polyline', { class: 'pareto-front', points: front.map(p => X(p.x) + ',' + Y(p.y)).join(' ') }));
      }
      const markers = [];
      for (const p of pts) {
        const cx = X(p.x), cy = Y(p.y), r = p.row;
        const g = svg('g', { class: 'point' + (r.teacher ? ' teacher' : r.paretoOptimal ? ' pareto' : ''),
          'data-trial': r.trialId, 'data-label': r.label });
        if (p.xLo !== null) g.appendChild(errorBar('ci-x', X(p.xLo), cy, X(p.xHi), cy));
        if (p.yLo !== null) g.appendChild(errorBar('ci-y', cx, Y(p.yLo), cx, Y(p.yHi)));
        g.appendChild(svg('circle', { cx, cy, r: 5 }));
        g.addEventListener('mouseenter', () => showTip(p, metric, cx, cy));
        g.addEventListener('mouseleave', () => { tip.hidden = true; });
        plot.appendChild(r.trialId ? svg('a', { href: '/trials/' + encodeURIComponent(r.trialId) }, g) : g);
        markers.push({ x: cx - 6, y: cy - 6, w: 12, h: 12 });
      }
      labels(plot, pts.map(p => ({ text: p.row.label, x: X(p.x), y: Y(p.y) })), markers,
        { x: LEFT, y: TOP, w: width - LEFT - RIGHT, h: HEIGHT - TOP - BOTTOM });
    }

    return { draw };
  }

  /* Labels go where they cover no marker, no other label and stay inside the plot; else they are left out. */
  function labels(plot, items, markers, bounds) {
    const placed = [];
    for (const item of items) {
      const text = svg('text', { class: 'point-label', text: item.text });
      plot.appendChild(text);
      const tw = text.getComputedTextLength(), th = 12;
      const options = [[8, -th - 4], [8, 4], [-tw - 8, -th - 4], [-tw - 8, 4], [-tw / 2, -th - 10], [-tw / 2, 10]];
      const spot = options.map(([dx, dy]) => ({ x: item.x + dx, y: item.y + dy, w: tw, h: th }))
        .find(r => inside(r, bounds) && !markers.some(m => overlap(r, m)) && !placed.some(q => overlap(r, q)));
      if (!spot) { plot.removeChild(text); continue; }
      placed.push(spot);
      text.setAttribute('x', spot.x);
      text.setAttribute('y', spot.y + th - 2);
    }
  }

  function overlap(a, b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; }
  function inside(a, b) { return a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h; }

  return { create };
})();
