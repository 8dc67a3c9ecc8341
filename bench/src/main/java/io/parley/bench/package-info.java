/**
 * The load generator behind {@code parley bench}: simulated users on one small shared event loop group,
 * driven through the client library against a real server. Each {@link io.parley.bench.Workload} logs its
 * users in, makes them talk (closed loop with a window of unacknowledged messages, or at a fixed rate), and
 * checks the delivery contract on every message it receives: every message the server acknowledged must
 * arrive, once, in order. The send time travels inside the message text, so latency needs no per-message
 * bookkeeping on the sending side; the sender only keeps one bit per acknowledged message, so loss is
 * counted exactly at the end.
 */
package io.parley.bench;
