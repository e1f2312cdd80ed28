// Worker-thread entry for the replication pool: workers start without the CLI's TypeScript
// loader, so register tsx here before importing the task code.
import { register } from "tsx/esm/api";

register();
const { runTask } = await import("./replicationTask.ts");

export default runTask;
