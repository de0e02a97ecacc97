import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kanaria } from '../../src/boot/start.js';
import { deployment, startHarness, startReplica, type Harness } from '../helpers/harness.js';
import { announcement as announced } from '../helpers/announcements.js';
import { wallClock } from '../helpers/wall-clock.js';

/**
 * The freeze: from the start of this minute (Tokyo time) until OPEN_IN_MS after the harness starts to start, so
 * the steps before it opens have the same time however loaded the machine is.
 */
const OPEN_IN_MS = 30_000;
function freezeConfig(now: Date, opensAt: number): string {
  const minuteStart = Math.floor(now.getTime() / 60_000) * 60_000;
  return `
gitops: { branch: main }
apps:
  web: { environment: production, manifest: apps/web/deployment.yaml, container: web }
  docs: { environment: staging, manifest: apps/docs/deployment.yaml, container: web }
freezes:
  - name: release-freeze
    start: "${wallClock(now, 'Asia/Tokyo')}"
    duration: ${Math.ceil((opensAt - minuteStart) / 1000)}s
    timezone: Asia/Tokyo
    environments: [production]
policies:
  default: { deploy: ["*"], promote: ["*"] }
`;
}
const FILES = {
  'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0'),
  'apps/docs/deployment.yaml': deployment('docs', 'nginx:1.25.0'),
};

describe('freeze windows: refused inside, --when-open waits durably and applies the newest once it opens', () => {
  let h: Harness;
  let second: Kanaria | undefined;
  let config: string;
  let opensAt: number;

  const shown = async (needle: string, status: RegExp, timeoutMs = 15_000) =>
    (await announced(h, needle, status, timeoutMs)).text;

  beforeAll(async () => {
    const now = new Date();
    opensAt = now.getTime() + OPEN_IN_MS;
    config = freezeConfig(now, opensAt);
    h = await startHarness({ files: FILES, config });
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    await h?.stop();
  });

  it('a deploy inside the freeze is refused with the window and when it reopens, in the window’s zone', async () => {
    await h.command('/deploy', 'web nginx:1.27.0');
    const text = await shown('deploy `web` → `nginx:1.27.0`', /failed/);
    expect(text).toMatch(/`web` is frozen in production \(release-freeze\) until .+ Asia\/Tokyo\./);
    expect(h.remote.show('apps/web/deployment.yaml')).toContain('nginx:1.25.0');
  });

  it('scaling down and other environments are not frozen', async () => {
    await h.command('/scale', 'web 1');
    await shown('scale `web` to 1 replica', /pushed/);
    await h.command('/deploy', 'docs nginx:1.27.0');
    await shown('deploy `docs`', /pushed/);
  });

  it('--when-open: two changes wait, survive a restart, and only the newest is applied once the window opens', async () => {
    await h.command('/deploy', 'web nginx:1.28.0 --when-open');
    expect(await shown('deploy `web` → `nginx:1.28.0`', /waiting for the freeze \(release-freeze\) to end/)).toContain(
      'Asia/Tokyo',
    );
    await h.command('/deploy', 'web nginx:1.29.0 --when-open', { userId: 'U0BOB' });
    await shown('deploy `web` → `nginx:1.29.0`', /waiting for the freeze/);

    // A restart while they wait: the delayed jobs are in Redis.
    await h.kanaria.stop();
    second = await startReplica(h, config);
    expect(Date.now()).toBeLessThan(opensAt);

    await shown('deploy `web` → `nginx:1.29.0`', /pushed/, OPEN_IN_MS + 30_000);
    expect(await shown('deploy `web` → `nginx:1.28.0`', /superseded/, 15_000)).toContain(
      'a newer change of `web` waited for the same freeze',
    );
    expect(h.remote.show('apps/web/deployment.yaml')).toContain('nginx:1.29.0');
    const deploys = h.remote.log().filter((c) => c.subject.startsWith('deploy(web)'));
    expect(deploys.map((c) => c.subject)).toEqual(['deploy(web): nginx:1.25.0 → nginx:1.29.0']);
    expect(Date.now()).toBeGreaterThanOrEqual(opensAt);
  }, 90_000);
});
