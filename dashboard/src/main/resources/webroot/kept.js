'use strict';
/* The trial page's "kept structure per layer": what the exported model kept of its teacher, from the export stage's
   metrics (kept.encoder.<l>.heads|ffnDims, kept.decoder.<k>.layer|selfHeads|crossHeads|ffnDims, teacher.*). Before
   an export, the encoder part is read off the newest mask event instead (heads with E[z] ≥ 0.5, the expected FFN
   dimensions kept), and says so. */
const ShearsKept = (() => {
  const { el, clear } = Shears;

  function exportMetrics(detail) {
    const spans = (detail && detail.stages ? detail.stages : [])
      .filter(s => s.stage === 'export' && s.metrics && s.metrics['kept.encoder.0.heads'] !== undefined);
    return spans.length ? spans[spans.length - 1].metrics : null;
  }

  function meter(kept, of) {
    const share = of > 0 ? Math.max(0, Math.min(1, kept / of)) : 0;
    return el('span', { class: 'kept-meter', title: of > 0 ? (100 * share).toFixed(1) + '% kept' : null },
      el('span', { class: 'kept-fill', style: 'width:' + (100 * share).toFixed(1) + '%' }));
  }

  function cell(kept, of) {
    return el('td', { class: 'num' }, meter(kept, of), ' ' + kept + (of > 0 ? ' / ' + of : ''));
  }

  function table(head, rows) {
    return el('table', { class: 'kept' }, el('thead', null, el('tr', null, head.map((h, i) => el('th', { class: i ? 'num' : null, text: h })))),
      el('tbody', null, rows));
  }

  function fromExport(box, m) {
    const layers = m['teacher.layers'], heads = m['teacher.heads'], ffn = m['teacher.ffnDims'];
    const enc = [];
    for (let l = 0; m['kept.encoder.' + l + '.heads'] !== undefined; l++) {
      enc.push(el('tr', { 'data-layer': l }, el('td', { text: 'encoder ' + l }),
        cell(m['kept.encoder.' + l + '.heads'], heads), cell(m['kept.encoder.' + l + '.ffnDims'], ffn)));
    }
    const dec = [];
    const sources = [];
    for (let k = 0; m['kept.decoder.' + k + '.layer'] !== undefined; k++) {
      sources.push(m['kept.decoder.' + k + '.layer']);
      dec.push(el('tr', { 'data-block': k }, el('td', { text: 'decoder ' + k + ' ← teacher layer ' + m['kept.decoder.' + k + '.layer'] }),
        cell(m['kept.decoder.' + k + '.selfHeads'], heads), cell(m['kept.decoder.' + k + '.crossHeads'], heads),
        cell(m['kept.decoder.' + k + '.ffnDims'], ffn)));
    }
    const keptHeads = enc.length ? Object.keys(m).filter(k => /^kept\.encoder\.\d+\.heads$/.test(k)).reduce((a, k) => a + m[k], 0) : 0;
    box.append(
      el('p', { id: 'kept-summary', text: 'Exported model: encoder ' + keptHeads + ' of ' + layers * heads + ' heads kept; decoder '
        + sources.length + ' of ' + m['teacher.decoderLayers'] + ' layers kept (teacher layers ' + sources.join(', ') + ', 0-based).' }),
      table(['Encoder layer', 'Heads', 'FFN dims'], enc),
      table(['Decoder block', 'Self-attn heads', 'Cross-attn heads', 'FFN dims'], dec));
  }

  function fromMasks(box, detail, heads, ffn) {
    const n = heads.x.length;
    const perLayer = detail.headsPerLayer || 0;
    const rows = [];
    for (let l = 0; perLayer > 0 && l * perLayer < heads.y.length; l++) {
      const on = heads.y.slice(l * perLayer, (l + 1) * perLayer).filter(col => col[n - 1] !== null && col[n - 1] >= 0.5).length;
      const f = ffn && ffn.y[l] && ffn.x.length ? ffn.y[l][ffn.x.length - 1] : null;
      rows.push(el('tr', { 'data-layer': l }, el('td', { text: 'encoder ' + l }), cell(on, perLayer),
        el('td', { class: 'num', text: f === null || f === undefined ? '–' : String(Math.round(f)) })));
    }
    box.append(el('p', { id: 'kept-summary', text: 'Expected so far, from the mask event at step ' + heads.x[n - 1]
      + ' (heads with E[z] ≥ 0.5, expected FFN dimensions kept); the export reports the exact structure.' }),
    table(['Encoder layer', 'Heads', 'FFN dims'], rows));
  }

  /** Fills {@code box} from the trial's detail and its head and FFN mask series. */
  function render(box, detail, heads, ffn) {
    const m = exportMetrics(detail);
    if (!m && !(heads && heads.x.length)) return;
    clear(box);
    box.classList.remove('muted');
    if (m) fromExport(box, m); else fromMasks(box, detail, heads, ffn);
  }

  return { render };
})();
