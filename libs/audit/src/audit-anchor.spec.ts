import { anchorSignedBy, anchorToken, parseAnchorToken, signAnchor } from './audit-anchor.js';

const key = 'k'.repeat(40);
const point = { seq: 42, hash: 'a'.repeat(64), anchoredAt: new Date('2026-12-07T05:15:00.123Z') };

describe('audit chain anchors', () => {
  it('are signed with the key and verify with it, and with no other', () => {
    const anchor = signAnchor(key, point);
    expect(anchor.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(anchorSignedBy([key], anchor)).toBe(true);
    expect(anchorSignedBy(['x'.repeat(40)], anchor)).toBe(false);
    expect(anchorSignedBy([], anchor)).toBe(false);
    // A key retired by a rotation still verifies what it signed.
    expect(anchorSignedBy(['x'.repeat(40), key], anchor)).toBe(true);
  });

  it('no longer verify once any signed field changes', () => {
    const anchor = signAnchor(key, point);
    expect(anchorSignedBy([key], { ...anchor, seq: 43 })).toBe(false);
    expect(anchorSignedBy([key], { ...anchor, hash: 'b'.repeat(64) })).toBe(false);
    expect(anchorSignedBy([key], { ...anchor, anchoredAt: new Date(point.anchoredAt.getTime() + 1) })).toBe(false);
    expect(anchorSignedBy([key], { ...anchor, signature: 'not hex' })).toBe(false);
  });

  it('travel as one word in a log line, and come back whole', () => {
    const anchor = signAnchor(key, point);
    const token = anchorToken(anchor);
    expect(token).toBe(`v1.42.${'a'.repeat(64)}.${point.anchoredAt.getTime()}.${anchor.signature}`);
    expect(parseAnchorToken(token)).toEqual(anchor);
    expect(anchorSignedBy([key], parseAnchorToken(token)!)).toBe(true);
    expect(parseAnchorToken('v1.42.short.1.sig')).toBeNull();
    expect(parseAnchorToken(`v2.42.${'a'.repeat(64)}.1.${'b'.repeat(64)}`)).toBeNull();
  });
});
