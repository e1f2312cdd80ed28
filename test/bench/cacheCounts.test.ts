// bench:cache's arithmetic: cachegrind's summary read exactly, and two runs' totals turned into counts a request.
import { describe, expect, it } from "vitest";
import { parseCachegrindSummary, perRequest } from "../../bench/cacheCounts.ts";

/** The summary valgrind 3.19 prints on stderr (a real one, from a short M/M/1 run). */
const SUMMARY = `==14712== I   refs:      1,157,056,921
==14712== I1  misses:        9,924,577
==14712== LLi misses:          495,755
==14712==
==14712== D   refs:        485,912,889  (320,006,044 rd   + 165,906,845 wr)
==14712== D1  misses:        5,142,013  (  3,768,148 rd   +   1,373,865 wr)
==14712== LLd misses:        1,257,851  (    617,040 rd   +     640,811 wr)
==14712== LL misses:         1,753,606  (  1,112,795 rd   +     640,811 wr)`;

describe("bench:cache", () => {
  it("reads the instruction, D1 and last-level data totals (not the instruction-cache or combined LL lines)", () => {
    expect(parseCachegrindSummary(SUMMARY)).toEqual({ instructions: 1157056921, firstLevelDataMisses: 5142013, lastLevelDataMisses: 1257851 });
  });

  it("says what is missing when the cache simulation was off", () => {
    expect(() => parseCachegrindSummary("==1== I   refs:      1,000\n")).toThrow(/D1 misses.*--cache-sim=yes/);
  });

  it("divides the difference of two runs by the requests between them, and refuses a non-positive count", () => {
    const short = { instructions: 1000, firstLevelDataMisses: 100, lastLevelDataMisses: 10 };
    const long = { instructions: 5000, firstLevelDataMisses: 300, lastLevelDataMisses: 18 };
    expect(perRequest(short, long, 4)).toEqual({ instructions: 1000, firstLevelDataMisses: 50, lastLevelDataMisses: 2 });
    expect(() => perRequest(short, long, 0)).toThrow(/lengthen --to/);
  });
});
