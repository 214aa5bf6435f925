import { describe, expect, it } from 'vitest';
import { stripAnsi, terminalStyle } from '../../src/report/terminal-style.js';

describe('terminalStyle', () => {
  it('colours a terminal, and nothing when the stream is not one or NO_COLOR is set to a non-empty value', () => {
    expect(terminalStyle({ isTTY: true }, {}).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(terminalStyle({ isTTY: true }, { NO_COLOR: '' }).enabled).toBe(true); // empty: ignored (no-color.org)
    expect(terminalStyle({ isTTY: true }, { NO_COLOR: '1' }).red('x')).toBe('x');
    expect(terminalStyle({ isTTY: false }, {}).bold('x')).toBe('x');
    expect(terminalStyle({}, {}).enabled).toBe(false);
    expect(stripAnsi(terminalStyle({ isTTY: true }, {}).bold('report'))).toBe('report');
  });
});
