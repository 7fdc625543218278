import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type {
  OrganisationSummary,
  OrganisationView,
  Page,
  PartnerServiceView,
} from '@roundtable/contracts';
import { Organisation, PartnerService } from '@roundtable/database';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { DirectoryQueryDto, ServiceQueryDto } from './dto/directory-query.dto';
import { CreateOrganisationDto, UpdateOrganisationDto } from './dto/organisation.dto';
import { CreatePartnerServiceDto, UpdatePartnerServiceDto } from './dto/partner-service.dto';
import { isUniqueViolation, organisationNotFound, serviceNotFound, slugTaken } from './directory.errors';

/** `%word%` for ILIKE, with the caller's own wildcards taken literally. */
function likePattern(q: string | undefined): string | null {
  const trimmed = q?.trim();
  return trimmed ? `%${trimmed.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
}

/** The partner directory: organisations, the services they offer, and who works there. */
@Injectable()
export class DirectoryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly realtime: RealtimeGateway,
  ) {}

  async search(query: DirectoryQueryDto): Promise<Page<OrganisationSummary>> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT o.id, o.slug, o.name, o.kind, o.city, o.languages,
              coalesce(array_agg(DISTINCT s.category) FILTER (WHERE s.id IS NOT NULL), '{}') AS service_categories,
              count(s.id)::int AS service_count,
              count(*) OVER ()::int AS total
         FROM organisation o
         LEFT JOIN partner_service s ON s.organisation_id = o.id
        WHERE ($1::text IS NULL OR o.kind = $1)
          AND ($2::text IS NULL OR EXISTS (
                SELECT 1 FROM partner_service x WHERE x.organisation_id = o.id AND x.category = $2))
          AND ($3::text IS NULL OR $3 = ANY (o.languages) OR EXISTS (
                SELECT 1 FROM partner_service x WHERE x.organisation_id = o.id AND $3 = ANY (x.languages)))
          AND ($4::text IS NULL OR o.name ILIKE $4 OR o.description ILIKE $4 OR o.city ILIKE $4 OR EXISTS (
                SELECT 1 FROM partner_service x
                 WHERE x.organisation_id = o.id AND (x.name ILIKE $4 OR x.description ILIKE $4)))
        GROUP BY o.id
        ORDER BY o.name, o.id
        LIMIT $5 OFFSET $6`,
      [query.kind ?? null, query.category ?? null, query.language ?? null, likePattern(query.q), query.limit, query.offset],
    );
    return {
      items: rows.map((r) => ({
        id: r.id as string,
        slug: r.slug as string,
        name: r.name as string,
        kind: r.kind as OrganisationSummary['kind'],
        city: r.city as string,
        languages: r.languages as string[],
        serviceCategories: (r.service_categories as OrganisationSummary['serviceCategories']).sort(),
        serviceCount: r.service_count as number,
      })),
      total: rows.length ? (rows[0].total as number) : await this.countBeyondPage(query),
      limit: query.limit,
      offset: query.offset,
    };
  }

  /** An offset past the last row returns no rows and so no window count; count separately then. */
  private async countBeyondPage(query: DirectoryQueryDto): Promise<number> {
    if (query.offset === 0) return 0;
    const page = await this.search({ ...query, offset: 0, limit: 1 });
    return page.total;
  }

  async searchServices(query: ServiceQueryDto): Promise<Page<PartnerServiceView & { organisationName: string }>> {
    const qb = this.db
      .getRepository(PartnerService)
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.organisation', 'o')
      .orderBy('s.name')
      .addOrderBy('s.id')
      .take(query.limit)
      .skip(query.offset);
    if (query.category) qb.andWhere('s.category = :category', { category: query.category });
    if (query.capacity) qb.andWhere('s.capacity = :capacity', { capacity: query.capacity });
    if (query.language) qb.andWhere(':language = ANY (s.languages)', { language: query.language });
    const like = likePattern(query.q);
    if (like) qb.andWhere('(s.name ILIKE :like OR s.description ILIKE :like OR o.name ILIKE :like)', { like });
    const [services, total] = await qb.getManyAndCount();
    return {
      items: services.map((s) => ({ ...serviceView(s), organisationName: s.organisation.name })),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async get(id: string): Promise<OrganisationView> {
    const organisation = await this.db.getRepository(Organisation).findOne({
      where: { id },
      relations: { services: true },
      order: { services: { name: 'ASC' } },
    });
    if (!organisation) throw organisationNotFound(id);
    return organisationView(organisation);
  }

  async create(dto: CreateOrganisationDto): Promise<OrganisationView> {
    const repo = this.db.getRepository(Organisation);
    let saved: Organisation;
    try {
      saved = await repo.save(repo.create({ ...toColumns(dto), services: [] }));
    } catch (err) {
      if (isUniqueViolation(err)) throw slugTaken(dto.slug);
      throw err;
    }
    // Members who signed in before their organisation was listed now belong to it.
    await this.db.query(`UPDATE member SET organisation_id = $1 WHERE org_slug = $2`, [saved.id, saved.slug]);
    this.realtime.directoryChanged({ organisationId: saved.id, change: 'created' });
    return this.get(saved.id);
  }

  async update(id: string, dto: UpdateOrganisationDto): Promise<OrganisationView> {
    const repo = this.db.getRepository(Organisation);
    const existing = await repo.findOneBy({ id });
    if (!existing) throw organisationNotFound(id);
    try {
      await this.db.transaction(async (tx) => {
        await tx.getRepository(Organisation).save({ ...existing, ...toColumns(dto) });
        if (dto.slug && dto.slug !== existing.slug) {
          await tx.query(`UPDATE member SET organisation_id = NULL WHERE organisation_id = $1`, [id]);
          await tx.query(`UPDATE member SET organisation_id = $1 WHERE org_slug = $2`, [id, dto.slug]);
        }
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw slugTaken(dto.slug!);
      throw err;
    }
    this.realtime.directoryChanged({ organisationId: id, change: 'updated' });
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const result = await this.db.getRepository(Organisation).delete({ id });
    if (!result.affected) throw organisationNotFound(id);
    this.realtime.directoryChanged({ organisationId: id, change: 'deleted' });
  }

  async addService(organisationId: string, dto: CreatePartnerServiceDto): Promise<PartnerServiceView> {
    if (!(await this.db.getRepository(Organisation).existsBy({ id: organisationId }))) {
      throw organisationNotFound(organisationId);
    }
    const repo = this.db.getRepository(PartnerService);
    const saved = await repo.save(repo.create({ ...dto, organisationId }));
    this.realtime.directoryChanged({ organisationId, change: 'updated' });
    return serviceView(saved);
  }

  async updateService(organisationId: string, serviceId: string, dto: UpdatePartnerServiceDto): Promise<PartnerServiceView> {
    const repo = this.db.getRepository(PartnerService);
    const existing = await repo.findOneBy({ id: serviceId, organisationId });
    if (!existing) throw serviceNotFound(serviceId);
    const saved = await repo.save({ ...existing, ...dto });
    this.realtime.directoryChanged({ organisationId, change: 'updated' });
    return serviceView(saved);
  }

  async removeService(organisationId: string, serviceId: string): Promise<void> {
    const result = await this.db.getRepository(PartnerService).delete({ id: serviceId, organisationId });
    if (!result.affected) throw serviceNotFound(serviceId);
    this.realtime.directoryChanged({ organisationId, change: 'updated' });
  }

  async exists(id: string): Promise<boolean> {
    return this.db.getRepository(Organisation).existsBy({ id });
  }
}

function toColumns(dto: UpdateOrganisationDto): Partial<Organisation> {
  const { address, ...rest } = dto;
  return {
    ...rest,
    ...(address && { street: address.street ?? null, postalCode: address.postalCode ?? null, city: address.city }),
  };
}

function serviceView(s: PartnerService): PartnerServiceView {
  return {
    id: s.id,
    organisationId: s.organisationId,
    name: s.name,
    description: s.description,
    category: s.category,
    eligibility: s.eligibility,
    languages: s.languages,
    capacity: s.capacity,
    updatedAt: s.updatedAt.toISOString(),
  };
}

function organisationView(o: Organisation): OrganisationView {
  return {
    id: o.id,
    slug: o.slug,
    name: o.name,
    kind: o.kind,
    description: o.description,
    address: { street: o.street ?? undefined, postalCode: o.postalCode ?? undefined, city: o.city },
    website: o.website,
    languages: o.languages,
    contactPoints: o.contactPoints,
    responseTimeDays: o.responseTimeDays,
    services: (o.services ?? []).map(serviceView),
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}
