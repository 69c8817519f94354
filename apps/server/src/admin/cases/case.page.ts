import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { UsersService } from '@escale/auth';
import { CasesService, type DocumentView, ReferralsService, type ReferralView } from '@escale/cases';
import { PeopleService } from '@escale/people';
import { type Actor, Clock, type Locale, type MessageKey, translate } from '@escale/platform';
import { StaysService } from '@escale/stays';
import { type FormProblem, renderPage } from '../forms.js';
import type { CaseNotice } from './case.forms.js';
import { dublinAndDates, moveExtras, noteText, statusNeedsConfirmation } from './referral.model.js';

/** Which form on the case page a failed post came from: its values and messages go back into it. */
export type CaseFormKey = 'status' | 'assign' | 'note' | 'task' | 'referral' | `move:${string}` | `upload:${string}` | `abscond:${string}` | `appeal:${string}` | `decide:${string}` | `date:${string}`;

export interface CasePageState {
  done?: CaseNotice;
  form?: CaseFormKey;
  values?: object;
  problem?: FormProblem;
}

export interface DeadlineBadge {
  kind: string;
  labelKey: MessageKey;
  at: string;
  overdue: boolean;
}

/** A legal deadline as the pages show it: what it is, when (Paris time), and "overdue" in words once past. */
export const deadlineBadge = (kind: string, at: string, now: Date): DeadlineBadge => ({
  kind,
  labelKey: `deadline.${kind}` as MessageKey,
  at,
  overdue: new Date(at).getTime() < now.getTime(),
});

const fullName = (person: { givenNames: string; familyName: string }) => `${person.givenNames} ${person.familyName}`;

/**
 * The case page: the person and stay, the status and who holds the case, the timeline, tasks,
 * and the asylum referral with its deadline, steps and documents. Staff read it; caseworkers act.
 * Every form on it posts to its own route, which renders this page again when the service refuses.
 */
@Injectable()
export class CasePage {
  constructor(
    private readonly cases: CasesService,
    private readonly referrals: ReferralsService,
    private readonly stays: StaysService,
    private readonly people: PeopleService,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  async render(response: Response, actor: Actor, caseId: string, locale: Locale, state: CasePageState = {}, status = 200): Promise<void> {
    const view = await this.cases.getCase(actor, caseId, locale);
    // Once the case is known to be readable, its parts are read side by side, each on its own connection.
    const [{ detail, person }, referrals] = await Promise.all([
      (async () => {
        const detail = view.stayId ? await this.stays.getStayDetail(actor, view.stayId) : null;
        return { detail, person: detail?.person ?? (await this.people.getPerson(actor, view.personId)) };
      })(),
      this.referrals.listForCase(actor, caseId),
    ]);
    const canAct = actor.role === 'caseworker';
    // Documents are for caseworkers only; the service refuses them to staff.
    const documents = new Map<string, DocumentView[]>();
    if (canAct) {
      const lists = await Promise.all(referrals.map((referral) => this.referrals.listDocuments(actor, referral.id)));
      referrals.forEach((referral, i) => documents.set(referral.id, lists[i]));
    }
    const names = await this.users.namesOf([
      ...(view.caseworkerId ? [view.caseworkerId] : []),
      ...[...view.history, ...view.notes, ...referrals.flatMap((referral) => referral.history)].flatMap((entry) => (entry.by ? [entry.by] : [])),
    ]);
    const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
    const now = this.clock.now();
    const t = (key: MessageKey, params: Record<string, unknown> = {}) => translate(locale, key, params);
    const formState = (key: CaseFormKey) => ({ values: state.form === key ? (state.values ?? {}) : {}, errors: state.form === key ? (state.problem?.fields ?? {}) : {} });
    const size = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 });

    const timeline = [
      ...view.history.map((change) => ({
        at: change.at,
        kind: 'status',
        label: change.from === null ? t('timeline.opened') : t('timeline.status', { status: t(`caseStatus.${change.to}` as MessageKey) }),
        text: change.note,
        by: nameOf(change.by),
      })),
      ...referrals.flatMap((referral) =>
        referral.history.map((step) => ({
          at: step.at,
          kind: 'referral',
          label: step.from === null ? t('timeline.referralStarted') : t('timeline.referral', { status: t(`referralStatus.${step.to}`) }),
          text: noteText(locale, step.note),
          by: nameOf(step.by),
        })),
      ),
      ...view.notes.map((note) => ({ at: note.at, kind: 'note', label: t('timeline.note'), text: note.text, by: nameOf(note.by) })),
    ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

    // A step refused because the referral moved on is no longer offered: what was typed for it is shown, not lost.
    const postedMove = state.form?.startsWith('move:') ? (state.values as { note?: string } | undefined) : undefined;
    const moveShown = referrals.some((referral) => referral.allowedMoves.some((to) => state.form === `move:${referral.id}:${to}`));
    const unsavedNote = canAct && !moveShown && postedMove?.note?.trim() ? postedMove.note.trim() : null;

    const hasOpenReferral = referrals.some((referral) => referral.allowedMoves.length > 0);
    const stayOpen = detail ? detail.stay.checkedOutAt === null : false;
    const claimWindow = detail?.stay.asylumClaimWindowEndsAt && stayOpen && referrals.length === 0 ? deadlineBadge('asylumClaim', detail.stay.asylumClaimWindowEndsAt, now) : null;

    renderPage(
      response,
      'admin/cases/show',
      {
        title: t('case.title', { name: fullName(person) }),
        caseView: view,
        person: { id: person.id, givenNames: person.givenNames, familyName: person.familyName, dateOfBirth: person.dateOfBirth },
        stay: detail ? { ...detail.stay, open: stayOpen } : null,
        centre: detail?.centre ?? null,
        claimWindow,
        canAct,
        notice: state.done ? `case.done.${state.done}` : undefined,
        problem: state.problem,
        unsavedNote,
        statusMoves: (canAct ? view.allowedStatuses : []).map((status) => ({
          status,
          confirmId: `status-${status}-confirm`,
          consequence: statusNeedsConfirmation(status) ? t(status === 'closed' ? 'confirm.caseStatus.closed' : 'confirm.caseStatus', { name: fullName(person), status: t(`caseStatus.${status}` as MessageKey) }) : null,
          confirmError: formState('status').errors[`status-${status}-confirm`],
        })),
        caseworker: view.caseworkerId ? { name: nameOf(view.caseworkerId) ?? '', me: view.caseworkerId === actor.userId } : null,
        canAssignToMe: canAct && view.caseworkerId !== actor.userId && view.status !== 'closed',
        timeline,
        tasks: view.tasks.map((task) => ({ ...task, overdue: !task.doneAt && new Date(task.dueAt).getTime() < now.getTime() })),
        canStartReferral: canAct && view.status !== 'closed' && !hasOpenReferral,
        referrals: referrals.map((referral) => this.referralModel(referral, { canAct, now, locale, formState, nameOf, documents: documents.get(referral.id), size })),
        noteForm: formState('note'),
        taskForm: formState('task'),
      },
      status,
    );
  }

  private referralModel(
    referral: ReferralView,
    context: {
      canAct: boolean;
      now: Date;
      locale: Locale;
      formState: (key: CaseFormKey) => { values: object; errors: Record<string, string> };
      nameOf: (id: string | null) => string | null;
      documents: DocumentView[] | undefined;
      size: Intl.NumberFormat;
    },
  ) {
    return {
      id: referral.id,
      status: referral.status,
      version: referral.version,
      open: referral.allowedMoves.length > 0,
      accelerated: referral.accelerated,
      startedAt: referral.history[0]?.at ?? null,
      deadline: referral.nextDeadline && referral.nextDeadlineKind ? deadlineBadge(referral.nextDeadlineKind, referral.nextDeadline, context.now) : null,
      // One open referral per case, so a move's fields are named by its target alone.
      moves: context.canAct
        ? referral.allowedMoves.map((to) => {
            const { values, errors } = context.formState(`move:${referral.id}:${to}`);
            return {
              to,
              referralId: referral.id,
              version: referral.version,
              withdraw: to === 'withdrawn',
              values,
              ...moveExtras(referral, to),
              noteId: `move-${to}-note`,
              atId: `move-${to}-at`,
              noteError: errors[`move-${to}-note`],
              atError: errors[`move-${to}-at`],
              decisionError: errors[`move-${to}-decision`],
              basisError: errors[`move-${to}-basis`],
              confirmError: errors[`move-${to}-confirm`],
            };
          })
        : [],
      decisionLabel: referral.decision ? `decision.${referral.decision}` : null,
      appealDecisionLabel: referral.appealDecision ? `decision.${referral.appealDecision}` : null,
      ...dublinAndDates(referral, {
        canAct: context.canAct,
        errors: (form) => context.formState(form as CaseFormKey).errors,
        values: (form) => context.formState(form as CaseFormKey).values as Record<string, string>,
      }),
      history: referral.history.map((step) => ({ ...step, note: noteText(context.locale, step.note), decisionLabel: step.decision ? `decision.${step.decision}` : null, byName: context.nameOf(step.by) })),
      documents: context.documents?.map((document) => ({
        ...document,
        format: document.contentType.split('/')[1].toUpperCase(),
        size: context.size.format(Math.max(1, Math.round(document.sizeBytes / 1024))),
      })),
      upload: context.canAct ? { fileId: `upload-${referral.id}-file`, error: context.formState(`upload:${referral.id}`).errors[`upload-${referral.id}-file`] } : null,
    };
  }
}
