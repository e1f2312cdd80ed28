// The CLI's `write` sends a large result in slices: the bytes must be exactly the text and one newline.
import { afterEach, describe, expect, it, vi } from "vitest";
import { write } from "../../src/cli/common.ts";

describe("write", () => {
  afterEach(() => vi.restoreAllMocks());

  function captured(text: string): string[] {
    const chunks: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
    write(text);
    return chunks;
  }

  it("writes a multi-megabyte text in slices whose concatenation is the text plus a newline, never splitting a surrogate pair", () => {
    // "😀" (U+1F600) is two UTF-16 units; put its first unit exactly where a 1 MiB slice would end
    const text = "x".repeat((1 << 20) - 1) + "😀" + "y".repeat(3 << 20) + "😀";
    const chunks = captured(text);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join("")).toBe(text + "\n");
    // a lone surrogate at either end of a slice would be written as U+FFFD
    const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    for (const c of chunks) expect(loneSurrogate.test(c)).toBe(false);
  });

  it("writes a short text whole, adding a newline only when it lacks one", () => {
    expect(captured("abc")).toEqual(["abc", "\n"]);
    expect(captured("abc\n")).toEqual(["abc\n"]);
  });
});
