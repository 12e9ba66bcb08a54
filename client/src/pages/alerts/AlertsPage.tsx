/** Placeholder until the page is built. */
export default function AlertsPage() {
  return <p class="state state-empty">Coming soon.</p>;
}
