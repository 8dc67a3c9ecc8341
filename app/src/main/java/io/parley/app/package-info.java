/**
 * The runnable jar: {@code parley server}, {@code parley client}, {@code parley bench}, {@code parley cluster}
 * (a local cluster of node processes on one Redis, for trying, testing and benchmarking) and
 * {@code parley rotate-token-key}, parsed with picocli. Each subcommand only turns flags into the configuration
 * value of the module it starts, or, for {@code cluster}, into processes it starts and stops by PID, or, for
 * {@code rotate-token-key}, into one write to the store.
 */
package io.parley.app;
