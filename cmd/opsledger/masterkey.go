package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/opsledger/opsledger/privacy"
)

// masterKeyCmd makes a key for OPS_MASTER_KEY. It reads no
// configuration: a key is made before there is one.
func masterKeyCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "master-key",
		Short: "make a master key for the encryption of personal data (OPS_MASTER_KEY) and print it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out := cmd.OutOrStdout()
			fmt.Fprintln(out, "# OPS_MASTER_KEY: keep it secret, apart from the database and its backups;")
			fmt.Fprintln(out, "# losing it makes every encrypted personal field unreadable")
			fmt.Fprintln(out, "OPS_MASTER_KEY="+privacy.GenerateMasterKey())
			return nil
		},
	}
}
