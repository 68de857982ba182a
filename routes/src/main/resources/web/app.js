// The worklist page: plain DOM, no framework, no inline script (the node's Content-Security-Policy forbids it).
// Every value from the server is put into the page as text, never as markup.
'use strict';

const STATES = ['RECEIVING', 'COMPLETE', 'QUEUED', 'INFERRING', 'RESULTS_READY', 'SENDING', 'DONE', 'FAILED',
  'DEAD_LETTER', 'SUPERSEDED', 'DISCARDED'];
// The stages a row's progress shows, each with the timestamp that says it was reached.
const STAGES = [
  ['received', 'receivedAt'], ['complete', 'completedAt'], ['queued', 'createdAt'],
  ['inference', 'inferenceStartedAt'], ['results', 'resultsReadyAt'], ['sending', 'sendingAt'], ['done', 'doneAt']];

const view = document.getElementById('view');
const list = {state: '', model: '', from: '', to: '', q: '', sort: 'received', dir: 'desc', offset: 0, limit: 50};
let current = {name: '', jobId: null, reload: null};

// ---- small helpers -------------------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.substring(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// The session's CSRF token (local users, http.users): sent back with every action. The session itself is an
// HttpOnly cookie this script never sees.
let csrf = null;

async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json();
  if (response.status === 401 && path !== '/api/session') {
    showLogin();
    throw new Error('log in first');
  }
  if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
  return body;
}

function post(path, body) {
  const headers = {'Content-Type': 'application/json'};
  if (csrf) headers['X-CSRF-Token'] = csrf;
  return api(path, {method: 'POST', headers, body: body || '{}'});
}

function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = n => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' '
    + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
}

function seconds(s) {
  if (s === null || s === undefined) return '';
  if (s < 60) return s.toFixed(1) + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + Math.round((s % 3600) / 60) + ' min';
}

// DICOM person names: family^given^middle^prefix^suffix
function personName(pn) {
  if (!pn) return '';
  const [family, given, ...rest] = pn.split('^');
  return [family, [given, ...rest].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

function number(value, digits) {
  return value === null || value === undefined ? '' : Number(value).toFixed(digits);
}

function badge(state) {
  return el('span', {class: 'badge state-' + state.toLowerCase(), text: state.replace('_', ' ')});
}

function progress(row) {
  const bar = el('span', {class: 'progress', title: 'received → complete → queued → inference → results → sending → done'});
  STAGES.forEach(([name, field]) => bar.append(el('span', {class: 'step' + (row[field] ? ' reached' : ''), title: name})));
  if (row.state === 'FAILED' || row.state === 'DEAD_LETTER') bar.classList.add('failed');
  return bar;
}

function message(text, kind) {
  return el('p', {class: kind || 'muted', text});
}

function show(...nodes) {
  // while the login form is up, views whose calls were refused (and their error messages) do not replace it
  if (current.name === 'login' && !nodes.some(n => n && n.id === 'login')) return;
  view.replaceChildren(...nodes.filter(n => n !== null && n !== undefined));
}

function setNav(name) {
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.view === name));
}

// ---- worklist --------------------------------------------------------------------------------------------------

const COLUMNS = [
  ['received', 'Received'], ['patient', 'Patient'], ['patientId', 'Patient ID'], ['accession', 'Accession'],
  ['modality', 'Modality'], ['description', 'Study'], ['rule', 'Rule'], ['model', 'Model'], [null, 'Priority'],
  ['state', 'State'], ['findings', 'Findings'], ['done', 'Last image → PACS'], [null, 'Error']];

function worklistFilters(models) {
  const stateSelect = el('select', {id: 'filter-state', onchange: e => { list.state = e.target.value; list.offset = 0; loadWorklist(); }},
    el('option', {value: '', text: 'all states'}), STATES.map(s => el('option', {value: s, text: s.replace('_', ' '), selected: s === list.state})));
  const modelSelect = el('select', {id: 'filter-model', onchange: e => { list.model = e.target.value; list.offset = 0; loadWorklist(); }},
    el('option', {value: '', text: 'all models'}), models.map(m => el('option', {value: m, text: m, selected: m === list.model})));
  const day = (key, label) => el('label', {}, label + ' ', el('input', {type: 'date', id: 'filter-' + key, value: list[key],
    onchange: e => { list[key] = e.target.value; list.offset = 0; loadWorklist(); }}));
  let typing;
  const text = el('input', {type: 'search', id: 'filter-text', placeholder: 'name, patient ID, accession, study', value: list.q,
    oninput: e => { clearTimeout(typing); typing = setTimeout(() => { list.q = e.target.value; list.offset = 0; loadWorklist(); }, 300); }});
  return el('div', {class: 'filters'}, stateSelect, modelSelect, day('from', 'from'), day('to', 'to'), text);
}

function dayStart(value, plusDays) {
  const d = new Date(value + 'T00:00:00');
  d.setDate(d.getDate() + plusDays);
  return d.toISOString();
}

function worklistRow(r) {
  const priority = r.priority || '';
  const row = el('tr', {class: 'job' + (r.jobId ? ' link' : ''), 'data-study': r.studyInstanceUid, 'data-job': r.jobId,
      'data-state': r.state, onclick: r.jobId ? () => { location.hash = '#/job/' + r.jobId; } : null},
    el('td', {class: 'nowrap', text: time(r.receivedAt)}),
    el('td', {class: 'patient', text: personName(r.patientName)}),
    el('td', {text: r.patientId || ''}),
    el('td', {text: r.accessionNumber || ''}),
    el('td', {text: (r.modalities || '').replaceAll('\\', ', ')}),
    el('td', {text: r.studyDescription || ''}),
    el('td', {text: r.ruleName || ''}),
    el('td', {class: 'nowrap', text: r.modelId ? r.modelId + ' ' + r.modelVersion + (r.version > 1 ? ' (v' + r.version + ')' : '') : ''}),
    el('td', {}, priority ? el('span', {class: 'priority priority-' + priority.toLowerCase(), text: priority}) : ''),
    el('td', {class: 'state nowrap'}, badge(r.state), ' ', progress(r)),
    el('td', {class: 'num', text: r.findingCount === null || r.findingCount === undefined ? '' : r.findingCount}),
    el('td', {class: 'num nowrap', text: seconds(r.turnaroundSeconds)}),
    el('td', {class: 'error', text: r.error || ''}));
  return row;
}

async function loadWorklist() {
  const params = new URLSearchParams({sort: list.sort, dir: list.dir, offset: list.offset, limit: list.limit});
  if (list.state) params.set('state', list.state);
  if (list.model) params.set('model', list.model);
  if (list.q) params.set('q', list.q);
  if (list.from) params.set('from', dayStart(list.from, 0));
  if (list.to) params.set('to', dayStart(list.to, 1));
  let page;
  try {
    page = await api('/api/worklist?' + params);
  } catch (e) {
    show(message('The worklist cannot be loaded: ' + e.message, 'error'));
    return;
  }
  if (current.name !== 'worklist') return;
  const header = el('tr', {}, COLUMNS.map(([key, label]) => {
    if (!key) return el('th', {text: label});
    const sorted = list.sort === key;
    return el('th', {class: 'sortable' + (sorted ? ' sorted-' + list.dir : ''), 'data-sort': key, onclick: () => {
      list.dir = sorted && list.dir === 'desc' ? 'asc' : 'desc';
      list.sort = key;
      list.offset = 0;
      loadWorklist();
    }}, label);
  }));
  const rows = page.rows.map(worklistRow);
  const last = Math.min(page.offset + page.rows.length, page.total);
  const pager = el('div', {class: 'pager'},
    el('button', {id: 'page-previous', disabled: page.offset === 0, onclick: () => { list.offset = Math.max(0, list.offset - list.limit); loadWorklist(); }}, '‹ previous'),
    el('span', {id: 'page-position', text: page.total === 0 ? 'no rows' : (page.offset + 1) + '–' + last + ' of ' + page.total}),
    el('button', {id: 'page-next', disabled: last >= page.total, onclick: () => { list.offset += list.limit; loadWorklist(); }}, 'next ›'));
  const focused = document.activeElement && document.activeElement.id;
  show(el('h1', {text: 'Worklist'}), worklistFilters(page.models), pager,
    el('table', {class: 'worklist', id: 'worklist'}, el('thead', {}, header), el('tbody', {}, rows)),
    rows.length ? null : message('No study matches.'));
  if (focused) {
    const again = document.getElementById(focused);
    if (again) again.focus();
  }
}

// ---- job detail -------------------------------------------------------------------------------------------------

function field(label, value) {
  return [el('dt', {text: label}), el('dd', {}, value === null || value === undefined ? '' : value)];
}

async function act(button, question, path, done) {
  if (!window.confirm(question)) return;
  button.disabled = true;
  try {
    const answer = await post(path);
    done(answer);
  } catch (e) {
    window.alert(e.message);
  } finally {
    button.disabled = false;
  }
}

async function loadDetail(jobId) {
  let d;
  try {
    d = await api('/api/jobs/' + jobId + '/detail');
  } catch (e) {
    show(el('h1', {text: 'Job ' + jobId}), message(e.message, 'error'));
    return;
  }
  if (current.name !== 'detail' || current.jobId !== jobId) return;
  const job = d.job;
  const s = d.study;
  const status = el('p', {id: 'action-result', class: 'muted'});
  const resend = el('button', {id: 'resend', disabled: !d.resultsAvailable || job.state === 'SUPERSEDED',
    onclick: e => act(e.target, 'Send the results of job ' + job.id + ' to every destination again?',
      '/api/jobs/' + job.id + '/resend', a => { status.textContent = a.exportsQueued + ' deliveries queued'; loadDetail(jobId); })},
  'Resend results');
  const complete = el('button', {id: 'force-complete', disabled: s.studyState !== 'RECEIVING',
    onclick: e => act(e.target, 'Treat the study as complete now and run its models on what has arrived?',
      '/api/studies/' + encodeURIComponent(s.studyInstanceUid) + '/complete', () => { status.textContent = 'completion requested'; })},
  'Force-complete study');

  const findings = d.findings.length === 0 ? message(d.resultsAvailable ? 'No findings.' : 'No results yet.')
    : el('table', {class: 'findings', id: 'findings'},
      el('thead', {}, el('tr', {}, ['', 'Finding', 'Site', 'Size (mm)', 'Volume (mm³)', 'Probability', 'Slice'].map(h => el('th', {text: h})))),
      el('tbody', {}, d.findings.map(f => el('tr', {},
        el('td', {text: f.trackingId || ''}), el('td', {text: f.finding || ''}), el('td', {text: f.site || ''}),
        el('td', {class: 'num', text: number(f.diameterMm, 1)}), el('td', {class: 'num', text: number(f.volumeMm3, 0)}),
        el('td', {class: 'num', text: f.probability === null ? '' : (f.probability * 100).toFixed(1) + ' %'}),
        el('td', {class: 'num'}, f.keySlice ? el('a', {href: '', text: f.slice, onclick: e => {
          e.preventDefault();
          document.getElementById('key-' + f.keySlice).scrollIntoView();
        }}) : (f.slice || ''))))));

  const pictures = [];
  for (let i = 1; i <= d.secondaryCaptures; i++) {
    pictures.push(el('figure', {}, el('img', {class: 'sc', src: '/api/jobs/' + job.id + '/images/sc/' + i, alt: 'Secondary Capture frame ' + i, loading: 'lazy'}),
      el('figcaption', {text: 'Secondary Capture ' + i})));
  }
  for (let i = 1; i <= d.keySlices; i++) {
    pictures.push(el('figure', {id: 'key-' + i}, el('img', {class: 'key', src: '/api/jobs/' + job.id + '/images/key/' + i, alt: 'key slice ' + i, loading: 'lazy'}),
      el('figcaption', {text: 'Key slice ' + i})));
  }

  const exports = el('table', {class: 'exports', id: 'exports'},
    el('thead', {}, el('tr', {}, ['Destination', 'State', 'Attempts', 'Last error', 'Next attempt', 'Sent', 'Commitment'].map(h => el('th', {text: h})))),
    el('tbody', {}, job.exports.map(x => el('tr', {class: 'export', 'data-destination': x.destination, 'data-state': x.state},
      el('td', {text: x.destination}), el('td', {class: 'export-state'}, badge(x.state)), el('td', {class: 'num', text: x.attempts}),
      el('td', {class: 'error', text: x.lastError || ''}), el('td', {text: time(x.nextAttemptAt)}), el('td', {text: time(x.sentAt)}),
      el('td', {text: x.commitment || ''})))));

  const versions = el('ol', {class: 'versions'}, d.versions.map(v => el('li', {},
    v.jobId === job.id ? el('strong', {text: 'version ' + v.version}) : el('a', {href: '#/job/' + v.jobId, text: 'version ' + v.version}),
    ' (job ' + v.jobId + ') ', badge(v.state), ' ', time(v.createdAt))));

  show(
    el('p', {}, el('a', {href: '#/', text: '‹ worklist'})),
    el('h1', {}, personName(s.patientName) || 'Unnamed patient', ' ', el('span', {class: 'muted', text: s.patientId || ''})),
    el('div', {class: 'summary'},
      el('dl', {},
        field('Accession', s.accessionNumber), field('Study', s.studyDescription), field('Modality', (s.modalities || '').replaceAll('\\', ', ')),
        field('Images', s.instanceCount), field('Received', time(s.receivedAt)), field('Last image', time(s.lastReceivedAt)),
        field('Study complete', time(s.completedAt))),
      el('dl', {},
        field('Job', job.id), field('Rule', job.ruleName), field('Model', job.modelId + ' ' + job.modelVersion),
        field('State', el('span', {id: 'detail-state'}, badge(job.state), ' ', progress(s))),
        field('Findings', job.findingCount), field('Last image → PACS', seconds(s.turnaroundSeconds)),
        field('Error', job.error ? el('span', {class: 'error', text: job.error}) : ''))),
    el('div', {class: 'actions'}, resend, complete, status),
    el('h2', {text: 'Findings'}), findings,
    el('h2', {text: 'Images'}), pictures.length ? el('div', {class: 'pictures'}, pictures) : message('No images.'),
    el('h2', {text: 'Deliveries'}), job.exports.length ? exports : message('No deliveries yet.'),
    el('h2', {text: 'Versions'}), versions);
}

// ---- quarantine, destinations, models ----------------------------------------------------------------------------

async function loadQuarantine() {
  const rows = await api('/api/quarantine');
  if (current.name !== 'quarantine') return;
  rows.reverse();
  show(el('h1', {text: 'Quarantine'}),
    message('Input the node refused, kept aside with the reason. Newest first.'),
    rows.length === 0 ? message('Nothing quarantined.') : el('table', {id: 'quarantine'},
      el('thead', {}, el('tr', {}, ['Time', 'Caller', 'Reason', 'File'].map(h => el('th', {text: h})))),
      el('tbody', {}, rows.map(q => el('tr', {class: 'quarantined'},
        el('td', {class: 'nowrap', text: time(q.at)}), el('td', {text: q.callingAeTitle}), el('td', {class: 'reason', text: q.reason}),
        el('td', {class: 'file', text: q.file.split('/').pop()}))))));
}

async function loadDestinations() {
  const rows = await api('/api/destinations');
  if (current.name !== 'destinations') return;
  show(el('h1', {text: 'Destinations'}),
    el('table', {id: 'destinations'},
      el('thead', {}, el('tr', {}, ['Name', 'Application entity', 'Sent', 'Circuit', 'Last delivery', 'Waiting', 'Dead letters', ''].map(h => el('th', {text: h})))),
      el('tbody', {}, rows.map(d => el('tr', {'data-destination': d.name},
        el('td', {text: d.name}), el('td', {text: d.aeTitle + ' @ ' + d.host + ':' + d.port}),
        el('td', {text: d.objects.join(', ') + (d.storageCommitment ? ' + commitment' : '')}),
        el('td', {}, el('span', {class: 'badge circuit-' + d.circuit.toLowerCase(), text: d.circuit.replace('_', ' ')})),
        el('td', {text: time(d.lastSentAt)}), el('td', {class: 'num', text: d.pending}), el('td', {class: 'num', text: d.deadLetters}),
        el('td', {}, el('button', {disabled: d.deadLetters === 0, onclick: e => act(e.target,
          'Send every dead-lettered delivery to ' + d.name + ' again?', '/api/destinations/' + encodeURIComponent(d.name) + '/resend-failed',
          loadDestinations)}, 'Resend dead letters')))))));
}

async function loadModels() {
  const m = await api('/api/models');
  if (current.name !== 'models') return;
  show(el('h1', {text: 'Models and engines'}),
    el('table', {id: 'models'},
      el('thead', {}, el('tr', {}, ['Model', 'Version', 'Name', 'Engine', 'Why'].map(h => el('th', {text: h})))),
      el('tbody', {}, m.models.map(x => el('tr', {},
        el('td', {text: x.id}), el('td', {text: x.version}), el('td', {text: x.name}), el('td', {text: x.engine}), el('td', {text: x.reason}))))),
    el('h2', {text: 'This machine'}), el('pre', {id: 'engines', text: m.engines}));
}

// ---- login (local users) ---------------------------------------------------------------------------------------

function signedIn(session) {
  csrf = session.csrfToken;
  const user = document.getElementById('user');
  user.replaceChildren(session.user + ' (' + session.role + ') ',
    el('button', {id: 'logout', onclick: logout}, 'Log out'));
}

async function logout() {
  await post('/api/logout').catch(() => {});
  csrf = null;
  document.getElementById('user').replaceChildren();
  showLogin();
}

function showLogin() {
  if (document.getElementById('login')) return;
  current = {name: 'login', jobId: null, reload: async () => {}};
  const name = el('input', {id: 'login-name', name: 'username', autocomplete: 'username', required: true});
  const password = el('input', {id: 'login-password', type: 'password', name: 'password', autocomplete: 'current-password', required: true});
  const problem = el('p', {class: 'error', id: 'login-problem'});
  const form = el('form', {id: 'login', onsubmit: async e => {
    e.preventDefault(); // the page's policy allows no form submission: the login goes by fetch
    try {
      const response = await fetch('/api/login', {method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({name: name.value, password: password.value})});
      const body = await response.json();
      if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
      signedIn(body);
      listen();
      route();
    } catch (error) {
      password.value = '';
      problem.textContent = error.message;
    }
  }},
    el('label', {}, 'User ', name), el('label', {}, 'Password ', password), el('button', {type: 'submit'}, 'Log in'), problem);
  show(el('h1', {text: 'Log in'}), form);
}

// ---- routing and live updates ------------------------------------------------------------------------------------

function route() {
  const hash = location.hash || '#/';
  const job = hash.match(/^#\/job\/(\d+)$/);
  if (job) {
    current = {name: 'detail', jobId: Number(job[1])};
    current.reload = () => loadDetail(current.jobId);
    setNav('worklist');
  } else {
    const name = {'#/quarantine': 'quarantine', '#/destinations': 'destinations', '#/models': 'models'}[hash] || 'worklist';
    current = {name, jobId: null};
    current.reload = {worklist: loadWorklist, quarantine: loadQuarantine, destinations: loadDestinations, models: loadModels}[name];
    setNav(name);
  }
  current.reload().catch(e => { if (current.name !== 'login') show(message(e.message, 'error')); });
}

// Coalesces bursts of events into one reload at most every second.
let pending = null;
function reloadSoon() {
  if (pending) return;
  pending = setTimeout(() => { pending = null; current.reload().catch(() => {}); }, 1000);
}

let events = null;
function listen() {
  const live = document.getElementById('live');
  if (events) events.close(); // one refused before login does not retry by itself
  events = new EventSource('/api/events');
  events.onopen = () => { live.textContent = 'live'; live.className = 'live on'; };
  events.onerror = () => { live.textContent = 'reconnecting'; live.className = 'live off'; };
  events.addEventListener('change', e => {
    const change = JSON.parse(e.data);
    if ((current.name === 'worklist' && change.worklist)
        || (current.name === 'detail' && change.jobs.includes(current.jobId))
        || (current.name === 'quarantine' && change.quarantine)
        || (current.name === 'destinations' && change.jobs.length > 0)) {
      reloadSoon();
    }
  });
}

window.addEventListener('hashchange', route);
// A reloaded page of a logged-in user gets its CSRF token back; without local users this answers 401 and is ignored.
api('/api/session').then(signedIn, () => {}).finally(() => { route(); listen(); });
