import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { PeopleService } from './people.service.js';
import { PersonRecordsService } from './person-records.service.js';

@Module({ imports: [AuditModule], providers: [PeopleService, PersonRecordsService], exports: [PeopleService, PersonRecordsService] })
export class PeopleModule {}
