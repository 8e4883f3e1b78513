// What every scanner page shares (the desk, stocktaking): the scan form sending each code to the
// API with the page's CSRF token, the answer box, a beep per answer (high for ok, two mid for a
// warning, low for an error) and focus that always returns to the scan field, so that a
// keyboard-wedge scanner's next code (typed, then Enter) never lands anywhere else.
window.scanner = (() => {
  let audio = null;
  const plans = {
    ok: [[880, 0.12]],
    warn: [
      [600, 0.1],
      [600, 0.1],
    ],
    error: [[220, 0.35]],
  };

  /** Plays the tone's beep and notes it on `root` (data-last-tone), for people and tests alike. */
  function beep(tone, root) {
    try {
      audio = audio || new AudioContext();
      let at = audio.currentTime;
      for (const [freq, length] of plans[tone] || plans.error) {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.frequency.value = freq;
        osc.type = tone === 'error' ? 'square' : 'sine';
        gain.gain.value = 0.2;
        osc.connect(gain).connect(audio.destination);
        osc.start(at);
        osc.stop(at + length);
        at += length + 0.06;
      }
    } catch {
      // No sound available: the colour and the text still tell.
    }
    if (root) root.dataset.lastTone = tone;
  }

  /** A key typed anywhere on the page goes to `field` (a click elsewhere must not swallow a scan). */
  function keepFocus(field) {
    document.addEventListener('keydown', (event) => {
      // A field marked data-own-keys (the desk's note) keeps what is typed into it.
      if (document.activeElement && document.activeElement.dataset && 'ownKeys' in document.activeElement.dataset)
        return;
      if (document.activeElement !== field && /^[\w-]$/.test(event.key) && !event.ctrlKey && !event.metaKey)
        field.focus();
    });
  }

  /**
   * Each code the form submits (a scan ends with Enter) goes to `send`, the field emptied and
   * focused for the next one; keys typed elsewhere on the page go to the field.
   */
  function onScan(form, field, send) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const code = field.value.trim();
      field.value = '';
      field.focus();
      if (code) send(code);
    });
    keepFocus(field);
  }

  /** Posts `body` as JSON with the page's CSRF token: the response and its JSON answer ({} if none). */
  async function post(url, csrf, body) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(body),
    });
    return { res, answer: await res.json().catch(() => ({})) };
  }

  /** Shows `message` in the answer box in the tone's colours. */
  function showMessage(box, text, tone, message) {
    box.hidden = false;
    box.className = `alert desk-message ${tone}`;
    text.textContent = message;
  }

  return { beep, keepFocus, onScan, post, showMessage };
})();
