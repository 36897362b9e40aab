'use strict';
(() => {
  const { el, clear, getJson } = Shears;
  const workers = new Map();
  const tbody = document.querySelector('#workers tbody');

  function gpuCell(gpus) {
    const td = el('td');
    for (const g of gpus || []) {
      const used = g.memoryTotalMb > 0 ? 1 - g.memoryFreeMb / g.memoryTotalMb : 0;
      td.appendChild(el('span', { class: 'gpu', title: g.name },
        '#' + g.index + ' ' + g.name + ' ',
        el('span', { class: 'bar-outer' }, el('span', { class: 'bar-inner', style: 'display:block;width:' + Math.round(used * 100) + '%' })),
        ' ' + Math.round((g.memoryTotalMb - g.memoryFreeMb) / 1024) + '/' + Math.round(g.memoryTotalMb / 1024) + ' GiB · '
          + Math.round(100 * (g.utilisation || 0)) + '%'));
    }
    if (!gpus || gpus.length === 0) td.appendChild(el('span', { class: 'muted', text: 'CPU' }));
    return td;
  }

  function render() {
    clear(tbody);
    const list = [...workers.values()].sort((a, b) => (a.kind + a.workerId).localeCompare(b.kind + b.workerId));
    for (const w of list) {
      const trials = el('td');
      for (const t of w.runningTrials || []) {
        trials.appendChild(el('a', { href: '/trials/' + encodeURIComponent(t), text: t }));
        trials.appendChild(document.createTextNode(' '));
      }
      tbody.appendChild(el('tr', { 'data-id': w.workerId },
        el('td', { text: w.workerId }),
        el('td', { text: w.kind }),
        el('td', { text: w.host }),
        el('td', null, el('span', { class: 'badge s-' + (w.alive ? 'RUNNING' : 'FAILED'), text: w.alive ? 'alive' : 'gone' })),
        el('td', { class: 'num', text: w.slots }),
        gpuCell(w.gpus), trials,
        el('td', { class: 'muted', text: w.lastSeen ? new Date(w.lastSeen).toLocaleTimeString() : '' })));
    }
    document.getElementById('empty').hidden = list.length > 0;
  }

  async function resync() {
    const list = await getJson('/api/fleet');
    workers.clear();
    for (const w of list) workers.set(w.workerId, w);
    render();
  }

  const redraw = Shears.throttled(render);
  Shears.stream(['fleet'], {
    resync: () => resync().catch(console.error),
    message: (m) => { if (m.type === 'worker' && m.value) { workers.set(m.id, m.value); redraw(); } },
  });
  // Liveness is judged by the server against its clock; refresh it even when no heartbeat arrives.
  setInterval(() => resync().catch(() => {}), 5000);
})();
