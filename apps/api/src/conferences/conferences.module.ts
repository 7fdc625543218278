import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { AgendaController } from './agenda.controller';
import { AgendaService } from './agenda.service';
import { ConferencesController } from './conferences.controller';
import { ConferencesService } from './conferences.service';

/** Case conferences: scheduling, invitations (iCalendar), answers, and the agenda redacted per viewer. */
@Module({ imports: [ClientsModule], controllers: [ConferencesController, AgendaController], providers: [ConferencesService, AgendaService] })
export class ConferencesModule {}
