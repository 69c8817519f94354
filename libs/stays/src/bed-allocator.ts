import { Bed, Unit, type Housing } from '@escale/centres';
import type { EntityManager } from 'typeorm';
import { HousingMismatch, NoBedAvailable } from './stays.errors.js';

export interface Occupant {
  minor: boolean;
  sex: 'male' | 'female' | 'other' | 'unknown';
  householdId: string | null;
}

/** The unit housings a person may be placed in, best first. */
export function allowedHousings(occupant: Occupant): Housing[] {
  // A family is housed together, in a family unit holding that household alone.
  if (occupant.householdId) return ['families'];
  if (occupant.sex === 'male') return ['men', 'mixed'];
  if (occupant.sex === 'female') return ['women', 'mixed'];
  return ['mixed'];
}

/**
 * The housings of a bed staff name. An adult of a household may also be named a bed among the
 * adults of their sex, to split a family that no family unit can take whole; a minor never.
 */
export function namedBedHousings(occupant: Occupant): Housing[] {
  if (!occupant.householdId || occupant.minor) return allowedHousings(occupant);
  return ['families', ...allowedHousings({ ...occupant, householdId: null })];
}

/**
 * Finds and locks a free bed. Adults take the first free bed of a suitable unit with
 * FOR UPDATE SKIP LOCKED, so concurrent check-ins take different beds without waiting. A
 * household takes its own unit (locked, and re-read once locked), so a family stays together
 * and a minor is never placed with an unrelated adult.
 */
export class BedAllocator {
  /** `since`: the stay starts then; a bed must have been free from then on, not only now. */
  constructor(
    private readonly manager: EntityManager,
    private readonly since: Date,
  ) {}

  /** Whether a bed was in use (slept on, or moved off) after `since`: a stay starting then cannot take it. */
  async usedSince(bedId: string): Promise<boolean> {
    const [used] = await this.manager.query(
      `SELECT 1 FROM stays s WHERE s.bed_id = $1 AND s.checked_out_at > $2 UNION ALL SELECT 1 FROM bed_moves m WHERE m.from_bed_id = $1 AND m.moved_at > $2 LIMIT 1`,
      [bedId, this.since],
    );
    return Boolean(used);
  }

  async allocate(centreId: string, occupant: Occupant): Promise<Bed> {
    if (occupant.householdId) return this.allocateForHousehold(centreId, occupant.householdId);
    const housings = allowedHousings(occupant);
    const bed = await this.freeBedQuery(centreId)
      .andWhere('u.housing IN (:...housings)', { housings })
      .orderBy(`array_position(ARRAY[:...housings]::varchar[], u.housing)`)
      .addOrderBy('u.name')
      .addOrderBy('b.position')
      .getOne();
    if (!bed) throw new NoBedAvailable();
    return bed;
  }

  /** Checks and locks a bed that staff named; `exceptStayId`: a stay already in the unit that is the occupant's own. */
  async claim(bed: Bed, unit: Unit, occupant: Occupant, exceptStayId?: string): Promise<void> {
    const housings = namedBedHousings(occupant);
    if (!housings.includes(unit.housing)) {
      throw new HousingMismatch(occupant.householdId ? (occupant.minor ? 'a minor is housed in a family unit' : 'a household is housed in a family unit or, split, among adults of the same sex') : `a ${unit.housing} unit cannot house this person`);
    }
    if (unit.housing === 'families') {
      // Only one household in a family unit, so a minor is never beside an unrelated adult.
      await this.lockUnit(unit.id);
      const others = await this.householdsIn(unit.id, exceptStayId);
      if (others.some((id) => id !== occupant.householdId)) throw new HousingMismatch('the family unit holds another household');
    }
  }

  private freeBedQuery(centreId: string) {
    return this.manager
      .createQueryBuilder(Bed, 'b')
      .innerJoin(Unit, 'u', 'u.id = b.unit_id')
      .where('b.centre_id = :centreId', { centreId })
      .andWhere('b.in_service')
      .andWhere('NOT b.occupied')
      // A stay recorded late needs a bed nobody left after it began.
      .andWhere('NOT EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND s.checked_out_at > :since)', { since: this.since })
      // Nor anyone moved off it since.
      .andWhere('NOT EXISTS (SELECT 1 FROM bed_moves m WHERE m.from_bed_id = b.id AND m.moved_at > :since)', { since: this.since })
      .setLock('pessimistic_write', undefined, ['b'])
      .setOnLocked('skip_locked')
      .limit(1);
  }

  private async allocateForHousehold(centreId: string, householdId: string): Promise<Bed> {
    // Members of one household arriving at once are placed one after the other.
    await this.manager.query(`SELECT id FROM households WHERE id = $1 FOR UPDATE`, [householdId]);
    const [present] = await this.manager.query<{ unit_id: string }[]>(
      // A family split among the adults' units is joined in its family unit, never in theirs.
      `SELECT s.unit_id FROM stays s JOIN units u ON u.id = s.unit_id
        WHERE s.household_id = $1 AND s.centre_id = $2 AND s.checked_out_at IS NULL AND u.housing = 'families' LIMIT 1`,
      [householdId, centreId],
    );
    if (present) {
      const bed = await this.freeBedQuery(centreId).andWhere('b.unit_id = :unitId', { unitId: present.unit_id }).orderBy('b.position').getOne();
      if (!bed) throw new NoBedAvailable('the household’s unit is full');
      return bed;
    }
    // An empty family unit, the roomiest first; re-read once locked, as another household may just have taken it.
    const tried: string[] = [];
    for (;;) {
      const [unit] = await this.manager.query<{ id: string }[]>(
        `SELECT u.id FROM units u
          WHERE u.centre_id = $1 AND u.housing = 'families' AND u.id <> ALL($2::uuid[])
            AND NOT EXISTS (SELECT 1 FROM beds b WHERE b.unit_id = u.id AND b.occupied)
            AND EXISTS (SELECT 1 FROM beds b WHERE b.unit_id = u.id AND b.in_service)
          ORDER BY (SELECT count(*) FROM beds b WHERE b.unit_id = u.id AND b.in_service) DESC, u.name
          LIMIT 1 FOR UPDATE OF u SKIP LOCKED`,
        [centreId, tried],
      );
      if (!unit) throw new NoBedAvailable('no family unit is free');
      tried.push(unit.id);
      const others = await this.householdsIn(unit.id);
      if (others.length > 0) continue;
      const bed = await this.freeBedQuery(centreId).andWhere('b.unit_id = :unitId', { unitId: unit.id }).orderBy('b.position').getOne();
      if (bed) return bed;
    }
  }

  private async lockUnit(unitId: string): Promise<void> {
    await this.manager.query(`SELECT id FROM units WHERE id = $1 FOR UPDATE`, [unitId]);
  }

  private async householdsIn(unitId: string, exceptStayId?: string): Promise<string[]> {
    const rows = await this.manager.query<{ household_id: string | null }[]>(
      `SELECT DISTINCT household_id FROM stays WHERE unit_id = $1 AND checked_out_at IS NULL AND id IS DISTINCT FROM $2::uuid`,
      [unitId, exceptStayId ?? null],
    );
    return rows.map((row) => row.household_id ?? 'none');
  }
}
