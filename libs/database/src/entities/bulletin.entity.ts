import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { Audience, BulletinLanguage, BulletinState, BulletinVariant, Provision } from '@roundtable/contracts';
import { Member } from './member.entity';

/** A bulletin's working copy: edited as a draft, reviewed, then frozen into a BulletinVersion on publishing. */
@Entity('bulletin')
@Check('bulletin_state_check', `state IN ('draft','in_review','published','withdrawn')`)
@Check('bulletin_audiences_check', `cardinality(audiences) >= 1 AND audiences <@ ARRAY['partner_staff','volunteers','employers','public']::text[]`)
@Check('bulletin_variants_check', `variants ? 'de'`)
@Index('bulletin_state_idx', ['state', 'updatedAt'])
export class Bulletin {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text', default: 'draft' }) state: BulletinState;
  @Column({ name: 'author_member_id', type: 'uuid' }) authorMemberId: string;
  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_member_id', foreignKeyConstraintName: 'bulletin_author_member_id_fkey' })
  author: Relation<Member>;
  @Column({ name: 'author_organisation_id', type: 'uuid', nullable: true }) authorOrganisationId: string | null;
  /** The version the working copy will become when published. */
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ type: 'text', array: true }) audiences: Audience[];
  @Column({ name: 'legal_refs', type: 'text', array: true, default: () => "'{}'" }) legalRefs: string[];
  @Column({ type: 'jsonb', default: () => "'[]'" }) provisions: Provision[];
  @Column({ type: 'jsonb' }) variants: Partial<Record<BulletinLanguage, BulletinVariant>>;
  @Column({ name: 'change_note', type: 'text', nullable: true }) changeNote: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** A published version, never changed: what was sent is what is kept. Variants carry the sanitised HTML. */
@Entity('bulletin_version')
export class BulletinVersion {
  @PrimaryColumn({ name: 'bulletin_id', type: 'uuid' }) bulletinId: string;
  @PrimaryColumn({ type: 'integer' }) version: number;
  @ManyToOne(() => Bulletin, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bulletin_id', foreignKeyConstraintName: 'bulletin_version_bulletin_id_fkey' })
  bulletin: Relation<Bulletin>;
  @Column({ name: 'published_at', type: 'timestamptz', default: () => 'now()' }) publishedAt: Date;
  @Column({ name: 'published_by', type: 'uuid' }) publishedBy: string;
  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'published_by', foreignKeyConstraintName: 'bulletin_version_published_by_fkey' })
  publisher: Relation<Member>;
  @Column({ type: 'text', array: true }) audiences: Audience[];
  @Column({ name: 'legal_refs', type: 'text', array: true }) legalRefs: string[];
  @Column({ type: 'jsonb' }) provisions: Provision[];
  @Column({ type: 'jsonb' }) variants: Partial<Record<BulletinLanguage, BulletinVariant & { bodyHtml: string }>>;
  @Column({ name: 'change_note', type: 'text', nullable: true }) changeNote: string | null;
  /** Set by the worker after a burst of failed sends; cleared when someone resumes. */
  @Column({ name: 'dispatch_paused_at', type: 'timestamptz', nullable: true }) dispatchPausedAt: Date | null;
  @Column({ name: 'dispatch_pause_reason', type: 'text', nullable: true }) dispatchPauseReason: string | null;
}

/** One review step: submitted, returned, published, withdrawn — by whom, when. */
@Entity('bulletin_review_event')
@Index('bulletin_review_event_bulletin_idx', ['bulletinId', 'at'])
export class BulletinReviewEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'bulletin_id', type: 'uuid' }) bulletinId: string;
  @ManyToOne(() => Bulletin, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bulletin_id', foreignKeyConstraintName: 'bulletin_review_event_bulletin_id_fkey' })
  bulletin: Relation<Bulletin>;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at: Date;
  @Column({ name: 'actor_member_id', type: 'uuid' }) actorMemberId: string;
  @Column({ type: 'text' }) step: string;
  @Column({ name: 'from_state', type: 'text' }) fromState: string;
  @Column({ name: 'to_state', type: 'text' }) toState: string;
  @Column({ type: 'text', nullable: true }) note: string | null;
}
