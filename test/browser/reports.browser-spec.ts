import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Locator, Page } from 'playwright-core';
import request from 'supertest';
import { FixedClock } from '@escale/platform';
import { createCentre, newPerson, type CentreFixture } from '../support/fixtures.js';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  DEFAULT_PASSWORD,
  headingText,
  isFocused,
  logIn,
  msg,
  startBrowserHarness,
  tabTo,
  waitForLanguage,
  waitForPath,
  watchForProblems,
  type BrowserHarness,
} from './browser-support.js';

/** A name that must never appear on a report page or in a report file. */
const CANARY = { givenNames: 'Quillon', familyName: 'Zzcanary' };
const CANARY_PATTERN = /Quillon|Zzcanary/i;

/** The words of an element, as one line. */
const wordsOf = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** A table of the page by its caption. */
const tableNamed = (page: Page, caption: string) => page.getByRole('table', { name: caption, exact: true });

describe('Reports: the funders’ dashboard, CSV downloads, the monthly report and the spend page (browser)', () => {
  // The reports read the past: stays are recorded month by month as the clock moves (a check-in
  // may be recorded up to 30 days late), then everything is read on 10 March 2026, when a
  // funder may read January and February.
  const clock = new FixedClock(new Date('2026-01-29T12:00:00Z'));
  let h: BrowserHarness;
  let calais: CentreFixture;
  let dunkirk: CentreFixture;
  let funder: { email: string };
  let spendLinesBefore: number;

  const admin = () => ({ Authorization: `Bearer ${h.t.adminToken}` });

  async function checkIn(token: string, centre: CentreFixture, checkedInAt: string, person: Record<string, unknown> = {}): Promise<string> {
    const { body } = await request(h.t.http)
      .post(`/api/v1/centres/${centre.id}/check-ins`)
      .set('Authorization', `Bearer ${token}`)
      .send({ person: newPerson(person), checkedInAt })
      .expect(201);
    return body.stay.id as string;
  }

  async function checkOut(token: string, stayId: string, at: string, reason: string): Promise<void> {
    await request(h.t.http).post(`/api/v1/stays/${stayId}/check-out`).set('Authorization', `Bearer ${token}`).send({ reason, at }).expect(200);
  }

  async function spendLine(centre: CentreFixture, date: string, category: string, fundingSource: string, amountCents: number): Promise<void> {
    await request(h.t.http).post('/api/v1/spend').set(admin()).send({ centreId: centre.id, date, category, fundingSource, amountCents }).expect(201);
  }

  async function spendTotal(): Promise<number> {
    return (await request(h.t.http).get('/api/v1/spend?limit=1').set(admin()).expect(200)).body.total as number;
  }

  beforeAll(async () => {
    // API tokens must outlive the ten weeks the clock moves through.
    h = await startBrowserHarness({ clock, env: { TOKEN_TTL_MINUTES: String(60 * 24 * 90) } });
    calais = await createCentre(h.t, { kind: 'reception', maxStayDays: 7, units: [{ housing: 'men', beds: 12 }] });
    dunkirk = await createCentre(h.t, { kind: 'reception', maxStayDays: 7, units: [{ housing: 'men', beds: 4 }] });
    const staff = await h.t.userWithToken('staff', [calais.id, dunkirk.id]);

    // January: eight arrivals in Calais (one of them the canary), six of them gone by the 16th; two in Dunkirk, a count to hide.
    const january = [];
    for (let day = 3; day <= 10; day++) {
      january.push(await checkIn(staff.token, calais, `2026-01-${String(day).padStart(2, '0')}T09:00:00Z`, day === 3 ? CANARY : {}));
    }
    const reasons = ['released_by_court', 'moved_to_asylum_accommodation', 'released_by_court', 'absconded', 'removed', 'moved_to_asylum_accommodation'];
    for (const [index, stayId] of january.slice(0, 6).entries()) await checkOut(staff.token, stayId, `2026-01-${String(11 + index).padStart(2, '0')}T10:00:00Z`, reasons[index]);
    const dunkirkStay = await checkIn(staff.token, dunkirk, '2026-01-05T09:00:00Z');
    await checkIn(staff.token, dunkirk, '2026-01-20T09:00:00Z');
    await checkOut(staff.token, dunkirkStay, '2026-01-25T10:00:00Z', 'released_by_court');

    // February: the last two of January leave, six arrive, four of them leave.
    clock.set(new Date('2026-02-26T12:00:00Z'));
    await checkOut(staff.token, january[6], '2026-02-03T10:00:00Z', 'released_at_legal_limit');
    await checkOut(staff.token, january[7], '2026-02-04T10:00:00Z', 'moved_to_asylum_accommodation');
    const february = [];
    for (let day = 2; day <= 7; day++) february.push(await checkIn(staff.token, calais, `2026-02-0${day}T09:00:00Z`));
    for (const [index, stayId] of february.slice(0, 4).entries()) await checkOut(staff.token, stayId, `2026-02-${10 + index}T10:00:00Z`, 'released_by_court');

    // Money: the funding sources UK, FR and EU-AMIF come with the schema.
    await spendLine(calais, '2026-01-15', 'accommodation', 'UK', 12_000_00);
    await spendLine(calais, '2026-01-20', 'catering', 'FR', 3_400_50);
    await spendLine(calais, '2026-01-28', 'healthcare', 'EU-AMIF', 800_00);
    await spendLine(calais, '2026-02-15', 'accommodation', 'UK', 12_000_00);
    await spendLine(calais, '2026-02-16', 'security', 'FR', 5_000_00);
    await spendLine(dunkirk, '2026-01-18', 'catering', 'FR', 900_00);
    for (const [centre, fundingSource, amountCents] of [
      [calais, 'UK', 150_000_00],
      [calais, 'FR', 60_000_00],
      [dunkirk, 'FR', 20_000_00],
    ] as const) {
      await request(h.t.http).post('/api/v1/budgets').set(admin()).send({ centreId: centre.id, year: 2026, fundingSource, amountCents }).expect(201);
    }
    spendLinesBefore = await spendTotal();

    // February can no longer change from 2 April (nothing is recorded more than 30 days late): funders read it from then.
    clock.set(new Date('2026-04-06T10:00:00Z'));
    funder = await h.t.userWithToken('funder');
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  it('shows a funder the dashboard: charts each followed by its table, small counts hidden, no name, in English and French, and the occupancy CSV', async () => {
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, funder.email, DEFAULT_PASSWORD);

    // The home page leads to the dashboard, and so does the header.
    await page.getByRole('link', { name: msg('en', 'reports.home.link') }).click();
    await waitForPath(page, '/reports');
    expect(await headingText(page)).toBe(msg('en', 'reports.title'));
    const nav = page.getByRole('navigation', { name: msg('en', 'nav.main') });
    expect(await nav.getByRole('link', { name: msg('en', 'reports.nav') }).getAttribute('aria-current')).toBe('page');
    expect(await nav.getByRole('link', { name: msg('en', 'spend.nav') }).count()).toBe(0);

    // The filters, by keyboard: every field has its label, in order, and the focus is visible.
    const filters = page.locator('form[action="/reports"]');
    const centre = filters.getByLabel(msg('en', 'reports.centre'), { exact: true });
    await tabTo(page, centre, 20);
    expect(await centre.evaluate((element) => getComputedStyle(element).outlineStyle)).toBe('solid');
    await page.keyboard.press('Tab');
    const from = filters.getByLabel(msg('en', 'reports.from'));
    expect(await isFocused(from)).toBe(true);
    await from.fill('2026-01-01');
    await page.keyboard.press('Tab');
    await filters.getByLabel(new RegExp(`^${msg('en', 'reports.to')} `)).fill('2026-02-28');
    // (Tab also steps through the day, month and year of a date field.)
    await tabTo(page, filters.getByLabel(msg('en', 'reports.granularity')), 6);
    await page.keyboard.press('Tab');
    expect(await isFocused(filters.getByRole('button', { name: msg('en', 'reports.show') }))).toBe(true);
    await page.keyboard.press('Enter');
    await waitForPath(page, '/reports?centreId=&from=2026-01-01&to=2026-02-28&granularity=month');

    // The period read is January and February, said on the page.
    expect(await wordsOf(page.locator('[data-report-period]'))).toBe(`${msg('en', 'reports.scope.all')} · from 1 Jan 2026 to 28 Feb 2026`);

    // The answer first: each centre's occupancy, movements, spend and cost per bed-night over the period, then all centres.
    const centres = tableNamed(page, msg('en', 'reports.centres.caption', { from: '1 Jan 2026', to: '28 Feb 2026' }));
    expect((await centres.locator('tbody th').allInnerTexts()).sort()).toEqual([`Centre ${calais.code} (${calais.code})`, `Centre ${dunkirk.code} (${dunkirk.code})`].sort());
    const calaisRow = centres.locator(`tr[data-centre="${calais.code}"] td`);
    // Calais: its 12 beds over the 59 nights of January and February, its spend, and a rate (or the mark that hides it).
    expect(await wordsOf(calaisRow.nth(2))).toBe(String(12 * 59));
    expect(await wordsOf(calaisRow.nth(5))).toBe('€33,200.50');
    expect(await wordsOf(calaisRow.nth(0))).toMatch(/^(\d+\.\d%|—.*|\[c\].*|<5.*)$/);
    expect(await wordsOf(centres.locator('tfoot td').nth(5))).toBe('€34,100.50');
    // It comes before every other section, and the page's contents lead to each section by keyboard.
    const contents = page.getByRole('navigation', { name: msg('en', 'reports.contents.title') });
    const toOutlook = contents.getByRole('link', { name: msg('en', 'reports.outlook.title') });
    await tabTo(page, toOutlook, 40);
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#outlook');
    // The section is scrolled into view (it starts far below the first screen).
    expect(await page.locator('#outlook').evaluate((element) => window.scrollY > 0 && element.getBoundingClientRect().top >= 0 && element.getBoundingClientRect().top < window.innerHeight)).toBe(true);
    // The page at a laptop's width, the detail two by two: about 5,200 px for these two months (6,410 px when every section came one under another).
    await page.setViewportSize({ width: 1366, height: 768 });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThan(5600);

    // Four charts, each an image with a name, each followed by a table of its numbers with a caption and headers.
    const charts = page.locator('figure.chart');
    expect(await charts.count()).toBe(4);
    for (const chart of await charts.all()) {
      const svg = chart.locator('svg[role="img"]');
      expect(await svg.getAttribute('aria-labelledby')).toMatch(/-title .*-desc$/);
      const table = chart.locator('xpath=following-sibling::div[contains(@class, "table-scroll")][1]/table');
      expect(await table.locator('caption').count()).toBe(1);
      expect(await table.locator('thead th[scope="col"]').count()).toBeGreaterThan(1);
      expect(await table.locator('tbody th[scope="row"]').count()).toBeGreaterThan(0);
    }
    const occupancy = tableNamed(page, msg('en', 'reports.occupancy.tableCaption'));
    expect(await occupancy.locator('tbody th').allInnerTexts()).toEqual(['January 2026', 'February 2026']);
    // 16 beds every night of both months.
    expect(await wordsOf(occupancy.locator('tbody tr').first().locator('td').nth(1))).toBe(String(16 * 31));
    const spend = page.locator('[data-report-table="spend-by-category"]');
    expect(await wordsOf(spend.locator('tr[data-category="accommodation"] td').first())).toBe('€24,000.00');
    expect(await wordsOf(spend.locator('tfoot td').first())).toBe('€34,100.50');
    const sources = page.locator('[data-report-table="budget-by-source"]');
    expect(await wordsOf(sources.locator('tr[data-source="UK"]'))).toContain('€24,000.00');

    // Dunkirk's two arrivals in January are a small count: hidden as "<5", and Calais' hidden beside it so the total cannot give it away.
    const byCentre = page.locator('[data-report-table="by-centre"]');
    await page.getByText(msg('en', 'reports.byCentre.summary')).click();
    const dunkirkJanuary = byCentre.locator(`tr[data-centre="${dunkirk.code}"]`).first();
    expect(await dunkirkJanuary.locator('td').nth(4).locator('.disclosure-mark').innerText()).toBe('<5');
    expect(await byCentre.locator(`tr[data-centre="${calais.code}"]`).first().locator('td').nth(4).locator('.disclosure-mark').innerText()).toBe('[c]');
    // The marks are explained in words.
    const legend = page.getByRole('complementary', { name: msg('en', 'reports.marks.title') });
    expect(await wordsOf(legend)).toContain(msg('en', 'reports.marks.small'));
    expect(await wordsOf(legend)).toContain(msg('en', 'reports.marks.confidential'));
    // Length of stay, outcomes and the outlook are tables too.
    expect(await tableNamed(page, msg('en', 'reports.los.statsCaption')).count()).toBe(1);
    expect(await wordsOf(page.locator('[data-report-table="exit-reasons"] tr[data-reason="released_by_court"] th'))).toBe(msg('en', 'exitReason.released_by_court'));
    expect(await page.locator('[data-report-table="outlook"] tbody tr').count()).toBe(2);

    // Nobody is named anywhere on the page.
    expect(await page.content()).not.toMatch(CANARY_PATTERN);

    // One centre: its figures alone.
    await centre.selectOption(dunkirk.id);
    await filters.getByRole('button', { name: msg('en', 'reports.show') }).click();
    await page.locator('[data-report-period]', { hasText: dunkirk.code }).waitFor();
    const admissions = page.locator('[data-report-table="admissions"]');
    expect(await admissions.locator('tbody tr').first().locator('td').first().innerText()).toContain('<5');

    // In French, the same page speaks French.
    await page.getByRole('button', { name: 'Français' }).click();
    await waitForLanguage(page, 'fr');
    expect(await headingText(page)).toBe(msg('fr', 'reports.title'));
    expect(await tableNamed(page, msg('fr', 'reports.occupancy.tableCaption')).locator('tbody th').first().innerText()).toBe('janvier 2026');
    expect(await page.locator('figure.chart svg title').first().textContent()).toBe(msg('fr', 'reports.occupancy.chartTitle'));
    expect(await wordsOf(page.getByRole('complementary', { name: msg('fr', 'reports.marks.title') }))).toContain(msg('fr', 'reports.marks.small'));

    // French plurals: "de 0 à 1 jour", "de 2 à 4 jours".
    expect(await page.locator('[data-report-table="length-of-stay-distribution"] tbody th').allInnerTexts()).toEqual(expect.arrayContaining(['de 0 à 1 jour', 'de 2 à 4 jours']));

    // The occupancy CSV of all centres, downloaded from the page.
    await filters.getByLabel(msg('fr', 'reports.centre'), { exact: true }).selectOption('');
    await filters.getByRole('button', { name: msg('fr', 'reports.show') }).click();
    await page.locator('[data-report-period]', { hasText: msg('fr', 'reports.scope.all') }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: msg('fr', 'reports.download.occupancy') }).click()]);
    expect(download.suggestedFilename()).toBe('occupancy-2026-01-01-2026-02-28.csv');
    // As French Excel opens it: UTF-8 with a byte-order mark, ";" between fields, French headers, a decimal comma.
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, ...cells] = parse(csv.slice(1), { delimiter: ';' }) as string[][];
    expect(header.slice(0, 7)).toEqual(['Période', 'Code du centre', 'Identifiant du centre', 'Lits en service (moyenne)', 'Nuitées en service', 'Nuitées occupées', 'Taux d’occupation (%)']);
    expect(cells.map((row) => `${row[0]} ${row[1]}`).sort()).toEqual([`2026-01 ${calais.code}`, `2026-01 ${dunkirk.code}`, `2026-02 ${calais.code}`, `2026-02 ${dunkirk.code}`].sort());
    const dunkirkRow = cells.find((row) => row[0] === '2026-01' && row[1] === dunkirk.code)!;
    expect(dunkirkRow.slice(3, 5)).toEqual(['4', String(4 * 31)]);
    expect(dunkirkRow[7]).toBe('<5');
    expect(csv).not.toMatch(CANARY_PATTERN);

    // The period shortcuts, by keyboard, in French: the last month a funder can read is February.
    const lastMonth = page.getByRole('navigation', { name: msg('fr', 'reports.shortcuts.title') }).getByRole('link', { name: new RegExp(`^${msg('fr', 'reports.shortcuts.lastMonth')}`) });
    await filters.getByRole('button', { name: msg('fr', 'reports.show') }).focus();
    await tabTo(page, lastMonth, 20);
    await page.keyboard.press('Enter');
    await waitForPath(page, '/reports?from=2026-02-01&to=2026-02-28&granularity=month');
    expect(await wordsOf(page.locator('[data-report-period]'))).toBe(`${msg('fr', 'reports.scope.all')} · ${msg('fr', 'reports.periodShown', { from: '1 févr. 2026', to: '28 févr. 2026' })}`);
    expect(await tableNamed(page, msg('fr', 'reports.centres.caption', { from: '1 févr. 2026', to: '28 févr. 2026' })).locator('tfoot th').innerText()).toBe(msg('fr', 'reports.centres.total'));
    // In French at a laptop's width, no column is squeezed narrower than one of its words (a word cut one letter a line).
    const squeezed = await page.evaluate(() => {
      const context = document.createElement('canvas').getContext('2d')!;
      const wordWidths = (cell: HTMLElement) => {
        const widths: number[] = [];
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const parent = node.parentElement!;
          if (parent.getBoundingClientRect().width <= 1) continue; // words for screen readers only
          const style = getComputedStyle(parent);
          context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          for (const word of (node.textContent ?? '').split(/\s+/)) widths.push(context.measureText(word).width);
        }
        return widths;
      };
      return [...document.querySelectorAll<HTMLElement>('main table th, main table td')].flatMap((cell) => {
        if (cell.getClientRects().length === 0) return [];
        const style = getComputedStyle(cell);
        const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        const longest = Math.max(0, ...wordWidths(cell));
        return longest > room + 1 ? [`${cell.innerText.trim()} (${Math.round(room)} px for ${Math.round(longest)} px)`] : [];
      });
    });
    expect(squeezed).toEqual([]);

    expect(problems.all()).toEqual([]);
  });

  it('lets an admin import spend lines from a CSV file: a file with a bad row is refused whole, a good one is taken whole', async () => {
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: msg('en', 'nav.main') }).getByRole('link', { name: msg('en', 'spend.nav') }).click();
    await waitForPath(page, '/spend');
    expect(await headingText(page)).toBe(msg('en', 'spend.title'));
    // The columns are explained on the page.
    expect(await wordsOf(page.locator('details.csv-columns'))).toContain(msg('en', 'spend.import.col.amount'));

    const file = page.getByLabel(msg('en', 'spend.import.file'), { exact: true });
    const bad = [
      'centre,date,category,fundingSource,amount,description',
      `${calais.code},2026-03-02,catering,FR,120.00,Meals`,
      `${calais.code},2026-03-03,snacks,UK,12.345,Coffee`,
      `${dunkirk.code},2026-03-04,transport,UK,80,Bus`,
    ].join('\n');
    await file.setInputFiles({ name: 'march.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: msg('en', 'spend.import.submit') }).click();
    const alert = page.locator('#import-error');
    await alert.waitFor();
    expect(await wordsOf(alert)).toContain(msg('en', 'spend.import.refused'));
    const errors = page.locator('#import-errors tbody tr');
    expect(await errors.evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-row')} ${row.getAttribute('data-column')}`))).toEqual(['3 category', '3 amount']);
    expect(await wordsOf(errors.first().locator('td').nth(1))).toContain('legal_aid');
    expect(await spendTotal()).toBe(spendLinesBefore);

    const good = [
      'centre,date,category,fundingSource,amountCents,currency',
      `${calais.code},2026-03-02,catering,FR,12000,EUR`,
      `${dunkirk.code},2026-03-04,transport,UK,25050,`,
    ].join('\n');
    await file.setInputFiles({ name: 'march.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: msg('en', 'spend.import.submit') }).click();
    const result = page.locator('[data-import-result]');
    await result.waitFor();
    expect(await wordsOf(result)).toBe(msg('en', 'spend.done.import', { count: '2', totals: '€370.50' }));
    expect(await spendTotal()).toBe(spendLinesBefore + 2);
    // Reloading the page shows the outcome again but imports nothing more.
    await page.reload();
    await result.waitFor();
    expect(await spendTotal()).toBe(spendLinesBefore + 2);
    // The refused file came back as a page with its status, 400, which the browser reports.
    expect(problems.all()).toEqual([expect.stringMatching(/status of 400 .*\/spend\/imports/)]);
  });

  it('prints a centre’s monthly report', async () => {
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    // A funder of their own: the first test left its funder reading in French.
    const reader = await h.t.userWithToken('funder');
    await logIn(page, reader.email, DEFAULT_PASSWORD);
    await page.goto('/reports');
    const monthly = page.locator('#monthly-report');
    await monthly.getByLabel(msg('en', 'reports.centre')).selectOption(calais.id);
    await monthly.getByLabel(msg('en', 'reports.monthly.month')).fill('2026-02');
    await monthly.getByRole('button', { name: msg('en', 'reports.monthly.open') }).click();
    await waitForPath(page, `/reports/monthly?centreId=${calais.id}&month=2026-02`);
    expect(await headingText(page)).toBe(msg('en', 'reports.monthly.titleOf', { centre: `Centre ${calais.code}`, month: 'February 2026' }));

    // February as published, one row and never night by night (a night is a handful of people), and the month's budget against what was spent.
    const days = page.locator('[data-report-table="occupancy-by-day"] tbody tr');
    expect(await days.count()).toBe(1);
    expect(await days.first().locator('th').innerText()).toBe('February 2026');
    const sources = page.locator('[data-report-table="budget-by-source"]');
    expect(await wordsOf(sources.locator('tr[data-source="UK"] td').nth(1))).toBe('€12,000.00');
    expect(await wordsOf(sources.locator('tr[data-source="FR"] td').nth(1))).toBe('€5,000.00');
    expect(await page.content()).not.toMatch(CANARY_PATTERN);

    // On paper: the report without the header, the menus and the forms.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.site-header').isVisible()).toBe(false);
    expect(await page.locator('form.filters').isVisible()).toBe(false);
    expect(await page.locator('[data-report-table="occupancy-by-day"]').isVisible()).toBe(true);
    expect(await page.locator('figure.chart svg').first().isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.length).toBeGreaterThan(1000);
    await page.emulateMedia({ media: 'screen' });

    // A month that can still change is replaced, for a funder, by the last published one.
    await page.goto(`/reports/monthly?centreId=${calais.id}&month=2026-03`);
    expect(await wordsOf(page.getByRole('status'))).toBe(msg('en', 'reports.monthly.completeMonths', { asked: 'March 2026', month: 'February 2026' }));
    expect(problems.all()).toEqual([]);
  });
});
