import { Caller } from '../corpus/httpCorpus';

const b64 = (o: unknown) =>
  Buffer.from(JSON.stringify(o)).toString('base64url');
const unb64 = (s: string) => JSON.parse(Buffer.from(s, 'base64url').toString());

/** The Authorization header a corpus caller sends (forged from a real guest token where needed). */
export function authorizationFor(
  caller: Caller,
  tokens: { guest: string; bob: string },
): string | undefined {
  const [h, p, sig] = tokens.guest.split('.');
  switch (caller) {
    case 'guest':
      return `Bearer ${tokens.guest}`;
    case 'bob':
      return `Bearer ${tokens.bob}`;
    case 'none':
      return undefined;
    case 'garbage':
      return 'Bearer not.a.token';
    case 'tampered':
      return `Bearer ${h}.${b64({
        ...unb64(p),
        sub: 'user:default/pat',
        ent: ['group:default/platform-admins'],
      })}.${sig}`;
    case 'alg-none':
      return `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({
        ...unb64(p),
        sub: 'user:default/pat',
      })}.`;
    case 'expired':
      return `Bearer ${h}.${b64({
        ...unb64(p),
        exp: Math.floor(Date.now() / 1000) - 3600,
      })}.${sig}`;
    case 'basic':
      return `Basic ${Buffer.from('guest:guest').toString('base64')}`;
    default:
      throw new Error(`unknown caller ${caller}`);
  }
}
