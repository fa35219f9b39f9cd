//go:build !linux

package main

import "os"

// replaceFile moves the finished temporary file tmp to name, atomically.
func replaceFile(tmp, name string) error { return os.Rename(tmp, name) }
