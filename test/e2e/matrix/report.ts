// The figures the suite prints: pass count, cache-rebuild ratios, Poetry and pip image sizes.
import type { ComboResult } from './combo.js';

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

export function report(results: ComboResult[], seconds: number): string {
  const lines: string[] = ['', 'Results:'];
  for (const r of results) {
    const figures = r.coldSeconds !== undefined ? ` cold ${r.coldSeconds.toFixed(1)}s` : '';
    const rebuild = r.rebuildSeconds !== undefined && r.coldSeconds ? `, rebuild ${r.rebuildSeconds.toFixed(1)}s (${(r.rebuildSeconds / r.coldSeconds).toFixed(2)}× cold)` : '';
    lines.push(`  ${r.verdict.passed ? 'PASS' : 'FAIL'} ${r.name} (${r.verdict.checks} checks;${figures}${rebuild})`);
    for (const failure of r.verdict.failures) lines.push(`       ✗ ${failure}`);
    if (!r.verdict.passed) for (const note of r.verdict.notes) lines.push(`       · ${note}`);
  }
  const ratios = results.filter((r) => r.rebuildSeconds !== undefined && r.coldSeconds).map((r) => (r.rebuildSeconds as number) / (r.coldSeconds as number));
  if (ratios.length) {
    lines.push('', `Cache: rebuilding after an app-only change takes ${median(ratios).toFixed(2)}× the cold build (median of ${ratios.length}; min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)}).`);
  }
  const sizes = results.filter((r) => r.imageBytes);
  const byDeps = (deps: string) => sizes.filter((r) => r.axes.deps === deps).map((r) => r.imageBytes as number);
  if (byDeps('pip').length && byDeps('poetry').length) {
    lines.push(`Image size (median): pip ${mb(median(byDeps('pip')))}, Poetry ${mb(median(byDeps('poetry')))}; same combination side by side:`);
    for (const r of sizes.filter((s) => s.axes.deps === 'pip')) {
      const twin = sizes.find((s) => s.axes.deps === 'poetry' && s.name === r.name.replace('-pip-', '-poetry-'));
      if (twin) lines.push(`  ${r.name.replace('-pip-', '-*-')}: pip ${mb(r.imageBytes as number)}, Poetry ${mb(twin.imageBytes as number)}`);
    }
  }
  const passed = results.filter((r) => r.verdict.passed).length;
  lines.push('', `Matrix: ${passed}/${results.length} combinations passed in ${(seconds / 60).toFixed(1)} min.`);
  lines.push(`${passed} passed, ${results.length - passed} failed`);
  return lines.join('\n');
}
