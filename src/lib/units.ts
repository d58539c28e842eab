/**
 * Units as a scientist writes them, from the pint names oSPARC sends (`x_unit`):
 * `meter**2/second` → `m²/s`, `degree_Celsius` → `°C`, `watt/meter/kelvin` → `W/(m·K)`.
 * No units library reads pint's names, so this is the one mapping; every place that shows a
 * unit goes through `unitSymbol`. A name it does not know is kept as written.
 */

const SYMBOLS: Record<string, string> = {
  meter: 'm',
  metre: 'm',
  second: 's',
  minute: 'min',
  hour: 'h',
  day: 'd',
  gram: 'g',
  kelvin: 'K',
  degree_Celsius: '°C',
  degC: '°C',
  degree_Fahrenheit: '°F',
  degree: '°',
  radian: 'rad',
  steradian: 'sr',
  hertz: 'Hz',
  newton: 'N',
  pascal: 'Pa',
  bar: 'bar',
  joule: 'J',
  watt: 'W',
  coulomb: 'C',
  volt: 'V',
  ohm: 'Ω',
  siemens: 'S',
  farad: 'F',
  henry: 'H',
  tesla: 'T',
  weber: 'Wb',
  ampere: 'A',
  mole: 'mol',
  molar: 'M',
  candela: 'cd',
  liter: 'L',
  litre: 'L',
  electron_volt: 'eV',
  percent: '%',
  dimensionless: '',
};

const PREFIXES: Record<string, string> = {
  tera: 'T',
  giga: 'G',
  mega: 'M',
  kilo: 'k',
  hecto: 'h',
  deci: 'd',
  centi: 'c',
  milli: 'm',
  micro: 'µ',
  nano: 'n',
  pico: 'p',
  femto: 'f',
};

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '-': '⁻',
  '.': '·',
};

function nameSymbol(name: string): string {
  if (name in SYMBOLS) return SYMBOLS[name] as string;
  for (const [prefix, short] of Object.entries(PREFIXES)) {
    const rest = name.slice(prefix.length);
    if (name.startsWith(prefix) && rest in SYMBOLS && SYMBOLS[rest]) return short + SYMBOLS[rest];
  }
  return name;
}

/** One factor: `meter**2` → `m²`, `second^-1` → `s⁻¹`. */
function factorSymbol(factor: string): string {
  const [name = '', power] = factor.split('^');
  const symbol = nameSymbol(name);
  if (!power || power === '1') return symbol;
  return symbol + [...power].map((char) => SUPERSCRIPT[char] ?? char).join('');
}

export function unitSymbol(unit: string | null | undefined): string {
  if (!unit) return '';
  const text = unit.trim();
  // Parentheses or anything beyond products, quotients and powers: shown as written.
  if (!/^[\w\s*/^.-]+$/.test(text)) return text;
  // Powers as `^` with no spaces, so that `*` and spaces only ever join factors.
  const normal = text.replace(/\s*(\*\*|\^)\s*/g, '^');
  const [first = '', ...divisors] = normal.split('/').map((part) => part.trim());
  const factors = (part: string) =>
    part
      .split(/\s*\*\s*|\s+/)
      .filter((factor) => factor && factor !== '1')
      .map(factorSymbol);
  const top = factors(first).join('·') || (divisors.length ? '1' : '');
  const bottom = divisors.flatMap(factors);
  if (bottom.length === 0) return top;
  return `${top}/${bottom.length > 1 ? `(${bottom.join('·')})` : bottom[0]}`;
}
