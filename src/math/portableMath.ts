// Transcendental functions that give the same bits in every JavaScript engine.
//
// Math.log, Math.exp and Math.pow are not specified to the last bit, and engines differ: Chromium's
// V8 and Node 20's disagree by one ulp on several percent of inputs, which is enough to make a
// simulation in the browser drift from the CLI's. These are @stdlib's pure-JavaScript ports of
// FreeBSD's msun (fdlibm) algorithms, built from +, −, ×, ÷ and bit operations only, so a run is a
// pure function of (scenario, seed) in Node and in any browser.
import ln from "@stdlib/math-base-special-ln";
import exp from "@stdlib/math-base-special-exp";
import pow from "@stdlib/math-base-special-pow";
import expm1 from "@stdlib/math-base-special-expm1";
import log1p from "@stdlib/math-base-special-log1p";

/** Natural logarithm. */
export const log = ln as (x: number) => number;
export { exp, pow, expm1, log1p };

/** Base-10 logarithm, as log(x)/ln(10) (portable: no Math.log10). */
export const log10 = (x: number): number => ln(x) / Math.LN10;
