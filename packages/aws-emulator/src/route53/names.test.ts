import {
  canonicalName,
  compareAscii,
  nameLabels,
  recordNameSortKey,
  zoneNameSortKey,
} from './names';

describe('Route 53 DNS names', () => {
  it('decodes octal escapes and lower-cases letters, keeping an escaped dot inside its label', () => {
    expect(nameLabels('WWW.Example.COM.')).toEqual(['www', 'example', 'com']);
    expect(nameLabels('\\052.example.com')).toEqual(['*', 'example', 'com']);
    expect(nameLabels('\\101b.example.com')).toEqual(['ab', 'example', 'com']);
    expect(nameLabels('a\\056b.example.com.')).toEqual([
      'a.b',
      'example',
      'com',
    ]);
    // A backslash that starts no octal escape is an ordinary character.
    expect(nameLabels('a\\x.example.com')).toEqual(['a\\x', 'example', 'com']);
  });

  it('returns names as Route 53 does: lower case, trailing dot, and everything but a-z 0-9 - _ escaped', () => {
    expect(canonicalName('*.Example.com')).toBe('\\052.example.com.');
    expect(canonicalName('\\052.example.com.')).toBe('\\052.example.com.');
    expect(canonicalName('_dmarc.a-b.9.example.com')).toBe(
      '_dmarc.a-b.9.example.com.',
    );
    expect(canonicalName('a\\056b.example.com')).toBe('a\\056b.example.com.');
    expect(canonicalName('a b!.example.com')).toBe('a\\040b\\041.example.com.');
    expect(canonicalName('example.com')).toBe('example.com.');
    expect(canonicalName('.')).toBe('.');
  });

  it('is idempotent, so stored and requested names compare equal', () => {
    for (const name of ['*.x.example.com', 'A-B.example.com.', 'a~b.example']) {
      expect(canonicalName(canonicalName(name))).toBe(canonicalName(name));
    }
  });

  it('sorts records by reversed labels with the trailing dot, on the characters themselves', () => {
    const names = [
      'payments.example.com.',
      'a.example.com.',
      '\\052.a.example.com.',
      'A-B.example.com',
      '9.example.com',
      '10.example.com',
      '1.example.com',
      '*.example.com',
      '_dmarc.example.com',
      'b.a.example.com',
      'example.com.',
    ];
    const sorted = [...names].sort((x, y) =>
      compareAscii(recordNameSortKey(x), recordNameSortKey(y)),
    );
    expect(sorted.map(canonicalName)).toEqual([
      'example.com.',
      '\\052.example.com.',
      '1.example.com.',
      '10.example.com.',
      '9.example.com.',
      '_dmarc.example.com.',
      // '-' (45) sorts before the trailing '.' (46) of "com.example.a."
      'a-b.example.com.',
      'a.example.com.',
      '\\052.a.example.com.',
      'b.a.example.com.',
      'payments.example.com.',
    ]);
  });

  it('sorts zone names by their escaped form', () => {
    // '\' (92) sorts after digits, unlike '*' (42).
    expect(zoneNameSortKey('*.example.com')).toBe('com.example.\\052.');
    expect(
      compareAscii(
        zoneNameSortKey('*.example.com'),
        zoneNameSortKey('1.example.com'),
      ),
    ).toBe(1);
  });
});
