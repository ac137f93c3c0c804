package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/opsledger/opsledger/integrity"
)

// logKeyCmd makes a key for OPS_LOG_KEY. It reads no configuration: a
// key is made before there is one.
func logKeyCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "log-key",
		Short: "make a signing key for the verifiable log (OPS_LOG_KEY) and print it with its public key",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			skey, err := integrity.GenerateKey()
			if err != nil {
				return err
			}
			key, err := integrity.ParseKey(skey)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintln(out, "# OPS_LOG_KEY: keep it secret, apart from the database")
			fmt.Fprintln(out, "OPS_LOG_KEY="+skey)
			fmt.Fprintln(out, "# the public key clients check checkpoints with")
			fmt.Fprintln(out, "verifier key: "+key.VerifierKey)
			return nil
		},
	}
}
