import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';
import { Bulletin, BulletinReviewEvent, BulletinVersion } from './entities/bulletin.entity';
import { BulletinDelivery } from './entities/bulletin-delivery.entity';
import { BulletinQuestion, BulletinRead } from './entities/bulletin-feedback.entity';
import { Client } from './entities/client.entity';
import { ClientData } from './entities/client-data.entity';
import { Consent } from './entities/consent.entity';
import { ConsentEvidence } from './entities/consent-evidence.entity';
import { DisclosureEvent } from './entities/disclosure-event.entity';
import { Member } from './entities/member.entity';
import { Organisation } from './entities/organisation.entity';
import { WithdrawalNotice } from './entities/withdrawal-notice.entity';
import { PartnerService } from './entities/partner-service.entity';
import { Subscriber } from './entities/subscriber.entity';
import { ActionItem, AgendaItem, Conference, ConferenceDecision, ConferenceInvitee, ConferenceResponse, ConferenceSeries, SpeakerEntry } from './entities/conference.entity';
import { Referral } from './entities/referral.entity';
import { ReferralEvent } from './entities/referral-event.entity';
import { ReferralLinkUse } from './entities/referral-link-use.entity';
import { ReferralMessage } from './entities/referral-message.entity';
import { Foundation1763690000000 } from './migrations/1763690000000-Foundation';
import { ClientsConsentLedger1763900000000 } from './migrations/1763900000000-ClientsConsentLedger';
import { WithdrawalNotices1763900100000 } from './migrations/1763900100000-WithdrawalNotices';
import { Referrals1763900300000 } from './migrations/1763900300000-Referrals';
import { ReferralNotifications1763900400000 } from './migrations/1763900400000-ReferralNotifications';
import { Bulletins1763900500000 } from './migrations/1763900500000-Bulletins';
import { Subscribers1763900600000 } from './migrations/1763900600000-Subscribers';
import { BulletinDeliveries1763900700000 } from './migrations/1763900700000-BulletinDeliveries';
import { DispatchPause1763900800000 } from './migrations/1763900800000-DispatchPause';
import { BulletinReadsQuestions1763900900000 } from './migrations/1763900900000-BulletinReadsQuestions';
import { DeliveryKinds1764000000000 } from './migrations/1764000000000-DeliveryKinds';
import { Conferences1764100000000 } from './migrations/1764100000000-Conferences';
import { ConferenceRevision1764200000000 } from './migrations/1764200000000-ConferenceRevision';
import { RoomHosts1764300000000 } from './migrations/1764300000000-RoomHosts';

export const ENTITIES = [Organisation, PartnerService, Member, Client, ClientData, Consent, ConsentEvidence, DisclosureEvent, WithdrawalNotice, Referral, ReferralEvent, ReferralMessage, ReferralLinkUse, Bulletin, BulletinVersion, BulletinReviewEvent, Subscriber, BulletinDelivery, BulletinRead, BulletinQuestion, ConferenceSeries, Conference, ConferenceInvitee, ConferenceResponse, AgendaItem, SpeakerEntry, ConferenceDecision, ActionItem];
/** Listed explicitly (no globs) so the same list works from sources, from builds and under jest. */
export const MIGRATIONS = [Foundation1763690000000, ClientsConsentLedger1763900000000, WithdrawalNotices1763900100000, Referrals1763900300000, ReferralNotifications1763900400000, Bulletins1763900500000, Subscribers1763900600000, BulletinDeliveries1763900700000, DispatchPause1763900800000, BulletinReadsQuestions1763900900000, DeliveryKinds1764000000000, Conferences1764100000000, ConferenceRevision1764200000000, RoomHosts1764300000000];

/** The one set of data-source options, used by the api, the worker, the local stack and the migration CLI. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, application_name: 'roundtable' },
  };
}

/** Default export for the TypeORM CLI: `typeorm-ts-node-commonjs migration:run -d libs/database/src/data-source.ts`. */
export default new DataSource(
  dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres:postgres@localhost:5432/roundtable'),
);
