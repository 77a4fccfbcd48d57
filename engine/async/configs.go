package async

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Config is the EventInvokeConfig of one function version or alias.
type Config struct {
	Function  string `json:"function"`
	Qualifier string `json:"qualifier"` // $LATEST, a version number or an alias
	// Generation is the function's creation time; a config of an older
	// generation belongs to a deleted function and is treated as absent.
	Generation               time.Time `json:"generation"`
	MaximumRetryAttempts     *int      `json:"maximumRetryAttempts,omitempty"`
	MaximumEventAgeInSeconds *int      `json:"maximumEventAgeInSeconds,omitempty"`
	OnSuccess                string    `json:"onSuccess,omitempty"`
	OnFailure                string    `json:"onFailure,omitempty"`
	LastModified             time.Time `json:"lastModified"`
}

// configKey orders a function's configs $LATEST first, then versions in
// numeric order, then aliases.
func configKey(function, qualifier string) []byte {
	if n, err := strconv.Atoi(qualifier); err == nil {
		qualifier = fmt.Sprintf("%010d", n)
	}
	return append(configPrefix(function), qualifier...)
}

func configPrefix(function string) []byte { return append([]byte(function), 0) }

// Config returns the config of function's qualifier, or ErrNotFound.
func (q *Queue) Config(function, qualifier string, gen time.Time) (Config, error) {
	var c Config
	err := q.db.View(func(tx *bolt.Tx) error {
		var err error
		c, err = getConfig(tx, function, qualifier, gen)
		return err
	})
	return c, err
}

func getConfig(tx *bolt.Tx, function, qualifier string, gen time.Time) (Config, error) {
	var c Config
	raw := tx.Bucket(bucketConfigs).Get(configKey(function, qualifier))
	if raw == nil {
		return c, ErrNotFound
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return c, fmt.Errorf("async: decode EventInvokeConfig: %w", err)
	}
	if !c.Generation.Equal(gen) {
		return Config{}, ErrNotFound
	}
	return c, nil
}

// PutConfig creates or replaces a config. Configs left by an earlier
// function of the same name are removed on the way.
func (q *Queue) PutConfig(c Config) error {
	return q.db.Update(func(tx *bolt.Tx) error {
		if err := purgeStale(tx, c.Function, c.Generation); err != nil {
			return err
		}
		return putConfig(tx, c)
	})
}

// UpdateConfig applies change to the existing config (ErrNotFound if
// there is none) and stores the result.
func (q *Queue) UpdateConfig(function, qualifier string, gen time.Time, change func(*Config)) (Config, error) {
	var c Config
	err := q.db.Update(func(tx *bolt.Tx) error {
		var err error
		if c, err = getConfig(tx, function, qualifier, gen); err != nil {
			return err
		}
		change(&c)
		return putConfig(tx, c)
	})
	return c, err
}

func putConfig(tx *bolt.Tx, c Config) error {
	raw, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("async: encode EventInvokeConfig: %w", err)
	}
	if err := tx.Bucket(bucketConfigs).Put(configKey(c.Function, c.Qualifier), raw); err != nil {
		return fmt.Errorf("async: store EventInvokeConfig: %w", err)
	}
	return nil
}

// DeleteConfig removes a config, or returns ErrNotFound.
func (q *Queue) DeleteConfig(function, qualifier string, gen time.Time) error {
	return q.db.Update(func(tx *bolt.Tx) error {
		if _, err := getConfig(tx, function, qualifier, gen); err != nil {
			return err
		}
		if err := tx.Bucket(bucketConfigs).Delete(configKey(function, qualifier)); err != nil {
			return fmt.Errorf("async: delete EventInvokeConfig: %w", err)
		}
		return nil
	})
}

// Configs returns function's configs in key order.
func (q *Queue) Configs(function string, gen time.Time) ([]Config, error) {
	var out []Config
	err := q.db.View(func(tx *bolt.Tx) error {
		return forEachConfig(tx, function, func(_ []byte, c Config) error {
			if c.Generation.Equal(gen) {
				out = append(out, c)
			}
			return nil
		})
	})
	return out, err
}

func forEachConfig(tx *bolt.Tx, function string, fn func(k []byte, c Config) error) error {
	prefix := configPrefix(function)
	c := tx.Bucket(bucketConfigs).Cursor()
	for k, raw := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, raw = c.Next() {
		var cfg Config
		if err := json.Unmarshal(raw, &cfg); err != nil {
			return fmt.Errorf("async: decode EventInvokeConfig %q: %w", k, err)
		}
		if err := fn(k, cfg); err != nil {
			return err
		}
	}
	return nil
}

// purgeStale deletes function's configs of other generations.
func purgeStale(tx *bolt.Tx, function string, gen time.Time) error {
	var stale [][]byte
	err := forEachConfig(tx, function, func(k []byte, c Config) error {
		if !c.Generation.Equal(gen) {
			stale = append(stale, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range stale {
		if err := tx.Bucket(bucketConfigs).Delete(k); err != nil {
			return fmt.Errorf("async: delete stale EventInvokeConfig: %w", err)
		}
	}
	return nil
}
