// Which language to speak is a decision of the core (src/domain/locale.ts); the words layer re-exports it.
export * from '../domain/locale.js';
