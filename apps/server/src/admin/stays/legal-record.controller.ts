import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, dateTimeFormat, type Locale, NotFound, translate } from '@escale/platform';
import {
  AddLegalContactDto,
  APPEAL_OUTCOMES,
  EndLegalContactDto,
  HEARING_OUTCOMES,
  HEARING_PURPOSES,
  type HearingOutcomeResult,
  HearingsService,
  LEGAL_CONTACT_KINDS,
  LegalContactsService,
  LodgeAppealDto,
  RecordAppealDecisionDto,
  RecordHearingOutcomeDto,
  RecordRemovalOrderDto,
  REMOVAL_ORDER_KINDS,
  RemovalOrdersService,
  ScheduleHearingDto,
  StaysService,
} from '@escale/stays';
import { IdPipe } from '../../api/id.pipe.js';
import { OnRecord, Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { confirmField, type FieldSpec, type FormProblem, formProblem, FormReader, renderPage, validated } from '../forms.js';
import { UI_TIME_ZONE } from '../time.js';
import { AppealDecisionForm, AppealForm, EndContactForm, HearingOutcomeForm, LegalContactForm, LegalPageQuery, RemovalOrderForm, ScheduleHearingForm } from './legal-record.forms.js';

/** A form's fields, named `<prefix>-<field>`, each with its message. */
const fieldsOf = (prefix: string, names: readonly string[], messages: Record<string, string> = {}): Record<string, FieldSpec> =>
  Object.fromEntries(names.map((name) => [name, { id: `${prefix}-${name}`, message: (messages[name] ?? `legal.fieldError.${name}`) as FieldSpec['message'] }]));

interface LegalPageState {
  done?: LegalPageQuery['done'];
  /** Which form failed: its prefix. */
  form?: string;
  values?: object;
  problem?: FormProblem;
  /** An outcome waiting for confirmation, with what it will do. */
  confirming?: { hearingId: string; values: HearingOutcomeForm; consequence: string };
}

/**
 * A stay's legal record: the judge's hearings and their outcomes, orders to leave France and
 * their appeals, and the person's lawyer, legal-aid association and consular contacts.
 */
@ApiExcludeController()
@OnRecord('stay')
@Controller('stays/:id/legal')
export class LegalRecordPageController {
  constructor(
    private readonly stays: StaysService,
    private readonly hearings: HearingsService,
    private readonly orders: RemovalOrdersService,
    private readonly contacts: LegalContactsService,
  ) {}

  @Roles('staff', 'caseworker')
  @Get()
  async show(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: LegalPageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.render(response, actor, id, request.locale!, { done: query.done });
  }

  @Roles('staff')
  @Post('hearings')
  async schedule(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: ScheduleHearingForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.attempt(response, actor, id, request.locale!, 'hearing', form, fieldsOf('hearing', ['scheduledAt', 'court', 'purpose']), async () => {
      const read = new FormReader();
      const input = await validated(ScheduleHearingDto, { scheduledAt: read.dateTime('scheduledAt', form.scheduledAt), court: read.text(form.court), purpose: read.text(form.purpose) }, read.problems);
      await this.hearings.schedule(actor, id, input);
      return 'hearing-scheduled#hearings';
    });
  }

  @Roles('staff')
  @Post('hearings/:hearingId/outcome')
  async outcome(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Param('hearingId', IdPipe) hearingId: string,
    @Body() form: HearingOutcomeForm,
    @Req() request: EscaleRequest,
    @Res() response: Response,
  ): Promise<void> {
    const locale = request.locale!;
    const prefix = `outcome-${hearingId}`;
    const fields = fieldsOf(prefix, ['outcome', 'decidedAt', 'decidedBy', 'days', 'releasedAt', 'adjournedTo']);
    await this.attempt(response, actor, id, locale, prefix, form, fields, async () => {
      const read = new FormReader();
      const input = await validated(
        RecordHearingOutcomeDto,
        {
          outcome: read.text(form.outcome),
          decidedAt: read.dateTime('decidedAt', form.decidedAt),
          decidedBy: read.text(form.decidedBy),
          days: form.outcome === 'extension_granted' ? read.integer(form.days) : undefined,
          releasedAt: form.outcome === 'refused' ? read.dateTime('releasedAt', form.releasedAt) : undefined,
          adjournedTo: form.outcome === 'adjourned' ? read.dateTime('adjournedTo', form.adjournedTo) : undefined,
        },
        read.problems,
      );
      if (form.confirm !== 'yes') {
        // The hearing must be one of this stay's placement, as the confirmation shows it there.
        const listed = await this.hearings.list(actor, id);
        if (!listed.items.some((hearing) => hearing.id === hearingId)) throw new NotFound('hearing');
        // Every rule applies now, so that what is confirmed is what will be recorded.
        const preview = await this.hearings.previewOutcome(actor, hearingId, input);
        await this.render(response, actor, id, locale, { confirming: { hearingId, values: form, consequence: consequenceOf(locale, preview) } });
        return null;
      }
      const result = await this.hearings.recordOutcome(actor, hearingId, input);
      return result.refusal ? 'released#hearings' : 'outcome-recorded#hearings';
    });
  }

  @Roles('staff')
  @Post('removal-orders')
  async recordOrder(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: RemovalOrderForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.attempt(response, actor, id, request.locale!, 'order', form, fieldsOf('order', ['kind', 'notifiedAt', 'issuedBy']), async () => {
      const read = new FormReader();
      const input = await validated(RecordRemovalOrderDto, { kind: read.text(form.kind), notifiedAt: read.dateTime('notifiedAt', form.notifiedAt), issuedBy: read.text(form.issuedBy) }, read.problems);
      await this.orders.record(actor, id, input);
      return 'order-recorded#removal-orders';
    });
  }

  @Roles('staff')
  @Post('removal-orders/:orderId/appeal')
  async appeal(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Param('orderId', IdPipe) orderId: string, @Body() form: AppealForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const prefix = `appeal-${orderId}`;
    await this.attempt(response, actor, id, request.locale!, prefix, form, fieldsOf(prefix, ['lodgedAt', 'court']), async () => {
      const read = new FormReader();
      const input = await validated(LodgeAppealDto, { lodgedAt: read.dateTime('lodgedAt', form.lodgedAt), court: read.text(form.court) }, read.problems);
      await this.orders.lodgeAppeal(actor, orderId, input);
      return 'appeal-recorded#removal-orders';
    });
  }

  @Roles('staff')
  @Post('removal-orders/:orderId/decision')
  async decision(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Param('orderId', IdPipe) orderId: string, @Body() form: AppealDecisionForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const prefix = `decision-${orderId}`;
    const fields = { ...fieldsOf(prefix, ['decidedAt', 'outcome'], { outcome: 'legal.fieldError.appealOutcome' }), ...confirmField(`${prefix}-confirm`) };
    await this.attempt(response, actor, id, request.locale!, prefix, form, fields, async () => {
      const read = new FormReader();
      read.confirmed(form.confirm);
      const input = await validated(RecordAppealDecisionDto, { decidedAt: read.dateTime('decidedAt', form.decidedAt), outcome: read.text(form.outcome) }, read.problems);
      await this.orders.recordDecision(actor, orderId, input);
      return 'decision-recorded#removal-orders';
    });
  }

  @Roles('staff', 'caseworker')
  @Post('contacts')
  async addContact(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: LegalContactForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const fields = fieldsOf('contact', ['kind', 'name', 'organisation', 'phone', 'email', 'notes'], { kind: 'legal.fieldError.contactKind', name: 'legal.fieldError.contactName' });
    await this.attempt(response, actor, id, request.locale!, 'contact', form, fields, async () => {
      const read = new FormReader();
      const input = await validated(
        AddLegalContactDto,
        { kind: read.text(form.kind), name: read.text(form.name), organisation: read.text(form.organisation), phone: read.text(form.phone), email: read.text(form.email), notes: read.text(form.notes) },
        read.problems,
      );
      const stay = await this.stays.getStay(actor, id);
      await this.contacts.add(actor, stay.personId, input);
      return 'contact-added#legal-contacts';
    });
  }

  @Roles('staff', 'caseworker')
  @Post('contacts/:contactId/end')
  async endContact(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Param('contactId', IdPipe) contactId: string, @Body() form: EndContactForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const prefix = `end-${contactId}`;
    await this.attempt(response, actor, id, request.locale!, prefix, form, fieldsOf(prefix, ['reason'], { reason: 'legal.fieldError.endReason' }), async () => {
      const read = new FormReader();
      const input = await validated(EndLegalContactDto, { reason: read.text(form.reason) }, read.problems);
      await this.contacts.end(actor, contactId, input);
      return 'contact-ended#legal-contacts';
    });
  }

  /** Runs a form's work: on success it redirects to the notice it names (null: it answered itself); a refusal shows the form again. */
  private async attempt(response: Response, actor: Actor, id: string, locale: Locale, form: string, values: object, fields: Record<string, FieldSpec>, work: () => Promise<string | null>): Promise<void> {
    try {
      const done = await work();
      if (done === null) return;
      const [notice, anchor] = done.split('#');
      response.redirect(303, `/stays/${id}/legal?done=${notice}#${anchor}`);
    } catch (error) {
      const problem = formProblem(error, locale, fields, { AUTHORITY_EXPIRED: `${form}-decidedAt`, EXTENSION_NOT_ALLOWED: `${form}-days`, ALREADY_RECORDED: `${form}-${form.startsWith('end') ? 'reason' : 'decidedAt'}` });
      await this.render(response, actor, id, locale, { form, values, problem }, problem.status);
    }
  }

  private async render(response: Response, actor: Actor, stayId: string, locale: Locale, state: LegalPageState, status = 200): Promise<void> {
    const detail = await this.stays.getStayDetail(actor, stayId);
    const hearings = await this.hearings.list(actor, stayId);
    const orders = await this.orders.list(actor, stayId);
    const contacts = await this.contacts.list(actor, detail.person.id, { includeEnded: true }).catch((error: unknown) => {
      if (error instanceof NotFound) return null;
      throw error;
    });
    const open = detail.stay.checkedOutAt === null;
    const staff = actor.role === 'staff';
    const removal = detail.centre.kind === 'removal';
    const formOf = (prefix: string) => ({ values: state.form === prefix ? state.values : {}, errors: state.form === prefix ? (state.problem?.fields ?? {}) : {} });
    renderPage(
      response,
      'admin/stays/legal',
      {
        title: translate(locale, 'legal.title', { name: `${detail.person.givenNames} ${detail.person.familyName}` }),
        ...detail,
        open,
        notice: state.done ? `legal.done.${state.done}` : undefined,
        problem: state.problem,
        canSchedule: staff && open && removal,
        canRecord: staff,
        authorityEndsWithoutHearing: open && removal && hearings.authorityEndsWithoutHearing,
        hearings: hearings.items.map((hearing) => ({
          ...hearing,
          pending: hearing.outcome === null,
          canDecide: staff && open && hearing.outcome === null,
          form: formOf(`outcome-${hearing.id}`),
          confirming: state.confirming?.hearingId === hearing.id ? state.confirming : undefined,
        })),
        orders: orders.items.map((order) => ({ ...order, appealForm: formOf(`appeal-${order.id}`), decisionForm: formOf(`decision-${order.id}`) })),
        contacts: contacts?.items.map((contact) => ({ ...contact, endForm: formOf(`end-${contact.id}`) })) ?? [],
        contactsHidden: contacts === null,
        hearingForm: formOf('hearing'),
        orderForm: formOf('order'),
        contactForm: formOf('contact'),
        purposes: HEARING_PURPOSES,
        outcomes: HEARING_OUTCOMES,
        orderKinds: REMOVAL_ORDER_KINDS,
        appealOutcomes: APPEAL_OUTCOMES,
        contactKinds: LEGAL_CONTACT_KINDS,
      },
      status,
    );
  }
}

/** What recording this outcome will do, in words, for the confirmation. */
function consequenceOf(locale: Locale, preview: HearingOutcomeResult): string {
  const at = (iso: string) => dateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: UI_TIME_ZONE }).format(new Date(iso));
  if (preview.extension) return translate(locale, 'legal.confirm.extension_granted', { days: preview.extension.days, until: at(preview.extension.authorisedUntil) });
  if (preview.refusal) return translate(locale, 'legal.confirm.refused', { at: at(preview.refusal.releasedAt) });
  return translate(locale, 'legal.confirm.adjourned', { at: at(preview.nextHearing!.scheduledAt) });
}
