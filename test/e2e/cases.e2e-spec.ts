import request from 'supertest';
import { FixedClock } from '@escale/platform';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { responseValidator, type ResponseValidator } from '../support/openapi.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe('cases and asylum referrals', () => {
  const start = new Date('2026-11-20T10:00:00Z');
  const clock = new FixedClock(start);
  let t: TestApp;
  let reception: string;
  let removal: string;
  let staff: { id: string; token: string };
  let caseworker: { id: string; token: string };
  let validator: ResponseValidator;
  const bearer = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { TOKEN_TTL_MINUTES: String(365 * 24 * 60) } });
    validator = await responseValidator(t.http);
    reception = (await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 40 }] })).id;
    removal = (await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 10 }] })).id;
    staff = await userFor(t, 'staff', [reception, removal]);
    caseworker = await userFor(t, 'caseworker', [reception, removal]);
  });
  afterAll(() => t.close());
  beforeEach(() => clock.set(start));

  const checkIn = async (centreId = reception) => (await request(t.http).post(`/api/v1/centres/${centreId}/check-ins`).set(bearer(staff)).send({ person: newPerson() }).expect(201)).body;
  const newReferral = async (centreId = reception) => {
    const { case: opened } = await checkIn(centreId);
    const referral = await request(t.http).post(`/api/v1/cases/${opened.id}/referrals`).set(bearer(caseworker)).send({ kind: 'asylum' }).expect(201);
    validator.check(referral);
    return { caseId: opened.id as string, referral: referral.body };
  };
  const move = (id: string, to: string, version: number, extra: Record<string, unknown> = {}) =>
    request(t.http).post(`/api/v1/referrals/${id}/transitions`).set(bearer(caseworker)).send({ to, version, ...extra });

  it('opens a case at check-in that staff can read, with its history', async () => {
    const { case: opened, person } = await checkIn();
    const response = await request(t.http).get(`/api/v1/cases/${opened.id}`).set(bearer(staff)).expect(200);
    validator.check(response);
    expect(response.body).toMatchObject({ id: opened.id, personId: person.id, status: 'open', version: 1, history: [{ from: null, to: 'open' }] });
    expect(response.body.stayId).toEqual(expect.any(String));
  });

  it('moves a case only along sensible paths, recording each move', async () => {
    const { case: opened } = await checkIn();
    const moved = await request(t.http).patch(`/api/v1/cases/${opened.id}`).set(bearer(caseworker)).send({ status: 'asylum_in_progress', version: 1, note: 'Intention expressed' }).expect(200);
    expect(moved.body).toMatchObject({ status: 'asylum_in_progress', version: 2 });
    expect(moved.body.history.at(-1)).toMatchObject({ from: 'open', to: 'asylum_in_progress', by: caseworker.id, note: 'Intention expressed' });
    const illegal = await request(t.http).patch(`/api/v1/cases/${opened.id}`).set(bearer(caseworker)).send({ status: 'open', version: 2 }).expect(409);
    expect(illegal.body.code).toBe('ILLEGAL_TRANSITION');
    const stale = await request(t.http).patch(`/api/v1/cases/${opened.id}`).set(bearer(caseworker)).send({ status: 'released', version: 1 }).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    await request(t.http).patch(`/api/v1/cases/${opened.id}`).set(bearer(staff)).send({ status: 'released', version: 2 }).expect(403);
  });

  it('assigns a caseworker, who then sees the case on their dashboard', async () => {
    const { case: opened } = await checkIn();
    await request(t.http).patch(`/api/v1/cases/${opened.id}`).set(bearer(caseworker)).send({ caseworkerId: staff.id, version: 1 }).expect(400);
    await request(t.http).patch(`/api/v1/cases/${opened.id}`).set(bearer(caseworker)).send({ caseworkerId: caseworker.id, version: 1 }).expect(200);
    const dashboard = validator.checked(await request(t.http).get('/api/v1/dashboard').set(bearer(caseworker)).expect(200));
    expect(dashboard.body.myCases.map((c: { id: string }) => c.id)).toContain(opened.id);
  });

  it('walks a referral from draft to lodged, with the 21-day lodging deadline after registration', async () => {
    const { referral } = await newReferral();
    expect(referral).toMatchObject({ status: 'draft', version: 1, nextDeadline: null, allowedMoves: ['submitted', 'withdrawn'] });
    const submitted = await move(referral.id, 'submitted', 1).expect(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', version: 2, nextDeadlineKind: 'registration', nextDeadline: '2026-11-25T10:00:00.000Z' });
    clock.advance(2 * DAY);
    const registeredAt = new Date(start.getTime() + DAY);
    const registered = await move(referral.id, 'registered', 2, { at: registeredAt.toISOString(), note: 'Certificate: normal procedure' }).expect(200);
    expect(registered.body).toMatchObject({ status: 'registered', nextDeadlineKind: 'lodging', nextDeadline: new Date(registeredAt.getTime() + 21 * DAY).toISOString() });
    const lodged = await move(referral.id, 'lodged', 3).expect(200);
    for (const answer of [submitted, registered, lodged]) validator.check(answer);
    expect(lodged.body).toMatchObject({ status: 'lodged', nextDeadline: null, allowedMoves: ['interview_scheduled', 'decided_granted', 'decided_refused', 'withdrawn'] });
    expect(lodged.body.history.map((step: { to: string }) => step.to)).toEqual(['draft', 'submitted', 'registered', 'lodged']);
    const tasks = await t.dataSource.query(`SELECT kind, params, title FROM tasks WHERE case_id = $1 AND source = 'deadline' ORDER BY due_at`, [referral.caseId]);
    expect(tasks).toEqual([
      { kind: 'deadline', params: { deadlineKind: 'registration' }, title: null },
      { kind: 'deadline', params: { deadlineKind: 'lodging' }, title: null },
    ]);
    // Each step met the deadline before it: no deadline task is left open once lodged.
    const open = await t.dataSource.query(`SELECT count(*)::int AS n FROM tasks WHERE case_id = $1 AND source = 'deadline' AND done_at IS NULL`, [referral.caseId]);
    expect(open[0].n).toBe(0);
  });

  it('gives OFPRA 96 hours for a person held in a removal centre, and a month to appeal a refusal', async () => {
    const { referral } = await newReferral(removal);
    let version = 1;
    for (const to of ['submitted', 'registered', 'lodged']) version = (await move(referral.id, to, version).expect(200)).body.version;
    const lodged = await request(t.http).get(`/api/v1/referrals/${referral.id}`).set(bearer(caseworker)).expect(200);
    expect(lodged.body).toMatchObject({ nextDeadlineKind: 'ofpra_decision', nextDeadline: new Date(start.getTime() + 96 * HOUR).toISOString() });
    const refused = await move(referral.id, 'decided_refused', version).expect(200);
    expect(refused.body).toMatchObject({ nextDeadlineKind: 'appeal', nextDeadline: '2026-12-20T10:00:00.000Z', accelerated: true });
  });

  it('refuses illegal moves, future times and times before the previous step', async () => {
    const { referral } = await newReferral();
    const illegal = await move(referral.id, 'lodged', 1).expect(409);
    expect(illegal.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', details: { from: 'draft', to: 'lodged' } });
    validator.check(illegal);
    // A stale version is a conflict, whatever it asks.
    expect((await move(referral.id, 'lodged', 7).expect(409)).body.code).toBe('VERSION_CONFLICT');
    await move(referral.id, 'submitted', 1, { at: new Date(start.getTime() + HOUR).toISOString() }).expect(400);
    await move(referral.id, 'submitted', 1).expect(200);
    await move(referral.id, 'registered', 2, { at: new Date(start.getTime() - DAY).toISOString() }).expect(400);
    await move(referral.id, 'nonsense', 2).expect(400);
    const withdrawn = await move(referral.id, 'withdrawn', 2).expect(200);
    expect(withdrawn.body.allowedMoves).toEqual([]);
    expect((await move(referral.id, 'submitted', 3).expect(409)).body.code).toBe('ILLEGAL_TRANSITION');
  });

  it('lets exactly one of 20 racing moves at one version win', async () => {
    const { referral } = await newReferral();
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => move(referral.id, i % 2 ? 'submitted' : 'withdrawn', 1)));
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 409).every((response) => response.body.code === 'VERSION_CONFLICT' || response.body.code === 'ILLEGAL_TRANSITION')).toBe(true);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM referral_transitions WHERE referral_id = $1`, [referral.id]);
    expect(n).toBe(2);
    const current = await request(t.http).get(`/api/v1/referrals/${referral.id}`).set(bearer(caseworker)).expect(200);
    expect(current.body.version).toBe(2);
    for (const answer of [current, ...responses]) validator.check(answer);
  });

  it('keeps one open referral per case', async () => {
    const { caseId } = await newReferral();
    const again = await request(t.http).post(`/api/v1/cases/${caseId}/referrals`).set(bearer(caseworker)).send({ kind: 'asylum' }).expect(409);
    expect(again.body.code).toBe('REFERRAL_ALREADY_OPEN');
  });

  it('lists referrals by status and deadline, soonest first', async () => {
    const { referral } = await newReferral();
    await move(referral.id, 'submitted', 1).expect(200);
    const due = await request(t.http).get(`/api/v1/referrals?status=submitted&dueBefore=${new Date(start.getTime() + 10 * DAY).toISOString()}`).set(bearer(caseworker)).expect(200);
    expect(due.body.items.map((r: { id: string }) => r.id)).toContain(referral.id);
    expect(due.body.items.every((r: { status: string; nextDeadline: string }) => r.status === 'submitted' && r.nextDeadline)).toBe(true);
    const none = await request(t.http).get(`/api/v1/referrals?dueBefore=${start.toISOString()}`).set(bearer(caseworker)).expect(200);
    expect(none.body.items).toEqual([]);
    const dashboard = validator.checked(await request(t.http).get('/api/v1/dashboard').set(bearer(caseworker)).expect(200));
    expect(dashboard.body.upcomingDeadlines.map((d: { referralId: string }) => d.referralId)).toContain(referral.id);
  });

  it('scopes cases and referrals to the caseworker’s centres and keeps funders out', async () => {
    const { caseId, referral } = await newReferral();
    const outsider = await userFor(t, 'caseworker', [removal]);
    await request(t.http).get(`/api/v1/cases/${caseId}`).set(bearer(outsider)).expect(404);
    await request(t.http).post(`/api/v1/referrals/${referral.id}/transitions`).set(bearer(outsider)).send({ to: 'submitted', version: 1 }).expect(404);
    await move(referral.id, 'submitted', 1).expect(200);
    await request(t.http).post(`/api/v1/referrals/${referral.id}/transitions`).set(bearer(staff)).send({ to: 'registered', version: 2 }).expect(403);
    const funder = await userFor(t, 'funder', []);
    await request(t.http).get(`/api/v1/cases/${caseId}`).set(bearer(funder)).expect(403);
    await request(t.http).get(`/api/v1/referrals/${referral.id}`).set(bearer(funder)).expect(403);
  });

  it('tasks: by hand, overdue on the dashboard, done', async () => {
    const { case: opened } = await checkIn();
    const task = await request(t.http).post(`/api/v1/cases/${opened.id}/tasks`).set(bearer(caseworker)).send({ title: 'Call the interpreter', dueAt: new Date(start.getTime() + HOUR).toISOString() }).expect(201);
    clock.advance(2 * HOUR);
    const dashboard = validator.checked(await request(t.http).get('/api/v1/dashboard').set(bearer(caseworker)).expect(200));
    expect(dashboard.body.overdueTasks.map((item: { id: string }) => item.id)).toContain(task.body.id);
    const done = await request(t.http).post(`/api/v1/tasks/${task.body.id}/done`).set(bearer(caseworker)).expect(200);
    expect(done.body.doneAt).toBe(clock.now().toISOString());
    for (const answer of [task, done]) validator.check(answer);
  });

  describe('documents', () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

    it('stores a PDF, lists it, and audits each download', async () => {
      const { referral } = await newReferral();
      const uploaded = await request(t.http).post(`/api/v1/referrals/${referral.id}/documents`).set(bearer(caseworker)).attach('file', pdf, '../../etc/attestation OFPRA.pdf').expect(201);
      expect(uploaded.body).toMatchObject({ fileName: 'attestation OFPRA.pdf', contentType: 'application/pdf', sizeBytes: pdf.length });
      const listed = await request(t.http).get(`/api/v1/referrals/${referral.id}/documents`).set(bearer(caseworker)).expect(200);
      expect(listed.body.items).toHaveLength(1);
      const download = await request(t.http).get(`/api/v1/documents/${uploaded.body.id}`).set(bearer(caseworker)).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);
      expect(download.headers['content-disposition']).toMatch(/^attachment;/);
      for (const answer of [uploaded, listed, download]) validator.check(answer);
      const audit = await t.dataSource.query(`SELECT actor_id FROM audit_events WHERE action = 'document.download' AND entity_id = $1`, [uploaded.body.id]);
      expect(audit).toEqual([{ actor_id: caseworker.id }]);
    });

    it('refuses a file that is not a PDF, JPEG or PNG, whatever its name says', async () => {
      const { referral } = await newReferral();
      const response = await request(t.http).post(`/api/v1/referrals/${referral.id}/documents`).set(bearer(caseworker)).attach('file', Buffer.from('<script>alert(1)</script>'), 'fake.pdf').expect(415);
      expect(response.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      validator.check(response);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM referral_documents WHERE referral_id = $1`, [referral.id]);
      expect(n).toBe(0);
    });

    it('refuses a file over 10 MB and a request without a file', async () => {
      const { referral } = await newReferral();
      const big = Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(10 * 1024 * 1024)]);
      const tooBig = await request(t.http).post(`/api/v1/referrals/${referral.id}/documents`).set(bearer(caseworker)).attach('file', big, 'big.pdf');
      expect(tooBig.status).toBe(413);
      expect(tooBig.body.code).toBe('PAYLOAD_TOO_LARGE');
      const none = await request(t.http).post(`/api/v1/referrals/${referral.id}/documents`).set(bearer(caseworker)).field('other', 'x');
      expect(none.status).toBe(400);
    });
  });
});
