import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { KeycloakTokenVerifier, Public } from '@roundtable/auth';

interface Check {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

async function timed(probe: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  try {
    await probe();
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: (err as Error).message };
  }
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly verifier: KeycloakTokenVerifier,
  ) {}

  /** 200 when the database and the realm answer, 503 (with the failing part named) when not. */
  @Get()
  @Public()
  async health(@Res({ passthrough: true }) res: Response) {
    const [database, realm] = await Promise.all([
      timed(() => this.db.query('SELECT 1')),
      timed(async () => {
        const response = await fetch(`${this.verifier.realmUrl}/.well-known/openid-configuration`, {
          signal: AbortSignal.timeout(3000),
        });
        if (!response.ok) throw new Error(`realm answered ${response.status}`);
      }),
    ]);
    const status = database.status === 'up' && realm.status === 'up' ? 'ok' : 'error';
    res.status(status === 'ok' ? 200 : 503);
    return { status, checks: { database, realm } };
  }
}
