// A user's own policy: a JavaScript module named by path (loaded in every thread that runs it), or a
// factory registered by name from the library. The interface is userPolicy.ts.
import * as z from "zod";
import { policyKind } from "./policy.ts";
import { adaptUserPolicy } from "./userPolicy.ts";
import { registeredPolicy } from "./registeredPolicies.ts";

export const modulePolicy = policyKind({
  kind: "module",
  readsState: true, // as far as the estimate of work knows: the module declares its own
  schema: z
    .looseObject({
      kind: z.literal("module"),
      path: z.string().min(1).optional().describe("JavaScript module (.mjs/.js/.cjs) whose default export is the factory (view) => policy; relative to the scenario file"),
      name: z.string().min(1).optional().describe("a factory registered with registerPolicy(name, factory) in this thread (library only)"),
    })
    .describe("your own policy; every other key is passed to it as view.params"),
  check(spec, _topology, report) {
    if ((spec.path === undefined) === (spec.name === undefined)) report("policy", 'give exactly one of "path" (a module file) or "name" (registered with registerPolicy)');
    else if (spec.name !== undefined && !registeredPolicy(spec.name)) {
      report(
        "policy.name",
        `no policy is registered as ${JSON.stringify(spec.name)} in this thread; call registerPolicy(name, factory) first (worker threads do not see registrations: give {"kind": "module", "path"} to run on workers)`,
      );
    }
  },
  make(ctx, spec) {
    const { kind: _kind, path, name, ...params } = spec;
    const factory = path !== undefined ? ctx.scenario.policyModules[path] : registeredPolicy(name!);
    if (!factory) throw new Error(`engine invariant violated: policy module ${path ?? name} was not loaded with the scenario`);
    return adaptUserPolicy(factory, ctx, params, path !== undefined ? `module ${path}` : `"${name}"`);
  },
});
