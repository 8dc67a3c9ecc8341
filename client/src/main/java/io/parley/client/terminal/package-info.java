/**
 * The terminal client on top of {@link io.parley.client.ParleyClient}. Interactive mode keeps the seed
 * tutorial's numbered menus (and its Chinese texts with {@code --lang zh}) and adds slash commands; lines
 * that arrive while the user types are printed above the prompt with JLine. Script mode reads commands
 * from standard input and writes one stable, greppable line per event, for end-to-end tests and shell
 * scripts. Incoming messages are formatted on the client's event loop but written by a separate thread,
 * so a slow terminal never stalls the connection.
 */
package io.parley.client.terminal;
