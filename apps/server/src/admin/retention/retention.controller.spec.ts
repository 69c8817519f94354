import { demoteNoticeHeadings } from './retention.controller.js';

describe('demoteNoticeHeadings', () => {
  it('moves a notice’s headings below the export page’s sections, leaving the rest as it is', () => {
    const html = '<article lang="fr"><h1>Vos droits</h1><p>Texte <strong>h1</strong></p><H2 class="x">Asile</H2><h3>Plus</h3></article>';
    expect(demoteNoticeHeadings(html)).toBe('<article lang="fr"><h4>Vos droits</h4><p>Texte <strong>h1</strong></p><h5 class="x">Asile</h5><h6>Plus</h6></article>');
  });

  it('leaves headings already below h3 alone', () => {
    expect(demoteNoticeHeadings('<h4>a</h4><header>b</header>')).toBe('<h4>a</h4><header>b</header>');
  });
});
