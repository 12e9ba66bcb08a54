/** Placeholder until the page is built. */
export default function JobsPage() {
  return <p class="state state-empty">Coming soon.</p>;
}
