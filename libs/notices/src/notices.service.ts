import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry } from '@escale/audit';
import { InboxMessage } from '@escale/inbox';
import { type Actor, AppConfig, Clock, Forbidden, isLanguageCode, type Locale, type MessageKey, NotFound, OutboxService, type PersonNoticeType, runNamed, SYSTEM_ORIGIN, translate, ValidationFailed } from '@escale/platform';
import { PeopleService, Person } from '@escale/people';
import { StaysService } from '@escale/stays';
import { DataSource, type EntityManager, In } from 'typeorm';
import { MailerService } from './mailer.service.js';
import { NoticeDelivery } from './notice-delivery.entity.js';
import { NoticeTemplates } from './notice-templates.js';
import { INTERPRETER_MODES, type InterpreterMode, Notice } from './notice.entity.js';

const DAY_MS = 86_400_000;
/** A delivery claimed this long ago and never confirmed is tried again. */
const STALE_DELIVERY_MS = 10 * 60_000;

export interface NoticeView {
  id: string;
  type: string;
  personId: string | null;
  stayId: string | null;
  language: string;
  dir: 'ltr' | 'rtl';
  /** Whether a qualified translator had reviewed the template; a draft is handed over with an interpreter. */
  translationReviewed: boolean;
  /** How the language was chosen: `fallback` when none of the person's languages has templates. */
  languageChoice: Notice['languageChoice'];
  status: Notice['status'];
  subject: string | null;
  html: string | null;
  interpreterNeeded: boolean;
  createdAt: string;
  handedOverAt: string | null;
  handedOverLanguage: string | null;
  interpreterUsed: boolean | null;
  interpreter: { mode: InterpreterMode; name: string | null; language: string | null } | null;
}

/** A hand-over as it happened: when, in which language, and the interpreter (none is a choice to make, never a default). */
export interface HandOver {
  handedOverAt?: string;
  language: string;
  interpreter: { mode: InterpreterMode; name?: string; language?: string };
}

export const toNoticeView = (notice: Notice, dir: 'ltr' | 'rtl' = 'ltr'): NoticeView => ({
  id: notice.id,
  type: notice.type,
  personId: notice.personId,
  stayId: notice.stayId,
  language: notice.language,
  dir,
  translationReviewed: notice.translationReviewed,
  languageChoice: notice.languageChoice,
  status: notice.status,
  subject: notice.subject,
  html: notice.html,
  interpreterNeeded: notice.interpreterNeeded,
  createdAt: notice.createdAt.toISOString(),
  handedOverAt: notice.handedOverAt?.toISOString() ?? null,
  handedOverLanguage: notice.handedOverLanguage,
  interpreterUsed: notice.interpreterUsed,
  interpreter: notice.interpreterMode ? { mode: notice.interpreterMode, name: notice.interpreterName, language: notice.interpreterLanguage } : null,
});

interface StayContext {
  stay_id: string;
  case_id: string;
  person_id: string;
  centre_id: string;
  checked_in_at: Date;
  checked_out_at: Date | null;
  exit_reason: string | null;
  authorised_until: Date | null;
  legal_limit_at: Date;
  asylum_claim_window_ends_at: Date | null;
  given_names: string;
  family_name: string;
  languages: string[];
  centre_name: string;
  centre_kind: string;
  timezone: string;
  caseworker_id: string | null;
  case_centre_id: string;
  /** The notice of this key exists already: a job run again. */
  noticed: boolean;
  /** The case has a referral past draft (asked for the asylum claim reminder only). */
  referred: boolean;
  /** The languages whose notice templates are reviewed. */
  reviewed: string[];
}

/**
 * A person notice made in one statement, so it needs no transaction of its own: the notice;
 * only when this statement inserted it, the interpreter task (to the case's caseworker, as
 * CasesService.raiseTask makes it) and that task's audit event, which the database chains like
 * any other; and the outbox row completed. A concurrent or repeated run inserts nothing more.
 */
const INSERT_PERSON_NOTICE = `
  WITH notice AS (
    INSERT INTO notices (type, audience, person_id, centre_id, stay_id, language, interpreter_needed, status, subject, html, dedupe_key, rendered_at, translation_reviewed, language_choice)
    VALUES ($1, 'person', $2, $3, $4, $5, $6, 'rendered', $7, $8, $9, $10, $19, $20)
    ON CONFLICT DO NOTHING
    RETURNING id
  ), task AS (
    INSERT INTO tasks (case_id, source, kind, params, due_at, assigned_to, done_at, created_by)
    SELECT $11::uuid, 'interpreter', 'interpreter_notice', $12::jsonb || jsonb_build_object('noticeId', notice.id), $13::timestamptz, $14::uuid, NULL, NULL FROM notice WHERE $6::boolean
    RETURNING case_id
  ), audit AS (
    INSERT INTO audit_events (at, actor_id, action, entity_type, entity_id, centre_id, outcome, origin, request_id)
    SELECT $15::timestamptz, NULL, 'task.create', 'case', case_id, $16::uuid, 'success', $17::varchar, NULL FROM task
  )
  UPDATE outbox_messages SET completed_at = $15 WHERE id = $18`;

@Injectable()
export class NoticesService {
  private readonly logger = new Logger(NoticesService.name);
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    readonly templates: NoticeTemplates,
    private readonly people: PeopleService,
    private readonly stays: StaysService,
    private readonly mailer: MailerService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private runNamed<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    return runNamed<T>(this.dataSource, name, text, values);
  }

  /** Everything a person notice is made from, and whether it is still to make, in one read. */
  private async stayContext(stayId: string, dedupeKey: string, askReferral: boolean): Promise<StayContext | undefined> {
    const [row] = await this.runNamed<StayContext>(
      'notices.person_notice_context',
      `SELECT s.id AS stay_id, s.case_id, s.person_id, s.centre_id, s.checked_in_at, s.checked_out_at, s.exit_reason,
              s.authorised_until, s.legal_limit_at, s.asylum_claim_window_ends_at,
              p.given_names, p.family_name, p.languages, c.name AS centre_name, c.kind AS centre_kind, c.timezone,
              k.caseworker_id, k.centre_id AS case_centre_id,
              EXISTS (SELECT 1 FROM notices n WHERE n.dedupe_key = $2) AS noticed,
              CASE WHEN $3 THEN EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = s.case_id AND r.status <> 'draft') ELSE false END AS referred,
              ARRAY(SELECT code::text FROM reviewed_notice_languages) AS reviewed
         FROM stays s JOIN people p ON p.id = s.person_id JOIN centres c ON c.id = s.centre_id JOIN cases k ON k.id = s.case_id
        WHERE s.id = $1`,
      [stayId, dedupeKey, askReferral],
    );
    return row;
  }

  /**
   * Makes and renders a person's notice, once: a second run finds the notice by its key. A
   * person who reads none of the template languages gets French (else English) and a task for
   * the caseworker to give it through an interpreter.
   */
  async preparePersonNotice(outboxId: string, input: { type: PersonNoticeType; stayId: string; referralId?: string }): Promise<void> {
    const dedupeKey = [input.type, input.stayId, input.referralId].filter(Boolean).join(':');
    const reminder = input.type === 'asylum_claim_reminder';
    const context = await this.stayContext(input.stayId, dedupeKey, reminder);
    // A release notice whose check-out was undone before it was made is not made.
    if (!context || context.noticed || (reminder && (context.checked_out_at || context.referred)) || (input.type === 'release' && !context.checked_out_at)) {
      await this.outbox.markCompleted(this.dataSource.manager, outboxId, this.clock.now());
      return;
    }
    const { language, interpreterNeeded, translationReviewed, choice } = this.templates.chooseLanguage(input.type, context.languages, new Set(context.reviewed));
    const data = { ...(await this.personNoticeData(this.dataSource.manager, input, context)), translationReviewed, languageChoice: choice };
    const rendered = this.templates.render(input.type, language, data);
    const now = this.clock.now();
    await this.runNamed('notices.insert_person_notice', INSERT_PERSON_NOTICE, [
      input.type,
      context.person_id,
      context.centre_id,
      context.stay_id,
      language,
      interpreterNeeded,
      rendered.subject,
      rendered.html,
      dedupeKey,
      now,
      context.case_id,
      JSON.stringify({ noticeType: input.type, language }),
      new Date(now.getTime() + DAY_MS),
      context.caseworker_id,
      this.clock.now(),
      context.case_centre_id,
      SYSTEM_ORIGIN,
      outboxId,
      translationReviewed,
      choice,
    ]);
  }

  private async personNoticeData(manager: EntityManager, input: { type: PersonNoticeType; referralId?: string }, context: StayContext): Promise<Record<string, unknown>> {
    const data: Record<string, unknown> = {
      person: { givenNames: context.given_names, familyName: context.family_name },
      centre: { name: context.centre_name, timezone: context.timezone },
      stay: {
        checkedInAt: context.checked_in_at,
        authorisedUntil: context.authorised_until,
        legalLimitAt: context.legal_limit_at,
        asylumClaimWindowEndsAt: context.asylum_claim_window_ends_at,
      },
      isRemoval: context.centre_kind === 'removal',
      asylumWindowDays: this.config.asylumClaimWindowDays,
      audience: 'person',
      issuedAt: this.clock.now(),
    };
    if (input.type === 'transfer') {
      const [next] = await manager.query<{ name: string }[]>(`SELECT c.name FROM stays s JOIN centres c ON c.id = s.centre_id WHERE s.transferred_from_id = $1`, [context.stay_id]);
      data.transfer = { toCentreName: next?.name ?? '', at: context.checked_out_at };
    }
    if (input.type === 'release') data.release = { at: context.checked_out_at, reason: context.exit_reason };
    if (input.type === 'referral_decision' && input.referralId) {
      const [referral] = await manager.query<{ status: string; next_deadline_at: Date | null }[]>(`SELECT status, next_deadline_at FROM referrals WHERE id = $1`, [input.referralId]);
      data.granted = referral?.status.endsWith('_granted') ?? false;
      data.referral = { nextDeadline: referral?.next_deadline_at ?? null };
    }
    return data;
  }

  /**
   * Tells the staff of the alert's centre: a notice each, in their language, in their in-app
   * inbox, and by email when SMTP is configured. Keys per alert and recipient, and per notice
   * and channel, make a retried job add nothing and send nothing twice.
   */
  async deliverAlertNotices(outboxId: string, alertId: string): Promise<void> {
    const noticeIds = await this.dataSource.transaction(async (manager) => {
      const [alert] = await manager.query<{ id: string; kind: string; centre_id: string; stay_id: string | null; due_at: Date | null }[]>(
        `SELECT id, kind, centre_id, stay_id, due_at FROM alerts WHERE id = $1`,
        [alertId],
      );
      if (!alert) return [];
      const place = await this.alertPlace(manager, alert.centre_id, alert.stay_id);
      const staff = await manager.query<{ id: string; locale: string | null }[]>(
        `SELECT id, locale FROM users WHERE role = 'staff' AND disabled_at IS NULL AND $1 = ANY(centre_ids) ORDER BY id`,
        [alert.centre_id],
      );
      const now = this.clock.now();
      const ids: string[] = [];
      for (const user of staff) {
        ids.push(
          await this.addStaffNotice(manager, user, {
            type: alert.kind,
            centreId: alert.centre_id,
            stayId: alert.stay_id,
            dedupeKey: `alert:${alert.id}:${user.id}`,
            context: {
              alert: { dueAt: alert.due_at },
              bed: { label: place?.bed ?? '—', unit: place?.unit ?? '—' },
              centre: { name: place?.centre_name, timezone: place?.timezone },
              link: `${this.config.publicUrl}${alert.stay_id ? `/stays/${alert.stay_id}` : '/alerts'}`,
              issuedAt: now,
            },
          }),
        );
      }
      return ids;
    });
    if (this.mailer.enabled) for (const id of noticeIds) await this.emailNotice(id);
    await this.outbox.markCompleted(this.dataSource.manager, outboxId, this.clock.now());
  }

  /**
   * One round of an urgent alert's escalation: a notice to each of the centre's duty contacts, in
   * their inbox and by email. Keyed by alert, round and recipient, so a retried job sends nothing twice.
   */
  async deliverAlertEscalation(outboxId: string, alertId: string, round: number): Promise<void> {
    const noticeIds = await this.dataSource.transaction(async (manager) => {
      const [alert] = await manager.query<{ id: string; kind: string; centre_id: string; stay_id: string | null; raised_at: Date; acknowledged_at: Date | null; resolved_at: Date | null }[]>(
        `SELECT id, kind, centre_id, stay_id, raised_at, acknowledged_at, resolved_at FROM alerts WHERE id = $1`,
        [alertId],
      );
      // Acknowledged or resolved since the round was due: nobody needs chasing any more.
      if (!alert || alert.acknowledged_at || alert.resolved_at) return [];
      const place = await this.alertPlace(manager, alert.centre_id, alert.stay_id);
      const contacts = await manager.query<{ id: string; locale: string | null }[]>(
        `SELECT u.id, u.locale FROM centre_duty_contacts d JOIN users u ON u.id = d.user_id WHERE d.centre_id = $1 AND u.disabled_at IS NULL ORDER BY u.id`,
        [alert.centre_id],
      );
      const now = this.clock.now();
      const ids: string[] = [];
      for (const user of contacts) {
        const locale = (user.locale === 'en' ? 'en' : 'fr') as Locale;
        ids.push(
          await this.addStaffNotice(manager, user, {
            type: 'alert_escalated',
            centreId: alert.centre_id,
            stayId: alert.stay_id,
            dedupeKey: `escalation:${alert.id}:${round}:${user.id}`,
            context: {
              alert: { raisedAt: alert.raised_at, kindLabel: translate(locale, `alertKind.${alert.kind}` as MessageKey) },
              escalation: { round, minutes: Math.floor((now.getTime() - alert.raised_at.getTime()) / 60_000) },
              bed: { label: place?.bed ?? '—', unit: place?.unit ?? '—' },
              centre: { name: place?.centre_name, timezone: place?.timezone },
              link: `${this.config.publicUrl}/alerts#alert-${alert.id}`,
              issuedAt: now,
            },
          }),
        );
      }
      return ids;
    });
    if (this.mailer.enabled) for (const id of noticeIds) await this.emailNotice(id);
    await this.outbox.markCompleted(this.dataSource.manager, outboxId, this.clock.now());
  }

  /** Where an alert is: the centre, and the bed and unit of its stay when it has one. */
  private async alertPlace(manager: EntityManager, centreId: string, stayId: string | null) {
    const [place] = await manager.query<{ centre_name: string; timezone: string; bed: string | null; unit: string | null }[]>(
      `SELECT c.name AS centre_name, c.timezone, b.label AS bed, u.name AS unit
         FROM centres c LEFT JOIN stays s ON s.id = $2 LEFT JOIN beds b ON b.id = s.bed_id LEFT JOIN units u ON u.id = s.unit_id
        WHERE c.id = $1`,
      [centreId, stayId],
    );
    return place as typeof place | undefined;
  }

  /** A staff notice in the user's language, with its inbox message; returns its id (the existing one when run again). */
  private async addStaffNotice(
    manager: EntityManager,
    user: { id: string; locale: string | null },
    notice: { type: string; centreId: string | null; stayId: string | null; dedupeKey: string; context: Record<string, unknown> },
  ): Promise<string> {
    const language = user.locale && this.templates.has(notice.type, user.locale) ? user.locale : 'fr';
    const rendered = this.templates.render(notice.type, language, notice.context);
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(Notice)
      .values({ type: notice.type, audience: 'staff', userId: user.id, centreId: notice.centreId, stayId: notice.stayId, language, status: 'rendered', subject: rendered.subject, html: rendered.html, dedupeKey: notice.dedupeKey, renderedAt: this.clock.now() })
      .orIgnore()
      .execute();
    if (inserted.raw.length > 0) {
      // Codes, not the subject: the inbox words it in the reader's language of the day.
      const centreName = (notice.context.centre as { name?: string } | undefined)?.name;
      const params = { alertKind: notice.type, ...(centreName ? { centreName } : {}) };
      await manager.createQueryBuilder().insert().into(InboxMessage).values({ userId: user.id, kind: 'inbox.alert', params, dedupeKey: notice.dedupeKey }).orIgnore().execute();
    }
    return (await manager.findOneByOrFail(Notice, { dedupeKey: notice.dedupeKey })).id;
  }

  /** Tells each case's caseworker (or, without one, the centre's caseworkers) of a referral deadline within two days; once per deadline. */
  async notifyApproachingDeadlines(): Promise<number> {
    const now = this.clock.now();
    const ids = await this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<{ referral_id: string; case_id: string; deadline: Date; kind: string; user_id: string; locale: string | null; timezone: string }[]>(
        `SELECT r.id AS referral_id, r.case_id, r.next_deadline_at AS deadline, r.next_deadline_kind AS kind, u.id AS user_id, u.locale, c.timezone
           FROM referrals r JOIN cases k ON k.id = r.case_id JOIN centres c ON c.id = r.centre_id
           JOIN users u ON u.role = 'caseworker' AND u.disabled_at IS NULL AND (u.id = k.caseworker_id OR (k.caseworker_id IS NULL AND r.centre_id = ANY(u.centre_ids)))
          WHERE r.next_deadline_at BETWEEN $1 AND $2`,
        [now, new Date(now.getTime() + 2 * DAY_MS)],
      );
      const made: string[] = [];
      for (const row of rows) {
        made.push(
          await this.addStaffNotice(manager, { id: row.user_id, locale: row.locale }, {
            type: 'referral_deadline_approaching',
            centreId: null,
            stayId: null,
            dedupeKey: `referral_deadline:${row.referral_id}:${row.deadline.toISOString()}:${row.user_id}`,
            context: { referral: { nextDeadline: row.deadline, deadlineLabel: row.kind }, centre: { timezone: row.timezone }, link: `${this.config.publicUrl}/cases/${row.case_id}`, issuedAt: now },
          }),
        );
      }
      return made;
    });
    if (this.mailer.enabled) for (const id of ids) await this.emailNotice(id);
    return ids.length;
  }

  /** Each caseworker's morning digest: their cases, deadlines this week, overdue tasks; once a day. */
  async sendDailyDigests(): Promise<number> {
    const now = this.clock.now();
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now);
    const ids = await this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<{ id: string; name: string; locale: string | null; cases: number; deadlines: number; overdue: number }[]>(
        `SELECT u.id, u.name, u.locale,
                (SELECT count(*)::int FROM cases k WHERE k.caseworker_id = u.id AND k.status <> 'closed') AS cases,
                (SELECT count(*)::int FROM referrals r WHERE r.centre_id = ANY(u.centre_ids) AND r.next_deadline_at BETWEEN $1 AND $2) AS deadlines,
                (SELECT count(*)::int FROM tasks t JOIN cases k ON k.id = t.case_id
                  WHERE t.done_at IS NULL AND t.due_at < $1 AND k.centre_id = ANY(u.centre_ids) AND (t.assigned_to = u.id OR t.assigned_to IS NULL)) AS overdue
           FROM users u WHERE u.role = 'caseworker' AND u.disabled_at IS NULL`,
        [now, new Date(now.getTime() + 7 * DAY_MS)],
      );
      const made: string[] = [];
      for (const row of rows) {
        made.push(
          await this.addStaffNotice(manager, row, {
            type: 'caseworker_daily_digest',
            centreId: null,
            stayId: null,
            dedupeKey: `digest:${row.id}:${day}`,
            context: { user: { name: row.name }, digest: { cases: row.cases, deadlines: row.deadlines, overdueTasks: row.overdue }, centre: {}, link: `${this.config.publicUrl}/dashboard`, issuedAt: now },
          }),
        );
      }
      return made;
    });
    if (this.mailer.enabled) for (const id of ids) await this.emailNotice(id);
    return ids.length;
  }

  /** Tells every funder (in their language, in the inbox and by email) that a month's report can be read; once per funder and month. */
  async notifyMonthlyReportReady(month: string): Promise<number> {
    const now = this.clock.now();
    const [year, monthNumber] = month.split('-').map(Number);
    const last = new Date(Date.UTC(year, monthNumber, 0)).toISOString().slice(0, 10);
    const ids = await this.dataSource.transaction(async (manager) => {
      const funders = await manager.query<{ id: string; locale: string | null }[]>(`SELECT id, locale FROM users WHERE role = 'funder' AND disabled_at IS NULL ORDER BY id`);
      const made: string[] = [];
      for (const funder of funders) {
        made.push(
          await this.addStaffNotice(manager, funder, {
            type: 'monthly_report_ready',
            centreId: null,
            stayId: null,
            dedupeKey: `monthly_report:${month}:${funder.id}`,
            context: { report: { month }, centre: {}, link: `${this.config.publicUrl}/reports?from=${month}-01&to=${last}`, issuedAt: now },
          }),
        );
      }
      return made;
    });
    if (this.mailer.enabled) for (const id of ids) await this.emailNotice(id);
    return ids.length;
  }

  /** Emails a staff notice at most once: the delivery row is claimed before sending. */
  private async emailNotice(noticeId: string): Promise<void> {
    const [row] = await this.dataSource.query<{ email: string; subject: string; html: string }[]>(
      `SELECT u.email, n.subject, n.html FROM notices n JOIN users u ON u.id = n.user_id WHERE n.id = $1`,
      [noticeId],
    );
    if (!row) return;
    const now = this.clock.now();
    const claimed = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO notice_deliveries (notice_id, channel, recipient, claimed_at) VALUES ($1, 'email', $2, $3)
       ON CONFLICT (notice_id, channel) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
         WHERE notice_deliveries.delivered_at IS NULL AND notice_deliveries.claimed_at < $4
       RETURNING id`,
      [noticeId, row.email, now, new Date(now.getTime() - STALE_DELIVERY_MS)],
    );
    if (claimed.length === 0) return;
    await this.mailer.send({ to: row.email, subject: row.subject, html: row.html, messageId: `<${noticeId}@escale>` });
    await this.dataSource.transaction(async (manager) => {
      await manager.update(NoticeDelivery, { id: claimed[0].id }, { deliveredAt: this.clock.now() });
      await manager.update(Notice, { id: noticeId }, { status: 'sent', sentAt: this.clock.now() });
    });
  }

  /** A job that failed for good: its outbox row says so, and every admin is told in their inbox. */
  async recordJobFailure(outboxId: string, jobName: string, error: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE outbox_messages SET failed_at = $2, last_error = $3 WHERE id = $1`, [outboxId, this.clock.now(), error.slice(0, 1000)]);
      const admins = await manager.query<{ id: string }[]>(`SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL`);
      for (const admin of admins) {
        await manager.createQueryBuilder().insert().into(InboxMessage).values({ userId: admin.id, kind: 'inbox.job_failed', params: { job: jobName }, dedupeKey: `job_failed:${outboxId}:${admin.id}` }).orIgnore().execute();
      }
    });
  }

  // ---- reading and handing over -----------------------------------------------------------

  private view(notice: Notice): NoticeView {
    return toNoticeView(notice, this.templates.language(notice.language)?.dir ?? 'ltr');
  }

  async listForPerson(actor: Actor, personId: string): Promise<NoticeView[]> {
    return this.dataSource.transaction(async (manager) => {
      const person = await this.people.getPerson(actor, personId, manager);
      const notices = await manager.find(Notice, { where: { personId: person.id, centreId: In([...actor.centreIds]) }, order: { createdAt: 'DESC' } });
      // The list read names the person, in the centre of their latest notice the reader sees.
      if (notices.length) await this.audit.record(manager, auditEntry(actor, 'notice.list', 'person', person.id, notices[0].centreId));
      return notices.map((notice) => this.view(notice));
    });
  }

  /** A notice; a person notice with the person's languages (best first), for its hand-over. */
  async getNotice(actor: Actor, id: string): Promise<NoticeView & { personLanguages?: string[] }> {
    if (actor.role !== 'staff' && actor.role !== 'caseworker') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const notice = await manager.findOneBy(Notice, { id });
      const mine = notice && (notice.audience === 'person' ? notice.centreId && actor.centreIds.includes(notice.centreId) : notice.userId === actor.userId);
      if (!notice || !mine) throw new NotFound('notice');
      if (!notice.personId) return this.view(notice);
      await this.audit.record(manager, auditEntry(actor, 'notice.read', 'person', notice.personId, notice.centreId));
      const person = await manager.findOneBy(Person, { id: notice.personId });
      return { ...this.view(notice), personLanguages: person?.languages ?? [] };
    });
  }

  /** The centre a person notice belongs to, for the actor's own centres only. */
  async centreOfNotice(actor: Actor, id: string): Promise<string | null> {
    const notice = await this.dataSource.manager.findOneBy(Notice, { id });
    return notice?.centreId && actor.centreIds.includes(notice.centreId) ? notice.centreId : null;
  }

  /**
   * Person notices of a centre waiting to be printed and handed over, oldest first; with an
   * interception, only those of the people of that boat (to print them all at once).
   */
  async toHandOver(actor: Actor, centreId: string, filter: { interceptionId?: string } = {}): Promise<(NoticeView & { personName: string; personLanguages: string[] })[]> {
    if (actor.role !== 'staff') throw new Forbidden();
    if (!actor.centreIds.includes(centreId)) throw new NotFound('centre');
    const query = this.dataSource.manager
      .createQueryBuilder(Notice, 'n')
      .innerJoinAndMapOne('n.person', Person, 'p', 'p.id = n.person_id')
      .where(`n.centre_id = :centreId AND n.audience = 'person' AND n.status = 'rendered'`, { centreId });
    if (filter.interceptionId) query.andWhere('n.stay_id IN (SELECT s.id FROM stays s WHERE s.interception_id = :interceptionId)', { interceptionId: filter.interceptionId });
    const rows = await query.orderBy('n.created_at', 'ASC').take(200).getMany();
    await this.audit.recordList(this.dataSource.manager, actor, 'notice.list', 'person', rows.flatMap((notice) => (notice.personId ? [{ id: notice.personId, centreId }] : [])));
    return rows.map((notice) => {
      const { person } = notice as Notice & { person: Person };
      return { ...this.view(notice), personName: `${person.givenNames} ${person.familyName.toUpperCase()}`, personLanguages: person.languages };
    });
  }

  /**
   * Records a printed notice's hand-over as it happened: when (not in the future, not before it
   * was made), in which language, and the interpreter (present, by phone, or none — chosen, never
   * assumed). Handing over a stay's rights notice is the notification of rights: it opens a
   * removal centre's asylum-claim window.
   */
  async handOver(actor: Actor, id: string, input: HandOver): Promise<NoticeView> {
    if (actor.role !== 'staff') throw new Forbidden();
    const now = this.clock.now();
    const given = this.readHandOver(input, now);
    return this.dataSource.transaction(async (manager) => {
      const notice = await manager.createQueryBuilder(Notice, 'n').setLock('pessimistic_write').where('n.id = :id', { id }).getOne();
      if (!notice || notice.audience !== 'person' || !notice.centreId || !actor.centreIds.includes(notice.centreId)) throw new NotFound('notice');
      if (notice.status !== 'rendered') throw new ValidationFailed({ status: [`a ${notice.status} notice cannot be handed over`] });
      // Pages give the time to the minute: within the minute the notice was made is not before it.
      if (given.at.getTime() < Math.floor(notice.createdAt.getTime() / 60_000) * 60_000) throw new ValidationFailed({ handedOverAt: ['must not be before the notice was made'] });
      const change = {
        status: 'handed_over' as const,
        handedOverAt: given.at,
        handedOverBy: actor.userId,
        handedOverLanguage: given.language,
        interpreterUsed: given.mode !== 'none',
        interpreterMode: given.mode,
        interpreterName: given.name,
        interpreterLanguage: given.interpreterLanguage,
      };
      await manager.update(Notice, { id: notice.id }, change);
      Object.assign(notice, change);
      await this.audit.record(manager, auditEntry(actor, 'notice.hand_over', 'person', notice.personId, notice.centreId));
      if (notice.type === 'rights_on_arrival' && notice.stayId) await this.stays.recordRightsNotified(manager, notice.stayId, given.at);
      return this.view(notice);
    });
  }

  private readHandOver(input: HandOver, now: Date): { at: Date; language: string; mode: InterpreterMode; name: string | null; interpreterLanguage: string | null } {
    const problems: Record<string, string[]> = {};
    let at = now;
    if (input?.handedOverAt !== undefined && input.handedOverAt !== null && input.handedOverAt !== '') {
      const parsed = typeof input.handedOverAt === 'string' ? new Date(input.handedOverAt) : new Date(Number.NaN);
      if (Number.isNaN(parsed.getTime())) problems.handedOverAt = ['must be a date and time'];
      else if (parsed.getTime() > now.getTime() + 60_000) problems.handedOverAt = ['must not be in the future'];
      else at = parsed;
    }
    const language = typeof input?.language === 'string' ? input.language.trim() : '';
    if (!isLanguageCode(language)) problems.language = ['must be a known ISO 639 language code'];
    const interpreter = input?.interpreter;
    const mode = interpreter?.mode;
    if (!mode || !(INTERPRETER_MODES as readonly string[]).includes(mode)) problems['interpreter.mode'] = [`must be one of ${INTERPRETER_MODES.join(', ')}`];
    const name = typeof interpreter?.name === 'string' ? interpreter.name.trim() : '';
    const interpreterLanguage = typeof interpreter?.language === 'string' ? interpreter.language.trim() : '';
    if (mode && mode !== 'none') {
      if (!name || name.length > 200) problems['interpreter.name'] = ['must name the interpreter or agency (at most 200 characters)'];
      if (!isLanguageCode(interpreterLanguage)) problems['interpreter.language'] = ['must be a known ISO 639 language code'];
    } else if (mode === 'none' && (name || interpreterLanguage)) {
      problems['interpreter.mode'] = ['no interpreter: leave the name and language empty'];
    }
    if (Object.keys(problems).length > 0) throw new ValidationFailed(problems);
    return { at, language, mode: mode!, name: mode === 'none' ? null : name, interpreterLanguage: mode === 'none' ? null : interpreterLanguage };
  }
}
