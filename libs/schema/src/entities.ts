import { AuditEvent } from '@escale/audit';
import { ApiToken, SessionRecord, User } from '@escale/auth';
import { InboxMessage } from '@escale/inbox';
import { OutboxMessage } from '@escale/platform';

/** Every entity of every context: the one list both apps and the migration CLI use. */
export const ENTITIES = [User, ApiToken, SessionRecord, AuditEvent, OutboxMessage, InboxMessage];
