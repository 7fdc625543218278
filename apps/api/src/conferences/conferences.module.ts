import { Module } from '@nestjs/common';
import { ConferencesController } from './conferences.controller';
import { ConferencesService } from './conferences.service';

/** Case conferences: scheduling, invitations (iCalendar) and answers. */
@Module({ controllers: [ConferencesController], providers: [ConferencesService] })
export class ConferencesModule {}
