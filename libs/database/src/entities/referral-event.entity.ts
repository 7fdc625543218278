import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { ReferralState } from '@roundtable/contracts';
import { Referral } from './referral.entity';

/** One change of a referral's state: who, which organisation, when, from, to, note. */
@Entity('referral_event')
@Index('referral_event_referral_idx', ['referralId', 'at'])
export class ReferralEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'referral_id', type: 'uuid' }) referralId: string;
  @ManyToOne(() => Referral, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'referral_event_referral_id_fkey' })
  referral: Relation<Referral>;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at: Date;
  /** Null for the platform itself (expiry). */
  @Column({ name: 'actor_member_id', type: 'uuid', nullable: true }) actorMemberId: string | null;
  @Column({ name: 'actor_organisation_id', type: 'uuid', nullable: true }) actorOrganisationId: string | null;
  @Column({ name: 'from_state', type: 'text', nullable: true }) fromState: ReferralState | null;
  @Column({ name: 'to_state', type: 'text' }) toState: ReferralState;
  @Column({ type: 'text', nullable: true }) note: string | null;
}
