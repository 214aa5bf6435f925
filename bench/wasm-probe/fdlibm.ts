// fdlibm 5.3 e_exp.c / e_log.c (Sun Microsystems 1993), as V8's base::ieee754::exp / log compute them.

const LN2HI: f64 = 6.93147180369123816490e-01;
const LN2LO: f64 = 1.90821492927058770002e-10;
const INVLN2: f64 = 1.44269504088896338700e+00;
const P1: f64 = 1.66666666666666019037e-01;
const P2: f64 = -2.77777777770155933842e-03;
const P3: f64 = 6.61375632143793436117e-05;
const P4: f64 = -1.65339022054652515390e-06;
const P5: f64 = 4.13813679705723846039e-08;
const O_THRESHOLD: f64 = 7.09782712893383973096e+02;
const U_THRESHOLD: f64 = -7.45133219101941108420e+02;
const TWOM1000: f64 = 9.33263618503218878990e-302;

@inline function highWord(x: f64): i32 { return <i32>(reinterpret<u64>(x) >> 32); }
@inline function withHighWord(x: f64, h: i32): f64 {
  return reinterpret<f64>((reinterpret<u64>(x) & 0xffffffff) | (<u64><u32>h << 32));
}

export function exp(x: f64): f64 {
  let hx = highWord(x);
  const xsb = (hx >>> 31) & 1;
  hx &= 0x7fffffff;
  let hi: f64 = 0, lo: f64 = 0;
  let k: i32 = 0;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) {
      const lx = <u32>reinterpret<u64>(x);
      if (((hx & 0xfffff) | lx) != 0) return x + x;
      return xsb == 0 ? x : 0.0;
    }
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      hi = xsb == 0 ? x - LN2HI : x + LN2HI;
      lo = xsb == 0 ? LN2LO : -LN2LO;
      k = 1 - xsb - xsb;
    } else {
      k = <i32>(INVLN2 * x + (xsb == 0 ? 0.5 : -0.5));
      const t = <f64>k;
      hi = x - t * LN2HI;
      lo = t * LN2LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x;
  } else {
    k = 0;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * 8.98846567431158e307;
    return reinterpret<f64>(reinterpret<u64>(y) + (<u64>(<i64>k) << 52));
  }
  return reinterpret<f64>(reinterpret<u64>(y) + (<u64>(<i64>(k + 1000)) << 52)) * TWOM1000;
}

const LG1: f64 = 6.666666666666735130e-01;
const LG2: f64 = 3.999999999940941908e-01;
const LG3: f64 = 2.857142874366239149e-01;
const LG4: f64 = 2.222219843214978396e-01;
const LG5: f64 = 1.818357216161805012e-01;
const LG6: f64 = 1.531383769920937332e-01;
const LG7: f64 = 1.479819860511658591e-01;
const TWO54: f64 = 1.80143985094819840000e+16;

export function log(x: f64): f64 {
  let hx = highWord(x);
  const lx = <u32>reinterpret<u64>(x);
  let k: i32 = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) == 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i ^ 0x3ff00000));
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0) {
      if (k == 0) return 0;
      const dk = <f64>k;
      return dk * LN2HI + dk * LN2LO;
    }
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R;
    const dk = <f64>k;
    return dk * LN2HI - ((R - dk * LN2LO) - f);
  }
  const s = f / (2.0 + f);
  const dk = <f64>k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return dk * LN2HI - ((hfsq - (s * (hfsq + R) + dk * LN2LO)) - f);
  }
  if (k == 0) return f - s * (f - R);
  return dk * LN2HI - ((s * (f - R) - dk * LN2LO) - f);
}

// Two lanes at once on the common path; a lane off it sends the pair through the scalar forms.

@inline function expPair(x: v128): v128 {
  const bits = x;
  const hx = v128.and(i64x2.shr_u(bits, 32), i64x2.splat(0x7fffffff));
  const inRange = v128.and(i64x2.ge_s(hx, i64x2.splat(0x3ff0a2b2)), i64x2.lt_s(hx, i64x2.splat(0x40860000)));
  if (!i64x2.all_true(inRange)) {
    return f64x2(exp(f64x2.extract_lane(x, 0)), exp(f64x2.extract_lane(x, 1)));
  }
  const sign = v128.and(bits, i64x2.splat(0x8000000000000000));
  const half = v128.or(f64x2.splat(0.5), sign);
  const kf = f64x2.add(f64x2.mul(f64x2.splat(INVLN2), x), half);
  const k32 = i32x4.trunc_sat_f64x2_s_zero(kf);
  const t = f64x2.convert_low_i32x4_s(k32);
  const hi = f64x2.sub(x, f64x2.mul(t, f64x2.splat(LN2HI)));
  const lo = f64x2.mul(t, f64x2.splat(LN2LO));
  const r = f64x2.sub(hi, lo);
  const tt = f64x2.mul(r, r);
  let p = f64x2.add(f64x2.splat(P4), f64x2.mul(tt, f64x2.splat(P5)));
  p = f64x2.add(f64x2.splat(P3), f64x2.mul(tt, p));
  p = f64x2.add(f64x2.splat(P2), f64x2.mul(tt, p));
  p = f64x2.add(f64x2.splat(P1), f64x2.mul(tt, p));
  const c = f64x2.sub(r, f64x2.mul(tt, p));
  const q = f64x2.div(f64x2.mul(r, c), f64x2.sub(f64x2.splat(2.0), c));
  const y = f64x2.sub(f64x2.splat(1.0), f64x2.sub(f64x2.sub(lo, q), hi));
  const k64 = i64x2.extend_low_i32x4_s(k32);
  return i64x2.add(y, i64x2.shl(k64, 52));
}

@inline function logPair(x: v128): v128 {
  const hx = i64x2.shr_s(x, 32);
  const m = v128.and(hx, i64x2.splat(0x000fffff));
  const normal = v128.and(i64x2.ge_s(hx, i64x2.splat(0x00100000)), i64x2.lt_s(hx, i64x2.splat(0x7ff00000)));
  const notTiny = i64x2.ge_s(v128.and(i64x2.add(m, i64x2.splat(2)), i64x2.splat(0x000fffff)), i64x2.splat(3));
  if (!i64x2.all_true(v128.and(normal, notTiny))) {
    return f64x2(log(f64x2.extract_lane(x, 0)), log(f64x2.extract_lane(x, 1)));
  }
  const i = v128.and(i64x2.add(m, i64x2.splat(0x95f64)), i64x2.splat(0x100000));
  const k = i64x2.add(i64x2.sub(i64x2.shr_s(hx, 20), i64x2.splat(1023)), i64x2.shr_s(i, 20));
  const xn = v128.or(v128.and(x, i64x2.splat(0xffffffff)), i64x2.shl(v128.or(m, v128.xor(i, i64x2.splat(0x3ff00000))), 32));
  const f = f64x2.sub(xn, f64x2.splat(1.0));
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2.0), f));
  const dk = f64x2.convert_low_i32x4_s(i32x4.shuffle(k, k, 0, 2, 0, 2));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const ij = v128.or(i64x2.sub(m, i64x2.splat(0x6147a)), i64x2.sub(i64x2.splat(0x6b851), m));
  const t1 = f64x2.mul(w, f64x2.add(f64x2.splat(LG2), f64x2.mul(w, f64x2.add(f64x2.splat(LG4), f64x2.mul(w, f64x2.splat(LG6))))));
  const t2 = f64x2.mul(z, f64x2.add(f64x2.splat(LG1), f64x2.mul(w, f64x2.add(f64x2.splat(LG3), f64x2.mul(w, f64x2.add(f64x2.splat(LG5), f64x2.mul(w, f64x2.splat(LG7))))))));
  const R = f64x2.add(t2, t1);
  const hfsq = f64x2.mul(f64x2.mul(f64x2.splat(0.5), f), f);
  const dkHi = f64x2.mul(dk, f64x2.splat(LN2HI));
  const dkLo = f64x2.mul(dk, f64x2.splat(LN2LO));
  const sHR = f64x2.mul(s, f64x2.add(hfsq, R));
  const sFR = f64x2.mul(s, f64x2.sub(f, R));
  const a = f64x2.sub(f, f64x2.sub(hfsq, sHR));
  const b = f64x2.sub(dkHi, f64x2.sub(f64x2.sub(hfsq, f64x2.add(sHR, dkLo)), f));
  const c = f64x2.sub(f, sFR);
  const d = f64x2.sub(dkHi, f64x2.sub(f64x2.sub(sFR, dkLo), f));
  const kZero = i64x2.eq(k, i64x2.splat(0));
  const positive = i64x2.gt_s(ij, i64x2.splat(0));
  return v128.bitselect(v128.bitselect(a, b, kZero), v128.bitselect(c, d, kZero), positive);
}

export function expInto(from: usize, to: usize, count: i32): void {
  let i = 0;
  for (; i + 1 < count; i += 2) v128.store(to + (<usize>i << 3), expPair(v128.load(from + (<usize>i << 3))));
  if (i < count) store<f64>(to + (<usize>i << 3), exp(load<f64>(from + (<usize>i << 3))));
}

export function logRatioInto(a: usize, b: usize, to: usize, count: i32): void {
  let i = 0;
  for (; i + 1 < count; i += 2) {
    const off = <usize>i << 3;
    v128.store(to + off, logPair(f64x2.div(v128.load(a + off), v128.load(b + off))));
  }
  if (i < count) { const off = <usize>i << 3; store<f64>(to + off, log(load<f64>(a + off) / load<f64>(b + off))); }
}

export function expScalarInto(from: usize, to: usize, count: i32): void {
  for (let i = 0; i < count; i++) store<f64>(to + (<usize>i << 3), exp(load<f64>(from + (<usize>i << 3))));
}
export function logRatioScalarInto(a: usize, b: usize, to: usize, count: i32): void {
  for (let i = 0; i < count; i++) { const off = <usize>i << 3; store<f64>(to + off, log(load<f64>(a + off) / load<f64>(b + off))); }
}
