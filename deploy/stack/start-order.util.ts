/**
 * Groups components into start waves: each wave holds the components whose
 * dependencies are all in earlier waves, so a wave can start in parallel.
 */
export function startWaves<T extends { name: string; dependsOn: readonly string[] }>(
  components: readonly T[],
): T[][] {
  const names = new Set(components.map((component) => component.name));
  for (const component of components) {
    const unknown = component.dependsOn.filter((dependency) => !names.has(dependency));
    if (unknown.length > 0)
      throw new Error(`${component.name} depends on unknown component(s): ${unknown.join(', ')}`);
  }
  const waves: T[][] = [];
  const placed = new Set<string>();
  let remaining = [...components];
  while (remaining.length > 0) {
    const wave = remaining.filter((component) =>
      component.dependsOn.every((dependency) => placed.has(dependency)),
    );
    if (wave.length === 0) {
      throw new Error(
        `Stack components depend on each other in a cycle: ${remaining.map((c) => c.name).join(', ')}`,
      );
    }
    waves.push(wave);
    wave.forEach((component) => placed.add(component.name));
    remaining = remaining.filter((component) => !placed.has(component.name));
  }
  return waves;
}
