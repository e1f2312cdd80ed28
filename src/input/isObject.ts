// What parsed JSON must be before its fields are read: an object with keys, not null or an array.

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
