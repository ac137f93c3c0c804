package app

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/privacy"
	privacypg "github.com/opsledger/opsledger/privacy/postgres"
)

// openPrivacy encrypts the personal fields of the events the application
// appends (rule P1-erasure): with MasterKey, or in development with a
// master key stored in the control schema, with a loud warning. Without
// either, personal data is stored in clear and an erasure can only scrub
// the read models and snapshots. It wraps a.Store: everything above it
// reads plaintext; the sealer reads the events as stored
// (privacy.Stored).
func (a *App) openPrivacy(ctx context.Context) error {
	cfg := a.Config
	if cfg.MasterKey == "" && !cfg.DevMasterKey {
		a.shredder = commands.NoEncryption{}
		cfg.Log.Warn("OPS_MASTER_KEY is unset: personal data (key persons, employees' names, salaries) is stored in CLEAR; " +
			"an erasure can then only scrub the read models and snapshots, not the event log")
		return nil
	}
	keys, err := privacypg.Open(ctx, a.Pool, cfg.ControlSchema)
	if err != nil {
		return err
	}
	b64 := cfg.MasterKey
	if b64 == "" {
		if b64, err = a.devMasterKey(ctx); err != nil {
			return err
		}
		cfg.Log.Warn("INSECURE: OPS_MASTER_KEY is unset: personal data is encrypted with a DEVELOPMENT master key "+
			"stored in the database beside the data it protects, so an erasure destroys nothing anyone with the database "+
			"cannot restore from a backup; set OPS_MASTER_KEY (opsledger master-key makes one) in production",
			"schema", cfg.ControlSchema)
	}
	master, err := privacy.ParseMasterKey(b64)
	if err != nil {
		return err
	}
	keyring := privacy.NewKeyring(master, keys, privacy.KeyringOptions{Now: cfg.Now})
	a.Store = privacy.Wrap(a.Store, keyring)
	a.shredder = keyring
	return nil
}

// devMasterKey returns the development master key stored in the control
// schema, making it on first use; processes starting together agree on
// the first one stored.
func (a *App) devMasterKey(ctx context.Context) (string, error) {
	table := pgx.Identifier{a.Config.ControlSchema, "privacy_dev_master_key"}.Sanitize()
	_, err := a.Pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS `+table+` (
		name text PRIMARY KEY, master_key text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`)
	if err == nil {
		_, err = a.Pool.Exec(ctx, `INSERT INTO `+table+` (name, master_key) VALUES ('development', $1) ON CONFLICT DO NOTHING`,
			privacy.GenerateMasterKey())
	}
	if err != nil {
		return "", fmt.Errorf("privacy: store development master key: %w", err)
	}
	var key string
	if err := a.Pool.QueryRow(ctx, `SELECT master_key FROM `+table+` WHERE name = 'development'`).Scan(&key); err != nil {
		return "", fmt.Errorf("privacy: read development master key: %w", err)
	}
	return key, nil
}

// Erasure is the erasure command with the application's keys.
func (a *App) Erasure() *commands.Erasure { return a.Commands.Erasure(a.shredder) }
