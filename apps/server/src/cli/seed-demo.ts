import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from '@escale/audit';
import { actorOf, AuthModule, UsersService } from '@escale/auth';
import { type Centre, CentresModule, CentresService } from '@escale/centres';
import { type NewPersonDto, PeopleModule, PeopleService } from '@escale/people';
import { type Actor, DatabaseModule, FixedClock, loadConfigOrExit, PlatformModule, RedisModule, SYSTEM_ORIGIN, type Role } from '@escale/platform';
import { ReportsModule, ReportsService, SPEND_CATEGORIES, SpendService } from '@escale/reports';
import { ENTITIES } from '@escale/schema';
import { PropertyService, StaysModule, StaysService } from '@escale/stays';
import { CasesModule, CasesService, ReferralDatesService, ReferralsService } from '@escale/cases';
import { WelfareModule, WelfareService } from '@escale/welfare';
import { DataSource } from 'typeorm';

export const DEMO_PASSWORD = 'escale-demo-2026';

const HOUR = 3_600_000;

const person = (familyName: string, givenNames: string, dateOfBirth: string, sex: NewPersonDto['sex'], nationalities: string[], languages: string[], extra: Partial<NewPersonDto> = {}): NewPersonDto => ({
  familyName,
  givenNames,
  dateOfBirth,
  dobEstimated: false,
  sex,
  nationalities,
  languages,
  ...extra,
});

/**
 * Loads the demo data: two centres with units and beds, one user of each role, and a few people
 * in different states. Safe to run twice: it does nothing once the demo centres exist.
 */
async function seedDemo(): Promise<void> {
  const config = loadConfigOrExit();
  // The demo's clock stands still, and is moved back to load a year of history through the services.
  const clock = new FixedClock(new Date());
  @Module({
    imports: [PlatformModule.forRoot(config, clock), DatabaseModule.forRoot(ENTITIES), RedisModule, AuditModule, AuthModule, CentresModule, PeopleModule, StaysModule, CasesModule, WelfareModule, ReportsModule],
  })
  class SeedModule {}
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error'] });
  try {
    const users = app.get(UsersService);
    const centres = app.get(CentresService);
    const stays = app.get(StaysService);
    const people = app.get(PeopleService);
    const dataSource = app.get<DataSource>(DataSource);
    await users.ensureFirstAdmin(config);
    const admin = config.firstAdmin && (await users.findByEmail(config.firstAdmin.email));
    if (!admin) throw new Error('ESCALE_ADMIN_EMAIL and ESCALE_ADMIN_PASSWORD must name the first admin');
    const adminActor = actorOf(admin, { origin: SYSTEM_ORIGIN });
    if (await dataSource.query(`SELECT 1 FROM centres WHERE code = 'CRA-LIL'`).then((rows: unknown[]) => rows.length > 0)) return;

    const removal = await centres.createCentre(adminActor, { code: 'CRA-LIL', name: 'CRA de Lille-Lesquin', kind: 'removal', maxStayDays: 90, timezone: 'Europe/Paris' });
    const reception = await centres.createCentre(adminActor, { code: 'CAO-CAL', name: 'Centre d’accueil de Calais', kind: 'reception', maxStayDays: 7, timezone: 'Europe/Paris' });
    await addUnits(centres, adminActor, removal, [
      ['Bâtiment A — hommes', 'men', 12, 'A'],
      ['Bâtiment B — femmes', 'women', 6, 'B'],
    ]);
    await addUnits(centres, adminActor, reception, [
      ['Dortoir hommes', 'men', 10, 'H'],
      ['Dortoir femmes', 'women', 6, 'F'],
      ['Chambre famille 1', 'families', 5, 'C1-'],
      ['Chambre famille 2', 'families', 4, 'C2-'],
    ]);

    const demoUsers: { email: string; name: string; role: Role; centreIds: string[] }[] = [
      { email: 'staff@escale.demo', name: 'Camille Lefebvre', role: 'staff', centreIds: [removal.id, reception.id] },
      { email: 'caseworker@escale.demo', name: 'Yasmina Haddad', role: 'caseworker', centreIds: [removal.id, reception.id] },
      { email: 'funder@escale.demo', name: 'Thomas Girard', role: 'funder', centreIds: [] },
      { email: 'auditor@escale.demo', name: 'Élise Morel', role: 'auditor', centreIds: [] },
    ];
    const actors = new Map<Role, Actor>();
    for (const demo of demoUsers) {
      const user = (await users.findByEmail(demo.email)) ?? (await users.createUser(adminActor, { ...demo, password: DEMO_PASSWORD }));
      actors.set(demo.role, actorOf(user, { origin: SYSTEM_ORIGIN }));
    }
    const staff = actors.get('staff')!;
    const caseworker = actors.get('caseworker')!;

    const now = Date.now();
    await loadHistory(app.get(StaysService), app.get(SpendService), dataSource, clock, adminActor, staff, [removal, reception]);
    clock.set(new Date(now));
    await app.get(ReportsService).takeSnapshots();

    const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR).toISOString();
    const interception = await stays.createInterception(staff, { occurredAt: at(30), location: 'Gravelines, plage du Clipon', agency: 'Police aux frontières', groupSize: 9 });

    // A family of four at the reception centre, together in a family room.
    const family = await people.createHousehold(staff, 'Famille Ahmadi');
    for (const member of [
      person('Ahmadi', 'Reza', '1986-05-11', 'male', ['AFG'], ['fa', 'en']),
      person('Ahmadi', 'Maryam', '1989-09-23', 'female', ['AFG'], ['fa']),
      person('Ahmadi', 'Sara', '2014-02-03', 'female', ['AFG'], ['fa']),
      person('Ahmadi', 'Omid', '2018-07-19', 'male', ['AFG'], ['fa']),
    ]) {
      await stays.checkIn(staff, reception.id, { person: member, householdId: family.id, interceptionId: interception.id, checkedInAt: at(28) });
    }
    const senait = await stays.checkIn(staff, reception.id, { person: person('Tesfaye', 'Senait', '1998-12-01', 'female', ['ERI'], ['ti']), interceptionId: interception.id, checkedInAt: at(27) });

    // An adult in the removal centre, and one already released; a young man who says he is 17 is
    // presumed a minor until assessed: housed at the reception centre in a room of his own.
    const aliReza = await stays.checkIn(staff, removal.id, { person: person('Hosseini', 'Ali Reza', '1994-03-02', 'male', ['IRN'], ['fa']), interceptionId: interception.id, checkedInAt: at(26) });
    const abdirahman = await stays.checkIn(staff, reception.id, { person: person('Mohamed', 'Abdirahman', '2006-01-01', 'male', ['SOM'], ['so'], { dobEstimated: true, ageDisputed: true }), checkedInAt: at(20) });

    // Welfare: checks recorded, one person on heightened watch after a vulnerability was identified.
    const welfare = app.get(WelfareService);
    await welfare.recordCheck(staff, aliReza.stay.id, { outcome: 'seen_well', performedAt: at(25) });
    await welfare.recordVulnerability(staff, abdirahman.person.id, { type: 'age_disputed', notes: 'Says he is 17; no documents.' });

    // An asylum referral on its way, assigned to the demo caseworker.
    const cases = app.get(CasesService);
    const referrals = app.get(ReferralsService);
    await cases.updateCase(caseworker, aliReza.case.id, { caseworkerId: caseworker.userId, status: 'asylum_in_progress', version: 1, note: 'Intention to claim asylum expressed on arrival' });
    const referral = await referrals.createReferral(caseworker, aliReza.case.id);
    const submitted = await referrals.transition(caseworker, referral.id, { to: 'submitted', version: referral.version });
    const registered = await referrals.transition(caseworker, referral.id, { to: 'registered', version: submitted.version, note: 'Registered at the GUDA of Lille' });
    await app.get(ReferralDatesService).setDate(caseworker, referral.id, { kind: 'ofpra_interview', at: new Date(now + 9 * 24 * HOUR).toISOString(), version: registered.version });
    // A Dublin request on a Eurodac hit in Italy: the other state has two weeks to reply.
    const dublin = await referrals.createReferral(caseworker, senait.case.id);
    const dublinSubmitted = await referrals.transition(caseworker, dublin.id, { to: 'submitted', version: dublin.version });
    const dublinRegistered = await referrals.transition(caseworker, dublin.id, { to: 'registered', version: dublinSubmitted.version, note: 'Certificate marked Dublin' });
    await referrals.transition(caseworker, dublin.id, { to: 'dublin_requested', version: dublinRegistered.version, dublinBasis: 'eurodac_hit', note: 'Eurodac hit: Italy' });
    const released = await stays.checkIn(staff, removal.id, { person: person('Kurdi', 'Hawre', '1991-08-14', 'male', ['IRQ'], ['ckb', 'ar']), checkedInAt: at(72) });
    const propertyService = app.get(PropertyService);
    await propertyService.depositProperty(staff, released.stay.id, { items: [{ kind: 'item', description: 'Téléphone portable', quantity: 1 }, { kind: 'cash', description: 'Espèces', amountCents: 12_000, currency: 'EUR' }] });
    const property = await propertyService.listProperty(staff, released.stay.id);
    await stays.checkOut(staff, released.stay.id, { reason: 'released_by_court', destination: 'Libéré — ordonnance du JLD', at: at(4), returnedPropertyIds: property.map((item) => item.id) });
    // Someone who left without their phone and cash: the centre owes them until they are handed back against a signature.
    const gone = await stays.checkIn(staff, reception.id, { person: person('Haile', 'Dawit', '1996-05-09', 'male', ['ERI'], ['ti']), checkedInAt: at(30) });
    await propertyService.depositProperty(staff, gone.stay.id, { items: [{ kind: 'item', description: 'Téléphone portable', quantity: 1 }, { kind: 'cash', description: 'Espèces', amountCents: 4_500, currency: 'EUR' }] });
    await stays.checkOut(staff, gone.stay.id, { reason: 'absconded' });
  } finally {
    await app.close();
  }
}

const GIVEN = ['Ahmad', 'Mohammad', 'Abdullah', 'Yonas', 'Dawit', 'Samir', 'Karim', 'Hamid', 'Rahim', 'Mustafa', 'Idris', 'Bilal', 'Omar', 'Yusuf', 'Hassan', 'Ali'];
const FAMILY = ['Rahimi', 'Karimi', 'Haile', 'Tesfamariam', 'Osman', 'Abdallah', 'Nouri', 'Jaber', 'Sadiqi', 'Hussein', 'Ibrahim', 'Saleh', 'Amini', 'Mahmoud', 'Kebede', 'Barzani'];
const NATIONALITY: [string, string][] = [['AFG', 'prs'], ['ERI', 'ti'], ['SDN', 'ar'], ['SYR', 'ar'], ['IRN', 'fa'], ['IRQ', 'ckb']];
const REMOVAL_EXITS = ['removed', 'removed', 'removed', 'released_by_court', 'released_by_court', 'moved_to_asylum_accommodation', 'dublin_transfer', 'released_at_legal_limit', 'absconded', 'hospitalised'] as const;
const RECEPTION_EXITS = ['moved_to_asylum_accommodation', 'moved_to_asylum_accommodation', 'moved_to_asylum_accommodation', 'absconded', 'absconded', 'other'] as const;

/**
 * A year of arrivals and departures in both centres, recorded through the services at the time
 * they happened (the clock is moved), then spend lines and budgets, so the funders' reports have
 * something to show. Random but repeatable.
 */
async function loadHistory(stays: StaysService, spend: SpendService, dataSource: DataSource, clock: FixedClock, admin: Actor, staff: Actor, [removal, reception]: Centre[]): Promise<void> {
  let seed = 20_261_126;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const end = clock.now().getTime() - 3 * 24 * HOUR;
  const start = end - 365 * 24 * HOUR;
  type Event = { at: number; run: () => Promise<void> };
  const events: Event[] = [];
  const plan = (centre: Centre, perWeek: number, stayDays: () => number, exits: readonly string[]) => {
    for (let at = start; at < end; at += (7 * 24 * HOUR) / perWeek) {
      const arrival = at + random() * 6 * HOUR;
      const departure = Math.min(arrival + stayDays() * 24 * HOUR, end);
      const [nationality, language] = pick(NATIONALITY);
      let stayId: string | undefined;
      events.push({
        at: arrival,
        run: async () => {
          const made = await stays
            .checkIn(staff, centre.id, { person: person(pick(FAMILY), pick(GIVEN), `${1975 + Math.floor(random() * 30)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`, 'male', [nationality], [language, 'en']) })
            .catch(() => undefined); // a full centre turns people away, as it would have
          stayId = made?.stay.id;
        },
      });
      events.push({ at: departure, run: async () => void (stayId && (await stays.checkOut(staff, stayId, { reason: pick(exits) as never }))) });
    }
  };
  plan(removal, 4, () => 2 + random() * 45, REMOVAL_EXITS);
  plan(reception, 6, () => 0.3 + random() * 6.5, RECEPTION_EXITS);
  events.sort((a, b) => a.at - b.at);
  for (const event of events) {
    clock.set(new Date(event.at));
    await event.run();
  }
  // Their rights notices were handed over at the time, within the hour of arrival.
  const arrived = await dataSource.query<{ id: string; checked_in_at: Date }[]>(`SELECT id, checked_in_at FROM stays WHERE rights_notified_at IS NULL`);
  for (const stay of arrived) await dataSource.transaction((manager) => stays.recordRightsNotified(manager, stay.id, new Date(stay.checked_in_at.getTime() + 40 * 60_000)));
  // The notices and reminders of those long-gone stays were dealt with at the time.
  await dataSource.query(`UPDATE outbox_messages SET enqueued_at = coalesce(enqueued_at, now()), completed_at = now() WHERE completed_at IS NULL`);
  await dataSource.query(`UPDATE tasks SET done_at = now() WHERE done_at IS NULL`);

  const year = new Date(end).getUTCFullYear();
  // Budgets in cents: about €4.2M a year for the 18 beds of the removal centre (DOMAIN's €690 a
  // person a day), €750k for the reception centre, whose short stays fill few of its 25 beds (about
  // €500 an occupied bed-night); spend lines below stay within them.
  for (const centre of [removal, reception]) {
    for (const [fundingSource, share] of [['FR', 0.55], ['UK', 0.3], ['EU-AMIF', 0.15]] as const) {
      for (const budgetYear of [year - 1, year]) {
        await spend.setBudget(admin, { centreId: centre.id, year: budgetYear, fundingSource, amountCents: Math.round((centre.kind === 'removal' ? 420_000_000 : 75_000_000) * share) });
      }
    }
    for (let at = start; at < end; at += 30 * 24 * HOUR) {
      const date = new Date(at).toISOString().slice(0, 10);
      for (const category of SPEND_CATEGORIES) {
        const amount = Math.round((centre.kind === 'removal' ? 2_400_000 : 400_000) * (0.3 + random()) * (category === 'staff' || category === 'accommodation' ? 3 : 1));
        await spend.createSpend(admin, { centreId: centre.id, date, category, fundingSource: pick(['FR', 'FR', 'UK', 'EU-AMIF']), amountCents: amount, description: `Demo ${category}` });
      }
    }
  }
}

async function addUnits(centres: CentresService, actor: Actor, centre: Centre, units: [string, 'men' | 'women' | 'families' | 'mixed', number, string][]): Promise<void> {
  for (const [name, housing, beds, prefix] of units) {
    const unit = await centres.createUnit(actor, centre.id, { name, housing });
    await centres.createBeds(actor, unit.id, Array.from({ length: beds }, (_, index) => `${prefix}${index + 1}`));
  }
}

seedDemo().catch((error: Error) => {
  process.stderr.write(`Demo data could not be loaded: ${error.message}\n`);
  process.exit(1);
});
