// CI hosts act on commands inside log lines, and mask secrets in them: the Azure Pipelines agent on `##vso[` anywhere in a line, the GitHub
// runner on `##[` anywhere and on `::` at the start of a line. Any text the step prints that holds a value the
// user (or a server) controls goes through here first, so the value is shown but never obeyed.

const ZERO_WIDTH_SPACE = '\u200b';

/** The same text with every host command marker broken by an invisible character. */
export function neutraliseCommands(text: string): string {
  return (
    text
      .replace(/##(?=(?:vso)?\[)/gi, `#${ZERO_WIDTH_SPACE}#`)
      // The runner trims Unicode white space (U+0085 included, which \s leaves out) before it looks for `::`.
      .replace(/^(\p{White_Space}*):(?=:)/gmu, `$1:${ZERO_WIDTH_SPACE}`)
  );
}

/** PEM armour lines are public knowledge; masking them only garbles logs. */
const PEM_ARMOUR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;

/**
 * The lines to register with a host that masks line by line (the Azure Pipelines agent, which also refuses a
 * multi-line secret): every non-empty line of the value, trimmed, but PEM armour.
 */
export function secretLines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !PEM_ARMOUR.test(line));
}
