import request from 'supertest';
import { FixedClock, translate } from '@escale/platform';
import { createCentre, newPerson } from '../support/fixtures.js';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { DEFAULT_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

/** The Dublin forms of the case page, posted as a browser would, in French. */
describe('the referral page’s Dublin forms', () => {
  const start = new Date('2026-11-20T10:00:00Z');
  const clock = new FixedClock(start);
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { TOKEN_TTL_MINUTES: String(365 * 24 * 60) } });
  });
  afterAll(() => t.close());

  it('records an abscondment, an appeal against the transfer and its decision, and refuses an appointment before the referral', async () => {
    const centre = await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 4 }] });
    const staff = await t.userWithToken('staff', [centre.id]);
    const caseworker = await t.userWithToken('caseworker', [centre.id]);
    const api = { Authorization: `Bearer ${caseworker.token}` };
    const checkedIn = (await request(t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set({ Authorization: `Bearer ${staff.token}` }).send({ person: newPerson() }).expect(201)).body;
    let referral = (await request(t.http).post(`/api/v1/cases/${checkedIn.case.id}/referrals`).set(api).send({ kind: 'asylum' }).expect(201)).body;
    for (const [to, extra] of [['submitted', {}], ['registered', {}], ['dublin_requested', { dublinBasis: 'take_charge' }], ['dublin_accepted', {}]] as const) {
      referral = (await request(t.http).post(`/api/v1/referrals/${referral.id}/transitions`).set(api).send({ to, version: referral.version, ...extra }).expect(200)).body;
    }

    const login = await request(t.http).get('/login').set('Accept-Language', 'fr');
    const signedIn = await request(t.http).post('/login').set('Cookie', sessionCookie(login)!).type('form').send({ _csrf: csrfOf(login.text), email: caseworker.email, password: DEFAULT_PASSWORD }).expect(303);
    const cookie = sessionCookie(signedIn)!;
    const casePage = async () => (await request(t.http).get(`/cases/${checkedIn.case.id}`).set('Cookie', cookie).set('Accept-Language', 'fr').expect(200)).text;
    const post = async (path: string, form: Record<string, string>) =>
      request(t.http).post(path).set('Cookie', cookie).set('Accept-Language', 'fr').type('form').send({ _csrf: csrfOf(await casePage()), ...form });
    const current = async () => (await request(t.http).get(`/api/v1/referrals/${referral.id}`).set(api).expect(200)).body;
    const escaped = (text: string) => text.replace(/'/g, '&#x27;');

    const page = await casePage();
    expect(page).toContain(translate('fr', 'dublin.appeal.none'));
    expect(page).toContain(translate('fr', 'dublin.recordAbscondment'));

    // The abscondment: the transfer deadline becomes 18 months from the acceptance.
    // Not without its confirmation: it changes a legal deadline.
    const unconfirmed = await post(`/referrals/${referral.id}/abscondment`, { version: String(referral.version) });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.text).toContain(`href="#abscond-${referral.id}-confirm"`);
    expect((await current()).dublin.abscondedAt).toBeNull();
    await post(`/referrals/${referral.id}/abscondment`, { version: String(referral.version), confirm: 'yes' }).then((response) => expect(response.status).toBe(303));
    const absconded = await current();
    expect(absconded).toMatchObject({ dublin: { abscondedAt: start.toISOString() }, nextDeadline: '2028-05-20T10:00:00.000Z' });
    expect(await casePage()).not.toContain(translate('fr', 'dublin.recordAbscondment'));

    // The appeal, then its decision: without an outcome the form comes back with its message.
    await post(`/referrals/${referral.id}/transfer-appeal`, { version: String(absconded.version) }).then((response) => expect(response.status).toBe(303));
    const appealed = await current();
    expect(appealed.nextDeadline).toBeNull();
    const missing = await post(`/referrals/${referral.id}/transfer-appeal/decision`, { version: String(appealed.version) });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain(`href="#decide-${referral.id}-outcome"`);
    expect(missing.text).toContain(escaped(translate('fr', 'fieldError.generic')));
    expect((await current()).version).toBe(appealed.version);
    const unconfirmed2 = await post(`/referrals/${referral.id}/transfer-appeal/decision`, { version: String(appealed.version), outcome: 'rejected' });
    expect(unconfirmed2.status).toBe(400);
    expect(unconfirmed2.text).toContain(`href="#decide-${referral.id}-confirm"`);
    expect((await current()).version).toBe(appealed.version);
    await post(`/referrals/${referral.id}/transfer-appeal/decision`, { version: String(appealed.version), outcome: 'rejected', confirm: 'yes' }).then((response) => expect(response.status).toBe(303));
    expect(await current()).toMatchObject({ status: 'dublin_accepted', nextDeadline: '2028-05-20T10:00:00.000Z', dublin: { transferAppeal: { outcome: 'rejected' } } });
    expect(await casePage()).toContain(escaped(translate('fr', 'transferAppeal.rejected')));

    // An appointment before the referral was opened is refused on its field.
    const early = await post(`/referrals/${referral.id}/dates`, { version: String((await current()).version), kind: 'guda_appointment', at: '2026-11-19T09:00' });
    expect(early.status).toBe(400);
    expect(early.text).toContain(`href="#date-${referral.id}-guda_appointment"`);
    expect(early.text).toContain(escaped(translate('fr', 'fieldError.appointmentAt')));
    expect((await current()).dates.gudaAppointmentAt).toBeNull();
  });
});
