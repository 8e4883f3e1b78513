// Progressive enhancement of the search page: a changed filter or sort order applies at once.
// Without JavaScript the "Apply" buttons do the same.
document.querySelectorAll('#search-form [data-autosubmit]').forEach((control) => {
  control.addEventListener('change', () => control.form.requestSubmit());
});
document.querySelectorAll('#search-form .js-hidden').forEach((el) => {
  el.hidden = true;
});
