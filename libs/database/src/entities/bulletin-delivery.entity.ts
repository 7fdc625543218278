import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Relation } from 'typeorm';
import { BulletinVersion } from './bulletin.entity';
import { Subscriber } from './subscriber.entity';

export type DeliveryKind = 'bulletin' | 'reminder' | 'clarification';

/**
 * One mail about a bulletin to one recipient: the bulletin version itself (ref = version), an "in force today"
 * reminder (ref = the effective date) or a clarification (ref = the question's id). The unique (bulletin, kind,
 * ref, email) makes a second delivery impossible; the worker claims rows, sends, and marks them, retrying with
 * backoff. `handed_over_at` is set just before the server gets the end of the message, `smtp_reply` when it
 * confirmed: a row handed over without a reply was sent by a worker that died waiting for the answer.
 */
@Entity('bulletin_delivery')
@Unique('bulletin_delivery_once', ['bulletinId', 'kind', 'ref', 'email'])
@Check('bulletin_delivery_kind_check', `kind IN ('bulletin','reminder','clarification')`)
@Check('bulletin_delivery_state_check', `state IN ('pending','sending','sent','failed')`)
@Index('bulletin_delivery_due_idx', ['state', 'nextAttemptAt'])
@Index('bulletin_delivery_unsubscribe_key', ['unsubscribeTokenHash'], { unique: true })
export class BulletinDelivery {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'bulletin_id', type: 'uuid' }) bulletinId: string;
  @Column({ type: 'integer' }) version: number;
  @ManyToOne(() => BulletinVersion, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'bulletin_id', referencedColumnName: 'bulletinId', foreignKeyConstraintName: 'bulletin_delivery_version_fkey' },
    { name: 'version', referencedColumnName: 'version', foreignKeyConstraintName: 'bulletin_delivery_version_fkey' },
  ])
  bulletinVersion: Relation<BulletinVersion>;
  @Column({ name: 'subscriber_id', type: 'uuid', nullable: true }) subscriberId: string | null;
  @ManyToOne(() => Subscriber, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'subscriber_id', foreignKeyConstraintName: 'bulletin_delivery_subscriber_id_fkey' })
  subscriber: Relation<Subscriber> | null;
  @Column({ type: 'text', default: 'bulletin' }) kind: DeliveryKind;
  @Column({ type: 'text' }) ref: string;
  @Column({ type: 'text' }) email: string;
  @Column({ type: 'text' }) language: string;
  @Column({ type: 'text', default: 'pending' }) state: 'pending' | 'sending' | 'sent' | 'failed';
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' }) nextAttemptAt: Date;
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true }) claimedAt: Date | null;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt: Date | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  @Column({ name: 'message_id', type: 'text' }) messageId: string;
  @Column({ name: 'handed_over_at', type: 'timestamptz', nullable: true }) handedOverAt: Date | null;
  @Column({ name: 'smtp_reply', type: 'text', nullable: true }) smtpReply: string | null;
  @Column({ name: 'unsubscribe_token_hash', type: 'text', nullable: true }) unsubscribeTokenHash: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
