/**
 * Reading the server's settings from a properties file: a leaf package every part of the configuration may
 * use, so that each part (admission, login limits, rates, quotas, tokens, TLS) reads its own keys.
 */
package io.parley.server.config;
