/**
 * What Parley keeps: users, message logs with read positions, groups, presence and what decides whether a resume
 * token still holds, behind five small interfaces whose methods return
 * {@link java.util.concurrent.CompletableFuture}s so that no caller ever blocks a network thread. Two real
 * implementations — SQLite (embedded, the default) and Redis — satisfy one contract test suite.
 *
 * <p>Messages live in logs: {@code inbox:<userId>} holds the private messages to one user,
 * {@code group:<name>} a group's messages and {@code all} the broadcasts. Each log numbers its messages
 * 1, 2, 3…; a reader's progress is one number per (user, log), so storing a group message costs the same
 * whatever the number of its offline members.
 */
package io.parley.server.store;
