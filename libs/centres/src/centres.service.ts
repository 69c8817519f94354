import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry } from '@escale/audit';
import { type Actor, canSeeCentre, constraintViolation, Forbidden, NotFound, type Page, seesAllCentres, ValidationFailed } from '@escale/platform';
import { DataSource, type EntityManager, In } from 'typeorm';
import { Bed } from './bed.entity.js';
import { Centre } from './centre.entity.js';
import { BedOccupied, CodeTaken, LabelTaken, UnitNameTaken } from './centres.errors.js';
import type { CreateCentreDto } from './dto/create-centre.dto.js';
import type { CreateUnitDto } from './dto/create-unit.dto.js';
import { CentreSettingChange, type SettingChanges } from './centre-setting-change.entity.js';
import type { UpdateBedDto } from './dto/update-bed.dto.js';
import { CENTRE_SETTINGS, type UpdateCentreSettingsDto } from './dto/update-centre-settings.dto.js';
import { Unit } from './unit.entity.js';

export interface UnitOccupancy {
  id: string;
  name: string;
  housing: Unit['housing'];
  capacity: number;
  /** null for funders: per-unit counts of people are too small to publish. */
  occupied: number | null;
  /** The beds out of service, why, and when they are expected back. */
  outOfService: { bedId: string; label: string; reason: Bed['outOfServiceReason']; expectedBackOn: string | null }[];
}

/** Counts of people from 1 to 4 are shown to funders as "<5". */

export interface Occupancy {
  centreId: string;
  capacity: number;
  /** Null for funders, who read no live count of people. */
  occupied: number | null;
  available: number | null;
  units: UnitOccupancy[];
}

export interface CentreLayout {
  centre: Centre;
  units: (Unit & { beds: Bed[] })[];
}

const WELFARE_ORDER = 'intervals must shorten as the level rises: constant ≤ heightened ≤ standard';

/** The centres_welfare_intervals_check rule, said of the field that breaks it. */
function assertWelfareOrder(centre: Pick<Centre, 'welfareStandardMinutes' | 'welfareHeightenedMinutes' | 'welfareConstantMinutes'>): void {
  if (centre.welfareHeightenedMinutes > centre.welfareStandardMinutes) throw new ValidationFailed({ welfareHeightenedMinutes: [WELFARE_ORDER] });
  if (centre.welfareConstantMinutes > centre.welfareHeightenedMinutes) throw new ValidationFailed({ welfareConstantMinutes: [WELFARE_ORDER] });
}

const assertAdmin = (actor: Actor) => {
  if (actor.role !== 'admin') throw new Forbidden();
};

@Injectable()
export class CentresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async createCentre(actor: Actor, input: CreateCentreDto): Promise<Centre> {
    assertAdmin(actor);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const centre = manager.create(Centre, {
          ...input,
          initialAuthorisationDays: input.initialAuthorisationDays ?? 4,
          welfareStandardMinutes: input.welfareStandardMinutes ?? 1440,
          welfareHeightenedMinutes: input.welfareHeightenedMinutes ?? 240,
          welfareConstantMinutes: input.welfareConstantMinutes ?? 15,
          firstWelfareCheckMinutes: input.firstWelfareCheckMinutes ?? 60,
        });
        await manager.save(centre);
        await this.audit.record(manager, auditEntry(actor, 'centre.create', 'centre', centre.id, centre.id));
        return centre;
      });
    } catch (error) {
      if (constraintViolation(error)?.constraint === 'centres_code_key') throw new CodeTaken();
      if (constraintViolation(error)?.constraint === 'centres_welfare_intervals_check') {
        throw new ValidationFailed({ welfareConstantMinutes: [WELFARE_ORDER] });
      }
      throw error;
    }
  }

  async listCentres(actor: Actor, limit: number, offset: number): Promise<Page<Centre>> {
    const where = seesAllCentres(actor) ? {} : { id: In([...actor.centreIds]) };
    const [items, total] = await this.dataSource.manager.findAndCount(Centre, { where, order: { code: 'ASC' }, take: limit, skip: offset });
    return { items, total, limit, offset };
  }

  /** A centre the actor may see; any other answers 404, whether it exists or not. */
  async getCentre(actor: Actor, id: string, manager: EntityManager = this.dataSource.manager): Promise<Centre> {
    if (!canSeeCentre(actor, id)) throw new NotFound('centre');
    const centre = await manager.findOneBy(Centre, { id });
    if (!centre) throw new NotFound('centre');
    return centre;
  }

  /** Minutes between welfare checks at a level, and before the first check. */
  static welfareMinutes(centre: Centre, level: 'standard' | 'heightened' | 'constant' | 'first'): number {
    return { standard: centre.welfareStandardMinutes, heightened: centre.welfareHeightenedMinutes, constant: centre.welfareConstantMinutes, first: centre.firstWelfareCheckMinutes }[level];
  }

  /** Any existing centre, for a transfer's destination. */
  async findCentre(id: string, manager: EntityManager = this.dataSource.manager): Promise<Centre | null> {
    return manager.findOneBy(Centre, { id });
  }

  async createUnit(actor: Actor, centreId: string, input: CreateUnitDto): Promise<Unit> {
    assertAdmin(actor);
    await this.getCentre(actor, centreId);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const unit = manager.create(Unit, { centreId, name: input.name, housing: input.housing });
        await manager.save(unit);
        await this.audit.record(manager, auditEntry(actor, 'unit.create', 'unit', unit.id, centreId));
        return unit;
      });
    } catch (error) {
      if (constraintViolation(error)?.constraint === 'units_centre_name_key') throw new UnitNameTaken();
      throw error;
    }
  }

  async getUnit(actor: Actor, unitId: string): Promise<Unit> {
    const unit = await this.dataSource.manager.findOneBy(Unit, { id: unitId });
    if (!unit || !canSeeCentre(actor, unit.centreId)) throw new NotFound('unit');
    return unit;
  }

  async createBeds(actor: Actor, unitId: string, labels: string[]): Promise<Bed[]> {
    assertAdmin(actor);
    const unit = await this.getUnit(actor, unitId);
    try {
      return await this.dataSource.transaction(async (manager) => {
        // Lock the unit so two requests adding beds get distinct positions.
        await manager.createQueryBuilder(Unit, 'u').setLock('pessimistic_write').where('u.id = :id', { id: unit.id }).getOne();
        const { max } = await manager
          .createQueryBuilder(Bed, 'b')
          .select('COALESCE(MAX(b.position), 0)', 'max')
          .where('b.unit_id = :unitId', { unitId })
          .getRawOne<{ max: number }>() ?? { max: 0 };
        const beds = labels.map((label, index) => manager.create(Bed, { unitId, centreId: unit.centreId, label, position: Number(max) + index + 1 }));
        await manager.save(beds);
        await this.audit.record(manager, auditEntry(actor, 'bed.create', 'unit', unit.id, unit.centreId));
        return beds;
      });
    } catch (error) {
      if (constraintViolation(error)?.constraint === 'beds_unit_label_key') {
        const existing = await this.dataSource.manager.findBy(Bed, { unitId, label: In(labels) });
        throw new LabelTaken(existing[0]?.label ?? labels[0]);
      }
      throw error;
    }
  }

  /**
   * Takes a bed out of service (saying why, and when it is expected back) or back in, which clears
   * both; an occupied bed cannot leave service. The reason is `other` when none is given.
   */
  async setBedInService(actor: Actor, bedId: string, input: UpdateBedDto): Promise<Bed> {
    if (actor.role !== 'admin' && actor.role !== 'staff') throw new Forbidden();
    if (input.inService && (input.reason !== undefined || input.note !== undefined || input.expectedBackOn !== undefined)) {
      throw new ValidationFailed({ inService: ['reason, note and expectedBackOn go only with inService false'] });
    }
    return this.dataSource.transaction(async (manager) => {
      const bed = await manager.createQueryBuilder(Bed, 'b').setLock('pessimistic_write').where('b.id = :id', { id: bedId }).getOne();
      if (!bed || !canSeeCentre(actor, bed.centreId) || (actor.role === 'staff' && !actor.centreIds.includes(bed.centreId))) {
        throw new NotFound('bed');
      }
      if (!input.inService && bed.occupied) throw new BedOccupied({ bedId });
      const next: Pick<Bed, 'inService' | 'outOfServiceReason' | 'outOfServiceNote' | 'expectedBackOn'> = input.inService
        ? { inService: true, outOfServiceReason: null, outOfServiceNote: null, expectedBackOn: null }
        : { inService: false, outOfServiceReason: input.reason ?? 'other', outOfServiceNote: input.note || null, expectedBackOn: input.expectedBackOn ?? null };
      const changed = (Object.keys(next) as (keyof typeof next)[]).some((key) => bed[key] !== next[key]);
      if (changed) {
        Object.assign(bed, next);
        await manager.update(Bed, { id: bed.id }, next);
        await this.audit.record(manager, auditEntry(actor, 'bed.update', 'bed', bed.id, bed.centreId));
      }
      return bed;
    });
  }

  /**
   * Changes a centre's limits and welfare intervals. The welfare intervals must shorten as the
   * level rises (the database checks it too); the values before and after are kept beside the audit event.
   */
  async updateSettings(actor: Actor, centreId: string, input: UpdateCentreSettingsDto): Promise<Centre> {
    assertAdmin(actor);
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.getCentre(actor, centreId, manager);
        const centre = (await manager.createQueryBuilder(Centre, 'c').setLock('pessimistic_write').where('c.id = :id', { id: centreId }).getOne())!;
        const changes: SettingChanges = {};
        for (const setting of CENTRE_SETTINGS) {
          const after = input[setting];
          if (after !== undefined && after !== centre[setting]) changes[setting] = { before: centre[setting], after };
        }
        const merged = { ...centre, ...Object.fromEntries(Object.entries(changes).map(([key, change]) => [key, change.after])) } as Centre;
        assertWelfareOrder(merged);
        if (Object.keys(changes).length === 0) return centre;
        await manager.update(Centre, { id: centre.id }, Object.fromEntries(Object.entries(changes).map(([key, change]) => [key, change.after])));
        const auditEventId = await this.audit.record(manager, auditEntry(actor, 'centre.settings_changed', 'centre', centre.id, centre.id));
        await manager.insert(CentreSettingChange, { centreId: centre.id, auditEventId, changes, changedBy: actor.userId });
        return merged;
      });
    } catch (error) {
      if (constraintViolation(error)?.constraint === 'centres_welfare_intervals_check') throw new ValidationFailed({ welfareConstantMinutes: [WELFARE_ORDER] });
      throw error;
    }
  }

  /** Live occupancy: beds in service, and how many of them hold an open stay. */
  async occupancy(actor: Actor, centreId: string): Promise<Occupancy> {
    if (!['admin', 'staff', 'funder'].includes(actor.role)) throw new Forbidden();
    await this.getCentre(actor, centreId);
    const rows = await this.dataSource.query<UnitOccupancy[]>(
      `SELECT u.id, u.name, u.housing,
              count(b.id) FILTER (WHERE b.in_service)::int AS capacity,
              count(b.id) FILTER (WHERE b.occupied)::int AS occupied,
              coalesce(jsonb_agg(jsonb_build_object('bedId', b.id, 'label', b.label, 'reason', b.out_of_service_reason, 'expectedBackOn', b.expected_back_on)
                                 ORDER BY b.position) FILTER (WHERE NOT b.in_service), '[]') AS "outOfService"
         FROM units u LEFT JOIN beds b ON b.unit_id = u.id
        WHERE u.centre_id = $1
        GROUP BY u.id ORDER BY u.name`,
      [centreId],
    );
    const capacity = rows.reduce((sum, unit) => sum + unit.capacity, 0);
    const occupied = rows.reduce((sum, unit) => sum + (unit.occupied ?? 0), 0);
    if (actor.role === 'funder') {
      // Funders read counts of people from the published monthly tables only: who is in a centre
      // tonight, even as "<5", would tell them each arrival and departure as it happens.
      return { centreId, capacity, occupied: null, available: null, units: rows.map((unit) => ({ ...unit, occupied: null })) };
    }
    return { centreId, capacity, occupied, available: capacity - occupied, units: rows };
  }

  /** A centre with its units and their beds in position order, for the pages that lay it out. */
  async getLayout(actor: Actor, centreId: string): Promise<CentreLayout> {
    const centre = await this.getCentre(actor, centreId);
    const [units, beds] = await Promise.all([this.listUnits(centre.id), this.listBeds(centre.id)]);
    return { centre, units: units.map((unit) => ({ ...unit, beds: beds.filter((bed) => bed.unitId === unit.id) })) };
  }

  /** Every centre a stay may be transferred to (a transfer may leave the actor's own centres). */
  async listTransferDestinations(actor: Actor): Promise<Pick<Centre, 'id' | 'code' | 'name' | 'kind'>[]> {
    if (actor.role !== 'staff') throw new Forbidden();
    return this.dataSource.manager.find(Centre, { select: { id: true, code: true, name: true, kind: true }, order: { code: 'ASC' }, take: 500 });
  }

  listUnits(centreId: string): Promise<Unit[]> {
    return this.dataSource.manager.find(Unit, { where: { centreId }, order: { name: 'ASC' } });
  }

  listBeds(centreId: string): Promise<Bed[]> {
    return this.dataSource.manager.find(Bed, { where: { centreId }, order: { unitId: 'ASC', position: 'ASC' } });
  }
}
