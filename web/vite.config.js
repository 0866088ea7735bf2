// The web app's build: static files in dist/, served by any web server
// (scripts/local-network.sh uses `vite preview`).
import { defineConfig } from "vite";

export default defineConfig({
	base: "./",
	build: { outDir: "dist", target: "es2022" },
	preview: { host: "127.0.0.1", strictPort: true },
});
