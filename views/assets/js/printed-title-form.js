// The cataloguing form: shows the call number as it will be (class number + the author mark the
// school's rule gives, unless one is typed) while the cataloguer types. Without script the form
// works the same; the server computes the author mark when the field is left empty.
(function () {
  const form = document.querySelector('.printed-title-form');
  if (!form) return;
  const field = (name) => form.elements.namedItem(name);
  const preview = document.getElementById('call-number-preview');
  let timer;
  async function update() {
    const override = field('callNumberOverride').value.trim();
    if (override) return (preview.textContent = override);
    let mark = field('authorMark').value.trim();
    if (!mark) {
      const creator = field('creators').value.split('\n')[0].trim();
      const org = field('orgId')?.value || form.dataset.org;
      const url = `/api/v1/library/organisations/${org}/author-mark?${new URLSearchParams({ creator, title: field('title').value })}`;
      const res = await fetch(url, { credentials: 'same-origin' });
      mark = res.ok ? (await res.json()).authorMark || '' : '';
    }
    preview.textContent = [field('classNumber').value.trim(), mark].filter(Boolean).join(' ');
  }
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, 250);
  });
  update();
})();
