import { Module } from '@nestjs/common';
import { AuthModule } from '@escale/auth';
import { CentresModule } from '@escale/centres';
import { BedsPageController } from '../centres/beds.controller.js';
import { CentreSettingsPageController } from '../centres/centre-settings.controller.js';
import { UsersPageController } from './users.controller.js';

/** Administration in the pages: user accounts, a centre's settings, beds out of service. */
@Module({ imports: [AuthModule, CentresModule], controllers: [UsersPageController, CentreSettingsPageController, BedsPageController] })
export class AdministrationPagesModule {}
