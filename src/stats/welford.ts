// Welford's single-pass mean and variance (Welford 1962; Knuth TAOCP vol. 2, 4.2.2).
export class Welford {
  n = 0;
  mean = 0;
  private m2 = 0;

  add(x: number): void {
    const d = x - this.mean;
    this.mean += d / ++this.n;
    this.m2 += d * (x - this.mean);
  }

  /** Sample variance (n − 1 denominator); NaN below two observations. */
  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : NaN;
  }
}
