// The Observatory's own scan() (src/scanner/index.js, v1.4.8), copied statement for statement except that
// retrieve() gets {path}: the CLI's scan(hostname) always fetches "/", though retrieve() supports a path.
// (The result also carries finalUrl, the end of the redirect chain, so the report shows what was graded.)
// Grading (tests, modifiers, extra-credit rule, grade chart) is the package's own code, unchanged.
// Usage (run.sh does this): NODE_EXTRA_CA_CERTS=tls/ca.pem node scan-path.mjs HOST [PATH]
const P = "./node_modules/@mdn/mdn-http-observatory/src/";
const { MINIMUM_SCORE_FOR_EXTRA_CREDIT } = await import(P + "grader/charts.js");
const { getGradeForScore, getScoreDescription, getScoreModifier } = await import(P + "grader/grader.js");
const { retrieve } = await import(P + "retriever/retriever.js");
const { ALGORITHM_VERSION, NUM_TESTS, ALL_TESTS } = await import(P + "constants.js");

async function scan(hostname, options) {
  let r = await retrieve(hostname, options);
  if (!r.responses.auto) throw new Error("The site seems to be down.");
  const { status } = r.responses.auto;
  if (status < 200 || (status >= 400 && ![401, 403].includes(status)))
    throw new Error(`Site did respond with an unexpected HTTP status code ${status}.`);
  const results = ALL_TESTS.map((test) => test(r));
  const responseHeaders = Object.fromEntries(Object.entries(r.responses.auto.headers));
  let testsPassed = 0, scoreWithExtraCredit = 100, uncurvedScore = 100;
  results.forEach((result) => {
    if (result.result) {
      result.scoreDescription = getScoreDescription(result.result);
      result.scoreModifier = getScoreModifier(result.result);
      testsPassed += result.pass ? 1 : 0;
      scoreWithExtraCredit += result.scoreModifier;
      if (result.scoreModifier < 0) uncurvedScore += result.scoreModifier;
    }
  });
  const score = uncurvedScore >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? scoreWithExtraCredit : uncurvedScore;
  const final = getGradeForScore(score);
  const tests = Object.fromEntries(results.map((x) => [x.constructor.name, x]));
  return {
    scan: { algorithmVersion: ALGORITHM_VERSION, grade: final.grade, error: null, score: final.score,
      statusCode: r.responses.auto.status, finalUrl: r.session?.redirectHistory?.at(-1)?.url?.href ?? null,
      testsFailed: NUM_TESTS - testsPassed, testsPassed, testsQuantity: NUM_TESTS, responseHeaders },
    tests,
  };
}

const [hostname, path = "/"] = process.argv.slice(2);
try {
  console.log(JSON.stringify(await scan(hostname, { path }), null, 2));
} catch (e) {
  console.log(JSON.stringify({ error: e.message }));
  process.exit(1);
}
