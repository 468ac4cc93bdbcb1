package rediscloud

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// CreateSubscription is the body of POST /subscriptions (the fields this example sends).
type CreateSubscription struct {
	Name            string          `json:"name,omitempty"`
	PaymentMethodID int             `json:"paymentMethodId,omitempty"`
	CloudProviders  []CloudProvider `json:"cloudProviders"`
	Databases       []DatabasePlan  `json:"databases"`
}

type CloudProvider struct {
	Provider string   `json:"provider,omitempty"`
	Regions  []Region `json:"regions"`
}

type Region struct {
	Region     string             `json:"region"`
	Networking *RequestNetworking `json:"networking,omitempty"`
}

// RequestNetworking is an object in a request, but an array in a subscription read back.
type RequestNetworking struct {
	DeploymentCIDR string `json:"deploymentCIDR,omitempty"`
}

type DatabasePlan struct {
	Name            string  `json:"name"`
	Protocol        string  `json:"protocol"`
	DatasetSizeInGB float64 `json:"datasetSizeInGb,omitempty"`
}

// Subscription is what GET /subscriptions/{id} answers, decoded with the types the Go SDK expects
// (an int id, networking as an array): an answer of another shape fails the decode, as it would there.
type Subscription struct {
	ID                int    `json:"id"`
	Name              string `json:"name"`
	Status            string `json:"status"`
	PaymentMethodID   int    `json:"paymentMethodId"`
	NumberOfDatabases int    `json:"numberOfDatabases"`
	CloudDetails      []struct {
		Provider string `json:"provider"`
		Regions  []struct {
			Region     string `json:"region"`
			Networking []struct {
				DeploymentCIDR string `json:"deploymentCIDR"`
			} `json:"networking"`
		} `json:"regions"`
	} `json:"cloudDetails"`
}

// StartSubscription sends POST /subscriptions and returns the id of the task that creates it.
func (c *Client) StartSubscription(ctx context.Context, body CreateSubscription) (string, error) {
	var answer struct {
		TaskID *string `json:"taskId"`
	}
	if err := c.Do(ctx, http.MethodPost, "/subscriptions", body, &answer); err != nil {
		return "", err
	}
	if answer.TaskID == nil {
		return "", fmt.Errorf("POST /subscriptions answered without a taskId")
	}
	return *answer.TaskID, nil
}

// CreateSubscription creates a subscription and waits for its task: the new subscription's id.
func (c *Client) CreateSubscription(ctx context.Context, body CreateSubscription) (int, error) {
	taskID, err := c.StartSubscription(ctx, body)
	if err != nil {
		return 0, err
	}
	task, err := c.WaitForTask(ctx, taskID)
	if err != nil {
		return 0, err
	}
	if task.Response == nil || task.Response.ResourceID == 0 {
		return 0, fmt.Errorf("task %s completed without response.resourceId", taskID)
	}
	return task.Response.ResourceID, nil
}

// GetSubscription reads one subscription.
func (c *Client) GetSubscription(ctx context.Context, id int) (*Subscription, error) {
	var subscription Subscription
	return &subscription, c.Do(ctx, http.MethodGet, fmt.Sprintf("/subscriptions/%d", id), nil, &subscription)
}

// ListSubscriptions reads the account's subscriptions.
func (c *Client) ListSubscriptions(ctx context.Context) ([]Subscription, error) {
	var answer struct {
		Subscriptions []Subscription `json:"subscriptions"`
	}
	return answer.Subscriptions, c.Do(ctx, http.MethodGet, "/subscriptions", nil, &answer)
}

// WaitForSubscriptionActive reads a subscription until it is active, as the Terraform provider
// does after a create (pending is the only status worth waiting on). It backs off like WaitForTask
// rather than waiting 10 s then every 30 s as the provider does: it sees `active` sooner, and its
// clock moves stay small on a server whose clock other tests may share.
func (c *Client) WaitForSubscriptionActive(ctx context.Context, id int) (*Subscription, error) {
	delay := time.Second
	for {
		subscription, err := c.GetSubscription(ctx, id)
		if err != nil {
			return nil, err
		}
		switch subscription.Status {
		case "active":
			return subscription, nil
		case "pending":
		default:
			return subscription, fmt.Errorf("subscription %d is %q, not pending or active", id, subscription.Status)
		}
		if err := c.sleep(ctx, delay); err != nil {
			return nil, err
		}
		delay = minDuration(2*delay, maxPollDelay)
	}
}
