/**
 * Shapley values of `k` players from the worth of every coalition (Shapley 1953): player i gets the
 * average, over the k! orders in which the players can join, of what its joining adds,
 *
 *   φ_i = Σ_{S ⊆ N∖{i}} |S|! (k − |S| − 1)! / k! · (v(S ∪ {i}) − v(S)),
 *
 * so Σ φ_i = v(N) − v(∅) (efficiency) and a player whose joining never changes the worth gets 0.
 * `worth[mask]` is v of the coalition whose members are the set bits of `mask` (bit i = player i), for
 * every mask in [0, 2^k). With two players: φ₁ = ½[(v(1) − v(∅)) + (v(12) − v(2))]. O(k · 2^k), no allocation.
 */
export function shapleyValues(k: number, worth: ArrayLike<number>, out: Float64Array): Float64Array {
  const full = 1 << k;
  for (let i = 0; i < k; i++) {
    const bit = 1 << i;
    let value = 0;
    for (let mask = 0; mask < full; mask++) {
      if (mask & bit) continue;
      const size = popcount(mask);
      value += (factorial(size) * factorial(k - size - 1) / factorial(k)) * (worth[mask | bit] - worth[mask]);
    }
    out[i] = value;
  }
  return out;
}

function popcount(x: number): number {
  let n = 0;
  for (let y = x; y !== 0; y &= y - 1) n++;
  return n;
}

const FACTORIALS = [1, 1, 2, 6, 24, 120, 720, 5040, 40320];
function factorial(n: number): number {
  return FACTORIALS[n];
}
