// Where the focus goes when a page opens. After a refused form, the error summary (at the top of the
// form, listing the errors with links to the fields) takes the focus, so the first thing read is what
// went wrong. Otherwise a control the page marks with data-focus-after (the welfare board's next
// row after a check) takes it. A control already focused by the page (autofocus) keeps it.
(() => {
  const summary = document.querySelector('[data-error-summary]');
  const target = summary ?? document.querySelector('[data-focus-after]');
  if (!target) return;
  const active = document.activeElement;
  if (!summary && active && active !== document.body && active.id !== 'main') return;
  target.focus({ preventScroll: false });
})();
