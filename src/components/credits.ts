const creditsFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** A number of credits as the dashboard shows it: "1,000", "12.5". */
export function formatCredits(credits: number): string {
  return creditsFormat.format(credits);
}

/** "1 credit", "40 credits". */
export function creditsLabel(credits: number): string {
  return `${formatCredits(credits)} ${credits === 1 ? 'credit' : 'credits'}`;
}
