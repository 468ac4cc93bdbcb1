// Contract tests of the client against a running `mock-api serve` (MOCK_API_URL): create and wait,
// a forced failure, a 429 retried, what the client sent, and a reset. Each test has its own
// account, so they run concurrently.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { HttpError, TaskError } from '../client.js';
import { MockAccount } from '../mock-account.js';

const newSubscription = (name) => ({
  name,
  paymentMethodId: 1,
  cloudProviders: [{ provider: 'AWS', regions: [{ region: 'us-east-1', networking: { deploymentCIDR: '10.0.0.0/24' } }] }],
  databases: [{ name: 'db', protocol: 'redis', datasetSizeInGb: 1 }],
});

/** Run a test on an account of its own, reset afterwards whatever happens. */
const onOwnAccount = (body) => async () => {
  const mock = await MockAccount.create();
  try {
    await body(mock, mock.client());
  } finally {
    await mock.reset();
  }
};

/** The waits were 1 s, 2 s, 4 s… in that order. */
const assertBackoff = (waits) => assert.deepEqual(waits, waits.map((_, i) => 2 ** i));

describe('the client against mock_api', { concurrency: true }, () => {
  it('creates a subscription, waits for its task and until it is active', onOwnAccount(async (mock, client) => {
    const taskId = await client.startSubscription(newSubscription('node-create'));
    const task = await client.waitForTask(taskId);
    assert.equal(task.commandType, 'subscriptionCreateRequest');
    assert.ok(Number.isInteger(task.response.resourceId) && task.response.resourceId > 0, JSON.stringify(task));

    const subscription = await client.waitForSubscriptionActive(task.response.resourceId);
    assert.equal(subscription.name, 'node-create');
    assert.equal(subscription.cloudDetails[0].regions[0].networking[0].deploymentCIDR, '10.0.0.0/24');

    // The waiter's rules, seen from the server: the first poll came at once (no wait before it),
    // every later one after a wait of 1 s, then 2 s, …, and the client waited only between polls.
    const polls = await mock.requests('GET', `/tasks/${taskId}`);
    const reads = await mock.requests('GET', '/subscriptions/*');
    assert.ok(polls.length >= 1 && reads.length >= 1);
    assert.equal(mock.waits.length, polls.length - 1 + reads.length - 1, `waits ${mock.waits}`);
    assertBackoff(mock.waits.slice(0, polls.length - 1));
    assertBackoff(mock.waits.slice(polls.length - 1));
  }));

  it('sees a forced failure as the API error triple', onOwnAccount(async (mock, client) => {
    const taskId = await client.startSubscription(newSubscription('node-declined'));
    const description = "Payment info was not found for subscription. Use 'GET /payment-methods' to lookup valid payment methods for current Account";
    await mock.failTask(taskId, 'SUBSCRIPTION_PI_NOT_FOUND', '400 BAD_REQUEST', description);

    await assert.rejects(client.waitForTask(taskId), (error) => {
      assert.ok(error instanceof TaskError, String(error));
      assert.equal(error.message, `400 BAD_REQUEST - SUBSCRIPTION_PI_NOT_FOUND: ${description}`);
      return true;
    });
    const task = await client.getTask(taskId);
    assert.equal(task.status, 'processing-error');
    assert.equal(task.description, 'Task request failed during processing. See error information for failure details.');
    assert.deepEqual(mock.waits, [], 'the client saw the failure on its first poll');
    assert.deepEqual(await client.listSubscriptions(), []);
  }));

  it('retries a rate-limited poll', onOwnAccount(async (mock, client) => {
    // The API's rate limiter answers 429 with X-Rate-Limit-Remaining; here once, on a task poll.
    const rule = await mock.addFault({
      action: 'status', status: 429, path: '/tasks/*', times: 1, headers: { 'X-Rate-Limit-Remaining': '0' },
    });

    const id = await client.createSubscription(newSubscription('node-rate-limited'));
    assert.ok(id > 0);
    const polls = await mock.requests('GET', '/tasks/*');
    assert.ok(polls.length >= 2, JSON.stringify(polls));
    assert.deepEqual([polls[0].status, polls[0].fault, polls[1].status], [429, rule, 200]);
    assert.equal(polls[1].path, polls[0].path, 'the retry asks for the same task');
    assert.equal(mock.waits[0], 1, 'the 429 is retried after 1 s');
    assert.equal(client.rateLimitRemaining, 0);
  }));

  it('shows in the journal what the client sent', onOwnAccount(async (mock, client) => {
    const sent = newSubscription('node-journal');
    const taskId = await client.startSubscription(sent);

    const posts = await mock.requests('POST', '/subscriptions');
    assert.equal(posts.length, 1);
    const [post] = posts;
    assert.deepEqual([post.status, post.commandType, post.taskId], [202, 'subscriptionCreateRequest', taskId]);
    assert.deepEqual(post.body, sent);
    assert.equal(post.headers['x-api-key'], mock.key);
    assert.equal(post.headers['content-type'], 'application/json');
    assert.equal(post.headers.accept, 'application/json');
    assert.equal(post.headers['user-agent'], client.userAgent);
    // The journal never shows a secret in clear.
    const masked = post.headers['x-api-secret-key'];
    assert.ok(masked.startsWith('***') && !masked.includes(mock.secret), masked);
  }));

  it('finds the account empty after a reset', onOwnAccount(async (mock, client) => {
    const taskId = await client.startSubscription(newSubscription('node-reset'));
    await client.waitForTask(taskId);
    assert.equal((await client.listSubscriptions()).length, 1);

    await mock.reset();

    assert.deepEqual(await client.listSubscriptions(), []);
    await assert.rejects(client.getTask(taskId), (error) => error instanceof HttpError && error.status === 404);
  }));
});
