import { defineConfig } from "vite";

// Built into the theme JAR: Keycloak's account index.ftl (inherited from keycloak.v3) loads the entry chunk it
// finds in .vite/manifest.json of this theme's resources. React is bundled, so the page does not depend on the
// import map of the parent theme.
export default defineConfig({
  base: "",
  esbuild: { jsx: "automatic" },
  build: {
    outDir: "../target/classes/theme/keycloak-pack/account/resources",
    emptyOutDir: false,
    manifest: true,
    target: "es2022",
    chunkSizeWarningLimit: 4096,
    rollupOptions: { input: "src/main.tsx" },
  },
});
