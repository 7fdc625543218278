import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { Capacity, ServiceCategory } from '@roundtable/contracts';
import { Organisation } from './organisation.entity';

/** A service an organisation offers (Open Referral HSDS: service, eligibility, capacity). */
@Entity('partner_service')
@Check('partner_service_name_check', 'length(name) BETWEEN 2 AND 200')
@Check(
  'partner_service_category_check',
  `category IN ('residence_matters','migration_counselling','legal_advice','language_course','employment',
    'recognition_of_qualifications','housing','health','family_and_children','education','volunteer_support','interpreting')`,
)
@Check('partner_service_capacity_check', `capacity IN ('open','waitlist','closed')`)
@Index('partner_service_organisation_idx', ['organisationId'])
@Index('partner_service_category_idx', ['category'])
@Index('partner_service_languages_idx', { synchronize: false }) // GIN
export class PartnerService {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @ManyToOne(() => Organisation, (o) => o.services, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'partner_service_organisation_id_fkey' })
  organisation: Relation<Organisation>;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', default: '' }) description: string;
  @Column({ type: 'text' }) category: ServiceCategory;
  @Column({ type: 'text', default: '' }) eligibility: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) languages: string[];
  @Column({ type: 'text', default: 'open' }) capacity: Capacity;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
