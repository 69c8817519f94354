import { canonicalEvent, chainHash, GENESIS_HASH, type ChainedFields } from './audit-chain.js';

const event: ChainedFields = {
  seq: 1,
  id: '6f1c1d3e-0d6b-4c59-9a57-1f2f0f5b8a11',
  at: '2026-11-26T16:41:49.479402Z',
  actorId: null,
  action: 'person.read',
  entityType: 'person',
  entityId: 'a0d4a4f6-3c55-4f43-8f39-2d1c1c0e9b21',
  centreId: null,
  outcome: 'success',
  origin: '10.0.0.1',
  requestId: '7',
};

describe('the audit chain', () => {
  it('serialises each field with its length in bytes, and null apart from empty text', () => {
    expect(canonicalEvent(event)).toBe(
      '1:1|36:6f1c1d3e-0d6b-4c59-9a57-1f2f0f5b8a11|27:2026-11-26T16:41:49.479402Z|~|11:person.read|6:person|36:a0d4a4f6-3c55-4f43-8f39-2d1c1c0e9b21|~|7:success|8:10.0.0.1|1:7',
    );
    expect(canonicalEvent({ ...event, origin: '' })).not.toBe(canonicalEvent({ ...event, origin: null }));
    expect(canonicalEvent({ ...event, origin: 'é' })).toContain('|2:é|');
  });

  it('cannot be fooled by moving a separator from one field to the next', () => {
    expect(canonicalEvent({ ...event, action: 'a|b', entityType: 'c' })).not.toBe(canonicalEvent({ ...event, action: 'a', entityType: 'b|c' }));
  });

  it('chains: the hash depends on the previous hash, the position and every field', () => {
    const first = chainHash(GENESIS_HASH, event);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(first, event)).not.toBe(first);
    expect(chainHash(GENESIS_HASH, { ...event, seq: 2 })).not.toBe(first);
    expect(chainHash(GENESIS_HASH, { ...event, outcome: 'denied' })).not.toBe(first);
  });
});

describe('the audit chain of a list event', () => {
  const subjects = ['a0d4a4f6-3c55-4f43-8f39-2d1c1c0e9b21', 'b1e5b5a7-4d66-4054-9f4a-3e2d2d1f0c32'];

  it('hashes an event with no subjects exactly as before the subjects existed', () => {
    expect(canonicalEvent({ ...event, subjectIds: [] })).toBe(canonicalEvent(event));
    expect(chainHash(GENESIS_HASH, { ...event, subjectIds: [] })).toBe(chainHash(GENESIS_HASH, event));
  });

  it('hashes the subjects, in their order, as one more field', () => {
    expect(canonicalEvent({ ...event, subjectIds: subjects })).toBe(`${canonicalEvent(event)}|73:${subjects.join(',')}`);
    const listed = chainHash(GENESIS_HASH, { ...event, subjectIds: subjects });
    expect(listed).not.toBe(chainHash(GENESIS_HASH, event));
    expect(chainHash(GENESIS_HASH, { ...event, subjectIds: [subjects[0]] })).not.toBe(listed);
    expect(chainHash(GENESIS_HASH, { ...event, subjectIds: [...subjects].reverse() })).not.toBe(listed);
  });
});
