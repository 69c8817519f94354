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
});
