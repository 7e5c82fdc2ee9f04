import { rmSync } from "node:fs";
import { defineConfig } from "vite";

const outDir = "../target/classes/theme/keycloak-pack/admin/resources";

// Only the bundle is replaced; stale chunks of an earlier build go.
for (const previous of ["assets", ".vite"]) {
  rmSync(`${outDir}/${previous}`, { recursive: true, force: true });
}

// Built into the theme JAR: Keycloak's admin index.ftl (inherited from keycloak.v2) loads the entry chunk it finds
// in .vite/manifest.json of this theme's resources. React is bundled, as in the account console.
export default defineConfig({
  base: "",
  esbuild: { jsx: "automatic" },
  build: {
    outDir,
    emptyOutDir: false,
    manifest: true,
    target: "es2022",
    chunkSizeWarningLimit: 8192,
    rollupOptions: { input: "src/main.tsx" },
  },
});
