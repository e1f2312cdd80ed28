// Policies a library user registers by name in this thread (registerPolicy), for scenarios that say {"kind": "module", "name": ...}.
import type { UserPolicyFactory } from "./userPolicy.ts";

const registered = new Map<string, UserPolicyFactory>();

/**
 * Registers a policy factory under a name for this thread. Worker threads do not see it (a function
 * cannot cross threads): studies with workers > 1 need the module form {"kind": "module", "path"}.
 */
export function registerPolicy(name: string, factory: UserPolicyFactory): void {
  if (typeof name !== "string" || name.length === 0) throw new TypeError("registerPolicy: give a non-empty name");
  if (typeof factory !== "function") throw new TypeError(`registerPolicy(${JSON.stringify(name)}): give a function (view) => policy`);
  registered.set(name, factory);
}

export function registeredPolicy(name: string): UserPolicyFactory | undefined {
  return registered.get(name);
}
