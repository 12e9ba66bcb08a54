/** Placeholder until the page is built. */
export default function SchedulesPage() {
  return <p class="state state-empty">Coming soon.</p>;
}
