import { z } from 'zod';

/** Durations of the asylum procedure (DOMAIN.md), configuration data because the law changes. */
export interface DeadlineRules {
  /** Appointment at the single desk (GUDA) within 3 working days of the intention (10 at peak). */
  registrationWorkingDays: number;
  /** The application must reach OFPRA within 21 days of registration. */
  lodgingDays: number;
  /** OFPRA decides within 96 hours for a person held in a removal centre. */
  detainedDecisionHours: number;
  /** Appeal to the CNDA within one month of the refusal's notification. */
  appealMonths: number;
  /** The CNDA decides within 5 months, 5 weeks in the accelerated procedure. */
  appealDecisionMonths: number;
  appealDecisionAcceleratedWeeks: number;
  /** Dublin III art. 22(1): the requested state replies to a take-charge request within 2 months. */
  dublinReplyMonths: number;
  /** Dublin III art. 25(1): 2 weeks when the request rests on a Eurodac hit. */
  dublinEurodacReplyWeeks: number;
  /** Dublin III art. 29(1): transfer within 6 months of acceptance (or of the appeal's decision). */
  dublinTransferMonths: number;
  /** Dublin III art. 29(2): 18 months when the person absconded. */
  dublinAbscondedTransferMonths: number;
}

export const DEFAULT_DEADLINE_RULES: DeadlineRules = {
  registrationWorkingDays: 3,
  lodgingDays: 21,
  detainedDecisionHours: 96,
  appealMonths: 1,
  appealDecisionMonths: 5,
  appealDecisionAcceleratedWeeks: 5,
  dublinReplyMonths: 2,
  dublinEurodacReplyWeeks: 2,
  dublinTransferMonths: 6,
  dublinAbscondedTransferMonths: 18,
};

const duration = (fallback: number) => z.coerce.number().int().min(1, 'must be a whole number from 1 to 1000').max(1000, 'must be a whole number from 1 to 1000').default(fallback);

/** The environment variables of the procedure's durations, with DOMAIN.md's defaults. */
export const deadlineRulesSchema = {
  REFERRAL_REGISTRATION_WORKING_DAYS: duration(DEFAULT_DEADLINE_RULES.registrationWorkingDays),
  REFERRAL_LODGING_DAYS: duration(DEFAULT_DEADLINE_RULES.lodgingDays),
  OFPRA_DETAINED_DECISION_HOURS: duration(DEFAULT_DEADLINE_RULES.detainedDecisionHours),
  CNDA_APPEAL_MONTHS: duration(DEFAULT_DEADLINE_RULES.appealMonths),
  CNDA_DECISION_MONTHS: duration(DEFAULT_DEADLINE_RULES.appealDecisionMonths),
  CNDA_DECISION_ACCELERATED_WEEKS: duration(DEFAULT_DEADLINE_RULES.appealDecisionAcceleratedWeeks),
  DUBLIN_REPLY_MONTHS: duration(DEFAULT_DEADLINE_RULES.dublinReplyMonths),
  DUBLIN_EURODAC_REPLY_WEEKS: duration(DEFAULT_DEADLINE_RULES.dublinEurodacReplyWeeks),
  DUBLIN_TRANSFER_MONTHS: duration(DEFAULT_DEADLINE_RULES.dublinTransferMonths),
  DUBLIN_ABSCONDED_TRANSFER_MONTHS: duration(DEFAULT_DEADLINE_RULES.dublinAbscondedTransferMonths),
};

type DeadlineEnv = { [K in keyof typeof deadlineRulesSchema]: number };

export function deadlineRulesFrom(raw: DeadlineEnv): DeadlineRules {
  return {
    registrationWorkingDays: raw.REFERRAL_REGISTRATION_WORKING_DAYS,
    lodgingDays: raw.REFERRAL_LODGING_DAYS,
    detainedDecisionHours: raw.OFPRA_DETAINED_DECISION_HOURS,
    appealMonths: raw.CNDA_APPEAL_MONTHS,
    appealDecisionMonths: raw.CNDA_DECISION_MONTHS,
    appealDecisionAcceleratedWeeks: raw.CNDA_DECISION_ACCELERATED_WEEKS,
    dublinReplyMonths: raw.DUBLIN_REPLY_MONTHS,
    dublinEurodacReplyWeeks: raw.DUBLIN_EURODAC_REPLY_WEEKS,
    dublinTransferMonths: raw.DUBLIN_TRANSFER_MONTHS,
    dublinAbscondedTransferMonths: raw.DUBLIN_ABSCONDED_TRANSFER_MONTHS,
  };
}
