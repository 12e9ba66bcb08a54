/** Placeholder until the page is built. */
export default function AuditPage() {
  return <p class="state state-empty">Coming soon.</p>;
}
