import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { AddAliasDto, AddIdentifierDto, CorrectPersonDto, MergePeopleDto, PeopleService, type Person, PersonRecordsService } from '@escale/people';
import { type Actor, PageQuery, Trimmed } from '@escale/platform';
import { StaysService } from '@escale/stays';
import { type CorrectedPerson, PersonCorrectionsService } from '@escale/welfare';
import { OnRecord, Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { IdPipe } from './id.pipe.js';
import { AliasResponse, CorrectedPersonResponse, IdentifierResponse, PersonDetailResponse, PersonSearchPage } from './responses/people.responses.js';

export class PeopleSearchQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'a name or alias, in any usual spelling' })
  @Trimmed()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  q: string;
}

export const personView = (p: Person) => ({
  id: p.id,
  familyName: p.familyName,
  givenNames: p.givenNames,
  aliases: p.aliases,
  dateOfBirth: p.dateOfBirth,
  dobEstimated: p.dobEstimated,
  ageDisputed: p.ageDisputed,
  sex: p.sex,
  nationalities: p.nationalities.map((code) => code.trim()),
  languages: p.languages,
  interpreterNeeded: p.interpreterNeeded,
  version: p.version,
});

const correctedView = ({ person, aliasRecords, identifiers, alertRaised }: CorrectedPerson) => ({ ...personView(person), aliasRecords, identifiers, alertRaised });

@ApiTags('people')
@ApiBearerAuth()
@OnRecord('person')
@Controller('api/v1/people')
export class PeopleController {
  constructor(
    private readonly people: PeopleService,
    private readonly stays: StaysService,
    private readonly records: PersonRecordsService,
    private readonly corrections: PersonCorrectionsService,
  ) {}

  @Roles('staff', 'caseworker')
  @Get()
  @ApiOkResponse({
    type: PersonSearchPage,
    description:
      'People in the caller\'s centres whose names match, best first, with a score from 0 to 1. `total` is exact when `totalExact` is true; a common name matches too many people to count, and then `total` counts those found, at least one more than the page shows.',
  })
  @ApiOperation({ summary: 'Search people by name or alias in the caller’s centres' })
  search(@CurrentActor() actor: Actor, @Query() query: PeopleSearchQuery) {
    return this.people.search(actor, query.q, query.limit, query.offset);
  }

  @Roles('staff', 'caseworker')
  @Get(':id')
  @ApiOkResponse({ type: PersonDetailResponse, description: 'The person with their stays, aliases (with sources) and identifiers; a record merged into another answers `{id, mergedInto}`.' })
  @ApiOperation({ summary: 'A person, with their stays, aliases and identifiers (the read is audited)' })
  async get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    const merged = await this.records.mergedRecord(actor, id);
    if (merged) return merged;
    const { person, stays } = await this.stays.getPersonWithStays(actor, id);
    return { ...personView(person), ...(await this.records.recordsOf(undefined, person.id)), stays };
  }

  @Roles('staff', 'caseworker')
  @Patch(':id')
  @ApiOkResponse({ type: CorrectedPersonResponse, description: 'The corrected person; the audit event of the change keeps the values before and after.' })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT: the version sent is not the current one' })
  @ApiOperation({ summary: 'Correct a person’s record' })
  async correct(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: CorrectPersonDto) {
    return correctedView(await this.corrections.correctPerson(actor, id, body));
  }

  @Roles('staff', 'caseworker')
  @Post(':id/aliases')
  @ApiCreatedResponse({ type: AliasResponse, description: 'The alias, with its source.' })
  @ApiOperation({ summary: 'Record another name a person is known by' })
  addAlias(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: AddAliasDto) {
    return this.records.addAlias(actor, id, body);
  }

  @Roles('staff', 'caseworker')
  @Post(':id/identifiers')
  @ApiCreatedResponse({ type: IdentifierResponse, description: 'The identifier; the same kind, country and value (compared in upper case, letters and digits only) is one person’s only.' })
  @ApiConflictResponse({ description: 'IDENTIFIER_TAKEN: already recorded for a person (named when the caller may read them)' })
  @ApiOperation({ summary: 'Record a document or file number of a person' })
  addIdentifier(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: AddIdentifierDto) {
    return this.records.addIdentifier(actor, id, body);
  }

  @Roles('staff', 'caseworker')
  @Post(':id/merge')
  @HttpCode(200)
  @ApiOkResponse({ type: CorrectedPersonResponse, description: 'The surviving person, with every stay, case, notice, alias and identifier of the duplicate.' })
  @ApiConflictResponse({ description: 'MERGE_NOT_ALLOWED: the two were held at the same time (or one is already merged); VERSION_CONFLICT: a stale version' })
  @ApiOperation({ summary: 'Merge a duplicate record into this person' })
  async merge(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: MergePeopleDto) {
    return correctedView(await this.corrections.mergePeople(actor, id, body));
  }
}
