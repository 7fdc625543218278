import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, In } from 'typeorm';
import type { AuthUser } from '@roundtable/auth';
import { basisStatus } from '@roundtable/consent';
import type { ConsentView } from '@roundtable/contracts';
import { Client, Consent, ConsentEvidence, Organisation } from '@roundtable/database';
import { clientNotFound, noOrganisation, notOwner } from './clients.errors';
import { evidenceMediaType, sha256 } from './consent-evidence-file';
import { CreateConsentDto, CreateStatutoryDisclosureDto } from './dto/consent.dto';

export interface EvidenceUpload {
  buffer: Buffer;
  size: number;
}

const consentNotFound = (id: string) => new NotFoundException({ code: 'consent_not_found', message: `No consent with id ${id}.` });

/** Validates a plain object like the global ValidationPipe does (for the JSON part of a multipart request). */
export async function validated<T extends object>(cls: new () => T, plain: unknown): Promise<T> {
  const instance = plainToInstance(cls, plain ?? {});
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const messages = errors.flatMap((e) =>
      e.constraints ? Object.values(e.constraints) : (e.children ?? []).flatMap((c) => Object.values(c.constraints ?? {})),
    );
    throw new BadRequestException({ message: messages, error: 'Bad Request', statusCode: 400 });
  }
  return instance;
}

/**
 * Consents and statutory disclosures: the bases on which a client's data may reach another organisation.
 * Recorded by the owning organisation; withdrawn by any of its members, effective from that moment.
 */
@Injectable()
export class ConsentsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

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
    return this.view(id);
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
    return this.view(saved.id);
  }

  /** Any member of the owning organisation may withdraw; from this moment the decision denies. */
  async withdraw(user: AuthUser, consentId: string): Promise<ConsentView> {
    const consent = await this.db.getRepository(Consent).findOne({ where: { id: consentId }, relations: { client: true } });
    if (!consent) throw consentNotFound(consentId);
    if (consent.client.ownerOrganisationId !== user.organisationId) throw notOwner();
    const result = await this.db.query(
      `UPDATE consent SET withdrawn_at = now(), withdrawn_by = $2 WHERE id = $1 AND withdrawn_at IS NULL RETURNING id`,
      [consentId, user.memberId],
    );
    if (!result[0].length) throw new ConflictException({ code: 'already_withdrawn', message: 'This consent was withdrawn already.' });
    return this.view(consentId);
  }

  /** The owner sees all bases of the client; a grantee sees those that name it. */
  async list(user: AuthUser, clientId: string): Promise<ConsentView[]> {
    if (!user.organisationId) throw noOrganisation();
    const client = await this.db.getRepository(Client).findOneBy({ id: clientId });
    if (!client) throw clientNotFound(clientId);
    const consents = await this.db.getRepository(Consent).find({ where: { clientId }, order: { recordedAt: 'DESC' } });
    const visible =
      client.ownerOrganisationId === user.organisationId
        ? consents
        : consents.filter((c) => c.granteeOrganisationIds.includes(user.organisationId!));
    if (client.ownerOrganisationId !== user.organisationId && visible.length === 0) throw clientNotFound(clientId);
    return Promise.all(visible.map((c) => this.view(c.id)));
  }

  async evidence(user: AuthUser, consentId: string): Promise<{ mediaType: string; content: Buffer; sha256: string }> {
    const consent = await this.db.getRepository(Consent).findOne({ where: { id: consentId }, relations: { client: true } });
    if (!consent) throw consentNotFound(consentId);
    if (consent.client.ownerOrganisationId !== user.organisationId) throw notOwner();
    if (!consent.evidenceId) throw new NotFoundException({ code: 'no_evidence', message: 'This consent has no evidence file.' });
    const [row] = await this.db.query('SELECT media_type, content, sha256 FROM consent_evidence WHERE id = $1', [consent.evidenceId]);
    return { mediaType: row.media_type, content: row.content, sha256: row.sha256 };
  }

  async view(id: string): Promise<ConsentView> {
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
    };
  }
}

