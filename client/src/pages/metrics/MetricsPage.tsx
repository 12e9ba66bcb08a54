/** Placeholder until the page is built. */
export default function MetricsPage() {
  return <p class="state state-empty">Coming soon.</p>;
}
