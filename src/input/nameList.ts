// Names for an error message: a fleet's thousands of ids, or a run's 10^5 metric names, cut to a line.

/** As many of `names` as fit in about `room` characters, then how many there are in all (an error line keeps 300 characters of each issue: ScenarioError). */
export function nameList(names: readonly string[], room = 150): string {
  let out = "";
  let k = 0;
  for (; k < names.length; k++) {
    const next = k === 0 ? names[k]! : `, ${names[k]!}`;
    if (k > 0 && out.length + next.length > room) break;
    out += next;
  }
  return k < names.length ? `${out}, … (${names.length} in all)` : out;
}
