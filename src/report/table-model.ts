/** A report table, independent of how it is written (HTML with sortable columns, or Markdown). */

export interface Cell {
  readonly text: string;
  /** Value the column sorts by (numbers sort numerically); defaults to the text. */
  readonly sort?: number | string | null;
  /** A tone for the HTML (e.g. a red zone or bad debt); Markdown ignores it. */
  readonly tone?: 'alert' | 'ok' | 'warn' | null;
}

export interface Column {
  readonly label: string;
  readonly numeric?: boolean;
}

export interface Table {
  readonly id: string;
  readonly title: string;
  /** What the rows are and how they were chosen (the cap, the order). */
  readonly note?: string;
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly Cell[])[];
  /** Rows that exist in total (in events.csv) when the table is capped. */
  readonly total?: number;
  /** Whether the HTML offers sorting by a column (default: when there are two rows or more). */
  readonly sortable?: boolean;
  /**
   * On a phone (HTML, 480 px and narrower) each row becomes a block of `label  value` lines instead of a
   * table that scrolls sideways: for a table whose every column a reader needs at once (the decision panel).
   */
  readonly stackOnPhone?: boolean;
}

export const cell = (text: string, sort?: number | string | null, tone?: Cell['tone']): Cell => ({ text, sort, tone });
