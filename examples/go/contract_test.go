package rediscloud_test

// Contract tests of the client against a running `mock-api serve` (MOCK_API_URL): create and wait,
// a forced failure, a 429 retried, what the client sent, and a reset. Each test has its own
// account, so they run in parallel.

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	rediscloud "example.com/rediscloud-mock-example"
)

func newSubscription(name string) rediscloud.CreateSubscription {
	return rediscloud.CreateSubscription{
		Name:            name,
		PaymentMethodID: 1,
		CloudProviders: []rediscloud.CloudProvider{{Provider: "AWS", Regions: []rediscloud.Region{
			{Region: "us-east-1", Networking: &rediscloud.RequestNetworking{DeploymentCIDR: "10.0.0.0/24"}}}}},
		Databases: []rediscloud.DatabasePlan{{Name: "db", Protocol: "redis", DatasetSizeInGB: 1}},
	}
}

// setup gives a test its own account, the client under test on it, and a context bounded to a minute.
func setup(t *testing.T) (context.Context, *mockAccount, *rediscloud.Client) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	mock := newAccount(t)
	return ctx, mock, mock.client()
}

// start sends POST /subscriptions and returns the task id.
func start(ctx context.Context, t *testing.T, client *rediscloud.Client, body rediscloud.CreateSubscription) string {
	t.Helper()
	taskID, err := client.StartSubscription(ctx, body)
	if err != nil {
		t.Fatal(err)
	}
	return taskID
}

// checkBackoff asserts the client's waits were 1 s, 2 s, 4 s… in that order.
func checkBackoff(t *testing.T, waits []time.Duration) {
	t.Helper()
	want := time.Second
	for _, wait := range waits {
		if wait != want {
			t.Fatalf("waits %v: want 1s, 2s, 4s… in order", waits)
		}
		want *= 2
	}
}

func TestCreateSubscriptionAndWaitUntilActive(t *testing.T) {
	t.Parallel()
	ctx, mock, client := setup(t)

	taskID := start(ctx, t, client, newSubscription("go-create"))
	task, err := client.WaitForTask(ctx, taskID)
	if err != nil {
		t.Fatal(err)
	}
	if task.CommandType != "subscriptionCreateRequest" || task.Response == nil || task.Response.ResourceID <= 0 {
		t.Fatalf("completed task: %+v", task)
	}
	subscription, err := client.WaitForSubscriptionActive(ctx, task.Response.ResourceID)
	if err != nil {
		t.Fatal(err)
	}
	if subscription.Name != "go-create" || subscription.CloudDetails[0].Regions[0].Networking[0].DeploymentCIDR != "10.0.0.0/24" {
		t.Fatalf("subscription read back: %+v", subscription)
	}

	// The waiter's rules, seen from the server: the first poll came at once (no wait before it),
	// every later one after a wait of 1 s, then 2 s, …, and the client waited only between polls.
	polls := mock.requests("GET", "/tasks/"+taskID)
	reads := mock.requests("GET", "/subscriptions/*")
	waits := mock.waits()
	if len(polls) < 1 || len(reads) < 1 || len(waits) != len(polls)-1+len(reads)-1 {
		t.Fatalf("%d polls and %d reads, but %d waits %v", len(polls), len(reads), len(waits), waits)
	}
	checkBackoff(t, waits[:len(polls)-1])
	checkBackoff(t, waits[len(polls)-1:])
}

func TestForcedFailureGivesTheAPIErrorTriple(t *testing.T) {
	t.Parallel()
	ctx, mock, client := setup(t)

	taskID := start(ctx, t, client, newSubscription("go-declined"))
	const description = "Payment info was not found for subscription. Use 'GET /payment-methods' to lookup valid payment methods for current Account"
	mock.failTask(taskID, "SUBSCRIPTION_PI_NOT_FOUND", "400 BAD_REQUEST", description)

	task, err := client.WaitForTask(ctx, taskID)
	var taskErr *rediscloud.TaskError
	if !errors.As(err, &taskErr) {
		t.Fatalf("want a *TaskError, got %v", err)
	}
	if want := "400 BAD_REQUEST - SUBSCRIPTION_PI_NOT_FOUND: " + description; taskErr.Error() != want {
		t.Fatalf("error %q, want %q", taskErr.Error(), want)
	}
	if task.Status != "processing-error" ||
		task.Description != "Task request failed during processing. See error information for failure details." {
		t.Fatalf("failed task: %+v", task)
	}
	if len(mock.waits()) != 0 {
		t.Fatalf("the client waited %v before the failure it saw on its first poll", mock.waits())
	}
	subscriptions, err := client.ListSubscriptions(ctx)
	if err != nil || len(subscriptions) != 0 {
		t.Fatalf("a failed create left subscriptions %+v (%v)", subscriptions, err)
	}
}

func TestRateLimitedPollIsRetried(t *testing.T) {
	t.Parallel()
	ctx, mock, client := setup(t)
	// The API's rate limiter answers 429 with X-Rate-Limit-Remaining; here once, on a task poll.
	rule := mock.addFault(map[string]interface{}{"action": "status", "status": 429, "path": "/tasks/*",
		"times": 1, "headers": map[string]string{"X-Rate-Limit-Remaining": "0"}})

	id, err := client.CreateSubscription(ctx, newSubscription("go-rate-limited"))
	if err != nil {
		t.Fatal(err)
	}
	if id <= 0 {
		t.Fatalf("subscription id %d", id)
	}
	polls := mock.requests("GET", "/tasks/*")
	if len(polls) < 2 || polls[0].Status != 429 || polls[0].Fault != rule || polls[1].Status != 200 {
		t.Fatalf("polls: %+v", polls)
	}
	if polls[0].Path != polls[1].Path {
		t.Fatalf("the retry asked for %s, not %s again", polls[1].Path, polls[0].Path)
	}
	if waits := mock.waits(); len(waits) == 0 || waits[0] != time.Second {
		t.Fatalf("the 429 was retried after %v, want 1s", waits)
	}
	if remaining, seen := client.RateLimitRemaining(); !seen || remaining != 0 {
		t.Fatalf("X-Rate-Limit-Remaining: %d (seen: %v)", remaining, seen)
	}
}

func TestJournalShowsWhatTheClientSent(t *testing.T) {
	t.Parallel()
	ctx, mock, client := setup(t)
	sent := newSubscription("go-journal")

	taskID := start(ctx, t, client, sent)
	posts := mock.requests("POST", "/subscriptions")
	if len(posts) != 1 {
		t.Fatalf("%d POST /subscriptions in the journal", len(posts))
	}
	post := posts[0]
	if post.Status != 202 || post.CommandType != "subscriptionCreateRequest" || post.TaskID != taskID {
		t.Fatalf("journal entry: %+v", post)
	}
	var got, want interface{}
	encoded, _ := json.Marshal(sent)
	if json.Unmarshal(encoded, &want) != nil || json.Unmarshal(post.Body, &got) != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("body received %s, sent %s", post.Body, encoded)
	}
	headers := post.Headers
	if headers["x-api-key"] != mock.key || headers["content-type"] != "application/json" ||
		headers["accept"] != "application/json" || headers["user-agent"] != client.UserAgent {
		t.Fatalf("headers received: %v", headers)
	}
	// The journal never shows a secret in clear.
	if masked := headers["x-api-secret-key"]; masked == "" || strings.Contains(masked, mock.secret) ||
		!strings.HasPrefix(masked, "***") {
		t.Fatalf("secret in the journal: %q", masked)
	}
}

func TestResetEmptiesTheAccount(t *testing.T) {
	t.Parallel()
	ctx, mock, client := setup(t)
	taskID := start(ctx, t, client, newSubscription("go-reset"))
	if _, err := client.WaitForTask(ctx, taskID); err != nil {
		t.Fatal(err)
	}
	if subscriptions, err := client.ListSubscriptions(ctx); err != nil || len(subscriptions) != 1 {
		t.Fatalf("before the reset: %+v (%v)", subscriptions, err)
	}

	mock.reset()

	if subscriptions, err := client.ListSubscriptions(ctx); err != nil || len(subscriptions) != 0 {
		t.Fatalf("after the reset: %+v (%v)", subscriptions, err)
	}
	_, err := client.GetTask(ctx, taskID)
	var httpErr *rediscloud.HTTPError
	if !errors.As(err, &httpErr) || httpErr.StatusCode != 404 {
		t.Fatalf("the task after the reset: want a 404, got %v", err)
	}
}
