import { AlertsService } from '@escale/alerts';
import { UsersService } from '@escale/auth';
import { type CentreKind, CentresService, DutyContactsService } from '@escale/centres';
import { ageOn, PeopleService } from '@escale/people';
import { type Actor, type AppConfig, type FixedClock, isLanguageCode } from '@escale/platform';
import type { NoticesService } from '@escale/notices';
import { type ExitReason, HoldingAuthorityService, StaysService, type StayView } from '@escale/stays';
import { type VulnerabilityType, WelfareService } from '@escale/welfare';
import type { DataSource } from 'typeorm';
import { planCentres } from '../world/centres.js';
import { AGENCIES, type Arrival, boatload, LANDING_PLACES } from '../world/people.js';
import { Random, randomFor } from '../world/random.js';
import {
  ACKNOWLEDGEMENT,
  AGE_ASSESSMENT,
  ARRIVALS,
  CHECKS,
  JUDGE,
  MEDICAL,
  NATIONAL_ARRIVALS_PER_DAY,
  NATIONAL_CENTRES,
  PLACEMENT,
  RECEPTION_EXIT,
  REMOVAL_EXIT,
  TIME,
  VULNERABILITIES,
} from '../world/rates.js';
import { EventQueue } from './event-queue.js';
import type { Reader } from './reader.js';
import { attempt, must, SimulationBug } from './simulation-bug.js';

const { MINUTE, HOUR, DAY } = TIME;

/** The real services the world acts through, from the application's container. */
export interface Services {
  dataSource: DataSource;
  /** The simulation's own reads, on a connection of their own. */
  reader: Reader;
  clock: FixedClock;
  config: AppConfig;
  users: UsersService;
  centres: CentresService;
  dutyContacts: DutyContactsService;
  people: PeopleService;
  stays: StaysService;
  holding: HoldingAuthorityService;
  welfare: WelfareService;
  alerts: AlertsService;
  notices: NoticesService;
}

/** What the world tried: the counts that show each zero among the figures was earned. */
export interface TriedCounts {
  days: number;
  badWeatherDays: number;
  boats: number;
  arrivals: number;
  families: number;
  familyMembers: number;
  disputedAgesArrived: number;
  minorsArrived: number;
  checkIns: number;
  placedByPrefectInRemoval: number;
  ageDisputedRefusedAtRemoval: number;
  minorsRefusedAtRemoval: number;
  noBedAvailable: number;
  waitingListed: number;
  familiesWaiting: number;
  transfers: number;
  transfersRefused: number;
  releases: number;
  welfareChecks: number;
  lateChecks: number;
  missedChecks: number;
  checksAfterDue: number;
  vulnerabilities: number;
  levelsLowered: number;
  ageAssessmentsRequested: number;
  ageAssessmentsCompleted: number;
  assessedAdult: number;
  assessedMinor: number;
  assessedInconclusive: number;
  extensionsGranted: number;
  lateExtensionsTried: number;
  lateExtensionsRefused: number;
  extensionRefusals: number;
  extensionNotAllowed: number;
  releasedAfterAuthorityExpired: number;
  medicalReportsSent: number;
  medicalRepliesOnTime: number;
  medicalRepliesLate: number;
  medicalReportsNeverAnswered: number;
  alertsAcknowledged: number;
  alertsAcknowledgedLate: number;
  alertsNeverAcknowledged: number;
  escalationsReceived: number;
  alertsAcknowledgedByDuty: number;
}

export const emptyTried = (): TriedCounts => ({
  days: 0,
  badWeatherDays: 0,
  boats: 0,
  arrivals: 0,
  families: 0,
  familyMembers: 0,
  disputedAgesArrived: 0,
  minorsArrived: 0,
  checkIns: 0,
  placedByPrefectInRemoval: 0,
  ageDisputedRefusedAtRemoval: 0,
  minorsRefusedAtRemoval: 0,
  noBedAvailable: 0,
  waitingListed: 0,
  familiesWaiting: 0,
  transfers: 0,
  transfersRefused: 0,
  releases: 0,
  welfareChecks: 0,
  lateChecks: 0,
  missedChecks: 0,
  checksAfterDue: 0,
  vulnerabilities: 0,
  levelsLowered: 0,
  ageAssessmentsRequested: 0,
  ageAssessmentsCompleted: 0,
  assessedAdult: 0,
  assessedMinor: 0,
  assessedInconclusive: 0,
  extensionsGranted: 0,
  lateExtensionsTried: 0,
  lateExtensionsRefused: 0,
  extensionRefusals: 0,
  extensionNotAllowed: 0,
  releasedAfterAuthorityExpired: 0,
  medicalReportsSent: 0,
  medicalRepliesOnTime: 0,
  medicalRepliesLate: 0,
  medicalReportsNeverAnswered: 0,
  alertsAcknowledged: 0,
  alertsAcknowledgedLate: 0,
  alertsNeverAcknowledged: 0,
  escalationsReceived: 0,
  alertsAcknowledgedByDuty: 0,
});

export interface SimCentre {
  id: string;
  code: string;
  name: string;
  kind: CentreKind;
  staff: Actor[];
  caseworker: Actor;
  /** The duty manager, who is told when an urgent alert is escalated. */
  duty: Actor;
  turn: number;
}

interface Placement {
  stayId: string;
  centre: SimCentre;
  token: number;
  checkedInAt: number;
  legalLimitAt: number;
  authorisedUntil: number | null;
  /** When the world means this stay to end (removal centres). */
  leaveAt: number;
}

interface Family {
  familyName: string;
  members: Resident[];
  householdId: string | null;
  centre: SimCentre | null;
  waiting: boolean;
}

interface Boat {
  interceptionId: string;
  port: SimCentre;
}

interface Resident {
  serial: number;
  arrival: Arrival;
  boat: Boat;
  family: Family | null;
  personId: string | null;
  stay: Placement | null;
  /** The centre that held the person last (for replies recorded after they left). */
  lastCentre: SimCentre | null;
  /** Bumped at every placement and departure: events planned for an earlier stay see they are stale. */
  token: number;
  departed: boolean;
  assessed: 'adult' | 'minor' | 'inconclusive' | null;
  /** A single man the prefect places in a removal centre. */
  toRemoval: boolean;
  /** A disputed age or minor whom someone first tries to place in a removal centre. */
  triedAtRemoval: boolean;
  waiting: boolean;
}

interface CheckPlan {
  due: number;
  performAt: number;
  kind: 'on_time' | 'late' | 'missed';
  outcome: 'seen_well' | 'concern_raised' | 'refused' | 'not_present';
}

const iso = (ms: number) => new Date(ms).toISOString();
const quarterAfter = (ms: number) => Math.ceil(ms / (15 * MINUTE)) * 15 * MINUTE;
const quarterBefore = (ms: number) => Math.floor(ms / (15 * MINUTE)) * 15 * MINUTE;
const floorMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;
const ceilMinute = (ms: number) => Math.ceil(ms / MINUTE) * MINUTE;
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * The simulated world: centres and their staff, boats and the people on them, judges, doctors,
 * the département's age assessments. It acts only through the services, as staff would through
 * the API, at the simulated minute the clock shows; the simulation loop runs the scan, the
 * escalation and the outbox jobs around it.
 */
export class World {
  readonly tried = emptyTried();
  readonly queue = new EventQueue();
  centres: SimCentre[] = [];
  private receptions: SimCentre[] = [];
  private removals: SimCentre[] = [];
  private admin!: Actor;
  private serial = 0;
  private readonly byPerson = new Map<string, Resident>();
  private readonly byStay = new Map<string, Resident>();
  private readonly checkPlans = new Map<string, CheckPlan>();
  private readonly seenAlerts = new Set<string>();
  /** When the next delayed outbox job falls due (jobs due at once are run as soon as they are written). */
  nextJobAt = 0;
  /** Why each step was taken: what was due at it first. */
  readonly stepReasons = new Map<string, number>();
  private roundGeneration = 0;
  private nextRoundAt = Number.POSITIVE_INFINITY;

  constructor(
    private readonly s: Services,
    private readonly seed: number,
    private readonly start: number,
    private readonly days: number,
    private readonly centreCount: number,
  ) {}

  private now(): number {
    return this.s.clock.now().getTime();
  }

  // ——— Setting up: centres, units, beds, staff, duty contacts ———

  async setUp(): Promise<void> {
    const firstAdmin = this.s.config.firstAdmin;
    if (!firstAdmin) throw new SimulationBug('the configuration names no first admin (ESCALE_ADMIN_EMAIL, ESCALE_ADMIN_PASSWORD)');
    const admin = await this.s.users.findByEmail(firstAdmin.email);
    if (!admin) throw new SimulationBug(`the first admin ${firstAdmin.email} was not created at start-up`);
    this.admin = { userId: admin.id, role: 'admin', centreIds: [], origin: 'simulator' };
    const random = new Random(this.seed).fork('centres');
    const password = () => Array.from({ length: 24 }, () => random.pick([...PASSWORD_ALPHABET])).join('');
    for (const plan of planCentres(random, this.centreCount)) {
      const centre = await must(`creating centre ${plan.code}`, () =>
        this.s.centres.createCentre(this.admin, { code: plan.code, name: plan.name, kind: plan.kind, maxStayDays: plan.maxStayDays, timezone: 'Europe/Paris' }),
      );
      for (const unitPlan of plan.units) {
        const unit = await must(`creating unit ${plan.code}/${unitPlan.name}`, () => this.s.centres.createUnit(this.admin, centre.id, { name: unitPlan.name, housing: unitPlan.housing }));
        await must(`creating beds of ${plan.code}/${unitPlan.name}`, () =>
          this.s.centres.createBeds(this.admin, unit.id, Array.from({ length: unitPlan.beds }, (_, i) => `${unitPlan.name.slice(-1)}${i + 1}`)),
        );
      }
      const user = async (role: 'staff' | 'caseworker', label: string) => {
        const created = await must(`creating ${role} ${label} of ${plan.code}`, () =>
          this.s.users.createUser(this.admin, {
            email: `${label}.${plan.code.toLowerCase()}@simulation.escale.invalid`,
            name: `${label} ${plan.code}`,
            role,
            password: password(),
            centreIds: [centre.id],
          }),
        );
        return { userId: created.id, role, centreIds: [centre.id], origin: 'simulator' } satisfies Actor;
      };
      const staff = [await user('staff', 'day-shift'), await user('staff', 'night-shift'), await user('staff', 'reliever')];
      const caseworker = await user('caseworker', 'caseworker');
      const duty = await user('staff', 'duty-manager');
      // Every centre has one or two duty contacts for the escalation of unacknowledged urgent alerts.
      const contacts = plan.kind === 'removal' ? [duty.userId, caseworker.userId] : [duty.userId];
      await must(`setting the duty contacts of ${plan.code}`, () => this.s.dutyContacts.set(this.admin, centre.id, contacts));
      this.centres.push({ id: centre.id, code: plan.code, name: plan.name, kind: plan.kind, staff, caseworker, duty, turn: 0 });
    }
    this.receptions = this.centres.filter((centre) => centre.kind === 'reception');
    this.removals = this.centres.filter((centre) => centre.kind === 'removal');
    for (let day = 0; day < this.days; day++) {
      this.queue.schedule(this.start + day * DAY, 'plan the day', () => this.planDay(day));
    }
    this.scheduleRound(this.start);
  }

  /**
   * What people do in the ordinary course of a day (a departure, an assessment, a retry...) happens
   * on the quarter hour: fewer minutes to step through, and no deadline of the rules moves.
   */
  private routine(at: number, label: string, run: () => Promise<void>, notBefore = this.now()): void {
    this.queue.schedule(quarterAfter(at), label, run, notBefore);
  }

  private staffOf(centre: SimCentre): Actor {
    centre.turn = (centre.turn + 1) % centre.staff.length;
    return centre.staff[centre.turn];
  }

  // ——— Arrivals ———

  /** Crossings of the day: none in bad weather; more in late summer; mostly at night. */
  private async planDay(day: number): Promise<void> {
    this.tried.days += 1;
    const random = randomFor(this.seed, 'day', day);
    const dayStart = this.start + day * DAY;
    if (random.chance(ARRIVALS.badWeatherDays)) {
      this.tried.badWeatherDays += 1;
      return;
    }
    const date = new Date(dayStart);
    const dayOfYear = Math.floor((dayStart - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY);
    const season = 1 + ARRIVALS.seasonalSwing * Math.sin((2 * Math.PI * (dayOfYear - 140)) / 365);
    const people = ((NATIONAL_ARRIVALS_PER_DAY * this.centreCount) / NATIONAL_CENTRES) * season / (1 - ARRIVALS.badWeatherDays);
    const boats = random.poisson(people / ((ARRIVALS.boatSizeMin + ARRIVALS.boatSizeMax) / 2));
    for (let i = 0; i < boats; i++) {
      // Night is 22:00-07:00 in Paris: 21:00-06:00 UTC, near enough all year.
      const offset = random.between(0, 9 * HOUR);
      const at = random.chance(ARRIVALS.atNight) ? (offset < 3 * HOUR ? dayStart + 21 * HOUR + offset : dayStart + offset - 3 * HOUR) : dayStart + random.between(6 * HOUR, 21 * HOUR);
      const size = random.int(ARRIVALS.boatSizeMin, ARRIVALS.boatSizeMax);
      this.queue.schedule(at, 'a boat is intercepted', () => this.boatLands(day, i, size), this.now());
    }
  }

  private async boatLands(day: number, index: number, size: number): Promise<void> {
    const random = randomFor(this.seed, 'boat', day, index);
    const now = this.now();
    const [port] = await this.receptionsByRoom();
    const interception = await must('recording an interception', () =>
      this.s.stays.createInterception(this.staffOf(port), { occurredAt: iso(now), location: random.pick(LANDING_PLACES), agency: random.pick(AGENCIES), groupSize: size }),
    );
    const boat: Boat = { interceptionId: interception.id, port };
    this.tried.boats += 1;
    const groups = new Map<number, Resident[]>();
    for (const arrival of boatload(random, size, new Date(now))) {
      const resident: Resident = {
        serial: ++this.serial,
        arrival,
        boat,
        family: null,
        personId: null,
        stay: null,
        lastCentre: null,
        token: 0,
        departed: false,
        assessed: null,
        toRemoval: arrival.group === 'singleMan' && this.removals.length > 0 && random.chance(PLACEMENT.singleManToRemoval),
        triedAtRemoval:
          this.removals.length > 0 &&
          ((arrival.ageDisputed && random.chance(PLACEMENT.disputedTriedAtRemoval)) || (arrival.recordedMinor && arrival.group === 'unaccompaniedMinor' && random.chance(PLACEMENT.minorTriedAtRemoval))),
        waiting: false,
      };
      this.tried.arrivals += 1;
      if (arrival.ageDisputed) this.tried.disputedAgesArrived += 1;
      if (arrival.recordedMinor) this.tried.minorsArrived += 1;
      groups.set(arrival.groupIndex, [...(groups.get(arrival.groupIndex) ?? []), resident]);
    }
    const ordered = [...groups.values()].sort((a, b) => rankOf(a[0]) - rankOf(b[0]));
    for (const members of ordered) {
      if (members[0].arrival.group === 'family') {
        const family: Family = { familyName: members[0].arrival.record.familyName, members, householdId: null, centre: null, waiting: false };
        for (const member of members) member.family = family;
        this.tried.families += 1;
        this.tried.familyMembers += members.length;
      }
    }
    // Staff check people in from an hour or two after the interception, several at a time; families first.
    const start = now + random.between(ARRIVALS.processingDelayMin, ARRIVALS.processingDelayMax);
    let processed = 0;
    for (const members of ordered) {
      const at = start + Math.floor(processed / ARRIVALS.checkInsPerMinute) * MINUTE;
      const family = members[0].family;
      this.queue.schedule(at, 'check-in', () => (family ? this.placeFamily(family) : this.placeSingle(members[0])), now);
      processed += members.length;
    }
  }

  /** Free beds per centre, as staff see them on the board. */
  private async freeBeds(): Promise<Map<string, number>> {
    const rows = await this.s.reader.query<{ centre_id: string; free: number }>(
      'free_beds',
      `SELECT centre_id, count(*) FILTER (WHERE in_service AND NOT occupied)::int AS free FROM beds GROUP BY centre_id`,
    );
    return new Map(rows.map((row) => [row.centre_id, row.free]));
  }

  private async receptionsByRoom(port?: SimCentre): Promise<SimCentre[]> {
    const free = await this.freeBeds();
    const sorted = [...this.receptions].sort((a, b) => (free.get(b.id) ?? 0) - (free.get(a.id) ?? 0) || a.code.localeCompare(b.code));
    return port ? [port, ...sorted.filter((centre) => centre !== port)] : sorted;
  }

  private async removalsByRoom(except?: SimCentre): Promise<SimCentre[]> {
    const free = await this.freeBeds();
    return this.removals.filter((centre) => centre !== except).sort((a, b) => (free.get(b.id) ?? 0) - (free.get(a.id) ?? 0) || a.code.localeCompare(b.code));
  }

  private refused(code: string): void {
    if (code === 'NO_BED_AVAILABLE') this.tried.noBedAvailable += 1;
    else if (code === 'AGE_DISPUTED') this.tried.ageDisputedRefusedAtRemoval += 1;
    else if (code === 'MINOR_NOT_ALLOWED') this.tried.minorsRefusedAtRemoval += 1;
  }

  private async placeSingle(resident: Resident): Promise<void> {
    if (resident.stay || resident.departed) return;
    const receptions = await this.receptionsByRoom(resident.boat.port);
    let candidates = receptions;
    if (resident.toRemoval) candidates = [...(await this.removalsByRoom()), ...receptions];
    else if (resident.triedAtRemoval) candidates = [(await this.removalsByRoom())[0], ...receptions];
    resident.triedAtRemoval = false;
    // Someone on the waiting list is tried again where the board shows a bed that could be theirs.
    if (resident.waiting) candidates = (await this.suitable(resident, candidates)).slice(0, 1);
    for (const centre of candidates) {
      const result = await attempt(`check-in of arrival ${resident.serial} (${resident.arrival.group}) at ${centre.code}`, ['NO_BED_AVAILABLE', 'AGE_DISPUTED', 'MINOR_NOT_ALLOWED'], () =>
        this.s.stays.checkIn(this.staffOf(centre), centre.id, { person: resident.arrival.record, interceptionId: resident.boat.interceptionId }),
      );
      if (result.ok) {
        if (centre.kind === 'removal' && resident.toRemoval) this.tried.placedByPrefectInRemoval += 1;
        this.placed(resident, result.value.person.id, result.value.stay, centre, 'arrival');
        return;
      }
      this.refused(result.code);
    }
    // No bed anywhere: on the waiting list, and tried again later; never turned away unrecorded.
    if (!resident.waiting) this.tried.waitingListed += 1;
    resident.waiting = true;
    const random = randomFor(this.seed, 'wait', resident.serial, this.now());
    this.routine(this.now() + random.between(ARRIVALS.waitingRetryMin, ARRIVALS.waitingRetryMax), 'waiting list', () => this.placeSingle(resident));
  }

  /** The candidates whose board shows a free bed this person could be given (a lone minor or presumed minor needs an empty family room). */
  private async suitable(resident: Resident, candidates: SimCentre[]): Promise<SimCentre[]> {
    const lone = resident.arrival.group === 'unaccompaniedMinor' || (resident.arrival.ageDisputed && resident.assessed !== 'adult');
    if (lone) {
      const rooms = await this.largestEmptyFamilyRooms();
      return candidates.filter((centre) => centre.kind === 'reception' && (rooms.get(centre.id) ?? 0) > 0);
    }
    const housings = resident.arrival.record.sex === 'female' ? ['women', 'mixed'] : ['men', 'mixed'];
    const rows = await this.s.reader.query<{ centre_id: string }>(
      'suitable_beds',
      `SELECT DISTINCT b.centre_id FROM beds b JOIN units u ON u.id = b.unit_id WHERE b.in_service AND NOT b.occupied AND u.housing = ANY($1)`,
      [housings],
    );
    const free = new Set(rows.map((row) => row.centre_id));
    return candidates.filter((centre) => free.has(centre.id));
  }

  /** Family rooms that are empty, by centre: the largest one's beds (a household takes a room of its own). */
  private async largestEmptyFamilyRooms(): Promise<Map<string, number>> {
    const rows = await this.s.reader.query<{ centre_id: string; beds: number }>(
      'empty_family_rooms',
      `SELECT u.centre_id, max(n.beds)::int AS beds FROM units u
         JOIN LATERAL (SELECT count(*) FILTER (WHERE b.in_service) AS beds, bool_or(b.occupied) AS taken FROM beds b WHERE b.unit_id = u.id) n ON true
        WHERE u.housing = 'families' AND NOT n.taken GROUP BY u.centre_id`,
    );
    return new Map(rows.map((row) => [row.centre_id, row.beds]));
  }

  private async placeFamily(family: Family): Promise<void> {
    const pending = family.members.filter((member) => !member.stay && !member.departed);
    if (pending.length === 0) return;
    const present = family.members.some((member) => member.stay);
    let centre = present ? family.centre : null;
    if (!centre) {
      const rooms = await this.largestEmptyFamilyRooms();
      centre = (await this.receptionsByRoom(family.members[0].boat.port)).find((candidate) => (rooms.get(candidate.id) ?? 0) >= pending.length) ?? null;
      if (!centre) {
        if (!family.waiting) this.tried.familiesWaiting += 1;
        family.waiting = true;
        this.retryFamily(family);
        return;
      }
      family.centre = centre;
    }
    const staff = this.staffOf(centre);
    if (!family.householdId) family.householdId = (await must('creating a household', () => this.s.people.createHousehold(staff, `Famille ${family.familyName}`))).id;
    for (const member of pending) {
      const result = await attempt(`check-in of family member ${member.serial} at ${centre.code}`, ['NO_BED_AVAILABLE'], () =>
        this.s.stays.checkIn(staff, centre.id, { person: member.arrival.record, interceptionId: member.boat.interceptionId, householdId: family.householdId! }),
      );
      if (!result.ok) {
        this.refused(result.code);
        this.retryFamily(family);
        return;
      }
      this.placed(member, result.value.person.id, result.value.stay, centre, 'arrival');
    }
    this.planFamilyExit(family);
  }

  private retryFamily(family: Family): void {
    const random = randomFor(this.seed, 'family-wait', family.members[0].serial, this.now());
    this.routine(this.now() + random.between(ARRIVALS.waitingRetryMin, ARRIVALS.waitingRetryMax), 'family waiting list', () => this.placeFamily(family));
  }

  /** A stay has opened, at arrival or by transfer: the world plans what happens next. */
  private placed(resident: Resident, personId: string, stay: StayView, centre: SimCentre, via: 'arrival' | 'transfer'): void {
    const first = resident.personId === null;
    resident.personId = personId;
    resident.token += 1;
    resident.waiting = false;
    resident.stay = {
      stayId: stay.id,
      centre,
      token: resident.token,
      checkedInAt: Date.parse(stay.checkedInAt),
      legalLimitAt: Date.parse(stay.legalLimitAt),
      authorisedUntil: stay.authorisedUntil ? Date.parse(stay.authorisedUntil) : null,
      leaveAt: Number.POSITIVE_INFINITY,
    };
    resident.lastCentre = centre;
    this.byPerson.set(personId, resident);
    this.byStay.set(stay.id, resident);
    if (via === 'arrival') this.tried.checkIns += 1;
    if (first) this.screen(resident);
    this.planRightsHandOver(resident, stay.id);
    this.planMedicalReport(resident);
    if (centre.kind === 'removal') this.planRemoval(resident);
    else if (!resident.family) this.planReceptionExit(resident);
  }

  /**
   * Staff print the rights notice and hand it over within the first hour or two, through an
   * interpreter by phone when the person reads no reviewed translation; the hand-over opens a
   * removal stay's asylum window. A notice not made yet is looked for again a quarter later.
   */
  private planRightsHandOver(resident: Resident, stayId: string): void {
    const token = resident.token;
    const random = randomFor(this.seed, 'rights', resident.serial, this.now());
    const handOver = async (): Promise<void> => {
      const stay = resident.stay;
      if (resident.token !== token || !stay) return;
      const [notice] = await this.s.reader.query<{ id: string; language: string; interpreter_needed: boolean }>(
        'rights_notice_to_hand_over',
        `SELECT id, language, interpreter_needed FROM notices WHERE dedupe_key = $1 AND status = 'rendered'`,
        [`rights_on_arrival:${stayId}`],
      );
      if (!notice) {
        if ((await this.s.reader.query<{ id: string }>('rights_notice_made', `SELECT id FROM notices WHERE dedupe_key = $1`, [`rights_on_arrival:${stayId}`])).length === 0) {
          this.routine(this.now() + 15 * MINUTE, 'rights notice handed over', handOver);
        }
        return;
      }
      // The interpreter speaks the person's first language the register can name (Sudanese Arabic for a Fur speaker).
      const spoken = resident.arrival.record.languages.find((code) => code !== notice.language && isLanguageCode(code)) ?? 'ar';
      const interpreter = notice.interpreter_needed ? { mode: 'phone' as const, name: 'Interprétariat par téléphone', language: spoken } : { mode: 'none' as const };
      await attempt(`rights notice of arrival ${resident.serial}`, [], () => this.s.notices.handOver(this.staffOf(stay.centre), notice.id, { language: notice.language, interpreter }));
    };
    this.routine(this.now() + random.between(10 * MINUTE, 100 * MINUTE), 'rights notice handed over', handOver);
  }

  // ——— Leaving ———

  private async depart(resident: Resident, token: number, reason: Exclude<ExitReason, 'transferred'>, destination?: string): Promise<void> {
    const stay = resident.stay;
    if (resident.token !== token || !stay) return;
    await must(`check-out of arrival ${resident.serial} (${reason}) from ${stay.centre.code}`, () =>
      this.s.stays.checkOut(this.staffOf(stay.centre), stay.stayId, { reason, ...(destination ? { destination } : {}) }),
    );
    this.left(resident);
  }

  private left(resident: Resident): void {
    resident.stay = null;
    resident.departed = true;
    resident.token += 1;
    this.tried.releases += 1;
  }

  /** Transfers the person to `target`; on an expected refusal returns false (and counts it). */
  private async transfer(resident: Resident, token: number, target: SimCentre | undefined, why: string): Promise<boolean> {
    const stay = resident.stay;
    if (resident.token !== token || !stay || !target) return false;
    const result = await attempt(`transfer of arrival ${resident.serial} from ${stay.centre.code} to ${target.code} (${why})`, ['NO_BED_AVAILABLE', 'AGE_DISPUTED', 'MINOR_NOT_ALLOWED'], () =>
      this.s.stays.transfer(this.staffOf(stay.centre), stay.stayId, { toCentreId: target.id }),
    );
    if (!result.ok) {
      this.refused(result.code);
      this.tried.transfersRefused += 1;
      return false;
    }
    this.tried.transfers += 1;
    this.placed(resident, resident.personId!, result.value, target, 'transfer');
    return true;
  }

  private planReceptionExit(resident: Resident): void {
    const stay = resident.stay!;
    const token = stay.token;
    const now = this.now();
    const random = randomFor(this.seed, 'reception-exit', resident.serial, stay.checkedInAt);
    if (resident.arrival.group === 'unaccompaniedMinor') {
      this.routine(now + random.between(12 * HOUR, 72 * HOUR), 'a minor leaves for child protection', () => this.depart(resident, token, 'other', 'Aide sociale à l’enfance'));
      return;
    }
    if (resident.arrival.ageDisputed && resident.assessed !== 'adult') {
      // Until the assessment decides, the person stays; at the latest they leave for a shelter for minors before the legal limit.
      this.routine(stay.legalLimitAt - random.between(4 * HOUR, 8 * HOUR), 'a presumed minor leaves for a shelter', () => this.depart(resident, token, 'other', 'Mise à l’abri, aide sociale à l’enfance'), now);
      return;
    }
    const latest = stay.legalLimitAt - 2 * HOUR;
    const at = Math.min(now + random.between(RECEPTION_EXIT.minDays * DAY, RECEPTION_EXIT.maxDays * DAY), latest);
    const reason = random.weighted(RECEPTION_EXIT.reasons);
    this.routine(at, `reception exit: ${reason}`, () => this.receptionExit(resident, token, reason), now);
  }

  private async receptionExit(resident: Resident, token: number, reason: keyof typeof RECEPTION_EXIT.reasons): Promise<void> {
    if (resident.token !== token || !resident.stay) return;
    const single = resident.arrival.group === 'singleMan' || resident.arrival.group === 'singleWoman' || (resident.arrival.ageDisputed && resident.assessed === 'adult');
    if (reason === 'transfer_to_removal' && single && resident.arrival.record.sex === 'male') {
      if (await this.transfer(resident, token, (await this.removalsByRoom())[0], 'placed in a removal centre')) return;
    } else if (reason === 'transfer_to_reception' && single) {
      const target = (await this.receptionsByRoom()).find((centre) => centre !== resident.stay!.centre);
      if (await this.transfer(resident, token, target, 'moved to another reception centre')) return;
    }
    if (resident.token !== token) return;
    switch (reason) {
      case 'moved_to_asylum_accommodation':
        return this.depart(resident, token, 'moved_to_asylum_accommodation', 'HUDA du Nord');
      case 'absconded':
        return this.depart(resident, token, 'absconded');
      case 'dublin_transfer':
        return this.depart(resident, token, 'dublin_transfer');
      case 'hospitalised':
        return this.depart(resident, token, 'hospitalised', 'Centre hospitalier de Calais');
      default:
        return this.depart(resident, token, 'other', 'Sortie libre, sans mesure');
    }
  }

  private planFamilyExit(family: Family): void {
    const first = family.members.find((member) => member.stay);
    if (!first) return;
    const random = randomFor(this.seed, 'family-exit', first.serial, first.stay!.checkedInAt);
    const tokens = new Map(family.members.filter((member) => member.stay).map((member) => [member, member.token]));
    const latest = Math.min(...[...tokens.keys()].map((member) => member.stay!.legalLimitAt)) - 2 * HOUR;
    const at = Math.min(this.now() + random.between(RECEPTION_EXIT.minDays * DAY, RECEPTION_EXIT.maxDays * DAY), latest);
    const reason = random.weighted({ moved_to_asylum_accommodation: 0.6, other: 0.25, absconded: 0.1, dublin_transfer: 0.05 });
    this.routine(at, 'a family leaves', async () => {
      for (const [member, token] of tokens) {
        await this.depart(member, token, reason, reason === 'moved_to_asylum_accommodation' ? 'CADA de Lille' : reason === 'other' ? 'Sortie libre, sans mesure' : undefined);
      }
    });
  }

  // ——— Removal centres: the judge's clock ———

  private planRemoval(resident: Resident): void {
    const stay = resident.stay!;
    const now = this.now();
    const random = randomFor(this.seed, 'removal', resident.serial, stay.checkedInAt);
    const band = REMOVAL_EXIT.durations[pickIndex(random, REMOVAL_EXIT.durations.map((d) => d.weight))];
    let leaveAt = now + random.between(band.minDays, band.maxDays) * DAY;
    let reason: keyof typeof REMOVAL_EXIT.reasons | 'released_at_legal_limit' = random.weighted(REMOVAL_EXIT.reasons);
    if (leaveAt >= stay.legalLimitAt - HOUR) {
      // CESEDA L742-5: 90 days at most; whoever is still held is released before then.
      leaveAt = stay.legalLimitAt - random.between(HOUR, 6 * HOUR);
      reason = 'released_at_legal_limit';
    }
    stay.leaveAt = Math.max(quarterAfter(leaveAt), now + MINUTE);
    const token = stay.token;
    this.queue.schedule(stay.leaveAt, `removal exit: ${reason}`, () => this.removalExit(resident, token, reason), now);
    if (stay.authorisedUntil !== null && stay.leaveAt > stay.authorisedUntil) this.planJudge(resident, stay.authorisedUntil);
  }

  private async removalExit(resident: Resident, token: number, reason: keyof typeof REMOVAL_EXIT.reasons | 'released_at_legal_limit'): Promise<void> {
    if (resident.token !== token || !resident.stay) return;
    if (reason === 'transfer_to_removal') {
      const target = (await this.removalsByRoom(resident.stay.centre))[0];
      if (await this.transfer(resident, token, target, 'moved to another removal centre')) return;
      reason = 'removed';
    }
    if (reason === 'released') return this.depart(resident, token, 'other', 'Remis en liberté par la préfecture');
    return this.depart(resident, token, reason);
  }

  /** Before (or, for a few, after) the authority runs out, a judge decides whether to extend it. */
  private planJudge(resident: Resident, until: number): void {
    const random = randomFor(this.seed, 'judge', resident.serial, until);
    const kind = random.weighted({ onTime: JUDGE.onTime, refused: JUDGE.refused, late: JUDGE.late });
    const now = this.now();
    // On time is at least a minute before the authority ends (or now, if a transfer came later than that).
    const at = kind === 'late' ? quarterAfter(until + random.between(JUDGE.lateMin, JUDGE.lateMax)) : quarterBefore(Math.min(until - random.between(JUDGE.aheadMin, JUDGE.aheadMax), until - MINUTE));
    const token = resident.token;
    this.queue.schedule(at, `judge (${kind})`, () => this.judge(resident, token, until, kind, random), now);
  }

  private async judge(resident: Resident, token: number, until: number, kind: 'onTime' | 'refused' | 'late', random: Random): Promise<void> {
    const stay = resident.stay;
    if (resident.token !== token || !stay || stay.authorisedUntil !== until) return;
    const staff = this.staffOf(stay.centre);
    const decidedBy = random.pick(JUDGE.courts);
    const decidedAt = iso(this.now());
    if (kind === 'refused') {
      this.tried.extensionRefusals += 1;
      await must(`recording a judge's refusal for arrival ${resident.serial}`, () => this.s.holding.refuseExtension(staff, stay.stayId, { decidedAt, decidedBy }));
      this.left(resident);
      return;
    }
    if (kind === 'late') this.tried.lateExtensionsTried += 1;
    const clock = await must('reading a holding clock', () => this.s.holding.holdingClock(staff, stay.stayId));
    if (!clock?.next) throw new SimulationBug(`arrival ${resident.serial} is still held at ${stay.centre.code} with no extension left before the legal limit`);
    if (kind === 'onTime' && random.chance(0.03)) {
      // A clerk types the wrong length: the sequence is 26, 30, 15, 15 and nothing else.
      const wrong = await attempt('an extension of the wrong length', ['EXTENSION_NOT_ALLOWED'], () =>
        this.s.holding.extendAuthority(staff, stay.stayId, { decidedAt, days: clock.next!.days + 2, decidedBy }),
      );
      if (wrong.ok) throw new SimulationBug(`an extension of ${clock.next.days + 2} days was accepted where ${clock.next.days} were due`);
      this.tried.extensionNotAllowed += 1;
    }
    const result = await attempt(`an extension for arrival ${resident.serial} (${kind})`, ['AUTHORITY_EXPIRED'], () =>
      this.s.holding.extendAuthority(staff, stay.stayId, { decidedAt, days: clock.next!.days, decidedBy }),
    );
    if (!result.ok) {
      // The authority ran out before the judge decided: the person must be released.
      this.tried.lateExtensionsRefused += 1;
      this.tried.releasedAfterAuthorityExpired += 1;
      await this.depart(resident, token, 'other', 'Libéré : autorisation de rétention expirée');
      return;
    }
    this.tried.extensionsGranted += 1;
    stay.authorisedUntil = Date.parse(result.value.extension.authorisedUntil);
    if (stay.leaveAt > stay.authorisedUntil) this.planJudge(resident, stay.authorisedUntil);
  }

  // ——— Screening: vulnerabilities and age disputes ———

  private screen(resident: Resident): void {
    const random = randomFor(this.seed, 'screening', resident.serial);
    const now = this.now();
    const found: [VulnerabilityType, number][] = [];
    const soon = () => random.between(10 * MINUTE, 2 * HOUR);
    const later = () => random.between(VULNERABILITIES.delayMin, VULNERABILITIES.delayMax);
    if (resident.arrival.group === 'unaccompaniedMinor') found.push(['minor', soon()]);
    if (resident.arrival.ageDisputed) found.push(['age_disputed', soon()]);
    const age = ageOn(resident.arrival.record.dateOfBirth, new Date(now));
    if (age >= 60) found.push(['elderly', later()]);
    if (resident.arrival.record.sex === 'female' && age >= 18 && age <= 45 && random.chance(VULNERABILITIES.pregnancy)) found.push(['pregnancy', later()]);
    if (age >= 18) {
      for (const type of ['torture_survivor', 'mental_health', 'serious_illness', 'disability', 'trafficking_indicators', 'suicide_self_harm_risk', 'lgbtqi_risk'] as const) {
        if (random.chance(VULNERABILITIES[type])) found.push([type, later()]);
      }
    }
    for (const [type, delay] of found) this.routine(now + delay, `vulnerability ${type}`, () => this.recordVulnerability(resident, type), now);
    if (resident.arrival.ageDisputed) this.planAgeAssessment(resident, random);
  }

  private async recordVulnerability(resident: Resident, type: VulnerabilityType): Promise<void> {
    const stay = resident.stay;
    if (!stay) return;
    const staff = this.staffOf(stay.centre);
    const [before] = await this.s.reader.query<{ welfare_level: string }>('welfare_level', `SELECT welfare_level FROM stays WHERE id = $1`, [stay.stayId]);
    const recorded = await must(`recording vulnerability ${type} of arrival ${resident.serial}`, () => this.s.welfare.recordVulnerability(staff, resident.personId!, { type }));
    this.tried.vulnerabilities += 1;
    if (recorded.welfareLevel && recorded.welfareLevel !== before.welfare_level) {
      // Staff who identified it have just seen the person: that is a check, and the raised level's clock runs from it.
      await must('a welfare check when a level is raised', () => this.s.welfare.recordCheck(staff, stay.stayId, { outcome: 'concern_raised' }));
      this.tried.welfareChecks += 1;
      if (recorded.welfareLevel === 'constant') {
        this.ensureQuarterRound(this.now());
        const random = randomFor(this.seed, 'review', resident.serial, this.now());
        const token = stay.token;
        this.routine(this.now() + random.between(CHECKS.constantReviewMin, CHECKS.constantReviewMax), 'a clinician reviews constant supervision', () => this.reviewConstant(resident, token));
      }
    }
  }

  private async reviewConstant(resident: Resident, token: number): Promise<void> {
    const stay = resident.stay;
    if (resident.token !== token || !stay) return;
    const [row] = await this.s.reader.query<{ welfare_level: string }>('welfare_level', `SELECT welfare_level FROM stays WHERE id = $1`, [stay.stayId]);
    if (row?.welfare_level !== 'constant') return;
    await must('lowering constant supervision', () => this.s.welfare.setLevel(this.staffOf(stay.centre), stay.stayId, { level: 'heightened', reason: 'Reviewed by the centre doctor: constant supervision no longer needed' }));
    this.tried.levelsLowered += 1;
  }

  /** The département assesses a disputed age: requested, in progress, completed, a few days after arrival. */
  private planAgeAssessment(resident: Resident, random: Random): void {
    const now = this.now();
    const requested = now + random.between(AGE_ASSESSMENT.requestedMin, AGE_ASSESSMENT.requestedMax);
    const inProgress = requested + random.between(AGE_ASSESSMENT.inProgressMin, AGE_ASSESSMENT.inProgressMax);
    const completed = Math.max(now + random.between(AGE_ASSESSMENT.completedMin, AGE_ASSESSMENT.completedMax), inProgress + HOUR);
    this.routine(requested, 'age assessment requested', () => this.assessAge(resident, 'requested'));
    this.routine(inProgress, 'age assessment in progress', () => this.assessAge(resident, 'in_progress'));
    this.routine(completed, 'age assessment completed', () => this.assessAge(resident, 'completed'));
    if (this.removals.length && random.chance(AGE_ASSESSMENT.transferTriedBeforeAssessment)) {
      // Someone tries to move the person to a removal centre before the assessment: it must be refused.
      const at = Math.min(now + random.between(6 * HOUR, 30 * HOUR), completed - HOUR);
      this.routine(at, 'a transfer of a disputed age to removal', async () => {
        if (!resident.stay || resident.stay.centre.kind === 'removal' || resident.assessed) return;
        await this.transfer(resident, resident.token, (await this.removalsByRoom())[0], 'before the age assessment');
      }, now);
    }
  }

  private async assessAge(resident: Resident, status: 'requested' | 'in_progress' | 'completed'): Promise<void> {
    const stay = resident.stay;
    if (!stay) return;
    const outcome = status === 'completed' ? resident.arrival.assessedAs! : undefined;
    await must(`age assessment (${status}) of arrival ${resident.serial}`, () =>
      this.s.welfare.recordAgeAssessment(stay.centre.caseworker, resident.personId!, { status, ...(outcome ? { outcome } : {}) }),
    );
    if (status === 'requested') this.tried.ageAssessmentsRequested += 1;
    if (!outcome) return;
    this.tried.ageAssessmentsCompleted += 1;
    resident.assessed = outcome;
    if (outcome === 'adult') this.tried.assessedAdult += 1;
    else if (outcome === 'minor') this.tried.assessedMinor += 1;
    else this.tried.assessedInconclusive += 1;
    const random = randomFor(this.seed, 'after-assessment', resident.serial);
    const token = stay.token;
    const at = this.now() + random.between(AGE_ASSESSMENT.afterOutcomeMin, AGE_ASSESSMENT.afterOutcomeMax);
    if (outcome !== 'adult') {
      // Found (or still presumed) a minor: child protection takes over.
      this.routine(at, 'a minor leaves for child protection', () => this.depart(resident, token, 'other', 'Aide sociale à l’enfance'));
    } else if (stay.centre.kind === 'reception') {
      if (resident.arrival.record.sex === 'male' && this.removals.length && random.chance(AGE_ASSESSMENT.adultMovedToRemoval)) {
        this.routine(at, 'an adult after assessment is placed in removal', async () => {
          if (!(await this.transfer(resident, token, (await this.removalsByRoom())[0], 'assessed an adult'))) await this.depart(resident, token, 'other', 'Sortie libre, sans mesure');
        });
      } else {
        this.planReceptionExit(resident);
      }
    }
  }

  // ——— Medical reports ———

  private planMedicalReport(resident: Resident): void {
    const stay = resident.stay!;
    const random = randomFor(this.seed, 'medical', resident.serial, stay.checkedInAt);
    if (!random.chance(stay.centre.kind === 'removal' ? MEDICAL.removalStays : MEDICAL.receptionStays)) return;
    const token = stay.token;
    this.routine(this.now() + random.between(MEDICAL.sentAfterMin, MEDICAL.sentAfterMax), 'a doctor’s report is sent', () => this.sendMedicalReport(resident, token, random));
  }

  private async sendMedicalReport(resident: Resident, token: number, random: Random): Promise<void> {
    const stay = resident.stay;
    if (resident.token !== token || !stay) return;
    const report = await must(`a medical report for arrival ${resident.serial}`, () =>
      this.s.welfare.recordMedicalReport(stay.centre.caseworker, stay.stayId, { kind: random.weighted(MEDICAL.kinds), sentTo: random.pick(MEDICAL.sentTo) }),
    );
    this.tried.medicalReportsSent += 1;
    const sent = Date.parse(report.sentAt);
    const due = Date.parse(report.replyDueAt);
    const reply = random.weighted(MEDICAL.reply);
    if (reply === 'never') {
      this.tried.medicalReportsNeverAnswered += 1;
      return;
    }
    const at = reply === 'onTime' ? sent + random.between(MEDICAL.onTimeMin, due - sent - MINUTE) : due + random.between(MEDICAL.lateMin, MEDICAL.lateMax);
    // On the quarter hour: before the reply is due when on time, after it when late.
    this.queue.schedule(reply === 'onTime' ? quarterBefore(Math.min(at, due - MINUTE)) : quarterAfter(at), 'the decision-maker replies', async () => {
      // Recorded by the centre that holds the person now, or held them last.
      const centre = resident.stay?.centre ?? resident.lastCentre!;
      await must(`the reply to medical report ${report.id}`, () =>
        this.s.welfare.replyMedicalReport(centre.caseworker, report.id, { replySummary: random.pick(['Placement maintained after review', 'Release ordered on medical grounds', 'Further examination requested']) }),
      );
      if (reply === 'onTime') this.tried.medicalRepliesOnTime += 1;
      else this.tried.medicalRepliesLate += 1;
    });
  }

  // ——— Welfare rounds ———

  private scheduleRound(at: number): void {
    this.roundGeneration += 1;
    const generation = this.roundGeneration;
    this.nextRoundAt = at;
    this.queue.schedule(at, 'welfare round', () => this.round(at, generation));
  }

  /** Constant supervision has just started: the next round is at the next quarter hour. */
  private ensureQuarterRound(now: number): void {
    const quarter = Math.floor(now / (15 * MINUTE)) * 15 * MINUTE + 15 * MINUTE;
    if (quarter < this.nextRoundAt) this.scheduleRound(quarter);
  }

  /** On the hour staff check everyone due before the next round; at the quarters, those under constant supervision. Each centre's staff at once. */
  private async round(at: number, generation: number): Promise<void> {
    if (generation !== this.roundGeneration) return;
    const quarter = new Date(at).getUTCMinutes() !== 0;
    await Promise.all(this.centres.map((centre) => this.roundAt(centre, at, quarter)));
    const [{ constant }] = await this.s.reader.query<{ constant: boolean }>('constant_supervision', `SELECT EXISTS (SELECT 1 FROM stays WHERE checked_out_at IS NULL AND welfare_level = 'constant') AS constant`);
    this.scheduleRound(constant ? at + 15 * MINUTE : Math.floor(at / HOUR) * HOUR + HOUR);
  }

  private async roundAt(centre: SimCentre, at: number, quarter: boolean): Promise<void> {
    const rows = await this.s.reader.query<{ id: string; person_id: string; due: Date; level: string }>(
      'round',
      `SELECT id, person_id, next_welfare_check_due AS due, welfare_level AS level FROM stays
        WHERE centre_id = $1 AND checked_out_at IS NULL AND next_welfare_check_due < $2 AND ($3 OR welfare_level = 'constant')
        ORDER BY next_welfare_check_due, id`,
      [centre.id, new Date(at + (quarter ? 15 : 60) * MINUTE), !quarter],
    );
    for (const row of rows) {
      const due = row.due.getTime();
      let plan = this.checkPlans.get(row.id);
      if (!plan || plan.due !== due) {
        plan = this.planCheck(this.byPerson.get(row.person_id)?.serial ?? 0, due, row.level === 'constant');
        this.checkPlans.set(row.id, plan);
      }
      if (plan.performAt > at) continue;
      await must(`a welfare check at ${centre.code}`, () => this.s.welfare.recordCheck(this.staffOf(centre), row.id, { outcome: plan.outcome }));
      this.checkPlans.delete(row.id);
      this.tried.welfareChecks += 1;
      if (at > due) {
        if (plan.kind === 'late') this.tried.lateChecks += 1;
        else if (plan.kind === 'missed') this.tried.missedChecks += 1;
        else this.tried.checksAfterDue += 1;
      }
    }
  }

  private planCheck(serial: number, due: number, constant: boolean): CheckPlan {
    const random = randomFor(this.seed, 'check', serial, due);
    const outcome = random.weighted(CHECKS.outcomes);
    const draw = random.next();
    if (constant) {
      if (draw < CHECKS.constantMissed) return { due, kind: 'missed', outcome, performAt: due + random.between(CHECKS.constantMissedDelayMin, CHECKS.constantMissedDelayMax) };
      if (draw < CHECKS.constantMissed + CHECKS.constantLate) return { due, kind: 'late', outcome, performAt: due + random.between(CHECKS.constantLateDelayMin, CHECKS.constantLateDelayMax) };
    } else {
      if (draw < CHECKS.missed) return { due, kind: 'missed', outcome, performAt: due + random.between(CHECKS.missedDelayMin, CHECKS.missedDelayMax) };
      if (draw < CHECKS.missed + CHECKS.late) return { due, kind: 'late', outcome, performAt: due + random.between(CHECKS.lateDelayMin, CHECKS.lateDelayMax) };
    }
    return { due, kind: 'on_time', outcome, performAt: 0 };
  }

  // ——— Alerts: staff acknowledge them, or not ———

  /** The alerts raised at this minute: staff acknowledge each after a while, some late, some never. */
  async watchAlerts(at: number): Promise<void> {
    const rows = await this.s.reader.query<{ id: string; centre_id: string; stay_id: string | null; kind: string }>(
      'alerts_raised',
      `SELECT id, centre_id, stay_id, kind FROM alerts WHERE raised_at = $1`,
      [new Date(at)],
    );
    for (const row of rows) {
      if (this.seenAlerts.has(row.id)) continue;
      this.seenAlerts.add(row.id);
      const centre = this.centres.find((candidate) => candidate.id === row.centre_id);
      if (!centre) throw new SimulationBug(`alert ${row.id} is for a centre the simulation does not know`);
      const who = (row.stay_id && this.byStay.get(row.stay_id)?.serial) ?? centre.code;
      const random = randomFor(this.seed, 'ack', row.kind, who, at);
      const when = random.weighted({ soon: ACKNOWLEDGEMENT.soon, late: ACKNOWLEDGEMENT.late, never: ACKNOWLEDGEMENT.never });
      if (when === 'never') {
        this.tried.alertsNeverAcknowledged += 1;
        continue;
      }
      const minutes = when === 'soon' ? random.int(ACKNOWLEDGEMENT.soonMin, ACKNOWLEDGEMENT.soonMax) : random.int(ACKNOWLEDGEMENT.lateMin, ACKNOWLEDGEMENT.lateMax);
      this.queue.schedule(at + minutes * MINUTE, 'staff acknowledge an alert', async () => {
        const [alert] = await this.s.reader.query<{ open: boolean }>('alert_open', `SELECT resolved_at IS NULL AND acknowledged_at IS NULL AS open FROM alerts WHERE id = $1`, [row.id]);
        if (!alert?.open) return;
        await must(`acknowledging alert ${row.id}`, () => this.s.alerts.acknowledge(this.staffOf(centre), row.id));
        this.tried.alertsAcknowledged += 1;
        if (when === 'late') this.tried.alertsAcknowledgedLate += 1;
      });
    }
  }

  /** Escalations sent at this minute: the duty manager told acknowledges most of them soon after. */
  async watchEscalations(at: number): Promise<void> {
    const rows = await this.s.reader.query<{ alert_id: string; round: number; centre_id: string; kind: string; stay_id: string | null }>(
      'escalations_sent',
      `SELECT e.alert_id, e.round, a.centre_id, a.kind, a.stay_id FROM alert_escalations e JOIN alerts a ON a.id = e.alert_id WHERE e.escalated_at = $1`,
      [new Date(at)],
    );
    for (const row of rows) {
      const centre = this.centres.find((candidate) => candidate.id === row.centre_id)!;
      const who = (row.stay_id && this.byStay.get(row.stay_id)?.serial) ?? centre.code;
      const random = randomFor(this.seed, 'escalation', row.kind, who, row.round, at);
      this.tried.escalationsReceived += 1;
      if (!random.chance(ACKNOWLEDGEMENT.dutyAcknowledges)) continue;
      this.queue.schedule(at + random.int(ACKNOWLEDGEMENT.dutyMin, ACKNOWLEDGEMENT.dutyMax) * MINUTE, 'the duty manager acknowledges an escalated alert', async () => {
        const [alert] = await this.s.reader.query<{ open: boolean }>('alert_open', `SELECT resolved_at IS NULL AND acknowledged_at IS NULL AS open FROM alerts WHERE id = $1`, [row.alert_id]);
        if (!alert?.open) return;
        await must(`acknowledging escalated alert ${row.alert_id}`, () => this.s.alerts.acknowledge(centre.duty, row.alert_id));
        this.tried.alertsAcknowledgedByDuty += 1;
      });
    }
  }

  // ——— When the next thing can happen ———

  /**
   * The next minute at which anything can become due: a welfare check passing its due time (or
   * already past it without its alert), an authority about to run out or running out, a legal
   * limit, a medical report's reply, a delayed outbox job, an escalation round, a world event.
   * Minutes in between change nothing and are skipped.
   */
  async nextMinuteAfter(t: number): Promise<number> {
    const escalationMinutes = this.s.config.alertEscalationMinutes;
    const [row] = await this.s.reader.query<Record<string, Date | null>>(
      'next_minute',
      `SELECT
         (SELECT min(s.next_welfare_check_due) FROM stays s WHERE s.checked_out_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.episode_key = 'welfare_check_overdue:' || s.id || ':'
                               || to_char(s.next_welfare_check_due AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))) AS check_due,
         (SELECT min(s.authorised_until) FROM stays s WHERE s.checked_out_at IS NULL AND s.authorised_until IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.stay_id = s.id AND a.kind = 'authority_expired' AND a.due_at = s.authorised_until)) AS until,
         (SELECT min(s.authorised_until) FROM stays s WHERE s.checked_out_at IS NULL AND s.authorised_until > $1
             AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.stay_id = s.id AND a.kind = 'authority_expiring' AND a.due_at = s.authorised_until)) AS warn_until,
         (SELECT min(s.legal_limit_at) FROM stays s WHERE s.checked_out_at IS NULL AND s.legal_limit_at >= $1) AS legal_limit,
         (SELECT min(r.reply_due_at) FROM medical_reports r WHERE r.replied_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.episode_key = 'medical_report_unanswered:' || r.id)) AS reply_due,
         (SELECT min(o.available_at) FROM outbox_messages o WHERE o.enqueued_at IS NULL AND o.available_at > $1) AS job_at,
         (SELECT min(a.raised_at + ((floor(extract(epoch FROM ($1::timestamptz - a.raised_at)) / ($2::int * 60)) + 1) * $2::int)::float8 * interval '1 minute')
            FROM alerts a WHERE a.severity = 'urgent' AND a.resolved_at IS NULL AND a.acknowledged_at IS NULL) AS escalation_at`,
      [new Date(t), escalationMinutes],
    );
    const ms = (key: string) => row[key]?.getTime();
    const warning = this.s.config.authorityExpiryWarningMs;
    const at = (key: string, minute: (value: number) => number) => (ms(key) === undefined ? undefined : minute(ms(key)!));
    const candidates: [string, number | undefined][] = [
      ['world event', this.queue.peekTime()],
      // Overdue once past: the first minute after the due time.
      ['welfare check due', at('check_due', (due) => floorMinute(due) + MINUTE)],
      ['medical reply due', at('reply_due', (due) => floorMinute(due) + MINUTE)],
      // Expired at the minute itself, warned a configured time before.
      ['authority runs out', at('until', ceilMinute)],
      ['authority expiry warning', at('warn_until', (until) => ceilMinute(until - warning))],
      ['legal limit', at('legal_limit', ceilMinute)],
      ['legal limit', at('legal_limit', (limit) => floorMinute(limit) + MINUTE)],
      ['delayed outbox job', at('job_at', ceilMinute)],
      ['escalation round', at('escalation_at', ceilMinute)],
    ];
    // What is already past and still to be seen is seen at the next minute.
    let next = Number.POSITIVE_INFINITY;
    let why = 'nothing';
    for (const [reason, candidate] of candidates) {
      if (candidate === undefined) continue;
      const minute = Math.max(candidate, t + MINUTE);
      if (minute < next) [next, why] = [minute, reason];
    }
    this.stepReasons.set(why, (this.stepReasons.get(why) ?? 0) + 1);
    this.nextJobAt = ms('job_at') ?? Number.POSITIVE_INFINITY;
    return next;
  }
}

/** Families are checked in first, then lone minors and disputed ages, then everyone else. */
function rankOf(resident: Resident): number {
  if (resident.arrival.group === 'family') return 0;
  if (resident.arrival.group === 'unaccompaniedMinor' || resident.arrival.group === 'disputedAge') return 1;
  return 2;
}

function pickIndex(random: Random, weights: number[]): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let draw = random.next() * total;
  for (let i = 0; i < weights.length; i++) {
    draw -= weights[i];
    if (draw < 0) return i;
  }
  return weights.length - 1;
}
