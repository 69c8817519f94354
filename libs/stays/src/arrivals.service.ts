import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry } from '@escale/audit';
import { type Centre, CentresService } from '@escale/centres';
import { type DuplicateFindings, PeopleService, type PossibleDuplicate } from '@escale/people';
import { type Actor, Clock, DomainError, Forbidden, NotFound, ValidationFailed } from '@escale/platform';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import type { ArrivalRow, CloseWaitingDto } from './dto/arrivals.dto.js';
import { Interception } from './interception.entity.js';
import { NoBedAvailable, WaitingClosed } from './stays.errors.js';
import { type CheckInResult, StaysService } from './stays.service.js';
import { SearchQueue } from './search-queue.js';
import { ArrivalRef, WaitingEntry } from './waiting-entry.entity.js';

export interface ArrivalResult {
  ref: string;
  status: 'checked_in' | 'awaiting_bed' | 'invalid';
  personId?: string;
  stayId?: string;
  waitingId?: string;
  code?: string;
  fields?: Record<string, string[]>;
  possibleDuplicates: PossibleDuplicate[];
}

export interface WaitingView {
  id: string;
  personId: string;
  centreId: string;
  arrivedAt: string;
  interceptionId: string | null;
  householdId: string | null;
}

export interface InterceptionDetail {
  id: string;
  occurredAt: string;
  location: string;
  agency: string;
  groupSize: number;
  /** People recorded from it: checked in (now or since), waiting, or gone from a waiting list. */
  recorded: number;
  checkedIn: number;
  awaitingBed: number;
  people: { personId: string; status: 'checked_in' | 'checked_out' | 'awaiting_bed' | 'left_waiting_list'; stayId?: string; centreId: string }[];
}

const interceptionFacts = (interception: Interception) => ({
  id: interception.id,
  occurredAt: interception.occurredAt.toISOString(),
  location: interception.location,
  agency: interception.agency,
  groupSize: interception.groupSize,
});

const countsOf = (rows: { person_id: string; status: string }[]) => ({
  recorded: new Set(rows.map((row) => row.person_id)).size,
  checkedIn: rows.filter((row) => row.status === 'checked_in').length,
  awaitingBed: rows.filter((row) => row.status === 'awaiting_bed').length,
});

export const waitingView = (entry: WaitingEntry): WaitingView => ({
  id: entry.id,
  personId: entry.personId,
  centreId: entry.centreId,
  arrivedAt: entry.arrivedAt.toISOString(),
  interceptionId: entry.interceptionId,
  householdId: entry.householdId,
});

/**
 * A boat arrives: everyone of an interception recorded in one request, each person in a
 * transaction of their own. Whoever gets no suitable bed is recorded all the same and put on the
 * centre's waiting list: a full centre never loses an arrival. Each (interception, ref) is
 * recorded once, however often or concurrently the request is sent.
 */
@Injectable()
export class ArrivalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stays: StaysService,
    private readonly centres: CentresService,
    private readonly people: PeopleService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async arrive(actor: Actor, interceptionId: string, centreId: string, households: { ref: string; label?: string }[], rows: ArrivalRow[]): Promise<ArrivalResult[]> {
    if (actor.role !== 'staff') throw new Forbidden();
    const refs = rows.map((row) => row.ref);
    const duplicated = refs.filter((ref, i) => refs.indexOf(ref) !== i);
    if (duplicated.length) throw new ValidationFailed({ people: [`each ref once: ${[...new Set(duplicated)].join(', ')} repeated`] });
    const householdRefs = households.map((household) => household.ref);
    if (householdRefs.some((ref, i) => householdRefs.indexOf(ref) !== i)) throw new ValidationFailed({ households: ['each ref once'] });
    const unknown = rows.filter((row) => row.householdRef && !householdRefs.includes(row.householdRef)).map((row) => row.ref);
    if (unknown.length) throw new ValidationFailed({ people: [`householdRef not among households for ${unknown.join(', ')}`] });
    const centre = await this.centres.getCentre(actor, centreId);
    const interception = await this.reachable(actor, interceptionId);
    const now = this.clock.now();
    const householdIds = new Map<string, string>();
    for (const household of households) householdIds.set(household.ref, await this.householdFor(actor, interceptionId, centre.id, household, now));
    const results: ArrivalResult[] = [];
    // Each new person's id is chosen now, so that each person's duplicate search can leave out the
    // people after them in the list: it finds those recorded before them, as when the list was
    // recorded and searched one person after the other, while it runs beside the later ones.
    const newIds: (string | undefined)[] = rows.map((row) => (row.person ? randomUUID() : undefined));
    // Duplicate searches of one arrival running at once: enough to keep both sides busy, not the whole connection pool.
    const searches = new SearchQueue(3);
    const pending: { index: number; search: Promise<DuplicateFindings> }[] = [];
    for (const [index, row] of rows.entries()) {
      if (row.fields) {
        results.push({ ref: row.ref, status: 'invalid', code: 'VALIDATION_FAILED', fields: row.fields, possibleDuplicates: [] });
        continue;
      }
      try {
        if (row.person) this.stays.assertPlausibleBirthDate(row.person, now);
        const householdId = row.householdRef ? householdIds.get(row.householdRef) : undefined;
        // Started once the people before them are committed; left out: the person and everyone after them.
        const person = row.person;
        const search = person ? searches.add(() => this.people.lookForDuplicates(actor, person, newIds.slice(index).filter((id): id is string => Boolean(id)))) : undefined;
        const result = await this.arriveOne(actor, interception, centre, row, householdId, now, newIds[index]);
        if (search && result.fresh) pending.push({ index: results.length, search });
        results.push({ ref: row.ref, status: result.status, personId: result.personId, ...(result.stayId ? { stayId: result.stayId } : {}), ...(result.waitingId ? { waitingId: result.waitingId } : {}), possibleDuplicates: [] });
      } catch (error) {
        if (!(error instanceof DomainError) || (error.code === 'NOT_FOUND' && !row.personId)) throw error;
        const fields = error instanceof ValidationFailed ? (error.details.fields as Record<string, string[]>) : undefined;
        results.push({ ref: row.ref, status: 'invalid', code: error.code, ...(fields ? { fields } : {}), possibleDuplicates: [] });
      }
    }
    const shown = await Promise.all(pending.map((entry) => entry.search));
    pending.forEach((entry, i) => (results[entry.index].possibleDuplicates = shown[i].duplicates));
    // The reads of the duplicates shown, one event per person as before, in one statement.
    await this.people.recordDuplicatesShown(actor, shown);
    return results;
  }

  /** The household of a ref, made the first time it is sent. */
  private householdFor(actor: Actor, interceptionId: string, centreId: string, household: { ref: string; label?: string }, now: Date): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('arrival_refs'), hashtext($1))`, [`${interceptionId}:household:${household.ref}`]);
      const known = await manager.findOneBy(ArrivalRef, { interceptionId, kind: 'household', ref: household.ref });
      if (known) return known.entityId;
      const made = await this.people.createHouseholdOfOne(manager, actor);
      if (household.label) await manager.query(`UPDATE households SET label = $2 WHERE id = $1`, [made.id, household.label]);
      await manager.insert(ArrivalRef, { interceptionId, kind: 'household', ref: household.ref, entityId: made.id, centreId, status: null, stayId: null, waitingId: null, recordedAt: now });
      return made.id;
    });
  }

  /** One person: the answer recorded for their ref, or a check-in, or, with no suitable bed, the waiting list. */
  private async arriveOne(actor: Actor, interception: Interception, centre: Centre, row: ArrivalRow, householdId: string | undefined, now: Date, newPersonId?: string) {
    const input = { ...(row.person ? { person: row.person } : { personId: row.personId }), interceptionId: interception.id, ...(householdId ? { householdId } : {}) };
    const once = (allowBed: boolean) =>
      this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext('arrival_refs'), hashtext($1))`, [`${interception.id}:person:${row.ref}`]);
        const known = await manager.findOneBy(ArrivalRef, { interceptionId: interception.id, kind: 'person', ref: row.ref });
        if (known) return { status: known.status!, personId: known.entityId, stayId: known.stayId ?? undefined, waitingId: known.waitingId ?? undefined, fresh: false };
        let checkedIn: Omit<CheckInResult, 'possibleDuplicates'> | undefined;
        if (allowBed) {
          await manager.query('SAVEPOINT arrival_bed');
          try {
            checkedIn = await this.stays.checkInOnce(manager, actor, centre, input, now, newPersonId);
            await manager.query('RELEASE SAVEPOINT arrival_bed');
          } catch (error) {
            if (!(error instanceof NoBedAvailable)) throw error;
            await manager.query('ROLLBACK TO SAVEPOINT arrival_bed');
          }
        }
        if (checkedIn) {
          await manager.insert(ArrivalRef, { interceptionId: interception.id, kind: 'person', ref: row.ref, entityId: checkedIn.person.id, centreId: centre.id, status: 'checked_in', stayId: checkedIn.stay.id, waitingId: null, recordedAt: now });
          return { status: 'checked_in' as const, personId: checkedIn.person.id, stayId: checkedIn.stay.id, waitingId: undefined, fresh: Boolean(row.person) };
        }
        const entry = await this.wait(manager, actor, centre, interception.id, row, householdId ?? null, now, newPersonId);
        await manager.insert(ArrivalRef, { interceptionId: interception.id, kind: 'person', ref: row.ref, entityId: entry.personId, centreId: centre.id, status: 'awaiting_bed', stayId: null, waitingId: entry.id, recordedAt: now });
        return { status: 'awaiting_bed' as const, personId: entry.personId, stayId: undefined, waitingId: entry.id, fresh: Boolean(row.person) };
      });
    try {
      return await this.stays.retryLostBedRaces(() => once(true));
    } catch (error) {
      // Every bed it tried was taken by someone else meanwhile: they wait like anyone without a bed.
      if (error instanceof NoBedAvailable) return once(false);
      throw error;
    }
  }

  /** Records someone with no bed on the centre's waiting list (a new person is created first). */
  private async wait(manager: EntityManager, actor: Actor, centre: Centre, interceptionId: string | null, row: ArrivalRow, householdId: string | null, now: Date, newPersonId?: string): Promise<WaitingEntry> {
    const person = row.person ? await this.people.createPerson(manager, actor, row.person, newPersonId) : await this.people.getPerson(actor, row.personId!, manager, centre.id);
    await this.stays.assertNoOpenStay(manager, person.id);
    await this.people.linkToCentre(manager, person.id, centre.id);
    // Someone already waiting elsewhere moves to this list: their old entry closes with the reason.
    await manager.query(`UPDATE waiting_list SET closed_at = $2, close_reason = 'transferred_elsewhere', to_centre_id = $3, closed_by = $4 WHERE person_id = $1 AND closed_at IS NULL`, [person.id, now, centre.id, actor.userId]);
    const entry = manager.create(WaitingEntry, { centreId: centre.id, personId: person.id, interceptionId, householdId, arrivedAt: now, recordedBy: actor.userId, closedAt: null, closeReason: null, toCentreId: null, stayId: null, closedBy: null });
    await manager.save(entry);
    await this.audit.record(manager, auditEntry(actor, 'waiting.create', 'person', person.id, centre.id));
    return entry;
  }

  /** The people waiting for a bed in a centre, longest waiting first. */
  async listWaiting(actor: Actor, centreId: string): Promise<WaitingView[]> {
    if (actor.role !== 'staff') throw new Forbidden();
    await this.centres.getCentre(actor, centreId);
    const open = await this.dataSource.manager.find(WaitingEntry, { where: { centreId, closedAt: IsNull() }, order: { arrivedAt: 'ASC' } });
    await this.audit.recordList(this.dataSource.manager, actor, 'waiting.read', 'person', open.map((entry) => ({ id: entry.personId, centreId })));
    return open.map(waitingView);
  }

  /** A bed for someone waiting: a check-in as any other, which takes them off the list; 409 NO_BED_AVAILABLE while none is free. */
  async checkInWaiting(actor: Actor, waitingId: string, bedId?: string) {
    if (actor.role !== 'staff') throw new Forbidden();
    return this.stays.retryLostBedRaces(() =>
      this.dataSource.transaction(async (manager) => {
        const entry = await this.openEntry(manager, actor, waitingId);
        const centre = await this.centres.getCentre(actor, entry.centreId);
        const result = await this.stays.checkInOnce(manager, actor, centre, { personId: entry.personId, interceptionId: entry.interceptionId ?? undefined, householdId: entry.householdId ?? undefined, bedId }, this.clock.now());
        return { ...result, possibleDuplicates: [] };
      }),
    );
  }

  async closeWaiting(actor: Actor, waitingId: string, input: CloseWaitingDto): Promise<WaitingView & { closedAt: string; closeReason: string }> {
    if (actor.role !== 'staff') throw new Forbidden();
    if (input.reason === 'transferred_elsewhere' && !input.toCentreId) throw new ValidationFailed({ toCentreId: ['is required when they went to another centre'] });
    if (input.reason !== 'transferred_elsewhere' && input.toCentreId) throw new ValidationFailed({ toCentreId: ['only for transferred_elsewhere'] });
    return this.dataSource.transaction(async (manager) => {
      const entry = await this.openEntry(manager, actor, waitingId);
      if (input.toCentreId && !(await manager.query(`SELECT 1 FROM centres WHERE id = $1`, [input.toCentreId])).length) throw new NotFound('centre');
      const now = this.clock.now();
      await manager.update(WaitingEntry, { id: entry.id }, { closedAt: now, closeReason: input.reason, toCentreId: input.toCentreId ?? null, closedBy: actor.userId });
      await this.audit.record(manager, auditEntry(actor, 'waiting.close', 'person', entry.personId, entry.centreId));
      return { ...waitingView(entry), closedAt: now.toISOString(), closeReason: input.reason };
    });
  }

  /** An open entry of the actor's centres, locked; another centre's is a 404, a closed one a 409. */
  private async openEntry(manager: EntityManager, actor: Actor, waitingId: string): Promise<WaitingEntry> {
    const entry = await manager.createQueryBuilder(WaitingEntry, 'w').setLock('pessimistic_write').where('w.id = :id', { id: waitingId }).getOne();
    if (!entry || !actor.centreIds.includes(entry.centreId)) throw new NotFound('waiting list entry');
    if (entry.closedAt) throw new WaitingClosed();
    return entry;
  }

  /**
   * An interception and how many of its group are recorded, placed and waiting, in every centre,
   * and how many households its arrivals named; no person. For the arrival roster, which is opened before anyone is recorded.
   */
  async interceptionCounts(actor: Actor, id: string): Promise<Omit<InterceptionDetail, 'people'> & { households: number }> {
    if (!['staff', 'caseworker', 'admin'].includes(actor.role)) throw new Forbidden();
    const interception = await this.reachable(actor, id);
    const households = await this.dataSource.manager.countBy(ArrivalRef, { interceptionId: id, kind: 'household' });
    return { ...interceptionFacts(interception), ...countsOf(await this.peopleOf(id)), households };
  }

  /**
   * An interception the actor may read or record arrivals from: one recorded by someone of their
   * centres, or from which someone came to their centres (a boat split between centres). Any
   * other answers 404, as another centre's record does.
   */
  private async reachable(actor: Actor, id: string): Promise<Interception> {
    const interception = await this.dataSource.manager.findOneBy(Interception, { id });
    if (!interception) throw new NotFound('interception');
    if (actor.role === 'admin') return interception;
    const [reached] = await this.dataSource.manager.query(
      `SELECT 1 WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = $2 AND u.centre_ids && $3::uuid[])
          OR EXISTS (SELECT 1 FROM stays s WHERE s.interception_id = $1 AND s.centre_id = ANY($3::uuid[]))
          OR EXISTS (SELECT 1 FROM waiting_list w WHERE w.interception_id = $1 AND w.centre_id = ANY($3::uuid[]))`,
      [id, interception.recordedBy, actor.centreIds],
    );
    if (!reached) throw new NotFound('interception');
    return interception;
  }

  private peopleOf(interceptionId: string) {
    return this.dataSource.manager.query<{ person_id: string; centre_id: string; stay_id: string | null; status: InterceptionDetail['people'][number]['status'] }[]>(
      `SELECT person_id, centre_id, id AS stay_id, CASE WHEN checked_out_at IS NULL THEN 'checked_in' ELSE 'checked_out' END AS status FROM stays WHERE interception_id = $1
       UNION ALL
       SELECT person_id, centre_id, NULL, CASE WHEN closed_at IS NULL THEN 'awaiting_bed' ELSE 'left_waiting_list' END
         FROM waiting_list WHERE interception_id = $1 AND close_reason IS DISTINCT FROM 'checked_in'`,
      [interceptionId],
    );
  }

  /** Who came from an interception and where each is now; people of other centres are counted, not listed. */
  async interception(actor: Actor, id: string): Promise<InterceptionDetail> {
    if (!['staff', 'caseworker', 'admin'].includes(actor.role)) throw new Forbidden();
    const interception = await this.reachable(actor, id);
    const rows = await this.peopleOf(id);
    const all = actor.role === 'admin';
    const people = rows.filter((row) => all || actor.centreIds.includes(row.centre_id));
    await this.audit.recordList(this.dataSource.manager, actor, 'person.list', 'person', people.map((row) => ({ id: row.person_id, centreId: row.centre_id })));
    return {
      ...interceptionFacts(interception),
      ...countsOf(rows),
      people: people.map((row) => ({ personId: row.person_id, status: row.status, ...(row.stay_id ? { stayId: row.stay_id } : {}), centreId: row.centre_id })),
    };
  }
}
