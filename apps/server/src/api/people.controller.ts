import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PeopleService, type Person } from '@escale/people';
import { type Actor, PageQuery, Trimmed } from '@escale/platform';
import { StaysService } from '@escale/stays';
import { OnRecord, Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { IdPipe } from './id.pipe.js';

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
});

@ApiTags('people')
@ApiBearerAuth()
@OnRecord('person')
@Controller('api/v1/people')
export class PeopleController {
  constructor(
    private readonly people: PeopleService,
    private readonly stays: StaysService,
  ) {}

  @Roles('staff', 'caseworker')
  @Get()
  @ApiOkResponse({
    description:
      'People in the caller\'s centres whose names match, best first, with a score from 0 to 1. `total` is exact when `totalExact` is true; a common name matches too many people to count, and then `total` counts those found, at least one more than the page shows.',
  })
  search(@CurrentActor() actor: Actor, @Query() query: PeopleSearchQuery) {
    return this.people.search(actor, query.q, query.limit, query.offset);
  }

  @Roles('staff', 'caseworker')
  @Get(':id')
  async get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    const { person, stays } = await this.stays.getPersonWithStays(actor, id);
    return { ...personView(person), stays };
  }
}
