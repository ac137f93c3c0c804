// Package architecture holds no code: its tests keep the dependency rule of
// the layout (docs/ARCHITECTURE.md) true as the code grows.
package architecture
