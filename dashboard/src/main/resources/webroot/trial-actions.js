'use strict';
/* Cancel or retry one trial with the API token, after a confirmation: on the trial page and on each row of an
   experiment's trials table. An action is offered only in the states where the orchestrator allows it: cancel
   until the trial has finished, retry once it failed, was cancelled or was stopped early. */
const ShearsTrialActions = (() => {
  const { el, postJson } = Shears;
  const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'STOPPED'];
  const RETRYABLE = ['FAILED', 'CANCELLED', 'STOPPED'];

  function applies(action, state) {
    return action === 'cancel' ? !TERMINAL.includes(state) : RETRYABLE.includes(state);
  }

  function question(action, trialId, state) {
    return action === 'cancel'
      ? 'Cancel trial ' + trialId + '? It stops where it is and is not evaluated; you can retry it later from its first step.'
      : 'Retry trial ' + trialId + ' (' + String(state || '?').toLowerCase() + ')? It runs again from its first step as a new'
        + ' attempt; its current curves and evaluation are replaced.';
  }

  /** Asks, then posts the action; report(text) gets what became of it ('' when the user said no). */
  async function run(action, trialId, state, report) {
    if (!window.confirm(question(action, trialId, state))) {
      report('');
      return;
    }
    const r = await postJson('/api/trials/' + encodeURIComponent(trialId) + '/' + action, {});
    const problem = Array.isArray(r.body) && r.body.length ? r.body[0].message : r.body && r.body.error;
    report(r.ok ? action + ': done'
      : r.status === 401 ? action + ' needs the API token: enter it on the Submit page'
      : action + ' failed: ' + (problem || r.status));
  }

  /** A table cell's Cancel and Retry buttons for trial {@code t}, disabled where the action does not apply. */
  function buttons(t, report) {
    const button = (action, label) => el('button', { class: 'secondary row-action', type: 'button', 'data-action': action,
      title: applies(action, t.state) ? label + ' trial ' + t.trialId : 'not possible while the trial is ' + String(t.state).toLowerCase(),
      text: label, onclick: () => run(action, t.trialId, t.state, text => report(t.trialId, text)) });
    const cancel = button('cancel', 'Cancel');
    const retry = button('retry', 'Retry');
    cancel.disabled = !applies('cancel', t.state);
    retry.disabled = !applies('retry', t.state);
    return el('span', { class: 'row-actions' }, cancel, retry);
  }

  return { applies, run, buttons };
})();

/* The trial page's own buttons. */
(() => {
  const cancel = document.getElementById('trial-cancel');
  if (!cancel) return;
  const retry = document.getElementById('trial-retry');
  const result = document.getElementById('trial-action-result');
  const id = Shears.pathId();
  let state = null;

  document.addEventListener('shears:trial', (e) => {
    state = e.detail.row.state;
    cancel.disabled = !ShearsTrialActions.applies('cancel', state);
    retry.disabled = !ShearsTrialActions.applies('retry', state);
  });
  const report = (text) => { result.textContent = text; };
  cancel.addEventListener('click', () => ShearsTrialActions.run('cancel', id, state, report));
  retry.addEventListener('click', () => ShearsTrialActions.run('retry', id, state, report));
})();
