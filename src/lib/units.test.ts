import { describe, expect, it } from 'vitest';
import { unitSymbol } from './units.ts';

describe('units as a scientist writes them, from pint names', () => {
  it('writes the built-in solvers’ units as symbols', () => {
    expect(unitSymbol('meter**2/second')).toBe('m²/s');
    expect(unitSymbol('degree_Celsius')).toBe('°C');
    expect(unitSymbol('second')).toBe('s');
    expect(unitSymbol('meter')).toBe('m');
  });
  it('reads prefixes, products, negative powers and several divisors', () => {
    expect(unitSymbol('millimeter')).toBe('mm');
    expect(unitSymbol('kilogram * meter / second ** 2')).toBe('kg·m/s²');
    expect(unitSymbol('watt/meter/kelvin')).toBe('W/(m·K)');
    expect(unitSymbol('second**-1')).toBe('s⁻¹');
    expect(unitSymbol('microsecond')).toBe('µs');
    expect(unitSymbol('1/second')).toBe('1/s');
  });
  it('keeps what it does not know as written, and nothing for no unit', () => {
    expect(unitSymbol('furlong/fortnight')).toBe('furlong/fortnight');
    expect(unitSymbol('(meter)')).toBe('(meter)');
    expect(unitSymbol(undefined)).toBe('');
    expect(unitSymbol('dimensionless')).toBe('');
  });
});
