import { planPlacement, type PlanUnit } from './placement-plan.js';

const unit = (id: string, housing: PlanUnit['housing'], beds: number, extra: Partial<PlanUnit> = {}): PlanUnit => ({
  id,
  name: id,
  housing,
  freeBeds: Array.from({ length: beds }, (_, index) => ({ id: `${id}-${index + 1}`, label: `${index + 1}` })),
  forThisFamily: housing === 'families',
  holdsFamily: false,
  ...extra,
});

describe('planPlacement', () => {
  it('takes the tightest family unit that holds everyone', () => {
    const plan = planPlacement(
      [
        { ref: 'mum', sex: 'female', minor: false },
        { ref: 'kid', sex: 'male', minor: true },
      ],
      [unit('big', 'families', 6), unit('small', 'families', 2), unit('men', 'men', 4)],
    );
    expect(plan.together).toBe(true);
    expect(plan.placements.map((p) => p.unitId)).toEqual(['small', 'small']);
  });

  it('splits: each family unit gets an adult before children, the other adults go by sex', () => {
    const plan = planPlacement(
      [
        { ref: 'dad', sex: 'male', minor: false },
        { ref: 'mum', sex: 'female', minor: false },
        { ref: 'a', sex: 'male', minor: true },
        { ref: 'b', sex: 'female', minor: true },
        { ref: 'c', sex: 'female', minor: true },
        { ref: 'uncle', sex: 'male', minor: false },
      ],
      [unit('f1', 'families', 3), unit('f2', 'families', 2), unit('men', 'men', 3), unit('women', 'women', 3)],
    );
    const where = Object.fromEntries(plan.placements.map((p) => [p.ref, p.unitId]));
    expect(plan.together).toBe(false);
    expect(where).toEqual({ mum: 'f1', a: 'f1', b: 'f1', dad: 'f2', c: 'f2', uncle: 'men' });
    expect(plan.unplaced).toEqual([]);
  });

  it('never proposes a child outside a family unit for this family', () => {
    const plan = planPlacement(
      [
        { ref: 'dad', sex: 'male', minor: false },
        { ref: 'kid', sex: 'male', minor: true },
      ],
      [unit('taken', 'families', 3, { forThisFamily: false }), unit('mixed', 'mixed', 3)],
    );
    expect(plan.unplaced).toEqual([{ ref: 'kid', reason: 'no_family_unit' }]);
    expect(plan.placements).toEqual([expect.objectContaining({ ref: 'dad', unitId: 'mixed' })]);
  });

  it('says when an adult has no bed at all', () => {
    const plan = planPlacement([{ ref: 'x', sex: 'other', minor: false }], [unit('men', 'men', 2)]);
    expect(plan).toEqual({ together: false, placements: [], unplaced: [{ ref: 'x', reason: 'no_bed' }] });
  });
});
