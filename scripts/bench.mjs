// Benchmarks arrive with the performance work; until then this says so instead of pretending.
process.stdout.write('No benchmarks yet: scenarios and ceilings are added with the performance work.\n');
