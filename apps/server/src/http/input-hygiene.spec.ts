import { cleanInput, MAX_INPUT_DEPTH } from './input-hygiene.js';

describe('cleanInput', () => {
  it('writes UUIDs in lower case, wherever they are', () => {
    const input = { toCentreId: 'ABCDEF12-3456-4789-8ABC-DEF012345678', items: [{ id: 'ABCDEF12-3456-4789-8ABC-DEF012345679' }], name: 'ABC' };
    expect(cleanInput(input, '')).toEqual({ toCentreId: 'abcdef12-3456-4789-8abc-def012345678', items: [{ id: 'abcdef12-3456-4789-8abc-def012345679' }], name: 'ABC' });
  });

  it('refuses half a surrogate pair, which PostgreSQL cannot store, and keeps whole pairs', () => {
    expect(() => cleanInput({ email: 'x\udfffy@escale.test' }, '')).toThrow(expect.objectContaining({ details: { fields: { email: ['must be valid Unicode text'] } } }));
    expect(() => cleanInput({ name: 'end\ud83d' }, '')).toThrow(expect.objectContaining({ details: { fields: { name: ['must be valid Unicode text'] } } }));
    expect(cleanInput({ name: 'Ali 😀 ሰላም' }, '')).toEqual({ name: 'Ali 😀 ሰላም' });
  });

  it('refuses a NUL character and names the field', () => {
    expect(() => cleanInput({ person: { familyName: 'A\u0000B' } }, '')).toThrow(expect.objectContaining({ details: { fields: { 'person.familyName': ['must not contain a NUL character'] } } }));
  });

  it.each(['__proto__', 'constructor', 'prototype', 'valueOf', 'toString', 'hasOwnProperty'])('refuses a %s key, which validation would otherwise drop unseen', (key) => {
    const input = JSON.parse(`{"label": "x", "items": [{"${key}": {"polluted": true}}]}`);
    expect(() => cleanInput(input, '')).toThrow(expect.objectContaining({ details: { fields: { [`items.0.${key}`]: ['is not an allowed field'] } } }));
  });

  it('refuses nesting beyond the limit without overflowing its own stack', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => cleanInput({ a: deep }, '')).toThrow(/not valid/);
    let ok: unknown = 'x';
    for (let i = 0; i < MAX_INPUT_DEPTH - 2; i++) ok = { k: ok };
    expect(() => cleanInput({ a: ok }, '')).not.toThrow();
  });

  it.each([
    ['\u202E', 'RIGHT-TO-LEFT OVERRIDE'],
    ['\u202A', 'LEFT-TO-RIGHT EMBEDDING'],
    ['\u2066', 'LEFT-TO-RIGHT ISOLATE'],
    ['\u2069', 'POP DIRECTIONAL ISOLATE'],
    ['\u200E', 'LEFT-TO-RIGHT MARK'],
    ['\u200F', 'RIGHT-TO-LEFT MARK'],
    ['\u061C', 'ARABIC LETTER MARK'],
  ])('refuses %j (%s) in names and in free text, naming the field', (character) => {
    const refusal = { details: { fields: { 'person.familyName': ['must not contain bidirectional formatting characters'] } } };
    expect(() => cleanInput({ person: { familyName: `Ali${character}gpj.exe` } }, '')).toThrow(expect.objectContaining(refusal));
    expect(() => cleanInput({ notes: `seen ${character}well` }, '')).toThrow(expect.objectContaining({ details: { fields: { notes: ['must not contain bidirectional formatting characters'] } } }));
  });

  it('refuses C0 and C1 control characters and DEL; multi-line free text keeps tab and line breaks', () => {
    for (const character of ['\u0001', '\u0007', '\u001B', '\u007F', '\u0085', '\u009B', '\t', '\n', '\r']) {
      expect(() => cleanInput({ givenNames: `Ali${character}Reza` }, '')).toThrow(expect.objectContaining({ details: { fields: { givenNames: ['must not contain control characters'] } } }));
    }
    for (const character of ['\u0001', '\u001B', '\u0085']) {
      expect(() => cleanInput({ items: [{ notes: `a${character}b` }] }, '')).toThrow(expect.objectContaining({ details: { fields: { 'items.0.notes': ['must not contain control characters'] } } }));
    }
    expect(cleanInput({ notes: 'line one\r\n\tline two', reason: 'a\nb', labels: 'A1\nA2' }, '')).toEqual({ notes: 'line one\r\n\tline two', reason: 'a\nb', labels: 'A1\nA2' });
  });

  it('keeps right-to-left text itself, and leaves passwords alone but for NUL and broken surrogates', () => {
    expect(cleanInput({ familyName: 'أحمدي', givenNames: 'אברהם' }, '')).toEqual({ familyName: 'أحمدي', givenNames: 'אברהם' });
    expect(cleanInput({ password: 'pass\u202Eword\tphrase' }, '')).toEqual({ password: 'pass\u202Eword\tphrase' });
    expect(() => cleanInput({ password: 'a\u0000b' }, '')).toThrow(/not valid/);
  });

  it('checks query strings the same way', () => {
    expect(() => cleanInput({ q: 'Ali\u202E' }, '')).toThrow(expect.objectContaining({ details: { fields: { q: ['must not contain bidirectional formatting characters'] } } }));
  });
});
