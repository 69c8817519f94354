/** What an agenda item is: which clock or list it comes from. */
export const AGENDA_KINDS = ['authority_expiry', 'asylum_window', 'legal_limit', 'referral_deadline', 'medical_reply', 'task', 'hearing', 'appeal_deadline'] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

export const isAgendaKind = (value: unknown): value is AgendaKind => typeof value === 'string' && (AGENDA_KINDS as readonly string[]).includes(value);
