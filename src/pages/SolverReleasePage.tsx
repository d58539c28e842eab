export function SolverReleasePage() {
  return (
    <section>
      <h1>Solver release</h1>
    </section>
  );
}
