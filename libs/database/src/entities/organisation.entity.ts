import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ContactPoint, OrganisationKind } from '@roundtable/contracts';
import type { Relation } from 'typeorm';
import { PartnerService } from './partner-service.entity';

/** A partner in the network. `slug` is the value of the `org` claim in access tokens. */
@Entity('organisation')
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
  @OneToMany(() => PartnerService, (s) => s.organisation) services: Relation<PartnerService[]>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
