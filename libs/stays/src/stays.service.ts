import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AlertsService } from '@escale/alerts';
import { AuditService, type AuditEntry, auditEntry } from '@escale/audit';
import { CasesService, DublinService } from '@escale/cases';
import { Bed, CentresService, type Centre, BedOccupied, BedOutOfService, Unit } from '@escale/centres';
import { ageOn, type AgeStanding, ageStanding, type DuplicateFindings, type NewPersonDto, PeopleService, type Person, type PossibleDuplicate } from '@escale/people';
import { type Actor, AppConfig, Clock, constraintViolation, Forbidden, JobName, NotFound, OutboxService, type Page, pastTime } from '@escale/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { BedAllocator, namedBedHousings, type Occupant } from './bed-allocator.js';
import { BedMove } from './bed-move.entity.js';
import type { JoinHouseholdDto, MoveBedDto, PlacementPlanDto } from './dto/stay-corrections.dto.js';
import { ExtensionRefusal } from './extension-refusal.entity.js';
import { type PlacementPlan, planPlacement, type PlanMember, type PlanUnit } from './placement-plan.js';
import { asylumClaimWindowEndsAt } from './holding-authority.js';
import type { CheckInDto } from './dto/check-in.dto.js';
import type { CheckOutDto } from './dto/check-out.dto.js';
import type { CreateInterceptionDto } from './dto/create-interception.dto.js';
import type { TransferDto } from './dto/transfer.dto.js';
import { Interception } from './interception.entity.js';
import { PropertyService } from './property.service.js';
import type { PropertyView } from './property.view.js';
import { Stay } from './stay.entity.js';
import { AgeDisputed, HousingMismatch, invalidField, MinorNotAllowed, NoBedAvailable, PersonAlreadyInCentre, ReopenNotAllowed, StayClosed, StayVersionConflict } from './stays.errors.js';
import { toStayView, type StayView } from './stay.view.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const BED_RACE_RETRIES = 5;
/** Leaving for freedom or accommodation gets a release notice; removal and Dublin transfers have procedures of their own. */
const RELEASE_NOTICE_REASONS: readonly string[] = ['released_by_court', 'released_at_legal_limit', 'moved_to_asylum_accommodation', 'other'];
/** API v1.1: a check-out recorded in error may be undone within 24 hours of its recording. */
export const REOPEN_WINDOW_MS = 24 * HOUR_MS;
/** An age assessment is asked of the département at once; the task is due within a day. */
const AGE_ASSESSMENT_TASK_MS = DAY_MS;

export interface CheckInResult {
  stay: StayView;
  person: { id: string };
  case: { id: string };
  possibleDuplicates: PossibleDuplicate[];
}

export interface CheckOutResult {
  stay: StayView;
  property: { returned: PropertyView[]; notReturned: PropertyView[] };
}

export interface StayDetail {
  stay: StayView;
  person: Pick<Person, 'id' | 'familyName' | 'givenNames' | 'dateOfBirth' | 'dobEstimated' | 'ageDisputed' | 'sex' | 'nationalities' | 'languages'>;
  centre: Pick<Centre, 'id' | 'code' | 'name' | 'kind'>;
  unit: Pick<Unit, 'id' | 'name' | 'housing'>;
  bed: Pick<Bed, 'id' | 'label'>;
}

export interface BoardBed {
  id: string;
  label: string;
  position: number;
  inService: boolean;
  stay: { id: string; personId: string; name: string; checkedInAt: string; householdId: string | null } | null;
}

export interface BoardUnit {
  id: string;
  name: string;
  housing: Unit['housing'];
  beds: BoardBed[];
}

export interface BedMoveView {
  id: string;
  fromBed: { id: string; label: string; unitName: string };
  toBed: { id: string; label: string; unitName: string };
  onFromBedSince: string;
  movedAt: string;
  movedBy: string | null;
}

export interface FreeBedChoice {
  id: string;
  label: string;
  unitId: string;
  unitName: string;
  housing: Unit['housing'];
}

class BedRace extends Error {}

@Injectable()
export class StaysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly centres: CentresService,
    private readonly people: PeopleService,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly alerts: AlertsService,
    private readonly dublin: DublinService,
    private readonly property: PropertyService,
  ) {}

  private assertStaff(actor: Actor): void {
    if (actor.role !== 'staff') throw new Forbidden();
  }

  private assertReader(actor: Actor): void {
    if (actor.role !== 'staff' && actor.role !== 'caseworker') throw new Forbidden();
  }

  /** A time given by the caller (see pastTime), not before the stay's check-in when one is given. */
  private pastTime(field: string, value: string | undefined, notBefore?: Date): Date {
    return pastTime(this.clock.now(), field, value, { notBefore: notBefore && { at: notBefore, message: 'must not be before the check-in' } });
  }


  async createInterception(actor: Actor, input: CreateInterceptionDto): Promise<Interception> {
    this.assertStaff(actor);
    const occurredAt = this.pastTime('occurredAt', input.occurredAt);
    return this.dataSource.transaction(async (manager) => {
      const interception = manager.create(Interception, { occurredAt, location: input.location.trim(), agency: input.agency.trim(), groupSize: input.groupSize, recordedBy: actor.userId });
      await manager.save(interception);
      await this.audit.record(manager, auditEntry(actor, 'interception.create', 'interception', interception.id));
      return interception;
    });
  }

  async listInterceptions(actor: Actor, limit: number, offset: number): Promise<Page<Interception>> {
    // Interceptions name no person: administrators read them too, with every arrival's counts.
    if (actor.role !== 'admin') this.assertReader(actor);
    const [items, total] = await this.dataSource.manager.findAndCount(Interception, { order: { occurredAt: 'DESC' }, take: limit, skip: offset });
    return { items, total, limit, offset };
  }

  /**
   * Checks a person in, onto a bed, and opens their case, in one transaction. The database's
   * exclusion constraints make a second open stay on a bed or for a person impossible; a lost
   * race for an allocated bed is retried with another bed.
   */
  async checkIn(actor: Actor, centreId: string, input: CheckInDto): Promise<CheckInResult> {
    this.assertStaff(actor);
    if (!input.person === !input.personId) {
      throw invalidField(input.person ? 'personId' : 'person', 'give either person (someone new) or personId (someone known), not both');
    }
    const centre = await this.centres.getCentre(actor, centreId);
    const checkedInAt = this.pastTime('checkedInAt', input.checkedInAt);
    if (input.person) this.assertPlausibleBirthDate(input.person, checkedInAt);

    // The duplicate search decides nothing in the check-in: it runs alongside the transaction, on
    // a connection of its own, and so finds the people recorded before this one, as it would after
    // the commit (the new person, whose id is chosen here, is left out either way). It is awaited
    // only once the transaction has committed and given its connection back: a transaction waiting
    // for a search that waits for a connection would, with enough check-ins at once, hold every
    // connection of the pool. Its reads are recorded only when the check-in was.
    const newPersonId = input.person ? randomUUID() : undefined;
    const search = input.person && newPersonId ? this.people.lookForDuplicates(actor, input.person, [newPersonId]) : undefined;
    search?.catch(() => undefined);
    const result = await this.retryLostBedRaces(() => this.dataSource.transaction((manager) => this.checkInOnce(manager, actor, centre, input, checkedInAt, newPersonId)));
    let found: DuplicateFindings | undefined;
    if (search) {
      found = await search;
      await this.people.recordDuplicatesShown(actor, [found]);
    }
    return { ...result, possibleDuplicates: found?.duplicates ?? [] };
  }

  /** Runs a transaction again when another took the bed it allocated; gives up after a few tries. */
  async retryLostBedRaces<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof BedRace)) throw error;
        if (attempt >= BED_RACE_RETRIES) throw new NoBedAvailable();
      }
    }
  }

  assertPlausibleBirthDate(person: NewPersonDto, at: Date): void {
    const birth = new Date(`${person.dateOfBirth}T00:00:00Z`);
    if (Number.isNaN(birth.getTime()) || birth.toISOString().slice(0, 10) !== person.dateOfBirth) throw invalidField('person.dateOfBirth', 'must be a real date');
    if (birth > at) throw invalidField('person.dateOfBirth', 'must not be in the future');
    if (ageOn(person.dateOfBirth, at) > 120) throw invalidField('person.dateOfBirth', 'must be within the last 120 years');
  }

  /** How the person's age stands, read under a share lock held to the end of the transaction. */
  private async lockedAgeStanding(manager: EntityManager, personId: string, at: Date): Promise<AgeStanding> {
    // Held until the stay is written, so the nightly retention job (which takes the row FOR UPDATE) cannot anonymise someone being checked in.
    const [known] = await manager.query<{ anonymised: boolean; date_of_birth: string; age_disputed: boolean; assessed_age: 'adult' | 'minor' | null }[]>(
      `SELECT anonymised_at IS NOT NULL AS anonymised, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth, age_disputed, assessed_age FROM people WHERE id = $1 FOR SHARE`,
      [personId],
    );
    if (!known || known.anonymised) throw new NotFound('person');
    return ageStanding({ dateOfBirth: known.date_of_birth, ageDisputed: known.age_disputed, assessedAge: known.assessed_age }, at);
  }

  /** Since 2024 no minor may be placed in a removal centre, nor anyone presumed one while their age is disputed. */
  private assertPlaceable(centre: Pick<Centre, 'kind'>, standing: AgeStanding): void {
    if (centre.kind !== 'removal') return;
    if (standing === 'minor') throw new MinorNotAllowed();
    if (standing === 'disputed') throw new AgeDisputed();
  }

  /** A disputed age housed in a reception centre: an urgent alert for the staff and a task to have the age assessed. */
  private async flagDisputedAge(manager: EntityManager, actor: Actor, stay: Stay): Promise<void> {
    await this.alerts.raise(manager, { centreId: stay.centreId, stayId: stay.id, kind: 'age_disputed', severity: 'urgent', episodeKey: `age_disputed:${stay.id}`, dueAt: stay.checkedInAt });
    await this.cases.raiseTask(manager, actor, { caseId: stay.caseId, source: 'age_assessment', kind: 'age_assessment', dueAt: new Date(stay.checkedInAt.getTime() + AGE_ASSESSMENT_TASK_MS) });
  }

  /** A person holds one bed at a time: someone with an open stay is neither checked in nor put on a waiting list. */
  async assertNoOpenStay(manager: EntityManager, personId: string): Promise<void> {
    const [open] = await manager.query(`SELECT 1 FROM stays WHERE person_id = $1 AND checked_out_at IS NULL`, [personId]);
    if (open) throw new PersonAlreadyInCentre();
  }

  /**
   * A check-in inside the caller's transaction (a single check-in, an arrival of a boat, a bed
   * freed for someone waiting). The person's open waiting-list entry, if any, closes with it.
   */
  async checkInOnce(manager: EntityManager, actor: Actor, centre: Centre, input: CheckInDto, checkedInAt: Date, newPersonId?: string) {
    const created = Boolean(input.person);
    const person = created ? await this.people.createPerson(manager, actor, input.person!, newPersonId) : await this.people.getPerson(actor, input.personId!, manager, centre.id);
    // Someone known: their row is read under a share lock held until the stay is written, so the nightly retention job (which takes
    // the row FOR UPDATE) cannot anonymise them meanwhile, and an age assessment being recorded (which locks the row for update) is
    // waited for, so the age read here is the one that holds. Someone created in this transaction is seen by no other transaction
    // until it commits: nobody can assess or anonymise them, and they hold no stay yet (the database would refuse a second one anyway).
    const standing = created ? ageStanding(person, checkedInAt) : await this.lockedAgeStanding(manager, person.id, checkedInAt);
    if (!created) await this.assertNoOpenStay(manager, person.id);
    this.assertPlaceable(centre, standing);
    const minor = standing !== 'adult';
    if (input.interceptionId && !(await manager.existsBy(Interception, { id: input.interceptionId }))) throw new NotFound('interception');
    let householdId = input.householdId ?? null;
    if (householdId && !(await this.people.householdExists(manager, householdId))) throw new NotFound('household');
    // A minor travelling alone gets a household of their own, so no unrelated adult shares their unit.
    if (minor && !householdId) householdId = (await this.people.createHouseholdOfOne(manager, actor)).id;

    const occupant: Occupant = { minor, sex: person.sex, householdId };
    const bed = await this.takeBed(manager, centre.id, occupant, checkedInAt, input.bedId);
    const opened = await this.cases.openCase(manager, actor, { personId: person.id, centreId: centre.id, at: checkedInAt });
    const stay = manager.create(Stay, {
      personId: person.id,
      centreId: centre.id,
      unitId: bed.unitId,
      bedId: bed.id,
      caseId: opened.id,
      householdId,
      interceptionId: input.interceptionId ?? null,
      checkedInAt,
      legalLimitAt: new Date(checkedInAt.getTime() + centre.maxStayDays * DAY_MS),
      authorisedUntil: centre.kind === 'removal' ? new Date(checkedInAt.getTime() + centre.initialAuthorisationDays * DAY_MS) : null,
      // Opens when the rights notice is handed over (recordRightsNotified).
      asylumClaimWindowEndsAt: null,
      ageAssessmentRequired: person.dobEstimated || standing === 'disputed',
      // A minor, or someone presumed one, is checked on more often from the start.
      welfareLevel: minor ? 'heightened' : 'standard',
      nextWelfareCheckDue: new Date(checkedInAt.getTime() + centre.firstWelfareCheckMinutes * 60_000),
      checkedInBy: actor.userId,
    });
    await this.insertStay(manager, stay, Boolean(input.bedId));
    await manager.update(Bed, { id: bed.id }, { occupied: true });
    await this.people.linkToCentre(manager, person.id, centre.id);
    // Someone created in this transaction is on no waiting list.
    if (!created) {
      await manager.query(`UPDATE waiting_list SET closed_at = $2, close_reason = 'checked_in', stay_id = $3, closed_by = $4 WHERE person_id = $1 AND closed_at IS NULL`, [
        person.id,
        checkedInAt,
        stay.id,
        actor.userId,
      ]);
    }
    await this.audit.record(manager, auditEntry(actor, 'stay.create', 'stay', stay.id, centre.id));
    if (standing === 'disputed') await this.flagDisputedAge(manager, actor, stay);
    // The rights notice is prepared at once; handing it over (recordRightsNotified) opens a removal centre's asylum-claim window.
    await this.outbox.schedule(manager, JobName.PreparePersonNotice, { type: 'rights_on_arrival', stayId: stay.id });
    if (stay.authorisedUntil) await this.outbox.schedule(manager, JobName.RaiseAuthorityExpired, { stayId: stay.id }, { availableAt: stay.authorisedUntil });
    return { stay: toStayView(stay), person: { id: person.id }, case: { id: opened.id } };
  }

  /** The named bed, checked and locked, or a suitable free one. */
  private async takeBed(manager: EntityManager, centreId: string, occupant: Occupant, since: Date, bedId?: string): Promise<Bed> {
    const allocator = new BedAllocator(manager, since);
    if (!bedId) return allocator.allocate(centreId, occupant);
    const bed = await manager.createQueryBuilder(Bed, 'b').setLock('pessimistic_write').where('b.id = :id', { id: bedId }).getOne();
    if (!bed || bed.centreId !== centreId) throw new NotFound('bed');
    if (!bed.inService) throw new BedOutOfService();
    if (bed.occupied || (await allocator.usedSince(bed.id))) throw new BedOccupied({ bedId });
    const unit = await manager.findOneByOrFail(Unit, { id: bed.unitId });
    await allocator.claim(bed, unit, occupant);
    return bed;
  }

  /** Inserts a stay; the database refuses a second open stay on the bed or for the person. */
  private async insertStay(manager: EntityManager, stay: Stay, bedNamed: boolean): Promise<void> {
    try {
      await manager.save(stay);
    } catch (error) {
      const violation = constraintViolation(error);
      if (violation?.constraint.startsWith('stays_person_') || violation?.constraint === 'stays_open_person_key') throw new PersonAlreadyInCentre();
      if (violation?.constraint.startsWith('stays_bed_') || violation?.constraint === 'stays_open_bed_key') {
        if (bedNamed) throw new BedOccupied({ bedId: stay.bedId });
        throw new BedRace();
      }
      throw error;
    }
  }

  /** A stay the actor may see, locked when asked; another centre's stay answers 404. */
  private async findStay(manager: EntityManager, actor: Actor, id: string, lock = false): Promise<Stay> {
    const query = manager.createQueryBuilder(Stay, 's').where('s.id = :id', { id });
    if (lock) query.setLock('pessimistic_write');
    const stay = await query.getOne();
    if (!stay || !actor.centreIds.includes(stay.centreId)) throw new NotFound('stay');
    return stay;
  }

  async getStay(actor: Actor, id: string): Promise<StayView> {
    this.assertReader(actor);
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.findStay(manager, actor, id);
      await this.audit.record(manager, auditEntry(actor, 'stay.read', 'stay', stay.id, stay.centreId));
      return toStayView(stay);
    });
  }

  async listStays(actor: Actor, filter: { centreId?: string; open?: boolean; limit: number; offset: number }): Promise<Page<StayView>> {
    this.assertReader(actor);
    const centreIds = filter.centreId ? [filter.centreId].filter((id) => actor.centreIds.includes(id)) : [...actor.centreIds];
    if (filter.centreId && centreIds.length === 0) throw new NotFound('centre');
    const query = this.dataSource.manager.createQueryBuilder(Stay, 's').where('s.centre_id = ANY(:centreIds)', { centreIds });
    if (filter.open === true) query.andWhere('s.checked_out_at IS NULL');
    if (filter.open === false) query.andWhere('s.checked_out_at IS NOT NULL');
    const [stays, total] = await query.orderBy('s.checked_in_at', 'DESC').addOrderBy('s.id').take(filter.limit).skip(filter.offset).getManyAndCount();
    await this.audit.recordList(this.dataSource.manager, actor, 'stay.list', 'stay', stays.map((stay) => ({ id: stay.id, centreId: stay.centreId })));
    return { items: stays.map(toStayView), total, limit: filter.limit, offset: filter.offset };
  }

  async getPersonWithStays(actor: Actor, personId: string): Promise<{ person: Person; stays: StayView[] }> {
    return this.dataSource.transaction(async (manager) => {
      const person = await this.people.getPerson(actor, personId, manager);
      const stays = await manager.find(Stay, { where: { personId }, order: { checkedInAt: 'DESC' } });
      return { person, stays: stays.filter((stay) => actor.centreIds.includes(stay.centreId)).map(toStayView) };
    });
  }

  /** A stay with who is on it and where, for the pages that show it; the read of the person is audited. */
  async getStayDetail(actor: Actor, id: string): Promise<StayDetail> {
    this.assertReader(actor);
    return this.dataSource.transaction(async (manager) => {
      const stay = await manager.findOne(Stay, { where: { id }, relations: { person: true, centre: true, unit: true, bed: true } });
      if (!stay || !actor.centreIds.includes(stay.centreId)) throw new NotFound('stay');
      await this.audit.recordMany(manager, [auditEntry(actor, 'stay.read', 'stay', stay.id, stay.centreId), auditEntry(actor, 'person.read', 'person', stay.personId, stay.centreId)]);
      const [person, centre, unit, bed] = [stay.person!, stay.centre!, stay.unit!, stay.bed!];
      return {
        stay: toStayView(stay),
        person: {
          id: person.id,
          familyName: person.familyName,
          givenNames: person.givenNames,
          dateOfBirth: person.dateOfBirth,
          dobEstimated: person.dobEstimated,
          ageDisputed: person.ageDisputed,
          sex: person.sex,
          nationalities: person.nationalities.map((code) => code.trim()),
          languages: person.languages,
        },
        centre: { id: centre.id, code: centre.code, name: centre.name, kind: centre.kind },
        unit: { id: unit.id, name: unit.name, housing: unit.housing },
        bed: { id: bed.id, label: bed.label },
      };
    });
  }

  /** Checks a person out with a coded reason; property not handed back is listed. */
  async checkOut(actor: Actor, stayId: string, input: CheckOutDto): Promise<CheckOutResult> {
    this.assertStaff(actor);
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.findStay(manager, actor, stayId, true);
      if (stay.checkedOutAt) throw new StayClosed();
      const at = this.pastTime('at', input.at, stay.checkedInAt);
      const property = await this.property.returnAtCheckOut(manager, actor, stay, input.returnedPropertyIds ?? [], at);
      await this.depart(manager, actor, stay, { at, reason: input.reason, destination: input.destination ?? null });
      return { stay: toStayView(stay), property };
    });
  }

  /**
   * A departure other than a transfer, in the caller's transaction: the stay closes, the person is
   * told of a release, and the case leaves 'open' (unless an asylum referral is still moving), so
   * retention counts from now.
   */
  async depart(manager: EntityManager, actor: Actor, stay: Stay, exit: { at: Date; reason: Exclude<Stay['exitReason'], null | 'transferred'>; destination: string | null }): Promise<void> {
    await this.closeStay(manager, actor, stay, exit);
    await this.cases.moveAtDeparture(manager, actor, stay.caseId, { at: exit.at, exitReason: exit.reason });
    // Dublin III art. 29(2): a person who absconds may be transferred within 18 months rather than 6.
    if (exit.reason === 'absconded') await this.dublin.abscondedAtDeparture(manager, actor, stay.caseId, exit.at);
    if (RELEASE_NOTICE_REASONS.includes(exit.reason)) await this.outbox.schedule(manager, JobName.PreparePersonNotice, { type: 'release', stayId: stay.id });
    await this.audit.record(manager, auditEntry(actor, 'stay.check_out', 'stay', stay.id, stay.centreId));
  }

  private async closeStay(manager: EntityManager, actor: Actor, stay: Stay, exit: { at: Date; reason: Stay['exitReason']; destination: string | null }): Promise<void> {
    if (stay.bedSince && exit.at < stay.bedSince) throw invalidField('at', 'must not be before the person’s last bed move');
    stay.checkedOutAt = exit.at;
    stay.exitReason = exit.reason;
    stay.destination = exit.destination;
    stay.checkedOutBy = actor.userId;
    stay.checkOutRecordedAt = this.clock.now();
    await manager.update(Stay, { id: stay.id }, { checkedOutAt: exit.at, exitReason: exit.reason, destination: exit.destination, checkedOutBy: actor.userId, checkOutRecordedAt: stay.checkOutRecordedAt, version: stay.version + 1 });
    stay.version += 1;
    await manager.update(Bed, { id: stay.bedId }, { occupied: false });
    // What the alerts were about has left with the person.
    await this.alerts.resolveAllOfStay(manager, stay.id);
  }

  /** Closes a stay and opens one in another centre, carrying the case and the household. */
  async transfer(actor: Actor, stayId: string, input: TransferDto): Promise<StayView> {
    this.assertStaff(actor);
    return this.retryLostBedRaces(() => this.transferOnce(actor, stayId, input));
  }

  private async transferOnce(actor: Actor, stayId: string, input: TransferDto): Promise<StayView> {
    return this.dataSource.transaction(async (manager) => {
      const from = await this.findStay(manager, actor, stayId, true);
      if (from.checkedOutAt) throw new StayClosed();
      const target = await this.centres.findCentre(input.toCentreId, manager);
      if (!target) throw new NotFound('centre');
      if (target.id === from.centreId) throw invalidField('toCentreId', 'must be another centre');
      const source = await this.centres.findCentre(from.centreId, manager);
      const at = this.pastTime('at', input.at, from.checkedInAt);
      const person = await this.people.getPerson(actor, from.personId, manager, from.centreId);
      const standing = await this.lockedAgeStanding(manager, person.id, at);
      this.assertPlaceable(target, standing);
      const minor = standing !== 'adult';
      await this.closeStay(manager, actor, from, { at, reason: 'transferred', destination: target.name });
      // A minor (or someone presumed one) travelling alone keeps a household of their own, so no unrelated adult shares their unit.
      const householdId = from.householdId ?? (minor ? (await this.people.createHouseholdOfOne(manager, actor)).id : null);
      const bed = await this.takeBed(manager, target.id, { minor, sex: person.sex, householdId }, at, input.bedId);
      // Between removal centres the same placement continues, and so do its clocks.
      const sameClock = source?.kind === 'removal' && target.kind === 'removal';
      const stay = manager.create(Stay, {
        personId: person.id,
        centreId: target.id,
        unitId: bed.unitId,
        bedId: bed.id,
        caseId: from.caseId,
        householdId,
        interceptionId: from.interceptionId,
        checkedInAt: at,
        legalLimitAt: sameClock ? from.legalLimitAt : new Date(at.getTime() + target.maxStayDays * DAY_MS),
        authorisedUntil: target.kind !== 'removal' ? null : sameClock ? from.authorisedUntil : new Date(at.getTime() + target.initialAuthorisationDays * DAY_MS),
        // A new placement notifies rights again, and its window opens when that notice is handed over.
        asylumClaimWindowEndsAt: sameClock ? from.asylumClaimWindowEndsAt : null,
        rightsNotifiedAt: sameClock ? from.rightsNotifiedAt : null,
        ageAssessmentRequired: from.ageAssessmentRequired || standing === 'disputed',
        welfareLevel: minor && from.welfareLevel === 'standard' ? 'heightened' : from.welfareLevel,
        nextWelfareCheckDue: new Date(at.getTime() + target.firstWelfareCheckMinutes * 60_000),
        transferredFromId: from.id,
        checkedInBy: actor.userId,
      });
      await this.insertStay(manager, stay, Boolean(input.bedId));
      await manager.update(Bed, { id: bed.id }, { occupied: true });
      await this.cases.moveToCentre(manager, actor, from.caseId, target.id);
      await this.people.linkToCentre(manager, person.id, target.id);
      // The property held follows the person, against a transfer receipt.
      await this.property.moveWithPerson(manager, actor, from, stay, at);
      await this.audit.record(manager, auditEntry(actor, 'stay.transfer', 'stay', from.id, from.centreId));
      await this.outbox.schedule(manager, JobName.PreparePersonNotice, { type: 'transfer', stayId: from.id });
      if (!sameClock) await this.outbox.schedule(manager, JobName.PreparePersonNotice, { type: 'rights_on_arrival', stayId: stay.id });
      await this.audit.record(manager, auditEntry(actor, 'stay.create', 'stay', stay.id, target.id));
      if (standing === 'disputed') await this.flagDisputedAge(manager, actor, stay);
      if (stay.authorisedUntil) await this.outbox.schedule(manager, JobName.RaiseAuthorityExpired, { stayId: stay.id }, { availableAt: stay.authorisedUntil });
      return toStayView(stay);
    });
  }

  /**
   * The rights notice of a stay was handed over at `at` (DOMAIN: the asylum-claim window runs from
   * the notification of rights): the first hand-over is the notification; in a removal centre it
   * opens the window, recalled a day before it ends. Called in the hand-over's transaction.
   */
  async recordRightsNotified(manager: EntityManager, stayId: string, at: Date): Promise<void> {
    const stay = await manager.createQueryBuilder(Stay, 's').setLock('pessimistic_write').where('s.id = :stayId', { stayId }).getOne();
    if (!stay || stay.rightsNotifiedAt) return;
    const centre = await this.centres.findCentre(stay.centreId, manager);
    const windowEndsAt = centre?.kind === 'removal' && !stay.asylumClaimWindowEndsAt ? asylumClaimWindowEndsAt(at, this.config.asylumClaimWindowDays) : stay.asylumClaimWindowEndsAt;
    await manager.update(Stay, { id: stay.id }, { rightsNotifiedAt: at, asylumClaimWindowEndsAt: windowEndsAt });
    await this.alerts.resolve(manager, stay.id, ['rights_not_notified']);
    if (windowEndsAt && !stay.asylumClaimWindowEndsAt && !stay.checkedOutAt) {
      await this.outbox.schedule(manager, JobName.PreparePersonNotice, { type: 'asylum_claim_reminder', stayId: stay.id }, { availableAt: new Date(windowEndsAt.getTime() - DAY_MS) });
    }
  }

  /**
   * Undoes a check-out recorded in error (API v1.1), within 24 hours of its recording, while the
   * bed is still free and the person has no other stay since: the stay opens again on its bed, the
   * case goes back to the status the departure moved it from, the property handed back at the
   * check-out is held again, and the alerts the check-out resolved are open again. The welfare
   * clock keeps its due time, so a check missed meanwhile is overdue at once. A transfer is not
   * undone here, nor a release ordered by a court.
   */
  async reopen(actor: Actor, stayId: string): Promise<StayView> {
    this.assertStaff(actor);
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.findStay(manager, actor, stayId, true);
      const checkedOutAt = stay.checkedOutAt;
      if (!checkedOutAt) throw new ReopenNotAllowed('the stay is open');
      if (stay.exitReason === 'transferred') throw new ReopenNotAllowed('a transfer opened a stay in another centre');
      const recordedAt = stay.checkOutRecordedAt ?? checkedOutAt;
      if (now.getTime() - recordedAt.getTime() > REOPEN_WINDOW_MS) throw new ReopenNotAllowed('the check-out was recorded more than 24 hours ago');
      if (await manager.existsBy(ExtensionRefusal, { stayId: stay.id })) throw new ReopenNotAllowed('a judge ordered the release');
      const bed = await manager.createQueryBuilder(Bed, 'b').setLock('pessimistic_write').where('b.id = :id', { id: stay.bedId }).getOneOrFail();
      const allocator = new BedAllocator(manager, checkedOutAt);
      if (!bed.inService) throw new ReopenNotAllowed('the bed is out of service');
      if (bed.occupied || (await allocator.usedSince(bed.id))) throw new ReopenNotAllowed('the bed has been taken since');
      const [other] = await manager.query(`SELECT 1 FROM stays WHERE person_id = $1 AND id <> $2 AND (checked_out_at IS NULL OR checked_out_at > $3) LIMIT 1`, [stay.personId, stay.id, checkedOutAt]);
      if (other) throw new ReopenNotAllowed('the person has another stay since');
      const centre = (await this.centres.findCentre(stay.centreId, manager))!;
      const standing = await this.lockedAgeStanding(manager, stay.personId, now);
      const person = await this.people.getPerson(actor, stay.personId, manager, stay.centreId);
      try {
        this.assertPlaceable(centre, standing);
        await allocator.claim(bed, await manager.findOneByOrFail(Unit, { id: bed.unitId }), { minor: standing !== 'adult', sex: person.sex, householdId: stay.householdId }, stay.id);
      } catch (error) {
        if (error instanceof HousingMismatch || error instanceof MinorNotAllowed || error instanceof AgeDisputed) throw new ReopenNotAllowed(`the housing rules no longer allow it (${error.code})`);
        throw error;
      }
      const caseUndone = await this.cases.undoDeparture(manager, actor, stay.caseId, { at: checkedOutAt, by: stay.checkedOutBy });
      if (caseUndone === 'moved_since') throw new ReopenNotAllowed('the case has moved on since the check-out');
      if (stay.exitReason === 'absconded') await this.dublin.undoAbscondmentAtDeparture(manager, actor, stay.caseId, checkedOutAt);
      // What the check-out handed back is held again: it was returned at the check-out's time, by whoever recorded it.
      await manager.query(`UPDATE property_items SET returned_at = NULL, returned_by = NULL WHERE stay_id = $1 AND returned_at = $2 AND returned_by IS NOT DISTINCT FROM $3 AND return_id IS NULL`, [
        stay.id,
        checkedOutAt,
        stay.checkedOutBy,
      ]);
      await this.alerts.reopenResolvedSince(manager, stay.id, recordedAt);
      try {
        await manager.update(Stay, { id: stay.id }, { checkedOutAt: null, exitReason: null, destination: null, checkedOutBy: null, checkOutRecordedAt: null, version: stay.version + 1 });
      } catch (error) {
        const violation = constraintViolation(error);
        if (violation?.constraint.startsWith('stays_')) throw new ReopenNotAllowed('the bed or the person has another stay since');
        throw error;
      }
      Object.assign(stay, { checkedOutAt: null, exitReason: null, destination: null, checkedOutBy: null, checkOutRecordedAt: null, version: stay.version + 1 });
      await manager.update(Bed, { id: bed.id }, { occupied: true });
      // The expiry job of a running authority is still due (it finds the stay open); one that ran while the stay was closed raised nothing, so raise it now.
      if (stay.authorisedUntil && stay.authorisedUntil <= now) {
        await this.alerts.raise(manager, { centreId: stay.centreId, stayId: stay.id, kind: 'authority_expired', severity: 'urgent', episodeKey: `authority_expired:${stay.id}:${stay.authorisedUntil.toISOString()}`, dueAt: stay.authorisedUntil });
      }
      await this.audit.record(manager, auditEntry(actor, 'stay.reopen', 'stay', stay.id, stay.centreId));
      return toStayView(stay);
    });
  }

  /** Moves a person to another bed of their centre, under the housing rules of check-in; the bed left is kept in bed_moves. */
  async moveBed(actor: Actor, stayId: string, input: MoveBedDto): Promise<StayView> {
    this.assertStaff(actor);
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.findStay(manager, actor, stayId, true);
      if (stay.checkedOutAt) throw new StayClosed();
      if (input.version !== undefined && input.version !== stay.version) throw new StayVersionConflict(stay.version);
      if (input.bedId === stay.bedId) throw invalidField('bedId', 'is the bed the person is on');
      const occupant = await this.occupantOf(manager, actor, stay, stay.householdId, now);
      await this.moveOnto(manager, actor, stay, occupant, input.bedId, now);
      return toStayView(stay);
    });
  }

  /**
   * The person joins a household after check-in. A named bed is moved to in the same transaction;
   * without one, the current bed is kept when its family unit fits the household, else the
   * household's family unit or an empty one is found (409 NO_BED_AVAILABLE when none is).
   */
  async joinHousehold(actor: Actor, stayId: string, input: JoinHouseholdDto): Promise<StayView> {
    this.assertStaff(actor);
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.findStay(manager, actor, stayId, true);
      if (stay.checkedOutAt) throw new StayClosed();
      if (input.version !== undefined && input.version !== stay.version) throw new StayVersionConflict(stay.version);
      if (!(await this.people.householdExists(manager, input.householdId))) throw new NotFound('household');
      // Members of one household are placed one after the other.
      await manager.query(`SELECT id FROM households WHERE id = $1 FOR UPDATE`, [input.householdId]);
      const occupant = await this.occupantOf(manager, actor, stay, input.householdId, now);
      const allocator = new BedAllocator(manager, now);
      if (input.bedId && input.bedId !== stay.bedId) {
        await this.moveOnto(manager, actor, stay, occupant, input.bedId, now);
      } else {
        const unit = await manager.findOneByOrFail(Unit, { id: stay.unitId });
        const bed = await manager.findOneByOrFail(Bed, { id: stay.bedId });
        const keepable = unit.housing === 'families' || Boolean(input.bedId);
        const [present] = await manager.query<{ unit_id: string }[]>(
          `SELECT s.unit_id FROM stays s JOIN units u ON u.id = s.unit_id
            WHERE s.household_id = $1 AND s.centre_id = $2 AND s.checked_out_at IS NULL AND u.housing = 'families' AND s.id <> $3 LIMIT 1`,
          [input.householdId, stay.centreId, stay.id],
        );
        let target: Bed | null = null;
        // With the household in its family unit, if there is a bed there; else where the person is, if it may house the household; else an empty family unit.
        if (present && present.unit_id !== stay.unitId) target = await allocator.allocate(stay.centreId, occupant).catch((error: unknown) => (error instanceof NoBedAvailable && keepable ? null : Promise.reject(error)));
        else if (!keepable) target = await allocator.allocate(stay.centreId, occupant);
        if (target) await this.moveStayTo(manager, actor, stay, target, now);
        else await allocator.claim(bed, unit, occupant, stay.id);
      }
      await manager.update(Stay, { id: stay.id }, { householdId: input.householdId, version: stay.version + 1 });
      stay.householdId = input.householdId;
      stay.version += 1;
      await this.audit.record(manager, auditEntry(actor, 'stay.household_join', 'stay', stay.id, stay.centreId));
      return toStayView(stay);
    });
  }

  /** Who is being placed, as the bed rules see them; the read of the person is audited. */
  private async occupantOf(manager: EntityManager, actor: Actor, stay: Stay, householdId: string | null, at: Date): Promise<Occupant> {
    const standing = await this.lockedAgeStanding(manager, stay.personId, at);
    const person = await this.people.getPerson(actor, stay.personId, manager, stay.centreId);
    return { minor: standing !== 'adult', sex: person.sex, householdId };
  }

  /** Checks and locks a named bed of the stay's centre, then moves the stay onto it. */
  private async moveOnto(manager: EntityManager, actor: Actor, stay: Stay, occupant: Occupant, bedId: string, at: Date): Promise<void> {
    const bed = await manager.createQueryBuilder(Bed, 'b').setLock('pessimistic_write').where('b.id = :id', { id: bedId }).getOne();
    if (!bed || bed.centreId !== stay.centreId) throw new NotFound('bed');
    if (!bed.inService) throw new BedOutOfService();
    if (bed.occupied) throw new BedOccupied({ bedId });
    const unit = await manager.findOneByOrFail(Unit, { id: bed.unitId });
    await new BedAllocator(manager, at).claim(bed, unit, occupant, stay.id);
    await this.moveStayTo(manager, actor, stay, bed, at);
  }

  /** Moves the stay onto a bed already checked and locked, keeping where it slept before. */
  private async moveStayTo(manager: EntityManager, actor: Actor, stay: Stay, bed: Bed, at: Date): Promise<void> {
    const move = manager.create(BedMove, {
      stayId: stay.id,
      fromBedId: stay.bedId,
      fromUnitId: stay.unitId,
      toBedId: bed.id,
      toUnitId: bed.unitId,
      onFromBedSince: stay.bedSince ?? stay.checkedInAt,
      movedAt: at,
      movedBy: actor.userId,
    });
    await manager.update(Bed, { id: stay.bedId }, { occupied: false });
    try {
      await manager.update(Stay, { id: stay.id }, { bedId: bed.id, unitId: bed.unitId, bedSince: at, version: stay.version + 1 });
    } catch (error) {
      const violation = constraintViolation(error);
      if (violation?.constraint.startsWith('stays_bed_') || violation?.constraint === 'stays_open_bed_key') throw new BedOccupied({ bedId: bed.id });
      throw error;
    }
    await manager.update(Bed, { id: bed.id }, { occupied: true });
    await manager.save(move);
    Object.assign(stay, { bedId: bed.id, unitId: bed.unitId, bedSince: at, version: stay.version + 1 });
    await this.audit.record(manager, auditEntry(actor, 'stay.bed_move', 'stay', stay.id, stay.centreId));
  }

  /** Where the stay's person slept before their current bed, oldest first. */
  async listBedMoves(actor: Actor, stayId: string): Promise<BedMoveView[]> {
    this.assertReader(actor);
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.findStay(manager, actor, stayId);
      await this.audit.record(manager, auditEntry(actor, 'stay.read', 'stay', stay.id, stay.centreId));
      const rows = await manager.query<Record<string, unknown>[]>(
        `SELECT m.id, m.from_bed_id, fb.label AS from_label, fu.name AS from_unit, m.to_bed_id, tb.label AS to_label, tu.name AS to_unit, m.on_from_bed_since, m.moved_at, m.moved_by
           FROM bed_moves m JOIN beds fb ON fb.id = m.from_bed_id JOIN units fu ON fu.id = m.from_unit_id JOIN beds tb ON tb.id = m.to_bed_id JOIN units tu ON tu.id = m.to_unit_id
          WHERE m.stay_id = $1 ORDER BY m.moved_at, m.created_at`,
        [stay.id],
      );
      return rows.map((row) => ({
        id: row.id as string,
        fromBed: { id: row.from_bed_id as string, label: row.from_label as string, unitName: row.from_unit as string },
        toBed: { id: row.to_bed_id as string, label: row.to_label as string, unitName: row.to_unit as string },
        onFromBedSince: (row.on_from_bed_since as Date).toISOString(),
        movedAt: (row.moved_at as Date).toISOString(),
        movedBy: row.moved_by as string | null,
      }));
    });
  }

  /** The free beds in service of the stay's centre that the housing rules let this person take, for the bed picker. */
  async bedChoices(actor: Actor, stayId: string): Promise<FreeBedChoice[]> {
    this.assertStaff(actor);
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.findStay(manager, actor, stayId);
      if (stay.checkedOutAt) return [];
      const occupant = await this.occupantOf(manager, actor, stay, stay.householdId, this.clock.now());
      const housings = namedBedHousings(occupant);
      const rows = await manager.query<{ id: string; label: string; unit_id: string; unit_name: string; housing: Unit['housing'] }[]>(
        `SELECT b.id, b.label, u.id AS unit_id, u.name AS unit_name, u.housing FROM beds b JOIN units u ON u.id = b.unit_id
          WHERE b.centre_id = $1 AND b.in_service AND NOT b.occupied AND u.housing = ANY($2)
            AND (u.housing <> 'families' OR NOT EXISTS (SELECT 1 FROM stays s WHERE s.unit_id = u.id AND s.checked_out_at IS NULL AND s.id <> $3
                                                         AND s.household_id IS DISTINCT FROM $4::uuid))
          ORDER BY u.name, b.position`,
        [stay.centreId, housings, stay.id, occupant.householdId],
      );
      return rows.map((row) => ({ id: row.id, label: row.label, unitId: row.unit_id, unitName: row.unit_name, housing: row.housing }));
    });
  }

  /** Whether the stay page offers to undo the check-out; the request itself checks everything. */
  mayOfferReopen(stay: StayView): boolean {
    if (!stay.checkedOutAt || stay.exitReason === 'transferred') return false;
    return this.clock.now().getTime() - Date.parse(stay.checkOutRecordedAt ?? stay.checkedOutAt) <= REOPEN_WINDOW_MS;
  }

  /**
   * A family that no empty family unit can take whole: the best split the housing rules allow, as
   * proposed beds per member (see planPlacement). Nothing is written; staff confirm it by checking
   * each member in with the proposed bedId and the household.
   */
  async placementPlan(actor: Actor, centreId: string, input: PlacementPlanDto): Promise<PlacementPlan & { centreId: string }> {
    this.assertStaff(actor);
    const centre = await this.centres.getCentre(actor, centreId);
    if (!actor.centreIds.includes(centre.id)) throw new NotFound('centre');
    const now = this.clock.now();
    const refs = new Set<string>();
    return this.dataSource.transaction(async (manager) => {
      const members: PlanMember[] = [];
      for (const [index, member] of input.members.entries()) {
        if (refs.has(member.ref)) throw invalidField(`members.${index}.ref`, 'must be unique');
        refs.add(member.ref);
        if (member.personId) {
          if (member.sex || member.dateOfBirth) throw invalidField(`members.${index}`, 'give personId, or sex and dateOfBirth, not both');
          const person = await this.people.getPerson(actor, member.personId, manager, centre.id);
          members.push({ ref: member.ref, sex: person.sex, minor: ageStanding(person, now) !== 'adult' });
          continue;
        }
        if (!member.sex) throw invalidField(`members.${index}.sex`, 'is required without personId');
        if (!member.dateOfBirth || !/^\d{4}-\d{2}-\d{2}$/.test(member.dateOfBirth) || Number.isNaN(Date.parse(member.dateOfBirth)) || new Date(`${member.dateOfBirth}T00:00:00Z`) > now) {
          throw invalidField(`members.${index}.dateOfBirth`, 'must be a past date (YYYY-MM-DD) without personId');
        }
        members.push({ ref: member.ref, sex: member.sex, minor: ageOn(member.dateOfBirth, now) < 18 });
      }
      if (input.householdId && !(await this.people.householdExists(manager, input.householdId))) throw new NotFound('household');
      const beds = await manager.query<{ unit_id: string; name: string; housing: Unit['housing']; bed_id: string | null; label: string | null }[]>(
        `SELECT u.id AS unit_id, u.name, u.housing, b.id AS bed_id, b.label FROM units u
           LEFT JOIN beds b ON b.unit_id = u.id AND b.in_service AND NOT b.occupied
          WHERE u.centre_id = $1 ORDER BY u.name, b.position`,
        [centre.id],
      );
      const households = await manager.query<{ unit_id: string; households: string[] }[]>(
        `SELECT unit_id, array_agg(DISTINCT coalesce(household_id::text, 'none')) AS households FROM stays WHERE centre_id = $1 AND checked_out_at IS NULL GROUP BY unit_id`,
        [centre.id],
      );
      const held = new Map(households.map((row) => [row.unit_id, row.households]));
      const units = new Map<string, PlanUnit>();
      for (const row of beds) {
        if (!units.has(row.unit_id)) {
          const inUnit = held.get(row.unit_id) ?? [];
          units.set(row.unit_id, {
            id: row.unit_id,
            name: row.name,
            housing: row.housing,
            freeBeds: [],
            forThisFamily: row.housing === 'families' && inUnit.every((id) => id === input.householdId),
            holdsFamily: Boolean(input.householdId) && inUnit.includes(input.householdId!),
          });
        }
        if (row.bed_id) units.get(row.unit_id)!.freeBeds.push({ id: row.bed_id, label: row.label! });
      }
      return { centreId: centre.id, ...planPlacement(members, [...units.values()]) };
    });
  }

  /** The centre board: every unit and bed, with who is on it. Each person shown is an audited read. */
  async board(actor: Actor, centreId: string): Promise<{ centre: Centre; units: BoardUnit[] }> {
    this.assertStaff(actor);
    const centre = await this.centres.getCentre(actor, centreId);
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT u.id AS unit_id, u.name AS unit_name, u.housing, b.id AS bed_id, b.label, b.position, b.in_service,
              s.id AS stay_id, s.person_id, s.checked_in_at, s.household_id, p.given_names, p.family_name
         FROM units u
         JOIN beds b ON b.unit_id = u.id
         LEFT JOIN stays s ON s.bed_id = b.id AND s.checked_out_at IS NULL
         LEFT JOIN people p ON p.id = s.person_id
        WHERE u.centre_id = $1
        ORDER BY u.name, b.position`,
      [centre.id],
    );
    const units = new Map<string, BoardUnit>();
    for (const row of rows) {
      const unitId = row.unit_id as string;
      if (!units.has(unitId)) units.set(unitId, { id: unitId, name: row.unit_name as string, housing: row.housing as Unit['housing'], beds: [] });
      units.get(unitId)!.beds.push({
        id: row.bed_id as string,
        label: row.label as string,
        position: row.position as number,
        inService: row.in_service as boolean,
        stay: row.stay_id
          ? {
              id: row.stay_id as string,
              personId: row.person_id as string,
              name: `${row.given_names as string} ${(row.family_name as string).toUpperCase()}`,
              checkedInAt: (row.checked_in_at as Date).toISOString(),
              householdId: row.household_id as string | null,
            }
          : null,
      });
    }
    const shown = rows.filter((row) => row.person_id);
    await this.audit.recordList(this.dataSource.manager, actor, 'person.list', 'person', shown.map((row) => ({ id: row.person_id as string, centreId: centre.id })));
    return { centre, units: [...units.values()] };
  }
}
