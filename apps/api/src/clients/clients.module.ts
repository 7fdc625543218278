import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DisclosureLedger } from '@roundtable/consent';
import { ClientsController } from './clients.controller';
import { ClientsService } from './clients.service';
import { ConsentChanges } from './consent-changes';
import { ConsentsController } from './consents.controller';
import { ConsentsService } from './consents.service';
import { LedgerController } from './ledger.controller';
import { RecordsController } from './records.controller';
import { RecordsService } from './records.service';

/** Clients, the consents and statutory disclosures that share them, and the disclosure ledger. */
@Module({
  controllers: [ClientsController, ConsentsController, LedgerController, RecordsController],
  providers: [
    ClientsService,
    ConsentsService,
    ConsentChanges,
    RecordsService,
    { provide: DisclosureLedger, useFactory: (db: DataSource) => new DisclosureLedger(db), inject: [getDataSourceToken()] },
  ],
  exports: [ClientsService, ConsentChanges],
})
export class ClientsModule {}
