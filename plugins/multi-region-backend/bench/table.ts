/** One row of the bench's printed table: a figure, its goal and whether it was met. */
export interface BenchRow {
  figure: string;
  goal: string;
  result: string;
  /** undefined: the figure has no pass/fail goal (context only). */
  met: boolean | undefined;
  detail?: string;
}
