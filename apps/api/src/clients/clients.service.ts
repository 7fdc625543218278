import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '@roundtable/auth';
import { allowedCategories, decide, DisclosureLedger, type Disclosure, type Decision, type SharingBasis, type Viewer } from '@roundtable/consent';
import {
  DATA_CATEGORIES,
  type AccessBasis,
  type ClientDataView,
  type ClientView,
  type DataCategory,
  type Page,
  type Purpose,
} from '@roundtable/contracts';
import { Client, ClientData, Consent } from '@roundtable/database';
import { isUniqueViolation } from '../directory/directory.errors';
import { newPseudonym } from './client-pseudonym';
import { clientNotFound, noOrganisation, notOwner, purposeRequired } from './clients.errors';
import { CreateClientDto, UpdateClientDto } from './dto/client-data.dto';
import { OwnClientsQueryDto, SharedClientsQueryDto } from './dto/client-query.dto';

interface ClientRow {
  id: string;
  pseudonym: string;
  created_at: Date;
  owner_id: string;
  owner_name: string;
  data: ClientDataView;
  access?: Partial<Record<DataCategory, AccessBasis>>;
  total: number;
}

function likePattern(q: string | undefined): string | null {
  const trimmed = q?.trim();
  return trimmed ? `%${trimmed.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
}

function toSharingBasis(c: Consent): SharingBasis {
  return {
    id: c.id,
    kind: c.kind,
    clientId: c.clientId,
    granteeOrganisationIds: c.granteeOrganisationIds,
    purposes: c.purposes,
    categories: c.categories,
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    withdrawnAt: c.withdrawnAt,
  };
}

/** The allowed categories of a decision with the basis of each. */
function accessOf(decision: Decision): Partial<Record<DataCategory, AccessBasis>> {
  const access: Partial<Record<DataCategory, AccessBasis>> = {};
  for (const category of allowedCategories(decision)) {
    const d = decision[category]!;
    if (d.allowed) access[category] = d.basis;
  }
  return access;
}

/** An active basis naming organisation $1 for purpose $2 at time $3 (same rule as basisStatus() and decide()). */
const ACTIVE_BASIS_FOR = `k.grantee_organisation_ids @> ARRAY[$1]::uuid[] AND k.purposes @> ARRAY[$2]::text[]
  AND (k.withdrawn_at IS NULL OR k.withdrawn_at > $3) AND k.valid_from <= $3
  AND (k.valid_until IS NULL OR k.valid_until > $3)`;

/**
 * Other organisations' clients shared with organisation $1 for purpose $2 at time $3, limited to the
 * categories $4 its roles allow; page $5 / $6. The set-wise form of decide(): first the page of clients
 * with any covering basis (the consent index finds them), then per category the longest-standing basis
 * and the data, for that page only.
 */
export const SHARED_CLIENTS_SQL = `
  WITH eligible AS (
    SELECT DISTINCT k.client_id FROM consent k WHERE ${ACTIVE_BASIS_FOR} AND k.categories && $4::text[]
  ), page AS (
    SELECT c.id, c.pseudonym, c.created_at, c.owner_organisation_id, count(*) OVER ()::int AS total
      FROM eligible e JOIN client c ON c.id = e.client_id
     WHERE c.owner_organisation_id <> $1
     ORDER BY c.created_at DESC, c.id
     LIMIT $5 OFFSET $6
  ), chosen AS (
    SELECT DISTINCT ON (k.client_id, cat) k.client_id, cat, k.id AS basis_id, k.kind
      FROM page JOIN consent k ON k.client_id = page.id CROSS JOIN LATERAL unnest(k.categories) AS cat
     WHERE ${ACTIVE_BASIS_FOR} AND cat = ANY ($4::text[])
     ORDER BY k.client_id, cat, k.valid_from, k.id::text
  ), per_client AS (
    SELECT client_id, array_agg(cat) AS cats, jsonb_object_agg(cat, jsonb_build_object('kind', kind, 'id', basis_id)) AS access
      FROM chosen GROUP BY client_id
  )
  SELECT page.id, page.pseudonym, page.created_at, o.id AS owner_id, o.name AS owner_name, p.access, page.total,
         coalesce((SELECT jsonb_object_agg(d.category, d.data) FROM client_data d
                    WHERE d.client_id = page.id AND d.category = ANY (p.cats)), '{}') AS data
    FROM page
    JOIN per_client p ON p.client_id = page.id
    JOIN organisation o ON o.id = page.owner_organisation_id
   ORDER BY page.created_at DESC, page.id`;

/**
 * Clients and their data. Every read goes through the consent decision: `decide()` for one client,
 * and for lists the same rule as SQL, so that lists filter in the database. Reads of another
 * organisation's client are appended to the disclosure ledger before the data leaves.
 */
@Injectable()
export class ClientsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: DisclosureLedger,
  ) {}

  /** The categories the viewer's roles allow on a client of their own organisation. */
  private ownCategories(user: AuthUser): DataCategory[] {
    const own = { id: '', ownerOrganisationId: user.organisationId ?? '' };
    return allowedCategories(decide(user, own, 'counselling', DATA_CATEGORIES, new Date(), []));
  }

  async create(user: AuthUser, dto: CreateClientDto): Promise<ClientView> {
    if (!user.organisationId) throw noOrganisation();
    const id = await this.db.transaction(async (tx) => {
      const client = await this.insertWithFreshPseudonym(tx, user);
      await this.writeData(tx, client.id, dto);
      return client.id;
    });
    return this.get(user, id);
  }

  private async insertWithFreshPseudonym(tx: EntityManager, user: AuthUser): Promise<Client> {
    for (let attempt = 0; ; attempt++) {
      const pseudonym = newPseudonym();
      const taken = await tx.query('SELECT 1 FROM client WHERE pseudonym = $1', [pseudonym]);
      if (taken.length && attempt < 10) continue;
      try {
        return await tx.getRepository(Client).save({ ownerOrganisationId: user.organisationId!, pseudonym, createdBy: user.memberId });
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 10) throw err;
      }
    }
  }

  private async writeData(tx: EntityManager, clientId: string, dto: UpdateClientDto): Promise<void> {
    for (const category of DATA_CATEGORIES) {
      const data = dto[category];
      if (!data) continue;
      await tx.query(
        `INSERT INTO client_data (client_id, category, data) VALUES ($1, $2, $3)
         ON CONFLICT (client_id, category) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`,
        [clientId, category, JSON.stringify({ ...data })],
      );
    }
    await tx.query('UPDATE client SET updated_at = now() WHERE id = $1', [clientId]);
  }

  async update(user: AuthUser, id: string, dto: UpdateClientDto): Promise<ClientView> {
    const client = await this.db.getRepository(Client).findOneBy({ id });
    if (!client) throw clientNotFound(id);
    if (client.ownerOrganisationId !== user.organisationId) throw notOwner();
    await this.db.transaction((tx) => this.writeData(tx, id, dto));
    return this.get(user, id);
  }

  /** The organisation's own clients, searchable by name or pseudonym. */
  async listOwn(user: AuthUser, query: OwnClientsQueryDto): Promise<Page<ClientView>> {
    if (!user.organisationId) throw noOrganisation();
    const rows: ClientRow[] = await this.db.query(
      `WITH page AS (
         SELECT c.id, c.pseudonym, c.created_at, c.owner_organisation_id, count(*) OVER ()::int AS total
           FROM client c
          WHERE c.owner_organisation_id = $1
            AND ($3::text IS NULL OR c.pseudonym ILIKE $3 OR EXISTS (
                  SELECT 1 FROM client_data i WHERE i.client_id = c.id AND i.category = 'identity'
                     AND 'identity' = ANY ($2)
                     AND (i.data->>'familyName' ILIKE $3 OR i.data->>'givenNames' ILIKE $3)))
          ORDER BY c.created_at DESC, c.id
          LIMIT $4 OFFSET $5
       )
       SELECT page.id, page.pseudonym, page.created_at, o.id AS owner_id, o.name AS owner_name, page.total,
              coalesce((SELECT jsonb_object_agg(d.category, d.data) FROM client_data d
                         WHERE d.client_id = page.id AND d.category = ANY ($2)), '{}') AS data
         FROM page JOIN organisation o ON o.id = page.owner_organisation_id
        ORDER BY page.created_at DESC, page.id`,
      [user.organisationId, this.ownCategories(user), likePattern(query.q), query.limit, query.offset],
    );
    const access = Object.fromEntries(this.ownCategories(user).map((c) => [c, { kind: 'ownership' }]));
    return this.page(rows.map((r) => ({ ...r, access })), query);
  }

  /**
   * Other organisations' clients that an active consent or statutory basis shares with the viewer's
   * organisation for this purpose; per client only the covered categories. The same rule as `decide()`,
   * written as SQL so that the database filters.
   */
  async listShared(user: AuthUser, query: SharedClientsQueryDto): Promise<Page<ClientView>> {
    if (!user.organisationId) throw noOrganisation();
    const rows: ClientRow[] = await this.db.query(SHARED_CLIENTS_SQL, [
      user.organisationId,
      query.purpose,
      new Date(),
      this.ownCategories(user),
      query.limit,
      query.offset,
    ]);
    await this.ledger.append(rows.flatMap((r) => this.disclosures(user, r.id, r.owner_id, query.purpose, r.access ?? {})));
    return this.page(rows, query);
  }

  /**
   * One client as the viewer may see it; another organisation's client needs a purpose. `export` marks
   * a download (a copy leaves the platform) in the ledger rather than a read; `categories` limits what is
   * looked at (and recorded) to what the occasion needs.
   */
  async get(user: AuthUser, id: string, purpose?: Purpose, action: 'read' | 'export' = 'read', categories: readonly DataCategory[] = DATA_CATEGORIES): Promise<ClientView> {
    const client = await this.db.getRepository(Client).findOne({ where: { id }, relations: { ownerOrganisation: true } });
    if (!client) throw clientNotFound(id);
    const own = client.ownerOrganisationId === user.organisationId;
    if (!own && !purpose) throw purposeRequired();
    const bases = own ? [] : (await this.db.getRepository(Consent).findBy({ clientId: id })).map(toSharingBasis);
    const access = accessOf(decide(user, client, purpose ?? 'counselling', categories, new Date(), bases));
    const rows = await this.db.getRepository(ClientData).find({ where: { clientId: id } });
    const data: ClientDataView = {};
    for (const row of rows) if (access[row.category]) (data as Record<string, unknown>)[row.category] = row.data;
    if (!own) await this.ledger.append(this.disclosures(user, id, client.ownerOrganisationId, purpose!, access, action));
    return {
      id: client.id,
      pseudonym: client.pseudonym,
      owner: { id: client.ownerOrganisation.id, name: client.ownerOrganisation.name },
      createdAt: client.createdAt.toISOString(),
      access,
      data,
    };
  }

  /**
   * Which of `categories` of a client a viewer (a member, or an organisation with a role) would see for
   * `purpose`, and under which basis - the decision alone: no data, nothing disclosed, nothing in the ledger.
   * For previews such as a conference agenda's "who will see what".
   */
  async coverage(viewer: Viewer, clientId: string, purpose: Purpose, categories: readonly DataCategory[]): Promise<Partial<Record<DataCategory, AccessBasis>>> {
    const client = await this.db.getRepository(Client).findOneBy({ id: clientId });
    if (!client) throw clientNotFound(clientId);
    const bases = (await this.db.getRepository(Consent).findBy({ clientId })).map(toSharingBasis);
    return accessOf(decide(viewer, client, purpose, categories, new Date(), bases));
  }

  /** One ledger row per basis used, naming the categories read under it. */
  private disclosures(
    user: AuthUser,
    clientId: string,
    ownerOrganisationId: string,
    purpose: Purpose,
    access: Partial<Record<DataCategory, AccessBasis>>,
    action: Disclosure['action'] = 'read',
  ): Disclosure[] {
    const byBasis = new Map<string, { basis: AccessBasis; categories: DataCategory[] }>();
    for (const [category, basis] of Object.entries(access) as Array<[DataCategory, AccessBasis]>) {
      const key = basis.kind === 'ownership' ? 'ownership' : basis.id;
      const entry = byBasis.get(key) ?? { basis, categories: [] };
      entry.categories.push(category);
      byBasis.set(key, entry);
    }
    return [...byBasis.values()].map(({ basis, categories }) => ({
      actorMemberId: user.memberId,
      actorOrganisationId: user.organisationId,
      clientId,
      ownerOrganisationId,
      action,
      purpose,
      categories,
      basisKind: basis.kind,
      basisId: basis.kind === 'ownership' ? null : basis.id,
    }));
  }

  private page(rows: ClientRow[], query: { limit: number; offset: number }): Page<ClientView> {
    return {
      items: rows.map((r) => ({
        id: r.id,
        pseudonym: r.pseudonym,
        owner: { id: r.owner_id, name: r.owner_name },
        createdAt: new Date(r.created_at).toISOString(),
        access: r.access ?? {},
        data: r.data,
      })),
      total: rows[0]?.total ?? 0,
      limit: query.limit,
      offset: query.offset,
    };
  }
}
