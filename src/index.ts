// lbsim as a library: every public name, listed once. Each function returns the object its
// command prints with --json (docs/scenario-format.md lists them).
export { loadScenario, type LoadScenarioOptions } from "./api/loadScenarioApi.ts";
export { shippedScenario, shippedScenarios } from "./api/shippedScenario.ts";
export { simulate, runStudy, compare, type SimulateOptions, type StudyOptions, type CompareOptions } from "./api/studies.ts";
export { optimumResult as solveOptimum, type OptimumResult, type RouteValues } from "./api/optimumResult.ts";
export { integrateFluidResult as integrateFluid, type FluidResult, type FluidResultOptions, type FluidTrajectoryPoint } from "./api/fluidResult.ts";
export { stabilityResult as criticalStepSize, type StabilityResult } from "./api/stabilityResult.ts";
export { planResult as planCapacity, parseSlo, type PlanOptions, type PlanResultJson, type PolicyPlan, type PlanSummary } from "./api/planResult.ts";
export { scenarioJsonSchema } from "./scenario/jsonSchema.ts";
export { ScenarioError, type Issue } from "./input/scenarioError.ts";
export { StudyError } from "./input/studyError.ts";
export { registerPolicy } from "./policies/registeredPolicies.ts";
export { PolicyModuleError, type PolicyView, type UserPolicy, type UserPolicyFactory } from "./policies/userPolicy.ts";
export { shutdownWorkers } from "./experiment/threadPools.ts";
export { raiseInliningBudget } from "./cli/inliningBudget.ts";
export type { Scenario, Frontend, Backend, StepSizeChoice } from "./model/scenario.ts";
// the blocks' types: exported from their rooms, which also fill in Scenario's (declaration merging)
export type { PolicySpec } from "./policies/registry.ts";
export type { FeedbackSpec } from "./feedback/feedbackModes.ts";
export type { RunStudyResult, CompareStudyResult } from "./experiment/studyResult.ts";
export type { Estimate } from "./stats/estimate.ts";
export type { ScenarioInput, ScenarioSpec } from "./scenario/scenarioSchema.ts";
