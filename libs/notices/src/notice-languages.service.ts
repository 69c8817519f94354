import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry } from '@escale/audit';
import { type Actor, Clock, Forbidden, NotFound, ValidationFailed } from '@escale/platform';
import { PeopleService } from '@escale/people';
import { DataSource, type EntityManager } from 'typeorm';
import { NoticeLanguageReview } from './notice-language.entity.js';
import { FALLBACK_LANGUAGES, NoticeTemplates } from './notice-templates.js';

export interface NoticeLanguageView {
  code: string;
  name: string;
  dir: 'ltr' | 'rtl';
  script: string;
  /** Its current templates were reviewed by a qualified translator (or it is a language notices are written in). */
  reviewed: boolean;
  source: boolean;
  /** The latest review recorded, even one of an earlier text (`current` false). */
  review: { reviewerName: string; organisation: string; reviewedOn: string; recordedAt: string; current: boolean } | null;
  types: string[];
}

export interface RecordReview {
  reviewerName: string;
  organisation: string;
  reviewedOn: string;
}

interface LanguageRow {
  code: string;
  name: string;
  dir: 'ltr' | 'rtl';
  script: string;
  types: string[];
  source: boolean;
  reviewed: boolean;
  reviewer_name: string | null;
  organisation: string | null;
  reviewed_on: string | null;
  recorded_at: Date | null;
  current: boolean | null;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The languages people can be given notices in, from the template folders themselves: at start
 * each process records what it found (a new folder is a new language, no code change), and a
 * review applies to the text it was recorded for. Who needs an interpreter follows the reviewed
 * languages, so each change of that set is carried to the people recorded.
 */
@Injectable()
export class NoticeLanguagesService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly templates: NoticeTemplates,
    private readonly people: PeopleService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.sync();
  }

  /** Records the template folders as this process reads them. */
  async sync(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('escale.notice_languages'))`);
      const before = await this.reviewedCodes(manager);
      const languages = this.templates.languages().filter((language) => language.types.length > 0);
      for (const language of languages) {
        await manager.query(
          `INSERT INTO notice_languages (code, name, dir, script, types, templates_hash, source, synced_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, dir = EXCLUDED.dir, script = EXCLUDED.script, types = EXCLUDED.types,
             templates_hash = EXCLUDED.templates_hash, source = EXCLUDED.source, synced_at = EXCLUDED.synced_at
           WHERE (notice_languages.name, notice_languages.dir, notice_languages.script, notice_languages.types, notice_languages.templates_hash, notice_languages.source)
                 IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.dir, EXCLUDED.script, EXCLUDED.types, EXCLUDED.templates_hash, EXCLUDED.source)`,
          [language.code, language.name, language.dir, language.script, language.types, language.hash, (FALLBACK_LANGUAGES as readonly string[]).includes(language.code), this.clock.now()],
        );
      }
      // A folder taken away is no longer offered; its reviews stay on record.
      await manager.query(`UPDATE notice_languages SET types = '{}' WHERE NOT (code = ANY($1)) AND types <> '{}'`, [languages.map((language) => language.code)]);
      const after = await this.reviewedCodes(manager);
      if (before.join() !== after.join()) await this.people.refreshInterpreterNeeds(manager);
    });
  }

  /** The reviewed languages, sorted, in the caller's transaction. */
  async reviewedCodes(manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await manager.query<{ code: string }[]>(`SELECT code FROM reviewed_notice_languages ORDER BY code`);
    return rows.map((row) => row.code);
  }

  async list(manager: EntityManager = this.dataSource.manager): Promise<NoticeLanguageView[]> {
    const rows = await manager.query<LanguageRow[]>(
      `SELECT l.code, l.name, l.dir, l.script, l.types, l.source, (v.code IS NOT NULL) AS reviewed,
              r.reviewer_name, r.organisation, to_char(r.reviewed_on, 'YYYY-MM-DD') AS reviewed_on, r.recorded_at, (r.templates_hash = l.templates_hash) AS current
         FROM notice_languages l
         LEFT JOIN reviewed_notice_languages v ON v.code = l.code
         LEFT JOIN LATERAL (SELECT * FROM notice_language_reviews x WHERE x.language = l.code ORDER BY x.recorded_at DESC LIMIT 1) r ON true
        WHERE cardinality(l.types) > 0
        ORDER BY l.source DESC, l.code`,
    );
    return rows.map((row) => ({
      code: row.code,
      name: row.name,
      dir: row.dir,
      script: row.script,
      reviewed: row.reviewed,
      source: row.source,
      review: row.reviewer_name
        ? { reviewerName: row.reviewer_name, organisation: row.organisation!, reviewedOn: row.reviewed_on!, recordedAt: row.recorded_at!.toISOString(), current: Boolean(row.current) }
        : null,
      types: row.types,
    }));
  }

  /**
   * An administrator records that a qualified translator reviewed a language's current
   * templates: from then on its notices are handed over without an interpreter by default.
   */
  async recordReview(actor: Actor, code: string, input: RecordReview): Promise<NoticeLanguageView> {
    if (actor.role !== 'admin') throw new Forbidden();
    const reviewerName = input.reviewerName?.trim() ?? '';
    const organisation = input.organisation?.trim() ?? '';
    const problems: Record<string, string[]> = {};
    if (!reviewerName || reviewerName.length > 200) problems.reviewerName = ['must name the translator (at most 200 characters)'];
    if (!organisation || organisation.length > 200) problems.organisation = ['must name the organisation (at most 200 characters)'];
    const today = this.clock.now().toISOString().slice(0, 10);
    const reviewedOn = typeof input.reviewedOn === 'string' && ISO_DAY.test(input.reviewedOn) && !Number.isNaN(Date.parse(input.reviewedOn)) ? input.reviewedOn : null;
    if (!reviewedOn) problems.reviewedOn = ['must be a date (YYYY-MM-DD)'];
    else if (reviewedOn > today) problems.reviewedOn = ['must not be in the future'];
    if (Object.keys(problems).length > 0) throw new ValidationFailed(problems);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('escale.notice_languages'))`);
      const [language] = await manager.query<{ code: string; templates_hash: string; source: boolean }[]>(
        `SELECT code, templates_hash, source FROM notice_languages WHERE code = $1 AND cardinality(types) > 0`,
        [code],
      );
      if (!language) throw new NotFound('notice language');
      if (language.source) throw new ValidationFailed({ code: ['notices are written in this language; it needs no translator'] });
      const before = await this.reviewedCodes(manager);
      await manager.insert(NoticeLanguageReview, { language: language.code, reviewerName, organisation, reviewedOn: reviewedOn!, templatesHash: language.templates_hash, recordedBy: actor.userId, recordedAt: this.clock.now() });
      await this.audit.record(manager, auditEntry(actor, 'notice_language.review', 'notice_language', null));
      if (before.join() !== (await this.reviewedCodes(manager)).join()) await this.people.refreshInterpreterNeeds(manager);
      return (await this.list(manager)).find((item) => item.code === language.code)!;
    });
  }
}
