import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { PeopleService } from './people.service.js';

@Module({ imports: [AuditModule], providers: [PeopleService], exports: [PeopleService] })
export class PeopleModule {}
