import { IsIn, IsOptional } from 'class-validator';
import { ConfirmedForm, FormText, PageForm } from '../forms.js';

/** A move of the case's status, at the version the page showed. */
export class CaseStatusForm extends ConfirmedForm {
  @FormText(40) status?: string;
  @FormText(12) version?: string;
}

/** "Assign to me", at the version the page showed. */
export class AssignForm extends PageForm {
  @FormText(12) version?: string;
}

export class NoteForm extends PageForm {
  @FormText(6000) text?: string;
}

export class TaskForm extends PageForm {
  @FormText(400) title?: string;
  @FormText(32) dueAt?: string;
}

/** A step of a referral: where to, at the version the page showed, why and when (Paris time). */
export class MoveForm extends ConfirmedForm {
  @FormText(40) to?: string;
  @FormText(12) version?: string;
  @FormText(2500) note?: string;
  @FormText(32) at?: string;
  @FormText(40) decision?: string;
  @FormText(40) dublinBasis?: string;
}

/** An abscondment, the appeal against a transfer and its decision, a referral's appointment date. */
export class DublinForm extends ConfirmedForm {
  @FormText(12) version?: string;
  @FormText(32) at?: string;
  @FormText(32) lodgedAt?: string;
  @FormText(32) decidedAt?: string;
  @FormText(16) outcome?: string;
  @FormText(32) kind?: string;
}

export const CASE_NOTICES = ['status', 'assigned', 'note', 'task', 'task-done', 'referral', 'moved', 'uploaded', 'dated', 'absconded', 'appealed'] as const;
export type CaseNotice = (typeof CASE_NOTICES)[number];

export class CasePageQuery {
  /** What was just done, to confirm it. */
  @IsOptional()
  @IsIn(CASE_NOTICES)
  done?: CaseNotice;
}
