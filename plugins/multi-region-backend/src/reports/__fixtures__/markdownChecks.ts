/** Structural checks of a Markdown report, shared by the unit and HTTP tests. */

/** The cells of a GFM table row: split on `|` not escaped by a backslash. */
export function tableCells(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) {
      current += c + line[i + 1];
      i++;
    } else if (c === '|') {
      cells.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  cells.push(current);
  // a row starts and ends with a pipe: drop the empty ends
  return cells.slice(1, -1).map(cell => cell.trim());
}

/**
 * Throws unless every table of the document keeps its shape (each row as
 * many cells as its header) and the only headings are `headings`.
 */
export function expectIntactMarkdown(doc: string, headings: RegExp): void {
  const lines = doc.split('\n');
  let header: number | undefined;
  lines.forEach((line, i) => {
    if (line.startsWith('|')) {
      const count = tableCells(line).length;
      if (header === undefined) header = count;
      else if (count !== header) {
        throw new Error(
          `line ${i + 1} has ${count} cells, its table ${header}: ${line}`,
        );
      }
    } else {
      header = undefined;
    }
    if (/^\s{0,3}#/.test(line) && !headings.test(line)) {
      throw new Error(`line ${i + 1} is an unexpected heading: ${line}`);
    }
  });
  if (/<[a-z/!?]/i.test(doc)) {
    throw new Error('the document holds raw HTML');
  }
  // every backtick escaped: no code span can open
  if (/(^|[^\\])(\\\\)*`/.test(doc)) {
    throw new Error('the document holds an unescaped backtick');
  }
}
