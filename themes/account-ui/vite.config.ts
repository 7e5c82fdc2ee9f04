import { rmSync } from "node:fs";
import { defineConfig } from "vite";

const outDir = "../target/classes/theme/keycloak-pack/account/resources";

// Only the bundle is replaced: content.json, copied there by Maven, stays; stale chunks of an earlier build go.
for (const previous of ["assets", ".vite"]) {
  rmSync(`${outDir}/${previous}`, { recursive: true, force: true });
}

// Built into the theme JAR: Keycloak's account index.ftl (inherited from keycloak.v3) loads the entry chunk it
// finds in .vite/manifest.json of this theme's resources. React is bundled, so the page does not depend on the
// import map of the parent theme.
export default defineConfig({
  base: "",
  esbuild: { jsx: "automatic" },
  build: {
    outDir,
    emptyOutDir: false,
    manifest: true,
    target: "es2022",
    chunkSizeWarningLimit: 4096,
    rollupOptions: { input: "src/main.tsx" },
  },
});
