import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { v5 as uuidv5 } from 'uuid';
import { DataSource, In } from 'typeorm';
import type { AuthUser } from '@roundtable/auth';
import { basisStatus } from '@roundtable/consent';
import type { ConsentView, WithdrawalNoticeView } from '@roundtable/contracts';
import { Client, Consent, ConsentEvidence, JobQueue, Organisation, QUEUES, WithdrawalNotice } from '@roundtable/database';
import type { MailMessage } from '@roundtable/mail';
import { clientNotFound, noOrganisation, notOwner } from './clients.errors';
import { evidenceMediaType, sha256 } from './consent-evidence-file';
import { validated } from '../validated';
import { CreateConsentDto, CreateStatutoryDisclosureDto } from './dto/consent.dto';
import { ConsentChanges } from './consent-changes';

/** Namespace of the ids of withdrawal mail jobs (UUID v5 of consent and member). */
const WITHDRAWAL_MAIL_NAMESPACE = '5d0c6a55-2b7e-4d55-9a3c-6f1f0a8e2c11';

export interface EvidenceUpload {
  buffer: Buffer;
  size: number;
}

const consentNotFound = (id: string) => new NotFoundException({ code: 'consent_not_found', message: `No consent with id ${id}.` });

/**
 * Consents and statutory disclosures: the bases on which a client's data may reach another organisation.
 * Recorded by the owning organisation; withdrawn by any of its members, effective from that moment.
 */
@Injectable()
export class ConsentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: JobQueue,
    private readonly changes: ConsentChanges,
  ) {}

  private async ownedClient(user: AuthUser, clientId: string): Promise<Client> {
    if (!user.organisationId) throw noOrganisation();
    const client = await this.db.getRepository(Client).findOneBy({ id: clientId });
    if (!client) throw clientNotFound(clientId);
    if (client.ownerOrganisationId !== user.organisationId) throw notOwner();
    return client;
  }

  /** Checks what class-validator cannot: the period, the grantees, and the evidence file. */
  private async checkBasis(client: Client, dto: CreateConsentDto | CreateStatutoryDisclosureDto) {
    const validFrom = dto.validFrom ? new Date(dto.validFrom) : new Date();
    const validUntil = dto.validUntil ? new Date(dto.validUntil) : null;
    if (validUntil && validUntil <= validFrom) {
      throw new BadRequestException({ code: 'period', message: 'validUntil must be after validFrom.' });
    }
    if (dto.granteeOrganisationIds.includes(client.ownerOrganisationId)) {
      throw new BadRequestException({ code: 'grantee_is_owner', message: 'The owning organisation cannot be a grantee: it holds the data already.' });
    }
    const found = await this.db.getRepository(Organisation).countBy({ id: In(dto.granteeOrganisationIds) });
    if (found !== dto.granteeOrganisationIds.length) {
      throw new BadRequestException({ code: 'unknown_grantee', message: 'granteeOrganisationIds names an organisation that is not in the directory.' });
    }
    return { validFrom, validUntil };
  }

  async recordConsent(user: AuthUser, clientId: string, plain: unknown, file?: EvidenceUpload): Promise<ConsentView> {
    const client = await this.ownedClient(user, clientId);
    const dto = await validated(CreateConsentDto, plain);
    const { validFrom, validUntil } = await this.checkBasis(client, dto);
    if (dto.evidenceType === 'signed_form' && !file) {
      throw new BadRequestException({ code: 'evidence_missing', message: 'A signed form needs the scanned form: upload it as "evidence" (PDF, PNG or JPEG).' });
    }
    if (dto.evidenceType !== 'signed_form' && file) {
      throw new BadRequestException({ code: 'evidence_unexpected', message: 'Only a signed_form consent takes an evidence file.' });
    }
    const mediaType = file ? evidenceMediaType(file.buffer) : null;
    const id = await this.db.transaction(async (tx) => {
      const evidence = file
        ? await tx.getRepository(ConsentEvidence).save({ mediaType: mediaType!, sizeBytes: file.size, sha256: sha256(file.buffer), content: file.buffer })
        : null;
      const saved = await tx.getRepository(Consent).save({
        clientId,
        kind: 'consent',
        granteeOrganisationIds: dto.granteeOrganisationIds,
        purposes: dto.purposes,
        categories: dto.categories,
        validFrom,
        validUntil,
        evidenceType: dto.evidenceType,
        witnessName: dto.witnessName ?? null,
        evidenceId: evidence?.id ?? null,
        recordedBy: user.memberId,
      });
      return saved.id;
    });
    return this.view(id, true);
  }

  async recordStatutory(user: AuthUser, clientId: string, dto: CreateStatutoryDisclosureDto): Promise<ConsentView> {
    const client = await this.ownedClient(user, clientId);
    const { validFrom, validUntil } = await this.checkBasis(client, dto);
    const saved = await this.db.getRepository(Consent).save({
      clientId,
      kind: 'statutory',
      granteeOrganisationIds: dto.granteeOrganisationIds,
      purposes: dto.purposes,
      categories: dto.categories,
      validFrom,
      validUntil,
      legalBasis: dto.legalBasis,
      justification: dto.justification,
      recordedBy: user.memberId,
    });
    return this.view(saved.id, true);
  }

  /**
   * Any member of the owning organisation may withdraw; from this moment the decision denies. Every
   * organisation that received data under it (the ledger says which) gets a notice to acknowledge, and its
   * staff a mail naming only the pseudonym.
   */
  async withdraw(user: AuthUser, consentId: string): Promise<ConsentView> {
    const consent = await this.db.getRepository(Consent).findOne({ where: { id: consentId }, relations: { client: true } });
    if (!consent) throw consentNotFound(consentId);
    if (consent.client.ownerOrganisationId !== user.organisationId) throw notOwner();
    const recipients: string[] = await this.db.transaction(async (tx) => {
      const [rows] = await tx.query(
        `UPDATE consent SET withdrawn_at = now(), withdrawn_by = $2 WHERE id = $1 AND withdrawn_at IS NULL RETURNING id`,
        [consentId, user.memberId],
      );
      if (!rows.length) throw new ConflictException({ code: 'already_withdrawn', message: 'This consent was withdrawn already.' });
      const notified: Array<{ organisation_id: string }> = await tx.query(
        `INSERT INTO withdrawal_notice (consent_id, organisation_id)
         SELECT DISTINCT $1::uuid, e.actor_organisation_id FROM disclosure_event e
          WHERE e.basis_id = $1 AND e.actor_organisation_id IS NOT NULL AND e.actor_organisation_id <> $2
         ON CONFLICT DO NOTHING
         RETURNING organisation_id`,
        [consentId, consent.client.ownerOrganisationId],
      );
      return notified.map((n) => n.organisation_id);
    });
    this.changes.withdrawn.next({ clientId: consent.clientId });
    await this.mailRecipients(consentId, consent.client.pseudonym, recipients);
    return this.view(consentId, true);
  }

  /** One mail per member and consent: the job id is derived from both, so a retry never sends twice. */
  private async mailRecipients(consentId: string, pseudonym: string, organisationIds: string[]): Promise<void> {
    if (!organisationIds.length) return;
    const members: Array<{ id: string; email: string; language: string }> = await this.db.query(
      `SELECT id, email, language FROM member
        WHERE organisation_id = ANY ($1) AND email IS NOT NULL
          AND roles && ARRAY['integration-manager','caseworker','abh-liaison']::text[]`,
      [organisationIds],
    );
    for (const member of members) {
      const message: MailMessage = {
        to: member.email,
        subject:
          member.language === 'en'
            ? `Roundtable: consent for client ${pseudonym} withdrawn`
            : `Roundtable: Einwilligung für Klient/in ${pseudonym} widerrufen`,
        text:
          member.language === 'en'
            ? `The consent under which your organisation received data about client ${pseudonym} has been withdrawn.\n` +
              `Stop using that data and delete it where the law allows, then acknowledge the notice in Roundtable (Clients > Withdrawal notices).\n`
            : `Die Einwilligung, unter der Ihre Organisation Daten zu Klient/in ${pseudonym} erhalten hat, wurde widerrufen.\n` +
              `Bitte nutzen Sie diese Daten nicht mehr, löschen Sie sie, soweit das Gesetz es erlaubt, und bestätigen Sie den Hinweis in Roundtable (Klient:innen > Widerrufe).\n`,
      };
      await this.queue.send(QUEUES.mail, message, { id: uuidv5(`${consentId}/${member.id}`, WITHDRAWAL_MAIL_NAMESPACE) });
    }
  }

  /** Notices to the caller's organisation: withdrawn consents it received data under. */
  async notices(user: AuthUser): Promise<WithdrawalNoticeView[]> {
    if (!user.organisationId) throw noOrganisation();
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT n.consent_id, c.pseudonym, o.id AS owner_id, o.name AS owner_name, k.withdrawn_at, n.notified_at,
              n.acknowledged_at, m.display_name AS acknowledged_by
         FROM withdrawal_notice n
         JOIN consent k ON k.id = n.consent_id
         JOIN client c ON c.id = k.client_id
         JOIN organisation o ON o.id = c.owner_organisation_id
         LEFT JOIN member m ON m.id = n.acknowledged_by
        WHERE n.organisation_id = $1
        ORDER BY n.acknowledged_at IS NOT NULL, n.notified_at DESC`,
      [user.organisationId],
    );
    return rows.map((r) => ({
      consentId: r.consent_id as string,
      clientPseudonym: r.pseudonym as string,
      owner: { id: r.owner_id as string, name: r.owner_name as string },
      withdrawnAt: (r.withdrawn_at as Date).toISOString(),
      notifiedAt: (r.notified_at as Date).toISOString(),
      acknowledgedAt: (r.acknowledged_at as Date | null)?.toISOString() ?? null,
      acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
    }));
  }

  async acknowledge(user: AuthUser, consentId: string): Promise<WithdrawalNoticeView> {
    if (!user.organisationId) throw noOrganisation();
    const notice = await this.db.getRepository(WithdrawalNotice).findOneBy({ consentId, organisationId: user.organisationId });
    if (!notice) throw new NotFoundException({ code: 'notice_not_found', message: 'Your organisation has no withdrawal notice for this consent.' });
    if (notice.acknowledgedAt) throw new ConflictException({ code: 'already_acknowledged', message: 'Your organisation acknowledged this withdrawal already.' });
    await this.db.getRepository(WithdrawalNotice).update(
      { consentId, organisationId: user.organisationId },
      { acknowledgedAt: new Date(), acknowledgedBy: user.memberId },
    );
    return (await this.notices(user)).find((n) => n.consentId === consentId)!;
  }

  /** The owner sees all bases of the client; a grantee sees those that name it. */
  async list(user: AuthUser, clientId: string): Promise<ConsentView[]> {
    if (!user.organisationId) throw noOrganisation();
    const client = await this.db.getRepository(Client).findOneBy({ id: clientId });
    if (!client) throw clientNotFound(clientId);
    const consents = await this.db.getRepository(Consent).find({ where: { clientId }, order: { recordedAt: 'DESC' } });
    const own = client.ownerOrganisationId === user.organisationId;
    const visible =
      own
        ? consents
        : consents.filter((c) => c.granteeOrganisationIds.includes(user.organisationId!));
    if (!own && visible.length === 0) throw clientNotFound(clientId);
    return Promise.all(visible.map((c) => this.view(c.id, own)));
  }

  async evidence(user: AuthUser, consentId: string): Promise<{ mediaType: string; content: Buffer; sha256: string }> {
    const consent = await this.db.getRepository(Consent).findOne({ where: { id: consentId }, relations: { client: true } });
    if (!consent) throw consentNotFound(consentId);
    if (consent.client.ownerOrganisationId !== user.organisationId) throw notOwner();
    if (!consent.evidenceId) throw new NotFoundException({ code: 'no_evidence', message: 'This consent has no evidence file.' });
    const [row] = await this.db.query('SELECT media_type, content, sha256 FROM consent_evidence WHERE id = $1', [consent.evidenceId]);
    return { mediaType: row.media_type, content: row.content, sha256: row.sha256 };
  }

  /** A consent as its owner (with the withdrawal notices) or a grantee sees it. */
  async view(id: string, forOwner: boolean): Promise<ConsentView> {
    const c = await this.db.getRepository(Consent).findOne({ where: { id }, relations: { evidence: true, recorder: true, withdrawer: true } });
    if (!c) throw consentNotFound(id);
    const grantees = await this.db.getRepository(Organisation).find({ where: { id: In(c.granteeOrganisationIds) }, order: { name: 'ASC' } });
    return {
      id: c.id,
      clientId: c.clientId,
      kind: c.kind,
      status: basisStatus(c, new Date()),
      grantees: grantees.map((o) => ({ id: o.id, name: o.name })),
      purposes: c.purposes,
      categories: c.categories,
      validFrom: c.validFrom.toISOString(),
      validUntil: c.validUntil?.toISOString() ?? null,
      evidence: c.evidenceType
        ? { type: c.evidenceType, witnessName: c.witnessName, sha256: c.evidence?.sha256 ?? null, mediaType: c.evidence?.mediaType ?? null }
        : null,
      legalBasis: c.legalBasis,
      justification: c.justification,
      recordedBy: c.recorder.displayName,
      recordedAt: c.recordedAt.toISOString(),
      withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
      withdrawnBy: c.withdrawer?.displayName ?? null,
      notices: forOwner ? await this.noticesOf(id) : [],
    };
  }

  private async noticesOf(consentId: string): Promise<ConsentView['notices']> {
    const notices = await this.db.getRepository(WithdrawalNotice).find({
      where: { consentId },
      relations: { organisation: true },
      order: { notifiedAt: 'ASC' },
    });
    return notices.map((n) => ({
      organisation: { id: n.organisation.id, name: n.organisation.name },
      notifiedAt: n.notifiedAt.toISOString(),
      acknowledgedAt: n.acknowledgedAt?.toISOString() ?? null,
    }));
  }
}

