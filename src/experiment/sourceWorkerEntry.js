// Worker-thread entry when lbsim runs from its TypeScript sources (tests, analysis scripts): worker
// threads start without the parent's loader, so register tsx here before importing the task code.
// The built package uses the compiled workerEntry.js instead and needs no tsx.
import { register } from "tsx/esm/api";

register();
const { runClaimedTasks } = await import("./replicationTask.ts");

export default runClaimedTasks;
