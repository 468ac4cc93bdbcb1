// A small Redis Cloud API client, the kind of code mock_api is for.
//
// It behaves like the official Go SDK where a test can see it: it sends x-api-key /
// x-api-secret-key and JSON, retries a 429 up to 10 attempts with delays of 1 s, 2 s, 4 s… (at most
// 60 s), and waits on a task by polling GET /tasks/{id} at once, then after 1 s, 2 s, 4 s… (at most
// 30 s). Its `sleep` is an option, so a test can make waiting move the mock's clock instead of the
// wall clock.

const MAX_ATTEMPTS = 10; // a 429 is retried until the 10th attempt, as the Go SDK does
const MAX_RETRY_DELAY = 60;
const MAX_POLL_DELAY = 30;
const MAX_TASK_NOT_FOUNDS = 5; // a new task may answer 404 for a moment: tolerated 5 times, as the Go SDK does
export const STATUS_COMPLETED = 'processing-completed';
const POLL_AGAIN = new Set(['initialized', 'received', 'processing-in-progress']);

const wallClockSleep = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/** Any answer above 299; the body is kept as it came (clients do not rely on error bodies). */
export class HttpError extends Error {
  constructor(method, path, status, body) {
    super(`${method} ${path}: ${status} - ${body}`);
    this.name = 'HttpError';
    Object.assign(this, { method, path, status, body });
  }
}

/** A task that finished with response.error: the API's error triple. Reads like the Go SDK's error. */
export class TaskError extends Error {
  constructor(taskId, { type, status, description }) {
    super(`${status} - ${type}: ${description}`);
    this.name = 'TaskError';
    Object.assign(this, { taskId, type, status, description });
  }
}

/** A task that ended in a status other than processing-completed, without an error triple. */
export class TaskFailedError extends Error {
  constructor(task) {
    super(`task ${task.taskId} failed ${task.status} - ${task.description}`);
    this.name = 'TaskFailedError';
    this.task = task;
  }
}

export class RedisCloudClient {
  /**
   * @param {object} options
   * @param {string} options.baseUrl  e.g. https://api.redislabs.com/v1, or mock_api's http://127.0.0.1:8000/v1
   * @param {string} options.key
   * @param {string} options.secret
   * @param {(seconds: number) => Promise<void>} [options.sleep]  waits between polls and retries
   */
  constructor({ baseUrl, key, secret, sleep = wallClockSleep, userAgent = 'rediscloud-mock-example-node/1.0' }) {
    Object.assign(this, { baseUrl: baseUrl.replace(/\/+$/, ''), key, secret, sleep, userAgent });
    /** The last X-Rate-Limit-Remaining the API sent, or undefined. */
    this.rateLimitRemaining = undefined;
  }

  /** One request (JSON in, JSON out), retrying a 429; the decoded 2xx answer. */
  async request(method, path, body) {
    let delay = 1;
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(this.baseUrl + path, {
        method,
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          'user-agent': this.userAgent,
          'x-api-key': this.key,
          'x-api-secret-key': this.secret,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const remaining = response.headers.get('x-rate-limit-remaining');
      if (remaining !== null && /^\d+$/.test(remaining)) this.rateLimitRemaining = Number(remaining);
      const text = await response.text();
      if (response.status === 429 && attempt < MAX_ATTEMPTS) {
        // Retry-After is ignored, as the Go SDK does: the real API's 429 is not known to send it.
        await this.sleep(delay);
        delay = Math.min(2 * delay, MAX_RETRY_DELAY);
        continue;
      }
      if (response.status > 299) throw new HttpError(method, path, response.status, text);
      return JSON.parse(text);
    }
  }

  getTask(taskId) {
    return this.request('GET', `/tasks/${encodeURIComponent(taskId)}`);
  }

  /**
   * Poll a task until it finishes: at once, then after 1 s, 2 s, 4 s… (at most 30 s). A task with
   * response.error fails at once with a TaskError, whatever its status; a status that is neither
   * "keep polling" nor processing-completed fails with a TaskFailedError.
   */
  async waitForTask(taskId) {
    let delay = 1;
    let notFound = 0;
    for (;;) {
      let task;
      try {
        task = await this.getTask(taskId);
      } catch (error) {
        if (!(error instanceof HttpError && error.status === 404 && notFound < MAX_TASK_NOT_FOUNDS)) throw error;
        notFound++;
      }
      if (task?.response?.error) throw new TaskError(taskId, task.response.error);
      if (task?.status === STATUS_COMPLETED) return task;
      if (task && !POLL_AGAIN.has(task.status)) throw new TaskFailedError(task);
      await this.sleep(delay);
      delay = Math.min(2 * delay, MAX_POLL_DELAY);
    }
  }

  /** POST /subscriptions: the id of the task that creates the subscription. */
  async startSubscription(body) {
    const { taskId } = await this.request('POST', '/subscriptions', body);
    if (typeof taskId !== 'string') throw new Error('POST /subscriptions answered without a taskId');
    return taskId;
  }

  /** Create a subscription and wait for its task: the new subscription's id. */
  async createSubscription(body) {
    const taskId = await this.startSubscription(body);
    const task = await this.waitForTask(taskId);
    const id = task.response?.resourceId;
    if (!Number.isInteger(id)) throw new Error(`task ${taskId} completed without response.resourceId`);
    return id;
  }

  getSubscription(id) {
    return this.request('GET', `/subscriptions/${id}`);
  }

  async listSubscriptions() {
    return (await this.request('GET', '/subscriptions')).subscriptions;
  }

  /**
   * Read a subscription until it is active, as the Terraform provider does after a create
   * (pending is the only status worth waiting on). It backs off like waitForTask rather than
   * waiting 10 s then every 30 s as the provider does: it sees `active` sooner, and its clock moves
   * stay small on a server whose clock other tests may share.
   */
  async waitForSubscriptionActive(id) {
    let delay = 1;
    for (;;) {
      const subscription = await this.getSubscription(id);
      if (subscription.status === 'active') return subscription;
      if (subscription.status !== 'pending') {
        throw new Error(`subscription ${id} is ${JSON.stringify(subscription.status)}, not pending or active`);
      }
      await this.sleep(delay);
      delay = Math.min(2 * delay, MAX_POLL_DELAY);
    }
  }
}
