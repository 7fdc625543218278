import { Check, Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ContactPoint, OrganisationKind } from '@roundtable/contracts';
import type { Relation } from 'typeorm';
import { PartnerService } from './partner-service.entity';

/** A partner in the network. `slug` is the value of the `org` claim in access tokens. */
// Constraints and indexes as the migrations create them, so that migration:generate sees no difference.
@Entity('organisation')
@Check('organisation_slug_check', `slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'`)
@Check('organisation_name_check', 'length(name) BETWEEN 2 AND 200')
@Check(
  'organisation_kind_check',
  `kind IN ('authority','welfare','jobcentre','employment_agency','counselling','refugee_council','migrant_org','employer','volunteer_group')`,
)
@Check('organisation_response_time_check', 'response_time_days BETWEEN 1 AND 60')
@Index('organisation_kind_idx', ['kind'])
@Index('organisation_languages_idx', { synchronize: false }) // GIN, which TypeORM cannot describe
export class Organisation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text', unique: true }) slug: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) kind: OrganisationKind;
  @Column({ type: 'text', default: '' }) description: string;
  @Column({ type: 'text', nullable: true }) street: string | null;
  @Column({ name: 'postal_code', type: 'text', nullable: true }) postalCode: string | null;
  @Column({ type: 'text' }) city: string;
  @Column({ type: 'text', nullable: true }) website: string | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) languages: string[];
  @Column({ name: 'contact_points', type: 'jsonb', default: () => "'[]'" }) contactPoints: ContactPoint[];
  /** Days within which the organisation reacts to a referral before it counts as overdue. */
  @Column({ name: 'response_time_days', type: 'integer', default: 3 }) responseTimeDays: number;
  @OneToMany(() => PartnerService, (s) => s.organisation) services: Relation<PartnerService[]>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
