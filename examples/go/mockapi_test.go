package rediscloud_test

// A small client of mock_api's control API (/_mock/…), for these tests only. Each test gets an
// account of its own (a random key pair); every control call carries that account's credentials,
// so it acts on that account alone and tests can run in parallel against one server.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	rediscloud "example.com/rediscloud-mock-example"
)

var serverURL string

func TestMain(m *testing.M) {
	serverURL = os.Getenv("MOCK_API_URL")
	if serverURL == "" {
		fmt.Fprintln(os.Stderr, "these contract tests need a running mock_api: start `mock-api serve --port 8000`, "+
			"then run MOCK_API_URL=http://127.0.0.1:8000 go test ./...")
		os.Exit(2)
	}
	os.Exit(m.Run())
}

// mockAccount is one test's account on the server, and its view of the control API.
type mockAccount struct {
	t           *testing.T
	key, secret string
	id          int
	http        *http.Client

	mu     sync.Mutex
	sleeps []time.Duration // every wait the client under test asked for, in order
}

// newAccount makes a fresh key pair, resets its (new, empty) account to learn its id, and resets
// it again when the test ends.
func newAccount(t *testing.T) *mockAccount {
	t.Helper()
	m := &mockAccount{t: t, key: "go-" + randomHex(t, 8), secret: randomHex(t, 16),
		http: &http.Client{Timeout: 30 * time.Second}}
	var reset struct {
		AccountID int `json:"accountId"`
	}
	m.control(http.MethodPost, "/_mock/reset", nil, &reset)
	m.id = reset.AccountID
	t.Cleanup(m.reset)
	return m
}

func randomHex(t *testing.T, size int) string {
	raw := make([]byte, size)
	if _, err := rand.Read(raw); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(raw)
}

// client is the client under test, on this account, whose waits move the mock's clock.
func (m *mockAccount) client() *rediscloud.Client {
	c := rediscloud.New(serverURL+"/v1", m.key, m.secret)
	c.Sleep = func(ctx context.Context, d time.Duration) error {
		m.mu.Lock()
		m.sleeps = append(m.sleeps, d)
		m.mu.Unlock()
		m.advance(d)
		return ctx.Err()
	}
	return c
}

func (m *mockAccount) waits() []time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]time.Duration(nil), m.sleeps...)
}

// control sends one control-API call with the account's credentials and decodes its JSON answer;
// any status other than 200 or 201 fails the test.
func (m *mockAccount) control(method, path string, in, out interface{}) {
	m.t.Helper()
	var body io.Reader
	if in != nil {
		payload, err := json.Marshal(in)
		if err != nil {
			m.t.Fatal(err)
		}
		body = bytes.NewReader(payload)
	}
	request, err := http.NewRequest(method, serverURL+path, body)
	if err != nil {
		m.t.Fatal(err)
	}
	request.Header.Set("Content-Type", "application/json")
	request.Header.Set("X-Api-Key", m.key)
	request.Header.Set("X-Api-Secret-Key", m.secret)
	response, err := m.http.Do(request)
	if err != nil {
		m.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer response.Body.Close()
	answer, _ := io.ReadAll(response.Body)
	if response.StatusCode != http.StatusOK && response.StatusCode != http.StatusCreated {
		m.t.Fatalf("%s %s: %d %s", method, path, response.StatusCode, answer)
	}
	if out != nil {
		if err := json.Unmarshal(answer, out); err != nil {
			m.t.Fatalf("%s %s: %v in %s", method, path, err, answer)
		}
	}
}

// advance moves the mock's clock instead of sleeping.
func (m *mockAccount) advance(d time.Duration) {
	m.control(http.MethodPost, "/_mock/clock/advance", map[string]float64{"seconds": d.Seconds()}, nil)
}

// failTask makes a task finish now with the API's error triple.
func (m *mockAccount) failTask(taskID, errorType, status, description string) {
	m.control(http.MethodPost, "/_mock/tasks/"+url.PathEscape(taskID)+"/fail",
		map[string]string{"type": errorType, "status": status, "description": description}, nil)
}

// addFault adds a fault rule limited to this account, and returns its id.
func (m *mockAccount) addFault(rule map[string]interface{}) int {
	rule["accountId"] = m.id
	var added struct {
		ID int `json:"id"`
	}
	m.control(http.MethodPost, "/_mock/faults", rule, &added)
	return added.ID
}

// journalEntry is one request the server received, as GET /_mock/requests shows it.
type journalEntry struct {
	Method      string            `json:"method"`
	Path        string            `json:"path"`
	Headers     map[string]string `json:"headers"`
	Body        json.RawMessage   `json:"body"`
	AccountID   int               `json:"accountId"`
	CommandType string            `json:"commandType"`
	Status      int               `json:"status"`
	TaskID      string            `json:"taskId"`
	Fault       int               `json:"fault"`
}

// requests reads this account's journal entries with the given method and path (globs).
func (m *mockAccount) requests(method, path string) []journalEntry {
	query := url.Values{"accountId": {fmt.Sprint(m.id)}, "method": {method}, "path": {path}}
	var answer struct {
		Requests []journalEntry `json:"requests"`
	}
	m.control(http.MethodGet, "/_mock/requests?"+query.Encode(), nil, &answer)
	return answer.Requests
}

// reset empties the account: its tasks and resources are gone.
func (m *mockAccount) reset() {
	m.control(http.MethodPost, "/_mock/reset", nil, nil)
}
