import { Module } from '@nestjs/common';
import { PrivacyModule } from '@escale/privacy';
import { RetentionPageController, SubjectAccessPageController } from './retention.controller.js';

/** The retention page (periods, legal holds, runs) and a person's subject access export. */
@Module({ imports: [PrivacyModule], controllers: [RetentionPageController, SubjectAccessPageController] })
export class RetentionPagesModule {}
