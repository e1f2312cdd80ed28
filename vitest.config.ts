// Test timeouts sized for a loaded 2-core CI machine: end-to-end tests spawn the real binary and
// statistical tests run replications, so vitest's 5 s default fails them when the machine is busy.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
