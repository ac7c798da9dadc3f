import { decodeCursor, encodeCursor } from './cursor';

describe('history cursors', () => {
  it('round-trips a sequence number and hides it', () => {
    const cursor = encodeCursor(1234)!;
    expect(cursor).not.toContain('1234');
    expect(decodeCursor(cursor)).toBe(1234);
    expect(encodeCursor(undefined)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['not base64url of a cursor', 'hello'],
    ['a negative number', Buffer.from('seq:-1').toString('base64url')],
    ['a number with a tail', Buffer.from('seq:12; drop').toString('base64url')],
    [
      'a number too large to be exact',
      Buffer.from(`seq:${'9'.repeat(20)}`).toString('base64url'),
    ],
    ['SQL', '1 OR 1=1'],
  ])('refuses %s with a 400 naming the cursor', (_, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: `cursor "${cursor}" is not a cursor this API returned`,
      }),
    );
  });
});
