// The import's progress, live: asks for it every second and moves the bar; once the import is
// finished, loads the page again to show the result. Without JavaScript the page's Refresh header does this.
(function () {
  var section = document.getElementById('import');
  if (!section || section.dataset.finished === 'true') return;
  var bar = document.getElementById('import-bar');
  var text = document.getElementById('import-text');
  var counts = document.getElementById('import-counts');
  var status = document.getElementById('import-status');
  function poll() {
    fetch(section.dataset.progressUrl, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (p) {
        if (!p) return;
        bar.value = p.percent;
        bar.textContent = p.percent + '%';
        text.textContent = p.progressText;
        counts.textContent = p.countsText;
        status.textContent = p.status;
        if (p.finished) window.location.reload();
        else window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }
  window.setTimeout(poll, 1000);
})();
