// Completion for the platform's gradebook: reports once that the learner opened the item, or,
// for a video or audio, once they have watched 90% of it. The ltik is the session (no cookies
// are needed inside the LMS's iframe).
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
  if (!media) {
    send('opened');
    return;
  }
  media.addEventListener('timeupdate', () => {
    if (media.duration && media.currentTime / media.duration >= 0.9) send('watched');
  });
})();
