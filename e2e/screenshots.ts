// `npm run screenshots`: the pictures of docs/screenshots/ (README), taken at 1280×800 from a Préau
// started in-process with a generated collège, its structure and one LSU import.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';
import { makePerson } from './support/console-steps.ts';
import { buildLsuScenario } from './support/lsu-school.ts';
import { startTestPreau } from './support/preau.ts';
import { prepareSchool } from './support/school-setup.ts';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/screenshots');
const UAI = '0383456A';

ensureConsoleBuilt();
await mkdir(OUT, { recursive: true });
const [server, browser, scenario] = await Promise.all([startTestPreau(), launchChromium(), buildLsuScenario({ uai: UAI })]);
try {
  const page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 800 } })).newPage();
  const school = await prepareSchool(page, server.url, scenario, {
    person: makePerson('Claire Dubois'), organization: 'Collège Jean Jaurès', baseName: 'Collège Jean Jaurès', uai: UAI,
  });
  const shots: [string, string][] = [
    ['home.png', `/organizations/${school.orgId}/home`],
    ['import-history.png', `/bases/${school.base.id}/imports`],
    ['import-synthesis.png', `/bases/${school.base.id}/imports/${school.importId}`],
    ['pupil.png', `/bases/${school.base.id}/pupils/${school.pupilId}`],
  ];
  for (const [file, url] of shots) {
    await page.goto(`${server.url}${url}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: path.join(OUT, file) });
    process.stdout.write(`docs/screenshots/${file}\n`);
  }
} finally {
  await browser.close();
  await server.stop();
}
