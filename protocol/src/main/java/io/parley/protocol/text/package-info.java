/**
 * Text that came from other people, made safe to show: which code points must never reach a terminal or a
 * log line as they are (controls, invisible format characters, bidi overrides), and their visible forms.
 * Shared by the server (name rules, log lines) and the clients (printing messages).
 */
package io.parley.protocol.text;
