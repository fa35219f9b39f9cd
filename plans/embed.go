// Package plans is the dataset bundled in the binary: one directory per version of the plan.
package plans

import "embed"

// Files holds exactly the dataset's files: "<id>/plan.yaml" and "<id>/<point>.md" of every version.
//
//go:embed */plan.yaml */*.md
var Files embed.FS
