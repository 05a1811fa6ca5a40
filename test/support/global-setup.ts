/**
 * Runs once before the whole suite. Each part that needs preparing (the built binary, the
 * real heroku CLI) adds itself here.
 */
import { ensureHerokuCli } from './ensure-heroku-cli.js';

export default async function globalSetup(): Promise<void> {
  await ensureHerokuCli();
}
