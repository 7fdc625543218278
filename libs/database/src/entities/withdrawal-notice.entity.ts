import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Consent } from './consent.entity';
import { Member } from './member.entity';
import { Organisation } from './organisation.entity';

/** Tells an organisation that received data under a consent that it was withdrawn; it acknowledges. */
@Entity('withdrawal_notice')
@Index('withdrawal_notice_organisation_idx', ['organisationId', 'acknowledgedAt'])
export class WithdrawalNotice {
  @PrimaryColumn({ name: 'consent_id', type: 'uuid' }) consentId: string;
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @ManyToOne(() => Consent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'consent_id', foreignKeyConstraintName: 'withdrawal_notice_consent_id_fkey' })
  consent: Relation<Consent>;
  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'withdrawal_notice_organisation_id_fkey' })
  organisation: Relation<Organisation>;
  @Column({ name: 'notified_at', type: 'timestamptz', default: () => 'now()' }) notifiedAt: Date;
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true }) acknowledgedAt: Date | null;
  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true }) acknowledgedBy: string | null;
  @ManyToOne(() => Member, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'acknowledged_by', foreignKeyConstraintName: 'withdrawal_notice_acknowledged_by_fkey' })
  acknowledger: Relation<Member> | null;
}
