import { Body, Controller, Get, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CentresService } from '@escale/centres';
import { type Actor, Clock, DomainError, type Locale, translate, ValidationFailed } from '@escale/platform';
import { CreateFundingSourceDto, CreateSpendDto, importFileRefused, localDate, SetBudgetDto, SPEND_CATEGORIES, SpendService } from '@escale/reports';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import { PageUpload } from '../../http/page-upload.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { UI_TIME_ZONE } from '../time.js';
import { type FieldSpec, FormReader, type FormProblem, formProblem, PageForm, pagination, queryString, renderPage, validated } from '../forms.js';
import { BudgetForm, FundingSourceForm, SpendLineForm, SpendPageQuery } from './reports.forms.js';
import { ReportFormat } from './report-view.js';
import { formatImportTotals, type ImportProblem, importProblem, parseImportTotals } from './spend-import.js';

/** A spend file may be at most 5 MB, as through the API. */
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const LINES_PER_PAGE = 20;
const DONE = ['line', 'budget', 'source', 'import'] as const;

const LINE_FIELDS: Record<string, FieldSpec> = {
  centreId: { id: 'line-centre', message: 'spend.fieldError.centre' },
  date: { id: 'line-date', message: 'spend.fieldError.date' },
  category: { id: 'line-category', message: 'spend.fieldError.category' },
  fundingSource: { id: 'line-source', message: 'spend.fieldError.fundingSource' },
  amountCents: { id: 'line-amount', message: 'spend.fieldError.amount' },
  currency: { id: 'line-currency', message: 'spend.fieldError.currency' },
  description: { id: 'line-description', message: 'spend.fieldError.description' },
};

const BUDGET_FIELDS: Record<string, FieldSpec> = {
  centreId: { id: 'budget-centre', message: 'spend.fieldError.centre' },
  year: { id: 'budget-year', message: 'spend.fieldError.year' },
  fundingSource: { id: 'budget-source', message: 'spend.fieldError.fundingSource' },
  amountCents: { id: 'budget-amount', message: 'spend.fieldError.budgetAmount' },
  currency: { id: 'budget-currency', message: 'spend.fieldError.currency' },
};

const SOURCE_FIELDS: Record<string, FieldSpec> = {
  code: { id: 'source-code', message: 'spend.fieldError.sourceCode' },
  codeTaken: { id: 'source-code', message: 'spend.fieldError.sourceCodeTaken' },
  name: { id: 'source-name', message: 'spend.fieldError.sourceName' },
};

interface UploadedSpendFile {
  originalname: string;
  size: number;
  buffer: Buffer;
}

/** Which form of the page failed, what was typed in it, and what went wrong. */
interface SpendFormState {
  form?: 'line' | 'budget' | 'source' | 'import';
  values?: object;
  problem?: FormProblem;
  importProblem?: ImportProblem;
}

/** An admin's page for the money side of the reports: spend lines one by one or from a CSV file, budgets, funding sources. */
@ApiExcludeController()
@Controller('spend')
export class SpendPageController {
  constructor(
    private readonly spend: SpendService,
    private readonly centres: CentresService,
    private readonly clock: Clock,
  ) {}

  @Roles('admin')
  @Get()
  async page(@CurrentActor() actor: Actor, @Query() query: SpendPageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.render(response, actor, request.locale!, {}, 200, query);
  }

  @Roles('admin')
  @Post('lines')
  async addLine(@CurrentActor() actor: Actor, @Body() form: SpendLineForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(
        CreateSpendDto,
        {
          centreId: read.text(form.centreId),
          date: read.text(form.date),
          category: read.text(form.category),
          fundingSource: read.text(form.fundingSource),
          amountCents: read.cents('amountCents', form.amount),
          currency: read.text(form.currency)?.toUpperCase(),
          description: read.text(form.description),
        },
        read.problems,
      );
      await this.spend.createSpend(actor, input);
      response.redirect(303, '/spend?done=line#spend-lines');
    } catch (error) {
      const problem = formProblem(error, request.locale!, LINE_FIELDS);
      await this.render(response, actor, request.locale!, { form: 'line', values: form, problem }, problem.status);
    }
  }

  @Roles('admin')
  @Post('budgets')
  async setBudget(@CurrentActor() actor: Actor, @Body() form: BudgetForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(
        SetBudgetDto,
        {
          centreId: read.text(form.centreId),
          year: read.integer(form.year),
          fundingSource: read.text(form.fundingSource),
          amountCents: read.cents('amountCents', form.amount),
          currency: read.text(form.currency)?.toUpperCase(),
        },
        read.problems,
      );
      await this.spend.setBudget(actor, input);
      response.redirect(303, '/spend?done=budget#budgets');
    } catch (error) {
      const problem = formProblem(error, request.locale!, BUDGET_FIELDS);
      await this.render(response, actor, request.locale!, { form: 'budget', values: form, problem }, problem.status);
    }
  }

  @Roles('admin')
  @Post('funding-sources')
  async addFundingSource(@CurrentActor() actor: Actor, @Body() form: FundingSourceForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(CreateFundingSourceDto, { code: read.text(form.code)?.toUpperCase(), name: read.text(form.name) });
      await this.spend.createFundingSource(actor, input).catch((error: unknown) => {
        // The code is the one thing that can be taken: said beside the code, not as a centre's code.
        throw error instanceof DomainError && error.code === 'CODE_TAKEN' ? new ValidationFailed({ codeTaken: ['is taken'] }) : error;
      });
      response.redirect(303, '/spend?done=source#funding-sources');
    } catch (error) {
      const problem = formProblem(error, request.locale!, SOURCE_FIELDS);
      await this.render(response, actor, request.locale!, { form: 'source', values: form, problem }, problem.status);
    }
  }

  /** A CSV of spend lines, imported whole or not at all; the outcome travels in the address, so reloading the page cannot import the file twice. */
  @Roles('admin')
  @Post('imports')
  @UseInterceptors(PageUpload('file', MAX_IMPORT_BYTES))
  async importLines(
    @CurrentActor() actor: Actor,
    @Body() _form: PageForm,
    @UploadedFile() file: UploadedSpendFile | undefined,
    @Req() request: EscaleRequest,
    @Res() response: Response,
  ): Promise<void> {
    const locale = request.locale!;
    try {
      if (request.uploadError) throw request.uploadError;
      if (!file || (file.size === 0 && !file.originalname)) throw importFileRefused([{ problem: 'noFile' }]);
      const result = await this.spend.importSpend(actor, file.buffer);
      response.redirect(303, `/spend${queryString({ done: 'import', imported: result.imported, totals: formatImportTotals(result.totals) })}#import`);
    } catch (error) {
      const problem = importProblem(error, new ReportFormat(locale), MAX_IMPORT_BYTES);
      await this.render(response, actor, locale, { form: 'import', importProblem: problem }, problem.status);
    }
  }

  private async render(response: Response, actor: Actor, locale: Locale, state: SpendFormState, status = 200, query: SpendPageQuery = {}): Promise<void> {
    const fmt = new ReportFormat(locale);
    const read = new FormReader();
    const offsetValue = read.integer(query.offset);
    const offset = typeof offsetValue === 'number' && offsetValue >= 0 ? offsetValue : 0;
    const [centres, sources, budgets, lines] = await Promise.all([
      this.centres.listCentres(actor, 500, 0),
      this.spend.listFundingSources(),
      this.spend.listBudgets(actor, {}),
      this.spend.listSpend(actor, {}, LINES_PER_PAGE, offset),
    ]);
    const codeOf = new Map(centres.items.map((centre) => [centre.id, centre.code]));
    const today = localDate(this.clock.now(), UI_TIME_ZONE);
    const done = DONE.find((value) => value === query.done);
    const imported = done === 'import' && /^\d{1,6}$/.test(query.imported ?? '') ? Number(query.imported) : null;
    const totals = parseImportTotals(query.totals);
    renderPage(
      response,
      'admin/reports/spend',
      {
        title: translate(locale, 'spend.title'),
        centres: centres.items.map(({ id, code, name }) => ({ id, code, name })),
        sources: sources.map(({ code, name }) => ({ code, name })),
        categories: SPEND_CATEGORIES.map((value) => ({ value, label: fmt.label('reports.category.', value) })),
        notice: done && done !== 'import' ? `spend.done.${done}` : undefined,
        imported:
          imported === null
            ? null
            : { message: fmt.t('spend.done.import', { count: fmt.number(imported), totals: totals.map((total) => fmt.money(total.amountCents, total.currency)).join(', ') || fmt.money(0, 'EUR') }) },
        lineValues: state.form === 'line' ? state.values : { date: today },
        budgetValues: state.form === 'budget' ? state.values : { year: today.slice(0, 4) },
        sourceValues: state.form === 'source' ? state.values : {},
        problem: state.problem,
        problemForm: state.form,
        importProblem: state.importProblem,
        errors: state.problem?.fields ?? {},
        lines: lines.items.map((line) => ({
          date: line.date,
          centre: codeOf.get(line.centreId) ?? '',
          category: fmt.label('reports.category.', line.category),
          fundingSource: line.fundingSource,
          amount: fmt.money(line.amountCents, line.currency),
          description: line.description ?? '',
          imported: line.importId !== null,
        })),
        pagination: pagination(lines, (at) => `/spend${queryString({ offset: at || undefined })}#spend-lines`),
        budgets: budgets.map((budget) => ({
          year: budget.year,
          centre: codeOf.get(budget.centreId) ?? '',
          fundingSource: budget.fundingSource,
          amount: fmt.money(budget.amountCents, budget.currency),
        })),
        example: { centre: centres.items[0]?.code ?? 'CODE', source: sources[0]?.code ?? 'EU-AMIF', date: today },
        maxImportSize: fmt.number(MAX_IMPORT_BYTES / (1024 * 1024)),
      },
      status,
    );
  }
}
