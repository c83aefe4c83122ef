/**
 * Rows of a long server-side list fetched page by page as the user scrolls (offset/limit), kept in a bounded cache.
 * A reset (new filters or sort) starts a new generation: answers to requests of an older generation are dropped, so
 * stale rows never appear under new filters.
 */
export interface PageResult<T> {
  items: T[];
  total: number;
}

export type PageFetcher<T> = (offset: number, limit: number) => Promise<PageResult<T>>;

export class PagedCache<T> {
  private pages = new Map<number, T[]>();
  private inFlight = new Set<number>();
  private generation = 0;
  /** Null until the first page arrives. */
  total: number | null = null;
  lastError: unknown = null;

  constructor(
    private fetcher: PageFetcher<T>,
    readonly pageSize = 100,
    private onChange: () => void = () => undefined,
    /** Pages kept in memory; the farthest from the last request are dropped first. */
    private maxPages = 60,
  ) {}

  get(index: number): T | undefined {
    const page = this.pages.get(Math.floor(index / this.pageSize));
    return page?.[index % this.pageSize];
  }

  isLoading(): boolean {
    return this.inFlight.size > 0;
  }

  /** Forgets everything (new filters); in-flight answers of the old generation are ignored. */
  reset(fetcher?: PageFetcher<T>): void {
    if (fetcher) this.fetcher = fetcher;
    this.generation++;
    this.pages.clear();
    this.inFlight.clear();
    this.total = null;
    this.lastError = null;
    this.onChange();
  }

  /** Fetches the pages covering rows [start, end) that are neither cached nor being fetched. */
  async ensure(start: number, end: number): Promise<void> {
    const firstPage = Math.floor(Math.max(0, start) / this.pageSize);
    const lastIndex = this.total === null ? Math.max(start, end - 1) : Math.min(end, this.total) - 1;
    if (lastIndex < start && this.total !== null) return;
    const lastPage = Math.floor(Math.max(0, lastIndex) / this.pageSize);
    const wanted: number[] = [];
    for (let p = firstPage; p <= lastPage; p++) {
      if (!this.pages.has(p) && !this.inFlight.has(p)) wanted.push(p);
    }
    await Promise.all(wanted.map((p) => this.load(p)));
    this.evict(firstPage);
  }

  private async load(page: number): Promise<void> {
    const gen = this.generation;
    this.inFlight.add(page);
    try {
      const res = await this.fetcher(page * this.pageSize, this.pageSize);
      if (gen !== this.generation) return;
      this.pages.set(page, res.items);
      this.total = res.total;
      this.lastError = null;
    } catch (e) {
      if (gen !== this.generation) return;
      this.lastError = e;
    } finally {
      if (gen === this.generation) {
        this.inFlight.delete(page);
        this.onChange();
      }
    }
  }

  private evict(aroundPage: number): void {
    if (this.pages.size <= this.maxPages) return;
    const byDistance = [...this.pages.keys()].sort((a, b) => Math.abs(b - aroundPage) - Math.abs(a - aroundPage));
    for (const p of byDistance.slice(0, this.pages.size - this.maxPages)) this.pages.delete(p);
  }
}
