// The stocktaking scan page with JavaScript: each code (a keyboard-wedge scanner types it, then
// Enter; or the phone camera reads it with the browser's BarcodeDetector) goes to the API, which
// stores it before answering; the answer shows at once with its beep (scanner.js), the progress
// bar moves, and focus returns to the field. Without JavaScript the same form posts per scan.
(() => {
  const root = document.getElementById('stocktaking-scan');
  if (!root || !window.fetch || !window.scanner) return;
  const form = document.getElementById('stocktaking-form');
  const field = document.getElementById('stocktaking-code');
  const box = document.getElementById('stocktaking-message');
  const text = document.getElementById('stocktaking-message-text');
  const tally = document.getElementById('stocktaking-tally');
  const progress = document.getElementById('stocktaking-progress');
  const progressText = document.getElementById('stocktaking-progress-text');
  const api = `/api/v1/library/stocktaking/${root.dataset.session}/scans`;
  let found = Number(root.dataset.found);
  const expected = Number(root.dataset.expected);

  function show(tone, message, outcome) {
    window.scanner.showMessage(box, text, tone, message);
    box.dataset.outcome = outcome || '';
    tally.prepend(Object.assign(document.createElement('li'), { textContent: message, className: tone }));
    window.scanner.beep(tone, root);
  }

  function advance() {
    found += 1;
    progress.value = found;
    progressText.textContent = progress.dataset.template.replace('{found}', found).replace('{expected}', expected);
  }

  async function scan(code) {
    const { res, answer } = await window.scanner.post(api, root.dataset.csrf, { code });
    if (!res.ok) return show('error', (answer.error && answer.error.message) || res.statusText, null);
    if (answer.outcome === 'found') advance();
    show(answer.message.tone, answer.message.text, answer.outcome);
  }

  // Scans are sent one after another, in the order they were read.
  let queue = Promise.resolve();
  function submit(code) {
    queue = queue.then(() => scan(code)).catch(() => show('error', form.dataset.offline, null));
  }

  window.scanner.onScan(form, field, submit);

  const camera = document.getElementById('stocktaking-camera');
  if (camera && 'BarcodeDetector' in window && navigator.mediaDevices) startCamera(camera);

  function startCamera(panel) {
    const video = document.getElementById('stocktaking-video');
    const start = document.getElementById('stocktaking-camera-start');
    const note = document.getElementById('stocktaking-camera-note');
    const detector = new window.BarcodeDetector({ formats: ['code_128', 'ean_13', 'code_39', 'qr_code'] });
    let last = { code: '', at: 0 };
    start.hidden = false;
    note.hidden = true;
    start.addEventListener('click', async () => {
      try {
        video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      } catch {
        note.hidden = false;
        return;
      }
      video.hidden = false;
      start.hidden = true;
      await video.play();
      const look = async () => {
        const codes = await detector.detect(video).catch(() => []);
        const code = codes[0] && codes[0].rawValue.trim();
        // The same code in front of the camera is one scan, not one per frame.
        if (code && (code !== last.code || Date.now() - last.at > 3000)) submit(code);
        if (code) last = { code, at: Date.now() };
        setTimeout(look, 250);
      };
      look();
    });
    panel.dataset.ready = 'true';
  }
})();
