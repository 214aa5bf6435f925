/**
 * The one rule every price reader applies: a price is a finite double of at least `MIN_PRICE`, the smallest
 * positive normal double (2^−1022). Subnormal numbers such as 5e-324 are positive and finite but carry a few
 * bits of precision, and a ratio with an ordinary price underflows to 0, so its log return is −∞.
 */
export const MIN_PRICE = 2.2250738585072014e-308;

/** What is wrong with a price, as the "expected …" part of a message, or null when it is a valid price. */
export function priceProblem(price: number): string | null {
  if (!(price > 0) || price === Infinity) return 'expected a positive finite price';
  if (price < MIN_PRICE) return `expected a positive finite price of at least ${MIN_PRICE} (a smaller one is a subnormal double: its returns overflow)`;
  return null;
}
