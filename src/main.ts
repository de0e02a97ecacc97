import { failureText, run, terminalWords } from './boot/run.js';

// Kanaria's one entry point (npm start, the container image): everything is wired in src/boot.
run(process.env).catch((error: unknown) => {
  process.stderr.write(`${failureText(error, terminalWords(process.env))}\n`);
  process.exit(1);
});
