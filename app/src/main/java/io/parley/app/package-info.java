/**
 * The runnable jar: {@code parley server}, {@code parley client} and their options, parsed with picocli.
 * Each subcommand only turns flags into the configuration value of the module it starts.
 */
package io.parley.app;
