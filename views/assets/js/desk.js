// The desk with JavaScript: every scan (a keyboard-wedge scanner types the code, then Enter) goes
// to the API, the answer shows at once with a beep (high for ok, two mid for a warning, low for an
// error: scanner.js), and focus returns to the scan field. Without JavaScript the same form posts per scan.
(() => {
  const root = document.getElementById('desk');
  if (!root || !window.fetch || !window.scanner) return;
  const form = document.getElementById('desk-form');
  const field = document.getElementById('desk-code');
  const patronField = document.getElementById('desk-patron-id');
  const box = document.getElementById('desk-message');
  const text = document.getElementById('desk-message-text');
  const reasons = document.getElementById('desk-reasons');
  const confirmForm = document.getElementById('desk-confirm');
  const confirmList = document.getElementById('desk-confirm-list');
  const patronLine = document.getElementById('desk-patron');
  const loansTable = document.getElementById('desk-loans');
  const finish = document.getElementById('desk-finish');
  const api = `/api/v1/library/organisations/${root.dataset.org}/desk/scan`;
  let pending = null; // { code, confirm } awaiting the librarian's confirmation

  const beep = (tone) => window.scanner.beep(tone, root);

  function show(tone, message, items = [], confirms = []) {
    window.scanner.showMessage(box, text, tone, message);
    reasons.replaceChildren(...items.map((m) => Object.assign(document.createElement('li'), { textContent: m })));
    confirmList.replaceChildren(
      ...confirms.map((c) => Object.assign(document.createElement('li'), { textContent: c.message })),
    );
    confirmForm.hidden = confirms.length === 0;
    beep(tone);
  }

  function serve(patron, loans) {
    patronField.value = patron ? patron.id : '';
    patronLine.className = patron ? '' : 'muted';
    if (patron) {
      const name = Object.assign(document.createElement('strong'), { textContent: patron.displayName });
      patronLine.replaceChildren(name, ` (${patron.type.label})`);
    }
    loansTable.hidden = !patron;
    // The scan's answer carries the patron's class and the link to their page.
    const classLine = document.getElementById('desk-patron-class');
    if (classLine) {
      classLine.textContent = (patron && patron.classLine) || '';
      classLine.hidden = !(patron && patron.classLine);
    }
    const pageLink = document.getElementById('desk-patron-page');
    if (pageLink) {
      if (patron) pageLink.href = pageLink.dataset.base + patron.id;
      pageLink.parentElement.hidden = !patron;
    }
    const rows = (loans || []).map((l) => {
      const tr = document.createElement('tr');
      for (const value of [l.title, l.dueDate])
        tr.append(Object.assign(document.createElement('td'), { textContent: value }));
      return tr;
    });
    loansTable.tBodies[0].replaceChildren(...rows);
  }

  const noteField = document.getElementById('desk-note');
  const noteError = document.getElementById('desk-note-error');

  /** The return choice for this scan; it goes back to "good" at once, whatever the answer. */
  function takeReturnChoice() {
    const chosen = form.querySelector('input[name="returnAs"]:checked');
    const choice = { returnAs: chosen ? chosen.value : 'good', note: noteField.value.trim() || null };
    const good = form.querySelector('input[name="returnAs"][value="good"]');
    if (good) good.checked = true;
    noteField.value = '';
    return choice;
  }

  function showNoteError(fields) {
    const problem = fields.find((f) => f.field === 'note');
    noteError.textContent = problem ? problem.message : '';
    noteError.hidden = !problem;
    if (problem) noteField.setAttribute('aria-invalid', 'true');
    else noteField.removeAttribute('aria-invalid');
  }

  async function scan(code, confirm = [], choice = { returnAs: 'good', note: null }) {
    const body = { code, patronId: patronField.value || null, confirm, ...choice };
    const { res, answer } = await window.scanner.post(api, root.dataset.csrf, body);
    pending = null;
    if (res.ok) {
      showNoteError([]);
      if (answer.kind !== 'returned') serve(answer.patron, answer.loans);
      show(answer.message.tone, answer.message.text);
      return;
    }
    const error = answer.error || { message: res.statusText, fields: [] };
    if (res.status === 404) error.message = form.dataset.unknown.replace('{code}', code);
    const fields = error.fields || [];
    showNoteError(fields);
    // A damaged or lost return refused for its note: the choice comes back so that only the note is added.
    if (res.status === 400 && choice.returnAs !== 'good') {
      form.querySelector(`input[name="returnAs"][value="${choice.returnAs}"]`).checked = true;
      noteField.focus();
    }
    const blocks = fields.filter((f) => f.field.startsWith('block.')).map((f) => f.message);
    const confirms = fields
      .filter((f) => f.field.startsWith('confirm.'))
      .map((f) => ({ code: f.field.slice(8), message: f.message }));
    if (!blocks.length && confirms.length) pending = { code, confirm: confirms.map((c) => c.code) };
    show(blocks.length || !confirms.length ? 'error' : 'warn', error.message, blocks, confirms);
  }

  // Each scan (the field emptied and focused for the next, keys typed elsewhere sent to it: scanner.js).
  window.scanner.onScan(form, field, (code) =>
    scan(code, [], takeReturnChoice()).catch(() =>
      show('error', form.dataset.offline || 'Lỗi kết nối / Connection error'),
    ),
  );
  confirmForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (pending) scan(pending.code, pending.confirm).finally(() => field.focus());
  });
  finish.addEventListener('click', (event) => {
    event.preventDefault();
    serve(null, []);
    patronLine.textContent = patronLine.dataset.none || patronLine.textContent;
    box.hidden = true;
    field.focus();
  });
})();
