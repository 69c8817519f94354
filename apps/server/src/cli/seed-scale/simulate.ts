/**
 * The history of the centres, simulated in time order: boats intercepted at sea and people
 * placed in removal centres arrive, take a free bed that suits them (a family takes a family
 * unit of its own, a child alone too), stay, and leave for a reason; some are transferred to a
 * removal centre, some claim asylum. Everything the rules of Escale require holds by
 * construction: one person per bed at a time, one open stay per person, no minor in a
 * removal centre, stays within their legal maximum, case and referral moves that the state
 * machines allow.
 */
import { canMoveCase, type CaseStatus, type DeadlineKind, deadlineFor, type ReferralStatus } from '@escale/cases';
import { ageOn } from '@escale/people';
import { DEFAULT_VULNERABILITY_LEVELS, type VulnerabilityType } from '@escale/welfare';
import { COURTS, DESTINATIONS, NATIONALITIES, type NationalityProfile, RECEPTION_CENTRES, REMOVAL_CENTRES, AGENCIES, BEACHES } from './profiles.js';
import { Random } from './random.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
const MINUTE = 60_000;

export interface WorldOptions {
  years: number;
  centres: number;
  seed: number;
  /** The end of history: stays still running then are open. */
  now: number;
  removalMaxDays: number;
  receptionMaxDays: number;
  /** The judge's extensions, in order (26, 30, 15, 15 by default). */
  extensionDays: readonly number[];
  initialAuthorisationDays: number;
  asylumClaimWindowDays: number;
}

export type Housing = 'men' | 'women' | 'families' | 'mixed';
export type Sex = 'male' | 'female' | 'unknown';

export interface CentreModel {
  index: number;
  code: string;
  name: string;
  kind: 'removal' | 'reception';
  maxStayDays: number;
  units: UnitModel[];
  /** Per-centre staff and caseworker (indexes into users). */
  staffUser: number;
  caseworkerUser: number;
}

export interface UnitModel {
  index: number;
  centre: number;
  name: string;
  housing: Housing;
  beds: BedModel[];
  /** A family unit is held by one household until it leaves. */
  heldUntil: number;
}

export interface BedModel {
  index: number;
  unit: number;
  centre: number;
  label: string;
  position: number;
  /** Out of service from this time on (Infinity when in service). */
  closedFrom: number;
  freeAt: number;
}

export interface UserModel {
  email: string;
  name: string;
  role: 'admin' | 'staff' | 'caseworker' | 'funder' | 'auditor';
  centres: number[] | 'all';
}

export interface PersonModel {
  nationality: string;
  sex: Sex;
  familyName: string;
  givenNames: string;
  alias: string | null;
  dateOfBirth: string;
  dobEstimated: boolean;
  ageDisputed: boolean;
  languages: string[];
  createdAt: number;
  /** When the person's last stay ends (for people who are intercepted again). */
  freeFrom: number;
}

export interface HouseholdModel {
  label: string | null;
  createdBy: number;
  createdAt: number;
}

export interface InterceptionModel {
  occurredAt: number;
  location: string;
  agency: string;
  groupSize: number;
  recordedBy: number;
}

export interface StayModel {
  index: number;
  person: number;
  centre: number;
  unit: number;
  bed: number;
  caseIndex: number;
  household: number;
  interception: number;
  checkedInAt: number;
  /** The planned end; the stay is open when it falls after `now`. */
  endsAt: number;
  exitReason: string;
  destination: string | null;
  legalLimitAt: number;
  clockStart: number;
  /** Removal centres: the placement (clock) this stay belongs to. */
  clock: number;
  /** When its rights notice was handed over (the notification of rights), if it was by now. */
  rightsNotifiedAt: number | null;
  /** Removal centres: the asylum-claim window, which runs from the notification of rights. */
  asylumClaimWindowEndsAt: number | null;
  ageAssessmentRequired: boolean;
  /** The welfare level rose to heightened at this time (a vulnerability), or never. */
  heightenedAt: number | null;
  heightenedBy: VulnerabilityType | null;
  /** The level came with the person from the centre they were transferred from (no change of level recorded here). */
  levelCarried: boolean;
  transferredFrom: number;
  authorisedUntil: number | null;
}

export interface ReferralStep {
  status: ReferralStatus;
  at: number;
}

export interface CaseModel {
  person: number;
  openedAt: number;
  firstStay: number;
  lastStay: number;
  caseworker: number | null;
  referral: ReferralStep[] | null;
  /** A decision that ends a removal-centre stay, taken from the referral. */
  grantedAt: number | null;
  dublinAt: number | null;
}

export interface ClockModel {
  start: number;
  legalLimit: number;
  /** The stays of the placement, in order. */
  stays: number[];
}

export interface ExtensionModel {
  stay: number;
  sequenceIndex: number;
  decidedAt: number;
  days: number;
  decidedBy: string;
  previousAuthorisedUntil: number;
  authorisedUntil: number;
  recordedBy: number;
}

export interface VulnerabilityModel {
  person: number;
  stay: number;
  type: VulnerabilityType;
  recordedAt: number;
  recordedBy: number;
}

export interface AgeAssessmentModel {
  person: number;
  status: 'requested' | 'in_progress' | 'completed';
  outcome: 'adult' | 'minor' | 'inconclusive' | null;
  updatedAt: number;
  updatedBy: number;
}

export interface World {
  options: WorldOptions;
  start: number;
  centres: CentreModel[];
  units: UnitModel[];
  beds: BedModel[];
  users: UserModel[];
  people: PersonModel[];
  households: HouseholdModel[];
  interceptions: InterceptionModel[];
  stays: StayModel[];
  cases: CaseModel[];
  clocks: ClockModel[];
  extensions: ExtensionModel[];
  vulnerabilities: VulnerabilityModel[];
  ageAssessments: AgeAssessmentModel[];
  stats: { refused: number; repeatArrivals: number; transfersRefused: number };
}

type PartyKind = 'man' | 'woman' | 'unknown' | 'family' | 'child';

interface Party {
  kind: PartyKind;
  nationality: NationalityProfile;
  members: { sex: Sex; age: number; adult: boolean }[];
}

interface ArrivalEvent {
  at: number;
  seq: number;
  kind: 'boat' | 'placement' | 'transfer';
  size?: number;
  fromStay?: number;
}

/** Arrivals per reception bed, tuned so centres are mostly full in late summer and some boats find no room. */
const RECEPTION_LOAD = 0.55;

const BOAT_NATIONALITIES = NATIONALITIES.filter((profile) => profile.boatWeight > 0);
const BOAT_WEIGHTS = BOAT_NATIONALITIES.map((profile) => profile.boatWeight);
const REMOVAL_WEIGHTS = NATIONALITIES.map((profile) => profile.removalWeight);

/** Reasons a stay ends, with their weights, by kind of centre and kind of party. */
const RECEPTION_SINGLE_EXITS: [string, number][] = [
  ['other', 0.36],
  ['absconded', 0.24],
  ['moved_to_asylum_accommodation', 0.2],
  ['released_at_legal_limit', 0.08],
  ['hospitalised', 0.015],
  ['deceased', 0.0003],
];
const RECEPTION_FAMILY_EXITS: [string, number][] = [
  ['moved_to_asylum_accommodation', 0.45],
  ['other', 0.3],
  ['absconded', 0.15],
  ['released_at_legal_limit', 0.1],
];
const RECEPTION_CHILD_EXITS: [string, number][] = [
  ['moved_to_asylum_accommodation', 0.5],
  ['absconded', 0.35],
  ['other', 0.15],
];
const REMOVAL_EXITS: [string, number][] = [
  ['removed', 0.38],
  ['released_by_court', 0.27],
  ['released_at_legal_limit', 0.08],
  ['dublin_transfer', 0.06],
  ['transferred', 0.04],
  ['moved_to_asylum_accommodation', 0.03],
  ['other', 0.03],
  ['hospitalised', 0.02],
  ['absconded', 0.01],
  ['deceased', 0.0005],
];

const VULNERABILITIES: [VulnerabilityType, number][] = [
  ['mental_health', 0.3],
  ['serious_illness', 0.15],
  ['torture_survivor', 0.15],
  ['trafficking_indicators', 0.1],
  ['disability', 0.08],
  ['pregnancy', 0.1],
  ['lgbtqi_risk', 0.05],
  ['elderly', 0.04],
];

/** Binary heap of events by time, then by creation order, so runs are reproducible. */
class EventHeap {
  private readonly items: ArrivalEvent[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): ArrivalEvent | undefined {
    return this.items[0];
  }
  private less(a: ArrivalEvent, b: ArrivalEvent): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
  push(event: ArrivalEvent): void {
    const items = this.items;
    items.push(event);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }
  pop(): ArrivalEvent | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && this.less(items[left], items[smallest])) smallest = left;
        if (right < items.length && this.less(items[right], items[smallest])) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest], items[i]];
        i = smallest;
      }
    }
    return top;
  }
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const spellings = (name: string) => name.split('/');

export function simulateWorld(options: WorldOptions): World {
  const random = new Random(options.seed, 1);
  // A stream of its own, so that the rest of the history stays as it was for a seed.
  const handOvers = new Random(options.seed, 2);
  const start = options.now - Math.round(options.years * 365) * DAY;
  const world: World = {
    options,
    start,
    centres: [],
    units: [],
    beds: [],
    users: [],
    people: [],
    households: [],
    interceptions: [],
    stays: [],
    cases: [],
    clocks: [],
    extensions: [],
    vulnerabilities: [],
    ageAssessments: [],
    stats: { refused: 0, repeatArrivals: 0, transfersRefused: 0 },
  };
  buildCentres(world, random);
  const reception = world.centres.filter((centre) => centre.kind === 'reception');
  const removal = world.centres.filter((centre) => centre.kind === 'removal');
  const bedsOf = (centres: CentreModel[]) => centres.reduce((sum, centre) => sum + centre.units.reduce((n, unit) => n + unit.beds.length, 0), 0);

  // Arrival rates sized so centres run at about four fifths of their beds, fuller in late summer.
  const receptionPeoplePerDay = (bedsOf(reception) * RECEPTION_LOAD) / 2.2;
  const removalPerDay = (bedsOf(removal) * 0.88) / 33;
  const transferShare = reception.length ? Math.min(0.08, (0.3 * removalPerDay) / (receptionPeoplePerDay * 0.7)) : 0;
  const directRemovalPerDay = removalPerDay * (reception.length ? 0.7 : 1);

  const planned: ArrivalEvent[] = [];
  let seq = 0;
  const days = Math.round(options.years * 365);
  for (let day = 0; day < days; day++) {
    const dayStart = start + day * DAY;
    const dayOfYear = Math.floor((dayStart - Date.UTC(new Date(dayStart).getUTCFullYear(), 0, 1)) / DAY);
    const season = 1 + 0.5 * Math.cos((2 * Math.PI * (dayOfYear - 245)) / 365);
    // Boats leave on calm days: about seven days in ten.
    if (reception.length && random.chance(0.7)) {
      const boats = random.poisson((receptionPeoplePerDay * season) / 0.7 / 52);
      for (let b = 0; b < boats; b++) {
        const at = dayStart + random.between(2 * HOUR, 9 * HOUR);
        const size = random.chance(0.08) ? random.int(76, 95) : random.int(28, 75);
        if (at < options.now) planned.push({ at, seq: seq++, kind: 'boat', size });
      }
    }
    if (removal.length) {
      const placements = random.poisson(directRemovalPerDay);
      for (let p = 0; p < placements; p++) {
        const at = dayStart + random.between(6 * HOUR, 21 * HOUR);
        if (at < options.now) planned.push({ at, seq: seq++, kind: 'placement' });
      }
    }
  }
  planned.sort((a, b) => a.at - b.at || a.seq - b.seq);

  const transfers = new EventHeap();
  /** People who left freely and may be intercepted again, by sex. */
  const returning: Record<'male' | 'female', number[]> = { male: [], female: [] };
  let lastBoat = -1;
  let next = 0;

  const newPerson = (profile: NationalityProfile, sex: Sex, age: number, at: number, family?: string, familyLanguages?: string[]): number => {
    const givenPool = sex === 'female' ? profile.female : sex === 'male' ? profile.male : random.chance(0.5) ? profile.male : profile.female;
    const given = spellings(random.pick(givenPool));
    const familyName = family ?? random.pick(profile.family);
    const surname = spellings(familyName);
    const adult = age >= 18;
    const estimated = adult ? random.chance(0.12) : random.chance(0.5);
    const atDate = new Date(at);
    let dateOfBirth: string;
    if (estimated) {
      // An estimated date of birth is recorded as the first of January of the year given.
      const recordedAge = adult ? Math.max(18, Math.round(age)) : Math.floor(age);
      dateOfBirth = `${atDate.getUTCFullYear() - recordedAge}-01-01`;
    } else {
      dateOfBirth = isoDate(at - Math.round(age * 365.25 * DAY));
      if (adult && ageOn(dateOfBirth, atDate) < 18) dateOfBirth = isoDate(at - Math.round(18.2 * 365.25 * DAY));
      if (!adult && ageOn(dateOfBirth, atDate) >= 18) dateOfBirth = isoDate(at - Math.round(17.5 * 365.25 * DAY));
    }
    let alias: string | null = null;
    if ((given.length > 1 || surname.length > 1) && random.chance(0.14)) {
      alias = `${random.pick(given.length > 1 ? given.slice(1) : given)} ${random.pick(surname.length > 1 ? surname.slice(1) : surname)}`;
    }
    const languages = familyLanguages ?? drawLanguages(profile, random);
    world.people.push({
      nationality: profile.code,
      sex,
      familyName: surname[0],
      givenNames: given[0],
      alias,
      dateOfBirth,
      dobEstimated: estimated,
      ageDisputed: false,
      languages,
      createdAt: at,
      freeFrom: Number.POSITIVE_INFINITY,
    });
    return world.people.length - 1;
  };

  const newCase = (person: number, at: number, centre: CentreModel, stay: number): number => {
    world.cases.push({ person, openedAt: at, firstStay: stay, lastStay: stay, caseworker: centre.kind === 'removal' ? centre.caseworkerUser : null, referral: null, grantedAt: null, dublinAt: null });
    return world.cases.length - 1;
  };

  /** Opens a stay on a bed already chosen; the caller decides when and why it ends. */
  const openStay = (input: { person: number; centre: CentreModel; bed: BedModel; household: number; interception: number; at: number; caseIndex?: number; transferredFrom?: number; clock?: number }): StayModel => {
    const index = world.stays.length;
    const person = world.people[input.person];
    const caseIndex = input.caseIndex ?? newCase(input.person, input.at, input.centre, index);
    if (input.caseIndex !== undefined) world.cases[caseIndex].lastStay = index;
    let clock = -1;
    let legalLimitAt = input.at + input.centre.maxStayDays * DAY;
    let clockStart = input.at;
    if (input.centre.kind === 'removal') {
      if (input.clock !== undefined) {
        clock = input.clock;
        legalLimitAt = world.clocks[clock].legalLimit;
        clockStart = world.clocks[clock].start;
        world.clocks[clock].stays.push(index);
      } else {
        world.clocks.push({ start: input.at, legalLimit: legalLimitAt, stays: [index] });
        clock = world.clocks.length - 1;
      }
    }
    // The rights notice, made two minutes after arrival, is handed over 10 minutes to two hours
    // after that; a placement going on in another removal centre keeps the notification it had
    // at the transfer (StaysService.transfer).
    let rightsNotifiedAt: number | null = null;
    let asylumClaimWindowEndsAt: number | null = null;
    if (input.clock !== undefined && input.transferredFrom !== undefined) {
      const from = world.stays[input.transferredFrom];
      if (from.rightsNotifiedAt !== null && from.rightsNotifiedAt <= input.at) {
        rightsNotifiedAt = from.rightsNotifiedAt;
        asylumClaimWindowEndsAt = from.asylumClaimWindowEndsAt;
      }
    } else {
      const handedOver = Math.round(input.at + 2 * MINUTE + (10 + handOvers.next() * 110) * MINUTE);
      if (handedOver <= options.now) {
        rightsNotifiedAt = handedOver;
        if (input.centre.kind === 'removal') asylumClaimWindowEndsAt = handedOver + options.asylumClaimWindowDays * DAY;
      }
    }
    const stay: StayModel = {
      index,
      person: input.person,
      centre: input.centre.index,
      unit: input.bed.unit,
      bed: input.bed.index,
      caseIndex,
      household: input.household,
      interception: input.interception,
      checkedInAt: input.at,
      endsAt: input.at,
      exitReason: 'other',
      destination: null,
      legalLimitAt,
      clockStart,
      clock,
      rightsNotifiedAt,
      asylumClaimWindowEndsAt,
      ageAssessmentRequired: person.dobEstimated || person.ageDisputed,
      heightenedAt: null,
      heightenedBy: null,
      levelCarried: false,
      transferredFrom: input.transferredFrom ?? -1,
      authorisedUntil: null,
    };
    world.stays.push(stay);
    return stay;
  };

  const settle = (stay: StayModel, reason: string, endsAt: number) => {
    stay.exitReason = reason;
    stay.endsAt = Math.max(stay.checkedInAt + 10 * MINUTE, Math.min(endsAt, stay.legalLimitAt));
    const pool = DESTINATIONS[reason];
    stay.destination = pool ? random.pick(pool) : null;
    world.beds[stay.bed].freeAt = stay.endsAt;
    const person = world.people[stay.person];
    person.freeFrom = stay.endsAt;
    maybeVulnerable(stay);
    if (reason === 'transferred' && stay.endsAt < options.now) transfers.push({ at: stay.endsAt, seq: seq++, kind: 'transfer', fromStay: stay.index });
  };

  const maybeVulnerable = (stay: StayModel) => {
    const person = world.people[stay.person];
    const age = ageOn(person.dateOfBirth, new Date(stay.checkedInAt));
    const centre = world.centres[stay.centre];
    let type: VulnerabilityType | null = null;
    if (age < 18 && stay.household >= 0 && world.households[stay.household].label === null) type = 'minor';
    else if (random.chance(0.06)) {
      type = VULNERABILITIES[random.weighted(VULNERABILITIES.map(([, weight]) => weight))][0];
      if (type === 'pregnancy' && (person.sex !== 'female' || age < 16 || age > 45)) type = 'mental_health';
      if (type === 'elderly' && age < 60) type = 'serious_illness';
    }
    if (!type) return;
    const length = stay.endsAt - stay.checkedInAt;
    const recordedAt = stay.checkedInAt + Math.min(length * random.between(0.05, 0.5), random.between(HOUR, 3 * DAY));
    if (recordedAt > options.now) return;
    world.vulnerabilities.push({ person: stay.person, stay: stay.index, type, recordedAt, recordedBy: centre.staffUser });
    if (DEFAULT_VULNERABILITY_LEVELS[type] === 'heightened' && stay.heightenedAt === null) {
      stay.heightenedAt = recordedAt;
      stay.heightenedBy = type;
    }
  };

  /** A bed going out of service takes no one who could still be there when it closes. */
  const usable = (centre: CentreModel, bed: BedModel, at: number) => at + centre.maxStayDays * DAY < bed.closedFrom;

  /** A free bed in a unit that may house this person, as the allocator chooses it. */
  const freeBed = (centre: CentreModel, sex: Sex, at: number): BedModel | null => {
    const housings: Housing[] = sex === 'male' ? ['men', 'mixed'] : sex === 'female' ? ['women', 'mixed'] : ['mixed'];
    for (const housing of housings) {
      for (const unit of centre.units) {
        if (unit.housing !== housing) continue;
        for (const bed of unit.beds) if (bed.freeAt <= at && usable(centre, bed, at)) return bed;
      }
    }
    return null;
  };

  /** An empty family unit with room for the whole household. */
  const freeFamilyUnit = (centre: CentreModel, size: number, at: number): UnitModel | null => {
    let best: UnitModel | null = null;
    for (const unit of centre.units) {
      if (unit.housing !== 'families' || unit.heldUntil > at) continue;
      const open = unit.beds.filter((bed) => bed.freeAt <= at && usable(centre, bed, at));
      if (open.length < size || open.length !== unit.beds.filter((bed) => usable(centre, bed, at)).length) continue;
      if (!best || unit.beds.length < best.beds.length) best = unit;
    }
    return best;
  };

  const drawParty = (boatNationality: NationalityProfile): Party => {
    const profile = random.chance(0.55) ? boatNationality : BOAT_NATIONALITIES[random.weighted(BOAT_WEIGHTS)];
    const roll = random.next();
    // Families are about a fifth of the people on a boat, and children alone a few in a hundred.
    const familyShare = profile.familyShare * 0.5;
    if (roll < familyShare) {
      const adults = random.chance(0.7) ? 2 : 1;
      const children = random.weighted([0.1, 0.35, 0.3, 0.17, 0.08]) + (adults === 1 ? 1 : 0);
      const fatherAge = random.between(24, 50);
      const motherAge = Math.max(19, fatherAge - random.between(0, 8));
      const members: Party['members'] = [];
      if (adults === 2) members.push({ sex: 'male', age: fatherAge, adult: true }, { sex: 'female', age: motherAge, adult: true });
      else members.push({ sex: random.chance(0.7) ? 'female' : 'male', age: motherAge, adult: true });
      for (let c = 0; c < children; c++) members.push({ sex: random.chance(0.5) ? 'male' : 'female', age: random.between(0, Math.min(17.9, motherAge - 16)), adult: false });
      return { kind: 'family', nationality: profile, members: members.slice(0, 6) };
    }
    if (roll < familyShare + profile.childAloneShare) {
      return { kind: 'child', nationality: profile, members: [{ sex: random.chance(0.92) ? 'male' : 'female', age: random.between(14, 17.95), adult: false }] };
    }
    if (roll < familyShare + profile.childAloneShare + profile.womanShare) {
      return { kind: 'woman', nationality: profile, members: [{ sex: 'female', age: 18 + random.logNormal(9, 0.6), adult: true }] };
    }
    const sex: Sex = random.chance(0.002) ? 'unknown' : 'male';
    return { kind: sex === 'unknown' ? 'unknown' : 'man', nationality: profile, members: [{ sex, age: Math.min(70, 18 + random.logNormal(8, 0.6)), adult: true }] };
  };

  const receptionStayEnd = (stay: StayModel, kind: PartyKind) => {
    const table = kind === 'family' ? RECEPTION_FAMILY_EXITS : kind === 'child' ? RECEPTION_CHILD_EXITS : RECEPTION_SINGLE_EXITS;
    const reasons: [string, number][] = kind === 'man' || kind === 'woman' ? [...table, ['transferred', transferShare]] : table;
    const reason = reasons[random.weighted(reasons.map(([, weight]) => weight))][0];
    if (reason === 'released_at_legal_limit') return { reason, endsAt: stay.legalLimitAt - random.between(0, 6 * HOUR) };
    const median = kind === 'family' ? 3 : kind === 'child' ? 2.5 : 1.8;
    const days = Math.min(options.receptionMaxDays - 0.25, Math.max(0.125, random.logNormal(median, 0.6)));
    return { reason, endsAt: stay.checkedInAt + days * DAY };
  };

  const removalDuration = (reason: string): number => {
    switch (reason) {
      case 'released_by_court':
        return random.chance(0.4) ? random.between(1.5, 4) : random.between(5, 80);
      case 'removed':
        return Math.min(89, Math.max(2, random.logNormal(34, 0.6)));
      case 'dublin_transfer':
        return random.between(8, 45);
      case 'released_at_legal_limit':
        return options.removalMaxDays - random.between(0, 0.25);
      case 'moved_to_asylum_accommodation':
        return random.between(5, 30);
      case 'transferred':
        return random.between(2, 30);
      default:
        return random.between(1, 40);
    }
  };

  /** How a removal-centre stay ends: its own reason, unless the asylum procedure ends it first. */
  const removalStayEnd = (stay: StayModel) => {
    const episode = world.cases[stay.caseIndex];
    let reason = REMOVAL_EXITS[random.weighted(REMOVAL_EXITS.map(([, weight]) => weight))][0];
    const elapsed = stay.checkedInAt - stay.clockStart;
    let endsAt = stay.clockStart + Math.max(elapsed + random.between(0.5, 3) * DAY, removalDuration(reason) * DAY);
    if (reason === 'released_at_legal_limit') endsAt = stay.legalLimitAt - random.between(0, 6 * HOUR);
    if (episode.grantedAt !== null && episode.grantedAt >= stay.checkedInAt && episode.grantedAt < endsAt) {
      reason = 'moved_to_asylum_accommodation';
      endsAt = episode.grantedAt + random.between(2 * HOUR, DAY);
    } else if (episode.dublinAt !== null && episode.dublinAt >= stay.checkedInAt && episode.dublinAt < stay.legalLimitAt) {
      reason = 'dublin_transfer';
      endsAt = episode.dublinAt + random.between(2, 20) * DAY;
    }
    if (endsAt >= stay.legalLimitAt) {
      reason = 'released_at_legal_limit';
      endsAt = stay.legalLimitAt - random.between(0, 6 * HOUR);
    }
    return { reason, endsAt };
  };

  const placeSingle = (centres: CentreModel[], sex: Sex, at: number): { centre: CentreModel; bed: BedModel } | null => {
    for (const centre of centres) {
      const bed = freeBed(centre, sex, at);
      if (bed) return { centre, bed };
    }
    return null;
  };

  const shuffled = <T>(items: T[]): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  };

  const processBoat = (event: ArrivalEvent) => {
    const order = shuffled(reception);
    const recorder = order[0];
    world.interceptions.push({ occurredAt: event.at, location: random.pick(BEACHES), agency: random.pick(AGENCIES), groupSize: event.size!, recordedBy: recorder.staffUser });
    const interception = world.interceptions.length - 1;
    lastBoat = interception;
    const boatNationality = BOAT_NATIONALITIES[random.weighted(BOAT_WEIGHTS)];
    let clock = event.at + random.between(1.5 * HOUR, 5 * HOUR);
    let remaining = event.size!;
    while (remaining > 0) {
      const party = drawParty(boatNationality);
      party.members = party.members.slice(0, remaining);
      remaining -= party.members.length;
      const at = clock;
      clock += party.members.length * random.between(3 * MINUTE, 8 * MINUTE);
      if (at >= options.now) continue;
      if (party.kind === 'family' || party.kind === 'child') placeHousehold(order, party, at, interception);
      else placeAdult(order, party, at, interception);
    }
  };

  const placeAdult = (order: CentreModel[], party: Party, at: number, interception: number) => {
    const member = party.members[0];
    const place = placeSingle(order, member.sex, at);
    if (!place) {
      world.stats.refused += 1;
      return;
    }
    let person = -1;
    const pool = member.sex === 'unknown' ? null : returning[member.sex];
    if (pool && pool.length > 0 && random.chance(0.06)) {
      const slot = Math.floor(random.next() * pool.length);
      const candidate = pool[slot];
      if (world.people[candidate].freeFrom + 3 * DAY <= at) {
        person = candidate;
        pool[slot] = pool[pool.length - 1];
        pool.pop();
        world.stats.repeatArrivals += 1;
      }
    }
    if (person < 0) person = newPerson(party.nationality, member.sex, member.age, at);
    const stay = openStay({ person, centre: place.centre, bed: place.bed, household: -1, interception, at });
    maybeClaimAsylum(stay, party.kind === 'woman' ? 0.08 : 0.04);
    const end = receptionStayEnd(stay, party.kind);
    const reason = end.reason === 'transferred' && world.cases[stay.caseIndex].referral ? 'moved_to_asylum_accommodation' : end.reason;
    settle(stay, reason, end.endsAt);
    if (pool && (reason === 'other' || reason === 'absconded') && stay.endsAt < options.now) pool.push(person);
  };

  const placeHousehold = (order: CentreModel[], party: Party, at: number, interception: number) => {
    for (const centre of order) {
      const unit = freeFamilyUnit(centre, party.members.length, at);
      if (!unit) continue;
      const child = party.kind === 'child';
      const familyName = random.pick(party.nationality.family);
      const languages = drawLanguages(party.nationality, random);
      world.households.push({ label: child ? null : `Famille ${spellings(familyName)[0]}`, createdBy: centre.staffUser, createdAt: at });
      const household = world.households.length - 1;
      const beds = unit.beds.filter((bed) => bed.freeAt <= at && usable(centre, bed, at));
      const stays: StayModel[] = [];
      party.members.forEach((member, i) => {
        const person = newPerson(party.nationality, member.sex, member.age, at, child ? undefined : familyName, child ? undefined : languages);
        if (child) {
          world.people[person].ageDisputed = random.chance(0.35);
          world.people[person].dobEstimated ||= world.people[person].ageDisputed;
        }
        stays.push(openStay({ person, centre, bed: beds[i], household, interception, at: at + i * MINUTE }));
      });
      maybeClaimAsylum(stays[0], child ? 0.1 : 0.2);
      const end = receptionStayEnd(stays[stays.length - 1], party.kind);
      for (const stay of stays) {
        settle(stay, end.reason, end.endsAt);
        if (stay.ageAssessmentRequired) assessAge(stay, 'reception');
      }
      unit.heldUntil = Math.max(...stays.map((stay) => stay.endsAt));
      for (const bed of unit.beds) bed.freeAt = Math.max(bed.freeAt, unit.heldUntil);
      return;
    }
    world.stats.refused += party.members.length;
  };

  const processPlacement = (event: ArrivalEvent) => {
    const profile = NATIONALITIES[random.weighted(REMOVAL_WEIGHTS)];
    const sex: Sex = random.chance(profile.womanShare + 0.04) ? 'female' : 'male';
    const place = placeSingle(shuffled(removal), sex, event.at);
    if (!place) {
      world.stats.refused += 1;
      return;
    }
    const age = Math.min(65, 18 + random.logNormal(12, 0.5));
    const person = newPerson(profile, sex, age, event.at);
    if (random.chance(0.015)) {
      world.people[person].ageDisputed = true;
      world.people[person].dobEstimated = true;
      world.people[person].dateOfBirth = `${new Date(event.at).getUTCFullYear() - 19}-01-01`;
    }
    const interception = lastBoat >= 0 && world.interceptions[lastBoat].occurredAt > event.at - 3 * DAY && random.chance(0.25) ? lastBoat : -1;
    const stay = openStay({ person, centre: place.centre, bed: place.bed, household: -1, interception, at: event.at });
    maybeClaimAsylum(stay, ['DZA', 'MAR', 'TUN', 'ALB'].includes(profile.code) ? 0.12 : 0.35);
    const end = removalStayEnd(stay);
    settle(stay, end.reason, end.endsAt);
    if (stay.ageAssessmentRequired) assessAge(stay, 'removal');
  };

  const processTransfer = (event: ArrivalEvent) => {
    const from = world.stays[event.fromStay!];
    const person = world.people[from.person];
    const fromCentre = world.centres[from.centre];
    const targets = shuffled(removal.filter((centre) => centre.index !== from.centre));
    const place = placeSingle(targets, person.sex, event.at);
    const sameClock = fromCentre.kind === 'removal';
    if (!place || (sameClock && event.at >= from.legalLimitAt - DAY)) {
      world.stats.transfersRefused += 1;
      from.exitReason = fromCentre.kind === 'removal' ? 'removed' : 'other';
      from.destination = random.pick(DESTINATIONS[from.exitReason]);
      return;
    }
    from.destination = place.centre.name;
    const stay = openStay({
      person: from.person,
      centre: place.centre,
      bed: place.bed,
      household: -1,
      interception: from.interception,
      at: event.at,
      caseIndex: from.caseIndex,
      transferredFrom: event.fromStay!,
      clock: sameClock ? from.clock : undefined,
    });
    stay.heightenedAt = from.heightenedAt !== null ? event.at : null;
    stay.levelCarried = stay.heightenedAt !== null;
    const episode = world.cases[stay.caseIndex];
    episode.caseworker = place.centre.caseworkerUser;
    if (!sameClock && !episode.referral) maybeClaimAsylum(stay, 0.3);
    const end = removalStayEnd(stay);
    settle(stay, end.reason, end.endsAt);
  };

  const maybeClaimAsylum = (stay: StayModel, probability: number) => {
    const episode = world.cases[stay.caseIndex];
    if (episode.referral || !random.chance(probability)) return;
    const centre = world.centres[stay.centre];
    const detained = centre.kind === 'removal';
    const at = stay.checkedInAt + (detained ? random.between(0.3, 4.5) : random.between(0.2, 1.5)) * DAY;
    if (at >= options.now) return;
    episode.referral = asylumProcedure(random, at, detained, options.now);
    episode.caseworker ??= centre.caseworkerUser;
    for (const step of episode.referral) {
      if (step.status === 'decided_granted' || step.status === 'appeal_granted') episode.grantedAt ??= step.at;
      if (step.status === 'dublin_transferred') episode.dublinAt = step.at;
    }
  };

  const assessAge = (stay: StayModel, kind: 'reception' | 'removal') => {
    const person = world.people[stay.person];
    if (!person.ageDisputed) return;
    const updatedAt = stay.checkedInAt + random.between(2, 10) * DAY;
    const done = updatedAt <= options.now;
    world.ageAssessments.push({
      person: stay.person,
      status: done ? 'completed' : 'in_progress',
      outcome: done ? (kind === 'removal' ? 'adult' : random.chance(0.6) ? 'minor' : 'inconclusive') : null,
      updatedAt: done ? updatedAt : stay.checkedInAt + HOUR,
      updatedBy: world.centres[stay.centre].staffUser,
    });
  };

  // Runs the arrivals in time order; transfers are decided as stays end, so they join as they come.
  for (;;) {
    const heapTop = transfers.peek();
    const plannedTop = planned[next];
    if (!heapTop && !plannedTop) break;
    const useHeap = heapTop && (!plannedTop || heapTop.at < plannedTop.at || (heapTop.at === plannedTop.at && heapTop.seq < plannedTop.seq));
    const event = useHeap ? transfers.pop()! : planned[next++];
    if (event.kind === 'boat') processBoat(event);
    else if (event.kind === 'placement') processPlacement(event);
    else processTransfer(event);
  }

  grantExtensions(world, random);
  for (const stay of world.stays) {
    // Welfare levels rise only on vulnerabilities recorded while the stay runs.
    if (stay.heightenedAt !== null && (stay.heightenedAt >= stay.endsAt || stay.heightenedAt > options.now)) stay.heightenedAt = null;
  }
  return world;
}

function drawLanguages(profile: NationalityProfile, random: Random): string[] {
  const main = profile.languages[random.weighted(profile.languages.map(([, weight]) => weight))][0];
  const languages = [main];
  for (const [code, weight] of profile.languages) if (code !== main && random.chance(weight * 0.3)) languages.push(code);
  if (random.chance(profile.english)) languages.push('en');
  if (random.chance(profile.french)) languages.push('fr');
  return languages;
}

/**
 * The asylum procedure of one claim, step by step (DOMAIN.md): in a removal centre OFPRA
 * decides within 96 hours of lodging; outside, the procedure takes months. Steps after `now`
 * have not happened yet.
 */
/** The seeded Dublin requests all rest on a Eurodac hit. */
export const DUBLIN_SEED_BASIS = 'eurodac_hit' as const;

const includesDublinRequest = (steps: ReferralStep[]) => steps.some((step) => step.status === 'dublin_requested');

export function asylumProcedure(random: Random, draftAt: number, detained: boolean, now: number): ReferralStep[] {
  const steps: ReferralStep[] = [{ status: 'draft', at: draftAt }];
  let at = draftAt;
  const step = (status: ReferralStatus, afterDays: number) => {
    at += afterDays * DAY;
    steps.push({ status, at });
  };
  step('submitted', random.between(0.05, detained ? 0.5 : 2));
  step('registered', detained ? random.between(0.5, 2) : random.between(2, 10));
  let dublinRefused = false;
  if (random.chance(detained ? 0.15 : 0.12)) {
    // Requests rest on a Eurodac hit: the other state answers within two weeks, almost always accepting.
    step('dublin_requested', random.between(5, detained ? 25 : 60));
    if (random.chance(0.9)) {
      step('dublin_accepted', random.between(2, 14));
      step('dublin_transferred', random.between(detained ? 5 : 20, detained ? 25 : 120));
      return steps.filter((entry) => entry.at <= now);
    }
    step('lodged', random.between(2, 14));
    dublinRefused = true;
  }
  if (dublinRefused) {
    continueInFrance();
  } else if (random.chance(0.04)) {
    step('withdrawn', random.between(1, 10));
  } else {
    step('lodged', detained ? random.between(0.3, 1.5) : random.between(5, 20));
    continueInFrance();
  }
  return steps.filter((entry) => entry.at <= now);

  function continueInFrance() {
    if (!detained || random.chance(0.5)) step('interview_scheduled', detained ? random.between(0.2, 1) : random.between(30, 120));
    const granted = random.chance(detained ? 0.1 : 0.4);
    step(granted ? 'decided_granted' : 'decided_refused', detained ? random.between(0.5, 2) : random.between(14, 90));
    if (!granted && random.chance(detained ? 0.5 : 0.75)) {
      step('appeal_lodged', detained ? random.between(1, 2) : random.between(7, 30));
      step(random.chance(detained ? 0.12 : 0.25) ? 'appeal_granted' : 'appeal_refused', detained ? random.between(7, 35) : random.between(60, 150));
    }
  }
}

/** Judges' extensions of each removal-centre placement, granted the day before authority ends, as long as the placement lasts. */
function grantExtensions(world: World, random: Random): void {
  const { options } = world;
  for (const clock of world.clocks) {
    const stays = clock.stays.map((index) => world.stays[index]);
    const last = stays[stays.length - 1];
    const end = last.endsAt;
    let authorised = clock.start + options.initialAuthorisationDays * DAY;
    const granted: { decidedAt: number; previous: number; until: number; days: number }[] = [];
    for (const days of options.extensionDays) {
      if (end <= authorised) break;
      const decidedAt = authorised - DAY + random.between(0, 6 * HOUR);
      if (decidedAt > options.now) break;
      const until = Math.min(authorised + days * DAY, clock.legalLimit);
      granted.push({ decidedAt, previous: authorised, until, days });
      authorised = until;
    }
    const court = random.pick(COURTS);
    granted.forEach((extension, sequenceIndex) => {
      const holder = clock.stays.find((index) => world.stays[index].checkedInAt <= extension.decidedAt && extension.decidedAt < world.stays[index].endsAt) ?? clock.stays[clock.stays.length - 1];
      world.extensions.push({
        stay: holder,
        sequenceIndex,
        decidedAt: extension.decidedAt,
        days: extension.days,
        decidedBy: court,
        previousAuthorisedUntil: extension.previous,
        authorisedUntil: extension.until,
        recordedBy: world.centres[world.stays[holder].centre].staffUser,
      });
    });
    for (const stay of stays) {
      const until = Math.min(stay.endsAt, options.now);
      let value = clock.start + options.initialAuthorisationDays * DAY;
      for (const extension of granted) if (extension.decidedAt < until) value = extension.until;
      stay.authorisedUntil = value;
    }
  }
}

function buildCentres(world: World, random: Random): void {
  const { options } = world;
  const count = options.centres;
  const removalCount = count >= 2 ? Math.max(1, Math.round(count * 0.4)) : 0;
  const users = world.users;
  users.push(
    { email: 'admin@scale.example', name: 'Scale Admin', role: 'admin', centres: [] },
    { email: 'staff@scale.example', name: 'Camille Scale', role: 'staff', centres: 'all' },
    { email: 'caseworker@scale.example', name: 'Yasmina Scale', role: 'caseworker', centres: 'all' },
    { email: 'funder@scale.example', name: 'Thomas Scale', role: 'funder', centres: [] },
    { email: 'auditor@scale.example', name: 'Élise Scale', role: 'auditor', centres: [] },
  );
  for (let i = 0; i < count; i++) {
    const removal = i < removalCount;
    const names = removal ? REMOVAL_CENTRES : RECEPTION_CENTRES;
    const position = removal ? i : i - removalCount;
    const [baseCode, baseName] = names[position % names.length];
    const round = Math.floor(position / names.length);
    const code = round === 0 ? baseCode : `${baseCode}-${round + 1}`;
    const name = round === 0 ? baseName : `${baseName} ${round + 1}`;
    users.push({ email: `staff.${code.toLowerCase()}@scale.example`, name: `Équipe ${code}`, role: 'staff', centres: [i] });
    users.push({ email: `caseworker.${code.toLowerCase()}@scale.example`, name: `Juriste ${code}`, role: 'caseworker', centres: [i] });
    const centre: CentreModel = {
      index: i,
      code,
      name,
      kind: removal ? 'removal' : 'reception',
      maxStayDays: removal ? options.removalMaxDays : options.receptionMaxDays,
      units: [],
      staffUser: users.length - 2,
      caseworkerUser: users.length - 1,
    };
    world.centres.push(centre);
    const addUnit = (unitName: string, housing: Housing, beds: number, prefix: string) => {
      const unit: UnitModel = { index: world.units.length, centre: i, name: unitName, housing, beds: [], heldUntil: 0 };
      world.units.push(unit);
      centre.units.push(unit);
      for (let b = 1; b <= beds; b++) {
        // A few beds are out of service at the end (repairs): they took no one in their last month.
        const closedFrom = random.chance(0.02) ? options.now - random.between(1, 30) * DAY : Number.POSITIVE_INFINITY;
        const bed: BedModel = { index: world.beds.length, unit: unit.index, centre: i, label: `${prefix}${b}`, position: b, closedFrom, freeAt: 0 };
        world.beds.push(bed);
        unit.beds.push(bed);
      }
    };
    if (removal) {
      const wings = random.int(2, 4);
      for (let w = 0; w < wings; w++) {
        const letter = String.fromCharCode(65 + w);
        addUnit(`Bâtiment ${letter} — hommes`, 'men', random.int(20, 30), letter);
      }
      addUnit('Bâtiment F — femmes', 'women', random.int(8, 16), 'F');
    } else {
      const dorms = random.int(4, 5);
      for (let d = 0; d < dorms; d++) addUnit(`Dortoir hommes ${d + 1}`, 'men', random.int(18, 24), `H${d + 1}-`);
      addUnit('Dortoir femmes', 'women', random.int(14, 22), 'F');
      addUnit('Salle mixte', 'mixed', 4, 'M');
      const rooms = random.int(6, 9);
      for (let r = 0; r < rooms; r++) addUnit(`Chambre famille ${r + 1}`, 'families', random.int(4, 6), `C${r + 1}-`);
    }
  }
}

/** A case's status history, following the case state machine, from how its stays and referral ended. */
export function caseHistory(world: World, episode: CaseModel): { status: CaseStatus; at: number }[] {
  const now = world.options.now;
  const last = world.stays[episode.lastStay];
  const first = world.stays[episode.firstStay];
  const centre = world.centres[first.centre];
  const history: { status: CaseStatus; at: number }[] = [{ status: 'open', at: episode.openedAt }];
  const move = (status: CaseStatus, at: number) => {
    const current = history[history.length - 1];
    if (at > now || at < current.at || current.status === status) return;
    if (!canMoveCase(current.status, status)) {
      if (status === 'closed' && canMoveCase(current.status, 'released')) history.push({ status: 'released', at });
      else return;
    }
    history.push({ status, at });
  };
  // What moved the case, in the order it happened; once closed, later steps of the procedure happen elsewhere.
  const moves: { status: CaseStatus; at: number }[] = [];
  const referral = episode.referral ?? [];
  const submitted = referral.find((step) => step.status === 'submitted');
  if (centre.kind === 'removal' && (!submitted || submitted.at > first.checkedInAt + 2 * DAY)) moves.push({ status: 'removal_pending', at: first.checkedInAt + Math.min(2 * DAY, (last.endsAt - first.checkedInAt) / 3) });
  if (submitted) moves.push({ status: 'asylum_in_progress', at: submitted.at });
  for (const step of referral) {
    if (step.status === 'dublin_accepted') moves.push({ status: 'dublin_transfer_pending', at: step.at });
    if (step.status === 'lodged' && includesDublinRequest(referral)) moves.push({ status: 'asylum_in_progress', at: step.at });
    if (step.status === 'decided_granted' || step.status === 'appeal_granted') moves.push({ status: 'protection_granted', at: step.at });
    if (step.status === 'appeal_refused' || (step.status === 'decided_refused' && centre.kind === 'removal')) moves.push({ status: 'removal_pending', at: step.at });
  }
  if (last.endsAt <= now) {
    const released = ['released_by_court', 'released_at_legal_limit', 'moved_to_asylum_accommodation', 'other', 'hospitalised'].includes(last.exitReason);
    if (released) moves.push({ status: 'released', at: last.endsAt });
    moves.push({ status: 'closed', at: last.endsAt + (released ? Math.min(3 * DAY, Math.max(0, now - last.endsAt) / 2) : 0) });
  }
  moves.sort((a, b) => a.at - b.at);
  for (const next of moves) if (history[history.length - 1].status !== 'closed') move(next.status, next.at);
  return history;
}

/** The deadline in force on a referral now, and the tasks its moves raised (DOMAIN.md clocks). */
export function referralState(steps: ReferralStep[], detained: boolean) {
  const tasks: { deadlineKind: DeadlineKind; dueAt: number; createdAt: number; doneAt: number | null }[] = [];
  let accelerated = false;
  let deadline: { kind: string; dueAt: number } | null = null;
  steps.forEach((step, index) => {
    if (index === 0) return;
    accelerated = accelerated || detained || (steps[index - 1].status === 'lodged' && step.status.startsWith('decided_'));
    const due = deadlineFor(step.status, new Date(step.at), { detained, accelerated, dublin: { basis: DUBLIN_SEED_BASIS } });
    deadline = due ? { kind: due.kind, dueAt: due.dueAt.getTime() } : null;
    if (due) {
      const following = steps[index + 1];
      tasks.push({ deadlineKind: due.kind, dueAt: due.dueAt.getTime(), createdAt: step.at, doneAt: following ? following.at : null });
    }
  });
  return { accelerated, deadline: deadline as { kind: string; dueAt: number } | null, tasks };
}
