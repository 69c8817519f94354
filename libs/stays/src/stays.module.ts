import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { CasesModule } from '@escale/cases';
import { CentresModule } from '@escale/centres';
import { PeopleModule } from '@escale/people';
import { StaysService } from './stays.service.js';

@Module({ imports: [AuditModule, CentresModule, PeopleModule, CasesModule], providers: [StaysService], exports: [StaysService] })
export class StaysModule {}
