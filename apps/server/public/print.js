// The print button of a page that prints a batch of notices.
document.querySelector('[data-print]')?.addEventListener('click', () => window.print());
