/** What Slack's answers mean for people (src/adapters/slack.ts). Facts: the user `group`, Slack's `slackError`. */
export const errorsSlack = {
  groupUnreadable: {
    message:
      'Kanaria could not read the members of user group {{group}} ({{slackError}}), so it cannot check the policy.',
    hint: 'Ask a Slack admin to grant Kanaria the usergroups:read scope, then try again.',
  },
  groupUnanswered: {
    message: 'Kanaria could not read the members of user group {{group}} (no answer), so it cannot check the policy.',
    hint: 'Ask a Slack admin to grant Kanaria the usergroups:read scope, then try again.',
  },
};
