import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse/sync';
import { AuditService, auditEntry } from '@escale/audit';
import { type Actor, DomainError, Forbidden, NotFound, type Page, ValidationFailed } from '@escale/platform';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { Budget } from './budget.entity.js';
import { MAX_AMOUNT_CENTS, type CreateFundingSourceDto, type CreateSpendDto, type SetBudgetDto } from './dto/spend.dto.js';
import { FundingSource } from './funding-source.entity.js';
import { SPEND_CATEGORIES, type SpendCategory, SpendEntry } from './spend-entry.entity.js';

export interface SpendView {
  id: string;
  centreId: string;
  date: string;
  category: SpendCategory;
  fundingSource: string;
  amountCents: number;
  currency: string;
  description: string | null;
  importId: string | null;
  createdAt: Date;
}

export interface BudgetView {
  id: string;
  centreId: string;
  year: number;
  fundingSource: string;
  amountCents: number;
  currency: string;
  updatedAt: Date;
}

export interface ImportRowError {
  row: number;
  field: string;
  message: string;
}

/** A problem with an import file as a whole, by code, with what it names: the pages say it in their own language. */
export type ImportFileProblem =
  | { problem: 'noFile' | 'unreadable' | 'empty' }
  | { problem: 'tooManyLines'; max: number }
  | { problem: 'missingColumn' | 'unknownColumn'; column: string };

const FILE_PROBLEM_TEXT: { [P in ImportFileProblem['problem']]: (problem: Extract<ImportFileProblem, { problem: P }>) => string } = {
  noFile: () => 'a CSV file is required',
  unreadable: () => 'is not a readable CSV file',
  empty: () => 'holds no spend lines',
  tooManyLines: ({ max }) => `holds more than ${max} lines`,
  missingColumn: ({ column }) => `has no column ${column}`,
  unknownColumn: ({ column }) => `has an unknown column ${column}`,
};

/** VALIDATION_FAILED for an import file: the problems in English under `fields.file`, as for any field, and by code under `fileProblems`. */
export function importFileRefused(problems: ImportFileProblem[], detail?: string): DomainError {
  const text = (problem: ImportFileProblem) => (FILE_PROBLEM_TEXT[problem.problem] as (p: ImportFileProblem) => string)(problem);
  const file = problems.map((problem) => (problem.problem === 'unreadable' && detail ? `${text(problem)}: ${detail}` : text(problem)));
  return new DomainError('VALIDATION_FAILED', 'The request is not valid.', { fields: { file }, fileProblems: problems });
}

export interface SpendImportResult {
  importId: string;
  imported: number;
  totals: { currency: string; amountCents: number }[];
}

/** A spend file: at most this many lines, so one import is one bounded transaction. */
export const MAX_IMPORT_ROWS = 20_000;
const MAX_ROW_ERRORS = 200;

const spendView = (s: SpendEntry): SpendView => ({
  id: s.id,
  centreId: s.centreId,
  date: s.spentOn,
  category: s.category,
  fundingSource: s.fundingSource,
  amountCents: Number(s.amountCents),
  currency: s.currency,
  description: s.description,
  importId: s.importId,
  createdAt: s.createdAt,
});

const budgetView = (b: Budget): BudgetView => ({
  id: b.id,
  centreId: b.centreId,
  year: b.year,
  fundingSource: b.fundingSource,
  amountCents: Number(b.amountCents),
  currency: b.currency,
  updatedAt: b.updatedAt,
});

const assertAdmin = (actor: Actor) => {
  if (actor.role !== 'admin') throw new Forbidden();
};

const isCalendarDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/** `1234`, `1234.5` or `1234.56` in major units, to cents; undefined when it is none of those. */
function parseAmount(value: string): number | undefined {
  const match = /^(\d{1,11})(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Spend lines, budgets and funding sources: the money side of the funders' reports. Admins write; every write is audited. */
@Injectable()
export class SpendService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async listFundingSources(): Promise<FundingSource[]> {
    return this.dataSource.manager.find(FundingSource, { order: { code: 'ASC' }, take: 500 });
  }

  async createFundingSource(actor: Actor, input: CreateFundingSourceDto): Promise<FundingSource> {
    assertAdmin(actor);
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.createQueryBuilder().insert().into(FundingSource).values({ code: input.code, name: input.name }).orIgnore().returning('*').execute();
      if (inserted.raw.length === 0) throw new DomainError('CODE_TAKEN', 'A funding source with this code exists.', { code: input.code });
      await this.audit.record(manager, auditEntry(actor, 'funding_source.create', 'funding_source', null));
      return manager.findOneByOrFail(FundingSource, { code: input.code });
    });
  }

  async createSpend(actor: Actor, input: CreateSpendDto): Promise<SpendView> {
    assertAdmin(actor);
    return this.dataSource.transaction(async (manager) => {
      await this.assertCentre(manager, input.centreId);
      await this.assertSource(manager, input.fundingSource);
      const entry = await manager.save(
        manager.create(SpendEntry, {
          centreId: input.centreId,
          spentOn: input.date,
          category: input.category,
          fundingSource: input.fundingSource,
          amountCents: String(input.amountCents),
          currency: input.currency ?? 'EUR',
          description: input.description ?? null,
          createdBy: actor.userId,
        }),
      );
      await this.audit.record(manager, auditEntry(actor, 'spend.create', 'spend', entry.id, entry.centreId));
      return spendView(await manager.findOneByOrFail(SpendEntry, { id: entry.id }));
    });
  }

  async listSpend(actor: Actor, filter: { centreId?: string; from?: string; to?: string }, limit: number, offset: number): Promise<Page<SpendView>> {
    if (!['admin', 'auditor'].includes(actor.role)) throw new Forbidden();
    const query = this.dataSource.manager.createQueryBuilder(SpendEntry, 's');
    if (filter.centreId) query.andWhere('s.centre_id = :centreId', { centreId: filter.centreId });
    if (filter.from) query.andWhere('s.spent_on >= :from', { from: filter.from });
    if (filter.to) query.andWhere('s.spent_on <= :to', { to: filter.to });
    const [items, total] = await query.orderBy('s.spent_on', 'DESC').addOrderBy('s.created_at', 'DESC').addOrderBy('s.id').take(limit).skip(offset).getManyAndCount();
    return { items: items.map(spendView), total, limit, offset };
  }

  /** Sets a centre's budget from a source for a year (and currency); setting it again replaces the amount. */
  async setBudget(actor: Actor, input: SetBudgetDto): Promise<BudgetView> {
    assertAdmin(actor);
    return this.dataSource.transaction(async (manager) => {
      await this.assertCentre(manager, input.centreId);
      await this.assertSource(manager, input.fundingSource);
      const currency = input.currency ?? 'EUR';
      await manager
        .createQueryBuilder()
        .insert()
        .into(Budget)
        .values({ centreId: input.centreId, year: input.year, fundingSource: input.fundingSource, currency, amountCents: String(input.amountCents), updatedBy: actor.userId })
        .orUpdate(['amount_cents', 'updated_by', 'updated_at'], ['centre_id', 'year', 'funding_source', 'currency'])
        .execute();
      const budget = await manager.findOneByOrFail(Budget, { centreId: input.centreId, year: input.year, fundingSource: input.fundingSource, currency });
      await this.audit.record(manager, auditEntry(actor, 'budget.set', 'budget', budget.id, budget.centreId));
      return budgetView(budget);
    });
  }

  async listBudgets(actor: Actor, filter: { centreId?: string; year?: number }): Promise<BudgetView[]> {
    if (!['admin', 'auditor', 'funder'].includes(actor.role)) throw new Forbidden();
    const where: Record<string, unknown> = {};
    if (filter.centreId) where.centreId = filter.centreId;
    if (filter.year) where.year = filter.year;
    const budgets = await this.dataSource.manager.find(Budget, { where, order: { year: 'DESC', fundingSource: 'ASC' }, take: 500 });
    return budgets.map(budgetView);
  }

  /**
   * Imports a CSV of spend lines — columns `centre` (code), `date`, `category`, `fundingSource`,
   * `amount` (major units, such as 1234.56) or `amountCents`, and optionally `currency` and
   * `description` — all of it or nothing: any bad row answers VALIDATION_FAILED listing every
   * row's errors, and nothing is written.
   */
  async importSpend(actor: Actor, csv: Buffer | string): Promise<SpendImportResult> {
    assertAdmin(actor);
    let records: Record<string, string>[];
    try {
      records = parse(csv, { columns: (header: string[]) => header.map((name) => name.trim()), bom: true, skip_empty_lines: true, trim: true, max_record_size: 4096, to: MAX_IMPORT_ROWS + 1 });
    } catch (error) {
      throw importFileRefused([{ problem: 'unreadable' }], (error as Error).message.split('\n')[0].slice(0, 200));
    }
    if (records.length === 0) throw importFileRefused([{ problem: 'empty' }]);
    if (records.length > MAX_IMPORT_ROWS) throw importFileRefused([{ problem: 'tooManyLines', max: MAX_IMPORT_ROWS }]);
    const columns = Object.keys(records[0]);
    const missing = ['centre', 'date', 'category', 'fundingSource'].filter((name) => !columns.includes(name));
    if (!columns.includes('amount') && !columns.includes('amountCents')) missing.push('amount');
    const unknown = columns.filter((name) => !['centre', 'date', 'category', 'fundingSource', 'amount', 'amountCents', 'currency', 'description'].includes(name));
    if (missing.length > 0 || unknown.length > 0) {
      throw importFileRefused([
        ...missing.map((column) => ({ problem: 'missingColumn' as const, column })),
        ...unknown.map((name) => ({ problem: 'unknownColumn' as const, column: name.slice(0, 50) })),
      ]);
    }

    return this.dataSource.transaction(async (manager) => {
      const centres = new Map((await manager.query<{ id: string; code: string }[]>(`SELECT id, code FROM centres`)).map((c) => [c.code, c.id]));
      const sources = new Set((await manager.query<{ code: string }[]>(`SELECT code FROM funding_sources`)).map((s) => s.code));
      const errors: ImportRowError[] = [];
      const lines: Partial<SpendEntry>[] = [];
      const importId = randomUUID();
      records.forEach((record, index) => {
        const row = index + 2; // the header is line 1
        const fail = (field: string, message: string) => errors.length < MAX_ROW_ERRORS && errors.push({ row, field, message });
        const centreId = centres.get(record.centre);
        if (!centreId) fail('centre', 'is not the code of a centre');
        if (!isCalendarDate(record.date ?? '')) fail('date', 'must be a date YYYY-MM-DD');
        if (!SPEND_CATEGORIES.includes(record.category as SpendCategory)) fail('category', `must be one of ${SPEND_CATEGORIES.join(', ')}`);
        if (!sources.has(record.fundingSource)) fail('fundingSource', 'is not a funding source code');
        const cents = record.amountCents !== undefined && record.amountCents !== '' ? (/^\d{1,14}$/.test(record.amountCents) ? Number(record.amountCents) : undefined) : parseAmount(record.amount ?? '');
        if (cents === undefined || cents < 1 || cents > MAX_AMOUNT_CENTS) fail('amount', 'must be a positive amount such as 1234.56');
        const currency = record.currency || 'EUR';
        if (!/^[A-Z]{3}$/.test(currency)) fail('currency', 'must be an ISO 4217 code');
        if ((record.description ?? '').length > 500) fail('description', 'must be at most 500 characters');
        lines.push({
          centreId,
          spentOn: record.date,
          category: record.category as SpendCategory,
          fundingSource: record.fundingSource,
          amountCents: String(cents),
          currency,
          description: record.description || null,
          importId,
          createdBy: actor.userId,
        });
      });
      if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', 'The file has errors; nothing was imported.', { rows: errors });
      for (let start = 0; start < lines.length; start += 1000) await manager.insert(SpendEntry, lines.slice(start, start + 1000));
      await this.audit.record(manager, auditEntry(actor, 'spend.import', 'spend_import', importId));
      const totals = await manager.query<{ currency: string; amount_cents: string }[]>(
        `SELECT currency, sum(amount_cents)::text AS amount_cents FROM spend_entries WHERE import_id = $1 GROUP BY currency ORDER BY currency`,
        [importId],
      );
      return { importId, imported: lines.length, totals: totals.map((t) => ({ currency: t.currency, amountCents: Number(t.amount_cents) })) };
    });
  }

  private async assertCentre(manager: EntityManager, centreId: string): Promise<void> {
    const [row] = await manager.query<{ id: string }[]>(`SELECT id FROM centres WHERE id = $1`, [centreId]);
    if (!row) throw new NotFound('centre');
  }

  private async assertSource(manager: EntityManager, code: string): Promise<void> {
    const source = await manager.findOneBy(FundingSource, { code });
    if (!source) throw new ValidationFailed({ fundingSource: ['is not a funding source code'] });
  }
}
