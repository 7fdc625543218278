import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { Outcome, ReferralState, ServiceCategory, Urgency } from '@roundtable/contracts';
import { Client } from './client.entity';
import { Member } from './member.entity';
import { Organisation } from './organisation.entity';
import { PartnerService } from './partner-service.entity';

/** A hand-over of a client (or a request to make contact) from one organisation to another, tracked to an outcome. */
@Entity('referral')
@Check(
  'referral_category_check',
  `service_category IN ('residence_matters','migration_counselling','legal_advice','language_course','employment',
  'recognition_of_qualifications','housing','health','family_and_children','education','volunteer_support','interpreting')`,
)
@Check('referral_state_check', `state IN ('draft','sent','accepted','declined','in_progress','on_hold','completed','failed','withdrawn','expired')`)
@Check(
  'referral_outcome_check',
  `outcome IS NULL OR outcome IN ('got_help','referred_elsewhere','not_eligible','no_capacity','could_not_contact','no_longer_interested')`,
)
@Check('referral_urgency_check', `urgency IN ('routine','urgent','emergency')`)
@Check('referral_emergency_deadline_check', `urgency <> 'emergency' OR deadline IS NOT NULL`)
@Check('referral_reason_check', 'length(reason) BETWEEN 3 AND 4000')
@Check('referral_two_organisations_check', 'from_organisation_id <> to_organisation_id')
@Index('referral_inbox_idx', ['toOrganisationId', 'state', 'deadline'])
@Index('referral_outbox_idx', ['fromOrganisationId', 'state', 'deadline'])
export class Referral {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'from_organisation_id', type: 'uuid' }) fromOrganisationId: string;
  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_organisation_id', foreignKeyConstraintName: 'referral_from_organisation_id_fkey' })
  fromOrganisation: Relation<Organisation>;
  @Column({ name: 'from_member_id', type: 'uuid' }) fromMemberId: string;
  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_member_id', foreignKeyConstraintName: 'referral_from_member_id_fkey' })
  fromMember: Relation<Member>;
  @Column({ name: 'to_organisation_id', type: 'uuid' }) toOrganisationId: string;
  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_organisation_id', foreignKeyConstraintName: 'referral_to_organisation_id_fkey' })
  toOrganisation: Relation<Organisation>;
  @Column({ name: 'to_service_id', type: 'uuid', nullable: true }) toServiceId: string | null;
  @ManyToOne(() => PartnerService, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'to_service_id', foreignKeyConstraintName: 'referral_to_service_id_fkey' })
  toService: Relation<PartnerService> | null;
  @Column({ name: 'service_category', type: 'text' }) serviceCategory: ServiceCategory;
  @Column({ type: 'text' }) reason: string;
  @Column({ type: 'text' }) urgency: Urgency;
  /** A date, not a time: e.g. the last day of the job. */
  @Column({ type: 'date', nullable: true }) deadline: string | null;
  @Column({ name: 'client_id', type: 'uuid', nullable: true }) clientId: string | null;
  @ManyToOne(() => Client, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'referral_client_id_fkey' })
  client: Relation<Client> | null;
  @Column({ type: 'text', default: 'draft' }) state: ReferralState;
  @Column({ type: 'text', nullable: true }) outcome: Outcome | null;
  @Column({ name: 'decline_reason', type: 'text', nullable: true }) declineReason: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt: Date | null;
  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true }) acceptedAt: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ name: 'last_activity_at', type: 'timestamptz', default: () => 'now()' }) lastActivityAt: Date;
  @Column({ name: 'overdue_notified_at', type: 'timestamptz', nullable: true }) overdueNotifiedAt: Date | null;
}
