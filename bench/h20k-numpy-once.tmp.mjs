import { benchScenario } from './montecarlo.bench.js';
import { runNumpy } from './numpy-reference.js';
const runs = Number(process.argv[2]);
const r = runNumpy(benchScenario(10, runs), 'scenarios/bench-montecarlo.json');
console.log(runs, 'numpy wall', r.wallSeconds.toFixed(2), 'cpu', r.cpuSeconds.toFixed(2), 'proc', r.processCpuSeconds.toFixed(2));
