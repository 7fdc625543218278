import Keycloak from 'keycloak-js';

export interface WebConfig {
  keycloak: { url: string; realm: string; clientId: string };
}

let keycloak: Keycloak | undefined;

/** Signs in through keycloak-js (authorization code + PKCE) against whichever realm the api names. */
export async function signIn(): Promise<Keycloak> {
  const config = (await (await fetch('/api/web-config')).json()) as WebConfig;
  keycloak = new Keycloak({ url: config.keycloak.url, realm: config.keycloak.realm, clientId: config.keycloak.clientId });
  const lang = localStorage.getItem('roundtable.language') ?? (navigator.language.startsWith('en') ? 'en' : 'de');
  await keycloak.init({ onLoad: 'login-required', pkceMethod: 'S256', checkLoginIframe: true, locale: lang } as Keycloak.KeycloakInitOptions);
  keycloak.onTokenExpired = () => void keycloak?.updateToken(30).catch(() => keycloak?.login());
  return keycloak;
}

/** A fresh access token, refreshed when it has less than 30 s left. */
export async function token(): Promise<string> {
  if (!keycloak) throw new Error('not signed in');
  await keycloak.updateToken(30).catch(() => keycloak!.login());
  return keycloak.token!;
}

export function signOut(): void {
  void keycloak?.logout({ redirectUri: window.location.origin + '/' });
}
