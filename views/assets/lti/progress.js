// Completion for the platform's gradebook: reports once that the learner has watched 90% of a
// video or audio, reached the last page of a PDF (as the viewer partial shows it), or, for other
// items, opened it. The ltik is the session (no cookies are needed inside the LMS's iframe).
(() => {
  const item = document.querySelector('.lti-item[data-progress-url]');
  if (!item) return;
  let sent = false;
  const send = (event) => {
    if (sent) return;
    sent = true;
    fetch(item.dataset.progressUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${item.dataset.ltik}` },
      body: JSON.stringify({ event }),
    }).catch(() => {
      sent = false;
    });
  };
  const media = item.querySelector('video, audio');
  const pdf = item.querySelector('.pdf-viewer');
  if (media) {
    media.addEventListener('timeupdate', () => {
      if (media.duration && media.currentTime / media.duration >= 0.9) send('watched');
    });
  } else if (pdf) {
    const page = pdf.querySelector('[data-role="page"]');
    const pages = pdf.querySelector('[data-role="pages"]');
    const check = () => {
      if (/^\d+$/.test(pages.textContent) && page.textContent === pages.textContent) send('lastPage');
    };
    new MutationObserver(check).observe(pdf, { subtree: true, childList: true, characterData: true });
  } else {
    send('opened');
  }
})();
