/**
 * Decimal number text → `number`, by hand over a slice of a string.
 *
 * Grammar: `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`. Anything else is `NaN`, except
 * `inf` / `infinity` (any case, optional sign), which give ±Infinity so callers can say "not finite"
 * rather than "not a number".
 *
 * Fast path (Clinger 1990): with at most 15 significant digits and no exponent, the digits form an
 * integer `m < 2^53` and the value is `m / 10^k` with `10^k` exact (k ≤ 22); one IEEE division is
 * correctly rounded, so the result is bit-identical to `Number(text)`. Longer or exponent forms fall
 * back to `Number` on the validated slice.
 */

const POWERS_OF_TEN: Float64Array = (() => {
  const powers = new Float64Array(23);
  powers[0] = 1;
  for (let k = 1; k < powers.length; k++) powers[k] = powers[k - 1] * 10; // exact up to 1e22
  return powers;
})();

export function parseNumberText(text: string, start: number, end: number): number {
  let i = start;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i++;
  }
  let mantissa = 0;
  let significant = 0;
  let fractionDigits = 0;
  let anyDigit = false;
  let fast = true;
  while (i < end) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    anyDigit = true;
    if (mantissa !== 0 || d !== 0) {
      if (++significant > 15) fast = false;
      else mantissa = mantissa * 10 + d;
    }
    i++;
  }
  if (i < end && text.charCodeAt(i) === 46) {
    i++;
    while (i < end) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      anyDigit = true;
      fractionDigits++;
      if (mantissa !== 0 || d !== 0) {
        if (++significant > 15) fast = false;
        else mantissa = mantissa * 10 + d;
      }
      i++;
    }
  }
  if (!anyDigit) return infinityOrNaN(text, start, end);
  if (i < end) {
    const e = text.charCodeAt(i);
    if (e !== 101 && e !== 69) return NaN;
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 45 || sign === 43) i++;
    const exponentStart = i;
    while (i < end) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      i++;
    }
    if (i === exponentStart || i !== end) return NaN;
    fast = false;
  }
  if (!fast || fractionDigits > 22) return Number(text.slice(start, end));
  const magnitude = fractionDigits === 0 ? mantissa : mantissa / POWERS_OF_TEN[fractionDigits];
  return negative ? -magnitude : magnitude;
}

function infinityOrNaN(text: string, start: number, end: number): number {
  const word = text.slice(start, end).toLowerCase();
  if (word === 'inf' || word === '+inf' || word === 'infinity' || word === '+infinity') return Infinity;
  if (word === '-inf' || word === '-infinity') return -Infinity;
  return NaN;
}
