/** Writes the simulated world: the rows only a simulation can decide, in big set-based batches. */
import type pg from 'pg';
import type { NoticeTemplates } from '@escale/notices';
import { searchSkeleton, searchText } from '@escale/people';
import { type Column, insertRows } from './bulk.js';
import { recordNoticeLanguages, type ReviewedLanguages } from './notice-languages.js';
import { caseHistory, DAY, DUBLIN_SEED_BASIS, HOUR, referralState, type StayModel, type World } from './simulate.js';
import { uuidFor } from './random.js';

/** Table numbers for deterministic ids. */
const T = {
  centre: 1,
  unit: 2,
  bed: 3,
  user: 4,
  interception: 5,
  household: 6,
  person: 7,
  case: 8,
  stay: 9,
  statusChange: 10,
  extension: 11,
  referral: 12,
  transition: 13,
  task: 14,
  vulnerability: 15,
  levelChange: 16,
  ageAssessment: 17,
} as const;

export interface LoadedIds {
  id: (table: keyof typeof T, index: number) => string;
}

const WELFARE_INTERVAL = { standard: 24 * HOUR, heightened: 4 * HOUR };

/**
 * When the next welfare check of a stay falls, on the schedule the checks were generated on
 * (first an hour after arrival, then every 24 hours, every 4 once the level is heightened).
 */
export function scheduledNextCheck(stay: StayModel, now: number): number {
  const end = Math.min(stay.endsAt, now);
  const heightened = stay.heightenedAt;
  const first = stay.checkedInAt + HOUR;
  let last: number | null = null;
  const standardUntil = Math.min(heightened ?? Number.POSITIVE_INFINITY, end);
  if (first < standardUntil) last = first + Math.floor((standardUntil - 1 - first) / WELFARE_INTERVAL.standard) * WELFARE_INTERVAL.standard;
  if (heightened !== null) {
    const from = stay.levelCarried ? heightened + HOUR - WELFARE_INTERVAL.heightened : heightened;
    if (from + WELFARE_INTERVAL.heightened < end) last = from + Math.floor((end - 1 - from) / WELFARE_INTERVAL.heightened) * WELFARE_INTERVAL.heightened;
    return last === null ? first : last + WELFARE_INTERVAL.heightened;
  }
  return last === null ? first : last + WELFARE_INTERVAL.standard;
}

export async function loadWorld(
  client: pg.ClientBase,
  world: World,
  passwordHash: string,
  progress: (what: string, rows: number) => void,
  notices: { templates: NoticeTemplates; reviewed: ReviewedLanguages },
): Promise<LoadedIds> {
  const seed = world.options.seed;
  const now = world.options.now;
  // The ids of the big tables are made once: each is used by several others.
  const made = new Map<keyof typeof T, string[]>();
  const size: Partial<Record<keyof typeof T, number>> = { person: world.people.length, case: world.cases.length, stay: world.stays.length };
  const id = (table: keyof typeof T, index: number): string => {
    const count = size[table];
    if (count === undefined) return uuidFor(seed, T[table], index);
    let ids = made.get(table);
    if (!ids) {
      ids = Array.from({ length: count }, (_, i) => uuidFor(seed, T[table], i));
      made.set(table, ids);
    }
    return ids[index];
  };
  const optional = (table: keyof typeof T, index: number) => (index >= 0 ? id(table, index) : null);
  const closed = (stay: StayModel) => stay.endsAt <= now;

  progress('centres', await insertRows(client, 'centres', [
    { name: 'id', type: 'uuid', value: (_, i) => id('centre', i) },
    { name: 'code', type: 'text', value: (centre) => centre.code },
    { name: 'name', type: 'text', value: (centre) => centre.name },
    { name: 'kind', type: 'text', value: (centre) => centre.kind },
    { name: 'max_stay_days', type: 'int', value: (centre) => centre.maxStayDays },
    { name: 'initial_authorisation_days', type: 'int', value: () => world.options.initialAuthorisationDays },
    { name: 'timezone', type: 'text', value: () => 'Europe/Paris' },
    { name: 'created_at', type: 'ms', value: () => world.start - 30 * DAY },
  ], world.centres));
  progress('units', await insertRows(client, 'units', [
    { name: 'id', type: 'uuid', value: (_, i) => id('unit', i) },
    { name: 'centre_id', type: 'uuid', value: (unit) => id('centre', unit.centre) },
    { name: 'name', type: 'text', value: (unit) => unit.name },
    { name: 'housing', type: 'text', value: (unit) => unit.housing },
  ], world.units));
  progress('beds', await insertRows(client, 'beds', [
    { name: 'id', type: 'uuid', value: (_, i) => id('bed', i) },
    { name: 'unit_id', type: 'uuid', value: (bed) => id('unit', bed.unit) },
    { name: 'centre_id', type: 'uuid', value: (bed) => id('centre', bed.centre) },
    { name: 'label', type: 'text', value: (bed) => bed.label },
    { name: 'position', type: 'int', value: (bed) => bed.position },
    { name: 'in_service', type: 'bool', value: (bed) => bed.closedFrom > now },
    { name: 'out_of_service_reason', type: 'text', value: (bed) => (bed.closedFrom > now ? null : 'repair') },
  ], world.beds));
  const allCentres = world.centres.map((_, i) => id('centre', i));
  progress('users', await insertRows(client, 'users', [
    { name: 'id', type: 'uuid', value: (_, i) => id('user', i) },
    { name: 'email', type: 'text', value: (user) => user.email },
    { name: 'name', type: 'text', value: (user) => user.name },
    { name: 'role', type: 'text', value: (user) => user.role },
    { name: 'password_hash', type: 'text', value: () => passwordHash },
    { name: 'centre_ids', type: 'uuid[]', value: (user) => (user.centres === 'all' ? allCentres : user.centres.map((centre) => id('centre', centre))) },
    { name: 'locale', type: 'text', value: (user) => (user.role === 'funder' ? 'en' : 'fr') },
    { name: 'created_at', type: 'ms', value: () => world.start - 30 * DAY },
  ], world.users));
  progress('interceptions', await insertRows(client, 'interceptions', [
    { name: 'id', type: 'uuid', value: (_, i) => id('interception', i) },
    { name: 'occurred_at', type: 'ms', value: (row) => row.occurredAt },
    { name: 'location', type: 'text', value: (row) => row.location },
    { name: 'agency', type: 'text', value: (row) => row.agency },
    { name: 'group_size', type: 'int', value: (row) => row.groupSize },
    { name: 'recorded_by', type: 'uuid', value: (row) => id('user', row.recordedBy) },
    { name: 'created_at', type: 'ms', value: (row) => Math.min(now, row.occurredAt + 2 * HOUR) },
  ], world.interceptions));
  progress('households', await insertRows(client, 'households', [
    { name: 'id', type: 'uuid', value: (_, i) => id('household', i) },
    { name: 'label', type: 'text', value: (row) => row.label },
    { name: 'created_by', type: 'uuid', value: (row) => id('user', row.createdBy) },
    { name: 'created_at', type: 'ms', value: (row) => row.createdAt },
  ], world.households));

  // The search columns are made by the same functions the application uses.
  const textCache = new Map<string, string>();
  const skeletonCache = new Map<string, string>();
  const cached = (cache: Map<string, string>, make: (names: string[]) => string, name: string) => {
    let value = cache.get(name);
    if (value === undefined) {
      value = make([name]);
      cache.set(name, value);
    }
    return value;
  };
  const searchColumns = (names: string[]) => ({
    text: names.map((name) => cached(textCache, searchText, name)).filter(Boolean).join(' '),
    skeleton: names.map((name) => cached(skeletonCache, searchSkeleton, name)).filter(Boolean).join(' '),
  });
  // Who needs an interpreter follows the notice languages reviewed in this database.
  await recordNoticeLanguages(client, notices.templates, notices.reviewed, { userId: id('user', world.users.findIndex((user) => user.role === 'admin')), at: new Date(world.start - 30 * DAY) }, progress);
  const reviewed = new Set((await client.query<{ code: string }>(`SELECT code FROM reviewed_notice_languages`)).rows.map((row) => row.code));
  progress('people', await insertRows(client, 'people', [
    { name: 'id', type: 'uuid', value: (_, i) => id('person', i) },
    { name: 'family_name', type: 'text', value: (person) => person.familyName },
    { name: 'given_names', type: 'text', value: (person) => person.givenNames },
    { name: 'aliases', type: 'text[]', value: (person) => (person.alias ? [person.alias] : []) },
    { name: 'date_of_birth', type: 'date', value: (person) => person.dateOfBirth },
    { name: 'dob_estimated', type: 'bool', value: (person) => person.dobEstimated },
    { name: 'age_disputed', type: 'bool', value: (person) => person.ageDisputed },
    { name: 'sex', type: 'text', value: (person) => person.sex },
    { name: 'nationalities', type: 'char3[]', value: (person) => [person.nationality] },
    { name: 'languages', type: 'text[]', value: (person) => person.languages },
    { name: 'interpreter_needed', type: 'bool', value: (person) => !person.languages.some((language) => reviewed.has(language)) },
    { name: 'search_text', type: 'text', value: (person) => searchColumns([person.givenNames, person.familyName, ...(person.alias ? [person.alias] : [])]).text },
    { name: 'search_skeleton', type: 'text', value: (person) => searchColumns([person.givenNames, person.familyName, ...(person.alias ? [person.alias] : [])]).skeleton },
    { name: 'created_at', type: 'ms', value: (person) => person.createdAt },
  ], world.people));

  const histories = world.cases.map((episode) => caseHistory(world, episode));
  progress('cases', await insertRows(client, 'cases', [
    { name: 'id', type: 'uuid', value: (_, i) => id('case', i) },
    { name: 'person_id', type: 'uuid', value: (episode) => id('person', episode.person) },
    { name: 'centre_id', type: 'uuid', value: (episode) => id('centre', world.stays[episode.lastStay].centre) },
    { name: 'status', type: 'text', value: (_, i) => histories[i][histories[i].length - 1].status },
    { name: 'caseworker_id', type: 'uuid', value: (episode) => (episode.caseworker === null ? null : id('user', episode.caseworker)) },
    { name: 'opened_at', type: 'ms', value: (episode) => episode.openedAt },
    { name: 'closed_at', type: 'ms', value: (_, i) => (histories[i][histories[i].length - 1].status === 'closed' ? histories[i][histories[i].length - 1].at : null) },
    { name: 'created_at', type: 'ms', value: (episode) => episode.openedAt },
    { name: 'version', type: 'int', value: (_, i) => histories[i].length + (world.cases[i].caseworker === null ? 0 : 1) },
  ], world.cases));

  const extensionsPerStay = new Uint8Array(world.stays.length);
  for (const extension of world.extensions) extensionsPerStay[extension.stay] += 1;
  progress('stays', await insertRows(client, 'stays', [
    { name: 'id', type: 'uuid', value: (_, i) => id('stay', i) },
    { name: 'person_id', type: 'uuid', value: (stay) => id('person', stay.person) },
    { name: 'centre_id', type: 'uuid', value: (stay) => id('centre', stay.centre) },
    { name: 'unit_id', type: 'uuid', value: (stay) => id('unit', stay.unit) },
    { name: 'bed_id', type: 'uuid', value: (stay) => id('bed', stay.bed) },
    { name: 'case_id', type: 'uuid', value: (stay) => id('case', stay.caseIndex) },
    { name: 'household_id', type: 'uuid', value: (stay) => optional('household', stay.household) },
    { name: 'interception_id', type: 'uuid', value: (stay) => optional('interception', stay.interception) },
    { name: 'checked_in_at', type: 'ms', value: (stay) => stay.checkedInAt },
    { name: 'checked_out_at', type: 'ms', value: (stay) => (closed(stay) ? stay.endsAt : null) },
    { name: 'exit_reason', type: 'text', value: (stay) => (closed(stay) ? stay.exitReason : null) },
    { name: 'destination', type: 'text', value: (stay) => (closed(stay) ? stay.destination : null) },
    { name: 'legal_limit_at', type: 'ms', value: (stay) => stay.legalLimitAt },
    { name: 'authorised_until', type: 'ms', value: (stay) => stay.authorisedUntil },
    { name: 'rights_notified_at', type: 'ms', value: (stay) => stay.rightsNotifiedAt },
    { name: 'asylum_claim_window_ends_at', type: 'ms', value: (stay) => stay.asylumClaimWindowEndsAt },
    { name: 'age_assessment_required', type: 'bool', value: (stay) => stay.ageAssessmentRequired },
    { name: 'welfare_level', type: 'text', value: (stay) => (stay.heightenedAt === null ? 'standard' : 'heightened') },
    { name: 'next_welfare_check_due', type: 'ms', value: (stay) => scheduledNextCheck(stay, now) },
    { name: 'transferred_from_id', type: 'uuid', value: (stay) => optional('stay', stay.transferredFrom) },
    { name: 'checked_in_by', type: 'uuid', value: (stay) => id('user', world.centres[stay.centre].staffUser) },
    { name: 'checked_out_by', type: 'uuid', value: (stay) => (closed(stay) ? id('user', world.centres[stay.centre].staffUser) : null) },
    { name: 'created_at', type: 'ms', value: (stay) => stay.checkedInAt },
    { name: 'version', type: 'int', value: (stay, i) => 1 + (closed(stay) ? 1 : 0) + extensionsPerStay[i] + (stay.heightenedAt !== null && !stay.levelCarried ? 1 : 0) },
  ], world.stays));

  const changes = histories.flatMap((history, caseIndex) =>
    history.map((entry, i) => ({ caseIndex, from: i === 0 ? null : history[i - 1].status, to: entry.status, at: entry.at })),
  );
  progress('case status changes', await insertRows(client, 'case_status_changes', [
    { name: 'id', type: 'uuid', value: (_, i) => id('statusChange', i) },
    { name: 'case_id', type: 'uuid', value: (change) => id('case', change.caseIndex) },
    { name: 'from_status', type: 'text', value: (change) => change.from },
    { name: 'to_status', type: 'text', value: (change) => change.to },
    { name: 'at', type: 'ms', value: (change) => change.at },
    { name: 'recorded_at', type: 'ms', value: (change) => change.at },
    { name: 'by_user_id', type: 'uuid', value: (change) => {
      const episode = world.cases[change.caseIndex];
      return id('user', change.from === null || episode.caseworker === null ? world.centres[world.stays[episode.firstStay].centre].staffUser : episode.caseworker);
    } },
  ], changes));

  progress('stay extensions', await insertRows(client, 'stay_extensions', [
    { name: 'id', type: 'uuid', value: (_, i) => id('extension', i) },
    { name: 'stay_id', type: 'uuid', value: (row) => id('stay', row.stay) },
    { name: 'sequence_index', type: 'int', value: (row) => row.sequenceIndex },
    { name: 'decided_at', type: 'ms', value: (row) => row.decidedAt },
    { name: 'days', type: 'int', value: (row) => row.days },
    { name: 'decided_by', type: 'text', value: (row) => row.decidedBy },
    { name: 'previous_authorised_until', type: 'ms', value: (row) => row.previousAuthorisedUntil },
    { name: 'authorised_until', type: 'ms', value: (row) => row.authorisedUntil },
    { name: 'recorded_by', type: 'uuid', value: (row) => id('user', row.recordedBy) },
    { name: 'created_at', type: 'ms', value: (row) => Math.min(now, row.decidedAt + HOUR) },
  ], world.extensions));

  // Referrals, their steps, and the deadline tasks each step raised.
  const referrals: { caseIndex: number; detained: boolean; state: ReturnType<typeof referralState> }[] = [];
  world.cases.forEach((episode, caseIndex) => {
    if (!episode.referral) return;
    const detained = world.centres[world.stays[episode.firstStay].centre].kind === 'removal';
    referrals.push({ caseIndex, detained, state: referralState(episode.referral, detained) });
  });
  progress('referrals', await insertRows(client, 'referrals', [
    { name: 'id', type: 'uuid', value: (_, i) => id('referral', i) },
    { name: 'case_id', type: 'uuid', value: (row) => id('case', row.caseIndex) },
    { name: 'centre_id', type: 'uuid', value: (row) => id('centre', world.stays[world.cases[row.caseIndex].lastStay].centre) },
    { name: 'kind', type: 'text', value: () => 'asylum' },
    { name: 'status', type: 'text', value: (row) => world.cases[row.caseIndex].referral!.at(-1)!.status },
    { name: 'accelerated', type: 'bool', value: (row) => row.state.accelerated },
    { name: 'next_deadline_at', type: 'ms', value: (row) => row.state.deadline?.dueAt ?? null },
    { name: 'next_deadline_kind', type: 'text', value: (row) => row.state.deadline?.kind ?? null },
    { name: 'version', type: 'int', value: (row) => world.cases[row.caseIndex].referral!.length },
    { name: 'created_at', type: 'ms', value: (row) => world.cases[row.caseIndex].referral![0].at },
    { name: 'dublin_basis', type: 'text', value: (row) => (world.cases[row.caseIndex].referral!.some((step) => step.status === 'dublin_requested') ? DUBLIN_SEED_BASIS : null) },
  ], referrals));
  const transitions = referrals.flatMap((row, referral) =>
    world.cases[row.caseIndex].referral!.map((step, i, steps) => ({ referral, caseIndex: row.caseIndex, from: i === 0 ? null : steps[i - 1].status, to: step.status, at: step.at })),
  );
  const caseworkerOf = (caseIndex: number) => {
    const episode = world.cases[caseIndex];
    return id('user', episode.caseworker ?? world.centres[world.stays[episode.firstStay].centre].caseworkerUser);
  };
  progress('referral transitions', await insertRows(client, 'referral_transitions', [
    { name: 'id', type: 'uuid', value: (_, i) => id('transition', i) },
    { name: 'referral_id', type: 'uuid', value: (row) => id('referral', row.referral) },
    { name: 'from_status', type: 'text', value: (row) => row.from },
    { name: 'to_status', type: 'text', value: (row) => row.to },
    { name: 'at', type: 'ms', value: (row) => row.at },
    { name: 'recorded_at', type: 'ms', value: (row) => Math.min(now, row.at + 10 * 60_000) },
    { name: 'by_user_id', type: 'uuid', value: (row) => caseworkerOf(row.caseIndex) },
  ], transitions));

  const tasks = [
    ...referrals.flatMap((row) =>
      row.state.tasks.map(({ deadlineKind, ...task }) => ({ caseIndex: row.caseIndex, source: 'deadline', kind: 'deadline', params: { deadlineKind }, ...task })),
    ),
    ...world.vulnerabilities.map((row) => ({
      caseIndex: world.stays[row.stay].caseIndex,
      source: 'vulnerability',
      kind: 'vulnerability_review',
      params: { vulnerabilityType: row.type },
      dueAt: row.recordedAt + DAY,
      createdAt: row.recordedAt,
      doneAt: row.recordedAt + 6 * HOUR <= now ? row.recordedAt + 6 * HOUR : null,
    })),
  ];
  progress('tasks', await insertRows(client, 'tasks', [
    { name: 'id', type: 'uuid', value: (_, i) => id('task', i) },
    { name: 'case_id', type: 'uuid', value: (row) => id('case', row.caseIndex) },
    { name: 'source', type: 'text', value: (row) => row.source },
    { name: 'kind', type: 'text', value: (row) => row.kind },
    { name: 'params', type: 'jsonb', value: (row) => row.params },
    { name: 'due_at', type: 'ms', value: (row) => row.dueAt },
    { name: 'assigned_to', type: 'uuid', value: (row) => (world.cases[row.caseIndex].caseworker === null ? null : id('user', world.cases[row.caseIndex].caseworker!)) },
    { name: 'done_at', type: 'ms', value: (row) => row.doneAt },
    { name: 'created_by', type: 'uuid', value: (row) => caseworkerOf(row.caseIndex) },
    { name: 'created_at', type: 'ms', value: (row) => row.createdAt },
  ], tasks));

  progress('vulnerabilities', await insertRows(client, 'vulnerabilities', [
    { name: 'id', type: 'uuid', value: (_, i) => id('vulnerability', i) },
    { name: 'person_id', type: 'uuid', value: (row) => id('person', row.person) },
    { name: 'stay_id', type: 'uuid', value: (row) => id('stay', row.stay) },
    { name: 'type', type: 'text', value: (row) => row.type },
    { name: 'recorded_at', type: 'ms', value: (row) => row.recordedAt },
    { name: 'recorded_by', type: 'uuid', value: (row) => id('user', row.recordedBy) },
    { name: 'created_at', type: 'ms', value: (row) => row.recordedAt },
  ], world.vulnerabilities));
  const raised = world.stays.filter((stay) => stay.heightenedAt !== null && !stay.levelCarried);
  progress('welfare level changes', await insertRows(client, 'welfare_level_changes', [
    { name: 'id', type: 'uuid', value: (_, i) => id('levelChange', i) },
    { name: 'stay_id', type: 'uuid', value: (stay) => id('stay', stay.index) },
    { name: 'from_level', type: 'text', value: () => 'standard' },
    { name: 'to_level', type: 'text', value: () => 'heightened' },
    { name: 'vulnerability_type', type: 'text', value: (stay) => stay.heightenedBy },
    { name: 'at', type: 'ms', value: (stay) => stay.heightenedAt },
    { name: 'by_user_id', type: 'uuid', value: (stay) => id('user', world.centres[stay.centre].staffUser) },
  ], raised));
  progress('age assessments', await insertRows(client, 'age_assessments', [
    { name: 'id', type: 'uuid', value: (_, i) => id('ageAssessment', i) },
    { name: 'person_id', type: 'uuid', value: (row) => id('person', row.person) },
    { name: 'status', type: 'text', value: (row) => row.status },
    { name: 'outcome', type: 'text', value: (row) => row.outcome },
    { name: 'updated_at', type: 'ms', value: (row) => row.updatedAt },
    { name: 'updated_by', type: 'uuid', value: (row) => id('user', row.updatedBy) },
    { name: 'created_at', type: 'ms', value: (row) => Math.min(row.updatedAt, now) - HOUR },
  ], world.ageAssessments));

  // What the set-based steps need to know of the simulation: the welfare schedule of raised stays.
  await client.query(`CREATE TEMPORARY TABLE seed_heightened (stay_id uuid PRIMARY KEY, heightened_from timestamptz NOT NULL, carried boolean NOT NULL) ON COMMIT DROP`);
  await insertRows(client, 'seed_heightened', [
    { name: 'stay_id', type: 'uuid', value: (stay) => id('stay', stay.index) },
    { name: 'heightened_from', type: 'ms', value: (stay) => stay.heightenedAt },
    { name: 'carried', type: 'bool', value: (stay) => stay.levelCarried },
  ] satisfies Column<StayModel>[], world.stays.filter((stay) => stay.heightenedAt !== null));
  return { id };
}
