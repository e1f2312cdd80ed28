// Worker-thread entry of the replication pool in the built package (dist/experiment/workerEntry.js).
import { runTask } from "./replicationTask.ts";

export default runTask;
