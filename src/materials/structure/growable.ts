/** An append-only typed-array buffer that doubles its capacity as it fills (for outputs of unknown size). */
export class GrowableArray<T extends Float64Array | Int32Array> {
  private data: T;
  private used = 0;

  constructor(private readonly make: (capacity: number) => T, capacity = 64) {
    this.data = make(Math.max(1, capacity));
  }

  /** Number of values appended so far. */
  get length(): number {
    return this.used;
  }

  /** Appends one value. */
  push(value: number): void {
    if (this.used === this.data.length) this.grow();
    this.data[this.used++] = value;
  }

  /** Appends three values. */
  push3(x: number, y: number, z: number): void {
    if (this.used + 3 > this.data.length) this.grow();
    const d = this.data;
    d[this.used] = x;
    d[this.used + 1] = y;
    d[this.used + 2] = z;
    this.used += 3;
  }

  /**
   * The values appended, as an array of exactly `length`: a view on the buffer when little of it is unused,
   * else a trimmed copy. Do not append afterwards.
   */
  view(): T {
    const part = this.data.subarray(0, this.used) as T;
    return this.used * 1.25 >= this.data.length ? part : (part.slice() as T);
  }

  private grow(): void {
    const next = this.make(2 * this.data.length + 3);
    next.set(this.data);
    this.data = next;
  }
}
