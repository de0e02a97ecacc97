/** The command framework: what a command is, and the one path behind HTTP, Socket Mode and the terminal. */
export {
  Forbidden,
  parseWords,
  requirePermission,
  type CommandContext,
  type CommandDef,
  type CommandName,
  type CommandRequest,
  type Subcommand,
} from './command.js';
export { alreadyReceived, enqueueChangeOrDryRun } from './changes.js';
export { createDispatcher, errorReply, type ActionDef, type ActionRequest, type Dispatcher } from './dispatcher.js';
export { requireApp, UnknownApp } from '../domain/apps.js';
