/** The queue of notices for an app's channel, from the Application watch. */
export const NOTIFY_QUEUE = 'notify';

export interface NotifyJob {
  readonly app: string;
  readonly notice: 'drift' | 'degraded' | 'healthy';
  readonly application: string;
  readonly revision?: string;
  readonly message?: string;
  readonly resources?: readonly { kind: string; name: string; message: string }[];
  /** Nobody asked: a notice is for the channel. */
  readonly requester?: undefined;
}

/** Every replica watches: the same notice of the same object version gets the same id, so it is posted once. */
export const notifyJobId = (app: string, notice: NotifyJob['notice'], version: string): string =>
  `notify-${app}-${notice}-${version}`;
