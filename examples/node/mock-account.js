// A small client of mock_api's control API (/_mock/…), for the tests. Each test gets an account of
// its own (a random key pair); every control call carries that account's credentials, so it acts on
// that account alone and tests can run in parallel against one server.

import { randomBytes } from 'node:crypto';

import { RedisCloudClient } from './client.js';

export const serverUrl = () => {
  const url = process.env.MOCK_API_URL;
  if (!url) {
    throw new Error('these contract tests need a running mock_api: start `mock-api serve --port 8000`, '
      + 'then run MOCK_API_URL=http://127.0.0.1:8000 node --test');
  }
  return url.replace(/\/+$/, '');
};

export class MockAccount {
  /** A fresh key pair; resetting its (new, empty) account tells its id. */
  static async create() {
    const account = new MockAccount(`node-${randomBytes(8).toString('hex')}`, randomBytes(16).toString('hex'));
    account.id = (await account.reset()).accountId;
    return account;
  }

  constructor(key, secret) {
    Object.assign(this, { url: serverUrl(), key, secret, id: undefined });
    /** Every wait (in seconds) the client under test asked for, in order. */
    this.waits = [];
  }

  /** The client under test, on this account, whose waits move the mock's clock. */
  client() {
    return new RedisCloudClient({
      baseUrl: `${this.url}/v1`,
      key: this.key,
      secret: this.secret,
      sleep: async (seconds) => {
        this.waits.push(seconds);
        await this.advance(seconds);
      },
    });
  }

  /** One control-API call with the account's credentials; its JSON answer (200 or 201 only). */
  async control(method, path, body) {
    const response = await fetch(this.url + path, {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': this.key, 'x-api-secret-key': this.secret },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (response.status !== 200 && response.status !== 201) {
      throw new Error(`${method} ${path}: ${response.status} ${text}`);
    }
    return JSON.parse(text);
  }

  /** Move the mock's clock instead of sleeping. */
  advance(seconds) {
    return this.control('POST', '/_mock/clock/advance', { seconds });
  }

  /** Make a task finish now with the API's error triple. */
  failTask(taskId, type, status, description) {
    return this.control('POST', `/_mock/tasks/${encodeURIComponent(taskId)}/fail`, { type, status, description });
  }

  /** Add a fault rule limited to this account; its id. */
  async addFault(rule) {
    return (await this.control('POST', '/_mock/faults', { ...rule, accountId: this.id })).id;
  }

  /** This account's journal entries with the given method and path (globs). */
  async requests(method, path) {
    const query = new URLSearchParams({ accountId: String(this.id), method, path });
    return (await this.control('GET', `/_mock/requests?${query}`)).requests;
  }

  /** Empty the account: its tasks and resources are gone. */
  reset() {
    return this.control('POST', '/_mock/reset');
  }
}
