package state

import (
	"bytes"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Task priorities, most urgent first.
const (
	PriorityUrgent = "urgent"
	PriorityHigh   = "high"
	PriorityNormal = "normal"
)

// Task is work for a GEV agent ("cancel the shipment", "send the grid").
type Task struct {
	ID             string    `json:"id"`
	ConversationID string    `json:"conversation_id"`
	Priority       string    `json:"priority"`
	Title          string    `json:"title"`
	Created        time.Time `json:"created"`
	Done           bool      `json:"done"`
	DoneAt         time.Time `json:"done_at,omitzero"`
}

func rank(p string) int {
	switch p {
	case PriorityUrgent:
		return 0
	case PriorityHigh:
		return 1
	}
	return 2
}

// Tasks returns the tasks, open ones first, most urgent then oldest first.
func (s *Store) Tasks() ([]Task, error) {
	var out []Task
	err := s.db.View(func(tx *bolt.Tx) error {
		return each(tx, bTasks, func(t *Task) error {
			out = append(out, *t)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Done != b.Done {
			return !a.Done
		}
		if rank(a.Priority) != rank(b.Priority) {
			return rank(a.Priority) < rank(b.Priority)
		}
		return a.Created.Before(b.Created)
	})
	return out, err
}

// OpenTasks counts the open tasks per conversation, from the tasks_open
// index alone.
func (s *Store) OpenTasks() (map[string]int, error) {
	out := map[string]int{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bOpenTasks).ForEach(func(k, _ []byte) error {
			if i := bytes.IndexByte(k, 0); i >= 0 {
				out[string(k[:i])]++
			}
			return nil
		})
	})
	return out, err
}
