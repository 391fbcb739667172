import { fileURLToPath } from "node:url";

import { defineConfig } from "vitest/config";

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // The hooks' tests are .tsx: React's automatic runtime, as the example app compiles them.
  esbuild: { jsx: "automatic" },
  // The packages' sources, as tsconfig.json's paths: no dist/ needed to test.
  resolve: {
    alias: {
      "@djwire/client": source("packages/client/src/index.ts"),
      "@djwire/react": source("packages/react/src/index.ts"),
    },
  },
  test: {
    include: ["packages/*/test/**/*.test.{ts,tsx}"],
    // packages/react's tests say `@vitest-environment jsdom` (React renders into a DOM).
    environment: "node",
  },
});
