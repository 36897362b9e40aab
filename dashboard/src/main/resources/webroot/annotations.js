'use strict';
/* The experiment's tags and note: shown from the experiment row, edited with the API token. */
(() => {
  const { el, clear, postJson, pathId } = Shears;
  const id = pathId();
  const form = document.getElementById('annotation-form');
  const tagsInput = document.getElementById('tags-input');
  const noteInput = document.getElementById('note-input');
  const result = document.getElementById('annotation-result');
  const errors = document.getElementById('annotation-errors');
  let editing = false;

  function show(experiment) {
    const tags = experiment.tags || [];
    const view = clear(document.getElementById('tags-view'));
    if (!tags.length) view.appendChild(el('span', { class: 'muted', text: 'No tags.' }));
    for (const t of tags) view.appendChild(el('span', { class: 'tag', text: t }));
    const note = document.getElementById('note-view');
    note.textContent = experiment.note || 'No note.';
    note.classList.toggle('muted', !experiment.note);
    if (!editing) {
      tagsInput.value = tags.join(', ');
      noteInput.value = experiment.note || '';
    }
  }

  for (const input of [tagsInput, noteInput]) input.addEventListener('input', () => { editing = true; });
  document.addEventListener('shears:experiment', (e) => show(e.detail));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(errors);
    result.textContent = 'saving…';
    const tags = tagsInput.value.split(/[,\s]+/).map((t) => t.trim()).filter((t) => t.length);
    const r = await postJson('/api/experiments/' + encodeURIComponent(id) + '/annotations',
      { tags, note: noteInput.value });
    if (r.ok) {
      editing = false;
      result.textContent = 'saved';
      return;
    }
    result.textContent = r.status === 401 ? 'saving needs the API token: enter it on the Submit page'
      : 'not saved (' + r.status + ')';
    const problems = Array.isArray(r.body) ? r.body : [{ path: '', message: (r.body && r.body.error) || String(r.status) }];
    for (const p of problems) errors.appendChild(el('li', { text: (p.path ? p.path + ': ' : '') + p.message }));
  });
})();
