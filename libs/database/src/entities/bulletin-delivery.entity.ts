import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Relation } from 'typeorm';
import { BulletinVersion } from './bulletin.entity';
import { Subscriber } from './subscriber.entity';

/**
 * One mail of one bulletin version to one recipient. The unique (bulletin, version, email) makes a second
 * delivery impossible; the worker claims rows, sends, and marks them, retrying with backoff.
 */
@Entity('bulletin_delivery')
@Unique('bulletin_delivery_once', ['bulletinId', 'version', 'email'])
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
  @Column({ type: 'text' }) email: string;
  @Column({ type: 'text' }) language: string;
  @Column({ type: 'text', default: 'pending' }) state: 'pending' | 'sending' | 'sent' | 'failed';
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' }) nextAttemptAt: Date;
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true }) claimedAt: Date | null;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt: Date | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  @Column({ name: 'message_id', type: 'text' }) messageId: string;
  @Column({ name: 'unsubscribe_token_hash', type: 'text', nullable: true }) unsubscribeTokenHash: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
