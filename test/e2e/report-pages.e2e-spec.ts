import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { FixedClock, type Role } from '@escale/platform';
import { createCentre, newPerson } from '../support/fixtures.js';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD, startTestApp, type TestApp, tokenFor } from '../support/test-app.js';

/** A signed-in page session: its cookie and a CSRF token from its home page. */
interface PageSession {
  cookie: string;
  csrf: string;
}

describe('report and spend pages: who may open them, and the CSV downloads', () => {
  // February 2026: January is the last complete month, the one a funder reads.
  const clock = new FixedClock(new Date('2026-02-10T10:00:00Z'));
  let t: TestApp;
  let centre: { id: string; code: string };
  const sessions = new Map<Role, PageSession>();

  async function logIn(email: string, password = DEFAULT_PASSWORD): Promise<PageSession> {
    const page = await request(t.http).get('/login').set('Accept-Language', 'en');
    const before = sessionCookie(page)!;
    const response = await request(t.http).post('/login').set('Cookie', before).set('Accept-Language', 'en').type('form').send({ _csrf: csrfOf(page.text), email, password }).expect(303);
    const cookie = sessionCookie(response)!;
    const home = await request(t.http).get('/').set('Cookie', cookie).set('Accept-Language', 'en').expect(200);
    return { cookie, csrf: csrfOf(home.text) };
  }

  const get = (role: Role, path: string) => request(t.http).get(path).set('Cookie', sessions.get(role)!.cookie).set('Accept-Language', 'en');

  let adminToken: string;

  /** A CSV file read the way a spreadsheet in that language reads it: the byte-order mark, then rows split on its separator. */
  const rowsOf = (text: string, delimiter: ',' | ';') => {
    expect(text.startsWith('\uFEFF')).toBe(true);
    return parse(text.slice(1), { delimiter, relax_column_count: false }) as string[][];
  };
  const OCCUPANCY_HEADER_EN = ['Period', 'Centre code', 'Centre identifier', 'Beds in service (average)', 'Bed-nights in service', 'Occupied bed-nights', 'Occupancy rate (%)', 'Admissions', 'Discharges', 'Arrivals without a bed'];

  beforeAll(async () => {
    t = await startTestApp({ clock });
    const fixture = await createCentre(t, { kind: 'reception', units: [{ housing: 'mixed', beds: 6 }] });
    centre = { id: fixture.id, code: fixture.code };
    const staff = await t.userWithToken('staff', [centre.id]);
    // Two people in January: a count a funder must see as "<5". Their names must never reach a report. (The funding sources UK, FR and EU-AMIF come with the schema.)
    for (const [familyName, checkedInAt] of [
      ['Canaryname', '2026-01-12T09:00:00Z'],
      ['Otherfamily', '2026-01-20T09:00:00Z'],
    ]) {
      await request(t.http)
        .post(`/api/v1/centres/${centre.id}/check-ins`)
        .set('Authorization', `Bearer ${staff.token}`)
        .send({ person: newPerson({ familyName }), checkedInAt })
        .expect(201);
    }
    const emails = new Map<Role, string>();
    for (const role of ['staff', 'caseworker', 'funder', 'auditor'] as const) {
      emails.set(role, (await t.userWithToken(role, role === 'staff' || role === 'caseworker' ? [centre.id] : [])).email);
    }
    // January can no longer change from 5 March (nothing is recorded more than 30 days late): funders read it from then.
    clock.set(new Date('2026-03-10T10:00:00Z'));
    adminToken = await tokenFor(t.http, ADMIN_EMAIL, ADMIN_PASSWORD);
    sessions.set('admin', await logIn(ADMIN_EMAIL, ADMIN_PASSWORD));
    for (const [role, email] of emails) sessions.set(role, await logIn(email));
  });
  afterAll(() => t.close());

  it('sends a visitor who is not signed in to the login page', async () => {
    for (const path of ['/reports', '/reports/occupancy.csv', '/reports/monthly', '/spend']) {
      const response = await request(t.http).get(path).expect(303);
      expect(response.headers.location).toBe('/login');
    }
  });

  it('refuses the reports and the spend page to staff and caseworkers', async () => {
    for (const role of ['staff', 'caseworker'] as const) {
      for (const path of ['/reports', `/reports/monthly?centreId=${centre.id}&month=2026-01`, '/reports/occupancy.csv', '/reports/spend.csv', '/reports/outcomes.csv', '/spend']) {
        const response = await get(role, path);
        expect({ role, path, status: response.status }).toEqual({ role, path, status: 403 });
        expect(response.headers['content-type']).toMatch(/text\/html/);
      }
    }
  });

  it('refuses the spend page and its forms to funders and auditors', async () => {
    for (const role of ['funder', 'auditor'] as const) {
      await get(role, '/spend').expect(403);
      const { cookie, csrf } = sessions.get(role)!;
      await request(t.http)
        .post('/spend/lines')
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrf, centreId: centre.id, date: '2026-01-05', category: 'catering', fundingSource: 'UK', amount: '10' })
        .expect(403);
      await request(t.http).post('/spend/imports').set('Cookie', cookie).field('_csrf', csrf).attach('file', Buffer.from('centre,date\n'), 'spend.csv').expect(403);
    }
    const lines = await request(t.http).get('/api/v1/spend').set('Authorization', `Bearer ${adminToken}`).expect(200);
    expect(lines.body.total).toBe(0);
  });

  it('opens the dashboard for funders, admins and auditors, and the spend page for admins', async () => {
    for (const role of ['funder', 'admin', 'auditor'] as const) {
      const page = await get(role, '/reports').expect(200);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.text).toContain('<h1>Reports</h1>');
      expect(page.text).toContain('href="/reports" aria-current="page"');
      expect(page.text.includes('href="/spend"')).toBe(role === 'admin');
    }
    await get('admin', '/spend').expect(200);
  });

  it('gives a funder the occupancy CSV of the last complete month, small counts hidden, no name', async () => {
    const response = await get('funder', `/reports/occupancy.csv?centreId=${centre.id}&from=2026-01-01&to=2026-02-28`).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="?occupancy-2026-01-01-2026-01-31\.csv"?$/);
    const [header, ...rows] = rowsOf(response.text, ',');
    expect(header).toEqual(OCCUPANCY_HEADER_EN);
    expect(rows).toHaveLength(1);
    const cells = rows[0];
    expect(cells.slice(0, 5)).toEqual(['2026-01', centre.code, centre.id, '6', String(6 * 31)]);
    expect(cells[7]).toBe('<5');
    expect(response.text).not.toMatch(/Canaryname|Otherfamily/i);
  });

  it('gives an admin the exact counts in the same CSV', async () => {
    const response = await get('admin', `/reports/occupancy.csv?centreId=${centre.id}&from=2026-01-01&to=2026-01-31`).expect(200);
    const cells = rowsOf(response.text, ',')[1];
    expect(cells[7]).toBe('2');
    // The rate as a percentage with a decimal point, the same as the API's fraction.
    const api = await request(t.http).get(`/api/v1/reports/occupancy?centreId=${centre.id}&from=2026-01-01&to=2026-01-31`).set('Authorization', `Bearer ${adminToken}`).expect(200);
    const rate = api.body.items[0].occupancyRate as number;
    expect(rate).toBeGreaterThan(0);
    expect(cells[6]).toBe((rate * 100).toFixed(2));
  });

  it('downloads spend and outcomes as CSV too, and refuses a bad filter with the error page', async () => {
    const spend = await get('funder', '/reports/spend.csv?groupBy=fundingSource').expect(200);
    expect(spend.headers['content-disposition']).toMatch(/^attachment; filename="?spend-by-funding-source-2025-03-01-2026-01-31\.csv"?$/);
    expect(rowsOf(spend.text, ',')[0]).toEqual(['Period', 'Funding source', 'Currency', 'Amount', 'Budget for the period', 'Cost per occupied bed-night']);
    const outcomes = await get('auditor', '/reports/outcomes.csv').expect(200);
    expect(rowsOf(outcomes.text, ',')[0]).toEqual(['Section', 'Item', 'Value']);
    for (const query of ['granularity=hour', 'from=2026-13-01', 'groupBy=colour', 'from=2026-02-01&to=2026-01-01', 'centreId=7']) {
      const refused = await get('funder', `/reports/occupancy.csv?${query}`);
      expect({ query, status: refused.status, type: refused.headers['content-type'] }).toEqual({ query, status: 400, type: expect.stringMatching(/text\/html/) });
    }
    await get('funder', '/reports/occupancy.csv?colour=red').expect(400);
  });

  it('shows the filter form again with the mistake when a filter is wrong', async () => {
    const page = await get('funder', '/reports?from=2026-02-01&to=2026-01-01').expect(400);
    expect(page.text).toContain('role="alert"');
    expect(page.text).toContain('id="reports-from" name="from" type="date" value="2026-02-01"');
    expect(page.text).toContain('aria-invalid="true"');
  });

  it('imports spend from a page only with the form’s CSRF token', async () => {
    const { cookie, csrf } = sessions.get('admin')!;
    const file = Buffer.from(`centre,date,category,fundingSource,amount\n${centre.code},2026-01-15,catering,UK,1234.56\n`);
    const refused = await request(t.http).post('/spend/imports').set('Cookie', cookie).attach('file', file, 'spend.csv').expect(403);
    expect(refused.headers['content-type']).toMatch(/text\/html/);
    expect((await request(t.http).get('/api/v1/spend').set('Authorization', `Bearer ${adminToken}`)).body.total).toBe(0);

    const accepted = await request(t.http).post('/spend/imports').set('Cookie', cookie).field('_csrf', csrf).attach('file', file, 'spend.csv').expect(303);
    expect(accepted.headers.location).toBe('/spend?done=import&imported=1&totals=EUR%3A123456#import');
    const page = await get('admin', accepted.headers.location.split('#')[0]).expect(200);
    expect(page.text).toContain('The file is imported. Spend lines: 1; total: €1,234.56.');
    expect((await request(t.http).get('/api/v1/spend').set('Authorization', `Bearer ${adminToken}`)).body.total).toBe(1);
  });

  it('writes the CSV of a French page as French Excel reads it: semicolons, decimal commas, French headers, rates in per cent', async () => {
    await request(t.http).post('/api/v1/spend').set('Authorization', `Bearer ${adminToken}`).send({ centreId: centre.id, date: '2026-01-16', category: 'interpreting', fundingSource: 'FR', amountCents: 98_765 }).expect(201);
    const api = await request(t.http).get(`/api/v1/reports/occupancy?centreId=${centre.id}&from=2026-01-01&to=2026-01-31`).set('Authorization', `Bearer ${adminToken}`).expect(200);
    const rate = api.body.items[0].occupancyRate as number;

    const occupancy = await get('admin', `/reports/occupancy.csv?centreId=${centre.id}&from=2026-01-01&to=2026-01-31&lang=fr`).expect(200);
    expect(occupancy.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const [header, row] = rowsOf(occupancy.text, ';');
    expect(header).toEqual(['Période', 'Code du centre', 'Identifiant du centre', 'Lits en service (moyenne)', 'Nuitées en service', 'Nuitées occupées', 'Taux d’occupation (%)', 'Entrées', 'Sorties', 'Arrivées sans lit']);
    expect(row.slice(0, 5)).toEqual(['2026-01', centre.code, centre.id, '6', '186']);
    // "17,20": a comma before the decimals, which French Excel reads as the number 17.2.
    expect(row[6]).toMatch(/^\d+,\d{2}$/);
    expect(Number(row[6].replace(',', '.'))).toBeCloseTo(rate * 100, 2);
    expect(row[7]).toBe('2');

    const spend = rowsOf((await get('admin', `/reports/spend.csv?centreId=${centre.id}&from=2026-01-01&to=2026-01-31&groupBy=category&lang=fr`).expect(200)).text, ';');
    expect(spend[0]).toEqual(['Période', 'Catégorie', 'Monnaie', 'Montant', 'Coût par nuitée occupée']);
    const interpreting = spend.find((cells) => cells[1] === 'Interprétariat')!;
    expect(interpreting.slice(0, 4)).toEqual(['2026-01', 'Interprétariat', 'EUR', '987,65']);
    expect(interpreting[4]).toMatch(/^\d+,\d{2}$/);

    const outcomes = rowsOf((await get('admin', `/reports/outcomes.csv?centreId=${centre.id}&from=2026-01-01&to=2026-01-31&lang=fr`).expect(200)).text, ';');
    expect(outcomes[0]).toEqual(['Rubrique', 'Élément', 'Valeur']);
    expect(outcomes.map((cells) => cells[1])).toEqual(expect.arrayContaining(['de 0 à 1 jour', 'de 2 à 4 jours']));

    // The same file from an English page: commas between fields, a decimal point, English words.
    const english = rowsOf((await get('admin', `/reports/occupancy.csv?centreId=${centre.id}&from=2026-01-01&to=2026-01-31&lang=en`).expect(200)).text, ',');
    expect(english[0]).toEqual(OCCUPANCY_HEADER_EN);
    expect(english[1][6]).toBe(row[6].replace(',', '.'));
    // A language the pages do not speak is the reader's own.
    expect(rowsOf((await get('admin', `/reports/occupancy.csv?centreId=${centre.id}&lang=de`).expect(200)).text, ',')[0]).toEqual(OCCUPANCY_HEADER_EN);
  });

  it('links the dashboard’s downloads in the page’s language, and opens with each centre’s figures', async () => {
    const page = await get('admin', '/reports?from=2026-01-01&to=2026-01-31').expect(200);
    const links = page.text.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
    expect(links).toContain('href="/reports/occupancy.csv?from=2026-01-01&to=2026-01-31&granularity=month&lang=en"');
    expect(links).toContain('href="/reports?from=2026-02-01&to=2026-02-28&granularity=month"');
    const centres = page.text.indexOf('data-report-table="centres"');
    expect(centres).toBeGreaterThan(0);
    expect(centres).toBeLessThan(page.text.indexOf('id="key-figures"'));
    expect(page.text).toMatch(new RegExp(`<tr data-centre="${centre.code}">`));
    // The last month, quarter and year before 10 March 2026, in Paris time.
    for (const period of ['2026-02-01/2026-02-28', '2025-10-01/2025-12-31', '2025-01-01/2025-12-31']) expect(page.text).toContain(`data-period-shortcut="${period}"`);
    // A funder's last month is the last one that can no longer change: January.
    expect((await get('funder', '/reports').expect(200)).text).toContain('data-period-shortcut="2026-01-01/2026-01-31"');
  });
});
