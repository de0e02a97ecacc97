import type { Redis } from 'ioredis';
import type { Posted } from '../domain/chat.js';

/** Where each pipeline's card is posted, one per channel, shared by all replicas: it is updated there in place. */
export interface PipelineCards {
  cards(pipeline: string): Promise<Posted[]>;
  card(pipeline: string, channel: string): Promise<Posted | undefined>;
  setCard(pipeline: string, card: Posted): Promise<void>;
}

const WEEK = 7 * 24 * 3600;

/** PipelineCards in Redis: a hash per pipeline, channel → the card, kept a week after it last moved. */
export class RedisPipelineCards implements PipelineCards {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'kanaria:pipeline-card',
  ) {}

  async cards(pipeline: string): Promise<Posted[]> {
    const all = await this.redis.hgetall(this.key(pipeline));
    return Object.values(all).map((raw) => JSON.parse(raw) as Posted);
  }

  async card(pipeline: string, channel: string): Promise<Posted | undefined> {
    const raw = await this.redis.hget(this.key(pipeline), channel);
    return raw ? (JSON.parse(raw) as Posted) : undefined;
  }

  async setCard(pipeline: string, card: Posted): Promise<void> {
    const key = this.key(pipeline);
    await this.redis.multi().hset(key, card.channel, JSON.stringify(card)).expire(key, WEEK).exec();
  }

  private key(pipeline: string): string {
    return `${this.prefix}:${pipeline}`;
  }
}
