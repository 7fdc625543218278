import { ConflictException, NotFoundException } from '@nestjs/common';

export const organisationNotFound = (id: string) =>
  new NotFoundException({ code: 'organisation_not_found', message: `No organisation with id ${id}.` });

export const serviceNotFound = (id: string) =>
  new NotFoundException({ code: 'service_not_found', message: `No service with id ${id} in this organisation.` });

export const slugTaken = (slug: string) =>
  new ConflictException({ code: 'slug_taken', message: `Another organisation already uses the slug "${slug}".` });

/** PostgreSQL's unique_violation. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === '23505';
}
