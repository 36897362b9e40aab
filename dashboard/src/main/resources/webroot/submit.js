'use strict';
(() => {
  const { el, clear, getJson, postJson, token, setToken } = Shears;
  const form = document.getElementById('spec-form');
  const tokenInput = document.getElementById('f-token');
  const methodSelect = document.getElementById('f-method');
  tokenInput.value = token();

  /* The pruning methods from the registry (GET /api/methods): name, title, summary, sparsityScope, targetField and
     the schema of the method's own section. The fields with a data-role bind to the chosen method's section. */
  let methods = [];

  function bindMethod() {
    const m = methods.find(x => x.name === methodSelect.value);
    document.getElementById('method-summary').textContent = m ? m.title + ': ' + m.summary : '';
    document.getElementById('f-sparsity-label').textContent = m && m.sparsityScope === 'model'
      ? 'Model sparsity target' : 'Encoder sparsity target';
    for (const input of form.querySelectorAll('[data-role]')) {
      const role = input.dataset.role;
      const field = role === 'target' ? m && m.targetField : role;
      const schema = m && field ? m.section.fields[field] : null;
      const span = input.nextElementSibling;
      if (!schema) {
        delete input.dataset.path;
        input.disabled = true;
        span.dataset.errorFor = '';
        continue;
      }
      input.disabled = false;
      input.dataset.path = m.name + '.' + field;
      span.dataset.errorFor = input.dataset.path;
      if (schema.type === 'choice' && input.tagName === 'SELECT') {
        const current = input.value;
        clear(input);
        for (const v of schema.values) input.appendChild(el('option', { value: v, text: v }));
        input.value = schema.values.includes(current) ? current : (schema.values.includes('uniform') ? 'uniform' : schema.values[0]);
      }
    }
  }

  async function loadMethods() {
    try {
      methods = await getJson('/api/methods');
    } catch (e) {
      document.getElementById('form-errors').appendChild(el('li', { text: 'cannot load the methods: ' + e.message }));
      return;
    }
    const current = methodSelect.value;
    clear(methodSelect);
    for (const m of methods) methodSelect.appendChild(el('option', { value: m.name, text: m.name + ' — ' + m.title }));
    methodSelect.value = methods.some(m => m.name === current) ? current : methods[0].name;
    bindMethod();
  }

  methodSelect.addEventListener('change', bindMethod);
  loadMethods().then(prefillFromClone);

  function valueAt(obj, path) {
    let o = obj;
    for (const k of path.split('.')) {
      if (o === null || typeof o !== 'object' || !(k in o)) return undefined;
      o = o[k];
    }
    return o;
  }

  /** Removes the value at path, and the objects it leaves empty. */
  function removeAt(obj, path) {
    const keys = path.split('.');
    const chain = [obj];
    for (let i = 0; i < keys.length - 1; i++) chain.push(chain[i][keys[i]]);
    delete chain[keys.length - 1][keys[keys.length - 1]];
    for (let i = keys.length - 2; i >= 0; i--) {
      if (Object.keys(chain[i + 1]).length) break;
      delete chain[i][keys[i]];
    }
  }

  const plain = v => typeof v === 'number' || (typeof v === 'string' && !v.includes(','));

  /** The field's text for a spec value, or null when the field cannot say it (it then stays in the JSON box). */
  function fieldText(input, v) {
    const kind = input.dataset.kind;
    if (kind === 'grid' || kind === 'list') {
      const items = v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 ? v[kind] : undefined;
      if (Array.isArray(items) && items.length > 1 && items.every(plain)) return items.join(', ');
      return plain(v) ? String(v) : null;
    }
    if (kind === 'number') return typeof v === 'number' ? String(v) : null;
    if (typeof v !== 'string') return null;
    if (input.tagName === 'SELECT' && ![...input.options].some(o => o.value === v)) return null;
    return v;
  }

  /* /submit?clone=ID: the form holds experiment ID's spec, each value in its field where the field can say it
     exactly, the rest in the JSON box, so submitting unchanged sends the same spec. */
  async function prefillFromClone() {
    const source = new URLSearchParams(location.search).get('clone');
    if (!source) return;
    let spec;
    try {
      spec = (await getJson('/api/experiments/' + encodeURIComponent(source))).spec;
    } catch (e) {
      document.getElementById('form-errors').appendChild(el('li', { text: 'cannot clone experiment ' + source + ': ' + e.message }));
      return;
    }
    if (!spec || typeof spec !== 'object') {
      document.getElementById('form-errors').appendChild(el('li', { text: 'experiment ' + source + ' has no spec to clone' }));
      return;
    }
    const rest = JSON.parse(JSON.stringify(spec));
    if (typeof spec.method === 'string' && methods.some(m => m.name === spec.method)) {
      methodSelect.value = spec.method;
      bindMethod();
    }
    for (const input of form.querySelectorAll('[data-path]')) {
      const path = input.dataset.path;
      if (input.dataset.kind === 'json' || path === '') continue;
      const v = valueAt(spec, path);
      const text = v === undefined ? null : fieldText(input, v);
      input.value = text === null ? '' : text;
      if (text !== null) removeAt(rest, path);
    }
    document.getElementById('f-extra').value = Object.keys(rest).length ? JSON.stringify(rest, null, 2) : '';
    form.dataset.clonedFrom = source;
    document.getElementById('clone-note').textContent = 'Cloned from experiment ' + source + '; change what you want, then submit.';
  }

  function number(text) {
    const t = text.trim();
    return t !== '' && !Number.isNaN(Number(t)) ? Number(t) : t;
  }

  function setPath(obj, path, value) {
    const keys = path.split('.');
    let o = obj;
    for (let i = 0; i < keys.length - 1; i++) {
      if (typeof o[keys[i]] !== 'object' || o[keys[i]] === null) o[keys[i]] = {};
      o = o[keys[i]];
    }
    o[keys[keys.length - 1]] = value;
  }

  function merge(target, extra) {
    for (const [k, v] of Object.entries(extra)) {
      if (v && typeof v === 'object' && !Array.isArray(v) && target[k] && typeof target[k] === 'object') merge(target[k], v);
      else target[k] = v;
    }
    return target;
  }

  /** The spec the fields describe; a field that cannot be read becomes a local error beside it. */
  function buildSpec(localErrors) {
    const spec = {};
    for (const input of form.querySelectorAll('[data-path]')) {
      const path = input.dataset.path, kind = input.dataset.kind, raw = input.value;
      if (kind === 'json') {
        if (!raw.trim()) continue;
        try {
          const extra = JSON.parse(raw);
          if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) throw new Error('must be a JSON object');
          merge(spec, extra);
        } catch (e) {
          localErrors.push({ path: '', message: 'not valid JSON: ' + e.message });
        }
        continue;
      }
      if (raw.trim() === '') continue;
      if (kind === 'number') setPath(spec, path, number(raw));
      else if (kind === 'grid' || kind === 'list') {
        const items = raw.split(',').map(number).filter(v => v !== '');
        setPath(spec, path, items.length === 1 ? items[0] : (kind === 'grid' ? { grid: items } : { list: items }));
      } else setPath(spec, path, raw.trim());
    }
    return spec;
  }

  function clearErrors() {
    for (const span of form.querySelectorAll('.field-error')) span.textContent = '';
    for (const input of form.querySelectorAll('.invalid')) input.classList.remove('invalid');
    clear(document.getElementById('form-errors'));
    clear(document.getElementById('result'));
    document.getElementById('token-error').textContent = '';
  }

  /** Shows each error beside the field whose path is the longest prefix of the error's path. */
  function showErrors(errors) {
    const fields = [...form.querySelectorAll('[data-path]')];
    for (const err of errors) {
      const path = String(err.path || '');
      let best = null;
      for (const f of fields) {
        const p = f.dataset.path;
        const match = p === '' || path === p || path.startsWith(p + '.') || path.startsWith(p + '[');
        if (match && (!best || p.length > best.dataset.path.length)) best = f;
      }
      if (best && (best.dataset.path !== '' || path === '')) {
        const span = form.querySelector('.field-error[data-error-for="' + CSS.escape(best.dataset.path) + '"]');
        best.classList.add('invalid');
        span.textContent = (span.textContent ? span.textContent + ' · ' : '') + (path && path !== best.dataset.path ? path + ': ' : '') + err.message;
      } else {
        document.getElementById('form-errors').appendChild(el('li', { text: (path ? path + ': ' : '') + err.message }));
      }
    }
  }

  function errorsOf(body) {
    if (Array.isArray(body)) return body;
    if (body && Array.isArray(body.errors)) return body.errors;
    if (body && Array.isArray(body.problems)) return body.problems;
    return [{ path: '', message: (body && (body.error || body.message)) || 'rejected' }];
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors();
    const local = [];
    const spec = buildSpec(local);
    if (local.length) { showErrors(local); return; }
    setToken(tokenInput.value.trim());
    const button = document.getElementById('submit');
    button.disabled = true;
    try {
      const r = await postJson('/api/experiments', spec);
      if (r.ok) {
        const expId = r.body && (r.body.experimentId || r.body.id);
        const result = document.getElementById('result');
        result.className = 'ok';
        result.appendChild(document.createTextNode('Created experiment '));
        result.appendChild(expId ? el('a', { href: '/experiments/' + encodeURIComponent(expId), id: 'created-link', text: expId }) : el('span', { text: '(no id returned)' }));
        if (r.body && r.body.trialCount !== undefined) result.appendChild(document.createTextNode(' with ' + r.body.trialCount + ' trials'));
      } else if (r.status === 401) {
        tokenInput.classList.add('invalid');
        document.getElementById('token-error').textContent = (r.body && r.body.error) || 'the API token is missing or wrong';
      } else if (r.status === 400 || r.status === 422) {
        showErrors(errorsOf(r.body));
      } else {
        document.getElementById('form-errors').appendChild(el('li', { text: 'HTTP ' + r.status + ': ' + ((r.body && (r.body.error || r.body.message)) || '') }));
      }
    } finally {
      button.disabled = false;
    }
  });
})();
