// Builds static/dist/: the compiled stylesheet, the Design Systems' scripts and their images.
// Everything third-party comes from node_modules (installed from package-lock.json).
import { compile, NodePackageImporter } from "sass";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static", "dist");
const modules = join(root, "node_modules");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const css = compile(join(root, "frontend", "app.scss"), {
  importers: [new NodePackageImporter(root)],
  loadPaths: [root],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
  // The Design Systems warn about their own internals; only our own warnings are ours to fix.
  logger: {
    warn(message, { span, stack }) {
      const where = span?.url?.pathname ?? stack ?? "";
      if (!where.includes("node_modules")) console.warn(message);
    },
  },
});
writeFileSync(join(out, "app.css"), css.css);

cpSync(join(modules, "govuk-frontend/dist/govuk/govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(modules, "@ministryofjustice/frontend/moj/moj-frontend.min.js"), join(out, "moj-frontend.min.js"));
cpSync(join(modules, "govuk-frontend/dist/govuk/assets/images"), join(out, "images"), { recursive: true });
cpSync(join(modules, "@ministryofjustice/frontend/moj/assets/images"), join(out, "images"), { recursive: true });
cpSync(join(modules, "govuk-frontend/dist/govuk/assets/manifest.json"), join(out, "manifest.json"));
console.log(`built ${out}`);
