/**
 * Runs once before the whole suite. Each part that needs preparing (the built binary, the
 * real heroku CLI) adds itself here.
 */
export default async function globalSetup(): Promise<void> {}
