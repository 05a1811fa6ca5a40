/**
 * The inquirer prompts `--plain` asks with, by name: the bundle's @inquirer/prompts holds only
 * these (build/only-used-inquirer-prompts.mjs), so a new one must be added there too — the
 * build says so if it is not.
 */
export { checkbox, confirm, input, password, select } from '@inquirer/prompts';
