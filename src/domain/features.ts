/** What a feature needs beyond Git and Slack. */
export type Need = 'cluster' | 'prometheus';

/** The slash commands and what each needs to work: the rest of Kanaria needs only the GitOps repo. */
const NEEDS: Readonly<Record<string, readonly Need[]>> = {
  '/deploy': [],
  '/scale': [],
  '/rollback': [],
  '/promote': [],
  // Git alone draws the card; Argo CD and the canary say "not checked" without a cluster.
  '/pipeline': [],
  '/approve': [],
  '/reject': [],
  '/lock': [],
  '/unlock': [],
  '/history': [],
  '/sync': ['cluster'],
  '/status': ['cluster'],
  '/canary': ['cluster'],
  '/analyze': ['cluster', 'prometheus'],
  '/gpu': ['cluster'],
  // The offers of idle GPUs read DCGM; showback reads Prometheus alone (Kanaria's own gauges or kube-state-metrics).
  '/gpu idle': ['cluster', 'prometheus'],
  '/gpu usage': ['prometheus'],
  '/gpu why': ['cluster'],
  '/slo': ['prometheus'],
};

export interface Features {
  /** Commands that work here. */
  readonly on: readonly string[];
  /** Per missing piece, the commands it turns off (a command missing two pieces is listed under both). */
  readonly off: readonly { readonly need: Need; readonly commands: readonly string[] }[];
}

/** Which commands work with the access this process has (Kubernetes credentials, a Prometheus URL). */
export function featuresOf(access: Readonly<Record<Need, boolean>>): Features {
  const commands = Object.keys(NEEDS);
  const missing = (command: string) => (NEEDS[command] ?? []).filter((need) => !access[need]);
  const off = (['cluster', 'prometheus'] as const)
    .map((need) => ({ need, commands: commands.filter((command) => missing(command).includes(need)) }))
    .filter((group) => group.commands.length > 0);
  return { on: commands.filter((command) => missing(command).length === 0), off };
}
