'use strict';
(() => {
  const { el, clear, getJson, badge, counts } = Shears;
  const rows = new Map();
  const tbody = document.querySelector('#experiments tbody');
  const filter = document.getElementById('tag-filter');

  /* The tags asked for: words of the filter box (commas or spaces between them), matched whole and in any case;
     the page's ?tag= parameters fill the box, so a filtered list can be linked. */
  function wanted() {
    return filter.value.split(/[,\s]+/).map(t => t.trim().toLowerCase()).filter(t => t.length);
  }

  function hasAll(x, tags) {
    const own = (x.tags || []).map(t => t.toLowerCase());
    return tags.every(t => own.includes(t));
  }

  function addTag(tag) {
    if (!wanted().includes(tag.toLowerCase())) filter.value = (filter.value.trim() + ' ' + tag).trim();
    changed();
  }

  function tagCell(x) {
    return el('span', { class: 'tags' }, (x.tags || []).map(t => el('button', { type: 'button', class: 'tag',
      title: 'show only experiments tagged ' + t, text: t, onclick: () => addTag(t) })));
  }

  function render() {
    const tags = wanted();
    const all = [...rows.values()].sort((a, b) => String(b.submittedAt || '').localeCompare(String(a.submittedAt || '')));
    const list = all.filter(x => hasAll(x, tags));
    clear(tbody);
    for (const x of list) {
      tbody.appendChild(el('tr', { 'data-id': x.experimentId },
        el('td', null, el('a', { href: '/experiments/' + encodeURIComponent(x.experimentId), class: 'exp-name', text: x.name })),
        el('td', null, badge(x.state)),
        el('td', { class: 'tag-cell' }, tagCell(x)),
        el('td', { class: 'muted', text: x.submittedAt ? new Date(x.submittedAt).toLocaleString() : '–' }),
        el('td', { class: 'num', text: x.trialCount }),
        el('td', null, counts(x.counts)),
        el('td', { class: 'muted', text: x.submittedBy || '' })));
    }
    document.getElementById('empty').hidden = all.length > 0;
    document.getElementById('none-tagged').hidden = !(all.length && !list.length);
    document.getElementById('experiment-count').textContent = tags.length
      ? list.length + ' of ' + all.length + ' experiments' : all.length ? all.length + ' experiments' : '';
  }

  function changed() {
    const url = new URL(location.href);
    url.searchParams.delete('tag');
    for (const t of wanted()) url.searchParams.append('tag', t);
    history.replaceState(null, '', url);
    render();
  }

  filter.value = new URLSearchParams(location.search).getAll('tag').join(' ');
  filter.addEventListener('input', changed);

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
