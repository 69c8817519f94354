// Every page: the navigation folds behind a menu button on narrow screens, and a table wider
// (or a preformatted example) than its place becomes a scroll region that the keyboard can reach and that says what it holds.
const header = document.querySelector('.site-header');
const toggle = header?.querySelector('[data-menu-toggle]');
if (header && toggle) {
  toggle.hidden = false;
  header.classList.add('menu-ready');
  toggle.addEventListener('click', () => toggle.setAttribute('aria-expanded', String(toggle.getAttribute('aria-expanded') !== 'true')));
}

/** The words that name a table's region: its caption, else the heading before it. */
function regionName(region) {
  const caption = region.querySelector('caption');
  if (caption?.textContent.trim()) return caption.textContent.trim();
  for (let element = region; element && element !== document.body; element = element.parentElement) {
    for (let sibling = element.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
      const heading = sibling.matches('h1, h2, h3, h4') ? sibling : sibling.querySelector('h1, h2, h3, h4');
      if (heading?.textContent.trim()) return heading.textContent.trim();
    }
  }
  return document.title;
}

function markScrollRegions() {
  for (const region of document.querySelectorAll('.table-scroll, main pre')) {
    if (region.dataset.region === 'fixed') continue;
    if (region.hasAttribute('tabindex') && !region.dataset.region) {
      region.dataset.region = 'fixed'; // declared in the page itself
      continue;
    }
    const scrolls = region.scrollWidth > region.clientWidth + 1;
    region.dataset.region = scrolls ? 'on' : 'off';
    if (scrolls) {
      region.setAttribute('tabindex', '0');
      region.setAttribute('role', 'region');
      if (!region.hasAttribute('aria-labelledby')) region.setAttribute('aria-label', regionName(region));
    } else {
      region.removeAttribute('tabindex');
      region.removeAttribute('role');
      region.removeAttribute('aria-label');
    }
  }
}
markScrollRegions();
let resizing = 0;
window.addEventListener('resize', () => {
  cancelAnimationFrame(resizing);
  resizing = requestAnimationFrame(markScrollRegions);
});
