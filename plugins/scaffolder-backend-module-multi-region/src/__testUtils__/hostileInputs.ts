/**
 * Hostile template inputs: values that try to break out of the file a
 * template renders them into (YAML, TOML, shell, markdown), to smuggle in
 * template syntax, or to look like something they are not. Each is named for
 * what it tries.
 */
export const HOSTILE_VALUES: Record<string, string> = {
  // The reported attack: a second catalog document, a Group with the guest in it
  'injected Group document':
    'group:default/team-orders\n---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: attackers\nspec:\n  type: team\n  children: []\n  members: [guest]',
  'injected key': 'team-orders\n  members: [guest]',
  newline: 'team-orders\nx',
  'carriage return': 'team-orders\rx',
  'CRLF line': 'team-orders\r\nowner: group:default/platform-admins',
  'document marker': '--- !!map {kind: Group}',
  'document end': 'team-orders\n...\n---',
  'comment marker': 'team-orders # owner: group:default/platform-admins',
  'double quotes': 'say "hi" "',
  'single quotes': "it's 'quoted' '",
  backslashes: 'a\\nb\\"c\\',
  'nunjucks expression': '{{ 7 * 7 }}{% raw %}',
  'scaffolder expression': '${{ parameters.owner }}',
  'scaffolder secret': '${{ secrets.backstageToken }}',
  'line separator U+2028': 'team-orders\u2028kind: Group',
  'paragraph separator U+2029': 'team-orders\u2029kind: Group',
  'next line U+0085': 'team-orders\u0085kind: Group',
  NUL: 'team-orders\u0000',
  'bell and terminal escape': 'team-orders\u0007\u001b[2J',
  tab: 'team\torders',
  DEL: 'team-orders\u007f',
  'C1 control': 'team-orders\u009b31m',
  'unpaired surrogate': 'team-orders\ud800',
  'very long': 'a'.repeat(100_000),
  'YAML function tag': '!!js/function "function () { return process.env }"',
  'YAML anchor and alias': '&a team-orders *a',
  'YAML merge key': '<<: *a',
  'YAML flow mapping': '{ kind: Group, metadata: { name: attackers } }',
  'YAML flow sequence': '[guest, pat]',
  'YAML block scalar': '|\n  kind: Group',
  'YAML boolean-like': 'yes',
  'YAML null-like': '~',
  'YAML number-like': '0x1F',
  'catalog placeholder': '{ $text: /etc/passwd }',
  'shell substitution': "$(touch /tmp/pwned)`id`'; rm -rf ~; echo '",
  'TOML break-out': 'x" owner="group:default/platform-admins"\nstack_name = "y',
  'markdown and HTML':
    '# Heading <script>alert(1)</script> [x](javascript:alert(1))',
  'markdown fence': '```\nrm -rf /\n```',
  'right-to-left override': 'team-\u202eorders',
  'leading and trailing spaces': ' team-orders ',
  'user instead of group': 'user:default/guest',
  'another kind prefix': 'Group:default/team-orders',
  'path traversal': '../../etc/passwd',
  empty: '',
};

/**
 * Values that are unusual but harmless text: a description may hold them, and
 * then every rendered file must carry them exactly. (The others of
 * {@link HOSTILE_VALUES} are not one line of printable text.)
 */
export const PRINTABLE_HOSTILE_NAMES = [
  'document marker',
  'comment marker',
  'double quotes',
  'single quotes',
  'backslashes',
  'nunjucks expression',
  'scaffolder expression',
  'scaffolder secret',
  'YAML function tag',
  'YAML anchor and alias',
  'YAML merge key',
  'YAML flow mapping',
  'YAML flow sequence',
  'YAML boolean-like',
  'YAML null-like',
  'YAML number-like',
  'catalog placeholder',
  'shell substitution',
  'markdown and HTML',
  'right-to-left override',
  'leading and trailing spaces',
  'user instead of group',
  'another kind prefix',
  'path traversal',
  'empty',
];
