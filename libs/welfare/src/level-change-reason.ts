import { isMessageKey, type Locale, translate } from '@escale/platform';
import type { WelfareLevelChange } from './welfare-level-change.entity.js';

/** Why a welfare level changed, in the reader's language: a typed reason as typed, a vulnerability worded from its type. */
export function levelChangeReason(change: Pick<WelfareLevelChange, 'reason' | 'vulnerabilityType'>, locale: Locale): string | null {
  if (!change.vulnerabilityType) return change.reason;
  const key = `vulnerabilityType.${change.vulnerabilityType}`;
  return translate(locale, 'welfareLevel.raisedByVulnerability', { type: isMessageKey(key) ? translate(locale, key) : change.vulnerabilityType });
}
