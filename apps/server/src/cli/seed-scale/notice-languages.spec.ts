import { NoticeTemplates } from '@escale/notices';
import { parseReviewedLanguages, reviewedCodes } from './notice-languages.js';

describe('--reviewed-languages', () => {
  const templates = new NoticeTemplates();

  it('takes all, or codes separated by commas', () => {
    expect(parseReviewedLanguages('all')).toBe('all');
    expect(parseReviewedLanguages(' fa, prs ,')).toEqual(['fa', 'prs']);
  });

  it('reviews every language with templates for all, and refuses a language without any, naming it', () => {
    expect(reviewedCodes(templates, 'all')).toEqual(templates.languages().filter((language) => language.types.length > 0).map((language) => language.code));
    expect(reviewedCodes(templates, ['fr'])).toEqual(['fr']);
    expect(() => reviewedCodes(templates, ['fr', 'xx', 'yy'])).toThrow(/no notice templates in xx, yy/);
  });
});
