import type { Housing } from '@escale/centres';

export interface PlanMember {
  ref: string;
  sex: 'male' | 'female' | 'other' | 'unknown';
  /** Under 18, or presumed so while the age is disputed. */
  minor: boolean;
}

export interface PlanUnit {
  id: string;
  name: string;
  housing: Housing;
  freeBeds: { id: string; label: string }[];
  /** A family unit that holds nobody, or only this family: it may take the family's members. */
  forThisFamily: boolean;
  /** Members of this family already sleep there. */
  holdsFamily: boolean;
}

export interface PlannedPlacement {
  ref: string;
  bedId: string;
  bedLabel: string;
  unitId: string;
  unitName: string;
  housing: Housing;
}

export interface PlacementPlan {
  /** Every member in one family unit. */
  together: boolean;
  placements: PlannedPlacement[];
  /** Members the housing rules leave without a bed here (a minor when no family unit is free). */
  unplaced: { ref: string; reason: 'no_family_unit' | 'no_bed' }[];
}

const SEX_HOUSINGS: Record<PlanMember['sex'], Housing[]> = { male: ['men', 'mixed'], female: ['women', 'mixed'], other: ['mixed'], unknown: ['mixed'] };

/**
 * The best placement the housing rules allow for a family: one family unit for all when one has
 * room; otherwise the children in the family units that may take this family, each unit with an
 * adult of the family first (women first, as mothers most often travel with young children), and
 * the other adults in the units of their sex, kept together. A minor is never placed outside a
 * family unit holding only their family, so never beside an unrelated adult.
 */
export function planPlacement(members: PlanMember[], units: PlanUnit[]): PlacementPlan {
  const familyUnits = units.filter((unit) => unit.housing === 'families' && unit.forThisFamily && unit.freeBeds.length > 0);
  const byRoom = (a: PlanUnit, b: PlanUnit) => Number(b.holdsFamily) - Number(a.holdsFamily) || b.freeBeds.length - a.freeBeds.length || a.name.localeCompare(b.name);
  // The tightest unit that takes everyone, so the roomier ones stay free for larger families.
  const whole = familyUnits
    .filter((unit) => unit.freeBeds.length >= members.length)
    .sort((a, b) => Number(b.holdsFamily) - Number(a.holdsFamily) || a.freeBeds.length - b.freeBeds.length || a.name.localeCompare(b.name))[0];
  const place = (member: PlanMember, unit: PlanUnit, taken: Map<string, number>): PlannedPlacement => {
    const index = taken.get(unit.id) ?? 0;
    taken.set(unit.id, index + 1);
    const bed = unit.freeBeds[index];
    return { ref: member.ref, bedId: bed.id, bedLabel: bed.label, unitId: unit.id, unitName: unit.name, housing: unit.housing };
  };
  const taken = new Map<string, number>();
  if (whole) return { together: true, placements: members.map((member) => place(member, whole, taken)), unplaced: [] };

  const minors = members.filter((member) => member.minor);
  const adults = members.filter((member) => !member.minor).sort((a, b) => Number(b.sex === 'female') - Number(a.sex === 'female'));
  const placements: PlannedPlacement[] = [];
  const left = (unit: PlanUnit) => unit.freeBeds.length - (taken.get(unit.id) ?? 0);
  for (const unit of [...familyUnits].sort(byRoom)) {
    if (minors.length === 0) break;
    if (adults.length > 0 && !unit.holdsFamily) placements.push(place(adults.shift()!, unit, taken));
    while (minors.length > 0 && left(unit) > 0) placements.push(place(minors.shift()!, unit, taken));
  }
  const unplaced: PlacementPlan['unplaced'] = minors.map((member) => ({ ref: member.ref, reason: 'no_family_unit' as const }));
  for (const adult of adults) {
    const housings = SEX_HOUSINGS[adult.sex];
    // Into a unit already holding one of the family, else the roomiest, the sex's own housing before a mixed one.
    const candidates = units
      .filter((unit) => housings.includes(unit.housing) && left(unit) > 0)
      .sort((a, b) => Number(taken.has(b.id)) - Number(taken.has(a.id)) || housings.indexOf(a.housing) - housings.indexOf(b.housing) || left(b) - left(a) || a.name.localeCompare(b.name));
    const unit = candidates[0] ?? familyUnits.filter((candidate) => left(candidate) > 0 && taken.has(candidate.id))[0];
    if (unit) placements.push(place(adult, unit, taken));
    else unplaced.push({ ref: adult.ref, reason: 'no_bed' });
  }
  const order = new Map(members.map((member, index) => [member.ref, index]));
  placements.sort((a, b) => order.get(a.ref)! - order.get(b.ref)!);
  return { together: false, placements, unplaced };
}
