import { drain } from '/work/wt/throughput/bench/drain.ts';
const c = Number(process.argv[2] ?? 1);
const n = Number(process.argv[3] ?? 20000);
await drain(2000, c);
const r = await drain(n, c);
console.log(`c=${c} n=${n} ${Math.round(r.jobsPerSec)} jobs/s`);
process.exit(0);
