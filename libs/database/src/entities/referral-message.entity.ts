import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Member } from './member.entity';
import { Referral } from './referral.entity';

/** A message in a referral's thread between the two organisations. */
@Entity('referral_message')
@Check('referral_message_body_check', 'length(body) BETWEEN 1 AND 4000')
@Index('referral_message_referral_idx', ['referralId', 'createdAt'])
export class ReferralMessage {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'referral_id', type: 'uuid' }) referralId: string;
  @ManyToOne(() => Referral, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'referral_message_referral_id_fkey' })
  referral: Relation<Referral>;
  @Column({ name: 'author_member_id', type: 'uuid' }) authorMemberId: string;
  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_member_id', foreignKeyConstraintName: 'referral_message_author_member_id_fkey' })
  author: Relation<Member>;
  @Column({ name: 'author_organisation_id', type: 'uuid' }) authorOrganisationId: string;
  @Column({ type: 'text' }) body: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
