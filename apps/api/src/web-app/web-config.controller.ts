import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@roundtable/auth';
import type { ApiConfig } from '@roundtable/config';
import { API_CONFIG } from '../api-config';

export interface WebConfig {
  keycloak: { url: string; realm: string; clientId: string };
}

@ApiTags('operations')
@Controller('web-config')
export class WebConfigController {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  /** What the web workspace needs before sign-in: which realm and client to use. */
  @Get()
  @Public()
  get(): WebConfig {
    return {
      keycloak: { url: this.config.KEYCLOAK_URL, realm: this.config.KEYCLOAK_REALM, clientId: this.config.KEYCLOAK_WEB_CLIENT_ID },
    };
  }
}
