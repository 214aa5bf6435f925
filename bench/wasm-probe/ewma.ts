import { log } from './fdlibm';
export { log };
// One lane-step for `count` lanes: r = log(now/before); cov upper triangle EWMA; vols; correlation both halves.
export function ewmaLanes(now: usize, before: usize, r: usize, cov: usize, rho: usize, sd: usize, n: i32, lanes: usize, count: i32, lambda: f64): void {
  const w = 1 - lambda;
  const lam2 = f64x2.splat(lambda);
  const nn = <usize>(n * n) << 3;
  for (let k = 0; k < count; k++) {
    const lane = <usize>load<i32>(lanes + (<usize>k << 2));
    const po = lane * (<usize>n << 3);
    const co = lane * nn;
    let a = 0;
    for (; a + 1 < n; a += 2) {
      const off = <usize>a << 3;
      v128.store(r + po + off, f64x2.div(v128.load(now + po + off), v128.load(before + po + off)));
    }
    for (let i = 0; i < n; i++) { const p = r + po + (<usize>i << 3); store<f64>(p, log(load<f64>(p))); }
    for (let i = 0; i < n; i++) {
      const ri = w * load<f64>(r + po + (<usize>i << 3));
      const ri2 = f64x2.splat(ri);
      const row = co + (<usize>(i * n) << 3);
      let j = i;
      for (; j + 1 < n; j += 2) {
        const at = cov + row + (<usize>j << 3);
        v128.store(at, f64x2.add(f64x2.mul(lam2, v128.load(at)), f64x2.mul(ri2, v128.load(r + po + (<usize>j << 3)))));
      }
      if (j < n) { const at = cov + row + (<usize>j << 3); store<f64>(at, lambda * load<f64>(at) + ri * load<f64>(r + po + (<usize>j << 3))); }
    }
    for (let i = 0; i < n; i++) store<f64>(sd + po + (<usize>i << 3), Math.sqrt(load<f64>(cov + co + (<usize>(i * n + i) << 3))));
    const one = f64x2.splat(1), mone = f64x2.splat(-1), zero = f64x2.splat(0);
    for (let i = 0; i < n; i++) {
      const row = <usize>(i * n) << 3;
      store<f64>(rho + co + row + (<usize>i << 3), 1);
      const vi = load<f64>(sd + po + (<usize>i << 3));
      const vi2 = f64x2.splat(vi);
      let j = i + 1;
      for (; j + 1 < n; j += 2) {
        const scale = f64x2.mul(vi2, v128.load(sd + po + (<usize>j << 3)));
        const q = f64x2.div(v128.load(cov + co + row + (<usize>j << 3)), scale);
        let v = v128.bitselect(q, zero, f64x2.gt(scale, zero));
        v = v128.bitselect(one, v, f64x2.gt(v, one));
        v = v128.bitselect(mone, v, f64x2.lt(v, mone));
        v128.store(rho + co + row + (<usize>j << 3), v);
        store<f64>(rho + co + (<usize>(j * n + i) << 3), f64x2.extract_lane(v, 0));
        store<f64>(rho + co + (<usize>((j + 1) * n + i) << 3), f64x2.extract_lane(v, 1));
      }
      if (j < n) {
        const sc = vi * load<f64>(sd + po + (<usize>j << 3));
        let v = sc > 0 ? load<f64>(cov + co + row + (<usize>j << 3)) / sc : 0;
        v = v > 1 ? 1 : v < -1 ? -1 : v;
        store<f64>(rho + co + row + (<usize>j << 3), v);
        store<f64>(rho + co + (<usize>(j * n + i) << 3), v);
      }
    }
  }
}
