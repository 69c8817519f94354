import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry } from '@escale/audit';
import { type Actor, Forbidden, NotFound, ValidationFailed } from '@escale/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { AddAliasDto, AddIdentifierDto, CorrectPersonDto } from './dto/correct-person.dto.js';
import { normaliseIdentifier } from './duplicate-scoring.js';
import { IdentifierTaken, MergeNotAllowed, PersonVersionConflict } from './people.errors.js';
import { ageOn, interpreterNeededFor, reviewedNoticeLanguages } from './people.service.js';
import { searchSkeleton, searchText } from './name-matching.js';
import { PersonAlias } from './person-alias.entity.js';
import { type FieldChanges, PersonChange } from './person-change.entity.js';
import { PersonIdentifier } from './person-identifier.entity.js';
import { Person } from './person.entity.js';

const PERSON_EDITORS = ['staff', 'caseworker'];

/**
 * Every table with a `person_id` column, and how a merge carries its rows to the surviving person:
 * `move` re-points them; `union` keeps one row per survivor and key (the duplicate's other rows are
 * added, then its own removed). A table missing here fails the merge test, so nothing is left behind.
 */
export const MERGED_TABLES: Record<string, { mode: 'move' } | { mode: 'union'; key: string[] }> = {
  person_centres: { mode: 'union', key: ['centre_id'] },
  person_aliases: { mode: 'union', key: ['name'] },
  person_identifiers: { mode: 'move' },
  person_changes: { mode: 'move' },
  stays: { mode: 'move' },
  cases: { mode: 'move' },
  notices: { mode: 'move' },
  vulnerabilities: { mode: 'move' },
  age_assessments: { mode: 'move' },
  waiting_list: { mode: 'move' },
  legal_contacts: { mode: 'move' },
};

/** The fields a correction may change. */
const CORRECTED_FIELDS = ['familyName', 'givenNames', 'dateOfBirth', 'dobEstimated', 'sex', 'nationalities', 'languages'] as const;

export interface AliasView {
  id: string;
  name: string;
  source: PersonAlias['source'];
  createdAt: string;
}

export interface IdentifierView {
  id: string;
  kind: PersonIdentifier['kind'];
  value: string;
  issuingCountry: string | null;
  createdAt: string;
}


const unique = <T>(values: readonly T[]) => [...new Set(values)];
const sameList = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((value, i) => value === b[i]);
const trimmedCodes = (codes: readonly string[]) => codes.map((code) => code.trim());

/** The age record of two records of one person, as one: the doubt benefits the person (Code civil art. 388). */
function mergedAgeRecord(a: Person, b: Person): Pick<Person, 'ageDisputed' | 'assessedAge'> {
  if (a.assessedAge === 'minor' || b.assessedAge === 'minor') return { ageDisputed: false, assessedAge: 'minor' };
  const openDispute = (p: Person) => p.ageDisputed && p.assessedAge !== 'adult';
  if (openDispute(a) || openDispute(b)) return { ageDisputed: true, assessedAge: null };
  return { ageDisputed: a.ageDisputed || b.ageDisputed, assessedAge: a.assessedAge ?? b.assessedAge };
}

/**
 * Corrections of a person's record: the identity fields, aliases with their source, identity
 * documents, and the merge of two records of one person. Each is scoped as a read of the person is
 * (a person held, now or before, in one of the caller's centres; any other is 404) and audited.
 */
@Injectable()
export class PersonRecordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  private assertEditor(actor: Actor): void {
    if (!PERSON_EDITORS.includes(actor.role)) throw new Forbidden();
  }

  /** The person, locked for update, when the actor may read them; 404 otherwise. A merged record answers VERSION_CONFLICT naming the survivor. */
  async lockPerson(manager: EntityManager, actor: Actor, id: string): Promise<Person & { readCentre: string }> {
    this.assertEditor(actor);
    const person = await manager.createQueryBuilder(Person, 'p').setLock('pessimistic_write').where('p.id = :id', { id }).getOne();
    if (!person) throw new NotFound('person');
    const holder = await this.visibleThrough(manager, actor, person.mergedInto ?? person.id);
    if (!holder) throw new NotFound('person');
    if (person.mergedInto) throw new PersonVersionConflict(person.version, person.mergedInto);
    return Object.assign(person, { readCentre: holder });
  }

  /** The actor's centre the person is reached through (their latest stay there, else the latest to receive them), or null. */
  private async visibleThrough(manager: EntityManager, actor: Actor, personId: string): Promise<string | null> {
    const [row] = await manager.query<{ centre_id: string }[]>(
      `SELECT coalesce(
         (SELECT s.centre_id FROM stays s WHERE s.person_id = $1 AND s.centre_id = ANY($2) ORDER BY s.checked_in_at DESC, s.id DESC LIMIT 1),
         (SELECT pc.centre_id FROM person_centres pc WHERE pc.person_id = $1 AND pc.centre_id = ANY($2) ORDER BY pc.first_seen_at DESC LIMIT 1)) AS centre_id`,
      [personId, [...actor.centreIds]],
    );
    return row?.centre_id ?? null;
  }

  /**
   * Corrects the fields given, in the caller's transaction; the person's row is locked and its
   * version checked. The values changed are kept, before and after, beside the audit event.
   * Answers the person before and after.
   */
  async correct(manager: EntityManager, actor: Actor, id: string, input: CorrectPersonDto, now: Date): Promise<{ before: Person; after: Person; centreId: string; changes: FieldChanges }> {
    const person = await this.lockPerson(manager, actor, id);
    if (person.version !== input.version) throw new PersonVersionConflict(person.version);
    if (input.dateOfBirth !== undefined) {
      const birth = new Date(`${input.dateOfBirth}T00:00:00Z`);
      if (Number.isNaN(birth.getTime()) || birth > now) throw new ValidationFailed({ dateOfBirth: ['must be a real date, not in the future'] });
      if (ageOn(input.dateOfBirth, now) > 120) throw new ValidationFailed({ dateOfBirth: ['must make the person 120 or younger'] });
    }
    const before = { ...person };
    const wanted: Partial<Person> = {
      ...(input.familyName !== undefined ? { familyName: input.familyName.trim() } : {}),
      ...(input.givenNames !== undefined ? { givenNames: input.givenNames.trim() } : {}),
      ...(input.dateOfBirth !== undefined ? { dateOfBirth: input.dateOfBirth } : {}),
      ...(input.dobEstimated !== undefined ? { dobEstimated: input.dobEstimated } : {}),
      ...(input.sex !== undefined ? { sex: input.sex } : {}),
      ...(input.nationalities !== undefined ? { nationalities: unique(input.nationalities) } : {}),
      ...(input.languages !== undefined ? { languages: unique(input.languages) } : {}),
    };
    const changes: FieldChanges = {};
    for (const field of CORRECTED_FIELDS) {
      if (!(field in wanted)) continue;
      const was = field === 'nationalities' ? trimmedCodes(person.nationalities) : person[field];
      const now = wanted[field];
      const same = Array.isArray(was) ? sameList(was, now as unknown[]) : was === now;
      if (!same) changes[field] = { before: was, after: now };
    }
    if (Object.keys(changes).length === 0) return { before, after: person, centreId: person.readCentre, changes };
    const after = await this.writePerson(manager, person, Object.fromEntries(Object.entries(changes).map(([field, change]) => [field, change.after])) as Partial<Person>);
    const eventId = await this.audit.record(manager, auditEntry(actor, 'person.update', 'person', person.id, person.readCentre));
    await this.keepChanges(manager, actor, person.id, 'person.update', eventId, changes);
    return { before, after, centreId: person.readCentre, changes };
  }

  private async keepChanges(manager: EntityManager, actor: Actor, personId: string, action: string, auditEventId: string, changes: FieldChanges): Promise<void> {
    await manager.save(manager.create(PersonChange, { personId, action, auditEventId, changes, changedBy: actor.userId }));
  }

  /** Writes fields of a locked person, keeping what derives from them (search text, interpreter) in step; the version moves on. */
  private async writePerson(manager: EntityManager, person: Person, change: Partial<Person>): Promise<Person> {
    const next = { ...person, ...change };
    const derived: Partial<Person> = { ...change };
    if ('familyName' in change || 'givenNames' in change || 'aliases' in change) {
      const names = [next.givenNames, next.familyName, ...next.aliases];
      Object.assign(derived, { searchText: searchText(names), searchSkeleton: searchSkeleton(names) });
    }
    if ('languages' in change) derived.interpreterNeeded = interpreterNeededFor(next.languages, await reviewedNoticeLanguages(manager));
    await manager
      .createQueryBuilder()
      .update(Person)
      .set({ ...derived, version: () => 'version + 1' })
      .where('id = :id', { id: person.id })
      .execute();
    return manager.findOneByOrFail(Person, { id: person.id });
  }

  /** Adds nationalities and languages a person gave, after those already recorded, in the caller's transaction; audited as a correction. */
  async addDeclaredDetails(actor: Actor, id: string, details: { nationalities: string[]; languages: string[] }): Promise<FieldChanges> {
    return this.dataSource.transaction((manager) => this.addDeclaredDetailsIn(manager, actor, id, details));
  }

  private async addDeclaredDetailsIn(manager: EntityManager, actor: Actor, id: string, details: { nationalities: string[]; languages: string[] }): Promise<FieldChanges> {
    const person = await this.lockPerson(manager, actor, id);
    const nationalities = unique([...trimmedCodes(person.nationalities), ...details.nationalities]);
    const languages = unique([...person.languages, ...details.languages]);
    const changes: FieldChanges = {};
    if (nationalities.length !== person.nationalities.length) changes.nationalities = { before: trimmedCodes(person.nationalities), after: nationalities };
    if (languages.length !== person.languages.length) changes.languages = { before: person.languages, after: languages };
    if (Object.keys(changes).length === 0) return changes;
    await this.writePerson(manager, person, { ...(changes.nationalities ? { nationalities } : {}), ...(changes.languages ? { languages } : {}) });
    const eventId = await this.audit.record(manager, auditEntry(actor, 'person.update', 'person', person.id, person.readCentre));
    await this.keepChanges(manager, actor, person.id, 'person.update', eventId, changes);
    return changes;
  }

  /** Records another name the person is known by, with where it comes from. The same name again only updates nothing and answers the one recorded. */
  async addAlias(actor: Actor, id: string, input: AddAliasDto): Promise<AliasView> {
    return this.dataSource.transaction(async (manager) => {
      const person = await this.lockPerson(manager, actor, id);
      const name = input.name.trim();
      const existing = await manager.findOneBy(PersonAlias, { personId: person.id, name });
      if (existing) throw new ValidationFailed({ name: ['is already an alias of this person'] });
      const alias = await manager.save(manager.create(PersonAlias, { personId: person.id, name, source: input.source, recordedBy: actor.userId }));
      if (!person.aliases.includes(name)) await this.writePerson(manager, person, { aliases: [...person.aliases, name] });
      await this.audit.record(manager, auditEntry(actor, 'person.alias_add', 'person', person.id, person.readCentre));
      return { id: alias.id, name: alias.name, source: alias.source, createdAt: alias.createdAt.toISOString() };
    });
  }

  /** Records an identity document or file number; one already recorded for someone answers IDENTIFIER_TAKEN. */
  async addIdentifier(actor: Actor, id: string, input: AddIdentifierDto): Promise<IdentifierView> {
    const normalised = normaliseIdentifier(input.value);
    if (!normalised) throw new ValidationFailed({ value: ['must hold at least one letter or digit'] });
    return this.dataSource.transaction(async (manager) => {
      const person = await this.lockPerson(manager, actor, id);
      const issuingCountry = input.issuingCountry ?? null;
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(PersonIdentifier)
        .values({ personId: person.id, kind: input.kind, value: input.value.trim(), normalised, issuingCountry, recordedBy: actor.userId })
        .orIgnore()
        .returning(['id', 'createdAt'])
        .execute();
      const row = inserted.raw[0] as { id: string; created_at: Date } | undefined;
      if (!row) {
        const [holder] = await manager.query<{ person_id: string }[]>(
          `SELECT person_id FROM person_identifiers WHERE kind = $1 AND coalesce(issuing_country, '') = coalesce($2, '') AND normalised = $3`,
          [input.kind, issuingCountry, normalised],
        );
        const readable = holder && (await this.visibleThrough(manager, actor, holder.person_id)) !== null;
        throw new IdentifierTaken(readable ? holder.person_id : undefined);
      }
      await this.audit.record(manager, auditEntry(actor, 'person.identifier_add', 'person', person.id, person.readCentre));
      return { id: row.id, kind: input.kind, value: input.value.trim(), issuingCountry, createdAt: new Date(row.created_at).toISOString() };
    });
  }

  /** The person's aliases with their sources and identifiers, for a read already scoped and audited by the caller. */
  async recordsOf(manager: EntityManager = this.dataSource.manager, personId: string): Promise<{ aliasRecords: AliasView[]; identifiers: IdentifierView[] }> {
    const aliases = await manager.find(PersonAlias, { where: { personId }, order: { createdAt: 'ASC', name: 'ASC' } });
    const identifiers = await manager.find(PersonIdentifier, { where: { personId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return {
      aliasRecords: aliases.map((alias) => ({ id: alias.id, name: alias.name, source: alias.source, createdAt: alias.createdAt.toISOString() })),
      identifiers: identifiers.map((identifier) => ({ id: identifier.id, kind: identifier.kind, value: identifier.value, issuingCountry: identifier.issuingCountry?.trim() ?? null, createdAt: identifier.createdAt.toISOString() })),
    };
  }

  /** People in the actor's centres holding a document or file number written as `query` (any kind or country); each read audited. */
  async findByIdentifier(actor: Actor, query: string): Promise<{ id: string; familyName: string; givenNames: string; dateOfBirth: string; identifier: IdentifierView }[]> {
    this.assertEditor(actor);
    const normalised = normaliseIdentifier(query);
    if (normalised.length < 2) return [];
    const rows = await this.dataSource.query<{ id: string; family_name: string; given_names: string; date_of_birth: string; identifier_id: string; kind: PersonIdentifier['kind']; value: string; issuing_country: string | null; created_at: Date; centre_id: string }[]>(
      `SELECT p.id, p.family_name, p.given_names, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, i.id AS identifier_id, i.kind, i.value, i.issuing_country, i.created_at,
              (SELECT pc.centre_id FROM person_centres pc WHERE pc.person_id = p.id AND pc.centre_id = ANY($2) ORDER BY pc.first_seen_at DESC LIMIT 1) AS centre_id
         FROM person_identifiers i JOIN people p ON p.id = i.person_id
        WHERE i.normalised = $1 AND EXISTS (SELECT 1 FROM person_centres pc WHERE pc.person_id = p.id AND pc.centre_id = ANY($2))
        ORDER BY p.family_name, p.given_names, p.id LIMIT 20`,
      [normalised, [...actor.centreIds]],
    );
    await this.audit.recordList(this.dataSource.manager, actor, 'person.search', 'person', rows.map((row) => ({ id: row.id, centreId: row.centre_id })));
    return rows.map((row) => ({
      id: row.id,
      familyName: row.family_name,
      givenNames: row.given_names,
      dateOfBirth: row.date_of_birth,
      identifier: { id: row.identifier_id, kind: row.kind, value: row.value, issuingCountry: row.issuing_country?.trim() ?? null, createdAt: new Date(row.created_at).toISOString() },
    }));
  }

  /** Where a merged record went, when the actor may read the person it went to (the read is audited); null for a record not merged. */
  async mergedRecord(actor: Actor, id: string): Promise<{ id: string; mergedInto: string } | null> {
    this.assertEditor(actor);
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<{ merged_into: string | null }[]>(`SELECT merged_into FROM people WHERE id = $1`, [id]);
      if (!row?.merged_into) return null;
      const centreId = await this.visibleThrough(manager, actor, row.merged_into);
      if (!centreId) throw new NotFound('person');
      await this.audit.record(manager, auditEntry(actor, 'person.read', 'person', id, centreId));
      return { id, mergedInto: row.merged_into };
    });
  }

  /**
   * Merges the record `duplicateId` into the person `survivorId`, in the caller's transaction: both
   * rows are locked in id order (two merges of the same people cannot deadlock), every row about the
   * duplicate moves to the survivor (MERGED_TABLES), names, nationalities and languages are joined,
   * and the duplicate answers only where it went. Two records held at the same time are two people.
   */
  async merge(manager: EntityManager, actor: Actor, survivorId: string, duplicateId: string, version: number): Promise<{ before: Person; after: Person; centreId: string }> {
    this.assertEditor(actor);
    if (survivorId === duplicateId) throw new MergeNotAllowed('same_person');
    const locked = await manager.createQueryBuilder(Person, 'p').setLock('pessimistic_write').where('p.id IN (:...ids)', { ids: [survivorId, duplicateId] }).orderBy('p.id').getMany();
    const survivor = locked.find((person) => person.id === survivorId);
    const duplicate = locked.find((person) => person.id === duplicateId);
    if (!survivor || !duplicate) throw new NotFound('person');
    const centreId = await this.visibleThrough(manager, actor, survivor.mergedInto ?? survivor.id);
    const duplicateCentre = await this.visibleThrough(manager, actor, duplicate.mergedInto ?? duplicate.id);
    if (!centreId || !duplicateCentre) throw new NotFound('person');
    if (survivor.mergedInto) throw new PersonVersionConflict(survivor.version, survivor.mergedInto);
    if (survivor.version !== version) throw new PersonVersionConflict(survivor.version);
    if (duplicate.mergedInto) throw new MergeNotAllowed('already_merged');
    if (survivor.anonymisedAt || duplicate.anonymisedAt) throw new MergeNotAllowed('anonymised');
    const [overlap] = await manager.query<unknown[]>(
      `SELECT 1 FROM stays a JOIN stays b ON tstzrange(a.checked_in_at, a.checked_out_at, '[)') && tstzrange(b.checked_in_at, b.checked_out_at, '[)')
        WHERE a.person_id = $1 AND b.person_id = $2 LIMIT 1`,
      [survivor.id, duplicate.id],
    );
    if (overlap) throw new MergeNotAllowed('overlapping_stays');
    // Waiting for a bed while the other record waits too, or holds a bed, is the same overlap.
    const [waiting] = await manager.query<unknown[]>(
      `SELECT 1 FROM waiting_list w WHERE w.closed_at IS NULL AND w.person_id = ANY($1::uuid[])
          AND (EXISTS (SELECT 1 FROM waiting_list o WHERE o.closed_at IS NULL AND o.person_id = ANY($1::uuid[]) AND o.person_id <> w.person_id)
               OR EXISTS (SELECT 1 FROM stays s WHERE s.checked_out_at IS NULL AND s.person_id = ANY($1::uuid[]) AND s.person_id <> w.person_id))
        LIMIT 1`,
      [[survivor.id, duplicate.id]],
    );
    if (waiting) throw new MergeNotAllowed('overlapping_stays');

    for (const [table, plan] of Object.entries(MERGED_TABLES)) {
      if (plan.mode === 'move') {
        await manager.query(`UPDATE ${table} SET person_id = $1 WHERE person_id = $2`, [survivor.id, duplicate.id]);
      } else {
        await manager.query(
          `DELETE FROM ${table} d WHERE d.person_id = $2 AND EXISTS (SELECT 1 FROM ${table} s WHERE s.person_id = $1 AND ${plan.key.map((column) => `s.${column} = d.${column}`).join(' AND ')})`,
          [survivor.id, duplicate.id],
        );
        await manager.query(`UPDATE ${table} SET person_id = $1 WHERE person_id = $2`, [survivor.id, duplicate.id]);
      }
    }

    // The duplicate's own names are names the person is known by.
    const duplicateName = `${duplicate.givenNames} ${duplicate.familyName}`.trim();
    const survivorName = `${survivor.givenNames} ${survivor.familyName}`.trim();
    const newNames = unique([duplicateName, ...duplicate.aliases].filter((name) => name && name !== survivorName && !survivor.aliases.includes(name)));
    if (newNames.length > 0) {
      await manager.createQueryBuilder().insert().into(PersonAlias).values(newNames.map((name) => ({ personId: survivor.id, name, source: 'other' as const, recordedBy: actor.userId }))).orIgnore().execute();
    }
    const change: Partial<Person> = {
      aliases: [...survivor.aliases, ...newNames],
      nationalities: unique([...trimmedCodes(survivor.nationalities), ...trimmedCodes(duplicate.nationalities)]),
      languages: unique([...survivor.languages, ...duplicate.languages]),
      ...mergedAgeRecord(survivor, duplicate),
      dobEstimated: survivor.dobEstimated,
    };
    if (!survivor.legalHold && duplicate.legalHold) Object.assign(change, { legalHold: true, legalHoldReason: duplicate.legalHoldReason, legalHoldBy: duplicate.legalHoldBy, legalHoldAt: duplicate.legalHoldAt });
    const before = { ...survivor };
    const after = await this.writePerson(manager, survivor, change);
    // The duplicate keeps no identity of its own: its names are the survivor's aliases now.
    await manager.query(
      `UPDATE people SET merged_into = $1, family_name = 'MERGED-' || upper(left(replace(id::text, '-', ''), 8)), given_names = '', aliases = '{}',
              search_text = '', search_skeleton = '', nationalities = '{}', languages = '{}', legal_hold = false, legal_hold_reason = NULL,
              legal_hold_by = NULL, legal_hold_at = NULL, version = version + 1
        WHERE id = $2`,
      [survivor.id, duplicate.id],
    );
    const [eventId] = await this.audit.recordMany(manager, [
      auditEntry(actor, 'person.merge', 'person', survivor.id, centreId),
      auditEntry(actor, 'person.merged_into', 'person', duplicate.id, duplicateCentre),
    ]);
    const changes: FieldChanges = { mergedFrom: { before: null, after: duplicate.id } };
    for (const field of ['aliases', 'nationalities', 'languages', 'ageDisputed', 'assessedAge', 'legalHold'] as const) {
      const was = field === 'nationalities' ? trimmedCodes(before.nationalities) : before[field];
      const now = field === 'nationalities' ? trimmedCodes(after.nationalities) : after[field];
      if (JSON.stringify(was) !== JSON.stringify(now)) changes[field] = { before: was, after: now };
    }
    await this.keepChanges(manager, actor, survivor.id, 'person.merge', eventId, changes);
    return { before, after, centreId };
  }
}
