//go:build !linux

package main

// prepareHeap does nothing here: huge pages are asked for on Linux only.
func prepareHeap(int64) {}
