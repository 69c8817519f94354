import { containsOwnDetails, PasswordPolicy } from './password-policy.js';
import { throttleAddress } from './login-throttle.service.js';

describe('the password policy', () => {
  const user = { email: 'nadia.benali@escale.example', name: 'Nadia Ben Ali' };

  it.each([
    ['the whole email', 'my-nadia.benali@escale.example-pass'],
    ['the local part', 'xx-NADIA.BENALI-and-more-words'],
    ['a part of the local part', 'ocean-benali-violin-tractor'],
    ['a name part of 4+ letters, whatever the case', 'violin-tractor-NaDiA-ocean'],
  ])('refuses a password containing %s', (_what, password) => {
    expect(containsOwnDetails(password, user)).toBe(true);
    expect(() => new PasswordPolicy().assertAcceptable(password, user)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: { fields: { password: ['must not contain your email address or name'] } } }));
  });

  it('ignores name parts shorter than four letters, and accepts a strong unrelated phrase', () => {
    expect(containsOwnDetails('violin-ben-ali-tractor-ocean', user)).toBe(false);
    expect(() => new PasswordPolicy().assertAcceptable('violin-tractor-ocean-marble', user)).not.toThrow();
  });

  it('compares letters of any script, without regard to case', () => {
    expect(containsOwnDetails('tractor-ÉLODIE-violin', { email: 'e.d@escale.example', name: 'Élodie Durand' })).toBe(true);
  });
});

describe('the address a sign-in is counted by', () => {
  it('is an IPv4 address as it is, also when written IPv6-mapped', () => {
    expect(throttleAddress('127.0.0.2')).toBe('127.0.0.2');
    expect(throttleAddress('::ffff:127.0.0.3')).toBe('127.0.0.3');
  });

  it('is the /64 network of an IPv6 address, however it is written', () => {
    expect(throttleAddress('2001:db8:0:1::5')).toBe('2001:db8:0:1::/64');
    expect(throttleAddress('2001:0DB8:0000:0001:ffff:0:0:9')).toBe('2001:db8:0:1::/64');
    expect(throttleAddress('::1')).toBe('0:0:0:0::/64');
    expect(throttleAddress(undefined)).toBe('unknown');
  });
});
