/** The terminal adapter's own words (src/terminal): how it shows buttons, private replies and files, and the REPL. */
export const terminal = {
  /** After the numbered buttons of a message. */
  pressHint: '(type the number to press)',
  /** Before a reply only the person who asked sees in Slack. */
  onlyYou: '(only you)',
  /** A file the terminal cannot show: its title, size and type. */
  upload: '{{title}} ({{bytes}} bytes, {{kind}})',
  uploadKind: 'file',
  lineCut:
    ":x: That line is {{length}} characters long, the most a terminal passes on while Kanaria's output is redirected, so it was probably cut and was not run. Run Kanaria with its output on the terminal, or pipe the commands in from a file.",
  noButton: 'There is no button [{{number}}].',
  /** `action`: the button's label in lower case. The answer stays "yes" in every language. */
  confirm: '{{question}} Type "yes" to {{action}}:',
  cancelled: 'Cancelled.',
  typeCommand: 'Type a slash command such as `/kanaria help`, a button number, or `exit`.',
  error: 'error: {{error}}',
};
