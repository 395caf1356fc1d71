// Copy Swagger UI and ReDoc builds from npm into dist/docs-assets, so /docs and /redoc need no CDN.
import { copyFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, "..", "dist", "docs-assets");
const swagger = dirname(require.resolve("swagger-ui-dist/package.json"));
const redoc = dirname(require.resolve("redoc/package.json"));

const files = [
  [join(swagger, "swagger-ui-bundle.js"), "swagger-ui-bundle.js"],
  [join(swagger, "swagger-ui.css"), "swagger-ui.css"],
  [join(redoc, "bundles", "redoc.standalone.js"), "redoc.standalone.js"],
];
await mkdir(target, { recursive: true });
for (const [from, name] of files) {
  await copyFile(from, join(target, name));
}
console.log(`copied ${files.length} files to ${target}`);
