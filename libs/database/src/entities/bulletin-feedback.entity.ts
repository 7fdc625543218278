import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Bulletin } from './bulletin.entity';
import { Member } from './member.entity';

/** A member read a bulletin (and perhaps acknowledged it). */
@Entity('bulletin_read')
export class BulletinRead {
  @PrimaryColumn({ name: 'bulletin_id', type: 'uuid' }) bulletinId: string;
  @PrimaryColumn({ name: 'member_id', type: 'uuid' }) memberId: string;
  @ManyToOne(() => Bulletin, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bulletin_id', foreignKeyConstraintName: 'bulletin_read_bulletin_id_fkey' })
  bulletin: Relation<Bulletin>;
  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'bulletin_read_member_id_fkey' })
  member: Relation<Member>;
  @Column({ type: 'integer' }) version: number;
  @Column({ name: 'read_at', type: 'timestamptz', default: () => 'now()' }) readAt: Date;
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true }) acknowledgedAt: Date | null;
}

/** A question under a bulletin and the ABH's answer; a clarification is mailed to the bulletin's recipients. */
@Entity('bulletin_question')
@Check('bulletin_question_body_check', 'length(body) BETWEEN 3 AND 4000')
@Index('bulletin_question_bulletin_idx', ['bulletinId', 'askedAt'])
export class BulletinQuestion {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'bulletin_id', type: 'uuid' }) bulletinId: string;
  @ManyToOne(() => Bulletin, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bulletin_id', foreignKeyConstraintName: 'bulletin_question_bulletin_id_fkey' })
  bulletin: Relation<Bulletin>;
  @Column({ name: 'asked_by', type: 'uuid' }) askedBy: string;
  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'asked_by', foreignKeyConstraintName: 'bulletin_question_asked_by_fkey' })
  asker: Relation<Member>;
  @Column({ type: 'text' }) body: string;
  @Column({ name: 'asked_at', type: 'timestamptz', default: () => 'now()' }) askedAt: Date;
  @Column({ type: 'text', nullable: true }) answer: string | null;
  @Column({ name: 'answered_by', type: 'uuid', nullable: true }) answeredBy: string | null;
  @ManyToOne(() => Member, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'answered_by', foreignKeyConstraintName: 'bulletin_question_answered_by_fkey' })
  answerer: Relation<Member> | null;
  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true }) answeredAt: Date | null;
  @Column({ type: 'boolean', default: false }) clarification: boolean;
}
