'use strict';
(() => {
  const { el, clear, getJson, badge, counts } = Shears;
  const rows = new Map();
  const tbody = document.querySelector('#experiments tbody');

  function render() {
    const list = [...rows.values()].sort((a, b) => String(b.submittedAt || '').localeCompare(String(a.submittedAt || '')));
    clear(tbody);
    for (const x of list) {
      tbody.appendChild(el('tr', { 'data-id': x.experimentId },
        el('td', null, el('a', { href: '/experiments/' + encodeURIComponent(x.experimentId), class: 'exp-name', text: x.name })),
        el('td', null, badge(x.state)),
        el('td', { class: 'muted', text: x.submittedAt ? new Date(x.submittedAt).toLocaleString() : '–' }),
        el('td', { class: 'num', text: x.trialCount }),
        el('td', null, counts(x.counts)),
        el('td', { class: 'muted', text: x.submittedBy || '' })));
    }
    document.getElementById('empty').hidden = list.length > 0;
  }

  async function resync() {
    const list = await getJson('/api/experiments');
    rows.clear();
    for (const x of list) rows.set(x.experimentId, x);
    render();
  }

  const redraw = Shears.throttled(render);
  Shears.stream(['experiments'], {
    resync: () => resync().catch(console.error),
    message: (m) => {
      if (m.type === 'experiment' && m.value) { rows.set(m.id, m.value); redraw(); }
    },
  });
})();
