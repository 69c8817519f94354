import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditService } from '@escale/audit';
import { CentresService } from '@escale/centres';
import { type Actor, DomainError, type Locale, translate } from '@escale/platform';
import { StaysService } from '@escale/stays';
import { ASSESSMENT_OUTCOMES, ASSESSMENT_STATUSES, RecordAgeAssessmentDto, RecordVulnerabilityDto, VULNERABILITY_TYPES, WelfareService } from '@escale/welfare';
import { IdPipe } from '../../api/id.pipe.js';
import { OnRecord, Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import { deniedAccess } from '../../http/exception.filter.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { type FieldSpec, FormReader, type FormProblem, formProblem, renderPage, validated } from '../forms.js';
import { AgeAssessmentForm, PersonPageQuery, VulnerabilityForm } from './person.forms.js';

const VULNERABILITY_FIELDS: Record<string, FieldSpec> = {
  type: { id: 'vulnerability-type', message: 'fieldError.vulnerabilityType' },
  notes: { id: 'vulnerability-notes', message: 'fieldError.vulnerabilityNotes' },
};

const AGE_ASSESSMENT_FIELDS: Record<string, FieldSpec> = {
  status: { id: 'age-status', message: 'fieldError.ageStatus' },
  outcome: { id: 'age-outcome', message: 'fieldError.ageOutcome' },
  dateOfBirth: { id: 'age-dateOfBirth', message: 'fieldError.ageDateOfBirth' },
};

const isNotFound = (error: unknown) => error instanceof DomainError && error.code === 'NOT_FOUND';

type PersonForm = 'vulnerability' | 'ageAssessment';

interface PersonPageState {
  done?: PersonPageQuery['done'];
  form?: PersonForm;
  values?: object;
  problem?: FormProblem;
  /** Called once the person is known to be visible to the reader, before the page is sent. */
  shown?: () => Promise<void>;
}

/** A person: identity, the languages they read, age flags, vulnerabilities, age assessment, and their stays in the reader's centres. */
@ApiExcludeController()
@OnRecord('person')
@Controller('people')
export class PersonPageController {
  constructor(
    private readonly stays: StaysService,
    private readonly centres: CentresService,
    private readonly welfare: WelfareService,
    private readonly audit: AuditService,
  ) {}

  @Roles('staff', 'caseworker')
  @Get(':id')
  async show(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: PersonPageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.render(response, actor, id, request.locale!, { done: query.done });
  }

  @Roles('staff', 'caseworker')
  @Post(':id/vulnerabilities')
  async recordVulnerability(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: VulnerabilityForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(RecordVulnerabilityDto, { type: read.text(form.type), notes: read.text(form.notes) });
      await this.welfare.recordVulnerability(actor, id, input);
      response.redirect(303, `/people/${id}?done=vulnerability#vulnerabilities`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, VULNERABILITY_FIELDS);
      await this.render(response, actor, id, request.locale!, { form: 'vulnerability', values: form, problem }, problem.status);
    }
  }

  @Roles('staff', 'caseworker')
  @Post(':id/age-assessment')
  async recordAgeAssessment(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: AgeAssessmentForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(RecordAgeAssessmentDto, { status: read.text(form.status), outcome: read.text(form.outcome), dateOfBirth: read.text(form.dateOfBirth) });
      const assessment = await this.welfare.recordAgeAssessment(actor, id, input);
      response.redirect(303, `/people/${id}?done=${assessment.alertRaised ? 'age-assessment-alert' : 'age-assessment'}#age-assessment`);
    } catch (error) {
      if (isNotFound(error)) {
        // The person is visible here (an earlier stay, or the caseworker's case) but held by another centre now, which records their age.
        // A person not visible at all makes the page itself answer 404, as any other route does.
        const problem: FormProblem = { status: 404, code: 'NOT_FOUND', message: translate(request.locale!, 'ageAssessment.notHeld'), items: [], fields: {} };
        const denial = deniedAccess(request, 'NOT_FOUND');
        const shown = async () => {
          if (denial) await this.audit.recordAlone(denial);
        };
        await this.render(response, actor, id, request.locale!, { form: 'ageAssessment', values: form, problem, shown }, problem.status);
        return;
      }
      const problem = formProblem(error, request.locale!, AGE_ASSESSMENT_FIELDS);
      await this.render(response, actor, id, request.locale!, { form: 'ageAssessment', values: form, problem }, problem.status);
    }
  }

  private async render(response: Response, actor: Actor, personId: string, locale: Locale, state: PersonPageState, status = 200): Promise<void> {
    const { person, stays } = await this.stays.getPersonWithStays(actor, personId);
    // The stays shown are in the reader's own centres, which this lists with their names.
    const centres = await this.centres.listCentres(actor, 500, 0);
    const centreName = (centreId: string) => centres.items.find((centre) => centre.id === centreId)?.name ?? '';
    await state.shown?.();
    // Health entries are read where the person is held now (and by their caseworker): elsewhere the page says so.
    const health = await this.health(actor, person.id);
    const [ageAssessment, ...earlierAssessments] = health?.assessments ?? [];
    const formState = (form: PersonForm) => ({ values: state.form === form ? state.values : {}, errors: state.form === form ? (state.problem?.fields ?? {}) : {} });
    renderPage(
      response,
      'admin/people/show',
      {
        title: `${person.givenNames} ${person.familyName}`,
        pageTitle: translate(locale, 'person.title'),
        person: { ...person, nationalities: person.nationalities.map((code) => code.trim()) },
        stays: stays.map((stay) => ({ ...stay, centreName: centreName(stay.centreId), open: stay.checkedOutAt === null })),
        notice: state.done ? `person.done.${state.done}` : undefined,
        healthElsewhere: health === null,
        vulnerabilities: health?.vulnerabilities ?? [],
        ageAssessment,
        earlierAssessments,
        vulnerabilityTypes: VULNERABILITY_TYPES,
        assessmentStatuses: ASSESSMENT_STATUSES,
        assessmentOutcomes: ASSESSMENT_OUTCOMES,
        vulnerabilityForm: formState('vulnerability'),
        ageForm: formState('ageAssessment'),
        problem: state.problem,
      },
      status,
    );
  }

  /** The person's vulnerabilities and age assessments, or null when another centre holds them now. */
  private async health(actor: Actor, personId: string) {
    try {
      const vulnerabilities = await this.welfare.listVulnerabilities(actor, personId);
      const assessments = await this.welfare.listAgeAssessments(actor, personId);
      return { vulnerabilities, assessments };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}
