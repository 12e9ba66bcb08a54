/** Dollars as the console shows them: cents at least, more places only where they say something ($0.00, $0.0005, $12.50). */
export function formatUsd(usd: number): string {
  return `$${usd.toFixed(6).replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}

/**
 * A call's cost: unknown while a priced call is in flight ('…'), 'unpriced' for a model with no
 * price (never shown as free).
 */
export function formatCallCost(costUsd: number | null | undefined, priced: boolean): string {
  if (costUsd != null) return formatUsd(costUsd);
  return priced ? '…' : 'unpriced';
}
