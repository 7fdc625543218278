import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '@roundtable/contracts';
import type { AuthUser } from './auth-user';

export const ROLES_KEY = 'roundtable:roles';
export const PUBLIC_KEY = 'roundtable:public';

/**
 * Requires a valid realm token and, when roles are named, at least one of them.
 * Also documents the requirement in OpenAPI, so rules and docs cannot drift apart.
 */
export function Auth(...roles: Role[]) {
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No token, or an expired, forged or foreign one.' }),
    ...(roles.length ? [ApiForbiddenResponse({ description: `Needs one of the roles: ${roles.join(', ')}.` })] : []),
  );
}

/** Opens a route to callers without a token (health, client configuration). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The authenticated caller, as the guard attached it to the request. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest().user;
});
