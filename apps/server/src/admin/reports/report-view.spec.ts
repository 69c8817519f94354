import { CONFIDENTIAL, LOS_BUCKETS, type OccupancyReport, type OutcomesReport, REFERRAL_OUTCOMES, SMALL_COUNT, type SpendReport } from '@escale/reports';
import { EXIT_REASONS } from '@escale/stays';
import { againstMaximum, outcomesView, outlookView } from './outcome-view.js';
import { budgetView, moneySummaryView, occupancyView, periodsOf, ReportFormat, spendByCategoryView } from './report-view.js';

const en = new ReportFormat('en');
const fr = new ReportFormat('fr');
const CENTRE = '11111111-1111-4111-8111-111111111111';

const scope = { from: '2026-01-01', to: '2026-03-31', granularity: 'month' as const, centreId: null, suppressed: true };

const occupancyRow = (period: string, occupied: number | string, admissions: number | string) => ({
  period,
  centreId: null,
  centreCode: null,
  capacity: 10,
  capacityBedNights: 310,
  occupiedBedNights: occupied as number,
  occupancyRate: typeof occupied === 'number' ? occupied / 310 : null,
  admissions: admissions as number,
  discharges: 6,
  arrivalsWithoutBed: 0,
});

describe('ReportFormat', () => {
  it('writes counts as numbers and hidden counts as their marks', () => {
    expect(en.count(1234)).toEqual({ text: '1,234' });
    expect(fr.count(1234).text).toMatch(/^1\s234$/);
    expect(en.count(SMALL_COUNT)).toEqual({ text: '<5', mark: 'small' });
    expect(en.count(CONFIDENTIAL)).toEqual({ text: '[c]', mark: 'confidential' });
  });

  it('writes what is not available as a dash said in words', () => {
    expect(en.decimal(null)).toEqual({ text: '—', mark: 'missing' });
    expect(en.rate(null)).toEqual({ text: '—', mark: 'missing' });
    expect(en.moneyCell(null, 'EUR').mark).toBe('missing');
  });

  it('writes rates, money and periods in the page’s language', () => {
    expect(en.rate(0.8734).text).toBe('87.3%');
    expect(fr.rate(0.8734).text).toMatch(/^87,3\s%$/);
    expect(en.money(123456, 'EUR')).toBe('€1,234.56');
    expect(fr.money(123456, 'EUR')).toMatch(/^1\s234,56\s€$/);
    expect(en.period('2026-02', 'month', 'long')).toBe('February 2026');
    expect(fr.period('2026-02', 'month', 'long')).toBe('février 2026');
    expect(en.period('2026-02-05', 'day', 'short')).toBe('5 Feb');
    expect(en.period('2026-02-05', 'day', 'long')).toBe('5 Feb 2026');
  });

  it('labels values from the data with the catalogue, or as they are when it has none', () => {
    expect(en.label('exitReason.', 'absconded')).toBe('Absconded');
    expect(en.label('reports.category.', 'legal_aid')).toBe('Legal aid');
    expect(en.label('reports.category.', 'unheard_of')).toBe('unheard_of');
  });
});

describe('occupancyView', () => {
  const report: OccupancyReport = {
    ...scope,
    items: [],
    total: 0,
    totals: [occupancyRow('2026-01', 200, 12), occupancyRow('2026-02', CONFIDENTIAL, SMALL_COUNT), occupancyRow('2026-03', 250, 9)],
    summary: { capacity: 10, capacityBedNights: 930, occupiedBedNights: CONFIDENTIAL, occupancyRate: null, admissions: 25, discharges: 18, arrivalsWithoutBed: 0 },
  };
  const view = occupancyView(report, en);

  it('gives one table row per period, with hidden counts kept as marks', () => {
    expect(view.rows.map((row) => row.period)).toEqual(['January 2026', 'February 2026', 'March 2026']);
    expect(view.rows[1].occupiedBedNights).toEqual({ text: '[c]', mark: 'confidential' });
    expect(view.rows[1].admissions).toEqual({ text: '<5', mark: 'small' });
    expect(view.rows[1].occupancyRate.mark).toBe('missing');
    expect(view.summary.occupiedBedNights.mark).toBe('confidential');
  });

  it('draws the charts from the same figures, marks where a figure is hidden', () => {
    expect(view.occupancyChart).toContain(en.t('reports.occupancy.occupiedBedNights'));
    expect(view.occupancyChart).toContain('[c]');
    expect(view.movementChart).toContain('&lt;5');
    expect(view.movementChart).toContain('>12<');
  });

  it('lists figures by centre only when all centres are shown', () => {
    expect(view.byCentre).toEqual([]);
    const one = occupancyView({ ...report, centreId: CENTRE, items: [{ ...occupancyRow('2026-01', 200, 12), centreId: CENTRE, centreCode: 'CAL' }], totals: [] }, en);
    expect(one.rows).toHaveLength(1);
    expect(one.byCentre).toEqual([]);
  });
});

describe('spend views', () => {
  const byCategory: SpendReport = {
    ...scope,
    groupBy: 'category',
    items: [
      { period: '2026-01', key: 'catering', currency: 'EUR', amountCents: 100_00 },
      { period: '2026-02', key: 'catering', currency: 'EUR', amountCents: 200_00 },
      { period: '2026-02', key: 'security', currency: 'EUR', amountCents: 100_00 },
      { period: '2026-02', key: 'staff', currency: 'GBP', amountCents: 50_00 },
    ],
    total: 4,
    summary: [],
  };

  it('adds up each category over the period, per currency, with its share', () => {
    const [eur, gbp] = spendByCategoryView(byCategory, en);
    expect(eur.currency).toBe('EUR');
    expect(eur.total).toBe('€400.00');
    expect(eur.rows.find((row) => row.key === 'catering')).toMatchObject({ amount: '€300.00', share: { text: '75.0%' } });
    expect(eur.rows.find((row) => row.key === 'healthcare')).toMatchObject({ amount: '€0.00', share: { text: '0.0%' } });
    expect(eur.rows).toHaveLength(10);
    expect(gbp.total).toBe('£50.00');
  });

  const bySource: SpendReport = {
    ...scope,
    groupBy: 'fundingSource',
    items: [
      { period: '2026-01', key: 'FR', currency: 'EUR', amountCents: 100_00, budgetCents: 300_00 },
      { period: '2026-01', key: 'UK', currency: 'EUR', amountCents: 50_00, budgetCents: 0 },
      { period: '2026-03', key: 'FR', currency: 'EUR', amountCents: 400_00, budgetCents: 300_00 },
    ],
    total: 3,
    summary: [{ currency: 'EUR', amountCents: 550_00, budgetCents: 600_00, costPerBedNightCents: null, costPerPersonCents: 12_34 }],
  };

  it('adds spend and budget up over every period of the report, months without lines included', () => {
    const [eur] = budgetView(bySource, en, new Map([['FR', 'French state']]));
    expect(eur.burn.map((row) => [row.period, row.spentSoFar, row.budgetSoFar])).toEqual([
      ['January 2026', '€150.00', '€300.00'],
      ['February 2026', '€150.00', '€300.00'],
      ['March 2026', '€550.00', '€600.00'],
    ]);
    expect(eur.burn[2].used.text).toBe('91.7%');
    expect(eur.chart).toContain(en.t('reports.budget.spentSoFar'));
  });

  it('compares each funding source’s spend with its budget', () => {
    const [eur] = budgetView(bySource, en, new Map([['FR', 'French state']]));
    expect(eur.sources).toEqual([
      { key: 'FR', name: 'French state', spent: '€500.00', budget: '€600.00', remaining: '€100.00', over: false, used: { text: '83.3%' } },
      { key: 'UK', name: '', spent: '€50.00', budget: '€0.00', remaining: '-€50.00', over: true, used: { text: '—', mark: 'missing' } },
    ]);
    expect(eur.total).toMatchObject({ spent: '€550.00', budget: '€600.00', over: false });
  });

  it('gives the cost per bed-night and per person as the service publishes them', () => {
    expect(moneySummaryView(bySource, en)).toEqual([
      { currency: 'EUR', spent: '€550.00', budget: '€600.00', costPerBedNight: { text: '—', mark: 'missing' }, costPerPerson: { text: '€12.34' } },
    ]);
  });

  it('covers every day of a daily report', () => {
    expect(periodsOf({ from: '2026-02-27', to: '2026-03-02', granularity: 'day' })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });
});

describe('length of stay and outcomes', () => {
  it('places each length bucket against the legal maximum', () => {
    expect(LOS_BUCKETS.map((bucket) => againstMaximum(bucket, 7))).toEqual(['within', 'within', 'across', 'beyond', 'beyond', 'beyond', 'beyond']);
    expect(LOS_BUCKETS.map((bucket) => againstMaximum(bucket, 90))).toEqual(['within', 'within', 'within', 'within', 'within', 'across', 'beyond']);
  });

  const report: OutcomesReport = {
    ...scope,
    exitReasons: EXIT_REASONS.map((reason, index) => ({ reason, count: index === 0 ? SMALL_COUNT : 7 })),
    referralOutcomes: REFERRAL_OUTCOMES.map((outcome) => ({ outcome, count: 0 })),
    interpreterUse: [{ language: 'prs', handedOver: 1200, withInterpreter: 30, byPhone: 12, unreviewed: 0 }],
    lengthOfStay: {
      stays: 70,
      meanDays: 6.25,
      medianDays: 5,
      p90Days: null,
      legalMaximumDays: 7,
      overLegalMaximum: CONFIDENTIAL,
      distribution: LOS_BUCKETS.map((bucket) => ({ bucket, count: 10 })),
    },
  };

  it('names reasons and outcomes from the catalogue and keeps hidden counts', () => {
    const view = outcomesView(report, en);
    expect(view.exitReasons[0]).toEqual({ key: 'transferred', label: en.t('exitReason.transferred'), count: { text: '<5', mark: 'small' } });
    expect(view.referralOutcomes.map((row) => row.label)).toContain(en.t('referralStatus.decided_granted'));
    expect(view.lengthOfStay).toMatchObject({ meanDays: { text: '6.3' }, medianDays: { text: '5.0' }, p90Days: { mark: 'missing' }, legalMaximumDays: '7', overLegalMaximum: { mark: 'confidential' } });
    expect(view.distribution.map((row) => row.label)).toEqual(['0 to 1 days', '2 to 4 days', '5 to 7 days', '8 to 30 days', '31 to 60 days', '61 to 90 days', '91 days or more']);
    expect(view.distribution[2].againstMaximum).toBe(en.t('reports.los.across'));
    expect(view.interpreterUse).toEqual([{ language: 'prs', handedOver: '1,200', withInterpreter: '30', byPhone: '12', unreviewed: '0' }]);
    expect(outcomesView({ ...report, interpreterUse: null }, en).interpreterUse).toBeNull();
  });

  it('says nothing about the legal maximum for all centres together', () => {
    const view = outcomesView({ ...report, lengthOfStay: { ...report.lengthOfStay, legalMaximumDays: null } }, fr);
    expect(view.lengthOfStay.legalMaximumDays).toBeNull();
    expect(view.distribution.every((row) => row.againstMaximum === null)).toBe(true);
    expect(view.distribution[6].label).toBe('91 jours ou plus');
  });
});

describe('outlookView', () => {
  const basis = { from: '2026-02-01', to: '2026-02-28' };
  const row = { centreId: CENTRE, centreCode: 'CAL', capacity: 20, occupied: 12, arrivalsPerDay: 1.5, meanStayDays: 10, expectedOccupancy: 15, daysUntilFull: null, basis };

  it('says when a centre fills, is full, or is not expected to fill', () => {
    const names = new Map([[CENTRE, 'Calais']]);
    const [steady, filling, full] = outlookView([row, { ...row, daysUntilFull: 6 }, { ...row, occupied: null, daysUntilFull: 0 }], en, names);
    expect(steady).toMatchObject({ centre: 'CAL', name: 'Calais', daysUntilFull: en.t('reports.outlook.notFilling'), soon: false, arrivalsPerDay: { text: '1.50' } });
    expect(filling).toMatchObject({ daysUntilFull: '6', soon: true });
    expect(full).toMatchObject({ daysUntilFull: en.t('reports.outlook.fullNow') });
    expect(steady.occupied).toEqual({ text: '12' });
    // Funders get no live count of the people present.
    expect(full.occupied).toEqual(en.decimal(null));
    expect(steady.basis).toBe('1 Feb 2026 to 28 Feb 2026');
  });
});
