import { FormText } from '../forms.js';

export const AUDIT_PAGE_SIZES = ['50', '100', '500'] as const;

/** The audit viewer's filters, as its GET form sends them: empty means "any". */
export class AuditCsvQuery {
  /** A user's email address or id. */
  @FormText(254) actor?: string;
  @FormText(64) action?: string;
  @FormText(64) entityType?: string;
  @FormText(64) entityId?: string;
  @FormText(64) centreId?: string;
  @FormText(16) outcome?: string;
  /** Days (YYYY-MM-DD) in Paris time; `to` is included. */
  @FormText(32) from?: string;
  @FormText(32) to?: string;
}

/** The same filters, and which page of events. */
export class AuditPageQuery extends AuditCsvQuery {
  @FormText(9) offset?: string;
  @FormText(4) limit?: string;
}
