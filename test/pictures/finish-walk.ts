/**
 * The end every walk shares once the preview is on screen: write, no after_write command, save
 * the profile under `profile`, "Not now" to the schedule (a picture must never install anything
 * into a crontab), up to the done screen.
 */
import type { Pane } from './tmux-pane.js';

export async function writeAndSaveAs(pane: Pane, profile: string): Promise<void> {
  await pane.key('y');
  await pane.waitFor(/Command to run now that the files are written/);
  await pane.key('Enter');
  await pane.waitFor(/Save these settings as a profile/);
  await pane.key('y');
  await pane.waitFor(/Name for this profile/);
  await pane.key('C-u');
  await pane.waitFor(/Name for this profile[\s\S]*❯ ▌/);
  await pane.type(profile);
  await pane.waitFor(new RegExp(`❯ ${profile}`));
  await pane.key('Enter');
  await pane.waitFor(/Keep these tokens fresh without you\?/);
  await pane.key('3');
  await pane.key('Enter');
  await pane.waitFor(/All done/);
}
