import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AuditAction, AuditService, auditEntry } from '@escale/audit';
import { type Actor, Forbidden, NotFound, type Page, runNamed } from '@escale/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { NewPersonDto } from './dto/new-person.dto.js';
import { Household } from './household.entity.js';
import { DUPLICATE_THRESHOLD, type IdentifierEvidence, type MatchEvidence, normaliseIdentifier, scoreDuplicate } from './duplicate-scoring.js';
import { nameSkeleton, normaliseName, searchSkeleton, searchText } from './name-matching.js';
import { PersonAlias } from './person-alias.entity.js';
import { PersonCentre } from './person-centre.entity.js';
import { Person } from './person.entity.js';

export interface PossibleDuplicate {
  personId: string;
  score: number;
  familyName: string;
  givenNames: string;
  dateOfBirth: string;
  dobEstimated: boolean;
  sex: Person['sex'];
  nationalities: string[];
  /** What made the score: for staff deciding whether it is the same person. */
  evidence: MatchEvidence[];
  /** Their last stay in one of the caller's centres (never another centre's), or null when they have had none there. */
  lastStay: { centreId: string; centreCode: string; centreName: string; checkedInAt: string; checkedOutAt: string | null } | null;
}

/** The possible duplicates a search found, best first, and the centre each one's read is recorded in. */
export interface DuplicateFindings {
  duplicates: PossibleDuplicate[];
  readCentres: (string | null)[];
}

/** What is known of a new arrival when looking for people already recorded. */
export type DuplicateQuery = Pick<NewPersonDto, 'familyName' | 'givenNames' | 'dateOfBirth'> &
  Partial<Pick<NewPersonDto, 'aliases' | 'dobEstimated' | 'sex' | 'nationalities'>> & { identifiers?: IdentifierEvidence[] };

interface DuplicateCandidateRow {
  id: string;
  family_name: string;
  given_names: string;
  aliases: string[];
  date_of_birth: string;
  dob_estimated: boolean;
  sex: Person['sex'];
  nationalities: string[];
  identifiers: IdentifierEvidence[];
  read_centre: string | null;
  last_centre_id: string | null;
  last_centre_code: string | null;
  last_centre_name: string | null;
  last_checked_in_at: Date | null;
  last_checked_out_at: Date | null;
}

export interface PersonSummary {
  id: string;
  familyName: string;
  givenNames: string;
  aliases: string[];
  dateOfBirth: string;
  dobEstimated: boolean;
  sex: Person['sex'];
  nationalities: string[];
  score: number;
}

const PERSON_READERS = ['staff', 'caseworker'];

/**
 * The centre a read of a person is recorded in, in SQL: of the actor's centres (`centres`, a uuid
 * array), the one of the person's current or last stay there, else the last one that received them
 * (an arrival without a stay yet).
 */
const readCentre = (person: string, centres: string) => `coalesce(
  (SELECT s.centre_id FROM stays s WHERE s.person_id = ${person} AND s.centre_id = ANY(${centres}) ORDER BY s.checked_in_at DESC, s.id DESC LIMIT 1),
  (SELECT pc.centre_id FROM person_centres pc WHERE pc.person_id = ${person} AND pc.centre_id = ANY(${centres}) ORDER BY pc.first_seen_at DESC LIMIT 1))`;
/** How many possible duplicates a check-in shows, best first. */
const DUPLICATES_SHOWN = 5;
/** How many people who sound alike are put in name order; a name more common than this sounds like too many to list in full. */
const SOUND_MATCHES = 200;
/** How many of the nearest names are scored as possible duplicates, from each way of finding them. */
const DUPLICATE_CANDIDATES = 50;

/** A person needs an interpreter when none of their languages has reviewed notice templates. */
export function interpreterNeededFor(languages: readonly string[], reviewed: readonly string[]): boolean {
  return !languages.some((language) => reviewed.includes(language));
}

/**
 * The languages whose notice templates a qualified translator has reviewed (or that notices are
 * written in first): the notices module's view, read in the caller's transaction.
 */
export async function reviewedNoticeLanguages(manager: EntityManager): Promise<string[]> {
  const rows = await manager.query<{ code: string }[]>(`SELECT code FROM reviewed_notice_languages`);
  return rows.map((row) => row.code);
}

/** Age in whole years on a day, from an ISO date of birth. */
export function ageOn(dateOfBirth: string, at: Date): number {
  const [year, month, day] = dateOfBirth.split('-').map(Number);
  let age = at.getUTCFullYear() - year;
  const beforeBirthday = at.getUTCMonth() + 1 < month || (at.getUTCMonth() + 1 === month && at.getUTCDate() < day);
  if (beforeBirthday) age -= 1;
  return age;
}

/**
 * How a person's age stands for a placement. Under 18 by the recorded date of birth, or assessed a
 * minor, is a minor. Someone whose age is disputed is presumed a minor (Code civil art. 388) until an
 * assessment finds an adult: never placed in a removal centre, housed apart from unrelated adults.
 */
export type AgeStanding = 'adult' | 'minor' | 'disputed';

export function ageStanding(person: Pick<Person, 'dateOfBirth' | 'ageDisputed' | 'assessedAge'>, at: Date): AgeStanding {
  if (person.assessedAge === 'minor' || ageOn(person.dateOfBirth, at) < 18) return 'minor';
  if (person.ageDisputed && person.assessedAge !== 'adult') return 'disputed';
  return 'adult';
}

@Injectable()
export class PeopleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  private assertReader(actor: Actor): void {
    if (!PERSON_READERS.includes(actor.role)) throw new Forbidden();
  }

  /**
   * After the reviewed notice languages changed: who needs an interpreter, for everyone, in the
   * caller's transaction. Only the people whose need changed are written.
   */
  async refreshInterpreterNeeds(manager: EntityManager): Promise<number> {
    const result = await manager.query(
      `UPDATE people SET interpreter_needed = NOT (languages::text[] && r.codes)
         FROM (SELECT coalesce(array_agg(code::text), '{}') AS codes FROM reviewed_notice_languages) r
        WHERE interpreter_needed IS DISTINCT FROM NOT (languages::text[] && r.codes)`,
    );
    return Array.isArray(result) ? Number(result[1] ?? 0) : 0;
  }

  /**
   * Creates a person in the caller's transaction; with `id` when the caller chose it beforehand
   * (a check-in that looks for this person's duplicates while it records them).
   */
  async createPerson(manager: EntityManager, actor: Actor, input: NewPersonDto, id?: string): Promise<Person> {
    const aliases = [...new Set((input.aliases ?? []).map((alias) => alias.trim()).filter(Boolean))];
    const names = [input.givenNames, input.familyName, ...aliases];
    const person = manager.create(Person, {
      ...(id ? { id } : {}),
      familyName: input.familyName.trim(),
      givenNames: input.givenNames.trim(),
      aliases,
      dateOfBirth: input.dateOfBirth,
      dobEstimated: input.dobEstimated,
      ageDisputed: input.ageDisputed ?? false,
      sex: input.sex,
      nationalities: [...new Set(input.nationalities)],
      languages: [...new Set(input.languages)],
      interpreterNeeded: interpreterNeededFor(input.languages, await reviewedNoticeLanguages(manager)),
      searchText: searchText(names),
      searchSkeleton: searchSkeleton(names),
    });
    // An insert, not a save: with the id given, a save would first read the row to see whether it exists.
    await manager.insert(Person, person);
    // Names given at check-in come from no stated source.
    if (aliases.length > 0) await manager.insert(PersonAlias, aliases.map((name) => ({ personId: person.id, name, source: 'other' as const, recordedBy: actor.userId })));
    await this.audit.record(manager, auditEntry(actor, 'person.create', 'person', person.id));
    return person;
  }

  /** Makes the person visible to the staff of a centre. */
  async linkToCentre(manager: EntityManager, personId: string, centreId: string): Promise<void> {
    await manager.createQueryBuilder().insert().into(PersonCentre).values({ personId, centreId }).orIgnore().execute();
  }

  async createHousehold(actor: Actor, label?: string): Promise<Household> {
    if (actor.role !== 'staff') throw new Forbidden();
    const household = this.dataSource.manager.create(Household, { label: label ?? null, createdBy: actor.userId });
    return this.dataSource.manager.save(household);
  }

  async householdExists(manager: EntityManager, id: string): Promise<boolean> {
    return manager.existsBy(Household, { id });
  }

  /** Where an age assessment leaves the person's age record, in the assessment's transaction (the row is locked by the caller). */
  async setAgeRecord(manager: EntityManager, personId: string, change: { ageDisputed?: boolean; assessedAge?: 'adult' | 'minor' | null; dateOfBirth?: string; dobEstimated?: boolean }): Promise<void> {
    if (Object.keys(change).length === 0) return;
    await manager.update(Person, { id: personId }, change);
  }

  async createHouseholdOfOne(manager: EntityManager, actor: Actor): Promise<Household> {
    return manager.save(manager.create(Household, { label: null, createdBy: actor.userId }));
  }

  /**
   * A person the actor may read: one held, now or before, in one of their centres. Any other
   * answers 404. The read is audited in the centre the caller reached the person through
   * (`reachedThrough`, one of their centres: the stay they act on), or else the centre of the
   * person's current or last stay among the caller's centres.
   */
  async getPerson(actor: Actor, id: string, manager: EntityManager = this.dataSource.manager, reachedThrough?: string): Promise<Person> {
    this.assertReader(actor);
    const { entities, raw } = await manager
      .createQueryBuilder(Person, 'p')
      .addSelect(readCentre('p.id', ':centres'), 'read_centre')
      .where('p.id = :id', { id })
      .andWhere('EXISTS (SELECT 1 FROM person_centres pc WHERE pc.person_id = p.id AND pc.centre_id = ANY(:centres))', { centres: [...actor.centreIds] })
      .getRawAndEntities<{ read_centre: string | null }>();
    const [person] = entities;
    if (!person) throw new NotFound('person');
    const centreId = reachedThrough && actor.centreIds.includes(reachedThrough) ? reachedThrough : raw[0].read_centre;
    await this.audit.record(manager, auditEntry(actor, 'person.read', 'person', person.id, centreId));
    return person;
  }

  /** The names of people the actor may read, for lists that link to them; one query, each read audited. */
  async namesOf(actor: Actor, ids: readonly string[]): Promise<{ id: string; familyName: string; givenNames: string }[]> {
    this.assertReader(actor);
    if (ids.length === 0) return [];
    const rows = await this.dataSource.manager
      .createQueryBuilder(Person, 'p')
      .select('p.id', 'id')
      .addSelect('p.family_name', 'familyName')
      .addSelect('p.given_names', 'givenNames')
      .addSelect(readCentre('p.id', ':centres'), 'centreId')
      .where('p.id = ANY(:ids)', { ids: [...new Set(ids)] })
      .andWhere('EXISTS (SELECT 1 FROM person_centres pc WHERE pc.person_id = p.id AND pc.centre_id = ANY(:centres))', { centres: [...actor.centreIds] })
      .getRawMany<{ id: string; familyName: string; givenNames: string; centreId: string | null }>();
    await this.auditReads(actor, 'person.list', rows);
    return rows.map((row) => ({ id: row.id, familyName: row.familyName, givenNames: row.givenNames }));
  }

  /**
   * Fuzzy search on names and aliases, spelling- and transliteration-tolerant, in the actor's
   * centres, best match first. A person matches by spelling (the words typed are close to words of
   * their names), by sound (every word typed has the consonant skeleton of one of their names:
   * Mohammad for Muhammad, Husseini for Hosseini; such a match scores 0.95) or by a part of a
   * name. The score is the best of these.
   *
   * Over a million people, a common name matches tens of thousands, so the page is taken from the
   * best few of each kind of match, each read from an index in the order of the score (nearest
   * spelling first; sound matches by name, among the first 200 found): the best
   * `offset + limit` of the union are the best of all. `total` counts the matches exactly while there are no more than that; beyond it,
   * `totalExact` is false and `total` counts those found, at least one more than the page shows.
   */
  async search(actor: Actor, query: string, limit: number, offset: number): Promise<Page<PersonSummary> & { totalExact: boolean }> {
    this.assertReader(actor);
    const text = normaliseName(query);
    const sounds = nameSkeleton(query).split(' ').filter(Boolean);
    if (!text) return { items: [], total: 0, limit, offset, totalExact: true };
    const reach = offset + limit + 1;
    // A normalised name holds letters and spaces only: nothing to escape in the pattern.
    const pattern = `%${text}%`;
    const inScope = 'EXISTS (SELECT 1 FROM person_centres pc WHERE pc.person_id = p.id AND pc.centre_id = ANY($3))';
    const rows = await this.dataSource.query<(Record<string, unknown> & { found: number; complete: boolean })[]>(
      `WITH spelling AS (
         SELECT p.id FROM people p WHERE $1 <% p.search_text AND ${inScope} ORDER BY $1 <<-> p.search_text LIMIT $4
       ), part AS (
         SELECT p.id FROM people p WHERE p.search_text LIKE $5 AND ${inScope} ORDER BY $1 <<-> p.search_text LIMIT $4
       ), sound AS (
         SELECT id FROM (
           SELECT p.id, p.family_name, p.given_names FROM people p WHERE string_to_array(p.search_skeleton, ' ') @> $2::text[] AND ${inScope} LIMIT ${SOUND_MATCHES}
         ) alike ORDER BY family_name, given_names, id LIMIT $4
       ), found AS (
         SELECT id FROM spelling UNION SELECT id FROM part UNION SELECT id FROM sound
       ), scored AS (
         SELECT p.*, GREATEST(word_similarity($1, p.search_text), CASE WHEN string_to_array(p.search_skeleton, ' ') @> $2::text[] THEN 0.95 ELSE 0 END) AS similarity
           FROM found JOIN people p USING (id)
       ), ranked AS (
         SELECT id, family_name, given_names, aliases, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth, dob_estimated, sex, nationalities,
                round(similarity::numeric, 2)::float AS score, row_number() OVER (ORDER BY similarity DESC, family_name, given_names, id) AS rank
           FROM scored ORDER BY similarity DESC, family_name, given_names, id LIMIT $6 OFFSET $7
       ), page AS (
         SELECT ranked.*, ${readCentre('ranked.id', '$3')} AS read_centre FROM ranked
       )
       -- One row for the totals even past the last page; the page's people, if any, on it.
       SELECT page.*, totals.found, totals.complete
         FROM (SELECT (SELECT count(*)::int FROM found) AS found,
                      (SELECT count(*) FROM spelling) < $4 AND (SELECT count(*) FROM part) < $4 AND (SELECT count(*) FROM sound) < $4 AS complete) totals
         LEFT JOIN page ON true
        ORDER BY page.rank`,
      [text, sounds, [...actor.centreIds], reach, pattern, limit, offset],
    );
    const items = rows
      .filter((row) => row.id !== null)
      .map((row) => ({
        id: row.id as string,
        familyName: row.family_name as string,
        givenNames: row.given_names as string,
        aliases: row.aliases as string[],
        dateOfBirth: row.date_of_birth as string,
        dobEstimated: row.dob_estimated as boolean,
        sex: row.sex as Person['sex'],
        nationalities: (row.nationalities as string[]).map((code) => code.trim()),
        score: row.score as number,
      }));
    const { found: total, complete: totalExact } = rows[0];
    await this.auditReads(actor, 'person.search', rows.filter((row) => row.id !== null).map((row) => ({ id: row.id as string, centreId: row.read_centre as string | null })));
    return { items, total, limit, offset, totalExact };
  }

  /**
   * People in the actor's centres who may be the same as a new arrival, best first. The database
   * finds the candidates through its indexes: the nearest spellings of the whole name, the people
   * whose names hold the consonant skeletons of every word typed (nearest spelling first), and
   * those born the same day with a loosely close name. Each is then scored on everything known
   * (see duplicate-scoring.ts): only the few above the threshold are shown, and only their reads
   * are recorded.
   */
  async findPossibleDuplicates(actor: Actor, candidate: DuplicateQuery, excludeId?: string): Promise<PossibleDuplicate[]> {
    const found = await this.lookForDuplicates(actor, candidate, excludeId ? [excludeId] : []);
    await this.recordDuplicatesShown(actor, [found]);
    return found.duplicates;
  }

  /**
   * Records the reads of possible duplicates shown: one event per search, in one statement, in the
   * caller's transaction when given one. A check-in searches alongside its transaction and records
   * what it found in it; a search whose check-in failed is shown to nobody, and recorded nowhere.
   */
  async recordDuplicatesShown(actor: Actor, searches: readonly DuplicateFindings[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    const lists = searches.map((found) => found.duplicates.map((duplicate, i) => ({ id: duplicate.personId, centreId: found.readCentres[i] })));
    await this.audit.recordLists(manager, actor, 'person.duplicate_check', 'person', lists);
  }

  /** The search of findPossibleDuplicates, without recording the reads: see recordDuplicatesShown. */
  async lookForDuplicates(actor: Actor, candidate: DuplicateQuery, exclude: string | readonly string[] = []): Promise<DuplicateFindings> {
    this.assertReader(actor);
    const names = [candidate.givenNames, candidate.familyName, ...(candidate.aliases ?? [])];
    // The people left out are left out before each way of finding candidates takes its first few, so that they take no one's place.
    const inScope = 'EXISTS (SELECT 1 FROM person_centres pc WHERE pc.person_id = p.id AND pc.centre_id = ANY($4)) AND p.id <> ALL($5::uuid[])';
    const identifiers = (candidate.identifiers ?? []).map((identifier) => ({ kind: identifier.kind, normalised: normaliseIdentifier(identifier.value) })).filter((identifier) => identifier.normalised);
    // Prepared once per connection: planning this statement was a fifth of its time at 900k people.
    const rows = await this.runNamed<DuplicateCandidateRow>(
      'people.duplicate_candidates',
      `WITH found AS (
         (SELECT p.id FROM people p WHERE p.search_text % $1 AND ${inScope} ORDER BY p.search_text <-> $1 LIMIT ${DUPLICATE_CANDIDATES})
         UNION (SELECT id FROM (
                  SELECT p.id, p.search_text FROM people p WHERE string_to_array(p.search_skeleton, ' ') @> $6::text[] AND ${inScope} LIMIT ${SOUND_MATCHES}
                ) alike ORDER BY search_text <-> $1 LIMIT ${DUPLICATE_CANDIDATES})
         UNION (SELECT p.id FROM (SELECT p.id, p.search_text, p.search_skeleton FROM people p WHERE p.date_of_birth = $3::date OFFSET 0) p
                 WHERE (p.search_text % $1 OR p.search_skeleton % $2) AND ${inScope})
         UNION (SELECT p.id FROM unnest($7::text[], $8::text[]) AS typed(kind, normalised)
                  JOIN person_identifiers i ON i.normalised = typed.normalised AND i.kind = typed.kind
                  JOIN people p ON p.id = i.person_id
                 WHERE ${inScope})
       )
       SELECT p.id, p.family_name, p.given_names, p.aliases, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.dob_estimated, p.sex, p.nationalities,
              (SELECT coalesce(json_agg(json_build_object('kind', i.kind, 'value', i.value, 'issuingCountry', i.issuing_country)), '[]'::json)
                 FROM person_identifiers i WHERE i.person_id = p.id) AS identifiers,
              coalesce(last.centre_id,
                (SELECT pc.centre_id FROM person_centres pc WHERE pc.person_id = p.id AND pc.centre_id = ANY($4) ORDER BY pc.first_seen_at DESC LIMIT 1)) AS read_centre,
              last.centre_id AS last_centre_id, c.code AS last_centre_code, c.name AS last_centre_name,
              last.checked_in_at AS last_checked_in_at, last.checked_out_at AS last_checked_out_at
         FROM found JOIN people p USING (id)
         LEFT JOIN LATERAL (SELECT s.centre_id, s.checked_in_at, s.checked_out_at FROM stays s
                             WHERE s.person_id = p.id AND s.centre_id = ANY($4) ORDER BY s.checked_in_at DESC, s.id DESC LIMIT 1) last ON true
         LEFT JOIN centres c ON c.id = last.centre_id
        WHERE p.id <> ALL($5::uuid[])`,
      [
        searchText(names),
        searchSkeleton(names),
        candidate.dateOfBirth,
        [...actor.centreIds],
        typeof exclude === 'string' ? [exclude] : [...exclude],
        searchSkeleton([candidate.givenNames, candidate.familyName]).split(' ').filter(Boolean),
        identifiers.map((identifier) => identifier.kind),
        identifiers.map((identifier) => identifier.normalised),
      ],
    );
    const scored = rows
      .map((row) => {
        const known = {
          familyName: row.family_name,
          givenNames: row.given_names,
          aliases: row.aliases,
          dateOfBirth: row.date_of_birth,
          dobEstimated: row.dob_estimated,
          sex: row.sex,
          nationalities: row.nationalities.map((code) => code.trim()),
          identifiers: row.identifiers,
        };
        return { row, known, ...scoreDuplicate(candidate, known) };
      })
      .filter((match) => match.score >= DUPLICATE_THRESHOLD)
      .sort((a, b) => b.score - a.score || b.name - a.name || (a.row.id < b.row.id ? -1 : 1))
      .slice(0, DUPLICATES_SHOWN);
    const duplicates = scored.map(({ row, known, score, evidence }) => ({
      personId: row.id,
      score,
      familyName: known.familyName,
      givenNames: known.givenNames,
      dateOfBirth: known.dateOfBirth,
      dobEstimated: known.dobEstimated,
      sex: row.sex,
      nationalities: known.nationalities,
      evidence,
      lastStay:
        row.last_centre_id && row.last_checked_in_at
          ? {
              centreId: row.last_centre_id,
              centreCode: row.last_centre_code!,
              centreName: row.last_centre_name!,
              checkedInAt: new Date(row.last_checked_in_at).toISOString(),
              checkedOutAt: row.last_checked_out_at ? new Date(row.last_checked_out_at).toISOString() : null,
            }
          : null,
    }));
    return { duplicates, readCentres: scored.map(({ row }) => row.read_centre) };
  }

  private runNamed<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    return runNamed<T>(this.dataSource, name, text, values);
  }

  private async auditReads(actor: Actor, action: AuditAction, people: { id: string; centreId: string | null }[]): Promise<void> {
    if (people.length === 0) return;
    await this.audit.recordList(this.dataSource.manager, actor, action, 'person', people);
  }
}
