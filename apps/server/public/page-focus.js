// Where the focus goes when a page opens. After a refused form, the error summary (at the top of the
// form, listing the errors with links to the fields) takes the focus, so the first thing read is what
// went wrong. Otherwise a control the page marks with data-focus-after (the welfare board's next row
// after a check) takes it. A page that puts the focus somewhere itself with autofocus (the roster's
// first cell to correct, the sign-in's email) keeps it there.
(() => {
  const summary = document.querySelector('[data-error-summary]');
  const target = summary ?? document.querySelector('[data-focus-after]');
  if (!target) return;
  const autofocused = document.querySelector('[autofocus]');
  if (autofocused && autofocused !== target) return;
  const active = document.activeElement;
  if (!summary && active && active !== document.body && active.id !== 'main') return;
  target.focus();
})();
