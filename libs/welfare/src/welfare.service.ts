import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AlertsService, type AlertView } from '@escale/alerts';
import { AuditService, type AuditEntry, auditEntry } from '@escale/audit';
import { CasesService } from '@escale/cases';
import { type Centre, CentresService } from '@escale/centres';
import { ageOn, PeopleService } from '@escale/people';
import { type Actor, AppConfig, Clock, Forbidden, NotFound, type Page, ValidationFailed, pastTime } from '@escale/platform';
import { HoldingAuthorityService, Stay, StayAccessService } from '@escale/stays';
import { isUUID } from 'class-validator';
import { DataSource, type EntityManager } from 'typeorm';
import { AgeAssessment } from './age-assessment.entity.js';
import type { RecordAgeAssessmentDto, RecordMedicalReportDto, RecordVulnerabilityDto, RecordWelfareCheckDto, ReplyMedicalReportDto, SetWelfareLevelDto } from './dto/welfare.dto.js';
import { MedicalReport } from './medical-report.entity.js';
import { Vulnerability } from './vulnerability.entity.js';
import { WelfareCheck } from './welfare-check.entity.js';
import { WelfareLevelChange } from './welfare-level-change.entity.js';
import { DEFAULT_VULNERABILITY_LEVELS, type DueState, dueState, higher, type Intervals, type Level, nextDueAfterCheck, nextDueAfterLevelChange, rank, type VulnerabilityType } from './welfare-rules.js';

const DAY_MS = 86_400_000;
/** A concern raised in a check is followed up by the caseworker within a day. */
const CONCERN_FOLLOW_UP_MS = DAY_MS;

export interface OverdueStay {
  stayId: string;
  personId: string;
  centreId: string;
  bedId: string;
  welfareLevel: Level;
  nextWelfareCheckDue: string;
  overdueMinutes: number;
}

export interface TimelineEvent {
  at: string;
  kind: 'check_in' | 'check_out' | 'welfare_check' | 'level_change' | 'vulnerability' | 'extension' | 'medical_report_sent' | 'medical_report_replied';
  detail: Record<string, unknown>;
}

/** One open stay on a centre's welfare board. */
export interface WelfareBoardEntry {
  stayId: string;
  personId: string;
  name: string;
  bedLabel: string;
  unitId: string;
  unitName: string;
  welfareLevel: Level;
  nextWelfareCheckDue: string;
  lastCheckAt: string | null;
  due: DueState;
  /** Whole minutes past due; 0 unless overdue. */
  overdueMinutes: number;
}

export interface WelfareBoard {
  centre: Pick<Centre, 'id' | 'code' | 'name' | 'kind'>;
  now: string;
  entries: WelfareBoardEntry[];
}

/** An open alert, with who it is about when the reader may see people (staff). */
export interface AlertInboxItem extends AlertView {
  person: { id: string; name: string; bedLabel: string } | null;
}

export const intervalsOf = (centre: Centre): Intervals => ({
  standard: centre.welfareStandardMinutes,
  heightened: centre.welfareHeightenedMinutes,
  constant: centre.welfareConstantMinutes,
  first: centre.firstWelfareCheckMinutes,
});

@Injectable()
export class WelfareService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stays: StayAccessService,
    private readonly holding: HoldingAuthorityService,
    private readonly people: PeopleService,
    private readonly centres: CentresService,
    private readonly cases: CasesService,
    private readonly alerts: AlertsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}


  private pastTime(field: string, value: string | undefined, notBefore: Date): Date {
    return pastTime(this.clock.now(), field, value, { notBefore: { at: notBefore, message: 'must not be before the check-in' } });
  }

  /**
   * Who holds a person's health data: the centre holding them now, or, once they left, the last that
   * held them. Its staff and caseworkers may read it, and so may the caseworker of the person's case
   * wherever they work; a centre that held the person before does not (another centre's record: 404).
   */
  private async healthHolder(manager: EntityManager, actor: Actor, personId: string): Promise<{ openStay: Stay | null; centreId: string | null; readable: boolean; writable: boolean }> {
    const [holder] = await manager.query<{ stay_id: string; centre_id: string; open: boolean; caseworker_id: string | null }[]>(
      `SELECT s.id AS stay_id, s.centre_id, s.checked_out_at IS NULL AS open, c.caseworker_id
         FROM stays s JOIN cases c ON c.id = s.case_id
        WHERE s.person_id = $1 ORDER BY (s.checked_out_at IS NULL) DESC, s.checked_in_at DESC, s.id LIMIT 1`,
      [personId],
    );
    if (!holder) return { openStay: null, centreId: null, readable: false, writable: false };
    const ofCentre = actor.centreIds.includes(holder.centre_id);
    const openStay = holder.open ? await this.stays.openStayOfPerson(manager, personId) : null;
    return { openStay, centreId: holder.centre_id, readable: ofCentre || (actor.role === 'caseworker' && holder.caseworker_id === actor.userId), writable: ofCentre };
  }

  /** The person's age record, locked for update: a check-in reading it (for share) waits for this transaction. */
  private async lockAgeRecord(manager: EntityManager, personId: string): Promise<{ age_disputed: boolean; assessed_age: 'adult' | 'minor' | null; date_of_birth: string }> {
    const [row] = await manager.query<{ age_disputed: boolean; assessed_age: 'adult' | 'minor' | null; date_of_birth: string }[]>(
      `SELECT age_disputed, assessed_age, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth FROM people WHERE id = $1 FOR UPDATE`,
      [personId],
    );
    return row;
  }

  /**
   * The person says they are a minor (a vulnerability recorded): their age is disputed again, and
   * someone held as an adult in a removal centre is an urgent alert at once.
   */
  private async openAgeDispute(manager: EntityManager, personId: string, row: { age_disputed: boolean; assessed_age: 'adult' | 'minor' | null }, stay: Stay | null): Promise<void> {
    await this.people.setAgeRecord(manager, personId, { ageDisputed: true, ...(row.assessed_age === 'adult' ? { assessedAge: null } : {}) });
    if (stay) await this.stays.markAgeAssessmentRequired(manager, stay);
    if (stay && (await this.stays.centreOf(manager, stay)).kind === 'removal') {
      await this.alerts.raise(manager, { centreId: stay.centreId, stayId: stay.id, kind: 'age_disputed', severity: 'urgent', episodeKey: `age_disputed:${stay.id}`, dueAt: this.clock.now() });
    }
  }

  private async lastCheckAt(manager: EntityManager, stayId: string): Promise<Date | null> {
    const [row] = await manager.query<{ at: Date | null }[]>(`SELECT max(performed_at) AS at FROM welfare_checks WHERE stay_id = $1`, [stayId]);
    return row?.at ?? null;
  }

  /** Records a check; it sets the next one from the stay's level. A concern becomes a task for the caseworker. */
  async recordCheck(actor: Actor, stayId: string, input: RecordWelfareCheckDto): Promise<{ check: { id: string; outcome: string; performedAt: string }; nextWelfareCheckDue: string; welfareLevel: Level }> {
    if (actor.role !== 'staff') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => this.check(manager, actor, await this.stays.find(manager, actor, stayId, { lock: true, open: true }), input));
  }

  /**
   * A round of one unit: "seen well", now, for each person the staff ticked, in one transaction,
   * each check audited. Constant supervision is recorded person by person (DOMAIN.md: at least every
   * 15 minutes, each observation its own): a round naming someone on it is refused whole, as is one
   * naming a stay that is closed or not in this unit. Another centre's unit or stay is not found.
   */
  async recordUnitRound(actor: Actor, centreId: string, unitId: string, stayIds: string[]): Promise<{ recorded: number; unitName: string }> {
    if (actor.role !== 'staff') throw new Forbidden();
    const centre = await this.centres.getCentre(actor, centreId);
    return this.dataSource.transaction(async (manager) => {
      const [unit] = await manager.query<{ name: string }[]>(`SELECT name FROM units WHERE id = $1 AND centre_id = $2`, [unitId, centre.id]);
      if (!unit) throw new NotFound('unit');
      const wanted = [...new Set(stayIds)].sort();
      if (wanted.length === 0 || wanted.some((id) => !isUUID(id))) throw new ValidationFailed({ stayIds: ['tick at least one person, by the id of their stay'] });
      const stays: Stay[] = [];
      // Locked in one order, so that two rounds of the same unit cannot wait on each other.
      for (const stayId of wanted) stays.push(await this.stays.find(manager, actor, stayId, { lock: true }));
      const refused = stays.filter((stay) => stay.centreId !== centre.id || stay.unitId !== unitId || stay.checkedOutAt !== null || stay.welfareLevel === 'constant');
      if (refused.length) throw new ValidationFailed({ stayIds: refused.map((stay) => (stay.welfareLevel === 'constant' ? 'is under constant supervision: check them on their own' : 'is not open in this unit')) });
      for (const stay of stays) await this.check(manager, actor, stay, { outcome: 'seen_well' } as RecordWelfareCheckDto);
      return { recorded: stays.length, unitName: unit.name };
    });
  }

  /** A check of a stay locked for update, in the caller's transaction. */
  private async check(manager: EntityManager, actor: Actor, stay: Stay, input: RecordWelfareCheckDto) {
    const performedAt = this.pastTime('performedAt', input.performedAt, stay.checkedInAt);
    const centre = await this.stays.centreOf(manager, stay);
    const check = manager.create(WelfareCheck, { stayId: stay.id, outcome: input.outcome, notes: input.notes?.trim() || null, performedAt, recordedBy: actor.userId });
    await manager.save(check);
    const last = await this.lastCheckAt(manager, stay.id);
    // A check recorded late does not move the clock back past a later one.
    const nextDue = nextDueAfterCheck(last && last > performedAt ? last : performedAt, stay.welfareLevel, intervalsOf(centre));
    await this.stays.setWelfare(manager, stay, { level: stay.welfareLevel, nextDue });
    await this.alerts.resolve(manager, stay.id, ['welfare_check_overdue']);
    if (input.outcome === 'concern_raised') {
      await this.cases.raiseTask(manager, actor, { caseId: stay.caseId, source: 'welfare_concern', kind: 'welfare_concern', dueAt: new Date(performedAt.getTime() + CONCERN_FOLLOW_UP_MS) });
    }
    await this.audit.record(manager, auditEntry(actor, 'welfare_check.create', 'stay', stay.id, stay.centreId));
    return { check: { id: check.id, outcome: check.outcome, performedAt: performedAt.toISOString() }, nextWelfareCheckDue: nextDue.toISOString(), welfareLevel: stay.welfareLevel };
  }

  async setLevel(actor: Actor, stayId: string, input: SetWelfareLevelDto): Promise<{ welfareLevel: Level; nextWelfareCheckDue: string }> {
    if (actor.role !== 'staff') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.stays.find(manager, actor, stayId, { lock: true, open: true });
      return this.changeLevel(manager, actor, stay, input.level, { reason: input.reason.trim() });
    });
  }

  private async changeLevel(manager: EntityManager, actor: Actor, stay: Stay, level: Level, why: { reason: string } | { vulnerabilityType: VulnerabilityType }) {
    const now = this.clock.now();
    if (level !== stay.welfareLevel) {
      const centre = await this.stays.centreOf(manager, stay);
      const nextDue = nextDueAfterLevelChange(
        { changedAt: now, level, lastCheckAt: await this.lastCheckAt(manager, stay.id), checkedInAt: stay.checkedInAt, currentDue: stay.nextWelfareCheckDue },
        intervalsOf(centre),
      );
      await manager.insert(WelfareLevelChange, { stayId: stay.id, fromLevel: stay.welfareLevel, toLevel: level, reason: null, vulnerabilityType: null, ...why, at: now, byUserId: actor.userId });
      await this.stays.setWelfare(manager, stay, { level, nextDue });
      await this.audit.record(manager, auditEntry(actor, 'welfare_level.update', 'stay', stay.id, stay.centreId));
    }
    return { welfareLevel: stay.welfareLevel, nextWelfareCheckDue: stay.nextWelfareCheckDue.toISOString() };
  }

  /** Records a vulnerability; it raises the open stay's welfare level as configured and reaches the caseworker. */
  async recordVulnerability(actor: Actor, personId: string, input: RecordVulnerabilityDto) {
    if (actor.role !== 'staff' && actor.role !== 'caseworker') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const person = await this.people.getPerson(actor, personId, manager);
      // A disputed age changes where the person may be placed: the row is locked as an assessment locks it.
      const ageRecord = input.type === 'age_disputed' ? await this.lockAgeRecord(manager, person.id) : null;
      // Written through the stay that holds the person: a centre that held them before cannot add to another centre's stay.
      const holder = await this.healthHolder(manager, actor, person.id);
      if (!holder.writable) throw new NotFound('person');
      const stay = holder.openStay;
      const visible = stay !== null;
      const now = this.clock.now();
      const vulnerability = manager.create(Vulnerability, { personId: person.id, stayId: stay?.id ?? null, type: input.type, notes: input.notes?.trim() || null, recordedAt: now, recordedBy: actor.userId });
      await manager.save(vulnerability);
      await this.audit.record(manager, auditEntry(actor, 'vulnerability.create', 'person', person.id, stay?.centreId));
      // Saying one is a minor opens the dispute as a requested assessment does: presumed a minor until assessed.
      if (ageRecord && ageRecord.assessed_age !== 'minor') await this.openAgeDispute(manager, person.id, ageRecord, stay);
      if (stay) {
        const wanted = DEFAULT_VULNERABILITY_LEVELS[input.type];
        if (rank(wanted) > rank(stay.welfareLevel)) await this.changeLevel(manager, actor, stay, higher(wanted, stay.welfareLevel), { vulnerabilityType: input.type });
        await this.cases.raiseTask(manager, actor, { caseId: stay.caseId, source: 'vulnerability', kind: 'vulnerability_review', params: { vulnerabilityType: input.type }, dueAt: new Date(now.getTime() + DAY_MS) });
      }
      // Another centre's stay is acted on but not shown.
      return { id: vulnerability.id, personId: person.id, type: vulnerability.type, recordedAt: now.toISOString(), stayId: visible ? stay.id : null, welfareLevel: visible ? stay.welfareLevel : null };
    });
  }

  async listVulnerabilities(actor: Actor, personId: string) {
    return this.dataSource.transaction(async (manager) => {
      const person = await this.people.getPerson(actor, personId, manager);
      const holder = await this.healthHolder(manager, actor, person.id);
      if (!holder.readable) throw new NotFound('person');
      const rows = await manager.find(Vulnerability, { where: { personId: person.id }, order: { recordedAt: 'DESC' } });
      await this.audit.record(manager, auditEntry(actor, 'vulnerability.list', 'person', person.id, holder.centreId));
      return rows.map((row) => ({ id: row.id, type: row.type, notes: row.notes, recordedAt: row.recordedAt.toISOString(), stayId: row.stayId }));
    });
  }

  /** Open stays in the actor's centres whose next check is past due, most overdue first. */
  async overdue(actor: Actor, centreId?: string): Promise<OverdueStay[]> {
    if (actor.role !== 'staff') throw new Forbidden();
    if (centreId && !actor.centreIds.includes(centreId)) throw new NotFound('centre');
    const now = this.clock.now();
    const rows = await this.dataSource.query<{ id: string; person_id: string; centre_id: string; bed_id: string; welfare_level: Level; next_welfare_check_due: Date }[]>(
      `SELECT id, person_id, centre_id, bed_id, welfare_level, next_welfare_check_due FROM stays
        WHERE checked_out_at IS NULL AND centre_id = ANY($1) AND next_welfare_check_due < $2
        ORDER BY next_welfare_check_due, id LIMIT 500`,
      [centreId ? [centreId] : [...actor.centreIds], now],
    );
    return rows.map((row) => ({
      stayId: row.id,
      personId: row.person_id,
      centreId: row.centre_id,
      bedId: row.bed_id,
      welfareLevel: row.welfare_level,
      nextWelfareCheckDue: row.next_welfare_check_due.toISOString(),
      overdueMinutes: Math.floor((now.getTime() - row.next_welfare_check_due.getTime()) / 60_000),
    }));
  }

  /**
   * An age assessment's progress, and where it leaves the person's age (Code civil art. 388: the
   * doubt benefits the person). A request or an assessment in progress opens the dispute: the person
   * is presumed a minor. A completed `adult` lifts the presumption; `minor` makes them a minor for
   * every later placement and corrects (or flags) the date of birth; `inconclusive` leaves them
   * presumed a minor. The person's row is locked for update, so a check-in that races with the
   * assessment (it takes the row for share) reads the age before or after it, never half of it; a
   * person found or presumed a minor in a removal centre raises an urgent alert.
   */
  async recordAgeAssessment(actor: Actor, personId: string, input: RecordAgeAssessmentDto) {
    if (actor.role !== 'staff' && actor.role !== 'caseworker') throw new Forbidden();
    if ((input.status === 'completed') !== (input.outcome !== undefined)) {
      throw new ValidationFailed({ outcome: ['is required when the assessment is completed, and only then'] });
    }
    const now = this.clock.now();
    if (input.dateOfBirth !== undefined) this.assertAssessedBirthDate(input, now);
    return this.dataSource.transaction(async (manager) => {
      const person = await this.people.getPerson(actor, personId, manager);
      const row = await this.lockAgeRecord(manager, person.id);
      const holder = await this.healthHolder(manager, actor, person.id);
      if (!holder.writable) throw new NotFound('person');
      const assessment = manager.create(AgeAssessment, { personId: person.id, status: input.status, outcome: input.outcome ?? null, updatedAt: now, updatedBy: actor.userId });
      await manager.save(assessment);
      const change: { ageDisputed?: boolean; assessedAge?: 'adult' | 'minor' | null; dateOfBirth?: string; dobEstimated?: boolean } = {};
      if (input.status !== 'completed') {
        change.ageDisputed = true;
        if (row.assessed_age === 'adult') change.assessedAge = null;
      } else if (input.outcome === 'adult' || input.outcome === 'minor') {
        change.ageDisputed = false;
        change.assessedAge = input.outcome;
        if (input.dateOfBirth) Object.assign(change, { dateOfBirth: input.dateOfBirth, dobEstimated: true });
        // A minor whose recorded birth date says adult: the date is marked as an estimate until corrected.
        else if (input.outcome === 'minor' && ageOn(row.date_of_birth, now) >= 18) change.dobEstimated = true;
      } else {
        change.ageDisputed = true;
      }
      await this.people.setAgeRecord(manager, person.id, change);
      await this.audit.record(manager, auditEntry(actor, 'age_assessment.update', 'person', person.id, holder.centreId ?? undefined));
      const conclusive = input.status === 'completed' && input.outcome !== 'inconclusive';
      if (conclusive) await this.stays.markAgeAssessed(manager, person.id, true);
      let alertRaised = false;
      const stay = holder.openStay;
      if (stay) {
        if (conclusive) await this.alerts.resolveEpisode(manager, `age_disputed:${stay.id}`);
        const removal = (await this.stays.centreOf(manager, stay)).kind === 'removal';
        if (removal && input.outcome === 'minor') {
          alertRaised = await this.alerts.raise(manager, { centreId: stay.centreId, stayId: stay.id, kind: 'minor_in_removal_centre', severity: 'urgent', episodeKey: `minor_in_removal_centre:${stay.id}`, dueAt: now });
        } else if (removal && change.ageDisputed && row.assessed_age !== 'minor') {
          // Held as an adult, now presumed a minor: the staff must act at once.
          alertRaised = await this.alerts.raise(manager, { centreId: stay.centreId, stayId: stay.id, kind: 'age_disputed', severity: 'urgent', episodeKey: `age_disputed:${stay.id}`, dueAt: now });
        }
      }
      return { id: assessment.id, personId: person.id, status: assessment.status, outcome: assessment.outcome, updatedAt: now.toISOString(), alertRaised };
    });
  }

  /** A date of birth from a completed assessment agrees with its outcome and is a real, past date. */
  private assertAssessedBirthDate(input: RecordAgeAssessmentDto, now: Date): void {
    const value = input.dateOfBirth!;
    const birth = new Date(`${value}T00:00:00Z`);
    const fail = (problem: string) => new ValidationFailed({ dateOfBirth: [problem] });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(birth.getTime())) throw fail('must be a date (YYYY-MM-DD)');
    if (input.status !== 'completed' || input.outcome === 'inconclusive') throw fail('is given only with a completed assessment that found an adult or a minor');
    if (birth > now) throw fail('must not be in the future');
    const age = ageOn(value, now);
    if (input.outcome === 'minor' && age >= 18) throw fail('must make the person under 18, as the assessment found');
    if (input.outcome === 'adult' && (age < 18 || age > 120)) throw fail('must make the person 18 or over, as the assessment found');
  }

  /**
   * The people of a centre whose age is disputed and not yet settled, the longest waiting first:
   * each with where their assessment stands. Each person shown is an audited read.
   */
  async pendingAgeAssessments(actor: Actor, centreId: string) {
    if (actor.role !== 'staff' && actor.role !== 'caseworker') throw new Forbidden();
    const centre = await this.centres.getCentre(actor, centreId);
    if (!actor.centreIds.includes(centre.id)) throw new NotFound('centre');
    const rows = await this.dataSource.query<{ stay_id: string; person_id: string; given_names: string; family_name: string; date_of_birth: string; checked_in_at: Date; status: string | null; outcome: string | null; updated_at: Date | null }[]>(
      `SELECT s.id AS stay_id, p.id AS person_id, p.given_names, p.family_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, s.checked_in_at,
              a.status, a.outcome, a.updated_at
         FROM stays s JOIN people p ON p.id = s.person_id
         LEFT JOIN LATERAL (SELECT status, outcome, updated_at FROM age_assessments WHERE person_id = p.id ORDER BY updated_at DESC, created_at DESC LIMIT 1) a ON true
        WHERE s.centre_id = $1 AND s.checked_out_at IS NULL AND p.age_disputed AND p.assessed_age IS NULL
        ORDER BY s.checked_in_at, s.id`,
      [centre.id],
    );
    await this.audit.recordList(this.dataSource.manager, actor, 'person.list', 'person', rows.map((row) => ({ id: row.person_id, centreId: centre.id })));
    const now = this.clock.now();
    return {
      centre: { id: centre.id, name: centre.name, kind: centre.kind },
      items: rows.map((row) => ({
        stayId: row.stay_id,
        personId: row.person_id,
        name: `${row.given_names} ${row.family_name.toUpperCase()}`,
        dateOfBirth: row.date_of_birth,
        checkedInAt: row.checked_in_at.toISOString(),
        waitingDays: Math.floor((now.getTime() - row.checked_in_at.getTime()) / DAY_MS),
        assessment: row.status ? { status: row.status, outcome: row.outcome, updatedAt: row.updated_at!.toISOString() } : null,
      })),
    };
  }

  async recordMedicalReport(actor: Actor, stayId: string, input: RecordMedicalReportDto) {
    if (actor.role !== 'staff' && actor.role !== 'caseworker') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.stays.find(manager, actor, stayId, { lock: true, open: true });
      const sentAt = this.pastTime('sentAt', input.sentAt, stay.checkedInAt);
      const report = manager.create(MedicalReport, {
        stayId: stay.id,
        kind: input.kind,
        sentTo: input.sentTo.trim(),
        sentAt,
        replyDueAt: new Date(sentAt.getTime() + this.config.medicalReportReplyDays * DAY_MS),
        repliedAt: null,
        replySummary: null,
        recordedBy: actor.userId,
      });
      await manager.save(report);
      await this.audit.record(manager, auditEntry(actor, 'medical_report.create', 'stay', stay.id, stay.centreId));
      return toMedicalReportView(report);
    });
  }

  async replyMedicalReport(actor: Actor, reportId: string, input: ReplyMedicalReportDto) {
    if (actor.role !== 'staff' && actor.role !== 'caseworker') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const report = await manager.createQueryBuilder(MedicalReport, 'r').setLock('pessimistic_write').where('r.id = :id', { id: reportId }).getOne();
      if (!report) throw new NotFound('medical report');
      // The reply is recorded where the person is held now, which after a transfer is not where the report was sent from.
      const stay = await manager.createQueryBuilder(Stay, 's').where('s.id = :id', { id: report.stayId }).getOneOrFail();
      if (!(await this.healthHolder(manager, actor, stay.personId)).writable) throw new NotFound('medical report');
      if (report.repliedAt) throw new ValidationFailed({ repliedAt: ['this report already has its reply'] });
      const repliedAt = this.pastTime('repliedAt', input.repliedAt, report.sentAt);
      await manager.update(MedicalReport, { id: report.id }, { repliedAt, replySummary: input.replySummary.trim() });
      Object.assign(report, { repliedAt, replySummary: input.replySummary.trim() });
      await this.alerts.resolveEpisode(manager, `medical_report_unanswered:${report.id}`);
      await this.audit.record(manager, auditEntry(actor, 'medical_report.reply', 'stay', stay.id, stay.centreId));
      return toMedicalReportView(report);
    });
  }

  /** Everything that happened to a stay's welfare, in order. */
  async timeline(actor: Actor, stayId: string): Promise<TimelineEvent[]> {
    if (actor.role !== 'staff' && actor.role !== 'caseworker') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.stays.find(manager, actor, stayId);
      await this.audit.record(manager, auditEntry(actor, 'stay.read', 'stay', stay.id, stay.centreId));
      const checks = await manager.find(WelfareCheck, { where: { stayId } });
      const levels = await manager.find(WelfareLevelChange, { where: { stayId } });
      // Health entries only for those who need them: the centre holding the person now, and their caseworker.
      const health = (await this.healthHolder(manager, actor, stay.personId)).readable;
      const vulnerabilities = health ? await manager.find(Vulnerability, { where: { stayId } }) : [];
      const reports = health ? await manager.find(MedicalReport, { where: { stayId } }) : [];
      const extensions = await this.holding.listExtensions(stayId);
      const events: TimelineEvent[] = [{ at: stay.checkedInAt.toISOString(), kind: 'check_in', detail: { bedId: stay.bedId } }];
      for (const check of checks) events.push({ at: check.performedAt.toISOString(), kind: 'welfare_check', detail: { outcome: check.outcome, notes: check.notes } });
      for (const change of levels) events.push({ at: change.at.toISOString(), kind: 'level_change', detail: { from: change.fromLevel, to: change.toLevel, reason: change.reason, vulnerabilityType: change.vulnerabilityType } });
      for (const vulnerability of vulnerabilities) events.push({ at: vulnerability.recordedAt.toISOString(), kind: 'vulnerability', detail: { type: vulnerability.type } });
      for (const report of reports) {
        events.push({ at: report.sentAt.toISOString(), kind: 'medical_report_sent', detail: { kind: report.kind, sentTo: report.sentTo, replyDueAt: report.replyDueAt.toISOString() } });
        if (report.repliedAt) events.push({ at: report.repliedAt.toISOString(), kind: 'medical_report_replied', detail: { replySummary: report.replySummary } });
      }
      for (const extension of extensions) events.push({ at: extension.decidedAt.toISOString(), kind: 'extension', detail: { days: extension.days, decidedBy: extension.decidedBy, authorisedUntil: extension.authorisedUntil.toISOString() } });
      if (stay.checkedOutAt) events.push({ at: stay.checkedOutAt.toISOString(), kind: 'check_out', detail: { reason: stay.exitReason } });
      return events.sort((a, b) => a.at.localeCompare(b.at));
    });
  }

  /**
   * A centre's welfare board: every open stay by when its next check is due, so the most
   * overdue come first, then those due soon, then the rest. Each person shown is an audited read.
   */
  async board(actor: Actor, centreId: string): Promise<WelfareBoard> {
    if (actor.role !== 'staff') throw new Forbidden();
    const centre = await this.centres.getCentre(actor, centreId);
    const now = this.clock.now();
    // A centre's open stays are bounded by its beds (one open stay per bed): no page needed.
    const rows = await this.dataSource.query<
      { id: string; person_id: string; welfare_level: Level; next_welfare_check_due: Date; given_names: string; family_name: string; bed_label: string; unit_id: string; unit_name: string; last_check_at: Date | null }[]
    >(
      `SELECT s.id, s.person_id, s.welfare_level, s.next_welfare_check_due, p.given_names, p.family_name, b.label AS bed_label, u.id AS unit_id, u.name AS unit_name,
              (SELECT max(c.performed_at) FROM welfare_checks c WHERE c.stay_id = s.id) AS last_check_at
         FROM stays s
         JOIN people p ON p.id = s.person_id
         JOIN beds b ON b.id = s.bed_id
         JOIN units u ON u.id = s.unit_id
        WHERE s.centre_id = $1 AND s.checked_out_at IS NULL
        ORDER BY s.next_welfare_check_due, u.name, b.position, s.id`,
      [centre.id],
    );
    await this.audit.recordList(this.dataSource.manager, actor, 'person.list', 'person', rows.map((row) => ({ id: row.person_id, centreId: centre.id })));
    return {
      centre: { id: centre.id, code: centre.code, name: centre.name, kind: centre.kind },
      now: now.toISOString(),
      entries: rows.map((row) => ({
        stayId: row.id,
        personId: row.person_id,
        name: `${row.given_names} ${row.family_name.toUpperCase()}`,
        bedLabel: row.bed_label,
        unitId: row.unit_id,
        unitName: row.unit_name,
        welfareLevel: row.welfare_level,
        nextWelfareCheckDue: row.next_welfare_check_due.toISOString(),
        lastCheckAt: row.last_check_at?.toISOString() ?? null,
        due: dueState(row.next_welfare_check_due, now),
        overdueMinutes: Math.max(0, Math.floor((now.getTime() - row.next_welfare_check_due.getTime()) / 60_000)),
      })),
    };
  }

  /** A stay's medical reports, the latest first. */
  async listMedicalReports(actor: Actor, stayId: string) {
    if (actor.role !== 'staff' && actor.role !== 'caseworker') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.stays.find(manager, actor, stayId);
      if (!(await this.healthHolder(manager, actor, stay.personId)).readable) throw new NotFound('stay');
      const reports = await manager.find(MedicalReport, { where: { stayId: stay.id }, order: { sentAt: 'DESC', id: 'ASC' } });
      await this.audit.record(manager, auditEntry(actor, 'medical_report.list', 'stay', stay.id, stay.centreId));
      return reports.map(toMedicalReportView);
    });
  }

  /** A person's age assessments, the latest first: the first is where it stands. */
  async listAgeAssessments(actor: Actor, personId: string) {
    if (actor.role !== 'staff' && actor.role !== 'caseworker') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const person = await this.people.getPerson(actor, personId, manager);
      if (!(await this.healthHolder(manager, actor, person.id)).readable) throw new NotFound('person');
      const rows = await manager.find(AgeAssessment, { where: { personId: person.id }, order: { updatedAt: 'DESC', createdAt: 'DESC' } });
      return rows.map((row) => ({ id: row.id, status: row.status, outcome: row.outcome, updatedAt: row.updatedAt.toISOString() }));
    });
  }

  /**
   * The open alerts of the actor's centres (urgent first), each with the person it is about for
   * staff, who may see people (each one shown is an audited read); admins read the alerts alone.
   */
  async alertInbox(actor: Actor, page: { limit: number; offset: number }): Promise<Page<AlertInboxItem>> {
    const alerts = await this.alerts.list(actor, { open: true, limit: page.limit, offset: page.offset });
    const stayIds = actor.role === 'staff' ? [...new Set(alerts.items.map((alert) => alert.stayId).filter((id): id is string => id !== null))] : [];
    const rows = stayIds.length
      ? await this.dataSource.query<{ id: string; person_id: string; centre_id: string; given_names: string; family_name: string; bed_label: string }[]>(
          `SELECT s.id, s.person_id, s.centre_id, p.given_names, p.family_name, b.label AS bed_label
             FROM stays s JOIN people p ON p.id = s.person_id JOIN beds b ON b.id = s.bed_id
            WHERE s.id = ANY($1) AND s.centre_id = ANY($2)`,
          [stayIds, [...actor.centreIds]],
        )
      : [];
    await this.audit.recordList(this.dataSource.manager, actor, 'person.list', 'person', rows.map((row) => ({ id: row.person_id, centreId: row.centre_id })));
    const byStay = new Map(rows.map((row) => [row.id, { id: row.person_id, name: `${row.given_names} ${row.family_name.toUpperCase()}`, bedLabel: row.bed_label }]));
    return { ...alerts, items: alerts.items.map((alert) => ({ ...alert, person: (alert.stayId && byStay.get(alert.stayId)) || null })) };
  }
}

export const toMedicalReportView = (report: MedicalReport) => ({
  id: report.id,
  stayId: report.stayId,
  kind: report.kind,
  sentTo: report.sentTo,
  sentAt: report.sentAt.toISOString(),
  replyDueAt: report.replyDueAt.toISOString(),
  repliedAt: report.repliedAt?.toISOString() ?? null,
  replySummary: report.replySummary,
});
