import { DynamicModule, Module } from '@nestjs/common';
import { KeycloakOptions, KeycloakTokenVerifier } from './keycloak-token-verifier';

@Module({})
export class AuthModule {
  static forRoot(options: KeycloakOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [{ provide: KeycloakTokenVerifier, useValue: new KeycloakTokenVerifier(options) }],
      exports: [KeycloakTokenVerifier],
    };
  }
}
