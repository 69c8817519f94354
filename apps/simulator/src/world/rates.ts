/**
 * The simulated world in numbers. Figures from DOMAIN.md where it gives them (110 arrivals a
 * day nationally, boats of up to 60, families of 2 to 6, 26/30/15/15-day extensions); the
 * others are plausible rates chosen so that a year exercises every safeguarding rule.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const TIME = { MINUTE, HOUR, DAY } as const;

/** People crossing (and intercepted) per day across the 25 centres of the national estate. */
export const NATIONAL_ARRIVALS_PER_DAY = 110;
export const NATIONAL_CENTRES = 25;

export const ARRIVALS = {
  /** Boat sizes, uniform between these. */
  boatSizeMin: 12,
  boatSizeMax: 60,
  /** Share of days the Channel is too rough to cross. */
  badWeatherDays: 0.3,
  /** Seasonal swing of crossings: the rate is multiplied by 1 ± this, highest in late summer. */
  seasonalSwing: 0.45,
  /** Share of boats landing (and intercepted) between 22:00 and 07:00. */
  atNight: 0.85,
  /** From interception to the first check-in, and check-ins per minute once they start. */
  processingDelayMin: 45 * MINUTE,
  processingDelayMax: 120 * MINUTE,
  checkInsPerMinute: 6,
  /** An arrival without a bed anywhere waits this long before staff try again. */
  waitingRetryMin: 90 * MINUTE,
  waitingRetryMax: 180 * MINUTE,
} as const;

/** Who is on a boat: each group drawn is one of these. */
export const GROUPS = {
  family: 0.06,
  disputedAge: 0.04,
  unaccompaniedMinor: 0.012,
  singleWoman: 0.08,
  singleMan: 0.808,
} as const;

export const PEOPLE = {
  familySizeMin: 2,
  familySizeMax: 6,
  /** A date of birth given by the police as an estimate. */
  dobEstimated: 0.35,
  /** The true age of someone whose age is disputed, as the assessment will find. */
  disputedOutcome: { adult: 0.55, minor: 0.35, inconclusive: 0.1 },
  /** Adults who also speak English or French, so fewer notices need an interpreter. */
  speaksEnglish: 0.2,
  speaksFrench: 0.03,
} as const;

export const PLACEMENT = {
  /** Single adult men placed straight into a removal centre by the prefect. */
  singleManToRemoval: 0.18,
  /** Age-disputed arrivals whom the police first try to place in a removal centre, as adults. */
  disputedTriedAtRemoval: 0.3,
  /** Real minors likewise. */
  minorTriedAtRemoval: 0.1,
} as const;

/** How a stay in a reception centre ends (7 days at most). */
export const RECEPTION_EXIT = {
  minDays: 0.4,
  maxDays: 6.6,
  reasons: {
    moved_to_asylum_accommodation: 0.4,
    released: 0.25,
    absconded: 0.14,
    transfer_to_removal: 0.1,
    transfer_to_reception: 0.04,
    dublin_transfer: 0.04,
    hospitalised: 0.03,
  },
} as const;

/** How long a removal-centre placement was meant to last, in days, and how it ends. */
export const REMOVAL_EXIT = {
  durations: [
    { weight: 0.3, minDays: 0.5, maxDays: 3.8 },
    { weight: 0.3, minDays: 4.2, maxDays: 29 },
    { weight: 0.22, minDays: 30.5, maxDays: 59 },
    { weight: 0.12, minDays: 60.5, maxDays: 89 },
    { weight: 0.06, minDays: 95, maxDays: 120 },
  ],
  reasons: {
    removed: 0.5,
    dublin_transfer: 0.1,
    released: 0.17,
    moved_to_asylum_accommodation: 0.15,
    transfer_to_removal: 0.04,
    hospitalised: 0.03,
    absconded: 0.01,
  },
} as const;

/** The judge's decision at each end of holding authority, when the person is still held. */
export const JUDGE = {
  onTime: 0.84,
  refused: 0.08,
  late: 0.08,
  /** On-time decisions come this long before the authority ends. */
  aheadMin: 2 * HOUR,
  aheadMax: 30 * HOUR,
  /** Late decisions come this long after it ended. */
  lateMin: 20 * MINUTE,
  lateMax: 8 * HOUR,
  courts: ['JLD de Lille', 'JLD de Boulogne-sur-Mer', 'JLD de Rouen', 'JLD de Meaux'],
} as const;

/** Welfare checks: staff do rounds on the hour (and every quarter hour for constant supervision). */
export const CHECKS = {
  late: 0.05,
  missed: 0.02,
  lateDelayMin: 1 * HOUR,
  lateDelayMax: 4 * HOUR,
  missedDelayMin: 6 * HOUR,
  missedDelayMax: 12 * HOUR,
  /** Under constant supervision a late check is later by less. */
  constantLate: 0.03,
  constantMissed: 0.01,
  constantLateDelayMin: 15 * MINUTE,
  constantLateDelayMax: 45 * MINUTE,
  constantMissedDelayMin: 1 * HOUR,
  constantMissedDelayMax: 2 * HOUR,
  outcomes: { seen_well: 0.9, concern_raised: 0.04, refused: 0.03, not_present: 0.03 },
  /** Constant supervision is reviewed by a clinician and lowered after this long. */
  constantReviewMin: 20 * HOUR,
  constantReviewMax: 60 * HOUR,
} as const;

/** Vulnerabilities identified at screening, per person (beside minor and age_disputed, recorded for everyone concerned). */
export const VULNERABILITIES = {
  torture_survivor: 0.03,
  mental_health: 0.04,
  serious_illness: 0.02,
  disability: 0.015,
  trafficking_indicators: 0.02,
  suicide_self_harm_risk: 0.008,
  lgbtqi_risk: 0.01,
  /** Of women. */
  pregnancy: 0.05,
  /** Identified this long after check-in. */
  delayMin: 10 * MINUTE,
  delayMax: 36 * HOUR,
} as const;

export const MEDICAL = {
  /** Stays with a doctor's report (rule 35-like) sent to the decision-maker. */
  removalStays: 0.06,
  receptionStays: 0.015,
  sentAfterMin: 6 * HOUR,
  sentAfterMax: 8 * DAY,
  reply: { onTime: 0.7, late: 0.2, never: 0.1 },
  onTimeMin: 2 * HOUR,
  /** How long after the reply was due a late reply comes. */
  lateMin: 2 * HOUR,
  lateMax: 4 * DAY,
  kinds: { harm_from_detention: 0.45, possible_torture: 0.35, other_concern: 0.2 },
  sentTo: ['Préfecture du Nord, bureau de l’éloignement', 'Préfecture du Pas-de-Calais, service des étrangers', 'OFII, service médical'],
} as const;

/** Age assessments by the département, for everyone whose age is disputed. */
export const AGE_ASSESSMENT = {
  requestedMin: 1 * HOUR,
  requestedMax: 12 * HOUR,
  inProgressMin: 1 * DAY,
  inProgressMax: 2 * DAY,
  completedMin: 2 * DAY,
  completedMax: 5 * DAY,
  /** After the outcome: a minor leaves for child protection, an adult may be moved to a removal centre. */
  afterOutcomeMin: 2 * HOUR,
  afterOutcomeMax: 20 * HOUR,
  adultMovedToRemoval: 0.25,
  /** Before the assessment, someone tries to transfer the person to a removal centre (which must be refused). */
  transferTriedBeforeAssessment: 0.35,
} as const;

/** Staff acknowledging alerts. */
export const ACKNOWLEDGEMENT = {
  soon: 0.7,
  late: 0.2,
  never: 0.1,
  soonMin: 1,
  soonMax: 14,
  lateMin: 17,
  lateMax: 120,
  /** An escalated alert reaches the duty manager, who acknowledges it in most rounds. */
  dutyAcknowledges: 0.8,
  dutyMin: 3,
  dutyMax: 25,
} as const;
