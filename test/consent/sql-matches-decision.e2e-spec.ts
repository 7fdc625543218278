import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@roundtable/auth';
import { allowedCategories, decide, DisclosureLedger, type SharingBasis } from '@roundtable/consent';
import { DATA_CATEGORIES, PURPOSES, type DataCategory, type Purpose, type Role } from '@roundtable/contracts';
import { dataSourceOptions } from '@roundtable/database';
import { ClientsService } from '../../apps/api/src/clients/clients.service';
import { createTestDatabase } from '../support/test-app';

/**
 * Lists filter in SQL; single reads use decide(). Both must be the same rule: on random consents,
 * statutory bases, periods and withdrawals, the shared list gives each viewer exactly what decide() allows.
 */
describe('the shared-client SQL is the consent decision', () => {
  let db: DataSource;
  let clients: ClientsService;
  const orgs = Array.from({ length: 4 }, () => randomUUID());
  const clientIds: string[] = [];
  const bases: SharingBasis[] = [];
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const some = <T>(xs: readonly T[]) => xs.filter(() => random() < 0.4).concat(pick(xs)).filter((x, i, a) => a.indexOf(x) === i);

  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(await createTestDatabase(), 4)).initialize();
    clients = new ClientsService(db, new DisclosureLedger(db));
    const member = randomUUID();
    await db.query(`INSERT INTO member (id, subject, username, display_name) VALUES ($1::uuid, $1::text, 'tester', 'Tester')`, [member]);
    for (const [i, id] of orgs.entries()) {
      await db.query(`INSERT INTO organisation (id, slug, name, kind, city) VALUES ($1, $2, $2, 'welfare', 'Magdeburg')`, [id, `org-${i}`]);
    }
    const now = Date.now();
    const day = 86_400_000;
    for (let c = 0; c < 30; c++) {
      const clientId = randomUUID();
      clientIds.push(clientId);
      const owner = pick(orgs);
      await db.query(`INSERT INTO client (id, owner_organisation_id, pseudonym) VALUES ($1, $2, $3)`, [clientId, owner, `K-${String(c).padStart(4, '0')}`]);
      for (const category of DATA_CATEGORIES) {
        await db.query(`INSERT INTO client_data (client_id, category, data) VALUES ($1, $2, '{"notes":"x"}')`, [clientId, category]);
      }
      for (let b = 0; b < Math.floor(random() * 5); b++) {
        const validFrom = new Date(now + (random() * 20 - 15) * day);
        const basis: SharingBasis = {
          id: randomUUID(),
          kind: random() < 0.3 ? 'statutory' : 'consent',
          clientId,
          granteeOrganisationIds: some(orgs.filter((o) => o !== owner)),
          purposes: some(PURPOSES),
          categories: some(DATA_CATEGORIES),
          validFrom,
          validUntil: random() < 0.4 ? new Date(validFrom.getTime() + random() * 20 * day) : null,
          withdrawnAt: random() < 0.25 ? new Date(now - random() * 3 * day) : null,
        };
        bases.push(basis);
        await db.query(
          `INSERT INTO consent (id, client_id, kind, grantee_organisation_ids, purposes, categories, valid_from, valid_until,
             evidence_type, legal_basis, justification, recorded_by, withdrawn_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
          [basis.id, clientId, basis.kind, basis.granteeOrganisationIds, basis.purposes, basis.categories, basis.validFrom, basis.validUntil,
            basis.kind === 'consent' ? 'digital' : null, basis.kind === 'statutory' ? '§ 87 AufenthG' : null,
            basis.kind === 'statutory' ? 'for the test' : null, member, basis.withdrawnAt],
        );
      }
    }
  });
  afterAll(() => db.destroy());

  it.each<[string, Role[]]>([
    ['integration-manager', ['integration-manager']],
    ['volunteer', ['volunteer']],
  ])('for every organisation and purpose, as %s', async (_label, roles) => {
    const owners = new Map<string, string>(
      (await db.query('SELECT id, owner_organisation_id FROM client')).map((r: { id: string; owner_organisation_id: string }) => [r.id, r.owner_organisation_id]),
    );
    let compared = 0;
    let allowedSomething = 0;
    for (const organisationId of orgs) {
      const user = { organisationId, roles, memberId: randomUUID() } as unknown as AuthUser;
      for (const purpose of PURPOSES as readonly Purpose[]) {
        const page = await clients.listShared(user, { purpose, limit: 100, offset: 0 });
        const fromSql = new Map(page.items.map((item) => [item.id, item.access]));
        const at = new Date();
        for (const clientId of clientIds) {
          if (owners.get(clientId) === organisationId) continue;
          const decision = decide(user, { id: clientId, ownerOrganisationId: owners.get(clientId)! }, purpose, DATA_CATEGORIES, at, bases);
          const expected = Object.fromEntries(
            allowedCategories(decision).map((c: DataCategory) => [c, (decision[c] as { basis: unknown }).basis]),
          );
          expect({ clientId, purpose, access: fromSql.get(clientId) ?? {} }).toEqual({ clientId, purpose, access: expected });
          compared++;
          if (Object.keys(expected).length) allowedSomething++;
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
    expect(allowedSomething).toBeGreaterThan(20); // the comparison is not all empty
  });
});
