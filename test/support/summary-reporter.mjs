// Prints the run's totals as one plain line that any CI can read.
export default class SummaryReporter {
  onRunComplete(_, results) {
    process.stdout.write(`${results.numPassedTests} passed, ${results.numFailedTests} failed\n`);
  }
}
