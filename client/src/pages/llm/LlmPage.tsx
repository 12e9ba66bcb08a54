/** Placeholder until the page is built. */
export default function LlmPage() {
  return <p class="state state-empty">Coming soon.</p>;
}
