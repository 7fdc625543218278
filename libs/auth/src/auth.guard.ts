import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '@roundtable/contracts';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { MemberMirror } from './auth-user';
import { KeycloakTokenVerifier, TokenRejectedError } from './keycloak-token-verifier';

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}

/**
 * Global guard: every HTTP route needs a valid realm token unless marked @Public();
 * @Auth(...roles) narrows it to those roles. Sockets authenticate at their handshake instead.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: KeycloakTokenVerifier,
    private readonly members: MemberMirror,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<Request & { user?: unknown }>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthorizedException('Sign in first: send the access token as "Authorization: Bearer <token>".');

    let verified;
    try {
      verified = await this.verifier.verify(token);
    } catch (err) {
      if (err instanceof TokenRejectedError) throw new UnauthorizedException(`The access token was rejected: ${err.message}.`);
      throw err;
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (roles.length > 0 && !roles.some((r) => verified.roles.includes(r))) {
      throw new ForbiddenException(`This needs one of these roles: ${roles.join(', ')}.`);
    }
    request.user = await this.members.mirror(verified);
    return true;
  }
}
