/** A versioned schema change, embedded as text so it survives bundling (no .sql files to ship or find at run time). */
export interface Migration {
  /** 1, 2, 3... in order, never reused. */
  id: number;
  name: string;
  sql: string;
}
