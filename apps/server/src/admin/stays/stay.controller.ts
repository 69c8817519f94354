import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CentresService } from '@escale/centres';
import { type Actor, Clock, type Locale, NotFound, translate, ValidationFailed } from '@escale/platform';
import { cashTotals, CHECK_OUT_REASONS, CheckOutDto, type StayDetail, DepositPropertyDto, ExtendAuthorityDto, HearingsService, HoldingAuthorityService, JoinHouseholdDto, MoveBedDto, PROPERTY_KINDS, PropertyService, RemovalOrdersService, StaysService, TransferDto } from '@escale/stays';
import {
  CHECK_OUTCOMES,
  LEVELS,
  MEDICAL_REPORT_KINDS,
  RecordMedicalReportDto,
  RecordWelfareCheckDto,
  ReplyMedicalReportDto,
  SetWelfareLevelDto,
  WelfareService,
} from '@escale/welfare';
import { IdPipe } from '../../api/id.pipe.js';
import { OnRecord, Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { confirmField, type FieldSpec, FormReader, type FormProblem, formProblem, renderPage, validated } from '../forms.js';
import { durationText } from '../welfare/durations.js';
import { CheckOutForm, ExtensionForm, JoinHouseholdForm, MedicalReplyForm, MedicalReportForm, MoveBedForm, PropertyForm, StayPageQuery, TransferForm, WelfareCheckForm, WelfareLevelForm } from './stay.forms.js';

const PROPERTY_FIELDS: Record<string, FieldSpec> = {
  'items.0.kind': { id: 'property-kind', message: 'fieldError.propertyKind' },
  'items.0.description': { id: 'property-description', message: 'fieldError.description' },
  'items.0.quantity': { id: 'property-quantity', message: 'fieldError.quantity' },
  'items.0.amountCents': { id: 'property-amount', message: 'fieldError.amount' },
  'items.0.currency': { id: 'property-amount', message: 'fieldError.amount' },
  // The service's own check: cash has an amount, an item has none.
  'items.0': { id: 'property-amount', message: 'fieldError.amount' },
  amount: { id: 'property-amount', message: 'fieldError.amount' },
};

const CHECK_OUT_FIELDS: Record<string, FieldSpec> = {
  reason: { id: 'checkout-reason', message: 'fieldError.reason' },
  destination: { id: 'checkout-destination', message: 'fieldError.destination' },
  at: { id: 'checkout-at', message: 'fieldError.checkOutAt' },
  returnedPropertyIds: { id: 'checkout-property', message: 'fieldError.generic' },
  ...confirmField('checkout-confirm'),
};

const TRANSFER_FIELDS: Record<string, FieldSpec> = {
  toCentreId: { id: 'transfer-centre', message: 'fieldError.toCentreId' },
  bedId: { id: 'transfer-bed', message: 'fieldError.transferBed' },
  at: { id: 'transfer-at', message: 'fieldError.checkOutAt' },
  ...confirmField('transfer-confirm'),
};

const TRANSFER_BED_CODES = { NO_BED_AVAILABLE: 'transfer-bed', BED_OCCUPIED: 'transfer-bed', BED_OUT_OF_SERVICE: 'transfer-bed', HOUSING_MISMATCH: 'transfer-bed', MINOR_NOT_ALLOWED: 'transfer-centre' } as const;

const LEVEL_FIELDS: Record<string, FieldSpec> = {
  level: { id: 'welfare-level', message: 'fieldError.welfareLevel' },
  reason: { id: 'level-reason', message: 'fieldError.levelReason' },
};

const CHECK_FIELDS: Record<string, FieldSpec> = {
  outcome: { id: 'check-outcome', message: 'fieldError.checkOutcome' },
  notes: { id: 'check-notes', message: 'fieldError.checkNotes' },
  performedAt: { id: 'check-performedAt', message: 'fieldError.performedAt' },
};

const EXTENSION_FIELDS: Record<string, FieldSpec> = {
  decidedAt: { id: 'extension-decidedAt', message: 'fieldError.extensionDecidedAt' },
  days: { id: 'extension-days', message: 'fieldError.extensionDays' },
  decidedBy: { id: 'extension-decidedBy', message: 'fieldError.extensionDecidedBy' },
  ...confirmField('extension-confirm'),
};

const REPORT_FIELDS: Record<string, FieldSpec> = {
  kind: { id: 'report-kind', message: 'fieldError.reportKind' },
  sentTo: { id: 'report-sentTo', message: 'fieldError.reportSentTo' },
  sentAt: { id: 'report-sentAt', message: 'fieldError.reportSentAt' },
};

const replyFields = (reportId: string): Record<string, FieldSpec> => ({
  replySummary: { id: `reply-summary-${reportId}`, message: 'fieldError.replySummary' },
  repliedAt: { id: `reply-repliedAt-${reportId}`, message: 'fieldError.repliedAt' },
});

const MOVE_BED_FIELDS: Record<string, FieldSpec> = { bedId: { id: 'move-bed', message: 'fieldError.moveBed' } };
const MOVE_BED_CODES = { BED_OCCUPIED: 'move-bed', BED_OUT_OF_SERVICE: 'move-bed', HOUSING_MISMATCH: 'move-bed', NOT_FOUND: 'move-bed' } as const;
const HOUSEHOLD_FIELDS: Record<string, FieldSpec> = { householdId: { id: 'join-household', message: 'fieldError.householdId' } };
const HOUSEHOLD_CODES = { NO_BED_AVAILABLE: 'join-household', HOUSING_MISMATCH: 'join-household', BED_OCCUPIED: 'join-household' } as const;

type StayForm = 'property' | 'checkOut' | 'transfer' | 'reopen' | 'moveBed' | 'household' | 'level' | 'check' | 'extension' | 'report' | `reply-${string}`;

interface StayPageState {
  done?: StayPageQuery['done'];
  form?: StayForm;
  values?: object;
  problem?: FormProblem;
}

/**
 * A stay: where and since when, its welfare (level, checks, medical reports, timeline), the
 * holding clock of a removal centre, the property held, and (for staff) deposit, check-out and transfer.
 */
@ApiExcludeController()
@OnRecord('stay')
@Controller('stays')
export class StayPageController {
  constructor(
    private readonly stays: StaysService,
    private readonly centres: CentresService,
    private readonly welfare: WelfareService,
    private readonly holding: HoldingAuthorityService,
    private readonly hearings: HearingsService,
    private readonly orders: RemovalOrdersService,
    private readonly clock: Clock,
    private readonly propertyService: PropertyService,
  ) {}

  @Roles('staff', 'caseworker')
  @Get(':id')
  async show(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: StayPageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.render(response, actor, id, request.locale!, { done: query.done });
  }

  @Roles('staff')
  @Post(':id/property')
  async deposit(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: PropertyForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const kind = read.text(form.kind);
      const amountCents = read.cents('amount', form.amount);
      const input = await validated(
        DepositPropertyDto,
        {
          items: [
            {
              kind,
              description: read.text(form.description),
              quantity: read.integer(form.quantity),
              amountCents,
              // Cash is taken in euros; the amount says whether there is any.
              currency: amountCents === undefined ? undefined : 'EUR',
            },
          ],
        },
        read.problems,
      );
      await this.propertyService.depositProperty(actor, id, input);
      response.redirect(303, `/stays/${id}?done=deposited#property`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, PROPERTY_FIELDS);
      await this.render(response, actor, id, request.locale!, { form: 'property', values: form, problem }, problem.status);
    }
  }

  @Roles('staff')
  @Post(':id/check-out')
  async checkOut(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: CheckOutForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    read.confirmed(form.confirm);
    try {
      const input = await validated(
        CheckOutDto,
        { reason: read.text(form.reason), destination: read.text(form.destination), at: read.dateTime('at', form.at), returnedPropertyIds: form.returnedPropertyIds ?? [] },
        read.problems,
      );
      await this.stays.checkOut(actor, id, input);
      response.redirect(303, `/stays/${id}?done=checked-out#receipt`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, CHECK_OUT_FIELDS);
      await this.render(response, actor, id, request.locale!, { form: 'checkOut', values: form, problem }, problem.status);
    }
  }

  @Roles('staff')
  @Post(':id/transfers')
  async transfer(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: TransferForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    read.confirmed(form.confirm);
    try {
      const input = await validated(TransferDto, { toCentreId: read.text(form.toCentreId), bedId: read.text(form.bedId), at: read.dateTime('at', form.at) }, read.problems);
      await this.stays.transfer(actor, id, input);
      response.redirect(303, `/stays/${id}?done=transferred`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, TRANSFER_FIELDS, TRANSFER_BED_CODES);
      await this.render(response, actor, id, request.locale!, { form: 'transfer', values: form, problem }, problem.status);
    }
  }

  @Roles('staff')
  @Post(':id/reopen')
  async reopen(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    try {
      await this.stays.reopen(actor, id);
      response.redirect(303, `/stays/${id}?done=reopened`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, {});
      await this.render(response, actor, id, request.locale!, { form: 'reopen', values: {}, problem }, problem.status);
    }
  }

  @Roles('staff')
  @Post(':id/bed-moves')
  async moveBed(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: MoveBedForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(MoveBedDto, { bedId: read.text(form.bedId) }, read.problems);
      await this.stays.moveBed(actor, id, input);
      response.redirect(303, `/stays/${id}?done=bed-moved`);
    } catch (error) {
      // An unknown bed is a NOT_FOUND of the bed, not of the stay: shown at the picker (the stay itself was found first).
      if (error instanceof NotFound && error.what === 'bed') {
        const problem = formProblem(new ValidationFailed({ bedId: ['not a bed of this centre'] }), request.locale!, MOVE_BED_FIELDS);
        await this.render(response, actor, id, request.locale!, { form: 'moveBed', values: form, problem }, problem.status);
        return;
      }
      const problem = formProblem(error, request.locale!, MOVE_BED_FIELDS, MOVE_BED_CODES);
      await this.render(response, actor, id, request.locale!, { form: 'moveBed', values: form, problem }, problem.status);
    }
  }

  @Roles('staff')
  @Post(':id/household')
  async joinHousehold(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: JoinHouseholdForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(JoinHouseholdDto, { householdId: read.text(form.householdId) }, read.problems);
      await this.stays.joinHousehold(actor, id, input);
      response.redirect(303, `/stays/${id}?done=household-joined`);
    } catch (error) {
      if (error instanceof NotFound && error.what === 'household') {
        const problem = formProblem(new ValidationFailed({ householdId: ['no such household'] }), request.locale!, HOUSEHOLD_FIELDS);
        await this.render(response, actor, id, request.locale!, { form: 'household', values: form, problem }, problem.status);
        return;
      }
      const problem = formProblem(error, request.locale!, HOUSEHOLD_FIELDS, HOUSEHOLD_CODES);
      await this.render(response, actor, id, request.locale!, { form: 'household', values: form, problem }, problem.status);
    }
  }

  @Roles('staff')
  @Post(':id/welfare-level')
  async setLevel(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: WelfareLevelForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(SetWelfareLevelDto, { level: read.text(form.level), reason: read.text(form.reason) });
      await this.welfare.setLevel(actor, id, input);
      response.redirect(303, `/stays/${id}?done=level-changed#welfare`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, LEVEL_FIELDS);
      await this.render(response, actor, id, request.locale!, { form: 'level', values: form, problem }, problem.status);
    }
  }

  @Roles('staff')
  @Post(':id/welfare-checks')
  async recordCheck(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: WelfareCheckForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(
        RecordWelfareCheckDto,
        { outcome: read.text(form.outcome), notes: read.text(form.notes), performedAt: read.dateTime('performedAt', form.performedAt) },
        read.problems,
      );
      await this.welfare.recordCheck(actor, id, input);
      response.redirect(303, `/stays/${id}?done=check-recorded#welfare`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, CHECK_FIELDS);
      await this.render(response, actor, id, request.locale!, { form: 'check', values: form, problem }, problem.status);
    }
  }

  @Roles('staff')
  @Post(':id/extensions')
  async extend(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: ExtensionForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    read.confirmed(form.confirm);
    try {
      const input = await validated(
        ExtendAuthorityDto,
        { decidedAt: read.dateTime('decidedAt', form.decidedAt), days: read.integer(form.days), decidedBy: read.text(form.decidedBy) },
        read.problems,
      );
      await this.holding.extendAuthority(actor, id, input);
      response.redirect(303, `/stays/${id}?done=extended#holding`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, EXTENSION_FIELDS, { EXTENSION_NOT_ALLOWED: 'extension-days' });
      await this.render(response, actor, id, request.locale!, { form: 'extension', values: form, problem }, problem.status);
    }
  }

  @Roles('staff', 'caseworker')
  @Post(':id/medical-reports')
  async recordMedicalReport(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: MedicalReportForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(RecordMedicalReportDto, { kind: read.text(form.kind), sentTo: read.text(form.sentTo), sentAt: read.dateTime('sentAt', form.sentAt) }, read.problems);
      await this.welfare.recordMedicalReport(actor, id, input);
      response.redirect(303, `/stays/${id}?done=report-recorded#medical-reports`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, REPORT_FIELDS);
      await this.render(response, actor, id, request.locale!, { form: 'report', values: form, problem }, problem.status);
    }
  }

  @Roles('staff', 'caseworker')
  @Post(':id/medical-reports/:reportId/reply')
  async replyMedicalReport(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Param('reportId', IdPipe) reportId: string,
    @Body() form: MedicalReplyForm,
    @Req() request: EscaleRequest,
    @Res() response: Response,
  ): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(ReplyMedicalReportDto, { replySummary: read.text(form.replySummary), repliedAt: read.dateTime('repliedAt', form.repliedAt) }, read.problems);
      const report = await this.welfare.replyMedicalReport(actor, reportId, input);
      response.redirect(303, `/stays/${report.stayId}?done=reply-recorded#report-${reportId}`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, replyFields(reportId));
      await this.render(response, actor, id, request.locale!, { form: `reply-${reportId}`, values: form, problem }, problem.status);
    }
  }

  private async render(response: Response, actor: Actor, stayId: string, locale: Locale, state: StayPageState, status = 200): Promise<void> {
    const detail = await this.stays.getStayDetail(actor, stayId);
    const property = await this.propertyService.listProperty(actor, stayId);
    const open = detail.stay.checkedOutAt === null;
    const canAct = actor.role === 'staff' && open;
    const bedChoices = canAct ? await this.stays.bedChoices(actor, stayId) : [];
    const bedMoves = await this.stays.listBedMoves(actor, stayId);
    const canReopen = actor.role === 'staff' && this.stays.mayOfferReopen(detail.stay);
    const destinations = canAct ? (await this.centres.listTransferDestinations(actor)).filter((centre) => centre.id !== detail.centre.id) : [];
    const formState = (form: StayForm) => ({ values: state.form === form ? state.values : {}, errors: state.form === form ? (state.problem?.fields ?? {}) : {} });
    const welfare = await this.welfarePart(actor, detail.stay, open, locale, state, formState);
    // Before a failed check-out every item still held is ticked; after one, the items as they were ticked.
    const ticked = state.form === 'checkOut' ? ((state.values as CheckOutForm).returnedPropertyIds ?? []) : null;
    renderPage(
      response,
      'admin/stays/show',
      {
        title: translate(locale, 'stay.title', { name: `${detail.person.givenNames} ${detail.person.familyName}` }),
        ...detail,
        open,
        canAct,
        notice: state.done ? `stay.done.${state.done}` : undefined,
        property: property.map((item) => ({ ...item, cash: item.kind === 'cash' })),
        heldProperty: property.filter((item) => item.status === 'held').map((item) => ({ ...item, cash: item.kind === 'cash', ticked: ticked ? ticked.includes(item.id) : true })),
        returned: property.filter((item) => item.status === 'returned').map((item) => ({ ...item, cash: item.kind === 'cash' })),
        notReturned: property.filter((item) => item.status === 'held').map((item) => ({ ...item, cash: item.kind === 'cash' })),
        cashTotals: cashTotals(property),
        canReturn: actor.role === 'staff' && property.some((item) => item.status === 'held'),
        kinds: PROPERTY_KINDS,
        reasons: CHECK_OUT_REASONS,
        destinations,
        propertyForm: formState('property'),
        checkOutForm: formState('checkOut'),
        transferForm: formState('transfer'),
        moveBedForm: formState('moveBed'),
        householdForm: formState('household'),
        bedChoices: bedChoices.map((bed) => ({ ...bed, selected: bed.id === (state.form === 'moveBed' ? (state.values as MoveBedForm).bedId : undefined) })),
        bedMoves,
        canReopen,
        consequences: open ? consequences(locale, detail) : {},
        legal: await this.legalSummary(actor, stayId),
        ...welfare,
        problem: state.problem,
      },
      status,
    );
  }

  /** The legal record in brief: the next hearing (or none before the authority ends), and appeal deadlines still open. */
  private async legalSummary(actor: Actor, stayId: string) {
    const hearings = await this.hearings.list(actor, stayId);
    const orders = await this.orders.list(actor, stayId);
    return {
      nextHearing: hearings.items.find((hearing) => hearing.outcome === null),
      authorityEndsWithoutHearing: hearings.authorityEndsWithoutHearing,
      appealDeadlines: orders.items.filter((order) => order.appealOpen),
    };
  }

  /** The welfare sections: level and checks, the holding clock, medical reports, and the timeline. */
  private async welfarePart(
    actor: Actor,
    stay: StayDetail['stay'],
    open: boolean,
    locale: Locale,
    state: StayPageState,
    formState: (form: StayForm) => { values: object | undefined; errors: Record<string, string> },
  ) {
    const holding = await this.holding.holdingClock(actor, stay.id);
    // Health records are read by the centre holding the person now (or last): elsewhere, such as the
    // centre a person was transferred from, the page says where they are instead of refusing the stay.
    const reports = await this.welfare.listMedicalReports(actor, stay.id).catch((error: unknown) => {
      if (error instanceof NotFound) return null;
      throw error;
    });
    const timeline = await this.welfare.timeline(actor, stay.id);
    const now = this.clock.now().getTime();
    const due = open && stay.nextWelfareCheckDue ? new Date(stay.nextWelfareCheckDue).getTime() : null;
    const extensionForm = formState('extension');
    if (state.problem?.code === 'EXTENSION_NOT_ALLOWED') {
      // Say which extension is due next, or that none is left, rather than only that this one is refused.
      extensionForm.errors = {
        'extension-days': holding?.next ? translate(locale, 'holding.notAllowed.next', { sequence: holding.next.sequence, days: holding.next.days }) : translate(locale, 'holding.notAllowed.none'),
      };
    }
    return {
      canRecordWelfare: actor.role === 'staff' && open,
      canReport: open && reports !== null,
      healthElsewhere: reports === null,
      // A check less than a minute late is still late.
      welfareLate: due !== null && due < now ? translate(locale, 'welfareBoard.late', { duration: durationText(locale, Math.max(1, Math.floor((now - due) / 60_000))) }) : undefined,
      levels: LEVELS,
      outcomes: CHECK_OUTCOMES,
      reportKinds: MEDICAL_REPORT_KINDS,
      holding,
      medicalReports: (reports ?? []).map((report) => {
        const reply = formState(`reply-${report.id}`);
        const errors = reply.errors;
        return {
          ...report,
          replyOverdue: !report.repliedAt && new Date(report.replyDueAt).getTime() < now,
          replyValues: reply.values,
          replyErrors: { summary: errors[`reply-summary-${report.id}`], repliedAt: errors[`reply-repliedAt-${report.id}`] },
        };
      }),
      timeline,
      levelForm: { values: { level: stay.welfareLevel, ...formState('level').values }, errors: formState('level').errors },
      checkForm: formState('check'),
      extensionForm: { values: { days: holding?.next?.days, ...extensionForm.values }, errors: extensionForm.errors },
      reportForm: formState('report'),
    };
  }
}

/** What check-out, transfer and a judge's extension will do, in words, beside the box that confirms them. */
function consequences(locale: Locale, detail: StayDetail) {
  const words = { name: `${detail.person.givenNames} ${detail.person.familyName}`, centre: detail.centre.name, bed: detail.bed.label };
  return {
    checkOut: translate(locale, 'confirm.checkOut', words),
    transfer: translate(locale, 'confirm.transfer', words),
    extension: translate(locale, 'confirm.extension', words),
  };
}
