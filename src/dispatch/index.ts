/** The command framework: what a command is, and the one path behind HTTP, Socket Mode and the terminal. */
export { parseWords, requirePermission, type CommandDef, type CommandRequest } from './command.js';
export { alreadyReceived, enqueueChangeOrDryRun } from './changes.js';
export { createDispatcher, errorReply, type ActionDef, type ActionRequest, type Dispatcher } from './dispatcher.js';
export { requireApp } from '../domain/apps.js';
