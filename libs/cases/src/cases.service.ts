import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, type AuditEntry, auditEntry } from '@escale/audit';
import { type Actor, Clock, DEFAULT_LOCALE, Forbidden, isLocale, type Locale, NotFound, type Page, SYSTEM_ORIGIN, ValidationFailed } from '@escale/platform';
import { DataSource, type EntityManager, In } from 'typeorm';
import { canMoveCase, CASE_TRANSITIONS, statusAtDeparture } from './case-machine.js';
import { CaseNote } from './case-note.entity.js';
import { type CaseNoteKind, CaseStatusChange } from './case-status-change.entity.js';
import { Case } from './case.entity.js';
import { IllegalTransition, VersionConflict } from './cases.errors.js';
import type { CreateTaskDto, UpdateCaseDto } from './dto/cases.dto.js';
import { TERMINAL_STATUSES } from './referral-machine.js';
import { statusChangeNote } from './status-change-note.js';
import { taskTitle } from './task-title.js';
import { type RaisedTask, Task, type TaskKind, type TaskParams, type TaskSource } from './task.entity.js';

export interface TaskView {
  id: string;
  caseId: string;
  source: TaskSource;
  kind: TaskKind;
  params: TaskParams;
  /** In the reader's language (see `taskTitle`). */
  title: string;
  dueAt: string;
  assignedTo: string | null;
  doneAt: string | null;
}

export interface CaseView {
  id: string;
  personId: string;
  stayId: string | null;
  centreId: string;
  status: Case['status'];
  caseworkerId: string | null;
  version: number;
  openedAt: string;
  allowedStatuses: readonly Case['status'][];
  /** `note` in the reader's language when the system wrote it (`noteKind`). */
  history: { from: string | null; to: string; at: string; by: string | null; note: string | null; noteKind: CaseNoteKind | null }[];
  notes: { id: string; text: string; at: string; by: string | null }[];
  tasks: TaskView[];
}

export const toTaskView = (task: Task, locale: Locale): TaskView => ({
  id: task.id,
  caseId: task.caseId,
  source: task.source,
  kind: task.kind,
  params: task.params,
  title: taskTitle(task, locale),
  dueAt: task.dueAt.toISOString(),
  assignedTo: task.assignedTo,
  doneAt: task.doneAt?.toISOString() ?? null,
});

const CASE_READERS = ['staff', 'caseworker'];

export interface DepartedOpenCase {
  caseId: string;
  personId: string;
  centreId: string;
  status: Case['status'];
  departedAt: string;
  exitReason: string;
  why: 'asylum_referral_open' | 'not_moved';
  openReferralStatus: string | null;
}

@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}


  /** Opens the case of a new stay episode, in the check-in's transaction. */
  async openCase(manager: EntityManager, actor: Actor, input: { personId: string; centreId: string; at: Date }): Promise<Case> {
    const opened = manager.create(Case, { personId: input.personId, centreId: input.centreId, status: 'open', openedAt: input.at, caseworkerId: null, closedAt: null });
    await manager.save(opened);
    await manager.insert(CaseStatusChange, { caseId: opened.id, fromStatus: null, toStatus: 'open', at: input.at, byUserId: actor.userId, note: null });
    await this.audit.record(manager, auditEntry(actor, 'case.create', 'case', opened.id, input.centreId));
    return opened;
  }

  /** A transfer carries the case, and its referrals, to the new centre. */
  async moveToCentre(manager: EntityManager, actor: Actor, caseId: string, centreId: string): Promise<void> {
    await manager.update(Case, { id: caseId }, { centreId });
    await manager.query(`UPDATE referrals SET centre_id = $2 WHERE case_id = $1`, [caseId, centreId]);
    await this.audit.record(manager, auditEntry(actor, 'case.transfer', 'case', caseId, centreId));
  }

  /**
   * A departure (any check-out but a transfer) moves the case out of 'open' in the check-out's
   * transaction: to 'closed' or 'released' by the exit reason, so retention counts from then. A case
   * whose asylum referral is still moving stays where it is; the data-protection worklist shows it.
   */
  async moveAtDeparture(manager: EntityManager, actor: Actor, caseId: string, departure: { at: Date; exitReason: string }): Promise<Case['status'] | null> {
    const found = await manager.createQueryBuilder(Case, 'c').setLock('pessimistic_write').where('c.id = :id', { id: caseId }).getOneOrFail();
    const [moving] = await manager.query(`SELECT 1 FROM referrals WHERE case_id = $1 AND status <> ALL($2) LIMIT 1`, [caseId, [...TERMINAL_STATUSES]]);
    if (moving) return null;
    const to = statusAtDeparture(found.status, departure.exitReason);
    if (!to) return null;
    await manager.update(Case, { id: found.id }, { status: to, closedAt: to === 'closed' ? departure.at : null, version: found.version + 1 });
    await manager.insert(CaseStatusChange, { caseId: found.id, fromStatus: found.status, toStatus: to, at: departure.at, byUserId: actor.userId, note: null });
    await this.audit.record(manager, auditEntry(actor, 'case.update', 'case', found.id, found.centreId));
    return to;
  }

  /**
   * A departure recorded in error is undone: when the departure moved the case (its last change,
   * at the departure's time, by who recorded it), the case goes back to the status it had, with a
   * change saying so. 'moved_since' when the case was moved after the departure, 'untouched' when
   * the departure had not moved it.
   */
  async undoDeparture(manager: EntityManager, actor: Actor, caseId: string, departure: { at: Date; by: string | null }): Promise<'restored' | 'untouched' | 'moved_since'> {
    const found = await manager.createQueryBuilder(Case, 'c').setLock('pessimistic_write').where('c.id = :id', { id: caseId }).getOneOrFail();
    const last = await manager.findOne(CaseStatusChange, { where: { caseId }, order: { recordedAt: 'DESC', at: 'DESC' } });
    const byDeparture =
      last !== null && last.fromStatus !== null && last.toStatus === found.status && last.at.getTime() === departure.at.getTime() && last.byUserId === departure.by && (found.status === 'closed' || found.status === 'released');
    if (!byDeparture) return found.status === 'closed' || found.status === 'released' ? 'moved_since' : 'untouched';
    const back = last.fromStatus!;
    await manager.update(Case, { id: found.id }, { status: back, closedAt: null, version: found.version + 1 });
    await manager.insert(CaseStatusChange, { caseId: found.id, fromStatus: found.status, toStatus: back, at: this.clock.now(), byUserId: actor.userId, note: null, noteKind: 'check_out_undone' });
    await this.audit.record(manager, auditEntry(actor, 'case.update', 'case', found.id, found.centreId));
    return 'restored';
  }

  /**
   * People who left but whose case is still open, with why: the data-protection worklist. Admins see
   * every centre, caseworkers their own; only ids, the centre and dates, never a name.
   */
  async departedWithOpenCase(actor: Actor, page: { centreId?: string; limit: number; offset: number }): Promise<Page<DepartedOpenCase>> {
    if (actor.role !== 'admin' && actor.role !== 'caseworker') throw new Forbidden();
    const centres = actor.role === 'admin' ? null : page.centreId ? [page.centreId].filter((id) => actor.centreIds.includes(id)) : [...actor.centreIds];
    if (centres && page.centreId && centres.length === 0) throw new NotFound('centre');
    const scope = centres ? centres : page.centreId ? [page.centreId] : null;
    const rows = await this.dataSource.query<{ id: string; person_id: string; centre_id: string; status: Case['status']; checked_out_at: Date; exit_reason: string; open_referral: string | null; total: number }[]>(
      `SELECT c.id, c.person_id, c.centre_id, c.status, s.checked_out_at, s.exit_reason,
              (SELECT r.status FROM referrals r WHERE r.case_id = c.id AND r.status <> ALL($2) ORDER BY r.created_at DESC LIMIT 1) AS open_referral,
              count(*) OVER ()::int AS total
         FROM cases c
         JOIN LATERAL (SELECT checked_out_at, exit_reason FROM stays WHERE case_id = c.id ORDER BY checked_in_at DESC, id DESC LIMIT 1) s ON s.checked_out_at IS NOT NULL
        WHERE c.status NOT IN ('closed', 'released') AND ($1::uuid[] IS NULL OR c.centre_id = ANY($1))
          AND NOT EXISTS (SELECT 1 FROM stays o WHERE o.person_id = c.person_id AND o.checked_out_at IS NULL)
        ORDER BY s.checked_out_at, c.id LIMIT $3 OFFSET $4`,
      [scope, [...TERMINAL_STATUSES], page.limit, page.offset],
    );
    await this.audit.recordList(this.dataSource.manager, actor, 'case.list', 'case', rows.map((row) => ({ id: row.id, centreId: row.centre_id })));
    return {
      items: rows.map((row) => ({
        caseId: row.id,
        personId: row.person_id,
        centreId: row.centre_id,
        status: row.status,
        departedAt: row.checked_out_at.toISOString(),
        exitReason: row.exit_reason,
        // Why the case is still open: a referral still moving, or nobody moved it (data recorded before the rule, or a status a departure cannot leave).
        why: row.open_referral ? 'asylum_referral_open' : 'not_moved',
        openReferralStatus: row.open_referral,
      })),
      total: rows[0]?.total ?? 0,
      limit: page.limit,
      offset: page.offset,
    };
  }

  /** A case of one of the actor's centres; any other answers 404. */
  async findCase(manager: EntityManager, actor: Actor, id: string, lock = false): Promise<Case> {
    if (!CASE_READERS.includes(actor.role)) throw new Forbidden();
    const query = manager.createQueryBuilder(Case, 'c').where('c.id = :id', { id });
    if (lock) query.setLock('pessimistic_write');
    const found = await query.getOne();
    if (!found || !actor.centreIds.includes(found.centreId)) throw new NotFound('case');
    return found;
  }

  /** A case; what the system wrote on it (task titles, notes) is worded in `locale` (a page's), else in the reader's own language. */
  async getCase(actor: Actor, id: string, locale?: Locale): Promise<CaseView> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.findCase(manager, actor, id);
      await this.audit.record(manager, auditEntry(actor, 'case.read', 'case', found.id, found.centreId));
      return this.view(manager, found, await this.readerLocale(manager, actor, locale));
    });
  }

  /** The language what the system wrote is worded in: the one asked for, else the user's own, else French. */
  private async readerLocale(manager: EntityManager, actor: Actor, locale: Locale | undefined): Promise<Locale> {
    if (locale) return locale;
    const [user] = await manager.query<{ locale: string | null }[]>(`SELECT locale FROM users WHERE id = $1`, [actor.userId]);
    return isLocale(user?.locale) ? user.locale : DEFAULT_LOCALE;
  }

  private async view(manager: EntityManager, found: Case, locale: Locale): Promise<CaseView> {
    // One query at a time: a transaction's connection runs them in turn anyway.
    const history = await manager.find(CaseStatusChange, { where: { caseId: found.id }, order: { at: 'ASC', recordedAt: 'ASC', id: 'ASC' } });
    const notes = await manager.find(CaseNote, { where: { caseId: found.id }, order: { at: 'DESC' } });
    const tasks = await manager.find(Task, { where: { caseId: found.id }, order: { dueAt: 'ASC' } });
    const [stay] = await manager.query<{ id: string }[]>(`SELECT id FROM stays WHERE case_id = $1 ORDER BY checked_in_at DESC LIMIT 1`, [found.id]);
    return {
      id: found.id,
      personId: found.personId,
      stayId: stay?.id ?? null,
      centreId: found.centreId,
      status: found.status,
      caseworkerId: found.caseworkerId,
      version: found.version,
      openedAt: found.openedAt.toISOString(),
      allowedStatuses: CASE_TRANSITIONS[found.status],
      history: history.map((change) => ({ from: change.fromStatus, to: change.toStatus, at: change.at.toISOString(), by: change.byUserId, note: statusChangeNote(change, locale), noteKind: change.noteKind })),
      notes: notes.map((note) => ({ id: note.id, text: note.text, at: note.at.toISOString(), by: note.byUserId })),
      tasks: tasks.map((task) => toTaskView(task, locale)),
    };
  }

  /**
   * Moves a case's status or assigns its caseworker, at the version the caller read. Of several
   * writes at one version exactly one succeeds; the others answer VERSION_CONFLICT.
   */
  async updateCase(actor: Actor, id: string, input: UpdateCaseDto, locale?: Locale): Promise<CaseView> {
    if (actor.role !== 'caseworker') throw new Forbidden();
    if (input.status === undefined && input.caseworkerId === undefined) throw new ValidationFailed({ status: ['give a status, a caseworkerId, or both'] });
    return this.dataSource.transaction(async (manager) => {
      const found = await this.findCase(manager, actor, id);
      if (found.version !== input.version) throw new VersionConflict(found.version);
      if (input.status !== undefined && input.status !== found.status && !canMoveCase(found.status, input.status)) {
        throw new IllegalTransition(found.status, input.status, CASE_TRANSITIONS[found.status]);
      }
      if (input.caseworkerId !== undefined) await this.assertCaseworker(manager, input.caseworkerId, found.centreId);
      const now = this.clock.now();
      const changes: Partial<Case> = {};
      if (input.status !== undefined && input.status !== found.status) {
        changes.status = input.status;
        changes.closedAt = input.status === 'closed' ? now : null;
      }
      if (input.caseworkerId !== undefined) changes.caseworkerId = input.caseworkerId;
      const result = await manager
        .createQueryBuilder()
        .update(Case)
        .set({ ...changes, version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id: found.id, version: input.version })
        .execute();
      if (result.affected !== 1) throw new VersionConflict(found.version);
      if (changes.status) {
        await manager.insert(CaseStatusChange, { caseId: found.id, fromStatus: found.status, toStatus: changes.status, at: now, byUserId: actor.userId, note: input.note?.trim() || null });
      } else if (input.note?.trim()) {
        await manager.insert(CaseNote, { caseId: found.id, text: input.note.trim(), at: now, byUserId: actor.userId });
      }
      if (input.caseworkerId !== undefined) {
        await manager.query(`UPDATE tasks SET assigned_to = $2 WHERE case_id = $1 AND done_at IS NULL AND assigned_to IS NULL`, [found.id, input.caseworkerId]);
      }
      await this.audit.record(manager, auditEntry(actor, 'case.update', 'case', found.id, found.centreId));
      return this.view(manager, await manager.findOneByOrFail(Case, { id: found.id }), await this.readerLocale(manager, actor, locale));
    });
  }

  private async assertCaseworker(manager: EntityManager, userId: string, centreId: string): Promise<void> {
    const [user] = await manager.query<{ role: string; centre_ids: string[] }[]>(`SELECT role, centre_ids FROM users WHERE id = $1 AND disabled_at IS NULL`, [userId]);
    if (!user || user.role !== 'caseworker' || !user.centre_ids.includes(centreId)) {
      throw new ValidationFailed({ caseworkerId: ['must be a caseworker of the case’s centre'] });
    }
  }

  async addNote(actor: Actor, caseId: string, text: string): Promise<{ id: string; text: string; at: string }> {
    if (actor.role !== 'caseworker') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const found = await this.findCase(manager, actor, caseId);
      const note = manager.create(CaseNote, { caseId: found.id, text: text.trim(), at: this.clock.now(), byUserId: actor.userId });
      await manager.save(note);
      await this.audit.record(manager, auditEntry(actor, 'case.note', 'case', found.id, found.centreId));
      return { id: note.id, text: note.text, at: note.at.toISOString() };
    });
  }

  /** Raises a task on a case for its caseworker, in the caller's transaction. */
  async raiseTask(manager: EntityManager, actor: Actor | null, input: RaisedTask & { caseId: string; source: TaskSource; dueAt: Date }): Promise<Task> {
    const found = await manager.findOneByOrFail(Case, { id: input.caseId });
    const task = manager.create(Task, {
      caseId: found.id,
      source: input.source,
      kind: input.kind,
      params: input.params ?? {},
      title: null,
      dueAt: input.dueAt,
      assignedTo: found.caseworkerId,
      doneAt: null,
      createdBy: actor?.userId ?? null,
    });
    await manager.save(task);
    // A null actor is the system (a job in the worker).
    await this.audit.record(manager, actor ? auditEntry(actor, 'task.create', 'case', found.id, found.centreId) : { actorId: null, action: 'task.create', entityType: 'case', entityId: found.id, centreId: found.centreId, origin: SYSTEM_ORIGIN });
    return task;
  }

  async createTask(actor: Actor, caseId: string, input: CreateTaskDto): Promise<TaskView> {
    if (actor.role !== 'caseworker') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const found = await this.findCase(manager, actor, caseId);
      if (input.assignedTo) await this.assertCaseworker(manager, input.assignedTo, found.centreId);
      const task = manager.create(Task, { caseId: found.id, source: 'manual', kind: 'manual', params: {}, title: input.title.trim(), dueAt: new Date(input.dueAt), assignedTo: input.assignedTo ?? found.caseworkerId ?? actor.userId, doneAt: null, createdBy: actor.userId });
      await manager.save(task);
      await this.audit.record(manager, auditEntry(actor, 'task.create', 'case', found.id, found.centreId));
      // A typed title reads the same in every language.
      return toTaskView(task, DEFAULT_LOCALE);
    });
  }

  async completeTask(actor: Actor, taskId: string, locale?: Locale): Promise<TaskView> {
    if (actor.role !== 'caseworker') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const task = await manager.createQueryBuilder(Task, 't').setLock('pessimistic_write').where('t.id = :id', { id: taskId }).getOne();
      if (!task) throw new NotFound('task');
      const found = await this.findCase(manager, actor, task.caseId);
      if (!task.doneAt) {
        task.doneAt = this.clock.now();
        await manager.update(Task, { id: task.id }, { doneAt: task.doneAt });
        await this.audit.record(manager, auditEntry(actor, 'task.done', 'case', found.id, found.centreId));
      }
      return toTaskView(task, await this.readerLocale(manager, actor, locale));
    });
  }

  /**
   * Who each case is about and where it stands, for lists that name people: the actor's centres only, one query.
   * Not audited here: its callers audit the reads of the people they name (`PeopleService.namesOf`).
   */
  async caseSummaries(actor: Actor, ids: readonly string[]): Promise<{ id: string; personId: string; status: Case['status']; centreId: string }[]> {
    if (!CASE_READERS.includes(actor.role)) throw new Forbidden();
    if (ids.length === 0) return [];
    const found = await this.dataSource.manager
      .createQueryBuilder(Case, 'c')
      .where('c.id = ANY(:ids)', { ids: [...new Set(ids)] })
      .andWhere('c.centre_id = ANY(:centres)', { centres: [...actor.centreIds] })
      .getMany();
    return found.map((c) => ({ id: c.id, personId: c.personId, status: c.status, centreId: c.centreId }));
  }

  /** Open cases of the actor's centres that no caseworker holds yet, newest first: where a caseworker picks up new work. */
  async listUnassigned(actor: Actor, page: { limit: number; offset: number }): Promise<Page<{ id: string; personId: string; status: Case['status']; centreId: string; openedAt: string }>> {
    if (actor.role !== 'caseworker') throw new Forbidden();
    const [found, total] = await this.dataSource.manager
      .createQueryBuilder(Case, 'c')
      .where('c.caseworker_id IS NULL')
      .andWhere('c.centre_id = ANY(:centres)', { centres: [...actor.centreIds] })
      .andWhere(`c.status <> 'closed'`)
      .orderBy('c.opened_at', 'DESC')
      .addOrderBy('c.id')
      .take(page.limit)
      .skip(page.offset)
      .getManyAndCount();
    await this.audit.recordList(this.dataSource.manager, actor, 'case.list', 'case', found.map((c) => ({ id: c.id, centreId: c.centreId })));
    return { items: found.map((c) => ({ id: c.id, personId: c.personId, status: c.status, centreId: c.centreId, openedAt: c.openedAt.toISOString() })), total, limit: page.limit, offset: page.offset };
  }

  async openTasks(caseId: string, manager: EntityManager): Promise<Task[]> {
    return manager.find(Task, { where: { caseId }, order: { dueAt: 'ASC' } });
  }

  /** A caseworker's day: their cases, deadlines in the next 7 days, overdue tasks (worded as `getCase` words them). */
  async dashboard(actor: Actor, locale?: Locale): Promise<{
    myCases: { id: string; personId: string; status: string; centreId: string; openedAt: string }[];
    upcomingDeadlines: { referralId: string; caseId: string; status: string; deadlineKind: string; dueAt: string }[];
    overdueTasks: TaskView[];
  }> {
    if (actor.role !== 'caseworker') throw new Forbidden();
    const now = this.clock.now();
    const week = new Date(now.getTime() + 7 * 86_400_000);
    const centres = [...actor.centreIds];
    const [cases, deadlines, tasks] = await Promise.all([
      this.dataSource.manager
        .createQueryBuilder(Case, 'c')
        .where('c.caseworker_id = :me', { me: actor.userId })
        .andWhere('c.centre_id = ANY(:centres)', { centres })
        .andWhere(`c.status <> 'closed'`)
        .orderBy('c.opened_at', 'DESC')
        .take(100)
        .getMany(),
      this.dataSource.query<{ id: string; case_id: string; status: string; next_deadline_kind: string; next_deadline_at: Date }[]>(
        `SELECT id, case_id, status, next_deadline_kind, next_deadline_at FROM referrals
          WHERE centre_id = ANY($1) AND next_deadline_at IS NOT NULL AND next_deadline_at < $2
          ORDER BY next_deadline_at LIMIT 100`,
        [centres, week],
      ),
      this.dataSource.manager
        .createQueryBuilder(Task, 't')
        .innerJoin(Case, 'c', 'c.id = t.case_id')
        .where('t.done_at IS NULL')
        .andWhere('t.due_at < :now', { now })
        .andWhere('c.centre_id = ANY(:centres)', { centres })
        .andWhere('(t.assigned_to = :me OR t.assigned_to IS NULL)', { me: actor.userId })
        .orderBy('t.due_at')
        .take(100)
        .getMany(),
    ]);
    // Every case the dashboard names, once, in its centre.
    const shown = [...new Set([...cases.map((c) => c.id), ...deadlines.map((row) => row.case_id), ...tasks.map((task) => task.caseId)])];
    const centreOf = shown.length ? await this.dataSource.manager.find(Case, { select: { id: true, centreId: true }, where: { id: In(shown) } }) : [];
    const reader = await this.readerLocale(this.dataSource.manager, actor, locale);
    await this.audit.recordList(this.dataSource.manager, actor, 'case.list', 'case', centreOf.map((c) => ({ id: c.id, centreId: c.centreId })));
    return {
      myCases: cases.map((c) => ({ id: c.id, personId: c.personId, status: c.status, centreId: c.centreId, openedAt: c.openedAt.toISOString() })),
      upcomingDeadlines: deadlines.map((row) => ({ referralId: row.id, caseId: row.case_id, status: row.status, deadlineKind: row.next_deadline_kind, dueAt: row.next_deadline_at.toISOString() })),
      overdueTasks: tasks.map((task) => toTaskView(task, reader)),
    };
  }
}
