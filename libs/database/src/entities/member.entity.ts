import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Organisation } from './organisation.entity';

/** A Keycloak user mirrored locally on first request; Keycloak stays the source of truth. */
@Entity('member')
@Index('member_organisation_idx', ['organisationId'])
@Index('member_org_slug_idx', ['orgSlug'])
export class Member {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** The token's `sub`. */
  @Column({ type: 'text', unique: true }) subject: string;
  @Column({ type: 'text' }) username: string;
  @Column({ name: 'display_name', type: 'text' }) displayName: string;
  @Column({ type: 'text', nullable: true }) email: string | null;
  /** The token's `org` claim as last seen, even when no organisation carries that slug yet. */
  @Column({ name: 'org_slug', type: 'text', nullable: true }) orgSlug: string | null;
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true }) organisationId: string | null;
  @ManyToOne(() => Organisation, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'member_organisation_id_fkey' })
  organisation: Relation<Organisation> | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) roles: string[];
  @Column({ type: 'text', default: 'de' }) language: string;
  @Column({ name: 'notification_preferences', type: 'jsonb', default: () => "'{}'" })
  notificationPreferences: Record<string, unknown>;
  @Column({ name: 'first_seen_at', type: 'timestamptz', default: () => 'now()' }) firstSeenAt: Date;
  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' }) lastSeenAt: Date;
}
