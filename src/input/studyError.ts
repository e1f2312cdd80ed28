// A study that cannot go on as asked (a results file of another study, missing shards, a failed replication).
export class StudyError extends Error {}
