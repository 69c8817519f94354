import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditService } from '@escale/audit';
import { CentresService } from '@escale/centres';
import { AddAliasDto, AddIdentifierDto, ALIAS_SOURCES, CorrectPersonDto, IDENTIFIER_KINDS, MergePeopleDto, PeopleService, PersonRecordsService, SEXES } from '@escale/people';
import { type Actor, DomainError, type Locale, translate } from '@escale/platform';
import { StaysService } from '@escale/stays';
import { ASSESSMENT_OUTCOMES, ASSESSMENT_STATUSES, PersonCorrectionsService, RecordAgeAssessmentDto, RecordVulnerabilityDto, VULNERABILITY_TYPES, WelfareService } from '@escale/welfare';
import { IdPipe } from '../../api/id.pipe.js';
import { OnRecord, Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import { deniedAccess } from '../../http/exception.filter.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { type FieldSpec, FormReader, type FormProblem, formProblem, pagination, queryString, renderPage, validated } from '../forms.js';
import { originInputValues, originListField, originListFields, readOriginList } from '../origins.forms.js';
import { AgeAssessmentForm, AliasForm, CorrectPersonForm, IdentifierForm, MergeForm, PeopleSearchPageQuery, PersonPageQuery, VulnerabilityForm } from './person.forms.js';

const VULNERABILITY_FIELDS: Record<string, FieldSpec> = {
  type: { id: 'vulnerability-type', message: 'fieldError.vulnerabilityType' },
  notes: { id: 'vulnerability-notes', message: 'fieldError.vulnerabilityNotes' },
};

const AGE_ASSESSMENT_FIELDS: Record<string, FieldSpec> = {
  status: { id: 'age-status', message: 'fieldError.ageStatus' },
  outcome: { id: 'age-outcome', message: 'fieldError.ageOutcome' },
  dateOfBirth: { id: 'age-dateOfBirth', message: 'fieldError.ageDateOfBirth' },
};

const CORRECT_FIELDS: Record<string, FieldSpec> = {
  version: { id: 'edit-familyName', message: 'fieldError.generic' },
  familyName: { id: 'edit-familyName', message: 'fieldError.familyName' },
  givenNames: { id: 'edit-givenNames', message: 'fieldError.givenNames' },
  dateOfBirth: { id: 'edit-dateOfBirth', message: 'fieldError.dateOfBirth' },
  dobEstimated: { id: 'edit-dobEstimated', message: 'fieldError.generic' },
  sex: { id: 'edit-sex', message: 'fieldError.sex' },
};

const ALIAS_FIELDS: Record<string, FieldSpec> = {
  name: { id: 'alias-name', message: 'fieldError.aliasName' },
  source: { id: 'alias-source', message: 'fieldError.aliasSource' },
};

const IDENTIFIER_FIELDS: Record<string, FieldSpec> = {
  kind: { id: 'identifier-kind', message: 'fieldError.identifierKind' },
  value: { id: 'identifier-value', message: 'fieldError.identifierValue' },
  issuingCountry: { id: 'identifier-issuingCountry', message: 'fieldError.identifierCountry' },
};

const MERGE_FIELDS: Record<string, FieldSpec> = {
  duplicateId: { id: 'merge-duplicateId', message: 'fieldError.mergeDuplicate' },
  version: { id: 'merge-duplicateId', message: 'fieldError.generic' },
};

const SEARCH_PAGE_SIZE = 25;

const isNotFound = (error: unknown) => error instanceof DomainError && error.code === 'NOT_FOUND';

type PersonForm = 'vulnerability' | 'ageAssessment' | 'edit' | 'alias' | 'identifier' | 'merge';

interface PersonPageState {
  done?: PersonPageQuery['done'];
  form?: PersonForm;
  values?: object;
  problem?: FormProblem;
  /** A merge waiting for its confirmation: the other record, by name. */
  mergeConfirm?: { duplicateId: string; name: string; version: string };
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
    private readonly people: PeopleService,
    private readonly records: PersonRecordsService,
    private readonly corrections: PersonCorrectionsService,
  ) {}

  /** Finds people in the reader's centres by name, alias or document number, as the API search does. */
  @Roles('staff', 'caseworker')
  @Get()
  async search(@CurrentActor() actor: Actor, @Query() query: PeopleSearchPageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const q = (query.q ?? '').trim();
    const offset = Math.max(0, Number(query.offset ?? 0) || 0);
    const searched = q.length >= 2;
    const byIdentifier = searched && offset === 0 ? await this.records.findByIdentifier(actor, q) : [];
    const byName = searched ? await this.people.search(actor, q, SEARCH_PAGE_SIZE, offset) : null;
    const shown = new Set(byIdentifier.map((person) => person.id));
    renderPage(response, 'admin/people/search', {
      title: translate(request.locale!, 'peopleSearch.title'),
      q,
      searched,
      tooShort: q.length === 1,
      byIdentifier,
      results: (byName?.items ?? []).filter((person) => !shown.has(person.id)),
      total: byName?.total ?? 0,
      none: searched && byIdentifier.length === 0 && (byName?.items.length ?? 0) === 0,
      pagination: byName && byName.total > SEARCH_PAGE_SIZE ? pagination(byName, (next) => `/people${queryString({ q, offset: next })}`) : undefined,
    });
  }

  @Roles('staff', 'caseworker')
  @Get(':id')
  async show(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: PersonPageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const merged = await this.records.mergedRecord(actor, id);
    if (merged) {
      response.redirect(303, `/people/${merged.mergedInto}`);
      return;
    }
    await this.render(response, actor, id, request.locale!, { done: query.done });
  }

  @Roles('staff', 'caseworker')
  @Post(':id/edit')
  async correct(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: CorrectPersonForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    const nationalities = readOriginList('nationality', form.nationalities);
    const languages = readOriginList('language', form.languages);
    try {
      const input = await validated(
        CorrectPersonDto,
        {
          version: read.integer(form.version),
          familyName: read.text(form.familyName),
          givenNames: read.text(form.givenNames),
          dateOfBirth: read.text(form.dateOfBirth),
          dobEstimated: read.checked(form.dobEstimated),
          sex: read.text(form.sex),
          nationalities: nationalities?.codes,
          languages: languages?.codes,
        },
        read.problems,
      );
      const result = await this.corrections.correctPerson(actor, id, input);
      response.redirect(303, `/people/${id}?done=${result.alertRaised ? 'corrected-alert' : 'corrected'}#identity`);
    } catch (error) {
      const fields = {
        ...CORRECT_FIELDS,
        ...originListFields('nationality', 'nationalities', 'edit-nationalities', nationalities),
        ...originListFields('language', 'languages', 'edit-languages', languages),
      };
      const problem = formProblem(error, request.locale!, fields);
      await this.render(response, actor, id, request.locale!, { form: 'edit', values: form, problem }, problem.status);
    }
  }

  @Roles('staff', 'caseworker')
  @Post(':id/aliases')
  async addAlias(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: AliasForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(AddAliasDto, { name: read.text(form.name), source: read.text(form.source) });
      await this.records.addAlias(actor, id, input);
      response.redirect(303, `/people/${id}?done=alias#aliases`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, ALIAS_FIELDS);
      await this.render(response, actor, id, request.locale!, { form: 'alias', values: form, problem }, problem.status);
    }
  }

  @Roles('staff', 'caseworker')
  @Post(':id/identifiers')
  async addIdentifier(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: IdentifierForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const country = read.text(form.issuingCountry)?.toUpperCase();
      const input = await validated(AddIdentifierDto, { kind: read.text(form.kind), value: read.text(form.value), issuingCountry: country || undefined });
      await this.records.addIdentifier(actor, id, input);
      response.redirect(303, `/people/${id}?done=identifier#identifiers`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, IDENTIFIER_FIELDS, { IDENTIFIER_TAKEN: 'identifier-value' });
      await this.render(response, actor, id, request.locale!, { form: 'identifier', values: form, problem }, problem.status);
    }
  }

  /** A merge asks first: the page names the other record and waits for the confirmation. */
  @Roles('staff', 'caseworker')
  @Post(':id/merge')
  async merge(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: MergeForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(MergePeopleDto, { duplicateId: read.text(form.duplicateId), version: read.integer(form.version) }, read.problems);
      if (form.confirm !== 'yes') {
        const [other] = await this.people.namesOf(actor, [input.duplicateId]);
        if (!other || other.id === id) throw new DomainError('VALIDATION_FAILED', 'The other record is not one you can see.', { fields: { duplicateId: ['is not a person in your centres'] } });
        const mergeConfirm = { duplicateId: other.id, name: `${other.givenNames} ${other.familyName}`, version: String(input.version) };
        await this.render(response, actor, id, request.locale!, { form: 'merge', values: form, mergeConfirm });
        return;
      }
      const result = await this.corrections.mergePeople(actor, id, input);
      response.redirect(303, `/people/${id}?done=${result.alertRaised ? 'merged-alert' : 'merged'}#identity`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, MERGE_FIELDS);
      await this.render(response, actor, id, request.locale!, { form: 'merge', values: form, problem }, problem.status);
    }
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
    const { aliasRecords, identifiers } = await this.records.recordsOf(undefined, person.id);
    // The stays shown are in the reader's own centres, which this lists with their names.
    const centres = await this.centres.listCentres(actor, 500, 0);
    const centreName = (centreId: string) => centres.items.find((centre) => centre.id === centreId)?.name ?? '';
    await state.shown?.();
    // Health entries are read where the person is held now (and by their caseworker): elsewhere the page says so.
    const health = await this.health(actor, person.id);
    const [ageAssessment, ...earlierAssessments] = health?.assessments ?? [];
    const formState = (form: PersonForm) => ({ values: state.form === form ? state.values : {}, errors: state.form === form ? (state.problem?.fields ?? {}) : {} });
    // After a version conflict the form shows the record as it is now, with its current version; languages and nationalities by name.
    const editForm: { values: CorrectPersonForm; errors: Record<string, string> } =
      state.form === 'edit' && state.problem?.code !== 'VERSION_CONFLICT'
        ? { values: state.values as CorrectPersonForm, errors: state.problem?.fields ?? {} }
        : {
            values: {
              familyName: person.familyName,
              givenNames: person.givenNames,
              dateOfBirth: person.dateOfBirth,
              sex: person.sex,
              nationalities: originInputValues(locale, 'nationality', person.nationalities),
              languages: originInputValues(locale, 'language', person.languages),
              dobEstimated: person.dobEstimated ? 'on' : undefined,
              version: String(person.version),
            },
            errors: {},
          };
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
        editForm,
        nationalityField: originListField(locale, 'nationality', { name: 'nationalities', idPrefix: 'edit-nationalities', legend: 'person.nationalities', values: editForm.values.nationalities, errors: editForm.errors }),
        languageField: originListField(locale, 'language', { name: 'languages', idPrefix: 'edit-languages', legend: 'person.languages', values: editForm.values.languages, errors: editForm.errors }),
        aliasForm: formState('alias'),
        identifierForm: formState('identifier'),
        mergeForm: formState('merge'),
        mergeConfirm: state.mergeConfirm,
        aliasRecords,
        identifiers,
        sexes: SEXES,
        aliasSources: ALIAS_SOURCES,
        identifierKinds: IDENTIFIER_KINDS,
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
