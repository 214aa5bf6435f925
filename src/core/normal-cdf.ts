/**
 * Standard normal distribution function Φ(x) and density φ(x).
 *
 * Φ is W. J. Cody's rational Chebyshev approximation ("Rational Chebyshev approximations for the error
 * function", Math. Comp. 23 (1969) 631–637; the coefficients of his ANORM routine in SPECFUN, ACM TOMS
 * Algorithm 715, 1993), good to about 18 significant digits in exact arithmetic:
 *
 * - |x| ≤ 0.67448975 (the quartile):  Φ(x) = ½ + x · P₁(x²) / Q₁(x²);
 * - 0.67448975 < |x| ≤ √32:          Φ(−|x|) = e^{−x²/2} · P₂(|x|) / Q₂(|x|);
 * - √32 < |x| ≤ 37.5193:              Φ(−|x|) = e^{−x²/2} / |x| · (1/√(2π) − z · P₃(z) / Q₃(z)), z = 1/x²;
 * - |x| > 37.5193:                    Φ(−|x|) underflows to 0 (it is below 2.2e-308).
 *
 * The small tail Φ(−|x|) is computed directly, never as 1 − Φ(|x|), so it keeps its relative accuracy
 * (about 1e-16, tested against mpmath to 1e-15) down to the smallest normal double; Φ(|x|) = 1 − Φ(−|x|).
 * `e^{−x²/2}` is evaluated as `e^{−s²/2} · e^{−(x−s)(x+s)/2}` with `s` = x rounded down to a multiple of
 * 1/16 (so `s²` is exact), as Cody does: the rounding error of x² would otherwise be multiplied by x²/2
 * in the tails. O(1), no allocation.
 */

const QUARTILE = 0.67448975;
const SQRT_32 = 5.656854249492380195;
const UNDERFLOW = 37.5193;
const INV_SQRT_2PI = 0.398942280401432677939946059934;
const SQRT_2PI = 2.506628274631000502415765284811;

/** Φ(x) = P(Z ≤ x) for a standard normal Z. Φ(±∞) = 1 / 0; NaN gives NaN. */
export function normalCdf(x: number): number {
  const y = Math.abs(x);
  if (y <= QUARTILE) return central(x);
  if (y > UNDERFLOW) return x < 0 ? 0 : 1; // (NaN fails every comparison and falls through to NaN)
  const factor = gaussianFactor(y);
  const tail = y <= SQRT_32 ? factor * middle(y) : (factor * (INV_SQRT_2PI - asymptotic(y))) / y;
  return x < 0 ? tail : 1 - tail;
}

/** φ(x) = e^{−x²/2} / √(2π), with the same exact-square split of the exponent as `normalCdf`. */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * gaussianFactor(Math.abs(x));
}

/**
 * Φ(x) when the caller already holds φ(x) (`density`): the same approximation as `normalCdf` with the
 * exponential taken from the density, which saves the two `exp` calls of the tail. The Black–Scholes pricer
 * uses it with φ(d₁) and φ(d₂) = φ(d₁)·F/K. Agrees with `normalCdf` to a few ulps of the tail.
 */
export function normalCdfFromDensity(x: number, density: number): number {
  const y = Math.abs(x);
  if (y <= QUARTILE) return central(x);
  if (y > UNDERFLOW) return x < 0 ? 0 : 1;
  const tail = y <= SQRT_32 ? SQRT_2PI * density * middle(y) : (density * (1 - SQRT_2PI * asymptotic(y))) / y;
  return x < 0 ? tail : 1 - tail;
}

/** e^{−y²/2} for y ≥ 0, split so the large part of the exponent is exact. */
function gaussianFactor(y: number): number {
  if (y >= 39) return 0; // e^{−39²/2} is below the smallest subnormal double (and ∞ − ∞ would be NaN)
  const s = Math.trunc(y * 16) / 16;
  const rest = (y - s) * (y + s);
  return Math.exp(-0.5 * s * s) * Math.exp(-0.5 * rest);
}

// The three rational functions, Horner's rule written out (coefficients: Cody's ANORM, highest power first).

/** ½ + x · P₁(x²) / Q₁(x²), |x| ≤ 0.674…. */
function central(x: number): number {
  const z = x * x;
  const p = (((0.065682337918207449113 * z + 2.2352520354606839287) * z + 161.02823106855587881) * z + 1067.6894854603709582) * z + 18154.981253343561249;
  const q = ((((z + 47.20258190468824187) * z + 976.09855173777669322) * z + 10260.932208618978205) * z + 45507.789335026729956);
  return 0.5 + (x * p) / q;
}

/** P₂(y) / Q₂(y), so that Φ(−y) = e^{−y²/2} P₂/Q₂ on 0.674… < y ≤ √32. */
function middle(y: number): number {
  const p =
    (((((((1.0765576773720192317e-8 * y + 0.39894151208813466764) * y + 8.8831497943883759412) * y + 93.506656132177855979) * y +
      597.27027639480026226) * y + 2494.5375852903726711) * y + 6848.1904505362823326) * y + 11602.651437647350124) * y +
    9842.7148383839780218;
  const q =
    (((((((y + 22.266688044328115691) * y + 235.38790178262499861) * y + 1519.377599407554805) * y + 6485.558298266760755) * y +
      18615.571640885098091) * y + 34900.952721145977266) * y + 38912.003286093271411) * y + 19685.429676859990727;
  return p / q;
}

/** z · P₃(z) / Q₃(z) with z = 1/y², so that Φ(−y) = e^{−y²/2} (1/√(2π) − that) / y on y > √32. */
function asymptotic(y: number): number {
  const z = 1 / (y * y);
  const p = ((((0.02307344176494017303 * z + 0.21589853405795699) * z + 0.1274011611602473639) * z + 0.022235277870649807) * z + 0.001421619193227893466) * z + 2.9112874951168792e-5;
  const q = ((((z + 1.28426009614491121) * z + 0.468238212480865118) * z + 0.0659881378689285515) * z + 0.00378239633202758244) * z + 7.29751555083966205e-5;
  return (z * p) / q;
}
