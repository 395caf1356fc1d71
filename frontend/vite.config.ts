/// <reference types="vitest/config" />
import { fileURLToPath, URL } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` talks to the API started by ./run_server.sh on port 8000.
const API = "http://127.0.0.1:8000";
const proxied = [
  "/api",
  "/health",
  "/docs",
  "/docs-assets",
  "/redoc",
  "/openapi.json",
  "/.well-known",
];

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  server: {
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: API, changeOrigin: false }])),
  },
  build: {
    manifest: true,
    outDir: "dist",
    assetsDir: "assets",
    sourcemap: false,
    // The entry (React, router, Query, Mantine core) is ~510 kB raw, ~155 kB gzipped; pages split.
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: "jsdom",
    globals: false,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
  },
});
