import { type Locale, translate } from '@escale/platform';
import type { CaseStatusChange } from './case-status-change.entity.js';

/** A status change's note in the reader's language: a typed note as typed, one the system wrote from its kind. */
export const statusChangeNote = (change: Pick<CaseStatusChange, 'note' | 'noteKind'>, locale: Locale): string | null =>
  change.noteKind ? translate(locale, `caseNote.${change.noteKind}`) : change.note;
