/**
 * Quorum approvals (policies.<env>.approvals; jobs/approvals.ts, commands/quorum.ts, src/blocks/approvals.ts): the
 * request in the change's thread, its buttons and modal, and the answers to Approve and Reject.
 */
export const approvals = {
  /** The request message, updated in place. */
  card: {
    request_one:
      ':raised_hand: <@{{requester}}> asks to {{description}} in {{environment}}: {{count}} approval needed from `{{rule}}.from`, never the requester.',
    request_other:
      ':raised_hand: <@{{requester}}> asks to {{description}} in {{environment}}: {{count}} approvals needed from `{{rule}}.from`, never the requester.',
    noneYet: '0 of {{min}} so far',
    progress: '{{count}} of {{min}}: {{who}}',
    open: '{{progress}} · expires {{expiresAt, datetime(dateStyle: medium; timeStyle: short)}} UTC',
    approved: ':white_check_mark: Approved ({{progress}}): the change goes ahead.',
    rejected: ':no_entry_sign: Rejected by <@{{by}}>: {{reason}}',
    expired: ':hourglass: Expired with {{progress}}: nothing was committed.',
    approve: 'Approve',
    reject: 'Reject',
  },
  /** The modal Reject opens. */
  modal: {
    title: 'Reject the change',
    submit: 'Reject',
    close: 'Close',
    label: 'Why? (shown in the thread)',
    placeholder: 'e.g. staging still shows the 5xx spike',
  },
  /** The change's announcement while it waits, and how it ended. */
  status: {
    awaiting_one: 'waiting for {{count}} approval (see the thread)',
    awaiting_other: 'waiting for {{count}} approvals (see the thread)',
    rejected: 'rejected by <@{{by}}>: {{reason}}',
    expired: 'expired: not enough approvals in time, nothing was committed',
  },
  /** Replies in the change's thread when a request ends without a commit. */
  thread: {
    rejected:
      ':no_entry_sign: <@{{by}}> rejected {{description}}: {{reason}}\nNothing was committed; ask again once it is addressed.',
    expired:
      ':hourglass: The approval request for {{description}} expired with {{count}} of {{min}} approvals. Nothing was committed; ask again if it is still wanted.',
  },
  /** The private answers to a press. */
  approve: {
    counted: 'Approved ({{count}} of {{min}}): {{description}} waits for {{left}} more.',
    complete:
      'Approved ({{count}} of {{min}}): {{description}} goes ahead, with every approver in its `Approved-by:` trailers.',
    duplicate: 'Your approval is already counted ({{count}} of {{min}}).',
  },
  reject: {
    done: 'Rejected: {{description}} will not be committed.',
  },
  /** Why a press is refused. */
  refused: {
    self: {
      message: 'You asked for this change: someone else must approve or reject it.',
      hint: 'Ask people in `{{rule}}.from`.',
    },
    forbidden: {
      message: 'Only people in `{{rule}}.from` may approve or reject changes in {{environment}}.',
    },
    expired: {
      message: 'This approval request has expired: nothing was committed.',
      hint: 'The requester can ask again.',
    },
    rejected: {
      message: 'This request was already rejected by <@{{by}}>: nothing will be committed.',
    },
    approved: {
      message: 'Already approved ({{who}}) and handed over to be committed: see the announcement.',
    },
    unknown: {
      message: 'There is no approval request `{{id}}` (it may have ended long ago).',
    },
    noReason: {
      message: 'A rejection needs a reason.',
      hint: 'Say why, e.g. `/reject {{id}} "staging still shows the 5xx spike"`.',
    },
  },
};
