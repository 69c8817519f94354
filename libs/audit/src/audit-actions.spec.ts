import { isMessageKey, translate } from '@escale/platform';
import { AUDIT_ACTIONS, AUDIT_RECORD_TYPES } from './audit-actions.js';

describe('audit actions and record types', () => {
  it('has words for every action and record type, in English and French, each its own', () => {
    for (const [prefix, codes] of [['auditAction', AUDIT_ACTIONS], ['auditRecord', AUDIT_RECORD_TYPES]] as const) {
      const keys = codes.map((code) => `${prefix}.${code}`);
      expect(keys.filter((key) => !isMessageKey(key))).toEqual([]);
      for (const locale of ['en', 'fr'] as const) {
        const words = keys.filter(isMessageKey).map((key) => translate(locale, key));
        expect(words.filter((word) => /^[a-z_]+(\.[a-z_]+)*$/.test(word))).toEqual([]);
        expect(new Set(words).size).toBe(words.length);
      }
    }
  });
});
