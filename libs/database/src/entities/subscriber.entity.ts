import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { Audience, BulletinLanguage } from '@roundtable/contracts';
import { Member } from './member.entity';

/**
 * Someone who receives bulletins by mail: a volunteer without an account, or a member. Active only after the
 * confirmation link (double opt-in). Tokens are stored as SHA-256 hashes; the plain ones exist only in mail.
 */
@Entity('subscriber')
@Check('subscriber_email_check', 'email = lower(email) AND length(email) BETWEEN 3 AND 254')
@Check('subscriber_language_check', `language IN ('de','en','de-simple')`)
@Check('subscriber_audiences_check', `cardinality(audiences) >= 1 AND audiences <@ ARRAY['partner_staff','volunteers','employers','public']::text[]`)
@Check('subscriber_status_check', `status IN ('pending','active','unsubscribed')`)
@Index('subscriber_email_key', ['email'], { unique: true })
@Index('subscriber_token_key', ['tokenHash'], { unique: true })
@Index('subscriber_active_idx', ['status', 'language'])
export class Subscriber {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) email: string;
  @Column({ type: 'text', default: 'de' }) language: BulletinLanguage;
  @Column({ type: 'text', array: true }) audiences: Audience[];
  /** Wants an "in force today" mail when a provision of a bulletin they get takes effect. */
  @Column({ type: 'boolean', default: false }) reminders: boolean;
  @Column({ type: 'text', default: 'pending' }) status: 'pending' | 'active' | 'unsubscribed';
  /** For the preferences page and one-click unsubscribe. */
  @Column({ name: 'token_hash', type: 'text' }) tokenHash: string;
  @Column({ name: 'confirm_token_hash', type: 'text', nullable: true }) confirmTokenHash: string | null;
  @Column({ name: 'confirm_expires_at', type: 'timestamptz', nullable: true }) confirmExpiresAt: Date | null;
  @Column({ name: 'member_id', type: 'uuid', nullable: true }) memberId: string | null;
  @ManyToOne(() => Member, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'subscriber_member_id_fkey' })
  member: Relation<Member> | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true }) confirmedAt: Date | null;
  @Column({ name: 'unsubscribed_at', type: 'timestamptz', nullable: true }) unsubscribedAt: Date | null;
}
