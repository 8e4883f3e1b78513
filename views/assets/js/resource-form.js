// Progressive enhancement of the resource form: once a level is chosen, only its grades and
// subjects are offered. Without JavaScript every grade is shown, grouped by level, and the server
// refuses a grade outside the chosen level.
const level = document.getElementById('level');
const subject = document.getElementById('subject');

function applyLevel() {
  const chosen = level.value;
  document.querySelectorAll('.grade-group').forEach((group) => {
    const fits = !chosen || group.dataset.level === chosen;
    group.hidden = !fits;
    if (!fits) group.querySelectorAll('input').forEach((box) => (box.checked = false));
  });
  if (subject) {
    for (const option of subject.options) {
      if (!option.value) continue;
      option.hidden = Boolean(chosen) && !option.dataset.levels.split(' ').includes(chosen);
    }
  }
}

if (level) {
  level.addEventListener('change', applyLevel);
  applyLevel();
}
