/** The PWA's root. The register screen replaces this shell in "The teacher's register" issue. */
export function App() {
  return (
    <main>
      <h1>Tickmark</h1>
      <p>Attendance registers that work with or without wifi.</p>
    </main>
  );
}
