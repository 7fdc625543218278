import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { AgendaItemKind, ConferenceState, DataCategory, Recurrence, RsvpAnswer } from '@roundtable/contracts';
import { Bulletin } from './bulletin.entity';
import { Client } from './client.entity';
import { Member } from './member.entity';
import { Organisation } from './organisation.entity';
import { Referral } from './referral.entity';

/** A recurring series of case conferences (e.g. monthly); each meeting is a conference of its own. */
@Entity('conference_series')
@Check('conference_series_recurrence_check', `recurrence IN ('weekly','biweekly','monthly')`)
export class ConferenceSeries {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) recurrence: Recurrence;
  @Column({ name: 'convenor_member_id', type: 'uuid' }) convenorMemberId: string;
  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'convenor_member_id', foreignKeyConstraintName: 'conference_series_convenor_member_id_fkey' })
  convenor: Relation<Member>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/**
 * A case conference (Fallkonferenz): when and where, who convenes and who moderates, who is invited. The
 * iCalendar SEQUENCE goes up with every change that invitees are told about.
 */
@Entity('conference')
@Check('conference_title_check', 'length(title) BETWEEN 3 AND 200')
@Check('conference_duration_check', 'duration_minutes BETWEEN 5 AND 600')
@Check('conference_place_check', 'online_url IS NOT NULL OR room IS NOT NULL')
@Check('conference_state_check', `state IN ('scheduled','live','ended','cancelled')`)
@Index('conference_starts_idx', ['startsAt'])
@Index('conference_series_idx', ['seriesId', 'startsAt'])
export class Conference {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'series_id', type: 'uuid', nullable: true }) seriesId: string | null;
  @ManyToOne(() => ConferenceSeries, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'series_id', foreignKeyConstraintName: 'conference_series_id_fkey' })
  series: Relation<ConferenceSeries> | null;
  @Column({ type: 'text' }) title: string;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt: Date;
  @Column({ name: 'duration_minutes', type: 'integer' }) durationMinutes: number;
  @Column({ name: 'online_url', type: 'text', nullable: true }) onlineUrl: string | null;
  @Column({ type: 'text', nullable: true }) room: string | null;
  @Column({ name: 'convenor_member_id', type: 'uuid' }) convenorMemberId: string;
  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'convenor_member_id', foreignKeyConstraintName: 'conference_convenor_member_id_fkey' })
  convenor: Relation<Member>;
  @Column({ name: 'convenor_organisation_id', type: 'uuid' }) convenorOrganisationId: string;
  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'convenor_organisation_id', foreignKeyConstraintName: 'conference_convenor_organisation_id_fkey' })
  convenorOrganisation: Relation<Organisation>;
  @Column({ name: 'moderator_member_id', type: 'uuid' }) moderatorMemberId: string;
  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'moderator_member_id', foreignKeyConstraintName: 'conference_moderator_member_id_fkey' })
  moderator: Relation<Member>;
  @Column({ type: 'text', default: 'scheduled' }) state: ConferenceState;
  @Column({ type: 'integer', default: 0 }) sequence: number;
  /** Raised by every change to the live room, so clients keep the newest state. */
  @Column({ type: 'integer', default: 0 }) revision: number;
  /** Raised by every api instance that takes the live room (RoomHostService); a host writes only under its own. */
  @Column({ name: 'room_epoch', type: 'integer', default: 0 }) roomEpoch: number;
  /** Seconds of finished speeches per organisation id ('' for members without one), added up as each speech ends. */
  @Column({ name: 'speaking_seconds', type: 'jsonb', default: () => "'{}'" }) speakingSeconds: Record<string, number>;
  /** The agenda item the live room is on. */
  @Column({ name: 'current_item_id', type: 'uuid', nullable: true }) currentItemId: string | null;
  @ManyToOne(() => AgendaItem, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'current_item_id', foreignKeyConstraintName: 'conference_current_item_id_fkey' })
  currentItem: Relation<AgendaItem> | null;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt: Date | null;
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt: Date | null;
  /** When the minutes were mailed to the participants (once). */
  @Column({ name: 'minutes_sent_at', type: 'timestamptz', nullable: true }) minutesSentAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** Invited: a member by name, or a whole organisation (all its members). */
@Entity('conference_invitee')
@Check('conference_invitee_one_check', '(member_id IS NULL) <> (organisation_id IS NULL)')
@Unique('conference_invitee_member_key', ['conferenceId', 'memberId'])
@Unique('conference_invitee_organisation_key', ['conferenceId', 'organisationId'])
export class ConferenceInvitee {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'conference_id', type: 'uuid' }) conferenceId: string;
  @ManyToOne(() => Conference, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conference_id', foreignKeyConstraintName: 'conference_invitee_conference_id_fkey' })
  conference: Relation<Conference>;
  @Column({ name: 'member_id', type: 'uuid', nullable: true }) memberId: string | null;
  @ManyToOne(() => Member, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'conference_invitee_member_id_fkey' })
  member: Relation<Member> | null;
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true }) organisationId: string | null;
  @ManyToOne(() => Organisation, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'conference_invitee_organisation_id_fkey' })
  organisation: Relation<Organisation> | null;
}

/** A participant's answer to the invitation. */
@Entity('conference_response')
@Check('conference_response_answer_check', `answer IN ('yes','no','maybe')`)
export class ConferenceResponse {
  @PrimaryColumn({ name: 'conference_id', type: 'uuid' }) conferenceId: string;
  @PrimaryColumn({ name: 'member_id', type: 'uuid' }) memberId: string;
  @ManyToOne(() => Conference, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conference_id', foreignKeyConstraintName: 'conference_response_conference_id_fkey' })
  conference: Relation<Conference>;
  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'conference_response_member_id_fkey' })
  member: Relation<Member>;
  @Column({ type: 'text' }) answer: RsvpAnswer;
  @Column({ name: 'answered_at', type: 'timestamptz', default: () => 'now()' }) answeredAt: Date;
}

/**
 * An item on a conference's agenda: a client case (discussed under consent or a statutory basis for the purpose
 * case_conference, limited to the categories named) or a general topic, e.g. a legal change with its bulletin.
 * The title is the non-personal topic every participant sees.
 */
@Entity('agenda_item')
@Check('agenda_item_kind_check', `kind IN ('case','topic')`)
@Check('agenda_item_case_check', `(kind = 'case') = (client_id IS NOT NULL)`)
@Check('agenda_item_categories_check', `kind = 'topic' OR cardinality(categories) >= 1`)
@Check('agenda_item_title_check', 'length(title) BETWEEN 3 AND 200')
@Check('agenda_item_time_box_check', 'time_box_minutes BETWEEN 1 AND 240')
@Index('agenda_item_conference_idx', ['conferenceId', 'position'])
export class AgendaItem {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'conference_id', type: 'uuid' }) conferenceId: string;
  @ManyToOne(() => Conference, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conference_id', foreignKeyConstraintName: 'agenda_item_conference_id_fkey' })
  conference: Relation<Conference>;
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'text' }) kind: AgendaItemKind;
  @Column({ type: 'text' }) title: string;
  @Column({ name: 'client_id', type: 'uuid', nullable: true }) clientId: string | null;
  @ManyToOne(() => Client, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'agenda_item_client_id_fkey' })
  client: Relation<Client> | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) categories: DataCategory[];
  @Column({ name: 'bulletin_id', type: 'uuid', nullable: true }) bulletinId: string | null;
  @ManyToOne(() => Bulletin, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'bulletin_id', foreignKeyConstraintName: 'agenda_item_bulletin_id_fkey' })
  bulletin: Relation<Bulletin> | null;
  @Column({ name: 'time_box_minutes', type: 'integer' }) timeBoxMinutes: number;
  /** The shared minutes of this item; `minutesVersion` rises with every save (a stale save is refused). */
  @Column({ type: 'text', default: '' }) minutes: string;
  @Column({ name: 'minutes_version', type: 'integer', default: 0 }) minutesVersion: number;
  @Column({ name: 'presenting_organisation_id', type: 'uuid' }) presentingOrganisationId: string;
  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'presenting_organisation_id', foreignKeyConstraintName: 'agenda_item_presenting_organisation_id_fkey' })
  presentingOrganisation: Relation<Organisation>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/**
 * A request to speak on an agenda item: a raised hand, or a point of order, which goes before every waiting hand.
 * The moderator calls the next speaker, reorders and removes; start and end times give each speech's length and
 * each organisation's speaking time.
 */
@Entity('speaker_entry')
@Check('speaker_entry_kind_check', `kind IN ('hand','point_of_order')`)
@Check('speaker_entry_state_check', `state IN ('waiting','speaking','done','removed')`)
@Index('speaker_entry_item_idx', ['itemId', 'state', 'position'])
@Index('speaker_entry_conference_idx', ['conferenceId', 'state'])
export class SpeakerEntry {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'conference_id', type: 'uuid' }) conferenceId: string;
  @ManyToOne(() => Conference, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conference_id', foreignKeyConstraintName: 'speaker_entry_conference_id_fkey' })
  conference: Relation<Conference>;
  @Column({ name: 'item_id', type: 'uuid' }) itemId: string;
  @ManyToOne(() => AgendaItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'speaker_entry_item_id_fkey' })
  item: Relation<AgendaItem>;
  @Column({ name: 'member_id', type: 'uuid' }) memberId: string;
  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'speaker_entry_member_id_fkey' })
  member: Relation<Member>;
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true }) organisationId: string | null;
  @ManyToOne(() => Organisation, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'speaker_entry_organisation_id_fkey' })
  organisation: Relation<Organisation> | null;
  @Column({ type: 'text' }) kind: 'hand' | 'point_of_order';
  @Column({ type: 'double precision' }) position: number;
  @Column({ type: 'text', default: 'waiting' }) state: 'waiting' | 'speaking' | 'done' | 'removed';
  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' }) requestedAt: Date;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt: Date | null;
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt: Date | null;
}

/** A decision taken on an agenda item. */
@Entity('conference_decision')
@Check('conference_decision_text_check', 'length(text) BETWEEN 2 AND 2000')
@Index('conference_decision_item_idx', ['itemId', 'createdAt'])
export class ConferenceDecision {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'item_id', type: 'uuid' }) itemId: string;
  @ManyToOne(() => AgendaItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'conference_decision_item_id_fkey' })
  item: Relation<AgendaItem>;
  @Column({ type: 'text' }) text: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'conference_decision_created_by_fkey' })
  creator: Relation<Member>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** Who does what by when: an action item agreed on an agenda item, owned by an organisation, tracked until done. */
@Entity('action_item')
@Check('action_item_text_check', 'length(text) BETWEEN 2 AND 2000')
@Check('action_item_state_check', `state IN ('open','done')`)
@Index('action_item_conference_idx', ['conferenceId', 'state'])
@Index('action_item_owner_idx', ['ownerOrganisationId', 'state', 'dueDate'])
export class ActionItem {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'conference_id', type: 'uuid' }) conferenceId: string;
  @ManyToOne(() => Conference, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conference_id', foreignKeyConstraintName: 'action_item_conference_id_fkey' })
  conference: Relation<Conference>;
  @Column({ name: 'item_id', type: 'uuid' }) itemId: string;
  @ManyToOne(() => AgendaItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'action_item_item_id_fkey' })
  item: Relation<AgendaItem>;
  @Column({ type: 'text' }) text: string;
  @Column({ name: 'owner_organisation_id', type: 'uuid' }) ownerOrganisationId: string;
  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_organisation_id', foreignKeyConstraintName: 'action_item_owner_organisation_id_fkey' })
  ownerOrganisation: Relation<Organisation>;
  @Column({ name: 'due_date', type: 'date' }) dueDate: string;
  @Column({ type: 'text', default: 'open' }) state: 'open' | 'done';
  /** The referral this action item became; its state and outcome show on the next agenda. */
  @Column({ name: 'referral_id', type: 'uuid', nullable: true }) referralId: string | null;
  @ManyToOne(() => Referral, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'action_item_referral_id_fkey' })
  referral: Relation<Referral> | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'action_item_created_by_fkey' })
  creator: Relation<Member>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'done_at', type: 'timestamptz', nullable: true }) doneAt: Date | null;
  /** When the owner organisation was reminded that it falls due (once). */
  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true }) remindedAt: Date | null;
}
