export function JobPage() {
  return (
    <section>
      <h1>Job</h1>
    </section>
  );
}
