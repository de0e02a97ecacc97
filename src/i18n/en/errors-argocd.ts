/** What Argo CD's state means for people (src/adapters/argocd.ts). Facts: the Application's `namespace`, `name`. */
export const errorsArgocd = {
  operationInProgress: {
    message: 'Argo CD Application `{{namespace}}/{{name}}`: another operation is already in progress.',
    hint: 'Wait for it to finish (/status), then sync again.',
  },
};
