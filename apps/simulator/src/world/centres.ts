import type { CentreKind, Housing } from '@escale/centres';
import type { Random } from './random.js';
import { NATIONAL_ARRIVALS_PER_DAY, NATIONAL_CENTRES, PLACEMENT, GROUPS } from './rates.js';

export interface UnitPlan {
  name: string;
  housing: Housing;
  beds: number;
}

export interface CentrePlan {
  code: string;
  name: string;
  kind: CentreKind;
  maxStayDays: number;
  units: UnitPlan[];
}

const RECEPTION_SITES = [
  ['CA-DKQ', 'Centre d’accueil de Dunkerque'],
  ['CA-CQF', 'Centre d’accueil de Calais'],
  ['CA-BOL', 'Centre d’accueil de Boulogne-sur-Mer'],
  ['CA-GRV', 'Centre d’accueil de Gravelines'],
  ['CA-ARR', 'Centre d’accueil d’Arras'],
  ['CA-LIL', 'Centre d’accueil de Lille'],
] as const;

const REMOVAL_SITES = [
  ['CRA-LIL', 'CRA de Lille-Lesquin'],
  ['CRA-COQ', 'CRA de Coquelles'],
  ['CRA-ROU', 'CRA de Rouen-Oissel'],
  ['CRA-MES', 'CRA du Mesnil-Amelot'],
] as const;

/** How many of the simulated centres are reception centres: three in five, and at least one of each kind from two centres on. */
export function receptionCount(centres: number): number {
  if (centres === 1) return 1;
  return Math.min(centres - 1, Math.max(1, Math.round(centres * 0.6)));
}

/**
 * The centres of the simulated estate. Beds are scaled to the arrivals they receive, so a centre
 * is busy without being always full: boats come in lumps, and a full centre answers
 * NO_BED_AVAILABLE, which the simulation counts.
 */
export function planCentres(random: Random, centres: number): CentrePlan[] {
  const receptions = receptionCount(centres);
  const removals = centres - receptions;
  const arrivalsPerDay = (NATIONAL_ARRIVALS_PER_DAY * centres) / NATIONAL_CENTRES;
  const toRemoval = removals === 0 ? 0 : arrivalsPerDay * (GROUPS.singleMan * PLACEMENT.singleManToRemoval + 0.05);
  // People present on an average day, at the mean lengths of stay (3.5 days; 22 in a removal centre).
  const receptionPresent = ((arrivalsPerDay - toRemoval) * 3.5) / receptions;
  const removalPresent = removals === 0 ? 0 : (toRemoval * 22) / removals;
  const plans: CentrePlan[] = [];
  for (let i = 0; i < receptions; i++) {
    const [code, name] = RECEPTION_SITES[i % RECEPTION_SITES.length];
    const suffix = i >= RECEPTION_SITES.length ? `-${Math.floor(i / RECEPTION_SITES.length) + 1}` : '';
    // Men's units carry the load, sized for the late-summer peak; families, lone minors and
    // age-disputed arrivals take a family room each.
    const men = clamp(Math.round(((receptionPresent * 0.7 * PEAK) / 0.65) * random.between(0.9, 1.1)), 12, 48);
    plans.push({
      code: `${code}${suffix}`,
      name: `${name}${suffix ? ` ${suffix.slice(1)}` : ''}`,
      kind: 'reception',
      maxStayDays: 7,
      units: [
        { name: 'Hommes A', housing: 'men', beds: Math.ceil(men / 2) },
        { name: 'Hommes B', housing: 'men', beds: Math.floor(men / 2) },
        { name: 'Femmes', housing: 'women', beds: random.int(6, 8) },
        { name: 'Mixte', housing: 'mixed', beds: 4 },
        { name: 'Famille 1', housing: 'families', beds: 6 },
        { name: 'Famille 2', housing: 'families', beds: 6 },
        { name: 'Famille 3', housing: 'families', beds: 4 },
        { name: 'Famille 4', housing: 'families', beds: 4 },
        { name: 'Chambre 5', housing: 'families', beds: 2 },
        { name: 'Chambre 6', housing: 'families', beds: 2 },
        { name: 'Chambre 7', housing: 'families', beds: 2 },
      ],
    });
  }
  for (let i = 0; i < removals; i++) {
    const [code, name] = REMOVAL_SITES[i % REMOVAL_SITES.length];
    const suffix = i >= REMOVAL_SITES.length ? `-${Math.floor(i / REMOVAL_SITES.length) + 1}` : '';
    const men = clamp(Math.round((removalPresent / 0.85) * random.between(0.9, 1.1)), 24, 70);
    plans.push({
      code: `${code}${suffix}`,
      name: `${name}${suffix ? ` ${suffix.slice(1)}` : ''}`,
      kind: 'removal',
      maxStayDays: 90,
      units: [
        { name: 'Bâtiment A', housing: 'men', beds: Math.ceil(men / 2) },
        { name: 'Bâtiment B', housing: 'men', beds: Math.floor(men / 2) },
        { name: 'Bâtiment C', housing: 'women', beds: 6 },
      ],
    });
  }
  return plans;
}

/** Crossings in late summer are this many times the yearly average (ARRIVALS.seasonalSwing). */
const PEAK = 1.45;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
