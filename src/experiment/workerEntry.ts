// Worker-thread entry of the replication pool in the built package (dist/experiment/workerEntry.js).
import { runClaimedTasks } from "./replicationTask.ts";

export default runClaimedTasks;
