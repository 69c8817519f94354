import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CentresService } from '@escale/centres';
import { type Actor, isLocale, type Locale, NotFound, translate } from '@escale/platform';
import {
  CONFIDENTIAL,
  GRANULARITIES,
  lastClosedMonthEnd,
  monthEnd,
  monthOf,
  ReportQuery,
  ReportsService,
  SMALL_COUNT,
  SpendService,
} from '@escale/reports';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { type FieldSpec, FormReader, type FormProblem, formProblem, queryString, renderPage, validated } from '../forms.js';
import { MonthlyReportInput, MonthlyReportQuery, ReportCsvQuery, ReportsPageQuery } from './reports.forms.js';
import { outcomesView, outlookView } from './outcome-view.js';
import { centreRowView, periodShortcuts } from './centre-table.js';
import { CsvDialect, occupancyCsvFor, outcomesCsvFor, spendCsvFor } from './report-csv.js';
import { budgetView, moneySummaryView, occupancyView, ReportFormat, spendByCategoryView } from './report-view.js';

const REPORT_FIELDS: Record<string, FieldSpec> = {
  centreId: { id: 'reports-centre', message: 'reports.fieldError.centre' },
  from: { id: 'reports-from', message: 'reports.fieldError.from' },
  to: { id: 'reports-to', message: 'reports.fieldError.to' },
  granularity: { id: 'reports-granularity', message: 'reports.fieldError.granularity' },
};

const MONTHLY_FIELDS: Record<string, FieldSpec> = {
  centreId: { id: 'monthly-centre', message: 'reports.fieldError.monthlyCentre' },
  month: { id: 'monthly-month', message: 'reports.fieldError.month' },
};

/** The disclosure marks, for the legend that explains them. */
const MARKS = { small: SMALL_COUNT, confidential: CONFIDENTIAL };

/**
 * The reports for funders, admins and auditors: the dashboard with its charts, each report as a
 * CSV file, and the printable monthly report of one centre. Everything comes from the reports
 * service, which hides small counts from funders and gives them whole, complete months only.
 */
@ApiExcludeController()
@Controller('reports')
export class ReportsPageController {
  constructor(
    private readonly reports: ReportsService,
    private readonly spend: SpendService,
    private readonly centres: CentresService,
  ) {}

  @Roles('funder', 'admin', 'auditor')
  @Get()
  async dashboard(@CurrentActor() actor: Actor, @Query() query: ReportsPageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const locale = request.locale!;
    const fmt = new ReportFormat(locale);
    const values = this.filterValues(query);
    const centres = await this.centreList(actor);
    let model: Record<string, unknown>;
    let status = 200;
    try {
      const filter = await validated(ReportQuery, values);
      // Each centre's figures beside the others', asked for together so that they share one computation of the grid.
      const shownCentres = centres.filter((centre) => !filter.centreId || centre.id === filter.centreId);
      const perCentre = Promise.all(
        shownCentres.map(async (centre) => {
          const [occupancy, spend] = await Promise.all([this.reports.occupancy(actor, { ...filter, centreId: centre.id }), this.reports.spend(actor, { ...filter, centreId: centre.id, groupBy: 'category' })]);
          return centreRowView({ centre, occupancy, spend }, fmt);
        }),
      );
      const [occupancy, byCategory, bySource, outcomes, outlook, sources, centreRows] = await Promise.all([
        this.reports.occupancy(actor, filter),
        this.reports.spend(actor, { ...filter, groupBy: 'category' }),
        this.reports.spend(actor, { ...filter, groupBy: 'fundingSource' }),
        this.reports.outcomes(actor, filter),
        this.reports.outlook(actor, filter.centreId),
        this.spend.listFundingSources(),
        perCentre,
      ]);
      // The files speak the page's language: the link says which.
      const download = (name: string, extra: Record<string, string> = {}) => `/reports/${name}.csv${queryString({ ...values, ...extra, lang: locale })}`;
      const lastMonth = monthOf(occupancy.to);
      model = {
        report: {
          suppressed: occupancy.suppressed,
          from: fmt.date(occupancy.from),
          to: fmt.date(occupancy.to),
          centre: centres.find((centre) => centre.id === occupancy.centreId) ?? null,
          granularity: occupancy.granularity,
        },
        centreRows,
        centreTotal: filter.centreId ? null : centreRowView({ centre: null, occupancy, spend: byCategory }, fmt),
        occupancy: occupancyView(occupancy, fmt),
        spendByCategory: spendByCategoryView(byCategory, fmt),
        budget: budgetView(bySource, fmt, new Map(sources.map((source) => [source.code, source.name]))),
        money: moneySummaryView(bySource, fmt),
        outcomes: outcomesView(outcomes, fmt),
        outlook: outlookView(outlook, fmt, new Map(centres.map((centre) => [centre.id, centre.name]))),
        downloads: [
          { href: download('occupancy'), label: fmt.t('reports.download.occupancy') },
          { href: download('spend', { groupBy: 'category' }), label: fmt.t('reports.download.spendByCategory') },
          { href: download('spend', { groupBy: 'fundingSource' }), label: fmt.t('reports.download.spendBySource') },
          { href: download('outcomes'), label: fmt.t('reports.download.outcomes') },
        ],
        monthly: { centreId: occupancy.centreId ?? '', month: lastMonth },
      };
    } catch (error) {
      const problem: FormProblem = formProblem(error, locale, REPORT_FIELDS);
      status = problem.status;
      model = { problem, errors: problem.fields, monthly: { centreId: values.centreId ?? '', month: this.lastCompleteMonth() } };
    }
    renderPage(
      response,
      'admin/reports/dashboard',
      {
        title: translate(locale, 'reports.title'),
        centres,
        values,
        shortcuts: periodShortcuts(this.reports.today(), actor.role === 'funder', fmt).map((period) => ({
          ...period,
          href: `/reports${queryString({ centreId: values.centreId ?? '', from: period.from, to: period.to, granularity: 'month' })}`,
        })),
        granularities: this.granularities(locale, actor), marks: MARKS, errors: {}, ...model },
      status,
    );
  }

  @Roles('funder', 'admin', 'auditor')
  @Get('occupancy.csv')
  async occupancyCsv(@CurrentActor() actor: Actor, @Query() query: ReportCsvQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const report = await this.reports.occupancy(actor, await this.csvFilter(query));
    this.sendCsv(response, `occupancy-${report.from}-${report.to}`, occupancyCsvFor(report, this.dialect(query, request)));
  }

  @Roles('funder', 'admin', 'auditor')
  @Get('spend.csv')
  async spendCsv(@CurrentActor() actor: Actor, @Query() query: ReportCsvQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const report = await this.reports.spend(actor, await this.csvFilter(query));
    this.sendCsv(response, `spend-by-${report.groupBy === 'category' ? 'category' : 'funding-source'}-${report.from}-${report.to}`, spendCsvFor(report, this.dialect(query, request)));
  }

  @Roles('funder', 'admin', 'auditor')
  @Get('outcomes.csv')
  async outcomesCsv(@CurrentActor() actor: Actor, @Query() query: ReportCsvQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const report = await this.reports.outcomes(actor, await this.csvFilter(query));
    this.sendCsv(response, `outcomes-${report.from}-${report.to}`, outcomesCsvFor(report, this.dialect(query, request)));
  }

  /** One centre's month on paper: occupancy night by night, outcomes, and spend against budget. */
  @Roles('funder', 'admin', 'auditor')
  @Get('monthly')
  async monthly(@CurrentActor() actor: Actor, @Query() query: MonthlyReportQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const locale = request.locale!;
    const fmt = new ReportFormat(locale);
    const read = new FormReader();
    const values = { centreId: read.text(query.centreId), month: read.text(query.month) };
    const centres = await this.centreList(actor);
    const page = { title: translate(locale, 'reports.monthly.title'), centres, marks: MARKS, errors: {} };
    // Nothing chosen yet: the form alone, with the last complete month.
    if (!values.centreId && !values.month) {
      renderPage(response, 'admin/reports/monthly', { ...page, values: { month: this.lastCompleteMonth() } });
      return;
    }
    try {
      const input = await validated(MonthlyReportInput, values);
      const centre = centres.find((candidate) => candidate.id === input.centreId);
      if (!centre) throw new NotFound('centre');
      const from = `${input.month}-01`;
      const filter = { centreId: centre.id, from, to: monthEnd(from) };
      const [occupancy, byCategory, bySource, outcomes, sources] = await Promise.all([
        // Night by night for admins and auditors; funders read the month's published table.
        this.reports.occupancy(actor, { ...filter, granularity: actor.role === 'funder' ? 'month' : 'day' }),
        this.reports.spend(actor, { ...filter, granularity: 'month', groupBy: 'category' }),
        this.reports.spend(actor, { ...filter, granularity: 'month', groupBy: 'fundingSource' }),
        this.reports.outcomes(actor, { ...filter, granularity: 'month' }),
        this.spend.listFundingSources(),
      ]);
      // Funders read complete months only: a month not yet over is replaced by the last one that is.
      const shown = monthOf(occupancy.from);
      renderPage(response, 'admin/reports/monthly', {
        ...page,
        title: translate(locale, 'reports.monthly.titleOf', { centre: centre.name, month: fmt.month(shown) }),
        values: { centreId: centre.id, month: shown },
        centre,
        report: {
          month: fmt.month(shown),
          asked: shown === input.month ? null : fmt.month(input.month),
          suppressed: occupancy.suppressed,
          from: fmt.date(occupancy.from),
          to: fmt.date(occupancy.to),
          prepared: fmt.date(this.reports.today()),
        },
        occupancy: occupancyView(occupancy, fmt, 'monthly-occupancy'),
        spendByCategory: spendByCategoryView(byCategory, fmt, 'monthly-spend'),
        budget: budgetView(bySource, fmt, new Map(sources.map((source) => [source.code, source.name])), 'monthly-budget'),
        money: moneySummaryView(bySource, fmt),
        outcomes: outcomesView(outcomes, fmt),
      });
    } catch (error) {
      const problem = formProblem(error, locale, MONTHLY_FIELDS);
      renderPage(response, 'admin/reports/monthly', { ...page, values, problem, errors: problem.fields }, problem.status);
    }
  }

  private filterValues(query: ReportsPageQuery) {
    const read = new FormReader();
    return { centreId: read.text(query.centreId), from: read.text(query.from), to: read.text(query.to), granularity: read.text(query.granularity) ?? 'month' };
  }

  /** A download takes the dashboard's filters; a bad one answers with the error page, as any bad link does. */
  private async csvFilter(query: ReportCsvQuery): Promise<ReportQuery> {
    const groupBy = new FormReader().text(query.groupBy);
    return validated(ReportQuery, { ...this.filterValues(query), ...(groupBy ? { groupBy } : {}) });
  }

  /** The file's language: the one the link names (the page it came from), else the reader's. */
  private dialect(query: ReportCsvQuery, request: EscaleRequest): CsvDialect {
    const lang = new FormReader().text(query.lang);
    return new CsvDialect(isLocale(lang) ? lang : request.locale!);
  }

  private sendCsv(response: Response, name: string, body: string): void {
    response.type('text/csv; charset=utf-8').attachment(`${name}.csv`);
    response.send(body);
  }

  private async centreList(actor: Actor) {
    return (await this.centres.listCentres(actor, 500, 0)).items.map(({ id, code, name }) => ({ id, code, name }));
  }

  /** Funders read monthly figures only. */
  private granularities(locale: Locale, actor: Actor) {
    return GRANULARITIES.filter((value) => actor.role !== 'funder' || value === 'month').map((value) => ({ value, label: translate(locale, `reports.granularity.${value}`) }));
  }

  /** The newest month funders can read: the last that can no longer change. */
  private lastCompleteMonth(): string {
    return monthOf(lastClosedMonthEnd(this.reports.today()));
  }
}
