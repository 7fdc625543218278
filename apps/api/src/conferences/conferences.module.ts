import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { AgendaController } from './agenda.controller';
import { AgendaService } from './agenda.service';
import { ConferenceGateway } from './conference.gateway';
import { ConferencesController } from './conferences.controller';
import { ConferencesService } from './conferences.service';
import { RoomRecordsService } from './room-records.service';
import { RoomHostService } from './room-host.service';

/** Case conferences: scheduling, invitations (iCalendar), answers, the agenda redacted per viewer, the live room. */
@Module({ imports: [ClientsModule, ReferralsModule], controllers: [ConferencesController, AgendaController], providers: [ConferencesService, AgendaService, RoomRecordsService, RoomHostService, ConferenceGateway] })
export class ConferencesModule {}
