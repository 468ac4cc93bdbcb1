// Package rediscloud is a small Redis Cloud API client, the kind of code mock_api is for.
//
// It behaves like the official Go SDK (github.com/RedisLabs/rediscloud-go-api) where a test can
// see it: it sends X-Api-Key / X-Api-Secret-Key and JSON, retries a 429 up to 10 attempts with
// delays of 1 s, 2 s, 4 s… (at most 60 s), and waits on a task by polling GET /tasks/{id} at once,
// then after 1 s, 2 s, 4 s… (at most 30 s). Its Sleep is a field, so a test can make waiting move
// the mock's clock instead of the wall clock.
package rediscloud

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

const (
	maxAttempts      = 10 // a 429 is retried until the 10th attempt, as the Go SDK does
	maxRetryDelay    = 60 * time.Second
	maxPollDelay     = 30 * time.Second
	maxTaskNotFounds = 5 // a new task may answer 404 for a moment: tolerated 5 times, as the Go SDK does
	// StatusCompleted is the only task status that means success.
	StatusCompleted = "processing-completed"
)

// pollAgain are the task statuses that mean "not finished yet"; any other is a failure.
var pollAgain = map[string]bool{"initialized": true, "received": true, "processing-in-progress": true}

// Client talks to the Redis Cloud API, or to mock_api in its place.
type Client struct {
	BaseURL   string // e.g. https://api.redislabs.com/v1, or mock_api's http://127.0.0.1:8000/v1
	Key       string
	Secret    string
	UserAgent string
	HTTP      *http.Client
	// Sleep waits between polls and between 429 retries; nil means the wall clock.
	Sleep func(ctx context.Context, d time.Duration) error

	rateLimitRemaining atomic.Int64 // the last X-Rate-Limit-Remaining seen, plus one (0: none seen)
}

// New returns a client with a 30 s HTTP timeout and the wall clock.
func New(baseURL, key, secret string) *Client {
	return &Client{BaseURL: strings.TrimRight(baseURL, "/"), Key: key, Secret: secret,
		UserAgent: "rediscloud-mock-example-go/1.0", HTTP: &http.Client{Timeout: 30 * time.Second}}
}

// RateLimitRemaining is the last X-Rate-Limit-Remaining header the API sent, and whether one was seen.
func (c *Client) RateLimitRemaining() (int, bool) {
	value := c.rateLimitRemaining.Load()
	return int(value - 1), value > 0
}

// HTTPError is any answer above 299. Its body is kept as it came: the API's error bodies are not
// a contract clients rely on (the Go SDK never parses them).
type HTTPError struct {
	Method, Path string
	StatusCode   int
	Body         string
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("%s %s: %d - %s", e.Method, e.Path, e.StatusCode, e.Body)
}

// TaskError is a task that finished with response.error: the API's error triple.
type TaskError struct {
	TaskID      string
	Type        string
	Status      string // e.g. "400 BAD_REQUEST"
	Description string
}

// Error reads like the Go SDK's: "<status> - <type>: <description>".
func (e *TaskError) Error() string {
	return fmt.Sprintf("%s - %s: %s", e.Status, e.Type, e.Description)
}

// TaskFailedError is a task that ended in a status other than processing-completed, without an error triple.
type TaskFailedError struct {
	TaskID, Status, Description string
}

func (e *TaskFailedError) Error() string {
	return fmt.Sprintf("task %s failed %s - %s", e.TaskID, e.Status, e.Description)
}

// Task is what GET /tasks/{id} answers (the fields clients read).
type Task struct {
	TaskID      string        `json:"taskId"`
	CommandType string        `json:"commandType"`
	Status      string        `json:"status"`
	Description string        `json:"description"`
	Timestamp   string        `json:"timestamp"`
	Response    *TaskResponse `json:"response"`
}

type TaskResponse struct {
	ResourceID int             `json:"resourceId"`
	Resource   json.RawMessage `json:"resource"`
	Error      *struct {
		Type        string `json:"type"`
		Status      string `json:"status"`
		Description string `json:"description"`
	} `json:"error"`
}

// Do sends one request (JSON in, JSON out), retrying a 429, and decodes a 2xx answer into out.
func (c *Client) Do(ctx context.Context, method, path string, in, out interface{}) error {
	var payload []byte
	if in != nil {
		var err error
		if payload, err = json.Marshal(in); err != nil {
			return err
		}
	}
	delay := time.Second
	for attempt := 1; ; attempt++ {
		status, body, err := c.send(ctx, method, path, payload)
		if err != nil {
			return err
		}
		if status == http.StatusTooManyRequests && attempt < maxAttempts {
			// Retry-After is ignored, as the Go SDK does: the real API's 429 is not known to send it.
			if err := c.sleep(ctx, delay); err != nil {
				return err
			}
			delay = minDuration(2*delay, maxRetryDelay)
			continue
		}
		if status > 299 {
			return &HTTPError{Method: method, Path: path, StatusCode: status, Body: string(body)}
		}
		if out == nil {
			return nil
		}
		if err := json.Unmarshal(body, out); err != nil {
			return fmt.Errorf("%s %s: decoding the answer: %w", method, path, err)
		}
		return nil
	}
}

func (c *Client) send(ctx context.Context, method, path string, payload []byte) (int, []byte, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	request, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, body)
	if err != nil {
		return 0, nil, err
	}
	request.Header.Set("Accept", "application/json")
	request.Header.Set("Content-Type", "application/json")
	request.Header.Set("User-Agent", c.UserAgent)
	request.Header.Set("X-Api-Key", c.Key)
	request.Header.Set("X-Api-Secret-Key", c.Secret)
	response, err := c.HTTP.Do(request)
	if err != nil {
		return 0, nil, err
	}
	defer response.Body.Close()
	if remaining, err := strconv.Atoi(response.Header.Get("X-Rate-Limit-Remaining")); err == nil {
		c.rateLimitRemaining.Store(int64(remaining) + 1)
	}
	answer, err := io.ReadAll(io.LimitReader(response.Body, 16<<20))
	return response.StatusCode, answer, err
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func minDuration(a, b time.Duration) time.Duration {
	if a < b {
		return a
	}
	return b
}

// GetTask reads a task once.
func (c *Client) GetTask(ctx context.Context, taskID string) (*Task, error) {
	var task Task
	return &task, c.Do(ctx, http.MethodGet, "/tasks/"+url.PathEscape(taskID), nil, &task)
}

// WaitForTask polls a task until it finishes: at once, then after 1 s, 2 s, 4 s… (at most 30 s).
// A task with response.error fails at once with a *TaskError, whatever its status; a status that
// is neither "keep polling" nor processing-completed fails with a *TaskFailedError.
func (c *Client) WaitForTask(ctx context.Context, taskID string) (*Task, error) {
	delay, notFound := time.Second, 0
	for {
		task, err := c.GetTask(ctx, taskID)
		if httpErr, ok := err.(*HTTPError); ok && httpErr.StatusCode == http.StatusNotFound && notFound < maxTaskNotFounds {
			notFound++
		} else if err != nil {
			return nil, err
		} else if task.Response != nil && task.Response.Error != nil {
			e := task.Response.Error
			return task, &TaskError{TaskID: taskID, Type: e.Type, Status: e.Status, Description: e.Description}
		} else if task.Status == StatusCompleted {
			return task, nil
		} else if !pollAgain[task.Status] {
			return task, &TaskFailedError{TaskID: taskID, Status: task.Status, Description: task.Description}
		}
		if err := c.sleep(ctx, delay); err != nil {
			return nil, err
		}
		delay = minDuration(2*delay, maxPollDelay)
	}
}
