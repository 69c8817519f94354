import type { RemovalOrderKind } from './removal-order.entity.js';

/** The time to appeal each kind of order to leave France, in milliseconds (configuration). */
export interface AppealPeriods {
  withoutDeparturePeriodMs: number;
  withDeparturePeriodMs: number;
}

/**
 * CESEDA L614-4 and L614-1: an order without a voluntary departure period is appealed within 48
 * hours of its notification, one with a period within 30 days (the defaults of the periods).
 */
export function appealDeadlineAt(kind: RemovalOrderKind, notifiedAt: Date, periods: AppealPeriods): Date {
  const period = kind === 'with_departure_period' ? periods.withDeparturePeriodMs : periods.withoutDeparturePeriodMs;
  return new Date(notifiedAt.getTime() + period);
}
