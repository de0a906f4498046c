// Summary of the scans run.sh made: one line per page (grade, score, tests passed), then every test whose
// result is below the best its test can reach, with the scanner's own description and recommendation
// (SCORE_TABLE in src/grader/charts.js). Usage: node report.mjs PATH=scan.json ... [--cli cli-home.json]
import fs from "node:fs";
const P = "./node_modules/@mdn/mdn-http-observatory/src/";
const { SCORE_TABLE } = await import(P + "grader/charts.js");
const { ALL_RESULTS } = await import(P + "constants.js");

const strip = (s) => (s ?? "").replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim();
const signed = (n) => (n >= 0 ? "+" : "") + n;
const args = process.argv.slice(2);
const cliAt = args.indexOf("--cli");
const cliFile = cliAt >= 0 ? args.splice(cliAt, 2)[1] : null;
const scans = args.map((a) => {
  const i = a.indexOf("=");
  const path = a.slice(0, i);
  let data;
  try {
    data = JSON.parse(fs.readFileSync(a.slice(i + 1), "utf8"));
  } catch (e) {
    data = { error: `no result (${e.message})` };
  }
  return { path, data };
});

const rows = [["page", "grade", "score", "tests passed", "graded URL"]];
for (const { path, data } of scans) {
  if (!data.scan) rows.push([path, "ERROR", "-", "-", data.error ?? "?"]);
  else {
    const s = data.scan;
    rows.push([path, s.grade, String(s.score), `${s.testsPassed}/${s.testsQuantity}`, s.finalUrl ?? ""]);
  }
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const [n, r] of rows.entries()) {
  console.log(r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd());
  if (n === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
}

if (cliFile) {
  // The stock CLI (home page only) must grade "/" exactly as scan-path.mjs does.
  const cli = JSON.parse(fs.readFileSync(cliFile, "utf8"));
  const home = scans.find((s) => s.path === "/")?.data?.scan;
  const same = home && cli.scan && cli.scan.grade === home.grade && cli.scan.score === home.score;
  console.log(`\nstock CLI (src/scan.js, "/"): ${cli.scan?.grade ?? "ERROR"} ${cli.scan?.score ?? cli.error ?? ""}` +
    (home ? (same ? " - same as scan-path.mjs" : " - DIFFERS from scan-path.mjs") : ""));
}

console.log("\nTests not at their best result:");
let none = true;
for (const { path, data } of scans) {
  if (!data.tests) continue;
  for (const R of ALL_RESULTS) {
    const t = data.tests[R.name];
    if (!t) continue;
    const best = Math.max(...R.possibleResults.map((e) => SCORE_TABLE.get(e)?.modifier ?? -999));
    if (t.scoreModifier >= best && t.pass) continue;
    none = false;
    const bestNames = R.possibleResults.filter((e) => (SCORE_TABLE.get(e)?.modifier ?? -999) === best);
    const e = SCORE_TABLE.get(t.result);
    console.log(`${path}  ${R.name}: ${t.result} (${signed(t.scoreModifier)}, pass=${t.pass}); ` +
      `best: ${bestNames.join(" / ")} (${signed(best)})`);
    console.log(`    ${strip(e?.description)}`);
    if (strip(e?.recommendation)) console.log(`    recommendation: ${strip(e?.recommendation)}`);
  }
}
if (none) console.log("(none)");
process.exit(scans.every((s) => s.data.scan) ? 0 : 1);
