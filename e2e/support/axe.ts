import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** One violation as a line a reader can act on: rule, impact, the first elements it was found on. */
export interface AxeFinding { rule: string; impact: string; help: string; targets: string[] }

/** Runs axe-core (WCAG 2.x A and AA rules and best practices) in the page (its context made with `bypassCSP`, the console allowing no injected script); returns its serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  // A drawer or a modal still fading in would be judged half transparent: wait until transitions end.
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
  await page.addScriptTag({ path: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; html: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ rule: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 3).map((n) => `${n.target.map(String).join(' ')} ${n.html.slice(0, 160)}`) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
