'use strict';
/* Cancel or retry this trial, after a confirmation, with the API token. */
(() => {
  const { postJson, pathId } = Shears;
  const id = pathId();
  const cancel = document.getElementById('trial-cancel');
  const retry = document.getElementById('trial-retry');
  const result = document.getElementById('trial-action-result');
  const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'STOPPED'];
  const RETRYABLE = ['FAILED', 'CANCELLED', 'STOPPED'];
  let state = null;

  document.addEventListener('shears:trial', (e) => {
    state = e.detail.row.state;
    cancel.disabled = TERMINAL.includes(state);
    retry.disabled = !RETRYABLE.includes(state);
  });

  async function act(action, question) {
    if (!window.confirm(question)) {
      result.textContent = '';
      return;
    }
    const r = await postJson('/api/trials/' + encodeURIComponent(id) + '/' + action, {});
    const problem = Array.isArray(r.body) && r.body.length ? r.body[0].message : r.body && r.body.error;
    result.textContent = r.ok ? action + ': done'
      : r.status === 401 ? action + ' needs the API token: enter it on the Submit page'
      : action + ' failed: ' + (problem || r.status);
  }

  cancel.addEventListener('click', () => act('cancel', 'Cancel trial ' + id + '? It stops where it is and is not'
    + ' evaluated; you can retry it later from its first step.'));
  retry.addEventListener('click', () => act('retry', 'Retry trial ' + id + ' (' + (state || '?').toLowerCase()
    + ')? It runs again from its first step as a new attempt; its current curves and evaluation are replaced.'));
})();
