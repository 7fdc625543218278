import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@roundtable/auth';
import { DisclosureLedger } from '@roundtable/consent';
import { DATA_CATEGORIES, PURPOSES, type DisclosureReport, type ProcessingRegister, type Purpose } from '@roundtable/contracts';
import { Client } from '@roundtable/database';
import { clientNotFound, notOwner } from './clients.errors';
import { ConsentsService } from './consents.service';

const PURPOSE_DESCRIPTIONS: Record<Purpose, string> = {
  case_conference: 'Multi-agency case conferences about an individual client (Fallkonferenz).',
  referral: 'Handing a client over to another organisation and following the referral to its outcome.',
  counselling: 'Joint counselling of a client by several organisations.',
  information_exchange: 'Exchange of information between partners, e.g. under a statutory duty (§ 87 AufenthG).',
};

/** The client's rights and the platform's records: the Art. 15 report and the Art. 30 register. */
@Injectable()
export class RecordsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: DisclosureLedger,
    private readonly consents: ConsentsService,
  ) {}

  /** For the owning organisation, which answers the client's request. */
  async disclosureReport(user: AuthUser, clientId: string): Promise<DisclosureReport> {
    const client = await this.db.getRepository(Client).findOne({ where: { id: clientId }, relations: { ownerOrganisation: true } });
    if (!client) throw clientNotFound(clientId);
    if (client.ownerOrganisationId !== user.organisationId) throw notOwner();
    const rows = await this.ledger.forClient(clientId);
    const orgIds = [...new Set(rows.map((r) => r.actorOrganisationId).filter((id): id is string => !!id))];
    const names = new Map<string, string>(
      (await this.db.query('SELECT id, name FROM organisation WHERE id = ANY ($1)', [orgIds])).map((o: { id: string; name: string }) => [o.id, o.name]),
    );
    const bases = await this.consents.list(user, clientId);
    const legalBasis = new Map(bases.map((b) => [b.id, b.legalBasis]));
    return {
      client: { id: client.id, pseudonym: client.pseudonym, owner: { id: client.ownerOrganisation.id, name: client.ownerOrganisation.name } },
      generatedAt: new Date().toISOString(),
      disclosures: rows.map((r) => ({
        at: r.occurredAt.toISOString(),
        recipient: { id: r.actorOrganisationId, name: (r.actorOrganisationId && names.get(r.actorOrganisationId)) || 'organisation removed from the directory' },
        action: r.action,
        purpose: r.purpose,
        categories: r.categories,
        basis: { kind: r.basisKind, id: r.basisId, legalBasis: (r.basisId && legalBasis.get(r.basisId)) ?? null },
      })),
      bases,
    };
  }

  async processingRegister(): Promise<ProcessingRegister> {
    const now = new Date();
    const perPurpose: Array<{ purpose: Purpose; bases: number; recipients: Array<{ id: string; name: string }> | null }> = await this.db.query(
      `SELECT p AS purpose, count(DISTINCT k.id)::int AS bases,
              (SELECT json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.name) FROM organisation o
                WHERE o.id IN (SELECT unnest(k2.grantee_organisation_ids) FROM consent k2
                                WHERE p = ANY (k2.purposes) AND k2.withdrawn_at IS NULL AND k2.valid_from <= $1
                                  AND (k2.valid_until IS NULL OR k2.valid_until > $1))) AS recipients
         FROM unnest($2::text[]) AS p
         LEFT JOIN consent k ON p = ANY (k.purposes) AND k.withdrawn_at IS NULL AND k.valid_from <= $1
                            AND (k.valid_until IS NULL OR k.valid_until > $1)
        GROUP BY p`,
      [now, PURPOSES],
    );
    const perCategory: Array<{ category: string; clients: number }> = await this.db.query(
      `SELECT category, count(*)::int AS clients FROM client_data GROUP BY category`,
    );
    const clients = new Map(perCategory.map((c) => [c.category, c.clients]));
    return {
      controller: 'Each partner organisation for the clients it registers; the platform operator processes on their behalf (Art. 28 GDPR).',
      generatedAt: now.toISOString(),
      purposes: PURPOSES.map((purpose) => {
        const row = perPurpose.find((p) => p.purpose === purpose);
        return { purpose, description: PURPOSE_DESCRIPTIONS[purpose], activeBases: row?.bases ?? 0, recipients: row?.recipients ?? [] };
      }),
      categories: DATA_CATEGORIES.map((category) => ({ category, specialCategory: category === 'health', clients: clients.get(category) ?? 0 })),
      retention: [
        'Client data: kept by the owning organisation while it supports the client; deleted on request where no law requires keeping it.',
        'Consents and statutory disclosures: kept with the client record as proof, including withdrawn ones.',
        'Disclosure ledger: append-only; kept as the record of every disclosure (Art. 5(2) GDPR accountability).',
      ],
      safeguards: [
        'Every read of another organisation\'s client data needs an active consent or statutory basis covering organisation, purpose and category.',
        'Withdrawal takes effect on the next request; recipients are notified and acknowledge.',
        'Health data (Art. 9) is never shown to volunteers; the platform operator sees no client data by role alone.',
        'Every disclosure is written to a hash-chained, append-only ledger that can be verified.',
      ],
    };
  }
}
