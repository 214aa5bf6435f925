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

// P₁ / Q₁ on |x| ≤ 0.674…, in powers of x², highest first (Cody's a₅, a₁…a₄ / 1, b₁…b₄).
const P1 = [0.065682337918207449113, 2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249];
const Q1 = [1, 47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];

// P₂ / Q₂ on 0.674… < |x| ≤ √32, in powers of |x|, highest first.
const P2 = [
  1.0765576773720192317e-8, 0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226,
  2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
];
const Q2 = [
  1, 22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];

// P₃ / Q₃ on |x| > √32, in powers of z = 1/x², highest first; the quotient is multiplied by z once more.
const P3 = [
  0.02307344176494017303, 0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466,
  2.9112874951168792e-5,
];
const Q3 = [1, 1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];

const QUARTILE = 0.67448975;
const SQRT_32 = 5.656854249492380195;
const UNDERFLOW = 37.5193;
const INV_SQRT_2PI = 0.398942280401432677939946059934;

/** Φ(x) = P(Z ≤ x) for a standard normal Z. Φ(±∞) = 1 / 0; NaN gives NaN. */
export function normalCdf(x: number): number {
  const y = Math.abs(x);
  if (y <= QUARTILE) return 0.5 + (x * horner(P1, x * x)) / horner(Q1, x * x);
  const tail = normalTail(y);
  return x < 0 ? tail : 1 - tail;
}

/** φ(x) = e^{−x²/2} / √(2π), with the same exact-square split of the exponent as `normalCdf`. */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * gaussianFactor(Math.abs(x));
}

/** Φ(−y) for y > 0.674…, the upper tail at y. */
function normalTail(y: number): number {
  if (y <= SQRT_32) return (gaussianFactor(y) * horner(P2, y)) / horner(Q2, y);
  if (y > UNDERFLOW) return 0; // (NaN fails every comparison and stays NaN below)
  const z = 1 / (y * y);
  const correction = (z * horner(P3, z)) / horner(Q3, z);
  return (gaussianFactor(y) * (INV_SQRT_2PI - correction)) / y;
}

/** e^{−y²/2} for y ≥ 0, split so the large part of the exponent is exact. */
function gaussianFactor(y: number): number {
  if (y >= 39) return 0; // e^{−39²/2} is below the smallest subnormal double (and ∞ − ∞ would be NaN)
  const s = Math.trunc(y * 16) / 16;
  const rest = (y - s) * (y + s);
  return Math.exp(-0.5 * s * s) * Math.exp(-0.5 * rest);
}

function horner(coefficients: readonly number[], x: number): number {
  let sum = coefficients[0];
  for (let i = 1; i < coefficients.length; i++) sum = sum * x + coefficients[i];
  return sum;
}
