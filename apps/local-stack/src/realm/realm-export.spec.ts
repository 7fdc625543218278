import { join } from 'node:path';
import { allowedOrigins, checkPassword, findUser, loadRealmExport, redirectAllowed, resolvePlaceholders, subjectOf } from './realm-export';

const realmFile = join(__dirname, '../../../../docker/keycloak/roundtable-realm.json');

describe('realm export', () => {
  it('resolves ${NAME:default} placeholders like Keycloak, from the environment first', () => {
    expect(resolvePlaceholders('"${A:x}" "${B:y}"', { A: 'set' })).toBe('"set" "y"');
    expect(() => resolvePlaceholders('${MISSING}', {})).toThrow(/MISSING/);
    expect(resolvePlaceholders('"${A}"', { A: 'quote " inside' })).toBe('"quote \\" inside"');
  });

  it('defines the roles, clients and demo users the platform needs', () => {
    const realm = loadRealmExport(realmFile, {});
    expect(realm.realm).toBe('roundtable');
    expect(realm.roles!.realm!.map((r) => r.name).sort()).toEqual(
      ['abh-liaison', 'bulletin-editor', 'caseworker', 'integration-manager', 'network-admin', 'volunteer'],
    );
    expect(realm.clients.map((c) => c.clientId)).toEqual(['roundtable-web', 'roundtable-api']);
    const users = Object.fromEntries(realm.users.map((u) => [u.username, [u.realmRoles![0], u.attributes!.org[0]]]));
    expect(users).toEqual({
      'anna.abh': ['abh-liaison', 'abh-magdeburg'],
      'ben.caritas': ['integration-manager', 'caritas-magdeburg'],
      'clara.diakonie': ['integration-manager', 'diakonie-magdeburg'],
      'david.jobcenter': ['caseworker', 'jobcenter-magdeburg'],
      'eva.volunteer': ['volunteer', 'willkommen-magdeburg'],
      'felix.admin': ['network-admin', 'stadt-magdeburg-integration'],
      'greta.editor': ['bulletin-editor', 'diakonie-magdeburg'],
    });
  });

  it('matches redirect URIs exactly or by a trailing wildcard, and derives web origins from them', () => {
    const client = { clientId: 'web', redirectUris: ['http://localhost:3000/*', 'https://app.example/cb'], webOrigins: ['+'] };
    expect(redirectAllowed(client, 'http://localhost:3000/directory?x=1')).toBe(true);
    expect(redirectAllowed(client, 'https://app.example/cb')).toBe(true);
    expect(redirectAllowed(client, 'https://app.example/cb/other')).toBe(false);
    expect(redirectAllowed(client, 'http://localhost:3001/')).toBe(false);
    expect(allowedOrigins(client)).toEqual(['http://localhost:3000', 'https://app.example']);
  });

  it('finds users by name or e-mail and checks passwords', () => {
    const realm = loadRealmExport(realmFile, {});
    const ben = findUser(realm, 'BEN.caritas@roundtable.example')!;
    expect(ben.username).toBe('ben.caritas');
    expect(checkPassword(ben, 'demo')).toBe(true);
    expect(checkPassword(ben, 'demo ')).toBe(false);
  });

  it('gives each user a stable UUID subject', () => {
    expect(subjectOf('roundtable', 'ben.caritas')).toBe(subjectOf('roundtable', 'ben.caritas'));
    expect(subjectOf('roundtable', 'ben.caritas')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(subjectOf('roundtable', 'ben.caritas')).not.toBe(subjectOf('roundtable', 'clara.diakonie'));
  });
});
