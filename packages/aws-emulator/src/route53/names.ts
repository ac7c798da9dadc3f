/**
 * Route 53's DNS name format (Developer Guide, "DNS domain name format"):
 * letters are stored lower case; every character other than a-z, 0-9, `-`
 * and `_` comes back from the API as a `\ooo` octal escape (so `*.example.com`
 * is listed as `\052.example.com.`), whether it was sent as a character or
 * as an escape. Names are compared and sorted through the labels decoded
 * here, so `*`, `\052` and upper case all name the same record.
 */

const PLAIN = /^[a-z0-9_-]$/;

/** The labels of a name as sent (escapes decoded, letters lower-cased), without the root label. */
export function nameLabels(name: string): string[] {
  const labels: string[] = [];
  let label = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    const escape = /^\\([0-3][0-7]{2})/.exec(name.slice(i));
    if (escape) {
      label += String.fromCharCode(parseInt(escape[1], 8));
      i += 3;
    } else if (c === '.') {
      labels.push(label);
      label = '';
    } else {
      label += c;
    }
  }
  // "example.com." ends with the root label, which is empty.
  if (label !== '' || labels.length === 0) labels.push(label);
  return labels.map(l => l.replace(/[A-Z]/g, letter => letter.toLowerCase()));
}

function escapeLabel(label: string): string {
  return [...label]
    .map(c =>
      PLAIN.test(c)
        ? c
        : `\\${(c.charCodeAt(0) & 0xff).toString(8).padStart(3, '0')}`,
    )
    .join('');
}

/** The name as Route 53 returns it: lower case, escaped, with the trailing dot. */
export function canonicalName(name: string): string {
  const labels = nameLabels(name).filter(l => l !== '');
  return labels.length === 0 ? '.' : `${labels.map(escapeLabel).join('.')}.`;
}

/**
 * ListResourceRecordSets order: the labels reversed with the trailing dot
 * (`com.example.www.`), compared as ASCII on the characters themselves. The
 * trailing dot puts `a-b` before `a` (`-` is 45, `.` 46); `*` (42) sorts
 * before digits and letters.
 */
export function recordNameSortKey(name: string): string {
  const labels = nameLabels(name).filter(l => l !== '');
  return `${labels.reverse().join('.')}.`;
}

/**
 * ListHostedZonesByName order: the same, but on the escaped form, which the
 * API reference says is what Route 53 alphabetises zone names by.
 */
export function zoneNameSortKey(name: string): string {
  const labels = nameLabels(name).filter(l => l !== '');
  return `${labels.map(escapeLabel).reverse().join('.')}.`;
}

/** Plain code-unit (ASCII) comparison, not locale-aware. */
export function compareAscii(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
